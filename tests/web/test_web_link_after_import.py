"""An import from the web or the API is linked in the background once it is committed."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from webclient import BASE_URL, Browser

from ridni.config import Settings, get_settings
from ridni.db.engine import session_scope
from ridni.ingest.service import import_file
from ridni.linkage import jobs
from ridni.linkage.incremental import pending_records
from ridni.linkage.models import LinkageRun
from ridni.linkage.service import link_all
from ridni.registry.sources import batch_linking
from ridni.security import accounts, sessions, tokens
from ridni.security.actors import SYSTEM
from ridni.security.models import AuditEvent
from ridni.synth import generate_world
from ridni.web.app import create_app

LINKED_WITHIN = 240  # seconds: a Python start, the model, a small registry


class Registry(NamedTuple):
    kept_file: Path  # the counterpart list kept back, to upload
    kept: dict[str, Any]  # its manifest entry
    token: str  # a caseworker's session (olena)
    api_token: str  # her API token


def _user(engine: Engine, username: str, role: str) -> tuple[str, str]:
    """A user of the bureau: a session token and an API token."""
    with session_scope(engine) as session:
        user, _ = accounts.create_user(
            session=session,
            actor=SYSTEM,
            username=username,
            role=role,
            organisation="Бюро",
            password="a long enough password 1",
        )
        token = sessions.start(session, user=user, address="testclient")
        _, api_token = tokens.create_token(
            session=session, actor=SYSTEM, username=username, name="t"
        )
    return token, api_token


@pytest.fixture
def linked_registry(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Registry]:
    """A small world, linked, but for one counterpart list kept back to be uploaded."""
    import ridni.linkage  # noqa: F401  (registers the feature hook)

    monkeypatch.setenv("RIDNI_DATA_DIR", str(tmp_path / "var"))
    get_settings.cache_clear()
    world = tmp_path / "world"
    generate_world(world, children=150, unrelated=400, seed=11)
    manifest = json.loads((world / "manifest.json").read_text(encoding="utf-8"))
    kept = next(s for s in manifest["sources"] if s["kind"] == "counterpart_list")
    for source in manifest["sources"]:
        if source is not kept:
            with session_scope(engine) as session:
                import_file(
                    session=session,
                    actor=SYSTEM,
                    path=world / source["file"],
                    source=source["source"],
                    kind=source["kind"],
                )
    link_all(engine, actor=SYSTEM)
    with session_scope(engine) as session:
        accounts.create_organisation(session=session, actor=SYSTEM, name="Бюро")
    yield Registry(world / kept["file"], kept, *_user(engine, "olena", "caseworker"))
    get_settings.cache_clear()


def _app(db_url: str, tmp_path: Path, engine: Engine) -> FastAPI:
    settings = Settings(
        database_url=db_url,
        data_dir=tmp_path / "var",
        environment="production",
        secret_key="test-secret-key-not-for-production",
        link_after_import=True,
    )
    return create_app(settings, engine=engine)


def _linked_runs(engine: Engine) -> list[str]:
    with session_scope(engine) as session:
        return list(session.scalars(select(LinkageRun.mode).order_by(LinkageRun.id)))


def test_an_upload_page_import_is_linked_in_the_background(
    db_url: str, engine: Engine, tmp_path: Path, linked_registry: Registry
) -> None:
    path, kept, token, _ = linked_registry
    browser = Browser(_app(db_url, tmp_path, engine), token)
    page = browser.post(
        "/imports/new",
        {"source": kept["source"], "kind": kept["kind"]},
        files={"file": (path.name, path.read_bytes(), "text/csv")},
    )
    assert page.status_code == 200 and 'data-testid="import-linking"' in page.text
    assert jobs.wait_for_idle(LINKED_WITHIN), jobs.log_path(get_settings()).read_text()
    with session_scope(engine) as session:
        assert pending_records(session) == []
    assert _linked_runs(engine) == ["full", "incremental"]
    batch = max(int(n) for n in re.findall(r'href="/imports/(\d+)"', page.text))
    with session_scope(engine) as session:
        run = session.scalars(select(LinkageRun).order_by(LinkageRun.id.desc())).first()
        assert run is not None and run.stats["reason"] == f"after import {batch} by olena"
        event = session.scalars(
            select(AuditEvent)
            .where(AuditEvent.action == "link.run")
            .order_by(AuditEvent.seq.desc())
        ).first()
        assert event is not None and event.object_id == str(run.id)
        assert event.details["reason"] == f"after import {batch} by olena"
    with session_scope(engine) as session:
        linking = batch_linking(session=session, actor=SYSTEM, batch_id=batch)
    assert linking.waiting == 0 and linking.linked > 0
    shown = browser.get(f"/imports/{batch}").text
    assert 'data-testid="batch-linking"' in shown and 'data-testid="batch-waiting"' not in shown


def test_an_api_import_is_linked_and_its_batch_says_so(
    db_url: str, engine: Engine, tmp_path: Path, linked_registry: Registry
) -> None:
    path, kept, _, api_token = linked_registry
    api = TestClient(_app(db_url, tmp_path, engine), base_url=BASE_URL)
    api.headers["Authorization"] = f"Bearer {api_token}"
    created = api.post(
        "/api/v1/imports",
        data={"source": kept["source"], "kind": kept["kind"]},
        files={"file": (path.name, path.read_bytes(), "text/csv")},
    )
    assert created.status_code == 201, created.text
    assert jobs.wait_for_idle(LINKED_WITHIN)
    batch = api.get(f"/api/v1/imports/{created.json()['batch_id']}").json()
    assert batch["new_records_waiting"] == 0
    assert batch["new_records_linked"] == created.json()["n_new"] > 0
    # A dry run writes nothing, so nothing is linked after it.
    again = api.post(
        "/api/v1/imports",
        data={"source": kept["source"], "kind": kept["kind"], "dry_run": "true"},
        files={"file": (path.name, path.read_bytes(), "text/csv")},
    )
    assert again.status_code == 201
    assert jobs.wait_for_idle(5)
    assert _linked_runs(engine) == ["full", "incremental"]


def test_an_import_page_says_when_the_last_linking_run_failed(
    db_url: str, engine: Engine, tmp_path: Path, linked_registry: Registry
) -> None:
    path, kept, token, _ = linked_registry
    app = _app(db_url, tmp_path, engine)
    app.state.settings = app.state.settings.model_copy(update={"link_after_import": False})
    browser = Browser(app, token)
    page = browser.post(
        "/imports/new",
        {"source": kept["source"], "kind": kept["kind"]},
        files={"file": (path.name, path.read_bytes(), "text/csv")},
    )
    assert 'data-testid="import-linking"' not in page.text
    batch = max(int(n) for n in re.findall(r'href="/imports/(\d+)"', page.text))
    shown = browser.get(f"/imports/{batch}").text
    assert 'data-testid="batch-waiting"' in shown and "batch-link-failed" not in shown
    with session_scope(engine) as session:
        session.add(
            LinkageRun(
                engine="duckdb",
                model_version="m",
                mode="incremental",
                threshold=0.9,
                started_by="system",
                status="failed",
                stats={"error": "Invalid: no trained model yet"},
            )
        )
    shown = browser.get(f"/imports/{batch}").text
    assert 'data-testid="batch-link-failed"' in shown and "no trained model yet" in shown


def test_the_linking_page_lists_the_runs_and_what_waits(
    db_url: str, engine: Engine, tmp_path: Path, linked_registry: Registry
) -> None:
    path, kept, caseworker, _ = linked_registry
    app = _app(db_url, tmp_path, engine)
    app.state.settings = app.state.settings.model_copy(update={"link_after_import": False})
    Browser(app, caseworker).post(
        "/imports/new",
        {"source": kept["source"], "kind": kept["kind"]},
        files={"file": (path.name, path.read_bytes(), "text/csv")},
    )
    reviewer, api_token = _user(engine, "roman", "reviewer")
    with session_scope(engine) as session:
        waiting = len(pending_records(session))
    assert waiting == kept["rows"]
    page = Browser(app, reviewer).get("/linking")
    assert page.status_code == 200
    assert 'data-testid="linking-run-completed"' in page.text and f"{waiting}" in page.text
    assert Browser(app, caseworker).get("/linking").status_code == 403
    api = TestClient(app, base_url=BASE_URL)
    api.headers["Authorization"] = f"Bearer {api_token}"
    state = api.get("/api/v1/linkage/runs").json()
    assert state["waiting"] == waiting and state["changed"] == 0
    assert [r["mode"] for r in state["runs"]] == ["full"]
    assert state["runs"][0]["status"] == "completed" and state["runs"][0]["timings"]
