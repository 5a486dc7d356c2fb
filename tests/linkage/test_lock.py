"""One linkage run at a time: the lock, what a second run sees, and linking after an import."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from typer.testing import CliRunner

from ridni.cli import build_app
from ridni.config import Settings, get_settings
from ridni.db.base import utcnow
from ridni.db.engine import engine_for, make_engine, session_scope
from ridni.linkage import jobs, service
from ridni.linkage.incremental import link_new, pending_records
from ridni.linkage.lock import LinkageBusy, linkage_lock
from ridni.linkage.models import Link, LinkageRun
from ridni.linkage.service import link_all
from ridni.registry.sources import batch_linking
from ridni.security.actors import SYSTEM
from ridni.security.models import AuditEvent


def test_a_second_holder_is_refused_until_the_first_lets_go(engine: Engine) -> None:
    busy = pytest.raises(LinkageBusy, match="another linkage run is in progress")
    with linkage_lock(engine), busy, linkage_lock(engine):
        pass
    with linkage_lock(engine):  # released: free again
        pass


def test_a_second_engine_on_the_same_database_is_refused_too(db_url: str) -> None:
    """Two engines stand for two processes: the lock lives in the database (or beside it)."""
    first, second = make_engine(db_url), make_engine(db_url)
    try:
        with linkage_lock(first), pytest.raises(LinkageBusy), linkage_lock(second):
            pass
        with linkage_lock(second):
            pass
    finally:
        first.dispose()
        second.dispose()


def test_a_waiting_run_gets_the_lock_once_it_is_released(engine: Engine) -> None:
    held = threading.Event()

    def hold_briefly() -> None:
        with linkage_lock(engine):
            held.set()
            time.sleep(0.6)

    holder = threading.Thread(target=hold_briefly)
    holder.start()
    held.wait(5)
    started = time.monotonic()
    with linkage_lock(engine, wait=10):
        waited = time.monotonic() - started
    holder.join()
    assert 0.2 < waited < 5


def test_the_lock_is_released_when_the_run_fails(engine: Engine) -> None:
    with pytest.raises(RuntimeError), linkage_lock(engine):
        raise RuntimeError("the run broke")
    with linkage_lock(engine):
        pass


def test_the_lock_of_a_process_that_died_is_free(db_url: str, tmp_path: Path) -> None:
    """The operating system (a file lock) or the server (an advisory lock) frees it."""
    script = (
        "import os, sys\n"
        "from ridni.db.engine import make_engine\n"
        "from ridni.linkage.lock import linkage_lock\n"
        "with linkage_lock(make_engine(sys.argv[1])):\n"
        "    print('held', flush=True)\n"
        "    os._exit(9)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, db_url], capture_output=True, text=True, timeout=60
    )
    assert done.stdout.strip() == "held" and done.returncode == 9
    engine = make_engine(db_url)
    try:
        with linkage_lock(engine):
            pass
    finally:
        engine.dispose()


def test_an_in_memory_database_is_locked_within_the_process() -> None:
    engine = make_engine("sqlite://")
    with linkage_lock(engine), pytest.raises(LinkageBusy), linkage_lock(engine):
        pass


def test_link_runs_refuse_to_start_while_another_holds_the_lock(world_engine: Engine) -> None:
    with linkage_lock(world_engine), pytest.raises(LinkageBusy):
        link_all(world_engine, actor=SYSTEM)
    result = link_all(world_engine, actor=SYSTEM)
    assert result.n_persons > 0
    with linkage_lock(world_engine), pytest.raises(LinkageBusy):
        link_new(world_engine, actor=SYSTEM)


def test_cli_new_only_does_nothing_before_a_first_full_link(
    world_engine: Engine, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RIDNI_DATABASE_URL", db_url)
    monkeypatch.setenv("COLUMNS", "80")
    get_settings.cache_clear()
    engine_for.cache_clear()
    runner = CliRunner()
    result = runner.invoke(build_app(), ["link", "--new-only"])
    assert result.exit_code == 0, result.output
    assert "No persons yet" in result.output
    with session_scope(world_engine) as session:
        assert pending_records(session)  # nothing was linked
    refused = runner.invoke(build_app(), ["link", "--new-only", "--full"])
    assert refused.exit_code != 0
    with linkage_lock(world_engine):
        busy = runner.invoke(build_app(), ["link"])
    assert isinstance(busy.exception, LinkageBusy)
    first = runner.invoke(build_app(), ["link", "--reason", "the first link"])
    assert first.exit_code == 0 and "(full)" in first.output, first.output
    again = runner.invoke(build_app(), ["link", "--new-only"])
    assert again.exit_code == 0 and "Nothing to link" in again.output, again.output
    engine_for.cache_clear()
    get_settings.cache_clear()


def test_imports_arriving_during_a_run_ask_for_one_more_run_not_one_each(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runs = tmp_path / "runs.txt"
    script = f"import time; time.sleep(0.5); open({str(runs)!r}, 'a').write('run\\n')"
    reasons: list[str] = []

    def command(reason: str) -> list[str]:
        reasons.append(reason)
        return [sys.executable, "-c", script]

    monkeypatch.setattr(jobs, "command", command)
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'r.db'}", data_dir=tmp_path / "var")
    assert jobs.link_soon(settings, "after import 1 by olena")
    for batch in (2, 3, 4):  # while the first runs: one follower, asked for thrice
        assert jobs.link_soon(settings, f"after import {batch} by roman")
    assert jobs.wait_for_idle(60)
    assert runs.read_text().splitlines() == ["run", "run"]
    assert reasons == [
        "after import 1 by olena",
        "after import 2 by roman; after import 3 by roman; after import 4 by roman",
    ]
    assert jobs.log_path(settings).exists()
    # A log grown past its limit is set aside for the next run's.
    jobs.log_path(settings).write_bytes(b"x" * (jobs.LOG_LIMIT + 1))
    assert jobs.link_soon(settings) and jobs.wait_for_idle(60)
    assert jobs.log_path(settings).with_name("linking.log.1").stat().st_size > jobs.LOG_LIMIT
    assert jobs.log_path(settings).stat().st_size < jobs.LOG_LIMIT


def test_linking_after_imports_can_be_turned_off_and_needs_a_database_on_disk(
    tmp_path: Path,
) -> None:
    off = Settings(database_url=f"sqlite:///{tmp_path / 'r.db'}", link_after_import=False)
    assert not jobs.link_soon(off)
    assert not jobs.link_soon(Settings(database_url="sqlite://"))


def test_a_failed_run_is_kept_with_the_first_line_of_its_error(
    world_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the disk is full\n[SQL: INSERT ... parameters: ('Олена', ...)]")

    monkeypatch.setattr(service, "_link_all", broken)
    with pytest.raises(RuntimeError):
        link_all(world_engine, actor=SYSTEM)
    with session_scope(world_engine) as session:
        run = session.scalars(select(LinkageRun)).one()
        assert (run.status, run.mode) == ("failed", "full")
        assert run.stats["error"] == "RuntimeError: the disk is full"  # not the parameters
        failed = session.scalars(select(AuditEvent).where(AuditEvent.action == "link.failed")).one()
        assert failed.details["error"] == "RuntimeError: the disk is full"
        linking = batch_linking(session=session, actor=SYSTEM, batch_id=1)
        assert linking.linked == 0 and linking.waiting > 0
        assert linking.failure == "RuntimeError: the disk is full"
    with linkage_lock(world_engine):  # released
        pass


def test_a_run_is_dated_from_its_start(world_engine: Engine) -> None:
    """Changes made while a run scores are after its start, so the next run links them again."""
    before = utcnow()
    link_all(world_engine, actor=SYSTEM)
    with session_scope(world_engine) as session:
        run = session.scalars(select(LinkageRun)).one()
        first_link = session.scalar(select(func.min(Link.id)))
        naive = before.replace(tzinfo=None)
        started, finished = (t.replace(tzinfo=None) for t in (run.started_at, run.finished_at))
        assert naive <= started < finished and first_link is not None
        assert run.status == "completed"
        assert batch_linking(session=session, actor=SYSTEM, batch_id=1).failure is None
