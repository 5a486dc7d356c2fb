"""Records an import changes are linked again by the next incremental run, on their new values."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from ridni.db.engine import session_scope
from ridni.ingest.models import Source, SourceRecord
from ridni.ingest.service import import_file
from ridni.linkage import frame as frames
from ridni.linkage.incremental import changed_since_linked, link_new
from ridni.linkage.models import Link, PersonRecord, RecordFeatures
from ridni.linkage.service import link_all
from ridni.security.actors import SYSTEM

IDENTITY = ("given_name", "family_name", "patronymic", "sex", "birth_date", "birth_place")


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _write(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _holders(engine: Engine, source: str) -> dict[str, int]:
    """record_id → person id, for the records of ``source``."""
    with session_scope(engine) as session:
        return dict(
            session.execute(
                select(SourceRecord.record_id, PersonRecord.person_id)
                .join(Source, Source.id == SourceRecord.source_id)
                .join(PersonRecord, PersonRecord.record_pk == SourceRecord.id)
                .where(Source.name == source)
            ).all()
        )


def _members(engine: Engine, person_id: int) -> set[int]:
    with session_scope(engine) as session:
        return set(
            session.scalars(
                select(PersonRecord.record_pk).where(PersonRecord.person_id == person_id)
            )
        )


def _pk(engine: Engine, source: str, record_id: str) -> int:
    with session_scope(engine) as session:
        return session.execute(
            select(SourceRecord.id)
            .join(Source, Source.id == SourceRecord.source_id)
            .where(Source.name == source, SourceRecord.record_id == record_id)
        ).scalar_one()


def _reimport(engine: Engine, path: Path, source: dict[str, str]) -> None:
    with session_scope(engine) as session:
        import_file(
            session=session, actor=SYSTEM, path=path, source=source["source"], kind=source["kind"]
        )


def test_a_record_changed_to_another_child_moves_to_that_child(
    world_engine: Engine, small_world, tmp_path: Path
) -> None:
    link_all(world_engine, actor=SYSTEM)
    manifest = json.loads((small_world.path / "manifest.json").read_text(encoding="utf-8"))
    reports = next(s for s in manifest["sources"] if s["kind"] == "family_report")
    rows = _rows(small_world.path / reports["file"])
    holders = _holders(world_engine, reports["source"])
    sizes = {pid: len(_members(world_engine, pid)) for pid in set(holders.values())}
    # A report whose person holds two more records, and a report of another child with a full
    # identity to copy into it (as if the family had sent the other child's details).
    moved = next(r for r in rows if sizes[holders[r["record_id"]]] >= 3)
    model = next(
        r
        for r in rows
        if holders[r["record_id"]] != holders[moved["record_id"]]
        and sizes[holders[r["record_id"]]] >= 2
        and all(r[f] for f in IDENTITY)
        and len(r["birth_date"]) == 10
    )
    old_person = holders[moved["record_id"]]
    stayed = _members(world_engine, old_person) - {
        _pk(world_engine, reports["source"], moved["record_id"])
    }
    changed = [
        {**r, **{f: model[f] for f in IDENTITY}, "sibling_ids": ""} if r is moved else r
        for r in rows
    ]
    path = tmp_path / reports["file"]
    _write(path, changed)
    _reimport(world_engine, path, reports)
    pk = _pk(world_engine, reports["source"], moved["record_id"])
    with session_scope(world_engine) as session:
        assert changed_since_linked(session) == [pk]
        born = session.get(SourceRecord, _pk(world_engine, reports["source"], model["record_id"]))
        assert session.get(SourceRecord, pk).birth_date == born.birth_date
        assert session.get(RecordFeatures, pk).birth_year == int(born.birth_date[:4])

    result = link_new(world_engine, actor=SYSTEM)

    assert result.n_records == 1
    after = _holders(world_engine, reports["source"])
    assert after[moved["record_id"]] == after[model["record_id"]]  # with the child it names now
    # The person it left stays whole without it.
    with session_scope(world_engine) as session:
        holders_of_stayed = set(
            session.scalars(
                select(PersonRecord.person_id).where(PersonRecord.record_pk.in_(list(stayed)))
            )
        )
        assert len(holders_of_stayed) == 1
        assert pk not in _members(world_engine, holders_of_stayed.pop())
        # No link scored on its old values is kept.
        runs = set(
            session.scalars(
                select(Link.run_id).where((Link.record_a == pk) | (Link.record_b == pk))
            )
        )
        assert runs == {result.run_id}
        assert changed_since_linked(session) == []
    assert link_new(world_engine, actor=SYSTEM).n_records == 0  # nothing left to do


def test_a_big_import_drops_the_keys_of_the_records_it_changed(
    world_engine: Engine, small_world, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Above the hook's limit features are left to the next run, which computes the missing
    ones: a changed record's old keys must not pass for current."""
    monkeypatch.setattr(frames, "HOOK_LIMIT", 0)
    manifest = json.loads((small_world.path / "manifest.json").read_text(encoding="utf-8"))
    registry = next(s for s in manifest["sources"] if s["kind"] == "official_registry")
    rows = _rows(small_world.path / registry["file"])
    target = next(r for r in rows if r["given_name"])
    renamed = [{**r, "given_name": "Євстахій"} if r is target else r for r in rows]
    path = tmp_path / registry["file"]
    _write(path, renamed)
    _reimport(world_engine, path, registry)
    pk = _pk(world_engine, registry["source"], target["record_id"])
    with session_scope(world_engine) as session:
        assert session.get(RecordFeatures, pk) is None
        frames.refresh_features(session)
    with session_scope(world_engine) as session:
        assert session.get(RecordFeatures, pk).given_latin == "evstakhi"


def test_a_change_that_linking_does_not_read_leaves_the_record_where_it_is(
    world_engine: Engine, small_world, tmp_path: Path
) -> None:
    link_all(world_engine, actor=SYSTEM)
    manifest = json.loads((small_world.path / "manifest.json").read_text(encoding="utf-8"))
    registry = next(s for s in manifest["sources"] if s["kind"] == "official_registry")
    rows = _rows(small_world.path / registry["file"])
    noted = [{**r, "notes": r["notes"] + " (уточнено)"} if i < 5 else r for i, r in enumerate(rows)]
    path = tmp_path / registry["file"]
    _write(path, noted)
    _reimport(world_engine, path, registry)
    with session_scope(world_engine) as session:
        assert changed_since_linked(session) == []
    assert link_new(world_engine, actor=SYSTEM).n_records == 0
