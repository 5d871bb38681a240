"""Sample values for the preview: a case as a duty lawyer meets it, and a value for every
placeholder a message may hold."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.desk.cards import CardView
from flows.risk import assess
from store import CaseSummary, StoredCase, StoredLawyer
from store.models import CaseStatus, Urgency

NUMBER = "B-7K3Q"
LAWYER = "A. Karimova"
OPERATOR = "Boshpana volunteers"
ZONE = ZoneInfo("Europe/Moscow")
URGENT = {
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
    "history": "tortured,family_pressure,relative_critic",
    "assurances": "yes",
    "lawyer": "no",
}
"""Detained, a decision to extradite, a removal day set: the card with the most on it."""
NOTES = ("Called the family at 10:40: the decision was handed over in the detention centre.",)


def values(today: date) -> dict[str, str | int | date]:
    """A sample for each placeholder name the bot's messages use."""
    return {
        "number": NUMBER,
        "name": LAWYER,
        "coordinator": "D. Usmonov",
        "operator": OPERATOR,
        "person": "The applicant",
        "day": today + timedelta(days=3),
        "deadline": today + timedelta(days=7),
        "date": today,
        "since": today - timedelta(weeks=4),
        "today": today,
        "week": today,
        "time": "14:25",
        "end": "18:00",
        "span": "Mon 09:00 – 18:00",
        "zone": "Europe/Moscow",
        "ago": "35 minutes",
        "waited": "12 minutes",
        "median": "4 minutes",
        "count": 2,
        "cases": 1,
        "deleted": 12,
        "removed": 3,
        "kept": 1,
        "met": 4,
        "missed": 1,
        "weeks": 4,
        "page": 1,
        "pages": 3,
        "total": 14,
        "version": "2026.11",
        "languages": "ru, uz_Latn",
        "names": LAWYER,
    }


def case(today: date, status: CaseStatus = CaseStatus.OPEN) -> StoredCase:
    """The urgent sample case, 35 minutes after it came in, claimed or not."""
    came_in = datetime.combine(today, datetime.min.time(), UTC) + timedelta(hours=11, minutes=25)
    claimed = status is not CaseStatus.OPEN
    level = assess(URGENT).level.key
    return StoredCase(
        id=1,
        number=NUMBER,
        user_key="k" * 64,
        urgency=Urgency(level),
        status=status,
        summary=CaseSummary(level, URGENT, "uz_Latn"),
        created_at=came_in,
        updated_at=came_in,
        lawyer_id=1 if claimed else None,
        claimed_at=came_in + timedelta(minutes=12) if claimed else None,
        closed_at=None,
        outcome=None,
        next_escalation_at=None,
        escalation_round=0,
    )


def view(stored: StoredCase, locale: str, today: date) -> CardView:
    """What a duty lawyer reading ``locale`` sees of ``stored`` at noon of ``today``."""
    lawyer = StoredLawyer(1, "l" * 64, 9001, LAWYER, locale, False, True, True, None)
    now = datetime.combine(today, datetime.min.time(), UTC) + timedelta(hours=12)
    return CardView(stored, lawyer, LAWYER, now, today, ZONE)
