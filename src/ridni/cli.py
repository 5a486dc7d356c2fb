"""The ``ridni`` command: a thin shell that assembles each room's commands.

Commands parse arguments, open a unit of work, call a service and render the result with Rich.
The commands themselves live in ``ridni.commands.<room>``; errors are translated here, once.
The console entry point loads only the room of the command it runs (see ``ridni.commands``);
``app`` (for tests and ``python -m ridni``) has every room.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import Any

import typer
from rich.console import Console

from ridni.commands import ROOMS, room_module, rooms_for
from ridni.config import get_settings
from ridni.errors import Forbidden, Invalid, NotFound, RidniError
from ridni.wiring import connect_rooms


def _main(
    db: str = typer.Option(
        None, "--db", envvar="RIDNI_DATABASE_URL", help="Database URL (default sqlite:///ridni.db)."
    ),
) -> None:
    if db:
        import os

        os.environ["RIDNI_DATABASE_URL"] = db
        get_settings.cache_clear()


def build_app(rooms: Iterable[str] = ROOMS) -> typer.Typer:
    """The ``ridni`` command with the commands of ``rooms``."""
    connect_rooms()
    app = typer.Typer(
        name="ridni",
        help="Find, verify and bring home children deported or forcibly displaced in war.",
        no_args_is_help=True,
        pretty_exceptions_enable=False,
    )
    app.callback()(_main)
    for room in rooms:
        room_module(room).register(app)
    return app


def __getattr__(name: str) -> Any:
    # ``from ridni.cli import app``: built on first use, so that the entry point, which builds
    # its own, does not import every room.
    if name == "app":
        app = build_app()
        globals()["app"] = app
        return app
    raise AttributeError(name)


EXIT_CODES: dict[type[RidniError], int] = {Invalid: 2, NotFound: 3, Forbidden: 4}


def main() -> None:
    """Console entry point: run the app and turn ridni's errors into messages and exit codes."""
    try:
        build_app(rooms_for(sys.argv[1:]))()
    except RidniError as exc:
        Console(stderr=True).print(f"[bold red]error:[/] {exc}", markup=True, highlight=False)
        sys.exit(next((c for t, c in EXIT_CODES.items() if isinstance(exc, t)), 1))
