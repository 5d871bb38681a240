"""Urgent cases reach a duty lawyer, are taken by exactly one, and never get lost."""

from __future__ import annotations

import asyncio
import re
import time
from datetime import UTC, datetime, timedelta

import pytest

from bot.cases import texts as ct
from bot.cases.escalation import Escalation
from bot.core.config import Settings
from bot.core.i18n import Translator
from bot.delivery import worker as delivery
from bot.outbox.kinds import ClientNotice
from bot.person import texts
from bot.serving.runtime import services
from emulator import BotApiEmulator, Call, SimUser
from flows.interview import QUESTIONS_BY_ID
from flows.text import Msg
from tests.e2e.harness import CATALOGS, Person, running_bot

RU = CATALOGS.translator("ru")
EN = CATALOGS.translator("en")
UZ = CATALOGS.translator("uz_Latn")
URGENT_ANSWERS = [
    ("reader", "self"),
    ("location", "russia"),
    ("detention", "detained"),
    ("proceedings", "extradition"),
]
KARIMOVA, RAHIMOV, CLIENT = 9001, 9002, 7001


@pytest.fixture
def fast(settings: Settings) -> Settings:
    """Escalation timers of about a second, so re-paging shows within a test."""
    return settings.model_copy(
        update={
            "ack_timeout": timedelta(seconds=1),
            "repeat_interval": timedelta(seconds=1),
            "escalation_tick": 0.2,
            "delivery_tick": 0.2,
        }
    )


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


async def urgent_client(emulator: BotApiEmulator) -> Person:
    """A person who answered enough to be urgent and consented to share their answers."""
    client = Person(emulator, emulator.user(CLIENT, "Client Canary", language_code="uz"))
    await client.send("/start")
    await client.tap(UZ.raw(texts.BUTTON_START))
    for question_id, option_id in URGENT_ANSWERS:
        option = QUESTIONS_BY_ID[question_id].option(option_id)
        assert option is not None
        await client.tap(UZ.raw(option.label))
    await client.send("/lawyer")
    client.consented_at = time.time()
    await client.tap(UZ.raw(texts.BUTTON_CONSENT))
    return client


async def taken_by(lawyer: Person, emulator: BotApiEmulator) -> Person:
    """An urgent person whose case ``lawyer`` (Russian-speaking, already started) has taken."""
    client = await urgent_client(emulator)
    await emulator.wait_idle()
    await lawyer.tap(RU.raw(ct.BUTTON_TAKE))
    return client


def case_number(person: Person) -> str:
    """The case number the person was given."""
    found = re.search(r"B-(?!XXXX)[2-9A-Z]{4}", person.transcript())
    assert found, person.transcript()
    return found.group(0)


def filled(t: Translator, text: Msg, person: Person) -> str:
    """``text`` as the bot words it for ``person``'s case."""
    return t.raw(text).format(number=case_number(person))


def is_card(call: Call) -> bool:
    """A case card: a message with a Take button."""
    return (
        call.method == "sendMessage"
        and call.ok
        and "k:take:" in str(call.params.get("reply_markup"))
    )


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
        menus = [c for c in emulator.calls if c.method == "setMyCommands" and "scope" in c.params]
        assert any(c.params["scope"]["chat_id"] == KARIMOVA for c in menus), "a lawyer's own menu"
        client = await urgent_client(emulator)
        card = await emulator.wait_for(
            "sendMessage", lambda c: c.params.get("chat_id") == KARIMOVA and is_card(c), after=0
        )
        latency = card.time - client.consented_at
        print(f"consent → lawyer's card: {latency * 1000:.0f} ms")
        assert latency < 5, f"the card took {latency:.2f}s"
        assert not cards_to(emulator, rahimov.user), "only the lawyer on duty is paged first"
        assert "Client Canary" not in str(card.params), (
            "the client's name never reaches the lawyer"
        )
        await karimova.tap(RU.raw(ct.BUTTON_TAKE))
        await emulator.wait_idle()
        claimed = filled(UZ, ct.CLAIMED.me, client)
        assert any(claimed in (m.text or "") for m in client.bot_messages()), client.transcript()


