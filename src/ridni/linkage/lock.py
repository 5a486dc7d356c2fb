"""One linkage run at a time, across processes.

A full run reads the whole registry, scores it for minutes and then rewrites the persons; an
incremental run started meanwhile (an import from the web, a second shell) would re-cluster from
persons the full run is about to replace, and the later save would undo the earlier one. Every
run therefore holds the registry's linkage lock:

- PostgreSQL: a session-level advisory lock on a connection kept open for the run (outside any
  transaction), released by the server when the connection ends, even if the process dies;
- SQLite in a file: an exclusive ``flock`` on ``<database>.linking`` beside it, released by the
  operating system when the process ends;
- anything else (an in-memory database): a lock within this process.
"""

from __future__ import annotations

import fcntl
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, text

from ridni.errors import Conflict

# pg_advisory_lock's key: any 64-bit number no other ridni lock uses ("ridni.li" in ASCII).
ADVISORY_KEY = 0x72696472_692E6C69
POLL_SECONDS = 0.5
_IN_PROCESS: dict[str, threading.Lock] = {}
_IN_PROCESS_GUARD = threading.Lock()


class LinkageBusy(Conflict):
    """Another linkage run holds the lock."""

    def __init__(self, waited: float) -> None:
        after = f" after waiting {waited:.0f} s" if waited else ""
        super().__init__(
            f"another linkage run is in progress{after}; try again when it has finished"
        )


@contextmanager
def linkage_lock(engine: Engine, wait: float = 0.0) -> Iterator[None]:
    """Hold the registry's linkage lock for the block; wait up to ``wait`` seconds for it,
    then raise ``LinkageBusy``."""
    if engine.dialect.name == "postgresql":
        held = _postgres(engine, wait)
    elif engine.dialect.name == "sqlite" and _sqlite_file(engine) is not None:
        held = _file(Path(f"{_sqlite_file(engine)}.linking"), wait)
    else:
        held = _in_process(str(engine.url), wait)
    with held:
        yield


def _sqlite_file(engine: Engine) -> str | None:
    database = engine.url.database
    if not database or database == ":memory:" or database.startswith("file::memory:"):
        return None
    return os.path.abspath(database)


def _attempts(wait: float) -> Iterator[None]:
    """Yield once per attempt until ``wait`` seconds have passed, then raise LinkageBusy."""
    deadline = time.monotonic() + max(wait, 0.0)
    while True:
        yield
        if time.monotonic() >= deadline:
            raise LinkageBusy(wait)
        time.sleep(POLL_SECONDS)


@contextmanager
def _postgres(engine: Engine, wait: float) -> Iterator[None]:
    # Autocommit: the lock belongs to the session, and no transaction stays open for the run.
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        for _ in _attempts(wait):
            if conn.scalar(text("SELECT pg_try_advisory_lock(:key)"), {"key": ADVISORY_KEY}):
                break
        try:
            yield
        finally:
            conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": ADVISORY_KEY})


@contextmanager
def _file(path: Path, wait: float) -> Iterator[None]:
    with path.open("a") as handle:
        for _ in _attempts(wait):
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                continue
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextmanager
def _in_process(key: str, wait: float) -> Iterator[None]:
    with _IN_PROCESS_GUARD:
        lock = _IN_PROCESS.setdefault(key, threading.Lock())
    for _ in _attempts(wait):
        if lock.acquire(blocking=False):
            break
    try:
        yield
    finally:
        lock.release()
