"""A web app over the per-test database, the synthetic world, and logged-in clients."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from ridni.config import Settings
from ridni.db.engine import session_scope
from ridni.security import csrf, passwords
from ridni.web.app import create_app
from ridni.web.deps import SESSION_COOKIE
import webworld as world_module
from webworld import World

BASE_URL = "https://testserver"


@pytest.fixture(autouse=True)
def fast_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    # The real parameters cost ~50 ms a hash; tests hash hundreds of times.
    monkeypatch.setattr(passwords, "_hasher", PasswordHasher(time_cost=1, memory_cost=64, parallelism=1))


@pytest.fixture
def settings(db_url: str, tmp_path: Path) -> Settings:
    return Settings(database_url=db_url, data_dir=tmp_path / "var", environment="production",
                    secret_key="test-secret-key-not-for-production")  # fmt: skip


@pytest.fixture
def app(settings: Settings, engine: Engine) -> FastAPI:
    return create_app(settings, engine=engine)


@pytest.fixture
def world(engine: Engine) -> World:
    with session_scope(engine) as session:
        return world_module.build(session)


class Browser:
    """A TestClient logged in as one user (or anonymous), sending the CSRF token on writes."""

    def __init__(self, app: FastAPI, session_token: str | None = None) -> None:
        self.client = TestClient(app, base_url=BASE_URL, raise_server_exceptions=False,
                                 follow_redirects=False)  # fmt: skip
        self.client.cookies.set(csrf.COOKIE, "test-csrf-cookie")
        self.csrf = csrf.token_for(app.state.secret_key, "test-csrf-cookie")
        if session_token:
            self.client.cookies.set(SESSION_COOKIE, session_token)

    def get(self, url: str, **kw):  # type: ignore[no-untyped-def]
        return self.client.get(url, **kw)

    def post(self, url: str, data: dict | None = None, *, with_csrf: bool = True, **kw):  # type: ignore[no-untyped-def]
        data = dict(data or {})
        if with_csrf:
            data.setdefault(csrf.FIELD, self.csrf)
        return self.client.post(url, data=data, **kw)


@pytest.fixture
def browser_for(app: FastAPI, engine: Engine, world: World):  # type: ignore[no-untyped-def]
    def make(username: str | None) -> Browser:
        if username is None:
            return Browser(app)
        with session_scope(engine) as session:
            token = world_module.session_token(session, world, username)
        return Browser(app, token)

    return make


@pytest.fixture
def anonymous(app: FastAPI) -> Iterator[Browser]:
    yield Browser(app)


def csrf_from(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "no CSRF field in the page"
    return match.group(1)
