"""What the duty team reads about schedules, shifts, deadlines and nudges (each in their own
language): the wording of :mod:`bot.desk.roster`, :mod:`bot.desk.reminders` and
``/schedule``."""

from __future__ import annotations

from flows.text import N_

# /schedule and /languages
SCHEDULE_HEAD = N_("Duty slots of {name} (time zone {zone}):")
SCHEDULE_NONE = N_("{name} has no duty slots: only /duty on and /duty off change their duty.")
OVERRIDES_HEAD = N_("Changes for dates:")
# TRANSLATORS: a date-range change of a lawyer's duty; {span}: "Tue 1 Dec, 20:00 to Wed 2 Dec".
OVERRIDE_ON = N_("{number}. on duty: {span}")
OVERRIDE_OFF = N_("{number}. off duty: {span}")
GAPS_NONE = N_("In the next 7 days someone is on duty at every hour.")
GAPS_HEAD = N_("⚠ Nobody is on duty at these times in the next 7 days:")
SCHEDULE_USAGE = N_(
    "/schedule: your slots and the gaps in the team's cover\n"
    "/schedule add mon 20:00-08:00: a weekly slot (also mon-fri, daily)\n"
    "/schedule remove 1: remove slot or change number 1\n"
    "/schedule cover 2026-12-01 20:00 - 2026-12-02 08:00: on duty then\n"
    "/schedule off 2026-12-24 - 2026-12-26: off duty on those days\n"
    "/schedule zone Asia/Tashkent: your time zone\n"
    "/languages uz ru: the languages you can write to clients in"
)
# TRANSLATORS: shown to coordinators under the /schedule help.
SCHEDULE_USAGE_COORDINATOR = N_(
    "Coordinators: put a lawyer's number from /team first, e.g. /schedule 3 add sat 08:00-20:00"
)
SCHEDULE_SAVED = N_("Saved.")
SCHEDULE_NOTHING_TO_REMOVE = N_("There is no slot or change with that number.")
BAD_ZONE = N_("That is not a time zone name. Use one such as Europe/Moscow or Asia/Tashkent.")
NO_SUCH_LAWYER = N_("There is no lawyer with that number on the team: /team lists them.")
LANGUAGES_SET = N_("You write to clients in: {languages}.")
LANGUAGES_USAGE = N_("Use /languages with the languages you can write to clients in: uz ru en.")
TEAM_HEAD = N_("The team (number, name, duty, languages, time zone):")
ON_DUTY = N_("on duty")
OFF_DUTY = N_("off duty")
UNREACHABLE = N_("cannot be reached")

# Shifts
SHIFT_STARTS = N_("Your duty shift has begun; it ends {end}. Open cases now:")
SHIFT_STARTS_EMPTY = N_("Your duty shift has begun; it ends {end}. No case is open now.")
SHIFT_ENDS = N_("Your duty shift has ended. /duty on keeps you on duty.")
WAITING = N_("waiting for a lawyer")
WITH = N_("with {name}")

# Deadlines and removal days
DAY_IN_THREE = N_("⏰ Case {number}: {day} is three days away: {what}.")
DAY_TOMORROW = N_("⏰ Case {number}: tomorrow, {day}: {what}.")
DAY_TODAY = N_("⏰ Case {number}: today, {day}: {what}.")
APPEAL_DAY = N_("the last day to appeal ({law})")
NOBODY_HAS_IT = N_("Nobody has taken this case yet.")
STILL_UNKNOWN = N_("Still unknown: {questions}")

# Nudges
NUDGE_FIRST_MESSAGE = N_(
    "Case {number}: you took it at {time} and have not written to the client yet. They are "
    "waiting for your first message."
)
NUDGE_FIRST_MESSAGE_TEAM = N_(
    "⚠ Case {number} was taken by {name} at {time}, and the client has had no message from "
    "the lawyer yet."
)
NUDGE_QUIET = N_("Case {number} is urgent, and nothing has happened in it for 24 hours.")
NUDGE_QUIET_TEAM = N_(
    "⚠ Case {number} ({name}) is urgent, and nothing has happened in it for 24 hours."
)

# The commands' lines in the menu and in /help (see bot/desk/flow.py)
MENU_SCHEDULE = N_("Your duty slots, and gaps in the team's cover")
HELP_SCHEDULE = N_(
    "/schedule: your duty slots and the gaps in cover; /schedule help: how to change them"
)
HELP_LANGUAGES = N_("/languages uz ru: the languages you can write to clients in")
MENU_TEAM = N_("The team: who is on duty, languages, time zones")
HELP_TEAM = N_("/team: the team, with each lawyer's number for /schedule")
