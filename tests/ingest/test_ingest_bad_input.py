"""Every kind of bad input: an error naming file, line and field, and an unchanged database."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import Engine

from ridni.errors import Invalid
from ridni.ingest.report import MAX_ERRORS, ImportErrors
from ridni.ingest.sniff import MAX_LINE_BYTES

from .helpers import DATA, HEADER, canonical_rows, run_import, snapshot

Write = Callable[..., Path]
GOOD = "TST-9,Марко,Зразків,,M,2017,,,,,,,,,"

# (file name, content, expected message part, line, field)
CASES: list[tuple[str, bytes | str, str, int | None, str | None]] = [
    ("wrong_header.csv", "record_id,Given_Name\nA,Олесь\n", "looks like 'given_name'", 1,
     "Given_Name"),
    ("no_header.csv", "TST-1,Олесь,Вигаденко\nTST-2,Дарина,Тестова\n", "no record_id column",
     1, "record_id"),
    ("missing_id.csv", canonical_rows(GOOD, ",Олесь,,,,,,,,,,,,,"), "record_id is missing", 3,
     "record_id"),
    ("duplicate_id.csv", canonical_rows(GOOD, "TST-1,,,,,,,,,,,,,,", GOOD),
     "appears twice (lines 2 and 4)", 4, "record_id"),
    ("bad_date.csv", canonical_rows(GOOD, "TST-1,,,,,31.02.2014,,,,,,,,,"),
     "does not exist in the calendar", 3, "birth_date"),
    ("bad_sex.csv", canonical_rows(GOOD, "TST-1,,,,так,,,,,,,,,,"), "cannot read sex", 3, "sex"),
    ("bad_age.csv", canonical_rows(GOOD, "TST-1,,,,,,,,,,,,,одинадцять,"), "cannot read age", 3,
     "age"),
    ("bad_utf8.csv", canonical_rows(GOOD, GOOD.replace("9", "8"), "TST-1,Ол").encode()
     + b"\xd0\xff\n", "not valid UTF-8", 5, None),
    ("not_cp1251.csv", ("record_id,given_name\nA," + "Олег").encode("cp1251") + b"\nB,\x98\n",
     "neither UTF-8 nor cp1251", 3, None),
    ("truncated_quote.csv", canonical_rows(GOOD) + 'TST-1,,,,,,,,,,,,,,"notes cut sho',
     "never closed", 3, None),
    ("truncated_row.csv", canonical_rows(GOOD) + "TST-1,Олесь,Виг", "3 values where the header",
     3, None),
    ("empty.csv", b"", "the file is empty", None, None),
    ("header_only.csv", HEADER + "\n", "no records", 2, None),
    ("binary.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary", 3, None),
    ("array.json", '[{"record_id": "A"}]', "JSON array", 1, None),
    ("bad_line.jsonl", '{"record_id": "A"}\n{"record_id": "B",\n', "not valid JSON", 2, None),
    ("too_long.csv", canonical_rows(GOOD, "TST-1,," + "Я" * 201 + ",,,,,,,,,,,,"),
     "longer than 200", 3, "family_name"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "content", "message", "line", "field"), CASES)
def test_bad_files_leave_the_database_unchanged(
    engine: Engine,
    write: Write,
    name: str,
    content: bytes | str,
    message: str,
    line: int | None,
    field: str | None,
) -> None:
    run_import(engine, DATA / "canonical.csv")  # something to leave untouched
    before = snapshot(engine)
    path = write(name, content)
    with pytest.raises(Invalid) as caught:
        run_import(engine, path)
    error = caught.value
    assert message in str(error)
    assert (error.file, error.line, error.field) == (str(path), line, field)
    assert snapshot(engine) == before


def test_a_formula_in_a_workbook(engine: Engine, tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.append(["record_id", "given_name", "age"])
    book.active.append(["X-1", "Марко", 7])
    book.active.append(["X-2", "Дарина", "=2024-2015"])
    book.save(tmp_path / "f.xlsx")
    before = snapshot(engine)
    with pytest.raises(Invalid, match="formula") as caught:
        run_import(engine, tmp_path / "f.xlsx")
    assert (caught.value.line, caught.value.field) == (3, "age")
    assert snapshot(engine) == before


def test_a_truncated_workbook(engine: Engine, tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.append(["record_id"])
    book.active.append(["X-1"])
    path = tmp_path / "f.xlsx"
    book.save(path)
    path.write_bytes(path.read_bytes()[:-200])
    before = snapshot(engine)
    with pytest.raises(Invalid, match="not a valid XLSX") as caught:
        run_import(engine, path)
    assert caught.value.file == str(path)
    assert snapshot(engine) == before


def test_a_100_mb_line_fails_fast(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "huge_line.csv"
    with path.open("wb") as out:
        out.write((canonical_rows(GOOD) + "TST-1,").encode())
        block = b"x" * (1 << 20)
        for _ in range(100):
            out.write(block)
        out.write(b"\n")
    before = snapshot(engine)
    started = time.perf_counter()
    with pytest.raises(Invalid, match="line longer than 1 MB") as caught:
        run_import(engine, path)
    assert time.perf_counter() - started < 5  # it stops at the limit, not at the end
    assert (caught.value.file, caught.value.line) == (str(path), 3)
    assert snapshot(engine) == before
    assert MAX_LINE_BYTES == 1 << 20


def test_unknown_kind_and_bad_source_name(engine: Engine) -> None:
    before = snapshot(engine)
    with pytest.raises(Invalid, match="unknown kind 'rumour'") as caught:
        run_import(engine, DATA / "canonical.csv", kind="rumour")
    assert (caught.value.file, caught.value.field) == (str(DATA / "canonical.csv"), "kind")
    with pytest.raises(Invalid) as caught:
        run_import(engine, DATA / "canonical.csv", source="Bad Name!")
    assert caught.value.field == "source"
    assert snapshot(engine) == before


def test_a_missing_file(engine: Engine, tmp_path: Path) -> None:
    with pytest.raises(Invalid, match="no such file"):
        run_import(engine, tmp_path / "nowhere.csv")


def test_many_problems_are_reported_together_up_to_a_limit(engine: Engine, write: Write) -> None:
    rows = [f"TST-{n},,,,so-so,,,,,,,,,," for n in range(MAX_ERRORS + 30)]
    path = write("many.csv", canonical_rows(GOOD, *rows))
    before = snapshot(engine)
    with pytest.raises(ImportErrors) as caught:
        run_import(engine, path)
    errors = caught.value.errors
    assert len(errors) == MAX_ERRORS and caught.value.truncated
    assert [e.line for e in errors] == list(range(3, 3 + MAX_ERRORS))
    assert all(e.field == "sex" and e.file == str(path) for e in errors)
    assert f"stopped after the first {MAX_ERRORS}" in str(caught.value)
    assert (caught.value.line, caught.value.field) == (3, "sex")
    assert snapshot(engine) == before


def test_row_problems_and_duplicates_are_reported_in_line_order(
    engine: Engine, write: Write
) -> None:
    path = write("mixed.csv", canonical_rows(GOOD, "TST-1,,,,,1850,,,,,,,,,", GOOD))
    with pytest.raises(ImportErrors) as caught:
        run_import(engine, path)
    assert [(e.line, e.field) for e in caught.value.errors] == [(3, "birth_date"),
                                                                (4, "record_id")]  # fmt: skip


def test_dry_run_reports_the_same_problems(engine: Engine, write: Write) -> None:
    path = write("bad.csv", canonical_rows(GOOD, "TST-1,,,,,31.02.2014,,,,,,,,,"))
    before = snapshot(engine)
    with pytest.raises(Invalid, match="calendar"):
        run_import(engine, path, dry_run=True)
    assert snapshot(engine) == before


def test_duplicates_in_a_first_import_are_found_with_their_lines(
    engine: Engine, write: Write
) -> None:
    """Into an empty source PostgreSQL copies straight into the registry; a duplicate only
    shows as the unique index refusing it, and the import is redone carefully to say where."""
    path = write("dup.csv", canonical_rows(GOOD, "TST-1,,,,,,,,,,,,,,", "TST-2,,,,,,,,,,,,,,",
                                           GOOD, "TST-2,,,,,,,,,,,,,,"))  # fmt: skip
    before = snapshot(engine)
    with pytest.raises(ImportErrors) as caught:
        run_import(engine, path, source="fresh")
    assert [(e.line, e.field, e.message) for e in caught.value.errors] == [
        (5, "record_id", "record_id 'TST-9' appears twice (lines 2 and 5)"),
        (6, "record_id", "record_id 'TST-2' appears twice (lines 4 and 6)"),
    ]
    assert snapshot(engine) == before
