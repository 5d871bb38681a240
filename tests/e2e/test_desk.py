"""A duty team with several cases each: every message reaches exactly the client meant.

Each test is one of the defects a duty team found (issue 12), driven through the emulator
with two lawyers — Karimova (Russian) and Rahimov (English, coordinator) — and several
clients (Uzbek), each with their own case.
"""

from __future__ import annotations

import asyncio
import re
from datetime import timedelta

import pytest

from bot.cases import texts as ct
from bot.cases.policy import HIGH
from bot.cli.lawyers import remove_lawyer
from bot.cli.main import main
from bot.core.clock import ManualClock
from bot.core.config import Settings
from bot.core.i18n import Translator
from bot.core.services import Services
from bot.person import texts
from bot.serving.flood import TOO_FAST
from emulator import BotApiEmulator, Call
from tests.e2e.harness import WAIT, Person, labels, running_bot
from tests.e2e.test_crash import BotProcess, bot_env
from tests.e2e.test_escalation import (
    EN,
    KARIMOVA,
    RAHIMOV,
    RU,
    UZ,
    case_number,
    filled,
    lawyers,
    urgent_client,
)
from tests.e2e.test_interview import LOW_PATH, URGENT_PATH, answer

FIRST, SECOND, THIRD = 7001, 7002, 7003


async def takes(lawyer: Person, t: Translator, client: Person) -> int:
    """``lawyer`` takes ``client``'s case from its card; the card's message id."""
    number, take = case_number(client), t.raw(ct.BUTTON_TAKE)

    def card_of_the_case(call: Call) -> bool:
        shown = lawyer.shown(call)
        return shown is not None and number in (shown.text or "") and take in labels(shown)

    card = lawyer.shown(await lawyer.emulator.first_call(card_of_the_case, after=0, timeout=WAIT))
    assert card is not None
    await lawyer.tap(take, card.message_id)
    await client.sees(filled(UZ, ct.CLAIMED.me, client))
    return card.message_id


def said(t: Translator, text: ct.Msg, client: Person) -> str:
    """``text`` about ``client``'s case, as the bot words it in ``t``'s language."""
    return filled(t, text, client)


def received(person: Person, text: str) -> int:
    """How many of the bot's messages to ``person`` show ``text``."""
    return sum(text in (m.text or "") for m in person.bot_messages())


async def test_taking_another_case_never_changes_where_a_message_goes(
    emulator: BotApiEmulator, settings: Settings
) -> None:
    karimova, _ = await lawyers(emulator, settings)
    async with running_bot(settings):
        await karimova.send("/start")
        first = await urgent_client(emulator, FIRST)
        await takes(karimova, RU, first)
        karimova.write("Для первого: не подписывайте ничего")
        await first.expect("Для первого: не подписывайте ничего")
        await karimova.sees(said(RU, ct.SENT_TO_CLIENT, first))

        second = await urgent_client(emulator, SECOND)
        await takes(karimova, RU, second)
        karimova.write("Тоже для первого: я еду")
        asked = await karimova.sees(RU.raw(ct.WHICH_CASE))  # two cases, no choice: it asks
        karimova.write("И ещё одно")
        await karimova.sees(RU.raw(ct.HELD_TOO))
        await karimova.tap(f"→ {case_number(first)}", asked.message_id)
        await karimova.sees(RU.raw(ct.HELD_SENT).format(number=case_number(first), count=2))
        await first.expect("Тоже для первого: я еду")
        await first.expect("И ещё одно")

        third = await urgent_client(emulator, THIRD)
        await takes(karimova, RU, third)
        karimova.write("После третьего — всё ещё первому")
        await first.expect("После третьего — всё ещё первому")
        await karimova.sees(said(RU, ct.SENT_TO_CLIENT, first))
    for other in (second, third):
        for text in ("Для первого", "Тоже для первого", "И ещё одно", "После третьего"):
            assert text not in other.transcript(), "nothing meant for the first reached another"


