"""The audit chain: appends, and verification naming the first altered, inserted or deleted row."""

from __future__ import annotations

import itertools
import threading

import pytest
from sqlalchemy import Engine, select, text, update

from ridni.db.engine import session_scope
from ridni.errors import Forbidden
from ridni.security import audit
from ridni.security.actors import Actor
from ridni.security.models import AuditEvent, AuditHead

ADMIN = Actor(username="ada", role="admin", user_id=1, organisation_id=1, address="10.0.0.1")


def _append(engine: Engine, n: int) -> None:
    with session_scope(engine) as session:
        for i in range(n):
            audit.record(session, ADMIN, "search", details={"query": f"Олександр {i}"})


def _verify(engine: Engine) -> audit.VerifyResult:
    with session_scope(engine) as session:
        return audit.verify(session)


def test_chain_of_appends_verifies(engine: Engine) -> None:
    _append(engine, 5)
    result = _verify(engine)
    assert result.ok, result.message
    assert result.checked == 5
    with session_scope(engine) as session:
        seqs = session.scalars(select(AuditEvent.seq).order_by(AuditEvent.seq)).all()
        assert seqs == [1, 2, 3, 4, 5]
        events = session.scalars(select(AuditEvent).order_by(AuditEvent.seq)).all()
        assert events[0].prev_hash == audit.GENESIS
        assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(events))
        assert events[2].details == {"query": "Олександр 2"}
        assert events[2].address == "10.0.0.1"


def test_empty_log_verifies(engine: Engine) -> None:
    assert _verify(engine).ok


def test_altered_row_is_named(engine: Engine) -> None:
    _append(engine, 6)
    with session_scope(engine) as session:
        session.execute(update(AuditEvent).where(AuditEvent.seq == 4).values(actor="mallory"))
    result = _verify(engine)
    assert not result.ok
    assert (result.problem, result.seq) == ("altered", 4)


def test_altered_details_is_named(engine: Engine) -> None:
    _append(engine, 3)
    with session_scope(engine) as session:
        session.execute(
            update(AuditEvent).where(AuditEvent.seq == 2).values(details={"query": "x"})
        )
    result = _verify(engine)
    assert (result.problem, result.seq) == ("altered", 2)


def test_deleted_row_is_named(engine: Engine) -> None:
    _append(engine, 6)
    with session_scope(engine) as session:
        session.execute(text("DELETE FROM audit_events WHERE seq = 3"))
    result = _verify(engine)
    assert (result.problem, result.seq) == ("deleted", 3)


def test_deleted_tail_is_named(engine: Engine) -> None:
    _append(engine, 6)
    with session_scope(engine) as session:
        session.execute(text("DELETE FROM audit_events WHERE seq >= 5"))
    result = _verify(engine)
    assert (result.problem, result.seq) == ("deleted", 5)


def test_deleted_row_with_renumbering_is_named(engine: Engine) -> None:
    _append(engine, 6)
    with session_scope(engine) as session:
        session.execute(text("DELETE FROM audit_events WHERE seq = 3"))
        for seq in (4, 5, 6):
            session.execute(text(f"UPDATE audit_events SET seq = {seq - 1} WHERE seq = {seq}"))
        session.execute(update(AuditHead).values(seq=5))
    result = _verify(engine)
    assert (result.problem, result.seq) == ("deleted", 3)


def _forged(prev: AuditEvent, seq: int) -> AuditEvent:
    fake = AuditEvent(
        seq=seq,
        at=prev.at,
        actor="mallory",
        role="admin",
        action="login",
        prev_hash=prev.hash,
    )
    fake.hash = audit.event_hash(prev.hash, fake)
    return fake


def test_inserted_row_at_the_end_is_named(engine: Engine) -> None:
    _append(engine, 4)
    with session_scope(engine) as session:
        last = session.get(AuditEvent, 4)
        session.add(_forged(last, 5))
    result = _verify(engine)
    assert (result.problem, result.seq) == ("inserted", 5)


def test_inserted_row_in_the_middle_is_named(engine: Engine) -> None:
    _append(engine, 5)
    with session_scope(engine) as session:
        for seq in (5, 4, 3):  # make room at 3, as an attacker would
            session.execute(text(f"UPDATE audit_events SET seq = {seq + 1} WHERE seq = {seq}"))
        session.add(_forged(session.get(AuditEvent, 2), 3))
        session.execute(update(AuditHead).values(seq=6))
    result = _verify(engine)
    assert (result.problem, result.seq) == ("inserted", 3)


def test_forged_row_with_recomputed_hash_is_named(engine: Engine) -> None:
    _append(engine, 5)
    with session_scope(engine) as session:
        session.execute(text("DELETE FROM audit_events WHERE seq = 3"))
        session.add(_forged(session.get(AuditEvent, 2), 3))
    result = _verify(engine)
    assert not result.ok
    assert result.seq == 3


def test_concurrent_appends_do_not_fork_the_chain(engine: Engine) -> None:
    _append(engine, 1)
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            for _ in range(10):
                _append(engine, 1)
        except BaseException as exc:  # collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    result = _verify(engine)
    assert result.ok, result.message
    assert result.checked == 41


def test_reading_the_log_needs_the_right_and_is_recorded(engine: Engine) -> None:
    _append(engine, 2)
    caseworker = Actor(username="cw", role="caseworker", user_id=2, organisation_id=1)
    auditor = Actor(username="au", role="auditor", user_id=3, organisation_id=1)
    with session_scope(engine) as session, pytest.raises(Forbidden):
        audit.list_events(session=session, actor=caseworker)
    with session_scope(engine) as session:
        events = audit.list_events(
            session=session, actor=auditor, where=audit.EventFilter(action="search")
        )
        assert [e.seq for e in events] == [2, 1]
    with session_scope(engine) as session:
        last = session.scalars(select(AuditEvent).order_by(AuditEvent.seq.desc())).first()
        assert last.action == "audit.view" and last.actor == "au"
        assert last.details == {"filters": {"action": "search"}}


def test_a_read_is_recorded_even_if_the_request_then_fails(engine: Engine) -> None:
    from sqlalchemy.orm import Session

    _append(engine, 1)  # the chain exists (the very first event creates its head in-transaction)
    with Session(engine) as session:
        audit.record_read(session, ADMIN, "person.view", object_type="person", object_id=7)
        session.rollback()  # the request failed after reading
    with session_scope(engine) as session:
        events = session.scalars(select(AuditEvent)).all()
    if engine.dialect.name == "postgresql":
        # Its own autocommitted append: the view stays recorded, and the chain holds.
        assert [(e.action, e.object_id) for e in events][1:] == [("person.view", "7")]
    else:
        # SQLite appends in the request's transaction (one writer; no lock to shorten).
        assert len(events) == 1
    assert _verify(engine).ok
