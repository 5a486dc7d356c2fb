"""Auditors browse and filter the audit log, and verify its hash chain."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from ridni.security import audit
from ridni.web.deps import PageActor, SessionDep, page_gate
from ridni.web.rendering import render

router = APIRouter(include_in_schema=False, prefix="/audit")

PAGE_SIZE = 50


def to_filter(
    actor: str | None,
    action: str | None,
    object_type: str | None,
    object_id: str | None,
    address: str | None,
    since: date | None,
    until: date | None,
) -> audit.EventFilter:
    from ridni.web.i18n import DISPLAY_TZ

    def start_of(day: date | None) -> datetime | None:
        return datetime.combine(day, time.min, DISPLAY_TZ) if day else None

    return audit.EventFilter(
        actor=actor or None,
        action=action or None,
        object_type=object_type or None,
        object_id=object_id or None,
        address=address or None,
        since=start_of(since),
        until=start_of(until + timedelta(days=1)) if until and until < date.max else None,
    )


@router.get("", dependencies=[page_gate("audit.view")])
def audit_page(
    request: Request,
    db: SessionDep,
    actor: PageActor,
    who: Annotated[str | None, Query(alias="actor", max_length=100)] = None,
    action: Annotated[str | None, Query(max_length=60)] = None,
    object_type: Annotated[str | None, Query(max_length=40)] = None,
    object_id: Annotated[str | None, Query(max_length=100)] = None,
    address: Annotated[str | None, Query(max_length=100)] = None,
    since: date | None = None,
    until: date | None = None,
    before: Annotated[int | None, Query(ge=1)] = None,
) -> Response:
    where = to_filter(who, action, object_type, object_id, address, since, until)
    events = audit.list_events(
        session=db, actor=actor, where=where, limit=PAGE_SIZE, before_seq=before
    )
    query = {
        "actor": who or "",
        "action": action or "",
        "object_type": object_type or "",
        "object_id": object_id or "",
        "address": address or "",
        "since": since.isoformat() if since else "",
        "until": until.isoformat() if until else "",
    }
    more = len(events) == PAGE_SIZE
    return render(
        request,
        "audit/page.html",
        {
            "events": events,
            "query": query,
            "actions": sorted(audit.AUDITED),
            "next_before": events[-1].seq if more else None,
        },
    )


@router.get("/verify", dependencies=[page_gate("audit.verify")])
def audit_verify_page(request: Request, db: SessionDep, actor: PageActor) -> Response:
    result = audit.verify_as(session=db, actor=actor)
    return render(request, "audit/verify.html", {"result": result})
