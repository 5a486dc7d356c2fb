"""A SQLite registry is read into the linkage frame by a child process with the ADBC driver
(``db.sqlite_arrow``); it must give exactly what the database driver's cursor gives, and when it
cannot, the cursor reads instead."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pytest
from sqlalchemy import Engine, func, select, text

import ridni.linkage  # noqa: F401  (the features hook of imports)
from ridni.db.engine import session_scope
from ridni.db.sqlite_arrow import ArrowReader
from ridni.ingest.models import SourceRecord
from ridni.ingest.service import import_file
from ridni.linkage import frame as frames
from ridni.security.actors import SYSTEM


def _read_both(engine: Engine, pks: list[int] | None = None) -> tuple[pa.Table, pa.Table]:
    """The frame's rows read by the child and by the cursor (the child really reads them)."""
    reader = frames.arrow_reader(engine)
    assert reader is not None
    assert reader.read(frames._reader_query(""), frames._FRAME_SCHEMA) is not None
    tables = []
    for reader in (frames.arrow_reader(engine), None):
        con = duckdb.connect()
        frames.load_registry(con, engine, pks=pks, reader=reader)
        tables.append(con.sql("SELECT * FROM registry ORDER BY unique_id").to_arrow_table())
        con.close()
    return tables[0], tables[1]


def _sqlite_only(engine: Engine) -> None:
    if frames.arrow_reader(engine) is None:
        pytest.skip("the child reader reads SQLite files")


def test_a_column_without_values_in_the_first_thousand_rows_is_read_whole(
    engine: Engine, tmp_path: Path
) -> None:
    _sqlite_only(engine)
    rows = ["record_id,given_name,family_name,sex,birth_date,guardian_names,institution"]
    rows += [f"R{i:05d},Олена,Коваленко,F,2012-03-{i % 28 + 1:02d},," for i in range(1_500)]
    rows.append("LAST,Іван,Мельник,M,2011,Марія Мельник; Петро Мельник,Будинок дитини")
    path = tmp_path / "records.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    with session_scope(engine) as session:
        import_file(session=session, actor=SYSTEM, path=path, source="s", kind="osint")
    by_child, by_cursor = _read_both(engine)
    assert by_child.num_rows == 1_501
    assert by_child.equals(by_cursor)
    last = by_child.filter(pc.equal(by_child["record_id"], "LAST")).to_pylist()[0]
    assert last["guardian_keys_text"] and last["institution_key"]
    # The parent's own connections are untouched by the child's (a second SQLite library in
    # this process would have dropped their locks): it still writes.
    with session_scope(engine) as session:
        session.execute(text("UPDATE source_records SET withdrawn = :yes"), {"yes": True})
        assert session.scalar(select(func.count()).where(SourceRecord.withdrawn)) == 1_501


def test_the_frame_of_a_world_is_the_same_by_either_reader(world_engine: Engine) -> None:
    _sqlite_only(world_engine)
    with session_scope(world_engine) as session:
        frames.refresh_features(session)
    for pks in (None, [1, 5, 8, 13, 21, 34, 55, 89, 144, 233]):
        by_child, by_cursor = _read_both(world_engine, pks)
        assert by_child.num_rows and by_child.equals(by_cursor)


def test_a_child_that_cannot_read_gives_way_to_the_cursor(
    engine: Engine, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    _sqlite_only(engine)
    broken = ArrowReader(str(tmp_path / "no such dir" / "ridni.db"))
    assert broken.read("SELECT 1", pa.schema([("one", pa.int64())])) is None
    assert "Arrow reader failed" in caplog.text
    con = duckdb.connect()
    assert frames.load_registry(con, engine, reader=ArrowReader(str(tmp_path / "nope"))) == 0
    unused = ArrowReader(str(tmp_path / "x.db"))
    unused.close()


def _partition(engine: Engine) -> set[frozenset[int]]:
    from collections import defaultdict

    from ridni.linkage.models import PersonRecord

    groups: dict[int, set[int]] = defaultdict(set)
    with session_scope(engine) as session:
        for pk, person in session.execute(select(PersonRecord.record_pk, PersonRecord.person_id)):
            groups[person].add(pk)
    return {frozenset(g) for g in groups.values()}


def test_a_link_read_through_the_child_makes_the_same_persons(
    world_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ridni.linkage.service import link_all

    _sqlite_only(world_engine)
    link_all(world_engine, actor=SYSTEM)
    by_cursor = _partition(world_engine)
    reads: list[bool] = []

    class Counted(ArrowReader):
        def read(self, sql: str, schema: pa.Schema) -> pa.Table | None:
            table = super().read(sql, schema)
            reads.append(table is not None)
            return table

    monkeypatch.setattr(frames, "READER_FROM", 0)
    monkeypatch.setattr(frames, "ArrowReader", Counted)
    link_all(world_engine, actor=SYSTEM)
    assert reads == [True]
    assert _partition(world_engine) == by_cursor
