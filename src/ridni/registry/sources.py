"""Sources and their import history, and importing an uploaded file — within the actor's scope.

A partner sees only its organisation's sources and their batches.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ridni.config import Settings
from ridni.errors import Forbidden, Invalid, NotFound
from ridni.ingest.models import ImportBatch, Source, SourceRecord
from ridni.linkage import jobs
from ridni.linkage.models import LinkageRun, PersonRecord
from ridni.security import audit
from ridni.security.actors import Actor
from ridni.security.models import AuditEvent
from ridni.security.policy import require, visible_sources_filter

MAX_UPLOAD_BYTES = 200 * 1024 * 1024
_SAFE_NAME_CHARS = "-_.() "


@dataclass
class SourceRow:
    id: int
    name: str
    kind: str
    description: str | None
    records: int
    batches: int
    last_import: Any


@dataclass
class SourceDetail:
    source: SourceRow
    batches: list[ImportBatch]


def list_sources(*, session: Session, actor: Actor) -> list[SourceRow]:
    """The sources the actor may see (``ingest.queries.list_sources``), with their ids."""
    from ridni.ingest import queries

    summaries = queries.list_sources(session=session, actor=actor)
    ids = dict(
        session.execute(
            select(Source.name, Source.id).where(Source.name.in_([s.name for s in summaries]))
        ).all()
    )
    return [
        SourceRow(
            ids[s.name],
            s.name,
            s.kind,
            s.description,
            s.n_records - s.n_withdrawn,
            s.n_batches,
            s.last_import_at,
        )
        for s in summaries
    ]


def source_detail(*, session: Session, actor: Actor, source_id: int) -> SourceDetail:
    require(actor, "source.view")
    rows = [r for r in list_sources(session=session, actor=actor) if r.id == source_id]
    if not rows:
        raise NotFound(f"no source {source_id}")
    batches = session.scalars(
        select(ImportBatch)
        .where(ImportBatch.source_id == source_id)
        .order_by(ImportBatch.id.desc())
    ).all()
    return SourceDetail(rows[0], list(batches))


def list_batches(
    *, session: Session, actor: Actor, limit: int = 100, before_id: int | None = None
) -> list[tuple[ImportBatch, Source]]:
    require(actor, "import.view")
    stmt = (
        select(ImportBatch, Source)
        .join(Source, Source.id == ImportBatch.source_id)
        .where(visible_sources_filter(actor, Source.id))
        .order_by(ImportBatch.id.desc())
        .limit(max(1, min(limit, 500)))
    )
    if before_id:
        stmt = stmt.where(ImportBatch.id < before_id)
    return [(b, s) for b, s in session.execute(stmt).all()]


def batch_detail(*, session: Session, actor: Actor, batch_id: int) -> tuple[ImportBatch, Source]:
    require(actor, "import.view")
    row = session.execute(
        select(ImportBatch, Source)
        .join(Source, Source.id == ImportBatch.source_id)
        .where(ImportBatch.id == batch_id, visible_sources_filter(actor, Source.id))
    ).one_or_none()
    if row is None:
        raise NotFound(f"no import {batch_id}")
    return row[0], row[1]


@dataclass(frozen=True)
class BatchLinking:
    """A batch's new records that a person holds (linked) and those waiting for a linking
    run (withdrawn records are neither); and, while some wait, the last run if it failed."""

    linked: int
    waiting: int
    failed_at: datetime | None = None
    failure: str | None = None


def batch_linking(*, session: Session, actor: Actor, batch_id: int) -> BatchLinking:
    batch_detail(session=session, actor=actor, batch_id=batch_id)  # the scope check
    total, linked = session.execute(
        select(func.count(SourceRecord.id), func.count(PersonRecord.record_pk))
        .outerjoin(PersonRecord, PersonRecord.record_pk == SourceRecord.id)
        .where(SourceRecord.first_batch_id == batch_id, SourceRecord.withdrawn.is_(False))
    ).one()
    last = session.scalars(select(LinkageRun).order_by(LinkageRun.id.desc()).limit(1)).first()
    if total == linked or last is None or last.status != "failed":
        return BatchLinking(linked=linked, waiting=total - linked)
    error = str((last.stats or {}).get("error") or "")
    return BatchLinking(linked, total - linked, last.finished_at or last.started_at, error)


def source_kinds_for(*, session: Session, actor: Actor) -> dict[str, str]:
    """Existing sources the actor may import into: name → kind (for the upload form)."""
    return {r.name: r.kind for r in list_sources(session=session, actor=actor)}


# --- uploads -----------------------------------------------------------------------------------


def safe_file_name(name: str | None) -> str:
    """The last path component, with only harmless characters (it names the batch)."""
    base = Path((name or "").replace("\\", "/")).name
    cleaned = "".join(c for c in base if c.isalnum() or c in _SAFE_NAME_CHARS).strip(" .")
    return cleaned[:200] or "upload.csv"


def import_upload(
    *,
    session: Session,
    actor: Actor,
    stream: IO[bytes],
    file_name: str,
    source: str,
    kind: str,
    dry_run: bool = False,
    full_version: bool | None = None,
    description: str | None = None,
) -> Any:
    """Import an uploaded file with the same validation and report as ``ridni import``.

    The upload is copied to a private temporary directory under its own (sanitised) name, so
    the batch and every error message name the file as the user knows it.
    """
    from ridni.ingest.service import import_file

    require(actor, "import.create")
    name = safe_file_name(file_name)
    with tempfile.TemporaryDirectory(prefix="ridni-upload-") as tmp:
        path = Path(tmp) / name
        _copy_bounded(stream, path)
        try:
            report = import_file(
                session=session,
                actor=actor,
                path=path,
                source=source.strip(),
                kind=kind,
                dry_run=dry_run,
                full_version=full_version,
                description=(description or "").replace("\x00", "") or None,
            )
        except (Invalid, Forbidden) as exc:
            if isinstance(exc, Invalid):
                _rename_file_in(exc, str(path), name)
            # A refused file is recorded too; the caller keeps (commits) this event.
            audit.record(
                session,
                actor,
                "import.failed",
                object_type="source",
                object_id=source,
                details={"file": name, "error": str(exc)[:2000]},
            )
            raise
    report.file = name
    if report.batch_id is not None:
        batch = session.get(ImportBatch, report.batch_id)
        if batch is not None:
            batch.file_name = name
            session.flush()
        _audit_import(session, actor, report)
    return report


def links_after_upload(report: Any, settings: Settings) -> bool:
    """Whether ``link_after_upload`` will link the upload's records in the background: new,
    restored and changed ones (an incremental run links a changed record again)."""
    touched = report.n_new or report.n_restored or report.n_changed
    return not report.dry_run and bool(touched) and settings.link_after_import


def link_after_upload(report: Any, settings: Settings, username: str) -> bool:
    """Once an upload that added or changed records is committed: link them in the
    background (``linkage.jobs``). True when a run was started or asked for."""
    if not links_after_upload(report, settings):
        return False
    return jobs.link_soon(settings, f"after import {report.batch_id} by {username}")


def _audit_import(session: Session, actor: Actor, report: Any) -> None:
    # ingest records its own 'import' event once it does; never record the same batch twice.
    already = session.scalar(
        select(func.count())
        .select_from(AuditEvent)
        .where(AuditEvent.action == "import", AuditEvent.object_id == str(report.batch_id))
    )
    if already:
        return
    audit.record(
        session,
        actor,
        "import",
        object_type="batch",
        object_id=report.batch_id,
        details={
            "source": report.source,
            "file": report.file,
            "rows": report.rows_total,
            "new": report.n_new,
            "changed": report.n_changed,
            "withdrawn": report.n_withdrawn,
        },
    )


def _copy_bounded(stream: IO[bytes], path: Path) -> None:
    written = 0
    with path.open("wb") as out:
        while chunk := stream.read(1024 * 1024):
            written += len(chunk)
            if written > MAX_UPLOAD_BYTES:
                raise Invalid(
                    f"the file is larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB",
                    file=path.name,
                )
            out.write(chunk)


def _rename_file_in(exc: Invalid, temp_path: str, name: str) -> None:
    for error in [exc, *getattr(exc, "errors", [])]:
        if error.file and temp_path in error.file:
            error.file = error.file.replace(temp_path, name)
