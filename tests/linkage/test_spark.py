"""The Spark engine gives the same persons as DuckDB with the same trained model.

Runs in CI (the test command installs the `spark` extra and Java). A developer without pyspark
skips it, unless RIDNI_REQUIRE_SPARK=1, which the README's test command sets.
"""

from __future__ import annotations

import importlib.util
import os

import pytest
from sqlalchemy import Engine, select

from ridni.db.engine import session_scope
from ridni.linkage.models import Link, PersonRecord
from ridni.linkage.service import link_all
from ridni.security.actors import SYSTEM

pytestmark = pytest.mark.spark

if importlib.util.find_spec("pyspark") is None and os.environ.get("RIDNI_REQUIRE_SPARK") != "1":
    pytest.skip("pyspark is not installed (pip install 'ridni[spark]')", allow_module_level=True)


def _state(engine: Engine) -> tuple[set[frozenset[int]], dict[tuple[int, int], float]]:
    with session_scope(engine) as session:
        groups: dict[int, set[int]] = {}
        for record, person in session.execute(
            select(PersonRecord.record_pk, PersonRecord.person_id)
        ):
            groups.setdefault(person, set()).add(record)
        links = {
            (a, b): p
            for a, b, p in session.execute(
                select(Link.record_a, Link.record_b, Link.match_probability)
            )
        }
    return {frozenset(g) for g in groups.values()}, links


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_spark_gives_the_same_persons_as_duckdb(world_engine: Engine) -> None:
    link_all(world_engine, actor=SYSTEM, engine_name="duckdb")
    duck_persons, duck_links = _state(world_engine)
    link_all(world_engine, actor=SYSTEM, engine_name="spark")
    spark_persons, spark_links = _state(world_engine)
    assert spark_persons == duck_persons
    assert spark_links.keys() == duck_links.keys()
    assert all(abs(spark_links[k] - duck_links[k]) < 1e-9 for k in duck_links)
