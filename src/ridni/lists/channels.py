"""Channels and their disclosure policies."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from ridni.db.base import utcnow
from ridni.errors import Conflict, Invalid, NotFound
from ridni.lists import permissions as _permissions  # noqa: F401  (declares the actions)
from ridni.lists.fields import normalise_fields
from ridni.lists.models import Channel
from ridni.security import audit
from ridni.security.actors import Actor
from ridni.security.policy import require


def create_channel(
    *,
    session: Session,
    actor: Actor,
    name: str,
    fields: Iterable[str],
    description: str | None = None,
) -> Channel:
    require(actor, "channel.manage")
    name = (name or "").strip()
    if not name or len(name) > 200:
        raise Invalid("a channel needs a name of at most 200 characters", field="name")
    if session.scalar(select(Channel.id).where(Channel.name == name)) is not None:
        raise Conflict(f"channel {name!r} exists")
    channel = Channel(
        name=name,
        description=(description or "").strip() or None,
        allowed_fields=normalise_fields(fields),
        created_by=actor.username,
    )
    session.add(channel)
    session.flush()
    audit.record(
        session,
        actor,
        "channel.create",
        object_type="channel",
        object_id=channel.id,
        details={"name": name, "fields": channel.allowed_fields},
    )
    return channel


def set_channel_fields(
    *, session: Session, actor: Actor, channel_id: int, fields: Iterable[str]
) -> Channel:
    """Change what a channel may receive; versions frozen before keep what they had."""
    require(actor, "channel.manage")
    channel = get_channel(session=session, actor=actor, channel_id=channel_id)
    previous = list(channel.allowed_fields)
    channel.allowed_fields = normalise_fields(fields)
    channel.updated_at = utcnow()
    session.flush()
    audit.record(
        session,
        actor,
        "channel.update",
        object_type="channel",
        object_id=channel.id,
        details={"from": previous, "to": channel.allowed_fields},
    )
    return channel


def list_channels(*, session: Session, actor: Actor) -> list[Channel]:
    require(actor, "channel.view")
    return list(session.scalars(select(Channel).order_by(Channel.name)))


def get_channel(*, session: Session, actor: Actor, channel_id: int) -> Channel:
    require(actor, "channel.view")
    channel = session.get(Channel, channel_id)
    if channel is None:
        raise NotFound(f"no channel {channel_id}")
    return channel


def channel_by_name(*, session: Session, actor: Actor, name: str) -> Channel:
    require(actor, "channel.view")
    channel = session.scalar(select(Channel).where(Channel.name == name))
    if channel is None:
        if name.isdigit():
            return get_channel(session=session, actor=actor, channel_id=int(name))
        raise NotFound(f"no channel {name!r}")
    return channel
