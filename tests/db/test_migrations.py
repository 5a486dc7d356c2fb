"""The migrations build exactly the schema the models describe, on both databases."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

import ridni.db.models  # noqa: F401
from ridni.db.base import Base
from ridni.db.engine import make_engine
from ridni.db.migrate import alembic_config, upgrade


@pytest.fixture
def empty_url(db_url: str) -> str:
    """The test database emptied, so that the migrations build it from nothing."""
    engine = make_engine(db_url)
    Base.metadata.drop_all(engine)
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
    engine.dispose()
    return db_url


def test_upgrade_head_matches_the_models(empty_url: str) -> None:
    engine = make_engine(empty_url)
    upgrade(engine)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, Base.metadata)
    assert diff == []
    assert set(Base.metadata.tables) <= set(inspect(engine).get_table_names())
    engine.dispose()


def test_upgrade_is_idempotent(empty_url: str) -> None:
    engine = make_engine(empty_url)
    upgrade(engine)
    upgrade(engine)
    with engine.connect() as conn:
        version = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    head = ScriptDirectory.from_config(alembic_config(empty_url)).get_current_head()
    assert version == head
    engine.dispose()


@pytest.mark.parametrize(
    ("made_at", "table", "index"),
    [
        ("0001", "record_features", "ix_record_features_given_latin"),
        ("0002", "source_records", "ix_source_records_withdrawn"),
    ],
)
def test_a_registry_made_before_an_index_gets_it(
    empty_url: str, made_at: str, table: str, index: str
) -> None:
    engine = make_engine(empty_url)
    upgrade(engine, made_at)
    assert index not in {i["name"] for i in inspect(engine).get_indexes(table)}
    upgrade(engine)
    assert index in {i["name"] for i in inspect(engine).get_indexes(table)}
    engine.dispose()
