"""Ready replies: short messages a lawyer sends a client from the card, as data.

A lawyer picks one by its label in their own language; the client gets its text in the
client's language, through the same path as a message the lawyer wrote (the case's
timeline, the acknowledgement with the case number). Each text is one gettext message, in
every catalog, so a Russian-speaking lawyer can write to an Uzbek-speaking client.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.i18n import Catalogs, Translator
from flows.state import InterviewState
from flows.text import N_, NP_, Msg
from store import StoredCase, Transaction


@dataclass(frozen=True)
class ReadyReply:
    """One ready reply: a stable id, its button's label, and the text the client gets."""

    id: str
    label: Msg
    text: Msg


READY_REPLIES: tuple[ReadyReply, ...] = (
    ReadyReply(
        "hour",
        NP_("reply", "I will write within an hour"),
        N_("I am your lawyer. I will write to you again within an hour."),
    ),
    ReadyReply(
        "photo",
        NP_("reply", "A photo of the decision"),
        N_("Please send a photo of the decision: every page, so that the text can be read."),
    ),
    ReadyReply(
        "sign",
        NP_("reply", "Sign nothing unclear"),
        N_("Do not sign anything you do not understand. Tell me before you sign anything."),
    ),
    ReadyReply(
        "court",
        NP_("reply", "The court hearing"),
        N_("Tell me the date and time of the court hearing, and which court it is in."),
    ),
)
"""The ready replies, in the order the lawyer sees them."""
REPLIES_BY_ID = {reply.id: reply for reply in READY_REPLIES}


async def client_translator(tx: Transaction, catalogs: Catalogs, case: StoredCase) -> Translator:
    """The client's language and reader: as they chose in the bot, else as their case says."""
    conversation = await tx.conversations.load(case.user_key)
    state = InterviewState.from_dict(conversation.state) if conversation else InterviewState()
    return catalogs.translator(state.locale or case.summary.locale, state.reader)
