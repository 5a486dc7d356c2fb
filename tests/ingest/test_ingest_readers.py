"""Sniffing and reading: every format, encoding and delimiter; refusals name file and line."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from ridni.errors import Invalid
from ridni.ingest.readers import open_table, read_rows
from ridni.ingest.sniff import MAX_LINE_BYTES, inspect_file, sniff_delimiter

from .helpers import DATA, HEADER

Write = Callable[..., Path]
ROWS = "TST-1,Олесь,Вигаденко,,ч,2014,,,,,,,,,\nTST-2,Дарина,Тестова,,ж,2015-02,,,,,,,,,\n"


def rows_of(path: Path) -> list[tuple[int, object]]:
    """(line, row) with list rows (CSV, XLSX) made into dicts by the header, for comparing."""
    with open_table(inspect_file(path)) as table:
        return [
            (line, dict(zip(table.columns, row, strict=True)) if isinstance(row, list) else row)
            for line, row in table.rows()
        ]


@pytest.mark.parametrize(
    ("encoding", "bom", "delimiter"),
    [
        ("utf-8", b"", ","),
        ("utf-8", b"\xef\xbb\xbf", ","),
        ("utf-8", b"", ";"),
        ("utf-8", b"", "\t"),
        ("cp1251", b"", ","),
        ("cp1251", b"", ";"),
        ("cp1251", b"", "\t"),
    ],
)
def test_csv_encodings_and_delimiters_are_detected(
    write: Write, encoding: str, bom: bytes, delimiter: str
) -> None:
    text = (HEADER + "\n" + ROWS).replace(",", delimiter)
    path = write("f.csv", bom + text.encode(encoding))
    info = inspect_file(path)
    assert info.format == "csv"
    assert info.delimiter == delimiter
    assert info.encoding == ("utf-8-sig" if bom else encoding)
    rows = rows_of(path)
    assert [line for line, _ in rows] == [2, 3]
    assert rows[0][1]["record_id"] == "TST-1"  # no BOM left in the first column's name
    assert rows[1][1]["family_name"] == "Тестова"
    assert len(info.sha256) == 64 and info.size == path.stat().st_size


def test_a_record_spanning_lines_is_named_by_its_first_line(write: Write) -> None:
    path = write("f.csv", HEADER + '\nTST-1,,,,,,,,,,,,,,"one\ntwo"\nTST-2,,,,,,,,,,,,,,\n')
    assert [line for line, _ in rows_of(path)] == [2, 4]


def test_empty_rows_are_skipped_and_short_rows_reported(write: Write) -> None:
    path = write("f.csv", HEADER + "\n\n,,,,,,,,,,,,,,\nTST-1,Олесь\n")
    [(line, row)] = rows_of(path)
    assert line == 4 and isinstance(row, Invalid)
    assert "2 values where the header has 15 columns" in str(row)


def test_delimiter_sniffing_ignores_quoted_delimiters() -> None:
    assert sniff_delimiter('"a;b;c",d,e') == ","
    assert sniff_delimiter("a;b;c") == ";"
    assert sniff_delimiter("single") == ","


def test_json_lines(write: Write) -> None:
    rows = rows_of(DATA / "canonical.jsonl")
    assert [line for line, _ in rows] == [1, 2, 4]  # blank lines skipped, lines kept
    assert rows[1][1] == {
        "record_id": 102, "given_name": "Назар", "family_name": "Шаблюк", "sex": "чол",
        "birth_date": 2011, "age": 12, "school": "Гімназія №0",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("line", "message", "field"),
    [
        ('{"record_id": "A", "record_id": "B"}', "appears twice", "record_id"),
        ('{"record_id": "A", "notes": {"x": 1}}', "expected a string", "notes"),
        ('["A"]', "expected a JSON object", None),
        ('{"record_id": "A"', "not valid JSON", None),
    ],
)
def test_json_lines_problems_name_the_line_and_key(
    write: Write, line: str, message: str, field: str | None
) -> None:
    path = write("f.jsonl", '{"record_id": "ok"}\n' + line + "\n")
    [(_, good), (number, bad)] = rows_of(path)
    assert good == {"record_id": "ok"}
    assert isinstance(bad, Invalid) and number == 2
    assert message in bad.message and bad.field == field and bad.line == 2


def _workbook(path: Path, rows: list[list[object]]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_xlsx_values_dates_and_numbers(tmp_path: Path) -> None:
    path = _workbook(
        tmp_path / "f.xlsx",
        [
            ["record_id", "given_name", "birth_date", "age", None],
            ["TST-1", "Олесь", date(2014, 3, 9), 11, None],
            [42, "Дарина", "2015", 7.0, None],
            [None, None, None, None, None],
        ],
    )
    info = inspect_file(path)
    assert (info.format, info.encoding, info.delimiter) == ("xlsx", None, None)
    rows = rows_of(path)
    assert rows == [
        (2, {"record_id": "TST-1", "given_name": "Олесь", "birth_date": "2014-03-09", "age": "11"}),
        (3, {"record_id": "42", "given_name": "Дарина", "birth_date": "2015", "age": "7"}),
    ]


def test_xlsx_formulas_are_refused_with_their_cell(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "f.xlsx", [["record_id", "age"], ["TST-1", "=2024-2014"]])
    [(line, row)] = rows_of(path)
    assert isinstance(row, Invalid)
    assert (row.line, row.field, line) == (2, "age", 2)
    assert "formula" in row.message and "B2" in row.message


@pytest.mark.parametrize(
    ("content", "message", "line"),
    [
        (b"", "empty", None),
        (b"record_id\x00,x\nA,1\n", "binary", 1),
        (b"\xff\xfer\x00e\x00c\x00", "UTF-16", None),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", ".xls", None),
        (b"PK\x03\x04garbage", "not a valid XLSX", None),
        (b'[{"record_id": "A"}]', "JSON array", 1),
        (b"\nrecord_id\n", "header is missing", 1),
        # UTF-8 with one damaged byte on line 3 is not taken for cp1251.
        (b"record_id,given_name\nA," + "Олександр Олександрович".encode() + b"\nB,\xd0\xff\n",
         "not valid UTF-8", 3),
        (b"record_id,given_name\nA," + "Олег".encode("cp1251") + b"\nB,\x98\n", "cp1251", 3),
    ],
)  # fmt: skip
def test_files_that_are_not_tables_are_refused(
    write: Write, content: bytes, message: str, line: int | None
) -> None:
    path = write("f.csv", content)
    with pytest.raises(Invalid) as caught:
        inspect_file(path)
    assert message in caught.value.message
    assert caught.value.file == str(path) and caught.value.line == line


def test_xlsx_named_file_that_is_not_a_zip(write: Write) -> None:
    with pytest.raises(Invalid, match="not a valid XLSX"):
        inspect_file(write("f.xlsx", b"record_id\nA\n"))


def test_a_truncated_xlsx_is_refused(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "f.xlsx", [["record_id"], ["TST-1"]])
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    with pytest.raises(Invalid, match="not a valid XLSX") as caught:
        list(read_rows(inspect_file(path)))
    assert caught.value.file == str(path)


def test_a_line_longer_than_the_limit_fails_fast(write: Write) -> None:
    big = b"A," + b"x" * (MAX_LINE_BYTES + 10) + b"\n"
    path = write("f.csv", b"record_id,notes\nB,short\n" + big + b"C,short\n")
    with pytest.raises(Invalid, match="line longer than 1 MB") as caught:
        inspect_file(path)
    assert caught.value.line == 3


def test_an_unclosed_quote_at_the_end_is_a_truncated_file(write: Write) -> None:
    path = write("f.csv", HEADER + '\nTST-1,,,,,,,,,,,,,,"never closed\n')
    with pytest.raises(Invalid, match="never closed") as caught:
        rows_of(path)
    assert caught.value.file == str(path)


def test_a_header_naming_a_column_twice(write: Write) -> None:
    with pytest.raises(Invalid, match="appears twice") as caught:
        rows_of(write("f.csv", "record_id,notes,notes\nA,b,c\n"))
    assert (caught.value.line, caught.value.field) == (1, "notes")


def test_rows_are_lists_in_header_order_for_csv(write: Write) -> None:
    path = write("f.csv", "record_id,notes\nA,x\n")
    assert list(read_rows(inspect_file(path))) == [(2, ["A", "x"])]


def test_json_raw_values_round_trip(write: Write) -> None:
    path = write("f.jsonl", json.dumps({"record_id": "A", "age": 3.5, "ok": True}) + "\n")
    assert rows_of(path) == [(1, {"record_id": "A", "age": 3.5, "ok": True})]
