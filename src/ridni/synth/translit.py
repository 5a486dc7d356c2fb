"""Romanisation systems as sources use them (names.md §1, translit_tables.md).

Ukrainian forms: KMU 2010, Passport 2007, BGN/PCGN 1965, German, French (``translitua``), Polish
practice and a unidecode-like hybrid (tables below). Russian forms: ICAO 9303, GOST R 52535.1,
MVD 310, Soviet/MVD French, BGN/PCGN (``iuliia``) and simplified German (table below).
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from datetime import date

import iuliia
import translitua

from ridni.synth.russify import normalise_apostrophes

UA_SYSTEMS = (
    "ua_kmu2010",
    "ua_passport2007",
    "ua_bgn1965",
    "ua_german",
    "ua_french",
    "ua_polish",
    "ua_unidecode",
)
RU_SYSTEMS = ("ru_icao", "ru_gost2006", "ru_mvd310", "ru_soviet_french", "ru_bgn", "ru_german")

_VOWELS = set("аеєиіїоуюяыэё")


def _table_romaniser(
    table: dict[str, str], iotated: dict[str, tuple[str, str]]
) -> Callable[[str], str]:
    """Letter-by-letter romanisation; ``iotated`` letters differ at word start/after vowels."""

    def romanise(text: str) -> str:
        return re.sub(r"[^\W\d_]+", lambda m: _word(m.group(0)), text)

    def _word(word: str) -> str:
        out = []
        previous = ""
        for ch in word:
            low = ch.lower()
            if low in iotated:
                initial, medial = iotated[low]
                piece = (
                    initial
                    if (not previous or previous in _VOWELS or previous in "ьъ'")
                    else medial
                )
            else:
                piece = table.get(low, low)
            out.append(piece.capitalize() if ch.isupper() and piece else piece)
            previous = low
        result = "".join(out)
        return result.upper() if word.isupper() and len(word) > 1 else result

    return romanise


_POLISH_LETTERS = _table_romaniser(
    {
        "а": "a",
        "б": "b",
        "в": "w",
        "г": "h",
        "ґ": "g",
        "д": "d",
        "е": "e",
        "ж": "ż",
        "з": "z",
        "и": "y",
        "і": "i",
        "ї": "ji",
        "й": "j",
        "к": "k",
        "л": "l",
        "м": "m",
        "н": "n",
        "о": "o",
        "п": "p",
        "р": "r",
        "с": "s",
        "т": "t",
        "у": "u",
        "ф": "f",
        "х": "ch",
        "ц": "c",
        "ч": "cz",
        "ш": "sz",
        "щ": "szcz",
        "ь": "",
        "'": "",
    },
    {"є": ("je", "ie"), "ю": ("ju", "iu"), "я": ("ja", "ia")},
)


def _polish(text: str) -> str:
    return _POLISH_LETTERS(text.replace("'", ""))


# What generic "Cyrillic to ASCII" pipelines do to Ukrainian: Russian-biased (Dmitro, Ievgeniia).
_UNIDECODE_LIKE = _table_romaniser(
    {
        "а": "a",
        "б": "b",
        "в": "v",
        "г": "g",
        "ґ": "g",
        "д": "d",
        "е": "e",
        "є": "ie",
        "ж": "zh",
        "з": "z",
        "и": "i",
        "і": "i",
        "ї": "yi",
        "й": "i",
        "к": "k",
        "л": "l",
        "м": "m",
        "н": "n",
        "о": "o",
        "п": "p",
        "р": "r",
        "с": "s",
        "т": "t",
        "у": "u",
        "ф": "f",
        "х": "kh",
        "ц": "ts",
        "ч": "ch",
        "ш": "sh",
        "щ": "shch",
        "ь": "'",
        "ю": "iu",
        "я": "ia",
        "'": "'",
    },
    {},
)
_GERMAN_RU_TABLE = {
    "а": "a",
    "б": "b",
    "в": "w",
    "г": "g",
    "д": "d",
    "ж": "sch",
    "з": "s",
    "и": "i",
    "й": "j",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "ch",
    "ц": "z",
    "ч": "tsch",
    "ш": "sch",
    "щ": "schtsch",
    "ъ": "",
    "ы": "y",
    "ь": "",
    "э": "e",
    "ю": "ju",
    "я": "ja",
    "ё": "jo",
}
_GERMAN_RU_LETTERS = _table_romaniser(_GERMAN_RU_TABLE, {"е": ("je", "e")})


def _german_ru(text: str) -> str:
    """Simplified Duden: -ий/-ый → i/y at the end, кс → x, с between vowels → ss."""
    text = re.sub(r"(?<=[а-яё])ий\b", "и", text)
    text = re.sub(r"(?<=[а-яё])ый\b", "ы", text)
    text = re.sub(r"(?<=[аеиоуыэюяё])с(?=[аеиоуыэюяё])", "сс", text)
    text = re.sub(r"(?<=[аеиоуыэюяё])кс", "x", text)
    return _GERMAN_RU_LETTERS(text)


def _iuliia(schema: iuliia.Schema) -> Callable[[str], str]:
    def romanise(text: str) -> str:
        words = []
        for word in text.split(" "):
            latin = schema.translate(word)
            # iuliia's MVD-310-fr drops the capital of a word-initial кс (Ксения → xeniia).
            if word[:1].isupper() and latin[:1].islower():
                latin = latin[:1].upper() + latin[1:]
            words.append(latin.replace("ё", "ë").replace("Ё", "Ë"))
        return " ".join(words)

    return romanise


def _translitua(table: type) -> Callable[[str], str]:
    def romanise(text: str) -> str:
        # translitua mishandles ALL-CAPS words with iotated letters (ЛУК'ЯНЕНКО → LUKIaNENKO).
        return " ".join(
            translitua.translit(word.title(), table).upper()
            if word.isupper() and len(word) > 1
            else translitua.translit(word, table)
            for word in text.split(" ")
        )

    return romanise


_SYSTEMS: dict[str, Callable[[str], str]] = {
    "ua_kmu2010": _translitua(translitua.UkrainianKMU),
    "ua_passport2007": _translitua(translitua.UkrainianPassport2007),
    "ua_bgn1965": _translitua(translitua.UkrainianBGN),
    "ua_german": _translitua(translitua.UkrainianGerman),
    "ua_french": _translitua(translitua.UkrainianFrench),
    "ua_polish": _polish,
    "ua_unidecode": _UNIDECODE_LIKE,
    "ru_icao": _iuliia(iuliia.ICAO_DOC_9303),
    "ru_gost2006": _iuliia(iuliia.GOST_52535),
    "ru_mvd310": _iuliia(iuliia.MVD_310),
    "ru_soviet_french": _iuliia(iuliia.MVD_310_FR),
    "ru_bgn": _iuliia(iuliia.BGN_PCGN),
    "ru_german": _german_ru,
}
_cache: dict[tuple[str, str], str] = {}


def romanise(text: str, system: str) -> str:
    """``text`` (Ukrainian for ``ua_*`` systems, Russian for ``ru_*``) in Latin script."""
    if not text:
        return text
    key = (system, text)
    found = _cache.get(key)
    if found is None:
        found = _SYSTEMS[system](normalise_apostrophes(text))
        if len(_cache) < 200_000:
            _cache[key] = found
    return found


# Which systems open sources use (names.md §5 "Transliteration system chosen by source and date").
_OSINT_WEIGHTS = {
    "ua_kmu2010": 0.25,
    "ru_bgn": 0.20,
    "ru_icao": 0.10,
    "ua_unidecode": 0.10,
    "ua_polish": 0.08,
    "ru_german": 0.07,
    "ua_bgn1965": 0.05,
    "ru_soviet_french": 0.05,
    "ua_german": 0.05,
    "ua_french": 0.05,
}


def osint_system(rng: random.Random) -> str:
    return rng.choices(list(_OSINT_WEIGHTS), list(_OSINT_WEIGHTS.values()))[0]


def document_system(rng: random.Random, born: date, *, russian_document: bool) -> str:
    """The system of a travel document issued some year after birth, by issuing state and era."""
    issued = rng.randint(max(born.year, 2006), 2024)
    if russian_document:
        if issued >= 2014:
            return "ru_icao"
        return "ru_gost2006" if issued >= 2010 else "ru_mvd310"
    return "ua_kmu2010" if issued >= 2010 else "ua_passport2007"
