"""Urgent cases reach a duty lawyer, are taken by exactly one, and never get lost."""

from __future__ import annotations

import io
import re
import time
from collections.abc import Callable
from datetime import timedelta

from docx import Document

from bot.cases import texts as ct
from bot.cases.escalation import Escalation
from bot.cases.policy import HIGH
from bot.cli.lawyers import remove_lawyer
from bot.core.clock import ManualClock
from bot.core.config import Settings
from bot.core.i18n import Translator
from bot.core.work import unit_of_work
from bot.outbox.kinds import ClientNotice
from bot.person import texts
from bot.serving.app import DELIVERY
from bot.serving.runtime import services
from emulator import BotApiEmulator, Call, SimUser
from emulator.models import UploadedFile
from flows import samples
from flows.screens import NoticeKind
from flows.text import Msg
from store import CaseSummary
from tests.e2e.harness import CATALOGS, WAIT, Person, labels, running_bot
from tests.e2e.test_interview import answer

RU = CATALOGS.translator("ru")
EN = CATALOGS.translator("en")
UZ = CATALOGS.translator("uz_Latn")
URGENT_ANSWERS = list(samples.DETAINED_FOR_EXTRADITION)
KARIMOVA, RAHIMOV, CLIENT = 9001, 9002, 7001
CASE_NUMBER = re.compile(r"B-(?!XXXX)[2-9A-Z]{4}")


async def register(
    settings: Settings, telegram_id: int, name: str, locale: str, coordinator: bool = False
) -> None:
    async with (
        services(settings, lambda _: None, CATALOGS) as shared,
        shared.db.transaction() as tx,
    ):
        await tx.lawyers.add(telegram_id, name, locale, coordinator)


async def lawyers(emulator: BotApiEmulator, settings: Settings) -> tuple[Person, Person]:
    await register(settings, KARIMOVA, "A. Karimova", "ru")
    await register(settings, RAHIMOV, "B. Rahimov", "en", coordinator=True)
    return (
        Person(emulator, emulator.user(KARIMOVA, "Aziza", language_code="ru")),
        Person(emulator, emulator.user(RAHIMOV, "Bobur", language_code="en")),
    )


async def urgent_client(
    emulator: BotApiEmulator,
    telegram_id: int = CLIENT,
    answers: list[tuple[str, str]] = URGENT_ANSWERS,
) -> Person:
    """A person who answered (enough to be urgent), consented, and was given a case number."""
    client = Person(emulator, emulator.user(telegram_id, "Client Canary", language_code="uz"))
    await client.send("/start")
    await client.tap(UZ.raw(texts.BUTTON_START))
    for question_id, option_id in answers:
        await answer(client, UZ, question_id, option_id)
    await client.send("/lawyer")
    client.consented_at = time.time()
    await client.tap(UZ.raw(texts.BUTTON_CONSENT))
    await client.sees(CASE_NUMBER)
    return client


async def taken_by(lawyer: Person, emulator: BotApiEmulator) -> Person:
    """An urgent person whose case ``lawyer`` (Russian-speaking, already started) has taken."""
    client = await urgent_client(emulator)
    await lawyer.tap(RU.raw(ct.BUTTON_TAKE))
    await client.sees(filled(UZ, ct.CLAIMED.me, client))
    return client


def case_number(person: Person) -> str:
    """The case number the person was given."""
    found = CASE_NUMBER.search(person.transcript())
    assert found, person.transcript()
    return found.group(0)


def filled(t: Translator, text: Msg, person: Person) -> str:
    """``text`` as the bot words it for ``person``'s case."""
    return t.raw(text).format(number=case_number(person))


def for_any_case(t: Translator, text: Msg) -> re.Pattern[str]:
    """``text`` as the bot words it, whatever the case number."""
    return re.compile(re.escape(t.raw(text)).replace(re.escape("{number}"), CASE_NUMBER.pattern))


