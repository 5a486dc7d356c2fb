"""Reconciling the other side's reply, and the statistics page's numbers."""

from __future__ import annotations

import io
from collections import Counter
from datetime import date

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ridni.cases import service
from ridni.cases.models import Case, CaseNote, CaseTask
from ridni.errors import Forbidden, Invalid
from ridni.exports import lists as exports
from ridni.lists import service as lists
from ridni.lists import stats
from ridni.lists.channels import create_channel
from ridni.lists.fields import PRESETS
from ridni.lists.models import ListReply
from ridni.lists.replies import reconcile
from ridni.security.actors import Actor

from .conftest import World, verified_case


@pytest.fixture
def frozen(session: Session, world: World, users: dict[str, Actor]) -> dict[str, object]:
    """Four verified children on a frozen list of channel 'Медіатор'."""
    cases = [
        verified_case(session, users, world.child("Дяченко", given, "2012-01-01")[0])
        for given in ("Аня", "Богдан", "Вова", "Галя")
    ]
    channel = create_channel(
        session=session, actor=users["admin"], name="Медіатор", fields=PRESETS["names_and_dates"]
    )
    draft = lists.draft_list(session=session, actor=users["neg"], channel_id=channel.id, name="L1")
    lists.freeze_list(session=session, actor=users["neg"], list_id=draft.list.id)
    session.execute(Case.__table__.update().values(assigned_to="cw1"))
    refs = {
        e.entry.case_id: e.entry.ref
        for e in lists.list_detail(
            session=session, actor=users["neg"], list_id=draft.list.id
        ).entries
    }
    return {"list": draft.list.id, "channel": channel.id, "cases": cases, "refs": refs}


def _csv(*rows: str, header: str = "ref,outcome,date,note") -> bytes:
    return ("\n".join((header, *rows)) + "\n").encode("utf-8")


def test_a_reply_updates_the_cases(session: Session, users: dict[str, Actor], frozen: dict) -> None:
    a, b, c, d = frozen["cases"]
    refs = frozen["refs"]
    reply = _csv(
        f"{refs[a]},returned,2026-04-20,via the mediator",
        f"{refs[b]},found,,",
        f"{refs[c]},refuses,2026-04-21,",
        f"{refs[d]},unknown,,",
    )
    result = reconcile(
        session=session,
        actor=users["neg"],
        list_id=frozen["list"],
        number=1,
        data=reply,
        file_name="reply.csv",
    )
    assert result.outcomes == Counter(returned=1, found=1, refuses=1, unknown=1)
    assert result.effects == Counter({"moved to returned": 1, "task created": 2, "recorded": 1})
    returned = session.get(Case, a)
    assert (returned.status, returned.return_date, returned.return_channel_id) == (
        "returned",
        date(2026, 4, 20),
        frozen["channel"],
    )
    assert session.get(Case, b).status == "on_list"
    tasks = session.scalars(select(CaseTask).where(CaseTask.case_id.in_([b, c]))).all()
    assert sorted(t.title.split(":")[0] for t in tasks) == [
        "The other side found the child",
        "The other side refuses the return",
    ]
    assert all(t.assigned_to == "cw1" and t.due_date for t in tasks)
    assert session.scalar(select(func.count()).select_from(CaseNote)) == 4
    # 'found' opens the way to 'return agreed'
    service.move_case(
        session=session,
        actor=users["cw1"],
        case_id=b,
        to="return_agreed",
        reason="mediator confirmed",
    )
    with pytest.raises(Invalid, match="not replied"):
        service.move_case(
            session=session, actor=users["cw1"], case_id=c, to="return_agreed", reason="hope"
        )


