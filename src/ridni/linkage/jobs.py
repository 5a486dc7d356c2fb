"""Linking new records soon after an import, in a process of its own.

An import from the web or the API ends with its records stored but held by no person: no
match, no review-queue entry, no list can use them until they are linked. Rather than make the
request wait for the link (seconds to minutes), the server starts ``ridni link --new-only``
once the import is committed. That run waits for any other linkage run (``lock``), links every
record no person holds yet and those changed since they were linked, and writes its output to
``<data dir>/logs/linking.log``.

Imports arriving while a run is going ask for one more run after it, not one each: the
follower picks up every record still pending, and its reason names all of them. A separate
process keeps the linking's memory (DuckDB, the model) out of the web server, and a crash of
the run out of the request.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from sqlalchemy import make_url

from ridni.config import Settings

# How long a run started after an import waits for another run (a full link of a million
# records takes a few minutes) before it gives up; the records then wait for the next run.
WAIT_SECONDS = 1800
LOG_NAME = "linking.log"
LOG_LIMIT = 5 * 1024 * 1024  # bytes; a run writes a few lines

_guard = threading.Lock()
_running: subprocess.Popen[bytes] | None = None
_waiting: list[str] = []  # the reasons of the imports that came during the current run


def link_soon(settings: Settings, reason: str = "after an import") -> bool:
    """Start linking the pending records of ``settings``' registry in the background, or ask
    for one more run after the current one. False when the settings turn it off. ``reason``
    is kept with the run and in the audit log."""
    if not settings.link_after_import or _in_memory(settings.database_url):
        return False
    with _guard:
        if _running is not None and _running.poll() is None:
            _waiting.append(reason)
        else:
            _start(settings, reason)
    return True


def _in_memory(url: str) -> bool:
    """An in-memory SQLite database, which no other process can open."""
    parsed = make_url(url)
    return parsed.get_backend_name() == "sqlite" and parsed.database in (None, "", ":memory:")


def log_path(settings: Settings) -> Path:
    return settings.data_dir / "logs" / LOG_NAME


def command(reason: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "ridni",
        "link",
        "--new-only",
        "--wait",
        str(WAIT_SECONDS),
        "--reason",
        reason[:500],
    ]


def _start(settings: Settings, reason: str) -> None:
    """Start the run (the caller holds ``_guard``) and a thread that waits for its end."""
    global _running
    log = log_path(settings)
    log.parent.mkdir(parents=True, exist_ok=True)
    if log.exists() and log.stat().st_size > LOG_LIMIT:
        log.replace(log.with_name(f"{LOG_NAME}.1"))  # one older log is kept
    env = {
        **os.environ,
        "RIDNI_DATABASE_URL": settings.database_url,
        "RIDNI_DATA_DIR": str(settings.data_dir),
        "COLUMNS": "100",
    }
    with log.open("ab") as out:
        _running = subprocess.Popen(
            command(reason),
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
            start_new_session=True,  # not stopped by a signal meant for the server's group
        )
    threading.Thread(
        target=_reap, args=(_running, settings), name="ridni-link-after-import", daemon=True
    ).start()


def _reap(process: subprocess.Popen[bytes], settings: Settings) -> None:
    global _running
    process.wait()
    with _guard:
        if _running is process:
            _running = None
        if _waiting:
            reasons = "; ".join(_waiting)
            _waiting.clear()
            _start(settings, reasons)


def wait_for_idle(timeout: float) -> bool:
    """Wait up to ``timeout`` seconds until no run started here is going or asked for."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with _guard:
            if _running is None and not _waiting:
                return True
        time.sleep(0.1)
    return False
