"""Normalisation that keeps what was said: pure functions, no database, no files.

Dates keep their precision ('YYYY', 'YYYY-MM' or 'YYYY-MM-DD'): a year stays a year and an
unknown day stays unknown. Sex comes from every local form. Text is NFC with its whitespace
collapsed. Anything that cannot be read raises ``Invalid``; nothing is guessed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from datetime import date, datetime
from functools import lru_cache

from ridni.errors import Invalid

# Years outside this range are typing errors for records about children and their sightings.
MIN_YEAR = 1900
MAX_YEAR = 2100


def clean_text(text: str | None) -> str | None:
    """NFC, every run of whitespace (any Unicode space, tab, newline) as one space, trimmed.

    Returns None for an empty or all-blank value.
    """
    if not text:
        return None
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    cleaned = " ".join(text.split())
    return cleaned or None


# --- dates -----------------------------------------------------------------------------------

# A day or month written as 00, XX or ?? is unknown: the date keeps only what is known.
_UNKNOWN = r"(?:xx|x|\?\?|\?)"
_PART = rf"(\d{{1,2}}|{_UNKNOWN})"
_DMY = re.compile(rf"^{_PART}[./]{_PART}[./](\d{{4}})$", re.I | re.A)
_MY = re.compile(r"^(\d{1,2})[./](\d{4})$", re.A)
_ISO = re.compile(rf"^(\d{{4}})(?:-{_PART}(?:-{_PART})?)?$", re.I | re.A)
_ISO_DATETIME = re.compile(
    r"^(\d{4}-\d{2}-\d{2})[T ]00:00(?::00(?:\.0+)?)?(?:Z|[+-]00:?00)?$", re.A
)


def parse_date(text: str | None, formats: Sequence[str] = ()) -> str | None:
    """Read a full or partial date; return 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD' (None if empty).

    Built in: ``YYYY-MM-DD``, ``YYYY-MM``, ``YYYY``, ``DD.MM.YYYY``, ``MM.YYYY`` (also with
    ``/``), with an unknown day or month written as 00, XX or ??. ``formats`` are strptime
    formats (from a mapping) tried before the built-in ``DD.MM.YYYY`` forms, which they then
    replace; the precision of a match follows the directives the format contains.
    """
    if text is None:
        return None
    return _parse_date_cached(text, tuple(formats))


@lru_cache(maxsize=65536)
def _parse_date_cached(text: str, formats: tuple[str, ...]) -> str | None:
    value = clean_text(text)
    if value is None:
        return None
    compact = value.replace(" ", "")  # "09. 03. 2014": spaces in a numeric date carry nothing
    iso = _parse_iso(compact)
    if iso is not None:
        return iso
    for fmt in formats:
        parsed = _parse_with_format(value, fmt)
        if parsed is not None:
            return parsed
    if not formats:
        dotted = _parse_dotted(compact)
        if dotted is not None:
            return dotted
    expected = ", ".join(formats) if formats else "YYYY-MM-DD, DD.MM.YYYY, YYYY-MM or YYYY"
    raise Invalid(f"cannot read date {value!r} (expected {expected})")


def _parse_iso(value: str) -> str | None:
    midnight = _ISO_DATETIME.match(value)
    if midnight:  # a spreadsheet's or an export's date at 00:00: the time says nothing
        value = midnight.group(1)
    match = _ISO.match(value)
    if not match:
        return None
    year, month, day = match.groups()
    return _compose(value, year, month, day)


def _parse_dotted(value: str) -> str | None:
    match = _DMY.match(value)
    if match:
        day, month, year = match.groups()
        return _compose(value, year, month, day)
    match = _MY.match(value)
    if match:
        month, year = match.groups()
        return _compose(value, year, month, None)
    return None


def _known(part: str | None) -> int | None:
    """The number of a day or month part, or None when it is absent or written as unknown."""
    if part is None or not part.isdigit() or int(part) == 0:
        return None
    return int(part)


def _compose(value: str, year_text: str, month_text: str | None, day_text: str | None) -> str:
    year = int(year_text)
    month = _known(month_text)
    day = _known(day_text)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise Invalid(f"date {value!r}: year {year} is outside {MIN_YEAR}-{MAX_YEAR}")
    if month is None:
        # A day without its month is not a date we can keep ("15.00.2014"): refuse it.
        if day is not None:
            raise Invalid(f"date {value!r} has a day but no month")
        return f"{year:04d}"
    if month > 12:
        raise Invalid(f"date {value!r}: there is no month {month}")
    if day is None:
        return f"{year:04d}-{month:02d}"
    try:
        date(year, month, day)
    except ValueError:
        raise Invalid(f"date {value!r} does not exist in the calendar") from None
    return f"{year:04d}-{month:02d}-{day:02d}"


def _parse_with_format(value: str, fmt: str) -> str | None:
    try:
        moment = datetime.strptime(value, fmt)
    except ValueError:
        return None
    if not MIN_YEAR <= moment.year <= MAX_YEAR:
        raise Invalid(f"date {value!r}: year {moment.year} is outside {MIN_YEAR}-{MAX_YEAR}")
    if "%d" in fmt or "%j" in fmt:
        return moment.strftime("%Y-%m-%d")
    if any(directive in fmt for directive in ("%m", "%b", "%B")):
        return moment.strftime("%Y-%m")
    return moment.strftime("%Y")


# --- sex -------------------------------------------------------------------------------------

_MALE = (
    "m", "male", "man", "boy", "masc", "masculine",
    "ч", "чол", "чоловіча", "чоловічий", "чоловік", "хлопчик", "хлопець", "син",
    "м", "муж", "мужской", "мужчина", "мальчик", "сын",
)  # fmt: skip
_FEMALE = (
    "f", "female", "woman", "girl", "fem", "feminine",
    "ж", "жін", "жіноча", "жіночий", "жінка", "дівчинка", "дівчина", "донька", "дочка",
    "жен", "женский", "женщина", "девочка", "дочь",
)  # fmt: skip
_UNKNOWN_SEX = (
    "?", "-", "--", "u", "unknown", "n/a", "na", "x",
    "невідомо", "невідома", "не відомо", "нев", "неизвестно", "неизв", "н/д",
)  # fmt: skip
_SEX = {form: "M" for form in _MALE} | {form: "F" for form in _FEMALE}
_SEX |= {form: None for form in _UNKNOWN_SEX}


def parse_sex(text: str | None) -> str | None:
    """'M', 'F' or None (empty or explicitly unknown); anything unrecognised raises Invalid."""
    value = clean_text(text)
    if value is None:
        return None
    key = value.casefold().rstrip(".")
    if key in _SEX:
        return _SEX[key]
    raise Invalid(f"cannot read sex {value!r} (expected M/F, ч/ж, м/ж, чол/жін, male/female…)")


# --- small fields ----------------------------------------------------------------------------

MAX_AGE = 120


def parse_age(text: str | None) -> int | None:
    """Whole years; '11', '11.0' (a spreadsheet's number) are 11. Never guessed from words."""
    value = clean_text(text)
    if value is None:
        return None
    if value.endswith(".0"):
        value = value[:-2]
    if not value.isdigit() or not value.isascii():
        raise Invalid(f"cannot read age {value!r} (expected whole years, e.g. 11)")
    age = int(value)
    if age > MAX_AGE:
        raise Invalid(f"age {age} is not plausible")
    return age


def clean_list(text: str | None, joiner: str) -> str | None:
    """A ';'-separated list with each item cleaned and empty items dropped."""
    if not text:
        return None
    items = [item for item in (clean_text(part) for part in text.split(";")) if item]
    return joiner.join(items) or None
