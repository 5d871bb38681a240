"""``boshpana i18n preview`` shows every question and button of each shipped language."""

from __future__ import annotations

import html
import shutil
from datetime import date
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from bot.cli.main import main
from bot.core.i18n import LOCALES_DIR, Catalogs
from bot.translating.catalogs import TEMPLATE
from bot.translating.preview import write_preview
from flows.interview import QUESTIONS
from flows.text import Reader
from tests.locales.test_catalogs import IDS

CATALOGS = Catalogs()


@pytest.mark.parametrize("locale", IDS)
def test_preview_shows_every_question_with_its_buttons(locale: str, tmp_path: Path) -> None:
    output = tmp_path / f"{locale}.html"
    assert main(["i18n", "preview", "--locale", locale, "--output", str(output)]) == 0
    page = output.read_text(encoding="utf-8")
    for reader in Reader:
        t = CATALOGS.translator(locale, reader)
        for question in QUESTIONS:
            assert t(question.text) in page, (reader, question.id)
            for option in question.options:
                assert html.escape(t.raw(option.label)) in page, (question.id, option.id)


def test_preview_of_an_unknown_language_fails() -> None:
    assert main(["i18n", "preview", "--locale", "xx"]) == 2


def test_translations_cannot_inject_markup_into_the_page(tmp_path: Path) -> None:
    shutil.copytree(LOCALES_DIR, tmp_path, dirs_exist_ok=True)
    po_path = tmp_path / "uz_Cyrl" / "LC_MESSAGES" / "messages.po"
    text = po_path.read_text(encoding="utf-8")
    po_path.write_text(text.replace("Тилни танланг:", "<script>x()</script>"), encoding="utf-8")
    with TEMPLATE.open("rb") as template_file:
        template = read_po(template_file)
    page = write_preview(Catalogs(tmp_path), "uz_Cyrl", template, date(2026, 11, 27))
    assert "<script>" not in page
    assert "&lt;script&gt;x()&lt;/script&gt;" in page
