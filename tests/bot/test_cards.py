"""A duty lawyer's case card reads entirely in the lawyer's language, deadlines included."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.core.i18n import Catalogs
from bot.desk.cards import CardView, render_card
from flows.text import Reader
from store import StoredCase, StoredLawyer
from store.models import CaseStatus, Urgency

CATALOGS = Catalogs()
NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
ANSWERS = {
    "reader": "other",
    "location": "russia",
    "detention": "detained",
    "proceedings": "extradition",
    "extradition_decision": "yes",
    "extradition_decision_date": "2026-11-24",
}


def card_text(locale: str, answers: dict[str, str] = ANSWERS) -> str:
    case = StoredCase(
        1,
        "B-7K3Q",
        "k" * 64,
        Urgency.URGENT,
        CaseStatus.OPEN,
        {"level": "urgent", "answers": answers, "locale": "uz_Latn"},
        NOW - timedelta(minutes=5),
        NOW,
        None,
        None,
        None,
        None,
        None,
        0,
    )
    lawyer = StoredLawyer(1, "l" * 64, 9001, "A. Karimova", locale, False, True, True, None)
    view = CardView(case, lawyer, None, NOW, date(2026, 11, 27), ZoneInfo("Europe/Moscow"))
    return render_card(view, CATALOGS.translator(locale, Reader.OTHER)).text


@pytest.mark.parametrize(
    ("locale", "law", "deadline"),
    [
        ("ru", "ч. 1 ст. 463 УПК РФ", "4 декабря 2026"),
        ("en", "Criminal Procedure Code of the RF, art. 463(1)", "December 4, 2026"),
        ("uz_Latn", "463-modda", "4-dekabr"),
    ],
)
def test_the_running_deadline_names_its_law_in_the_lawyers_language(
    locale: str, law: str, deadline: str
) -> None:
    text = card_text(locale)
    assert law in text
    assert deadline in text
    assert "B-7K3Q" in text


def test_every_past_event_ticked_shows_on_the_card() -> None:
    answers = {**ANSWERS, "history": "tortured,relative_critic"}
    text = card_text("en", answers)
    assert "Tortured before · A relative is a known critic" in text
    assert "the person was tortured before" in text
    assert "a relative is a known critic of the authorities" in text