async def test_a_reply_to_a_card_goes_to_that_cards_client(
    emulator: BotApiEmulator, settings: Settings
) -> None:
    karimova, _ = await lawyers(emulator, settings)
    async with running_bot(settings):
        await karimova.send("/start")
        first = await urgent_client(emulator, FIRST)
        first_card = await takes(karimova, RU, first)
        second = await urgent_client(emulator, SECOND)
        await takes(karimova, RU, second)
        await karimova.send(f"/to {case_number(second)}")
        await karimova.sees(said(RU, ct.ACTIVE_CASE, second))

        (card,) = [m for m in karimova.bot_messages() if m.message_id == first_card]
        emulator.send_text(karimova.user, "Ответ на карточку первого", reply_to_message=card.raw)
        await first.expect("Ответ на карточку первого")
        await karimova.sees(said(RU, ct.SENT_TO_CLIENT, first), after=0)

        first.write("Spasibo, kutyapman")
        relayed = await karimova.sees("Spasibo, kutyapman")
        emulator.send_text(
            karimova.user, "Ответ на сообщение первого", reply_to_message=relayed.raw
        )
        await first.expect("Ответ на сообщение первого")

        karimova.write("А это — второму, он выбран")
        await second.expect("А это — второму, он выбран")
    for text in ("Ответ на карточку", "Ответ на сообщение"):
        assert text not in second.transcript()
    assert "А это — второму" not in first.transcript()


async def test_a_reply_to_any_bot_message_naming_one_case_goes_to_that_case(
    emulator: BotApiEmulator, settings: Settings
) -> None:
    """Messages the bot keeps no link for (a note's confirmation; one sent just before a
    crash) still name their case: a reply to one goes there."""
    karimova, _ = await lawyers(emulator, settings)
    async with running_bot(settings):
        await karimova.send("/start")
        first = await urgent_client(emulator, FIRST)
        await takes(karimova, RU, first)
        second = await urgent_client(emulator, SECOND)
        await takes(karimova, RU, second)
        await karimova.send(f"/to {case_number(second)}")
        await karimova.send(f"/note {case_number(first)} рейс 5 декабря")
        saved = await karimova.sees(said(RU, ct.NOTE_SAVED, first))
        emulator.send_text(karimova.user, "Про рейс: я подам жалобу", reply_to_message=saved.raw)
        await first.expect("Про рейс: я подам жалобу")
    assert "Про рейс" not in second.transcript()


async def test_a_lawyer_who_blocked_the_bot_loses_nothing_the_client_sends(
    emulator: BotApiEmulator, settings: Settings
) -> None:
    karimova, rahimov = await lawyers(emulator, settings)
    async with running_bot(settings) as bot:
        await karimova.send("/start")
        await rahimov.send("/start")
        await karimova.send("/duty on")
        client = await urgent_client(emulator, FIRST)
        await takes(karimova, RU, client)
        emulator.block_bot(karimova.user)
        client.write("Meni ertaga olib ketishadi")
        await client.sees(said(UZ, ct.LAWYER_UNREACHABLE_CLIENT, client))
        await rahimov.expect(EN.raw(ct.LAWYER_UNREACHABLE).format(name="A. Karimova"))
        assert not await reachable(bot.services, KARIMOVA), "`lawyers list` shows it"
        await takes(rahimov, EN, client)
        await rahimov.expect("Meni ertaga olib ketishadi")  # the case's history

        emulator.unblock_bot(karimova.user)
        await karimova.send("/start")
        assert await reachable(bot.services, KARIMOVA)


async def reachable(services: Services, telegram_id: int) -> bool:
    async with services.db.transaction() as tx:
        lawyer = await tx.lawyers.by_user_key(services.user_key(telegram_id))
    assert lawyer is not None
    return lawyer.reachable


async def test_a_new_interview_result_reaches_the_holder_and_the_card(
    emulator: BotApiEmulator, settings: Settings, clock: ManualClock
) -> None:
    karimova, _ = await lawyers(emulator, settings)
    quick = settings.model_copy(update={"flood_limit": 100})  # two interviews in seconds
    async with running_bot(quick, clock):  # by day: a low-risk case pages at once
        await karimova.send("/start")
        client = await urgent_client(emulator, FIRST, LOW_PATH)
        card = await takes(karimova, RU, client)
        before = card_text(karimova, card)
        await client.send("/restart")
        for question_id, option_id in URGENT_PATH:
            await answer(client, UZ, question_id, option_id)
        await client.expect(said(UZ, ct.ADDED_TO_CASE, client))
        await karimova.sees(said(RU, ct.CASE_UPDATED, client))
        old_level = before.split(" ")[0]  # the level's mark; an earlier edit (taken) may
        await karimova.emulator.first_call(  # still arrive first, with the old level
            lambda c: (
                c.method == "editMessageText"
                and c.params.get("message_id") == card
                and old_level not in str(c.params.get("text"))
            ),
            after=karimova.since,
            timeout=WAIT,
        )
        assert card_text(karimova, card) != before, "the card shows the new level"
        assert UZ.raw(ct.NO_LAWYER_NOW)[:40] not in client.transcript()
        offered = [label for m in client.bot_messages() for label in labels(m)]
        assert UZ.raw(texts.BUTTON_CONSENT) not in offered[-3:], "nothing asks to send it again"


