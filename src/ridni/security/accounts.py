"""Organisations, users and logging in. Services: ``*, session, actor``; flush, never commit."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ridni.db.base import utcnow
from ridni.errors import Conflict, Forbidden, Invalid, NotFound
from ridni.security import audit, passwords, sessions, throttle, totp
from ridni.security.actors import ROLES, Actor
from ridni.security.models import Organisation, User
from ridni.security.policy import require


def actor_for(user: User, *, address: str | None = None, role: str | None = None) -> Actor:
    return Actor(
        username=user.username,
        role=role or user.role,
        user_id=user.id,
        organisation_id=user.organisation_id,
        address=address,
    )


# --- organisations -----------------------------------------------------------------------------


def create_organisation(
    *, session: Session, actor: Actor, name: str, description: str | None = None
) -> Organisation:
    require(actor, "organisation.manage")
    name = name.strip()
    if not name:
        raise Invalid("an organisation needs a name", field="name")
    if session.scalar(select(Organisation).where(Organisation.name == name)):
        raise Conflict(f"organisation {name!r} exists")
    org = Organisation(name=name, description=description)
    session.add(org)
    session.flush()
    audit.record(
        session,
        actor,
        "organisation.create",
        object_type="organisation",
        object_id=org.id,
        details={"name": name},
    )
    return org


def list_organisations(*, session: Session, actor: Actor) -> list[Organisation]:
    require(actor, "user.manage")
    return list(session.scalars(select(Organisation).order_by(Organisation.name)))


def organisation_by_name(session: Session, name: str) -> Organisation:
    org = session.scalar(select(Organisation).where(Organisation.name == name))
    if org is None:
        raise NotFound(f"no organisation {name!r}")
    return org


# --- users -------------------------------------------------------------------------------------


def create_user(
    *,
    session: Session,
    actor: Actor,
    username: str,
    role: str,
    organisation: str,
    password: str | None = None,
    display_name: str | None = None,
) -> tuple[User, str]:
    """Create an account; returns it with its password (generated when not given)."""
    require(actor, "user.manage")
    username = username.strip()
    if not username or len(username) > 100 or any(c.isspace() for c in username):
        raise Invalid("a username is 1–100 characters without spaces", field="username")
    if role not in ROLES:
        raise Invalid(f"unknown role {role!r}; one of {', '.join(ROLES)}", field="role")
    if session.scalar(select(User).where(func.lower(User.username) == username.lower())):
        raise Conflict(f"user {username!r} exists")
    org = organisation_by_name(session, organisation)
    password = password or passwords.generate_password()
    user = User(
        username=username,
        display_name=display_name or username,
        role=role,
        organisation_id=org.id,
        password_hash=passwords.hash_password(password),
    )
    session.add(user)
    session.flush()
    audit.record(
        session,
        actor,
        "user.create",
        object_type="user",
        object_id=user.id,
        details={"username": username, "role": role, "organisation": org.name},
    )
    return user, password


def list_users(*, session: Session, actor: Actor) -> list[tuple[User, Organisation]]:
    require(actor, "user.manage")
    rows = session.execute(
        select(User, Organisation)
        .join(Organisation, Organisation.id == User.organisation_id)
        .order_by(User.username)
    ).all()
    return [(u, o) for u, o in rows]


def user_by_name(session: Session, username: str) -> User:
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise NotFound(f"no user {username!r}")
    return user


def set_disabled(*, session: Session, actor: Actor, username: str, disabled: bool = True) -> User:
    require(actor, "user.manage")
    user = user_by_name(session, username)
    if disabled and user.id == actor.user_id:
        raise Invalid("you cannot disable your own account", field="username")
    user.disabled = disabled
    if disabled:
        sessions.end_all(session, user_id=user.id)
    session.flush()
    audit.record(
        session,
        actor,
        "user.disable" if disabled else "user.enable",
        object_type="user",
        object_id=user.id,
        details={"username": username},
    )
    return user


def reset_password(
    *, session: Session, actor: Actor, username: str, password: str | None = None
) -> tuple[User, str]:
    """Set a new password (generated when not given); ends the user's sessions."""
    require(actor, "user.manage")
    user = user_by_name(session, username)
    password = password or passwords.generate_password()
    user.password_hash = passwords.hash_password(password)
    user.password_changed_at = utcnow()
    user.failed_logins = 0
    sessions.end_all(session, user_id=user.id)
    session.flush()
    audit.record(
        session,
        actor,
        "user.reset",
        object_type="user",
        object_id=user.id,
        details={"username": username},
    )
    return user, password


# --- second factor -----------------------------------------------------------------------------


