"""Writing an import's records: what both dialects share.

A loader receives the file's records chunk by chunk, then applies them: new records are
inserted, changed and reappearing ones updated with their history, missing ones withdrawn (on a
full version). SQLite (``store_sqlite``) classifies each chunk against the registry and writes
it with ``executemany``; PostgreSQL (``store_postgres``) streams the whole file with one
``COPY`` into a scratch table and applies it with set-based SQL. Both work at the driver level
inside the session's transaction, so an import stays all or nothing.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from types import TracebackType
from typing import Any, NamedTuple

from sqlalchemy.orm import Session

from ridni.errors import Invalid
from ridni.ingest.convert import Record, encode_json
from ridni.ingest.models import CANONICAL_FIELDS
from ridni.ingest.pipeline import line_bitmap

VALUE_FIELDS = CANONICAL_FIELDS[1:]  # everything but record_id, which never changes


@dataclass
class Counts:
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    restored: int = 0
    withdrawn: int = 0


class OldValues(NamedTuple):
    values: dict[str, Any]  # VALUE_FIELDS -> value
    extra: dict[str, Any] | None
    raw: dict[str, Any]


def encode_optional_json(value: Any) -> str | None:
    return None if value is None else encode_json(value)


def decode_json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


def diff(
    old: OldValues, new_values: tuple[Any, ...], extra: Any, raw: Any
) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """The fields that changed, before and after, with both raw rows; None when none did.

    ``new_values`` follow ``VALUE_FIELDS``.
    """
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    for name, value in zip(VALUE_FIELDS, new_values, strict=True):
        if old.values[name] != value:
            before[name], after[name] = old.values[name], value
    if (old.extra or None) != (extra or None):
        before["extra"], after["extra"] = old.extra, extra
    if not before:
        return None, None
    before["raw"], after["raw"] = old.raw, raw
    return before, after


class RetryWithChecks(Exception):
    """A fast path met a problem it cannot describe: roll back and import again carefully."""


def duplicate_error(file: str, record_id: str, first: int, again: int) -> Invalid:
    return Invalid(
        f"record_id {record_id!r} appears twice (lines {first} and {again})",
        file=file,
        line=again,
        field="record_id",
    )


class Loader:
    """One import's writer for one source and batch. Use as a context manager."""

    param = "?"

    def __init__(
        self,
        session: Session,
        *,
        source_id: int,
        batch_id: int,
        at: datetime,
        file: str,
        careful: bool = False,
    ) -> None:
        self.session = session
        self.careful = careful  # no fast path that could fail without saying where
        self.source_id = source_id
        self.batch_id = batch_id
        self.at = at
        self.file = file
        self.counts = Counts()
        self.mode = "careful"  # direct | keys | careful, decided on entering
        self.keys = 0  # rows seen by a keys pass
        self.dbapi: Any = session.connection().connection.dbapi_connection

    def __enter__(self) -> Loader:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        return None

    def add(self, chunk: list[Record], *, write: bool) -> list[Invalid]:
        """Take a chunk of records in file order; return the duplicates found so far.

        With ``write=False`` (the import already failed) only look for more problems.
        """
        raise NotImplementedError

    def add_keys(self, chunk: list[tuple[int, str, str]], *, write: bool) -> list[Invalid]:
        """A re-import's first pass: (line, record_id, raw hash) of each row."""
        raise NotImplementedError

    def lines_to_read(self) -> bytes | None:
        """After the keys: a bitmap of the lines to read and normalise (new rows, rows not
        received exactly as before, withdrawn ones), or None when there are none."""
        raise NotImplementedError

    def _bitmap(self, lines: Iterable[int]) -> bytes | None:
        numbers = list(lines)
        self.counts.unchanged += self.keys - len(numbers)
        return line_bitmap(numbers) if numbers else None

    def duplicates(self) -> list[Invalid]:
        """Duplicates only visible once the whole file is read."""
        return []

    def errors_found(self) -> None:
        """The file has problems: a fast path cannot say where, so it gives way to a careful
        import that reports them all."""
        if self.mode != "careful":
            raise RetryWithChecks

    def apply(self, *, full_version: bool) -> Counts:
        raise NotImplementedError

    def changed_pks(self) -> list[int]:
        """Records this batch created, changed, restored or withdrawn, ascending."""
        p = self.param
        # Disjoint: a record has no history in the batch that created it (UNION ALL, no dedup).
        rows = self._fetch(
            f"SELECT id FROM source_records WHERE source_id = {p} AND first_batch_id = {p} "
            f"UNION ALL SELECT record_pk FROM record_changes WHERE batch_id = {p} ORDER BY 1",
            (self.source_id, self.batch_id, self.batch_id),
        )
        return [row[0] for row in rows]

    def count_records(self) -> int:
        p = self.param
        rows = self._fetch(
            f"SELECT count(*) FROM source_records WHERE source_id = {p}", (self.source_id,)
        )
        return int(rows[0][0])

    def _fetch(self, sql: str, params: Any = ()) -> list[tuple[Any, ...]]:
        cursor = self.dbapi.cursor()
        try:
            cursor.execute(sql, params)
            return list(cursor.fetchall())
        finally:
            cursor.close()

    def _run(self, sql: str, params: Any = ()) -> int:
        cursor = self.dbapi.cursor()
        try:
            cursor.execute(sql, params)
            return int(cursor.rowcount)
        finally:
            cursor.close()


def loader_for(
    session: Session, *, source_id: int, batch_id: int, at: datetime, file: str, careful: bool
) -> Loader:
    from ridni.ingest.store_postgres import PostgresLoader
    from ridni.ingest.store_sqlite import SqliteLoader

    dialect = session.get_bind().dialect.name
    cls = SqliteLoader if dialect == "sqlite" else PostgresLoader
    return cls(session, source_id=source_id, batch_id=batch_id, at=at, file=file, careful=careful)
