"""``import_file``: one file into one source, all or nothing, with history.

The file is checked (``sniff``), read row by row (``readers``), normalised (``convert``) and
written in chunks (``store``) inside a savepoint: any problem rolls the savepoint back, so the
database is unchanged, and a dry run rolls it back on purpose after counting. Unchanged
records are not touched at all; changed ones are updated with a 'changed' entry holding the
fields before and after; records missing from a full version are withdrawn, never deleted.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from ridni.db.base import utcnow
from ridni.errors import Forbidden, Invalid
from ridni.ingest import hooks
from ridni.ingest.mapping import CANONICAL, Mapping, load_mapping
from ridni.ingest.models import SOURCE_KINDS, ImportBatch, Source
from ridni.ingest.pipeline import CHUNK_ROWS, Job, parse_file
from ridni.ingest.report import MAX_ERRORS, ImportErrors, ImportReport
from ridni.ingest.sniff import FileInfo, inspect_file
from ridni.ingest.store import Loader, RetryWithChecks, loader_for
from ridni.security.actors import Actor
from ridni.security.policy import require

# (stage, done, total): stage 'check' counts bytes hashed, 'read' bytes (rows for XLSX) read.
Progress = Callable[[str, int, int], None]
SOURCE_NAME = re.compile(r"^[a-z0-9][a-z0-9_.\-]{0,99}$")


def import_file(
    *,
    session: Session,
    actor: Actor,
    path: str | Path,
    source: str,
    kind: str,
    mapping: Mapping | str | Path | None = None,
    dry_run: bool = False,
    full_version: bool | None = None,
    description: str | None = None,
    progress: Progress | None = None,
    worker: bool | None = None,
) -> ImportReport:
    """Import ``path`` into the source ``source`` (created on first use with ``kind``).

    ``full_version`` (default: the mapping's option, else True) withdraws the source's
    records missing from the file. Raises ``Invalid`` (``ImportErrors`` for row problems)
    with nothing written. After a real import the ``hooks.after_import`` callbacks run in the
    same transaction. The caller commits. ``worker`` forces or prevents parsing in a worker
    process (by default large files get one).
    """
    started = time.perf_counter()
    require(actor, "import.create")
    file = str(path)
    _check_names(source, kind, file)
    layout = mapping if isinstance(mapping, Mapping) else _load(mapping)
    info = inspect_file(
        path,
        encoding=layout.encoding,
        delimiter=layout.delimiter,
        progress=(lambda done, total: progress("check", done, total)) if progress else None,
    )
    if full_version is None:
        full_version = True if layout.full_version is None else layout.full_version

    def attempt(careful: bool) -> tuple[ImportReport, int, list[int]]:
        report = _new_report(info, source, kind, layout, full_version, dry_run)
        batch_id, changed = _import(
            session, actor, info, layout, report, description, progress, worker, careful
        )
        return report, batch_id, changed

    report = _all_or_nothing(session, attempt, dry_run)
    report.seconds = round(time.perf_counter() - started, 3)
    return report


def _all_or_nothing(
    session: Session,
    attempt: Callable[[bool], tuple[ImportReport, int, list[int]]],
    dry_run: bool,
) -> ImportReport:
    """Run the import in a savepoint: released after the hooks, rolled back on any error (or
    on purpose for a dry run). A fast path that fails without saying where is retried."""
    savepoint = session.begin_nested()
    try:
        try:
            report, batch_id, changed = attempt(False)
        except RetryWithChecks:
            savepoint.rollback()
            savepoint = session.begin_nested()
            report, batch_id, changed = attempt(True)
        if dry_run:
            savepoint.rollback()
            report.batch_id = None
        else:
            hooks.after_import(session, batch_id, changed)
            savepoint.commit()
    except BaseException:
        if savepoint.is_active:
            savepoint.rollback()
        raise
    return report


def _load(mapping: str | Path | None) -> Mapping:
    return CANONICAL if mapping is None else load_mapping(mapping)


def _check_names(source: str, kind: str, file: str) -> None:
    if kind not in SOURCE_KINDS:
        raise Invalid(
            f"unknown kind {kind!r}; expected one of {', '.join(SOURCE_KINDS)}",
            file=file,
            field="kind",
        )
    if not SOURCE_NAME.match(source):
        raise Invalid(
            f"source name {source!r}: use lower-case letters, digits, '_', '-' or '.'",
            file=file,
            field="source",
        )


def _new_report(
    info: FileInfo, source: str, kind: str, layout: Mapping, full_version: bool, dry_run: bool
) -> ImportReport:
    return ImportReport(
        file=info.name,
        source=source,
        kind=kind,
        batch_id=None,
        dry_run=dry_run,
        file_format=info.format,
        encoding=info.encoding,
        delimiter=info.delimiter,
        size=info.size,
        sha256=info.sha256,
        mapping=layout.name,
        full_version=full_version,
    )


def _source(
    session: Session, actor: Actor, report: ImportReport, description: str | None
) -> Source:
    source = session.scalar(select(Source).where(Source.name == report.source))
    if source is None:
        source = Source(
            name=report.source,
            kind=report.kind,
            description=description,
            organisation_id=actor.organisation_id if actor.is_partner else None,
        )
        session.add(source)
        return source
    if actor.is_partner and source.organisation_id != actor.organisation_id:
        raise Forbidden(f"source {report.source!r} belongs to another organisation")
    if source.kind != report.kind:
        raise Invalid(
            f"source {report.source!r} is a {source.kind}, not a {report.kind}",
            file=report.file,
            field="kind",
        )
    if description:
        source.description = description
    return source


def _import(
    session: Session,
    actor: Actor,
    info: FileInfo,
    layout: Mapping,
    report: ImportReport,
    description: str | None,
    progress: Progress | None,
    worker: bool | None,
    careful: bool,
) -> tuple[int, list[int]]:
    """Write the batch and its records; return the batch id and the pks it changed."""
    at = utcnow()
    source = _source(session, actor, report, description)
    session.flush()
    batch = ImportBatch(
        source_id=source.id,
        file_name=report.file,
        file_size=info.size,
        sha256=info.sha256,
        file_format=info.format,
        encoding=info.encoding,
        mapping_name=layout.name,
        mapping_spec=layout.spec() if layout.name else None,
        full_version=report.full_version,
        imported_by=actor.username,
        started_at=at,
        status="running",
    )
    session.add(batch)
    session.flush()
    with loader_for(
        session, source_id=source.id, batch_id=batch.id, at=at, file=report.file, careful=careful
    ) as loader:
        _Reading(loader, report).read(info, layout, progress, worker)
        counts = loader.apply(full_version=report.full_version)
        changed = loader.changed_pks()
    report.n_new, report.n_changed = counts.new, counts.changed
    report.n_unchanged, report.n_restored = counts.unchanged, counts.restored
    report.n_withdrawn = counts.withdrawn
    _close(batch, report)
    session.flush()
    report.batch_id = batch.id
    return batch.id, changed


class _Reading:
    """Reads a file into a loader, collecting every problem (up to ``MAX_ERRORS``)."""

    def __init__(self, loader: Loader, report: ImportReport) -> None:
        self.loader = loader
        self.report = report
        self.errors: list[Invalid] = []
        self.truncated = False

    def read(
        self, info: FileInfo, layout: Mapping, progress: Progress | None, worker: bool | None
    ) -> None:
        loader = self.loader
        if loader.mode == "keys":
            # A re-import: first the keys, then only the rows that may have changed.
            self._pass(Job(info, layout, keys_only=True), loader.add_keys, progress, worker)
            lines = loader.lines_to_read()
            if lines is not None:
                if worker is None and sum(map(int.bit_count, lines)) < CHUNK_ROWS * 10:
                    worker = False  # a few rows to read again: not worth a process
                self._pass(Job(info, layout, lines=lines), loader.add, None, worker, count=False)
        else:
            self._pass(Job(info, layout), loader.add, progress, worker)
        self._fail(loader.duplicates())
        if self.errors:
            self.errors.sort(key=lambda error: error.line or 0)
            raise ImportErrors(self.errors, truncated=self.truncated)
        if self.report.rows_total == 0:
            raise Invalid("the file has a header but no records", file=info.name, line=2)

    def _pass(
        self,
        job: Job,
        add: Callable[..., list[Invalid]],
        progress: Progress | None,
        worker: bool | None,
        *,
        count: bool = True,
    ) -> None:
        try:
            for parsed in parse_file(job, worker=worker):
                if parsed.records:
                    self.report.rows_total += len(parsed.records) if count else 0
                    self._fail(add(parsed.records, write=not self.errors))
                if self._fail(parsed.errors):
                    self.truncated = True  # stopped reading: there may be more
                    break
                if self.errors:
                    self.loader.errors_found()  # a fast path gives way to a careful import
                if progress:
                    progress("read", *parsed.position)
        except Invalid as exc:  # the rest is unreadable: report it with what came before
            self._fail([exc])
        if self.errors:
            self.loader.errors_found()

    def _fail(self, errors: list[Invalid]) -> bool:
        """Collect problems; True when enough are collected to stop reading."""
        room = MAX_ERRORS - len(self.errors)
        self.errors += errors[:room]
        self.truncated = self.truncated or len(errors) > room
        return len(self.errors) >= MAX_ERRORS


def _close(batch: ImportBatch, report: ImportReport) -> None:
    batch.rows_total = report.rows_total
    batch.n_new = report.n_new
    batch.n_changed = report.n_changed
    batch.n_unchanged = report.n_unchanged
    batch.n_restored = report.n_restored
    batch.n_withdrawn = report.n_withdrawn
    batch.finished_at = utcnow()
    batch.status = "done"
