"""Helpers shared by the review, case, channel, list and statistics pages."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import Depends, Request

from ridni.errors import Invalid
from ridni.web.rendering import EXTRA_NAV


def add_nav(href: str, label: str, action: str) -> None:
    """A menu entry, shown to those allowed ``action`` (once, however often a module loads)."""
    entry = {"href": href, "label": label, "action": action}
    if entry not in EXTRA_NAV:
        EXTRA_NAV.append(entry)


async def _form_fields(request: Request) -> dict[str, str]:
    """Every text field of a form whose field names are not known in advance."""
    if request.method == "GET":
        return {}
    form = await request.form()
    return {k: v for k, v in form.items() if isinstance(v, str)}


FormFields = Annotated[dict[str, str], Depends(_form_fields)]


def form_date(text: str | None, field: str) -> date | None:
    text = (text or "").strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise Invalid(f"{text!r} is not a date (YYYY-MM-DD)", field=field) from exc


def form_int(text: str | None, field: str) -> int | None:
    text = (text or "").strip()
    if not text:
        return None
    if not text.isdigit() or len(text) > 9:
        raise Invalid(f"{text!r} is not a number", field=field)
    return int(text)
