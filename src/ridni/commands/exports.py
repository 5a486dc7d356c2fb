"""``ridni export ...``: files for other systems."""

from __future__ import annotations

from pathlib import Path

import typer

from ridni.commands.output import LiveConsole
from ridni.db.engine import session_scope
from ridni.exports.clusters import write_clusters
from ridni.security.actors import SYSTEM

console = LiveConsole()
export_app = typer.Typer(help="Export data for other systems.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(export_app, name="export")


@export_app.command("clusters")
def clusters(out: Path = typer.Option(..., "--out", help="CSV file to write.")) -> None:
    """Which records are the same child: source,record_id,person_id for every record."""
    with session_scope() as session:
        count = write_clusters(session=session, actor=SYSTEM, out=out)
    console.print(f"Wrote {count:,} records to {out}")
