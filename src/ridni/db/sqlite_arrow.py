"""Reading a SQLite registry's rows straight into Arrow, in a child process.

Python's sqlite3 driver makes a Python object of every value, which was most of the time spent
loading the linkage frame (a million records: about 20 s on a two-core machine). The ADBC SQLite
driver writes Arrow columns directly, but it links its own copy of SQLite, and two copies of
SQLite in one process must never open the same database file: closing one's file releases the
other's POSIX locks (sqlite.org/howtocorrupt.html, 2.2), which in WAL mode showed at once as
"disk I/O error". So the ADBC read runs in a child process, which is an ordinary second reader,
and streams Arrow IPC back through a pipe. The child is started early (``ArrowReader``) so that
its imports overlap the parent's work; whatever goes wrong there, the caller falls back to its
own cursor (``read`` returns None).

This file is also the child's program: ``python sqlite_arrow.py DATABASE`` reads one query as a
JSON line on stdin and writes its rows as an Arrow IPC stream on stdout. Run as a file, it
imports nothing of ridni.
"""

from __future__ import annotations

import json
import logging
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the child imports pyarrow only when it runs
    import pyarrow as pa

log = logging.getLogger(__name__)


class ArrowReader:
    """One query's rows from a SQLite file, read by a child process started now."""

    def __init__(self, database: str) -> None:
        self._proc: subprocess.Popen[bytes] | None = None
        # A file, not a pipe: a child filling the pipe of its messages would stop writing rows.
        self._errors = tempfile.TemporaryFile()  # noqa: SIM115 (closed by close())
        try:
            self._proc = subprocess.Popen(
                # -I: the child's path holds only the standard library and site-packages.
                [sys.executable, "-I", str(Path(__file__)), database],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=self._errors,
            )
        except OSError as exc:  # no child, no harm: the caller reads with its cursor
            log.warning("Arrow reader not started: %s", exc)

    def read(self, sql: str, schema: pa.Schema) -> pa.Table | None:
        """The rows of ``sql`` as a pyarrow Table cast to ``schema``, or None when the child
        could not give them. ``sql`` should begin with ``typed_first_row`` (UNION ALL), whose
        row the caller drops."""
        import pyarrow as pa

        proc, self._proc = self._proc, None
        if proc is None or proc.stdin is None or proc.stdout is None:
            return None
        try:
            proc.stdin.write((json.dumps(sql) + "\n").encode())
            proc.stdin.close()
            table = pa.ipc.open_stream(proc.stdout).read_all()
        except (OSError, pa.ArrowInvalid) as exc:
            proc.kill()
            proc.wait()
            log.warning("Arrow reader failed: %s", exc)
            return None
        if proc.wait() != 0:
            self._errors.seek(0)
            log.warning(
                "Arrow reader failed: %s", self._errors.read()[-500:].decode(errors="replace")
            )
            return None
        return table.rename_columns(schema.names).cast(schema)

    def __enter__(self) -> ArrowReader:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop the child if ``read`` was never called."""
        if self._proc is not None:
            self._proc.kill()
            self._proc.wait()
            self._proc = None
        self._errors.close()


def typed_first_row(schema: pa.Schema) -> str:
    """A SELECT giving each column of ``schema`` a value of its type, to put first (UNION ALL)
    in a query for ``ArrowReader``: the ADBC driver infers each column's type from the first
    rows it reads, and a column that has no value there (guardian names of the first thousand
    records) would be taken for integers and fail at its first string."""
    import pyarrow as pa

    values = ("-1" if pa.types.is_integer(field.type) else "''" for field in schema)
    return f"SELECT {', '.join(values)}"


def _child(database: str) -> None:
    import adbc_driver_sqlite.dbapi as adbc_sqlite
    import pyarrow as pa

    sql = json.loads(sys.stdin.readline())
    with adbc_sqlite.connect(database) as conn, conn.cursor() as cursor:
        cursor.execute(sql)
        batches = cursor.fetch_record_batch()
        with pa.ipc.new_stream(sys.stdout.buffer, batches.schema) as stream:
            for batch in batches:
                stream.write_batch(batch)


if __name__ == "__main__":
    _child(sys.argv[1])