def card_text(lawyer: Person, message_id: int) -> str:
    (card,) = [m for m in lawyer.bot_messages() if m.message_id == message_id]
    return card.text or ""


async def test_floods_are_slowed_never_dropped(
    emulator: BotApiEmulator, settings: Settings
) -> None:
    karimova, _ = await lawyers(emulator, settings)
    limited = settings.model_copy(update={"flood_limit": 10, "flood_window": 60.0})
    async with running_bot(limited):  # the interview fits in the limit; what follows would not
        await karimova.send("/start")
        client = await urgent_client(emulator, FIRST)
        client.write_message(PHOTO)
        client.write_message(DECISION)
        for n in range(10):
            client.write(f"qator {n}")
        await takes(karimova, RU, client)
        await karimova.expect("qator 9")
        for n in range(25):
            karimova.write(f"строка {n}")
        await client.expect("строка 24")
    to_lawyer = [
        str(c.params.get("text") or c.params.get("caption") or "")
        for c in relays(emulator, karimova.user.id)
    ]
    assert [n for n in range(10) if any(f"qator {n}" in t for t in to_lawyer)] == list(range(10))
    assert any("qaror" in t for t in to_lawyer) and any("hujjat" in t for t in to_lawyer)
    to_client = client.transcript()
    positions = [to_client.find(f"строка {n}\n") for n in range(24)]
    assert -1 not in positions and positions == sorted(positions), "all 25, in order"
    too_fast = UZ.raw(TOO_FAST)
    assert too_fast not in client.transcript() and RU.raw(TOO_FAST) not in karimova.transcript()


PHOTO = {
    "photo": [{"file_id": "p1", "file_unique_id": "u1", "width": 9, "height": 9}],
    "caption": "qaror",
}
DECISION = {
    "document": {"file_id": "d1", "file_unique_id": "u2", "file_name": "qaror.pdf"},
    "caption": "hujjat",
}


def relays(emulator: BotApiEmulator, chat_id: int) -> list[Call]:
    return [
        c
        for c in emulator.calls
        if c.ok
        and c.params.get("chat_id") == chat_id
        and c.method in {"sendMessage", "copyMessage"}
    ]


async def test_the_next_lawyer_reads_what_the_client_wrote_and_the_handover_note(
    emulator: BotApiEmulator, settings: Settings
) -> None:
    karimova, rahimov = await lawyers(emulator, settings)
    async with running_bot(settings):
        await karimova.send("/start")
        await rahimov.send("/start")
        client = await urgent_client(emulator, FIRST)
        card = await takes(karimova, RU, client)
        client.write("Reys 5-dekabr, Domodedovo")
        await karimova.sees("Reys 5-dekabr")
        await karimova.tap(RU.raw(ct.BUTTON_HAND_BACK), card)
        await karimova.sees(said(RU, ct.HANDOVER_ASK, client))
        await karimova.send("Звонила семье; решение суда у них")
        await karimova.sees(said(RU, ct.HANDED_BACK_TO_TEAM, client))
        await client.sees(said(UZ, ct.HANDED_BACK, client))
        await takes(rahimov, EN, client)
        history = await rahimov.sees(EN.raw(ct.HISTORY_HEAD).format(number=case_number(client)))
        assert "Reys 5-dekabr, Domodedovo" in (history.text or "")
        assert "Звонила семье; решение суда у них" in (history.text or "")
        assert "A. Karimova" in (history.text or ""), "the note says who wrote it"


