"""``ridni import``, ``import-world``, ``sources``, ``records``, ``show``: the registry from the
shell. Parse, open a unit of work, call an ingest service, render with Rich."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import typer
from rich.panel import Panel
from rich.progress import (
    BarColumn,
    Progress,
    TaskID,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Column, Table
from rich.text import Text

from ridni.commands.output import LiveConsole
from ridni.db.engine import session_scope
from ridni.errors import Invalid
from ridni.ingest import queries
from ridni.ingest.models import SOURCE_KINDS
from ridni.ingest.report import ImportReport
from ridni.ingest.service import import_file
from ridni.ingest.world import read_manifest
from ridni.security.actors import SYSTEM

console = LiveConsole()
_STAGES = {"check": "checking", "read": "reading"}


def _text(value: Any) -> Text:
    """Data as plain text: a '[' in a name must not be read as Rich markup."""
    return Text("" if value is None else str(value))


def register(app: typer.Typer) -> None:
    app.command("import")(import_command)
    app.command("import-world")(import_world)
    app.command("sources")(sources)
    app.command("records")(records)
    app.command("show")(show)


@contextmanager
def _file_progress(label: str) -> Iterator[Any]:
    """A Rich progress bar per stage of an import; yields the service's progress callback."""
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TaskProgressColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=True,
    ) as bar:
        tasks: dict[str, TaskID] = {}

        def update(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(f"{label} {_STAGES.get(stage, stage)}", total=total)
            bar.update(tasks[stage], completed=done, total=total)

        yield update


def import_command(
    file: Path = typer.Argument(..., help="CSV (UTF-8 or cp1251), XLSX or JSON Lines file."),
    source: str = typer.Option(..., "--source", help="Short stable name, e.g. ua_registry."),
    kind: str = typer.Option(..., "--kind", help=f"One of: {', '.join(SOURCE_KINDS)}."),
    mapping: Path | None = typer.Option(
        None, "--mapping", help="TOML mapping for a layout that is not the canonical one."
    ),
    dry_run: bool = typer.Option(False, "--dry-run", help="Check and count; write nothing."),
    partial: bool = typer.Option(
        False, "--partial", help="Not a full version: do not withdraw records missing from it."
    ),
    description: str | None = typer.Option(None, help="What the source is (first import)."),
) -> None:
    """Import a file of person records into a source (all or nothing)."""
    with _file_progress(file.name) as progress, session_scope() as session:
        report = import_file(
            session=session,
            actor=SYSTEM,
            path=file,
            source=source,
            kind=kind,
            mapping=mapping,
            dry_run=dry_run,
            full_version=False if partial else None,
            description=description,
            progress=progress,
        )
    _print_report(report)


def _print_report(report: ImportReport) -> None:
    title = "Dry run (nothing written)" if report.dry_run else f"Batch {report.batch_id}"
    table = Table(title=_text(f"{title}: {report.file} → {report.source}"), show_header=False)
    table.add_column(style="bold")
    table.add_column(justify="right")
    read_as = report.file_format + (f", {report.encoding}" if report.encoding else "")
    if report.delimiter:
        read_as += f", delimiter {report.delimiter!r}"
    for label, value in (
        ("read as", read_as),
        ("mapping", report.mapping or "canonical"),
        ("rows", f"{report.rows_total:,}"),
        ("new", f"{report.n_new:,}"),
        ("changed", f"{report.n_changed:,}"),
        ("unchanged", f"{report.n_unchanged:,}"),
        ("restored", f"{report.n_restored:,}"),
        ("withdrawn", f"{report.n_withdrawn:,}" if report.full_version else "— (partial)"),
        ("sha256", report.sha256[:16] + "…"),
        ("seconds", f"{report.seconds:.1f}"),
    ):
        table.add_row(label, _text(value))
    console.print(table)


def import_world(
    directory: Path = typer.Argument(..., help="A directory written by `ridni synth`."),
) -> None:
    """Import every file of a synthetic world's manifest, in order (one batch each)."""
    entries = read_manifest(directory)
    table = Table("source", "kind", "rows", "new", "changed", "withdrawn", "seconds")
    for number, entry in enumerate(entries, 1):
        label = f"[{number}/{len(entries)}] {entry.file.name}"
        with _file_progress(label) as progress, session_scope() as session:
            report = import_file(
                session=session,
                actor=SYSTEM,
                path=entry.file,
                source=entry.source,
                kind=entry.kind,
                description=entry.description,
                progress=progress,
            )
        console.print(f"{label}: {report.rows_total:,} rows into {report.source}")
        table.add_row(
            report.source,
            report.kind,
            f"{report.rows_total:,}",
            f"{report.n_new:,}",
            f"{report.n_changed:,}",
            f"{report.n_withdrawn:,}",
            f"{report.seconds:.1f}",
        )
    console.print(table)


def sources() -> None:
    """The sources in the registry, with their record and batch counts."""
    with session_scope() as session:
        rows = queries.list_sources(session=session, actor=SYSTEM)
    table = Table("source", "kind", "records", "withdrawn", "batches", "last import")
    for s in rows:
        last = s.last_import_at.strftime("%Y-%m-%d %H:%M") if s.last_import_at else "—"
        table.add_row(
            *map(
                _text, (s.name, s.kind, f"{s.n_records:,}", f"{s.n_withdrawn:,}", s.n_batches, last)
            )
        )
    console.print(table if rows else "No sources yet: `ridni import FILE --source … --kind …`.")


def records(
    source: str = typer.Argument(..., help="Source name."),
    limit: int = typer.Option(20, "--limit", help="How many to show."),
    offset: int = typer.Option(0, "--offset", help="How many to skip."),
) -> None:
    """A source's records, in import order."""
    if limit < 1 or offset < 0:
        raise Invalid("--limit must be at least 1 and --offset not negative", field="limit")
    with session_scope() as session:
        rows = queries.list_records(
            session=session, actor=SYSTEM, source=source, limit=limit, offset=offset
        )
    table = Table(
        "record_id",
        "family name",
        "given name",
        "patronymic",
        "sex",
        "born",
        "birth place",
        Column("status", no_wrap=True, min_width=9),  # "withdrawn" must never be cut short
        title=source,
    )
    for r in rows:
        values = (
            r.record_id,
            r.family_name,
            r.given_name,
            r.patronymic,
            r.sex,
            r.birth_date,
            r.birth_place,
            "withdrawn" if r.withdrawn else None,
        )
        table.add_row(*map(_text, values))
    console.print(table)


def show(
    source: str = typer.Argument(..., help="Source name."),
    record_id: str = typer.Argument(..., help="The record's id in that source."),
) -> None:
    """One record: its values, its raw row, its history and where it came from."""
    with session_scope() as session:
        detail = queries.get_record(
            session=session, actor=SYSTEM, source=source, record_id=record_id
        )
    status = " [red](withdrawn)[/]" if detail.withdrawn else ""
    fields = Table(show_header=False, box=None)
    for name, value in detail.fields.items():
        fields.add_row(Text(name, style="bold"), _text(value))
    for name, value in (detail.extra or {}).items():
        fields.add_row(Text(name, style="dim"), _text(value))
    title = Text(f"{detail.source} / {detail.record_id}") + Text.from_markup(status)
    console.print(Panel(fields, title=title))
    if detail.raw is not None:
        raw = json.dumps(detail.raw, ensure_ascii=False, indent=1)
        console.print(Panel(Text(raw), title=f"raw row (line {detail.line_no})"))
    history = Table("when", "change", "batch", "file", "line", "by", "fields", title="history")
    for entry in detail.history:
        changed = sorted(k for k in (entry.after or {}) if k != "raw")
        if entry.change == "created":
            changed = []
        history.add_row(
            *map(
                _text,
                (
                    entry.at.strftime("%Y-%m-%d %H:%M"),
                    entry.change,
                    entry.batch.id,
                    f"{entry.batch.file_name} (sha256 {entry.batch.sha256[:12]}…)",
                    entry.line_no,
                    entry.batch.imported_by,
                    ", ".join(changed),
                ),
            )
        )
    console.print(history)
    for entry in detail.history:
        if entry.change in ("changed", "restored") and entry.before:
            _print_change(entry)


def _print_change(entry: queries.HistoryEntry) -> None:
    table = Table("field", "before", "after", title=f"{entry.change} in batch {entry.batch.id}")
    for name in sorted(set(entry.before or {}) - {"raw"}):
        before, after = (entry.before or {}).get(name), (entry.after or {}).get(name)
        table.add_row(_text(name), _text(before), _text(after))
    console.print(table)
