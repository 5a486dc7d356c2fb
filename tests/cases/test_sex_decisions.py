"""A reviewer's verdict on the sex a record gives: the form was ticked wrongly (or not after all).
Kept for ever, audited, applied to the record's person at once."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from ridni.cases import review
from ridni.errors import Forbidden, Invalid, NotFound
from ridni.ingest.models import SourceRecord
from ridni.linkage import decisions, queries
from ridni.linkage.frame import refresh_features
from ridni.linkage.models import Person, PersonRecord, SexDecision
from ridni.registry import persons as person_service
from ridni.security.actors import Actor
from ridni.security.models import AuditEvent

from .conftest import World

STRONG = 0.9995  # above the clustering rules' very strong link (0.999)


def _flagged(session: Session) -> set[int]:
    return set(session.scalars(select(PersonRecord.record_pk).where(PersonRecord.sex_overruled)))


def _person_of(session: Session, record_pk: int) -> Person:
    membership = session.get(PersonRecord, record_pk)
    assert membership is not None
    person = session.get(Person, membership.person_id)
    assert person is not None
    return person


def _three_records(world: World) -> tuple[int, int, int]:
    """Денис: the registry ticked "F"; a list and a relatives' report, strongly linked, say a
    boy. Linked, they are one person; the registry's sex is overruled."""
    registry = world.record("src-reg", "official_registry", given_name="Денис", sex="F")
    listed = world.record("src-list", "counterpart_list", given_name="Денис", sex="M")
    report = world.record("src-fam", "family_report", given_name="Денис", sex="M")
    world.person(registry, listed, report)
    refresh_features(world.session, [registry.id, listed.id, report.id])
    world.link(registry, listed, STRONG)
    world.link(listed, report, STRONG)
    return registry.id, listed.id, report.id


def test_a_sex_marked_wrong_leaves_the_review_page_and_a_withdrawal_brings_it_back(
    session: Session, world: World, users: dict[str, Actor]
) -> None:
    registry, listed, report = _three_records(world)
    decisions.decide(  # any decision re-clusters: the overrule is found and flagged
        session=session,
        actor=users["rev1"],
        record_a=listed,
        record_b=report,
        decision="confirm",
        reason="same mother named in both",
    )
    assert _flagged(session) == {registry}
    assert [
        o.record_pk for o in review.review_queue(session=session, actor=users["rev1"]).sex_overruled
    ] == [registry]

    result = decisions.decide_sex(
        session=session,
        actor=users["rev2"],
        record_pk=registry,
        verdict="wrong",
        reason="birth certificate: a boy",
    )
    assert _flagged(session) == set()
    assert review.review_queue(session=session, actor=users["rev1"]).sex_overruled == []
    person = _person_of(session, registry)
    assert result.persons == [person.id]
    assert person.sex == "M" and person.n_records == 3
    shown = {
        r["pk"]: r
        for r in queries.person_records(session=session, actor=users["rev1"], person_id=person.id)
    }
    assert shown[registry]["sex_wrong"] and shown[registry]["sex"] == "F"  # the source keeps "F"
    assert not shown[listed]["sex_wrong"]

    decisions.decide_sex(
        session=session, actor=users["rev1"], record_pk=registry, verdict="right", reason="misread"
    )
    assert _flagged(session) == {registry}
    verdicts = decisions.sex_decisions_for(session=session, record_pk=registry)
    assert [(v.verdict, v.sex, v.decided_by) for v in verdicts] == [
        ("wrong", "F", "rev2"),
        ("right", "F", "rev1"),
    ]


def test_marking_the_other_records_sex_wrong_settles_a_boy_and_a_girl(
    session: Session, world: World, users: dict[str, Actor]
) -> None:
    # Nothing settles which tick is wrong (no third record; Женя is Євген or Євгенія): both
    # are flagged, and the person's sex is unknown until a reviewer says which.
    girl = world.record("src-reg", "official_registry", given_name="Женя", sex="F")
    boy = world.record("src-list", "counterpart_list", given_name="Женя", sex="M")
    world.person(girl, boy)
    refresh_features(session, [girl.id, boy.id])
    world.link(girl, boy, STRONG)
    decisions.decide(
        session=session,
        actor=users["rev1"],
        record_a=girl.id,
        record_b=boy.id,
        decision="confirm",
        reason="the same home and date",
    )
    assert _flagged(session) == {girl.id, boy.id}
    assert _person_of(session, girl.id).sex is None
    decisions.decide_sex(
        session=session, actor=users["rev1"], record_pk=boy.id, verdict="wrong", reason="photo"
    )
    assert _flagged(session) == set()
    person = _person_of(session, girl.id)
    assert person.sex == "F" and person.n_records == 2


