"""The sandbox drives the real bot: scenarios replay to their end in every app language."""

from __future__ import annotations

import asyncio

import pytest

from bot.cases import texts as ct
from bot.cli.sandbox.languages import APP_LANGUAGES
from bot.cli.sandbox.scenarios import SCENARIOS, Pane
from bot.cli.sandbox.session import Options, Sandbox, SandboxError
from bot.core.i18n import Catalogs

CATALOGS = Catalogs()


async def replayed(sandbox: Sandbox, language: str, scenario: str) -> None:
    """Replay ``scenario`` to its last step from a fresh session."""
    steps = SCENARIOS[scenario].steps
    await sandbox.reset(Options(language_code=language), SCENARIOS[scenario], len(steps) - 1)
    while sandbox.busy:
        await sandbox.changed.wait()
    assert sandbox.error is None, sandbox.error


@pytest.mark.parametrize("scenario", SCENARIOS)
@pytest.mark.parametrize("language", APP_LANGUAGES)
async def test_every_scenario_replays_to_its_end_in_every_app_language(
    sandbox: Sandbox, language: str, scenario: str
) -> None:
    await replayed(sandbox, language, scenario)
    panes = sandbox.state()["panes"]
    lawyer = [m for m in panes["lawyer"]["messages"] if not m["outgoing"]]
    assert any(str((m["document"] or {}).get("name")).endswith(".docx") for m in lawyer)
    ru = CATALOGS.translator("ru")
    assert any(ru.raw(ct.BUTTON_DRAFTS) in str(m["keyboard"]) for m in lawyer), "the case is taken"
    person = CATALOGS.translator(CATALOGS.negotiate(language))
    assert any(person.raw(ct.FROM_LAWYER) in m["html"] for m in panes["person"]["messages"])


async def test_actions_wait_for_a_replay_and_reset_stops_it(sandbox: Sandbox) -> None:
    urgent = SCENARIOS["urgent-extradition"]
    await sandbox.reset(Options(), urgent, len(urgent.steps) - 1)
    assert sandbox.state()["busy"]
    with pytest.raises(SandboxError, match="Please wait"):
        sandbox.send(Pane.PERSON, "/help")
    await sandbox.reset(Options(language_code="ru"))
    assert sandbox.busy is None and sandbox.error is None
    state = sandbox.state()
    assert state["panes"]["person"]["messages"] == [], (
        "a fresh session: the person's chat is empty"
    )
    assert state["options"]["language_code"] == "ru"


async def test_stale_buttons_and_unknown_messages_are_refused(sandbox: Sandbox) -> None:
    sandbox.send(Pane.PERSON, "/start")
    while not sandbox.state()["panes"]["person"]["messages"][1:]:
        await asyncio.wait_for(sandbox.changed.wait(), 10)
    with pytest.raises(SandboxError, match="no longer there"):
        sandbox.press(Pane.PERSON, 1, 0, 0)  # the person's own /start has no buttons
    with pytest.raises(SandboxError, match="no longer there"):
        sandbox.send(Pane.PERSON, "hi", reply_to=999)
    with pytest.raises(SandboxError):
        sandbox.set_language("xx")


async def test_a_broken_bot_api_rule_is_shown_on_the_page(sandbox: Sandbox) -> None:
    live = sandbox._live
    assert live is not None and sandbox.state()["error"] is None
    live.emulator.violations.append("sendMessage: text is too long")
    assert "Telegram would refuse it): sendMessage: text is too long" in sandbox.state()["error"]
