"""The statistics page: children by status, returns over time by channel, open lists and their
replies, cases per caseworker. Every number is a COUNT over the tables, in the actor's scope."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ridni.cases.models import Case
from ridni.cases.service import visible_case_filter
from ridni.cases.workflow import STATUSES
from ridni.lists import permissions as _permissions  # noqa: F401  (declares the actions)
from ridni.lists.models import Channel, ListReply, ListVersion, ListVersionEntry, NegotiationList
from ridni.security import audit
from ridni.security.actors import Actor
from ridni.security.policy import can, require


@dataclass(frozen=True)
class OpenList:
    id: int
    name: str
    channel: str
    versions: int
    sent: int  # children on the latest version
    replied: int  # of those, how many have an answer
    outcomes: dict[str, int]


@dataclass
class Stats:
    total: int
    by_status: dict[str, int]
    # (month 'YYYY-MM', channel name, returns)
    returns: list[tuple[str, str, int]]
    open_lists: list[OpenList]
    # (caseworker or None for unassigned, {status: count}) over open cases
    per_caseworker: list[tuple[str | None, dict[str, int]]] = field(default_factory=list)

    @property
    def channels(self) -> list[str]:
        return sorted({c for _, c, _ in self.returns})

    @property
    def months(self) -> list[str]:
        return sorted({m for m, _, _ in self.returns})


def case_stats(*, session: Session, actor: Actor) -> Stats:
    require(actor, "stats.view")
    scope = visible_case_filter(actor)
    by_status = {s: 0 for s in STATUSES}
    for status, n in session.execute(
        select(Case.status, func.count()).where(scope).group_by(Case.status)
    ):
        by_status[status] = int(n)
    stats = Stats(
        total=sum(by_status.values()),
        by_status=by_status,
        returns=_returns(session, actor),
        open_lists=_open_lists(session) if can(actor, "list.view") else [],
        per_caseworker=_per_caseworker(session, actor),
    )
    audit.record(session, actor, "stats.view", object_type="stats")
    return stats


def _returns(session: Session, actor: Actor) -> list[tuple[str, str, int]]:
    rows = session.execute(
        select(Case.return_date, Channel.name)
        .join(Channel, Channel.id == Case.return_channel_id)
        .where(Case.return_date.is_not(None), visible_case_filter(actor))
    ).all()
    counts: dict[tuple[str, str], int] = {}
    for when, channel in rows:
        key = (f"{when:%Y-%m}", channel)
        counts[key] = counts.get(key, 0) + 1
    return [(m, c, n) for (m, c), n in sorted(counts.items())]


def _open_lists(session: Session) -> list[OpenList]:
    out = []
    rows = session.execute(
        select(NegotiationList, Channel.name)
        .join(Channel, Channel.id == NegotiationList.channel_id)
        .where(NegotiationList.status == "open")
        .order_by(NegotiationList.id)
    ).all()
    for negotiation, channel in rows:
        latest = session.scalar(
            select(ListVersion)
            .where(ListVersion.list_id == negotiation.id)
            .order_by(ListVersion.number.desc())
            .limit(1)
        )
        versions = session.scalar(select(func.count()).where(ListVersion.list_id == negotiation.id))
        sent = replied = 0
        outcomes: dict[str, int] = {}
        if latest is not None:
            sent = int(
                session.scalar(select(func.count()).where(ListVersionEntry.version_id == latest.id))
                or 0
            )
            replied = int(
                session.scalar(
                    select(func.count(func.distinct(ListReply.ref))).where(
                        ListReply.version_id == latest.id
                    )
                )
                or 0
            )
            outcomes = _latest_outcomes(session, latest.id)
        out.append(
            OpenList(
                negotiation.id,
                negotiation.name,
                channel,
                int(versions or 0),
                sent,
                replied,
                outcomes,
            )
        )
    return out


def _latest_outcomes(session: Session, version_id: int) -> dict[str, int]:
    """Outcome counts, the latest reply of each child counting once."""
    latest: dict[str, str] = {}
    for ref, outcome in session.execute(
        select(ListReply.ref, ListReply.outcome)
        .where(ListReply.version_id == version_id)
        .order_by(ListReply.id)
    ):
        latest[ref] = outcome
    counts: dict[str, int] = {}
    for outcome in latest.values():
        counts[outcome] = counts.get(outcome, 0) + 1
    return dict(sorted(counts.items()))


def _per_caseworker(session: Session, actor: Actor) -> list[tuple[str | None, dict[str, int]]]:
    table: dict[str | None, dict[str, int]] = {}
    for who, status, n in session.execute(
        select(Case.assigned_to, Case.status, func.count())
        .where(Case.status != "closed", visible_case_filter(actor))
        .group_by(Case.assigned_to, Case.status)
    ):
        table.setdefault(who, {})[status] = int(n)
    return sorted(table.items(), key=lambda item: (item[0] is None, item[0] or ""))