def is_card(call: Call) -> bool:
    """A case card: a message with a Take button."""
    return (
        call.method == "sendMessage"
        and call.ok
        and "k:take:" in str(call.params.get("reply_markup"))
    )


def is_answer(call: Call) -> bool:
    """The answer to a button press (Telegram's spinner stops)."""
    return call.method == "answerCallbackQuery"


def cards_to(emulator: BotApiEmulator, user: SimUser) -> list[str]:
    return [
        str(call.params.get("text", ""))
        for call in emulator.calls
        if is_card(call) and call.params.get("chat_id") == user.id
    ]


async def test_urgent_case_reaches_the_lawyer_on_duty_who_takes_it(
    emulator: BotApiEmulator, settings: Settings
) -> None:
    karimova, rahimov = await lawyers(emulator, settings)
    async with running_bot(settings):
        await karimova.send("/start")
        await rahimov.send("/start")
        await karimova.send("/duty on")
        await karimova.sees(RU.raw(ct.DUTY_ON))
        await emulator.wait_for(
            "setMyCommands",
            lambda c: c.params.get("scope", {}).get("chat_id") == KARIMOVA,
            after=0,
            timeout=WAIT,
        )  # a lawyer's own menu
        client = await urgent_client(emulator)
        card = await emulator.wait_for(
            "sendMessage", lambda c: c.params.get("chat_id") == KARIMOVA and is_card(c), after=0
        )
        latency = card.time - client.consented_at
        print(f"consent → lawyer's card: {latency * 1000:.0f} ms")
        assert latency < 5, f"the card took {latency:.2f}s"
        assert "Client Canary" not in str(card.params), (
            "the client's name never reaches the lawyer"
        )
        await karimova.tap(RU.raw(ct.BUTTON_TAKE))
        await client.sees(filled(UZ, ct.CLAIMED.me, client))
        assert not cards_to(emulator, rahimov.user), "only the lawyer on duty is paged first"


async def test_two_lawyers_pressing_take_together_give_one_owner(
    emulator: BotApiEmulator, settings: Settings
) -> None:
    karimova, rahimov = await lawyers(emulator, settings)
    async with running_bot(settings):
        await karimova.send("/start")
        await rahimov.send("/start")
        await urgent_client(emulator)
        karimova_card = await karimova.offered(RU.raw(ct.BUTTON_TAKE))
        rahimov_card = await rahimov.offered(EN.raw(ct.BUTTON_TAKE))
        pressed = emulator.mark()
        emulator.press_button(karimova.user, RU.raw(ct.BUTTON_TAKE), karimova_card)
        presses = [emulator.latest_update_id]
        emulator.press_button(rahimov.user, EN.raw(ct.BUTTON_TAKE), rahimov_card)
        presses.append(emulator.latest_update_id)
        for update_id in presses:
            await emulator.reply_to(update_id, is_answer, timeout=WAIT)
        yours = await emulator.first_call(
            lambda c: "k:act:" in str(c.params.get("reply_markup")), after=pressed, timeout=WAIT
        )
        karimova_won = yours.params["chat_id"] == KARIMOVA
        winner, loser = (karimova, rahimov) if karimova_won else (rahimov, karimova)
        winner_name = "A. Karimova" if winner is karimova else "B. Rahimov"
        await loser.sees(winner_name, after=pressed)
        async with (
            services(settings, lambda _: None, CATALOGS) as shared,
            shared.db.transaction() as tx,
        ):
            claims = [e for e in await tx.audit.recent() if e.action == "claimed"]
        assert len(claims) == 1
        assert f"k:act:{claims[0].case_id}" in str(yours.params["reply_markup"])
        assert not [m for m in loser.bot_messages() if "k:take" in str(m.reply_markup)]


