"""What the person is told about their case, and what the lawyers read on their screens."""

from __future__ import annotations

from flows.checklist import UNHCR_MEANWHILE
from flows.text import N_, NN_, NP_, Voiced

WHY = N_("Why:")
"""Heads the reasons for a risk level, on the person's result and on the lawyer's card."""

# To the person (client), in their language.
NO_LAWYER_NOW = N_(
    "Right now no lawyer of this team can be reached. Your case is saved and goes to the "
    "first lawyer who comes online."
)
HELP_CONTACTS = UNHCR_MEANWHILE
REQUEST_REFUSED = N_(
    "Your request cannot be sent to the lawyers right now: several requests came from this "
    "chat recently, or a lawyer stopped them."
)
STILL_REACHING = N_(
    "We are still reaching a lawyer for case {number}. Keep this chat open: a lawyer will "
    "write here."
)
CLAIMED = Voiced(
    N_(
        "A lawyer has taken your case {number}. Write here: your messages, photos and "
        "documents go to your lawyer, and the lawyer's answers appear here."
    ),
    N_(
        "A lawyer has taken case {number}. Write here: your messages, photos and documents "
        "go to the lawyer, and the lawyer's answers appear here."
    ),
)
FROM_LAWYER = N_("👩‍⚖️ Your lawyer:")
KEPT_FOR_LAWYER = N_("Your message is kept: it will reach the lawyer who takes your case.")
HANDED_BACK = N_(
    "Your lawyer passed case {number} back to the team. Another lawyer will take it; your "
    "messages are kept."
)
CLOSED = N_("Case {number} is closed. If you need help again, send /lawyer.")
REOPENED = N_("Case {number} is open again. Your lawyer will write to you here.")
LAWYER_UNREACHABLE_CLIENT = N_(
    "Your lawyer cannot be reached in this chat right now. Case {number} went back to the "
    "team and another lawyer will take it. What you sent is kept and goes to them."
)
ADDED_TO_CASE = N_("Your new answers were added to case {number}. Your lawyer sees them now.")
NOT_DELIVERED_CLIENT = N_(
    "⚠ This message could not be passed to your lawyer: Telegram refused it. Please send it "
    "again in another form, for example as a photo or as text."
)
ENDED = N_(
    "You ended the conversation with the lawyer. Case {number} is closed. If you need help "
    "again, send /lawyer."
)
NO_CASE_TO_END = N_("You have no conversation with a lawyer to end.")
# TRANSLATORS: a button in the person's chat while a lawyer has their case, alone in its row.
BUTTON_END = NP_("button", "End the conversation")
END_ASK = N_(
    "End the conversation with your lawyer? Case {number} will be closed. You can ask for a "
    "lawyer again with /lawyer."
)
# TRANSLATORS: a button in the person's chat, two side by side: about 18 characters.
BUTTON_END_YES = NP_("button", "Yes, end it")
# TRANSLATORS: a button in the person's chat, two side by side: about 18 characters.
BUTTON_END_NO = NP_("button", "No, go on")
GOES_ON = N_("Your conversation with the lawyer goes on.")