def test_a_sex_verdict_is_checked_and_audited(
    session: Session, world: World, users: dict[str, Actor]
) -> None:
    registry, _, _ = _three_records(world)
    silent = world.record("src-fam", "family_report", given_name="Жук")  # no sex, no name's
    world.person(silent)

    def decide(actor: str = "rev1", record: int = registry, **kw: str) -> None:
        args = {"verdict": "wrong", "reason": "checked"} | kw
        decisions.decide_sex(session=session, actor=users[actor], record_pk=record, **args)

    with pytest.raises(Invalid, match="verdict"):
        decide(verdict="maybe")
    with pytest.raises(Invalid, match="reason"):
        decide(reason="  ")
    with pytest.raises(Invalid, match="already not marked wrong"):
        decide(verdict="right")
    with pytest.raises(Invalid, match="gives no sex"):
        decide(record=silent.id)
    with pytest.raises(NotFound):
        decide(record=10**6)
    for role in ("cw1", "neg", "aud", "partner"):
        with pytest.raises(Forbidden):
            decide(actor=role)
    assert session.scalars(select(SexDecision)).all() == []

    decide()
    with pytest.raises(Invalid, match="already marked wrong"):
        decide()
    event = session.scalars(
        select(AuditEvent).where(
            AuditEvent.action == "link.decide", AuditEvent.object_id == str(registry)
        )
    ).one()
    assert event.object_type == "record" and event.actor == "rev1"
    assert event.details == {"sex": "F", "verdict": "wrong", "reason": "checked"}


def test_the_record_page_shows_the_verdicts(
    session: Session, world: World, users: dict[str, Actor]
) -> None:
    registry, _, _ = _three_records(world)
    decisions.decide_sex(
        session=session, actor=users["rev1"], record_pk=registry, verdict="wrong", reason="photo"
    )
    detail = person_service.record_detail(session=session, actor=users["rev2"], record_pk=registry)
    assert detail.record.sex_wrong
    assert [(v.verdict, v.reason) for v in detail.sex_verdicts] == [("wrong", "photo")]
    person = person_service.person_detail(
        session=session, actor=users["rev2"], person_id=_person_of(session, registry).id
    )
    assert [r.pk for r in person.records if r.sex_wrong] == [registry]


def test_a_verdict_stands_only_while_the_record_gives_the_sex_it_marked_wrong(
    session: Session, world: World, users: dict[str, Actor]
) -> None:
    registry, listed, _ = _three_records(world)
    decisions.decide_sex(
        session=session, actor=users["rev1"], record_pk=registry, verdict="wrong", reason="photo"
    )
    infos, _ = decisions.record_infos(session, {registry, listed})
    assert infos[registry].sex == "M"  # linked as the boy the other records say he is
    # A later import corrects the registry: it now gives "M" itself, and the verdict is void.
    record = session.get(SourceRecord, registry)
    assert record is not None
    record.sex = "M"
    session.flush()
    infos, _ = decisions.record_infos(session, {registry, listed})
    assert infos[registry].sex == "M"
    assert not person_service.record_detail(
        session=session, actor=users["rev1"], record_pk=registry
    ).record.sex_wrong
    # A void verdict is not "already" there: the new sex may be marked wrong in its turn.
    decisions.decide_sex(
        session=session, actor=users["rev1"], record_pk=registry, verdict="wrong", reason="again"
    )
    infos, _ = decisions.record_infos(session, {registry})
    assert infos[registry].sex == "F"


def test_the_sex_to_link_on() -> None:
    assert decisions.corrected_sex("F", "F") == "M"
    assert decisions.corrected_sex("M", "M") == "F"
    assert decisions.corrected_sex("M", "F") == "M"  # marked wrong was "F"; the record now says "M"
    assert decisions.corrected_sex(None, "F") is None
    assert decisions.corrected_sex("F", None) == "F"
