"""Cases through their services, on both databases: opening, guards enforced with real facts,
assignment, notes, tasks, evidence, attachments, scope and history."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from ridni.cases import review, service, work
from ridni.cases.models import CaseTransition
from ridni.errors import Conflict, Forbidden, Invalid, NotFound
from ridni.linkage.models import Person
from ridni.lists.channels import create_channel
from ridni.security.actors import Actor
from ridni.security.models import AuditEvent

from .conftest import World

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _located(session: Session, users: dict[str, Actor], person: Person) -> int:
    case = service.open_case(session=session, actor=users["cw1"], person_id=person.id)
    service.set_location(
        session=session,
        actor=users["cw1"],
        case_id=case.id,
        location="Таганрог, дитячий будинок №3",
    )
    service.move_case(
        session=session,
        actor=users["cw1"],
        case_id=case.id,
        to="located",
        reason="seen on the counterpart list",
    )
    return case.id


def _confirm_by(session: Session, users: dict[str, Actor], a: int, b: int, *who: str) -> None:
    for username in who:
        review.decide(
            session=session,
            actor=users[username],
            record_a=a,
            record_b=b,
            decision="confirm",
            reason=f"{username}: same child",
        )


def test_opening_a_case(session: Session, world: World, users: dict[str, Actor]) -> None:
    person, _, _ = world.child("Коваленко", "Олександр", "2012-03-04")
    case = service.open_case(
        session=session,
        actor=users["cw1"],
        person_id=person.id,
        summary="reported by the grandmother",
        assigned_to="cw2",
    )
    assert (case.status, case.assigned_to, case.opened_by) == ("reported", "cw2", "cw1")
    history = session.scalars(select(CaseTransition).where(CaseTransition.case_id == case.id)).all()
    assert [(t.from_status, t.to_status, t.actor) for t in history] == [(None, "reported", "cw1")]
    with pytest.raises(Conflict):
        service.open_case(session=session, actor=users["admin"], person_id=person.id)
    for who in ("rev1", "neg", "aud"):
        with pytest.raises(Forbidden):
            service.open_case(session=session, actor=users[who], person_id=person.id)
    with pytest.raises(NotFound):
        service.open_case(session=session, actor=users["cw1"], person_id=999_999)


def test_a_merged_person_is_followed(
    session: Session, world: World, users: dict[str, Actor]
) -> None:
    person, _, _ = world.child("Бойко", "Марія", "2013-01-02")
    old = world.person(
        world.record(
            "family", "family_report", family_name="Бойко", given_name="Марійка", birth_date="2013"
        )
    )
    case = service.open_case(session=session, actor=users["cw1"], person_id=old.id)
    old.status, old.merged_into = "merged", person.id  # as re-linking would leave it
    session.flush()
    view = service.case_detail(session=session, actor=users["cw1"], case_id=case.id)
    assert view.person_id == person.id and len(view.records) == 2
    with pytest.raises(Conflict):  # the same child, through the person it was merged into
        service.open_case(session=session, actor=users["cw2"], person_id=person.id)


def test_located_needs_a_location(session: Session, world: World, users: dict[str, Actor]) -> None:
    person, _, _ = world.child("Мороз", "Іван", "2011-05-06")
    case = service.open_case(session=session, actor=users["cw1"], person_id=person.id)
    with pytest.raises(Invalid, match="where the child is held"):
        service.move_case(
            session=session, actor=users["cw1"], case_id=case.id, to="located", reason="seen"
        )
    with pytest.raises(Invalid):
        service.set_location(session=session, actor=users["cw1"], case_id=case.id, location=" ")
    _located(session, users, world.child("Мороз", "Петро", "2011-05-07")[0])
    service.set_location(session=session, actor=users["cw1"], case_id=case.id, location="Ростов")
    moved = service.move_case(
        session=session, actor=users["cw1"], case_id=case.id, to="located", reason="seen in Rostov"
    )
    assert moved.status == "located"
    last = session.scalars(
        select(CaseTransition)
        .where(CaseTransition.case_id == case.id)
        .order_by(CaseTransition.id.desc())
    ).first()
    assert (last.from_status, last.to_status, last.reason, last.actor) == (
        "reported",
        "located",
        "seen in Rostov",
        "cw1",
    )
    assert session.scalar(
        select(AuditEvent).where(
            AuditEvent.action == "case.move", AuditEvent.object_id == str(case.id)
        )
    )


def test_identity_verified_needs_two_confirmers(
    session: Session, world: World, users: dict[str, Actor]
) -> None:
    person, ua, ru = world.child("Ткаченко", "Олександр", "2012-07-08")
    case_id = _located(session, users, person)
    verify = dict(
        session=session,
        actor=users["cw1"],
        case_id=case_id,
        to="identity_verified",
        reason="registry and counterpart list agree",
    )
    with pytest.raises(Invalid, match="two different users"):
        service.move_case(**verify)  # type: ignore[arg-type]
    _confirm_by(session, users, ua.id, ru.id, "rev1")
    with pytest.raises(Invalid):
        service.move_case(**verify)  # type: ignore[arg-type]
    _confirm_by(
        session, users, ua.id, ru.id, "rev1"
    )  # the same user twice is still one pair of eyes
    with pytest.raises(Invalid):
        service.move_case(**verify)  # type: ignore[arg-type]
    _confirm_by(session, users, ua.id, ru.id, "rev2")
    assert service.move_case(**verify).status == "identity_verified"  # type: ignore[arg-type]


def test_a_same_side_confirmation_does_not_verify(
    session: Session, world: World, users: dict[str, Actor]
) -> None:
    person, ua, _ = world.child("Руденко", "Ганна", "2010-01-01")
    report = world.record("family", "family_report", family_name="Руденко", given_name="Ганна")
    world.link(ua, report, 0.5)
    case_id = _located(session, users, person)
    _confirm_by(session, users, ua.id, report.id, "rev1", "rev2")
    with pytest.raises(Invalid):
        service.move_case(
            session=session,
            actor=users["cw1"],
            case_id=case_id,
            to="identity_verified",
            reason="family report agrees",
        )


def test_identity_verified_by_evidence_of_another_user(
    session: Session, world: World, users: dict[str, Actor]
) -> None:
    case_id = _located(session, users, world.child("Поліщук", "Андрій", "2012-02-02")[0])
    work.add_evidence(
        session=session,
        actor=users["cw1"],
        case_id=case_id,
        kind="official_confirmation",
        description="ombudsman's letter",
    )
    with pytest.raises(Invalid):  # one's own evidence is one pair of eyes
        service.move_case(
            session=session,
            actor=users["cw1"],
            case_id=case_id,
            to="identity_verified",
            reason="letter",
        )
    moved = service.move_case(
        session=session,
        actor=users["cw2"],
        case_id=case_id,
        to="identity_verified",
        reason="checked cw1's letter",
    )
    assert moved.status == "identity_verified"
    with pytest.raises(Invalid):
        work.add_evidence(
            session=session, actor=users["cw1"], case_id=case_id, kind="rumour", description="x"
        )


def test_returned_and_closing_guards(
    session: Session, world: World, users: dict[str, Actor]
) -> None:
    channel = create_channel(
        session=session, actor=users["admin"], name="Mediator", fields=["given_name"]
    )
    case_id = _located(session, users, world.child("Кузьменко", "Іра", "2015-03-03")[0])
    case = service.get_case(session, users["cw1"], case_id)
    case.status = "return_agreed"  # the list path is tested with lists; here only the guards
    session.flush()
    move = dict(session=session, actor=users["cw1"], case_id=case_id, to="returned", reason="home")
    with pytest.raises(Invalid, match="date"):
        service.move_case(**move, return_channel=channel.id)  # type: ignore[arg-type]
    with pytest.raises(Invalid, match="channel"):
        service.move_case(**move, return_date=date.today())  # type: ignore[arg-type]
    with pytest.raises(Invalid, match="future"):
        service.move_case(
            **move,
            return_date=date.today() + timedelta(days=2),  # type: ignore[arg-type]
            return_channel=channel.id,
        )
    done = service.move_case(**move, return_date=date(2025, 12, 1), return_channel=channel.id)  # type: ignore[arg-type]
    assert (done.status, done.return_date, done.return_channel_id) == (
        "returned",
        date(2025, 12, 1),
        channel.id,
    )
    with pytest.raises(Invalid, match="cannot close"):
        service.move_case(
            session=session,
            actor=users["cw1"],
            case_id=case_id,
            to="closed",
            reason="x",
            closing_reason="found_not_deported",
        )


def test_closing_as_duplicate(session: Session, world: World, users: dict[str, Actor]) -> None:
    first = service.open_case(
        session=session,
        actor=users["cw1"],
        person_id=world.child("Лук'яненко", "Оля", "2016-01-01")[0].id,
    )
    second = service.open_case(
        session=session,
        actor=users["cw1"],
        person_id=world.child("Лукяненко", "Оля", "2016-01-01")[0].id,
    )
    close = dict(
        session=session,
        actor=users["cw1"],
        case_id=second.id,
        to="closed",
        reason="same girl",
        closing_reason="duplicate",
    )
    with pytest.raises(NotFound):
        service.move_case(**close, duplicate_of=999_999)  # type: ignore[arg-type]
    with pytest.raises(Invalid, match="itself"):
        service.move_case(**close, duplicate_of=second.id)  # type: ignore[arg-type]
    closed = service.move_case(**close, duplicate_of=first.id)  # type: ignore[arg-type]
    assert (closed.status, closed.closing_reason, closed.duplicate_of) == (
        "closed",
        "duplicate",
        first.id,
    )
    with pytest.raises(Invalid):  # closed is final
        service.move_case(
            session=session, actor=users["cw1"], case_id=second.id, to="reported", reason="reopen"
        )


def test_case_history_cannot_change(
    session: Session, world: World, users: dict[str, Actor]
) -> None:
    case = service.open_case(
        session=session,
        actor=users["cw1"],
        person_id=world.child("Олійник", "Софія", "2014-04-04")[0].id,
    )
    row = session.scalars(select(CaseTransition).where(CaseTransition.case_id == case.id)).one()
    row.reason = "rewritten"
    with pytest.raises(Conflict):
        session.flush()
    session.rollback()


def test_assignment(session: Session, world: World, users: dict[str, Actor]) -> None:
    case = service.open_case(
        session=session,
        actor=users["cw1"],
        person_id=world.child("Павленко", "Ян", "2013-05-05")[0].id,
    )
    assert (
        service.assign_case(
            session=session, actor=users["cw1"], case_id=case.id, username="cw2"
        ).assigned_to
        == "cw2"
    )
    with pytest.raises(Invalid, match="caseworkers"):
        service.assign_case(session=session, actor=users["cw1"], case_id=case.id, username="neg")
    with pytest.raises(Invalid):
        service.assign_case(session=session, actor=users["cw1"], case_id=case.id, username="ghost")
    with pytest.raises(Forbidden):
        service.assign_case(session=session, actor=users["neg"], case_id=case.id, username="cw1")
    total, rows = service.list_cases(session=session, actor=users["aud"], assigned_to="cw2")
    assert total == 1 and rows[0].id == case.id


def test_notes_and_tasks(session: Session, world: World, users: dict[str, Actor]) -> None:
    case = service.open_case(
        session=session,
        actor=users["cw1"],
        assigned_to="cw1",
        person_id=world.child("Марченко", "Лев", "2012-06-06")[0].id,
    )
    work.add_note(session=session, actor=users["cw1"], case_id=case.id, text="called the aunt")
    later = work.add_task(
        session=session,
        actor=users["cw1"],
        case_id=case.id,
        title="call the school",
        due_date=date(2026, 6, 1),
    )
    sooner = work.add_task(
        session=session,
        actor=users["cw1"],
        case_id=case.id,
        title="ask the ombudsman",
        due_date=date(2026, 5, 1),
    )
    assert later.assigned_to == "cw1"  # the case's caseworker by default
    tasks = work.open_tasks(session=session, actor=users["cw1"], assigned_to="cw1")
    assert [t.id for t, _ in tasks] == [sooner.id, later.id]
    work.complete_task(session=session, actor=users["cw1"], case_id=case.id, task_id=sooner.id)
    with pytest.raises(Conflict):
        work.complete_task(session=session, actor=users["cw1"], case_id=case.id, task_id=sooner.id)
    done = work.case_work(session=session, actor=users["aud"], case_id=case.id)
    assert [n.text for n in done.notes] == ["called the aunt"]
    assert [t.status for t in done.tasks] == ["open", "done"]
    with pytest.raises(Invalid):
        work.add_note(session=session, actor=users["cw1"], case_id=case.id, text="   ")


def test_attachments(
    session: Session, world: World, users: dict[str, Actor], settings_env: Path
) -> None:
    case = service.open_case(
        session=session,
        actor=users["cw1"],
        person_id=world.child("Ярошенко", "Ліда", "2012-08-08")[0].id,
    )
    stored = work.add_attachment(
        session=session,
        actor=users["cw1"],
        case_id=case.id,
        data=PDF,
        file_name="../../свідоцтво.pdf",
    )
    assert (stored.file_name, stored.content_type, stored.size) == (
        "свідоцтво.pdf",
        "application/pdf",
        len(PDF),
    )
    attachment, data = work.read_attachment(
        session=session, actor=users["aud"], case_id=case.id, attachment_id=stored.id
    )
    assert data == PDF and attachment.sha256 == stored.sha256
    for data, name in (
        (b"MZ\x90\x00", "tool.exe"),
        (b"plain text", "letter.pdf"),
        (b"\xff\xfe\x00b", "note.txt"),
        (b"", "empty.pdf"),
    ):
        with pytest.raises(Invalid):
            work.add_attachment(
                session=session, actor=users["cw1"], case_id=case.id, data=data, file_name=name
            )
    with pytest.raises(Invalid, match="larger"):
        work.add_attachment(
            session=session,
            actor=users["cw1"],
            case_id=case.id,
            data=PDF + b"0" * (10 * 1024 * 1024),
            file_name="big.pdf",
        )
    on_disk = settings_env / "attachments" / stored.sha256[:2] / stored.sha256
    on_disk.write_bytes(PDF.replace(b"1.4", b"1.7"))
    with pytest.raises(Conflict, match="damaged"):
        work.read_attachment(
            session=session, actor=users["cw1"], case_id=case.id, attachment_id=stored.id
        )


def test_partners_see_only_their_scope(
    session: Session, world: World, users: dict[str, Actor]
) -> None:
    from ridni.ingest.models import Source
    from ridni.security.models import Organisation

    theirs, _, _ = world.child("Савчук", "Максим", "2012-09-09")
    ours, _, _ = world.child("Білик", "Ніна", "2012-10-10")
    own_case = service.open_case(session=session, actor=users["cw1"], person_id=theirs.id)
    other_case = service.open_case(session=session, actor=users["cw1"], person_id=ours.id)
    partner_source = world.record(
        "partner-reports", "family_report", family_name="Савчук", given_name="Максим"
    )
    partner_org = session.scalar(select(Organisation).where(Organisation.name == "Partner"))
    session.get(Source, partner_source.source_id).organisation_id = partner_org.id
    from ridni.linkage.models import PersonRecord

    session.add(PersonRecord(record_pk=partner_source.id, person_id=theirs.id))
    session.flush()
    total, rows = service.list_cases(session=session, actor=users["partner"])
    assert (total, [r.id for r in rows]) == (1, [own_case.id])
    service.case_detail(session=session, actor=users["partner"], case_id=own_case.id)
    with pytest.raises(NotFound):
        service.case_detail(session=session, actor=users["partner"], case_id=other_case.id)
    with pytest.raises(Forbidden):
        service.move_case(
            session=session,
            actor=users["partner"],
            case_id=own_case.id,
            to="closed",
            reason="x",
            closing_reason="deceased",
        )


def test_case_detail_lists_the_moves_and_what_they_need(
    session: Session, world: World, users: dict[str, Actor]
) -> None:
    case = service.open_case(
        session=session,
        actor=users["cw1"],
        person_id=world.child("Зінченко", "Тарас", "2012-11-11")[0].id,
    )
    view = service.case_detail(session=session, actor=users["cw1"], case_id=case.id)
    needs = {m.to: [u.code for u in m.unmet] for m in view.moves}
    assert needs == {"located": ["location_missing"], "closed": ["closing_reason_missing"]}
    assert "reintegrated" not in view.closing_reasons
    assert [r.side for r in view.records] == ["ru", "ua"]
