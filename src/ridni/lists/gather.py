"""Read the children behind cases, with their records and siblings, in bulk (thousands at once)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from ridni.cases.models import Case
from ridni.cases.service import MAX_MERGE_DEPTH
from ridni.ingest.models import Source, SourceRecord
from ridni.linkage.models import Person, PersonRecord
from ridni.lists.content import Child, ChildRecord

T = TypeVar("T")
CHUNK = 900  # below SQLite's bound-parameter limit on old versions


def chunks(items: Sequence[T], size: int = CHUNK) -> Iterable[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def current_persons(session: Session, person_ids: Iterable[int]) -> dict[int, int]:
    """{person id: the person it now is}, following merges."""
    mapping = {p: p for p in set(person_ids)}
    pending = set(mapping)
    for _ in range(MAX_MERGE_DEPTH):
        if not pending:
            break
        moved: dict[int, int] = {}
        for chunk in chunks(sorted(pending)):
            moved.update(
                (a, b)
                for a, b in session.execute(
                    select(Person.id, Person.merged_into).where(
                        Person.id.in_(chunk),
                        Person.status == "merged",
                        Person.merged_into.is_not(None),
                    )
                )
            )
        for origin, now in list(mapping.items()):
            if now in moved:
                mapping[origin] = moved[now]
        pending = set(moved.values())
    return mapping


def children(session: Session, cases: Sequence[Case]) -> dict[int, Child]:
    """{case id: the child with its records and sibling persons}."""
    person_of = current_persons(session, (c.person_id for c in cases))
    persons = sorted(set(person_of.values()))
    records: dict[int, list[ChildRecord]] = {p: [] for p in persons}
    sibling_refs: dict[int, set[tuple[int, str]]] = {p: set() for p in persons}
    for chunk in chunks(persons):
        rows = session.execute(
            select(PersonRecord.person_id, SourceRecord, Source.kind)
            .join(SourceRecord, SourceRecord.id == PersonRecord.record_pk)
            .join(Source, Source.id == SourceRecord.source_id)
            .where(PersonRecord.person_id.in_(chunk), SourceRecord.withdrawn.is_(False))
        ).all()
        for person_id, record, kind in rows:
            records[person_id].append(_child_record(record, kind))
            for sibling in (record.sibling_ids or "").split(";"):
                if sibling.strip():
                    sibling_refs[person_id].add((record.source_id, sibling.strip()))
    siblings = _sibling_persons(session, sibling_refs)
    out = {}
    for case in cases:
        person = person_of[case.person_id]
        out[case.id] = Child(
            case_id=case.id,
            person_id=person,
            location=case.location,
            records=tuple(records.get(person, [])),
            sibling_persons=frozenset(siblings.get(person, set()) - {person}),
        )
    return out


def _child_record(record: SourceRecord, kind: str) -> ChildRecord:
    return ChildRecord(
        kind=kind,
        given_name=record.given_name,
        family_name=record.family_name,
        patronymic=record.patronymic,
        sex=record.sex,
        birth_date=record.birth_date,
        birth_place=record.birth_place,
        birth_region=record.birth_region,
        last_known_place=record.last_known_place,
        institution=record.institution,
        guardian_names=record.guardian_names,
    )


def _sibling_persons(
    session: Session, wanted: dict[int, set[tuple[int, str]]]
) -> dict[int, set[int]]:
    """Resolve sibling record ids (within their source) to the persons holding them."""
    keys = sorted({key for refs in wanted.values() for key in refs})
    person_by_key: dict[tuple[int, str], int] = {}
    by_source: dict[int, list[str]] = {}
    for source_id, record_id in keys:
        by_source.setdefault(source_id, []).append(record_id)
    for source_id, record_ids in by_source.items():
        for chunk in chunks(record_ids):
            rows = session.execute(
                select(SourceRecord.record_id, PersonRecord.person_id)
                .join(PersonRecord, PersonRecord.record_pk == SourceRecord.id)
                .where(SourceRecord.source_id == source_id, SourceRecord.record_id.in_(chunk))
            ).all()
            for record_id, person_id in rows:
                person_by_key[(source_id, record_id)] = person_id
    return {
        person: {person_by_key[k] for k in refs if k in person_by_key}
        for person, refs in wanted.items()
    }


def sibling_groups(kids: dict[int, Child]) -> dict[int, int]:
    """{case id: group id} for cases with siblings among ``kids`` (group id = smallest case id);
    siblings are joined transitively (a half-brother links two families' lists)."""
    case_of_person: dict[int, list[int]] = {}
    for case_id, child in kids.items():
        case_of_person.setdefault(child.person_id, []).append(case_id)
    parent = {c: c for c in kids}

    def find(c: int) -> int:
        while parent[c] != c:
            parent[c] = parent[parent[c]]
            c = parent[c]
        return c

    for case_id, child in kids.items():
        for person in child.sibling_persons:
            for other in case_of_person.get(person, []):
                a, b = find(case_id), find(other)
                if a != b:
                    parent[max(a, b)] = min(a, b)
    roots: dict[int, list[int]] = {}
    for c in kids:
        roots.setdefault(find(c), []).append(c)
    return {c: min(members) for members in roots.values() if len(members) > 1 for c in members}
