"""surname_key, surname_initial, is_initial_only."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ridni.names import (
    SYSTEMS_RU,
    is_initial_only,
    romanise_ru,
    romanise_uk,
    surname_initial,
    surname_key,
)

EQUIVALENT = [
    "Коваленко Kovalenko KOVALENKO",
    "Поліщук Полищук Polishchuk",
    "Кушнір Кушнир Kushnir",
    "Білик Белик Bilyk Belik",
    "Лисенко Лысенко Lysenko Lisenko",
    "Їжак Ижак Yizhak Izhak",
    "Єрмоленко Ермоленко Yermolenko Ermolenko Jermolenko",
    "Коломієць Коломиец Kolomiiets Kolomiets",
    "Соловйов Соловьев Соловьёв Soloviov Solovyov Solovev Soloviev",
    "Ковальов Ковалев Ковалёв Kovalov Kovalev Kovalyov",
    "Згурський Згурский Zghurskyi Zgurskiy Zgurskii Zgurski Zgursky",
    "Лук'яненко Лукьяненко Lukianenko Lukyanenko",
    "Петрів Петрив Petriv",
    "Бабій Бабий Babii Babiy",
    "Ґалаґан Галаган Galagan Halahan",
    "Чорновол Черновол Chornovol Chernovol",
    "Чорний Черный Chornyi Chernyi",
    "Згурська Згурская Zgurskaya Zgurska Zghurska",
    "Ковальова Ковалева Ковалёва Kovalova Kovaleva",
    "Лозовий Лозовой Lozovyi Lozovoi",
    "Ковальчук Kovalchuk Kowaltschuk Kovaltchouk Kowalczuk",
    "Щербина Shcherbyna Shcherbina Szczerbyna Schtscherbina",
    "Павлівська Павловская Pavlivska Pavlovskaya",
    "Підгайський Подгайский Pidhaiskyi Podgaiskii",
    "Вовк Волк Vovk Volk",
]
APART = [
    ("Згурський", "Згурська"),  # sex is compared separately
    ("Ковальов", "Ковальова"),
    ("Коваленко", "Ковальчук"),
    ("Шевченко", "Шевчук"),
    ("Петренко", "Петрик"),
    ("Бондар", "Бондаренко"),
    ("Мельник", "Мельничук"),
]


@pytest.mark.parametrize("group", EQUIVALENT)
def test_forms_meet(group: str) -> None:
    keys = {form: surname_key(form) for form in group.split()}
    assert len(set(keys.values())) == 1, keys


@pytest.mark.parametrize(("first", "second"), APART)
def test_different_surnames_stay_apart(first: str, second: str) -> None:
    assert surname_key(first) != surname_key(second)


def test_double_barrelled() -> None:
    assert surname_key("Коваленко-Бойко") == "kovalenko boiko"


def _translator_sample(n: int = 5000) -> list[tuple[str, list[str]]]:
    from names_translator.dicts import default_dicts

    items = sorted(default_dicts().as_dict("last").items())
    return random.Random(7).sample(items, n)


def test_russification_of_names_translator_surnames() -> None:
    """Ukrainian surnames meet their Russian forms (names_translator's 'last' pool)."""
    sample = _translator_sample()
    meet = sum(surname_key(uk.capitalize()) == surname_key(ru[0]) for uk, ru in sample)
    assert meet / len(sample) >= 0.99


@pytest.mark.parametrize("system", ["kmu2010", "passport2007", "bgn1965"])
def test_ukrainian_romanisations_of_surnames(system: str) -> None:
    sample = [uk.capitalize() for uk, _ in _translator_sample(2000)]
    meet = sum(surname_key(romanise_uk(s, system)) == surname_key(s) for s in sample)
    assert meet / len(sample) >= 0.97


@pytest.mark.parametrize("system", [s for s in SYSTEMS_RU if s != "french"])
def test_russian_romanisations_of_surnames(system: str) -> None:
    sample = [ru[0] for _, ru in _translator_sample(2000)]
    meet = sum(surname_key(romanise_ru(s, system)) == surname_key(s) for s in sample)
    assert meet / len(sample) >= 0.98


@pytest.mark.parametrize(
    ("text", "initial"),
    [
        ("К.", "k"), ("K", "k"), ("K.", "k"), ("Коваленко", "k"), ("Kovalenko", "k"),
        ("Харченко", "k"), ("Kharchenko", "k"), ("Kh.", "k"), ("Х.", "k"),
        ("Гончаренко", "g"), ("Honcharenko", "g"), ("Goncharenko", "g"), ("H.", "g"),
        ("Єрмоленко", "i"), ("Ермоленко", "i"), ("Yermolenko", "i"), ("E.", "i"), ("Y.", "i"),
        ("Юрченко", "i"), ("Iurchenko", "i"), ("Jurtschenko", "i"), ("Ю.", "i"),
        ("Чорновол", "c"), ("Chornovol", "c"), ("Ч.", "c"), ("Ch.", "c"), ("C.", "c"),
        ("Цибулько", "t"), ("Tsybulko", "t"), ("Ц.", "t"),
        ("Шевченко", "s"), ("Shevchenko", "s"), ("Schewtschenko", "s"), ("Щербина", "s"),
        ("Жук", "z"), ("Zhuk", "z"), ("Зінченко", "z"), ("Вовк", "v"), ("Wowk", "v"),
        ("Олександренко", "o"), ("Oleksandrenko", "o"), ("O.", "o"),
    ],
)  # fmt: skip
def test_surname_initial(text: str, initial: str) -> None:
    assert surname_initial(text) == initial


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("К.", True), ("K", True), ("Kh.", True), ("Ю.", True), ("Sch.", True),
        ("Коваленко", False), ("Li", False), ("", False), (None, False), ("Ко", False),
    ],
)  # fmt: skip
def test_is_initial_only(text: str | None, expected: bool) -> None:
    assert is_initial_only(text) is expected


def test_empty() -> None:
    assert surname_key(None) == ""
    assert surname_initial(None) is None
    assert surname_initial("...") is None


@given(st.text())
def test_never_crashes(text: str) -> None:
    key = surname_key(text)
    assert key.isascii()
    initial = surname_initial(text)
    assert initial is None or (len(initial) == 1 and initial.isascii())
    is_initial_only(text)
