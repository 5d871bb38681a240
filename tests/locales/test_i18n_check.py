"""``boshpana i18n check`` finds each kind of defect planted in a copy of a shipped catalog."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from bot.cli.main import main
from bot.core.i18n import LOCALES_DIR
from bot.translating.catalogs import TEMPLATE
from bot.translating.check import Finding, Severity, check_catalog

SHIPPED = LOCALES_DIR / "uz_Cyrl" / "LC_MESSAGES" / "messages.po"
with TEMPLATE.open("rb") as template_file:
    TEMPLATE_CATALOG = read_po(template_file)

CHOOSE = 'msgid "Choose your language:"\nmsgstr "Тилни танланг:"\n'
PROGRESS = 'msgstr "Савол {number} / {total}"'
OPERATOR = (
    'msgstr "Ботни ким юритади: {operator}. Бот юридик маслаҳат эмас, умумий маълумот беради."'
)
NOTE = 'msgstr "Жамоа учун қайд: /note B-XXXX матн"'
SITE = "(r39.echr.coe.int) орқали"
PHONE = 'msgstr "Ишонч телефони: +7 (903) 792-22-79 (WhatsApp, Viber)."'
PLURAL = 'msgid "{n} day"\nmsgid_plural "{n} days"\n'


def planted(tmp_path: Path, old: str, new: str) -> list[Finding]:
    """Check a copy of the Cyrillic catalog with ``old`` replaced by ``new``."""
    text = SHIPPED.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path = tmp_path / "uz_Cyrl" / "LC_MESSAGES" / "messages.po"
    path.parent.mkdir(parents=True)
    path.write_text(text.replace(old, new), encoding="utf-8")
    return check_catalog(path, TEMPLATE_CATALOG)


def appended(tmp_path: Path, entry: str) -> list[Finding]:
    """Check a copy of the Cyrillic catalog with ``entry`` added after the header."""
    return planted(tmp_path, CHOOSE, f"{CHOOSE}\n{entry}")


def kinds(findings: list[Finding]) -> set[tuple[Severity, str]]:
    return {(f.severity, f.check) for f in findings}


ERROR, WARNING = Severity.ERROR, Severity.WARNING


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param(CHOOSE, "", (ERROR, "missing"), id="missing"),
        pytest.param(CHOOSE, CHOOSE.replace("Тилни танланг:", ""), (ERROR, "untranslated")),
        pytest.param(CHOOSE, f"#, fuzzy\n{CHOOSE}", (ERROR, "fuzzy"), id="fuzzy"),
        pytest.param(CHOOSE, f'# | msgid "Choose:"\n{CHOOSE}', (WARNING, "previous")),
        pytest.param(PROGRESS, PROGRESS.replace("{total}", "{totl}"), (ERROR, "placeholders")),
        pytest.param(PROGRESS, PROGRESS.replace("{total}", "{total"), (ERROR, "placeholders")),
        pytest.param(PROGRESS, PROGRESS.replace(" {total}", ""), (ERROR, "placeholders")),
        pytest.param(CHOOSE, CHOOSE.replace("Тилни", "<b>Тилни</b>"), (ERROR, "markup")),
        pytest.param(CHOOSE, CHOOSE.replace("Тилни", "<b>Тилни"), (ERROR, "markup")),
        pytest.param(CHOOSE, CHOOSE.replace("Тилни", "Тил & ёзув"), (ERROR, "markup")),
        pytest.param(CHOOSE, CHOOSE.replace("Тилни", "Тил > ёзув"), (ERROR, "markup")),
        pytest.param("nplurals=2; plural=(n != 1);", "nplurals=1; plural=0;", (ERROR, "plurals")),
        pytest.param(
            "nplurals=2; plural=(n != 1);",
            "nplurals=2; plural=(n > 1);",
            (ERROR, "plurals"),
            id="plural-rule-not-cldr",
        ),
        pytest.param(NOTE, NOTE.replace("/note", "/нот"), (ERROR, "protected"), id="command"),
        pytest.param(NOTE, NOTE.replace("/note ", ""), (ERROR, "protected"), id="command-lost"),
        pytest.param(NOTE, NOTE.replace("B-XXXX", "Б-ХХХХ"), (ERROR, "protected"), id="case"),
        pytest.param(
            SITE, SITE.replace("r39.echr.coe.int", "р39.эчр.цоэ.инт"), (ERROR, "protected")
        ),
        pytest.param(PHONE, PHONE.replace("792-22-79", "792-22-97"), (ERROR, "protected")),
        pytest.param(CHOOSE, CHOOSE.replace("Тилни", "Тил " * 1100), (ERROR, "length")),
        pytest.param(CHOOSE, CHOOSE.replace("Тилни", "🆘" * 2049), (ERROR, "length")),
        pytest.param(OPERATOR, OPERATOR.replace("Бот юридик", "ё" * 4030), (ERROR, "length")),
        pytest.param('msgstr "Тилни ўзгартириш"', f'msgstr "{"Тил " * 70}"', (ERROR, "length")),
        pytest.param(
            'msgstr "▶ Бошлаш"',
            'msgstr "▶ Бошлаш, бошлаш, бошлаш, бошлаш, бошлаш, бошлаш"',
            (WARNING, "button"),
        ),
        pytest.param(
            'msgstr "39-қоида: эслатма"',
            'msgstr "39-қоида бўйича сўров учун эслатма ва текширув"',
            (WARNING, "button"),
            id="topic-button",
        ),
        pytest.param(
            'msgstr "Россияда"',
            'msgstr "Россия Федерацияси ҳудудида, шаҳарда ёки қишлоқда"',
            (WARNING, "button"),
        ),
    ],
)
def test_planted_defect_is_reported(
    tmp_path: Path, old: str, new: str, expected: tuple[Severity, str]
) -> None:
    assert expected in kinds(planted(tmp_path, old, new))


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        pytest.param('msgid "Gone"\nmsgstr "Кетди"\n', (WARNING, "obsolete"), id="not-in-code"),
        pytest.param('#~ msgid "Gone"\n#~ msgstr "Кетди"\n', (WARNING, "obsolete"), id="#~"),
        pytest.param(f'{PLURAL}msgstr[0] "{{n}} кун"\n', (ERROR, "plurals"), id="too-few"),
        pytest.param(
            f'{PLURAL}msgstr[0] "{{n}} кун"\nmsgstr[1] "{{n}} кун"\nmsgstr[2] "{{n}} кун"\n',
            (ERROR, "plurals"),
            id="too-many",
        ),
        pytest.param(
            f'{PLURAL}msgstr[0] "{{n}} кун"\nmsgstr[1] "{{m}} кун"\n',
            (ERROR, "placeholders"),
            id="plural-placeholder",
        ),
    ],
)
def test_planted_entry_is_reported(
    tmp_path: Path, entry: str, expected: tuple[Severity, str]
) -> None:
    assert expected in kinds(appended(tmp_path, entry))


def test_the_unchanged_copy_is_clean(tmp_path: Path) -> None:
    assert planted(tmp_path, CHOOSE, CHOOSE) == []


def test_boshpana_i18n_check_passes_on_the_shipped_catalogs(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status = main(["i18n", "check"])
    assert status == 0, capsys.readouterr().out


def test_the_check_ends_with_a_summary_per_language(capsys: pytest.CaptureFixture[str]) -> None:
    main(["i18n", "check"])
    summary = capsys.readouterr().out.split("Summary:")[1]
    for locale in ("en", "ru", "uz_Cyrl", "uz_Latn"):
        assert f"{locale}: 100 % translated, core language, always offered; 0 errors" in summary