@pytest.mark.parametrize(
    ("reply", "line", "field"),
    [
        (_csv("L999-00001,found,,"), 2, "ref"),
        (_csv("{a},lost,,"), 2, "outcome"),
        (_csv("{a},found,,", "{b},returned,,"), 3, "date"),
        (_csv("{a},found,31/12/2025,"), 2, "date"),
        (_csv("{a},found,,", "{a},not_found,,"), 3, "ref"),
        (_csv("{a},found,2999-01-01,"), 2, "date"),
        (_csv("{a}", header="ref,note"), 1, "outcome"),
    ],
)
def test_a_bad_reply_names_line_and_field_and_imports_nothing(
    session: Session, users: dict[str, Actor], frozen: dict, reply: bytes, line: int, field: str
) -> None:
    a, b, _, _ = frozen["cases"]
    data = reply.decode().format(a=frozen["refs"][a], b=frozen["refs"][b]).encode()
    with pytest.raises(Invalid) as error:
        reconcile(
            session=session,
            actor=users["neg"],
            list_id=frozen["list"],
            number=1,
            data=data,
            file_name="reply.csv",
        )
    assert (error.value.file, error.value.line, error.value.field) == ("reply.csv", line, field)
    assert session.scalar(select(func.count()).select_from(ListReply)) == 0


def test_replies_in_xlsx_and_in_ukrainian(
    session: Session, users: dict[str, Actor], frozen: dict
) -> None:
    a, b, _, _ = frozen["cases"]
    book = Workbook()
    book.active.append(["Номер / Ref", "Відповідь / Outcome", "Дата / Date", "Прізвище"])
    book.active.append([frozen["refs"][a], "повернуто", date(2026, 3, 1), "Дяченко"])
    buffer = io.BytesIO()
    book.save(buffer)
    reconcile(
        session=session,
        actor=users["admin"],
        list_id=frozen["list"],
        number=1,
        data=buffer.getvalue(),
        file_name="reply.xlsx",
    )
    assert session.get(Case, a).return_date == date(2026, 3, 1)
    cp1251 = f"ref;outcome;date\n{frozen['refs'][b]};не знайдено;01.03.2026\n".encode("cp1251")
    reconcile(
        session=session,
        actor=users["neg"],
        list_id=frozen["list"],
        number=1,
        data=cp1251,
        file_name="reply.csv",
    )
    assert session.scalars(select(ListReply.outcome).order_by(ListReply.id)).all() == [
        "returned",
        "not_found",
    ]
    with pytest.raises(Forbidden):
        reconcile(
            session=session,
            actor=users["cw1"],
            list_id=frozen["list"],
            number=1,
            data=cp1251,
            file_name="reply.csv",
        )


def test_the_export_itself_may_come_back_as_the_reply(
    session: Session, users: dict[str, Actor], frozen: dict
) -> None:
    exported = exports.export_version(
        session=session, actor=users["neg"], list_id=frozen["list"], number=1, fmt="csv"
    ).data.decode("utf-8-sig")
    lines = exported.splitlines()
    answered = [lines[0] + ",Відповідь / Outcome"] + [line + ",found" for line in lines[1:]]
    result = reconcile(
        session=session,
        actor=users["neg"],
        list_id=frozen["list"],
        number=1,
        data="\n".join(answered).encode(),
        file_name="back.csv",
    )
    assert result.outcomes == Counter(found=4)


def test_statistics_match_the_database(
    session: Session, world: World, users: dict[str, Actor], frozen: dict
) -> None:
    a, b, _, _ = frozen["cases"]
    refs = frozen["refs"]
    reconcile(
        session=session,
        actor=users["neg"],
        list_id=frozen["list"],
        number=1,
        data=_csv(f"{refs[a]},returned,2026-02-10,", f"{refs[b]},found,,"),
        file_name="r.csv",
    )
    service.open_case(
        session=session,
        actor=users["cw2"],
        assigned_to="cw2",
        person_id=world.child("Нова", "Справа", "2013-01-01")[0].id,
    )
    got = stats.case_stats(session=session, actor=users["aud"])

    by_status = dict(session.execute(select(Case.status, func.count()).group_by(Case.status)).all())
    assert {k: v for k, v in got.by_status.items() if v} == by_status
    assert got.total == session.scalar(select(func.count()).select_from(Case)) == 5
    assert got.returns == [("2026-02", "Медіатор", 1)]
    assert [(o.name, o.sent, o.replied, o.outcomes) for o in got.open_lists] == [
        ("L1", 4, 2, {"found": 1, "returned": 1})
    ]
    per = dict(got.per_caseworker)
    assert per == {"cw1": {"on_list": 3, "returned": 1}, "cw2": {"reported": 1}}  # not closed
    partner = stats.case_stats(session=session, actor=users["partner"])
    assert partner.total == 0 and partner.open_lists == []
