"""Human decisions on pairs of records, and what they do to persons at once.

A decision is never updated or deleted; a later decision on the same pair supersedes it. After a
decision the persons holding the two records are re-clustered locally (their stored links plus
every decision among their records), so persons reflect the decision immediately, and every later
linking run honours it too (see ``latest_decisions``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations, pairwise

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from ridni.errors import Invalid, NotFound
from ridni.ingest.models import Source, SourceRecord
from ridni.linkage.cluster import CLEAN_KINDS, ClusterRules, RecordInfo, cluster
from ridni.linkage.models import (
    Link,
    LinkageRun,
    LinkDecision,
    PersonRecord,
    RecordFeatures,
    SexDecision,
)
from ridni.linkage.persist import RecordSummary, save_persons
from ridni.security import audit
from ridni.security.actors import Actor
from ridni.security.policy import allow, require, visible_records_filter

DECISIONS = ("confirm", "reject")
# A record's sex: "wrong" (ticked wrongly: linking reads the other sex); "right" withdraws an
# earlier "wrong".
SEX_VERDICTS = ("wrong", "right")
OTHER_SEX = {"M": "F", "F": "M"}

allow("link.decide", "admin", "reviewer", description="Confirm or reject a link, split or merge")


@dataclass(frozen=True)
class DecisionResult:
    decisions: list[int]
    persons: list[int]  # the persons now holding the records concerned


def decide(
    *, session: Session, actor: Actor, record_a: int, record_b: int, decision: str, reason: str
) -> DecisionResult:
    """Confirm or reject that two records are the same child."""
    require(actor, "link.decide")
    ids = [_record_decision(session, actor, record_a, record_b, decision, reason)]
    return DecisionResult(ids, _recluster(session, [record_a, record_b]))


def merge_persons(
    *, session: Session, actor: Actor, person_a: int, person_b: int, reason: str
) -> DecisionResult:
    """Two persons are one child: confirm their strongest link (or their first records)."""
    require(actor, "link.decide")
    left, right = _members(session, person_a), _members(session, person_b)
    link = session.execute(
        select(Link.record_a, Link.record_b)
        .where(
            or_(
                Link.record_a.in_(left) & Link.record_b.in_(right),
                Link.record_a.in_(right) & Link.record_b.in_(left),
            )
        )
        .order_by(Link.match_probability.desc())
        .limit(1)
    ).first()
    a, b = link if link else (left[0], right[0])
    ids = [_record_decision(session, actor, a, b, "confirm", reason)]
    return DecisionResult(ids, _recluster(session, [a, b]))


def split_person(
    *, session: Session, actor: Actor, person_id: int, groups: list[list[int]], reason: str
) -> DecisionResult:
    """One person is several children: ``groups`` of its records, each one child."""
    require(actor, "link.decide")
    members = set(_members(session, person_id))
    listed = [r for g in groups for r in g]
    if len(groups) < 2 or any(not g for g in groups):
        raise Invalid("a split needs at least two non-empty groups", field="groups")
    if sorted(listed) != sorted(members):
        raise Invalid(
            "the groups must hold every record of the person exactly once", field="groups"
        )
    ids = []
    for group in groups:  # each group stays together: a chain of confirmations
        for a, b in pairwise(group):
            ids.append(_record_decision(session, actor, a, b, "confirm", reason))
    for left, right in combinations(groups, 2):  # and no two groups may meet again
        for a in left:
            for b in right:
                ids.append(_record_decision(session, actor, a, b, "reject", reason))
    return DecisionResult(ids, _recluster(session, listed))


def decide_sex(
    *, session: Session, actor: Actor, record_pk: int, verdict: str, reason: str
) -> DecisionResult:
    """Say that the sex a record gives is wrong, or withdraw that (``link.decide``; recorded,
    audited, re-clusters the record's person at once). A reviewer who checks a record whose sex
    a very strong link overruled says so here, and the flag leaves the review page."""
    require(actor, "link.decide")
    if verdict not in SEX_VERDICTS:
        raise Invalid(f"verdict must be one of {', '.join(SEX_VERDICTS)}", field="verdict")
    if not reason or not reason.strip():
        raise Invalid("a decision needs a reason", field="reason")
    found = session.execute(
        select(SourceRecord.sex).where(
            SourceRecord.id == record_pk,
            visible_records_filter(actor, SourceRecord.id, SourceRecord.source_id),
        )
    ).first()
    if found is None:
        raise NotFound(f"no record {record_pk}")
    sex = found[0]
    in_force = verdict_stands(sex, marked_wrong(session, [record_pk]).get(record_pk))
    if verdict == "wrong" and sex not in OTHER_SEX:
        raise Invalid(f"record {record_pk} gives no sex", field="verdict")
    if (verdict == "wrong") == in_force:
        already = "marked wrong" if in_force else "not marked wrong"
        raise Invalid(f"the sex of record {record_pk} is already {already}", field="verdict")
    reason = reason.strip()
    row = SexDecision(
        record_pk=record_pk, verdict=verdict, sex=sex, reason=reason, decided_by=actor.username
    )
    details = {"sex": sex, "verdict": verdict, "reason": reason}
    _keep(session, actor, row, "record", str(record_pk), details)
    return DecisionResult([row.id], _recluster(session, [record_pk]))


def sex_decisions_for(*, session: Session, record_pk: int) -> list[SexDecision]:
    """Every verdict on a record's sex, oldest first."""
    return list(
        session.scalars(
            select(SexDecision)
            .where(SexDecision.record_pk == record_pk)
            .order_by(SexDecision.decided_at, SexDecision.id)
        )
    )


def marked_wrong(session: Session, records: Iterable[int] | None = None) -> dict[int, str]:
    """The sex each record's latest verdict marks wrong, for the records whose latest verdict
    is "wrong"; only ``records``' when given. Verdicts are few (one per record a reviewer
    checked), so all are read and filtered here. A verdict is in force while the record still
    gives that sex: a later import that corrects the record voids it (``corrected_sex``)."""
    latest: dict[int, tuple[str, str | None]] = {}
    for pk, verdict, sex in session.execute(
        select(SexDecision.record_pk, SexDecision.verdict, SexDecision.sex).order_by(
            SexDecision.decided_at, SexDecision.id
        )
    ):
        latest[pk] = (verdict, sex)
    wanted = set(records) if records is not None else None
    return {
        pk: sex
        for pk, (verdict, sex) in latest.items()
        if verdict == "wrong" and sex and (wanted is None or pk in wanted)
    }


def verdict_stands(sex: str | None, marked: str | None) -> bool:
    """Whether a "wrong" verdict about ``marked`` stands against the sex a record now gives."""
    return sex is not None and sex == marked


def corrected_sex(sex: str | None, marked: str | None) -> str | None:
    """The sex to link on: the other one where a reviewer marked this one wrong (sex has two
    values), else the record's own."""
    return OTHER_SEX[sex] if sex is not None and verdict_stands(sex, marked) else sex


def correct_sexes(
    session: Session,
    infos: dict[int, RecordInfo],
    summaries: dict[int, RecordSummary],
) -> None:
    """A record whose sex a reviewer marked wrong is read with the other sex: by clustering
    (it no longer contradicts its person, nor is overruled) and by its person's sex."""
    for pk, marked in marked_wrong(session).items():
        if pk in infos:
            infos[pk] = infos[pk]._replace(sex=corrected_sex(infos[pk].sex, marked))
        if pk in summaries:
            summaries[pk] = summaries[pk]._replace(sex=corrected_sex(summaries[pk].sex, marked))


def decisions_for_pair(*, session: Session, record_a: int, record_b: int) -> list[LinkDecision]:
    a, b = sorted((record_a, record_b))
    return list(
        session.scalars(
            select(LinkDecision)
            .where(LinkDecision.record_a == a, LinkDecision.record_b == b)
            .order_by(LinkDecision.decided_at, LinkDecision.id)
        )
    )


def _record_decision(
    session: Session, actor: Actor, record_a: int, record_b: int, decision: str, reason: str
) -> int:
    if decision not in DECISIONS:
        raise Invalid(f"decision must be one of {', '.join(DECISIONS)}", field="decision")
    if not reason or not reason.strip():
        raise Invalid("a decision needs a reason", field="reason")
    if record_a == record_b:
        raise Invalid("a record cannot be paired with itself", field="record_b")
    a, b = sorted((record_a, record_b))
    found = session.scalars(select(SourceRecord.id).where(SourceRecord.id.in_([a, b]))).all()
    if len(found) != 2:
        raise NotFound(f"no record {sorted({a, b} - set(found))}")
    probability = session.execute(
        select(Link.match_probability).where(Link.record_a == a, Link.record_b == b)
    ).scalar()
    row = LinkDecision(
        record_a=a,
        record_b=b,
        decision=decision,
        reason=reason.strip(),
        decided_by=actor.username,
        match_probability=probability,
    )
    details = {"decision": decision, "reason": reason.strip(), "probability": probability}
    return _keep(session, actor, row, "pair", f"{a}-{b}", details)


def _keep(
    session: Session,
    actor: Actor,
    row: LinkDecision | SexDecision,
    object_type: str,
    object_id: str,
    details: dict[str, object],
) -> int:
    """Store a decision and audit it (``link.decide``); its id."""
    session.add(row)
    session.flush()
    audit.record(
        session, actor, "link.decide", object_type=object_type, object_id=object_id, details=details
    )
    return row.id


def _members(session: Session, person_id: int) -> list[int]:
    members = list(
        session.scalars(
            select(PersonRecord.record_pk)
            .where(PersonRecord.person_id == person_id)
            .order_by(PersonRecord.record_pk)
        )
    )
    if not members:
        raise NotFound(f"no person {person_id}")
    return members


def _recluster(session: Session, records: Iterable[int]) -> list[int]:
    """Re-cluster the persons holding ``records`` with their links and decisions."""
    records = list(records)
    persons = set(
        session.scalars(select(PersonRecord.person_id).where(PersonRecord.record_pk.in_(records)))
    )
    members = set(records) | set(
        session.scalars(select(PersonRecord.record_pk).where(PersonRecord.person_id.in_(persons)))
    )
    infos, summaries = record_infos(session, members)
    links = session.execute(
        select(Link.record_a, Link.record_b, Link.match_probability).where(
            Link.record_a.in_(members), Link.record_b.in_(members)
        )
    ).all()
    confirmed, rejected = latest_decisions(session, members)
    threshold = session.execute(
        select(LinkageRun.threshold).order_by(LinkageRun.id.desc()).limit(1)
    ).scalar()
    outcome = cluster(
        infos,
        [tuple(link) for link in links],
        rules=ClusterRules(threshold=threshold or 0.9),
        confirmed=confirmed,
        rejected=rejected,
    )
    reasons = {r: "decision" for pair in confirmed for r in pair}
    membership = save_persons(
        session,
        outcome.clusters,
        summaries,
        run_id=None,
        reasons=reasons,
        scope=members,
        sex_overruled=outcome.sex_overruled,
    )
    return sorted({membership[r] for r in records})


def record_infos(
    session: Session, members: set[int]
) -> tuple[dict[int, RecordInfo], dict[int, RecordSummary]]:
    rows = session.execute(
        select(
            SourceRecord.id,
            Source.name,
            Source.kind,
            func.coalesce(SourceRecord.sex, RecordFeatures.sex),
            SourceRecord.birth_date,
            SourceRecord.given_name,
            SourceRecord.family_name,
            RecordFeatures.given_keys,
            RecordFeatures.family_key,
        )
        .join(Source, Source.id == SourceRecord.source_id)
        .outerjoin(RecordFeatures, RecordFeatures.record_pk == SourceRecord.id)
        .where(SourceRecord.id.in_(members))
    ).all()
    infos, summaries = {}, {}
    for pk, source, kind, sex, birth, given, family, keys, family_key in rows:
        full = birth.replace("-", "") if birth and len(birth) == 10 else None
        infos[pk] = RecordInfo(
            source, kind in CLEAN_KINDS, sex, full, frozenset((keys or "").split()), family_key
        )
        summaries[pk] = RecordSummary(kind, given, family, birth, sex)
    correct_sexes(session, infos, summaries)
    return infos, summaries


def latest_decisions(
    session: Session, members: Iterable[int] | None = None
) -> tuple[set[tuple[int, int]], set[tuple[int, int]]]:
    """(confirmed pairs, rejected pairs), each pair's latest decision winning; only the pairs
    among ``members`` when given."""
    query = select(LinkDecision.record_a, LinkDecision.record_b, LinkDecision.decision)
    if members is not None:
        members = list(members)
        query = query.where(LinkDecision.record_a.in_(members), LinkDecision.record_b.in_(members))
    latest: dict[tuple[int, int], str] = {}
    for a, b, decision in session.execute(query.order_by(LinkDecision.decided_at, LinkDecision.id)):
        latest[(min(a, b), max(a, b))] = decision
    return (
        {p for p, d in latest.items() if d == "confirm"},
        {p for p, d in latest.items() if d == "reject"},
    )
