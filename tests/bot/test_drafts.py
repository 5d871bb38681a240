"""Draft interim-measures requests, opened as a lawyer opens them: a filing worth finishing.

Each ``.docx`` is opened and its structure and properties checked; the full texts of the
sample cases' drafts are golden files (``test_golden.py``).
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_COLOR_INDEX

from bot.desk.drafts import build_draft
from flows.drafts import NOTES_TITLE, DraftBody, applicable
from flows.interview import QUESTIONS
from flows.risk import RULES
from flows.text import Reader, worded
from store import CaseSummary
from tests.bot.samples import CATALOGS, LOCALES, NUMBER, SAMPLES, TODAY

PERSON_IN_GEORGIA = SAMPLES["council-of-europe"]
EXTRADITION = SAMPLES["urgent-extradition"]
EVERY_DRAFT = [
    (name, body, locale)
    for name, answers in SAMPLES.items()
    for body in applicable(answers)
    for locale in LOCALES
]
IDS = [f"{name}-{body.value}-{locale}" for name, body, locale in EVERY_DRAFT]


@dataclass
class Opened:
    """A draft as a lawyer opens it."""

    name: str
    content: bytes
    document: DocxDocument

    @property
    def paragraphs(self) -> list[str]:
        return [paragraph.text for paragraph in self.document.paragraphs]

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)

    def headings(self) -> list[str]:
        return [p.text for p in self.document.paragraphs if _style(p) == "Heading 1"]

    def section(self, number: int) -> str:
        """The text under the heading numbered ``number``."""
        lines, inside = [], False
        for paragraph in self.document.paragraphs:
            if _style(paragraph) == "Heading 1":
                inside = paragraph.text.startswith(f"{number}. ")
            elif inside:
                lines.append(paragraph.text)
        return "\n".join(lines)

    def notes(self) -> str:
        """The block to delete before sending: everything before the page break."""
        return self.text.split(self.filing_start())[0]

    def filing_start(self) -> str:
        """The first paragraph after the page break that ends the notes."""
        return self.document.paragraphs[self.first_filed()].text

    def first_filed(self) -> int:
        paragraphs = self.document.paragraphs
        for index, paragraph in enumerate(paragraphs):
            if any('w:type="page"' in run._r.xml for run in paragraph.runs):
                return index + 1
        raise AssertionError("no page break after the notes")

    def marked(self) -> list[str]:
        """The highlighted gaps and checks."""
        return [
            run.text.strip()
            for paragraph in self.document.paragraphs
            for run in paragraph.runs
            if run.font.highlight_color is not None
        ]


def _style(paragraph: object) -> str:
    style = getattr(paragraph, "style", None)
    return style.name if style is not None else ""


def opened(body: DraftBody, answers: dict[str, str], locale: str = "en") -> Opened:
    name, content = build_draft(
        body,
        CaseSummary(None, answers),
        TODAY,
        NUMBER,
        notes=("Decision no. 17 handed over on 24 November.",),
        locale=locale,
        catalogs=CATALOGS,
    )
    return Opened(name, content, Document(io.BytesIO(content)))


@pytest.mark.parametrize(("name", "body", "locale"), EVERY_DRAFT, ids=IDS)
def test_every_draft_is_a_clean_a4_file_named_for_its_case(
    name: str, body: DraftBody, locale: str
) -> None:
    draft = opened(body, SAMPLES[name], locale)
    assert draft.name == f"{NUMBER}-{body.value}-2026-11-27.docx"
    section = draft.document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert NUMBER in section.header.paragraphs[0].text
    properties = draft.document.core_properties
    for field in ("author", "last_modified_by", "comments", "title", "subject", "keywords"):
        assert getattr(properties, field) == "", field
    assert properties.created == datetime(2026, 11, 27, tzinfo=UTC)
    with zipfile.ZipFile(io.BytesIO(draft.content)) as archive:
        metadata = b"".join(
            archive.read(n) for n in archive.namelist() if n.startswith("docProps")
        )
    for generator in (b"python-docx", b"Microsoft", b"Word", b"Boshpana", b"Application"):
        assert generator not in metadata


@pytest.mark.parametrize(("name", "body", "locale"), EVERY_DRAFT, ids=IDS)
def test_every_draft_has_notes_to_delete_then_a_numbered_filing_annexes_and_a_signature(
    name: str, body: DraftBody, locale: str
) -> None:
    draft = opened(body, SAMPLES[name], locale)
    t = CATALOGS.translator(locale)
    assert draft.paragraphs[0] == t.raw(NOTES_TITLE)
    first_marking = draft.document.paragraphs[draft.first_filed()]
    assert all(run.bold for run in first_marking.runs), "page 1 opens with the urgency marking"
    numbers = [int(heading.split(".")[0]) for heading in draft.headings()[1:]]
    assert numbers == list(range(1, len(numbers) + 1))
    annexes = draft.section(numbers[-1])
    listed = [line.split(".")[0] for line in annexes.split("\n") if line[:1].isdigit()]
    assert listed == [str(n) for n in range(1, len(listed) + 1)] and len(listed) >= 3
    assert "______" in draft.paragraphs[-2], "a signature line"


@pytest.mark.parametrize(("name", "body", "locale"), EVERY_DRAFT, ids=IDS)
def test_facts_are_prose_never_the_interview_transcript(
    name: str, body: DraftBody, locale: str
) -> None:
    draft = opened(body, SAMPLES[name], locale)
    t = CATALOGS.translator(locale)
    for question in QUESTIONS:
        for reader in Reader:
            asked = t.raw(worded(question.text, reader))
            assert asked not in draft.text, question.id
    assert "Choose the main one" not in draft.text
    assert not re.search(r"(?<!\.)\.\.(?!\.)|\s\.(\s|$)", draft.text), "one period per end"


def test_the_facts_read_as_a_lawyer_would_write_them() -> None:
    facts = opened(DraftBody.CAT, EXTRADITION).section(4)
    assert "The complainant is detained." in facts
    assert (
        "The complainant received the decision of the Prosecutor General's Office of the "
        "Russian Federation on extradition to Uzbekistan on November 24, 2026." in facts
    )
    assert "Removal to Uzbekistan is scheduled for November 30, 2026." in facts
    assert "Decision no. 17 handed over on 24 November." in facts, "the lawyers' notes"
    russian = opened(DraftBody.HRC, EXTRADITION, "ru").section(4)
    assert "Автор получил решение Генеральной прокуратуры" in russian
    assert "24 ноября 2026\u202fг." in russian


def test_the_committee_against_torture_draft_cites_article_22_rule_114_and_article_3() -> None:
    draft = opened(DraftBody.CAT, EXTRADITION)
    assert "Communication under article 22 of the Convention against Torture" in draft.text
    state = draft.section(2)
    assert "recognised the competence of the Committee under article 22" in state
    assert "X v. Russia (CAT/C/54/D/542/2013)" in state
    assert "Under rule 114 of its rules of procedure" in draft.section(3)
    assert any(mark.startswith("[TO CHECK: rule 114") for mark in draft.marked())
    assert "would violate article 3 of the Convention" in draft.section(8)


def test_the_human_rights_committee_draft_cites_the_protocol_rule_94_and_articles_6_and_7() -> (
    None
):
    draft = opened(DraftBody.HRC, EXTRADITION)
    assert "in force for the Russian Federation since 1 January 1992" in draft.section(2)
    assert any("not denounced the Optional Protocol" in mark for mark in draft.marked())
    assert "Under rule 94 of its rules of procedure" in draft.section(3)
    assert any(mark.startswith("[TO CHECK: rule 94: views") for mark in draft.marked())
    assert "would violate articles 6 and 7 of the Covenant" in draft.section(8)


@pytest.mark.parametrize("body", [DraftBody.CAT, DraftBody.HRC])
def test_a_committee_draft_is_marked_urgent_with_where_to_send_it_and_the_notes(
    body: DraftBody,
) -> None:
    draft = opened(body, EXTRADITION)
    page_one = draft.text.split(draft.filing_start())[1].split("Communication under")[0]
    assert draft.filing_start() == "URGENT: REQUEST FOR INTERIM MEASURES"
    assert "through the Petitions team of the Office of the UN High Commissioner" in page_one
    assert "petitions@ohchr.org appears only in unofficial documents" in page_one
    assert "November 30, 2026, to Uzbekistan." in page_one
    notes = draft.notes()
    assert "Send the communication to one committee only." in notes
    assert "The consent of the person concerned is required" in notes
    assert "usually premature while a domestic appeal that suspends removal" in notes
    assert "(UN treaty bodies: guidance note" in notes, "each statement with its source"


def test_the_european_court_draft_is_made_only_for_a_person_in_a_council_of_europe_state() -> None:
    assert DraftBody.ECHR in applicable(PERSON_IN_GEORGIA)
    assert DraftBody.ECHR not in applicable(EXTRADITION)
    for country in ("kazakhstan", "elsewhere", "dont_know"):
        assert DraftBody.ECHR not in applicable({**PERSON_IN_GEORGIA, "country": country})
    with pytest.raises(ValueError, match="does not apply"):
        opened(DraftBody.ECHR, EXTRADITION)
    assert applicable({"location": "uzbekistan"}) == ()


@pytest.mark.parametrize("locale", LOCALES)
def test_the_european_court_draft_never_speaks_of_russia(locale: str) -> None:
    draft = opened(DraftBody.ECHR, PERSON_IN_GEORGIA, locale)
    for russia in ("Russia", "Росси", "Rossiya", "Россия", "Rossiyadan"):
        assert russia not in draft.text
    assert "diplomatic" not in draft.notes()


def test_the_european_court_draft_carries_the_practice_directions_marking() -> None:
    draft = opened(DraftBody.ECHR, PERSON_IN_GEORGIA)
    assert draft.filing_start() == "Rule 39 – Urgent"
    assert "67075 Strasbourg Cedex" in draft.text.split(draft.filing_start())[1]
    assert "Articles 2 and 3 of the Convention" in draft.section(5)
    assert "Georgia." in draft.section(2)
    notes = draft.notes()
    assert "Requests sent by email are not dealt with." in notes
    assert "less than one working day before the removal" in notes
    assert "requests have been refused where the applicant had not used domestic" in notes


@pytest.mark.parametrize(("name", "body", "locale"), EVERY_DRAFT, ids=IDS)
def test_advice_to_the_client_is_never_a_risk_factor(
    name: str, body: DraftBody, locale: str
) -> None:
    draft = opened(body, SAMPLES[name], locale)
    t = CATALOGS.translator(locale, Reader.OTHER)
    advice = [rule.reason for rule in RULES if rule.reason.advice]
    for reason in advice:
        assert t.raw(reason.text) not in draft.text, reason.id


def test_what_no_source_confirms_is_marked_to_check_and_every_gap_to_fill() -> None:
    draft = opened(DraftBody.CAT, EXTRADITION)
    highlighted = [
        run.font.highlight_color
        for paragraph in draft.document.paragraphs
        for run in paragraph.runs
        if run.text.strip().startswith(("[TO FILL", "[TO CHECK"))
    ]
    assert set(highlighted) == {WD_COLOR_INDEX.YELLOW, WD_COLOR_INDEX.TURQUOISE}
    marks = draft.marked()
    assert any("not withdrawn its declaration under article 22" in mark for mark in marks)
    assert any(mark.startswith("[TO CHECK: article 3") for mark in marks)
