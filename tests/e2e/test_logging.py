"""Logs are structured and hold no personal data and no token, even at DEBUG everywhere."""

from __future__ import annotations

import io
import json
import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from bot.cases import texts as ct
from bot.core.config import Settings
from bot.person import texts
from bot.serving import logs
from bot.serving.runtime import services
from emulator import BotApiEmulator
from flows.interview import QUESTIONS_BY_ID
from tests.e2e.harness import CATALOGS, TOKEN, Person, running_bot
from tests.e2e.test_escalation import RU, URGENT_ANSWERS, UZ, for_any_case

CLIENT_ID, LAWYER_ID = 987654321, 987650001
CANARIES = [
    "Gulnora Canaryeva",  # the client's name
    "Zulfiya Canarova",  # the lawyer's name
    "Sheremetyevo canary words",  # what the client writes
    "Reply canary text",  # what the lawyer writes
    str(CLIENT_ID),
    str(LAWYER_ID),
    TOKEN,
    TOKEN.split(":")[1],
]
LIBRARIES = ("telegram", "httpx", "httpcore", "aiohttp", "apscheduler", "sqlalchemy")


class Raw(logging.Handler):
    """Every record as our own code made it, before any filter."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[tuple[str, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        text = record.getMessage()
        if record.exc_info:
            text += logging.Formatter().formatException(record.exc_info)
        self.records.append((record.name, text))


@contextmanager
def logging_everything(settings: Settings) -> Iterator[tuple[io.StringIO, Raw]]:
    """The bot's JSON log handler and a raw recorder on the root, every logger at DEBUG."""
    root = logging.getLogger()
    stream, raw = io.StringIO(), Raw()
    handler = logs.handler(settings.model_copy(update={"log_format": "json"}), stream)
    levels = {name: logging.getLogger(name).level for name in ("", *LIBRARIES)}
    root.addHandler(raw)  # first: sees records before the privacy filter rewrites them
    root.addHandler(handler)
    for name in levels:
        logging.getLogger(name).setLevel(logging.DEBUG)
    try:
        yield stream, raw
    finally:
        root.removeHandler(handler)
        root.removeHandler(raw)
        for name, level in levels.items():
            logging.getLogger(name).setLevel(level)


async def test_an_escalation_and_relay_leave_no_personal_data_in_the_logs(
    emulator: BotApiEmulator, settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    async with (
        services(settings, lambda _: None, CATALOGS) as shared,
        shared.db.transaction() as tx,
    ):
        await tx.lawyers.add(LAWYER_ID, "Zulfiya Canarova", "ru", False)
    lawyer = Person(emulator, emulator.user(LAWYER_ID, "Zulfiya Canarova", language_code="ru"))
    client = Person(emulator, emulator.user(CLIENT_ID, "Gulnora Canaryeva", language_code="uz"))
    with logging_everything(settings) as (stream, raw):
        async with running_bot(settings):
            await lawyer.send("/start")
            await lawyer.send("/duty on")
            await lawyer.sees(RU.raw(ct.DUTY_ON))
            await client.send("/start")
            await client.tap(UZ.raw(texts.BUTTON_START))
            for question_id, option_id in URGENT_ANSWERS:
                option = QUESTIONS_BY_ID[question_id].option(option_id)
                assert option is not None
                await client.tap(UZ.raw(option.label))
            await client.send("/lawyer")
            await client.tap(UZ.raw(texts.BUTTON_CONSENT))
            await lawyer.tap(RU.raw(ct.BUTTON_TAKE))
            await client.sees(for_any_case(UZ, ct.CLAIMED.me))
            client.write("Sheremetyevo canary words")
            await lawyer.sees("Sheremetyevo canary words")
            lawyer.write("Reply canary text")
            await client.sees("Reply canary text")
            logging.getLogger("telegram.ext.test").critical("update %s", object())

    output = stream.getvalue()
    lines = [json.loads(line) for line in output.splitlines()]
    assert lines, "the scenario logs something"
    assert all(set(line) >= {"time", "level", "logger", "message"} for line in lines)
    for canary in CANARIES:
        assert canary not in output, f"{canary!r} reached the log output"
    ours = [(name, text) for name, text in raw.records if not name.startswith(LIBRARIES)]
    assert ours, "our own code logs"
    for canary in CANARIES:
        leaks = [(name, text) for name, text in ours if canary in text]
        assert not leaks, f"our own code logged {canary!r}: {leaks}"
    library_debug = [n for n, _ in raw.records if n.startswith(("telegram", "httpx"))]
    assert library_debug, "the libraries did log at DEBUG (and the filter dropped it)"
    unfiltered = " ".join(text for _, text in raw.records)
    assert TOKEN in unfiltered and str(CLIENT_ID) in unfiltered, "without the filter, leaks"


def test_the_filter_masks_tokens_ids_and_library_arguments() -> None:
    secret = "123456:AAFakeTokenForTheFilterTest_xyz"
    privacy = logs.PrivacyFilter([secret])
    record = logging.LogRecord(
        "httpx",
        logging.INFO,
        __file__,
        1,
        "HTTP Request: %s %s",
        ("POST", f"http://x/bot{secret}/sendMessage"),
        None,
    )
    assert privacy.filter(record)
    assert record.getMessage() == "HTTP Request: POST http://x/bot<token>/sendMessage"
    record = logging.LogRecord(
        "telegram.ext.Application", logging.CRITICAL, __file__, 1, "update %s", ({"id": 1},), None
    )
    assert privacy.filter(record) and record.getMessage() == "update <dict>"
    record = logging.LogRecord("bot.x", logging.INFO, __file__, 1, "chat %d", (987654321,), None)
    assert privacy.filter(record) and record.getMessage() == "chat <id>"
    record = logging.LogRecord(
        "bot.x", logging.INFO, __file__, 1, "case %s, %d items", ("B-77VS", 12), None
    )
    assert privacy.filter(record) and record.getMessage() == "case B-77VS, 12 items"
    debug = logging.LogRecord("telegram.ext", logging.DEBUG, __file__, 1, "x", None, None)
    assert not privacy.filter(debug)


def test_json_lines_have_the_fields() -> None:
    stream = io.StringIO()
    handler = logs.handler(Settings(BOSHPANA_LOG_FORMAT="json"), stream)
    try:
        raise ValueError("boom")
    except ValueError:
        record = logging.LogRecord(
            "bot.t", logging.ERROR, __file__, 1, "failed: %s", ("ValueError",), sys.exc_info()
        )
    handler.handle(record)
    entry = json.loads(stream.getvalue())
    assert entry["level"] == "ERROR" and entry["logger"] == "bot.t"
    assert entry["message"] == "failed: ValueError" and "ValueError: boom" in entry["exception"]
    assert entry["time"].endswith("+00:00")
