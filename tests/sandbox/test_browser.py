"""The sandbox in a real browser: Debian's chromium, driven by Playwright, as people use it.

Each test checks what is on screen (texts, buttons, the card) and waits only for what it
expects to appear. The browser never reaches beyond the sandbox: every request the page
makes is checked to go to its own address. Screenshots go to ``BOSHPANA_SANDBOX_SCREENSHOTS``
or a temporary folder, printed at the start.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Browser, Locator, Page, expect, sync_playwright

from bot.cases import texts as ct
from bot.cli.sandbox.scenarios import LAWYER_WRITES, PERSON_WRITES, SCENARIOS
from bot.cli.sandbox.web import default_fixed_start
from bot.core.config import Settings
from bot.core.i18n import Catalogs, Translator
from bot.person import privacy_texts as pt
from bot.person import texts
from flows import samples
from flows.card import ROWS
from flows.interview import QUESTIONS, QUESTIONS_BY_ID
from flows.model import Level
from flows.risk import LEVEL_TEXTS
from tests.sandbox.conftest import Running

CHROMIUM = os.environ.get("BOSHPANA_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).is_file(),
    reason=f"no browser at {CHROMIUM}: install Debian's chromium (apt-get install chromium) "
    "to run the sandbox's browser tests",
)
CATALOGS = Catalogs()
RU = CATALOGS.translator("ru")
URGENT_ANSWERS = list(samples.URGENT[:5])
"""Enough for an urgent case: detained, with a decision to extradite (the appeal clock runs)."""
expect.set_options(timeout=15_000)  # a loaded 2-core CI machine answers more slowly
CASE_NUMBER = re.compile(r"B-(?!XXXX)[2-9A-Z]{4}")
REPLAY_TIMEOUT = 30_000


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's chromium, headless, with nothing that calls home."""
    with sync_playwright() as playwright:
        started = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield started
        started.close()


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory: pytest.TempPathFactory, pytestconfig: pytest.Config) -> Path:
    """Where the screenshots go (printed even when output is captured)."""
    chosen = os.environ.get("BOSHPANA_SANDBOX_SCREENSHOTS")
    folder = Path(chosen) if chosen else tmp_path_factory.mktemp("sandbox-screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    capture = pytestconfig.pluginmanager.getplugin("capturemanager")
    with capture.global_and_fixture_disabled():
        print(f"\nsandbox screenshots: {folder}")
    return folder


@contextmanager
def opened(browser: Browser, running: Running, **context: Any) -> Iterator[Page]:
    """The sandbox page in a fresh browser context; no request may leave the sandbox."""
    session = browser.new_context(accept_downloads=True, **context)
    page = session.new_page()
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(running.url)
    try:
        yield page
    finally:
        session.close()
    outside = [url for url in requests if not url.startswith(running.url)]
    assert not outside, f"the page asked for something outside the sandbox: {outside}"
    assert not errors, f"the page's script failed: {errors}"


@pytest.fixture
def page(browser: Browser, running: Running) -> Iterator[Page]:
    """The page at a desktop size."""
    with opened(browser, running, viewport={"width": 1360, "height": 900}) as shown:
        yield shown


def fresh(page: Page, language: str, *, upto: str | None = None, clock: str = "real") -> None:
    """Reset to a fresh session (replaying the urgent scenario up to ``upto``)."""
    page.locator("#person .app-language select").select_option(language)
    page.locator("#clock").select_option(clock)
    value = ""
    if upto is not None:
        urgent = SCENARIOS["urgent-extradition"]
        value = next(f"{urgent.key}:{n}" for n, title in urgent.stops() if title == upto)
    page.locator("#scenario").select_option(value)
    page.get_by_role("button", name="Reset").click()
    if upto is None:
        expect(page.locator("#status")).to_have_text("A fresh sandbox is ready.")
        expect(page.locator("#person .start-button")).to_be_visible()
    else:
        expect(page.locator("#status")).to_contain_text("Replayed", timeout=REPLAY_TIMEOUT)
    expect(page.locator("#lawyer")).to_contain_text(RU.raw(ct.DUTY_ON))


def translator(language: str) -> Translator:
    """The person's language as the bot picks it from the app language."""
    return CATALOGS.translator(CATALOGS.negotiate(language))


def newest(pane: Locator) -> Locator:
    """The newest message in a chat."""
    return pane.locator(".msg").last


def tab_to(page: Page, target: Locator, presses: int) -> None:
    """Press Tab until ``target`` has the focus, at most ``presses`` times."""
    for _ in range(presses):
        if target.evaluate("element => element === document.activeElement"):
            return
        page.keyboard.press("Tab")
    expect(target).to_be_focused()


def shot(page: Page, folder: Path, name: str, **options: Any) -> None:
    """Save a screenshot named ``name``."""
    page.screenshot(path=str(folder / f"{name}.png"), **options)


@pytest.mark.parametrize("language", ["uz", "ru"])
def test_urgent_case_from_the_first_tap_to_the_lawyers_take_and_back(
    page: Page, screenshots: Path, language: str
) -> None:
    t = translator(language)
    fresh(page, language)
    person, lawyer = page.locator("#person"), page.locator("#lawyer")
    person.get_by_role("button", name="Start", exact=True).click()
    expect(person.locator(".msg.out").first).to_have_text(re.compile(r"^/start"))
    begin = person.get_by_role("button", name=t.raw(texts.BUTTON_START), exact=True)
    expect(begin).to_be_visible()
    shot(page, screenshots, f"{language}-1-first-screens")
    begin.click()
    for question_id, option_id in URGENT_ANSWERS:
        question = QUESTIONS_BY_ID[question_id]
        option = question.option(option_id)
        assert option is not None
        asked = newest(person)
        expect(asked).to_contain_text(t.raw(question.text))
        asked.get_by_role("button", name=t.raw(option.label), exact=True).click()
        # One message, edited in place: the answer above the next question, or in the result.
        answered = person.locator(".msg", has_text=f"{t.raw(ROWS[question_id].label)}: ")
        expect(answered).to_have_count(1)
        expect(answered.locator(".meta")).to_contain_text("edited")
        expect(person.locator(".msg", has_text=t.raw(question.text))).to_have_count(0)

    person.get_by_role("button", name="Menu").click()
    person.locator('.commands button[data-command="/lawyer"]').click()
    newest(person).get_by_role("button", name=t.raw(texts.BUTTON_CONSENT)).click()
    expect(person).to_contain_text(CASE_NUMBER)
    found = CASE_NUMBER.search(person.inner_text())
    assert found
    number = found.group(0)

    take = lawyer.get_by_role("button", name=RU.raw(ct.BUTTON_TAKE))
    card = lawyer.locator(".msg", has_text=number).last
    expect(take).to_be_visible()
    expect(card).to_contain_text(RU.raw(LEVEL_TEXTS[Level.URGENT].title))
    expect(card).to_contain_text(RU.value(number))
    shot(page, screenshots, f"{language}-2-lawyers-card")
    take.click()
    expect(person).to_contain_text(t.raw(ct.CLAIMED).format(number=number))
    expect(person.get_by_role("button", name=t.raw(ct.BUTTON_END))).to_be_visible()
    expect(take).to_have_count(0)
    expect(card.get_by_role("button", name=RU.raw(ct.BUTTON_DRAFTS))).to_be_visible()

    asked_for = PERSON_WRITES[CATALOGS.negotiate(language)]
    person.locator("textarea").fill(asked_for)
    person.locator("textarea").press("Enter")
    relayed = newest(lawyer)
    expect(relayed).to_contain_text(RU.raw(ct.FROM_CLIENT).format(number=number))
    expect(relayed).to_contain_text(asked_for)
    relayed.focus()
    page.keyboard.press("r")
    expect(lawyer.locator(".replying")).to_contain_text(asked_for[:40])
    expect(lawyer.locator("textarea")).to_be_focused()
    page.keyboard.type(LAWYER_WRITES["ru"])
    page.keyboard.press("Enter")
    expect(lawyer.locator(".msg.out").last.locator(".quote")).to_contain_text(asked_for[:40])
    answer = newest(person)
    expect(answer).to_contain_text(t.raw(ct.FROM_LAWYER))
    expect(answer).to_contain_text(LAWYER_WRITES["ru"])
    assert "Karimova" not in person.inner_text() and "Aziza" not in person.inner_text()
    assert "Dilshod" not in lawyer.inner_text(), "the lawyer never sees the person's name"
    shot(page, screenshots, f"{language}-3-relayed", full_page=True)


def test_a_replayed_case_gives_the_lawyer_a_draft_to_download(
    page: Page, screenshots: Path, tmp_path: Path
) -> None:
    fresh(page, "ru", upto="A draft request (.docx) for the lawyer")
    link = page.locator("#lawyer .doc a")
    expect(link).to_contain_text(".docx")
    with page.expect_download() as started:
        link.click()
    download = started.value
    assert download.suggested_filename.endswith(".docx")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    assert saved.read_bytes()[:2] == b"PK", "a .docx is a zip file"
    shot(page, screenshots, "ru-4-draft-request", full_page=True)


def test_keyboard_alone_starts_answers_and_opens_the_menu(page: Page) -> None:
    t = translator("uz")
    fresh(page, "uz")
    tab_to(page, page.locator("#person .start-button"), 40)
    page.keyboard.press("Enter")
    expect(page.locator("#person-log")).to_be_focused()
    begin = page.locator("#person").get_by_role("button", name=t.raw(texts.BUTTON_START))
    expect(begin).to_be_visible()
    page.keyboard.press("End")
    tab_to(page, begin, 5)  # past the commands the safety message names
    page.keyboard.press("Enter")
    for question in QUESTIONS[:2]:
        first = t.raw(question.options[0].label)
        expect(newest(page.locator("#person")).get_by_role("button", name=first)).to_be_focused()
        page.keyboard.press("Enter")
    expect(page.locator("#person")).to_contain_text(f"✓ {t.raw(ROWS[QUESTIONS[1].id].label)}: ")

    menu = page.locator("#person .menu-button")
    menu.focus()
    page.keyboard.press("Enter")
    commands = page.locator("#person .commands button")
    expect(commands.first).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(commands.nth(1)).to_be_focused()
    page.keyboard.press("Escape")
    expect(page.locator("#person .commands")).to_be_hidden()
    expect(menu).to_be_focused()

    page.locator("#show-coordinator").focus()
    page.keyboard.press("Space")
    coordinator = page.locator("#coordinator")
    expect(coordinator).to_be_visible()
    expect(coordinator).to_contain_text("B. Rahimov")


def test_readable_at_200_percent_zoom(
    browser: Browser, running: Running, screenshots: Path
) -> None:
    # 200 % zoom of a 1280 x 900 window: a 640 x 450 CSS viewport at twice the pixel density.
    with opened(
        browser, running, viewport={"width": 640, "height": 450}, device_scale_factor=2
    ) as page:
        fresh(page, "uz")
        page.locator("#person .start-button").click()
        t = translator("uz")
        expect(page.get_by_role("button", name=t.raw(texts.BUTTON_START))).to_be_visible()
        width = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert width <= 0, f"the page scrolls sideways by {width}px"
        person = page.locator("#person").bounding_box()
        lawyer = page.locator("#lawyer").bounding_box()
        assert person and lawyer and lawyer["y"] >= person["y"] + person["height"], "stacked"
        assert person["width"] <= 640
        for box in (b.bounding_box() for b in page.locator("#person .keyboard button").all()):
            assert box and box["x"] + box["width"] <= person["x"] + person["width"]
        shot(page, screenshots, "uz-5-zoom-200", full_page=True)


def test_fixed_clock_is_the_bots_today_and_clear_deletes_in_place(page: Page) -> None:
    t = translator("en")
    fresh(
        page,
        "en",
        upto="The result: urgent, why, what to do now; sharing it offered",
        clock="fixed",
    )
    person = page.locator("#person")
    fixed = default_fixed_start(ZoneInfo(Settings().timezone))
    expect(person.locator(".time").first).to_have_text(re.compile(r"^10:0\d$"))
    yesterday = t.value(fixed.date() - timedelta(days=1))
    result = person.locator(".msg", has_text=t.raw(LEVEL_TEXTS[Level.URGENT].title))
    expect(result).to_contain_text(
        f"{t.raw(ROWS['extradition_decision_date'].label)}: {yesterday}"
    )
    safety = person.locator(".msg", has_text=t.raw(texts.SAFETY_TITLE))
    expect(safety).to_have_count(1)
    person.locator("textarea").fill("/clear")
    person.locator("textarea").press("Enter")
    expect(safety).to_have_count(0)
    expect(result).to_have_count(0)
    expect(newest(person)).to_contain_text(t.raw(pt.TELEGRAM_KEEPS))


def test_the_app_language_picks_the_menu_and_the_bots_first_words(page: Page) -> None:
    fresh(page, "uz")
    person = page.locator("#person")
    uz, ru = translator("uz"), translator("ru")
    person.locator(".start-button").click()
    expect(person.get_by_role("button", name=uz.raw(texts.BUTTON_START))).to_be_visible()
    menu = person.locator('.commands button[data-command="/help"]')
    expect(menu).to_contain_text(uz.raw(texts.COMMANDS["help"]))
    person.locator(".app-language select").select_option("ru")
    expect(menu).to_contain_text(ru.raw(texts.COMMANDS["help"]))
    person.get_by_role("button", name="Menu").click()
    person.locator('.commands button[data-command="/restart"]').click()
    expect(newest(person)).to_contain_text(ru.raw(QUESTIONS[0].text))
