"""Counted texts take the plural form each language's CLDR rule picks (gettext ``ngettext``)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.cases import texts as ct
from bot.core.i18n import Catalogs
from bot.person import texts
from tests.locales.test_catalogs import CATALOG_FILES, IDS

CATALOGS = Catalogs()
COUNTS = (1, 2, 5, 11, 21, 22, 25, 30)
EXPECTED = {
    "en": ["1 day left", "2 days left", "5 days left", "11 days left", "21 days left",
           "22 days left", "25 days left", "30 days left"],
    "ru": ["ещё 1 день", "ещё 2 дня", "ещё 5 дней", "ещё 11 дней", "ещё 21 день",
           "ещё 22 дня", "ещё 25 дней", "ещё 30 дней"],
    "uz_Latn": [f"{n} kun qoldi" for n in COUNTS],
    "uz_Cyrl": [f"{n} кун қолди" for n in COUNTS],
}  # fmt: skip
ABBREVIATED = re.compile(r"\{\w+\}\s*(?:дн|нед|мес|мин|сут|ч)\.")


@pytest.mark.parametrize("locale", sorted(EXPECTED))
def test_days_left_takes_the_languages_plural_form(locale: str) -> None:
    t = CATALOGS.translator(locale)
    assert [t.counted(ct.DAYS_LEFT, n) for n in COUNTS] == EXPECTED[locale]


@pytest.mark.parametrize("locale", sorted(EXPECTED))
def test_every_counted_text_names_its_number_in_every_form(locale: str) -> None:
    t = CATALOGS.translator(locale)
    for text in (ct.DAYS_LEFT, ct.DAYS_PASSED, texts.SAFETY_STORAGE):
        for n in COUNTS:
            assert str(n) in t.counted(text, n), (text.one, n)


def test_english_says_one_day_not_one_days() -> None:
    t = CATALOGS.translator("en")
    assert t.counted(texts.SAFETY_STORAGE, 1).endswith("after 1 day without activity.")
    assert t.counted(ct.DAYS_PASSED, 1) == "ended 1 day ago"


@pytest.mark.parametrize("po_path", CATALOG_FILES, ids=IDS)
def test_no_catalog_abbreviates_a_counted_unit(po_path: Path) -> None:
    text = po_path.read_text(encoding="utf-8")
    assert not ABBREVIATED.findall(text)
