"""Login throttling per account and per client address, from the ``login_attempts`` table."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from ridni.db.base import utcnow
from ridni.errors import Forbidden
from ridni.security.models import LoginAttempt

WINDOW = timedelta(minutes=15)
MAX_FAILURES_PER_ACCOUNT = 5
MAX_FAILURES_PER_ADDRESS = 20


class Throttled(Forbidden):
    """Too many failed logins; try again later."""


def check(
    session: Session, *, username: str, address: str | None, now: datetime | None = None
) -> None:
    """Raise :class:`Throttled` when this account or address failed too often recently.

    An account's count restarts at its last successful login; an address's does not, since one
    address trying many accounts is the pattern to stop.
    """
    now = now or utcnow()
    since = now - WINDOW
    last_success = session.scalar(
        select(func.max(LoginAttempt.at)).where(
            LoginAttempt.username == username,
            LoginAttempt.success.is_(True),
            LoginAttempt.at >= since,
        )
    )
    account_since = max(since, _aware(last_success)) if last_success else since
    if (
        _failures(session, LoginAttempt.username == username, account_since)
        >= MAX_FAILURES_PER_ACCOUNT
    ):
        raise Throttled("too many failed logins for this account; try again later")
    if (
        address
        and _failures(session, LoginAttempt.address == address, since) >= MAX_FAILURES_PER_ADDRESS
    ):
        raise Throttled("too many failed logins from this address; try again later")


def _failures(session: Session, who: ColumnElement[bool], since: datetime) -> int:
    stmt = select(func.count()).where(who, LoginAttempt.success.is_(False), LoginAttempt.at > since)
    return int(session.scalar(stmt) or 0)


def _aware(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def note(session: Session, *, username: str, address: str | None, success: bool) -> None:
    session.add(
        LoginAttempt(username=username[:100], address=address, success=success, at=utcnow())
    )
    session.flush()
