"""Which script, and for Cyrillic which language, a name is written in."""

from __future__ import annotations

import re
from functools import lru_cache

from ridni.names.normalise import clean

__all__ = ["SCRIPTS", "detect_script"]

SCRIPTS = ("uk", "ru", "cyrillic", "latin", "mixed", "empty")

_UK_LETTERS = frozenset("іїєґІЇЄҐ")
_RU_LETTERS = frozenset("ыэъёЫЭЪЁ")

# Spellings one language has and the other does not:
# - Ukrainian: an apostrophe inside a Cyrillic word (Russian writes ъ/ь: Мар'яна / Марьяна),
#   ьо (Russian ё: Льоша / Лёша), -ськ-/-цьк- (Russian -ск-/-цк-: Бахмутський / Бахмутский).
# - Russian: ь before a vowel letter (Наталья, Васильев; Ukrainian has the apostrophe or
#   drops it), -ский/-цкий/-ская/-цкая (Ukrainian -ський/-ська).
_UK_PATTERN = re.compile(r"[а-яґєії]'[а-яґєії]|ьо|[сц]ьк", re.IGNORECASE)
_RU_PATTERN = re.compile(r"ь[еяюи]|[сц]к(?:ий|ая|ое|ого|ому)\b", re.IGNORECASE)


def _is_cyrillic(char: str) -> bool:
    return "\u0400" <= char <= "\u052f"


@lru_cache(maxsize=1 << 16)
def detect_script(text: str | None) -> str:
    """One of "uk", "ru", "cyrillic" (Cyrillic, language unknown), "latin", "mixed", "empty".

    Look-alike letters are folded by `clean` first, so "Oлександр" typed with a Latin O is
    Ukrainian, not mixed; "mixed" means whole words in both scripts.
    """
    cleaned = clean(text)
    cyrillic = latin = False
    for char in cleaned:
        if not char.isalpha():
            continue
        if _is_cyrillic(char):
            cyrillic = True
        else:
            latin = True
    if cyrillic and latin:
        return "mixed"
    if latin:
        return "latin"
    if not cyrillic:
        return "empty"
    letters = set(cleaned)
    uk = bool(letters & _UK_LETTERS) or bool(_UK_PATTERN.search(cleaned))
    ru = bool(letters & _RU_LETTERS) or bool(_RU_PATTERN.search(cleaned))
    if uk and not ru:
        return "uk"
    if ru and not uk:
        return "ru"
    return "cyrillic"
