"""A duty lawyer's case card answers the next hour's questions, in the lawyer's language.

The full cards of the sample cases are golden files (``test_golden.py``); these tests say
what in them matters and why.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from bot.cases import texts as ct
from bot.desk.cards import SHOWN_STEPS, render_card, shown_length
from flows.card import first_steps
from flows.risk import RULES
from flows.text import Reader, worded
from store.models import CaseStatus
from tests.bot.samples import (
    CATALOGS,
    LOCALES,
    LONGEST,
    NOW,
    SAMPLES,
    TODAY,
    case,
    view,
)

EXTRADITION = SAMPLES["urgent-extradition"]


def card(
    answers: dict[str, str],
    locale: str = "en",
    status: CaseStatus = CaseStatus.OPEN,
    **when: timedelta,
) -> str:
    stored = case(answers, status)
    at = NOW + when.get("later", timedelta())
    return render_card(view(stored, locale, at), CATALOGS.translator(locale)).text


def test_answers_sit_next_to_their_short_labels_in_groups() -> None:
    text = card(EXTRADITION)
    for group, rows in (
        ("Where the person is", ("Where: In Russia", "Detention: Yes, detained")),
        (
            "Proceedings and decisions",
            (
                "Russian authorities: Extradition to Uzbekistan",
                "Extradition decision: Yes, a decision was given",
                "Decision received: November 24, 2026",
                "Removal day: November 30, 2026",
            ),
        ),
        ("Charges in Uzbekistan", ("Search: Yes, wanted", "Charges: Religion or politics")),
        ("Asylum", ("Refugee status or asylum: Refused, or not let to apply",)),
        ("Risk history", ("Past events: Tortured before · Family under pressure",)),
        ("Who is writing", ("Answers by: the person themselves", "Has a lawyer: No")),
    ):
        assert f"<b>{group}</b>" in text
        for row in rows:
            assert row in text
    assert "Who is answering these questions?" not in text, "labels, not the questions"


def test_a_relative_answering_is_said_and_what_they_do_not_know_is_listed() -> None:
    text = card(SAMPLES["relative-answering"])
    assert "Answers by: a relative or friend" in text
    assert "answered “I don't know”: Detention · Russian authorities · Removal date" in text
    assert "not asked yet (asked for a lawyer before the end): Charges ·" in text
    assert "whether the person knows of this request and agrees" in text
    assert "Detention: not known" in text


def test_the_arrival_is_an_absolute_time_and_the_wait_is_current_when_rendered_again() -> None:
    assert "Came in Fri 27 Nov, 14:25 GMT+03:00 · waiting for 35 minutes" in card(EXTRADITION)
    later = card(EXTRADITION, later=timedelta(hours=2))
    assert "Came in Fri 27 Nov, 14:25 GMT+03:00 · waiting for 3 hours" in later
    taken = card(EXTRADITION, status=CaseStatus.CLAIMED)
    assert "taken after 12 minutes" in taken


@pytest.mark.parametrize(
    ("locale", "deadline", "left", "court", "law"),
    [
        ("en", "Friday, December 4, 2026", "7 days left", "regional court", "art. 463(1)"),
        (
            "ru",
            "пятница, 4 декабря 2026\u202fг.",
            "ещё 7 дней",
            "суд субъекта РФ",
            "ч. 1 ст. 463 УПК",
        ),
        ("uz_Latn", "2026-yil 4-dekabr, juma", "7 kun qoldi", "viloyat", "463-modda"),
        ("uz_Cyrl", "2026 йил 4 декабр, жума", "7 кун қолди", "вилоят", "463-модда"),
    ],
)
def test_the_running_deadline_has_its_weekday_days_left_court_and_article(
    locale: str, deadline: str, left: str, court: str, law: str
) -> None:
    text = card(EXTRADITION, locale)
    assert f"<b>{deadline}</b>, {left}" in text
    assert court in text
    assert law in text


def test_a_deadline_that_has_passed_says_so() -> None:
    answers = {**EXTRADITION, "extradition_decision_date": "2026-11-14"}
    text = card(answers)
    assert "last day <b>Tuesday, November 24, 2026</b>, ended 3 days ago" in text
    assert "the 10 days to appeal the extradition decision ended on November 24, 2026" in text


def test_the_clients_language_is_named_as_the_language_menu_names_it() -> None:
    assert "Client's language: Oʻzbek (lotin)" in card(EXTRADITION)
    assert "Язык клиента: Oʻzbek (lotin)" in card(EXTRADITION, "ru")
    assert "Mijoz tili: Oʻzbek (lotin)" in card(EXTRADITION, "uz_Latn")
    assert "\u2018" not in card(EXTRADITION, "uz_Latn")


def test_first_steps_come_from_the_risk_table_deadline_first() -> None:
    text = card(EXTRADITION)
    steps = first_steps(EXTRADITION, TODAY)
    assert steps[0].id == "appeal_extradition"
    assert "1. Appeal the extradition decision by December 4, 2026 (CPC RF art. 463(1))" in text
    assert "send a request for interim measures to the UN Committee against Torture now" in text
    table = {step.text for rule in RULES for step in rule.steps}
    assert {step.text for step in steps} <= table


def test_at_most_seven_first_steps_one_for_each_danger_before_the_second_of_any() -> None:
    steps = first_steps(LONGEST, TODAY)
    assert len(steps) > SHOWN_STEPS
    text = card(LONGEST)
    assert f"{SHOWN_STEPS}. " in text
    assert f"{SHOWN_STEPS + 1}. " not in text


def test_reasons_are_in_plain_words_with_no_pointer_to_the_rest_of_the_screen() -> None:
    for rule in RULES:
        for reader in Reader:
            words = worded(rule.reason.text, reader).text
            for pointer in ("below", "above"):
                assert pointer not in words, rule.reason.id
    text = card(EXTRADITION)
    assert "what happened before, together with detention or removal proceedings" in text
    assert "the person is detained while Uzbekistan is searching for them" in text


@pytest.mark.parametrize("locale", LOCALES)
def test_the_longest_case_fits_one_message_uncut_in_every_language(locale: str) -> None:
    text = card(LONGEST, locale, CaseStatus.CLAIMED)
    assert shown_length(text) <= 4096
    cut = CATALOGS.translator(locale).raw(ct.CARD_CUT)
    assert cut not in text


PADDED = ("Get ", "Find ", "Collect ", "Stay ")


def test_a_translation_too_long_for_one_message_is_cut_at_a_line_and_says_so() -> None:
    translator = CATALOGS.translator("en", Reader.OTHER)

    class Padded(type(translator.translations)):  # type: ignore[misc]
        def gettext(self, message: str) -> str:
            return f"{message}{' padding' * 200}" if message.startswith(PADDED) else message

    padded = replace(translator, translations=Padded())
    text = render_card(view(case(LONGEST, CaseStatus.CLAIMED), "en"), padded).text
    assert shown_length(text) <= 4096
    assert "… (shortened to fit one message)" in text
    assert text.startswith("<b>🔴 URGENT · case B-7K3Q</b>")
    assert text.endswith("</i>"), "the lawyer's footer is kept"


def test_other_lawyers_see_who_took_it_and_the_closed_card_stays_short() -> None:
    other = replace(case(EXTRADITION, CaseStatus.CLAIMED), lawyer_id=2)
    text = render_card(view(other, "en"), CATALOGS.translator("en")).text
    assert text == "Case B-7K3Q was taken by — at 14:37."
    closed = replace(case(EXTRADITION, CaseStatus.CLOSED), outcome="appeal_filed")
    assert render_card(view(closed, "en"), CATALOGS.translator("en")).text == (
        "Case B-7K3Q is closed: appeal filed."
    )
    full = render_card(view(closed, "en"), CATALOGS.translator("en"), full=True).text
    assert "Came in Fri 27 Nov, 14:25 GMT+03:00" in full
    assert full.endswith("<i>Case B-7K3Q is closed: appeal filed.</i>")
