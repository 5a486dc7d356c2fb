"""Streaming readers: CSV, XLSX and JSON Lines as (line number, row as received).

A row holds the values as received: for CSV and XLSX a list of strings in the header's order
(``table.columns``; XLSX cells made into the text a person reads), for JSON Lines a dict of
the line's own keys to its JSON values. A row that
cannot be read is yielded as an ``Invalid`` in its place so that the importer can collect
several errors at once; a problem that makes the rest of the file unreadable raises.
Memory does not grow with the file: one row at a time.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time
from typing import Any, Protocol

from ridni.errors import Invalid
from ridni.ingest.sniff import MAX_LINE_BYTES, FileInfo

Row = dict[str, Any]
# CSV and XLSX rows are lists in the header's order; JSON Lines rows are dicts of their keys.
RowOrError = tuple[int, list[str] | Row | Invalid]
PROGRESS_EVERY = 4096  # rows between two reports of the bytes read

# One CSV field may span lines; it may not be longer than a line may be.
csv.field_size_limit(max(csv.field_size_limit(), MAX_LINE_BYTES))


class Table(Protocol):
    """An open file of rows. ``columns`` is None when rows carry their own keys (JSON)."""

    columns: list[str] | None

    def rows(self) -> Iterator[RowOrError]: ...

    def position(self) -> tuple[int, int]:
        """(done, total) in the unit the reader can count: bytes, or rows for XLSX."""
        ...


@contextmanager
def open_table(info: FileInfo, *, sheet: str | None = None) -> Iterator[Table]:
    """Open a file described by ``sniff.inspect_file`` for reading, and close it after."""
    table: CsvTable | JsonLinesTable | XlsxTable
    if info.format == "csv":
        table = CsvTable(info)
    elif info.format == "jsonl":
        table = JsonLinesTable(info)
    else:
        table = XlsxTable(info, sheet)
    try:
        yield table
    finally:
        table.close()


def header_names(cells: list[str], file: str) -> list[str]:
    """Check a header row: every column named, no name twice (after trimming spaces)."""
    seen: dict[str, int] = {}
    for number, name in enumerate(cells, 1):
        key = name.strip()
        if not key:
            raise Invalid(f"column {number} of the header has no name", file=file, line=1)
        if key in seen:
            raise Invalid(
                f"column {key!r} appears twice in the header (columns {seen[key]} and {number})",
                file=file,
                line=1,
                field=key,
            )
        seen[key] = number
    return cells


class CsvTable:
    def __init__(self, info: FileInfo) -> None:
        self.file = info.name
        self.size = info.size
        self._stream = info.path.open(encoding=info.encoding, newline="", buffering=1 << 20)
        self._reader = csv.reader(self._stream, delimiter=info.delimiter or ",", strict=True)
        try:
            first = self._next_row()
            if first is None or not any(cell.strip() for cell in first):
                raise Invalid("no header row", file=self.file, line=1)
            self.columns: list[str] | None = header_names(first, self.file)
        except Invalid:
            self._stream.close()
            raise

    def _next_row(self) -> list[str] | None:
        try:
            return next(self._reader, None)
        except (csv.Error, UnicodeDecodeError) as exc:
            raise self._unreadable(exc) from None

    def _unreadable(self, exc: Exception) -> Invalid:
        line = self._reader.line_num
        if isinstance(exc, UnicodeDecodeError):
            return Invalid("bad encoding: the text cannot be decoded", file=self.file, line=line)
        message = str(exc)
        if "unexpected end of data" in message:
            message = "a quoted value is never closed (the file may be truncated)"
        return Invalid(f"unreadable CSV: {message}", file=self.file, line=line)

    def rows(self) -> Iterator[RowOrError]:
        header = self.columns or []
        width = len(header)
        reader = self._reader
        previous = reader.line_num
        try:
            for row in reader:
                line = previous + 1  # a record spanning lines is named by its first line
                previous = reader.line_num
                if len(row) == width:
                    if any(row):  # spreadsheets export empty rows as ",,,,"
                        yield line, row
                elif any(cell.strip() for cell in row):
                    yield (
                        line,
                        Invalid(
                            f"{len(row)} values where the header has {width} columns",
                            file=self.file,
                            line=line,
                        ),
                    )
        except (csv.Error, UnicodeDecodeError) as exc:
            raise self._unreadable(exc) from None

    def position(self) -> tuple[int, int]:
        return self._stream.buffer.tell(), self.size

    def close(self) -> None:
        self._stream.close()


class _DuplicateKey(ValueError):
    pass


def _unique_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    row = dict(pairs)
    if len(row) != len(pairs):
        seen: set[str] = set()
        key = next(key for key, _ in pairs if key in seen or seen.add(key))  # type: ignore[func-returns-value]
        raise _DuplicateKey(key)
    return row


class JsonLinesTable:
    columns: list[str] | None = None

    def __init__(self, info: FileInfo) -> None:
        self.file = info.name
        self.size = info.size
        self._stream = info.path.open(encoding=info.encoding, newline="", buffering=1 << 20)

    def rows(self) -> Iterator[RowOrError]:
        decoder = json.JSONDecoder(object_pairs_hook=_unique_pairs)
        line = 0
        try:
            for line, text in enumerate(self._stream, 1):
                if text.strip():
                    yield line, self._row(decoder, text, line)
        except UnicodeDecodeError:
            raise Invalid(
                "bad encoding: the text cannot be decoded", file=self.file, line=line + 1
            ) from None

    def _row(self, decoder: json.JSONDecoder, text: str, line: int) -> Row | Invalid:
        try:
            row = decoder.decode(text)
        except _DuplicateKey as exc:
            return Invalid("the key appears twice", file=self.file, line=line, field=str(exc))
        except json.JSONDecodeError as exc:
            return Invalid(
                f"not valid JSON: {exc.msg} (column {exc.colno})", file=self.file, line=line
            )
        if not isinstance(row, dict):
            return Invalid("expected a JSON object on each line", file=self.file, line=line)
        for key, value in row.items():
            if isinstance(value, dict | list):
                return Invalid(
                    "expected a string, a number or null", file=self.file, line=line, field=key
                )
        return row

    def position(self) -> tuple[int, int]:
        return self._stream.buffer.tell(), self.size

    def close(self) -> None:
        self._stream.close()


def cell_text(value: Any) -> str:
    """A cell as the text a person reads in it; dates at midnight as ISO dates."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value)


