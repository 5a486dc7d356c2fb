"""The ``ridni`` command: a thin shell that assembles each room's commands.

Commands parse arguments, open a unit of work, call a service and render the result with Rich.
The commands themselves live in ``ridni.commands.<room>``; errors are translated here, once.
"""

from __future__ import annotations

import sys

import typer
from rich.console import Console

from ridni.commands import COMMAND_MODULES
from ridni.config import get_settings
from ridni.errors import Forbidden, Invalid, NotFound, RidniError

app = typer.Typer(
    name="ridni",
    help="Find, verify and bring home children deported or forcibly displaced in war.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)


@app.callback()
def _main(
    db: str = typer.Option(
        None, "--db", envvar="RIDNI_DATABASE_URL", help="Database URL (default sqlite:///ridni.db)."
    ),
) -> None:
    if db:
        import os

        os.environ["RIDNI_DATABASE_URL"] = db
        get_settings.cache_clear()


for _module in COMMAND_MODULES:
    _module.register(app)


EXIT_CODES: dict[type[RidniError], int] = {Invalid: 2, NotFound: 3, Forbidden: 4}


def main() -> None:
    """Console entry point: run the app and turn ridni's errors into messages and exit codes."""
    try:
        app()
    except RidniError as exc:
        Console(stderr=True).print(f"[bold red]error:[/] {exc}", markup=True, highlight=False)
        sys.exit(next((c for t, c in EXIT_CODES.items() if isinstance(exc, t)), 1))
