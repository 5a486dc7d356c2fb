"""romanise_uk / romanise_ru: the official tables' own examples and the fixed package bugs."""

from __future__ import annotations

import iuliia
import pytest

from ridni.names import SYSTEMS_RU, SYSTEMS_UK, romanise_ru, romanise_uk

# The examples printed in the table of KMU Resolution No. 55 (27 Jan 2010).
KMU_2010_EXAMPLES = [
    ("Алушта", "Alushta"), ("Андрій", "Andrii"), ("Борщагівка", "Borshchahivka"),
    ("Борисенко", "Borysenko"), ("Вінниця", "Vinnytsia"), ("Володимир", "Volodymyr"),
    ("Гадяч", "Hadiach"), ("Богдан", "Bohdan"), ("Згурський", "Zghurskyi"),
    ("Ґалаґан", "Galagan"), ("Ґорґани", "Gorgany"), ("Донецьк", "Donetsk"),
    ("Дмитро", "Dmytro"), ("Рівне", "Rivne"), ("Олег", "Oleh"), ("Есмань", "Esman"),
    ("Єнакієве", "Yenakiieve"), ("Гаєвич", "Haievych"), ("Короп'є", "Koropie"),
    ("Житомир", "Zhytomyr"), ("Жанна", "Zhanna"), ("Жежелів", "Zhezheliv"),
    ("Закарпаття", "Zakarpattia"), ("Казимирчук", "Kazymyrchuk"), ("Медвин", "Medvyn"),
    ("Михайленко", "Mykhailenko"), ("Іванків", "Ivankiv"), ("Іващенко", "Ivashchenko"),
    ("Їжакевич", "Yizhakevych"), ("Кадиївка", "Kadyivka"), ("Мар'їне", "Marine"),
    ("Йосипівка", "Yosypivka"), ("Стрий", "Stryi"), ("Олексій", "Oleksii"), ("Київ", "Kyiv"),
    ("Коваленко", "Kovalenko"), ("Лебедин", "Lebedyn"), ("Леонід", "Leonid"),
    ("Миколаїв", "Mykolaiv"), ("Маринич", "Marynych"), ("Ніжин", "Nizhyn"),
    ("Наталія", "Nataliia"), ("Одеса", "Odesa"), ("Онищенко", "Onyshchenko"),
    ("Полтава", "Poltava"), ("Петро", "Petro"), ("Решетилівка", "Reshetylivka"),
    ("Рибчинський", "Rybchynskyi"), ("Суми", "Sumy"), ("Соломія", "Solomiia"),
    ("Тернопіль", "Ternopil"), ("Троць", "Trots"), ("Ужгород", "Uzhhorod"),
    ("Уляна", "Uliana"), ("Фастів", "Fastiv"), ("Філіпчук", "Filipchuk"),
    ("Харків", "Kharkiv"), ("Христина", "Khrystyna"), ("Біла Церква", "Bila Tserkva"),
    ("Стеценко", "Stetsenko"), ("Чернівці", "Chernivtsi"), ("Шевченко", "Shevchenko"),
    ("Шостка", "Shostka"), ("Кишеньки", "Kyshenky"), ("Щербухи", "Shcherbukhy"),
    ("Гоща", "Hoshcha"), ("Гаращенко", "Harashchenko"), ("Юрій", "Yurii"),
    ("Корюківка", "Koriukivka"), ("Яготин", "Yahotyn"), ("Ярошенко", "Yaroshenko"),
    ("Костянтин", "Kostiantyn"), ("Знам'янка", "Znamianka"), ("Феодосія", "Feodosiia"),
    ("Згорани", "Zghorany"), ("Розгон", "Rozghon"),
]  # fmt: skip


@pytest.mark.parametrize(("cyrillic", "latin"), KMU_2010_EXAMPLES)
def test_kmu_2010_table_examples(cyrillic: str, latin: str) -> None:
    assert romanise_uk(cyrillic) == latin
    assert romanise_uk(cyrillic, "kmu2010") == latin


