"""Sharing a person with a partner organisation that did not contribute any of its records."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ridni.db.base import utcnow
from ridni.errors import Conflict, NotFound
from ridni.linkage.models import Person
from ridni.security import audit
from ridni.security.actors import Actor
from ridni.security.models import Organisation, Share
from ridni.security.policy import require


def share_person(
    *, session: Session, actor: Actor, person_id: int, organisation: str, reason: str | None = None
) -> Share:
    """Make a person (all its records, redacted by role) visible to ``organisation``."""
    require(actor, "share.create")
    if session.get(Person, person_id) is None:
        raise NotFound(f"no person {person_id}")
    org = session.scalar(select(Organisation).where(Organisation.name == organisation))
    if org is None:
        raise NotFound(f"no organisation {organisation!r}")
    existing = session.scalar(
        select(Share).where(
            Share.person_id == person_id,
            Share.organisation_id == org.id,
            Share.revoked_at.is_(None),
        )
    )
    if existing is not None:
        raise Conflict(f"person {person_id} is already shared with {organisation}")
    share = Share(
        organisation_id=org.id, person_id=person_id, reason=reason, shared_by=actor.username
    )
    session.add(share)
    session.flush()
    audit.record(
        session,
        actor,
        "share.create",
        object_type="person",
        object_id=person_id,
        details={"organisation": organisation, "reason": reason},
    )
    return share


def revoke_share(*, session: Session, actor: Actor, share_id: int) -> Share:
    require(actor, "share.create")
    share = session.get(Share, share_id)
    if share is None:
        raise NotFound(f"no share {share_id}")
    if share.revoked_at is None:
        share.revoked_at = utcnow()
        session.flush()
        audit.record(
            session,
            actor,
            "share.revoke",
            object_type="person",
            object_id=share.person_id,
            details={"share": share_id},
        )
    return share


def shares_of(*, session: Session, actor: Actor, person_id: int) -> list[tuple[Share, str]]:
    """Live shares of a person, with the organisation's name (for the person page)."""
    require(actor, "share.create")
    rows = session.execute(
        select(Share, Organisation.name)
        .join(Organisation, Organisation.id == Share.organisation_id)
        .where(Share.person_id == person_id, Share.revoked_at.is_(None))
        .order_by(Organisation.name)
    ).all()
    return [(s, n) for s, n in rows]


def partner_organisations(*, session: Session, actor: Actor) -> list[str]:
    """Organisations that have partner users (the ones a person can be shared with)."""
    require(actor, "share.create")
    from ridni.security.models import User

    rows = session.scalars(
        select(Organisation.name)
        .join(User, User.organisation_id == Organisation.id)
        .where(User.role == "partner")
        .distinct()
        .order_by(Organisation.name)
    )
    return list(rows)
