"""Possible other records of a child: links from a person's records to records outside it, in
the review band or kept apart, best per other person; rejected pairs and hidden records left out."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from ridni.cases import review
from ridni.errors import Forbidden, NotFound
from ridni.ingest.models import SourceRecord
from ridni.linkage import decisions
from ridni.security.actors import Actor
from ridni.security.models import AuditEvent

from .conftest import World


def test_a_sighting_below_the_threshold_shows_on_the_childs_page(
    session: Session, world: World, users: dict[str, Actor]
) -> None:
    person, ua, ru = world.child("Бабенко", "Богдан", "2017-03-05")

    def lone(
        source: str, kind: str, probability: float, to: SourceRecord = ua, **values: object
    ) -> SourceRecord:
        record = world.record(source, kind, family_name="Бабенко", **values)
        world.person(record)
        world.link(to, record, probability)
        return record

    sighting = lone("tg", "osint", 0.73, given_name="Богдан", age=7, last_known_place="Євпаторія")
    lone("tg", "osint", 0.2, given_name="Богдан")  # below the band: not shown
    rejected = lone("tg", "osint", 0.8, given_name="Богдан", age=6)
    waiting = lone("fam", "family_report", 0.95, to=ru, given_name="Богдан", birth_date="2017")
    withdrawn = lone("tg", "osint", 0.6, given_name="Богдан", withdrawn=True)
    # Another person of two records, linked from both of ours: shown once, by its best link.
    other_person, a, b = world.child("Бабенко", "Богдан", "2017-03-06", n=99)
    world.link(ua, a, 0.4)
    world.link(ru, b, 0.5)
    for pair, decision in (((ua.id, rejected.id), "reject"), ((ru.id, waiting.id), "confirm")):
        decisions._record_decision(session, users["rev1"], *pair, decision, "checked")

    found = review.possible_matches(session=session, actor=users["rev2"], person_id=person.id)

    assert [(m.record_pk, m.member_pk, m.match_probability) for m in found] == [
        (waiting.id, ru.id, 0.95),
        (sighting.id, ua.id, 0.73),
        (b.id, ru.id, 0.5),
    ]
    assert found[0].latest == "confirm" and found[1].latest is None
    assert (found[1].name, found[1].age, found[1].last_known_place) == (
        "Бабенко Богдан",
        7,
        "Євпаторія",
    )
    assert found[2].person_id == other_person.id
    assert withdrawn.id not in {m.record_pk for m in found}
    event = session.scalars(
        select(AuditEvent).where(AuditEvent.object_type == "possible_matches")
    ).one()
    assert event.details == {"records": [waiting.id, sighting.id, b.id]}
    assert event.object_id == str(person.id) and event.actor == "rev2"


def test_possible_matches_need_the_review_queue_and_a_person(
    session: Session, world: World, users: dict[str, Actor]
) -> None:
    person, _, _ = world.child("Бабенко", "Богдан", "2017-03-05")
    for role in ("cw1", "neg", "partner"):
        with pytest.raises(Forbidden):
            review.possible_matches(session=session, actor=users[role], person_id=person.id)
    assert review.possible_matches(session=session, actor=users["aud"], person_id=person.id) == []
    with pytest.raises(NotFound):
        review.possible_matches(session=session, actor=users["rev1"], person_id=10**6)
