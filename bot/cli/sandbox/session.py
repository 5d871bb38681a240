"""The sandbox's state: the real bot on the emulator, three people, what each phone shows.

Every session is the bot as ``boshpana demo`` starts it (:func:`bot.cli.demo.offline_bot`):
a fresh emulator, a fresh temporary SQLite database and key. On top, a registered duty lawyer
who has pressed Start and gone on duty, and a coordinator who has pressed Start, both through
the bot itself. People act only as Telegram users can: send messages and press buttons.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from contextlib import AsyncExitStack, suppress
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import TypeVar
from zoneinfo import ZoneInfo

from bot.cli.demo import DEMO_TOKEN, offline_bot
from bot.cli.sandbox.languages import APP_LANGUAGES, LAWYER_LOCALES
from bot.cli.sandbox.scenarios import (
    SCENARIOS,
    Button,
    Document,
    Pane,
    Relayed,
    Scenario,
    Send,
    Sight,
    Step,
    Tap,
)
from bot.cli.sandbox.view import JsonDict, message_view
from bot.core.clock import OffsetClock
from bot.core.config import Settings
from bot.core.i18n import native_name
from bot.core.services import Services
from emulator import BotApiEmulator, Call, SimUser, StoredMessage
from emulator.notify import Notifier
from flows.text import Reader, Text

log = logging.getLogger(__name__)
T = TypeVar("T")

BOT_NAME = "Boshpana"
BOT_ID = int(DEMO_TOKEN.split(":")[0])
PEOPLE = {
    Pane.PERSON: (1001, "Dilshod"),
    Pane.LAWYER: (2001, "Aziza"),
    Pane.COORDINATOR: (2002, "Bobur"),
}
LAWYER_NAME = "A. Karimova"
COORDINATOR_NAME = "B. Rahimov"
COORDINATOR_LOCALE = "en"
FIRST_DAY = ((Pane.LAWYER, "/start"), (Pane.LAWYER, "/duty on"), (Pane.COORDINATOR, "/start"))
"""What the lawyers did in the bot before the session begins."""
VISIBLE = frozenset(
    {
        "sendMessage",
        "sendDocument",
        "sendPhoto",
        "copyMessage",
        "forwardMessage",
        "editMessageText",
        "editMessageCaption",
        "editMessageReplyMarkup",
        "deleteMessage",
        "deleteMessages",
    }
)
STEP_TIMEOUT = 15.0
TOASTS_KEPT = 5


class Changes(Notifier):
    """A :class:`Notifier` that counts, so a waiter can tell whether it missed a change."""

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def notify(self) -> None:
        """Count the change and wake the waiters."""
        self.count += 1
        super().notify()


class SandboxError(Exception):
    """An action the sandbox refuses, worded for the page."""


@dataclass(frozen=True)
class Options:
    """How a session starts: the person's app language, the lawyer's language, the clock."""

    language_code: str = "uz"
    lawyer_locale: str = "ru"
    clock: datetime | None = None
    """``None``: real time; else the moment the session starts at (time then runs on)."""

    def __post_init__(self) -> None:
        if self.language_code not in APP_LANGUAGES:
            raise SandboxError(f"unknown app language {self.language_code!r}")
        if self.lawyer_locale not in LAWYER_LOCALES:
            raise SandboxError(f"unknown lawyer language {self.lawyer_locale!r}")


@dataclass
class Live:
    """One running bot and the people using it."""

    number: int
    emulator: BotApiEmulator
    services: Services
    people: dict[Pane, SimUser]
    stack: AsyncExitStack
    toasts: dict[Pane, list[JsonDict]] = field(default_factory=dict)
    queries: dict[str, Pane] = field(default_factory=dict)
    toast_count: int = 0

    def messages(self, pane: Pane) -> list[StoredMessage]:
        """The chat as it stands on that phone."""
        return self.emulator.chat_messages(self.people[pane].id)

    def find_button(self, pane: Pane, labels: set[str]) -> tuple[StoredMessage, str] | None:
        """The button labelled one of ``labels`` on the newest message with buttons."""
        keyboards = [
            m for m in self.messages(pane) if (m.reply_markup or {}).get("inline_keyboard")
        ]
        if not keyboards:
            return None
        newest = keyboards[-1]
        for row in (newest.reply_markup or {})["inline_keyboard"]:
            for button in row:
                if button.get("text") in labels and "callback_data" in button:
                    return newest, str(button["callback_data"])
        return None

    def says(self, pane: Pane, text: str) -> bool:
        """Whether a message of the bot in ``pane`` contains ``text``."""
        return any(text in (m.text or "") for m in self.messages(pane) if m.from_bot)

    def press(self, pane: Pane, message: StoredMessage, data: str) -> None:
        """Press a button; the bot's answer to the press is shown on ``pane``."""
        query = self.emulator.press(self.people[pane], message.message_id, data)
        self.queries[query] = pane

    def on_call(self, call: Call) -> None:
        """Keep the bot's answers to button presses (toasts and alerts) for the page."""
        pane = self.queries.get(str(call.params.get("callback_query_id", "")))
        text = call.params.get("text")
        if call.method == "answerCallbackQuery" and call.ok and pane and text:
            self.toast_count += 1
            toast = {
                "id": self.toast_count,
                "text": text,
                "alert": bool(call.params.get("show_alert")),
            }
            self.toasts[pane] = [*self.toasts.get(pane, []), toast][-TOASTS_KEPT:]


