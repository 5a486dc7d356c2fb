"""The person page: every record side by side with its source, import batch and raw row; the
links between them with their explanation; siblings, guardians and a timeline. And one record.

A partner sees a person only if it contributed or was shared one of its records (or the person),
and within that person only those records; fields are redacted by role (``policy.redact``).
Unknown and invisible persons both raise ``NotFound``: a refusal does not reveal existence.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from ridni.errors import NotFound
from ridni.ingest.models import ImportBatch, RecordChange, Source, SourceRecord
from ridni.linkage.decisions import marked_wrong, sex_decisions_for, verdict_stands
from ridni.linkage.explanation import Step as ExplainStep
from ridni.linkage.explanation import describe
from ridni.linkage.models import Link, Person, PersonRecord
from ridni.linkage.store import current_model
from ridni.security import audit
from ridni.security.actors import Actor
from ridni.security.policy import (
    is_scoped,
    redact,
    require,
    visible_persons_filter,
    visible_records_filter,
)

FIELDS = (
    "given_name",
    "family_name",
    "patronymic",
    "sex",
    "birth_date",
    "birth_place",
    "birth_region",
    "last_known_place",
    "last_known_date",
    "institution",
    "guardian_names",
    "sibling_ids",
    "age",
    "notes",
)


@dataclass
class BatchRef:
    id: int
    file_name: str
    started_at: datetime


@dataclass
class RecordView:
    pk: int
    record_id: str
    source_id: int
    source_name: str
    source_kind: str
    fields: dict[str, Any]
    raw: dict[str, Any] | None
    line_no: int | None
    withdrawn: bool
    first_batch: BatchRef | None
    last_batch: BatchRef | None
    redacted: list[str]
    person_id: int | None = None
    # A very strong link joined this record to records of the other sex: its sex is taken for
    # a form ticked wrongly, and the person's sex is the other records'.
    sex_overruled: bool = False
    # A reviewer marked the sex this record gives wrong: linking and the person read the other.
    sex_wrong: bool = False


@dataclass
class LinkView:
    record_a: int
    record_b: int
    match_probability: float
    match_weight: float
    in_cluster: bool
    steps: list[ExplainStep]


@dataclass
class PersonRef:
    person_id: int | None
    record_pk: int
    name: str
    via_record: int


@dataclass
class Guardian:
    name: str
    record_pks: list[int]


@dataclass
class TimelineEvent:
    date: str  # 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD' (a partial date keeps its precision)
    kind: str  # birth | seen | received | changed | withdrawn | restored
    record_pk: int
    source_name: str
    place: str | None = None
    detail: str | None = None


@dataclass
class PersonView:
    id: int
    display_name: str
    birth_date: str | None
    sex: str | None
    status: str
    records: list[RecordView]
    links: list[LinkView]
    siblings: list[PersonRef]
    guardians: list[Guardian]
    timeline: list[TimelineEvent]
    field_rows: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class SexVerdict:
    verdict: str  # wrong | right
    sex: str | None
    reason: str
    decided_by: str
    decided_at: datetime


@dataclass
class RecordDetail:
    record: RecordView
    history: list[dict[str, Any]]
    # Reviewers' verdicts on the sex the record gives, oldest first.
    sex_verdicts: list[SexVerdict] = field(default_factory=list)


# --- loading -----------------------------------------------------------------------------------


def _visible_person(session: Session, actor: Actor, person_id: int) -> Person:
    person = session.scalar(
        select(Person).where(Person.id == person_id, visible_persons_filter(actor, Person.id))
    )
    if person is None:
        raise NotFound(f"no person {person_id}")
    return person


def _record_rows(session: Session, actor: Actor, *where: Any) -> list[tuple[SourceRecord, Source]]:
    stmt = (
        select(SourceRecord, Source)
        .join(Source, Source.id == SourceRecord.source_id)
        .where(*where, visible_records_filter(actor, SourceRecord.id, SourceRecord.source_id))
        .order_by(Source.kind, Source.name, SourceRecord.record_id)
    )
    return [(r, s) for r, s in session.execute(stmt).all()]


def _batches(session: Session, ids: set[int]) -> dict[int, BatchRef]:
    if not ids:
        return {}
    rows = session.scalars(select(ImportBatch).where(ImportBatch.id.in_(ids))).all()
    return {b.id: BatchRef(b.id, b.file_name, b.started_at) for b in rows}


def _view(
    record: SourceRecord, source: Source, actor: Actor, batches: dict[int, BatchRef]
) -> RecordView:
    values = {name: getattr(record, name) for name in FIELDS}
    values["raw"] = record.raw
    values["line_no"] = record.line_no
    shown = redact(values, actor, source.kind)
    return RecordView(
        pk=record.id,
        record_id=record.record_id,
        source_id=source.id,
        source_name=source.name,
        source_kind=source.kind,
        fields={name: shown[name] for name in FIELDS},
        raw=shown["raw"],
        line_no=shown["line_no"],
        withdrawn=record.withdrawn,
        first_batch=batches.get(record.first_batch_id),
        last_batch=batches.get(record.last_batch_id),
        redacted=shown["redacted"],
    )


def _views(
    session: Session, actor: Actor, rows: list[tuple[SourceRecord, Source]]
) -> list[RecordView]:
    batch_ids = {r.first_batch_id for r, _ in rows} | {r.last_batch_id for r, _ in rows}
    batches = _batches(session, batch_ids)
    return [_view(r, s, actor, batches) for r, s in rows]


# --- the person page ---------------------------------------------------------------------------


def person_detail(*, session: Session, actor: Actor, person_id: int) -> PersonView:
    require(actor, "person.view")
    person = _visible_person(session, actor, person_id)
    member = select(PersonRecord.record_pk).where(PersonRecord.person_id == person.id)
    rows = _record_rows(session, actor, SourceRecord.id.in_(member))
    records = _views(session, actor, rows)
    overruled = set(
        session.scalars(
            select(PersonRecord.record_pk).where(
                PersonRecord.person_id == person.id, PersonRecord.sex_overruled
            )
        )
    )
    pks = [r.pk for r in records]
    wrong = marked_wrong(session, pks)
    for r in records:
        r.person_id = person.id
        r.sex_overruled = r.pk in overruled
        r.sex_wrong = verdict_stands(r.fields.get("sex"), wrong.get(r.pk))
    view = PersonView(
        id=person.id,
        # A partner gets a name from the records it may see, never from hidden ones.
        display_name=(_name_of(records) if is_scoped(actor) else person.display_name)
        or _name_of(records),
        birth_date=person.birth_date,
        sex=person.sex,
        status=person.status,
        records=records,
        links=_links(session, pks),
        siblings=_siblings(session, actor, rows, person.id),
        guardians=_guardians(records),
        timeline=_timeline(session, records),
        field_rows=[f for f in FIELDS if any(r.fields.get(f) or f in r.redacted for r in records)],
    )
    audit.record_read(
        session,
        actor,
        "person.view",
        object_type="person",
        object_id=person.id,
        details={"records": pks},
    )
    return view


def _name_of(records: list[RecordView]) -> str:
    """A display name from the visible records (a partner must not see one from hidden ones)."""
    for r in records:
        parts = [
            r.fields.get("family_name"),
            r.fields.get("given_name"),
            r.fields.get("patronymic"),
        ]
        if any(parts):
            return " ".join(p for p in parts if p)
    return ""


def _links(session: Session, pks: list[int]) -> list[LinkView]:
    if len(pks) < 2:
        return []
    rows = session.scalars(
        select(Link)
        .where(Link.record_a.in_(pks), Link.record_b.in_(pks))
        .order_by(Link.match_probability.desc())
    ).all()
    return [
        LinkView(
            record_a=link.record_a,
            record_b=link.record_b,
            match_probability=link.match_probability,
            match_weight=link.match_weight,
            in_cluster=link.in_cluster,
            steps=contribution_steps(link.contributions),
        )
        for link in rows
    ]


def contribution_steps(contributions: dict[str, Any] | None) -> list[ExplainStep]:
    """Stored contributions ``{comparison: [level, bits]}`` as the linkage model's labelled steps
    (``ExplainStep.words(lang)`` gives them in Ukrainian or English), strongest first; empty
    without a trained model."""
    model = current_model()
    if not contributions or model is None:
        return []
    _prior, steps = describe(contributions, model)
    return sorted(steps, key=lambda s: -abs(s.bits))


def _siblings(
    session: Session, actor: Actor, rows: list[tuple[SourceRecord, Source]], person_id: int
) -> list[PersonRef]:
    """Siblings named by ``sibling_ids`` (record ids in the same source), as visible persons."""
    wanted: list[Any] = []
    via: dict[tuple[int, str], int] = {}
    for record, _ in rows:
        for rid in (record.sibling_ids or "").replace(",", ";").split(";"):
            rid = rid.strip()
            if rid:
                wanted.append(
                    and_(SourceRecord.source_id == record.source_id, SourceRecord.record_id == rid)
                )
                via[(record.source_id, rid)] = record.id
    if not wanted:
        return []
    found = _record_rows(session, actor, or_(*wanted))
    persons = dict(
        session.execute(
            select(PersonRecord.record_pk, PersonRecord.person_id).where(
                PersonRecord.record_pk.in_([r.id for r, _ in found])
            )
        ).all()
    )
    refs: dict[Any, PersonRef] = {}
    for record, _ in found:
        pid = persons.get(record.id)
        if pid == person_id:
            continue
        key = pid if pid is not None else ("record", record.id)
        name = " ".join(p for p in (record.family_name, record.given_name) if p)
        refs.setdefault(
            key, PersonRef(pid, record.id, name, via[(record.source_id, record.record_id)])
        )
    return list(refs.values())


def _guardians(records: list[RecordView]) -> list[Guardian]:
    found: dict[str, Guardian] = {}
    for r in records:
        for name in (r.fields.get("guardian_names") or "").split(";"):
            name = " ".join(name.split())
            if name:
                g = found.setdefault(name.casefold(), Guardian(name, []))
                if r.pk not in g.record_pks:
                    g.record_pks.append(r.pk)
    return list(found.values())


def _timeline(session: Session, records: list[RecordView]) -> list[TimelineEvent]:
    events: list[TimelineEvent] = []
    by_pk = {r.pk: r for r in records}
    for r in records:
        if r.fields.get("birth_date"):
            events.append(
                TimelineEvent(
                    r.fields["birth_date"],
                    "birth",
                    r.pk,
                    r.source_name,
                    place=r.fields.get("birth_place"),
                )
            )
        if r.fields.get("last_known_date") or r.fields.get("last_known_place"):
            events.append(
                TimelineEvent(
                    r.fields.get("last_known_date") or "",
                    "seen",
                    r.pk,
                    r.source_name,
                    place=r.fields.get("last_known_place"),
                    detail=r.fields.get("institution"),
                )
            )
    if by_pk:
        changes = session.scalars(
            select(RecordChange)
            .where(RecordChange.record_pk.in_(list(by_pk)))
            .order_by(RecordChange.at)
        ).all()
        for c in changes:
            kind = "received" if c.change == "created" else c.change
            events.append(
                TimelineEvent(
                    c.at.date().isoformat(), kind, c.record_pk, by_pk[c.record_pk].source_name
                )
            )
    # Undated sightings go last; partial dates sort before fuller ones of the same period.
    events.sort(key=lambda e: (e.date == "", e.date, e.kind))
    return events


# --- one record --------------------------------------------------------------------------------


def record_detail(*, session: Session, actor: Actor, record_pk: int) -> RecordDetail:
    require(actor, "record.view")
    rows = _record_rows(session, actor, SourceRecord.id == record_pk)
    if not rows:
        raise NotFound(f"no record {record_pk}")
    view = _views(session, actor, rows)[0]
    membership = session.execute(
        select(PersonRecord.person_id, PersonRecord.sex_overruled)
        .join(Person, Person.id == PersonRecord.person_id)
        .where(PersonRecord.record_pk == record_pk, visible_persons_filter(actor, Person.id))
    ).first()
    if membership is not None:
        view.person_id, view.sex_overruled = membership
    history = _history(session, actor, rows[0][1].kind, record_pk)
    verdicts = [
        SexVerdict(d.verdict, d.sex, d.reason, d.decided_by, d.decided_at)
        for d in sex_decisions_for(session=session, record_pk=record_pk)
    ]
    latest = verdicts[-1] if verdicts else None
    view.sex_wrong = (
        latest is not None
        and latest.verdict == "wrong"
        and verdict_stands(view.fields.get("sex"), latest.sex)
    )
    audit.record_read(session, actor, "record.view", object_type="record", object_id=record_pk)
    return RecordDetail(view, history, verdicts)


def _history(session: Session, actor: Actor, kind: str, record_pk: int) -> list[dict[str, Any]]:
    changes = session.execute(
        select(RecordChange, ImportBatch.file_name)
        .join(ImportBatch, ImportBatch.id == RecordChange.batch_id)
        .where(RecordChange.record_pk == record_pk)
        .order_by(RecordChange.at, RecordChange.id)
    ).all()
    out = []
    for change, file_name in changes:
        before = redact(change.before or {}, actor, kind)
        after = redact(change.after or {}, actor, kind)
        out.append(
            {
                "change": change.change,
                "at": change.at,
                "batch_id": change.batch_id,
                "file_name": file_name,
                "line_no": change.line_no,
                "fields": sorted((set(change.before or {}) | set(change.after or {})) - {"raw"}),
                "before": {k: v for k, v in before.items() if k not in ("redacted", "raw")},
                "after": {k: v for k, v in after.items() if k not in ("redacted", "raw")},
            }
        )
    return out
