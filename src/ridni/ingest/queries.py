"""Read services over the registry: sources, a source's records, one record with its history.

For the CLI and the web. Every function takes the acting ``actor``: the policy decides what it
may see (partners: their organisation's sources; some fields hidden).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ridni.errors import NotFound
from ridni.ingest.models import CANONICAL_FIELDS, ImportBatch, RecordChange, Source, SourceRecord
from ridni.security.actors import Actor
from ridni.security.policy import (
    redact,
    require,
    visible_records_filter,
    visible_sources_filter,
)


@dataclass(frozen=True)
class SourceSummary:
    name: str
    kind: str
    description: str | None
    n_records: int
    n_withdrawn: int
    n_batches: int
    last_import_at: datetime | None


@dataclass(frozen=True)
class RecordSummary:
    pk: int
    record_id: str
    given_name: str | None
    family_name: str | None
    patronymic: str | None
    sex: str | None
    birth_date: str | None
    birth_place: str | None
    withdrawn: bool


@dataclass(frozen=True)
class BatchInfo:
    """Where a record's values came from: the file, its fingerprint, who imported it, when."""

    id: int
    file_name: str
    sha256: str
    file_format: str
    encoding: str | None
    mapping_name: str | None
    imported_by: str
    started_at: datetime
    full_version: bool


@dataclass(frozen=True)
class HistoryEntry:
    change: str  # created | changed | withdrawn | restored
    at: datetime
    batch: BatchInfo
    line_no: int | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None


@dataclass(frozen=True)
class RecordDetail:
    source: str
    kind: str
    pk: int
    record_id: str
    fields: dict[str, Any]  # canonical fields, normalised (hidden ones None)
    extra: dict[str, Any] | None
    raw: dict[str, Any] | None  # the row exactly as received
    withdrawn: bool
    line_no: int | None
    first_batch: BatchInfo
    last_batch: BatchInfo
    history: list[HistoryEntry] = field(default_factory=list)  # oldest first, 'created' first
    redacted: list[str] = field(default_factory=list)


def list_sources(*, session: Session, actor: Actor) -> list[SourceSummary]:
    """Every source the actor may see, with its record and batch counts."""
    require(actor, "source.view")
    records = (
        select(
            SourceRecord.source_id,
            func.count().label("n"),
            func.count().filter(SourceRecord.withdrawn).label("gone"),
        )
        .group_by(SourceRecord.source_id)
        .subquery()
    )
    batches = (
        select(
            ImportBatch.source_id,
            func.count().label("n"),
            func.max(ImportBatch.started_at).label("last"),
        )
        .group_by(ImportBatch.source_id)
        .subquery()
    )
    rows = session.execute(
        select(Source, records.c.n, records.c.gone, batches.c.n, batches.c.last)
        .outerjoin(records, records.c.source_id == Source.id)
        .outerjoin(batches, batches.c.source_id == Source.id)
        .where(visible_sources_filter(actor, Source.id))
        .order_by(Source.name)
    ).all()
    return [
        SourceSummary(s.name, s.kind, s.description, n or 0, gone or 0, nb or 0, last)
        for s, n, gone, nb, last in rows
    ]


def _source(session: Session, actor: Actor, name: str) -> Source:
    source = session.scalar(
        select(Source).where(Source.name == name, visible_sources_filter(actor, Source.id))
    )
    if source is None:
        raise NotFound(f"no source {name!r}")
    return source


def list_records(
    *, session: Session, actor: Actor, source: str, limit: int = 50, offset: int = 0
) -> list[RecordSummary]:
    """A page of a source's records in import order (withdrawn ones included, flagged)."""
    require(actor, "record.view")
    found = _source(session, actor, source)
    rows = session.scalars(
        select(SourceRecord)
        .where(
            SourceRecord.source_id == found.id,
            visible_records_filter(actor, SourceRecord.id, SourceRecord.source_id),
        )
        .order_by(SourceRecord.id)
        .limit(limit)
        .offset(offset)
    )
    return [
        RecordSummary(
            r.id,
            r.record_id,
            r.given_name,
            r.family_name,
            r.patronymic,
            r.sex,
            r.birth_date,
            r.birth_place,
            r.withdrawn,
        )
        for r in rows
    ]