class Sandbox:
    """The bot, the people and the replays behind the sandbox page."""

    def __init__(self, settings: Settings, folder: Path, options: Options) -> None:
        """Sessions keep their data in folders inside ``folder``."""
        self.settings = settings
        self.folder = folder
        self.options = options
        self.changed = Changes()
        """Notified whenever what the page shows may have changed."""
        self.busy: str | None = None
        self.error: str | None = None
        self.notice: str | None = None
        self._live: Live | None = None
        self._sessions = 0
        self._lock = asyncio.Lock()
        self._replay: asyncio.Task[None] | None = None
        self._zone = ZoneInfo(settings.timezone)

    # --- sessions ----------------------------------------------------------------------

    async def reset(
        self, options: Options, scenario: Scenario | None = None, upto: int = -1
    ) -> None:
        """Start over with a fresh bot and database; then replay ``scenario`` to step ``upto``."""
        await self._cancel_replay()
        async with self._lock:
            self._status(busy="Starting a fresh sandbox…")
            await self._close_live()
            self.options = options
            try:
                self._live = await self._open(options)
            except Exception as error:
                log.exception("the sandbox could not start")
                self._status(error=f"The sandbox could not start: {error}")
                raise
            self._status()
        if scenario is not None:
            self._status(busy=f"Replaying “{scenario.title}”…")
            self._replay = asyncio.create_task(self._run(scenario, upto))

    async def close(self) -> None:
        """Stop the bot; its data folder is deleted."""
        await self._cancel_replay()
        async with self._lock:
            await self._close_live()

    async def _open(self, options: Options) -> Live:
        stack = AsyncExitStack()
        try:
            clock = None if options.clock is None else OffsetClock(options.clock)
            emulator, shared = await stack.enter_async_context(
                offline_bot(self.settings, log.info, self.folder, clock)
            )
            self._sessions += 1
            people = {
                pane: emulator.user(user_id, name, language_code=_app_language(pane, options))
                for pane, (user_id, name) in PEOPLE.items()
            }
            live = Live(self._sessions, emulator, shared, people, stack)
            emulator.add_call_listener(lambda call: self._on_call(live, call))
            async with shared.db.transaction() as tx:
                lawyer, coordinator = people[Pane.LAWYER], people[Pane.COORDINATOR]
                await tx.lawyers.add(lawyer.id, LAWYER_NAME, options.lawyer_locale, False)
                await tx.lawyers.add(coordinator.id, COORDINATOR_NAME, COORDINATOR_LOCALE, True)
            for pane, text in FIRST_DAY:
                await self._command(live, pane, text)
        except BaseException:
            await stack.aclose()
            raise
        return live

    async def _command(self, live: Live, pane: Pane, text: str) -> None:
        """Send a command and wait for the bot's answer in that chat."""
        user = live.people[pane]
        since = len(live.emulator.calls)
        live.emulator.send_text(user, text)
        await live.emulator.wait_for(
            "sendMessage", lambda c: c.params.get("chat_id") == user.id, after=since
        )

    async def _close_live(self) -> None:
        live, self._live = self._live, None
        if live is not None:
            await live.stack.aclose()

    def _on_call(self, live: Live, call: Call) -> None:
        if call.method != "getUpdates":
            live.on_call(call)
            self.changed.notify()

    def _status(
        self, busy: str | None = None, error: str | None = None, notice: str | None = None
    ) -> None:
        self.busy, self.error, self.notice = busy, error, notice
        self.changed.notify()

    # --- what people do ----------------------------------------------------------------

    def _ready(self) -> Live:
        if self.busy:
            raise SandboxError(f"Please wait: {self.busy}")
        if self._live is None:
            raise SandboxError("The sandbox is not running; press Reset.")
        return self._live

    def send(self, pane: Pane, text: str, reply_to: int | None = None) -> None:
        """The owner of ``pane`` sends ``text`` (as a reply to message ``reply_to``)."""
        live = self._ready()
        if not text.strip():
            raise SandboxError("Type a message first.")
        extra: JsonDict = {}
        if reply_to is not None:
            target = next((m for m in live.messages(pane) if m.message_id == reply_to), None)
            if target is None:
                raise SandboxError("The message you reply to is no longer there.")
            extra["reply_to_message"] = {
                key: value for key, value in target.raw.items() if key != "reply_to_message"
            }
        live.emulator.send_text(live.people[pane], text, **extra)
        self.changed.notify()

    def press(self, pane: Pane, message_id: int, row: int, column: int) -> None:
        """The owner of ``pane`` presses a button of a message, by its place."""
        live = self._ready()
        message = next((m for m in live.messages(pane) if m.message_id == message_id), None)
        keyboard = (message.reply_markup or {}).get("inline_keyboard", []) if message else []
        try:
            data = keyboard[row][column]["callback_data"]
        except (IndexError, KeyError):
            raise SandboxError("That button is no longer there.") from None
        assert message is not None
        live.press(pane, message, str(data))
        self.changed.notify()

    def set_language(self, language_code: str) -> None:
        """Change the person's Telegram app language (as in the app's settings)."""
        live = self._ready()
        self.options = replace(self.options, language_code=language_code)  # checks the code
        user_id, name = PEOPLE[Pane.PERSON]
        live.people[Pane.PERSON] = live.emulator.user(user_id, name, language_code=language_code)
        self.changed.notify()

    def file(self, session: int, file_id: str) -> bytes | None:
        """A file of the current session, for downloading."""
        live = self._live
        if live is None or live.number != session:
            return None
        return live.emulator.file_content(file_id)

    # --- replays -----------------------------------------------------------------------

    async def _run(self, scenario: Scenario, upto: int) -> None:
        steps = scenario.steps[: upto + 1]
        number, step = 0, steps[0]
        try:
            for number, step in enumerate(steps, start=1):
                self._status(busy=f"Replaying “{scenario.title}”: step {number} of {len(steps)}")
                async with self._lock:
                    assert self._live is not None
                    await self._perform(self._live, step)
            self._status(notice=f"Replayed “{scenario.title}” up to: {step.stop or step.title}.")
        except (TimeoutError, SandboxError, LookupError) as error:
            reason = str(error) or "the bot did not answer in time"
            self._status(error=f"The replay stopped at step {number} ({step.title}): {reason}")

    async def _perform(self, live: Live, step: Step) -> None:
        user = live.people[step.pane]
        sent = ""
        match step.action:
            case Tap(label):
                labels = self._labels(live, step.pane, label)
                found = await self._until(lambda: live.find_button(step.pane, labels))
                since = len(live.emulator.calls)
                live.press(step.pane, *found)
            case Send(samples):
                sent = samples[self._locale(live, step.pane)]
                since = len(live.emulator.calls)
                live.emulator.send_text(user, sent)
        await self._until(lambda: self._shows(live, step, step.shows, since, sent))

    def _shows(
        self, live: Live, step: Step, sight: Sight | None, since: int, sent: str
    ) -> bool | None:
        match sight:
            case Button(pane, label):
                return live.find_button(pane, self._labels(live, pane, label)) is not None or None
            case Relayed(pane):
                return live.says(pane, sent) or None
            case Document(pane):
                return any("document" in m.raw for m in live.messages(pane)) or None
        chat = live.people[step.pane].id
        answered = (
            c.method in VISIBLE and c.ok and c.params.get("chat_id") == chat
            for c in live.emulator.calls[since:]
        )
        return any(answered) or None

    async def _until(self, found: Callable[[], T | None]) -> T:
        """Wait until ``found`` gives something (it is checked whenever the bot acts)."""
        async with asyncio.timeout(STEP_TIMEOUT):
            while (result := found()) is None:
                await self.changed.wait()
        return result

    def _locale(self, live: Live, pane: Pane) -> str:
        if pane is Pane.PERSON:
            return live.services.catalogs.negotiate(live.people[pane].language_code)
        return self.options.lawyer_locale if pane is Pane.LAWYER else COORDINATOR_LOCALE

    def _labels(self, live: Live, pane: Pane, label: Text) -> set[str]:
        catalogs, locale = live.services.catalogs, self._locale(live, pane)
        return {catalogs.translator(locale, r).raw(label) for r in (None, *Reader)}

    async def _cancel_replay(self) -> None:
        replay, self._replay = self._replay, None
        if replay is not None and not replay.done():
            replay.cancel()
            with suppress(asyncio.CancelledError):
                await replay
            self._status()

    # --- what the page shows -----------------------------------------------------------

    def state(self) -> JsonDict:
        """Everything the page draws, as JSON."""
        live = self._live
        return {
            "session": live.number if live else 0,
            "busy": self.busy,
            "error": self.error or self._violation(live),
            "notice": self.notice,
            "options": {
                "language_code": self.options.language_code,
                "lawyer_locale": self.options.lawyer_locale,
                "clock": self._clock_label(),
            },
            "panes": {pane.value: self._pane(live, pane) for pane in Pane} if live else {},
        }

    @staticmethod
    def _violation(live: Live | None) -> str | None:
        """The bot's latest breach of a Bot API rule: Telegram would have refused the call."""
        if live is None or not live.emulator.violations:
            return None
        return f"The bot broke a Bot API rule (Telegram would refuse it): {live.emulator.violations[-1]}"

    def _clock_label(self) -> str:
        clock = self.options.clock
        if clock is None:
            return "Real time"
        return "Fixed start: " + clock.astimezone(self._zone).strftime("%a %d %b %Y, %H:%M")

    def _pane(self, live: Live, pane: Pane) -> JsonDict:
        user = live.people[pane]
        names = {person.id: person.first_name for person in live.people.values()}
        names[BOT_ID] = BOT_NAME
        return {
            "title": self._title(pane),
            "messages": [
                message_view(
                    message, self._zone, lambda file_id: f"/files/{live.number}/{file_id}", names
                )
                for message in live.messages(pane)
            ],
            "commands": [
                {"command": c["command"], "description": c["description"]}
                for c in live.emulator.command_menu(user)
            ],
            "toasts": live.toasts.get(pane, []),
        }

    def _title(self, pane: Pane) -> str:
        match pane:
            case Pane.PERSON:
                return f"Person at risk · {PEOPLE[pane][1]}"
            case Pane.LAWYER:
                language = native_name(self.options.lawyer_locale)
                return f"Duty lawyer · {LAWYER_NAME} · {language}"
        return f"Coordinator · {COORDINATOR_NAME} · {native_name(COORDINATOR_LOCALE)}"


def _app_language(pane: Pane, options: Options) -> str:
    if pane is Pane.PERSON:
        return options.language_code
    locale = options.lawyer_locale if pane is Pane.LAWYER else COORDINATOR_LOCALE
    return locale.split("_")[0]


SCENARIO_CHOICES = [
    {"key": s.key, "title": s.title, "stops": [{"step": n, "title": t} for n, t in s.stops()]}
    for s in SCENARIOS.values()
]
