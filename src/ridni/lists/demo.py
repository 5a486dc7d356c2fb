"""The demo's case work on a linked synthetic registry: cases at every stage, two channels with
different disclosure policies, a frozen list with a reply (returns for the statistics page) and
a draft list waiting for the negotiator. Every step goes through the services, as a user would.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ridni.cases import review, service, work
from ridni.cases.models import Case
from ridni.cases.sides import RU_KINDS, UA_KINDS
from ridni.errors import Conflict
from ridni.ingest.models import Source, SourceRecord
from ridni.linkage.models import LinkDecision, Person, PersonRecord
from ridni.lists import service as lists
from ridni.lists.channels import create_channel
from ridni.lists.fields import PRESETS
from ridni.lists.models import Channel
from ridni.lists.replies import reconcile
from ridni.security import accounts
from ridni.security.actors import SYSTEM, Actor
from ridni.security.models import User

CHANNEL_NARROW = "Mediator A (demo): names and dates of birth"
CHANNEL_WIDE = "Mediator B (demo): places and siblings"
Say = Callable[[str], None]


@dataclass
class DemoResult:
    cases: int
    verified: int
    frozen_list: int
    draft_list: int
    returned: int


def _demo_actor(session: Session, username: str, fallback_role: str) -> Actor:
    """The demo user of that name (``ridni demo-users``), else a named system stand-in."""
    user = session.scalar(select(User).where(User.username == username, User.disabled.is_(False)))
    if user is not None:
        return accounts.actor_for(user, address="demo")
    return Actor(username=f"demo-{username}", role=fallback_role, address="demo")


def _cross_side_persons(session: Session, limit: int) -> list[tuple[int, int, int]]:
    """(person, a Ukrainian-side record, a Russian-side record) for persons holding both."""
    ua = (
        select(PersonRecord.person_id, func.min(SourceRecord.id).label("pk"))
        .join(SourceRecord, SourceRecord.id == PersonRecord.record_pk)
        .join(Source, Source.id == SourceRecord.source_id)
        .where(Source.kind.in_(UA_KINDS))
        .group_by(PersonRecord.person_id)
        .subquery()
    )
    ru = (
        select(PersonRecord.person_id, func.min(SourceRecord.id).label("pk"))
        .join(SourceRecord, SourceRecord.id == PersonRecord.record_pk)
        .join(Source, Source.id == SourceRecord.source_id)
        .where(Source.kind.in_(RU_KINDS))
        .group_by(PersonRecord.person_id)
        .subquery()
    )
    has_case = select(Case.person_id)
    rows = session.execute(
        select(Person.id, ua.c.pk, ru.c.pk)
        .join(ua, ua.c.person_id == Person.id)
        .join(ru, ru.c.person_id == Person.id)
        .where(Person.status == "active", Person.id.not_in(has_case))
        .order_by(Person.id)
        .limit(limit)
    ).all()
    return [(p, a, b) for p, a, b in rows]


def build_demo(
    *, session: Session, actor: Actor = SYSTEM, n_cases: int = 36, say: Say | None = None
) -> DemoResult:
    """Cases for ``n_cases`` children found on both sides, channels, a frozen and a draft list."""
    say = say or (lambda _m: None)
    if session.scalar(select(Channel.id).where(Channel.name == CHANNEL_NARROW)) is not None:
        raise Conflict("the demo's cases and lists exist already")
    children = _cross_side_persons(session, n_cases)
    if len(children) < 8:
        raise Conflict("too few children with records on both sides: link the registry first")
    people = {
        "caseworker": _demo_actor(session, "caseworker", "caseworker"),
        "reviewer": _demo_actor(session, "reviewer", "reviewer"),
        "admin": _demo_actor(session, "admin", "admin"),
        "negotiator": _demo_actor(session, "negotiator", "negotiator"),
    }
    assignee = people["caseworker"].username if people["caseworker"].user_id else None
    say(f"opening {len(children)} cases")
    verified = []
    for index, (person_id, ua_pk, ru_pk) in enumerate(children):
        case = service.open_case(
            session=session,
            actor=people["caseworker"],
            person_id=person_id,
            summary="Reported missing by a relative (synthetic demo).",
            assigned_to=assignee,
        )
        if index % 6 == 5:
            continue  # some stay 'reported'
        _locate(session, people["caseworker"], case, ru_pk)
        if index % 6 == 4:
            continue  # some stay 'located'
        _verify(session, people, case, ua_pk, ru_pk, by_evidence=index % 3 == 0)
        verified.append(case.id)
    say("creating channels and lists")
    narrow = create_channel(
        session=session,
        actor=actor,
        name=CHANNEL_NARROW,
        fields=PRESETS["names_and_dates"],
        description="Receives names and dates of birth only.",
    )
    wide = create_channel(
        session=session,
        actor=actor,
        name=CHANNEL_WIDE,
        fields=PRESETS["places_and_siblings"],
        description="Also receives places, institutions and siblings.",
    )
    frozen_id, returned = _frozen_list_with_reply(
        session, people["negotiator"], narrow.id, verified
    )
    draft = lists.draft_list(
        session=session,
        actor=people["negotiator"],
        channel_id=wide.id,
        name="Mediator B — first list (draft)",
    )
    return DemoResult(len(children), len(verified), frozen_id, draft.list.id, returned)


def _locate(session: Session, actor: Actor, case: Case, ru_pk: int) -> None:
    record = session.get(SourceRecord, ru_pk)
    assert record is not None
    place = ", ".join(p for p in (record.institution, record.last_known_place) if p)
    service.set_location(
        session=session,
        actor=actor,
        case_id=case.id,
        location=place or "named on the counterpart list",
    )
    service.move_case(
        session=session,
        actor=actor,
        case_id=case.id,
        to="located",
        reason="The child is on a Russian-side list.",
    )


def _verify(
    session: Session,
    people: dict[str, Actor],
    case: Case,
    ua_pk: int,
    ru_pk: int,
    *,
    by_evidence: bool,
) -> None:
    if by_evidence:
        work.add_evidence(
            session=session,
            actor=people["caseworker"],
            case_id=case.id,
            kind="document",
            description="Copy of the birth certificate (demo).",
        )
        verifier = people["admin"]
    else:
        for who in ("reviewer", "admin"):
            if not _confirmed_by(session, ua_pk, ru_pk, people[who].username):
                review.decide(
                    session=session,
                    actor=people[who],
                    record_a=ua_pk,
                    record_b=ru_pk,
                    decision="confirm",
                    reason="Same child on both sides (demo).",
                )
        verifier = people["caseworker"]
    service.move_case(
        session=session,
        actor=verifier,
        case_id=case.id,
        to="identity_verified",
        reason="Confirmed by two people (demo).",
    )


def _confirmed_by(session: Session, a: int, b: int, username: str) -> bool:
    low, high = sorted((a, b))
    return (
        session.scalar(
            select(LinkDecision.id).where(
                LinkDecision.record_a == low,
                LinkDecision.record_b == high,
                LinkDecision.decided_by == username,
                LinkDecision.decision == "confirm",
            )
        )
        is not None
    )


def _frozen_list_with_reply(
    session: Session, negotiator: Actor, channel_id: int, verified: list[int]
) -> tuple[int, int]:
    """A first list of a third of the verified children, frozen, answered: some came home."""
    first = lists.draft_list(
        session=session, actor=negotiator, channel_id=channel_id, name="Mediator A — list 1"
    )
    view = lists.list_detail(session=session, actor=negotiator, list_id=first.list.id, limit=1000)
    keep = {c for c in verified[: max(4, len(verified) // 3)]}
    groups_kept = {e.entry.sibling_group for e in view.entries if e.entry.case_id in keep}
    for row in view.entries:
        entry = row.entry
        if (
            entry.case_id not in keep
            and entry.removed_at is None
            and (entry.sibling_group is None or entry.sibling_group not in groups_kept)
        ):
            lists.remove_entry(
                session=session,
                actor=negotiator,
                list_id=first.list.id,
                entry_id=entry.id,
                reason="Next list (demo).",
            )
    version = lists.freeze_list(session=session, actor=negotiator, list_id=first.list.id)
    rows = version.content["rows"]
    today = date.today()
    outcomes = ["returned", "returned", "found", "refuses", "returned", "not_found"]
    lines = ["ref,outcome,date,note"]
    for i, row in enumerate(rows):
        outcome = outcomes[i % len(outcomes)]
        when = today - timedelta(days=30 * (i % 5) + 3) if outcome == "returned" else None
        lines.append(f"{row['ref']},{outcome},{when or ''},demo reply")
    result = reconcile(
        session=session,
        actor=negotiator,
        list_id=first.list.id,
        number=1,
        data="\n".join(lines).encode(),
        file_name="demo-reply.csv",
    )
    return first.list.id, result.outcomes.get("returned", 0)
