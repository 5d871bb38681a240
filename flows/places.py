"""Where the person is, as data: the places the interview tells apart, and the countries.

The law that can help depends on the place: Russian procedure and deadlines only in Russia,
the European Court's Rule 39 only in a member state of the Council of Europe, and neither
once the person is back in Uzbekistan. The conditions here name those places for the
questions, the risk table, the checklist and the guidance topics.
"""

from __future__ import annotations

from dataclasses import dataclass

from flows.conditions import AnyOf, Is, Not
from flows.model import DONT_KNOW, Option, Source
from flows.sources import COE_MEMBERS
from flows.text import N_, Msg


@dataclass(frozen=True, slots=True)
class Country:
    """A country a person outside Russia can name, and whether Rule 39 can reach it.

    ``council_of_europe`` is ``None`` for an answer that names no single country.
    """

    id: str
    label: Msg
    council_of_europe: bool | None
    source: Source | None = None


MEMBER_LIST = Source(COE_MEMBERS, "the 46 member states, as of 18 Sept 2024")

COUNTRIES: tuple[Country, ...] = (
    Country("turkey", N_("Turkey"), True, MEMBER_LIST),
    Country("georgia", N_("Georgia"), True, MEMBER_LIST),
    # TRANSLATORS: every state of the European Union is a member of the Council of Europe.
    Country("eu", N_("A European Union country"), True, MEMBER_LIST),
    Country("kazakhstan", N_("Kazakhstan"), False, MEMBER_LIST),
    Country("kyrgyzstan", N_("Kyrgyzstan"), False, MEMBER_LIST),
    Country("elsewhere", N_("Another country"), None),
)
"""The countries offered, most often named first; "another country" leaves it open."""

COUNTRY_OPTIONS = tuple(Option(country.id, country.label) for country in COUNTRIES)

IN_RUSSIA = Is("location", "russia")
ABROAD = Is("location", "other_country")
RETURNED = Is("location", "uzbekistan")
PLACE_UNKNOWN = Is("location", DONT_KNOW)
MAYBE_IN_RUSSIA = AnyOf(IN_RUSSIA, PLACE_UNKNOWN)
"""Where help that exists only in Russia is still worth showing."""

IN_MEMBER_STATE = Is("country", *(c.id for c in COUNTRIES if c.council_of_europe))
IN_NON_MEMBER = Is("country", *(c.id for c in COUNTRIES if c.council_of_europe is False))
MEMBERSHIP_UNKNOWN = Is(
    "country", DONT_KNOW, *(c.id for c in COUNTRIES if c.council_of_europe is None)
)
RULE39_MAY_APPLY = AnyOf(IN_MEMBER_STATE, MEMBERSHIP_UNKNOWN)
"""Outside Russia, in a member state of the Council of Europe or one that may be."""
NOT_RETURNED = Not(RETURNED)
