"""Simulated people driving a bot through the emulator, and what they measure.

Each person has at most one update in flight: they act, wait for the bot's answer, read
the buttons on the messages they actually received and act again (a closed loop without
think time, so N people saturate the bot). Every update is a :class:`Step`; the emulator's
call listener (:class:`Observer`) stamps the bot's first reply call for it.
"""

from __future__ import annotations

import asyncio
import re
import time
from dataclasses import dataclass, field
from typing import Any

from emulator import BotApiEmulator, Call, SimUser
from flows import samples

CASE_NUMBER = re.compile(r"\bB-[A-Z0-9]+\b")
TAKE_BUTTON = "k:take:"
CLAIMED_BUTTON = "x:end"
"""The End button on the bot's notice that a lawyer has taken the person's case."""
RELAY_MARKER = re.compile(r"\brelay-\d+\b")
RELAY_METHODS = ("sendMessage", "copyMessage", "forwardMessage")
ECHO_BUTTON = "e"

# The answers a person gives, by question id; questions not listed get their first option.
URGENT_ANSWERS = dict(samples.URGENT)
LOW_ANSWERS = dict(samples.LOW)
# Updates per person in the interview: /start, Start, the answers (+ consent when urgent).
URGENT_STEPS = 2 + len(URGENT_ANSWERS) + 1
LOW_STEPS = 2 + len(LOW_ANSWERS)


class Stopped(Exception):
    """The run's deadline passed, or the bot stopped answering this person."""


@dataclass
class Step:
    """One update a person sent, and when the bot reacted to it (``time.time()``)."""

    pushed: float
    query_id: str | None = None
    first_reply: float | None = None
    """When the bot's first call for this update reached the emulator."""
    answered: float | None = None
    """When the call carrying what the person acts on next reached the emulator."""


@dataclass
class Inbox:
    """What one chat receives: the bot's calls for it, as they complete."""

    chat_id: int
    calls: asyncio.Queue[Call] = field(default_factory=asyncio.Queue)
    step: Step | None = None


class Observer:
    """Routes every completed Bot API call to the person it concerns and stamps latencies."""

    def __init__(self, emulator: BotApiEmulator, lawyer_ids: frozenset[int] = frozenset()) -> None:
        self.emulator = emulator
        self.inboxes: dict[int, Inbox] = {}
        self.queries: dict[str, int] = {}
        self.lawyer_ids = lawyer_ids
        self.cards: dict[str, float] = {}
        """Case number -> when its first card reached a lawyer."""
        self.card_seen = asyncio.Event()
        self.taken: set[str] = set()
        """Take buttons a lawyer has pressed (one press per case)."""
        self.claimed: set[int] = set()
        """Chats told that a lawyer has taken their case."""
        self.relays: dict[str, float] = {}
        """Relay marker -> when the call relaying it reached a lawyer."""
        self.relay_seen = asyncio.Event()
        self.steps: list[Step] = []
        self.calls = 0
        emulator.add_call_listener(self._on_call)

    def inbox(self, chat_id: int) -> Inbox:
        """The inbox of ``chat_id`` (created on first use)."""
        return self.inboxes.setdefault(chat_id, Inbox(chat_id))

    def push_text(self, user: SimUser, text: str) -> Step:
        """``user`` sends ``text``; returns the step to wait on."""
        step = self._begin(user.id)
        self.emulator.send_text(user, text)
        return step

    def press(self, user: SimUser, message_id: int, data: str) -> Step:
        """``user`` presses the button with ``data`` on bot message ``message_id``."""
        step = self._begin(user.id)
        step.query_id = self.emulator.press(user, message_id, data)
        self.queries[step.query_id] = user.id
        return step

    def _begin(self, chat_id: int) -> Step:
        step = Step(time.time())
        self.inbox(chat_id).step = step
        self.steps.append(step)
        return step

    def _on_call(self, call: Call) -> None:
        if call.method == "getUpdates":
            return
        self.calls += 1
        params = call.params
        query_id = params.get("callback_query_id")
        chat_id = self.queries.pop(query_id, None) if query_id else params.get("chat_id")
        if not isinstance(chat_id, int):
            return
        if chat_id in self.lawyer_ids and call.ok and TAKE_BUTTON in str(params):
            found = CASE_NUMBER.search(str(params.get("text", "")))
            if found:
                self.cards.setdefault(found.group(), call.time)
                self.card_seen.set()
        if chat_id in self.lawyer_ids and call.ok and call.method in RELAY_METHODS:
            words = params.get("text") or params.get("caption")
            marker = RELAY_MARKER.search(words) if isinstance(words, str) else None
            if marker:
                self.relays.setdefault(marker.group(), call.time)
                self.relay_seen.set()
        if call.ok and call.method == "sendMessage" and CLAIMED_BUTTON in buttons(call):
            self.claimed.add(chat_id)
        inbox = self.inboxes.get(chat_id)
        if inbox is None:
            return
        step = inbox.step
        if step is not None and step.first_reply is None and call.time >= step.pushed:
            step.first_reply = call.time
        inbox.calls.put_nowait(call)


def buttons(call: Call) -> list[str]:
    """The callback data of the inline buttons a sendMessage/editMessageText call carries."""
    markup = call.params.get("reply_markup")
    if not isinstance(markup, dict):
        return []
    rows: list[list[dict[str, Any]]] = markup.get("inline_keyboard", [])
    return [str(b["callback_data"]) for row in rows for b in row if "callback_data" in b]


