"""Ukrainian and English: message catalogues and date formats.

Every string a page shows is a key in ``locales/uk.json`` and ``locales/en.json`` (a test checks
the two have the same keys and that templates hold no untranslated text). Dates keep their
precision: a year stays a year, a month a month.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

LANGUAGES = ("uk", "en")
DEFAULT_LANGUAGE = "uk"
COOKIE = "ridni_lang"
LOCALES = Path(__file__).parent / "locales"

try:
    DISPLAY_TZ: Any = ZoneInfo("Europe/Kyiv")
except ZoneInfoNotFoundError:  # a machine without tzdata: show UTC rather than fail
    DISPLAY_TZ = UTC


@lru_cache(maxsize=len(LANGUAGES))
def catalogue(lang: str) -> dict[str, str]:
    with (LOCALES / f"{lang}.json").open(encoding="utf-8") as fh:
        data: dict[str, str] = json.load(fh)
    return data


def translator(lang: str) -> Callable[..., str]:
    messages = catalogue(lang if lang in LANGUAGES else DEFAULT_LANGUAGE)

    def t(key: str, **values: Any) -> str:
        text = messages.get(key)
        if text is None:
            return f"[{key}]"  # visible, so a missing key is noticed; the parity test fails
        return text.format(**values) if values else text

    return t


def pick_language(cookie: str | None, accept_language: str | None) -> str:
    if cookie in LANGUAGES:
        return cookie  # type: ignore[return-value]
    for part in (accept_language or "").split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in LANGUAGES:
            return code
        if code == "ru":  # Russian-language browsers in Ukraine: Ukrainian UI
            return "uk"
    return DEFAULT_LANGUAGE


def format_date(value: str | date | datetime | None, lang: str) -> str:
    """'2014-03-09' → '09.03.2014' (uk) / '9 March 2014' (en); '2014-03' → 'березень 2014'."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        value = value.isoformat()
    parts = str(value).split("-")
    try:
        numbers = [int(p) for p in parts]
    except ValueError:
        return str(value)
    months = catalogue(lang if lang in LANGUAGES else DEFAULT_LANGUAGE)
    if len(numbers) == 1:
        return f"{numbers[0]:04d}"
    if len(numbers) == 2:
        return f"{months[f'month.{numbers[1]}']} {numbers[0]:04d}"
    year, month, day = numbers[:3]
    if lang == "uk":
        return f"{day:02d}.{month:02d}.{year:04d}"
    return f"{day} {months[f'month.{month}.of']} {year:04d}"


def format_datetime(value: datetime | None, lang: str) -> str:
    if value is None:
        return ""
    aware = value.replace(tzinfo=UTC) if value.tzinfo is None else value
    local = aware.astimezone(DISPLAY_TZ)
    return f"{format_date(local.date(), lang)} {local:%H:%M:%S}"


def format_number(value: int | float | None, lang: str) -> str:
    if value is None:
        return ""
    text = f"{value:,}" if isinstance(value, int) else f"{value:,.2f}"
    # Ukrainian groups digits with a (narrow no-break) space and uses a decimal comma.
    if lang == "uk":
        return text.replace(",", "\u202f").replace(".", ",")
    return text