# To the lawyers, in each lawyer's language.
# TRANSLATORS: the first line of a case card: {level} like "🔴 URGENT".
CARD_HEAD = N_("{level} · case {number}")
NOT_ASSESSED = N_("⚪ NOT ASSESSED (asked for a lawyer before finishing the questions)")
# TRANSLATORS: on a case card; {time} like "Fri 27 Nov, 14:02 GMT+3", {waited} like
# "5 minutes".
CARD_WAITING = N_("Came in {time} · waiting for {waited}")
# TRANSLATORS: on a case card; {waited}: how long the case waited before a lawyer took it.
CARD_TAKEN_AFTER = N_("Came in {time} · taken after {waited}")
CARD_CAME_IN = N_("Came in {time}")
# TRANSLATORS: {language} is the name the language menu shows, in that language itself
# (e.g. "Русский").
CARD_LANGUAGE = N_("Client's language: {language}")
CARD_DEADLINES = N_("⏰ Appeal deadlines:")
# TRANSLATORS: {title} like "Appeal against the extradition decision"; {deadline} a date with
# its weekday; {left} like "7 days left"; {court} where the appeal goes; {law} the article.
CARD_DEADLINE = N_(
    "{title}: last day {deadline}, {left}. Court: {court}. {law}; counted conservatively."
)
# TRANSLATORS: after an appeal's last day on a card: {n} calendar days until that day.
DAYS_LEFT = NN_("{n} day left", "{n} days left")
LAST_DAY_TODAY = N_("today is the last day")
# TRANSLATORS: after an appeal's last day on a card, once it passed: {n} calendar days since.
DAYS_PASSED = NN_("ended {n} day ago", "ended {n} days ago")
CARD_STEPS = N_("First steps:")
CARD_UNKNOWN = N_("Still unknown:")
# TRANSLATORS: {items}: short labels of questions, like "Detention · Charges".
CARD_DONT_KNOW = N_("answered “I don't know”: {items}")
CARD_NOT_ASKED = N_("not asked yet (asked for a lawyer before the end): {items}")
# TRANSLATORS: {items}: what the bot's questions do not cover, like "where exactly the
# person is held, and since when".
CARD_NEVER_ASKED = N_("the bot does not ask: {items}")
# TRANSLATORS: ends a case card cut short to fit Telegram's limit.
CARD_CUT = N_("… (shortened to fit one message)")
CARD_TAKEN_BY = N_("Case {number} was taken by {name} at {time}.")
CARD_YOURS = N_(
    "You have this case. Reply to any of its messages to write to this client (shown as "
    "coming from “your lawyer”), or press “Write to this client” to make it your chosen case."
)
CARD_NO_ACCESS = N_("Case {number}: you are no longer on the team's list, so it is not shown.")
CARD_CLOSED = N_("Case {number} is closed: {outcome}.")
BUTTON_TAKE = NP_("button", "✋ Take the case")
BUTTON_ACTIVE = NP_("button", "💬 Write to this client")
BUTTON_NOTES = NP_("button", "🗒 Notes")
BUTTON_HAND_BACK = NP_("button", "↩ Hand back")
BUTTON_CLOSE = NP_("button", "✔ Close")
BUTTON_ABUSE = NP_("button", "⚠ Fake case: block")
BUTTON_HISTORY = NP_("button", "📜 History")
BUTTON_FILES = NP_("button", "📎 Files again")
BUTTON_REOPEN = NP_("button", "↺ Reopen")
BUTTON_CANCEL = NP_("button", "Cancel")
BUTTON_YES_BLOCK = NP_("button", "Yes, block")
BUTTON_NO_NOTE = NP_("button", "Hand back without a note")
BUTTON_DISCARD = NP_("button", "Discard: send nothing")
ABUSE_ASK = N_(
    "Block the sender of case {number}? The case is closed, and they cannot ask for a lawyer "
    "again until a coordinator lifts the block."
)
CANCELLED = N_("Cancelled: nothing changed.")
HANDOVER_ASK = N_(
    "Write a short handover note for the next lawyer of case {number} (what is done, what is "
    "urgent, dates), or hand it back without a note."
)
REOPENED_LAWYER = N_("Case {number} is open again.")
NOT_REOPENABLE = N_("Only the lawyer who had case {number}, or a coordinator, can reopen it.")
HISTORY_HEAD = N_("History of case {number}:")
HISTORY_EMPTY = N_("Nothing has happened in case {number} yet.")
# TRANSLATORS: who wrote a message, in a case's history.
THE_CLIENT = N_("client")
# TRANSLATORS: a file in a case's history; {kind} is e.g. "photo", "document".
A_FILE = N_("[a file: {kind}]")
EVENT_TAKEN = N_("{name} took the case")
EVENT_HANDED_BACK = N_("{name} handed the case back")
EVENT_HANDOVER_NOTE = N_("handover note from {name}: {note}")
EVENT_CLOSED = N_("closed: {outcome}")
EVENT_REOPENED = N_("reopened")
EVENT_OFFERED = N_("a coordinator asked {name} to take the case")
EVENT_OFFER_DECLINED = N_("{name} declined to take the case")
EVENT_ANSWERED_AGAIN = N_("the client answered the questions again: {level}")
NO_FILES = N_("No files were sent in case {number}.")
ABUSE_MARKED = N_(
    "Case {number} is closed as abuse; its sender cannot open new cases until a coordinator "
    "lifts it with /unblock {number}."
)
UNBLOCKED = N_("The sender of case {number} can ask for a lawyer again.")
NOT_BLOCKED = N_("Nothing to lift for that case number.")
BLOCKED_LIST = N_("Stopped from opening cases (by case number):")
NONE_BLOCKED = N_("Nobody is stopped from opening cases.")
COORDINATORS_ONLY = N_("Only coordinators can do that.")
BUTTON_SOURCES = NP_("button", "📚 Sources")
BUTTON_DRAFTS = NP_("button", "📄 Draft request")
SOURCES_HEAD = N_("What the client of case {number} was told rests on:")
SOURCES_NONE = N_("Only general advice was shown; no legal source applies.")
DRAFTS_HEAD = N_("A draft interim-measures request for case {number}, to fill in and check:")
NO_DRAFTS = N_("No draft request applies to this case's answers.")
DRAFT_CAT = NP_("button", "UN Committee against Torture")
DRAFT_HRC = NP_("button", "UN Human Rights Committee")
DRAFT_ECHR = NP_("button", "European Court (Rule 39)")

