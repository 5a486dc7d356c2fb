"""Registry tables: sources, import batches, source records and their history."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from ridni.db.base import Base, JSONType, utcnow

SOURCE_KINDS = (
    "official_registry",
    "family_report",
    "osint",
    "counterpart_list",
    "adoption_database",
    "return_list",
    "other",
)

# Fields of the canonical person-record format (../shared/formats/person-records.md), in order.
CANONICAL_FIELDS = (
    "record_id",
    "given_name",
    "family_name",
    "patronymic",
    "sex",
    "birth_date",
    "birth_place",
    "birth_region",
    "last_known_place",
    "last_known_date",
    "institution",
    "guardian_names",
    "sibling_ids",
    "age",
    "notes",
)


class Source(Base):
    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    kind: Mapped[str] = mapped_column(String(40))
    description: Mapped[str | None] = mapped_column(Text)
    # The organisation that contributed the source (scope for partner users); null = the operator.
    organisation_id: Mapped[int | None] = mapped_column(Integer, index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ImportBatch(Base):
    __tablename__ = "import_batches"

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"), index=True)
    file_name: Mapped[str] = mapped_column(String(500))
    file_size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    file_format: Mapped[str] = mapped_column(String(20))
    # The text encoding the file was read in (utf-8, utf-8-sig, cp1251); null for XLSX.
    encoding: Mapped[str | None] = mapped_column(String(20))
    mapping_name: Mapped[str | None] = mapped_column(String(500))
    # The mapping as applied (columns, constants, date formats, value maps), for provenance.
    mapping_spec: Mapped[dict[str, Any] | None] = mapped_column(JSONType)
    # A full version withdraws the source's records that it no longer contains.
    full_version: Mapped[bool] = mapped_column(Boolean, default=True)
    rows_total: Mapped[int] = mapped_column(Integer, default=0)
    n_new: Mapped[int] = mapped_column(Integer, default=0)
    n_changed: Mapped[int] = mapped_column(Integer, default=0)
    n_unchanged: Mapped[int] = mapped_column(Integer, default=0)
    n_withdrawn: Mapped[int] = mapped_column(Integer, default=0)
    n_restored: Mapped[int] = mapped_column(Integer, default=0)
    n_rejected: Mapped[int] = mapped_column(Integer, default=0)
    imported_by: Mapped[str] = mapped_column(String(200))
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]
    status: Mapped[str] = mapped_column(String(20), default="running")


class SourceRecord(Base):
    """One record of one source, normalised, with the row exactly as it was received."""

    __tablename__ = "source_records"
    __table_args__ = (UniqueConstraint("source_id", "record_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"))
    record_id: Mapped[str] = mapped_column(String(200))
    given_name: Mapped[str | None] = mapped_column(String(200))
    family_name: Mapped[str | None] = mapped_column(String(200))
    patronymic: Mapped[str | None] = mapped_column(String(200))
    sex: Mapped[str | None] = mapped_column(String(1))
    # Dates keep their precision: 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD'; nothing is invented.
    birth_date: Mapped[str | None] = mapped_column(String(10))
    birth_place: Mapped[str | None] = mapped_column(String(300))
    birth_region: Mapped[str | None] = mapped_column(String(300))
    last_known_place: Mapped[str | None] = mapped_column(String(300))
    last_known_date: Mapped[str | None] = mapped_column(String(10))
    institution: Mapped[str | None] = mapped_column(Text)
    guardian_names: Mapped[str | None] = mapped_column(Text)
    sibling_ids: Mapped[str | None] = mapped_column(Text)
    age: Mapped[int | None] = mapped_column(Integer)
    notes: Mapped[str | None] = mapped_column(Text)
    # Plain JSON, not JSONB, on PostgreSQL: the row keeps its columns in the file's order.
    raw: Mapped[dict[str, Any]] = mapped_column(JSON)
    extra: Mapped[dict[str, Any] | None] = mapped_column(JSONType)
    # The line of the row in the last batch that gave the record its values (last_batch_id).
    line_no: Mapped[int | None] = mapped_column(Integer)
    content_hash: Mapped[str] = mapped_column(String(40))
    # The row as received (and the layout and normalisation that read it), hashed: a re-import
    # only normalises the rows whose raw hash differs (see ingest.convert).
    raw_hash: Mapped[str | None] = mapped_column(String(40))
    # Creation is recorded here, compactly, rather than as a million 'created' history rows:
    # the batch and the line that first brought the record.
    first_batch_id: Mapped[int] = mapped_column(ForeignKey("import_batches.id"))
    first_line_no: Mapped[int | None] = mapped_column(Integer)
    last_batch_id: Mapped[int] = mapped_column(ForeignKey("import_batches.id"))
    withdrawn: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


Index("ix_source_records_family_name", SourceRecord.family_name)
Index("ix_source_records_birth_date", SourceRecord.birth_date)
# Live records are found through this index, not a scan of the whole table: each incremental
# link asks which live records no person holds yet (1M records: 0.8 s -> 0.2 s on SQLite).
Index("ix_source_records_withdrawn", SourceRecord.withdrawn)
# An import's page counts how many of the records it brought are linked (245,000 records:
# 0.13 s a view without it).
Index("ix_source_records_first_batch_id", SourceRecord.first_batch_id)


class RecordChange(Base):
    """History: every change to a record across re-imports, never rewritten."""

    __tablename__ = "record_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    record_pk: Mapped[int] = mapped_column(ForeignKey("source_records.id"), index=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("import_batches.id"), index=True)
    # changed | withdrawn | restored. Creation is not repeated here: it is the record's
    # first_batch_id and first_line_no (ingest.queries shows it as the first history entry).
    change: Mapped[str] = mapped_column(String(20))
    # Field -> value before / after, for the fields that changed, plus 'raw' (the row as
    # received) when values changed; a record's first values are its current values with every
    # later change's 'before' applied in reverse.
    before: Mapped[dict[str, Any] | None] = mapped_column(JSONType)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSONType)
    # The line of the record in the batch's file (null for 'withdrawn': it was not in the file).
    line_no: Mapped[int | None] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(default=utcnow)
