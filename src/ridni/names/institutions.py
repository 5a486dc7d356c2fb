"""Institution keys: one comparable form for an orphanage, children's home, school or camp.

"Херсонський обласний будинок дитини", "Херсонский областной дом ребенка" and "Kherson regional
children's home" all give "child home kherson regional". Each word becomes a token:
- a word of the small bilingual vocabulary below → its concept (будинок/дом/home → "home");
- a region's name or adjective → the region (Херсонський/Херсонской/Kherson → "kherson");
- anything else → the consonants of its latin_key with the case or adjectival ending cut
  (Маріупольський, Мариупольского, Mariupol → "mrpl"; Горлівська, Горловская → "grlv");
  numbers stay ("№ 5" → "5").
Legal-form and filler words (комунальний заклад, ГБУ, named after, of, the) are dropped. The
tokens are sorted and joined by a space, so word order does not matter; records that name more
or fewer parts of the same institution can be compared by token overlap.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from ridni.names.abroad import is_foreign_town_key
from ridni.names.keys import latin_key
from ridni.names.normalise import clean
from ridni.names.places import town_id
from ridni.names.regions import all_region_ids, classify_region, region_stem

__all__ = ["TOWN_TOKEN", "institution_in_ukraine", "institution_key", "ukrainian_place_tokens"]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# concept → stems in Ukrainian, Russian, English, German (matched as latin_key prefixes).
_VOCABULARY: dict[str, str] = {
    "child": "дитин дитяч діт дитя ребен ребён детск детей дети малютк немовл малят child "
             "kinder infant baby babies",
    "child home": "orphanage дитбудин детдом сиротин waisenhaus",
    "social rehab centre minor": "срцн",  # социально-реабилитационный центр несовершеннолетних
    "home": "будин дом home house haus heim",
    "orphan": "сирот orphan waisen",
    "boarding": "інтернат интернат boarding internat",
    "school": "школ school schule",
    "lyceum": "ліце лице lyceum lycee",
    "gymnasium": "гімназ гимназ gymnas",
    "college": "коледж колледж college",
    "kindergarten": "садок дитсад детсад ясл kindergarten nursery дошкільн дошкольн preschool",
    # the occupation authorities' "republican" homes are the former oblast ones
    "regional": "обласн областн regional oblast region республікан республикан republican",
    "psychology": "психолог psycholog",
    "city": "міськ городск city municipal муніципал муниципал stadt",
    "district": "районн district rayon raion",
    "special": "спеціал специал special корекц коррекц correction",
    "sanatorium": "санатор sanator",
    "rehab": "реабіліт реабилит rehabilit",
    "social": "соціальн социальн social",
    "centre": "центр center centre zentrum",
    "camp": "табір табор лагер camp",
    "health": "оздоров здоров health",
    "shelter": "притул приют shelter",
    "hospital": "лікарн больниц hospital клінік клиник clinic",
    "family": "сімейн семейн family",
    "education": "навчальн учебн освітн образоват виховн воспитат educational education",
    "general": "загальноосвіт общеобразоват general",
    "minor": "неповнолітн несовершеннолетн minor juvenile",
    "care": "опік опек care",
    "psychoneuro": "психоневр psychoneur",
    "military": "військов военн кадет military cadet",
    # Names that homes and kindergartens are given, translated on the other side's lists
    # (Маріупольський дитячий будинок «Сонечко» → Мариупольский детский дом «Солнышко»).
    "name-sun": "сонечк солнышк",
    "name-hope": "надія надежд",
    "name-birch": "берізк берёзк березк",
    "name-rainbow": "веселк радуг",
    "name-fairytale": "казк сказк",
    "name-dream": "мрія мечт",
    "name-swallow": "ластівк ласточк",
    "name-bell": "дзвіноч колокольч",
    "name-stork": "лелек аист",
    "name-spring": "джерельц родничок",
    "name-dawn": "світан рассвет",
}  # fmt: skip

_FILLER = _words(
    "комунальний комунальна комунальне коммунальный коммунальное коммунальная заклад "
    "закладу учреждение установа державний державна государственный государственное "
    "казенное казенный бюджетное бюджетный некомерційне підприємство предприятие enterprise "
    "institution establishment state communal municipal non-profit nonprofit кз кнп кзо гбу "
    "гку гбоу мбу огбу ду гу мку мкоу named after имени імені ім им for для of the and і "
    "та и no з с with по by ради совета council при типу типа type № м г с смт пгт"
)
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*|\d+")
# Case and adjectival endings cut from words outside the vocabulary (after latin_key).
_VOWELS = re.compile("[aeiou]")
_ENDING = re.compile(r"(?:sk|tsk)?(?:ogo|oho|omu|oi|ii|ikh|im|ie|aia|oe|ia|iu|a|e|i|u|o)$")


@cache
def _stems() -> tuple[tuple[str, str], ...]:
    pairs = [
        (latin_key(stem), concept)
        for concept, stems in _VOCABULARY.items()
        for stem in stems.split()
    ]
    return tuple(sorted(pairs, key=lambda pair: -len(pair[0])))


def _token(word: str) -> str | None:
    lower = word.lower()
    if lower in _FILLER:
        return None
    if lower.isdecimal():
        return str(int(lower))  # also ASCII for other scripts' digits
    if lower.endswith("'s"):
        lower = lower[:-2]
    key = latin_key(lower)
    if not key:
        return None
    for stem, concept in _stems():
        if key.startswith(stem):
            return concept
    region_id, _ = classify_region(lower)
    if region_id is not None:
        return _region_token(region_id)
    town = _town(lower)
    if town is not None:
        return town
    # A place-derived adjective differs between the languages in its vowels (Горлівська/
    # Горловская, Слов'янський/Славянский, Старобільський/Старобельский): keep consonants.
    stem = _ENDING.sub("", key)
    skeleton = _VOWELS.sub("", stem)
    return skeleton if len(skeleton) >= 3 else (stem if len(stem) >= 3 else key)


# A home named after its town uses the town's adjective, under the name each side uses
# (Покровський дитячий будинок, Красноармейский детский дом): both lead to the town's code.
_ADJECTIVE_ENDING = re.compile(
    "(?:ого|его|ому|ему|ими|ыми|ий|ій|ый|ая|яя|ое|ее|ої|ой|ей|ом|ем|им|ім|ым|их|іх|ых|ую|юю"
    "|а|я|е|є|у|ю|і|и)$"
)
_TOWN_SUFFIX = re.compile("(?:ськ|ск|цьк|цк|зьк|зк)$")
_NOUN_ENDINGS = ("", "ка", "а", "е", "о", "и", "і")


def _town_names(word: str) -> list[str]:
    """The town names ``word`` may be or come from: Маріупольський → Маріупольськ,
    Маріуполь; Горлівський → Горлівськ, Горлів, Горлівка; Покровськ → Покровськ;
    Сватівський → Сватове; Олешківський → Олешки; Алешкинский → Алешки."""
    names = [word]
    base = _ADJECTIVE_ENDING.sub("", word)
    if base != word and len(base) >= 4:
        names.append(base)
        stem = _TOWN_SUFFIX.sub("", base)
        if stem != base and len(stem) >= 4:
            for root in (stem, *_roots(stem)):
                names.extend(root + ending for ending in _NOUN_ENDINGS)
    return names


def _roots(stem: str) -> list[str]:
    """Other roots an adjective's stem may hide: Ukrainian turns the town's o into і before
    the suffix (Сватове → Сватівський) or adds -ів- (Олешки → Олешківський); Russian adds
    -ин- (Алешки → Алешкинский)."""
    if stem.endswith("ів"):
        return [stem[:-2] + "ов", stem[:-2]]
    if stem.endswith("ин"):
        return [stem[:-2]]
    return []


def _region_token(region_id: str) -> str:
    return region_stem(region_id).replace(" ", "-")


TOWN_TOKEN = "town-"  # a Ukrainian town in an institution key: "town-" and its KATOTTG code


def _town(word: str) -> str | None:
    """ "town-" and the KATOTTG code of the town ``word`` names, or None. A town abroad is
    not cut to a stem that a Ukrainian town may share (Самара, not Самар)."""
    if is_foreign_town_key(latin_key(word)):
        return None
    for name in _town_names(word):
        place_id = town_id(name)
        if place_id is not None:
            return TOWN_TOKEN + place_id
    return None


@lru_cache(maxsize=1 << 15)
def institution_key(text: str | None) -> str | None:
    """Sorted concept and name tokens of an institution's name; None when nothing is left."""
    cleaned = clean(text)
    if not cleaned:
        return None
    tokens: set[str] = set()
    for word in _WORD.findall(cleaned):
        token = _token(word)
        if token:
            tokens.update(token.split())
    return " ".join(sorted(tokens)) or None


@cache
def ukrainian_place_tokens() -> frozenset[str]:
    """The tokens of ``institution_key`` that name a region of Ukraine; a town of Ukraine is
    a token starting with "town-"."""
    return frozenset(_region_token(region_id) for region_id in all_region_ids())


def institution_in_ukraine(key: str | None) -> bool:
    """Whether an institution's key names a town or region of Ukraine (Маріупольський міський
    будинок дитини, Херсонский областной дом ребенка), as an origin institution does; not a
    placement in Russia (Дом ребёнка № 9, г. Самара) or one named by no place."""
    if not key:
        return False
    places = ukrainian_place_tokens()
    return any(token.startswith(TOWN_TOKEN) or token in places for token in key.split())
