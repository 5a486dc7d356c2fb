"""Users, passwords, login throttling, TOTP, sessions and API tokens."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from ridni.db.base import utcnow
from ridni.errors import Conflict, Forbidden, Invalid
from ridni.security import accounts, sessions, throttle, tokens, totp
from ridni.security.actors import SYSTEM
from ridni.security.models import AuditEvent, SessionRecord, User

PASSWORD = "correct horse battery"


def _user(session: Session, name: str = "olena", role: str = "caseworker") -> User:
    user, _ = accounts.create_user(
        session=session,
        actor=SYSTEM,
        username=name,
        role=role,
        organisation="Operator",
        password=PASSWORD,
    )
    return user


def _actions(session: Session) -> list[str]:
    return list(session.scalars(select(AuditEvent.action).order_by(AuditEvent.seq)))


def test_password_is_hashed_with_argon2(session: Session, org) -> None:  # type: ignore[no-untyped-def]
    user = _user(session)
    assert user.password_hash.startswith("$argon2id$")
    assert PASSWORD not in user.password_hash


def test_generated_password_is_returned_once(session: Session, org) -> None:  # type: ignore[no-untyped-def]
    user, password = accounts.create_user(
        session=session, actor=SYSTEM, username="x", role="auditor", organisation="Operator"
    )
    assert len(password) >= 20
    assert (
        accounts.login(session=session, username="x", password=password, address="a").user == user
    )


def test_duplicate_and_bad_users_are_refused(session: Session, org) -> None:  # type: ignore[no-untyped-def]
    _user(session)
    with pytest.raises(Conflict):
        _user(session, "OLENA")
    with pytest.raises(Invalid):
        _user(session, "bad name")
    with pytest.raises(Invalid):
        _user(session, "r", role="superuser")
    with pytest.raises(Invalid):
        accounts.create_user(
            session=session,
            actor=SYSTEM,
            username="s",
            role="admin",
            organisation="Operator",
            password="short",
        )


def test_only_admins_manage_users(session: Session, org) -> None:  # type: ignore[no-untyped-def]
    cw = accounts.actor_for(_user(session))
    with pytest.raises(Forbidden):
        accounts.create_user(
            session=session, actor=cw, username="y", role="admin", organisation="Operator"
        )


def test_login_success_and_failure_are_audited(session: Session, org) -> None:  # type: ignore[no-untyped-def]
    _user(session)
    with pytest.raises(accounts.LoginFailed):
        accounts.login(
            session=session, username="olena", password="wrong password", address="1.2.3.4"
        )
    with pytest.raises(accounts.LoginFailed):
        accounts.login(session=session, username="nobody", password=PASSWORD, address="1.2.3.4")
    outcome = accounts.login(
        session=session, username="olena", password=PASSWORD, address="1.2.3.4"
    )
    assert not outcome.needs_code
    assert _actions(session)[-3:] == ["login.failed", "login.failed", "login"]
    failed = session.scalars(select(AuditEvent).where(AuditEvent.action == "login.failed")).all()
    assert failed[0].address == "1.2.3.4" and failed[0].details["username"] == "olena"


def test_disabled_user_cannot_log_in_and_loses_sessions(session: Session, org) -> None:  # type: ignore[no-untyped-def]
    user = _user(session)
    token = sessions.start(session, user=user, address=None)
    accounts.set_disabled(session=session, actor=SYSTEM, username="olena")
    assert sessions.resume(session, token) is None
    with pytest.raises(accounts.LoginFailed):
        accounts.login(session=session, username="olena", password=PASSWORD, address=None)


def test_reset_changes_password_and_ends_sessions(session: Session, org) -> None:  # type: ignore[no-untyped-def]
    user = _user(session)
    token = sessions.start(session, user=user, address=None)
    _, new_password = accounts.reset_password(session=session, actor=SYSTEM, username="olena")
    assert sessions.resume(session, token) is None
    with pytest.raises(accounts.LoginFailed):
        accounts.login(session=session, username="olena", password=PASSWORD, address=None)
    accounts.login(session=session, username="olena", password=new_password, address=None)


def test_throttling_per_account(session: Session, org) -> None:  # type: ignore[no-untyped-def]
    _user(session)
    for _ in range(throttle.MAX_FAILURES_PER_ACCOUNT):
        with pytest.raises(accounts.LoginFailed):
            accounts.login(session=session, username="olena", password="x" * 12, address="9.9.9.9")
    # Now even the right password is refused, from any address, until the window passes.
    with pytest.raises(throttle.Throttled):
        accounts.login(session=session, username="olena", password=PASSWORD, address="8.8.8.8")
    later = utcnow() + throttle.WINDOW + timedelta(seconds=1)
    throttle.check(session, username="olena", address="8.8.8.8", now=later)


def test_throttling_per_address(session: Session, org) -> None:  # type: ignore[no-untyped-def]
    _user(session)
    for i in range(throttle.MAX_FAILURES_PER_ADDRESS):
        with pytest.raises(accounts.LoginFailed):
            accounts.login(
                session=session, username=f"guess{i}", password="x" * 12, address="6.6.6.6"
            )
    with pytest.raises(throttle.Throttled):
        accounts.login(session=session, username="olena", password=PASSWORD, address="6.6.6.6")
    accounts.login(session=session, username="olena", password=PASSWORD, address="7.7.7.7")


def test_totp_second_factor(session: Session, org) -> None:  # type: ignore[no-untyped-def]
    user = _user(session)
    actor = accounts.actor_for(user)
    secret = accounts.begin_totp(session=session, actor=actor)
    with pytest.raises(Invalid):
        accounts.confirm_totp(session=session, actor=actor, secret=secret, code="000000")
    accounts.confirm_totp(
        session=session, actor=actor, secret=secret, code=totp.current_code(secret)
    )
    outcome = accounts.login(session=session, username="olena", password=PASSWORD, address=None)
    assert outcome.needs_code
    with pytest.raises(accounts.LoginFailed):
        accounts.complete_second_factor(
            session=session, user_id=user.id, code="123456", address=None
        )
    done = accounts.complete_second_factor(
        session=session, user_id=user.id, code=totp.current_code(secret), address=None
    )
    assert done == user


def test_session_idle_and_absolute_timeouts(session: Session, org) -> None:  # type: ignore[no-untyped-def]
    user = _user(session)
    token = sessions.start(session, user=user, address=None)
    now = utcnow()
    assert sessions.resume(session, token, now=now + timedelta(minutes=29)) is not None
    assert sessions.resume(session, token, now=now + timedelta(minutes=29 + 31)) is None
    token2 = sessions.start(session, user=user, address=None)
    record = session.scalar(
        select(SessionRecord).where(SessionRecord.token_hash == sessions.token_hash(token2))
    )
    # Kept busy (last seen just now) but opened long ago: the absolute limit ends it.
    record.created_at = now - sessions.ABSOLUTE_TIMEOUT - timedelta(minutes=1)
    session.flush()
    assert sessions.resume(session, token2, now=now) is None
    assert sessions.resume(session, "not-a-token") is None


def test_api_tokens(session: Session, org) -> None:  # type: ignore[no-untyped-def]
    user = _user(session)
    row, plaintext = tokens.create_token(session=session, actor=SYSTEM, username="olena", name="ci")
    assert plaintext.startswith("ridni_") and row.token_hash not in plaintext
    assert plaintext not in row.token_hash
    actor = tokens.authenticate(session, plaintext, address="1.1.1.1")
    assert actor is not None and actor.username == "olena" and actor.role == "caseworker"
    assert actor.organisation_id == user.organisation_id
    assert tokens.authenticate(session, plaintext[:-1] + "x", address=None) is None
    tokens.revoke_token(session=session, actor=SYSTEM, prefix=row.prefix)
    assert tokens.authenticate(session, plaintext, address=None) is None


def test_token_expiry_and_narrowing(session: Session, org) -> None:  # type: ignore[no-untyped-def]
    _user(session)
    _user(session, "boss", role="admin")
    row, plaintext = tokens.create_token(
        session=session, actor=SYSTEM, username="boss", name="ro", role="reviewer", days=1
    )
    assert tokens.authenticate(session, plaintext, address=None).role == "reviewer"
    row.expires_at = utcnow() - timedelta(seconds=1)
    session.flush()
    assert tokens.authenticate(session, plaintext, address=None) is None
    with pytest.raises(Invalid):  # a caseworker's token cannot be an admin token
        tokens.create_token(session=session, actor=SYSTEM, username="olena", name="x", role="admin")


def test_users_manage_only_their_own_tokens(session: Session, org) -> None:  # type: ignore[no-untyped-def]
    olena = accounts.actor_for(_user(session))
    _user(session, "petro")
    tokens.create_token(session=session, actor=olena, username="olena", name="mine")
    with pytest.raises(Forbidden):
        tokens.create_token(session=session, actor=olena, username="petro", name="theirs")
    assert [t.name for t, _ in tokens.list_tokens(session=session, actor=olena)] == ["mine"]
