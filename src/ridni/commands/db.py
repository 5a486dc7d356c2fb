"""``ridni init``: create or upgrade the registry's schema."""

from __future__ import annotations

import typer

from ridni.commands.output import LiveConsole
from ridni.db.engine import default_engine
from ridni.db.migrate import upgrade

console = LiveConsole()


def register(app: typer.Typer) -> None:
    app.command("init")(init)


def init() -> None:
    """Create the database (or bring it to the newest schema)."""
    engine = default_engine()
    upgrade(engine)
    console.print(f"Registry ready at [bold]{engine.url.render_as_string(hide_password=True)}[/]")
