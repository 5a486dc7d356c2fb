"""institution_key and institution_in_ukraine."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ridni.names import institution_in_ukraine, institution_key

SAME = [
    [
        "Херсонський обласний будинок дитини",
        "Херсонский областной дом ребенка",
        "Kherson regional children's home",
        "КЗ «Херсонський обласний будинок дитини» Херсонської обласної ради",
    ],
    [
        "Маріупольський міський дитячий будинок",
        "Мариупольский городской детский дом",
        "Mariupol city orphanage",
    ],
    [
        "Загальноосвітня школа-інтернат № 5 м. Донецька",
        "Донецкая общеобразовательная школа-интернат №5",
    ],
    [
        "Одеський обласний будинок дитини",
        "Одесский областной дом ребенка",
        "Odesa regional baby home",
    ],
    ["Дитячий табір «Артек»", "Детский лагерь «Артек»", "Artek children's camp"],
    # the occupation authorities' Soviet name of the town, and the home's name translated
    ["Покровський дитячий будинок «Надія»", "Красноармейский детский дом «Надежда»"],
    ["Бахмутська загальноосвітня школа-інтернат", "Артемовская общеобразовательная школа-интернат"],
    ["Маріупольський дитячий будинок «Сонечко»", "Мариупольский детский дом «Солнышко»"],
    ["Горлівський міський будинок дитини", "Горловский городской дом ребенка"],
    # Сватове → Сватівський (the town's o becomes і), Олешки → Олешківський / Алешкинский
    ["Сватівська спеціальна школа-інтернат", "Сватовская специальная школа-интернат"],
    ["Олешківська спеціальна школа-інтернат", "Алешкинская специальная школа-интернат"],
]


@pytest.mark.parametrize("names", SAME)
def test_same_institution(names: list[str]) -> None:
    keys = {name: institution_key(name) for name in names}
    assert len(set(keys.values())) == 1, keys


def test_example() -> None:
    assert institution_key("Херсонський обласний будинок дитини") == "child home kherson regional"


def test_different_institutions() -> None:
    assert institution_key("Херсонський обласний будинок дитини") != institution_key(
        "Херсонський міський будинок дитини"
    )
    assert institution_key("школа-інтернат № 5") != institution_key("школа-інтернат № 6")
    assert institution_key("Покровський дитячий будинок") != institution_key(
        "Краматорський дитячий будинок"
    )
    assert institution_key("Маріупольський дитячий будинок «Сонечко»") != institution_key(
        "Маріупольський дитячий будинок «Надія»"
    )
    assert institution_key("Одеський обласний будинок дитини") != institution_key(
        "Херсонський обласний будинок дитини"
    )


def test_empty() -> None:
    assert institution_key(None) is None
    assert institution_key("КЗ") is None


@given(st.text())
def test_never_crashes(text: str) -> None:
    key = institution_key(text)
    assert key is None or (key.isascii() and key == " ".join(sorted(set(key.split()))))


IN_UKRAINE = [
    "Херсонський обласний будинок дитини",
    "Горловский городской дом ребенка",  # the Russian name of a Ukrainian town's home
    "Луганский республиканский дом ребенка",  # the occupation authorities' name of it
    "Алешкинская специальная школа-интернат",
    "Дом ребёнка № 3, г. Симферополь",
]
NOT_IN_UKRAINE = [
    "Дом ребёнка № 9, г. Самара",  # not Самар (Новомосковськ until 2024)
    "ГБУ РО «Таганрогский центр помощи детям № 7»",
    "Центр помощи детям, оставшимся без попечения родителей",
    "Детский оздоровительный лагерь «Звездный»",
    "",
]


@pytest.mark.parametrize("name", IN_UKRAINE)
def test_an_institution_in_ukraine(name: str) -> None:
    assert institution_in_ukraine(institution_key(name))


@pytest.mark.parametrize("name", NOT_IN_UKRAINE)
def test_an_institution_placed_elsewhere_or_nowhere(name: str) -> None:
    assert not institution_in_ukraine(institution_key(name))


def test_a_town_abroad_keeps_its_own_key() -> None:
    assert institution_key("Дом ребёнка № 9, г. Самара") != institution_key(
        "Самарський будинок дитини"
    )
