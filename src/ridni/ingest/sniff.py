"""What a file is, before any row is read: one streaming pass over its bytes.

The pass computes the size and SHA-256 (provenance), and refuses what cannot be a table of
records before anything is parsed: an empty or binary file, a line longer than
``MAX_LINE_BYTES`` (found without holding the line in memory), a text that is neither UTF-8
nor cp1251. It also picks the format (CSV, XLSX, JSON Lines), the encoding and the delimiter.
"""

from __future__ import annotations

import codecs
import hashlib
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ridni.errors import Invalid

MAX_LINE_BYTES = 1 << 20  # 1 MB: longer lines are refused as soon as they are seen
CHUNK_BYTES = MAX_LINE_BYTES  # so a line inside one chunk is never longer than the limit
DELIMITERS = (",", ";", "\t")
JSON_SUFFIXES = (".jsonl", ".ndjson", ".json")

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class FileInfo:
    path: Path
    size: int
    sha256: str
    format: str  # csv | xlsx | jsonl
    encoding: str | None  # None for XLSX
    delimiter: str | None  # CSV only

    @property
    def name(self) -> str:
        return str(self.path)


def inspect_file(
    path: str | Path,
    *,
    encoding: str | None = None,
    delimiter: str | None = None,
    progress: Progress | None = None,
) -> FileInfo:
    """Check a file and describe it; ``encoding``/``delimiter`` override the detection."""
    path = Path(path)
    name = str(path)
    if not path.is_file():
        raise Invalid("no such file", file=name)
    size = path.stat().st_size
    if size == 0:
        raise Invalid("the file is empty", file=name)
    with path.open("rb") as stream:
        head = stream.read(8)
    file_format = _format(path, head)
    if file_format == "xlsx":
        sha256 = _hash_only(path, size, progress)
        if not zipfile.is_zipfile(path):
            raise Invalid("not a valid XLSX file (truncated or damaged)", file=name)
        return FileInfo(path, size, sha256, "xlsx", None, None)
    scan = _scan_text(path, size, progress)
    chosen = _encoding(scan, encoding, name)
    header = _first_line(path, chosen)
    if not header.strip():
        raise Invalid("the first line is empty: the header is missing", file=name, line=1)
    if file_format == "csv":
        delimiter = delimiter or sniff_delimiter(header)
    return FileInfo(path, size, scan.sha256, file_format, chosen, delimiter)


def _encoding(scan: _TextScan, asked: str | None, name: str) -> str:
    detected = scan.encoding()
    if (asked or detected).startswith("utf-8") and scan.bad_utf8:
        raise Invalid("bad encoding: not valid UTF-8", file=name, line=scan.first_bad_utf8_line)
    if (asked or detected) == "cp1251" and scan.first_cp1251_gap is not None:
        raise Invalid(
            "bad encoding: neither UTF-8 nor cp1251 (byte 0x98)",
            file=name,
            line=scan.first_cp1251_gap,
        )
    if asked:
        return "utf-8-sig" if asked == "utf-8" and scan.bom else asked
    return "utf-8-sig" if detected == "utf-8" and scan.bom else detected


def _format(path: Path, head: bytes) -> str:
    name = str(path)
    suffix = path.suffix.lower()
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise Invalid("an old binary Excel (.xls) file: save it as XLSX or CSV", file=name)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise Invalid("UTF-16 text is not supported: save the file as UTF-8", file=name)
    if suffix in (".xlsx", ".xlsm"):
        raise Invalid("not a valid XLSX file (truncated or damaged)", file=name)
    first = head.removeprefix(codecs.BOM_UTF8).lstrip()[:1]
    if first == b"[":
        raise Invalid("a JSON array: expected JSON Lines (one object a line)", file=name, line=1)
    if first == b"{" or suffix in JSON_SUFFIXES:
        return "jsonl"
    return "csv"


