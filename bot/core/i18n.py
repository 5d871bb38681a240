"""Catalogs and locales: which languages ship, which one a person gets, and translation.

A language ships when ``locales/<code>/LC_MESSAGES/messages.po`` exists: adding Tajik is
dropping a catalog there. ``locales`` is package data, read with :mod:`importlib.resources`
(from the source tree or an installed wheel alike). Catalogs are compiled in memory at
start-up (``.mo`` files are never committed); the bot refuses to start when one of
:data:`LANGUAGES` is missing or any catalog is broken (:class:`CatalogError`). Fuzzy
entries are not used: a person sees the English source instead of a translation nobody
has checked.

Which catalog a person gets:
1. the language they chose in the menu, stored with their conversation: it always wins;
2. else Telegram's ``language_code`` (the app's language, optional, sometimes with a region
   like ``ru-RU``, never a script): a catalog with exactly that code (``ru``, ``tg``), else
   one of the same language, preferring the default script (``uz``, ``uz-UZ`` → ``uz_Latn``);
3. else English.

Uzbek Cyrillic is therefore reached only by choice. A message missing from a catalog is
looked up along its fallback chain (``uz_Cyrl`` → ``uz_Latn``, ``tg`` → ``ru``, see
:data:`FALLBACKS`), then shown in English.

Languages arrive gradually: the core languages (:data:`LANGUAGES`) are always offered and
must be complete; any other catalog is offered (menu, Telegram's language code) only once it
is ready (:func:`is_ready`). Until then a Tajik phone gets the first offered language of
Tajik's chain, Russian.
"""

from __future__ import annotations

import copy
import html
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from functools import cached_property
from importlib import resources
from importlib.resources.abc import Traversable
from io import BytesIO
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_datetime
from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from babel.support import NullTranslations, Translations

import bot
from flows.text import Counted, Msg, Reader, Text, worded

DEFAULT_LOCALE = "en"
DEFAULT_SCRIPT = {"uz": "uz_Latn"}
"""For a language with several catalogs, the one a bare language code gets."""
FALLBACKS: dict[str, tuple[str, ...]] = {
    "uz_Cyrl": ("uz_Latn",),
    "tg": ("ru",),
    "ky": ("ru",),
    "kk": ("ru",),
    "tk": ("ru",),
}
"""Where a message missing from the key's catalog is looked up, in order, before English."""
LANGUAGES = ("uz_Latn", "uz_Cyrl", "ru", "en")
"""The core languages: always offered, in the order of the menu, and kept complete."""
READY_HEADER = "X-Boshpana-Ready"
"""A catalog's header field (``X-Boshpana-Ready: yes``) that offers a language before it is
complete enough: a reviewer's decision (``boshpana i18n update`` keeps headers as written)."""
READY_PERCENT = 95
"""A catalog outside :data:`LANGUAGES` with this share of its messages translated is offered."""
PACKAGE = "locales"
"""The package holding the catalogs (the repository's top-level ``locales/`` folder)."""
DOMAIN = "messages"
CLDR_UZ_APOSTROPHE = "\u2018"
UZ_TURNED_COMMA = "\u02bb"
"""CLDR writes oʻ with a quotation mark; Uzbek orthography wants U+02BB (docs/translating.md)."""
OFFICIAL_DATES: dict[str, dict[str, str]] = {
    "uz_Latn": {
        "long": "y-'yil' d-MMMM",
        "full": "y-'yil' d-MMMM, EEEE",
        "EEE, d MMM": "EEEEEE, d-MMM",
        "d MMM, HH:mm": "d-MMM, HH:mm",
        "EEE d MMM, HH:mm": "EEE, d-MMM, HH:mm",
        "EEE d MMM, HH:mm OOOO": "EEE, d-MMM, HH:mm OOOO",
        "d MMM y, HH:mm": "y-'yil' d-MMM, HH:mm",
    },
    "uz_Cyrl": {
        "long": "y 'йил' d MMMM",
        "full": "y 'йил' d MMMM, EEEE",
        "d MMM y, HH:mm": "y 'йил' d MMM, HH:mm",
    },
}
"""Date patterns replacing CLDR's where official usage differs: Uzbek writes
"2026-yil 4-dekabr" / "2026 йил 4 декабр", CLDR "4-dekabr, 2026". A day button in Latin Uzbek
takes the two-letter weekday ("Sh, 28-noy"): "Shan, 28-noy" is cut off three to a row."""


LOCALES_DIR = Path(bot.__file__).resolve().parent.parent / PACKAGE
"""The catalogs as files beside the ``bot`` package, for the translators' tools."""


class CatalogError(Exception):
    """A catalog the bot needs is missing or cannot be read; the message says which."""


def shipped() -> Traversable:
    """The catalogs that ship with this installation."""
    try:
        return resources.files(PACKAGE)
    except ModuleNotFoundError:
        raise CatalogError(
            f"The catalogs (the {PACKAGE} package) are not installed: reinstall Boshpana "
            "(pip install . or, in a source checkout, pip install -e .)."
        ) from None


