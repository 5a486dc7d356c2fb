"""Reviewers' decisions survive a full re-link of a synthetic world (Splink, end to end)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import aliased

from ridni.cases import review
from ridni.db.engine import make_engine, session_scope
from ridni.ingest.models import Source, SourceRecord
from ridni.ingest.service import import_file
from ridni.linkage.models import Link, PersonRecord
from ridni.linkage.service import link_all
from ridni.security.actors import SYSTEM, Actor
from ridni.synth import generate_world

REVIEWER = Actor(username="rev1", role="reviewer")


@pytest.fixture(scope="module")
def world_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("relink-world")
    generate_world(path, children=150, unrelated=400, seed=23)
    return path


@pytest.fixture
def linked(db_url: str, world_dir: Path, settings_env: Path) -> Iterator[Engine]:
    engine = make_engine(db_url)
    import ridni.linkage  # noqa: F401  (registers the feature hook)

    manifest = json.loads((world_dir / "manifest.json").read_text(encoding="utf-8"))
    for source in manifest["sources"]:
        with session_scope(engine) as session:
            import_file(
                session=session,
                actor=SYSTEM,
                path=world_dir / source["file"],
                source=source["source"],
                kind=source["kind"],
            )
    link_all(engine, actor=SYSTEM, retrain=True)
    yield engine
    engine.dispose()


def _person(engine: Engine, pk: int) -> int:
    with session_scope(engine) as session:
        return session.scalars(
            select(PersonRecord.person_id).where(PersonRecord.record_pk == pk)
        ).one()


def _cross_side_link(engine: Engine, *, joined: bool) -> tuple[int, int]:
    ra, rb, sa, sb = aliased(SourceRecord), aliased(SourceRecord), aliased(Source), aliased(Source)
    with session_scope(engine) as session:
        rows = session.execute(
            select(Link.record_a, Link.record_b, sa.kind, sb.kind)
            .join(ra, ra.id == Link.record_a)
            .join(rb, rb.id == Link.record_b)
            .join(sa, sa.id == ra.source_id)
            .join(sb, sb.id == rb.source_id)
            .where(Link.in_cluster.is_(joined), Link.match_probability > 0.3)
            .order_by(Link.match_probability.desc())
        ).all()
    for a, b, kind_a, kind_b in rows:
        if {kind_a, kind_b} == {"official_registry", "counterpart_list"}:
            return a, b
    pytest.fail("the world has no such cross-side link")


@pytest.mark.slow
def test_decisions_survive_a_full_relink(linked: Engine) -> None:
    joined = _cross_side_link(linked, joined=True)
    apart = _cross_side_link(linked, joined=False)
    assert _person(linked, joined[0]) == _person(linked, joined[1])
    with session_scope(linked) as session:
        review.decide(
            session=session,
            actor=REVIEWER,
            record_a=joined[0],
            record_b=joined[1],
            decision="reject",
            reason="different children: other mother",
        )
        review.decide(
            session=session,
            actor=REVIEWER,
            record_a=apart[0],
            record_b=apart[1],
            decision="confirm",
            reason="same birth certificate",
        )
    assert _person(linked, joined[0]) != _person(linked, joined[1])  # at once
    assert _person(linked, apart[0]) == _person(linked, apart[1])

    link_all(linked, actor=SYSTEM)  # a full re-link, model as trained

    assert _person(linked, joined[0]) != _person(linked, joined[1])  # never joined again
    assert _person(linked, apart[0]) == _person(linked, apart[1])  # never split
    with session_scope(linked) as session:
        queue = review.review_queue(session=session, actor=REVIEWER, limit=500)
    decided = {joined, apart}
    assert not decided & {(i.record_a, i.record_b) for i in queue.items}
