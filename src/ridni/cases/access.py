"""Which case an actor may see, and which person a case is about now (persons merge)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, aliased

from ridni.cases.models import Case
from ridni.errors import NotFound
from ridni.linkage.models import Person
from ridni.security.actors import Actor
from ridni.security.policy import visible_persons_filter

MAX_MERGE_DEPTH = 20


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
    person = aliased(Person)
    merged_into = (
        select(person.merged_into)
        .where(person.id == Case.person_id)
        .correlate_except(person)
        .scalar_subquery()
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
