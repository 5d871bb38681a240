"""Which language a person gets, and how translated text reaches Telegram."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from bot.cli.main import main
from bot.core.i18n import LOCALES_DIR, CatalogError, Catalogs, native_name
from flows.text import N_, Reader, Voiced

CATALOGS = Catalogs()


@pytest.mark.parametrize(
    ("language_code", "locale"),
    [
        ("uz", "uz_Latn"),
        ("uz-UZ", "uz_Latn"),
        ("ru", "ru"),
        ("ru-RU", "ru"),
        ("en", "en"),
        ("de", "en"),
        ("", "en"),
        (None, "en"),
    ],
)
def test_telegram_language_code_maps_to_a_catalog(language_code: str | None, locale: str) -> None:
    assert CATALOGS.negotiate(language_code) == locale


def test_a_dropped_in_catalog_is_offered_without_code_change(tmp_path: Path) -> None:
    shutil.copytree(LOCALES_DIR, tmp_path, dirs_exist_ok=True)
    shutil.copytree(tmp_path / "ru", tmp_path / "tg")
    catalogs = Catalogs(tmp_path)
    assert "tg" in catalogs.locales
    assert ("tg", native_name("tg")) in catalogs.menu()
    assert catalogs.negotiate("tg") == "tg"


def test_language_menu_names_each_language_in_itself() -> None:
    names = dict(CATALOGS.menu())
    assert names["ru"] == "Русский"
    assert names["en"] == "English"
    assert names["uz_Latn"].startswith("Oʻzbek")
    assert names["uz_Cyrl"] == "Ўзбекча (Кирил)"


def test_cyrillic_uzbek_falls_back_to_latin_then_english() -> None:
    t = CATALOGS.translator("uz_Cyrl")
    assert t.raw(N_("Choose your language:")) == "Тилни танланг:"
    assert t.raw(N_("not in any catalog")) == "not in any catalog"
    assert CATALOGS.negotiate("uz") == "uz_Latn", (
        "Telegram never sends a script: Cyrillic is by choice only"
    )


def test_translations_are_escaped_but_markup_values_are_not() -> None:
    t = CATALOGS.translator("en")
    assert t(N_("a <b> & c")) == "a &lt;b&gt; &amp; c"
    assert t(N_("case {number}"), markup={"number": "<b>B-2345</b>"}) == "case <b>B-2345</b>"
    assert t(N_("by {deadline}"), {"deadline": date(2026, 12, 4)}) == "by December 4, 2026"


@pytest.mark.parametrize(
    ("locale", "long", "full", "button"),
    [
        ("ru", "4 декабря 2026\u202fг.", "пятница, 4 декабря 2026\u202fг.", "пт, 4 дек."),
        ("uz_Latn", "2026-yil 4-dekabr", "2026-yil 4-dekabr, juma", "Ju, 4-dek"),
        ("uz_Cyrl", "2026 йил 4 декабр", "2026 йил 4 декабр, жума", "жум, 4 дек"),
        ("en", "December 4, 2026", "Friday, December 4, 2026", "Fri, 4 Dec"),
    ],
)
def test_dates_are_written_as_the_locale_officially_writes_them(
    locale: str, long: str, full: str, button: str
) -> None:
    t = CATALOGS.translator(locale)
    day = date(2026, 12, 4)
    assert (t.value(day), t.day_text(day, "full"), t.day_label(day)) == (long, full, button)


def test_a_date_ending_in_an_abbreviation_ends_the_sentence_once() -> None:
    t = CATALOGS.translator("ru")
    assert t(N_("by {deadline}."), {"deadline": date(2026, 12, 4)}) == "by 4 декабря 2026\u202fг."


def test_reader_picks_the_wording() -> None:
    voiced = Voiced(N_("Where are you now?"), N_("Where is the person now?"))
    assert CATALOGS.translator("en", Reader.OTHER).raw(voiced) == "Where is the person now?"
    assert CATALOGS.translator("en", Reader.SELF).raw(voiced) == "Where are you now?"


def a_copy_of_the_catalogs(tmp_path: Path) -> Path:
    folder = tmp_path / "locales"
    shutil.copytree(LOCALES_DIR, folder)
    return folder


def test_a_missing_catalog_is_refused_naming_the_language(tmp_path: Path) -> None:
    folder = a_copy_of_the_catalogs(tmp_path)
    shutil.rmtree(folder / "ru")
    with pytest.raises(CatalogError, match=r"^No catalog for ru in .*reinstall Boshpana"):
        Catalogs(folder)


@pytest.mark.parametrize(
    "damage",
    [b"", b"\xff\xfe not text", b'msgid "a"\nmsgstr "b"\nthis is not a catalog\n'],
    ids=["empty", "not-utf8", "garbled"],
)
def test_a_broken_catalog_is_refused_naming_the_file(tmp_path: Path, damage: bytes) -> None:
    folder = a_copy_of_the_catalogs(tmp_path)
    (folder / "uz_Cyrl" / "LC_MESSAGES" / "messages.po").write_bytes(damage)
    with pytest.raises(CatalogError, match=r"The catalog locales/uz_Cyrl/LC_MESSAGES/messages.po"):
        Catalogs(folder)


def test_boshpana_run_with_a_broken_catalog_says_so_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = a_copy_of_the_catalogs(tmp_path)
    (folder / "ru" / "LC_MESSAGES" / "messages.po").write_bytes(b"\xff")
    monkeypatch.setattr("bot.core.i18n.shipped", lambda: folder)
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123456:TEST-TOKEN")
    monkeypatch.setenv("BOSHPANA_DATA_DIR", str(tmp_path / "data"))
    assert main(["run"]) == 2
    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith("The catalog locales/ru/LC_MESSAGES/messages.po is broken")
    assert not (tmp_path / "data").exists(), "nothing is written before the check"


def test_an_installation_without_the_catalogs_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("bot.core.i18n.PACKAGE", "boshpana_no_such_catalogs")
    with pytest.raises(CatalogError, match=r"^The catalogs .* are not installed: reinstall"):
        Catalogs()
