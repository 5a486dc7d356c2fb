"""Where a child is held: towns and regions abroad read in any script, Ukrainian places kept."""

from __future__ import annotations

import pytest

from ridni import names

TAGANROG = names.whereabouts("Таганрог")


@pytest.mark.parametrize(
    "text", ["Таганрог", "Taganrog", "г. Таганрог", "Таганрог, Ростовская обл."]
)
def test_a_town_abroad_in_any_script_is_one_place(text: str) -> None:
    assert names.whereabouts(text) == TAGANROG
    assert TAGANROG.place == "ru:taganrog"


def test_a_region_alone_meets_the_region_of_a_town_in_it() -> None:
    assert names.whereabouts("Ростовская область").place is None
    assert names.whereabouts("Ростовская область").region == TAGANROG.region
    assert names.whereabouts("Rostov oblast").region == TAGANROG.region


@pytest.mark.parametrize(
    ("town", "region"),
    [("Подольск", "Московская обл."), ("Noginsk", "Moscow oblast"), ("Казань", "Татарстан")],
)
def test_towns_and_their_regions(town: str, region: str) -> None:
    assert names.whereabouts(town).region == names.whereabouts(region).region


def test_a_resort_town_is_not_taken_for_a_ukrainian_village_of_its_name() -> None:
    # Геленджик is also a village in Zaporizhzhia oblast; children are held in the resort.
    held = names.whereabouts("Геленджик")
    assert held.place == names.whereabouts("Gelendzhik").place == "ru:gelendzhik"
    assert held.region == names.whereabouts("Краснодарский край").region
    assert names.whereabouts("ДОЛ «Ласточка», Геленджик").place == held.place


def test_a_camp_town_is_not_guessed_by_similarity() -> None:
    assert names.resolve_place("Старый Оскол") is None


def test_ukrainian_places_and_occupation_regions_stay_ukrainian() -> None:
    donetsk = names.whereabouts("Донецк")
    assert donetsk.place == names.place_key("Донецьк")
    assert names.whereabouts("ДНР").region == donetsk.region
    assert names.whereabouts("Кировск").place == names.place_key("Кіровськ")


def test_towns_named_like_their_region() -> None:
    assert names.whereabouts("Москва").place == names.whereabouts("Moscow").place == "ru:moskva"
    assert names.whereabouts("Тамбов").region == names.whereabouts("Тамбовская область").region


def test_nothing_and_unknown_places() -> None:
    assert names.whereabouts("") == names.Whereabouts(None, None)
    assert names.whereabouts(None) == names.Whereabouts(None, None)
    unknown = names.whereabouts("Неведомск")
    assert unknown.place is not None and unknown.region is None


def test_birthplaces_abroad_are_known_by_their_place_keys() -> None:
    abroad = names.foreign_town_place_keys()
    assert names.place_key("г. Подольск") in abroad
    assert names.place_key("Podolsk") in abroad
    assert names.place_key("Таганрог, Ростовская обл.") in abroad
    assert names.place_key("Бахмут") not in abroad
    assert names.place_key("Артемовск") not in abroad  # the Soviet name of a Ukrainian town
    assert names.place_key("Подольск, Одесская обл.") not in abroad  # Подільськ