def begin_totp(*, session: Session, actor: Actor) -> str:
    """A fresh secret for the actor's own account; it takes effect after :func:`confirm_totp`."""
    require(actor, "account.own")
    return totp.new_secret()


def confirm_totp(*, session: Session, actor: Actor, secret: str, code: str) -> None:
    require(actor, "account.own")
    if not totp.verify_code(secret, code):
        raise Invalid(
            "the code does not match; check the device's clock and try again", field="code"
        )
    user = _own_user(session, actor)
    user.totp_secret = secret
    session.flush()
    audit.record(
        session,
        actor,
        "user.totp",
        object_type="user",
        object_id=user.id,
        details={"enabled": True},
    )


def disable_totp(*, session: Session, actor: Actor, username: str) -> None:
    """An administrator removes a lost second factor."""
    require(actor, "user.manage")
    user = user_by_name(session, username)
    user.totp_secret = None
    session.flush()
    audit.record(
        session,
        actor,
        "user.totp",
        object_type="user",
        object_id=user.id,
        details={"enabled": False, "username": username},
    )


def set_totp(*, session: Session, actor: Actor, username: str) -> str:
    """An administrator (or the CLI) sets a new second factor for a user; returns the secret."""
    require(actor, "user.manage")
    user = user_by_name(session, username)
    user.totp_secret = totp.new_secret()
    session.flush()
    audit.record(
        session,
        actor,
        "user.totp",
        object_type="user",
        object_id=user.id,
        details={"enabled": True, "username": username},
    )
    return user.totp_secret


def _own_user(session: Session, actor: Actor) -> User:
    user = session.get(User, actor.user_id) if actor.user_id else None
    if user is None or user.disabled:
        raise Forbidden("no such account")
    return user


# --- logging in --------------------------------------------------------------------------------


class LoginFailed(Forbidden):
    """Wrong username, password or code. Deliberately does not say which."""


@dataclass(frozen=True)
class LoginOutcome:
    user: User
    # True: the password was right and a TOTP code must follow (see complete_second_factor).
    needs_code: bool


def login(
    *,
    session: Session,
    username: str,
    password: str,
    address: str | None,
    code: str | None = None,
) -> LoginOutcome:
    """Check a password (and the TOTP code when one is given or required).

    Raises :class:`throttle.Throttled` or :class:`LoginFailed`; both are audited and noted for
    throttling, so the caller must still commit its transaction when it catches them. The
    caller starts the session (``sessions.start``) when ``needs_code`` is False.
    """
    username = username.strip()[:100]
    _check_throttle(session, username, address)
    user = session.scalar(select(User).where(User.username == username))
    ok = passwords.verify_password(user.password_hash if user else None, password)
    if not ok or user is None or user.disabled:
        _fail(session, username, address, user, "password")
    assert user is not None  # for the type checker: _fail raised otherwise
    if user.totp_secret and not code:
        return LoginOutcome(user, needs_code=True)
    if user.totp_secret and not totp.verify_code(user.totp_secret, code):
        _fail(session, username, address, user, "code")
    _succeed(session, user, address)
    return LoginOutcome(user, needs_code=False)


def complete_second_factor(
    *, session: Session, user_id: int, code: str, address: str | None
) -> User:
    """Second step of a login whose password was already right (carried in a signed ticket)."""
    user = session.get(User, user_id)
    if user is None or user.disabled or not user.totp_secret:
        raise LoginFailed("login failed")
    _check_throttle(session, user.username, address)
    if not totp.verify_code(user.totp_secret, code):
        _fail(session, user.username, address, user, "code")
    _succeed(session, user, address)
    return user


def _check_throttle(session: Session, username: str, address: str | None) -> None:
    try:
        throttle.check(session, username=username, address=address)
    except throttle.Throttled as exc:
        audit.record(
            session,
            None,
            "login.failed",
            address=address,
            details={"username": username, "reason": "throttled"},
        )
        raise exc


def _fail(
    session: Session, username: str, address: str | None, user: User | None, reason: str
) -> None:
    throttle.note(session, username=username, address=address, success=False)
    if user is not None:
        user.failed_logins += 1
    audit.record(
        session,
        None,
        "login.failed",
        address=address,
        details={"username": username, "reason": reason},
    )
    raise LoginFailed("login failed")


def _succeed(session: Session, user: User, address: str | None) -> None:
    throttle.note(session, username=user.username, address=address, success=True)
    user.failed_logins = 0
    user.last_login_at = utcnow()
    session.flush()
    audit.record(
        session, actor_for(user, address=address), "login", object_type="user", object_id=user.id
    )


def logout(*, session: Session, actor: Actor, token: str | None) -> None:
    sessions.end(session, token)
    audit.record(session, actor, "logout", object_type="user", object_id=actor.user_id)
