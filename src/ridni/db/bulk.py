"""Bulk writes inside the caller's transaction: COPY on PostgreSQL, executemany on SQLite.

For the million-row paths (imports, linking) where ORM or per-row statements are too slow.
Values must already be in database form (JSON columns as JSON text).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy.orm import Session

_CHUNK = 50_000


def bulk_insert(
    session: Session, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> int:
    """Insert ``rows`` into ``table`` in the session's transaction; returns the row count."""
    connection = session.connection()
    driver = connection.connection.driver_connection
    cols = ", ".join(columns)
    count = 0
    if connection.dialect.name == "postgresql":
        with driver.cursor() as cursor, cursor.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
        return count
    marks = ", ".join("?" for _ in columns)
    cursor = driver.cursor()
    chunk: list[Sequence[Any]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= _CHUNK:
            cursor.executemany(f"INSERT INTO {table} ({cols}) VALUES ({marks})", chunk)
            count += len(chunk)
            chunk = []
    if chunk:
        cursor.executemany(f"INSERT INTO {table} ({cols}) VALUES ({marks})", chunk)
        count += len(chunk)
    cursor.close()
    return count


def reset_sequence(session: Session, table: str, column: str = "id") -> None:
    """After inserting explicit ids on PostgreSQL, move the table's sequence past them."""
    connection = session.connection()
    if connection.dialect.name != "postgresql":
        return
    connection.exec_driver_sql(
        f"SELECT setval(pg_get_serial_sequence('{table}', '{column}'), "
        f"COALESCE((SELECT MAX({column}) FROM {table}), 0) + 1, false)"
    )
