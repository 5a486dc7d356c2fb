"""Gazetteer: resolve_place, place_key, resolve_region, region_key."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ridni.names import place_key, region_key, resolve_place, resolve_region
from ridni.names.keys import latin_key
from ridni.names.regions import classify_region
from ridni.names.toponyms import russian_forms

from .conftest import split

BAKHMUT = "UA14020010010059145"
DONETSK_OBLAST = "UA14000000000091971"


@pytest.mark.parametrize(
    "spelling",
    ["Бахмут", "Артёмовск", "Артемовск", "Артемівськ", "Artemivsk", "Artemovsk", "Bakhmut",
     "м. Бахмут", "г. Артёмовск", "Бахмут (Артемівськ)", "BAKHMUT", "Бахмут, Донецька обл."],
)  # fmt: skip
def test_bakhmut(spelling: str) -> None:
    place = resolve_place(spelling)
    assert place is not None and place.id == BAKHMUT
    assert place.name_uk == "Бахмут"
    assert place.region_id == DONETSK_OBLAST
    assert place.region_uk == "Донецька область"
    assert place.latin == "Bakhmut"
    assert place_key(spelling) == BAKHMUT


@pytest.mark.parametrize(
    "group",
    [
        "Маріуполь Мариуполь Mariupol Marioupol",
        "Покровськ Покровск Красноармейск Pokrovsk Krasnoarmeisk",
        "Кадіївка Кадиевка Стаханов Kadiivka Stakhanov",
        "Дніпро Днепр Днепропетровск Dnipro Dnipropetrovsk",
        "Кропивницький Кировоград Kropyvnytskyi Kirovograd",
        "Торецьк Торецк Дзержинск Toretsk",
        "Харків Харьков Kharkiv Kharkov",
        "Київ Киев Kyiv Kiev",
        "Запоріжжя Запорожье Zaporizhzhia Zaporozhye",
        "Рубіжне Рубежное Rubizhne Rubezhnoe",
        "Кривий_Ріг Кривой_Рог Kryvyi_Rih Krivoi_Rog",
        "Біла_Церква Белая_Церковь Bila_Tserkva",
        "Миколаїв Николаев Mykolaiv Nikolaev",
        "Олешки Алешки Цюрупинск Oleshky",
        "Чорноморськ Черноморск Ильичёвск Chornomorsk",
    ],
)
def test_same_place(group: str) -> None:
    ids = {s: place_key(s.replace("_", " ")) for s in group.split()}
    assert len(set(ids.values())) == 1, ids
    assert next(iter(ids.values())).startswith("UA")


def test_region_disambiguates_homonyms() -> None:
    donetsk = resolve_place("Андріївка", "Донецька область")
    kharkiv = resolve_place("Андреевка", "Харьковская обл.")
    assert donetsk is not None and donetsk.region_id == DONETSK_OBLAST
    assert kharkiv is not None and kharkiv.region_id == "UA63000000000041885"
    assert resolve_place("Андріївка, Донецька обл.") == donetsk
    assert resolve_place("Андреевка", "ДНР") == donetsk


def test_cities_before_villages() -> None:
    # Маріуполь is also a village in Kirovohrad oblast; the city wins without a region.
    assert resolve_place("Маріуполь").category == "M"
    assert resolve_place("Маріуполь", "Кіровоградська").category == "C"


def test_podolsk_trap() -> None:
    # Подільськ (Odesa oblast) is Подольск in Russian, and so is the city near Moscow.
    podilsk = resolve_place("Подільськ")
    assert podilsk is not None and podilsk.region_id == "UA51000000000030770"
    assert resolve_place("Podilsk") == podilsk
    assert resolve_place("Подольск") is None
    assert place_key("Подольск") == "ru:podolsk"
    assert resolve_place("Подольск", "Московская обл.") is None
    assert place_key("Подольск, Московская область") == "ru:podolsk"
    assert resolve_place("Подольск", "Одесская обл.") == podilsk


@pytest.mark.parametrize("town", ["Калуга", "Геленджик", "Орёл", "Самара", "Kaluga", "Azov"])
def test_town_abroad_that_is_a_village_or_two_in_ukraine(town: str) -> None:
    # A birthplace a renamed child's new certificate gives ("Калуга", no region) is the city,
    # not the village of Mykolaiv oblast called Калуга.
    assert resolve_place(town) is None
    assert place_key(town) == "ru:" + latin_key(town.replace("ё", "е"))


def test_village_named_like_a_town_abroad_is_found_by_its_region_or_in_ukrainian() -> None:
    kaluha = resolve_place("Калуга", "Миколаївська область")
    assert kaluha is not None and kaluha.category == "C"
    assert resolve_place("Вороніж") is not None  # written in Ukrainian: the village
    # A name many villages bear stays Ukrainian: Михайловка on a DNR list is one of them.
    assert resolve_place("Михайловка") is not None


def test_foreign_places() -> None:
    assert place_key("Таганрог") == "ru:taganrog"
    assert place_key("г. Таганрог") == "ru:taganrog"
    assert place_key("Taganrog", "Ростовская обл.") == "ru:taganrog"
    assert resolve_place("Первомайск", "Нижегородская обл.") is None
    assert place_key(None) is None
    assert place_key("  ") is None


def test_curated_places_resolve_to_their_oblast(place_rows) -> None:
    """95%+ of every name in the places table, without a region, land in its oblast."""
    total = hits = 0
    misses = []
    for row in place_rows:
        expected = classify_region(row["oblast"])[0]
        for name in [row["ukrainian"], *split(row["russian"]), row["latin_ua_official"]]:
            if name == "Подольск":
                continue  # the trap above: resolves abroad on purpose
            place = resolve_place(name)
            total += 1
            if place is not None and place.region_id == expected:
                hits += 1
            else:
                misses.append((name, place))
    assert hits / total >= 0.95, misses


def test_rules_alone_find_most_russian_forms(place_rows) -> None:
    """Without the curated aliases, the derived Russian forms still cover the table's."""
    covered = 0
    for row in place_rows:
        keys = {latin_key(f) for f in [row["ukrainian"], *russian_forms(row["ukrainian"])]}
        covered += latin_key(split(row["russian"])[0]) in keys
    assert covered / len(place_rows) >= 0.85


