"""CLI commands, one module a room. Each module has ``register(app)``.

A room's module is imported only when one of its commands runs: ``ridni link`` need not load
the migrations, the web or the password hasher (start-up 3.0 s -> 2.2 s on a two-core machine).
Add a room to ``ROOMS`` with the top-level names its ``register`` adds (a test checks them).
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from types import ModuleType

ROOMS: dict[str, tuple[str, ...]] = {
    "db": ("init",),
    "ingest": ("import", "import-world", "sources", "records", "show"),
    "linkage": ("link", "persons", "person", "explain"),
    "exports": ("export",),
    "users": ("users", "orgs", "tokens"),
    "audit": ("audit",),
    "web": ("serve", "demo-users"),
    "synth": ("synth",),
    "cases": ("review", "case"),
    "lists": ("stats", "demo-cases", "channels", "list"),
}

# Options of the root command that take a value (the command's name comes after it).
_VALUED_ROOT_OPTIONS = ("--db",)


def room_module(room: str) -> ModuleType:
    return importlib.import_module(f"ridni.commands.{room}")


def rooms_for(args: Sequence[str]) -> list[str]:
    """The rooms a command line needs: its command's room, or every room when it names none
    that is known (``--help``, no command, a mistyped one: the full list is what helps)."""
    command = _command_name(args)
    for room, names in ROOMS.items():
        if command in names:
            return [room]
    return list(ROOMS)


def _command_name(args: Sequence[str]) -> str | None:
    skip = False
    for arg in args:
        if skip:
            skip = False
        elif arg in _VALUED_ROOT_OPTIONS:
            skip = True
        elif not arg.startswith("-"):
            return arg
    return None
