"""Cases: open one per child, show it, assign it, say where the child is held. Services take
``*, session, actor``, check the policy, filter by scope, flush and record an audit event; the
caller commits. Moving a case is ``ridni.cases.moves`` (re-exported here)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import column, func, select, table
from sqlalchemy.orm import Session, aliased

from ridni.cases import permissions as _permissions  # noqa: F401  (declares the actions)
from ridni.cases import workflow
from ridni.cases.access import (
    MAX_MERGE_DEPTH,
    current_person,
    get_case,
    person_aliases,
    visible_case_filter,
)
from ridni.cases.models import Case, CaseTransition
from ridni.cases.moves import advance, facts_for, move_case, place_on_list
from ridni.cases.sides import side_of
from ridni.db.base import utcnow
from ridni.errors import Conflict, Invalid, NotFound
from ridni.ingest.models import Source, SourceRecord
from ridni.linkage.models import Person, PersonRecord
from ridni.security import audit
from ridni.security.actors import Actor
from ridni.security.models import User
from ridni.security.policy import redact, require, visible_persons_filter

_channels = table("channels", column("id"), column("name"))

ASSIGNABLE_ROLES = ("caseworker", "admin")


@dataclass(frozen=True)
class RecordLine:
    pk: int
    source: str
    kind: str
    side: str | None
    record_id: str
    fields: dict[str, Any]


@dataclass(frozen=True)
class MoveOption:
    to: str
    unmet: list[workflow.Unmet]


@dataclass
class CaseView:
    case: Case
    person_id: int
    person_name: str | None
    person_birth_date: str | None
    records: list[RecordLine]
    transitions: list[CaseTransition]
    moves: list[MoveOption]
    closing_reasons: tuple[str, ...]
    return_channel: str | None
    confirmations: list[workflow.PairConfirmation]
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class CaseRow:
    id: int
    status: str
    person_id: int
    person_name: str | None
    birth_date: str | None
    assigned_to: str | None
    updated_at: datetime


# --- opening and listing -----------------------------------------------------------------------


def open_case(
    *,
    session: Session,
    actor: Actor,
    person_id: int,
    summary: str | None = None,
    assigned_to: str | None = None,
) -> Case:
    """Open the case of a child; one open case per child (merged persons included)."""
    require(actor, "case.open")
    person = current_person(session, person_id)
    visible = session.scalar(
        select(Person.id).where(Person.id == person.id, visible_persons_filter(actor, Person.id))
    )
    if visible is None:
        raise NotFound(f"no person {person_id}")
    existing = session.scalar(
        select(Case.id).where(
            Case.person_id.in_(person_aliases(session, person.id)), Case.status != "closed"
        )
    )
    if existing is not None:
        raise Conflict(f"the child already has an open case: {existing}")
    if assigned_to:
        check_assignee(session, assigned_to)
    case = Case(
        person_id=person.id,
        status="reported",
        summary=(summary or "").strip() or None,
        assigned_to=assigned_to or None,
        opened_by=actor.username,
    )
    session.add(case)
    session.flush()
    session.add(
        CaseTransition(
            case_id=case.id,
            from_status=None,
            to_status="reported",
            reason="case opened",
            actor=actor.username,
        )
    )
    session.flush()
    audit.record(
        session,
        actor,
        "case.open",
        object_type="case",
        object_id=case.id,
        details={"person": person.id},
    )
    return case


def list_cases(
    *,
    session: Session,
    actor: Actor,
    status: str | None = None,
    assigned_to: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[int, list[CaseRow]]:
    """(total, one page of cases), most recently changed first."""
    require(actor, "case.view")
    if status and status not in workflow.STATUSES:
        raise Invalid(f"unknown status {status!r}", field="status")
    current = aliased(Person)
    merged_into = func.coalesce(Person.merged_into, Person.id)
    stmt = (
        select(Case, current)
        .join(Person, Person.id == Case.person_id)
        .join(current, current.id == merged_into)
        .where(visible_case_filter(actor))
    )
    if status:
        stmt = stmt.where(Case.status == status)
    if assigned_to:
        stmt = stmt.where(Case.assigned_to == assigned_to)
    total = session.scalar(
        select(func.count()).select_from(stmt.with_only_columns(Case.id).subquery())
    )
    rows = session.execute(
        stmt.order_by(Case.updated_at.desc(), Case.id.desc())
        .limit(max(1, min(limit, 500)))
        .offset(max(0, offset))
    ).all()
    audit.record(
        session,
        actor,
        "case.list",
        object_type="case",
        details={"status": status, "assigned_to": assigned_to, "offset": offset},
    )
    return int(total or 0), [
        CaseRow(c.id, c.status, p.id, p.display_name, p.birth_date, c.assigned_to, c.updated_at)
        for c, p in rows
    ]


# --- one case ----------------------------------------------------------------------------------


def case_detail(*, session: Session, actor: Actor, case_id: int) -> CaseView:
    """The case with the child's records, its history and the moves open to it."""
    require(actor, "case.view")
    case = get_case(session, actor, case_id)
    person = current_person(session, case.person_id)
    records = _records(session, actor, person.id)
    facts = facts_for(session, actor, case, [r.pk for r in records])
    moves = [
        MoveOption(to, workflow.check(case.status, workflow.Move(to, reason="·"), facts))
        for to in workflow.allowed_moves(case.status)
    ]
    transitions = list(
        session.scalars(
            select(CaseTransition)
            .where(CaseTransition.case_id == case.id)
            .order_by(CaseTransition.at, CaseTransition.id)
        )
    )
    channel = None
    if case.return_channel_id is not None:
        channel = session.scalar(
            select(_channels.c.name).where(_channels.c.id == case.return_channel_id)
        )
    audit.record(session, actor, "case.view", object_type="case", object_id=case.id)
    return CaseView(
        case=case,
        person_id=person.id,
        person_name=person.display_name,
        person_birth_date=person.birth_date,
        records=records,
        transitions=transitions,
        moves=moves,
        closing_reasons=workflow.closing_reasons_from(case.status),
        return_channel=channel,
        confirmations=list(facts.cross_confirmations),
    )


