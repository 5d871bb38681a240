"""Sample cases as a duty team meets them, for the card and draft tests and their golden files.

The bot's clock is fixed: cases came in 35 minutes before :data:`NOW` (Moscow time), and
:data:`TODAY` is the day the deadlines are counted on.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.core.i18n import Catalogs
from bot.desk.cards import CardView
from flows.risk import assess
from store import CaseSummary, StoredCase, StoredLawyer
from store.models import CaseStatus, Urgency

CATALOGS = Catalogs()
LOCALES = ("uz_Latn", "uz_Cyrl", "ru", "en")
NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
TODAY = date(2026, 11, 27)
CAME_IN = NOW - timedelta(minutes=35)
ZONE = ZoneInfo("Europe/Moscow")
NUMBER = "B-7K3Q"

SAMPLES: dict[str, dict[str, str]] = {
    "urgent-extradition": {
        "reader": "self",
        "location": "russia",
        "detention": "detained",
        "proceedings": "extradition",
        "extradition_decision": "yes",
        "extradition_decision_date": "2026-11-24",
        "removal_date": "yes",
        "removal_day": "2026-11-30",
        "search": "yes",
        "charges": "extremism",
        "asylum": "refused",
        "history": "tortured,family_pressure",
        "assurances": "yes",
        "lawyer": "no",
    },
    "expulsion": {
        "reader": "self",
        "location": "russia",
        "detention": "detention_centre",
        "proceedings": "expulsion",
        "expulsion_decision": "court",
        "expulsion_decision_date": "2026-11-20",
        "removal_date": "dont_know",
        "search": "no",
        "charges": "none",
        "asylum": "not_applied",
        "history": "none",
        "lawyer": "no",
    },
    "council-of-europe": {
        "reader": "self",
        "location": "other_country",
        "country": "georgia",
        "detention": "detained",
        "proceedings_abroad": "extradition",
        "decision_abroad": "yes",
        "removal_date": "yes",
        "removal_day": "2026-12-01",
        "search": "in_absentia",
        "charges": "extremism",
        "asylum": "pending",
        "history": "relative_critic",
        "assurances": "yes",
        "lawyer": "yes",
    },
    "relative-answering": {
        "reader": "other",
        "location": "russia",
        "detention": "dont_know",
        "proceedings": "dont_know",
        "removal_date": "dont_know",
        "search": "yes",
    },
}
"""Urgent extradition, expulsion, a person in a member state of the Council of Europe, and a
relative who knows little and asked for a lawyer before the end."""

LONGEST = {
    "reader": "other",
    "location": "russia",
    "detention": "released",
    "proceedings": "expulsion",
    "expulsion_decision": "court",
    "expulsion_decision_date": "2026-11-26",
    "removal_date": "yes",
    "removal_day": "later",
    "search": "yes",
    "charges": "dont_know",
    "asylum": "refused",
    "history": "tortured,family_pressure,relative_critic,crocus_raids",
    "assurances": "yes",
    "lawyer": "yes",
}
"""The path whose card is the longest, found by rendering every path of the interview in
every language (Uzbek Latin is the longest language)."""

LAWYER_NAME = "A. Karimova"


def case(
    answers: dict[str, str],
    status: CaseStatus = CaseStatus.OPEN,
    *,
    client_locale: str = "uz_Latn",
    claimed_after: timedelta = timedelta(minutes=12),
) -> StoredCase:
    """A stored case with these answers, as the desk reads it."""
    level = assess(answers).level.key
    claimed = status is not CaseStatus.OPEN
    return StoredCase(
        id=1,
        number=NUMBER,
        user_key="k" * 64,
        urgency=Urgency(level),
        status=status,
        summary=CaseSummary(level, answers, client_locale),
        created_at=CAME_IN,
        updated_at=CAME_IN,
        lawyer_id=1 if claimed else None,
        claimed_at=CAME_IN + claimed_after if claimed else None,
        closed_at=None,
        outcome=None,
        next_escalation_at=None,
        escalation_round=0,
    )


def lawyer(locale: str) -> StoredLawyer:
    """The duty lawyer reading the card, in ``locale``."""
    return StoredLawyer(1, "l" * 64, 9001, LAWYER_NAME, locale, False, True, True, None)


def view(stored: StoredCase, locale: str, now: datetime = NOW) -> CardView:
    """What ``lawyer(locale)`` sees of ``stored`` at ``now``."""
    return CardView(stored, lawyer(locale), None, now, now.astimezone(ZONE).date(), ZONE)
