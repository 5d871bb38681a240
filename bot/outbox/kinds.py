"""What can be queued in the outbox: kinds of items, their priority, and notices."""

from __future__ import annotations

from enum import IntEnum, StrEnum


class Priority(IntEnum):
    """Outbox order: cards first, so escalations never queue behind other messages."""

    REFRESH = 1
    MESSAGE = 5
    CARD = 10


class Kind(StrEnum):
    """What an outbox item is (``bot.delivery.worker`` knows how to send each)."""

    CARD_NEW = "card_new"
    CARD_REFRESH = "card_refresh"
    CLIENT_NOTICE = "client_notice"
    LAWYER_NOTICE = "lawyer_notice"
    LAWYER_NOTICE_DIRECT = "lawyer_notice_direct"
    RELAY_TO_LAWYER = "relay_to_lawyer"
    RELAY_TO_CLIENT = "relay_to_client"


class ClientNotice(StrEnum):
    """Messages to the person about their case."""

    STILL_REACHING = "still_reaching"
    CLAIMED = "claimed"
    HANDED_BACK = "handed_back"
    CLOSED = "closed"


class LawyerNotice(StrEnum):
    """Messages to a lawyer about a case."""

    CLIENT_BLOCKED = "client_blocked"
    CLIENT_ENDED = "client_ended"
    NOBODY_ON_DUTY = "nobody_on_duty"
    CLIENT_WITHDREW = "client_withdrew"
