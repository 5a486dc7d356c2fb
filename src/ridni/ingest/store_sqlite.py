"""The SQLite loader: records are classified against the registry chunk by chunk and written
with ``executemany``. A temporary table of the file's record_ids (``ridni_import_seen``) finds
duplicates and, at the end, the records a full version no longer contains.

Three ways through (``Loader.mode``):

- ``direct``, a first import into an empty source: no lookups, no temporary table; the unique
  index refuses a duplicate record_id.
- ``keys``, a re-import: a first pass stores each row's (record_id, line, raw hash); one join
  finds the rows that are new or not received exactly as before, and only those are read again
  and normalised. An unchanged file is never normalised twice.
- ``careful``: every row normalised and checked, every problem reported with its line.

The fast paths cannot say where a problem is: on any problem they raise ``RetryWithChecks``
and the import runs again, carefully.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from ridni.errors import Invalid
from ridni.ingest.convert import Record
from ridni.ingest.models import CANONICAL_FIELDS, SourceRecord
from ridni.ingest.store import (
    VALUE_FIELDS,
    Counts,
    Loader,
    OldValues,
    RetryWithChecks,
    decode_json,
    diff,
    duplicate_error,
    encode_optional_json,
)

SEEN = "ridni_import_seen"
INSERT_COLUMNS = (
    "source_id",
    *CANONICAL_FIELDS,
    "raw",
    "extra",
    "line_no",
    "first_line_no",
    "content_hash",
    "raw_hash",
    "first_batch_id",
    "last_batch_id",
    "withdrawn",
    "updated_at",
)
UPDATE_COLUMNS = (
    *VALUE_FIELDS, "raw", "extra", "line_no", "content_hash", "raw_hash", "last_batch_id",
)  # fmt: skip
CHANGE_COLUMNS = ("record_pk", "batch_id", "change", "before", "after", "line_no", "at")


class SqliteLoader(Loader):
    param = "?"

    def __enter__(self) -> SqliteLoader:
        dialect = self.session.get_bind().dialect
        # Timestamps go in exactly as SQLAlchemy writes them, so the ORM reads them back.
        column_type = SourceRecord.__table__.c.updated_at.type.dialect_impl(dialect)
        processor = column_type.bind_processor(dialect)
        self.at_value = processor(self.at) if processor else self.at
        self.has_records = self.count_records() > 0  # if not, no lookups are needed
        self.mode = "careful" if self.careful else ("keys" if self.has_records else "direct")
        self._run(f"DROP TABLE IF EXISTS temp.{SEEN}")
        if self.mode != "direct":
            self._run(
                f"CREATE TEMP TABLE {SEEN} (record_id TEXT PRIMARY KEY, line_no INTEGER, "
                "raw_hash TEXT) WITHOUT ROWID"
            )
        return self

    def __exit__(self, *exc: Any) -> None:
        if exc[0] is None:  # after an error the savepoint's rollback removes it
            self._run(f"DROP TABLE IF EXISTS temp.{SEEN}")

    def add(self, chunk: list[Record], *, write: bool) -> list[Invalid]:
        if self.mode == "direct":
            try:
                self._insert(chunk)
            except sqlite3.IntegrityError:
                raise RetryWithChecks from None  # a record_id twice: find where, carefully
            self.counts.new += len(chunk)
            return []
        if self.mode == "keys":  # the rows the keys said to read: no duplicates among them
            self._write(chunk)
            return []
        chunk, problems = self._unique(chunk)
        if write and not problems:
            self._write(chunk)
        return problems

    def add_keys(self, chunk: list[tuple[int, str, str]], *, write: bool) -> list[Invalid]:
        try:
            self.dbapi.executemany(
                f"INSERT INTO {SEEN} (line_no, record_id, raw_hash) VALUES (?, ?, ?)", chunk
            )
        except sqlite3.IntegrityError:
            raise RetryWithChecks from None
        self.keys += len(chunk)
        return []

    def lines_to_read(self) -> bytes | None:
        cursor = self.dbapi.cursor()
        try:
            cursor.execute(
                f"SELECT k.line_no FROM {SEEN} k LEFT JOIN source_records s "
                "ON s.source_id = ? AND s.record_id = k.record_id "
                "WHERE s.id IS NULL OR s.withdrawn OR s.raw_hash IS NOT k.raw_hash",
                (self.source_id,),
            )
            return self._bitmap(line for (line,) in cursor)
        finally:
            cursor.close()

    def _unique(self, chunk: list[Record]) -> tuple[list[Record], list[Invalid]]:
        """Drop and report record_ids seen earlier in the file; remember the others."""
        ids = list({record.record_id for record in chunk})
        marks = ",".join("?" * len(ids))
        earlier = dict(
            self._fetch(f"SELECT record_id, line_no FROM {SEEN} WHERE record_id IN ({marks})", ids)
        )
        first_line: dict[str, int] = {}
        unique, problems = [], []
        for record in chunk:
            before = earlier.get(record.record_id) or first_line.get(record.record_id)
            if before is None:
                first_line[record.record_id] = record.line_no
                unique.append(record)
            else:
                problems.append(
                    duplicate_error(self.file, record.record_id, before, record.line_no)
                )
        self.dbapi.executemany(
            f"INSERT INTO {SEEN} (record_id, line_no) VALUES (?, ?)", list(first_line.items())
        )
        return unique, problems

    def _write(self, chunk: list[Record]) -> None:
        existing = self._existing([r.record_id for r in chunk]) if self.has_records else {}
        new: list[Record] = []
        updated: list[tuple[int, Record, str]] = []
        for record in chunk:
            known = existing.get(record.record_id)
            if known is None:
                new.append(record)
            elif known[2]:
                updated.append((known[0], record, "restored"))
            elif known[1] != record.content_hash:
                updated.append((known[0], record, "changed"))
        counts = self.counts
        counts.new += len(new)
        counts.restored += sum(1 for *_, change in updated if change == "restored")
        counts.changed += sum(1 for *_, change in updated if change == "changed")
        counts.unchanged += len(chunk) - len(new) - len(updated)
        if new:
            self._insert(new)
        if updated:
            self._update(updated)

    def _existing(self, record_ids: list[str]) -> dict[str, tuple[int, str, bool]]:
        marks = ",".join("?" * len(record_ids))
        rows = self._fetch(
            "SELECT record_id, id, content_hash, withdrawn FROM source_records "
            f"WHERE source_id = ? AND record_id IN ({marks})",
            [self.source_id, *record_ids],
        )
        return {row[0]: (row[1], row[2], bool(row[3])) for row in rows}

    def _insert(self, records: list[Record]) -> None:
        source_id, batch_id, at = self.source_id, self.batch_id, self.at_value
        marks = ",".join("?" * len(INSERT_COLUMNS))
        self.dbapi.executemany(
            f"INSERT INTO source_records ({', '.join(INSERT_COLUMNS)}) VALUES ({marks})",
            [
                (
                    source_id,
                    *r.values,
                    r.raw_json,
                    encode_optional_json(r.extra),
                    r.line_no,
                    r.line_no,
                    r.content_hash,
                    r.raw_hash,
                    batch_id,
                    batch_id,
                    0,
                    at,
                )
                for r in records
            ],
        )

    def _update(self, updated: list[tuple[int, Record, str]]) -> None:
        old = self._old_values([pk for pk, *_ in updated])
        rows, changes = [], []
        for pk, r, change in updated:
            before, after = diff(old[pk], r.values[1:], r.extra, json.loads(r.raw_json))
            raw, extra = r.raw_json, encode_optional_json(r.extra)
            rows.append(
                (*r.values[1:], raw, extra, r.line_no, r.content_hash, r.raw_hash, self.batch_id,
                 pk)
            )  # fmt: skip
            before_json, after_json = encode_optional_json(before), encode_optional_json(after)
            changes.append(
                (pk, self.batch_id, change, before_json, after_json, r.line_no, self.at_value)
            )
        assignments = ", ".join(f"{column} = ?" for column in UPDATE_COLUMNS)
        self.dbapi.executemany(
            f"UPDATE source_records SET {assignments}, withdrawn = 0, updated_at = ? WHERE id = ?",
            [(*row[:-1], self.at_value, row[-1]) for row in rows],
        )
        marks = ",".join("?" * len(CHANGE_COLUMNS))
        self.dbapi.executemany(
            f"INSERT INTO record_changes ({', '.join(CHANGE_COLUMNS)}) VALUES ({marks})", changes
        )

    def _old_values(self, pks: list[int]) -> dict[int, OldValues]:
        marks = ",".join("?" * len(pks))
        rows = self._fetch(
            f"SELECT id, {', '.join(VALUE_FIELDS)}, extra, raw FROM source_records "
            f"WHERE id IN ({marks})",
            pks,
        )
        width = len(VALUE_FIELDS)
        return {
            row[0]: OldValues(
                dict(zip(VALUE_FIELDS, row[1 : 1 + width], strict=True)),
                decode_json(row[1 + width]),
                decode_json(row[2 + width]),
            )
            for row in rows
        }

    def apply(self, *, full_version: bool) -> Counts:
        if full_version and self.mode != "direct":
            self.counts.withdrawn = self._withdraw_missing()
        return self.counts

    def _withdraw_missing(self) -> int:
        """Withdraw (never delete) the source's records that the file did not contain."""
        written = self._run(
            "INSERT INTO record_changes (record_pk, batch_id, change, at) "
            "SELECT id, ?, 'withdrawn', ? FROM source_records s "
            "WHERE s.source_id = ? AND NOT s.withdrawn "
            f"AND NOT EXISTS (SELECT 1 FROM {SEEN} WHERE {SEEN}.record_id = s.record_id)",
            (self.batch_id, self.at_value, self.source_id),
        )
        if written:
            self._run(
                "UPDATE source_records SET withdrawn = 1, updated_at = ? WHERE id IN (SELECT "
                "record_pk FROM record_changes WHERE batch_id = ? AND change = 'withdrawn')",
                (self.at_value, self.batch_id),
            )
        return written
