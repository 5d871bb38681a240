"""Whatever people send, they get a short, kind answer in their language and lose nothing."""

from __future__ import annotations

import pytest

from bot.core.config import Settings
from bot.person import texts
from bot.serving.flood import TOO_FAST
from emulator import BotApiEmulator
from flows.interview import QUESTIONS_BY_ID
from flows.screens import NoticeKind
from tests.e2e.harness import CATALOGS, WAIT, Person, labels, running_bot

T = CATALOGS.translator("ru")
BOT = {"id": 123456, "is_bot": True, "first_name": "Boshpana", "username": "boshpana_bot"}
LOCATION = QUESTIONS_BY_ID["location"]
DETENTION = QUESTIONS_BY_ID["detention"]


async def at_second_question(person: Person) -> None:
    """Start and answer the first question, so the interview waits at "location"."""
    await person.send("/start")
    await person.tap(T.raw(texts.BUTTON_START))
    await person.tap(T.raw(QUESTIONS_BY_ID["reader"].options[0].label))
    await person.sees(T.raw(LOCATION.text))


async def hint_then_question(person: Person, notice: NoticeKind) -> None:
    """The bot says the hint, then shows the current question again with its buttons."""
    hint = await person.sees(T.raw(texts.NOTICES[notice]))
    assert (hint.text or "") == T.raw(texts.NOTICES[notice])
    question = await person.sees(T.raw(LOCATION.text))
    assert question.message_id > hint.message_id
    assert T.raw(LOCATION.options[0].label) in labels(question)


MESSAGES = {
    "sticker": {
        "sticker": {
            "file_id": "s1",
            "file_unique_id": "u1",
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
        }
    },
    "voice": {"voice": {"file_id": "v1", "file_unique_id": "u2", "duration": 3}},
    "photo": {"photo": [{"file_id": "p1", "file_unique_id": "u3", "width": 90, "height": 90}]},
    "document": {"document": {"file_id": "d1", "file_unique_id": "u4"}},
    "location": {"location": {"latitude": 55.75, "longitude": 37.61}},
}


@pytest.mark.parametrize("kind", sorted(MESSAGES))
async def test_media_gets_a_hint_and_the_question_again(
    emulator: BotApiEmulator, settings: Settings, kind: str
) -> None:
    person = Person(emulator, emulator.user(601, "A", language_code="ru"))
    async with running_bot(settings):
        await at_second_question(person)
        await person.send_message(MESSAGES[kind])
        await hint_then_question(person, NoticeKind.UNSUPPORTED)


@pytest.mark.parametrize(
    ("text", "notice"),
    [
        ("В России", NoticeKind.USE_BUTTONS),
        ("<b>&amp; </i>" * 3, NoticeKind.USE_BUTTONS),
        ("ж" * 10_000, NoticeKind.TOO_LONG),
        ("/frobnicate now", NoticeKind.UNKNOWN_COMMAND),
    ],
    ids=["typed-answer", "html-like", "10000-chars", "unknown-command"],
)
async def test_text_where_a_button_is_expected(
    emulator: BotApiEmulator, settings: Settings, text: str, notice: NoticeKind
) -> None:
    person = Person(emulator, emulator.user(602, "B", language_code="ru"))
    async with running_bot(settings):
        await at_second_question(person)
        await person.send(text)
        await hint_then_question(person, notice)


async def test_edited_message_gets_a_hint(emulator: BotApiEmulator, settings: Settings) -> None:
    person = Person(emulator, emulator.user(603, "C", language_code="ru"))
    async with running_bot(settings):
        await at_second_question(person)
        await person.send("привет")
        await hint_then_question(person, NoticeKind.USE_BUTTONS)
        sent = next(m for m in emulator.chat_messages(person.user.id) if m.text == "привет")
        person.since = emulator.mark()
        emulator.edit_text(person.user, sent.message_id, "пока")
        await person.reply()
        await hint_then_question(person, NoticeKind.EDITED)


async def test_old_and_forged_buttons_change_nothing(
    emulator: BotApiEmulator, settings: Settings
) -> None:
    person = Person(emulator, emulator.user(604, "D", language_code="ru"))
    async with running_bot(settings):
        await at_second_question(person)
        first_question = person.bot_messages()[-2]
        for data in [
            "a:reader:other",
            "a:location:mars",
            "zz:1:2",
            "d:location:2099-01-01",
            "l:xx",
        ]:
            await person.tap_data(data, message_id=first_question.message_id)
            await hint_then_question(person, NoticeKind.STALE_BUTTON)
        await person.tap(T.raw(LOCATION.options[0].label))
        await person.sees(T.raw(DETENTION.text))


async def test_group_is_left_without_a_word(emulator: BotApiEmulator, settings: Settings) -> None:
    member = emulator.user(605, "E", language_code="ru")
    group = emulator.group(-100123, "Some group")
    async with running_bot(settings):
        emulator.push_update(
            {
                "my_chat_member": {
                    "chat": group.as_chat(),
                    "from": member.as_user(),
                    "date": 1,
                    "old_chat_member": {"status": "left", "user": BOT},
                    "new_chat_member": {"status": "member", "user": BOT},
                }
            }
        )
        added = emulator.latest_update_id
        emulator.send_text(member, "/start", chat=group)
        for update_id in (added, emulator.latest_update_id):
            reply = await emulator.reply_to(update_id, timeout=WAIT)
            assert reply.method == "leaveChat" and reply.params["chat_id"] == group.id
        assert group.id in emulator.left_chats
        sent = [c for c in emulator.calls if c.method == "sendMessage"]
        assert not sent


async def test_a_flood_gets_one_kind_word_and_is_not_processed(
    emulator: BotApiEmulator, settings: Settings
) -> None:
    person = Person(emulator, emulator.user(606, "F", language_code="ru"))
    limited = settings.model_copy(update={"flood_limit": 5, "flood_window": 60.0})
    too_fast = CATALOGS.translator("ru").raw(TOO_FAST)
    async with running_bot(limited):
        for n in range(12):
            emulator.send_text(person.user, f"сообщение {n}")
        await person.sees(too_fast)
        # One person's updates are handled in order: once a press sent after the flood is
        # answered (dropped too, but answered), every message before it has been handled.
        await person.tap_data("n:begin")
        await person.reply(lambda call: call.method == "answerCallbackQuery")
        texts_sent = [m.text or "" for m in person.bot_messages()]
        assert texts_sent.count(too_fast) == 1
        hints = texts_sent.count(T.raw(texts.NOTICES[NoticeKind.UNKNOWN_COMMAND]))
        use_buttons = texts_sent.count(T.raw(texts.NOTICES[NoticeKind.USE_BUTTONS]))
        assert hints + use_buttons <= 5, "updates over the limit are not processed"


async def test_a_button_on_someone_elses_message_is_refused(
    emulator: BotApiEmulator, settings: Settings
) -> None:
    owner = Person(emulator, emulator.user(607, "G", language_code="ru"))
    other = emulator.user(608, "H", language_code="ru")
    async with running_bot(settings):
        await owner.send("/start")
        message = await owner.sees(T.raw(texts.SAFETY_TITLE))
        update = {
            "callback_query": {
                "id": "forged-1",
                "from": other.as_user(),
                "chat_instance": "x",
                "message": message.raw,
                "data": "n:begin",
            }
        }
        answer = await emulator.reply_to(
            emulator.push_update(update), lambda c: c.method == "answerCallbackQuery", timeout=WAIT
        )
        assert answer.params.get("show_alert")
        assert not [c for c in emulator.calls if c.params.get("chat_id") == other.id]
