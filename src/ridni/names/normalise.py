"""Clean-up of a raw name or place string before any key is computed.

`clean` fixes what typists and OCR do to names without changing what was written: Unicode
compatibility forms, the dozen apostrophe look-alikes, Latin letters typed inside Cyrillic words
(and the reverse), stray punctuation at the ends, runs of whitespace. It keeps case, so its output
can still be shown to a person.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["APOSTROPHE", "clean", "normalise_apostrophes"]

APOSTROPHE = "'"

# Every character people use for the Ukrainian apostrophe (and the MVD-310 hard sign `"`):
# ASCII ', right quote ’, modifier letter apostrophe ʼ, backtick, modifier prime ʹ, prime ′,
# left quote ‘, acute ´, reversed comma ‛, fullwidth ＇, double quote ".
_APOSTROPHES = "'’ʼ`ʹ′‘´‛＇\"″ˈ"
_DASHES = "‐‑‒–—―−"
_INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"

_CHAR_MAP = str.maketrans(
    {
        **{c: APOSTROPHE for c in _APOSTROPHES},
        **{c: "-" for c in _DASHES},
        **{c: None for c in _INVISIBLE},
    }
)

# Look-alike pairs. A word written mostly in one script gets the other script's look-alikes
# converted. Lower-case m, t, h, b do not really look like м, т, н, в, but keyboard-layout slips
# produce them inside Cyrillic words often enough to be worth folding.
_LATIN_TO_CYRILLIC = {
    "a": "а", "A": "А", "B": "В", "b": "в", "c": "с", "C": "С", "e": "е", "E": "Е",
    "H": "Н", "h": "н", "i": "і", "I": "І", "K": "К", "k": "к", "M": "М", "m": "м",
    "O": "О", "o": "о", "P": "Р", "p": "р", "T": "Т", "t": "т", "X": "Х", "x": "х",
    "y": "у", "Y": "У", "ï": "ї", "Ï": "Ї", "ë": "ё", "Ë": "Ё",
}  # fmt: skip
_CYRILLIC_TO_LATIN = {
    "а": "a", "А": "A", "В": "B", "в": "b", "с": "c", "С": "C", "е": "e", "Е": "E",
    "Н": "H", "н": "h", "і": "i", "І": "I", "К": "K", "к": "k", "М": "M", "м": "m",
    "О": "O", "о": "o", "Р": "P", "р": "p", "Т": "T", "т": "t", "Х": "X", "х": "x",
    "у": "y", "У": "Y", "ј": "j", "Ј": "J", "ѕ": "s", "Ѕ": "S", "ї": "ï", "Ї": "Ï",
}  # fmt: skip
_TO_CYRILLIC = str.maketrans(_LATIN_TO_CYRILLIC)
_TO_LATIN = str.maketrans(_CYRILLIC_TO_LATIN)

_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*")
_HAS_LATIN = re.compile("[A-Za-z\u00c0-\u024f]")
_HAS_CYRILLIC = re.compile("[\u0400-\u052f]")
_LOOSE_APOSTROPHE = re.compile(r"(?<![^\W\d_])'|'(?![^\W\d_])")
_BRACKETS = {"(": ")", "[": "]", "{": "}", "«": "»", "<": ">"}
_CLOSERS = {v: k for k, v in _BRACKETS.items()}


def _is_cyrillic(char: str) -> bool:
    return "\u0400" <= char <= "\u052f"


def _is_latin(char: str) -> bool:
    return char.isascii() or "\u00c0" <= char <= "\u024f"


def _fix_word_script(match: re.Match[str]) -> str:
    """Convert the minority script's look-alike letters to the word's majority script."""
    word = match.group(0)
    cyrillic = latin = 0
    for char in word:
        if char == APOSTROPHE:
            continue
        if _is_cyrillic(char):
            cyrillic += 1
        elif _is_latin(char):
            latin += 1
    if not cyrillic or not latin:
        return word
    # Ties go to Cyrillic: the names this project handles are Ukrainian and Russian.
    if cyrillic >= latin:
        return word.translate(_TO_CYRILLIC)
    return word.translate(_TO_LATIN)


def normalise_apostrophes(text: str) -> str:
    """NFKC plus one apostrophe, one hyphen and no invisible characters."""
    return unicodedata.normalize("NFKC", text).translate(_CHAR_MAP)


def _strip_ends(text: str) -> str:
    """Drop punctuation at both ends; unwrap "(Саша)"; keep brackets balanced inside."""
    changed = True
    while text and changed:
        changed = False
        text = text.strip()
        if not text:
            break
        first, last = text[0], text[-1]
        if not first.isalnum() and first not in _BRACKETS:
            text, changed = text[1:], True
        elif not last.isalnum() and last not in _CLOSERS:
            text, changed = text[:-1], True
        elif len(text) >= 2 and _BRACKETS.get(first) == last:
            text, changed = text[1:-1], True
        elif first in _BRACKETS and _BRACKETS[first] not in text:
            text, changed = text[1:], True
        elif last in _CLOSERS and _CLOSERS[last] not in text:
            text, changed = text[:-1], True
    return text


@lru_cache(maxsize=1 << 17)
def clean(text: str | None) -> str:
    """The cleaned form of `text`, or "" for None or blank.

    NFKC; every apostrophe form to ``'``; look-alike letters folded into the word's majority
    script; whitespace collapsed; stray punctuation stripped at the ends ("К." → "К",
    "(Саша)" → "Саша", "Sasha," → "Sasha"). Case is kept.
    """
    if not text:
        return ""
    ascii_only = text.isascii()
    if not ascii_only:
        text = normalise_apostrophes(text)
    elif '"' in text or "`" in text:
        text = text.translate(_CHAR_MAP)
    # A word's own apostrophes stay; one not between two letters is a quote mark or noise.
    if APOSTROPHE in text:
        text = _LOOSE_APOSTROPHE.sub("", text)
    if not ascii_only and _HAS_LATIN.search(text) and _HAS_CYRILLIC.search(text):
        text = _WORD.sub(_fix_word_script, text)
    text = " ".join(text.split())
    if text and not (text[0].isalnum() and text[-1].isalnum()):
        text = " ".join(_strip_ends(text).split())
    return text
