"""Spreadsheet formula injection: the one escaping rule for every human-facing export.

A cell whose text starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is run as a
formula by spreadsheet programs (a name such as ``=HYPERLINK(...)`` in a source would become a
link on a negotiator's screen). Such a cell gets a leading single quote, which spreadsheets show
as text. A value that itself starts with a quote gets one too, so :func:`unescape_cell` restores
every value exactly (exported files can be read back and checked against their hash).
"""

from __future__ import annotations

from typing import Any

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"


def safe_cell(value: Any) -> str:
    """The text of ``value`` as it may go into a CSV or XLSX cell."""
    text = "" if value is None else str(value)
    if text.startswith(TRIGGERS) or text.startswith(QUOTE):
        return QUOTE + text
    return text


def unescape_cell(text: str | None) -> str:
    """The original value of a cell written by :func:`safe_cell`."""
    text = text or ""
    if text.startswith(QUOTE) and (text[1:].startswith(TRIGGERS) or text[1:].startswith(QUOTE)):
        return text[1:]
    return text
