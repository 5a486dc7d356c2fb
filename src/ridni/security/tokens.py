"""REST API tokens: ``ridni_<prefix>_<secret>``, shown once, stored as SHA-256, each scoped to a
role and an organisation, expiring, revocable. A token acts with at most its user's rights."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from ridni.db.base import utcnow
from ridni.errors import Forbidden, Invalid, NotFound
from ridni.security import audit
from ridni.security.accounts import actor_for, user_by_name
from ridni.security.actors import ROLES, Actor
from ridni.security.models import ApiToken, User
from ridni.security.policy import allowed_actions, can, require

PREFIX = "ridni"
DEFAULT_DAYS = 90
MAX_DAYS = 365


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_token(
    *,
    session: Session,
    actor: Actor,
    username: str,
    name: str,
    role: str | None = None,
    days: int = DEFAULT_DAYS,
) -> tuple[ApiToken, str]:
    """Create a token for ``username``; returns the row and the plaintext (shown once)."""
    user = user_by_name(session, username)
    _require_manage(actor, user)
    role = role or user.role
    if role not in ROLES:
        raise Invalid(f"unknown role {role!r}", field="role")
    # A token may narrow its user's rights, never widen them.
    if not allowed_actions(role) <= allowed_actions(user.role):
        raise Invalid(f"a token for {username} cannot have role {role}", field="role")
    if not 1 <= days <= MAX_DAYS:
        raise Invalid(f"a token lives 1–{MAX_DAYS} days", field="days")
    if user.disabled:
        raise Invalid(f"user {username} is disabled", field="username")
    prefix = secrets.token_hex(4)
    plaintext = f"{PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken(
        prefix=prefix,
        token_hash=_hash(plaintext),
        name=name.strip()[:200] or "token",
        user_id=user.id,
        role=role,
        organisation_id=user.organisation_id,
        expires_at=utcnow() + timedelta(days=days),
    )
    session.add(token)
    session.flush()
    audit.record(
        session,
        actor,
        "token.create",
        object_type="token",
        object_id=token.id,
        details={"user": username, "role": role, "prefix": prefix, "days": days},
    )
    return token, plaintext


def revoke_token(*, session: Session, actor: Actor, prefix: str) -> ApiToken:
    token = session.scalar(select(ApiToken).where(ApiToken.prefix == prefix))
    if token is None:
        raise NotFound(f"no token {prefix!r}")
    user = session.get(User, token.user_id)
    assert user is not None
    _require_manage(actor, user)
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        session.flush()
        audit.record(
            session,
            actor,
            "token.revoke",
            object_type="token",
            object_id=token.id,
            details={"user": user.username, "prefix": prefix},
        )
    return token


def list_tokens(
    *, session: Session, actor: Actor, username: str | None = None
) -> list[tuple[ApiToken, User]]:
    """Tokens of ``username`` (default: the actor). Others' tokens need ``token.manage``."""
    stmt = (
        select(ApiToken, User).join(User, User.id == ApiToken.user_id).order_by(ApiToken.id.desc())
    )
    if username:
        user = user_by_name(session, username)
        _require_manage(actor, user)
        stmt = stmt.where(ApiToken.user_id == user.id)
    elif can(actor, "token.manage"):
        pass
    else:
        require(actor, "token.own")
        stmt = stmt.where(ApiToken.user_id == actor.user_id)
    return [(t, u) for t, u in session.execute(stmt).all()]


def _require_manage(actor: Actor, user: User) -> None:
    if can(actor, "token.manage"):
        return
    require(actor, "token.own")
    if actor.user_id != user.id:
        raise Forbidden("you may manage only your own tokens")


def authenticate(session: Session, plaintext: str | None, *, address: str | None) -> Actor | None:
    """The actor a bearer token stands for, or None if it is unknown, expired or revoked."""
    if not plaintext or not plaintext.startswith(PREFIX + "_"):
        return None
    parts = plaintext.split("_", 2)
    if len(parts) != 3:
        return None
    token = session.scalar(select(ApiToken).where(ApiToken.prefix == parts[1]))
    if token is None or not hmac.compare_digest(token.token_hash, _hash(plaintext)):
        return None
    now = utcnow()
    if token.revoked_at is not None or _aware(token.expires_at) <= now:
        return None
    user = session.get(User, token.user_id)
    if user is None or user.disabled:
        return None
    if token.last_used_at is None or now - _aware(token.last_used_at) > timedelta(minutes=1):
        token.last_used_at = now
        session.flush()
    return actor_for(user, address=address, role=token.role)


def _aware(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value
