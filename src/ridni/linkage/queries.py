"""Read services over persons: lists and a person's records side by side."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ridni.errors import NotFound
from ridni.ingest.models import Source, SourceRecord
from ridni.linkage.decisions import marked_wrong, verdict_stands
from ridni.linkage.models import Link, Person, PersonRecord
from ridni.security.actors import Actor

RECORD_FIELDS = (
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
)


@dataclass(frozen=True)
class PersonRow:
    id: int
    display_name: str | None
    birth_date: str | None
    sex: str | None
    n_records: int
    sources: str


def list_persons(
    *, session: Session, actor: Actor, limit: int = 50, min_records: int = 2
) -> list[PersonRow]:
    del actor  # operator-level listing; scope applies in the web's services
    sources = (
        select(func.count(func.distinct(SourceRecord.source_id)))
        .join(PersonRecord, PersonRecord.record_pk == SourceRecord.id)
        .where(PersonRecord.person_id == Person.id)
        .scalar_subquery()
    )
    rows = session.execute(
        select(
            Person.id, Person.display_name, Person.birth_date, Person.sex, Person.n_records, sources
        )
        .where(Person.status == "active", Person.n_records >= min_records)
        .order_by(Person.n_records.desc(), Person.id)
        .limit(limit)
    )
    return [PersonRow(r[0], r[1], r[2], r[3], r[4], f"{r[5]} sources") for r in rows]


def person_records(*, session: Session, actor: Actor, person_id: int) -> list[dict[str, Any]]:
    """Every record of a person with its source, in a stable order."""
    del actor
    person = session.get(Person, person_id)
    if person is None:
        raise NotFound(f"no person {person_id}")
    if person.status == "merged" and person.merged_into:
        raise NotFound(f"person {person_id} was merged into person {person.merged_into}")
    rows = session.execute(
        select(SourceRecord, Source.name, Source.kind, PersonRecord.sex_overruled)
        .join(PersonRecord, PersonRecord.record_pk == SourceRecord.id)
        .join(Source, Source.id == SourceRecord.source_id)
        .where(PersonRecord.person_id == person_id)
        .order_by(Source.kind, Source.name, SourceRecord.record_id)
    ).all()
    wrong = marked_wrong(session, [row[0].id for row in rows])
    return [
        {
            "pk": rec.id,
            "source": name,
            "kind": kind,
            "record_id": rec.record_id,
            **{f: getattr(rec, f) for f in RECORD_FIELDS},
            "sex_overruled": overruled,
            "sex_wrong": verdict_stands(rec.sex, wrong.get(rec.id)),
        }
        for rec, name, kind, overruled in rows
    ]


def person_links(*, session: Session, person_id: int) -> list[Link]:
    members = select(PersonRecord.record_pk).where(PersonRecord.person_id == person_id)
    return list(
        session.scalars(
            select(Link)
            .where(Link.record_a.in_(members), Link.record_b.in_(members))
            .order_by(Link.match_probability.desc())
        )
    )


def record_pk(*, session: Session, source: str, record_id: str) -> int:
    pk = session.execute(
        select(SourceRecord.id)
        .join(Source, Source.id == SourceRecord.source_id)
        .where(Source.name == source, SourceRecord.record_id == record_id)
    ).scalar()
    if pk is None:
        raise NotFound(f"no record {record_id!r} in source {source!r}")
    return pk