async def test_untaken_case_goes_to_everyone_once_then_pings_them(
    emulator: BotApiEmulator, settings: Settings, clock: ManualClock
) -> None:
    karimova, rahimov = await lawyers(emulator, settings)
    async with running_bot(settings, clock):
        await karimova.send("/start")
        await rahimov.send("/start")
        await karimova.send("/duty on")
        client = await urgent_client(emulator)
        assert not cards_to(emulator, rahimov.user), "only the lawyer on duty at first"
        since = len(emulator.calls)
        clock.advance(settings.ack_timeout * HIGH.everyone_after)  # a high-risk case
        await emulator.wait_for("sendMessage", to(rahimov.user, is_card), after=since)
        reaching = filled(UZ, ct.STILL_REACHING, client)
        await client.expect(reaching)
        for _ in range(2):
            since = len(emulator.calls)
            clock.advance(settings.repeat_interval)
            ping = await emulator.wait_for("sendMessage", to(rahimov.user, is_ping), after=since)
            assert ping.params.get("reply_parameters"), "the reminder replies to the card"
        assert len(cards_to(emulator, rahimov.user)) == 1, "one card per lawyer, never a copy"
        assert sum(reaching in (m.text or "") for m in client.bot_messages()) == 1


async def test_relay_both_ways_hides_identities(
    emulator: BotApiEmulator, settings: Settings
) -> None:
    karimova, _ = await lawyers(emulator, settings)
    async with running_bot(settings):
        await karimova.send("/start")
        client = await taken_by(karimova, emulator)
        client.write("Meni Sheremetyevoga olib ketishyapti")
        to_lawyer = (await karimova.sees("Meni Sheremetyevoga olib ketishyapti")).text or ""
        assert "Client Canary" not in to_lawyer
        karimova.write("Не подписывайте ничего. Я еду.")
        to_client = (await client.sees("Не подписывайте ничего")).text or ""
        assert UZ.raw(ct.FROM_LAWYER) in to_client
        assert "Aziza" not in to_client and "Karimova" not in to_client
        photo = {
            "photo": [{"file_id": "p1", "file_unique_id": "u1", "width": 9, "height": 9}],
            "caption": "qaror",
        }
        client.write_message(photo)
        await emulator.wait_for(
            "copyMessage", lambda c: c.params["chat_id"] == KARIMOVA, after=client.since
        )
        assert not [c for c in emulator.calls if c.method == "forwardMessage"]


async def test_non_lawyer_cannot_use_lawyer_commands_or_buttons(
    emulator: BotApiEmulator, settings: Settings
) -> None:
    karimova, _ = await lawyers(emulator, settings)
    async with running_bot(settings):
        await karimova.send("/start")
        client = await urgent_client(emulator)
        card = await karimova.offered(RU.raw(ct.BUTTON_TAKE))
        await client.tap_data("k:take:1", client.bot_messages()[-1].message_id)
        answer = await client.reply(is_answer)
        assert answer.params.get("show_alert")
        await client.send("/duty on")
        await client.sees(UZ.raw(texts.NOTICES[NoticeKind.UNKNOWN_COMMAND]))
        still = next(m for m in karimova.bot_messages() if m.message_id == card)
        assert RU.raw(ct.BUTTON_TAKE) in labels(still), "the case is still open"


async def test_injected_429_and_500_delay_but_never_lose_the_card(
    emulator: BotApiEmulator, settings: Settings, clock: ManualClock
) -> None:
    karimova, _ = await lawyers(emulator, settings)
    async with running_bot(settings, clock) as bot:
        await karimova.send("/start")
        await karimova.send("/duty on")
        flood = "Too Many Requests: retry after 1"
        emulator.fail_next(
            "sendMessage", status=429, description=flood, retry_after=1, count=4, chat_id=KARIMOVA
        )
        emulator.fail_next(
            "sendMessage", status=500, description="Internal Server Error", chat_id=KARIMOVA
        )
        since = len(emulator.calls)
        await urgent_client(emulator)
        for failure in range(5):
            failed = await emulator.wait_for(
                "sendMessage",
                lambda c: c.params.get("chat_id") == KARIMOVA and not c.ok,
                after=since,
            )
            since = failed.index + 1
            clock.advance(timedelta(minutes=5) if failure == 4 else timedelta(seconds=1))
        card = await emulator.wait_for("sendMessage", to(karimova.user, is_card), after=since)
        assert card.ok
        await bot.application.bot_data[DELIVERY].sweep()
        clock.advance(timedelta(hours=1))
        await bot.application.bot_data[DELIVERY].sweep()
        assert len(cards_to(emulator, karimova.user)) == 1, "delivered once"


