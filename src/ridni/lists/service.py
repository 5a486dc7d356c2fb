"""Negotiation lists: draft from verified cases, keep sibling groups together, freeze versions.

A list belongs to one channel. Drafting picks the cases whose identity is verified (or already
on another list) that fit the filters, adds their verified siblings, and flags a child who is on
another channel's open list. Freezing writes an immutable version holding only the channel's
fields, with the SHA-256 of its canonical JSON, and moves the verified cases to 'on_list'.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from ridni.cases.models import Case
from ridni.cases.service import place_on_list, visible_case_filter
from ridni.db.base import utcnow
from ridni.errors import Conflict, Invalid, NotFound
from ridni.linkage.models import Person
from ridni.lists import content as docs
from ridni.lists import gather
from ridni.lists.channels import get_channel
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

Progress = Callable[[str], None]
DRAFTABLE = ("identity_verified", "on_list")


@dataclass(frozen=True)
class Filters:
    region: str | None = None
    min_age: int | None = None
    max_age: int | None = None
    institution: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in vars(self).items() if v not in (None, "")}

    def validate(self) -> None:
        for name in ("min_age", "max_age"):
            value = getattr(self, name)
            if value is not None and not 0 <= value <= 30:
                raise Invalid("an age must be between 0 and 30", field=name)
        if self.min_age is not None and self.max_age is not None and self.min_age > self.max_age:
            raise Invalid("the minimum age is above the maximum", field="min_age")


@dataclass
class DraftResult:
    list: NegotiationList
    added: int
    with_siblings: int
    flagged: int
    skipped_same_channel: int


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


def _get_list(session: Session, list_id: int) -> NegotiationList:
    found = session.get(NegotiationList, list_id)
    if found is None:
        raise NotFound(f"no list {list_id}")
    return found


def _open_list(session: Session, list_id: int) -> NegotiationList:
    found = _get_list(session, list_id)
    if found.status != "open":
        raise Conflict(f"list {list_id} is closed")
    return found


# --- drafting ----------------------------------------------------------------------------------


def draft_list(
    *,
    session: Session,
    actor: Actor,
    channel_id: int,
    name: str,
    filters: Filters | None = None,
    today: date | None = None,
    say: Progress | None = None,
) -> DraftResult:
    """A new list for ``channel_id`` holding the verified children that fit ``filters``."""
    require(actor, "list.draft")
    filters = filters or Filters()
    filters.validate()
    channel = get_channel(session=session, actor=actor, channel_id=channel_id)
    if not channel.active:
        raise Conflict(f"channel {channel.name} is not active")
    name = (name or "").strip()
    if not name or len(name) > 200:
        raise Invalid("a list needs a name of at most 200 characters", field="name")
    say = say or (lambda _m: None)
    negotiation = NegotiationList(channel_id=channel.id, name=name, filters=filters.as_dict(),
                                  created_by=actor.username)  # fmt: skip
    session.add(negotiation)
    session.flush()
    say("reading verified cases")
    candidates = _candidates(session, actor, channel.id)
    kids = gather.children(session, candidates)
    groups = gather.sibling_groups(kids)
    today = today or date.today()
    chosen = {c for c, kid in kids.items() if docs.matches(kid, today=today, **vars(filters))}
    with_siblings = {c for c in kids if groups.get(c) in {groups.get(x) for x in chosen} - {None}}
    selected = sorted(chosen | with_siblings)
    say(f"adding {len(selected)} children")
    flagged = _add_entries(session, actor, negotiation, selected, kids, groups)
    audit.record(session, actor, "list.draft", object_type="list", object_id=negotiation.id,
                 details={"channel": channel.id, "filters": filters.as_dict(),
                          "added": len(selected)})  # fmt: skip
    skipped = _count_same_channel(session, channel.id, negotiation.id)
    return DraftResult(negotiation, len(selected), len(with_siblings - chosen), flagged, skipped)


def _candidates(session: Session, actor: Actor, channel_id: int) -> list[Case]:
    """Verified cases, except those already on an open list of the same channel."""
    on_same_channel = (
        select(ListEntry.case_id)
        .join(NegotiationList, NegotiationList.id == ListEntry.list_id)
        .where(
            NegotiationList.channel_id == channel_id,
            NegotiationList.status == "open",
            ListEntry.removed_at.is_(None),
        )
    )
    return list(
        session.scalars(
            select(Case)
            .where(Case.status.in_(DRAFTABLE), visible_case_filter(actor))
            .where(Case.id.not_in(on_same_channel))
            .order_by(Case.id)
        )
    )


def _count_same_channel(session: Session, channel_id: int, list_id: int) -> int:
    return int(
        session.scalar(
            select(func.count(func.distinct(ListEntry.case_id)))
            .join(NegotiationList, NegotiationList.id == ListEntry.list_id)
            .join(Case, Case.id == ListEntry.case_id)
            .where(
                NegotiationList.channel_id == channel_id,
                NegotiationList.status == "open",
                NegotiationList.id != list_id,
                ListEntry.removed_at.is_(None),
                Case.status.in_(DRAFTABLE),
            )
        )
        or 0
    )


def _other_lists(session: Session, channel_id: int, case_ids: Sequence[int]) -> dict[int, list[int]]:
    """{case id: ids of other channels' open lists the child is on}."""
    found: dict[int, list[int]] = {}
    for chunk in gather.chunks(list(case_ids)):
        rows = session.execute(
            select(ListEntry.case_id, ListEntry.list_id)
            .join(NegotiationList, NegotiationList.id == ListEntry.list_id)
            .where(
                ListEntry.case_id.in_(chunk),
                ListEntry.removed_at.is_(None),
                NegotiationList.status == "open",
                NegotiationList.channel_id != channel_id,
            )
            .order_by(ListEntry.list_id)
        ).all()
        for case_id, list_id in rows:
            found.setdefault(case_id, []).append(list_id)
    return found


def _add_entries(
    session: Session,
    actor: Actor,
    negotiation: NegotiationList,
    case_ids: Sequence[int],
    kids: dict[int, docs.Child],
    groups: dict[int, int],
) -> int:
    """Insert entries in bulk; returns how many were flagged."""
    others = _other_lists(session, negotiation.channel_id, case_ids)
    person_cases = _cases_of_persons(session, {p for k in kids.values() for p in k.sibling_persons})
    selected = set(case_ids)
    now, rows, flagged = utcnow(), [], 0
    for case_id in case_ids:
        flags: dict[str, Any] = {}
        if others.get(case_id):
            flags["other_lists"] = others[case_id]
        missing = sorted(
            c for p in kids[case_id].sibling_persons for c in person_cases.get(p, [])
            if c not in selected
        )  # fmt: skip
        if missing:
            flags["siblings_not_listed"] = missing
        flagged += bool(flags)
        rows.append({"list_id": negotiation.id, "case_id": case_id,
                     "ref": _ref(negotiation), "sibling_group": groups.get(case_id),
                     "flags": flags or None, "added_by": actor.username, "added_at": now})  # fmt: skip
    if rows:
        session.execute(insert(ListEntry), rows)
    session.flush()
    return flagged


def _cases_of_persons(session: Session, persons: set[int]) -> dict[int, list[int]]:
    """Open cases of the given persons (siblings who have a case but are not listed)."""
    found: dict[int, list[int]] = {}
    for chunk in gather.chunks(sorted(persons)):
        for case_id, person_id in session.execute(
            select(Case.id, Case.person_id).where(
                Case.person_id.in_(chunk), Case.status != "closed"
            )
        ):
            found.setdefault(person_id, []).append(case_id)
    return found


def _ref(negotiation: NegotiationList) -> str:
    number = negotiation.next_ref
    negotiation.next_ref = number + 1
    return f"L{negotiation.id}-{number:05d}"


def add_case(*, session: Session, actor: Actor, list_id: int, case_id: int) -> list[ListEntry]:
    """Put a verified child (and their verified siblings) on a draft; returns the new entries."""
    require(actor, "list.draft")
    negotiation = _open_list(session, list_id)
    case = session.scalar(select(Case).where(Case.id == case_id, visible_case_filter(actor)))
    if case is None:
        raise NotFound(f"no case {case_id}")
    if case.status not in DRAFTABLE:
        raise Conflict(f"case {case_id} is {case.status}; only verified children go on lists")
    present = _active_case_ids(session, list_id)
    if case_id in present:
        raise Conflict(f"case {case_id} is on this list already")
    candidates = _candidates(session, actor, negotiation.channel_id)
    kids = gather.children(session, candidates + [case] if case not in candidates else candidates)
    groups = gather.sibling_groups(kids)
    group = groups.get(case_id)
    new = sorted({case_id} | {c for c, g in groups.items() if group is not None and g == group})
    new = [c for c in new if c not in present]
    _reactivate_or_add(session, actor, negotiation, new, kids, groups)
    audit.record(session, actor, "list.add", object_type="list", object_id=list_id,
                 details={"cases": new})  # fmt: skip
    return list(
        session.scalars(select(ListEntry).where(ListEntry.list_id == list_id,
                                                ListEntry.case_id.in_(new)))
    )  # fmt: skip


def _reactivate_or_add(
    session: Session,
    actor: Actor,
    negotiation: NegotiationList,
    case_ids: list[int],
    kids: dict[int, docs.Child],
    groups: dict[int, int],
) -> None:
    removed = {
        e.case_id: e
        for e in session.scalars(
            select(ListEntry).where(
                ListEntry.list_id == negotiation.id, ListEntry.case_id.in_(case_ids)
            )
        )
    }
    for entry in removed.values():  # back on the list: keep its reference
        entry.removed_at = entry.removed_by = entry.removed_reason = None
        entry.sibling_group = groups.get(entry.case_id)
    fresh = [c for c in case_ids if c not in removed]
    _add_entries(session, actor, negotiation, fresh, kids, groups)


def _active_case_ids(session: Session, list_id: int) -> set[int]:
    return set(
        session.scalars(
            select(ListEntry.case_id).where(
                ListEntry.list_id == list_id, ListEntry.removed_at.is_(None)
            )
        )
    )


def remove_entry(
    *,
    session: Session,
    actor: Actor,
    list_id: int,
    entry_id: int,
    reason: str,
    split_siblings: bool = False,
) -> list[ListEntry]:
    """Take a child off a draft. Siblings go together unless ``split_siblings`` is given
    explicitly (with the reason, which is kept)."""
    require(actor, "list.draft")
    _open_list(session, list_id)
    reason = (reason or "").strip()
    if not reason:
        raise Invalid("removing a child needs a reason", field="reason")
    entry = session.get(ListEntry, entry_id)
    if entry is None or entry.list_id != list_id or entry.removed_at is not None:
        raise NotFound(f"no entry {entry_id} on list {list_id}")
    group = [entry]
    if entry.sibling_group is not None:
        group = list(
            session.scalars(
                select(ListEntry).where(
                    ListEntry.list_id == list_id,
                    ListEntry.sibling_group == entry.sibling_group,
                    ListEntry.removed_at.is_(None),
                )
            )
        )
    targets = [entry] if split_siblings else group
    now = utcnow()
    for target in targets:
        target.removed_at, target.removed_by = now, actor.username
        target.removed_reason = reason + (" [siblings split]" if split_siblings and len(group) > 1 else "")
    session.flush()
    audit.record(session, actor, "list.remove", object_type="list", object_id=list_id,
                 details={"entries": [t.id for t in targets], "reason": reason,
                          "split_siblings": split_siblings})  # fmt: skip
    return targets


def sibling_check(session: Session, list_id: int) -> list[int]:
    """Sibling groups of the draft that were split (for the page to say so)."""
    rows = session.execute(
        select(ListEntry.sibling_group, ListEntry.removed_at).where(
            ListEntry.list_id == list_id, ListEntry.sibling_group.is_not(None)
        )
    ).all()
    state: dict[int, set[bool]] = {}
    for group, removed in rows:
        state.setdefault(group, set()).add(removed is None)
    return sorted(g for g, s in state.items() if s == {True, False})


# --- freezing ----------------------------------------------------------------------------------


def freeze_list(
    *, session: Session, actor: Actor, list_id: int, say: Progress | None = None
) -> ListVersion:
    """Freeze the draft as the next version: only the channel's fields, hashed, immutable."""
    require(actor, "list.freeze")
    say = say or (lambda _m: None)
    negotiation = _open_list(session, list_id)
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
    document = docs.document(list_id=list_id, list_name=negotiation.name, channel_id=channel.id,
                             channel_name=channel.name, version=number,
                             fields=channel.allowed_fields, rows=rows)  # fmt: skip
    version = ListVersion(list_id=list_id, number=number, content=document,
                          content_hash=docs.content_hash(document), n_entries=len(rows),
                          frozen_by=actor.username)  # fmt: skip
    session.add(version)
    session.flush()
    session.execute(
        insert(ListVersionEntry),
        [{"version_id": version.id, "ref": e.ref, "case_id": e.case_id} for e in entries],
    )
    say("moving cases to 'on list'")
    moved = place_on_list(session=session, actor=actor, case_ids=[e.case_id for e in entries],
                          reason=f"on list {negotiation.name} (version {number})",
                          details={"list": list_id, "version": number})  # fmt: skip
    audit.record(session, actor, "list.freeze", object_type="list", object_id=list_id,
                 details={"version": number, "entries": len(rows),
                          "hash": version.content_hash, "cases_moved": moved})  # fmt: skip
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
    negotiation = _open_list(session, list_id)
    if not (reason or "").strip():
        raise Invalid("closing a list needs a reason", field="reason")
    negotiation.status, negotiation.closed_by, negotiation.closed_at = (
        "closed", actor.username, utcnow()
    )  # fmt: skip
    session.flush()
    audit.record(session, actor, "list.close", object_type="list", object_id=list_id,
                 details={"reason": reason.strip()})  # fmt: skip
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
    negotiation = _get_list(session, list_id)
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
