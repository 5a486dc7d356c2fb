"""Moving cases through the workflow: the facts the guards read, guarded moves, and the bulk
move of a frozen list's children to 'on list'.

Lists (a room above this one) are read here only through plain table constructs, for the guards
('on a frozen list', 'the other side replied found') and the channels a return may come through.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from sqlalchemy import column, func, insert, select, table, update
from sqlalchemy.orm import Session

from ridni.cases import permissions as _permissions  # noqa: F401  (declares the actions)
from ridni.cases import workflow
from ridni.cases.access import current_person, get_case
from ridni.cases.models import Case, CaseEvidence, CaseTransition
from ridni.cases.review import cross_confirmations
from ridni.config import get_settings
from ridni.db.base import utcnow
from ridni.errors import Invalid
from ridni.linkage.models import PersonRecord
from ridni.security import audit
from ridni.security.actors import Actor
from ridni.security.policy import require

_version_entries = table("list_version_entries", column("case_id"), column("version_id"))
_replies = table("list_replies", column("case_id"), column("outcome"))
_channels = table("channels", column("id"))


def facts_for(
    session: Session, actor: Actor, case: Case, record_pks: Sequence[int] | None = None
) -> workflow.Facts:
    """What the guards need to know about this case, read from the database."""
    if record_pks is None:
        person = current_person(session, case.person_id)
        record_pks = list(
            session.scalars(
                select(PersonRecord.record_pk).where(PersonRecord.person_id == person.id)
            )
        )
    evidence_by = tuple(
        session.scalars(select(CaseEvidence.recorded_by).where(CaseEvidence.case_id == case.id))
    )
    frozen = session.scalar(
        select(func.count())
        .select_from(_version_entries)
        .where(_version_entries.c.case_id == case.id)
    )
    outcomes = frozenset(
        session.scalars(select(_replies.c.outcome).where(_replies.c.case_id == case.id))
    )
    channels = frozenset(session.scalars(select(_channels.c.id)))
    return workflow.Facts(
        actor=actor.username,
        case_id=case.id,
        location=case.location,
        cross_confirmations=tuple(cross_confirmations(session, list(record_pks))),
        evidence_by=evidence_by,
        four_eyes=get_settings().four_eyes,
        frozen_list_versions=int(frozen or 0),
        reply_outcomes=outcomes,
        channel_ids=channels,
    )


def move_case(
    *,
    session: Session,
    actor: Actor,
    case_id: int,
    to: str,
    reason: str,
    closing_reason: str | None = None,
    return_date: date | None = None,
    return_channel: int | None = None,
    duplicate_of: int | None = None,
) -> Case:
    """Move a case to ``to`` if its guard allows; records who, when and why."""
    require(actor, "case.update")
    case = get_case(session, actor, case_id)
    if duplicate_of is not None:
        get_case(session, actor, duplicate_of)
    move = workflow.Move(to, reason, closing_reason, return_date, return_channel, duplicate_of)
    return advance(session=session, actor=actor, case=case, move=move)


def advance(
    *,
    session: Session,
    actor: Actor,
    case: Case,
    move: workflow.Move,
    details: dict[str, Any] | None = None,
) -> Case:
    """Apply a guarded move. For the lists room too, whose callers have checked their own
    right (freezing and reconciling move cases as a consequence)."""
    facts = facts_for(session, actor, case)
    unmet = workflow.check(case.status, move, facts)
    if unmet:
        raise Invalid("; ".join(u.message for u in unmet), field="to")
    carried = dict(details or {})
    if move.to == "returned":
        case.return_date = move.return_date
        case.return_channel_id = move.return_channel
        carried.update(return_date=str(move.return_date), channel=move.return_channel)
    if move.to == "closed":
        case.closing_reason = move.closing_reason
        case.duplicate_of = move.duplicate_of
        if move.duplicate_of is not None:
            carried["duplicate_of"] = move.duplicate_of
    previous = case.status
    case.status = move.to
    case.updated_at = utcnow()
    session.add(
        CaseTransition(
            case_id=case.id,
            from_status=previous,
            to_status=move.to,
            reason=move.reason.strip(),
            closing_reason=move.closing_reason,
            details=carried or None,
            actor=actor.username,
        )
    )
    session.flush()
    audit.record(
        session,
        actor,
        "case.move",
        object_type="case",
        object_id=case.id,
        details={
            "from": previous,
            "to": move.to,
            "reason": move.reason.strip(),
            "closing_reason": move.closing_reason,
            **carried,
        },
    )
    return case


def place_on_list(
    *, session: Session, actor: Actor, case_ids: Iterable[int], reason: str, details: dict[str, Any]
) -> int:
    """Move every identity-verified case among ``case_ids`` to 'on_list' at once (a list was
    frozen with them). The guard holds by construction; it is checked in one query anyway."""
    ids = sorted(set(case_ids))
    moved = []
    for chunk in _chunks(ids):
        listed = set(
            session.scalars(
                select(_version_entries.c.case_id).where(_version_entries.c.case_id.in_(chunk))
            )
        )
        moved += list(
            session.scalars(
                select(Case.id).where(Case.id.in_(listed), Case.status == "identity_verified")
            )
        )
    now = utcnow()
    for chunk in _chunks(moved):
        session.execute(
            update(Case).where(Case.id.in_(chunk)).values(status="on_list", updated_at=now)
        )
    if moved:
        session.execute(
            insert(CaseTransition),
            [
                {
                    "case_id": i,
                    "from_status": "identity_verified",
                    "to_status": "on_list",
                    "reason": reason,
                    "details": details,
                    "actor": actor.username,
                    "at": now,
                }
                for i in moved
            ],
        )
    session.expire_all()
    return len(moved)


def _chunks(ids: Sequence[int], size: int = 900) -> Iterable[Sequence[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]
