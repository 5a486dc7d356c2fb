"""The 27 top-level units of Ukraine and the many ways records name them.

Aliases cover the Ukrainian and Russian adjectives, Latin forms, the oblast centre's name (as in
"Kharkiv oblast"), colloquial names (Донеччина), old names (Днепропетровская, Ворошиловградская)
and occupation names (ДНР, Донецкая Народная Республика, DPR; ЛНР, LPR; Республика Крым).
Matching folds every alias with `latin_key`, drops generic words (область, обл., oblast, region,
республика, народная, Россия, …) and the adjectival ending (-ська, -ская, -skyi, -sk), so
"Донецька область", "Донецкая обл.", "Donetsk oblast", "Donetska oblast" and "ДНР, Россия" all
meet. Russian federal subjects are recognised as foreign, so a place in "Московская обл." is
never taken for a Ukrainian homonym; "Россия" alone is not (occupation records write it for
occupied Ukrainian places: "Керчь, Россия").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from ridni.names.keys import latin_key
from ridni.names.normalise import clean
from ridni.names.romanise import romanise_uk

__all__ = ["Region", "classify_region", "fold_region", "region_key", "resolve_region"]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


@dataclass(frozen=True, slots=True)
class Region:
    """A top-level unit: its KATOTTG code, Ukrainian name and KMU 2010 romanisation."""

    id: str
    name_uk: str
    latin: str


KYIV_CITY = "UA80000000000093317"
KYIV_OBLAST = "UA32000000000030281"

# KATOTTG code, display name, aliases (beyond the display name itself).
_REGIONS: tuple[tuple[str, str, str], ...] = (
    ("UA01000000000013043", "Автономна Республіка Крим",
     "АР Крим|АРК|Крим|Крым|Республика Крым|Кримська|Крымская|Crimea|Krym|Krim|"
     "Autonomous Republic of Crimea|Republic of Crimea|Сімферополь|Симферополь|Simferopol"),
    ("UA05000000000010236", "Вінницька область",
     "Винницкая|Вінниця|Винница|Vinnytsia|Vinnitsa|Вінниччина|Винничина"),
    ("UA07000000000024379", "Волинська область", "Волынская|Волинь|Волынь|Volyn|Volhynia"),
    ("UA12000000000090473", "Дніпропетровська область",
     "Днепропетровская|Дніпро|Днепр|Dnipro|Dnipropetrovsk|Dnepropetrovsk|Січеславська|"
     "Дніпропетровщина|Днепропетровщина|Днепропетровск"),
    ("UA14000000000091971", "Донецька область",
     "Донецкая|Донецьк|Донецк|Donetsk|Донеччина|Донетчина|ДНР|DNR|DPR|"
     "Донецкая Народная Республика|Донецька народна республіка|Donetsk People's Republic|"
     "Сталинская|Сталінська"),
    ("UA18000000000041385", "Житомирська область",
     "Житомирская|Житомир|Zhytomyr|Zhitomir|Житомирщина"),
    ("UA21000000000011690", "Закарпатська область",
     "Закарпатская|Закарпаття|Закарпатье|Zakarpattia|Zakarpatska|Transcarpathia|Ужгород|Uzhhorod"),
    ("UA23000000000064947", "Запорізька область",
     "Запорожская|Запоріжжя|Запорожье|Zaporizhzhia|Zaporozhye|Zaporozhie|Zaporizhia|"
     "Запоріжчина"),
    ("UA26000000000069363", "Івано-Франківська область",
     "Ивано-Франковская|Івано-Франківськ|Ивано-Франковск|Ivano-Frankivsk|Прикарпаття|"
     "Станиславская|Станіславська"),
    (KYIV_OBLAST, "Київська область", "Киевская|Київщина|Киевщина|Kyivska|Kyiv oblast|Kiev oblast"),
    ("UA35000000000016081", "Кіровоградська область",
     "Кировоградская|Кропивницький|Кропивницкий|Kropyvnytskyi|Kirovohrad|Kirovograd|"
     "Кіровоград|Кировоград|Кіровоградщина"),
    ("UA44000000000018893", "Луганська область",
     "Луганская|Луганськ|Луганск|Luhansk|Lugansk|Луганщина|ЛНР|LNR|LPR|"
     "Луганская Народная Республика|Луганська народна республіка|Luhansk People's Republic|"
     "Ворошиловградская|Ворошиловградська"),
    ("UA46000000000026241", "Львівська область", "Львовская|Львів|Львов|Lviv|Lvov|Львівщина"),
    ("UA48000000000039575", "Миколаївська область",
     "Николаевская|Миколаїв|Николаев|Mykolaiv|Nikolaev|Nikolayev|Миколаївщина"),
    ("UA51000000000030770", "Одеська область",
     "Одесская|Одеса|Одесса|Odesa|Odessa|Одещина|Одесчина"),
    ("UA53000000000028050", "Полтавська область", "Полтавская|Полтава|Poltava|Полтавщина"),
    ("UA56000000000066151", "Рівненська область",
     "Ровенская|Ровненская|Рівне|Ровно|Rivne|Rovno|Рівненщина"),
    ("UA59000000000057109", "Сумська область", "Сумская|Суми|Сумы|Sumy|Сумщина"),
    ("UA61000000000060328", "Тернопільська область",
     "Тернопольская|Тернопіль|Тернополь|Ternopil|Тернопільщина"),
    ("UA63000000000041885", "Харківська область",
     "Харьковская|Харків|Харьков|Kharkiv|Kharkov|Харківщина|Харьковщина"),
    ("UA65000000000030969", "Херсонська область",
     "Херсонская|Херсон|Kherson|Херсонщина"),
    ("UA68000000000099709", "Хмельницька область",
     "Хмельницкая|Хмельницький|Хмельницкий|Khmelnytskyi|Khmelnitsky|Хмельниччина|"
     "Каменец-Подольская|Кам'янець-Подільська"),
    ("UA71000000000010357", "Черкаська область",
     "Черкасская|Черкаси|Черкассы|Cherkasy|Cherkassy|Черкащина"),
    ("UA73000000000044923", "Чернівецька область",
     "Черновицкая|Чернівці|Черновцы|Chernivtsi|Буковина|Bukovina"),
    ("UA74000000000025378", "Чернігівська область",
     "Черниговская|Чернігів|Чернигов|Chernihiv|Chernigov|Чернігівщина"),
    (KYIV_CITY, "Київ", "Киев|Kyiv|Kiev|Kyjiw|Kijów|місто Київ|город Киев"),
    ("UA85000000000065278", "Севастополь", "Sevastopol|Sebastopol"),
)  # fmt: skip

# Federal subjects of Russia (and Belarus), so that "Подольск, Московская обл." stays foreign.
# "Россия" alone is not among them: occupation records write it for occupied Ukrainian places
# (Керчь, Россия; Бахмут, Россия), so it says nothing about where the place is.
_FOREIGN = (
    "Беларусь|Білорусь|Belarus|"
    "Москва|Moscow|Московская|Moskovskaya|Санкт-Петербург|Ленинградская|Ростовская|Rostov|"
    "Краснодарский|Krasnodar|Белгородская|Belgorod|Воронежская|Курская|Брянская|Смоленская|"
    "Тульская|Калужская|Нижегородская|Свердловская|Челябинская|Оренбургская|Тюменская|"
    "Новосибирская|Омская|Пензенская|Самарская|Саратовская|Волгоградская|Астраханская|"
    "Ставропольский|Чеченская|Чечня|Дагестан|Татарстан|Башкортостан|Приморский|Хабаровский|"
    "Мурманская|Архангельская|Вологодская|Ярославская|Костромская|Ивановская|Владимирская|"
    "Рязанская|Липецкая|Тамбовская|Орловская|Псковская|Новгородская|Тверская|Кировская|"
    "Пермский|Удмуртская|Чувашская|Мордовия|Марий Эл|Ульяновская|Калининградская|Карелия|"
    "Коми|Адыгея|Кабардино-Балкарская|Северная Осетия|Ингушетия|Калмыкия|Красноярский|"
    "Иркутская|Кемеровская|Томская|Алтайский|Забайкальский|Амурская|Якутия|Камчатский|"
    "Сахалинская|Магаданская|Чукотский|Ханты-Мансийский|Ямало-Ненецкий|Курганская|Тыва|"
    "Хакасия|Бурятия|Еврейская|Минская|Гомельская|Брестская|Витебская|Могилевская|Гродненская"
)

_MARKER_TEXT = (
    "область області областю области областью обл oblast oblasti obl region reg регіон регіону "
    "регион региона "
    "province"
)
_GENERIC = _words(
    _MARKER_TEXT + " республіка республіки республика республики автономна автономної "
    "автономная автономной ар народна народної народная народной republic people's peoples "
    "people autonomous of the м г місто город city україна украина ukraine край краю krai "
    "россия росія рф russia russian federation российская федерация"
)
_MARKERS = _words(_MARKER_TEXT)
_TOKEN = re.compile(r"[^\W\d_]+(?:['-][^\W\d_]+)*")
_ADJECTIVAL = re.compile(r"(?:ts|s)?k(?:a|aia|i|oi|ogo|oe|e)?$")
_PARTS = re.compile(r"[,;()/]+")


def _stem(words: list[str]) -> tuple[str, bool]:
    """The folded stem of a region name and whether its last word was an adjective."""
    key = latin_key(" ".join(words))
    if not key:
        return "", False
    *head, last = key.split(" ")
    stem = _ADJECTIVAL.sub("", last) or last
    return " ".join([*head, stem]), stem != last


def _part_stem(part: str) -> tuple[str, bool]:
    words = _TOKEN.findall(part.lower())
    marked = any(w.strip(".") in _MARKERS for w in words)
    kept = [w for w in words if w not in _GENERIC]
    stem, adjective = _stem(kept)
    return stem, marked or adjective


def fold_region(text: str) -> str:
    """A region's name folded for matching: generic words and the adjectival ending dropped
    ("Тамбовская обл." and "Tambovskaya oblast" → "tambov")."""
    return _part_stem(text)[0]


@cache
def _index() -> tuple[dict[str, str], frozenset[str], dict[str, Region]]:
    index: dict[str, str] = {}
    regions: dict[str, Region] = {}
    for region_id, name, aliases in _REGIONS:
        regions[region_id] = Region(region_id, name, romanise_uk(name))
        for alias in (name, *aliases.split("|")):
            stem, _ = _part_stem(alias)
            owner = index.setdefault(stem, region_id)
            if {owner, region_id} == {KYIV_CITY, KYIV_OBLAST}:
                index[stem] = KYIV_CITY  # the oblast needs a marker: "Київська", "Kyiv oblast"
            elif owner != region_id:
                raise ValueError(f"region alias {alias!r} is ambiguous: {owner}, {region_id}")
    foreign = frozenset(_part_stem(alias)[0] for alias in _FOREIGN.split("|"))
    return index, foreign - set(index), regions


@lru_cache(maxsize=1 << 14)
def classify_region(text: str | None) -> tuple[str | None, bool]:
    """(Ukrainian region id or None, whether the text names a region outside Ukraine)."""
    cleaned = clean(text)
    if not cleaned:
        return None, False
    index, foreign, _ = _index()
    is_foreign = False
    for part in _PARTS.split(cleaned):
        stem, marked = _part_stem(part)
        region_id = index.get(stem)
        if region_id == KYIV_CITY and marked:
            region_id = KYIV_OBLAST  # "Київська", "Kyiv oblast", not the city
        if region_id is not None:
            return region_id, False
        is_foreign = is_foreign or stem in foreign
    return None, is_foreign


def region_key(text: str | None) -> str | None:
    """The KATOTTG code of the top-level unit `text` names, or None."""
    return classify_region(text)[0]


def resolve_region(text: str | None) -> Region | None:
    """The top-level unit `text` names ("ДНР", "Donetsk oblast", "Запорожская обл."), or None."""
    region_id = region_key(text)
    return None if region_id is None else _index()[2][region_id]


def region_by_id(region_id: str) -> Region | None:
    return _index()[2].get(region_id)


def all_region_ids() -> tuple[str, ...]:
    """The KATOTTG codes of Ukraine's top-level units (oblasts, Crimea, Kyiv, Sevastopol)."""
    return tuple(_index()[2])


def region_stem(region_id: str) -> str:
    """A short folded name of a region ("kherson", "donets", "krim"), for composite keys."""
    region = region_by_id(region_id)
    return "" if region is None else _part_stem(region.name_uk)[0]