def _catalog_file(folder: Traversable, code: str) -> Traversable:
    return folder.joinpath(code, "LC_MESSAGES", f"{DOMAIN}.po")


def header_field(po_text: str, name: str) -> str | None:
    """A field of a catalog's header as written (Babel drops fields it does not know)."""
    found = re.search(rf'^"{re.escape(name)}:\s*(.*?)\s*(?:\\n)?"\s*$', po_text, re.MULTILINE)
    return found.group(1) if found else None


def percent_translated(catalog: Catalog) -> int:
    """The share of the catalog's messages translated and not fuzzy, rounded down."""
    messages = [m for m in catalog if m.id]
    done = sum(1 for m in messages if is_translated(m))
    return 100 * done // len(messages) if messages else 0


def is_translated(message: Message) -> bool:
    """Whether every form of ``message`` is translated, and it is not fuzzy."""
    string = message.string
    forms = [string] if isinstance(string, str) else list(string or ())
    return not message.fuzzy and bool(forms) and all(forms)


def is_ready(code: str, po_text: str, percent: int) -> bool:
    """Whether a catalog is offered: a core language, marked ready, or complete enough."""
    marked = (header_field(po_text, READY_HEADER) or "").lower() in {"yes", "true", "1"}
    return code in LANGUAGES or marked or percent >= READY_PERCENT


@dataclass(frozen=True)
class _Compiled:
    translations: Translations
    ready: bool


def _compile(po_file: Traversable, locale: str) -> _Compiled:
    where = f"{PACKAGE}/{locale}/LC_MESSAGES/{DOMAIN}.po"
    try:
        po_bytes = po_file.read_bytes()
        catalog = read_po(BytesIO(po_bytes), locale=locale, abort_invalid=True)
    except (OSError, PoFileError, UnicodeDecodeError, ValueError) as error:
        raise CatalogError(
            f"The catalog {where} is broken ({error}); check it with: boshpana i18n check"
        ) from error
    if locale in LANGUAGES and not any(message.id and message.string for message in catalog):
        raise CatalogError(f"The catalog {where} holds no translations; restore it.")
    ready = is_ready(locale, po_bytes.decode("utf-8"), percent_translated(catalog))
    for message in [m for m in catalog if m.id and not is_translated(m)]:
        catalog.delete(message.id, message.context)  # else Babel writes English plural forms
    buffer = BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return _Compiled(Translations(buffer, domain=DOMAIN), ready)


class Catalogs:
    """Every shipped catalog, compiled once; the ready ones are offered."""

    def __init__(self, folder: Traversable | None = None) -> None:
        """Load the catalogs in ``folder`` (default: the shipped ones).

        Raises :class:`CatalogError` when one of :data:`LANGUAGES` has no catalog there,
        or a catalog cannot be read.
        """
        folder = shipped() if folder is None else folder
        codes = sorted(entry.name for entry in folder.iterdir() if entry.is_dir())
        found = [code for code in codes if _catalog_file(folder, code).is_file()]
        missing = [code for code in LANGUAGES if code not in found]
        if missing:
            raise CatalogError(
                f"No catalog for {', '.join(missing)} in {folder}: this installation is "
                f"incomplete; reinstall Boshpana (see docs/operating.md)."
            )
        compiled = {code: _compile(_catalog_file(folder, code), code) for code in found}
        self._translations: dict[str, NullTranslations] = {DEFAULT_LOCALE: NullTranslations()}
        for code in compiled:
            chain = [compiled[c].translations for c in (code, *FALLBACKS.get(code, ()))]
            self._translations[code] = _chained(chain)
        self._offered = frozenset(c for c, found in compiled.items() if found.ready) | {
            DEFAULT_LOCALE
        }

    @property
    def locales(self) -> frozenset[str]:
        """The codes of the languages offered: the core ones and every ready catalog."""
        return self._offered

    @property
    def shipped(self) -> frozenset[str]:
        """Every catalog that ships, offered or not yet (for previews and checks)."""
        return frozenset(self._translations)

    def first_offered(self, code: str) -> str:
        """``code`` if it is offered, else the first offered language of its chain."""
        chain = (code, *FALLBACKS.get(code, ()))
        return next((c for c in chain if c in self._offered), DEFAULT_LOCALE)

    def negotiate(self, language_code: str | None) -> str:
        """The catalog for Telegram's ``language_code`` (see the module docstring)."""
        if not language_code:
            return DEFAULT_LOCALE
        code = language_code.replace("-", "_")
        language = code.split("_")[0].lower()
        exact = {c.lower(): c for c in self._translations}
        if code.lower() in exact:
            return self.first_offered(exact[code.lower()])
        if DEFAULT_SCRIPT.get(language) in self._offered:
            return DEFAULT_SCRIPT[language]
        same_language = sorted(c for c in self._offered if c.split("_")[0] == language)
        return same_language[0] if same_language else self.first_offered(language)

    def translator(self, locale: str, reader: Reader | None = None) -> Translator:
        """A translator for ``locale`` (English if it does not ship) and the given reader.

        A catalog not yet offered is still used when asked for by name (the preview).
        """
        known = locale if locale in self._translations else DEFAULT_LOCALE
        return Translator(known, self._translations[known], reader)

    def menu(self) -> list[tuple[str, str]]:
        """(code, name in its own language and script) for every offered language."""
        return sorted(((code, native_name(code)) for code in self.locales), key=_menu_order)


