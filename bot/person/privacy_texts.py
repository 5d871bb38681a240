"""Wording of /forget and /clear: what is erased, and what Telegram keeps."""

from __future__ import annotations

from flows.text import N_, NP_

FORGET_ASK = N_(
    "This erases everything this bot holds about you: your answers, your case and what you "
    "wrote to the lawyer. A lawyer who has your case is told only that you withdrew. "
    "It cannot be undone. Erase everything?"
)
BUTTON_FORGET = NP_("button", "🗑 Yes, erase everything")
BUTTON_KEEP = NP_("button", "Cancel")
KEPT = N_("Nothing was erased.")
# TRANSLATORS: {cases} and {deleted} are numbers; written as "label: number" on purpose.
FORGOTTEN = N_("Erased: your answers; cases: {cases}. Messages deleted from this chat: {deleted}.")
CLEARED = N_("Messages deleted from this chat: {deleted}.")
TELEGRAM_KEEPS = N_(
    "Telegram lets a bot delete only messages of the last 48 hours. Telegram keeps the rest "
    "of this chat on its servers and your devices until you delete it: open the chat menu "
    "(⋮ or the bot's name), choose “Delete chat”, and also delete it for the bot."
)
CLIENT_WITHDREW = N_(
    "The client of case {number} withdrew and erased their data. The case is closed; "
    "nothing more can reach them."
)
