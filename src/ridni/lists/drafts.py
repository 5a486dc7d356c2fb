"""Drafting a negotiation list: verified children that fit the filters, their verified
siblings with them, flags for a child on another channel's open list or with unlisted siblings;
adding and removing children (siblings go together unless split on purpose, with a reason)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from ridni.cases.models import Case
from ridni.cases.service import visible_case_filter
from ridni.db.base import utcnow
from ridni.errors import Conflict, Invalid, NotFound
from ridni.lists import content as docs
from ridni.lists import gather
from ridni.lists.channels import get_channel
from ridni.lists.models import ListEntry, NegotiationList
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


def load_list(session: Session, list_id: int) -> NegotiationList:
    found = session.get(NegotiationList, list_id)
    if found is None:
        raise NotFound(f"no list {list_id}")
    return found


def load_open_list(session: Session, list_id: int) -> NegotiationList:
    found = load_list(session, list_id)
    if found.status != "open":
        raise Conflict(f"list {list_id} is closed")
    return found


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
    negotiation = NegotiationList(
        channel_id=channel.id, name=name, filters=filters.as_dict(), created_by=actor.username
    )
    session.add(negotiation)
    session.flush()
    say("reading verified cases")
    candidates = _candidates(session, actor, channel.id)
    kids = gather.children(session, candidates)
    groups = gather.sibling_groups(kids)
    today = today or date.today()
    chosen = {c for c, kid in kids.items() if docs.matches(kid, today=today, **vars(filters))}
    chosen_groups = {groups[c] for c in chosen if c in groups}
    with_siblings = {c for c in kids if groups.get(c) in chosen_groups}
    selected = sorted(chosen | with_siblings)
    say(f"adding {len(selected)} children")
    flagged = _add_entries(session, actor, negotiation, selected, kids, groups)
    audit.record(
        session,
        actor,
        "list.draft",
        object_type="list",
        object_id=negotiation.id,
        details={"channel": channel.id, "filters": filters.as_dict(), "added": len(selected)},
    )
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


def _other_lists(
    session: Session, channel_id: int, case_ids: Sequence[int]
) -> dict[int, list[int]]:
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
            c
            for p in kids[case_id].sibling_persons
            for c in person_cases.get(p, [])
            if c not in selected
        )
        if missing:
            flags["siblings_not_listed"] = missing
        flagged += bool(flags)
        rows.append(
            {
                "list_id": negotiation.id,
                "case_id": case_id,
                "ref": _ref(negotiation),
                "sibling_group": groups.get(case_id),
                "flags": flags or None,
                "added_by": actor.username,
                "added_at": now,
            }
        )
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
    negotiation = load_open_list(session, list_id)
    case = session.scalar(select(Case).where(Case.id == case_id, visible_case_filter(actor)))
    if case is None:
        raise NotFound(f"no case {case_id}")
    if case.status not in DRAFTABLE:
        raise Conflict(f"case {case_id} is {case.status}; only verified children go on lists")
    present = _active_case_ids(session, list_id)
    if case_id in present:
        raise Conflict(f"case {case_id} is on this list already")
    candidates = _candidates(session, actor, negotiation.channel_id)
    if case not in candidates:
        candidates = [*candidates, case]
    kids = gather.children(session, candidates)
    groups = gather.sibling_groups(kids)
    group = groups.get(case_id)
    new = sorted({case_id} | {c for c, g in groups.items() if group is not None and g == group})
    new = [c for c in new if c not in present]
    _reactivate_or_add(session, actor, negotiation, new, kids, groups)
    audit.record(
        session, actor, "list.add", object_type="list", object_id=list_id, details={"cases": new}
    )
    return list(
        session.scalars(
            select(ListEntry).where(ListEntry.list_id == list_id, ListEntry.case_id.in_(new))
        )
    )


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
    load_open_list(session, list_id)
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
        target.removed_reason = reason + (
            " [siblings split]" if split_siblings and len(group) > 1 else ""
        )
    session.flush()
    audit.record(
        session,
        actor,
        "list.remove",
        object_type="list",
        object_id=list_id,
        details={
            "entries": [t.id for t in targets],
            "reason": reason,
            "split_siblings": split_siblings,
        },
    )
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
