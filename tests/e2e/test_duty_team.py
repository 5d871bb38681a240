"""A volunteer duty team over days: schedules, handoffs, paging by urgency, reminders, nudges.

The bot runs on a clock the test moves (no waiting for real time). The team's time zone
is Moscow (UTC+3); Karimova writes in Russian, Rahimov (a coordinator) in English.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.cases import texts as ct
from bot.core.clock import ManualClock
from bot.core.config import Settings
from bot.desk import duty_texts as dt
from bot.desk import stats
from emulator import BotApiEmulator
from flows import samples
from tests.e2e.harness import Person, running_bot
from tests.e2e.test_desk import received, takes
from tests.e2e.test_escalation import EN, RU, UZ, case_number, lawyers, register, urgent_client

MOSCOW = ZoneInfo("Europe/Moscow")
FIRST, SECOND = 7001, 7002


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """``day`` days after Monday 30 November 2026, at ``hour:minute`` in Moscow."""
    return datetime(2026, 11, 30, hour, minute, tzinfo=MOSCOW) + timedelta(days=day)


def move_to(clock: ManualClock, moment: datetime) -> None:
    clock.advance(moment - clock.now())


async def test_a_week_with_a_gap_in_cover_warns_the_coordinators_each_morning(
    emulator: BotApiEmulator, settings: Settings
) -> None:
    clock = ManualClock(at(0, 8, 30))
    karimova, rahimov = await lawyers(emulator, settings)
    async with running_bot(settings, clock):
        await karimova.send("/start")
        await rahimov.send("/start")
        shown = await karimova.send("/schedule add daily 08:00-20:00")
        assert RU.raw(dt.SCHEDULE_SAVED) in str(shown.params["text"])
        await rahimov.send("/schedule add mon-fri 20:00-08:00")
        gaps = await rahimov.send("/schedule")
        text = str(gaps.params["text"])
        assert EN.raw(dt.GAPS_HEAD) in text and "Sat 5 Dec, 20:00 – Sun 6 Dec, 08:00" in text
        move_to(clock, at(0, 9, 1))
        await rahimov.expect(EN.raw(dt.GAPS_HEAD))
        move_to(clock, at(0, 15))
        karimova.since = emulator.mark()
        move_to(clock, at(1, 9, 1))
        await rahimov.sees(EN.raw(dt.GAPS_HEAD))
    assert received(rahimov, EN.raw(dt.GAPS_HEAD)) == 3, "/schedule, then once each morning"
    assert received(karimova, RU.raw(dt.GAPS_HEAD)) == 1, "her /schedule; no morning warnings"


async def test_at_a_change_of_shift_the_incoming_lawyer_gets_the_open_cases(
    emulator: BotApiEmulator, settings: Settings
) -> None:
    clock = ManualClock(at(0, 8, 30))
    karimova, rahimov = await lawyers(emulator, settings)
    async with running_bot(settings, clock):
        await karimova.send("/start")
        await rahimov.send("/start")
        await karimova.send("/schedule add daily 08:00-20:00")
        await rahimov.send("/schedule add daily 20:00-08:00")
        move_to(clock, at(0, 8, 31))
        await karimova.expect(RU.raw(dt.SHIFT_STARTS_EMPTY).split("{")[0])
        taken = await urgent_client(emulator, FIRST)
        await takes(karimova, RU, taken)
        waiting = await urgent_client(emulator, SECOND)
        move_to(clock, at(0, 20, 1))
        handoff = await rahimov.sees(EN.raw(dt.SHIFT_STARTS).split("{")[0])
        await karimova.expect(RU.raw(dt.SHIFT_ENDS))
        await rahimov.send("/duty")
        duty = (await rahimov.sees(EN.raw(ct.ON_DUTY_NOW).split("{")[0])).text or ""
    assert case_number(taken) in (handoff.text or "") and "A. Karimova" in (handoff.text or "")
    assert case_number(waiting) in (handoff.text or "")
    assert EN.raw(dt.WAITING) in (handoff.text or "")
    assert "B. Rahimov" in duty and "A. Karimova" not in duty


async def test_a_routine_case_waits_for_the_morning_an_urgent_one_does_not(
    emulator: BotApiEmulator, settings: Settings
) -> None:
    clock = ManualClock(at(1, 2))  # Tuesday 02:00 in Moscow
    karimova, rahimov = await lawyers(emulator, settings)
    async with running_bot(settings, clock):
        await karimova.send("/start")
        await rahimov.send("/start")
        await karimova.send("/duty on")
        low = await urgent_client(emulator, FIRST, samples.LOW)
        urgent = await urgent_client(emulator, SECOND, samples.URGENT)
        await karimova.sees(case_number(urgent), after=0)
        assert case_number(low) not in karimova.transcript(), "nobody is woken for a low case"
        move_to(clock, at(1, 8, 1))
        await karimova.sees(case_number(low))
    assert case_number(low) not in rahimov.transcript(), "the lawyer on duty first"


async def test_lawyers_who_speak_the_clients_language_are_paged_first(
    emulator: BotApiEmulator, settings: Settings
) -> None:
    karimova, rahimov = await lawyers(emulator, settings)
    async with running_bot(settings, ManualClock(at(0, 12))):
        await karimova.send("/start")
        await rahimov.send("/start")
        for lawyer in (karimova, rahimov):
            await lawyer.send("/duty on")
        await karimova.send("/languages ru")
        await rahimov.send("/languages uz en")
        client = await urgent_client(emulator, FIRST)  # writes in Uzbek
        await rahimov.sees(case_number(client), after=0)
    assert case_number(client) not in karimova.transcript()


async def test_a_running_appeal_is_recalled_three_days_before_the_day_before_and_on_the_day(
    emulator: BotApiEmulator, settings: Settings
) -> None:
    clock = ManualClock(at(0, 12))  # the decision was served yesterday, Sunday 29 Nov
    karimova, rahimov = await lawyers(emulator, settings)
    async with running_bot(settings, clock):
        await karimova.send("/start")
        await rahimov.send("/start")
        client = await urgent_client(emulator, FIRST, samples.URGENT)
        await takes(karimova, RU, client)
        number = case_number(client)
        last_day = at(9, 0).date()  # 29 Nov + 10 days: Wednesday 9 December
        for moment, text in (
            (at(6, 9, 1), dt.DAY_IN_THREE),
            (at(8, 9, 1), dt.DAY_TOMORROW),
            (at(9, 8, 1), dt.DAY_TODAY),
        ):
            karimova.since = rahimov.since = emulator.mark()
            move_to(clock, moment)
            head = RU.raw(text).split("{day}")[0].format(number=number)
            reminder = await karimova.sees(head)
            assert RU.value(last_day) in (reminder.text or "")
            assert "463" in (reminder.text or ""), "the law it runs under"
            await rahimov.sees(EN.raw(text).split("{day}")[0].format(number=number))
    assert received(karimova, f"{number}: ") >= 3


async def test_a_taken_case_with_no_word_to_the_client_nudges_the_holder_then_the_team(
    emulator: BotApiEmulator, settings: Settings
) -> None:
    clock = ManualClock(at(0, 12))
    karimova, rahimov = await lawyers(emulator, settings)
    async with running_bot(settings, clock):
        await karimova.send("/start")
        await rahimov.send("/start")
        client = await urgent_client(emulator, FIRST)
        await takes(karimova, RU, client)
        number = case_number(client)
        nudge = RU.raw(dt.NUDGE_FIRST_MESSAGE).split("{time}")[0].format(number=number)
        move_to(clock, at(0, 12, 31))
        await karimova.sees(nudge)
        move_to(clock, at(0, 13, 1))
        await rahimov.sees(f"⚠ Case {number} was taken by A. Karimova")
    assert received(karimova, nudge) == 1


async def test_an_urgent_case_quiet_for_a_day_nudges_the_holder_then_the_team(
    emulator: BotApiEmulator, settings: Settings
) -> None:
    clock = ManualClock(at(0, 12))
    karimova, rahimov = await lawyers(emulator, settings)
    async with running_bot(settings, clock):
        await karimova.send("/start")
        await rahimov.send("/start")
        client = await urgent_client(emulator, FIRST, samples.URGENT)
        await takes(karimova, RU, client)
        karimova.write("Я ваш адвокат, позвоню через час")
        await client.sees("Я ваш адвокат")
        number = case_number(client)
        move_to(clock, at(1, 12, 1))
        await karimova.expect(RU.raw(dt.NUDGE_QUIET).format(number=number))
        move_to(clock, at(1, 14, 1))
        await rahimov.expect(EN.raw(dt.NUDGE_QUIET_TEAM).format(number=number, name="A. Karimova"))
    assert RU.raw(dt.NUDGE_FIRST_MESSAGE)[:12] not in karimova.transcript(), "she had written"


YUSUPOVA = 9003


async def test_a_coordinator_lists_every_open_case_filters_them_and_opens_any(
    emulator: BotApiEmulator, settings: Settings, clock: ManualClock
) -> None:
    karimova, rahimov = await lawyers(emulator, settings)
    async with running_bot(settings, clock):
        await karimova.send("/start")
        await rahimov.send("/start")
        taken = await urgent_client(emulator, FIRST)
        await takes(karimova, RU, taken)
        waiting = await urgent_client(emulator, SECOND)
        await rahimov.send("/cases")
        listed = await rahimov.sees(EN.raw(ct.CASES_HEAD).split("(")[0])
        assert case_number(taken) in (listed.text or "") and "A. Karimova" in (listed.text or "")
        assert case_number(waiting) in (listed.text or "")
        await rahimov.tap(EN.raw(ct.FILTER_WAITING), listed.message_id)
        filtered = await rahimov.sees(EN.raw(ct.FILTER_WAITING))
        assert filtered.message_id == listed.message_id, "the list is edited in place"
        assert case_number(taken) not in (filtered.text or "")
        await rahimov.tap(EN.raw(ct.FILTER_ALL), listed.message_id)
        await rahimov.tap(case_number(taken), listed.message_id)
        card = await rahimov.offered(EN.raw(ct.BUTTON_REASSIGN))
        await rahimov.tap(EN.raw(ct.BUTTON_HISTORY), card)
        await rahimov.sees(EN.raw(ct.HISTORY_HEAD).format(number=case_number(taken)))
        karimova_cases = await karimova.send("/cases")
    assert case_number(waiting) not in str(karimova_cases.params), "lawyers see their own"


async def test_a_coordinator_gives_a_case_to_a_lawyer_who_accepts_or_declines(
    emulator: BotApiEmulator, settings: Settings, clock: ManualClock
) -> None:
    karimova, rahimov = await lawyers(emulator, settings)
    await register(settings, YUSUPOVA, "C. Yusupova", "ru")
    yusupova = Person(emulator, emulator.user(YUSUPOVA, "Charos", language_code="ru"))
    async with running_bot(settings, clock):
        for lawyer in (karimova, rahimov, yusupova):
            await lawyer.send("/start")
        client = await urgent_client(emulator, FIRST)
        await takes(karimova, RU, client)
        number = case_number(client)
        client.write("Meni Domodedovoga olib ketishdi")
        await karimova.sees("Domodedovo")

        async def give_to_yusupova() -> int:
            await rahimov.send(f"/card {number}")
            card = await rahimov.offered(EN.raw(ct.BUTTON_REASSIGN))
            await rahimov.tap(EN.raw(ct.BUTTON_REASSIGN), card)
            await rahimov.tap("C. Yusupova")
            await rahimov.sees(EN.raw(ct.OFFER_SENT).format(name="C. Yusupova", number=number))
            return await yusupova.offered(RU.raw(ct.BUTTON_DECLINE))

        offer = await give_to_yusupova()
        await yusupova.tap(RU.raw(ct.BUTTON_DECLINE), offer)
        await rahimov.sees(EN.raw(ct.OFFER_DECLINED).format(name="C. Yusupova", number=number))
        offer = await give_to_yusupova()
        await yusupova.tap(RU.raw(ct.BUTTON_ACCEPT), offer)
        await karimova.expect(RU.raw(ct.REASSIGNED_AWAY).format(number=number))
        await rahimov.sees(EN.raw(ct.OFFER_ACCEPTED).format(name="C. Yusupova", number=number))
        await yusupova.sees("Domodedovo")  # the case's history, at once
        client.write("Rahmat")
        await yusupova.sees("Rahmat")
        karimova.write("Это уже не моё дело")
        await karimova.sees(RU.raw(ct.NO_CASE_TO_WRITE))
        await yusupova.tap(RU.raw(ct.BUTTON_ACCEPT), offer)
        await yusupova.sees(RU.raw(ct.OFFER_GONE))
    assert "Rahmat" not in karimova.transcript()
    assert "Это уже не моё дело" not in client.transcript()


async def test_a_coordinator_puts_a_case_back_in_the_pool(
    emulator: BotApiEmulator, settings: Settings, clock: ManualClock
) -> None:
    karimova, rahimov = await lawyers(emulator, settings)
    async with running_bot(settings, clock):
        await karimova.send("/start")
        await rahimov.send("/start")
        client = await urgent_client(emulator, FIRST)
        await takes(karimova, RU, client)
        number = case_number(client)
        await rahimov.send(f"/card {number}")
        card = await rahimov.offered(EN.raw(ct.BUTTON_TO_POOL))
        await rahimov.tap(EN.raw(ct.BUTTON_TO_POOL), card)
        await karimova.expect(RU.raw(ct.PUT_BACK).format(number=number))
        await client.expect(UZ.raw(ct.HANDED_BACK).format(number=number))
        await takes(rahimov, EN, client)
        await karimova.send("/stats")
        refused = await karimova.sees(RU.raw(ct.COORDINATORS_ONLY))
        assert refused


async def test_coordinators_figures_count_first_messages_deadlines_and_cases_per_lawyer(
    emulator: BotApiEmulator, settings: Settings, clock: ManualClock
) -> None:
    karimova, rahimov = await lawyers(emulator, settings)
    async with running_bot(settings, clock):
        await karimova.send("/start")
        await rahimov.send("/start")
        client = await urgent_client(emulator, FIRST, samples.URGENT)
        await takes(karimova, RU, client)
        clock.advance(timedelta(minutes=7))
        karimova.write("Я ваш адвокат")
        await karimova.sees(RU.raw(ct.SENT_TO_CLIENT).format(number=case_number(client)))
        await rahimov.send("/stats")
        figures = (await rahimov.sees(EN.raw(stats.BY_LAWYER))).text or ""
    assert "A. Karimova 1" in figures
    assert EN.raw(stats.FIRST_MESSAGE_TIME).split("{")[0] in figures
    assert EN.raw(stats.DEADLINES).format(met=1, missed=0) in figures
