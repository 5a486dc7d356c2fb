"""A web app over the per-test database, the synthetic world, and logged-in clients."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import webworld as world_module
from argon2 import PasswordHasher
from fastapi import FastAPI
from sqlalchemy import Engine
from webclient import Browser
from webworld import World

from ridni.config import Settings, get_settings
from ridni.db.engine import session_scope
from ridni.security import passwords
from ridni.web.app import create_app

BASE_URL = "https://testserver"


@pytest.fixture(autouse=True)
def fast_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    # The real parameters cost ~50 ms a hash; tests hash hundreds of times.
    monkeypatch.setattr(
        passwords, "_hasher", PasswordHasher(time_cost=1, memory_cost=64, parallelism=1)
    )


@pytest.fixture
def settings(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    # Files the application keeps (the linkage model) are found through the environment.
    monkeypatch.setenv("RIDNI_DATA_DIR", str(tmp_path / "var"))
    get_settings.cache_clear()
    world_module.save_model()
    return Settings(
        database_url=db_url,
        data_dir=tmp_path / "var",
        environment="production",
        secret_key="test-secret-key-not-for-production",
        link_after_import=False,  # tests of it turn it on (test_web_link_after_import.py)
    )


@pytest.fixture
def app(settings: Settings, engine: Engine) -> FastAPI:
    return create_app(settings, engine=engine)


@pytest.fixture
def world(engine: Engine) -> World:
    with session_scope(engine) as session:
        return world_module.build(session)


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
