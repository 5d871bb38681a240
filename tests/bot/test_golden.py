"""Golden files: the lawyer's case card and every draft request, for each sample case, in
every catalog, exactly as a lawyer would read them.

A change to what a lawyer reads shows up here as a diff to review. After an intended change,
write the files again and read the diff before committing:

    BOSHPANA_GOLDEN=write .venv/bin/python -m pytest -q tests/bot/test_golden.py
"""

from __future__ import annotations

import io
import os
from dataclasses import replace
from pathlib import Path

import pytest
from docx import Document

from bot.desk.cards import render_card
from bot.desk.drafts import build_draft
from flows.drafts import DraftBody, applicable
from flows.text import Reader
from store import CaseSummary
from store.models import CaseStatus
from tests.bot.samples import CATALOGS, LOCALES, LONGEST, NUMBER, SAMPLES, TODAY, case, view

GOLDEN = Path(__file__).parent / "golden"
WRITE = os.environ.get("BOSHPANA_GOLDEN") == "write"
NOTES = ("Called the family at 10:40: the decision was handed over in the detention centre.",)
RECORDED = {
    "full_name": "Aziz Karimov",
    "birth_date": "1990-03-15",
    "detention_place": "ЦВСИГ <№1> & Co",
    "decision_number": "№ 81/3-1207-26",
    "decision_date": "2026-11-23",
    "removal_date": "2026-12-01",
    "removal_flight": "HY 602, 06:40",
    "family_contact": "sister, +7 900 000-00-00",
}
"""Facts a holder recorded on the urgent sample (with characters HTML must escape)."""


def matches_golden(name: str, text: str) -> None:
    """``text`` is the golden file ``name`` (written anew when ``BOSHPANA_GOLDEN=write``)."""
    path = GOLDEN / name
    if WRITE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no golden file {name}: write it with BOSHPANA_GOLDEN=write"
    assert text == path.read_text(encoding="utf-8"), f"{name} changed (see the module docstring)"


def readable(content: bytes) -> str:
    """A ``.docx`` as a lawyer reads it: header, then each paragraph with its style.

    Bold paragraphs are wrapped in ``**``; highlighted gaps and checks in ``⟦ ⟧``; a page
    break is its own line.
    """
    document = Document(io.BytesIO(content))
    lines = [f"header: {document.sections[0].header.paragraphs[0].text}", ""]
    for paragraph in document.paragraphs:
        text = "".join(
            f"{run.text[: len(run.text) - len(run.text.lstrip())]}⟦{run.text.strip()}⟧"
            if run.font.highlight_color is not None
            else run.text
            for run in paragraph.runs
        ).strip()
        bold = bool(paragraph.runs) and all(run.bold for run in paragraph.runs if run.text)
        style = paragraph.style.name if paragraph.style is not None else ""
        lines.append(f"[{style}] {f'**{text}**' if bold and text else text}")
        if any("w:br" in run._r.xml and 'w:type="page"' in run._r.xml for run in paragraph.runs):
            lines.append("--- page break ---")
    return "\n".join(lines) + "\n"


CARDS = [(name, locale) for name in SAMPLES for locale in LOCALES]


@pytest.mark.parametrize(("name", "locale"), CARDS, ids=[f"{n}-{loc}" for n, loc in CARDS])
def test_the_card_reads_as_its_golden_file(name: str, locale: str) -> None:
    rendered = render_card(view(case(SAMPLES[name]), locale), CATALOGS.translator(locale))
    matches_golden(f"card-{name}-{locale}.html", rendered.text + "\n")


@pytest.mark.parametrize("locale", LOCALES)
def test_the_longest_card_reads_as_its_golden_file(locale: str) -> None:
    """The longest case, as the lawyer who took it sees it (with the footer)."""
    stored = case(LONGEST, CaseStatus.CLAIMED)
    rendered = render_card(view(stored, locale), CATALOGS.translator(locale, Reader.OTHER))
    matches_golden(f"card-longest-{locale}.html", rendered.text + "\n")


DRAFTS = [
    (name, body, locale)
    for name, answers in SAMPLES.items()
    for body in applicable(answers)
    for locale in LOCALES
]


@pytest.mark.parametrize(
    ("name", "body", "locale"), DRAFTS, ids=[f"{n}-{b.value}-{loc}" for n, b, loc in DRAFTS]
)
def test_each_draft_reads_as_its_golden_file(name: str, body: DraftBody, locale: str) -> None:
    file_name, content = build_draft(
        body,
        CaseSummary(None, SAMPLES[name]),
        TODAY,
        NUMBER,
        notes=NOTES,
        locale=locale,
        catalogs=CATALOGS,
    )
    assert file_name == f"{NUMBER}-{body.value}-{TODAY.isoformat()}.docx"
    matches_golden(f"draft-{name}-{body.value}-{locale}.txt", readable(content))


@pytest.mark.parametrize("locale", LOCALES)
def test_a_card_with_recorded_facts_reads_as_its_golden_file(locale: str) -> None:
    """The urgent case as its holder sees it once facts are recorded: shown after the
    language, escaped; the earlier decision day moves the appeal deadline."""
    stored = case(SAMPLES["urgent-extradition"], CaseStatus.CLAIMED)
    shown = replace(view(stored, locale), facts=RECORDED)
    rendered = render_card(shown, CATALOGS.translator(locale, Reader.OTHER))
    matches_golden(f"card-recorded-{locale}.html", rendered.text + "\n")


@pytest.mark.parametrize("locale", LOCALES)
def test_a_draft_with_recorded_facts_reads_as_its_golden_file(locale: str) -> None:
    """The blanks the recorded facts answer are filled; a family contact stays out."""
    _, content = build_draft(
        DraftBody.CAT,
        CaseSummary(None, SAMPLES["urgent-extradition"]),
        TODAY,
        NUMBER,
        facts=RECORDED,
        locale=locale,
        catalogs=CATALOGS,
    )
    written = readable(content)
    assert "+7 900" not in written
    matches_golden(f"draft-recorded-cat-{locale}.txt", written)


def test_the_samples_reach_every_draft_and_no_golden_file_is_stale() -> None:
    assert {body for answers in SAMPLES.values() for body in applicable(answers)} == set(DraftBody)
    expected = {
        *(f"card-{name}-{locale}.html" for name, locale in CARDS),
        *(f"card-longest-{locale}.html" for locale in LOCALES),
        *(f"card-recorded-{locale}.html" for locale in LOCALES),
        *(f"draft-recorded-cat-{locale}.txt" for locale in LOCALES),
        *(f"draft-{name}-{body.value}-{locale}.txt" for name, body, locale in DRAFTS),
    }
    found = {path.name for path in GOLDEN.iterdir() if path.suffix in {".html", ".txt"}}
    assert found == expected
