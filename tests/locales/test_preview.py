"""``boshpana i18n preview`` shows every message of the template in context, drawn as a 360 px
phone shows it, with fallback text highlighted and an anchor on every screen."""

from __future__ import annotations

import html
import os
import re
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from playwright.sync_api import Browser, Page, sync_playwright

from bot.cli.main import main
from bot.core.i18n import LANGUAGES, LOCALES_DIR, Catalogs
from bot.translating.catalogs import TEMPLATE
from bot.translating.preview import write_preview
from flows.interview import QUESTIONS
from flows.text import Reader
from tests.sandbox.test_browser import CHROMIUM, FLAGS

CATALOGS = Catalogs()
TODAY = date(2026, 11, 27)
with TEMPLATE.open("rb") as template_file:
    TEMPLATE_CATALOG = read_po(template_file)
CODE = re.compile(r"<code>(.*?)</code>", re.DOTALL)
CUT_BUTTONS = """() => [...document.querySelectorAll('.button')]
    .filter(b => b.scrollWidth > b.clientWidth).map(b => b.title)"""


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    """The preview of each core language, written once."""
    return {
        locale: write_preview(CATALOGS, locale, TEMPLATE_CATALOG, TODAY) for locale in LANGUAGES
    }


def template_keys() -> set[str]:
    keys = set()
    for message in TEMPLATE_CATALOG:
        if message.id:
            msgid = message.id if isinstance(message.id, str) else message.id[0]
            keys.add(f"{message.context}|{msgid}" if message.context else msgid)
    return keys


@pytest.mark.parametrize("locale", LANGUAGES)
def test_the_preview_contains_every_msgid_of_the_template(
    pages: dict[str, str], locale: str
) -> None:
    shown = {html.unescape(code) for code in CODE.findall(pages[locale])}
    assert template_keys() - shown == set()


@pytest.mark.parametrize("locale", LANGUAGES)
def test_every_question_shows_with_its_buttons(pages: dict[str, str], locale: str) -> None:
    for reader in Reader:
        t = CATALOGS.translator(locale, reader)
        for question in QUESTIONS:
            assert t(question.text) in pages[locale], (reader, question.id)
            for option in question.options:
                assert html.escape(t.raw(option.label)) in pages[locale], option.id


def test_the_person_the_privacy_commands_and_the_lawyers_side_are_screens(
    pages: dict[str, str],
) -> None:
    page = pages["ru"]
    for anchor in (
        "forget-the-question",
        "clear",
        "case-card-offered-to-the-duty-team",
        "case-card-for-the-lawyer-who-took-it",
        "case-card-for-a-coordinator",
        "draft-request-cat",
        "draft-request-hrc",
        "draft-request-echr",
    ):
        assert f'<section id="{anchor}">' in page, anchor
    assert "Rule 39 – Urgent (Правило 39 – Срочно)" in page


def test_every_screen_has_a_unique_anchor_listed_at_the_top(pages: dict[str, str]) -> None:
    page = pages["uz_Latn"]
    anchors = re.findall(r'<section id="([^"]+)">', page)
    assert len(anchors) == len(set(anchors)) > 300
    listed = re.findall(r'<li><a href="#([^"]+)">', page)
    assert listed == anchors


def test_untranslated_text_is_highlighted_as_fallback(tmp_path: Path) -> None:
    shutil.copytree(LOCALES_DIR, tmp_path, dirs_exist_ok=True)
    po_path = tmp_path / "uz_Cyrl" / "LC_MESSAGES" / "messages.po"
    text = po_path.read_text(encoding="utf-8")
    po_path.write_text(text.replace('msgstr "Тилни танланг:"', 'msgstr ""'), encoding="utf-8")
    page = write_preview(Catalogs(tmp_path), "uz_Cyrl", TEMPLATE_CATALOG, TODAY, tmp_path)
    assert '<mark class="fallback">Tilni tanlang:</mark>' in page, "the Latin fallback, marked"
    assert '<li class="fallback"><code>Choose your language:</code></li>' in page


def test_translations_cannot_inject_markup_into_the_page(tmp_path: Path) -> None:
    shutil.copytree(LOCALES_DIR, tmp_path, dirs_exist_ok=True)
    po_path = tmp_path / "uz_Cyrl" / "LC_MESSAGES" / "messages.po"
    text = po_path.read_text(encoding="utf-8")
    po_path.write_text(text.replace("Тилни танланг:", "<script>x()</script>"), encoding="utf-8")
    page = write_preview(Catalogs(tmp_path), "uz_Cyrl", TEMPLATE_CATALOG, TODAY, tmp_path)
    assert "<script>" not in page
    assert "&lt;script&gt;x()&lt;/script&gt;" in page


def test_the_command_writes_the_page_and_refuses_an_unknown_language(tmp_path: Path) -> None:
    output = tmp_path / "ru.html"
    assert main(["i18n", "preview", "--locale", "ru", "--output", str(output)]) == 0
    assert "<h1>Boshpana in Русский (ru)</h1>" in output.read_text(encoding="utf-8")
    assert main(["i18n", "preview", "--locale", "xx"]) == 2


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's chromium, headless (see tests/sandbox/test_browser.py)."""
    if not Path(CHROMIUM).is_file():
        pytest.skip(f"no browser at {CHROMIUM}")
    with sync_playwright() as playwright:
        started = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield started
        started.close()


def opened(browser: Browser, page_html: str, tmp_path: Path) -> Page:
    path = tmp_path / "preview.html"
    path.write_text(page_html, encoding="utf-8")
    tab = browser.new_page(viewport={"width": 900, "height": 1400})
    tab.goto(path.as_uri())
    return tab


@pytest.mark.parametrize("locale", LANGUAGES)
def test_no_button_is_cut_off_on_a_360_px_phone(
    browser: Browser, pages: dict[str, str], locale: str, tmp_path: Path
) -> None:
    tab = opened(browser, pages[locale], tmp_path)
    assert tab.evaluate(CUT_BUTTONS) == []
    assert tab.evaluate("document.querySelector('.phone').offsetWidth") == 360
    if locale == "uz_Latn" and (folder := os.environ.get("BOSHPANA_PREVIEW_SCREENSHOTS")):
        for anchor in ("help-help", "case-card-for-the-lawyer-who-took-it"):
            tab.locator(f"#{anchor}").screenshot(path=f"{folder}/preview-{anchor}-{locale}.png")
    tab.close()


def test_a_label_too_long_for_its_button_is_cut_as_telegram_cuts_it(
    browser: Browser, tmp_path: Path
) -> None:
    shutil.copytree(LOCALES_DIR, tmp_path / "locales", dirs_exist_ok=True)
    po_path = tmp_path / "locales" / "uz_Latn" / "LC_MESSAGES" / "messages.po"
    text = po_path.read_text(encoding="utf-8")
    long_label = "Qayerdan yordam olish mumkin, qachon va qanday qilib"
    po_path.write_text(text.replace("Qayerdan yordam olish mumkin", long_label), "utf-8")
    catalogs = Catalogs(tmp_path / "locales")
    page = write_preview(catalogs, "uz_Latn", TEMPLATE_CATALOG, TODAY, tmp_path / "locales")
    tab = opened(browser, page, tmp_path)
    assert long_label in tab.evaluate(CUT_BUTTONS)
    style = tab.evaluate("getComputedStyle(document.querySelector('.button')).textOverflow")
    assert style == "ellipsis"
    tab.close()