async def test_case_waits_for_the_first_lawyer_who_starts_the_bot(
    emulator: BotApiEmulator, settings: Settings
) -> None:
    async with running_bot(settings):
        client = await urgent_client(emulator)
        await client.sees(UZ.raw(ct.NO_LAWYER_NOW), after=0)  # told honestly at once
        await register(settings, KARIMOVA, "A. Karimova", "ru")
        karimova = Person(emulator, emulator.user(KARIMOVA, "Aziza", language_code="ru"))
        await karimova.send("/start")
        await karimova.tap(RU.raw(ct.BUTTON_TAKE))
        await client.sees(filled(UZ, ct.CLAIMED.me, client))
        assert len(cards_to(emulator, karimova.user)) == 1


async def open_case_while_the_bot_is_down(settings: Settings, clock: ManualClock) -> None:
    """What a crashed bot leaves behind: a case and its card written, nothing delivered."""
    async with (
        services(settings, lambda _: None, CATALOGS, clock) as shared,
        unit_of_work(shared) as work,
    ):
        tx = work.tx
        lawyer = await tx.lawyers.add(KARIMOVA, "A. Karimova", "ru", False)
        await tx.lawyers.set_reachable(lawyer.id, True)
        await tx.lawyers.set_on_duty(lawyer.id, True)
        await tx.conversations.save(shared.keyring.user_key(CLIENT), CLIENT, {}, 0)
        summary = CaseSummary("urgent", dict(URGENT_ANSWERS), "uz_Latn")
        await Escalation(settings).open_case(
            work, shared.keyring.user_key(CLIENT), "urgent", summary
        )


async def test_card_written_before_a_crash_is_delivered_once_after_restart(
    emulator: BotApiEmulator, settings: Settings, clock: ManualClock
) -> None:
    emulator.user(KARIMOVA, "Aziza", language_code="ru")
    await open_case_while_the_bot_is_down(settings, clock)
    async with running_bot(settings, clock):
        await emulator.wait_for("sendMessage", is_card, after=0)
    async with running_bot(settings, clock) as bot:
        clock.advance(timedelta(hours=1))
        await bot.application.bot_data[DELIVERY].sweep()
    assert len([c for c in emulator.calls if is_card(c)]) == 1


async def test_half_sent_items_after_a_crash_are_sent_again_when_their_claim_runs_out(
    emulator: BotApiEmulator, settings: Settings, clock: ManualClock
) -> None:
    emulator.user(KARIMOVA, "Aziza", language_code="ru")
    emulator.user(CLIENT, "Client", language_code="uz")
    await open_case_while_the_bot_is_down(settings, clock)
    async with (
        services(settings, lambda _: None, CATALOGS, clock) as shared,
        unit_of_work(shared) as work,
    ):
        case = await work.tx.cases.open_for(shared.keyring.user_key(CLIENT))
        assert case is not None
        await Escalation(settings).notify_client(work, case, ClientNotice.STILL_REACHING)
        claimed = await work.tx.outbox.claim_due(clock.now())  # then the process dies
    assert {item.kind for item in claimed} == {"card", "client_notice"}
    async with running_bot(settings, clock):
        clock.advance(
            settings.claim_lease + timedelta(seconds=1)
        )  # the dead process's claims run out
        await emulator.wait_for("sendMessage", is_card, after=0)
        await emulator.wait_for("sendMessage", lambda c: c.params["chat_id"] == CLIENT, after=0)


