"""Channels and lists: drafting with filters, siblings together, flags, freezing for good."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select, text, update
from sqlalchemy.orm import Session

from ridni.cases.models import Case, CaseTransition
from ridni.errors import Conflict, Forbidden, Invalid
from ridni.lists import content as docs
from ridni.lists import service as lists
from ridni.lists.channels import create_channel, set_channel_fields
from ridni.lists.fields import PRESETS
from ridni.lists.models import ListVersion, ListVersionEntry
from ridni.security.actors import Actor

from .conftest import World, verified_case

TODAY = date(2026, 5, 1)


@pytest.fixture
def channels(session: Session, users: dict[str, Actor]) -> dict[str, int]:
    narrow = create_channel(
        session=session,
        actor=users["admin"],
        name="Посередник А",
        fields=PRESETS["names_and_dates"],
    )
    wide = create_channel(
        session=session,
        actor=users["admin"],
        name="Mediator B",
        fields=PRESETS["places_and_siblings"],
    )
    return {"narrow": narrow.id, "wide": wide.id}


def test_channel_policies(session: Session, users: dict[str, Actor]) -> None:
    channel = create_channel(
        session=session, actor=users["admin"], name="C", fields=["birth_date", "given_name"]
    )
    assert channel.allowed_fields == ["ref", "given_name", "birth_date"]  # catalogue order
    with pytest.raises(Invalid, match="unknown fields"):
        create_channel(session=session, actor=users["admin"], name="D", fields=["passport"])
    with pytest.raises(Invalid):
        create_channel(session=session, actor=users["admin"], name="E", fields=["ref"])
    with pytest.raises(Conflict):
        create_channel(session=session, actor=users["admin"], name="C", fields=["given_name"])
    for who in ("neg", "cw1", "aud"):
        with pytest.raises(Forbidden):
            create_channel(session=session, actor=users[who], name="F", fields=["given_name"])
    changed = set_channel_fields(
        session=session, actor=users["admin"], channel_id=channel.id, fields=["sex"]
    )
    assert changed.allowed_fields == ["ref", "sex"]


def test_draft_filters_by_region_age_and_institution(
    session: Session, world: World, users: dict[str, Actor], channels: dict[str, int]
) -> None:
    young = verified_case(session, users, world.child("Кравчук", "Віра", "2019-01-01")[0])
    old = verified_case(session, users, world.child("Кравчук", "Іван", "2009-01-01")[0])
    kharkiv = verified_case(
        session, users, world.child("Гнатюк", "Ліна", "2015-01-01", region="Харківська")[0]
    )
    camp = verified_case(
        session,
        users,
        world.child("Дорош", "Оксана", "2016-01-01", institution="Лагерь «Ромашка»")[0],
    )
    world.child("Неперевірений", "Петро", "2014-01-01")  # no case: never listed

    def drafted(**filters: object) -> set[int]:
        result = lists.draft_list(
            session=session,
            actor=users["neg"],
            channel_id=channels["wide"],
            name="test",
            filters=lists.Filters(**filters),
            today=TODAY,
        )  # type: ignore[arg-type]
        view = lists.list_detail(session=session, actor=users["neg"], list_id=result.list.id)
        lists.close_list(session=session, actor=users["neg"], list_id=result.list.id, reason="test")
        return {e.entry.case_id for e in view.entries}

    assert drafted() == {young, old, kharkiv, camp}
    assert drafted(region="харків") == {kharkiv}
    assert drafted(max_age=9) == {young}
    assert drafted(min_age=12, max_age=17) == {old}
    assert drafted(institution="ромашка") == {camp}
    with pytest.raises(Invalid):
        drafted(min_age=10, max_age=5)
    with pytest.raises(Forbidden):
        lists.draft_list(session=session, actor=users["cw1"], channel_id=channels["wide"], name="x")


def test_siblings_stay_together(
    session: Session, world: World, users: dict[str, Actor], channels: dict[str, int]
) -> None:
    brother = verified_case(
        session, users, world.child("Савенко", "Олег", "2010-01-01", n=1, siblings="ua-2")[0]
    )
    sister = verified_case(
        session, users, world.child("Савенко", "Олена", "2017-01-01", n=2, siblings="ua-1")[0]
    )
    result = lists.draft_list(
        session=session,
        actor=users["neg"],
        channel_id=channels["wide"],
        name="siblings",
        filters=lists.Filters(max_age=10),
        today=TODAY,
    )
    view = lists.list_detail(session=session, actor=users["neg"], list_id=result.list.id)
    entries = {e.entry.case_id: e.entry for e in view.entries}
    assert set(entries) == {brother, sister}  # the brother (16) came with his sister (9)
    assert result.with_siblings == 1
    assert entries[brother].sibling_group == entries[sister].sibling_group == min(brother, sister)
    with pytest.raises(Invalid):
        lists.remove_entry(
            session=session,
            actor=users["neg"],
            list_id=result.list.id,
            entry_id=entries[sister].id,
            reason="",
        )
    removed = lists.remove_entry(
        session=session,
        actor=users["neg"],
        list_id=result.list.id,
        entry_id=entries[sister].id,
        reason="not ready",
    )
    assert {e.case_id for e in removed} == {brother, sister}  # the whole group goes
    lists.add_case(session=session, actor=users["neg"], list_id=result.list.id, case_id=brother)
    view = lists.list_detail(session=session, actor=users["neg"], list_id=result.list.id)
    assert {e.entry.case_id for e in view.entries} == {brother, sister}  # and comes back together
    split = lists.remove_entry(
        session=session,
        actor=users["neg"],
        list_id=result.list.id,
        entry_id=entries[sister].id,
        reason="she is in hospital",
        split_siblings=True,
    )
    assert [e.case_id for e in split] == [sister]
    assert "siblings split" in split[0].removed_reason
    assert lists.sibling_check(session, result.list.id) == [min(brother, sister)]


def test_a_sibling_not_yet_verified_is_flagged(
    session: Session, world: World, users: dict[str, Actor], channels: dict[str, int]
) -> None:
    from ridni.cases import service

    listed = verified_case(
        session, users, world.child("Гуменюк", "Ада", "2012-01-01", n=11, siblings="ua-12")[0]
    )
    pending = service.open_case(
        session=session,
        actor=users["cw1"],
        person_id=world.child("Гуменюк", "Бен", "2013-01-01", n=12, siblings="ua-11")[0].id,
    )
    result = lists.draft_list(
        session=session, actor=users["neg"], channel_id=channels["wide"], name="x", today=TODAY
    )
    entry = lists.list_detail(session=session, actor=users["neg"], list_id=result.list.id).entries[
        0
    ]
    assert entry.entry.case_id == listed
    assert entry.entry.flags == {"siblings_not_listed": [pending.id]}


def test_a_child_on_another_channels_open_list_is_flagged(
    session: Session, world: World, users: dict[str, Actor], channels: dict[str, int]
) -> None:
    case_id = verified_case(session, users, world.child("Онищенко", "Ева", "2012-01-01")[0])
    first = lists.draft_list(
        session=session, actor=users["neg"], channel_id=channels["narrow"], name="A"
    )
    again = lists.draft_list(
        session=session, actor=users["neg"], channel_id=channels["narrow"], name="A again"
    )
    assert (again.added, again.skipped_same_channel) == (0, 1)  # not twice to one channel
    other = lists.draft_list(
        session=session, actor=users["neg"], channel_id=channels["wide"], name="B"
    )
    entry = lists.list_detail(session=session, actor=users["neg"], list_id=other.list.id).entries[0]
    assert entry.entry.case_id == case_id and entry.entry.flags == {"other_lists": [first.list.id]}
    assert other.flagged == 1


def test_freezing(
    session: Session, world: World, users: dict[str, Actor], channels: dict[str, int]
) -> None:
    case_id = verified_case(session, users, world.child("Шаповал", "Денис", "2012-01-01")[0])
    result = lists.draft_list(
        session=session, actor=users["neg"], channel_id=channels["narrow"], name="Перший список"
    )
    for who in ("cw1", "rev1", "aud"):
        with pytest.raises(Forbidden):
            lists.freeze_list(session=session, actor=users[who], list_id=result.list.id)
    version = lists.freeze_list(session=session, actor=users["neg"], list_id=result.list.id)
    assert (version.number, version.n_entries, version.frozen_by) == (1, 1, "neg")
    assert version.content["fields"] == [
        "ref",
        "family_name",
        "given_name",
        "patronymic",
        "birth_date",
    ]
    assert version.content["rows"] == [
        {
            "ref": f"L{result.list.id}-00001",
            "family_name": "Шаповал",
            "given_name": "Денис",
            "patronymic": "Петрович",
            "birth_date": "2012-01-01",
        }
    ]
    assert version.content_hash == docs.content_hash(version.content)
    case = session.get(Case, case_id)
    assert case.status == "on_list"
    moved = session.scalars(
        select(CaseTransition).where(
            CaseTransition.case_id == case_id, CaseTransition.to_status == "on_list"
        )
    ).one()
    assert moved.actor == "neg" and "Перший список" in moved.reason
    second = lists.freeze_list(session=session, actor=users["admin"], list_id=result.list.id)
    assert second.number == 2 and second.content["rows"] == version.content["rows"]
    assert second.content_hash != version.content_hash  # the version number is in the document


def test_a_frozen_version_cannot_change(
    session: Session, world: World, users: dict[str, Actor], channels: dict[str, int]
) -> None:
    verified_case(session, users, world.child("Стасюк", "Іра", "2012-01-01")[0])
    result = lists.draft_list(
        session=session, actor=users["neg"], channel_id=channels["narrow"], name="L"
    )
    version = lists.freeze_list(session=session, actor=users["neg"], list_id=result.list.id)
    session.commit()
    version.content = {**version.content, "rows": []}
    with pytest.raises(Conflict):
        session.flush()
    session.rollback()
    version = session.scalars(select(ListVersion)).one()
    with pytest.raises(Conflict):
        session.delete(version)
        session.flush()
    session.rollback()
    entry = session.scalars(select(ListVersionEntry)).one()
    entry.case_id = entry.case_id + 1
    with pytest.raises(Conflict):
        session.flush()
    session.rollback()


def test_a_closed_list_and_an_empty_one(
    session: Session, world: World, users: dict[str, Actor], channels: dict[str, int]
) -> None:
    empty = lists.draft_list(
        session=session, actor=users["neg"], channel_id=channels["narrow"], name="empty"
    )
    with pytest.raises(Invalid, match="empty"):
        lists.freeze_list(session=session, actor=users["neg"], list_id=empty.list.id)
    lists.close_list(session=session, actor=users["neg"], list_id=empty.list.id, reason="unused")
    with pytest.raises(Conflict):
        lists.freeze_list(session=session, actor=users["neg"], list_id=empty.list.id)


def test_a_list_that_is_no_longer_verified_cannot_freeze(
    session: Session, world: World, users: dict[str, Actor], channels: dict[str, int]
) -> None:
    case_id = verified_case(session, users, world.child("Фесенко", "Юлія", "2012-01-01")[0])
    result = lists.draft_list(
        session=session, actor=users["neg"], channel_id=channels["narrow"], name="L"
    )
    session.execute(update(Case).where(Case.id == case_id).values(status="closed"))
    with pytest.raises(Conflict, match="no longer verified"):
        lists.freeze_list(session=session, actor=users["neg"], list_id=result.list.id)


def test_tampering_in_the_database_is_detected(
    session: Session, world: World, users: dict[str, Actor], channels: dict[str, int]
) -> None:
    from ridni.exports import lists as exports

    verified_case(session, users, world.child("Остапчук", "Яна", "2012-01-01")[0])
    result = lists.draft_list(
        session=session, actor=users["neg"], channel_id=channels["narrow"], name="L"
    )
    version = lists.freeze_list(session=session, actor=users["neg"], list_id=result.list.id)
    forged = {**version.content, "rows": [{**version.content["rows"][0], "given_name": "Інша"}]}
    # Someone with database access goes around the application.
    session.execute(
        text("UPDATE list_versions SET content = :c WHERE id = :i"),
        {"c": docs.canonical_json(forged).decode(), "i": version.id},
    )
    session.expire_all()
    with pytest.raises(Conflict, match="altered"):
        exports.export_version(
            session=session, actor=users["neg"], list_id=result.list.id, number=1, fmt="csv"
        )
