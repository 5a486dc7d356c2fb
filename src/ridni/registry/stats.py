"""Dashboard counts: records by source and by kind, persons, imports — within the actor's scope."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ridni.ingest.models import SOURCE_KINDS, ImportBatch, Source, SourceRecord
from ridni.linkage.models import Person
from ridni.security.actors import Actor
from ridni.security.policy import (
    is_scoped,
    require,
    visible_persons_filter,
    visible_records_filter,
    visible_sources_filter,
)

# Counting a million rows on every dashboard view is wasteful; counts a minute old are fine.
CACHE_SECONDS = 60.0
_cache: dict[tuple[str, int | None], tuple[float, Dashboard]] = {}
_locks: dict[tuple[str, int | None], threading.Lock] = {}


@dataclass(frozen=True)
class SourceCount:
    source_id: int
    name: str
    kind: str
    records: int


@dataclass(frozen=True)
class Dashboard:
    records: int
    persons: int
    sources: int
    batches: int
    by_source: list[SourceCount] = field(default_factory=list)
    by_kind: list[tuple[str, int]] = field(default_factory=list)


def dashboard(*, session: Session, actor: Actor, fresh: bool = False) -> Dashboard:
    """Counts within the actor's scope, at most ``CACHE_SECONDS`` old.

    Stale counts are served while one background thread recounts, so no page view waits for a
    count over a million rows (only the very first one after start does).
    """
    require(actor, "dashboard.view")
    key = (str(session.get_bind().url), actor.organisation_id if is_scoped(actor) else None)
    hit = _cache.get(key)
    if hit and not fresh:
        if time.monotonic() - hit[0] >= CACHE_SECONDS:
            _refresh_in_background(session, actor, key)
        return hit[1]
    with _locks.setdefault(key, threading.Lock()):
        hit = _cache.get(key)
        if hit and not fresh:
            return hit[1]
        result = _count(session, actor)
        _cache[key] = (time.monotonic(), result)
        return result


def _refresh_in_background(session: Session, actor: Actor, key: tuple[str, int | None]) -> None:
    lock = _locks.setdefault(key, threading.Lock())
    if not lock.acquire(blocking=False):
        return  # a recount is already running
    bind = session.get_bind()

    def recount() -> None:
        try:
            with Session(bind) as own:
                _cache[key] = (time.monotonic(), _count(own, actor))
        finally:
            lock.release()

    threading.Thread(target=recount, name="ridni-dashboard-recount", daemon=True).start()


def _count(session: Session, actor: Actor) -> Dashboard:
    per_source = session.execute(
        select(SourceRecord.source_id, func.count())
        .where(
            SourceRecord.withdrawn.is_(False),
            visible_records_filter(actor, SourceRecord.id, SourceRecord.source_id),
        )
        .group_by(SourceRecord.source_id)
    ).all()
    counts = {sid: n for sid, n in per_source}
    sources = session.scalars(
        select(Source)
        .where(visible_sources_filter(actor, Source.id) | Source.id.in_(list(counts)))
        .order_by(Source.name)
    ).all()
    by_source = [SourceCount(s.id, s.name, s.kind, counts.get(s.id, 0)) for s in sources]
    kinds: dict[str, int] = dict.fromkeys(SOURCE_KINDS, 0)
    for s in by_source:
        kinds[s.kind] = kinds.get(s.kind, 0) + s.records
    persons = session.scalar(
        select(func.count())
        .select_from(Person)
        .where(Person.status == "active", visible_persons_filter(actor, Person.id))
    )
    batches = session.scalar(
        select(func.count())
        .select_from(ImportBatch)
        .where(visible_sources_filter(actor, ImportBatch.source_id))
    )
    return Dashboard(
        records=sum(counts.values()),
        persons=int(persons or 0),
        sources=len([s for s in by_source if s.records or not is_scoped(actor)]),
        batches=int(batches or 0),
        by_source=by_source,
        by_kind=[(k, n) for k, n in kinds.items() if n],
    )
