"""What linking has done and what waits for it: the runs, newest first, with their timings and
failures, and the records no run has linked yet (for administrators and reviewers)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ridni.linkage.incremental import changed_since_linked, pending_records
from ridni.linkage.models import LinkageRun
from ridni.security.actors import Actor
from ridni.security.policy import allow, require

allow(
    "linkage.view",
    "admin",
    "reviewer",
    "auditor",
    description="See the linking runs, their timings and failures, and the records waiting",
)


@dataclass(frozen=True)
class RunRow:
    id: int
    mode: str  # full | incremental
    engine: str
    started_by: str
    started_at: datetime
    finished_at: datetime | None
    records: int
    links: int
    persons: int
    status: str  # completed | failed | running
    error: str | None
    reason: str | None  # why it ran: "after import 12 by olena"
    timings: dict[str, Any]


@dataclass(frozen=True)
class Linking:
    runs: list[RunRow]
    waiting: int  # live records no person holds
    changed: int  # records changed since the run that placed them


def linking_state(*, session: Session, actor: Actor, limit: int = 50) -> Linking:
    require(actor, "linkage.view")
    runs = session.scalars(select(LinkageRun).order_by(LinkageRun.id.desc()).limit(limit))
    return Linking(
        runs=[_row(run) for run in runs],
        waiting=len(pending_records(session)),
        changed=len(changed_since_linked(session)),
    )


def _row(run: LinkageRun) -> RunRow:
    stats = run.stats or {}
    return RunRow(
        id=run.id,
        mode=run.mode,
        engine=run.engine,
        started_by=run.started_by,
        started_at=run.started_at,
        finished_at=run.finished_at,
        records=run.n_records,
        links=run.n_links,
        persons=run.n_persons,
        status=run.status,
        error=stats.get("error"),
        reason=stats.get("reason"),
        timings=stats.get("timings") or {},
    )
