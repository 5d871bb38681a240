"""``boshpana i18n check``: what translators' tools miss, reported per catalog.

Errors: messages missing, untranslated or fuzzy (people would see English); placeholders
that differ from the source (a crash or a lost value); any markup or ``&``, ``<``, ``>``
(the bot escapes every translation and adds formatting itself); plural forms that do not
match ``Plural-Forms`` (or a ``Plural-Forms`` that is not CLDR's rule); a command, case number,
URL, phone number or e-mail address of the source missing or changed (protected tokens); a
message over Telegram's 4096 UTF-16 units once filled with long
sample values; a command description over Telegram's 256 characters. Warnings: obsolete
entries, leftover previous-msgid comments and button labels longer than 40 characters.

A catalog outside the core languages (a language arriving gradually) may be incomplete:
its missing, untranslated and fuzzy messages are counted in its summary, not reported;
everything else is checked as for the core ones. The check ends with a summary per catalog.
"""

from __future__ import annotations

import re
import string
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.messages.catalog import Catalog, Message
from babel.messages.plurals import get_plural
from babel.messages.pofile import PoFileParser

from bot.core.i18n import (
    DOMAIN,
    LANGUAGES,
    LOCALES_DIR,
    READY_PERCENT,
    format_day,
    is_ready,
    percent_translated,
)
from bot.person import texts
from bot.translating.catalogs import PREVIOUS_COMMENT, TEMPLATE
from bot.translating.notes import Key, is_button, keys

MESSAGE_LIMIT = 4096
"""Telegram's limit on a message, in UTF-16 code units."""
COMMAND_LIMIT = 256
BUTTON_LIMIT = 40
"""Longer labels are cut off on narrow phones."""
SAMPLE_TEXT = "Sample value " * 4 + "01234567"
"""60 characters: what any placeholder may become (an operator's name, a case number)."""
MARKUP = re.compile(r"[<>&]")
PROTECTED = {
    "command": re.compile(r"(?<![\w/])/[^\W\d]\w*"),
    "case number": re.compile(r"\bB-[0-9A-Z]{4}\b"),
    "URL": re.compile(r"\b(?:https?://)?(?:[a-z0-9-]+\.)+(?:int|org|com|net|ru|uz)\b[^\s\"),]*"),
    "phone number": re.compile(r"\+\d[\d ()-]{6,}\d"),
    "e-mail": re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),
}
"""What must stay exactly as in the source: a transliterated ``/нот`` is a command nobody has."""
TAG = re.compile(r"</?[A-Za-z][^<>]*>")

COMMAND_KEYS = keys(texts.COMMANDS.values())


class Severity(StrEnum):
    """Errors fail the check; warnings are shown."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Finding:
    """One problem in one catalog."""

    locale: str
    severity: Severity
    check: str
    message: str
    detail: str

    def __str__(self) -> str:
        """One line for the terminal."""
        return f"{self.locale}: {self.severity} [{self.check}] {self.message!r}: {self.detail}"


@dataclass(frozen=True)
class Summary:
    """One catalog's totals: how much is translated, whether it is offered, its findings."""

    locale: str
    percent: int
    status: str
    errors: int
    warnings: int

    def __str__(self) -> str:
        """One line for the terminal."""
        return (
            f"{self.locale}: {self.percent} % translated, {self.status}; "
            f"{self.errors} errors, {self.warnings} warnings"
        )


def check_locales(
    locales_dir: Path = LOCALES_DIR, template_path: Path = TEMPLATE
) -> list[Finding]:
    """Check every catalog under ``locales_dir`` against the template."""
    return check_with_summary(locales_dir, template_path)[0]