def _chained(chain: Sequence[Translations]) -> Translations:
    """The first catalog, falling back along the rest; copies, so chains never share links."""
    links = [copy.copy(translations) for translations in chain]
    for link in links[1:]:
        links[0].add_fallback(link)
    return links[0]


def _menu_order(entry: tuple[str, str]) -> tuple[int, str]:
    code = entry[0]
    return (LANGUAGES.index(code) if code in LANGUAGES else len(LANGUAGES), code)


def native_name(code: str) -> str:
    """The language's name in itself (``Русский``, ``O‘zbek (lotin)``), from Babel's data."""
    try:
        locale = Locale.parse(code)
    except (ValueError, UnknownLocaleError):
        return code
    name = locale.get_display_name(code) or code
    if locale.language == "uz":
        name = name.replace(CLDR_UZ_APOSTROPHE, UZ_TURNED_COMMA)
    return name[:1].upper() + name[1:]


def format_day(value: date, locale: str, pattern: str = "long") -> str:
    """``value`` as ``locale`` officially writes it (``pattern``: Babel's, or a CLDR skeleton)."""
    official = OFFICIAL_DATES.get(locale, {}).get(pattern, pattern)
    return format_date(value, official, locale=Locale.parse(locale))


@dataclass(frozen=True)
class Translator:
    """Translates flow messages for one locale and one reader, escaped for Telegram HTML."""

    locale: str
    translations: NullTranslations
    reader: Reader | None = None

    @cached_property
    def babel_locale(self) -> Locale:
        """Babel's locale data for dates."""
        return Locale.parse(self.locale)

    def raw(self, text: Text) -> str:
        """The translation of ``text`` for this reader, unescaped."""
        msg: Msg = worded(text, self.reader)
        if msg.context:
            return str(self.translations.pgettext(msg.context, msg.text))
        return self.translations.gettext(msg.text)

    def __call__(
        self,
        text: Text,
        params: Mapping[str, str | int | date] | None = None,
        *,
        markup: Mapping[str, str] | None = None,
    ) -> str:
        """The translation of ``text`` as Telegram HTML, with values filled in.

        The translation and ``params`` are escaped; ``markup`` values are trusted HTML
        (e.g. a bold case number) and inserted as they are.
        """
        return self._fill(self.raw(text), params, markup)

    def counted(
        self,
        text: Counted,
        n: int,
        params: Mapping[str, str | int | date] | None = None,
        *,
        markup: Mapping[str, str] | None = None,
    ) -> str:
        """The plural form of ``text`` this language uses for ``n``, filled like ``__call__``."""
        return self._fill(self.raw_counted(text, n), {"n": n, **(params or {})}, markup)

    def raw_counted(self, text: Counted, n: int) -> str:
        """The plural form of ``text`` for ``n``, unescaped and unfilled."""
        return self.translations.ngettext(text.one, text.other, n)

    def _fill(
        self,
        raw: str,
        params: Mapping[str, str | int | date] | None,
        markup: Mapping[str, str] | None,
    ) -> str:
        template = html.escape(raw, quote=False)
        if not params and not markup:
            return template
        values = {k: html.escape(self.value(v), quote=False) for k, v in (params or {}).items()}
        for name, value in values.items():
            if value.endswith("."):  # a date ending in "g." ends the sentence once
                template = template.replace(f"{{{name}}}.", f"{{{name}}}")
        return template.format(**values, **(markup or {}))

    def value(self, value: str | int | date) -> str:
        """A value as this locale writes it (dates in full, e.g. ``24 ноября 2026 г.``)."""
        if isinstance(value, date):
            return self.day_text(value)
        return str(value)

    def day_text(self, value: date, pattern: str = "long") -> str:
        """A day in this locale's official style (:data:`OFFICIAL_DATES`)."""
        return format_day(value, self.locale, pattern)

    def moment(self, value: datetime, pattern: str, timezone: tzinfo | None = None) -> str:
        """A date and time (``pattern`` like ``d MMM, HH:mm``) in this locale's style."""
        official = OFFICIAL_DATES.get(self.locale, {}).get(pattern, pattern)
        return format_datetime(value, official, tzinfo=timezone, locale=self.babel_locale)

    def day_label(self, day: date) -> str:
        """A short day label for a button (``Tue, 24 Nov``)."""
        return self.day_text(day, "EEE, d MMM")