def message_id(call: Call) -> int | None:
    """The id of the message a successful send/edit call produced."""
    result = call.result
    return result.get("message_id") if isinstance(result, dict) else None


@dataclass
class Outcome:
    """How one person's session went."""

    steps: int = 0
    finished: bool = False
    urgent: bool = False
    consented_at: float | None = None
    case_number: str | None = None
    relay_marker: str | None = None
    """What the person wrote to their lawyer once the case was taken."""
    relay_pushed: float | None = None
    error: str | None = None


async def next_call(inbox: Inbox, deadline: float) -> Call:
    """The bot's next call for this chat, or :class:`Stopped` at the deadline."""
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise Stopped("deadline")
    try:
        return await asyncio.wait_for(inbox.calls.get(), remaining)
    except TimeoutError:
        raise Stopped("deadline") from None


def choose(data: list[str], answers: dict[str, str], answered: set[str]) -> str | None:
    """The button a person presses among ``data``: the next question's answer, or Start."""
    for item in data:
        kind, *rest = item.split(":")
        if kind in ("a", "d") and rest and rest[0] not in answered:
            question = rest[0]
            wanted = answers.get(question)
            options = [d for d in data if d.split(":")[:2] in (["a", question], ["d", question])]
            options = [d for d in options if not d.endswith(":pick")]
            for option in options:
                if option.split(":")[-1] == wanted:
                    return option
            return options[0]
    return "n:begin" if "n:begin" in data else None


async def interview(
    observer: Observer,
    user: SimUser,
    urgent: bool,
    deadline: float,
    hold: tuple[asyncio.Event, asyncio.Event] | None = None,
) -> Outcome:
    """One person: /start, Start, answer every question from the buttons shown, result;
    an urgent person then presses Consent and reads the case number. With ``hold``
    (ready, go) they set ``ready`` at the consent button and press it once ``go`` is set."""
    outcome = Outcome(urgent=urgent)
    answers = URGENT_ANSWERS if urgent else LOW_ANSWERS
    answered: set[str] = set()
    inbox = observer.inbox(user.id)
    step = observer.push_text(user, "/start")
    outcome.steps = 1
    started = False
    try:
        while True:
            call = await next_call(inbox, deadline)
            if not call.ok or call.method not in ("sendMessage", "editMessageText"):
                continue
            data = buttons(call)
            target = message_id(call)
            if outcome.consented_at is not None:
                found = CASE_NUMBER.search(str(call.params.get("text", "")))
                if found:
                    step.answered = call.time
                    outcome.case_number = found.group()
                    outcome.finished = True
                    return outcome
                continue
            if urgent and "n:consent" in data and target is not None:
                step.answered = call.time
                if hold is not None:
                    ready, go = hold
                    ready.set()
                    await go.wait()
                step = observer.press(user, target, "n:consent")
                outcome.consented_at = step.pushed
                outcome.steps += 1
                continue
            choice = choose(data, answers, answered)
            if choice == "n:begin" and started:
                choice = None
            if choice is not None and target is not None:
                step.answered = call.time
                if choice == "n:begin":
                    started = True
                else:
                    answered.add(choice.split(":")[1])
                step = observer.press(user, target, choice)
                outcome.steps += 1
                continue
            result_screen = "n:restart" in data and any(d.startswith("g:") for d in data)
            if not urgent and answered and result_screen:
                step.answered = call.time
                outcome.finished = True
                return outcome
    except Stopped as stop:
        outcome.error = str(stop)
        return outcome


async def take_cases(observer: Observer, lawyer: SimUser) -> None:
    """A lawyer on duty presses Take on every case card that reaches them, at once (each
    case once, whichever lawyer's card comes first). Runs until cancelled."""
    inbox = observer.inbox(lawyer.id)
    while True:
        call = await inbox.calls.get()
        target = message_id(call)
        if not call.ok or call.method != "sendMessage" or target is None:
            continue
        for data in buttons(call):
            if data.startswith(TAKE_BUTTON) and data not in observer.taken:
                observer.taken.add(data)
                observer.emulator.press(lawyer, target, data)


async def write_to_lawyer(
    observer: Observer, user: SimUser, outcome: Outcome, deadline: float
) -> None:
    """Once told a lawyer took their case, the person writes ``relay-<id>`` (stamped in
    ``outcome``); gives up at the deadline."""
    inbox = observer.inbox(user.id)
    try:
        while user.id not in observer.claimed:
            await next_call(inbox, deadline)
    except Stopped:
        return
    outcome.relay_marker = f"relay-{user.id}"
    outcome.relay_pushed = time.time()
    observer.emulator.send_text(user, outcome.relay_marker)


async def echo_session(
    observer: Observer, user: SimUser, updates: int, deadline: float
) -> Outcome:
    """The same number of updates against the echo bot: a message, then button presses."""
    outcome = Outcome()
    inbox = observer.inbox(user.id)
    step = observer.push_text(user, "/start")
    outcome.steps = 1
    target: int | None = None
    try:
        while outcome.steps < updates or step.answered is None:
            call = await next_call(inbox, deadline)
            if not call.ok:
                continue
            if call.method == "sendMessage" and ECHO_BUTTON in buttons(call):
                target = message_id(call)
            elif call.method != "answerCallbackQuery":
                continue
            step.answered = call.time
            if outcome.steps >= updates or target is None:
                continue
            step = observer.press(user, target, ECHO_BUTTON)
            outcome.steps += 1
        outcome.finished = True
    except Stopped as stop:
        outcome.error = str(stop)
    return outcome