def check_with_summary(
    locales_dir: Path = LOCALES_DIR, template_path: Path = TEMPLATE
) -> tuple[list[Finding], list[Summary]]:
    """Every finding, and a summary per catalog."""
    template = _read(template_path, None)[0]
    found: list[Finding] = []
    summaries = []
    for po_path in sorted(locales_dir.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        findings = check_catalog(po_path, template)
        found += findings
        summaries.append(_summary(po_path, findings))
    return found, summaries


def _summary(po_path: Path, findings: list[Finding]) -> Summary:
    locale = po_path.parent.parent.name
    percent = percent_translated(_read(po_path, locale)[0])
    if locale in LANGUAGES:
        status = "core language, always offered"
    elif is_ready(locale, po_path.read_text(encoding="utf-8"), percent):
        status = "offered"
    else:
        status = f"not offered yet (mark it ready or reach {READY_PERCENT} %)"
    errors = sum(f.severity is Severity.ERROR for f in findings)
    return Summary(locale, percent, status, errors, len(findings) - errors)


INCOMPLETE = frozenset({"missing", "untranslated", "fuzzy"})
"""What a language arriving gradually may have: counted in its summary, not reported."""


def check_catalog(po_path: Path, template: Catalog) -> list[Finding]:
    """Check one catalog (``locales/<code>/LC_MESSAGES/messages.po``)."""
    locale = po_path.parent.parent.name
    found = _check_catalog(po_path, locale, template)
    if locale in LANGUAGES:
        return found
    return [f for f in found if not (f.check in INCOMPLETE and f.message)]


def _check_catalog(po_path: Path, locale: str, template: Catalog) -> list[Finding]:
    catalog, parse_errors = _read(po_path, locale)
    found = [Finding(locale, Severity.ERROR, _problem_kind(e), "", e) for e in parse_errors]
    found += _headers(locale, catalog)
    messages = {(m.context, _msgid(m)): m for m in catalog if m.id}
    for key, message in messages.items():
        found += (Finding(locale, s, c, _label(key), d) for s, c, d in _message(message, locale))
    expected = {(m.context, _msgid(m)) for m in template if m.id}
    found += (
        Finding(locale, Severity.ERROR, "missing", _label(k), "run `boshpana i18n update`")
        for k in sorted(expected - messages.keys(), key=str)
    )
    found += (
        Finding(locale, Severity.WARNING, "obsolete", _label(k), "no longer in the code")
        for k in sorted(messages.keys() - expected, key=str)
    )
    found += (
        Finding(locale, Severity.WARNING, "obsolete", _label((m.context, _msgid(m))), "#~ entry")
        for m in catalog.obsolete.values()
    )
    return found


class _Parser(PoFileParser):
    """Babel's parser, keeping the problems it would only print."""

    problems: list[str]

    def _invalid_pofile(self, line: str, lineno: int, msg: str) -> None:
        self.problems.append(f"line {lineno + 1}: {msg}")


def _read(po_path: Path, locale: str | None) -> tuple[Catalog, list[str]]:
    catalog = Catalog(locale=_babel_locale(locale))
    parser = _Parser(catalog)
    parser.problems = []
    with po_path.open("rb") as po_file:
        parser.parse(po_file)
    return catalog, parser.problems


def _problem_kind(problem: str) -> str:
    return "plurals" if "num_plurals" in problem else "syntax"


def _babel_locale(code: str | None) -> Locale | None:
    try:
        return Locale.parse(code) if code else None
    except (ValueError, UnknownLocaleError):
        return None


def _headers(locale: str, catalog: Catalog) -> Iterator[Finding]:
    if catalog.fuzzy:
        yield Finding(locale, Severity.ERROR, "fuzzy", "", "the header is fuzzy: catalog unused")
    babel_locale = _babel_locale(locale)
    if babel_locale is None:
        return
    cldr = get_plural(babel_locale)
    if catalog.num_plurals != cldr.num_plurals:
        detail = (
            f"Plural-Forms has nplurals={catalog.num_plurals}, the language has {cldr.num_plurals}"
        )
        yield Finding(locale, Severity.ERROR, "plurals", "", detail)
    elif _plural_expr(catalog.plural_expr) != _plural_expr(cldr.plural_expr):
        detail = f"Plural-Forms has plural={catalog.plural_expr}, CLDR says {cldr.plural_expr}"
        yield Finding(locale, Severity.ERROR, "plurals", "", detail)


def _plural_expr(expr: str) -> str:
    """A plural expression without spaces and outer brackets, for comparison."""
    return expr.replace(" ", "").removeprefix("(").removesuffix(")")


def _message(message: Message, locale: str) -> Iterator[tuple[Severity, str, str]]:
    """(severity, check, detail) for every problem of one message."""
    forms = _forms(message)
    if not any(forms):
        yield Severity.ERROR, "untranslated", "no translation"
        return
    if message.fuzzy:
        yield Severity.ERROR, "fuzzy", "marked fuzzy: review it and remove the flag"
    if isinstance(message.id, tuple | list) and not all(forms):
        yield Severity.ERROR, "plurals", f"{forms.count('')} of {len(forms)} forms are empty"
    if any(c.startswith(PREVIOUS_COMMENT) for c in message.user_comments) and not message.fuzzy:
        yield Severity.WARNING, "previous", "a leftover previous-msgid comment (# |): delete it"
    source = [message.id] if isinstance(message.id, str) else list(message.id)
    expected = set().union(*(_fields(s) or set() for s in source))
    for form in filter(None, forms):
        yield from _form(message, form, expected, locale)


def _form(
    message: Message, form: str, expected: set[str], locale: str
) -> Iterator[tuple[Severity, str, str]]:
    fields = _fields(form)
    if fields is None:
        yield Severity.ERROR, "placeholders", "a stray { or }: write placeholders as {name}"
    elif fields != expected:
        shown = ", ".join(sorted(f"{{{f}}}" for f in fields ^ expected))
        yield Severity.ERROR, "placeholders", f"differs from the source in {shown}"
    tags = TAG.findall(form)
    if tags != TAG.findall(_msgid(message)):
        yield Severity.ERROR, "markup", f"tags {tags} differ from the source: the bot formats"
    elif MARKUP.search(TAG.sub("", form)):
        yield Severity.ERROR, "markup", "contains &, < or >: write it in words"
    yield from _protected(_msgid(message), form)
    key = (message.context, _msgid(message))
    rendered = _render(form, fields or set(), locale)
    units = len(rendered.encode("utf-16-le")) // 2
    if units > MESSAGE_LIMIT:
        yield Severity.ERROR, "length", f"{units} UTF-16 units with sample values (max 4096)"
    if key in COMMAND_KEYS and len(form) > COMMAND_LIMIT:
        yield Severity.ERROR, "length", f"command description of {len(form)} characters"
    if is_button(*key) and len(form) > BUTTON_LIMIT:
        yield Severity.WARNING, "button", f"label of {len(form)} characters (keep to 40)"


def _protected(source: str, form: str) -> Iterator[tuple[Severity, str, str]]:
    for kind, pattern in PROTECTED.items():
        expected, found = Counter(pattern.findall(source)), Counter(pattern.findall(form))
        if expected != found:
            lost = ", ".join(sorted((expected - found).elements())) or "none"
            added = ", ".join(sorted((found - expected).elements())) or "none"
            detail = f"{kind}: keep exactly as in the source (missing: {lost}; added: {added})"
            yield Severity.ERROR, "protected", detail


def _fields(text: str) -> set[str] | None:
    """The placeholder names in ``text``; ``None`` if it is not a valid format string."""
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError:
        return None
    return {re.split(r"[.\[]", name)[0] for _, name, _, _ in parsed if name is not None}


def _render(text: str, fields: Iterable[str], locale: str) -> str:
    """``text`` with long sample values (dates as the longest this locale writes)."""
    values = {name: SAMPLE_TEXT for name in fields}
    values["deadline"] = _longest_date(locale)
    try:
        return text.format(**values)
    except (KeyError, IndexError, ValueError):
        return text


def _longest_date(locale: str) -> str:
    code = locale if _babel_locale(locale) else "en"
    days = (date(2026, month, 28) for month in range(1, 13))
    return max((format_day(d, code) for d in days), key=len)


def _forms(message: Message) -> list[str]:
    if isinstance(message.string, str):
        return [message.string]
    return [str(form) for form in message.string or ()]


def _msgid(message: Message) -> str:
    return message.id if isinstance(message.id, str) else message.id[0]


def _label(key: Key) -> str:
    context, msgid = key
    short = msgid if len(msgid) <= 60 else f"{msgid[:57]}..."
    return f"{context}|{short}" if context else short