async def test_two_lawyers_pressing_take_together_give_one_owner(
    emulator: BotApiEmulator, settings: Settings
) -> None:
    karimova, rahimov = await lawyers(emulator, settings)
    async with running_bot(settings):
        await karimova.send("/start")
        await rahimov.send("/start")
        await urgent_client(emulator)
        await emulator.wait_idle()
        emulator.press_button(karimova.user, RU.raw(ct.BUTTON_TAKE))
        emulator.press_button(rahimov.user, EN.raw(ct.BUTTON_TAKE))
        await emulator.wait_idle()
        async with (
            services(settings, lambda _: None, CATALOGS) as shared,
            shared.db.transaction() as tx,
        ):
            claims = [e for e in await tx.audit.recent() if e.action == "claimed"]
        assert len(claims) == 1
        number = claims[0].case_id
        messages = [m for p in (karimova, rahimov) for m in p.bot_messages()]
        (yours,) = [m for m in messages if f"k:act:{number}" in str(m.reply_markup)]
        winner, loser = (karimova, rahimov) if yours.chat_id == KARIMOVA else (rahimov, karimova)
        winner_name = "A. Karimova" if winner is karimova else "B. Rahimov"
        assert not [m for m in loser.bot_messages() if "k:take" in str(m.reply_markup)]
        assert any(winner_name in (m.text or "") for m in loser.bot_messages()), loser.transcript()


async def test_untaken_case_goes_to_everyone_again_and_again(
    emulator: BotApiEmulator, fast: Settings
) -> None:
    karimova, rahimov = await lawyers(emulator, fast)
    async with running_bot(fast):
        await karimova.send("/start")
        await rahimov.send("/start")
        await karimova.send("/duty on")
        client = await urgent_client(emulator)
        await asyncio.sleep(2.6)
        await emulator.wait_idle()
        assert len(cards_to(emulator, rahimov.user)) >= 2, "re-paged every repeat interval"
        reaching = filled(UZ, ct.STILL_REACHING, client)
        assert sum(reaching in (m.text or "") for m in client.bot_messages()) == 1


async def test_relay_both_ways_hides_identities(
    emulator: BotApiEmulator, settings: Settings
) -> None:
    karimova, _ = await lawyers(emulator, settings)
    async with running_bot(settings):
        await karimova.send("/start")
        client = await taken_by(karimova, emulator)
        await client.send("Meni Sheremetyevoga olib ketishyapti")
        to_lawyer = karimova.last_text()
        assert "Meni Sheremetyevoga olib ketishyapti" in to_lawyer
        assert "Client Canary" not in to_lawyer
        await karimova.send("Не подписывайте ничего. Я еду.")
        to_client = client.last_text()
        assert "Не подписывайте ничего" in to_client
        assert UZ.raw(ct.FROM_LAWYER) in to_client
        assert "Aziza" not in to_client and "Karimova" not in to_client
        photo = {
            "photo": [{"file_id": "p1", "file_unique_id": "u1", "width": 9, "height": 9}],
            "caption": "qaror",
        }
        emulator.send_message_update(client.user, photo)
        await emulator.wait_idle()
        copies = [c for c in emulator.calls if c.method == "copyMessage"]
        assert copies and copies[-1].params["chat_id"] == KARIMOVA
        assert not [c for c in emulator.calls if c.method == "forwardMessage"]


