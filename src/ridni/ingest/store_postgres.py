"""The PostgreSQL loader: a COPY kept open while the file is read, so the server stores rows
on the second core while Python parses the next ones; then set-based SQL.

Three ways through (``Loader.mode``):

- ``direct``, a first import into an empty source: the COPY goes straight into the registry.
- ``keys``, a re-import: a first pass copies each row's (record_id, line, raw hash) into a
  scratch table whose primary key refuses duplicates; one join finds the rows that are new or
  not received exactly as before, and only those are read again, normalised and copied into a
  second scratch table.
- ``careful``: every row normalised and copied into the scratch table; a handful of statements
  find duplicates (with their lines) and match the file against the source once.

Then: the changed and reappearing records are updated (their history diffed in Python), the new
ones inserted, the missing ones withdrawn. The fast paths cannot say where a problem is (a
duplicate only shows as an index refusing the COPY): on any problem they raise
``RetryWithChecks`` and the import runs again, carefully, to report every problem.
"""

from __future__ import annotations

from contextlib import ExitStack
from typing import Any

import psycopg

from ridni.errors import Invalid
from ridni.ingest.convert import Record
from ridni.ingest.models import CANONICAL_FIELDS
from ridni.ingest.report import MAX_ERRORS
from ridni.ingest.store import (
    VALUE_FIELDS,
    Counts,
    Loader,
    OldValues,
    RetryWithChecks,
    diff,
    duplicate_error,
    encode_optional_json,
)

ROWS = "ridni_import_rows"
MATCH = "ridni_import_match"
KEYS = "ridni_import_keys"
ROW_COLUMNS = ("line_no", *CANONICAL_FIELDS, "raw", "extra", "content_hash", "raw_hash")
CHANGE_COLUMNS = ("record_pk", "batch_id", "change", "before", "after", "line_no", "at")
RECORD_COLUMNS = (
    "source_id", *CANONICAL_FIELDS, "raw", "extra", "line_no", "first_line_no", "content_hash",
    "raw_hash", "first_batch_id", "last_batch_id", "withdrawn", "updated_at",
)  # fmt: skip
FETCH_ROWS = 5000
# Hash joins and aggregates over a million keys fit in memory instead of spilling to disk.
WORK_MEM = "256MB"


