"""``ridni channels``, ``ridni list`` and ``ridni stats``: channels, negotiation lists and
statistics from the shell (as the system, or ``--as USER``)."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from ridni.commands.cases import AS_USER, acting
from ridni.commands.output import LiveConsole
from ridni.db.engine import session_scope
from ridni.errors import Invalid
from ridni.exports import lists as exports
from ridni.lists import service as lists
from ridni.lists import stats
from ridni.lists.channels import channel_by_name, create_channel, list_channels
from ridni.lists.fields import CHOOSABLE, PRESETS, parse_fields
from ridni.lists.replies import reconcile

console = LiveConsole()
channels_app = typer.Typer(help="Channels and what each may receive.", no_args_is_help=True)
list_app = typer.Typer(
    help="Negotiation lists: draft, freeze, export, reconcile.", no_args_is_help=True
)


def register(app: typer.Typer) -> None:
    app.add_typer(channels_app, name="channels")
    app.add_typer(list_app, name="list")
    app.command("stats")(show_stats)
    app.command("demo-cases")(demo_cases)


@channels_app.command("add")
def channels_add(
    name: str,
    fields: str = typer.Option(
        ...,
        "--fields",
        help=f"Comma-separated ({', '.join(CHOOSABLE)}) or a preset: {', '.join(PRESETS)}.",
    ),
    description: str = typer.Option(None),
    as_user: str = AS_USER,
) -> None:
    """Create a channel with its disclosure policy."""
    with session_scope() as session:
        channel = create_channel(
            session=session,
            actor=acting(session, as_user),
            name=name,
            fields=parse_fields(fields),
            description=description,
        )
        console.print(f"Channel {channel.id} {channel.name}: {', '.join(channel.allowed_fields)}")


@channels_app.command("list")
def channels_list(as_user: str = AS_USER) -> None:
    """Channels and the fields each may receive."""
    with session_scope() as session:
        rows = list_channels(session=session, actor=acting(session, as_user))
        table = Table("id", "name", "fields", "active")
        for c in rows:
            table.add_row(
                str(c.id), c.name, ", ".join(c.allowed_fields), "yes" if c.active else "no"
            )
    console.print(table)


@list_app.command("draft")
def list_draft(
    channel: str = typer.Argument(..., help="Channel name or id."),
    name: str = typer.Option(None, help="The list's name (default: channel and date)."),
    region: str = typer.Option(None, help="Only children from this region (part of the name)."),
    min_age: int = typer.Option(None, "--min-age"),
    max_age: int = typer.Option(None, "--max-age"),
    institution: str = typer.Option(None, help="Only children held in this institution."),
    as_user: str = AS_USER,
) -> None:
    """Draft a list from verified cases (siblings come along; flags are shown on the list)."""
    from datetime import date

    filters = lists.Filters(
        region=region, min_age=min_age, max_age=max_age, institution=institution
    )
    with console.status("drafting…") as status, session_scope() as session:
        actor = acting(session, as_user)
        found = channel_by_name(session=session, actor=actor, name=channel)
        result = lists.draft_list(
            session=session,
            actor=actor,
            channel_id=found.id,
            name=name or f"{found.name} {date.today()}",
            filters=filters,
            say=lambda m: status.update(f"drafting… {m}"),
        )
        console.print(
            f"List {result.list.id}: {result.added} children "
            f"({result.with_siblings} with a sibling, {result.flagged} flagged; "
            f"{result.skipped_same_channel} already on this channel's open lists)"
        )


@list_app.command("show")
def list_show(list_id: int, limit: int = typer.Option(50), as_user: str = AS_USER) -> None:
    """A list: its entries (with flags), versions and replies."""
    with session_scope() as session:
        view = lists.list_detail(
            session=session, actor=acting(session, as_user), list_id=list_id, limit=limit
        )
        console.print(
            f"[bold]{view.list.name}[/] · {view.channel.name} · {view.list.status} · "
            f"{view.n_entries} children"
        )
        table = Table("entry", "ref", "case", "status", "name", "born", "group", "flags")
        for row in view.entries:
            e = row.entry
            table.add_row(
                str(e.id),
                e.ref,
                str(e.case_id),
                row.case_status,
                row.name or "",
                row.birth_date or "",
                str(e.sibling_group or ""),
                str(e.flags or ""),
            )
        console.print(table)
        for v in view.versions:
            replies = ", ".join(f"{k} {n}" for k, n in view.replies[v.id].items()) or "no replies"
            frozen = f"frozen {v.frozen_at:%Y-%m-%d %H:%M} by {v.frozen_by}"
            console.print(f"  version {v.number}: {v.n_entries} children, {frozen}")
            console.print(f"    sha256 {v.content_hash} — {replies}")


@list_app.command("remove")
def list_remove(
    list_id: int,
    entry_id: int,
    reason: str = typer.Option(..., "--reason"),
    split_siblings: bool = typer.Option(
        False, "--split-siblings", help="Take only this child off, leaving its siblings."
    ),
    as_user: str = AS_USER,
) -> None:
    """Take a child (and its siblings, unless --split-siblings) off a draft."""
    with session_scope() as session:
        removed = lists.remove_entry(
            session=session,
            actor=acting(session, as_user),
            list_id=list_id,
            entry_id=entry_id,
            reason=reason,
            split_siblings=split_siblings,
        )
        console.print(f"Removed {', '.join(e.ref for e in removed)}.")


@list_app.command("add")
def list_add(list_id: int, case_id: int, as_user: str = AS_USER) -> None:
    """Put a verified child (with verified siblings) on a draft."""
    with session_scope() as session:
        added = lists.add_case(
            session=session, actor=acting(session, as_user), list_id=list_id, case_id=case_id
        )
        console.print(f"Added {', '.join(e.ref for e in added)}.")


@list_app.command("freeze")
def list_freeze(list_id: int, as_user: str = AS_USER) -> None:
    """Freeze the draft as an immutable, hashed version."""
    with console.status("freezing…") as status, session_scope() as session:
        version = lists.freeze_list(
            session=session,
            actor=acting(session, as_user),
            list_id=list_id,
            say=lambda m: status.update(f"freezing… {m}"),
        )
        console.print(
            f"List {list_id} version {version.number}: {version.n_entries} children, "
            f"sha256 {version.content_hash}"
        )


@list_app.command("export")
def list_export(
    list_id: int,
    version: int = typer.Option(None, "--version", help="Version number (default: the latest)."),
    fmt: str = typer.Option("pdf", "--format", help=f"One of: {', '.join(exports.FORMATS)}."),
    out: Path = typer.Option(None, "--out", help="File or directory to write (default: here)."),
    as_user: str = AS_USER,
) -> None:
    """Write a frozen version as PDF, CSV or XLSX (only the channel's fields)."""
    with console.status("exporting…"), session_scope() as session:
        actor = acting(session, as_user)
        number = version or _latest(session, actor, list_id)
        exported = exports.export_version(
            session=session, actor=actor, list_id=list_id, number=number, fmt=fmt
        )
    target = out or Path(exported.name)
    if target.is_dir():
        target = target / exported.name
    target.write_bytes(exported.data)
    console.print(f"Wrote {target} ({len(exported.data):,} bytes, sha256 {exported.sha256[:16]}…)")


def _latest(session, actor, list_id: int) -> int:  # type: ignore[no-untyped-def]
    versions = lists.list_detail(session=session, actor=actor, list_id=list_id, limit=1).versions
    if not versions:
        raise Invalid(f"list {list_id} has no frozen version yet", field="version")
    return versions[-1].number


@list_app.command("reconcile")
def list_reconcile(
    list_id: int,
    file: Path = typer.Argument(..., exists=True, dir_okay=False, readable=True),
    version: int = typer.Option(None, "--version", help="Version replied to (default: latest)."),
    as_user: str = AS_USER,
) -> None:
    """Import the other side's reply (ref, outcome, date, note) and update the cases."""
    with session_scope() as session:
        actor = acting(session, as_user)
        number = version or _latest(session, actor, list_id)
        result = reconcile(
            session=session,
            actor=actor,
            list_id=list_id,
            number=number,
            data=file.read_bytes(),
            file_name=file.name,
        )
    console.print(
        f"{result.lines} replies: " + ", ".join(f"{k} {n}" for k, n in result.outcomes.items())
    )
    console.print("Cases: " + ", ".join(f"{k} {n}" for k, n in result.effects.items()))


@list_app.command("close")
def list_close(
    list_id: int, reason: str = typer.Option(..., "--reason"), as_user: str = AS_USER
) -> None:
    """Close a list (no more versions or changes)."""
    with session_scope() as session:
        lists.close_list(
            session=session, actor=acting(session, as_user), list_id=list_id, reason=reason
        )
    console.print(f"List {list_id} closed.")


def show_stats(as_user: str = AS_USER) -> None:
    """Children by status, returns by month and channel, open lists, cases per caseworker."""
    with session_scope() as session:
        got = stats.case_stats(session=session, actor=acting(session, as_user))
    table = Table("status", "children")
    for status, n in got.by_status.items():
        table.add_row(status, str(n))
    table.add_row("[bold]total[/]", f"[bold]{got.total}[/]")
    console.print(table)
    returns = Table("month", "channel", "returns")
    for month, channel, n in got.returns:
        returns.add_row(month, channel, str(n))
    console.print(returns)
    lists_table = Table("list", "channel", "versions", "sent", "replied", "outcomes")
    for o in got.open_lists:
        lists_table.add_row(
            o.name,
            o.channel,
            str(o.versions),
            str(o.sent),
            str(o.replied),
            ", ".join(f"{k} {n}" for k, n in o.outcomes.items()),
        )
    console.print(lists_table)
    people = Table("caseworker", "open cases", "by status")
    for who, counts in got.per_caseworker:
        people.add_row(
            who or "(unassigned)",
            str(sum(counts.values())),
            ", ".join(f"{k} {n}" for k, n in counts.items()),
        )
    console.print(people)


def demo_cases(
    cases: int = typer.Option(36, help="How many children (found on both sides) get a case."),
) -> None:
    """On a linked demo registry: cases at every stage, two channels, a frozen list with a
    reply and a draft list (run after `ridni demo-users` so the demo users do the work)."""
    from ridni.lists.demo import build_demo

    with console.status("building the demo's cases…") as status, session_scope() as session:
        result = build_demo(
            session=session, n_cases=cases, say=lambda m: status.update(f"demo cases… {m}")
        )
    console.print(
        f"{result.cases} cases ({result.verified} verified); list {result.frozen_list} "
        f"frozen and answered ({result.returned} returned); list {result.draft_list} "
        "drafted for the second channel."
    )
