"""``boshpana i18n update`` keeps catalogs valid for msgfmt when source texts change.

``pybabel update --previous`` wraps the previous text of a long msgid into broken ``#|``
lines and reads them back as ``# |`` comments; ``catalogs.update`` must do neither.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from babel.messages.pofile import read_po

from bot.core.i18n import LOCALES_DIR
from bot.translating import catalogs

LONG_OLD = "it was handed over and talk to a lawyer today."
LONG_NEW = "it was handed over and talk to a lawyer at once."
SHORT_OLD = 'msgid "Choose your language:"'
SHORT_NEW = 'msgid "Choose a language:"'
APPEAL = (
    "An appeal against the extradition decision is due within 10 days of receiving it. "
    "Find the day " + LONG_OLD
)


def changed_sources(tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the Cyrillic catalog and a template in which two source texts changed."""
    locales = tmp_path / "locales"
    shutil.copytree(LOCALES_DIR / "uz_Cyrl", locales / "uz_Cyrl")
    text = catalogs.TEMPLATE.read_text(encoding="utf-8")
    assert text.count(LONG_OLD) == 1
    assert text.count(SHORT_OLD) == 1
    template = tmp_path / "messages.pot"
    template.write_text(
        text.replace(LONG_OLD, LONG_NEW).replace(SHORT_OLD, SHORT_NEW), encoding="utf-8"
    )
    return template, locales / "uz_Cyrl" / "LC_MESSAGES" / "messages.po"


def msgfmt_check(po_path: Path) -> None:
    result = subprocess.run(
        ["msgfmt", "--check", "-o", "/dev/null", str(po_path)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


def test_changed_messages_turn_fuzzy_with_sound_previous_text(tmp_path: Path) -> None:
    template, po_path = changed_sources(tmp_path)
    catalogs.update(template, po_path.parents[2])
    msgfmt_check(po_path)
    text = po_path.read_text(encoding="utf-8")
    assert '#| msgid "An appeal against the extradition decision is due within 10 days' in text
    assert '#| msgid "Choose your language:"\n' in text
    assert "# |" not in text
    with po_path.open("rb") as po_file:
        fuzzy = {m.id for m in read_po(po_file) if m.id and m.fuzzy}
    assert fuzzy == {APPEAL.replace(LONG_OLD, LONG_NEW), "Choose a language:"}


def test_a_second_update_keeps_the_previous_text_and_changes_nothing(tmp_path: Path) -> None:
    template, po_path = changed_sources(tmp_path)
    catalogs.update(template, po_path.parents[2])
    first = po_path.read_text(encoding="utf-8")
    catalogs.update(template, po_path.parents[2])
    assert po_path.read_text(encoding="utf-8") == first
    catalogs.update(template, po_path.parents[2], check=True)


def test_leftover_previous_comments_of_reviewed_messages_are_dropped(tmp_path: Path) -> None:
    po_path = changed_sources(tmp_path)[1]
    text = po_path.read_text(encoding="utf-8")
    planted = text.replace(
        "#: bot/person/texts.py\n", '# | msgid "Old"\n#: bot/person/texts.py\n', 1
    )
    po_path.write_text(planted, encoding="utf-8")
    catalogs.update(catalogs.TEMPLATE, po_path.parents[2])
    assert "# |" not in po_path.read_text(encoding="utf-8")
    msgfmt_check(po_path)