RECORD_FIELDS = (
    "family_name",
    "given_name",
    "patronymic",
    "birth_date",
    "birth_place",
    "last_known_place",
    "institution",
)


def _records(session: Session, actor: Actor, person_id: int) -> list[RecordLine]:
    rows = session.execute(
        select(SourceRecord, Source)
        .join(PersonRecord, PersonRecord.record_pk == SourceRecord.id)
        .join(Source, Source.id == SourceRecord.source_id)
        .where(PersonRecord.person_id == person_id)
        .order_by(Source.kind, Source.name, SourceRecord.record_id)
    ).all()
    out = []
    for record, source in rows:
        shown = redact({f: getattr(record, f) for f in RECORD_FIELDS}, actor, source.kind)
        shown.pop("redacted")
        out.append(
            RecordLine(
                record.id, source.name, source.kind, side_of(source.kind), record.record_id, shown
            )
        )
    return out


# --- assignment and location -------------------------------------------------------------------


def check_assignee(session: Session, username: str) -> User:
    user = session.scalar(select(User).where(User.username == username))
    if user is None or user.disabled:
        raise Invalid(f"no active user {username!r}", field="assigned_to")
    if user.role not in ASSIGNABLE_ROLES:
        raise Invalid(f"{username} is a {user.role}; cases go to caseworkers", field="assigned_to")
    return user


def assign_case(*, session: Session, actor: Actor, case_id: int, username: str | None) -> Case:
    """Give the case to a caseworker (None: nobody)."""
    require(actor, "case.update")
    case = get_case(session, actor, case_id)
    username = (username or "").strip() or None
    if username:
        check_assignee(session, username)
    previous, case.assigned_to = case.assigned_to, username
    case.updated_at = utcnow()
    session.flush()
    audit.record(
        session,
        actor,
        "case.assign",
        object_type="case",
        object_id=case.id,
        details={"from": previous, "to": username},
    )
    return case


def set_location(*, session: Session, actor: Actor, case_id: int, location: str) -> Case:
    """Record where the child is held (what 'located' needs)."""
    require(actor, "case.update")
    case = get_case(session, actor, case_id)
    text = (location or "").strip()
    if not text:
        raise Invalid("say where the child is held", field="location")
    if len(text) > 2000:
        raise Invalid("the location is longer than 2000 characters", field="location")
    previous, case.location = case.location, text
    case.updated_at = utcnow()
    session.flush()
    audit.record(
        session,
        actor,
        "case.update",
        object_type="case",
        object_id=case.id,
        details={"field": "location", "from": previous, "to": text},
    )
    return case


def assignable_users(*, session: Session, actor: Actor) -> list[str]:
    """Usernames a case may be given to (active caseworkers and admins)."""
    require(actor, "case.view")
    return list(
        session.scalars(
            select(User.username)
            .where(User.role.in_(ASSIGNABLE_ROLES), User.disabled.is_(False))
            .order_by(User.username)
        )
    )


__all__ = [
    "MAX_MERGE_DEPTH",
    "CaseRow",
    "CaseView",
    "MoveOption",
    "RecordLine",
    "advance",
    "assign_case",
    "assignable_users",
    "case_detail",
    "check_assignee",
    "current_person",
    "facts_for",
    "get_case",
    "list_cases",
    "move_case",
    "open_case",
    "person_aliases",
    "place_on_list",
    "set_location",
    "visible_case_filter",
]
