"""Callback data of the lawyers' buttons: ``k:<action>:<case id>[:<outcome>]``.

Every press is checked again on the server: that the sender is a lawyer and, for a case's
tools, that the case is theirs. The payload only names what to do.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from telegram import InlineKeyboardButton

PREFIX = "k"


class LawyerAction(StrEnum):
    """What a lawyer's button does."""

    TAKE = "take"
    ACTIVATE = "act"
    NOTES = "notes"
    HAND_BACK = "back"
    CLOSE = "close"
    CLOSE_WITH = "done"
    SOURCES = "src"
    DRAFTS = "drafts"
    DRAFT = "draft"
    ABUSE = "abuse"
    ABUSE_YES = "abuse!"
    HISTORY = "hist"
    FILES = "files"
    REOPEN = "reopen"
    NO_NOTE = "back!"
    CANCEL = "cancel"
    TO = "to"
    """Send the held messages to this case, and write to it from now on."""
    DISCARD = "discard"
    LIST = "list"
    """A coordinator's list of open cases: ``outcome`` is the filter and the page, ``a0``."""
    CARD = "card"
    REASSIGN = "reasg"
    OFFER = "offer"
    """A coordinator asks a lawyer to take the case: ``outcome`` is the lawyer's id."""
    ACCEPT = "accept"
    DECLINE = "decline"
    TO_POOL = "pool"
    FACTS = "facts"
    """The case file: what is recorded, a button per field."""
    FACT = "fact"
    """Record a fact: ``outcome`` is its id (``flows.facts``)."""
    FACT_CLEAR = "fact-"
    REPLIES = "replies"
    REPLY = "reply"
    """Send a ready reply: ``outcome`` is its id (``bot.desk.replies``)."""
    EXPORT = "export"


@dataclass(frozen=True, slots=True)
class LawyerButton:
    """A lawyer's button on a case."""

    action: LawyerAction
    case_id: int
    outcome: str | None = None

    def pack(self) -> str:
        """The callback data (well under 64 bytes)."""
        parts = [PREFIX, self.action.value, str(self.case_id)]
        if self.outcome:
            parts.append(self.outcome)
        return ":".join(parts)

    @classmethod
    def parse(cls, data: str) -> LawyerButton | None:
        """The button ``data`` encodes, or ``None`` if it is not a lawyer's button."""
        parts = data.split(":")
        if len(parts) not in (3, 4) or parts[0] != PREFIX or not parts[2].isdigit():
            return None
        try:
            action = LawyerAction(parts[1])
        except ValueError:
            return None
        outcome = parts[3] if len(parts) == 4 else None
        return cls(action, int(parts[2]), outcome)


def is_lawyer_button(data: str) -> bool:
    """Whether ``data`` claims to be a lawyer's button (valid or not)."""
    return data.startswith(f"{PREFIX}:")


def inline(
    label: str, action: LawyerAction, case_id: int, outcome: str | None = None
) -> InlineKeyboardButton:
    """A button showing ``label`` that does ``action`` on the case ``case_id``."""
    return InlineKeyboardButton(label, callback_data=LawyerButton(action, case_id, outcome).pack())
