"""A seized database or a searched phone reveals as little as possible (issue 4)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from bot.cases import texts as ct
from bot.core.config import Settings
from bot.person import privacy_texts as pt
from bot.serving.runtime import database_url
from emulator import BotApiEmulator
from store.models import CaseFacts
from tests.e2e.harness import CATALOGS, running_bot
from tests.e2e.test_case_file import records
from tests.e2e.test_escalation import (
    KARIMOVA,
    case_number,
    filled,
    lawyers,
    taken_by,
    urgent_client,
)

RU, UZ = CATALOGS.translator("ru"), CATALOGS.translator("uz_Latn")
CLIENT_ID = 7001
CANARIES = [
    "Client Canary",
    "Aziza",
    "A. Karimova",
    "CANARY-relay-4471",
    "CANARY-note-9193",
    "CANARY-fact-6027",
]


def raw_database(settings: Settings) -> bytes:
    """Everything the database holds as bytes: the SQLite files, or a PostgreSQL dump."""
    url = database_url(settings)
    if url.startswith("sqlite"):
        path = Path(make_url(url).database or "")
        files = [path, path.with_name(path.name + "-wal")]
        return b"".join(f.read_bytes() for f in files if f.exists())
    pg_dump = shutil.which("pg_dump")
    assert pg_dump, "pg_dump is needed to check a PostgreSQL dump"
    parsed = make_url(url)
    command = [pg_dump, "-h", parsed.host or "127.0.0.1", "-p", str(parsed.port or 5432)]
    command += ["-U", parsed.username or "postgres", "-n", settings.db_schema or "public"]
    command.append(parsed.database or "test")
    return subprocess.run(command, check=True, capture_output=True).stdout


def id_forms(telegram_id: int) -> list[bytes]:
    return [
        str(telegram_id).encode(),
        telegram_id.to_bytes(8, "big"),
        telegram_id.to_bytes(8, "little"),
    ]


def holds(dump: bytes, form: bytes) -> bool:
    """Whether ``form`` stands in ``dump`` as a value of its own.

    pg_dump writes ciphertexts as long hex strings, where a short decimal id turns up by
    chance: digits inside a run of hex digits do not count.
    """
    if not form.isdigit():
        return form in dump
    return re.search(rb"(?<![0-9A-Fa-f])" + form + rb"(?![0-9A-Fa-f])", dump) is not None


async def test_database_holds_no_names_words_or_ids_after_a_full_case(
    emulator: BotApiEmulator, settings: Settings
) -> None:
    karimova, _ = await lawyers(emulator, settings)
    async with running_bot(settings):
        await karimova.send("/start")
        client = await taken_by(karimova, emulator)
        client.write("CANARY-relay-4471 men Domodedovoda")
        await karimova.sees("CANARY-relay-4471")
        await karimova.send("/note " + case_number(karimova) + " CANARY-note-9193")
        await karimova.sees(filled(RU, ct.NOTE_SAVED, karimova))
        await records(karimova, case_number(karimova), "full_name", "CANARY-fact-6027")
        karimova.write("Понял, CANARY-relay-4471")
        await client.sees("Понял, CANARY-relay-4471")
    dump = raw_database(settings)
    for canary in CANARIES:
        assert canary.encode() not in dump, canary
    for telegram_id in (CLIENT_ID, KARIMOVA):
        for form in id_forms(telegram_id):
            assert not holds(dump, form), (telegram_id, form)


async def test_clear_deletes_the_chat_and_explains_the_rest(
    emulator: BotApiEmulator, settings: Settings
) -> None:
    async with running_bot(settings):
        client = await urgent_client(emulator)
        before = len(emulator.chat_messages(CLIENT_ID))
        assert before > 5
        await client.send("/clear")
        await client.sees(UZ.raw(pt.TELEGRAM_KEEPS)[:40])
        left = emulator.chat_messages(CLIENT_ID)
        assert len(left) == 1, [m.text for m in left]


async def test_forget_erases_everything_and_tells_the_lawyer_only_that(
    emulator: BotApiEmulator, settings: Settings
) -> None:
    karimova, _ = await lawyers(emulator, settings)
    async with running_bot(settings) as bot:
        shared = bot.services
        await karimova.send("/start")
        client = await taken_by(karimova, emulator)
        client.write("CANARY-relay-4471")
        await karimova.sees("CANARY-relay-4471")
        number = case_number(client)
        await records(karimova, number, "family_contact", "CANARY-fact-6027")
        async with shared.db.transaction() as tx:
            case = await tx.cases.get_by_number(number)
            assert case is not None and await tx.facts.of(case.id)
        await client.send("/forget")
        await client.tap(UZ.raw(pt.BUTTON_FORGET))
        await client.expect(UZ.raw(pt.TELEGRAM_KEEPS)[:40])
        # The relayed message, and the case file's three (its list, the question, the list
        # with the fact saved).
        copies = UZ.raw(pt.LAWYER_COPIES).format(removed=4, kept=0)
        assert copies in client.last_text(), "told what was removed from the lawyer's chat"
        withdrew = RU.raw(pt.CLIENT_WITHDREW).format(number=number)
        await karimova.expect(withdrew)
        await karimova.expect(RU.raw(pt.CARD_WITHDRAWN).format(number=number))
        await emulator.first_call(
            lambda c: c.ok and c.method == "deleteMessages" and c.params["chat_id"] == KARIMOVA,
            after=0,
            expected="the copy deleted from the lawyer's chat",
        )
        shown = [m.text or "" for m in karimova.bot_messages()]
        assert not [text for text in shown if "CANARY" in text], "the copy is deleted"
        card = [t for t in shown if RU.raw(pt.CARD_WITHDRAWN).format(number=number) in t]
        assert card and "k:" not in str(card), "the card no longer offers any tool"
        async with shared.db.transaction() as tx:
            key = shared.keyring.user_key(CLIENT_ID)
            assert await tx.conversations.load(key) is None
            assert await tx.cases.open_for(key) is None
            assert await tx.facts.of(case.id) == {}, "the case file went with the case"
            assert not await tx.session.scalar(select(func.count()).select_from(CaseFacts))
        assert UZ.raw(pt.TELEGRAM_KEEPS)[:40] in client.last_text()
    assert b"CANARY-relay-4471" not in raw_database(settings)
