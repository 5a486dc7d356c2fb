"""A small synthetic world, imported once per database, for the linkage tests."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine

from ridni.config import get_settings
from ridni.db.engine import make_engine, session_scope
from ridni.ingest.service import import_file
from ridni.security.actors import SYSTEM
from ridni.synth import generate_world


@dataclass
class World:
    path: Path
    kinds: dict[str, str]


@pytest.fixture(scope="session")
def small_world(tmp_path_factory: pytest.TempPathFactory) -> World:
    path = tmp_path_factory.mktemp("world")
    generate_world(path, children=150, unrelated=400, seed=11)
    manifest = json.loads((path / "manifest.json").read_text(encoding="utf-8"))
    return World(path, {s["source"]: s["kind"] for s in manifest["sources"]})


def import_world(engine: Engine, world: World) -> None:
    manifest = json.loads((world.path / "manifest.json").read_text(encoding="utf-8"))
    for source in manifest["sources"]:
        with session_scope(engine) as session:
            import_file(
                session=session,
                actor=SYSTEM,
                path=world.path / source["file"],
                source=source["source"],
                kind=source["kind"],
            )


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Linkage models go to a fresh directory per test."""
    monkeypatch.setenv("RIDNI_DATA_DIR", str(tmp_path / "var"))
    get_settings.cache_clear()
    yield tmp_path / "var"
    get_settings.cache_clear()


@pytest.fixture
def world_engine(db_url: str, small_world: World, data_dir: Path) -> Iterator[Engine]:
    """A registry holding the small world, not yet linked."""
    engine = make_engine(db_url)
    import ridni.linkage  # noqa: F401  (registers the feature hook)

    import_world(engine, small_world)
    yield engine
    engine.dispose()
