"""Cases: open one per child, show it, move it through the workflow, assign it, say where the
child is held. Services take ``*, session, actor``, check the policy, filter by scope, flush and
record an audit event; the caller commits.

Lists (a room above this one) are read here only through plain table constructs, for the guards
('on a frozen list', 'the other side replied found') and the channel of a return.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import column, func, insert, or_, select, table, update
from sqlalchemy.orm import Session, aliased

from ridni.cases import permissions as _permissions  # noqa: F401  (declares the actions)
from ridni.cases import workflow
from ridni.cases.models import Case, CaseEvidence, CaseTransition
from ridni.cases.review import cross_confirmations
from ridni.cases.sides import side_of
from ridni.config import get_settings
from ridni.db.base import utcnow
from ridni.errors import Conflict, Invalid, NotFound
from ridni.ingest.models import Source, SourceRecord
from ridni.linkage.models import Person, PersonRecord
from ridni.security import audit
from ridni.security.actors import Actor
from ridni.security.models import User
from ridni.security.policy import redact, require, visible_persons_filter

_version_entries = table("list_version_entries", column("case_id"), column("version_id"))
_replies = table("list_replies", column("case_id"), column("outcome"))
_channels = table("channels", column("id"), column("name"), column("active"))

MAX_MERGE_DEPTH = 20
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


# --- persons behind cases ----------------------------------------------------------------------


def current_person(session: Session, person_id: int) -> Person:
    """The person a (possibly since merged) person id now belongs to."""
    person = session.get(Person, person_id)
    for _ in range(MAX_MERGE_DEPTH):
        if person is None or person.status != "merged" or person.merged_into is None:
            break
        person = session.get(Person, person.merged_into)
    if person is None:
        raise NotFound(f"no person {person_id}")
    return person


def person_aliases(session: Session, person_id: int) -> set[int]:
    """``person_id`` and every person merged into it, directly or through others."""
    found, frontier = {person_id}, {person_id}
    for _ in range(MAX_MERGE_DEPTH):
        merged = set(session.scalars(select(Person.id).where(Person.merged_into.in_(frontier))))
        frontier = merged - found
        if not frontier:
            break
        found |= frontier
    return found


def visible_case_filter(actor: Actor) -> Any:
    merged_into = (
        select(Person.merged_into).where(Person.id == Case.person_id).scalar_subquery()
    )
    return or_(
        visible_persons_filter(actor, Case.person_id), visible_persons_filter(actor, merged_into)
    )


def get_case(session: Session, actor: Actor, case_id: int) -> Case:
    """The case if it exists and this actor may see it (else NotFound, saying nothing more)."""
    found = session.scalar(select(Case).where(Case.id == case_id, visible_case_filter(actor)))
    if found is None:
        raise NotFound(f"no case {case_id}")
    return found


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
        CaseTransition(case_id=case.id, from_status=None, to_status="reported",
                       reason="case opened", actor=actor.username)
    )  # fmt: skip
    session.flush()
    audit.record(session, actor, "case.open", object_type="case", object_id=case.id,
                 details={"person": person.id})  # fmt: skip
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
    total = session.scalar(select(func.count()).select_from(stmt.with_only_columns(Case.id).subquery()))
    rows = session.execute(
        stmt.order_by(Case.updated_at.desc(), Case.id.desc())
        .limit(max(1, min(limit, 500)))
        .offset(max(0, offset))
    ).all()
    audit.record(session, actor, "case.list", object_type="case",
                 details={"status": status, "assigned_to": assigned_to, "offset": offset})  # fmt: skip
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
        channel = session.scalar(select(_channels.c.name).where(_channels.c.id == case.return_channel_id))
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
            RecordLine(record.id, source.name, source.kind, side_of(source.kind),
                       record.record_id, shown)
        )  # fmt: skip
    return out


def facts_for(
    session: Session, actor: Actor, case: Case, record_pks: Sequence[int] | None = None
) -> workflow.Facts:
    """What the guards need to know about this case, read from the database."""
    if record_pks is None:
        person = current_person(session, case.person_id)
        record_pks = list(
            session.scalars(select(PersonRecord.record_pk).where(PersonRecord.person_id == person.id))
        )
    evidence_by = tuple(
        session.scalars(select(CaseEvidence.recorded_by).where(CaseEvidence.case_id == case.id))
    )
    frozen = session.scalar(
        select(func.count()).select_from(_version_entries).where(_version_entries.c.case_id == case.id)
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


# --- moving ------------------------------------------------------------------------------------


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
        CaseTransition(case_id=case.id, from_status=previous, to_status=move.to,
                       reason=move.reason.strip(), closing_reason=move.closing_reason,
                       details=carried or None, actor=actor.username)
    )  # fmt: skip
    session.flush()
    audit.record(session, actor, "case.move", object_type="case", object_id=case.id,
                 details={"from": previous, "to": move.to, "reason": move.reason.strip(),
                          "closing_reason": move.closing_reason, **carried})  # fmt: skip
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
                select(Case.id).where(
                    Case.id.in_(listed), Case.status == "identity_verified"
                )
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
                {"case_id": i, "from_status": "identity_verified", "to_status": "on_list",
                 "reason": reason, "details": details, "actor": actor.username, "at": now}
                for i in moved
            ],
        )  # fmt: skip
    session.expire_all()
    return len(moved)


def _chunks(ids: Sequence[int], size: int = 900) -> Iterable[Sequence[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


# --- assignment and location -------------------------------------------------------------------


def check_assignee(session: Session, username: str) -> User:
    user = session.scalar(select(User).where(User.username == username))
    if user is None or user.disabled:
        raise Invalid(f"no active user {username!r}", field="assigned_to")
    if user.role not in ASSIGNABLE_ROLES:
        raise Invalid(f"{username} is a {user.role}; cases go to caseworkers", field="assigned_to")
    return user


def assign_case(
    *, session: Session, actor: Actor, case_id: int, username: str | None
) -> Case:
    """Give the case to a caseworker (None: nobody)."""
    require(actor, "case.update")
    case = get_case(session, actor, case_id)
    username = (username or "").strip() or None
    if username:
        check_assignee(session, username)
    previous, case.assigned_to = case.assigned_to, username
    case.updated_at = utcnow()
    session.flush()
    audit.record(session, actor, "case.assign", object_type="case", object_id=case.id,
                 details={"from": previous, "to": username})  # fmt: skip
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
    audit.record(session, actor, "case.update", object_type="case", object_id=case.id,
                 details={"field": "location", "from": previous, "to": text})  # fmt: skip
    return case
