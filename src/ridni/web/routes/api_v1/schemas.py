"""API response shapes (the OpenAPI schema is generated from them)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field


class Problem(BaseModel):
    detail: Any


class MeOut(BaseModel):
    username: str
    role: str
    organisation_id: int | None
    actions: list[str]


class RecordSummaryOut(BaseModel):
    pk: int
    record_id: str
    source: str
    kind: str
    given_name: str | None = None
    family_name: str | None = None
    patronymic: str | None = None
    sex: str | None = None
    birth_date: str | None = None
    birth_place: str | None = None
    last_known_place: str | None = None
    last_known_date: str | None = None
    age: int | None = None
    guardian_names: str | None = None
    notes: str | None = None
    redacted: list[str] = []


class SearchHitOut(BaseModel):
    person_id: int | None
    display_name: str
    birth_date: str | None
    score: float
    matched: list[str]
    records: int
    sources: list[str]
    best: RecordSummaryOut


class SearchOut(BaseModel):
    query: str
    date: str | None
    words: list[str]
    elapsed_ms: float
    hits: list[SearchHitOut]


class AuditEventOut(BaseModel):
    seq: int
    at: datetime
    actor: str
    role: str | None
    organisation_id: int | None
    address: str | None
    action: str
    object_type: str | None
    object_id: str | None
    details: dict[str, Any] | None
    prev_hash: str
    hash: str


class VerifyOut(BaseModel):
    ok: bool
    checked: int
    head_seq: int
    head_hash: str
    problem: str | None
    seq: int | None
    message: str


class SourceCountOut(BaseModel):
    source_id: int
    name: str
    kind: str
    records: int


class StatsOut(BaseModel):
    records: int
    persons: int
    sources: int
    batches: int
    by_source: list[SourceCountOut]
    by_kind: dict[str, int]


class SourceOut(BaseModel):
    id: int
    name: str
    kind: str
    description: str | None
    records: int
    batches: int
    last_import: datetime | None


class BatchOut(BaseModel):
    id: int
    source_id: int
    source: str
    file_name: str
    file_size: int
    sha256: str
    file_format: str
    full_version: bool
    rows_total: int
    n_new: int
    n_changed: int
    n_unchanged: int
    n_withdrawn: int
    n_rejected: int
    imported_by: str
    started_at: datetime
    finished_at: datetime | None
    status: str


class BatchDetailOut(BatchOut):
    new_records_linked: int = Field(description="New records of the batch a person holds")
    new_records_waiting: int = Field(description="New records waiting for a linking run")


class SourceDetailOut(SourceOut):
    imports: list[BatchOut]


class ImportErrorOut(BaseModel):
    file: str | None
    line: int | None
    field: str | None
    message: str


class ImportProblemOut(BaseModel):
    detail: str
    errors: list[ImportErrorOut]
    truncated: bool


class ImportReportOut(BaseModel):
    batch_id: int | None
    dry_run: bool
    file: str
    source: str
    kind: str
    rows_total: int
    n_new: int
    n_changed: int
    n_unchanged: int
    n_withdrawn: int
    seconds: float


class LinkageRunOut(BaseModel):
    id: int
    mode: str = Field(description="full, or incremental (new and changed records)")
    engine: str
    started_by: str
    started_at: datetime
    finished_at: datetime | None
    records: int
    links: int
    persons: int
    status: str = Field(description="completed, failed or running")
    error: str | None = Field(description="A failed run's error: its kind and first line")
    reason: str | None = Field(description="Why it ran, e.g. after import 12 by olena")
    timings: dict[str, float] = Field(description="Seconds per step")


class LinkingOut(BaseModel):
    waiting: int = Field(description="Live records no person holds yet")
    changed: int = Field(description="Records an import changed since the run that placed them")
    runs: list[LinkageRunOut] = Field(description="The latest runs, newest first")