def _hash_only(path: Path, size: int, progress: Progress | None) -> str:
    digest = hashlib.sha256()
    done = 0
    with path.open("rb") as stream:
        while chunk := stream.read(CHUNK_BYTES):
            digest.update(chunk)
            done += len(chunk)
            if progress:
                progress(done, size)
    return digest.hexdigest()


@dataclass
class _TextScan:
    sha256: str = ""
    bom: bool = False
    bad_utf8: int = 0  # bytes that are not UTF-8
    multibyte: int = 0  # continuation bytes of valid multi-byte UTF-8 characters
    first_bad_utf8_line: int | None = None
    first_cp1251_gap: int | None = None  # the line of the first byte cp1251 leaves undefined

    def encoding(self) -> str:
        if self.bad_utf8 == 0:
            return "utf-8"
        # A UTF-8 file with a damaged byte still has far more valid multi-byte characters
        # than bad bytes; cp1251 Cyrillic read as UTF-8 is almost all bad bytes.
        if self.bom or self.multibyte >= self.bad_utf8:
            return "utf-8!"
        return "cp1251"


def _scan_text(path: Path, size: int, progress: Progress | None) -> _TextScan:
    name = str(path)
    scan = _TextScan()
    digest = hashlib.sha256()
    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    lines_before = 0  # newlines before the current chunk
    line_length = 0  # bytes of the current line so far
    done = 0
    with path.open("rb") as stream:
        while chunk := stream.read(CHUNK_BYTES):
            if done == 0:
                scan.bom = chunk.startswith(codecs.BOM_UTF8)
            digest.update(chunk)
            if b"\x00" in chunk:
                line = lines_before + chunk.count(b"\n", 0, chunk.index(b"\x00")) + 1
                raise Invalid(
                    "a binary file (NUL bytes), not a table of records", file=name, line=line
                )
            line_length = _check_line_lengths(chunk, line_length, lines_before, name)
            _scan_encoding(scan, decoder.decode(chunk), chunk, lines_before)
            lines_before += chunk.count(b"\n")
            done += len(chunk)
            if progress:
                progress(done, size)
    _scan_encoding(scan, decoder.decode(b"", final=True), b"", lines_before)
    scan.sha256 = digest.hexdigest()
    return scan


def _check_line_lengths(chunk: bytes, line_length: int, lines_before: int, name: str) -> int:
    """Return the length of the line still open at the end of the chunk; refuse long lines.

    A chunk is no longer than the limit, so only a line crossing chunk boundaries can be too
    long: the open line plus the chunk's first segment.
    """
    first_newline = chunk.find(b"\n")
    if first_newline < 0:
        line_length += len(chunk)
    elif line_length + first_newline <= MAX_LINE_BYTES:
        line_length = len(chunk) - chunk.rfind(b"\n") - 1
    else:
        line_length += first_newline
    if line_length > MAX_LINE_BYTES:
        raise Invalid(
            f"line longer than {MAX_LINE_BYTES // (1 << 20)} MB (a damaged file?)",
            file=name,
            line=lines_before + 1,
        )
    return line_length


def _scan_encoding(scan: _TextScan, text: str, chunk: bytes, lines_before: int) -> None:
    bad = text.count("\ufffd")
    if bad and scan.first_bad_utf8_line is None:
        scan.first_bad_utf8_line = lines_before + text.count("\n", 0, text.index("\ufffd")) + 1
    scan.bad_utf8 += bad
    scan.multibyte += max(len(chunk) - len(text), 0)
    if scan.first_cp1251_gap is None and b"\x98" in chunk:
        scan.first_cp1251_gap = lines_before + chunk.count(b"\n", 0, chunk.index(b"\x98")) + 1


def _first_line(path: Path, encoding: str) -> str:
    with path.open(encoding=encoding, newline="", errors="replace") as stream:
        return stream.readline(MAX_LINE_BYTES)


def sniff_delimiter(header: str) -> str:
    """The delimiter of a header line: the most frequent of , ; tab outside quotes."""
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for char in header:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","
