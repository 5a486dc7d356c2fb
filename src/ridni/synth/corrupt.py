"""Noise channels: what hands, keyboards and clerks do to a name or a date.

Each function draws from the caller's random stream, so a world stays reproducible; the rates that
decide *whether* a channel fires live in ``Rates`` and are applied by the source writers.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

_ROWS = {
    "ua": ("йцукенгшщзхї", "фівапролджє", "ячсмитьбю"),
    "ru": ("йцукенгшщзхъ", "фывапролджэ", "ячсмитьбю"),
    "latin": ("qwertyuiop", "asdfghjkl", "zxcvbnm"),
}


def _neighbours(rows: tuple[str, ...]) -> dict[str, str]:
    found: dict[str, str] = {}
    for row in rows:
        for i, ch in enumerate(row):
            found[ch] = row[max(0, i - 1)] + row[min(len(row) - 1, i + 1)]
    return found


_NEIGHBOURS = {script: _neighbours(rows) for script, rows in _ROWS.items()}
_CYR_TO_LAT = {
    "а": "a",
    "е": "e",
    "о": "o",
    "р": "p",
    "с": "c",
    "у": "y",
    "х": "x",
    "і": "i",
    "А": "A",
    "В": "B",
    "Е": "E",
    "К": "K",
    "М": "M",
    "Н": "H",
    "О": "O",
    "Р": "P",
    "С": "C",
    "Т": "T",
    "Х": "X",
    "І": "I",
}
_LAT_TO_CYR = {lat: cyr for cyr, lat in _CYR_TO_LAT.items() if cyr not in "уУ"}
APOSTROPHE_FORMS = ("’", "ʼ", "`", '"', "ʹ", "")


def script_of(text: str) -> str:
    if any("a" <= ch.lower() <= "z" for ch in text):
        return "latin"
    return "ua" if any(ch in "іїєґІЇЄҐ'" for ch in text) else "ru"


def typo(text: str, rng: random.Random) -> str:
    """One edit: a neighbouring key, a dropped or doubled letter, or two letters swapped."""
    if len(text) < 3:
        return text
    position = rng.randrange(1, len(text))  # the first letter is rarely the one mistyped
    ch = text[position]
    if not ch.isalpha():
        return text
    roll = rng.random()
    if roll < 0.4:
        options = _NEIGHBOURS[script_of(text)].get(ch.lower(), "")
        if not options:
            return text
        new = rng.choice(options)
        return text[:position] + (new.upper() if ch.isupper() else new) + text[position + 1 :]
    if roll < 0.6:
        return text[:position] + text[position + 1 :]
    if roll < 0.75:
        return text[:position] + ch + text[position:]
    if position + 1 < len(text) and text[position + 1].isalpha():
        return text[:position] + text[position + 1] + ch + text[position + 2 :]
    return text[:position] + text[position + 1 :]


def homoglyph(text: str, rng: random.Random) -> str:
    """One letter replaced by its look-alike from the other script (і → i, e → е)."""
    table = _LAT_TO_CYR if script_of(text) == "latin" else _CYR_TO_LAT
    positions = [i for i, ch in enumerate(text) if ch in table]
    if not positions:
        return text
    i = rng.choice(positions)
    return text[:i] + table[text[i]] + text[i + 1 :]


def apostrophe_variant(text: str, rng: random.Random) -> str:
    if "'" not in text:
        return text
    return text.replace("'", rng.choice(APOSTROPHE_FORMS))


# --- dates ---------------------------------------------------------------------------------------
def swap_day_month(born: date) -> date:
    if born.day > 12 or born.day == born.month:
        return born
    return _safe_date(born.year, born.day, born.month) or born


def digit_error(born: date, rng: random.Random) -> date:
    """One digit of the written date changed (the result is still a valid date)."""
    for _ in range(10):
        text = list(born.strftime("%Y%m%d"))
        position = rng.choice((2, 3, 3, 5, 6, 7, 7))  # decade, year, month, day digits
        text[position] = str(rng.randrange(10))
        year, month, day = int("".join(text[:4])), int("".join(text[4:6])), int("".join(text[6:]))
        candidate = _safe_date(year, month, day)
        if candidate and candidate != born and 1995 <= candidate.year <= 2024:
            return candidate
    return born


def year_off_by_one(born: date, rng: random.Random) -> date:
    year = born.year + rng.choice((-1, 1))
    return _safe_date(year, born.month, born.day) or _safe_date(year, born.month, 28) or born


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def format_date(value: date, *, style: str, precision: str = "day") -> str:
    """``precision`` day/month/year; partial dates are always ISO-like (YYYY-MM, YYYY)."""
    if precision == "year":
        return f"{value.year:04d}"
    if precision == "month":
        return f"{value.year:04d}-{value.month:02d}"
    if style == "dmy":
        return value.strftime("%d.%m.%Y")
    return value.isoformat()


def shift_days(value: date, days: int) -> date:
    return value + timedelta(days=days)
