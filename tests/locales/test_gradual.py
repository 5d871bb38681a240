"""A language arrives gradually: a partial Tajik catalog keeps CI green, is hidden until it is
marked ready, then shows Russian, not English, where Tajik is still missing."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from bot.core.i18n import LOCALES_DIR, READY_HEADER, Catalogs
from bot.person import texts
from bot.person.render import Renderer
from bot.translating import catalogs
from bot.translating.check import check_with_summary
from flows.screens import Welcome

TAJIK = {
    "Choose your language:": "Забонро интихоб кунед:",
    "Before we start": "Пеш аз оғоз",
    "Question {number} of {total}": "Саволи {number} аз {total}",
}


@pytest.fixture
def locales(tmp_path: Path) -> Path:
    """The shipped catalogs plus a Tajik one, started by ``boshpana i18n init``, three
    messages translated."""
    shutil.copytree(LOCALES_DIR, tmp_path, dirs_exist_ok=True)
    po_path = catalogs.init("tg", locales_dir=tmp_path)
    text = po_path.read_text(encoding="utf-8")
    for msgid, msgstr in TAJIK.items():
        entry = f'msgid "{msgid}"\nmsgstr ""\n'
        assert text.count(entry) == 1, msgid
        text = text.replace(entry, f'msgid "{msgid}"\nmsgstr "{msgstr}"\n')
    po_path.write_text(text, encoding="utf-8")
    return tmp_path


def mark_ready(locales: Path) -> None:
    po_path = locales / "tg" / "LC_MESSAGES" / "messages.po"
    text = po_path.read_text(encoding="utf-8")
    po_path.write_text(text.replace(f"{READY_HEADER}: no", f"{READY_HEADER}: yes"), "utf-8")


def test_a_partial_catalog_passes_the_checks_and_reports_its_share(locales: Path) -> None:
    findings, summaries = check_with_summary(locales, catalogs.TEMPLATE)
    assert findings == []
    tajik = next(s for s in summaries if s.locale == "tg")
    assert tajik.percent == 0 and tajik.status.startswith("not offered yet")
    po_path = locales / "tg" / "LC_MESSAGES" / "messages.po"
    result = subprocess.run(
        ["msgfmt", "--check", "-o", "/dev/null", str(po_path)], capture_output=True, text=True
    )
    assert (result.returncode, result.stderr) == (0, "")


def test_it_is_hidden_until_marked_ready(locales: Path) -> None:
    hidden = Catalogs(locales)
    assert "tg" not in dict(hidden.menu())
    assert hidden.negotiate("tg") == "ru", "a Tajik phone gets Russian, not English"
    mark_ready(locales)
    offered = Catalogs(locales)
    assert "tg" in dict(offered.menu())
    assert offered.negotiate("tg") == "tg"


def test_the_mark_survives_an_update(locales: Path) -> None:
    mark_ready(locales)
    catalogs.update(catalogs.TEMPLATE, locales)
    text = (locales / "tg" / "LC_MESSAGES" / "messages.po").read_text(encoding="utf-8")
    assert f'"{READY_HEADER}: yes\\n"' in text
    assert "tg" in Catalogs(locales).locales


def test_untranslated_tajik_falls_back_to_russian_then_english(locales: Path) -> None:
    mark_ready(locales)
    catalogs_ = Catalogs(locales)
    t = catalogs_.translator("tg")
    russian = catalogs_.translator("ru")
    welcome = Renderer(t, catalogs_, operator="Boshpana", retain_days=30, case_number=None)
    screen = welcome(Welcome()).text
    assert "Забонро интихоб кунед:" in screen
    assert russian(texts.GREETING) in screen
    assert t.raw(texts.SAFETY_TITLE) == "Пеш аз оғоз"
    assert t.raw(texts.SAFETY_PHONE) == russian.raw(texts.SAFETY_PHONE)
    assert t.counted(texts.SAFETY_STORAGE, 5) == russian.counted(texts.SAFETY_STORAGE, 5)
