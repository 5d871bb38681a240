"""Draft interim-measures requests: each required section is there, filled from the case."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
from docx import Document
from docx.enum.text import WD_COLOR_INDEX

from bot.core.i18n import Catalogs
from bot.desk.drafts import build_draft
from flows.drafts import DraftBody, applicable, compose

TODAY = date(2026, 11, 27)
CASE: dict[str, Any] = {
    "level": "urgent",
    "answers": {
        "reader": "other",
        "location": "russia",
        "detention": "detained",
        "proceedings": "extradition",
        "extradition_decision": "yes",
        "extradition_decision_date": "2026-11-24",
        "removal_date": "yes",
        "search": "yes",
        "charges": "extremism",
        "asylum": "refused",
        "history": "tortured,family_pressure",
        "assurances": "yes",
        "lawyer": "no",
    },
}
ABROAD = {"answers": {**CASE["answers"], "location": "other_country"}}
COMMITTEE_SECTIONS = [
    "1. The author",
    "2. State party",
    "3. Request for interim measures",
    "4. Facts",
    "5. Risk on return",
    "6. Domestic remedies",
    "7. Other international procedures",
    "8. Violations",
    "9. Documents attached",
    "10. Contact",
]
ECHR_SECTIONS = [
    "1. The applicant",
    "2. Respondent State",
    "3. Removal",
    "4. Facts",
    "5. Risks and Convention articles at stake",
    "6. Arguments",
    "7. Domestic proceedings",
    "8. Documents attached",
    "9. Notes for the lawyer (delete before sending)",
]
CATALOGS = Catalogs()


def sections(content: bytes) -> dict[str, list[str]]:
    """The draft's paragraphs under each section heading (the title and page 1 under "")."""
    found: dict[str, list[str]] = {"": []}
    heading = ""
    for paragraph in Document(io.BytesIO(content)).paragraphs:
        if paragraph.style is not None and paragraph.style.name == "Heading 1":
            heading = paragraph.text
            found[heading] = []
        else:
            found[heading].append(paragraph.text)
    return found


def gaps(content: bytes) -> list[str]:
    """The highlighted gaps of the draft."""
    return [
        run.text
        for paragraph in Document(io.BytesIO(content)).paragraphs
        for run in paragraph.runs
        if run.font.highlight_color == WD_COLOR_INDEX.YELLOW
    ]


def draft(body: DraftBody, case: dict[str, Any] = CASE) -> tuple[str, bytes]:
    return build_draft(body, case, TODAY, "en", CATALOGS)


@pytest.mark.parametrize("body", [DraftBody.CAT, DraftBody.HRC])
def test_a_committee_draft_has_every_section_filled_from_the_case(body: DraftBody) -> None:
    name, content = draft(body)
    assert name == f"draft-{body.value}-2026-11-27.docx"
    found = sections(content)
    assert list(found)[1:] == COMMITTEE_SECTIONS
    assert any("27, 2026" in line and "DRAFT" in line for line in found[""])
    assert "Russian Federation." in found["2. State party"]
    assert "a date for removal has been set" in " ".join(found["3. Request for interim measures"])
    facts = " ".join(found["4. Facts"])
    assert "Is the person detained right now? — Yes, detained" in facts
    assert "— Tortured before; Family under pressure" in facts, "every past event ticked"
    assert "November 24, 2026" in facts
    risks = " ".join(found["5. Risk on return"])
    assert "the person is detained while Uzbekistan is searching for them" in risks
    assert "diplomatic assurances" in risks
    assert "December 4, 2026" in " ".join(found["6. Domestic remedies"])
    assert all(gap.startswith("[TO FILL: ") and gap.endswith("]") for gap in gaps(content))
    assert len(gaps(content)) >= len(COMMITTEE_SECTIONS) - 2


def test_only_the_human_rights_committee_draft_states_when_its_protocol_came_into_force() -> None:
    assert "1 January 1992" in " ".join(sections(draft(DraftBody.HRC)[1])["2. State party"])
    assert "1 January 1992" not in " ".join(sections(draft(DraftBody.CAT)[1])["2. State party"])


def test_a_rule39_draft_is_marked_on_page_one_and_warns_about_timing() -> None:
    _, content = draft(DraftBody.ECHR, ABROAD)
    found = sections(content)
    assert list(found)[1:] == ECHR_SECTIONS
    page_one = found[""]
    for mark in (
        "Rule 39 – Urgent",
        "Person to contact (name and contact details):",
        "Scheduled date and time of removal and destination:",
    ):
        assert mark in page_one
    notes = " ".join(found["9. Notes for the lawyer (delete before sending)"])
    assert "less than one working day" in notes
    assert "email are not dealt with" in notes
    assert "[TO FILL: the official case number]" in gaps(content)


def test_no_rule39_draft_for_a_person_in_russia() -> None:
    assert DraftBody.ECHR not in applicable(CASE["answers"])
    with pytest.raises(ValueError, match="does not apply"):
        draft(DraftBody.ECHR)


def test_no_rule39_draft_for_a_person_in_a_state_outside_the_council_of_europe() -> None:
    in_kazakhstan = {**ABROAD["answers"], "country": "kazakhstan"}
    assert DraftBody.ECHR not in applicable(in_kazakhstan)
    assert DraftBody.ECHR in applicable({**ABROAD["answers"], "country": "georgia"})


def test_no_draft_once_the_person_is_back_in_uzbekistan() -> None:
    assert applicable({"location": "uzbekistan"}) == ()


def test_the_committee_drafts_default_to_russian() -> None:
    _, english = draft(DraftBody.CAT)
    _, default = build_draft(DraftBody.CAT, CASE, TODAY, catalogs=CATALOGS)
    facts_title = compose(DraftBody.CAT, CASE["answers"], TODAY).sections[3].title
    heading = f"4. {CATALOGS.translator('ru').raw(facts_title)}"
    assert "24 ноября 2026" in " ".join(sections(default)[heading])
    assert english != default
