"""Official and conventional romanisations of Ukrainian and Russian.

Ukrainian tables come from `translitua`, Russian ones from `iuliia`, with package bugs fixed:
- iuliia's MVD-310 French scheme loses the capital of a word-initial кс (Ксения → "xeniia");
- iuliia's BGN/PCGN scheme writes ё as the Cyrillic letter itself (Соловьёв → "Solov’yёv")
  where BGN/PCGN has ë;
- iuliia capitalises only the first letter of a multi-letter output, so a word in capitals
  (КСЕНИЯ, as in a passport) came out "KSENIIa";
- translitua's BGN/PCGN 1965 omits the z·h separator for зг (Згурський → "Zhurs'kyy");
- translitua keeps mixed case in a word in capitals unless the whole text is in capitals
  ("ЮЛІЯ Коваленко" → "YuLIIa Kovalenko").
"""

from __future__ import annotations

import re
from functools import lru_cache

import iuliia
import translitua

from ridni.names.normalise import normalise_apostrophes

__all__ = ["SYSTEMS_RU", "SYSTEMS_UK", "romanise_ru", "romanise_uk"]

# Ukrainian: KMU No. 55 (2010, passports and BGN/PCGN since 2019), passport 2007-2010,
# BGN/PCGN 1965, German (Duden) and French conventions.
_UK_TABLES = {
    "kmu2010": translitua.UkrainianKMU,
    "passport2007": translitua.UkrainianPassport2007,
    "bgn1965": translitua.UkrainianBGN,
    "german": translitua.UkrainianGerman,
    "french": translitua.UkrainianFrench,
}
# Russian: ICAO 9303 (passports 2014+), GOST R 52535.1-2006 (2010-2014), MVD order 310
# (1997-2010), the Soviet/MVD French scheme, BGN/PCGN (press, UN).
_RU_SCHEMAS = {
    "icao2013": iuliia.ICAO_DOC_9303,
    "gost2006": iuliia.GOST_52535,
    "mvd310": iuliia.MVD_310,
    "french": iuliia.MVD_310_FR,
    "bgn": iuliia.BGN_PCGN,
}
SYSTEMS_UK: tuple[str, ...] = tuple(_UK_TABLES)
SYSTEMS_RU: tuple[str, ...] = tuple(_RU_SCHEMAS)

_CYRILLIC_WORD = re.compile(r"[\u0400-\u052f]+(?:'[\u0400-\u052f]+)*")
_BGN_YO = str.maketrans({"ё": "ë", "Ё": "Ë"})
_ZH_CLUSTER = re.compile("([зЗ])([гГ])")


def _unknown(system: str, known: tuple[str, ...]) -> ValueError:
    return ValueError(f"unknown romanisation system {system!r}; expected one of {known}")


@lru_cache(maxsize=1 << 16)
def romanise_uk(text: str, system: str = "kmu2010") -> str:
    """Ukrainian Cyrillic in Latin letters by `system` (one of `SYSTEMS_UK`)."""
    table = _UK_TABLES.get(system)
    if table is None:
        raise _unknown(system, SYSTEMS_UK)
    if not text:
        return ""
    text = normalise_apostrophes(text)
    if system == "bgn1965":
        # BGN/PCGN 1965 writes зг as z·h so that it cannot be read as ж; translitua omits the dot.
        text = _ZH_CLUSTER.sub(lambda m: m.group(1) + "·" + m.group(2), text)
    # translitua upper-cases its output only when the whole text is in capitals, so a
    # surname in capitals before a given name came out "YuLIIa Kovalenko"; go word by word.
    return _CYRILLIC_WORD.sub(lambda m: _romanise_uk_word(m.group(0), table), text)


def _romanise_uk_word(word: str, table: type) -> str:
    latin = translitua.translit(word, table)
    return latin.upper() if len(word) > 1 and word.isupper() else latin


def _romanise_ru_word(word: str, schema: object, system: str) -> str:
    latin = schema.translate(word)  # type: ignore[attr-defined]
    if len(word) > 1 and word.isupper():
        # iuliia capitalises only the first letter of a multi-letter output (Я → "Ia"), so a
        # passport in capitals, КСЕНИЯ, came out "KSENIIa".
        return latin.upper()
    if word[:1].isupper() and latin[:1].islower():
        # MVD-310 French: Ксения → "xeniia", its кс→x rule keys on the lower-case pair.
        latin = latin[:1].upper() + latin[1:]
    if system == "bgn":
        latin = latin.translate(_BGN_YO)
    return latin


@lru_cache(maxsize=1 << 16)
def romanise_ru(text: str, system: str = "icao2013") -> str:
    """Russian Cyrillic in Latin letters by `system` (one of `SYSTEMS_RU`)."""
    schema = _RU_SCHEMAS.get(system)
    if schema is None:
        raise _unknown(system, SYSTEMS_RU)
    if not text:
        return ""
    text = normalise_apostrophes(text)
    return _CYRILLIC_WORD.sub(lambda m: _romanise_ru_word(m.group(0), schema, system), text)