OUTCOMES = {
    "appeal_filed": N_("appeal filed"),
    "interim_measures": N_("interim measures requested"),
    "referred": N_("referred to other help"),
    "no_action": N_("no action needed"),
    "unreachable": N_("client unreachable"),
    "client_ended": N_("the client ended the conversation"),
    "abuse": N_("abuse"),
}
"""Outcomes a case is closed with; the last is set by the client, not offered to lawyers."""
CLOSE_WITH = N_("Close case {number} with which outcome?")

LAWYER_WELCOME = N_(
    "Hello, {name}. You are a duty lawyer of this bot. Urgent cases come to you here as "
    "cards; the first lawyer to press “Take the case” gets it."
)
# The lawyers' command menu (setMyCommands for their chat) and /help: see bot/desk/flow.py.
MENU_DUTY = N_("Go on or off duty; who is on duty")
MENU_CASES = N_("Your open cases")
MENU_TO = N_("Choose the client you write to: /to B-XXXX")
MENU_CARD = N_("A case card: /card B-XXXX")
MENU_NOTE = N_("A note for the team: /note B-XXXX text")
MENU_REOPEN = N_("Reopen a closed case: /reopen B-XXXX")
MENU_UNBLOCK = N_("Let a blocked sender ask again: /unblock B-XXXX")
MENU_STATS = N_("Figures without personal data")
MENU_HELP = N_("What you can do here")
HELP_DUTY = N_("/duty on or /duty off: go on or off duty; /duty: who is on duty")
HELP_CASES = N_("/cases: your open cases")
HELP_TO = N_("/to B-XXXX: choose the client your messages go to")
HELP_CARD = N_("/card B-XXXX: a case card")
HELP_NOTE = N_("/note B-XXXX text: a note on a case for the team")
HELP_REOPEN = N_("/reopen B-XXXX: reopen a case you closed")
HELP_UNBLOCK = N_("/unblock B-XXXX: let a blocked sender ask again")
HELP_STATS = N_("/stats: figures without personal data")
REMOVED = N_(
    "You are no longer on this team's list of lawyers, so this bot does nothing for you. If "
    "this is a mistake, ask your coordinator."
)
DUTY_USAGE = N_("Use /duty on or /duty off; /duty alone shows who is on duty.")
TO_USAGE = N_("Use /to B-XXXX with the number of one of your cases: /cases lists them.")
DUTY_ON = N_("You are on duty. New cases come to you at once.")
DUTY_OFF = N_("You are off duty.")
ON_DUTY_NOW = N_("On duty now: {names}")
NOBODY_ON_DUTY = N_("⚠ Nobody is on duty now: new cases go to every lawyer.")
MY_CASES = N_("Your open cases (press one to write to that client):")
WRITING_TO = N_("You write to: {number}")
NO_OPEN_CASES = N_("You have no open cases.")
FROM_CLIENT = N_("📨 {number} · from the client:")
ACTIVE_CASE = N_(
    "Now writing to the client of case {number}: your messages go there until you choose "
    "another case or reply to another case's message."
)
WHICH_CASE = N_(
    "You have several cases: which client is this for? Nothing is sent until you choose. "
    "(Replying to a message of a case sends it there.)"
)
HELD_TOO = N_("Also held until you choose the client above.")
HELD_SENT = N_("Held messages sent to the client of case {number}: {count}.")
DISCARDED = N_("Not sent: the held messages are discarded.")
NO_CASE_TO_WRITE = N_(
    "You have no open case, so nothing was sent. Take a case from its card first."
)
REPLY_NOT_YOURS = N_(
    "That message belongs to a case that is not yours, or is closed: nothing was sent."
)
CLIENT_BLOCKED = N_(
    "The client of case {number} has blocked the bot: your messages cannot reach them."
)
CLIENT_ENDED = N_("The client ended the conversation in case {number}.")
# TRANSLATORS: to coordinators; {name} is a lawyer's name.
LAWYER_UNREACHABLE = N_(
    "⚠ {name} cannot be reached: they blocked the bot. Their cases went back to the pool and "
    "are offered again. Nothing is sent to them until they start the bot again (/start)."
)
CASE_UPDATED = N_(
    "Case {number}: the client answered the questions again and the level changed. The card "
    "shows the new answers."
)
NOT_DELIVERED = N_(
    "⚠ Your message to the client of case {number} was not delivered: Telegram refused it. "
    "Please send it again in another form."
)
SENT_TO_CLIENT = N_("✓ Sent to the client of case {number}.")
STILL_WAITING = N_("⏰ Case {number} is still waiting for a lawyer (card above).")
# TRANSLATORS: added after the header of a relayed message that corrects an earlier one.
RELAY_EDITED = N_("(correction of an earlier message)")
# TRANSLATORS: added after the header of a relayed message sent again after an interruption.
RELAY_RESENT = N_("(sent again after an interruption: it may be a repeat)")
EDIT_NOT_RELAYED = N_(
    "That edit was not passed on: the message it changes did not go to a client of yours. "
    "Send the corrected text as a new message."
)
NOTE_SAVED = N_("Note saved to case {number}; the next lawyer of the case sees it too.")
NOTES_NONE = N_("No notes on case {number} yet. Add one with /note {number} and your text.")
NOTES_HEAD = N_("Notes on case {number} (the team sees them):")
ALREADY_TAKEN = N_("Someone else has already taken this case.")
NOT_YOURS = N_("This case is not yours, or it is closed.")
NO_SUCH_CASE = N_("There is no open case with that number.")
LAWYERS_ONLY = N_("That is only for the team's lawyers.")
HANDED_BACK_TO_TEAM = N_("Case {number} went back to the team and is offered again.")

