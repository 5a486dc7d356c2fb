"""``ridni audit verify`` and ``ridni audit list``."""

from __future__ import annotations

import json

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from ridni.commands.output import LiveConsole
from ridni.db.engine import session_scope
from ridni.errors import RidniError
from ridni.security import audit
from ridni.security.actors import SYSTEM

console = LiveConsole()
audit_app = typer.Typer(help="The tamper-evident audit log.", no_args_is_help=True)


class ChainBroken(RidniError):
    """The audit chain does not verify."""


def register(app: typer.Typer) -> None:
    app.add_typer(audit_app, name="audit")


@audit_app.command("verify")
def verify() -> None:
    """Check the hash chain; names the first altered, inserted or deleted event (exit 1)."""
    columns = (TextColumn("verifying"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, console=console, transient=True) as bar, session_scope() as session:
        task = bar.add_task("verify", total=None)
        result = audit.verify(
            session, progress=lambda done, total: bar.update(task, completed=done, total=total)
        )
        audit.record(
            session,
            SYSTEM,
            "audit.verify",
            details={"ok": result.ok, "problem": result.problem, "seq": result.seq},
        )
    if not result.ok:
        raise ChainBroken(f"audit chain broken: {result.message}")
    console.print(f"[green]OK[/] {result.checked:,} events verified.")
    console.print(f"Chain head: {result.head_seq} {result.head_hash}", highlight=False)


@audit_app.command("list")
def list_events(
    limit: int = typer.Option(50, help="How many events, newest first."),
    actor: str = typer.Option(None, "--actor", help="Only this user's events."),
    action: str = typer.Option(None, "--action", help="Only this action (login, search, …)."),
) -> None:
    """The newest events of the audit log."""
    with session_scope() as session:
        where = audit.EventFilter(actor=actor, action=action)
        events = audit.list_events(session=session, actor=SYSTEM, where=where, limit=limit)
        table = Table("seq", "at (UTC)", "actor", "address", "action", "object", "details")
        for e in events:
            table.add_row(
                str(e.seq),
                f"{e.at:%Y-%m-%d %H:%M:%S}",
                e.actor,
                e.address or "",
                e.action,
                f"{e.object_type or ''} {e.object_id or ''}".strip(),
                json.dumps(e.details, ensure_ascii=False) if e.details else "",
            )
    console.print(table)
