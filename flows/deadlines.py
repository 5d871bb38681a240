"""Appeal deadlines as data with their sources, counted conservatively.

The last day is never later than the law allows: the period runs from the day after the
decision was received, and a last day on a weekend or holiday is NOT moved to the next
working day. For an expulsion appeal (CAO RF art. 30.3, "10 дней" since Federal Law
No. 364-FZ of 29 October 2024) the law now moves it; the bot keeps the earlier day and says
so, and a lawyer will confirm. The person is always told to act today.

The day a decision was received comes from the person's "today" or "yesterday", read as
the earliest day it can be anywhere in Russia (``flows.clock``), so the count never starts
late.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flows.model import Source
from flows.text import N_, Msg


@dataclass(frozen=True, slots=True)
class DeadlineRule:
    """How long a person has to appeal a decision received on a given day."""

    id: str
    days: int
    sources: tuple[Source, ...]
    law: Msg
    """The provision, as lawyers read it on a case card in their own language."""
    title: Msg
    """What is appealed, for the case card: "Appeal against the extradition decision"."""
    court: Msg
    """Where the appeal goes, as far as the sources say (the card shows it with the day)."""

    def last_day(self, received: date) -> date:
        """The last day to file, counting ``days`` from the day after ``received``."""
        return received + timedelta(days=self.days)


EXTRADITION_APPEAL = DeadlineRule(
    "extradition_appeal",
    10,
    (Source("S27", "CPC RF art. 463(1): 10 «суток» from notice"),),
    # TRANSLATORS: the Russian Criminal Procedure Code (УПК РФ), article 463 part 1.
    N_("Criminal Procedure Code of the RF, art. 463(1)"),
    N_("Appeal against the extradition decision"),
    # TRANSLATORS: CPC RF art. 463(1): «суд субъекта РФ» (see the glossary: regional court).
    N_("the regional court where the person is (republic, krai, oblast or federal-city court)"),
)
EXPULSION_COURT_APPEAL = DeadlineRule(
    "expulsion_court_appeal",
    10,
    (
        Source("S33", "CAO RF art. 30.3(1): 10 days from a copy"),
        Source("S59", "Federal Law No. 364-FZ of 29.10.2024: «дней», not «суток»"),
    ),
    # TRANSLATORS: the Russian Code of Administrative Offences (КоАП РФ), article 30.3 part 1.
    N_("Code of Administrative Offences of the RF, art. 30.3(1)"),
    N_("Appeal against the court's expulsion decision"),
    N_("which court hears it: not in our sources, check"),
)
