"""Property: a relayed message reaches exactly the person meant, once, in order, or its
sender is told.

Hypothesis draws programs of what a duty team of three lawyers and five clients do:
clients finish the interview and consent (a sample answer set), lawyers take cases, switch
(``/to B-XXXX``, a tap on a card or on the "which case?" question), reply to a card or a
relayed message, write with no choice while holding several cases, hand cases back with a
handover note, edit what they sent, flood (within and above the flood limit), and block the
bot and come back with /start. Each program runs against one real Application through the
emulator.

Every relayed text carries a unique token. A model of the desk says, for each token, who
must get it: a client (the case the lawyer's message replies to, the chosen case, the only
case), the lawyer who holds the client's case (or the next one to take it), or nobody yet,
and then the sender must have been told, in their language (held until they choose,
kept for the next lawyer, not delivered because the other side blocked the bot, no case).
Each step waits for the events the model expects; throughout, a token that shows up at any
other chat, twice, or out of order fails the test at once. The order is the order in which the
recipient was settled: when it was sent, or, for a message held until the lawyer says which
case it is for, when they say it (a reply the lawyer sent meanwhile went at once: it named its
case).

``BOSHPANA_PROPERTY_EXAMPLES`` sets how many programs run (a few by default, so the suite
stays short); ``BOSHPANA_PROPERTY_STEPS`` their length. Runs are derandomized, so CI sees the
same programs every time.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any, TypeVar

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from bot.cases import texts as ct
from bot.core.clock import OffsetClock
from bot.core.i18n import Translator
from bot.core.services import Services
from bot.person import texts
from bot.serving.runtime import services
from emulator import BotApiEmulator, Call, StoredMessage
from emulator.testing import running_emulator
from flows import samples
from store import generate_secret
from tests.e2e.conftest import NOON_ON_A_MONDAY
from tests.e2e.harness import CATALOGS, WAIT, Person, labels, running_bot, settings_for
from tests.e2e.test_escalation import CASE_NUMBER
from tests.e2e.test_interview import answer

EXAMPLES = int(os.environ.get("BOSHPANA_PROPERTY_EXAMPLES", "3"))
STEPS = int(os.environ.get("BOSHPANA_PROPERTY_STEPS", "24"))
SHRINK = os.environ.get("BOSHPANA_PROPERTY_SHRINK") == "1"
"""Shrinking a failing program takes minutes per step: asked for, not by default."""
FLOOD_LIMIT = 16
"""Interview updates a person may send per window (the longest interview and consent take
13); relays are never limited."""
FLOOD_WINDOW = timedelta(seconds=1)
"""Short, on the wall clock: retries after a timeout must come on their own, so the bot's
clock runs (from noon on a Monday, when every case pages someone at once)."""

LAWYERS = [  # Telegram id, name, locale, coordinator
    (9301, "A. Karimova", "ru", False),
    (9302, "B. Rahimov", "en", True),
    (9303, "D. Yusupova", "uz_Latn", False),
]
NAMES = {telegram_id: name for telegram_id, name, _, _ in LAWYERS}
CLIENTS = [(7301, "uz"), (7302, "ru"), (7303, "uz"), (7304, "uz"), (7305, "ru")]
CLIENT_LOCALES = {"uz": "uz_Latn", "ru": "ru"}
ANSWER_SETS = [samples.DETAINED_FOR_EXTRADITION, samples.LOW]
TOKEN = re.compile(r"\btk(\d{4})\b")

KINDS = [  # by weight: taking, writing and handing back are what a duty team does most
    "consent",
    "take",
    "take",
    "write",
    "write",
    "write",
    "reply",
    "choose",
    "hand_back",
    "hand_back",
    "edit",
    "client_write",
    "client_write",
    "block",
    "come_back",
]
FLOOD = st.one_of(st.just(1), st.just(1), st.integers(2, FLOOD_LIMIT + 4))
ACTION = st.tuples(st.sampled_from(KINDS), st.integers(0, 99), st.integers(0, 99), FLOOD)
Action = tuple[str, int, int, int]
T = TypeVar("T")


# --- the model ------------------------------------------------------------------------


@dataclass
class Token:
    """One relayed text: who sent it, to whom it may arrive (``None``: nowhere, yet)."""

    number: int
    sender: int
    message_id: int
    allowed: int | None = None
    order: int = 0
    """When its recipient was settled: at sending, or for a held message when the lawyer
    chose its case. Tokens between two people arrive in this order."""
    case: str | None = None
    """The case it was relayed in, once it was (a lawyer's edit of it goes there too)."""

    @property
    def text(self) -> str:
        return f"tk{self.number:04d}"


@dataclass
class Case:
    number: str
    client: int
    holder: int | None = None
    pending: list[Token] = field(default_factory=list)
    """The client's tokens kept for the next lawyer who takes the case."""


@dataclass
class LawyerModel:
    telegram_id: int
    t: Translator
    coordinator: bool
    blocked: bool = False
    blocked_at: int = 0
    """The point in the call log where they blocked the bot."""
    active: str | None = None
    held: list[Token] = field(default_factory=list)


@dataclass
class ClientModel:
    telegram_id: int
    t: Translator
    case: str | None = None
    blocked: bool = False


@dataclass
class Arrival:
    chat: int
    token: int
    message_id: int


class Desk:
    """The model of the desk and the world it is checked against."""

    def __init__(self, emulator: BotApiEmulator) -> None:
        self.emulator = emulator
        self.services: Services | None = None
        """The running bot's, to read what ``boshpana lawyers list`` shows."""
        self.lawyers = {
            telegram_id: LawyerModel(telegram_id, CATALOGS.translator(locale), coordinator)
            for telegram_id, _, locale, coordinator in LAWYERS
        }
        self.clients = {
            telegram_id: ClientModel(telegram_id, CATALOGS.translator(CLIENT_LOCALES[code]))
            for telegram_id, code in CLIENTS
        }
        self.people = {
            telegram_id: Person(emulator, emulator.user(telegram_id, name, language_code=code))
            for telegram_id, name, code in [
                *[(i, f"Lawyer{i}", loc.split("_")[0]) for i, _, loc, _ in LAWYERS],
                *[(i, f"Client{i}", code) for i, code in CLIENTS],
            ]
        }
        self.cases: dict[str, Case] = {}
        self.tokens: dict[int, Token] = {}
        self.arrivals: list[Arrival] = []
        self.acks: list[tuple[int, int, str]] = []
        """(lawyer chat, the lawyer's message id it replies to, text) of "sent" notices."""
        self.problems: list[str] = []
        self._order = itertools.count(1)
        self.done: list[str] = []
        """The kinds of the steps carried out (a step that does not apply is skipped)."""
        self._headers = {
            lawyer.telegram_id: _header_pattern(lawyer.t) for lawyer in self.lawyers.values()
        }
        emulator.add_call_listener(self._seen)

    # --- what the emulator shows ------------------------------------------------------

    def _seen(self, call: Call) -> None:
        """Record every relayed token as it reaches a chat, and check it at once."""
        if not call.ok or call.method != "sendMessage" or not isinstance(call.result, dict):
            return
        chat, text = call.params.get("chat_id"), str(call.result.get("text") or "")
        message_id = int(call.result["message_id"])
        if chat in self.lawyers:
            lawyer = self.lawyers[chat]
            if text.startswith(lawyer.t.raw(ct.SENT_TO_CLIENT).split("{")[0]):
                replied = call.result.get("reply_to_message") or {}
                self.acks.append((chat, int(replied.get("message_id", 0)), text))
            if not self._headers[chat].match(text):
                return
        elif chat in self.clients:
            if not text.startswith(self.clients[chat].t.raw(ct.FROM_LAWYER)):
                return
        else:
            return
        for found in TOKEN.finditer(text):
            self._arrived(Arrival(int(chat), int(found.group(1)), message_id))

    def _arrived(self, arrival: Arrival) -> None:
        token = self.tokens.get(arrival.token)
        if token is None:
            self.problems.append(f"unknown token tk{arrival.token:04d} at {arrival.chat}")
            return
        if token.allowed != arrival.chat:
            self.problems.append(
                f"{token.text} from {token.sender} reached {arrival.chat}; "
                f"it may reach {token.allowed}"
            )
        if any(a.token == arrival.token for a in self.arrivals):
            self.problems.append(f"{token.text} arrived twice")
        earlier = [
            self.tokens[a.token]
            for a in self.arrivals
            if a.chat == arrival.chat and self.tokens[a.token].sender == token.sender
        ]
        if any(e.order > token.order for e in earlier):
            self.problems.append(f"{token.text} from {token.sender} overtook a later one")
        self.arrivals.append(arrival)

    def arrived(self, token: Token) -> bool:
        return any(a.token == token.number for a in self.arrivals)

    def acked(self, token: Token, number: str) -> bool:
        return any(
            chat == token.sender and replied == token.message_id and number in text
            for chat, replied, text in self.acks
        )

    def said_since(self, chat: int, text: str, mark: int) -> int:
        """How many messages the bot sent ``chat`` since ``mark`` that contain ``text``."""
        return sum(
            1
            for call in self.emulator.calls[mark:]
            if call.ok
            and call.method == "sendMessage"
            and call.params.get("chat_id") == chat
            and text in str((call.result or {}).get("text") or "")
        )

    async def until(self, ready: Callable[[], bool], what: str) -> None:
        """Wait (on the bot's calls, never on time) until ``ready``; fail at once on a
        token that went astray."""
        self.check()
        mark = self.emulator.mark()
        if ready():
            return
        await self.emulator.first_call(
            lambda _: bool(self.problems) or ready(), after=mark, timeout=WAIT, expected=what
        )
        self.check()

    def check(self) -> None:
        assert not self.problems, self.problems

    async def reachable(self, telegram_id: int) -> bool:
        """Whether the bot counts the lawyer as reachable (as ``lawyers list`` shows)."""
        assert self.services is not None
        async with self.services.db.transaction() as tx:
            found = await tx.lawyers.by_user_key(self.services.user_key(telegram_id))
        assert found is not None
        return found.reachable

    # --- tokens -------------------------------------------------------------------------

    def send(self, sender: int, label: str, **extra: Any) -> Token:
        number = len(self.tokens) + 1
        text = f"tk{number:04d} {label}"
        sent = self.emulator.send_text(sender, text, **extra)
        token = Token(number, sender, int(sent["message_id"]))
        self.tokens[number] = token
        return token

    def edit(self, original: Token) -> Token:
        number = len(self.tokens) + 1
        self.emulator.edit_text(original.sender, original.message_id, f"tk{number:04d} edited")
        token = Token(number, original.sender, original.message_id, case=original.case)
        self.tokens[number] = token
        return token

    # --- routing, as the desk's rules say ---------------------------------------------

    def address(self, tokens: list[Token], to: int | None) -> None:
        """Settle who may get ``tokens`` (``None``: nobody yet), in their order."""
        for token in tokens:
            token.allowed = to
            token.order = next(self._order)

    def held_by(self, lawyer: LawyerModel) -> list[Case]:
        return [c for c in self.cases.values() if c.holder == lawyer.telegram_id]

    def waiting(self) -> list[Case]:
        return [c for c in self.cases.values() if c.holder is None]

    def release(self, case: Case) -> None:
        case.holder = None
        for lawyer in self.lawyers.values():
            if lawyer.active == case.number:
                lawyer.active = None


def _header_pattern(t: Translator) -> re.Pattern[str]:
    return re.compile(re.escape(t.raw(ct.FROM_CLIENT)).replace(re.escape("{number}"), r"B-\w{4}"))


def pick(items: list[T], index: int) -> T | None:
    return items[index % len(items)] if items else None


# --- the actions ----------------------------------------------------------------------


class Team:
    """Carries a program out against the running bot, step by step, checking each."""

    def __init__(self, desk: Desk) -> None:
        self.desk = desk
        self.emulator = desk.emulator

    async def run(self, action: Action) -> None:
        kind, who, what, size = action
        done = await getattr(self, kind)(who, what, size)
        if done is not None:
            self.desk.done.append(done if size == 1 or "write" not in done else f"{done}×{size}")

    # people

    def lawyer(self, index: int) -> LawyerModel | None:
        """One of the lawyers who have not blocked the bot."""
        return pick([x for x in self.desk.lawyers.values() if not x.blocked], index)

    def holder(self, index: int) -> LawyerModel | None:
        """One of the lawyers who hold a case (and so have not blocked the bot); every other
        time one with messages held, if any: what they do next is where routing is hardest."""
        holders = [x for x in self.desk.lawyers.values() if self.desk.held_by(x)]
        holding = [x for x in holders if x.held]
        return pick(holding if holding and index % 2 else holders, index // 2)

    async def consent(self, who: int, what: int, _: int) -> str | None:
        """A client finishes the interview (a sample answer set) and asks for a lawyer."""
        client = pick(
            [c for c in self.desk.clients.values() if c.case is None and not c.blocked], who
        )
        if client is None:
            return None
        person, t = self.desk.people[client.telegram_id], client.t
        await person.send("/start")
        await person.tap(t.raw(texts.BUTTON_START))
        for question_id, option_id in ANSWER_SETS[what % len(ANSWER_SETS)]:
            await answer(person, t, question_id, option_id)
        await person.send("/lawyer")
        await person.tap(t.raw(texts.BUTTON_CONSENT))
        shown = await person.sees(CASE_NUMBER)
        number = CASE_NUMBER.search(shown.text or "")
        assert number is not None
        client.case = number.group(0)
        self.desk.cases[client.case] = Case(client.case, client.telegram_id)
        return "consent"

    async def take(self, who: int, what: int, _: int) -> str | None:
        """A lawyer takes a waiting case with the Take button of its card."""
        lawyer = (self.holder(who // 2) if who % 2 else None) or self.lawyer(who // 2)
        case = pick(self.desk.waiting(), what)
        if lawyer is None or case is None:
            return await self.consent(what, who, 1)  # a case to take first
        person, take = self.desk.people[lawyer.telegram_id], lawyer.t.raw(ct.BUTTON_TAKE)
        card = await self.card(lawyer, case.number, take)
        await person.tap(take, card)
        case.holder = lawyer.telegram_id
        for token in case.pending:
            token.allowed = lawyer.telegram_id  # in the order they were sent
        kept, case.pending = case.pending, []
        hand_back = lawyer.t.raw(ct.BUTTON_HAND_BACK)
        await self.desk.until(
            lambda: (
                hand_back in labels(self.message(lawyer.telegram_id, card))
                and all(self.desk.arrived(token) for token in kept)
            ),
            f"{case.number} taken by {lawyer.telegram_id}, {len(kept)} kept messages",
        )
        return "take"

    async def write(self, who: int, _: int, size: int) -> str | None:
        """A lawyer types ``size`` messages at once, replying to nothing."""
        lawyer = (self.holder(who // 4) if who % 4 else None) or self.lawyer(who // 4)
        if lawyer is None:
            return None
        mark = self.emulator.mark()
        sent = [self.desk.send(lawyer.telegram_id, "к клиенту") for _ in range(size)]
        held = self.desk.held_by(lawyer)
        active = next((c for c in held if c.number == lawyer.active), None)
        if lawyer.held and held:  # a question is open: everything waits for the answer
            await self.hold(lawyer, sent, mark)
            return "write_waiting" if len(held) > 1 else "write_waiting_one_case"
        if active is not None or len(held) == 1:
            await self.deliver(lawyer, active or held[0], sent, mark)
            return "write"
        if held:
            await self.hold(lawyer, sent, mark)
            return "write_asked"
        await self.told(lawyer.telegram_id, lawyer.t.raw(ct.NO_CASE_TO_WRITE), size, mark)
        return "write_no_case"

    async def reply(self, who: int, what: int, _: int) -> str | None:
        """A lawyer replies to a card or to a message the client sent in a case."""
        lawyer = self.lawyer(who)
        if lawyer is None:
            return None
        targets = [
            (m, number)
            for m in self.desk.people[lawyer.telegram_id].bot_messages()
            if (number := self.case_of(lawyer, m)) is not None
        ]
        target = pick(targets, what)
        if target is None:
            return None
        message, number = target
        mark = self.emulator.mark()
        token = self.desk.send(lawyer.telegram_id, "ответ", reply_to_message=message.raw)
        case = self.desk.cases[number]
        if case.holder == lawyer.telegram_id:
            await self.deliver(lawyer, case, [token], mark)
        else:
            await self.told(lawyer.telegram_id, lawyer.t.raw(ct.REPLY_NOT_YOURS), 1, mark)
        return "reply"

    async def choose(self, who: int, what: int, how: int) -> str | None:
        """A lawyer with several cases chooses the client they write to: /to, the
        question, or the card."""
        lawyer = self.holder(who)
        cases = self.desk.held_by(lawyer) if lawyer else []
        case = pick(cases, what)
        if lawyer is None or case is None or len(cases) < 2:
            return await self.take(who * 2 + 1, what, 1)  # another case first
        person, t = self.desk.people[lawyer.telegram_id], lawyer.t
        mark = self.emulator.mark()
        question = next(
            (
                m.message_id
                for m in reversed(person.bot_messages())
                if f"→ {case.number}" in labels(m)
            ),
            None,
        )
        if how % 3 == 0 and question is not None and lawyer.held:
            person.since = mark
            self.emulator.press_button(lawyer.telegram_id, f"→ {case.number}", question)
        elif how % 3 == 1:
            card = await self.card(lawyer, case.number, t.raw(ct.BUTTON_ACTIVE))
            self.emulator.press_button(lawyer.telegram_id, t.raw(ct.BUTTON_ACTIVE), card)
        else:
            self.emulator.send_text(lawyer.telegram_id, f"/to {case.number}")
        released, lawyer.held = lawyer.held, []
        lawyer.active = case.number
        chosen = t.raw(ct.ACTIVE_CASE).format(number=case.number)
        await self.desk.until(
            lambda: self.desk.said_since(lawyer.telegram_id, chosen, mark) > 0, chosen
        )
        if released:
            await self.deliver(lawyer, case, released, mark)
        return "choose"

    async def hand_back(self, who: int, what: int, _: int) -> str | None:
        """A lawyer hands a case back to the team, with a handover note."""
        lawyer = self.holder(who)
        case = pick(self.desk.held_by(lawyer), what) if lawyer else None
        if lawyer is None or case is None:
            return await self.take(who, what, 1)  # a case of their own first
        person, t = self.desk.people[lawyer.telegram_id], lawyer.t
        card = await self.card(lawyer, case.number, t.raw(ct.BUTTON_HAND_BACK))
        await person.tap(t.raw(ct.BUTTON_HAND_BACK), card)
        await person.sees(t.raw(ct.HANDOVER_ASK).format(number=case.number))
        await person.send("handover: family called, flight on Friday")
        await person.sees(t.raw(ct.HANDED_BACK_TO_TEAM).format(number=case.number))
        self.desk.release(case)
        client = self.desk.clients[case.client]
        if not client.blocked:
            await self.desk.people[client.telegram_id].expect(
                client.t.raw(ct.HANDED_BACK).format(number=case.number)
            )
        return "hand_back"

    async def edit(self, who: int, what: int, _: int) -> str | None:
        """Someone edits a message they sent with a token: a correction, or they are told."""
        people = [x for x in [*self.desk.lawyers, *self.desk.clients] if not self.blocked(x)]
        sender = pick(people, who)
        mine = [x for x in self.desk.tokens.values() if x.sender == sender]
        original = pick(mine, what)
        if sender is None or original is None:
            return None
        mark = self.emulator.mark()
        token = self.desk.edit(original)
        if sender in self.desk.clients:
            await self.from_client(self.desk.clients[sender], [token], mark)
            return "edit"
        lawyer = self.desk.lawyers[sender]
        case = self.desk.cases.get(original.case or "")
        if case is not None and case.holder == sender:
            await self.deliver(lawyer, case, [token], mark)
        else:
            await self.told(sender, lawyer.t.raw(ct.EDIT_NOT_RELAYED), 1, mark)
        return "edit"

    async def client_write(self, who: int, _: int, size: int) -> str | None:
        """A client with a case types ``size`` messages at once."""
        client = pick([c for c in self.desk.clients.values() if c.case and not c.blocked], who)
        if client is None:
            return await self.consent(who, 0, 1)
        mark = self.emulator.mark()
        sent = [self.desk.send(client.telegram_id, "yuristga") for _ in range(size)]
        await self.from_client(client, sent, mark)
        return "client_write"

    async def block(self, who: int, _: int, __: int) -> str | None:
        """Someone blocks the bot. A lawyer who holds cases is found out by the next
        message a client sends them: their cases go back to the team."""
        chosen = pick([x for x in [*self.desk.lawyers, *self.desk.clients]], who)
        if chosen is None or self.blocked(chosen):
            return None
        mark = self.emulator.mark()
        if chosen in self.desk.clients:
            self.emulator.block_bot(chosen)
            self.desk.clients[chosen].blocked = True
            return "block"
        lawyer = self.desk.lawyers[chosen]
        cases = self.desk.held_by(lawyer)
        writer = next((c for c in cases if not self.desk.clients[c.client].blocked), None)
        if cases and writer is None:
            return None  # nobody could find out: not a step this model follows
        self.emulator.block_bot(chosen)
        lawyer.blocked, lawyer.blocked_at = True, mark
        if writer is None:
            return "block"
        client = self.desk.clients[writer.client]
        token = self.desk.send(client.telegram_id, "yordam kerak")
        for case in cases:
            self.desk.release(case)
        self.desk.address([token], None)
        writer.pending.append(token)
        coordinators = [x for x in self.desk.lawyers.values() if x.coordinator and not x.blocked]
        for coordinator in coordinators:
            told = coordinator.t.raw(ct.LAWYER_UNREACHABLE).format(name=NAMES[chosen])
            await self.told(coordinator.telegram_id, told, 1, mark)
        for case in cases:
            other = self.desk.clients[case.client]
            if not other.blocked:
                told = other.t.raw(ct.LAWYER_UNREACHABLE_CLIENT).format(number=case.number)
                await self.told(other.telegram_id, told, 1, mark)
        # told in the same transaction as it was recorded: `lawyers list` shows it now
        assert not await self.desk.reachable(chosen), "`lawyers list` shows them unreachable"
        return "block"

    async def come_back(self, who: int, _: int, __: int) -> str | None:
        """Someone who blocked the bot unblocks it and sends /start."""
        blocked = [x for x in [*self.desk.lawyers, *self.desk.clients] if self.blocked(x)]
        chosen = pick(blocked, who)
        if chosen is None:
            return None
        if chosen in self.desk.lawyers:
            await self.found_out(self.desk.lawyers[chosen])
        self.emulator.unblock_bot(chosen)
        person = self.desk.people[chosen]
        if chosen in self.desk.clients:
            await person.send("/start")
            self.desk.clients[chosen].blocked = False
            return "come_back"
        lawyer = self.desk.lawyers[chosen]
        await person.send("/start")
        lawyer.blocked = False
        await self.desk.until(
            lambda: self.cards_as_now(lawyer), f"{chosen}'s cards show the cases as they are"
        )
        assert await self.desk.reachable(chosen), "`lawyers list` shows them reachable again"
        return "come_back"

    async def found_out(self, lawyer: LawyerModel) -> None:
        """Wait until the bot took in every refusal Telegram gave it for the lawyer (had it
        not, one recorded after their /start would mark them unreachable again)."""
        chat = lawyer.telegram_id
        for _ in range(int(WAIT)):
            mark = self.emulator.mark()
            refused = any(
                c.params.get("chat_id") == chat and c.status == 403
                for c in self.emulator.calls[lawyer.blocked_at :]
            )
            if not refused or not await self.desk.reachable(chat):
                return
            await self.emulator.first_call(lambda _: True, after=mark, timeout=WAIT)
        raise AssertionError(f"the bot never took in that {chat} blocked it")

    # outcomes

    async def deliver(self, lawyer: LawyerModel, case: Case, sent: list[Token], mark: int) -> None:
        """``sent`` goes to the client of ``case``, acknowledged with its number; or, if the
        client blocked the bot, the lawyer is told."""
        client = self.desk.clients[case.client]
        for token in sent:
            token.case = case.number
        self.desk.address(sent, None if client.blocked else client.telegram_id)
        if client.blocked:
            blocked = lawyer.t.raw(ct.CLIENT_BLOCKED).format(number=case.number)
            await self.told(lawyer.telegram_id, blocked, len(sent), mark)
            return
        await self.desk.until(
            lambda: all(self.desk.arrived(x) and self.desk.acked(x, case.number) for x in sent),
            f"{len(sent)} messages from {lawyer.telegram_id} delivered to {case.number}",
        )

    async def hold(self, lawyer: LawyerModel, sent: list[Token], mark: int) -> None:
        """``sent`` waits until the lawyer says which case it is for."""
        asked = 0 if lawyer.held else 1
        lawyer.held += sent
        t = lawyer.t
        await self.desk.until(
            lambda: (
                self.desk.said_since(lawyer.telegram_id, t.raw(ct.WHICH_CASE), mark) >= asked
                and self.desk.said_since(lawyer.telegram_id, t.raw(ct.HELD_TOO), mark)
                >= len(sent) - asked
            ),
            f"{len(sent)} messages held for {lawyer.telegram_id}",
        )

    async def from_client(self, client: ClientModel, sent: list[Token], mark: int) -> None:
        """``sent`` goes to the lawyer who holds the case, or waits for the next one."""
        case = self.desk.cases[client.case or ""]
        self.desk.address(sent, case.holder)
        if case.holder is not None:
            await self.desk.until(
                lambda: all(self.desk.arrived(x) for x in sent),
                f"{len(sent)} messages from {client.telegram_id} to {case.holder}",
            )
            return
        case.pending += sent
        await self.told(client.telegram_id, client.t.raw(ct.KEPT_FOR_LAWYER), len(sent), mark)

    async def told(self, chat: int, text: str, count: int, mark: int) -> None:
        await self.desk.until(
            lambda: self.desk.said_since(chat, text, mark) >= count,
            f"{chat} told {count}× {text[:40]!r}",
        )

    # what a lawyer sees

    def blocked(self, telegram_id: int) -> bool:
        found = self.desk.lawyers.get(telegram_id) or self.desk.clients.get(telegram_id)
        return bool(found and found.blocked)

    def message(self, chat: int, message_id: int) -> StoredMessage:
        return next(m for m in self.desk.people[chat].bot_messages() if m.message_id == message_id)

    def case_of(self, lawyer: LawyerModel, message: StoredMessage) -> str | None:
        """The case of a card or of a client's relayed message in the lawyer's chat."""
        text = message.text or ""
        is_card = bool(labels(message)) and "k:" in str(message.reply_markup)
        relayed = self.desk._headers[lawyer.telegram_id].match(text) is not None
        numbers = set(CASE_NUMBER.findall(text))
        if (is_card or relayed) and len(numbers) == 1:
            (number,) = numbers
            return number if number in self.desk.cases else None
        return None

    def cards(self, lawyer: LawyerModel, number: str) -> list[StoredMessage]:
        return [
            m
            for m in self.desk.people[lawyer.telegram_id].bot_messages()
            if number in (m.text or "") and "k:" in str(m.reply_markup)
        ]

    async def card(self, lawyer: LawyerModel, number: str, label: str) -> int:
        """The lawyer's card of case ``number`` offering ``label``, once shown."""
        found: list[int] = []

        def shown() -> bool:
            found[:] = [m.message_id for m in self.cards(lawyer, number) if label in labels(m)]
            return bool(found)

        await self.desk.until(shown, f"{lawyer.telegram_id}'s card of {number} with {label!r}")
        return found[-1]

    def cards_as_now(self, lawyer: LawyerModel) -> bool:
        """Every waiting case offers Take; no card offers Take or a holder's tools for a
        case that is not waiting, or not the lawyer's."""
        take, hand_back = lawyer.t.raw(ct.BUTTON_TAKE), lawyer.t.raw(ct.BUTTON_HAND_BACK)
        for case in self.desk.cases.values():
            shown = [labels(m) for m in self.cards(lawyer, case.number)]
            if case.holder is None and not any(take in x for x in shown):
                return False
            if case.holder is not None and any(take in x for x in shown):
                return False
            if case.holder != lawyer.telegram_id and any(hand_back in x for x in shown):
                return False
        return True


# --- running a program ------------------------------------------------------------------


async def run_program(program: list[Action]) -> Desk:
    clock = OffsetClock(NOON_ON_A_MONDAY)
    with tempfile.TemporaryDirectory() as folder:
        async with running_emulator() as emulator:
            config = settings_for(emulator, Path(folder), generate_secret()).model_copy(
                update={
                    "flood_limit": FLOOD_LIMIT,
                    "flood_window": FLOOD_WINDOW.total_seconds(),
                }
            )
            desk = Desk(emulator)
            async with (
                services(config, lambda _: None, CATALOGS) as shared,
                shared.db.transaction() as tx,
            ):
                for telegram_id, name, locale, coordinator in LAWYERS:
                    await tx.lawyers.add(telegram_id, name, locale, coordinator)
            async with running_bot(config, clock) as bot:
                desk.services = bot.services
                for telegram_id in desk.lawyers:
                    await desk.people[telegram_id].send("/start")
                team = Team(desk)
                for action in program:
                    await team.run(action)
                desk.check()
    return desk


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate, *([Phase.shrink] if SHRINK else [])],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(program=st.lists(ACTION, min_size=STEPS // 2, max_size=STEPS))
def test_every_relayed_message_reaches_exactly_the_person_meant_or_its_sender_is_told(
    program: list[Action],
) -> None:
    desk = asyncio.run(run_program(program))
    print(  # pytest -s shows what each program did
        f"property: {len(desk.done)} steps, {len(desk.tokens)} tokens, "
        f"{len(desk.arrivals)} relayed: {' '.join(desk.done)}"
    )
    for token in desk.tokens.values():
        if token.allowed is not None:
            assert desk.arrived(token), f"{token.text} never reached {token.allowed}"
