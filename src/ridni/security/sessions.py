"""Server-side login sessions: the cookie carries a random token, the table its SHA-256.

A session ends after ``IDLE_TIMEOUT`` without a request, after ``ABSOLUTE_TIMEOUT`` in any case,
at logout, and when its user is disabled or their password is reset.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ridni.db.base import utcnow
from ridni.security.models import SessionRecord, User

IDLE_TIMEOUT = timedelta(minutes=30)
ABSOLUTE_TIMEOUT = timedelta(hours=12)
# last_seen_at is written at most this often, so browsing does not write on every request.
TOUCH_EVERY = timedelta(seconds=60)


@dataclass(frozen=True)
class LiveSession:
    record: SessionRecord
    user: User


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def start(session: Session, *, user: User, address: str | None) -> str:
    """Open a session for ``user``; returns the token for the cookie (never stored)."""
    token = secrets.token_urlsafe(32)
    now = utcnow()
    session.add(
        SessionRecord(
            token_hash=token_hash(token),
            user_id=user.id,
            created_at=now,
            last_seen_at=now,
            address=address,
        )
    )
    session.flush()
    return token


def resume(
    session: Session, token: str | None, *, now: datetime | None = None
) -> LiveSession | None:
    """The live session behind ``token``, or None if unknown, ended, timed out or disabled."""
    if not token:
        return None
    now = now or utcnow()
    row = session.execute(
        select(SessionRecord, User)
        .join(User, User.id == SessionRecord.user_id)
        .where(SessionRecord.token_hash == token_hash(token))
    ).one_or_none()
    if row is None:
        return None
    record, user = row
    if record.ended_at is not None or user.disabled:
        return None
    if (
        now - _aware(record.created_at) > ABSOLUTE_TIMEOUT
        or now - _aware(record.last_seen_at) > IDLE_TIMEOUT
    ):
        record.ended_at = now
        session.flush()
        return None
    if now - _aware(record.last_seen_at) > TOUCH_EVERY:
        record.last_seen_at = now
        session.flush()
    return LiveSession(record, user)


def end(session: Session, token: str | None) -> None:
    if token:
        session.execute(
            update(SessionRecord)
            .where(SessionRecord.token_hash == token_hash(token), SessionRecord.ended_at.is_(None))
            .values(ended_at=utcnow())
        )


def end_all(session: Session, *, user_id: int) -> None:
    session.execute(
        update(SessionRecord)
        .where(SessionRecord.user_id == user_id, SessionRecord.ended_at.is_(None))
        .values(ended_at=utcnow())
    )


def _aware(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value
