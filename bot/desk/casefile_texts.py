"""Texts of the case file: recorded facts, the export, and ready replies to clients."""

from __future__ import annotations

from flows.text import N_

CARD_RECORDED = N_("Recorded on the case:")
BUTTON_FACTS = N_("🗂 Case file")
BUTTON_REPLIES = N_("💬 Ready replies")
BUTTON_EXPORT = N_("📄 Export")
BUTTON_CLEAR = N_("Clear")

# /set and the case file's buttons.
HELP_SET = N_("/set B-XXXX — record facts of a case: name, dates, decision numbers, court…")
MENU_SET = N_("Record facts of a case")
FACTS_HEAD = N_("Case file {number}. Press a field to record it, change it or clear it.")
FACTS_NONE = N_("Nothing recorded yet.")
FACT_ASK = N_("{label}, case {number}: write it in your next message.")
# TRANSLATORS: keep both ways of writing a date exactly as they are: the bot accepts only these.
FACT_ASK_DAY = N_(
    "{label}, case {number}: write the date in your next message, as 31.12.2026 or 2026-12-31."
)
FACT_NOW = N_("Recorded now: {value}")
FACT_SAVED = N_("Saved in case {number}: {label}.")
FACT_CLEARED = N_("Cleared in case {number}: {label}.")
# TRANSLATORS: keep both ways of writing a date exactly as they are: the bot accepts only these.
FACT_BAD_DAY = N_(
    "Sorry, I could not read this as a date. Please write it like 31.12.2026 or 2026-12-31, "
    "or press Cancel."
)
FACT_TOO_LONG = N_(
    "This is longer than {count} characters. Please shorten it, or put the details in a note "
    "(/note)."
)

# /export.
HELP_EXPORT = N_("/export B-XXXX — the whole case file as a Word document, made for you now")
MENU_EXPORT = N_("Export a case file")
# TRANSLATORS: the caption of the exported case file.
EXPORT_CAPTION = N_("Case file {number}. Keep it safe: it names a person at risk.")
EXPORT_TOO_BIG = N_(
    "The case file {number} is too big to send through Telegram. Export it again later, or "
    "ask the operator."
)
EXPORT_TITLE = N_("Case file {number}")
EXPORT_MADE = N_("Made on {time} for {name}. Confidential: it names a person at risk.")
EXPORT_ANSWERS = N_("The client's answers")
EXPORT_FACTS = N_("Recorded facts")
EXPORT_DEADLINES = N_("Deadlines")
EXPORT_NOTES = N_("Notes")
EXPORT_TIMELINE = N_("Timeline")
EXPORT_FILES = N_("Attachments")
EXPORT_NONE = N_("None.")
# TRANSLATORS: a deadline in the exported case file: "5 December 2026: CPC RF, art. 463(1)".
EXPORT_DEADLINE = N_("{day}: {what}")
EXPORT_FILE = N_("{time}: {kind}")

# Ready replies.
REPLIES_HEAD = N_(
    "Ready replies for the client of case {number}. The client gets the text in their "
    "language: {language}."
)
REPLY_SENDING = N_("To the client of case {number}, in their language ({language}):")