async def test_a_lawyers_edit_reaches_the_client_as_a_correction(
    emulator: BotApiEmulator, settings: Settings
) -> None:
    karimova, _ = await lawyers(emulator, settings)
    async with running_bot(settings):
        await karimova.send("/start")
        client = await urgent_client(emulator, FIRST)
        await takes(karimova, RU, client)
        sent = emulator.send_text(karimova.user, "Встречаемся в 10:00")
        await client.expect("Встречаемся в 10:00")
        karimova.since = emulator.mark()
        emulator.edit_text(karimova.user, sent["message_id"], "Встречаемся в 11:00")
        correction = await client.sees("Встречаемся в 11:00")
        assert UZ.raw(ct.RELAY_EDITED) in (correction.text or "")
        welcome = emulator.send_text(karimova.user, "/cases")
        await karimova.reply()
        emulator.edit_text(karimova.user, welcome["message_id"], "/cases 2")
        await karimova.sees(RU.raw(ct.EDIT_NOT_RELAYED))
    assert RU.raw(texts.SAFETY_TITLE) not in karimova.transcript(), "never the interview"


async def test_re_paging_and_help_never_duplicate_a_card(
    emulator: BotApiEmulator, settings: Settings, clock: ManualClock
) -> None:
    karimova, _ = await lawyers(emulator, settings)
    async with running_bot(settings, clock):
        await karimova.send("/start")
        client = await urgent_client(emulator, FIRST)
        await karimova.sees(case_number(client), after=0)
        await karimova.send("/help")
        for _ in range(2):
            karimova.since = emulator.mark()
            clock.advance(settings.ack_timeout * HIGH.everyone_after)  # a high-risk case
            ping = await karimova.sees(said(RU, ct.STILL_WAITING, client))
            assert ping.raw.get("reply_to_message"), "a short reminder linked to the card"
    cards = [m for m in karimova.bot_messages() if case_number(client) in (m.text or "")]
    assert len([m for m in cards if RU.raw(ct.BUTTON_TAKE) in labels(m)]) == 1


async def test_block_close_and_end_ask_first_and_a_closed_case_can_be_reopened(
    emulator: BotApiEmulator, settings: Settings
) -> None:
    karimova, _ = await lawyers(emulator, settings)
    async with running_bot(settings):
        await karimova.send("/start")
        client = await urgent_client(emulator, FIRST)
        card = await takes(karimova, RU, client)
        number = case_number(client)

        await karimova.tap(RU.raw(ct.BUTTON_ABUSE), card)
        await karimova.sees(RU.raw(ct.ABUSE_ASK).format(number=number))
        await karimova.tap(RU.raw(ct.BUTTON_CANCEL))
        await karimova.sees(RU.raw(ct.CANCELLED))
        await client.tap(UZ.raw(ct.BUTTON_END), client.bot_messages()[-1].message_id)
        await client.sees(said(UZ, ct.END_ASK, client))
        await client.tap(UZ.raw(ct.BUTTON_END_NO))
        await client.sees(UZ.raw(ct.GOES_ON))
        client.write("Hali shu yerdaman")
        await karimova.sees("Hali shu yerdaman")

        await karimova.tap(RU.raw(ct.BUTTON_CLOSE), card)
        await karimova.sees(RU.raw(ct.CLOSE_WITH).format(number=number))
        await karimova.tap(RU.raw(ct.BUTTON_CANCEL))
        await karimova.sees(RU.raw(ct.CANCELLED))
        await karimova.tap(RU.raw(ct.BUTTON_CLOSE), card)
        await karimova.tap(RU.raw(ct.OUTCOMES["appeal_filed"]))
        await client.sees(said(UZ, ct.CLOSED, client))

        karimova.since = emulator.mark()
        emulator.send_text(karimova.user, f"/card {number}")
        reopen = await karimova.offered(RU.raw(ct.BUTTON_REOPEN))
        (shown,) = [m for m in karimova.bot_messages() if m.message_id == reopen]
        assert shown.message_id != card and number in (shown.text or ""), "the full card"
        await karimova.tap(RU.raw(ct.BUTTON_REOPEN), reopen)
        await karimova.sees(RU.raw(ct.REOPENED_LAWYER).format(number=number))
        await client.expect(said(UZ, ct.REOPENED, client))
        karimova.write("Дело снова открыто")
        await client.expect("Дело снова открыто")

        await client.send("/end")
        await client.tap(UZ.raw(ct.BUTTON_END_YES))
        await client.sees(said(UZ, ct.ENDED, client))
        await karimova.expect(said(RU, ct.CLIENT_ENDED, client))


