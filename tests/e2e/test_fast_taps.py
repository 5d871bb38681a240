"""Tapping fast: a tap on the newest question answers it, never "an earlier message".

One person's updates are handled strictly in order, so the newest question a person sees
is always the one the bot is waiting for, however fast they tap (the first test taps from
inside the Bot API call that shows the question, before the bot has its answer). What can
show a person a question they already answered is a screen shown again: Telegram showed
it but its answer was lost, so the bot tried it again after the person had answered it.
Sent as a new message, the copy then "belonged to an earlier message" (issue 17); edited
in place, as the interview now is, it would take the person back a question. A question
the conversation has moved past is not shown again.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta

from bot.core.clock import ManualClock
from bot.core.config import Settings
from bot.person import texts
from emulator import BotApiEmulator, Call
from flows import samples
from flows.interview import QUESTIONS_BY_ID
from flows.screens import NoticeKind
from tests.e2e.harness import CATALOGS, WAIT, Person, labels, running_bot

T = CATALOGS.translator("en")


def callback_data(call: Call) -> list[str]:
    markup = call.params.get("reply_markup")
    rows = markup.get("inline_keyboard", []) if isinstance(markup, dict) else []
    return [str(b["callback_data"]) for row in rows for b in row if "callback_data" in b]


async def test_a_tap_the_instant_the_next_question_appears_answers_it(
    emulator: BotApiEmulator, settings: Settings
) -> None:
    answers = dict(samples.LOW)
    answered: list[str] = []
    stale: list[Call] = []
    finished = asyncio.Event()
    user = emulator.user(4242, "Fast", language_code="en")
    stale_text = T(texts.NOTICES[NoticeKind.STALE_BUTTON])[:20]

    def on_call(call: Call) -> None:
        """Runs as the call completes: the tap is queued before the bot has its answer."""
        if call.params.get("chat_id") != user.id or not call.ok:
            return
        if stale_text in str(call.params.get("text", "")):
            stale.append(call)
        data = callback_data(call)
        message_id = call.result.get("message_id") if isinstance(call.result, dict) else None
        questions = [d.split(":")[1] for d in data if d.startswith("a:")]
        unanswered = [q for q in questions if q not in answered]
        if unanswered and message_id:
            question = unanswered[0]
            wanted = f"a:{question}:{answers.get(question, '')}"
            answered.append(question)
            emulator.press(user, message_id, wanted if wanted in data else data[0])
        elif "n:begin" in data and not answered and message_id:
            emulator.press(user, message_id, "n:begin")
        elif "n:restart" in data and answered:
            finished.set()

    emulator.add_call_listener(on_call)
    async with running_bot(settings):
        await Person(emulator, user).send("/start")
        await asyncio.wait_for(finished.wait(), WAIT * 2)
    assert not stale
    assert answered[: len(answers)] == list(answers)


async def test_a_question_shown_but_not_confirmed_is_not_sent_again_once_answered(
    emulator: BotApiEmulator, settings: Settings, clock: ManualClock
) -> None:
    person = Person(emulator, emulator.user(4243, "Quick", language_code="en"))
    (first, first_answer), (second, second_answer), (third, _) = list(samples.LOW)[:3]

    def option(question: str, answer: str) -> str:
        found = QUESTIONS_BY_ID[question].option(answer)
        assert found is not None
        return T.raw(found.label)

    async with running_bot(settings, clock):
        await person.send("/start")
        await person.tap(T.raw(texts.BUTTON_START))
        await person.sees(T.raw(QUESTIONS_BY_ID[first].text))
        # The next question reaches the phone, but its answer is lost on the way back.
        emulator.fail_next(
            "editMessageText",
            status=502,
            description="Bad Gateway",
            chat_id=person.user.id,
            after_executing=True,
        )
        await person.tap(option(first, first_answer))
        await emulator.first_call(
            lambda call: (
                call.method == "editMessageText" and call.params["chat_id"] == person.user.id
            ),
            after=person.since,
            timeout=WAIT,
        )
        shown = person.bot_messages()[-1]
        assert T.raw(QUESTIONS_BY_ID[second].text) in (shown.text or "")
        await person.tap(option(second, second_answer), shown.message_id)

        clock.advance(timedelta(minutes=1))  # the failed edit falls due again
        await person.sees(T.raw(QUESTIONS_BY_ID[third].text))

    asking_second = [
        m for m in person.bot_messages() if option(second, second_answer) in labels(m)
    ]
    assert asking_second == [], person.transcript()