def get_record(*, session: Session, actor: Actor, source: str, record_id: str) -> RecordDetail:
    """One record: its values, its raw row, where it came from and its whole history."""
    require(actor, "record.view")
    found = _source(session, actor, source)
    record = session.scalar(
        select(SourceRecord).where(
            SourceRecord.source_id == found.id,
            SourceRecord.record_id == record_id,
            visible_records_filter(actor, SourceRecord.id, SourceRecord.source_id),
        )
    )
    if record is None:
        raise NotFound(f"no record {record_id!r} in source {source!r}")
    return _detail(session, actor, found, record)


def get_record_by_pk(*, session: Session, actor: Actor, pk: int) -> RecordDetail:
    require(actor, "record.view")
    record = session.scalar(
        select(SourceRecord).where(
            SourceRecord.id == pk,
            visible_records_filter(actor, SourceRecord.id, SourceRecord.source_id),
        )
    )
    if record is None:
        raise NotFound(f"no record {pk}")
    source = session.get(Source, record.source_id)
    assert source is not None  # a foreign key
    return _detail(session, actor, source, record)


def _detail(session: Session, actor: Actor, source: Source, record: SourceRecord) -> RecordDetail:
    batches = _batches(session, record)
    history = _history(session, record, batches)
    shown = redact(
        {
            **{name: getattr(record, name) for name in CANONICAL_FIELDS},
            "extra": record.extra,
            "raw": record.raw,
            "line_no": record.line_no,
        },
        actor,
        source.kind,
    )
    redacted = shown.pop("redacted")
    return RecordDetail(
        source=source.name,
        kind=source.kind,
        pk=record.id,
        record_id=record.record_id,
        fields={name: shown[name] for name in CANONICAL_FIELDS},
        extra=shown["extra"],
        raw=shown["raw"],
        withdrawn=record.withdrawn,
        line_no=shown["line_no"],
        first_batch=batches[record.first_batch_id],
        last_batch=batches[record.last_batch_id],
        history=history if not redacted else [_hide(entry, set(redacted)) for entry in history],
        redacted=redacted,
    )


def _batches(session: Session, record: SourceRecord) -> dict[int, BatchInfo]:
    ids = select(RecordChange.batch_id).where(RecordChange.record_pk == record.id)
    rows = session.scalars(
        select(ImportBatch).where(
            ImportBatch.id.in_(ids)
            | ImportBatch.id.in_([record.first_batch_id, record.last_batch_id])
        )
    )
    return {
        b.id: BatchInfo(
            b.id,
            b.file_name,
            b.sha256,
            b.file_format,
            b.encoding,
            b.mapping_name,
            b.imported_by,
            b.started_at,
            b.full_version,
        )
        for b in rows
    }


def _history(
    session: Session, record: SourceRecord, batches: dict[int, BatchInfo]
) -> list[HistoryEntry]:
    changes = list(
        session.scalars(
            select(RecordChange)
            .where(RecordChange.record_pk == record.id)
            .order_by(RecordChange.id)
        )
    )
    first = batches[record.first_batch_id]
    created = HistoryEntry(
        "created",
        first.started_at,
        first,
        record.first_line_no,
        None,
        first_values(record, changes),
    )
    return [created] + [
        HistoryEntry(c.change, c.at, batches[c.batch_id], c.line_no, c.before, c.after)
        for c in changes
    ]


def first_values(record: SourceRecord, changes: list[RecordChange]) -> dict[str, Any]:
    """The values a record was created with: its current values with each later change's
    'before' applied, newest first (creation is not stored as a history row)."""
    values: dict[str, Any] = {name: getattr(record, name) for name in CANONICAL_FIELDS}
    values["extra"] = record.extra
    values["raw"] = record.raw
    for change in reversed(changes):
        values.update(change.before or {})
    return values


def _hide(entry: HistoryEntry, hidden: set[str]) -> HistoryEntry:
    def strip(values: dict[str, Any] | None) -> dict[str, Any] | None:
        return None if values is None else {k: v for k, v in values.items() if k not in hidden}

    line_no = None if "line_no" in hidden else entry.line_no
    return HistoryEntry(
        entry.change, entry.at, entry.batch, line_no, strip(entry.before), strip(entry.after)
    )
