"""Translatable text as data: gettext markers that flows use instead of translating.

Flows never translate. They hold :class:`Msg` values (the English source text, the gettext
``msgid``, with an optional message context) and :class:`Voiced` pairs worded for each
reader, and :class:`Counted` messages with plural forms. ``bot/`` looks them up in the
catalogs. ``pybabel extract`` finds the markers ``N_``, ``NP_`` and ``NN_`` (see
``EXTRACT_OPTIONS`` in ``bot/translating/catalogs.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Reader(StrEnum):
    """Who reads the bot: the person at risk, or someone answering for them."""

    SELF = "self"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class Msg:
    """One translatable message: its English source and optional gettext context."""

    text: str
    context: str | None = None


def N_(text: str) -> Msg:
    """Mark ``text`` for translation without translating it."""
    return Msg(text)


def NP_(context: str, text: str) -> Msg:
    """Mark ``text`` for translation with a message context (``msgctxt``)."""
    return Msg(text, context)


@dataclass(frozen=True, slots=True)
class Counted:
    """A message about a number ``{n}``: its English singular and plural (``ngettext``).

    Catalogs hold every plural form of their language, chosen by its CLDR rule
    (``Plural-Forms``): Russian "1 день", "2 дня", "5 дней".
    """

    one: str
    other: str


def NN_(one: str, other: str) -> Counted:
    """Mark a counted message for translation; both texts hold ``{n}``."""
    return Counted(one, other)


@dataclass(frozen=True, slots=True)
class Voiced:
    """The same message worded for the person at risk and for a relative or friend."""

    me: Msg
    other: Msg

    def for_reader(self, reader: Reader | None) -> Msg:
        """The wording for ``reader`` (the person's own wording when not yet known)."""
        return self.other if reader is Reader.OTHER else self.me


Text = Msg | Voiced


def worded(text: Text, reader: Reader | None) -> Msg:
    """The message to show ``reader`` for a plain or voiced text."""
    return text.for_reader(reader) if isinstance(text, Voiced) else text
