"""Negotiation lists: freeze versions, close lists, read them. Drafting is ``drafts``
(re-exported here, so ``service`` is the room's one entry point).

A list belongs to one channel. Freezing writes an immutable version holding only the channel's
fields, with the SHA-256 of its canonical JSON, and moves the verified cases to 'on_list'.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from ridni.cases.models import Case
from ridni.cases.service import place_on_list
from ridni.db.base import utcnow
from ridni.errors import Conflict, Invalid, NotFound
from ridni.linkage.models import Person
from ridni.lists import content as docs
from ridni.lists import gather
from ridni.lists.drafts import (
    DRAFTABLE,
    DraftResult,
    Filters,
    Progress,
    add_case,
    draft_list,
    load_list,
    load_open_list,
    remove_entry,
    sibling_check,
)
from ridni.lists.models import (
    Channel,
    ListEntry,
    ListReply,
    ListVersion,
    ListVersionEntry,
    NegotiationList,
)
from ridni.security import audit
from ridni.security.actors import Actor
from ridni.security.policy import require


@dataclass
class EntryRow:
    entry: ListEntry
    case_status: str
    name: str | None
    birth_date: str | None


@dataclass
class ListView:
    list: NegotiationList
    channel: Channel
    entries: list[EntryRow]
    n_entries: int
    versions: list[ListVersion]
    replies: dict[int, dict[str, int]] = field(default_factory=dict)


# --- freezing ----------------------------------------------------------------------------------


def freeze_list(
    *, session: Session, actor: Actor, list_id: int, say: Progress | None = None
) -> ListVersion:
    """Freeze the draft as the next version: only the channel's fields, hashed, immutable."""
    require(actor, "list.freeze")
    say = say or (lambda _m: None)
    negotiation = load_open_list(session, list_id)
    channel = session.get(Channel, negotiation.channel_id)
    assert channel is not None
    entries = list(
        session.scalars(
            select(ListEntry)
            .where(ListEntry.list_id == list_id, ListEntry.removed_at.is_(None))
            .order_by(ListEntry.ref)
        )
    )
    if not entries:
        raise Invalid("the list is empty; add children before freezing", field="list")
    say(f"reading {len(entries)} children")
    cases = {c.id: c for c in _cases(session, [e.case_id for e in entries])}
    not_ready = sorted(c.id for c in cases.values() if c.status not in DRAFTABLE)
    if not_ready:
        raise Conflict(f"cases {not_ready[:10]} are no longer verified; remove them first")
    kids = gather.children(session, list(cases.values()))
    rows = _rows(entries, kids, channel.allowed_fields)
    number = 1 + int(
        session.scalar(select(func.max(ListVersion.number)).where(ListVersion.list_id == list_id))
        or 0
    )
    document = docs.document(
        list_id=list_id,
        list_name=negotiation.name,
        channel_id=channel.id,
        channel_name=channel.name,
        version=number,
        fields=channel.allowed_fields,
        rows=rows,
    )
    version = ListVersion(
        list_id=list_id,
        number=number,
        content=document,
        content_hash=docs.content_hash(document),
        n_entries=len(rows),
        frozen_by=actor.username,
    )
    session.add(version)
    session.flush()
    session.execute(
        insert(ListVersionEntry),
        [{"version_id": version.id, "ref": e.ref, "case_id": e.case_id} for e in entries],
    )
    say("moving cases to 'on list'")
    moved = place_on_list(
        session=session,
        actor=actor,
        case_ids=[e.case_id for e in entries],
        reason=f"on list {negotiation.name} (version {number})",
        details={"list": list_id, "version": number},
    )
    audit.record(
        session,
        actor,
        "list.freeze",
        object_type="list",
        object_id=list_id,
        details={
            "version": number,
            "entries": len(rows),
            "hash": version.content_hash,
            "cases_moved": moved,
        },
    )
    return version


def _cases(session: Session, ids: Sequence[int]) -> list[Case]:
    found: list[Case] = []
    for chunk in gather.chunks(sorted(ids)):
        found += list(session.scalars(select(Case).where(Case.id.in_(chunk))))
    return found


def _rows(
    entries: Sequence[ListEntry], kids: dict[int, docs.Child], fields: Sequence[str]
) -> list[dict[str, str]]:
    """The channel's view of each entry; siblings next to each other."""
    values = {e.case_id: docs.child_values(kids[e.case_id]) for e in entries}
    by_group: dict[int, list[ListEntry]] = {}
    for entry in entries:
        if entry.sibling_group is not None:
            by_group.setdefault(entry.sibling_group, []).append(entry)
    ordered = sorted(entries, key=lambda e: (_group_key(e, by_group), e.ref))
    rows = []
    for entry in ordered:
        row = dict(values[entry.case_id], ref=entry.ref)
        others = [s for s in by_group.get(entry.sibling_group or -1, []) if s.ref != entry.ref]
        row["siblings"] = docs.sibling_text(
            (s.ref, values[s.case_id]["given_name"]) for s in sorted(others, key=lambda s: s.ref)
        )
        rows.append(docs.project(row, fields))
    return rows


