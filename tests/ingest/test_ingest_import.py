"""The importer end to end, on SQLite and PostgreSQL: counts, history, provenance, hooks."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from ridni.db.engine import session_scope
from ridni.errors import Forbidden, Invalid
from ridni.ingest import hooks, queries
from ridni.ingest.models import ImportBatch, RecordChange, Source, SourceRecord
from ridni.security.actors import SYSTEM, Actor

from .helpers import DATA, run_import, snapshot

Write = Callable[..., Path]


def records(engine: Engine) -> dict[str, SourceRecord]:
    with Session(engine) as session:
        return {r.record_id: r for r in session.scalars(select(SourceRecord))}


def changes(engine: Engine) -> list[tuple[str, str, int]]:
    with Session(engine) as session:
        rows = session.execute(
            select(SourceRecord.record_id, RecordChange.change, RecordChange.batch_id)
            .join(SourceRecord, SourceRecord.id == RecordChange.record_pk)
            .order_by(RecordChange.id)
        )
        return [tuple(row) for row in rows]  # type: ignore[misc]


def counts(report) -> tuple[int, ...]:  # type: ignore[no-untyped-def]
    return (report.n_new, report.n_changed, report.n_unchanged, report.n_restored,
            report.n_withdrawn)  # fmt: skip


def test_first_import_stores_values_raw_rows_and_provenance(engine: Engine) -> None:
    report = run_import(engine, DATA / "canonical.csv", description="test registry")
    assert report.rows_total == 5 and counts(report) == (5, 0, 0, 0, 0)
    assert (report.file_format, report.encoding, report.delimiter) == ("csv", "utf-8", ",")
    rows = records(engine)
    first = rows["TST-001"]
    assert (first.given_name, first.sex, first.birth_date) == ("Олесь", "M", "2014-03-09")
    assert first.guardian_names == "Марія Вигаденко; Іван Вигаденко"
    assert first.raw["birth_date"] == "09.03.2014" and first.raw["sex"] == "ч"
    assert list(first.raw) == list(rows["TST-002"].raw)  # the file's column order is kept
    assert rows["TST-002"].notes == "бачили у таборі"
    assert rows["TST-002"].raw["notes"] == "бачили у\nтаборі"
    assert rows["TST-002"].line_no == 3 and rows["TST-003"].line_no == 5
    assert rows["TST-003"].birth_date == "2012-07" and rows["TST-005"].age == 11
    assert all(r.first_batch_id == r.last_batch_id == report.batch_id for r in rows.values())
    assert all(r.first_line_no == r.line_no for r in rows.values())
    with Session(engine) as session:
        batch = session.get(ImportBatch, report.batch_id)
        assert batch is not None
        assert (batch.status, batch.imported_by, batch.n_new, batch.rows_total) == (
            "done", "system", 5, 5)  # fmt: skip
        assert batch.sha256 == report.sha256 and batch.file_size == report.size
        source = session.scalar(select(Source))
        assert source is not None and (source.name, source.kind) == ("test_src", "family_report")
        assert source.description == "test registry"
    assert changes(engine) == []  # creation is recorded on the record itself


def test_reimporting_the_same_file_changes_nothing(engine: Engine) -> None:
    run_import(engine, DATA / "canonical.csv")
    before = snapshot(engine)
    report = run_import(engine, DATA / "canonical.csv")
    assert counts(report) == (0, 0, 5, 0, 0)
    after = snapshot(engine)
    assert len(after["import_batches"]) == len(before["import_batches"]) + 1
    after.pop("import_batches"), before.pop("import_batches")
    assert after == before


def test_a_new_version_updates_changed_withdraws_missing_and_a_later_one_restores(
    engine: Engine,
) -> None:
    first = run_import(engine, DATA / "canonical.csv")
    second = run_import(engine, DATA / "canonical_v2.csv")
    # TST-001 only respelt its date: unchanged. TST-002 gained a sighting. TST-003 is gone.
    assert counts(second) == (1, 1, 3, 0, 1)
    rows = records(engine)
    assert rows["TST-002"].last_known_place == "Анапа"
    assert rows["TST-002"].last_batch_id == second.batch_id and rows["TST-002"].line_no == 3
    assert rows["TST-001"].last_batch_id == first.batch_id  # untouched
    assert rows["TST-001"].raw["birth_date"] == "09.03.2014"
    assert rows["TST-003"].withdrawn and rows["TST-003"].given_name == "Александр"
    assert rows["TST-006"].first_batch_id == second.batch_id
    assert changes(engine) == [
        ("TST-002", "changed", second.batch_id),
        ("TST-003", "withdrawn", second.batch_id),
    ]
    third = run_import(engine, DATA / "canonical.csv")
    assert counts(third) == (0, 1, 3, 1, 1)
    rows = records(engine)
    assert not rows["TST-003"].withdrawn and rows["TST-006"].withdrawn
    assert rows["TST-002"].last_known_place is None
    assert changes(engine)[2:] == [
        ("TST-002", "changed", third.batch_id),
        ("TST-003", "restored", third.batch_id),
        ("TST-006", "withdrawn", third.batch_id),
    ]
    with Session(engine) as session:
        assert session.scalar(select(func.count()).select_from(SourceRecord)) == 6  # never deleted


def test_history_holds_before_and_after_and_rebuilds_the_first_values(engine: Engine) -> None:
    first = run_import(engine, DATA / "canonical.csv")
    second = run_import(engine, DATA / "canonical_v2.csv")
    with session_scope(engine) as session:
        detail = queries.get_record(
            session=session, actor=SYSTEM, source="test_src", record_id="TST-002"
        )
    created, changed = detail.history
    assert (created.change, created.batch.id, created.line_no) == ("created", first.batch_id, 3)
    assert created.after is not None and created.after["last_known_place"] is None
    assert created.after["raw"]["last_known_place"] == ""
    assert (changed.change, changed.batch.id, changed.line_no) == ("changed", second.batch_id, 3)
    assert changed.before == {
        "last_known_place": None,
        "last_known_date": None,
        "raw": json.loads(json.dumps(created.after["raw"])),
    }
    assert changed.after is not None
    assert (changed.after["last_known_place"], changed.after["last_known_date"]) == (
        "Анапа", "2024-02-10")  # fmt: skip
    assert detail.fields["last_known_place"] == "Анапа"
    assert detail.first_batch.id == first.batch_id and detail.last_batch.id == second.batch_id
    assert detail.last_batch.sha256 == second.sha256


def test_a_partial_file_withdraws_nothing(engine: Engine) -> None:
    run_import(engine, DATA / "canonical.csv")
    report = run_import(engine, DATA / "canonical_v2.csv", full_version=False)
    assert not report.full_version and counts(report) == (1, 1, 3, 0, 0)
    assert not records(engine)["TST-003"].withdrawn


def test_dry_run_reports_and_writes_nothing(engine: Engine) -> None:
    run_import(engine, DATA / "canonical.csv")
    before = snapshot(engine)
    report = run_import(engine, DATA / "canonical_v2.csv", dry_run=True)
    assert report.dry_run and report.batch_id is None
    assert counts(report) == (1, 1, 3, 0, 1)
    assert snapshot(engine) == before


def test_a_mapped_cp1251_semicolon_file(engine: Engine, write: Write) -> None:
    text = (DATA / "family_form.csv").read_text(encoding="utf-8")
    path = write("family_form.csv", text.encode("cp1251"))
    report = run_import(engine, path, mapping=DATA / "family_form.toml", source="forms")
    assert (report.encoding, report.delimiter, report.mapping) == (
        "cp1251",
        ";",
        "family_form.toml",
    )
    assert not report.full_version  # from the mapping's options
    rows = records(engine)
    assert (rows["FR-1"].sex, rows["FR-1"].birth_date) == ("M", "2014-03-09")
    assert (rows["FR-2"].sex, rows["FR-2"].birth_date) == ("F", "2016-03")
    assert rows["FR-3"].birth_region == "Невідома область"
    assert rows["FR-1"].extra == {"Примітка оператора": "дзвонила мати"}
    assert rows["FR-1"].raw["№"] == "1" and rows["FR-1"].raw["Стать"] == "1"
    with Session(engine) as session:
        batch = session.get(ImportBatch, report.batch_id)
        assert batch is not None and batch.encoding == "cp1251"
        assert batch.mapping_spec is not None and batch.mapping_spec["values"]["sex"]["1"] == "M"


def test_json_lines_and_xlsx(engine: Engine, tmp_path: Path) -> None:
    report = run_import(engine, DATA / "canonical.jsonl", source="jsonl_src")
    assert report.file_format == "jsonl" and report.n_new == 3
    rows = records(engine)
    assert rows["102"].age == 12 and rows["102"].extra == {"school": "Гімназія №0"}
    assert rows["102"].raw["record_id"] == 102  # as received: a JSON number
    book = openpyxl.Workbook()
    book.active.append(["record_id", "given_name", "sex"])
    book.active.append(["X-1", "Марко", "ч"])
    book.save(tmp_path / "list.xlsx")
    report = run_import(engine, tmp_path / "list.xlsx", source="xlsx_src")
    assert (report.file_format, report.encoding, report.n_new) == ("xlsx", None, 1)
    assert records(engine)["X-1"].sex == "M"


def test_a_source_keeps_its_kind(engine: Engine) -> None:
    run_import(engine, DATA / "canonical.csv")
    before = snapshot(engine)
    with pytest.raises(Invalid, match="is a family_report") as caught:
        run_import(engine, DATA / "canonical.csv", kind="osint")
    assert caught.value.field == "kind"
    assert snapshot(engine) == before


def test_partners_import_into_their_own_sources_only(engine: Engine) -> None:
    partner = Actor(username="p1", role="partner", organisation_id=7)
    run_import(engine, DATA / "canonical.csv", actor=partner, source="partner_src")
    with Session(engine) as session:
        source = session.scalar(select(Source).where(Source.name == "partner_src"))
        assert source is not None and source.organisation_id == 7
    other = Actor(username="p2", role="partner", organisation_id=8)
    with pytest.raises(Forbidden):
        run_import(engine, DATA / "canonical.csv", actor=other, source="partner_src")
    with pytest.raises(Forbidden):
        run_import(engine, DATA / "canonical.csv", actor=Actor("a", "auditor"), source="x")


def test_after_import_hooks_receive_the_changed_records(engine: Engine) -> None:
    calls: list[tuple[int, list[int]]] = []

    def record_call(session: Session, batch_id: int, pks: Sequence[int]) -> None:
        assert session.get(ImportBatch, batch_id) is not None  # inside the import's transaction
        calls.append((batch_id, list(pks)))

    hooks.register(record_call)
    try:
        first = run_import(engine, DATA / "canonical.csv")
        run_import(engine, DATA / "canonical.csv", dry_run=True)  # dry runs call nothing
        second = run_import(engine, DATA / "canonical_v2.csv")
    finally:
        hooks.unregister(record_call)
    rows = records(engine)
    pks = {record_id: r.id for record_id, r in rows.items()}
    assert calls == [
        (first.batch_id, sorted(pks[f"TST-00{n}"] for n in range(1, 6))),
        (second.batch_id, sorted([pks["TST-002"], pks["TST-003"], pks["TST-006"]])),
    ]
    assert record_call not in hooks.registered()


def test_a_failing_hook_rolls_the_import_back(engine: Engine) -> None:
    def explode(session: Session, batch_id: int, pks: Sequence[int]) -> None:
        raise RuntimeError("feature computation failed")

    before = snapshot(engine)
    hooks.register(explode)
    try:
        with pytest.raises(RuntimeError, match="feature computation failed"):
            run_import(engine, DATA / "canonical.csv")
    finally:
        hooks.unregister(explode)
    assert snapshot(engine) == before


def test_an_import_inside_a_larger_unit_of_work_is_all_or_nothing(
    engine: Engine, write: Write
) -> None:
    """The caller may go on after a failed import: nothing of it is left in the transaction."""
    bad = write("bad.csv", "record_id,sex\nA,M\nB,so-so\n")
    with session_scope(engine) as session:
        from ridni.ingest.service import import_file

        import_file(session=session, actor=SYSTEM, path=DATA / "canonical.csv",
                    source="good", kind="osint")  # fmt: skip
        with pytest.raises(Invalid):
            import_file(session=session, actor=SYSTEM, path=bad, source="bad", kind="osint")
    with Session(engine) as session:
        assert session.scalars(select(Source.name)).all() == ["good"]
        assert session.scalar(select(func.count()).select_from(SourceRecord)) == 5


def test_large_files_are_read_by_a_worker_process_with_the_same_result(
    engine: Engine, write: Write
) -> None:
    lines = [f"W-{n:05d},Ім'я{n % 50},Прізвище{n % 300},,{'чж'[n % 2]},{2010 + n % 12}-0{1 + n % 9}"
             for n in range(12_000)]  # fmt: skip
    path = write("big.csv", "record_id,given_name,family_name,patronymic,sex,birth_date\n"
                 + "\n".join(lines) + "\n")  # fmt: skip
    in_worker = run_import(engine, path, source="worker_src", worker=True)
    here = run_import(engine, path, source="here_src", worker=False)
    assert in_worker.n_new == here.n_new == 12_000
    with Session(engine) as session:

        def values(name: str) -> list[tuple[object, ...]]:
            rows = session.execute(
                select(SourceRecord.record_id, SourceRecord.sex, SourceRecord.birth_date,
                       SourceRecord.raw, SourceRecord.content_hash, SourceRecord.line_no)
                .join(Source).where(Source.name == name).order_by(SourceRecord.id)
            )  # fmt: skip
            return [tuple(row) for row in rows]

        assert values("worker_src") == values("here_src")
    again = run_import(engine, path, source="worker_src", worker=True)
    assert (again.n_unchanged, again.n_new) == (12_000, 0)


def test_a_worker_reports_row_errors_like_the_importer_itself(engine: Engine, write: Write) -> None:
    path = write("bad.csv", "record_id,sex\nA,M\nB,so-so\nA,F\n")
    messages = []
    for worker in (True, False):
        with pytest.raises(Invalid) as caught:
            run_import(engine, path, worker=worker)
        messages.append(str(caught.value))
    assert messages[0] == messages[1]
    assert "line 3, field 'sex'" in messages[0] and "appears twice (lines 2 and 4)" in messages[0]


def test_a_reader_process_that_dies_fails_the_import_cleanly(
    engine: Engine, write: Write, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write("f.csv", "record_id\nA\nB\n")
    before = snapshot(engine)
    monkeypatch.setattr("sys.executable", "/bin/false")  # the reader exits at once
    with pytest.raises(RuntimeError, match="reader process stopped"):
        run_import(engine, path, worker=True)
    assert snapshot(engine) == before


def test_a_reimport_reads_again_only_the_rows_not_received_as_before(
    engine: Engine, write: Write
) -> None:
    def file(name: str, edited: range) -> Path:
        lines = [f"K-{n:05d},Ім'я{n % 40},{'чж'[n % 2]},{2010 + n % 12}"
                 + (",зміна" if n in edited else ",") for n in range(6_000)]  # fmt: skip
        return write(name, "record_id,given_name,sex,birth_date,notes\n" + "\n".join(lines))

    run_import(engine, file("v1.csv", range(0)), source="keys_src")
    for worker in (True, False):  # the lines to read again travel to the reader as a bitmap
        report = run_import(engine, file(f"v2_{worker}.csv", range(100, 350)), source="keys_src",
                            worker=worker)  # fmt: skip
        assert (report.n_changed, report.n_unchanged, report.n_new) == (
            (250, 5_750, 0) if worker else (0, 6_000, 0))  # fmt: skip
    rows = records(engine)
    assert rows["K-00100"].notes == "зміна" and rows["K-00099"].notes is None
    assert rows["K-00100"].line_no == 102 and rows["K-00100"].raw["notes"] == "зміна"


def test_an_unchanged_reimport_normalises_nothing(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ridni.ingest.convert import RowConverter

    run_import(engine, DATA / "canonical.csv")
    converted: list[int] = []
    original = RowConverter.convert

    def counting(self: RowConverter, line_no: int, raw: object) -> object:
        converted.append(line_no)
        return original(self, line_no, raw)  # type: ignore[arg-type]

    monkeypatch.setattr(RowConverter, "convert", counting)
    assert run_import(engine, DATA / "canonical.csv", worker=False).n_unchanged == 5
    assert converted == []
    run_import(engine, DATA / "canonical_v2.csv", worker=False)
    assert converted == [2, 3, 7]  # respelt TST-001, changed TST-002 (2 lines), new TST-006
