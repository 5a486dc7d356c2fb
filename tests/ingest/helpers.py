"""Helpers for the ingest tests: sample files, a whole-database snapshot, a one-call import."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select

from ridni.db.base import Base
from ridni.db.engine import session_scope
from ridni.ingest.report import ImportReport
from ridni.ingest.service import import_file
from ridni.security.actors import SYSTEM

DATA = Path(__file__).parent / "data"
HEADER = (
    "record_id,given_name,family_name,patronymic,sex,birth_date,birth_place,birth_region,"
    "last_known_place,last_known_date,institution,guardian_names,sibling_ids,age,notes"
)


def snapshot(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, in a stable order: equal snapshots mean an unchanged database."""
    tables = {}
    with engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            rows = conn.execute(select(table)).all()
            tables[table.name] = sorted(tuple(map(repr, row)) for row in rows)
    return tables


def run_import(engine: Engine, path: Path | str, **options: Any) -> ImportReport:
    options.setdefault("source", "test_src")
    options.setdefault("kind", "family_report")
    options.setdefault("actor", SYSTEM)
    with session_scope(engine) as session:
        return import_file(session=session, path=path, **options)


def canonical_rows(*rows: str) -> str:
    return HEADER + "\n" + "\n".join(rows) + "\n"