async def test_blocked_client_is_reported_to_the_lawyer(
    emulator: BotApiEmulator, settings: Settings
) -> None:
    karimova, _ = await lawyers(emulator, settings)
    async with running_bot(settings):
        await karimova.send("/start")
        client = await taken_by(karimova, emulator)
        emulator.block_bot(client.user)
        karimova.write("Вы здесь?")
        await karimova.sees(filled(RU, ct.CLIENT_BLOCKED, client))


async def test_removed_lawyer_cases_go_back_to_the_pool(
    emulator: BotApiEmulator, settings: Settings
) -> None:
    karimova, rahimov = await lawyers(emulator, settings)
    async with running_bot(settings) as bot:
        shared = bot.services
        await karimova.send("/start")
        await rahimov.send("/start")
        await karimova.send("/duty on")
        client = await taken_by(karimova, emulator)
        since = len(emulator.calls)
        assert await remove_lawyer(shared, KARIMOVA) == ("A. Karimova", 1)
        await emulator.wait_for("sendMessage", to(rahimov.user, is_card), after=since)
        assert len(cards_to(emulator, rahimov.user)) == 1, "the case is offered again"
        await client.expect(filled(UZ, ct.HANDED_BACK, client))


async def test_lawyer_sees_sources_and_gets_a_draft_request_file(
    emulator: BotApiEmulator, settings: Settings
) -> None:
    karimova, _ = await lawyers(emulator, settings)
    async with running_bot(settings):
        await karimova.send("/start")
        client = await taken_by(karimova, emulator)
        card = await karimova.offered(RU.raw(ct.BUTTON_SOURCES))
        await karimova.tap(RU.raw(ct.BUTTON_SOURCES), card)
        await karimova.sees("463")  # the extradition appeal rests on CPC RF art. 463
        number = case_number(karimova)
        await karimova.send(f"/note {number} Decision no. 17 handed over in the centre")
        await karimova.sees(filled(RU, ct.NOTE_SAVED, karimova))
        await karimova.tap(RU.raw(ct.BUTTON_DRAFTS), card)
        await karimova.tap(RU.raw(ct.DRAFT_CAT))
        document = await emulator.wait_for("sendDocument", after=karimova.since, timeout=WAIT)
        assert document.ok and document.params["chat_id"] == KARIMOVA
        sent = document.params["document"]
        assert isinstance(sent, UploadedFile) and sent.filename.startswith(f"{number}-cat-")
        written = "\n".join(p.text for p in Document(io.BytesIO(sent.data)).paragraphs)
        assert "Decision no. 17 handed over in the centre" in written, "the lawyer's note"
        assert not [
            c
            for c in emulator.calls
            if c.method == "sendDocument" and c.params["chat_id"] == client.user.id
        ]


async def test_messages_sent_while_waiting_reach_the_lawyer_in_order_once_taken(
    emulator: BotApiEmulator, settings: Settings
) -> None:
    karimova, _ = await lawyers(emulator, settings)
    async with running_bot(settings):
        await karimova.send("/start")
        client = await urgent_client(emulator)
        for n in range(3):
            await client.send(f"kutyapman {n}")
            await client.sees(UZ.raw(ct.KEPT_FOR_LAWYER))
        await karimova.tap(RU.raw(ct.BUTTON_TAKE))
        await karimova.sees("kutyapman 2")
        relayed = [m.text or "" for m in karimova.bot_messages() if "kutyapman" in (m.text or "")]
        assert [text.split()[-1] for text in relayed] == ["0", "1", "2"]


def is_ping(call: Call) -> bool:
    """A reminder about a waiting case, in reply to the lawyer's card."""
    return call.method == "sendMessage" and call.ok and "⏰" in str(call.params.get("text"))


def to(user: SimUser, kind: Callable[[Call], bool]) -> Callable[[Call], bool]:
    """Calls of ``kind`` to ``user``."""
    return lambda call: call.params.get("chat_id") == user.id and kind(call)
