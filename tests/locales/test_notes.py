"""Every button label says where it shows and how long it may be, and every placeholder what
it stands for: translators read it in Poedit ("Notes for translators") and Weblate
("Explanation")."""

from __future__ import annotations

import re

import pytest
from babel.messages.pofile import read_po

from bot.translating.catalogs import TEMPLATE
from bot.translating.notes import is_button, notes

with TEMPLATE.open("rb") as template_file:
    MESSAGES = [m for m in read_po(template_file) if m.id]


def test_every_button_label_and_placeholder_is_explained() -> None:
    unexplained = []
    for message in MESSAGES:
        msgid = message.id if isinstance(message.id, str) else message.id[0]
        said = " ".join(message.auto_comments)
        if is_button(message.context, msgid) and "button" not in said.lower():
            unexplained.append(msgid)
        unexplained += [
            f"{msgid}: {{{f}}}" for f in re.findall(r"\{(\w+)\}", msgid) if f"{{{f}}}" not in said
        ]
    assert unexplained == []


def test_a_case_number_and_a_count_are_told_apart() -> None:
    assert notes("Case {number} is closed.", None, ["bot/cases/texts.py"], []) == [
        "{number}: the case number, like B-7K3Q: keep it as it is."
    ]
    assert notes("Question {number} of {total}", None, [], []) == [
        "{number}: a number.",
        "{total}: a number.",
    ]


def test_a_comment_in_the_code_is_not_repeated() -> None:
    said = ["TRANSLATORS: a button in the person's chat; {n} is a count."]
    assert notes("{n} more", "button", ["bot/person/texts.py"], said) == []


def test_a_new_placeholder_needs_a_meaning() -> None:
    with pytest.raises(ValueError, match="nickname"):
        notes("Hello {nickname}", None, ["bot/person/texts.py"], [])