@pytest.mark.parametrize("apostrophe", ["'", "’", "ʼ", "`", '"'])
def test_kmu_drops_every_apostrophe_form(apostrophe: str) -> None:
    assert romanise_uk(f"Мар{apostrophe}яна") == "Mariana"


def test_kmu_all_capitals() -> None:
    assert romanise_uk("ЗГУРСЬКИЙ") == "ZGHURSKYI"
    assert romanise_uk("ЮЛІЯ") == "YULIIA"


@pytest.mark.parametrize(
    ("system", "expected"),
    [
        ("kmu2010", "Yuliia Hryhorii"),
        ("passport2007", "Iuliia Grygorii"),
        ("bgn1965", "Yuliya Hryhoriy"),
        ("german", "Julija Hryhorij"),
        ("french", "Iouliia Hryhoriy"),
    ],
)
def test_ukrainian_systems(system: str, expected: str) -> None:
    assert romanise_uk("Юлія Григорій", system) == expected


def test_bgn_1965_separates_zh_cluster() -> None:
    # BGN/PCGN 1965 writes зг as z·h so it is not read as ж; translitua omits the dot.
    assert romanise_uk("Згурський", "bgn1965") == "Z·hurs'kyy"
    assert romanise_uk("Жук", "bgn1965") == "Zhuk"


@pytest.mark.parametrize(
    ("system", "expected"),
    [
        ("icao2013", "Iuliia"),  # RU passports since 2014
        ("gost2006", "Iuliia"),
        ("mvd310", "Yuliya"),  # 1997-2010
        ("french", "Iouliia"),  # Soviet / MVD French
        ("bgn", "Yuliya"),
    ],
)
def test_russian_passport_systems_yulia(system: str, expected: str) -> None:
    assert romanise_ru("Юлия", system) == expected


def test_gost_2006_writes_ts_as_tc() -> None:
    assert romanise_ru("Цой", "gost2006") == "Tcoi"
    assert romanise_ru("Цой", "icao2013") == "Tsoi"


def test_mvd_310_soft_sign_and_ye() -> None:
    assert romanise_ru("Васильева", "mvd310") == "Vasilyeva"
    assert romanise_ru("Андрей", "mvd310") == "Andrey"


def test_french_initial_ks_keeps_its_capital() -> None:
    # iuliia's MVD-310-fr gives "xeniia"
    assert romanise_ru("Ксения", "french") == "Xeniia"
    assert romanise_ru("Оксана", "french") == "Oxana"


def test_bgn_yo_is_latin() -> None:
    assert romanise_ru("Соловьёв", "bgn") == "Solov’yëv"
    assert "ё" not in romanise_ru("Ёлкин", "bgn")


@pytest.mark.parametrize("system", SYSTEMS_RU)
def test_russian_all_capitals(system: str) -> None:
    latin = romanise_ru("КСЕНИЯ ЮЛИЯ", system)
    assert latin == latin.upper()


_RU_SCHEMAS = {
    "icao2013": iuliia.ICAO_DOC_9303,
    "gost2006": iuliia.GOST_52535,
    "mvd310": iuliia.MVD_310,
    "french": iuliia.MVD_310_FR,
    "bgn": iuliia.BGN_PCGN,
}


@pytest.mark.parametrize("system", SYSTEMS_RU)
def test_russian_schema_samples(system: str) -> None:
    """The samples published with each iuliia schema, after our fixes."""
    schema = _RU_SCHEMAS[system]
    for cyrillic, latin in schema.samples:
        if system == "bgn":
            latin = latin.replace("ё", "ë")
        assert romanise_ru(cyrillic, system) == latin


def test_unknown_system() -> None:
    with pytest.raises(ValueError, match="unknown romanisation system"):
        romanise_uk("Київ", "iso9")
    with pytest.raises(ValueError, match="unknown romanisation system"):
        romanise_ru("Киев", "kmu2010")


def test_system_lists() -> None:
    assert SYSTEMS_UK == ("kmu2010", "passport2007", "bgn1965", "german", "french")
    assert SYSTEMS_RU == ("icao2013", "gost2006", "mvd310", "french", "bgn")


def test_empty() -> None:
    assert romanise_uk("") == ""
    assert romanise_ru("") == ""