async def test_a_removed_lawyer_keeps_no_case_and_is_told_so(
    emulator: BotApiEmulator, settings: Settings
) -> None:
    karimova, rahimov = await lawyers(emulator, settings)
    async with running_bot(settings) as bot:
        await karimova.send("/start")
        await rahimov.send("/start")
        client = await urgent_client(emulator, FIRST)
        card = await takes(karimova, RU, client)
        karimova.since = emulator.mark()
        assert await remove_lawyer(bot.services, KARIMOVA) == ("A. Karimova", 1)
        await karimova.sees(said(RU, ct.CARD_NO_ACCESS, client))
        assert not labels(next(m for m in karimova.bot_messages() if m.message_id == card))
        for typed in ("/cases", "Клиенту: я на месте"):
            karimova.write(typed)  # (the card's last edit may still be on its way)
            reply = await karimova.reply(lambda call: call.method == "sendMessage")
            assert reply.params["text"] == RU.raw(ct.REMOVED), "never the client interview"
        await takes(rahimov, EN, client)
    assert "Клиенту" not in client.transcript()


async def test_the_team_is_warned_once_when_the_last_lawyer_goes_off_duty(
    emulator: BotApiEmulator, settings: Settings
) -> None:
    karimova, rahimov = await lawyers(emulator, settings)
    warning = EN.raw(ct.NOBODY_ON_DUTY)
    async with running_bot(settings):
        await karimova.send("/start")
        await rahimov.send("/start")
        await karimova.send("/duty on")
        for _ in range(2):
            await karimova.send("/duty")
        await karimova.send("/duty off")
        await rahimov.expect(warning)
        reply = await karimova.send("/duty maybe")
        assert reply.params["text"] == RU.raw(ct.DUTY_USAGE)
        await karimova.send("/duty off")
        await rahimov.send("/duty")
    assert received(rahimov, warning) == 2, "the warning, then his own /duty: no repeats"


async def test_menus_follow_the_role_and_notes_say_who_and_when(
    emulator: BotApiEmulator, settings: Settings
) -> None:
    karimova, rahimov = await lawyers(emulator, settings)
    async with running_bot(settings):
        await karimova.send("/start")
        await rahimov.send("/start")
        lawyer_menu = await menu_of(emulator, karimova)
        coordinator_menu = await menu_of(emulator, rahimov)
        assert "stats" not in lawyer_menu and "unblock" not in lawyer_menu
        assert {"stats", "unblock"} <= set(coordinator_menu)
        help_text = str((await rahimov.send("/help")).params["text"])
        assert "/stats" in help_text and "/unblock" in help_text

        client = await urgent_client(emulator, FIRST)
        card = await takes(karimova, RU, client)
        await karimova.send(f"/note {case_number(client)} Семья в Самарканде")
        await karimova.tap(RU.raw(ct.BUTTON_NOTES), card)
        notes = await karimova.sees(RU.raw(ct.NOTES_HEAD).format(number=case_number(client)))
        assert "A. Karimova" in (notes.text or "") and "Семья в Самарканде" in (notes.text or "")


async def menu_of(emulator: BotApiEmulator, lawyer: Person) -> list[str]:
    call = await emulator.first_call(
        lambda c: (
            c.method == "setMyCommands"
            and c.params.get("scope", {}).get("chat_id") == lawyer.user.id
        ),
        after=0,
        timeout=WAIT,
    )
    return [str(command["command"]) for command in call.params["commands"]]


