"""Reading and normalising a file: in this process, or in a worker process for large files.

Parsing is most of an import's Python work, and the machine has more than one core: for a
large file a worker process reads and normalises rows while this process writes them to the
database. Chunks travel through a pipe and a short queue, so memory stays flat whatever the
file's size. The worker only reads the file; it never touches the database.
"""

from __future__ import annotations

import pickle
import queue
import subprocess
import sys
import threading
import traceback
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO

from ridni.errors import Invalid
from ridni.ingest.convert import Record, RowConverter
from ridni.ingest.mapping import Mapping
from ridni.ingest.readers import open_table
from ridni.ingest.report import MAX_ERRORS
from ridni.ingest.sniff import FileInfo

CHUNK_ROWS = 5000
WORKER_MIN_BYTES = 16 << 20  # smaller files are parsed here: a worker takes ~0.5 s to start
AHEAD_CHUNKS = 8  # chunks parsed ahead of the writer, at most (memory stays bounded)


@dataclass
class Parsed:
    """A chunk of the file: its records (or keys) and problems, and how far the reading got."""

    records: list[Any]  # Record, or (line, record_id, raw hash) for a keys pass
    errors: list[Invalid]
    position: tuple[int, int]  # (done, total) in bytes, or rows for XLSX


@dataclass(frozen=True)
class Job:
    """What to read: a file through a layout; all of it, only its keys, or only some lines."""

    info: FileInfo
    layout: Mapping
    keys_only: bool = False  # (line, record_id, raw hash) of each row instead of records
    lines: bytes | None = None  # a bitmap (see line_bitmap): only the rows starting there


def line_bitmap(lines: Iterable[int]) -> bytes:
    """A compact set of line numbers (a bit per line: 125 kB for a million lines)."""
    numbers = list(lines)
    bitmap = bytearray((max(numbers, default=0) >> 3) + 1)
    for number in numbers:
        bitmap[number >> 3] |= 1 << (number & 7)
    return bytes(bitmap)


def _wanted(bitmap: bytes, line: int) -> bool:
    index = line >> 3
    return index < len(bitmap) and bool(bitmap[index] >> (line & 7) & 1)


def parse_file(job: Job, *, worker: bool | None = None) -> Iterator[Parsed]:
    """Chunks in file order; a problem that stops the reading raises Invalid.

    ``worker`` forces (True) or prevents (False) the worker process; by default files of
    ``WORKER_MIN_BYTES`` or more get one.
    """
    use_worker = job.info.size >= WORKER_MIN_BYTES if worker is None else worker
    return _in_worker(job) if use_worker else _parse(job)


def _parse(job: Job) -> Iterator[Parsed]:
    converter = RowConverter(job.layout, file=job.info.name)
    convert = converter.key if job.keys_only else converter.convert
    lines = job.lines
    with open_table(job.info, sheet=job.layout.sheet) as table:
        if table.columns is not None:
            converter.check_columns(table.columns)
        records: list[Any] = []
        errors: list[Invalid] = []
        for line_no, raw in table.rows():
            if lines is not None and not _wanted(lines, line_no):
                continue
            result = [raw] if isinstance(raw, Invalid) else convert(line_no, raw)
            if type(result) is list:
                errors += result
            else:
                records.append(result)
            if len(records) + len(errors) >= CHUNK_ROWS or len(errors) >= MAX_ERRORS:
                yield Parsed(records, errors, table.position())
                records, errors = [], []
        total = table.position()[1]
        yield Parsed(records, errors, (total, total))


def _pack(error: Invalid) -> tuple[str, str | None, int | None, str | None]:
    # Invalid takes keyword arguments, which exceptions do not pickle: send its parts.
    return (error.message, error.file, error.line, error.field)


def _unpack(parts: tuple[str, str | None, int | None, str | None]) -> Invalid:
    message, file, line, field = parts
    return Invalid(message, file=file, line=line, field=field)


def serve(source: BinaryIO, out: BinaryIO) -> None:
    """The worker's side (``python -m ridni.ingest.worker``): read the job, send the chunks."""
    job = pickle.load(source)
    try:
        for parsed in _parse(job):
            # Plain tuples: a named tuple pickles through Python code, several times slower.
            records = [tuple(record) for record in parsed.records]
            errors = [_pack(error) for error in parsed.errors]
            _send(out, "parsed", (records, errors, parsed.position))
        _send(out, "done", None)
    except Invalid as exc:
        _send(out, "invalid", _pack(exc))
    except Exception:
        _send(out, "failed", traceback.format_exc())


def _send(out: BinaryIO, kind: str, payload: Any) -> None:
    pickle.dump((kind, payload), out, protocol=pickle.HIGHEST_PROTOCOL)
    out.flush()


def _in_worker(job: Job) -> Iterator[Parsed]:
    # A fresh interpreter running one module: nothing of this process (database connections,
    # threads, the caller's __main__) is copied or re-run.
    process = subprocess.Popen(
        [sys.executable, "-m", "ridni.ingest.worker"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    assert process.stdin is not None and process.stdout is not None
    receiver = _Receiver(process, records=not job.keys_only)
    try:
        try:
            pickle.dump(job, process.stdin, protocol=pickle.HIGHEST_PROTOCOL)
            process.stdin.close()
        except BrokenPipeError:
            pass  # it died at once: the receiver reports how
        receiver.start()
        while True:
            kind, payload = receiver.messages.get()
            if kind == "parsed":
                yield payload
            elif kind == "invalid":
                raise _unpack(payload)
            elif kind == "failed":
                raise RuntimeError(f"the import's reader process failed:\n{payload}")
            elif kind == "stopped":
                raise RuntimeError(f"the import's reader process stopped (exit code {payload})")
            else:
                return
    finally:
        receiver.stop.set()
        if process.poll() is None:
            process.kill()  # the reading was abandoned (enough errors, or an error here)
        process.wait()
        receiver.join()
        process.stdout.close()


class _Receiver(threading.Thread):
    """Takes chunks off the pipe ahead of the writer, so the worker keeps parsing while the
    writer waits on the database (the GIL is free then). At most ``AHEAD_CHUNKS`` wait."""

    def __init__(self, process: subprocess.Popen[bytes], *, records: bool) -> None:
        super().__init__(name="ridni-import-receiver", daemon=True)
        self.process = process
        self.records = records  # chunks of records (rebuilt as Record), or of keys
        self.messages: queue.Queue[tuple[str, Any]] = queue.Queue(maxsize=AHEAD_CHUNKS)
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            try:
                kind, payload = pickle.load(self.process.stdout)  # type: ignore[arg-type]
            except (EOFError, pickle.UnpicklingError, OSError, ValueError):
                self._put(("stopped", self.process.wait()))
                return
            if kind == "parsed":
                rows, errors, position = payload
                records = list(map(Record._make, rows)) if self.records else rows
                payload = Parsed(records, [_unpack(error) for error in errors], position)
            if not self._put((kind, payload)) or kind != "parsed":
                return

    def _put(self, message: tuple[str, Any]) -> bool:
        while not self.stop.is_set():
            try:
                self.messages.put(message, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False