# A coordinator's view of the open cases (``/cases``), reassigning and putting back.
CASES_HEAD = N_("Open cases ({filter}), page {page} of {pages}:")
NO_CASES_FILTERED = N_("No open case fits this filter.")
FILTER_ALL = NP_("button", "All")
FILTER_WAITING = NP_("button", "Waiting")
FILTER_TAKEN = NP_("button", "Taken")
FILTER_MINE = NP_("button", "Mine")
# TRANSLATORS: a filter button: cases whose appeal or removal day is three days away or nearer.
FILTER_SOON = NP_("button", "Day within 3 days")
# TRANSLATORS: {ago} is a duration such as "2 hours".
CAME_IN_AGO = N_("came in {ago} ago")
# TRANSLATORS: {ago} is a duration such as "2 hours".
LAST_ACTIVITY = N_("last activity {ago} ago")
BUTTON_REASSIGN = NP_("button", "👤 Give to a lawyer")
BUTTON_TO_POOL = NP_("button", "↩ Back to the pool")
REASSIGN_TO = N_("Give case {number} to which lawyer? They are asked to accept.")
NOBODY_TO_ASK = N_("No other lawyer can be reached now.")
OFFER_SENT = N_("{name} is asked to take case {number}.")
OFFER = N_("{coordinator} asks you to take case {number}. The card is below.")
BUTTON_ACCEPT = NP_("button", "✋ Accept")
BUTTON_DECLINE = NP_("button", "Decline")
OFFER_DECLINED = N_("{name} declined case {number}.")
OFFER_ACCEPTED = N_("{name} took case {number}.")
OFFER_GONE = N_("This request is no longer open.")
REASSIGNED_AWAY = N_("A coordinator gave case {number} to another lawyer.")
PUT_BACK = N_("A coordinator put case {number} back in the pool: it is offered again.")
