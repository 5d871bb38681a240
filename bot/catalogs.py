"""Translator tooling: extract the template from code and flow data, merge it into catalogs.

Wraps ``pybabel`` with the project's settings so that everyone (translators, CI, tests)
runs exactly the same commands: ``boshpana i18n extract`` and ``boshpana i18n update``.
"""

from __future__ import annotations

from contextlib import chdir
from pathlib import Path

from babel.messages.frontend import CommandLineInterface

from bot.i18n import LOCALES_DIR

PROJECT_ROOT = LOCALES_DIR.parent
TEMPLATE = LOCALES_DIR / "messages.pot"
SOURCES = ("bot", "flows")
EXTRACT_OPTIONS = (
    "--mapping-file=babel.cfg",
    "--project=Boshpana",
    "--copyright-holder=Boshpana contributors",
    "--keywords=N_ NP_:1c,2",
    "--no-default-keywords",
    "--add-comments=TRANSLATORS:",
    "--sort-by-file",
    "--add-location=file",
    "--width=99",
)


def _pybabel(*args: str) -> None:
    CommandLineInterface().run(["pybabel", "--quiet", *args])  # type: ignore[no-untyped-call]


def extract(template: Path = TEMPLATE) -> None:
    """Write the ``.pot`` template from every marked string in ``bot/`` and ``flows/``."""
    with chdir(PROJECT_ROOT):
        _pybabel("extract", *EXTRACT_OPTIONS, f"--output-file={template.resolve()}", *SOURCES)


def update(
    template: Path = TEMPLATE, locales_dir: Path = LOCALES_DIR, *, check: bool = False
) -> None:
    """Merge ``template`` into every catalog (``check``: only fail if one would change).

    Changed messages become fuzzy with the previous text kept (``#| msgid``), so Poedit
    and Weblate show translators what changed; fuzzy messages are not shown to people.
    """
    options = ["--check"] if check else ["--previous", "--ignore-obsolete"]
    _pybabel(
        "update",
        f"--input-file={template}",
        f"--output-dir={locales_dir}",
        "--ignore-pot-creation-date",
        "--width=99",
        *options,
    )
