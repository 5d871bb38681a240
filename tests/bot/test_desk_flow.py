"""The lawyer desk's flow table and the desk agree: every command and button has one action."""

from __future__ import annotations

from typing import cast

from bot.cases.escalation import Escalation
from bot.core.services import Services
from bot.desk.buttons import LawyerAction
from bot.desk.desk import LawyerDesk
from bot.desk.flow import BUTTONS, CASE_ACCESS, COMMANDS, Access, commands_for, menu_for

DESK = LawyerDesk(cast(Services, None), cast(Escalation, None))


def test_every_command_has_exactly_one_action() -> None:
    assert set(DESK.commands) | set(DESK.case_commands) == set(COMMANDS)
    assert not set(DESK.commands) & set(DESK.case_commands)
    for name in DESK.case_commands:
        assert COMMANDS[name].access in CASE_ACCESS and COMMANDS[name].arguments >= 1


def test_every_button_has_a_rule_and_exactly_one_action() -> None:
    assert set(BUTTONS) == set(LawyerAction)
    assert set(DESK.team_actions) | set(DESK.case_actions) == set(LawyerAction)
    assert not set(DESK.team_actions) & set(DESK.case_actions)
    for action in DESK.team_actions:
        assert BUTTONS[action] in {Access.TEAM, Access.COORDINATOR}, "no case to check"


def test_coordinators_commands_are_theirs_alone() -> None:
    own = {name for name, command in COMMANDS.items() if command.access is Access.COORDINATOR}
    assert own == {"stats", "unblock", "team"}
    assert not own & set(commands_for(coordinator=False))
    assert not own & set(menu_for(coordinator=False))
    assert own <= set(menu_for(coordinator=True))
    assert "help" in menu_for(coordinator=False)
