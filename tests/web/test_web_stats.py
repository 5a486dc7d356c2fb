"""Dashboard counts: scoped, cached, recounted in the background when stale."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import Engine
from webworld import World

from ridni.db.engine import session_scope
from ridni.registry import stats


def _counts(engine: Engine, world: World, who: str, *, fresh: bool = False) -> stats.Dashboard:
    with session_scope(engine) as session:
        return stats.dashboard(session=session, actor=world.actor(who), fresh=fresh)


def test_counts_by_source_and_kind(engine: Engine, world: World) -> None:
    data = _counts(engine, world, "reviewer", fresh=True)
    assert (data.records, data.persons, data.sources, data.batches) == (5, 3, 3, 3)
    assert dict(data.by_kind) == {"official_registry": 3, "family_report": 1, "counterpart_list": 1}
    partner = _counts(engine, world, "partner", fresh=True)
    assert (partner.records, partner.persons) == (1, 1)
    assert [s.name for s in partner.by_source] == ["ngo_a_reports"]


def test_stale_counts_are_served_while_recounting(
    engine: Engine, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = _counts(engine, world, "admin", fresh=True)
    key = next(k for k in stats._cache if k[1] is None and str(engine.url) == k[0])
    stats._cache[key] = (time.monotonic() - stats.CACHE_SECONDS - 1, first)
    assert _counts(engine, world, "admin") is first  # stale, returned at once
    deadline = time.time() + 5
    while stats._cache[key][1] is first and time.time() < deadline:
        time.sleep(0.05)
    assert stats._cache[key][1] is not first and stats._cache[key][1].records == 5
