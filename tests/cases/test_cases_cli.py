"""The command line: review, case, channels, list and stats, as the system and ``--as USER``;
and ``ridni demo-cases`` on a registry of children found on both sides."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from ridni.cases.models import Case
from ridni.cli import app
from ridni.config import get_settings
from ridni.linkage.models import PersonRecord
from ridni.lists.models import ListReply, ListVersion

from .conftest import World, make_users

runner = CliRunner()


@pytest.fixture
def cli_db(
    db_url: str, engine: Engine, settings_env: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[sessionmaker[Session]]:
    monkeypatch.setenv("RIDNI_DATABASE_URL", db_url)
    get_settings.cache_clear()
    yield sessionmaker(bind=engine, expire_on_commit=False)
    get_settings.cache_clear()


def ridni(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, (args, result.output, result.exception)
    return result.output


def test_from_review_to_return_on_the_command_line(
    cli_db: sessionmaker[Session], tmp_path: Path
) -> None:
    with cli_db() as session:
        make_users(session)
        world = World(session)
        person, ua, ru = world.child("Коваленко", "Олександр", "2012-03-04")
        other = world.record("family", "family_report", family_name="Коваленко", given_name="Саша")
        world.person(other)
        world.link(ua, other, 0.7)
        session.commit()
        ids = (person.id, ua.id, ru.id, other.id)
    person_id, ua_pk, ru_pk, other_pk = ids

    assert "1 links wait" in ridni("review")
    shown = ridni("person", str(person_id))  # the family's "Саша", scored 0.7, not joined
    assert "Possible other records" in shown and "Саша" in shown
    ridni("review", "decide", str(ua_pk), str(other_pk), "--reject", "--reason", "different")
    assert "Possible other records" not in ridni("person", str(person_id))
    assert "0 links wait" in ridni("review")
    ridni("review", "decide", str(ua_pk), "counterpart:ru-1", "--confirm", "--reason", "same",
          "--as", "rev1")  # fmt: skip
    ridni(
        "review", "decide", str(ua_pk), str(ru_pk), "--confirm", "--reason", "same", "--as", "rev2"
    )
    assert "Коваленко" in ridni("review", "show", str(ua_pk), str(ru_pk))
    assert "share confirmed" in ridni("review", "calibration")
    too_few = runner.invoke(app, ["review", "recalibrate", "--as", "rev1"])
    assert too_few.exit_code != 0 and "at least 10 confirmed" in str(too_few.exception)

    assert "Case 1 opened" in ridni("case", "open", str(person_id), "--assign", "cw1")
    refused = runner.invoke(app, ["case", "move", "1", "located", "--reason", "seen"])
    assert refused.exit_code != 0 and "held" in str(refused.exception)
    ridni("case", "locate", "1", "Таганрог")
    ridni("case", "move", "1", "located", "--reason", "seen", "--as", "cw1")
    ridni("case", "move", "1", "identity_verified", "--reason", "two confirmed", "--as", "cw1")
    ridni("case", "note", "1", "called the aunt")
    ridni("case", "task", "1", "call the school", "--due", "2026-06-01")
    assert "identity_verified" in ridni("case", "show", "1")
    assert "Коваленко" in ridni("case", "list", "--status", "identity_verified")

    ridni("channels", "add", "Mediator", "--fields", "names_and_dates")
    assert "given_name" in ridni("channels", "list")
    assert "List 1: 1 children" in ridni("list", "draft", "Mediator", "--as", "neg")
    assert "sha256" in ridni("list", "freeze", "1", "--as", "neg")
    out = tmp_path / "out"
    out.mkdir()
    for fmt in ("pdf", "csv", "xlsx"):
        ridni("list", "export", "1", "--format", fmt, "--out", str(out))
    assert sorted(p.suffix for p in out.iterdir()) == [".csv", ".pdf", ".xlsx"]
    denied = runner.invoke(app, ["list", "export", "1", "--as", "cw1"])
    assert denied.exit_code != 0 and "may not list.export" in str(denied.exception)
    reply = tmp_path / "reply.csv"
    reply.write_text("ref,outcome,date\nL1-00001,returned,2026-01-15\n", encoding="utf-8")
    assert "moved to returned 1" in ridni("list", "reconcile", "1", str(reply), "--as", "neg")
    assert "returned" in ridni("stats")
    with cli_db() as session:
        case = session.get(Case, 1)
        assert (case.status, str(case.return_date)) == ("returned", "2026-01-15")
        assert session.scalar(select(func.count()).select_from(ListReply)) == 1


def test_a_sex_marked_wrong_on_the_command_line(cli_db: sessionmaker[Session]) -> None:
    with cli_db() as session:
        make_users(session)
        world = World(session)
        registry = world.record("reg", "official_registry", given_name="Денис", sex="F")
        listed = world.record("list", "counterpart_list", given_name="Денис", sex="M")
        person = world.person(registry, listed)
        world.link(registry, listed, 0.9995)
        membership = session.get(PersonRecord, registry.id)
        assert membership is not None
        membership.sex_overruled = True
        session.commit()
        pks = (person.id, registry.id)
    person_id, registry_pk = pks

    assert "person " + str(person_id) + ": " + str(registry_pk) in ridni("review")
    refused = runner.invoke(app, ["review", "sex", str(registry_pk), "--reason", "x"])
    assert refused.exit_code != 0 and "exactly one of --wrong and --right" in str(refused.exception)
    denied = runner.invoke(
        app, ["review", "sex", str(registry_pk), "--wrong", "--reason", "x", "--as", "cw1"]
    )
    assert denied.exit_code != 0 and "may not link.decide" in str(denied.exception)
    done = ridni(
        "review",
        "sex",
        str(registry_pk),
        "--wrong",
        "--reason",
        "birth certificate",
        "--as",
        "rev1",
    )
    assert f"Person now: {person_id}" in done  # still one child, of the list's sex
    assert "overruled" not in ridni("review")
    shown = ridni("person", str(person_id))
    assert "2 records" in shown and "F (marked wrong)" in shown
    ridni("review", "sex", str(registry_pk), "--right", "--reason", "misread")
    assert "(marked wrong)" not in ridni("person", str(person_id))


def test_demo_cases(cli_db: sessionmaker[Session]) -> None:
    with cli_db() as session:
        make_users(session)
        world = World(session)
        for i in range(20):
            siblings = f"ua-{i + 1}" if i % 5 == 0 else None
            world.child(f"Демо-{i}", "Олена", f"{2008 + i % 10}-02-03", n=i, siblings=siblings)
        session.commit()
    output = ridni("demo-cases", "--cases", "12")
    assert "12 cases" in output
    with cli_db() as session:
        statuses = dict(
            session.execute(select(Case.status, func.count()).group_by(Case.status)).all()
        )
        assert statuses.get("returned", 0) >= 1 and sum(statuses.values()) == 12
        assert session.scalar(select(func.count()).select_from(ListVersion)) == 1
    again = runner.invoke(app, ["demo-cases"])
    assert again.exit_code != 0  # the demo's channels exist already
