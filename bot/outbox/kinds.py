"""What can be queued in the outbox: kinds of items, lanes, priorities and notices."""

from __future__ import annotations

from enum import IntEnum, StrEnum


class Priority(IntEnum):
    """Outbox order among due items: cards and relays first, so a page or a message between
    a client and their lawyer never waits behind the interview's replies."""

    REFRESH = 1
    MESSAGE = 5
    RELAY = 8
    CARD = 10


class Lane(StrEnum):
    """One addressee's items of a lane are sent in the order they were queued."""

    CHAT = "chat"
    """What a person or lawyer reads in turn: screens, relayed messages, notices."""
    CARDS = "cards"
    """Case cards and pages: never held up by a conversation's messages, nor by another
    case's card (each case's cards to a lawyer are a lane of their own: :func:`lane_of`)."""
    TO_LAWYER = "to_lawyer"
    """What a person sends their lawyer, kept in order by sender (it waits, without
    holding up the person's own screens, while no lawyer has the case)."""


def lane_of(lane: Lane, case_id: int | None) -> str:
    """The outbox lane of an item: a case's cards and pages to a lawyer in order, but apart
    from every other case's, so one card Telegram refused for a while holds up no other."""
    if lane is Lane.CARDS and case_id is not None:
        return f"{Lane.CARDS}:{case_id}"
    return lane.value


class Kind(StrEnum):
    """What an outbox item is (``bot.delivery`` knows how to send each)."""

    MESSAGE = "message"
    """A message rendered when it was queued (a screen, an answer, a notice)."""
    CARD = "card"
    """A case card for one lawyer: sent, or edited in place, as the case is now."""
    PING = "ping"
    """A short reminder about a waiting case, in reply to the lawyer's card."""
    CLIENT_NOTICE = "client_notice"
    LAWYER_NOTICE = "lawyer_notice"
    RELAY_TO_LAWYER = "relay_to_lawyer"
    RELAY_TO_CLIENT = "relay_to_client"
    HISTORY = "history"
    """A case's history for a lawyer, made when it is sent."""
    DRAFT = "draft"
    """A draft interim-measures request (.docx), made when it is sent."""
    EXPORT = "export"
    """A case's whole file (.docx) for a lawyer, made when it is sent."""
    COMMANDS = "commands"
    """The chat's command menu in its language."""
    DELETE = "delete"
    """Messages to delete from a chat."""
    FILE = "file"
    """A file of a case, sent again by its Telegram file id."""


class ClientNotice(StrEnum):
    """Messages to the person about their case."""

    STILL_REACHING = "still_reaching"
    CLAIMED = "claimed"
    HANDED_BACK = "handed_back"
    CLOSED = "closed"
    REOPENED = "reopened"
    LAWYER_UNREACHABLE = "lawyer_unreachable"


class LawyerNotice(StrEnum):
    """Messages to a lawyer about a case or the team."""

    CLIENT_BLOCKED = "client_blocked"
    CLIENT_ENDED = "client_ended"
    NOBODY_ON_DUTY = "nobody_on_duty"
    CLIENT_WITHDREW = "client_withdrew"
    LAWYER_UNREACHABLE = "lawyer_unreachable"
    CASE_UPDATED = "case_updated"
    NOT_DELIVERED = "not_delivered"
    SENT = "sent"
    REASSIGNED = "reassigned"
    PUT_BACK = "put_back"

    @property
    def names_a_case(self) -> bool:
        """Whether the notice is about one case (not sent once that case is gone)."""
        return self not in {LawyerNotice.NOBODY_ON_DUTY, LawyerNotice.LAWYER_UNREACHABLE}