async def test_lawyers_add_again_changes_the_language_and_keeps_the_role(
    emulator: BotApiEmulator, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in bot_env(emulator, settings).items():
        monkeypatch.setenv(name, value)
    add = ["lawyers", "add", str(RAHIMOV), "--name", "B. Rahimov"]
    assert await asyncio.to_thread(main, [*add, "--lang", "en", "--coordinator"]) == 0
    assert await asyncio.to_thread(main, [*add, "--lang", "ru"]) == 0
    rahimov = Person(emulator, emulator.user(RAHIMOV, "Bobur", language_code="en"))
    async with running_bot(settings):
        welcome = str((await rahimov.send("/start")).params["text"])
    assert RU.raw(ct.LAWYER_WELCOME).format(name="B. Rahimov") in welcome, "in Russian now"
    assert "/stats" in welcome, "still a coordinator"


async def test_a_card_tells_when_the_case_came_in_not_a_frozen_age(
    emulator: BotApiEmulator, settings: Settings, clock: ManualClock
) -> None:
    karimova, _ = await lawyers(emulator, settings)
    async with running_bot(settings, clock):
        await karimova.send("/start")
        client = await urgent_client(emulator, FIRST)
        card = await karimova.sees(case_number(client), after=0)
        clock.advance(timedelta(hours=3))
        later = await karimova.send(f"/card {case_number(client)}")
    assert "1 second ago" not in str(later.params["text"])
    assert (card.text or "").split("\n")[0] != str(later.params["text"]).split("\n")[0]


async def test_the_flood_word_and_the_lawyers_only_word_follow_the_chosen_language(
    emulator: BotApiEmulator, settings: Settings
) -> None:
    person = Person(emulator, emulator.user(FIRST, "P", language_code="en"))
    limited = settings.model_copy(update={"flood_limit": 3, "flood_window": 60.0})
    async with running_bot(limited):
        await person.send("/language")
        await person.tap("Русский")
        await person.sees("Язык изменён")
        await person.tap_data("k:take:1")
        refused = await person.reply(lambda call: call.method == "answerCallbackQuery")
        assert refused.params["text"] == RU.raw(ct.LAWYERS_ONLY)
        for n in range(6):
            emulator.send_text(person.user, f"текст {n}")
        await person.sees(RU.raw(TOO_FAST))


async def test_durations_written_as_the_readme_allows_start_the_bot(
    emulator: BotApiEmulator, settings: Settings
) -> None:
    karimova, _ = await lawyers(emulator, settings)
    timers = {"BOSHPANA_ACK_TIMEOUT": "600", "BOSHPANA_REPEAT_INTERVAL": "PT10M"}
    bot = BotProcess({**bot_env(emulator, settings), **timers})
    await bot.start()
    try:
        welcome = await karimova.send("/start")
    finally:
        assert await bot.stop() == 0
    assert RU.raw(ct.LAWYER_WELCOME).format(name="A. Karimova") in str(welcome.params["text"])


async def test_a_lawyer_back_after_blocking_the_bot_sees_every_case_as_it_is_now(
    emulator: BotApiEmulator, settings: Settings
) -> None:
    karimova, rahimov = await lawyers(emulator, settings)
    async with running_bot(settings) as bot:
        await karimova.send("/start")
        await rahimov.send("/start")
        first = await urgent_client(emulator, FIRST)
        her_case = await takes(karimova, RU, first)
        second = await urgent_client(emulator, SECOND)
        other_case = await karimova.offered(RU.raw(ct.BUTTON_TAKE))
        emulator.block_bot(karimova.user)
        first.write("Meni olib ketishyapti")
        await first.sees(said(UZ, ct.LAWYER_UNREACHABLE_CLIENT, first))
        await takes(rahimov, EN, second)  # while she cannot be reached

        emulator.unblock_bot(karimova.user)
        await karimova.send("/start")
        await karimova.offered(RU.raw(ct.BUTTON_TAKE), her_case)  # back in the pool
        taken = re.compile(re.escape(case_number(second)) + r"[\s\S]*B\. Rahimov")
        assert (await karimova.sees(taken)).message_id == other_case
        assert not labels(next(m for m in karimova.bot_messages() if m.message_id == other_case))
        assert await reachable(bot.services, KARIMOVA)


async def test_what_a_lawyer_writes_before_choosing_waits_with_the_held_messages(
    emulator: BotApiEmulator, settings: Settings
) -> None:
    karimova, _ = await lawyers(emulator, settings)
    async with running_bot(settings):
        await karimova.send("/start")
        first = await urgent_client(emulator, FIRST)
        await takes(karimova, RU, first)
        second = await urgent_client(emulator, SECOND)
        second_card = await takes(karimova, RU, second)
        karimova.write("Первое: не подписывайте")
        asked = await karimova.sees(RU.raw(ct.WHICH_CASE))
        await karimova.tap(RU.raw(ct.BUTTON_HAND_BACK), second_card)
        await karimova.send("Передаю: семья на связи")
        await karimova.sees(said(RU, ct.HANDED_BACK_TO_TEAM, second))
        karimova.write("Второе: я еду")  # one case left, but a question is open
        await karimova.sees(RU.raw(ct.HELD_TOO))
        await karimova.tap(f"→ {case_number(first)}", asked.message_id)
        await karimova.sees(RU.raw(ct.HELD_SENT).format(number=case_number(first), count=2))
        await first.expect("Второе: я еду")
    to_first = first.transcript()
    assert to_first.index("Первое: не подписывайте") < to_first.index("Второе: я еду")
    assert "Первое" not in second.transcript() and "Второе" not in second.transcript()