async def test_non_lawyer_cannot_use_lawyer_commands_or_buttons(
    emulator: BotApiEmulator, settings: Settings
) -> None:
    karimova, _ = await lawyers(emulator, settings)
    async with running_bot(settings):
        await karimova.send("/start")
        client = await urgent_client(emulator)
        await emulator.wait_idle()
        case_id = 1
        card = karimova.bot_messages()[-1]
        query = emulator.press(
            client.user, client.bot_messages()[-1].message_id, f"k:take:{case_id}", forged=True
        )
        await emulator.wait_idle()
        answer = next(
            c
            for c in emulator.calls
            if c.method == "answerCallbackQuery" and c.params["callback_query_id"] == query
        )
        assert answer.params.get("show_alert")
        await client.send("/duty on")
        assert (
            UZ.raw(
                texts.NOTICES[
                    __import__("flows.screens", fromlist=["NoticeKind"]).NoticeKind.UNKNOWN_COMMAND
                ]
            )
            in client.bot_messages()[-2].text
        )  # type: ignore[operator]
        assert RU.raw(ct.BUTTON_TAKE) in karimova.buttons(), "the case is still open"
        assert card.message_id


async def test_injected_429_and_500_delay_but_never_lose_the_card(
    emulator: BotApiEmulator, settings: Settings
) -> None:
    karimova, _ = await lawyers(emulator, settings)
    async with running_bot(settings):
        await karimova.send("/start")
        await karimova.send("/duty on")
        await emulator.wait_idle()
        flood = "Too Many Requests: retry after 1"
        emulator.fail_next(
            "sendMessage", status=429, description=flood, retry_after=1, count=4, chat_id=KARIMOVA
        )
        emulator.fail_next(
            "sendMessage", status=500, description="Internal Server Error", chat_id=KARIMOVA
        )
        await urgent_client(emulator)
        card = await emulator.wait_for(
            "sendMessage",
            lambda c: c.params.get("chat_id") == KARIMOVA and is_card(c),
            after=0,
            timeout=20,
        )
        assert card.ok
        await asyncio.sleep(1)
        assert len(cards_to(emulator, karimova.user)) == 1, "delivered once"


async def test_case_waits_for_the_first_lawyer_who_starts_the_bot(
    emulator: BotApiEmulator, settings: Settings
) -> None:
    async with running_bot(settings):
        client = await urgent_client(emulator)
        assert UZ.raw(ct.NO_LAWYER_NOW) in client.transcript(), "told honestly at once"
        await register(settings, KARIMOVA, "A. Karimova", "ru")
        karimova = Person(emulator, emulator.user(KARIMOVA, "Aziza", language_code="ru"))
        await karimova.send("/start")
        await emulator.wait_idle()
        assert len(cards_to(emulator, karimova.user)) == 1


async def open_case_while_the_bot_is_down(settings: Settings) -> None:
    """What a crashed bot leaves behind: a case and its card written, nothing delivered."""
    async with (
        services(settings, lambda _: None, CATALOGS) as shared,
        shared.db.transaction() as tx,
    ):
        lawyer = await tx.lawyers.add(KARIMOVA, "A. Karimova", "ru", False)
        await tx.lawyers.set_reachable(lawyer.id, True)
        await tx.lawyers.set_on_duty(lawyer.id, True)
        await tx.conversations.save(shared.keyring.user_key(CLIENT), CLIENT, {}, 0)
        summary = {"level": "urgent", "answers": dict(URGENT_ANSWERS), "locale": "uz_Latn"}
        await Escalation(settings).open_case(
            tx, shared.keyring.user_key(CLIENT), "urgent", summary
        )


async def test_card_written_before_a_crash_is_delivered_once_after_restart(
    emulator: BotApiEmulator, settings: Settings
) -> None:
    emulator.user(KARIMOVA, "Aziza", language_code="ru")
    await open_case_while_the_bot_is_down(settings)
    async with running_bot(settings):
        await emulator.wait_for("sendMessage", is_card, after=0)
        await emulator.wait_idle()
    async with running_bot(settings):
        await asyncio.sleep(0.5)
        await emulator.wait_idle()
    assert len([c for c in emulator.calls if is_card(c)]) == 1