class XlsxTable:
    """The first sheet (or the named one) of a workbook, read in openpyxl's streaming mode.

    Formulas are refused: a file of records holds values, and a formula's result is whatever
    the last program that opened the file computed.
    """

    def __init__(self, info: FileInfo, sheet: str | None) -> None:
        import openpyxl  # slow to import; only XLSX needs it

        self.file = info.name
        self._book = None
        try:
            self._book = openpyxl.load_workbook(info.path, read_only=True, data_only=False)
            names = self._book.sheetnames
            if sheet is not None and sheet not in names:
                raise Invalid(f"no sheet {sheet!r} (sheets: {', '.join(names)})", file=self.file)
            self._sheet = self._book[sheet] if sheet else self._book.worksheets[0]
            self._rows = self._sheet.iter_rows()
            self.total = self._sheet.max_row or 0
            header = next(self._rows, None)
            self.done = 1
            self.columns: list[str] | None = self._header(header or ())
        except Invalid:
            self.close()
            raise
        except Exception as exc:  # a damaged workbook fails anywhere inside openpyxl
            self.close()
            raise Invalid(f"not a valid XLSX file ({type(exc).__name__})", file=self.file) from None

    def _header(self, header: tuple[Any, ...]) -> list[str]:
        cells = [cell_text(cell.value) for cell in header]
        while cells and not cells[-1].strip():
            cells.pop()
        if not cells:
            raise Invalid("no header row", file=self.file, line=1)
        return header_names(cells, self.file)

    def rows(self) -> Iterator[RowOrError]:
        header = self.columns or []
        line = 1
        try:
            for line, cells in enumerate(self._rows, 2):
                self.done = line
                row = self._row(header, cells, line)
                if row is not None:
                    yield line, row
        except Exception as exc:
            raise Invalid(
                f"not a valid XLSX file ({type(exc).__name__})", file=self.file, line=line
            ) from None

    def _row(
        self, header: list[str], cells: tuple[Any, ...], line: int
    ) -> list[str] | Invalid | None:
        values: list[str] = []
        for number, cell in enumerate(cells):
            if cell.data_type == "f":
                field = header[number] if number < len(header) else None
                return Invalid(
                    f"cell {cell.coordinate} holds a formula; only values are "
                    "accepted (paste as values)",
                    file=self.file,
                    line=line,
                    field=field,
                )
            values.append(cell_text(cell.value))
        if not any(value.strip() for value in values):
            return None
        if any(value.strip() for value in values[len(header) :]):
            return Invalid("a value in a column without a header", file=self.file, line=line)
        values += [""] * (len(header) - len(values))
        return values[: len(header)]

    def position(self) -> tuple[int, int]:
        return self.done, max(self.total, self.done)

    def close(self) -> None:
        if self._book is not None:
            self._book.close()
            self._book = None


def read_rows(info: FileInfo, *, sheet: str | None = None) -> Iterator[RowOrError]:
    """All rows of a file (convenience for tests and small files)."""
    with open_table(info, sheet=sheet) as table:
        yield from table.rows()


__all__ = ["Table", "cell_text", "header_names", "open_table", "read_rows"]
