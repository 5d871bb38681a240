"""The per-update context, built once before any handler and read by all of them.

For every update the bot opens one transaction, claims the update in the inbox, finds out
who is writing (a person or a registered lawyer), and in which language to answer. The
handlers read that from ``context.scope`` (:class:`BotContext`) instead of working it out
again; what they change and queue goes into the scope's transaction, and is sent once it
committed.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from telegram import Update
from telegram.ext import Application, CallbackContext, ExtBot

from bot.core.i18n import Translator
from bot.core.work import Queue, Work
from flows.state import InterviewState
from store import StoredConversation, StoredLawyer, Transaction


@dataclass(frozen=True)
class Person:
    """Someone using the interview: anyone in a private chat who is not a lawyer."""

    user_key: str
    chat_id: int
    conversation: StoredConversation | None
    """Their stored conversation (its row locked for this transaction), if any."""

    @property
    def state(self) -> InterviewState:
        """Where they are in the interview."""
        if self.conversation is None:
            return InterviewState()
        return InterviewState.from_dict(self.conversation.state)


@dataclass(frozen=True)
class Lawyer:
    """A registered duty lawyer or coordinator."""

    user_key: str
    chat_id: int
    lawyer: StoredLawyer


Actor = Person | Lawyer


@dataclass(frozen=True)
class QueryAnswer:
    """How to answer the pressed button's callback query (a toast or an alert)."""

    text: str | None = None
    alert: bool = False


@dataclass
class UpdateScope:
    """One update's context: who, in which language, and its transaction."""

    update: Update
    work: Work
    actor: Actor | None
    """``None`` outside a private chat."""
    t: Translator
    """The sender's language: their choice, else Telegram's, else English."""
    query_answer: QueryAnswer = field(default_factory=QueryAnswer)
    failed: BaseException | None = None
    """Set by the error handler: the transaction is rolled back."""
    after_commit: list[Callable[[], Awaitable[None]]] = field(default_factory=list)
    """What to do once the transaction committed (after the queued messages are sent)."""

    @property
    def tx(self) -> Transaction:
        """The update's one transaction."""
        return self.work.tx

    @property
    def queue(self) -> Queue:
        """Where the update's messages are queued."""
        return self.work.queue

    def answer_query(self, text: str | None = None, *, alert: bool = False) -> None:
        """Answer the button press with ``text`` once the update committed."""
        self.query_answer = QueryAnswer(text, alert)


CURRENT: ContextVar[UpdateScope | None] = ContextVar("boshpana_scope", default=None)
"""The scope of the update the current task processes."""


class BotContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    """python-telegram-bot's callback context, with the update's :class:`UpdateScope`."""

    def __init__(
        self,
        application: Application,  # type: ignore[type-arg]
        chat_id: int | None = None,
        user_id: int | None = None,
    ) -> None:
        """As :class:`~telegram.ext.CallbackContext`."""
        super().__init__(application, chat_id, user_id)

    @property
    def scope(self) -> UpdateScope:
        """The context of the update being handled."""
        scope = CURRENT.get()
        if scope is None:
            raise RuntimeError("no update is being processed in this task")
        return scope