async def test_half_sent_items_after_a_crash_resend_cards_but_never_client_messages(
    emulator: BotApiEmulator, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    emulator.user(KARIMOVA, "Aziza", language_code="ru")
    emulator.user(CLIENT, "Client", language_code="uz")
    await open_case_while_the_bot_is_down(settings)
    async with (
        services(settings, lambda _: None, CATALOGS) as shared,
        shared.db.transaction() as tx,
    ):
        case = await tx.cases.open_for(shared.keyring.user_key(CLIENT))
        assert case is not None
        await Escalation(settings).notify_client(tx, case, ClientNotice.STILL_REACHING)
        claimed = await tx.outbox.claim_due(datetime.now(UTC))
    assert {item.kind for item in claimed} == {"card_new", "client_notice"}
    monkeypatch.setattr(delivery, "STUCK_AFTER", timedelta(0))
    async with running_bot(settings):
        await emulator.wait_for("sendMessage", is_card, after=0)
        await emulator.wait_idle()
    to_client = [
        c for c in emulator.calls if c.method == "sendMessage" and c.params["chat_id"] == CLIENT
    ]
    assert not to_client, "a message whose delivery is uncertain is not sent to a person twice"


async def test_blocked_client_is_reported_to_the_lawyer(
    emulator: BotApiEmulator, settings: Settings
) -> None:
    karimova, _ = await lawyers(emulator, settings)
    async with running_bot(settings):
        await karimova.send("/start")
        client = await taken_by(karimova, emulator)
        emulator.block_bot(client.user)
        await karimova.send("Вы здесь?")
        await emulator.wait_idle()
        blocked = filled(RU, ct.CLIENT_BLOCKED, client)
        assert blocked in karimova.last_text()


async def test_removed_lawyer_cases_go_back_to_the_pool(
    emulator: BotApiEmulator, settings: Settings
) -> None:
    karimova, rahimov = await lawyers(emulator, settings)
    async with running_bot(settings) as (_, shared):
        await karimova.send("/start")
        await rahimov.send("/start")
        await karimova.send("/duty on")
        client = await taken_by(karimova, emulator)
        async with shared.db.transaction() as tx:
            lawyer = await tx.lawyers.by_user_key(shared.keyring.user_key(KARIMOVA))
            assert lawyer is not None
            assert await Escalation(settings).lawyer_removed(tx, lawyer) == 1
            await tx.lawyers.remove(KARIMOVA)
        await asyncio.sleep(1.5)
        await emulator.wait_idle()
        assert len(cards_to(emulator, rahimov.user)) == 1, "the case is offered again"
        back = filled(UZ, ct.HANDED_BACK, client)
        assert any(back in (m.text or "") for m in client.bot_messages())


async def test_lawyer_sees_sources_and_gets_a_draft_request_file(
    emulator: BotApiEmulator, settings: Settings
) -> None:
    karimova, _ = await lawyers(emulator, settings)
    async with running_bot(settings):
        await karimova.send("/start")
        client = await taken_by(karimova, emulator)
        await karimova.tap(RU.raw(ct.BUTTON_SOURCES))
        assert "463" in karimova.last_text(), "the extradition appeal rests on CPC RF art. 463"
        await karimova.tap(RU.raw(ct.BUTTON_DRAFTS))
        await karimova.tap(RU.raw(ct.DRAFT_CAT))
        await emulator.wait_idle()
        documents = [c for c in emulator.calls if c.method == "sendDocument"]
        assert len(documents) == 1 and documents[0].ok
        assert documents[0].params["chat_id"] == KARIMOVA
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
        await karimova.tap(RU.raw(ct.BUTTON_TAKE))
        await emulator.wait_for(
            "sendMessage", lambda c: "kutyapman 2" in str(c.params.get("text")), after=0, timeout=5
        )
        await emulator.wait_idle()
        relayed = [m.text or "" for m in karimova.bot_messages() if "kutyapman" in (m.text or "")]
        assert [text.split()[-1] for text in relayed] == ["0", "1", "2"]
