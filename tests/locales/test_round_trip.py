"""Catalogs saved by Poedit or Weblate come back unchanged after ``boshpana i18n update``.

Poedit writes with GNU gettext's wrapping (``msgcat``, 79 columns); Weblate with the
translate-toolkit's (77). The catalogs are kept unwrapped, so an update restores each one
byte for byte, and changes nothing when nothing changed.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from translate.storage import pypo

from bot.core.i18n import LOCALES_DIR
from bot.translating import catalogs

Rewrap = Callable[[Path], None]


CATALOGS = [catalogs.TEMPLATE, *sorted(LOCALES_DIR.glob("*/LC_MESSAGES/messages.po"))]


def poedit(po_path: Path) -> None:
    """Re-wrap as GNU gettext (and Poedit) write by default."""
    subprocess.run(["msgcat", "--width=79", "-o", str(po_path), str(po_path)], check=True)


def weblate(po_path: Path) -> None:
    """Re-wrap as Weblate (the translate-toolkit) writes by default: at 77 characters."""
    store = pypo.pofile(width=77)
    store.parse(po_path.read_bytes())
    for unit in store.units:
        unit.wrapper = store.wrapper
        unit.target = unit.target  # as if every message had been edited there
    po_path.write_bytes(bytes(store))


@pytest.mark.parametrize("rewrap", [poedit, weblate], ids=["poedit", "weblate"])
@pytest.mark.parametrize("locale", ["ru", "uz_Cyrl"])
def test_a_rewrapped_catalog_comes_back_unchanged(
    tmp_path: Path, locale: str, rewrap: Rewrap
) -> None:
    shutil.copytree(LOCALES_DIR / locale, tmp_path / locale)
    po_path = tmp_path / locale / "LC_MESSAGES" / "messages.po"
    original = po_path.read_bytes()
    rewrap(po_path)
    assert po_path.read_bytes() != original, "the tool did re-wrap it"
    catalogs.update(catalogs.TEMPLATE, tmp_path)
    assert po_path.read_bytes() == original


def test_an_update_with_nothing_changed_changes_nothing(tmp_path: Path) -> None:
    shutil.copytree(LOCALES_DIR, tmp_path / "locales")
    template = tmp_path / "messages.pot"
    shutil.copy(catalogs.TEMPLATE, template)
    before = template.read_bytes()
    catalogs.extract(template)
    assert template.read_bytes() == before, "POT-Creation-Date rewritten with nothing changed"
    catalogs.update(template, tmp_path / "locales")
    for po_path in (tmp_path / "locales").glob("*/LC_MESSAGES/messages.po"):
        shipped = LOCALES_DIR / po_path.relative_to(tmp_path / "locales")
        assert po_path.read_bytes() == shipped.read_bytes(), po_path


@pytest.mark.parametrize("po_path", CATALOGS, ids=lambda p: p.parent.parent.name or p.name)
def test_tools_set_as_docs_say_write_the_catalogs_byte_for_byte(po_path: Path) -> None:
    original = po_path.read_bytes()
    msgcat = subprocess.run(["msgcat", "--no-wrap", str(po_path)], capture_output=True)
    assert msgcat.stdout == original, "msgcat --no-wrap (Poedit without wrapping)"
    store = pypo.pofile(width=65535)  # Weblate: "Only wrap lines at newlines"
    store.parse(original)
    assert bytes(store) == original, "Weblate"


def test_the_ci_gate_ignores_wrapping_but_not_content(tmp_path: Path) -> None:
    shutil.copytree(LOCALES_DIR / "ru", tmp_path / "ru")
    po_path = tmp_path / "ru" / "LC_MESSAGES" / "messages.po"
    poedit(po_path)
    catalogs.update(catalogs.TEMPLATE, tmp_path, check=True)
    text = po_path.read_text(encoding="utf-8")
    entry = 'msgid "Choose your language:"\nmsgstr "Выберите язык:"\n'
    assert text.count(entry) == 1
    po_path.write_text(text.replace(entry, ""), encoding="utf-8")
    with pytest.raises(ValueError, match="out of date: ru"):
        catalogs.update(catalogs.TEMPLATE, tmp_path, check=True)
