"""Notes for translators written into the template by ``boshpana i18n extract``.

Every button label gets a note saying where it shows and how long it may be, and every
placeholder one saying what it stands for, unless a ``# TRANSLATORS:`` comment in the code
already does. The placeholders' meanings are set here, in one place; a new placeholder name
needs a line in :data:`PLACEHOLDERS` (``tests/locales/test_notes.py`` checks it).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from flows.interview import QUESTIONS
from flows.text import Reader, Text, worded

BUTTON_CONTEXTS = frozenset({"button", "answer", "topic"})
"""Message contexts of button labels."""
Key = tuple[str | None, str]
"""(msgctxt, msgid) of a message."""


def keys(items: Iterable[Text]) -> frozenset[Key]:
    """The (msgctxt, msgid) of ``items``, worded for every reader."""
    msgs = (worded(text, reader) for text in items for reader in Reader)
    return frozenset((m.context, m.text) for m in msgs)


ANSWER_KEYS = keys(option.label for question in QUESTIONS for option in question.options)
"""Answer buttons, some without a ``button``/``answer`` context."""
NUMBER = "a number"
DATE = "a date, already written in your language (like “2026-yil 4-dekabr”)"
DURATION = "a duration, already written in your language (like “5 minutes”)"
CASE_NUMBER = "the case number, like B-7K3Q: keep it as it is"
PLACEHOLDERS = {
    "ago": DURATION,
    "cases": NUMBER,
    "coordinator": "a coordinator's name",
    "count": NUMBER,
    "counts": "numbers of cases per risk level, already written",
    "country": "a country's name, already translated",
    "court": "the court an appeal goes to, already translated",
    "date": DATE,
    "day": DATE,
    "deadline": "the last day of a time limit, a date already written in your language",
    "deleted": NUMBER,
    "end": "when the duty shift ends: a day and time, already written in your language",
    "filter": "the chosen filter, already translated (like “Waiting”)",
    "items": "short labels, already translated, joined by “ · ” or “; ”",
    "kept": NUMBER,
    "kind": "the kind of file (photo, document …)",
    "label": "the name of a fact of the case file, already translated (like “Full name”)",
    "language": "a language's name as the language menu shows it",
    "languages": "language codes, like “ru, uz_Latn”: keep them as they are",
    "law": "an article of law, already translated",
    "left": "how many days are left, already translated (like “7 days left”)",
    "level": "a risk level, already translated (like “🔴 URGENT”)",
    "median": DURATION,
    "met": NUMBER,
    "missed": NUMBER,
    "n": NUMBER + " (the plural form is chosen by it)",
    "name": "a person's name (a lawyer or a coordinator)",
    "names": "lawyers' names, separated by commas",
    "note": "a lawyer's note, in their own words",
    "operator": "the organisation that runs the bot",
    "outcome": "how the case was closed, already translated (like “appeal filed”)",
    "page": NUMBER,
    "pages": NUMBER,
    "person": "how a draft names the client, already translated (like “the author”)",
    "questions": "short labels of questions, already translated, joined by “; ”",
    "removed": NUMBER,
    "since": DATE,
    "span": "a duty slot, like “Mon 20:00 – Tue 08:00”",
    "time": "a day and time, already written in your language",
    "title": "the name of a time limit, already translated",
    "today": DATE,
    "total": NUMBER,
    "value": "a fact as the lawyer wrote it (a name, a date, a flight)",
    "version": "a version name, like 2026.11",
    "waited": DURATION,
    "week": "the Monday a week starts, a date already written in your language",
    "what": "a short description, already translated",
    "zone": "a time zone name, like Europe/Moscow: keep it as it is",
}
PLAIN_NUMBER = re.compile(r"^\{number\}\.|Question \{number\}")
"""Where ``{number}`` counts (a question, a duty slot) instead of naming a case."""
FIELD = re.compile(r"\{(\w+)\}")
LENGTH = (
    "Keep it short: on a 360 px phone a button alone in its row shows about 40 characters, "
    "two side by side about 18 each, and a longer label is cut off with “…” "
    "(see it in boshpana i18n preview)."
)


def is_button(context: str | None, msgid: str) -> bool:
    """Whether a message is a button label."""
    return context in BUTTON_CONTEXTS or (context, msgid) in ANSWER_KEYS


def notes(msgid: str, context: str | None, files: Iterable[str], comments: list[str]) -> list[str]:
    """The notes ``msgid`` needs beyond its ``comments`` (raises ``ValueError`` for a
    placeholder without a meaning in :data:`PLACEHOLDERS`)."""
    said = " ".join(comments)
    added = []
    files = list(files)
    if is_button(context, msgid) and "button" not in said.lower():
        added.append(f"A button {_where(context, msgid, files)}. {LENGTH}")
    for name in dict.fromkeys(FIELD.findall(msgid)):
        if f"{{{name}}}" not in said:
            meaning = NUMBER if name == "number" and PLAIN_NUMBER.search(msgid) else None
            if name != "number" and name not in PLACEHOLDERS:
                raise ValueError(
                    f"{{{name}}} in {msgid!r} has no meaning for translators: add it to "
                    "PLACEHOLDERS in bot/translating/notes.py, or explain it in a "
                    "TRANSLATORS comment"
                )
            meaning = meaning or (CASE_NUMBER if name == "number" else PLACEHOLDERS[name])
            added.append(f"{{{name}}}: {meaning}.")
    return added


def _where(context: str | None, msgid: str, files: list[str]) -> str:
    if context == "topic":
        return "that opens a guidance topic, one per row"
    if context == "answer" or (context, msgid) in ANSWER_KEYS:
        return "under a question: an answer, in the reader's own voice"
    person = any(f.startswith("bot/person/") for f in files)
    if person and len(files) > 1:
        return "in the person's chat and in the lawyers' chats"
    return "in the person's chat" if person else "in a lawyer's chat"
