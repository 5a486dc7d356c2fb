"""One router per area. To add an area: write ``routes/<area>.py`` with a ``router`` and list
it in ``AREAS`` (see docs/web.md)."""

from __future__ import annotations

from importlib import import_module

from fastapi import APIRouter

AREAS = [
    "auth",
    "dashboard",
    "search",
    "persons",
    "sources",
    "imports",
    "audit",
    "admin",
    "account",
    "apidocs",
    "review",
    "cases",
    "lists",
    "channels",
    "stats",
    "linking",
    "api_v1",
]


def all_routers() -> list[APIRouter]:
    return [import_module(f"ridni.web.routes.{area}").router for area in AREAS]