class PostgresLoader(Loader):
    param = "%s"

    def __enter__(self) -> PostgresLoader:
        self._stack = ExitStack()
        self._copy: Any = None
        self._work_mem = self._fetch("SELECT current_setting('work_mem')")[0][0]
        self._run("SELECT set_config('work_mem', %s, true)", (WORK_MEM,))
        for table in (ROWS, MATCH, KEYS):
            self._run(f"DROP TABLE IF EXISTS {table}")
        self.active = self._fetch(
            "SELECT count(*) FILTER (WHERE NOT withdrawn), count(*) FROM source_records "
            "WHERE source_id = %s",
            (self.source_id,),
        )[0]
        self.mode = "careful" if self.careful else ("keys" if self.active[1] else "direct")
        self.written = 0
        if self.mode == "direct":
            self._open_copy("source_records", RECORD_COLUMNS)
        elif self.mode == "keys":
            self._run(
                f"CREATE TEMP TABLE {KEYS} (record_id TEXT PRIMARY KEY, line_no INTEGER, "
                "raw_hash TEXT)"
            )
            self._open_copy(KEYS, ("line_no", "record_id", "raw_hash"))
        else:
            self._open_rows()
        return self

    def _open_rows(self) -> None:
        # Same column types as the registry, no constraints, no WAL: a cheap place to land.
        self._run(
            f"CREATE TEMP TABLE {ROWS} AS SELECT {', '.join(ROW_COLUMNS)} "
            "FROM source_records WITH NO DATA"
        )
        self._open_copy(ROWS, ROW_COLUMNS)

    def _open_copy(self, table: str, columns: tuple[str, ...]) -> None:
        self._stack = ExitStack()
        cursor = self._stack.enter_context(self.dbapi.cursor())
        self._copy = self._stack.enter_context(
            cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN")
        )

    def __exit__(self, *exc: Any) -> None:
        self._close_copy(*exc)
        if exc[0] is None:
            for table in (ROWS, MATCH, KEYS):
                self._run(f"DROP TABLE IF EXISTS {table}")
            self._run("SELECT set_config('work_mem', %s, true)", (self._work_mem,))

    def _close_copy(self, *exc: Any) -> None:
        """End the COPY (or abort it on an error) so the connection can run statements."""
        if self._copy is not None:
            self._copy = None
            try:
                self._stack.__exit__(*(exc or (None, None, None)))
            except psycopg.errors.UniqueViolation:
                if self.mode == "careful":
                    raise
                raise RetryWithChecks from None  # a record_id twice: find where, carefully

    def add(self, chunk: list[Record], *, write: bool) -> list[Invalid]:
        if self.mode == "direct":
            self._add_records(chunk)
            return []
        write_row = self._copy.write_row
        for r in chunk:
            extra = encode_optional_json(r.extra) if r.extra else None
            write_row((r.line_no, *r.values, r.raw_json, extra, r.content_hash, r.raw_hash))
        return []

    def _add_records(self, chunk: list[Record]) -> None:
        write_row = self._copy.write_row
        source, batch, at = self.source_id, self.batch_id, self.at
        for r in chunk:
            extra = encode_optional_json(r.extra) if r.extra else None
            write_row((source, *r.values, r.raw_json, extra, r.line_no, r.line_no,
                       r.content_hash, r.raw_hash, batch, batch, False, at))  # fmt: skip
        self.written += len(chunk)

    def add_keys(self, chunk: list[tuple[int, str, str]], *, write: bool) -> list[Invalid]:
        write_row = self._copy.write_row
        for key in chunk:
            write_row(key)
        self.keys += len(chunk)
        return []

    def lines_to_read(self) -> bytes | None:
        self._close_copy()  # a duplicate record_id shows here (the primary key refuses it)
        self._run(f"ANALYZE {KEYS}")  # temporary tables are never analysed automatically
        with self.dbapi.cursor(name="ridni_import_lines") as cursor:
            cursor.itersize = 50_000
            cursor.execute(
                f"SELECT k.line_no FROM {KEYS} k LEFT JOIN source_records s "
                "ON s.source_id = %s AND s.record_id = k.record_id "
                "WHERE s.id IS NULL OR s.withdrawn OR s.raw_hash IS DISTINCT FROM k.raw_hash",
                (self.source_id,),
            )
            bitmap = self._bitmap(line for (line,) in cursor)
        self._open_rows()
        return bitmap

    def duplicates(self) -> list[Invalid]:
        self._close_copy()
        if self.mode != "careful":
            return []  # an index would have refused the COPY
        rows = self._fetch(
            f"SELECT record_id, (array_agg(line_no ORDER BY line_no))[1:2] FROM {ROWS} "
            "GROUP BY record_id HAVING count(*) > 1 ORDER BY min(line_no) LIMIT %s",
            (MAX_ERRORS,),
        )
        return [duplicate_error(self.file, record_id, *lines) for record_id, lines in rows]

    def apply(self, *, full_version: bool) -> Counts:
        self._close_copy()
        if self.mode == "direct":
            self.counts.new = self.written
            return self.counts
        total = self._fetch(f"SELECT count(*) FROM {ROWS}")[0][0]
        matched = 0
        if self.active[1] and total:  # match the rows read against the source's records, once
            self._run(f"ANALYZE {ROWS}")
            matched = self._match()
            if self.counts.changed or self.counts.restored:
                self._write_history()
                self._update_changed()
        if full_version and self.active[1]:
            self.counts.withdrawn = self._withdraw_missing()
        if matched < total:
            self.counts.new = self._insert_new(anti_join=matched > 0)
        return self.counts

    def _match(self) -> int:
        """Pair the rows read with the source's records; count restored/changed/unchanged."""
        self._run(
            f"CREATE TEMP TABLE {MATCH} AS SELECT r.line_no, s.id AS pk, s.withdrawn, "
            "s.content_hash <> r.content_hash AS differs "
            f"FROM {ROWS} r JOIN source_records s "
            "ON s.source_id = %s AND s.record_id = r.record_id",
            (self.source_id,),
        )
        matched, restored, changed = self._fetch(
            "SELECT count(*), count(*) FILTER (WHERE withdrawn), "
            f"count(*) FILTER (WHERE differs AND NOT withdrawn) FROM {MATCH}"
        )[0]
        self.counts.restored, self.counts.changed = restored, changed
        self.counts.unchanged += matched - restored - changed  # after those the keys settled
        return int(matched)

    def _write_history(self) -> None:
        """A 'changed' or 'restored' entry for each differing record, diffed in Python."""
        old_columns = ", ".join(f"s.{name}" for name in (*VALUE_FIELDS, "extra", "raw"))
        new_columns = ", ".join(f"r.{name}" for name in (*VALUE_FIELDS, "extra", "raw"))
        with self.dbapi.cursor(name="ridni_import_changes") as cursor:
            cursor.itersize = FETCH_ROWS
            cursor.execute(
                f"SELECT m.pk, m.withdrawn, r.line_no, {old_columns}, {new_columns} "
                f"FROM {MATCH} m JOIN {ROWS} r USING (line_no) "
                "JOIN source_records s ON s.id = m.pk "
                "WHERE m.differs OR m.withdrawn ORDER BY r.line_no"
            )
            while rows := cursor.fetchmany(FETCH_ROWS):
                self._copy_changes([self._change(row) for row in rows])

    def _change(self, row: tuple[Any, ...]) -> tuple[Any, ...]:
        width = len(VALUE_FIELDS)
        pk, withdrawn, line_no = row[:3]
        old = row[3 : 5 + width]
        new = row[5 + width :]
        previous = OldValues(dict(zip(VALUE_FIELDS, old[:width], strict=True)), *old[width:])
        before, after = diff(previous, tuple(new[:width]), new[width], new[width + 1])
        change = "restored" if withdrawn else "changed"
        before_json, after_json = encode_optional_json(before), encode_optional_json(after)
        return (pk, self.batch_id, change, before_json, after_json, line_no, self.at)

    def _copy_changes(self, rows: list[tuple[Any, ...]]) -> None:
        with (
            self.dbapi.cursor() as cursor,
            cursor.copy(f"COPY record_changes ({', '.join(CHANGE_COLUMNS)}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)

    def _update_changed(self) -> None:
        columns = (*VALUE_FIELDS, "raw", "extra", "line_no", "content_hash", "raw_hash")
        assignments = ", ".join(f"{name} = r.{name}" for name in columns)
        self._run(
            f"UPDATE source_records s SET {assignments}, last_batch_id = %s, "
            f"withdrawn = FALSE, updated_at = %s FROM {MATCH} m JOIN {ROWS} r USING (line_no) "
            "WHERE s.id = m.pk AND (m.differs OR m.withdrawn)",
            (self.batch_id, self.at),
        )

    def _withdraw_missing(self) -> int:
        """Withdraw (never delete) the source's records that the file did not contain."""
        in_file = (
            f"SELECT 1 FROM {KEYS} k WHERE k.record_id = s.record_id"
            if self.mode == "keys"
            else f"SELECT 1 FROM {ROWS} r WHERE r.record_id = s.record_id"
        )
        return self._run(
            "WITH gone AS (UPDATE source_records s SET withdrawn = TRUE, updated_at = %s "
            f"WHERE s.source_id = %s AND NOT s.withdrawn AND NOT EXISTS ({in_file}) "
            "RETURNING s.id) INSERT INTO record_changes (record_pk, batch_id, change, at) "
            "SELECT id, %s, 'withdrawn', %s FROM gone",
            (self.at, self.source_id, self.batch_id, self.at),
        )

    def _insert_new(self, *, anti_join: bool) -> int:
        values = ", ".join(f"r.{name}" for name in CANONICAL_FIELDS)
        absent = (
            f"WHERE NOT EXISTS (SELECT 1 FROM {MATCH} m WHERE m.line_no = r.line_no)"
            if anti_join
            else ""
        )
        # The scratch table is in file order: ids follow the file without a sort.
        return self._run(
            f"INSERT INTO source_records (source_id, {', '.join(CANONICAL_FIELDS)}, raw, extra, "
            "line_no, first_line_no, content_hash, raw_hash, first_batch_id, last_batch_id, "
            f"withdrawn, updated_at) SELECT %(source)s, {values}, r.raw, r.extra, r.line_no, "
            "r.line_no, r.content_hash, r.raw_hash, %(batch)s, %(batch)s, FALSE, %(at)s "
            f"FROM {ROWS} r {absent}",
            {"source": self.source_id, "batch": self.batch_id, "at": self.at},
        )

    def changed_pks(self) -> list[int]:
        if self.counts.new:
            return super().changed_pks()
        rows = self._fetch(
            "SELECT DISTINCT record_pk FROM record_changes WHERE batch_id = %s ORDER BY 1",
            (self.batch_id,),
        )
        return [row[0] for row in rows]
