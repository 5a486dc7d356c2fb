"""given_name: classes from the curated table and names_translator, diminutives, sex."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ridni.names import (
    SYSTEMS_RU,
    SYSTEMS_UK,
    given_name,
    latin_key,
    romanise_ru,
    romanise_uk,
)

from .conftest import split


def _forms(row: dict[str, str]) -> list[str]:
    return [
        row["ukrainian"], *split(row["russian"]), row["latin_ua_official"],
        *split(row["common_latin_variants"]),
    ]  # fmt: skip


def test_every_curated_form_belongs_to_its_class(given_rows) -> None:
    assert len(given_rows) >= 200
    checked = exact = 0
    for row in given_rows:
        cls = given_name(row["ukrainian"]).key
        for form in _forms(row):
            found = given_name(form)
            assert cls in found.keys, (row["ukrainian"], form, found)
            checked += 1
            exact += found.key == cls
    # A few secondary forms are another name's main form (Ярина's Russian Ирина is Ірина's).
    assert exact / checked >= 0.99, (exact, checked)


def test_main_forms_key_exactly(given_rows) -> None:
    for row in given_rows:
        cls = given_name(row["ukrainian"]).key
        for form in (row["ukrainian"], split(row["russian"])[0], row["latin_ua_official"]):
            assert given_name(form).key == cls, (row["ukrainian"], form)


@pytest.mark.parametrize("system", SYSTEMS_UK + SYSTEMS_RU)
def test_romanisations_key_like_the_name(system: str, given_rows) -> None:
    misses = []
    for row in given_rows:
        cls = given_name(row["ukrainian"]).key
        if system in SYSTEMS_UK:
            latin = romanise_uk(row["ukrainian"], system)
        else:
            latin = romanise_ru(split(row["russian"])[0], system)
        if cls not in given_name(latin).keys:
            misses.append((row["ukrainian"], latin))
    allowed = {"german": 20, "french": 6}.get(system, 1)
    assert len(misses) <= allowed, misses


def test_diminutives_map_into_their_class(given_rows) -> None:
    # Олесь, Леся, Марк are names too; Юля is spelt like Юлія once doubles fold.
    full_keys = {latin_key(f) for row in given_rows for f in _forms(row)}
    for row in given_rows:
        cls = given_name(row["ukrainian"]).key
        for diminutive in split(row["diminutives"]):
            found = given_name(diminutive)
            assert cls in found.keys, (row["ukrainian"], diminutive, found)
            if found.latin not in full_keys:
                assert found.is_diminutive, diminutive


@pytest.mark.parametrize(
    ("spellings", "key", "canonical"),
    [
        ("Олександр Александр Oleksandr Aleksandr Alexander Olexandr", "oleksandr", "Олександр"),
        ("Юлія Юлия Yuliia Iuliia Yuliya Julija Iouliia Julia", "yuliia", "Юлія"),
        ("Сергій Сергей Serhii Sergei Sergey Serguei", "serhii", "Сергій"),
        ("Григорій Григорий Grigorii Hryhorii", "hryhorii", "Григорій"),
        ("Євгенія Евгения Yevheniia Ievgeniia Evgenia Eugenia", "yevheniia", "Євгенія"),
        ("Пилип Філіп Филипп Pylyp Filipp Philip", "pylyp", "Пилип"),
        ("Ганна Анна Hanna Anna", "anna", "Анна"),
        ("Микита Нікіта Никита Mykyta Nikita", "mykyta", "Микита"),
        ("Костянтин Константин Kostiantyn Konstantin Constantine", "kostiantyn", "Костянтин"),
        ("Панас Афанасий Afanasii", "panas", "Панас"),
        ("Хома Фома Khoma Foma Thomas", "khoma", "Хома"),
        ("Юхим Ефим Yukhym Yefim", "yukhym", "Юхим"),
        ("Олена Елена Olena Elena Yelena", "olena", "Олена"),
        ("Петро Пётр Петр Petro Pyotr Petr", "petro", "Петро"),
        ("Михайло Михаил Mykhailo Mikhail Michail Michael", "mykhailo", "Михайло"),
    ],
)
def test_equivalence_classes(spellings: str, key: str, canonical: str) -> None:
    for spelling in spellings.split():
        found = given_name(spelling)
        assert found.key == key, (spelling, found)
        assert found.canonical_uk == canonical
        assert not found.is_diminutive


GUARDED = [
    ("Марія", "Мар'яна"), ("Марина", "Мар'яна"), ("Олександр", "Олександра"),
    ("Іван", "Іванна"), ("Денис", "Дениса"), ("Олена", "Альона"), ("Ірина", "Аріна"),
    ("Ярослав", "Ярослава"), ("Валентин", "Валентина"), ("Віктор", "Вікторія"),
    ("Юлія", "Юліана"), ("Богдан", "Богдана"), ("Дарина", "Дар'я"), ("Олеся", "Олесь"),
    ("Яна", "Ганна"), ("Марко", "Марта"), ("Євген", "Євгенія"), ("Ян", "Яна"),
]  # fmt: skip


@pytest.mark.parametrize(("first", "second"), GUARDED)
def test_different_names_are_different_classes(first: str, second: str) -> None:
    assert given_name(first).key != given_name(second).key


def test_ambiguous_diminutive_without_sex() -> None:
    sasha = given_name("Саша")
    assert sasha.is_diminutive
    assert sasha.keys == {"oleksandr", "oleksandra"}
    assert sasha.key == "oleksandr"  # the first class in the curated table
    assert sasha.sex is None
    assert given_name("Sasha") == given_name("Саша")


@pytest.mark.parametrize(
    ("diminutive", "sex", "key"),
    [
        ("Саша", "M", "oleksandr"), ("Саша", "F", "oleksandra"), ("Саша", "ж", "oleksandra"),
        ("Sasha", "female", "oleksandra"), ("Шура", "F", "oleksandra"),
        ("Женя", "M", "yevhen"), ("Женя", "F", "yevheniia"), ("Zhenya", "F", "yevheniia"),
        ("Валя", "M", "valentyn"), ("Валя", "F", "valentyna"), ("Настя", None, "anastasiia"),
        ("Маша", None, "mariia"), ("Ваня", None, "ivan"), ("Діма", None, "dmytro"),
        ("Дима", None, "dmytro"), ("Льоша", None, "oleksii"), ("Алёша", None, "oleksii"),
        ("Серёжа", None, "serhii"), ("Тёма", None, "artem"),
    ],
)  # fmt: skip
def test_diminutives(diminutive: str, sex: str | None, key: str) -> None:
    found = given_name(diminutive, sex)
    assert found.key == key
    assert found.is_diminutive


def test_sex_narrows_keys() -> None:
    assert given_name("Слава", "F").keys == {
        "yaroslava", "myroslava", "vladyslava", "stanislava"
    }  # fmt: skip
    # Слава is every -слав name's diminutive (Ярослав, Владислав, Станіслав…), not only В'ячеслав's
    assert given_name("Слава", "M").keys == {
        "viacheslav", "sviatoslav", "vladyslav", "yaroslav", "myroslav", "rostyslav", "stanislav"
    }  # fmt: skip
    assert given_name("Женя", "F").sex == "F"
    # a sex that fits no candidate is ignored rather than emptying the answer
    assert given_name("Олександр", "F").key == "oleksandr"


def test_secondary_russian_forms_keep_every_class() -> None:
    assert given_name("Ирина").key == "iryna"
    assert given_name("Ирина").keys == {"iryna", "yaryna"}
    assert given_name("Дарья").keys == {"daria", "daryna"}


def test_full_name_that_is_also_a_diminutive() -> None:
    oles = given_name("Олесь")
    assert oles.key == "oles"
    assert not oles.is_diminutive
    assert "oleksandr" in oles.keys


def test_unknown_name_is_its_own_class() -> None:
    found = given_name("Qwertyna")
    assert found.key == found.latin == "kvertina"
    assert found.keys == {"kvertina"}
    assert found.canonical_uk is None
    assert found.sex is None


def test_double_names() -> None:
    found = given_name("Анна-Марія")
    assert found.key == "anna"
    assert found.keys == {"anna", "mariia"}
    both = given_name("Саша (Олександра)")
    assert both.key == "oleksandra"  # the full name decides
    assert not both.is_diminutive
    assert both.keys == {"oleksandr", "oleksandra"}


def test_empty() -> None:
    for value in (None, "", "  ", "..."):
        found = given_name(value)
        assert found.key is None
        assert found.keys == frozenset()
        assert found.latin == ""


def test_names_translator_russian_forms_share_a_class() -> None:
    """Every Ukrainian first name in names_translator meets its Russian translations."""
    from names_translator.dicts import default_dicts

    checked = exact = 0
    for name, russian in default_dicts().as_dict("first").items():
        if not re.fullmatch(r"[а-яґєіїё']+", name):
            continue
        mine = given_name(name)
        for form in russian:
            theirs = given_name(form)
            assert mine.keys & theirs.keys, (name, form)
            checked += 1
            exact += mine.key == theirs.key
    assert checked > 10_000
    assert exact / checked >= 0.995


@settings(max_examples=300)
@given(st.text(), st.sampled_from([None, "M", "F", "ж", "x"]))
def test_never_crashes(text: str, sex: str | None) -> None:
    found = given_name(text, sex)
    assert (found.key is None) == (found.latin == "")
    if found.key is not None:
        assert found.key in found.keys
