"""``boshpana``'s log set-up: never bound to a stream that was replaced, never stacked."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest

from bot.core.config import Settings
from bot.serving import logs


@pytest.fixture
def root() -> Iterator[logging.Logger]:
    """The root logger, restored afterwards."""
    logger = logging.getLogger()
    handlers, level = logger.handlers[:], logger.level
    try:
        yield logger
    finally:
        logger.handlers[:] = handlers
        logger.setLevel(level)


def test_records_go_to_the_stderr_of_the_moment_not_a_closed_one(
    root: logging.Logger, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = io.StringIO(), io.StringIO()
    monkeypatch.setattr("sys.stderr", first)
    logs.configure(Settings())
    first.close()  # as a test runner closes a test's captured stream
    monkeypatch.setattr("sys.stderr", second)
    logging.getLogger("bot.test").warning("after the capture closed")
    assert "after the capture closed" in second.getvalue()


def test_configuring_again_replaces_only_its_own_handler(root: logging.Logger) -> None:
    foreign = logging.NullHandler()
    root.addHandler(foreign)
    first = logs.configure(Settings())
    second = logs.configure(Settings())
    assert foreign in root.handlers and second in root.handlers
    assert first not in root.handlers


def test_the_scheduler_says_only_what_goes_wrong(
    root: logging.Logger, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At INFO, not three lines a second for the jobs that run every second."""
    stream = io.StringIO()
    monkeypatch.setattr("sys.stderr", stream)
    logs.configure(Settings(BOSHPANA_LOG_LEVEL="INFO"))
    scheduler = logging.getLogger("apscheduler.executors.default")
    scheduler.info('Running job "outbox-delivery"')
    scheduler.warning('Run time of job "escalation" was missed')
    logging.getLogger("bot.serving.jobs").info("re-paged 1 untaken cases")
    said = stream.getvalue()
    assert "Running job" not in said
    assert "was missed" in said and "re-paged" in said
