"""Every situation a person can be in, end to end, in Uzbek and Russian.

A person in a Council of Europe state, in a non-member state, already back in Uzbekistan,
with a pending refugee claim, and one who answers "I don't know" everywhere; and a person
whose "today" falls on another date than the server's. Each test waits for the very message
it expects (``emulator.wait_for``), never for silence.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from bot.cases.texts import NO_LAWYER_NOW
from bot.core.clock import ManualClock
from bot.core.config import Settings
from bot.core.i18n import Translator
from bot.person import texts
from emulator import BotApiEmulator, SimUser
from emulator.models import Call
from flows.card import ROWS
from flows.checklist import ACTIONS, APPEAL_EXTRADITION, UNHCR_HOTLINE, UNHCR_MEANWHILE
from flows.clock import earliest_today
from flows.guidance import TOPICS_BY_ID
from flows.interview import QUESTIONS_BY_ID
from flows.model import Level
from flows.risk import LEVEL_TEXTS, RULES
from flows.text import Reader
from tests.e2e.harness import CATALOGS, running_bot

LANGUAGES = [pytest.param("uz", "uz_Latn", id="uz_Latn"), pytest.param("ru", "ru", id="ru")]
SHOWN = ("sendMessage", "editMessageText")
ACTION_TEXTS = {action.id: getattr(action, "text", None) for action in ACTIONS}
REASON_TEXTS = {rule.reason.id: rule.reason.text for rule in RULES}
SUMMARIES = {rule.reason.id: rule.summary for rule in RULES if rule.summary is not None}

Step = tuple[str, str | Sequence[str]]
"""A question and its answer: an option id, "today"/"tomorrow", or several option ids."""


@dataclass
class Chat:
    """A person tapping through the interview, waiting each time for the message expected."""

    emulator: BotApiEmulator
    user: SimUser
    locale: str
    message_id: int | None = None
    """The bot message whose buttons are tapped next."""
    result_id: int | None = None
    """The result message, once the interview is answered."""
    last_tap: int = 0
    """Where the calls stood before the last answer (the consent follows the result)."""

    def t(self, reader: Reader | None = None) -> Translator:
        return CATALOGS.translator(self.locale, reader)

    async def send(self, text: str, expect: str) -> str:
        since = len(self.emulator.calls)
        self.emulator.send_text(self.user, text)
        return await self._expect(since, expect, ("sendMessage",))

    async def tap(self, label: str, expect: str, *, methods: Sequence[str] = SHOWN) -> str:
        """Tap ``label`` on the current message; the text of the message showing ``expect``."""
        since = len(self.emulator.calls)
        self.emulator.press_button(self.user, label, self.message_id)
        return await self._expect(since, expect, methods)

    async def also(self, expect: str) -> str:
        """A further message sent for the last answer (the consent after a result)."""
        return await self._expect(self.last_tap, expect, ("sendMessage",))

    async def _expect(self, since: int, expect: str, methods: Sequence[str]) -> str:
        def shows(call: Call) -> bool:
            return str(call.params.get("chat_id")) == str(self.user.id) and expect in str(
                call.params.get("text", "")
            )

        call = await self.emulator.wait_for(methods, shows, after=since, timeout=15)
        result: Any = call.result
        if isinstance(result, dict) and "message_id" in result:
            self.message_id = result["message_id"]
        return str(call.params["text"])

    async def begin(self) -> None:
        """/start, then Start on the safety screen: the first question."""
        t = self.t()
        await self.send("/start", t(texts.SAFETY_TITLE))
        await self.tap(t.raw(texts.BUTTON_START), t(QUESTIONS_BY_ID["reader"].text))

    async def answer(self, steps: Sequence[Step], reader: Reader, level: Level) -> str:
        """Answer ``steps`` in order, as ``reader``; the text of the result at ``level``."""
        t = self.t(reader)
        shown = ""
        for number, (question_id, answer) in enumerate(steps):
            following = (
                t(QUESTIONS_BY_ID[steps[number + 1][0]].text)
                if number + 1 < len(steps)
                else t(LEVEL_TEXTS[level].title)
            )
            question = QUESTIONS_BY_ID[question_id]
            if not isinstance(answer, str):
                for option_id in answer:
                    option = question.option(option_id)
                    assert option is not None, (question_id, option_id)
                    unticked = f"{texts.UNTICKED} {t.raw(option.label)}"
                    await self.tap(unticked, t(question.text), methods=["editMessageText"])
                    assert f"{texts.TICKED} {t.raw(option.label)}" in self.buttons()
                answer_label = t.raw(texts.BUTTON_DONE)
            else:
                answer_label = self._label(t, question_id, answer)
            self.last_tap = len(self.emulator.calls)
            shown = await self.tap(answer_label, following)
        self.result_id = self.message_id
        return shown

    def buttons(self, message_id: int | None = None) -> list[str]:
        """The labels on a bot message (the current one by default)."""
        wanted = message_id or self.message_id
        message = next(
            m for m in self.emulator.chat_messages(self.user.id) if m.message_id == wanted
        )
        keyboard = (message.reply_markup or {}).get("inline_keyboard", [])
        return [button["text"] for row in keyboard for button in row]

    def _label(self, t: Translator, question_id: str, answer: str) -> str:
        days = {"today": texts.BUTTON_TODAY, "tomorrow": texts.BUTTON_TOMORROW}
        if answer in days:
            return t.raw(days[answer])
        option = QUESTIONS_BY_ID[question_id].option(answer)
        assert option is not None, (question_id, answer)
        return t.raw(option.label)


def chat_for(emulator: BotApiEmulator, user_id: int, language_code: str, locale: str) -> Chat:
    return Chat(emulator, emulator.user(user_id, "Client", language_code=language_code), locale)


# A Council of Europe state: Rule 39 is there, Russian procedure is not.

IN_TURKEY: list[Step] = [
    ("reader", "self"),
    ("location", "other_country"),
    ("country", "turkey"),
    ("detention", "free"),
    ("proceedings_abroad", "extradition"),
    ("decision_abroad", "yes"),
    ("removal_date", "yes"),
    ("removal_day", "tomorrow"),
    ("search", "yes"),
    ("charges", "extremism"),
    ("asylum", "pending"),
    ("history", "none"),
    ("assurances", "no"),
    ("lawyer", "no"),
]


@pytest.mark.parametrize(("language_code", "locale"), LANGUAGES)
async def test_in_a_council_of_europe_state(
    emulator: BotApiEmulator, settings: Settings, language_code: str, locale: str
) -> None:
    chat = chat_for(emulator, 701, language_code, locale)
    t = chat.t(Reader.SELF)
    async with running_bot(settings):
        await chat.begin()
        result = await chat.answer(IN_TURKEY, Reader.SELF, Level.URGENT)
        await chat.also(t(texts.CONSENT))  # an urgent result asks at once to share it
        topics = chat.buttons(chat.result_id)

    assert t(REASON_TEXTS["decision_abroad"]) in result
    assert t(ACTION_TEXTS["rule39_member_state"]) in result
    tomorrow = earliest_today(datetime.now(UTC)) + timedelta(days=1)
    assert t(ACTION_TEXTS["removal_day"], {"day": tomorrow}) in result, "the removal day is kept"
    for russian in ("appeal_extradition_no_date", "no_rule39_from_russia", "unhcr"):
        assert t(ACTION_TEXTS[russian]) not in result, russian
    assert t.raw(TOPICS_BY_ID["rule39_request"].label) in topics
    assert t.raw(TOPICS_BY_ID["help_abroad"].label) in topics
    assert t.raw(TOPICS_BY_ID["extradition"].label) not in topics, "Russian procedure"


# A state that is not a member: no Rule 39; a relative answers; several past events.

IN_KAZAKHSTAN: list[Step] = [
    ("reader", "other"),
    ("location", "other_country"),
    ("country", "kazakhstan"),
    ("detention", "detained"),
    ("proceedings_abroad", "expulsion"),
    ("decision_abroad", "not_yet"),
    ("removal_date", "no"),
    ("search", "no"),
    ("charges", "other"),
    ("asylum", "not_applied"),
    ("history", ("tortured", "family_pressure")),
    ("lawyer", "no"),
]


@pytest.mark.parametrize(("language_code", "locale"), LANGUAGES)
async def test_in_a_state_outside_the_council_of_europe(
    emulator: BotApiEmulator, settings: Settings, language_code: str, locale: str
) -> None:
    chat = chat_for(emulator, 702, language_code, locale)
    t = chat.t(Reader.OTHER)
    async with running_bot(settings):
        await chat.begin()
        result = await chat.answer(IN_KAZAKHSTAN, Reader.OTHER, Level.URGENT)
        await chat.also(t(texts.CONSENT))
        topics = chat.buttons(chat.result_id)

    assert t(ACTION_TEXTS["no_rule39_here"]) in result
    assert t(ACTION_TEXTS["rule39_member_state"]) not in result
    for event in ("tortured_before", "family_pressure", "history_and_proceedings"):
        assert t(REASON_TEXTS[event]) in result, event
    assert t.raw(TOPICS_BY_ID["rule39"].label) not in topics
    assert t.raw(TOPICS_BY_ID["rule39_request"].label) not in topics
    assert t.raw(TOPICS_BY_ID["help_abroad"].label) in topics
    history = QUESTIONS_BY_ID["history"]
    ticked = " · ".join(t.raw(option.label) for option in history.options[:2])
    assert f"{t.raw(ROWS['history'].label)}: {ticked}" in result, "both events are kept"


# Already back in Uzbekistan: what can still be done, and no Russian remedies.

RETURNED: list[Step] = [
    ("reader", "other"),
    ("location", "uzbekistan"),
    ("held_in_uzbekistan", "held"),
    ("charges", "dont_know"),
    ("history", "dont_know"),
    ("lawyer", "no"),
]


@pytest.mark.parametrize(("language_code", "locale"), LANGUAGES)
async def test_already_returned_to_uzbekistan(
    emulator: BotApiEmulator, settings: Settings, language_code: str, locale: str
) -> None:
    chat = chat_for(emulator, 703, language_code, locale)
    t = chat.t(Reader.OTHER)
    async with running_bot(settings):
        await chat.begin()
        result = await chat.answer(RETURNED, Reader.OTHER, Level.URGENT)
        await chat.also(t(texts.CONSENT))
        topics = chat.buttons(chat.result_id)

    for action in ("returned_un_complaint", "returned_limits", "family_in_russia"):
        assert t(ACTION_TEXTS[action]) in result, action
    assert t(REASON_TEXTS["held_in_uzbekistan"]) in result
    for russian in ("apply_for_asylum", "no_rule39_from_russia", "unhcr"):
        assert t(ACTION_TEXTS[russian]) not in result, russian
    assert t.raw(TOPICS_BY_ID["un_routes"].label) in topics
    assert t.raw(TOPICS_BY_ID["help_abroad"].label) in topics
    assert t.raw(TOPICS_BY_ID["help_contacts"].label) not in topics, "UNHCR Russia does not fit"


# A pending claim in Russia: protection and its limits, papers, what to do if refused.

CLAIM_PENDING: list[Step] = [
    ("reader", "self"),
    ("location", "russia"),
    ("detention", "free"),
    ("proceedings", "none_known"),
    ("search", "no"),
    ("charges", "none"),
    ("asylum", "pending"),
    ("history", "none"),
    ("lawyer", "no"),
]


@pytest.mark.parametrize(("language_code", "locale"), LANGUAGES)
async def test_a_pending_refugee_claim(
    emulator: BotApiEmulator, settings: Settings, language_code: str, locale: str
) -> None:
    chat = chat_for(emulator, 704, language_code, locale)
    t = chat.t(Reader.SELF)
    async with running_bot(settings):
        await chat.begin()
        result = await chat.answer(CLAIM_PENDING, Reader.SELF, Level.MODERATE)
        for action in ("asylum_pending_protection", "keep_claim_papers", "asylum_if_refused"):
            assert t(ACTION_TEXTS[action]) in result, action
        assert t(UNHCR_HOTLINE) in result, "the hotline, with its check date not recorded"
        asylum = TOPICS_BY_ID["asylum"]
        shown = await chat.tap(t.raw(asylum.label), t(asylum.title))
        assert shown.startswith(f"<b>{t(asylum.title)}</b>"), "the asylum topic is one tap away"


# "I don't know" everywhere: never low, unclear said plainly, a lawyer offered, reminders.

DONT_KNOW_EVERYWHERE: list[Step] = [
    ("reader", "self"),
    ("location", "dont_know"),
    ("detention", "dont_know"),
    ("search", "dont_know"),
    ("charges", "dont_know"),
    ("history", "dont_know"),
    ("lawyer", "dont_know"),
]


@pytest.mark.parametrize(("language_code", "locale"), LANGUAGES)
async def test_i_dont_know_everywhere(
    emulator: BotApiEmulator, settings: Settings, language_code: str, locale: str
) -> None:
    chat = chat_for(emulator, 705, language_code, locale)
    t = chat.t(Reader.SELF)
    async with running_bot(settings):
        await chat.begin()
        result = await chat.answer(DONT_KNOW_EVERYWHERE, Reader.SELF, Level.MODERATE)
        assert t(SUMMARIES["unclear"]) in result
        assert t(REASON_TEXTS["unclear"]) in result
        assert t(ACTION_TEXTS["find_out"]) in result
        assert t(LEVEL_TEXTS[Level.LOW].title) not in result
        await chat.also(t(texts.CONSENT))  # unclear: the lawyer is offered at once
        confirmation = await chat.tap(t.raw(texts.BUTTON_CONSENT), t(NO_LAWYER_NOW))
        assert t(texts.MEANWHILE) in confirmation
        assert t(UNHCR_MEANWHILE) in confirmation, "the place is unknown: maybe Russia"


# The person's "today", not the server's; reminders when no lawyer can be reached.


AT_NIGHT = datetime(2026, 11, 24, 21, 30, tzinfo=UTC)
"""23:30 on the 24th in Kaliningrad, 00:30 on the 25th in Moscow, 07:30 in Vladivostok."""


EXTRADITION_TODAY: list[Step] = [
    ("reader", "self"),
    ("location", "russia"),
    ("detention", "detained"),
    ("proceedings", "extradition"),
    ("extradition_decision", "yes"),
    ("extradition_decision_date", "today"),
    ("removal_date", "no"),
    ("search", "no"),
    ("charges", "none"),
    ("asylum", "not_applied"),
    ("history", "none"),
    ("assurances", "no"),
    ("lawyer", "no"),
]


async def test_today_is_the_earliest_day_in_russia_and_the_date_is_recalled_without_a_lawyer(
    emulator: BotApiEmulator, settings: Settings
) -> None:
    """At 21:30 UTC it is the 24th in Kaliningrad and the 25th in Moscow and Vladivostok. A
    server in Vladivostok must not make "today" the 25th: the last day is 4 December."""
    far_east = settings.model_copy(update={"timezone": "Asia/Vladivostok"})
    chat = chat_for(emulator, 706, "ru", "ru")
    t = chat.t(Reader.SELF)
    last_day = APPEAL_EXTRADITION.rule.last_day(date(2026, 11, 24))
    async with running_bot(far_east, ManualClock(AT_NIGHT)):
        await chat.begin()
        result = await chat.answer(EXTRADITION_TODAY, Reader.SELF, Level.URGENT)
        assert t(APPEAL_EXTRADITION.running, {"deadline": last_day}) in result
        await chat.also(t(texts.CONSENT))
        confirmation = await chat.tap(t.raw(texts.BUTTON_CONSENT), t(NO_LAWYER_NOW))
    assert t(texts.MEANWHILE) in confirmation
    assert t(APPEAL_EXTRADITION.running, {"deadline": last_day}) in confirmation
    assert t(APPEAL_EXTRADITION.yourself) in confirmation
