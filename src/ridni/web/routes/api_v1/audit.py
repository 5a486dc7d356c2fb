"""The audit log, for auditors."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query

from ridni.security import audit
from ridni.web.deps import ApiActor, SessionDep, api_gate
from ridni.web.routes.api_v1.registry import ERRORS
from ridni.web.routes.api_v1.schemas import AuditEventOut, VerifyOut
from ridni.web.routes.audit import to_filter

router = APIRouter(prefix="/audit", tags=["audit"])


@router.get(
    "/events",
    dependencies=[api_gate("audit.view")],
    response_model=list[AuditEventOut],
    responses=ERRORS,
    name="api_audit_events",
)
def events(
    db: SessionDep,
    actor: ApiActor,
    who: Annotated[str | None, Query(alias="actor", max_length=100)] = None,
    action: Annotated[str | None, Query(max_length=60)] = None,
    object_type: Annotated[str | None, Query(max_length=40)] = None,
    object_id: Annotated[str | None, Query(max_length=100)] = None,
    address: Annotated[str | None, Query(max_length=100)] = None,
    since: date | None = None,
    until: date | None = None,
    before: Annotated[int | None, Query(ge=1, le=2**62)] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> list[AuditEventOut]:
    """Events newest first, filtered; page with ``before`` (a sequence number)."""
    where = to_filter(who, action, object_type, object_id, address, since, until)
    rows = audit.list_events(session=db, actor=actor, where=where, limit=limit, before_seq=before)
    return [AuditEventOut.model_validate(e, from_attributes=True) for e in rows]


@router.get(
    "/verify",
    dependencies=[api_gate("audit.verify")],
    response_model=VerifyOut,
    responses=ERRORS,
    name="api_audit_verify",
)
def verify(db: SessionDep, actor: ApiActor) -> VerifyOut:
    """Walk the hash chain; names the first altered, inserted or deleted event."""
    result = audit.verify_as(session=db, actor=actor)
    return VerifyOut(
        ok=result.ok,
        checked=result.checked,
        head_seq=result.head_seq,
        head_hash=result.head_hash,
        problem=result.problem,
        seq=result.seq,
        message=result.message,
    )