REGION_ALIASES = {
    "UA14000000000091971": "ДНР|ДНР, Россия|Донецкая Народная Республика|DNR|DPR|"
    "Донецкая обл.|Donetsk oblast|Donetska oblast|Донецька область|Донеччина",
    "UA44000000000018893": "ЛНР|LNR|LPR|Луганская Народная Республика|Луганська обл.|Luhansk",
    "UA01000000000013043": "Крым|Республика Крым|Crimea|АР Крим|Автономна Республіка Крим",
    "UA23000000000064947": "Запорожская область|Запорізька|Zaporizhzhia oblast",
    "UA65000000000030969": "Херсонская обл.|Kherson region|Херсонщина",
    "UA80000000000093317": "Київ|Киев|г. Киев|Kyiv|Kiev",
    "UA32000000000030281": "Київська обл.|Киевская область|Kyiv oblast|Kyiv region|Київщина",
    "UA85000000000065278": "Севастополь|Sevastopol",
    "UA12000000000090473": "Днепропетровская обл.|Dnipropetrovsk oblast|Дніпропетровська",
    "UA35000000000016081": "Кировоградская|Kirovohrad oblast",
    "UA56000000000066151": "Ровенская область|Rivne oblast",
    "UA73000000000044923": "Черновицкая обл.|Chernivtsi oblast|Чернівецька",
    "UA26000000000069363": "Ивано-Франковская|Ivano-Frankivsk oblast",
}


@pytest.mark.parametrize(("region_id", "aliases"), REGION_ALIASES.items())
def test_region_aliases(region_id: str, aliases: str) -> None:
    for alias in aliases.split("|"):
        assert region_key(alias) == region_id, alias


def test_all_27_top_level_units() -> None:
    adjectives = [
        "Вінницька", "Волинська", "Дніпропетровська", "Донецька", "Житомирська",
        "Закарпатська", "Запорізька", "Івано-Франківська", "Київська", "Кіровоградська",
        "Луганська", "Львівська", "Миколаївська", "Одеська", "Полтавська", "Рівненська",
        "Сумська", "Тернопільська", "Харківська", "Херсонська", "Хмельницька", "Черкаська",
        "Чернівецька", "Чернігівська",
    ]  # fmt: skip
    ids = {region_key(f"{a} область") for a in adjectives}
    ids |= {region_key("Автономна Республіка Крим"), region_key("Київ"), region_key("Севастополь")}
    assert None not in ids
    assert len(ids) == 27
    donetsk = resolve_region("ДНР")
    assert donetsk is not None
    assert (donetsk.name_uk, donetsk.latin) == ("Донецька область", "Donetska oblast")


def test_regions_outside_ukraine() -> None:
    assert region_key("Московская обл.") is None
    assert classify_region("Московская обл.") == (None, True)
    # occupation records write "Россия" for occupied Ukrainian places: no information
    assert classify_region("Россия") == (None, False)
    assert place_key("Керчь", "Россия") == place_key("Керч")
    assert place_key("Бахмут", "Россия") == BAKHMUT
    assert place_key("Подольск", "Россия") == "ru:podolsk"
    assert classify_region("Nowhere") == (None, False)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=40), st.one_of(st.none(), st.text(max_size=20)))
def test_never_crashes(text: str, region: str | None) -> None:
    key = place_key(text, region)
    assert key is None or key.startswith(("UA", "ru:"))


MARIUPOL = "UA14140050010029262"


@pytest.mark.parametrize(
    "text",
    ["Украина, г. Мариуполь", "Mariupol, Ukraine", "Мариуполь Донецкой области",
     "г.Мариуполь", "г. Мариуполь, ДНР", "ДНР, г. Мариуполь", "м. Маріуполь Донецької обл.",
     "Маріуполь, Донецька область, Україна"],
)  # fmt: skip
def test_place_strings_as_records_write_them(text: str) -> None:
    assert place_key(text) == MARIUPOL


def test_raion_and_region_in_the_place_field() -> None:
    expected = resolve_place("Андріївка", "Донецька область")
    assert resolve_place("с. Андріївка Бахмутського р-ну Донецької обл.") == expected
    assert resolve_place("с. Андріївка, Бахмутський р-н, Донецька обл.") == expected


@pytest.mark.parametrize(
    "text", ["Донецька область", "Донецкая обл.", "ДНР", "Україна", "Россия", "Kherson region"]
)
def test_a_region_alone_is_no_place(text: str) -> None:
    assert resolve_place(text) is None
    assert place_key(text) is None