def _group_key(entry: ListEntry, by_group: dict[int, list[ListEntry]]) -> str:
    members = by_group.get(entry.sibling_group or -1)
    return min(m.ref for m in members) if members else entry.ref


def close_list(*, session: Session, actor: Actor, list_id: int, reason: str) -> NegotiationList:
    require(actor, "list.draft")
    negotiation = load_open_list(session, list_id)
    if not (reason or "").strip():
        raise Invalid("closing a list needs a reason", field="reason")
    negotiation.status, negotiation.closed_by, negotiation.closed_at = (
        "closed",
        actor.username,
        utcnow(),
    )
    session.flush()
    audit.record(
        session,
        actor,
        "list.close",
        object_type="list",
        object_id=list_id,
        details={"reason": reason.strip()},
    )
    return negotiation


# --- reading -----------------------------------------------------------------------------------


def list_lists(
    *, session: Session, actor: Actor, status: str | None = None
) -> list[tuple[NegotiationList, Channel, int, int]]:
    """(list, channel, active entries, versions), newest first."""
    require(actor, "list.view")
    entries = (
        select(func.count(ListEntry.id))
        .where(ListEntry.list_id == NegotiationList.id, ListEntry.removed_at.is_(None))
        .scalar_subquery()
    )
    versions = (
        select(func.count(ListVersion.id))
        .where(ListVersion.list_id == NegotiationList.id)
        .scalar_subquery()
    )
    stmt = select(NegotiationList, Channel, entries, versions).join(
        Channel, Channel.id == NegotiationList.channel_id
    )
    if status:
        stmt = stmt.where(NegotiationList.status == status)
    rows = session.execute(stmt.order_by(NegotiationList.id.desc())).all()
    return [(n, c, int(e or 0), int(v or 0)) for n, c, e, v in rows]


def list_detail(
    *, session: Session, actor: Actor, list_id: int, limit: int = 200, offset: int = 0
) -> ListView:
    """The list with one page of its entries, its versions and the replies per version."""
    require(actor, "list.view")
    negotiation = load_list(session, list_id)
    channel = session.get(Channel, negotiation.channel_id)
    assert channel is not None
    active = (ListEntry.list_id == list_id, ListEntry.removed_at.is_(None))
    n_entries = int(session.scalar(select(func.count(ListEntry.id)).where(*active)) or 0)
    rows = session.execute(
        select(ListEntry, Case.status, Person.display_name, Person.birth_date)
        .join(Case, Case.id == ListEntry.case_id)
        .join(Person, Person.id == Case.person_id)
        .where(*active)
        .order_by(ListEntry.ref)
        .limit(max(1, min(limit, 1000)))
        .offset(max(0, offset))
    ).all()
    versions = list(
        session.scalars(
            select(ListVersion).where(ListVersion.list_id == list_id).order_by(ListVersion.number)
        )
    )
    audit.record(session, actor, "list.view", object_type="list", object_id=list_id)
    return ListView(
        list=negotiation,
        channel=channel,
        entries=[EntryRow(e, s, n, b) for e, s, n, b in rows],
        n_entries=n_entries,
        versions=versions,
        replies=_reply_counts(session, [v.id for v in versions]),
    )


def _reply_counts(session: Session, version_ids: list[int]) -> dict[int, dict[str, int]]:
    counts: dict[int, dict[str, int]] = {v: {} for v in version_ids}
    if version_ids:
        for version_id, outcome, n in session.execute(
            select(ListReply.version_id, ListReply.outcome, func.count())
            .where(ListReply.version_id.in_(version_ids))
            .group_by(ListReply.version_id, ListReply.outcome)
        ):
            counts[version_id][outcome] = int(n)
    return counts


def get_version(*, session: Session, actor: Actor, list_id: int, number: int) -> ListVersion:
    require(actor, "list.view")
    version = session.scalar(
        select(ListVersion).where(ListVersion.list_id == list_id, ListVersion.number == number)
    )
    if version is None:
        raise NotFound(f"list {list_id} has no version {number}")
    return version


def lists_for_case(
    *, session: Session, actor: Actor, case_id: int
) -> list[tuple[NegotiationList, Channel, ListEntry]]:
    """The lists a child is (or was) on, for the case page."""
    require(actor, "list.view")
    rows = session.execute(
        select(NegotiationList, Channel, ListEntry)
        .join(ListEntry, ListEntry.list_id == NegotiationList.id)
        .join(Channel, Channel.id == NegotiationList.channel_id)
        .where(ListEntry.case_id == case_id)
        .order_by(NegotiationList.id)
    ).all()
    return [(n, c, e) for n, c, e in rows]


def replies_for_case(*, session: Session, actor: Actor, case_id: int) -> list[ListReply]:
    require(actor, "list.view")
    return list(
        session.scalars(
            select(ListReply).where(ListReply.case_id == case_id).order_by(ListReply.id)
        )
    )


__all__ = [
    "DRAFTABLE",
    "DraftResult",
    "EntryRow",
    "Filters",
    "ListView",
    "add_case",
    "close_list",
    "draft_list",
    "freeze_list",
    "get_version",
    "list_detail",
    "list_lists",
    "lists_for_case",
    "remove_entry",
    "replies_for_case",
    "sibling_check",
]
