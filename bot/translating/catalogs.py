"""Translator tooling: extract the template from code and flow data, merge it into catalogs.

Wraps ``pybabel`` with the project's settings so that everyone (translators, CI, tests)
runs exactly the same commands: ``boshpana i18n extract``, ``update`` and ``init``.

Catalogs and the template are written **without wrapping** (a long message is one line; a
message with line breaks is split after each ``\n``), as ``msgcat --no-wrap``, Poedit and
Weblate (line wrapping "no wrapping") write them, so a catalog re-wrapped by any tool comes back
byte for byte after ``update``. ``update`` keeps each catalog's header fields as written (Babel
would drop fields it does not know, such as ``X-Boshpana-Ready`` or ``X-Generator``), and
``extract`` keeps the template's ``POT-Creation-Date`` when nothing else changed.

``update`` merges with Babel's API rather than ``pybabel update --previous``: Babel writes
the previous text of a wrapped msgid as broken ``#|`` lines (msgfmt: "end-of-line within
string") and reads ``#|`` lines back as translator comments (``# | msgid …``) that outlive
the fuzzy flag. Here the previous text is written as GNU gettext does and kept while the
message stays fuzzy.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from contextlib import chdir
from io import BytesIO
from pathlib import Path
from tempfile import TemporaryDirectory

from babel import Locale, UnknownLocaleError
from babel.messages.catalog import Catalog, Message
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import escape, normalize, read_po, unescape, write_po

from bot.core.i18n import DOMAIN, LOCALES_DIR, READY_HEADER
from bot.translating.notes import notes

PROJECT_ROOT = LOCALES_DIR.parent
TEMPLATE = LOCALES_DIR / "messages.pot"
SOURCES = ("bot", "flows")
WIDTH = 0
"""No wrapping (Babel still wraps ``#`` comment lines at 76 characters, as xgettext does)."""
EXTRACT_OPTIONS = (
    "--mapping-file=babel.cfg",
    "--project=Boshpana",
    "--copyright-holder=Boshpana contributors",
    "--keywords=N_ NP_:1c,2 NN_:1,2",
    "--no-default-keywords",
    "--add-comments=TRANSLATORS:",
    "--sort-by-file",
    "--add-location=file",
    "--no-wrap",
)
PREVIOUS_LINES = re.compile(r"(?:^#\| .*\n)+", re.MULTILINE)
PREVIOUS_COMMENT = "|"
"""Babel reads a ``#|`` line as a translator comment starting with ``|``."""
QUOTED = re.compile(r'"(?:[^"\\]|\\.)*"')
CREATION_DATE = re.compile(r'^"POT-Creation-Date: .*"$', re.MULTILINE)
HEADER = re.compile(r'\A(?:#.*\n)*msgid ""\nmsgstr ""\n(?:".*"\n)*')
"""A catalog's header entry: its comments, flags and fields."""
LAST_TRANSLATOR = "Boshpana translators"
"""Instead of Babel's placeholder, which msgfmt --check warns about."""


def _pybabel(*args: str) -> None:
    CommandLineInterface().run(["pybabel", "--quiet", *args])  # type: ignore[no-untyped-call]


def extract(template: Path = TEMPLATE) -> None:
    """Write the ``.pot`` template from every marked string in ``bot/`` and ``flows/``, with
    the notes for translators of :mod:`bot.translating.notes`.

    Raises :class:`ValueError` outside a source checkout (an installed copy has no
    ``babel.cfg`` and is not where catalogs are edited), or for a placeholder nobody
    explained; the template is then left as it was.
    """
    if not (PROJECT_ROOT / "babel.cfg").is_file():
        raise ValueError(
            f"{PROJECT_ROOT} is an installed copy: extract and update the catalogs in a "
            "source checkout (pip install -e .)"
        )
    before = template.read_text(encoding="utf-8") if template.exists() else None
    with TemporaryDirectory() as folder, chdir(PROJECT_ROOT):
        raw = Path(folder) / "messages.pot"
        _pybabel("extract", *EXTRACT_OPTIONS, f"--output-file={raw}", *SOURCES)
        with raw.open("rb") as template_file:
            extracted = read_po(template_file)
    for message in extracted:
        if message.id:
            files = [location for location, _ in message.locations]
            msgid = message.id if isinstance(message.id, str) else message.id[0]
            message.auto_comments += notes(msgid, message.context, files, message.auto_comments)
    after = _po_bytes(extracted).decode("utf-8")
    if before is not None and CREATION_DATE.sub("", before) == CREATION_DATE.sub("", after):
        after = before
    template.write_text(after, encoding="utf-8")


def update(
    template: Path = TEMPLATE, locales_dir: Path = LOCALES_DIR, *, check: bool = False
) -> None:
    """Merge ``template`` into every catalog (``check``: raise :class:`ValueError` instead if
    one would say something else; its wrapping does not count).

    Changed messages become fuzzy with the previous text kept (``#| msgid``), so Poedit
    and Weblate show translators what changed; fuzzy messages are not shown to people.
    """
    with template.open("rb") as template_file:
        fresh = read_po(template_file)
    stale = []
    for po_path in sorted(locales_dir.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        original = po_path.read_bytes()
        written = _updated(original, po_path.parent.parent.name, fresh)
        if not check:
            po_path.write_bytes(written)
        elif _content(written) != _content(original):
            stale.append(po_path.parent.parent.name)
    if stale:
        raise ValueError(f"out of date: {', '.join(stale)}; run `boshpana i18n update`")


def _updated(original: bytes, locale: str, fresh: Catalog) -> bytes:
    """The catalog ``original`` with ``fresh`` merged in, as ``update`` writes it."""
    catalog = read_po(BytesIO(original), locale=locale, domain=DOMAIN)
    previous = _take_previous(catalog)
    catalog.update(fresh, update_creation_date=False)
    for message in catalog:
        if message.fuzzy and not message.previous_id:
            message.previous_id = previous.get(_key(message), [])
    return _with_header(_po_bytes(catalog), original)


def _content(po_bytes: bytes) -> list[tuple[object, ...]]:
    """What a catalog says, whatever its wrapping: headers and messages with their comments."""
    catalog = read_po(BytesIO(po_bytes))
    _take_previous(catalog)
    messages = [
        (m.id, m.context, m.string, sorted(m.flags), m.auto_comments, m.user_comments)
        for m in catalog
    ]
    return [*messages, tuple(catalog.mime_headers)]


def _with_header(written: bytes, original: bytes) -> bytes:
    """``written`` with the header fields of ``original``, as they were, unwrapped."""
    new, old = written.decode("utf-8"), original.decode("utf-8")
    new_header, old_header = HEADER.match(new), HEADER.match(old)
    if new_header is None or old_header is None:
        return written
    comments, _, fields = old_header.group(0).partition('msgid ""\nmsgstr ""\n')
    text = "".join(unescape(quoted) for quoted in QUOTED.findall(fields))
    lines = "".join(f"{escape(line)}\n" for line in text.splitlines(keepends=True))
    header = f'{comments}msgid ""\nmsgstr ""\n{lines}'
    return (header + new[new_header.end() :]).encode("utf-8")


def _one_final_newline(text: str) -> str:
    """Babel ends a catalog with a blank line; msgcat, Poedit and Weblate do not."""
    return text.rstrip("\n") + "\n"


def init(locale: str, template: Path = TEMPLATE, locales_dir: Path = LOCALES_DIR) -> Path:
    """Start the catalog of a new language, not yet offered (``X-Boshpana-Ready: no``).

    Raises :class:`ValueError` for an unknown language code or a catalog that exists.
    """
    try:
        babel_locale = Locale.parse(locale)
    except (ValueError, UnknownLocaleError) as error:
        raise ValueError(f"{locale!r} is not a language code CLDR knows ({error})") from None
    target = locales_dir / locale / "LC_MESSAGES" / f"{DOMAIN}.po"
    if target.exists():
        raise ValueError(f"{target} exists already: run `boshpana i18n update` instead")
    with template.open("rb") as template_file:
        catalog = read_po(template_file, locale=babel_locale, domain=DOMAIN)
    catalog.locale = babel_locale
    catalog.fuzzy = False
    catalog.revision_date = catalog.creation_date
    catalog.last_translator = LAST_TRANSLATOR
    catalog.language_team = f"{babel_locale.english_name} <{LAST_TRANSLATOR}>"
    text = _po_bytes(catalog).decode("utf-8")
    mime = '"MIME-Version: 1.0\\n"\n'
    text = text.replace(mime, f'"{READY_HEADER}: no\\n"\n{mime}', 1)
    target.parent.mkdir(parents=True)
    target.write_text(text, encoding="utf-8")
    return target


def _key(message: Message) -> tuple[str | None, str]:
    return message.context, message.id if isinstance(message.id, str) else message.id[0]


def _take_previous(catalog: Catalog) -> dict[tuple[str | None, str], list[str]]:
    """Remove the ``#|`` lines Babel read as comments; the previous texts of fuzzy ones."""
    previous = {}
    for message in catalog:
        lines = [c[1:].strip() for c in message.user_comments if c.startswith(PREVIOUS_COMMENT)]
        message.user_comments = [
            c for c in message.user_comments if not c.startswith(PREVIOUS_COMMENT)
        ]
        if lines and message.fuzzy:
            parts = " ".join(lines).removeprefix("msgid").split("msgid_plural")
            previous[_key(message)] = [_unquote(part) for part in parts]
    return previous


def _unquote(part: str) -> str:
    return "".join(unescape(quoted) for quoted in QUOTED.findall(part))


def _po_bytes(catalog: Catalog) -> bytes:
    """The catalog as ``pybabel update --previous`` would write it, with sound ``#|`` lines."""
    buffer = BytesIO()
    write_po(buffer, catalog, width=WIDTH, ignore_obsolete=True, include_previous=True)
    blocks = iter([_previous_lines(m.previous_id) for m in catalog if m.previous_id])
    text = PREVIOUS_LINES.sub(lambda _: next(blocks), buffer.getvalue().decode("utf-8"))
    return _one_final_newline(text).encode("utf-8")


def _previous_lines(previous_id: Sequence[str]) -> str:
    keywords = ("msgid", "msgid_plural")[: len(previous_id)]
    entries = [
        f"{k} {normalize(t, width=WIDTH)}" for k, t in zip(keywords, previous_id, strict=True)
    ]
    return "".join(f"#| {line}\n" for entry in entries for line in entry.splitlines())
