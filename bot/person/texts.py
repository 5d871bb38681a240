"""The bot's own wording around the interview: greeting, safety, notices, buttons, help.

Marked with the same gettext markers as flow data, so one ``pybabel extract`` finds all.
"""

from __future__ import annotations

from flows.screens import NoticeKind
from flows.sources import Review
from flows.text import N_, NN_, NP_, Voiced

GREETING = N_(
    "Assalomu alaykum! I help people from Uzbekistan in Russia who face extradition, "
    "expulsion or deportation.\n\n"
    "I am not a lawyer. I ask a few short questions, tell you how serious the situation is "
    "and what to do now, and I can pass your case to a lawyer."
)
CHOOSE_LANGUAGE = N_("Choose your language:")

SAFETY_TITLE = N_("Before we start")
# TRANSLATORS: {operator} is the organisation that runs this bot, e.g. "Boshpana volunteers".
SAFETY_OPERATOR = N_(
    "Who runs this bot: {operator}. It gives general information, not legal advice."
)
# TRANSLATORS: {n} is a number of days, e.g. 30.
SAFETY_STORAGE = NN_(
    "Your answers are stored encrypted. An interview left unfinished is deleted after "
    "{n} day without activity.",
    "Your answers are stored encrypted. An interview left unfinished is deleted after "
    "{n} days without activity.",
)
SAFETY_PHONE = N_(
    "Anyone who looks at this phone can read this chat. /clear deletes the bot's messages "
    "from it, /forget erases everything the bot holds about you, and you can delete the chat "
    "in Telegram at any time."
)
SAFETY_READY = N_("The questions take two or three minutes. Answer with the buttons.")

PROGRESS = N_("Question {number} of {total}")
CHOOSE_DAY = N_("Choose the day:")
CHOOSE_ALL = N_("Tap every answer that fits, then “Done”.")
TICKED = "☑"
UNTICKED = "☐"
ANSWER_MARK = "✓"

DO_NOW = N_("What to do now:")
# TRANSLATORS: heading of what the person can do alone while no lawyer can be reached.
MEANWHILE = N_("Until a lawyer answers, do not wait:")
# TRANSLATORS: heading of the answers listed under the result, so the person can check them.
YOUR_ANSWERS = N_("Your answers:")
NOT_ADVICE = N_("This is general information, not legal advice. Have a lawyer check it.")

# TRANSLATORS: {number} is the case number, like B-7K3Q.
LAWYER_RECORDED = N_("Your request for a lawyer is recorded under number {number}.")
LAWYER_NEXT = Voiced(
    N_(
        "A lawyer will be contacted and will write to you here, in this chat. We cannot "
        "promise how fast. Keep this chat and do not delete it until a lawyer answers."
    ),
    N_(
        "A lawyer will be contacted and will write to you here, in this chat. We cannot "
        "promise how fast. Keep this chat and do not delete it until a lawyer answers: "
        "the lawyer will talk to you, since the person cannot."
    ),
)
CONSENT = Voiced(
    N_(
        "To find you a lawyer, I will send your answers to the duty lawyers of this team. "
        "Your name, phone number and Telegram account are not shared. "
        "A lawyer will write to you here, through this bot. Share your answers now?"
    ),
    N_(
        "To find a lawyer for the person, I will send your answers to the duty lawyers of "
        "this team. Your name, phone number and Telegram account are not shared. "
        "A lawyer will write to you here, through this bot. Share your answers now?"
    ),
)
BUTTON_CONSENT = NP_("button", "✅ Yes, share my answers")
BUTTON_DECLINE = NP_("button", "Not now")

NOTICES = {
    NoticeKind.USE_BUTTONS: N_("Please answer with the buttons under the question."),
    NoticeKind.STALE_BUTTON: N_("That button belongs to an earlier message. We are here now:"),
    NoticeKind.UNSUPPORTED: N_(
        "I can only read button presses here, not voice messages, stickers, photos or files."
    ),
    NoticeKind.TOO_LONG: N_(
        "That message is very long. I do not need to read anything now: please use the buttons."
    ),
    NoticeKind.EDITED: N_("I do not read changes to sent messages. Please use the buttons."),
    NoticeKind.UNKNOWN_COMMAND: N_("I do not know that command. /help lists what I can do."),
    NoticeKind.RESUMED: N_("Welcome back. We continue where you stopped. To start over: /restart"),
    NoticeKind.LANGUAGE_CHANGED: N_("Language changed."),
    NoticeKind.NOTHING_SHARED: N_(
        "Nothing was shared. You can ask for a lawyer at any time with /lawyer."
    ),
}

HELP = N_(
    "I ask short questions about your situation, tell you how serious it is and what to do, "
    "and I can pass your case to a lawyer."
)
TOPICS_MENU = N_("Guidance: choose a topic below.")
# TRANSLATORS: {date} is the day the topic was last checked against its legal sources.
TOPIC_CHECKED = N_(
    "Checked against the law as of {date}. General information, not legal advice: "
    "a lawyer will confirm what applies to you."
)

ABOUT_TITLE = N_("About this bot")
# TRANSLATORS: {version} is a label like 2026-11-27; {date} is a day.
ABOUT_VERSION = N_(
    "Legal content version {version}, checked against its sources on {date}. "
    "Every statement has a legal source, which lawyers can see."
)
REVIEWS = {
    Review.DRAFT: N_("It has not yet been reviewed by a lawyer."),
    Review.REVIEWED: N_("It has been reviewed by a lawyer."),
}
ERROR = N_(
    "Something went wrong on our side. Your answers are kept. Please try again in a minute."
)

# TRANSLATORS: the descriptions of the bot's commands, shown in Telegram's command menu.
COMMANDS = {
    "start": N_("Begin, or continue where you stopped"),
    "restart": N_("Start the questions again"),
    "lawyer": N_("Ask for a lawyer now"),
    "language": N_("Change the language"),
    "help": N_("What this bot does"),
    "clear": N_("Delete this chat's messages"),
    "forget": N_("Erase everything the bot holds about you"),
    "about": N_("How current the legal information is"),
}

BUTTON_START = NP_("button", "▶ Start")
BUTTON_LAWYER_NOW = NP_("button", "🆘 Talk to a lawyer now")
BUTTON_SEND_TO_LAWYER = NP_("button", "🆘 Send my case to a lawyer")
BUTTON_LAWYER = NP_("button", "🆘 Lawyer")
BUTTON_BACK = NP_("button", "◀ Back")
BUTTON_RESTART = NP_("button", "↺ Start over")
BUTTON_LANGUAGE = NP_("button", "🌐 Language")
BUTTON_TODAY = NP_("button", "Today")
BUTTON_YESTERDAY = NP_("button", "Yesterday")
BUTTON_TOMORROW = NP_("button", "Tomorrow")
# TRANSLATORS: ends the choice on a question where several answers can be ticked.
BUTTON_DONE = NP_("button", "✔ Done")
BUTTON_PICK_DAY = NP_("button", "Pick a day")
