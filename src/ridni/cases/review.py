"""The review queue: uncertain links wait for a reviewer, most valuable first.

A link waits when its match probability lies in the configured band
(``RIDNI_REVIEW_BAND_LOW`` ≤ p < ``RIDNI_REVIEW_BAND_HIGH``) and nobody has decided its pair yet.
Value comes before probability: a Ukrainian-side record meeting a Russian-side one (a missing
child found) first, then pairs with an official registry record, then other pairs touching the
Russian side, and two reports of the same side last. Under the four-eyes rule, a cross-side pair
confirmed by one user comes back to the others for a second confirmation ("second look").

Decisions themselves are ``ridni.linkage.decisions`` (kept forever, respected by every later run).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import and_, case, exists, func, or_, select, tuple_
from sqlalchemy.orm import Session, aliased

from ridni.cases import permissions as _permissions  # noqa: F401  (declares the actions)
from ridni.cases.sides import RU_KINDS, UA_KINDS, is_cross_side, side_of
from ridni.cases.workflow import PairConfirmation
from ridni.config import get_settings
from ridni.errors import Invalid, NotFound
from ridni.ingest.models import SOURCE_KINDS, Source, SourceRecord
from ridni.linkage import decisions
from ridni.linkage.calibration import Calibration, fingerprint, fit
from ridni.linkage.evaluate import Reliability, reliability
from ridni.linkage.explanation import MARKER, RENAMED, Step, describe, prior_bits
from ridni.linkage.models import Link, LinkDecision, PersonRecord
from ridni.linkage.store import current_calibration, current_model, save_calibration
from ridni.security import audit
from ridni.security.actors import Actor
from ridni.security.policy import redact, require, visible_records_filter

RECORD_FIELDS = (
    "family_name",
    "given_name",
    "patronymic",
    "sex",
    "birth_date",
    "birth_place",
    "birth_region",
    "last_known_place",
    "last_known_date",
    "institution",
    "guardian_names",
    "sibling_ids",
    "age",
    "notes",
)

# The value tiers of a pair, highest first (see the module docstring).
VALUE_CROSS_SIDE = 3
VALUE_REGISTRY = 2
VALUE_RU_SIDE = 1
VALUE_SAME_SIDE = 0


@dataclass(frozen=True)
class Band:
    low: float
    high: float


@dataclass(frozen=True)
class QueueItem:
    record_a: int
    record_b: int
    match_probability: float | None
    value: int
    kind_a: str
    kind_b: str
    source_a: str
    source_b: str
    name_a: str
    name_b: str
    birth_a: str | None
    birth_b: str | None
    # Four-eyes: confirmed once already, waiting for a second, different reviewer.
    second_look: bool = False
    confirmed_by: tuple[str, ...] = ()


@dataclass(frozen=True)
class QueueView:
    """What part of the queue a reviewer works on: pairs touching a source of one ``kind``
    (an adoption database's thin profiles are most of a queue), or only the name-free
    model's possible renamings."""

    kind: str | None = None
    renamings: bool = False


@dataclass(frozen=True)
class OverruledSex:
    """A record whose sex a very strong link (or a reviewer) overruled: its person's other
    records give the other sex (or, with nothing to settle it, a boy and a girl were joined).
    For a reviewer to check, and to split the person if the link was wrong."""

    person_id: int
    record_pk: int
    source: str
    record_id: str
    name: str
    sex: str | None


@dataclass(frozen=True)
class Queue:
    band: Band
    total: int
    second_looks: list[QueueItem]
    items: list[QueueItem]
    view: QueueView = field(default_factory=QueueView)
    sex_overruled: list[OverruledSex] = field(default_factory=list)


@dataclass(frozen=True)
class RecordSide:
    pk: int
    source: str
    kind: str
    side: str | None
    record_id: str
    person_id: int | None
    fields: dict[str, Any]
    redacted: list[str]


@dataclass(frozen=True)
class DecisionView:
    decision: str
    reason: str
    decided_by: str
    decided_at: Any


@dataclass(frozen=True)
class PairView:
    a: RecordSide
    b: RecordSide
    match_probability: float | None
    match_weight: float | None
    prior_bits: float | None
    steps: list[Step]
    decisions: list[DecisionView]
    cross_side: bool
    same_person: bool
    latest: str | None
    confirmed_by: tuple[str, ...]
    four_eyes: bool
    value: int
    extra: dict[str, Any] = field(default_factory=dict)
    # The probability the reviewers' decisions so far give this weight (``recalibrate``).
    calibrated_probability: float | None = None
    calibration_decisions: int = 0


def band_from_settings() -> Band:
    settings = get_settings()
    return Band(settings.review_band_low, settings.review_band_high)


# --- the queue ---------------------------------------------------------------------------------


def _value_expression(kind_a: Any, kind_b: Any) -> Any:
    cross = or_(
        and_(kind_a.in_(UA_KINDS), kind_b.in_(RU_KINDS)),
        and_(kind_a.in_(RU_KINDS), kind_b.in_(UA_KINDS)),
    )
    return case(
        (cross, VALUE_CROSS_SIDE),
        (or_(kind_a == "official_registry", kind_b == "official_registry"), VALUE_REGISTRY),
        (or_(kind_a.in_(RU_KINDS), kind_b.in_(RU_KINDS)), VALUE_RU_SIDE),
        else_=VALUE_SAME_SIDE,
    )


def review_queue(
    *,
    session: Session,
    actor: Actor,
    limit: int = 50,
    offset: int = 0,
    band: Band | None = None,
    view: QueueView | None = None,
) -> Queue:
    """Undecided links in the band, most valuable first; second looks (four-eyes) apart.
    ``view`` narrows the waiting links (not the second looks, which are few and owed)."""
    require(actor, "review.view")
    band = band or band_from_settings()
    view = view or QueueView()
    if not 0 <= band.low < band.high <= 1:
        raise Invalid("the review band needs 0 ≤ low < high ≤ 1", field="band")
    if view.kind is not None and view.kind not in SOURCE_KINDS:
        raise Invalid(f"unknown source kind {view.kind!r}", field="kind")
    ra, rb = aliased(SourceRecord), aliased(SourceRecord)
    sa, sb = aliased(Source), aliased(Source)
    value = _value_expression(sa.kind, sb.kind).label("value")
    decided = exists().where(
        LinkDecision.record_a == Link.record_a, LinkDecision.record_b == Link.record_b
    )
    where = [
        Link.match_probability >= band.low,
        Link.match_probability < band.high,
        ~decided,
        ra.withdrawn.is_(False),
        rb.withdrawn.is_(False),
        visible_records_filter(actor, ra.id, ra.source_id),
        visible_records_filter(actor, rb.id, rb.source_id),
    ]
    if view.kind is not None:
        where.append(or_(sa.kind == view.kind, sb.kind == view.kind))
    if view.renamings:
        where.append(Link.contributions[MARKER].as_string() == RENAMED)

    def joined(stmt: Any) -> Any:
        return (
            stmt.join(ra, ra.id == Link.record_a)
            .join(rb, rb.id == Link.record_b)
            .join(sa, sa.id == ra.source_id)
            .join(sb, sb.id == rb.source_id)
            .where(*where)
        )

    total = session.scalar(joined(select(func.count(Link.id)))) or 0
    rows = session.execute(
        joined(select(Link.record_a, Link.record_b, Link.match_probability, value, ra, rb, sa, sb))
        .order_by(value.desc(), Link.match_probability.desc(), Link.record_a, Link.record_b)
        .limit(max(1, min(limit, 500)))
        .offset(max(0, offset))
    ).all()
    items = [_item(a, b, p, v, x, y, s, t) for a, b, p, v, x, y, s, t in rows]
    seconds = second_looks(session=session, actor=actor) if offset == 0 else []
    overruled = overruled_sexes(session=session, actor=actor) if offset == 0 else []
    audit.record(
        session,
        actor,
        "review.view",
        object_type="queue",
        details={
            "band": [band.low, band.high],
            "offset": offset,
            "shown": len(items),
            "kind": view.kind,
            "renamings": view.renamings,
        },
    )
    return Queue(band, total, seconds, items, view, overruled)


def _item(
    a: int,
    b: int,
    probability: float | None,
    value: int,
    rec_a: SourceRecord,
    rec_b: SourceRecord,
    src_a: Source,
    src_b: Source,
    *,
    second_look: bool = False,
    confirmed_by: tuple[str, ...] = (),
) -> QueueItem:
    return QueueItem(
        a,
        b,
        probability,
        int(value),
        src_a.kind,
        src_b.kind,
        src_a.name,
        src_b.name,
        _name(rec_a),
        _name(rec_b),
        rec_a.birth_date,
        rec_b.birth_date,
        second_look,
        confirmed_by,
    )


def _name(record: SourceRecord) -> str:
    parts = (record.family_name, record.given_name, record.patronymic)
    return " ".join(p for p in parts if p) or record.record_id


def second_looks(*, session: Session, actor: Actor, limit: int = 50) -> list[QueueItem]:
    """Cross-side pairs confirmed by exactly one user (not this one): the four-eyes queue."""
    if not get_settings().four_eyes:
        return []
    ra, rb = aliased(SourceRecord), aliased(SourceRecord)
    sa, sb = aliased(Source), aliased(Source)
    rows = session.execute(
        select(LinkDecision, ra, rb, sa, sb)
        .join(ra, ra.id == LinkDecision.record_a)
        .join(rb, rb.id == LinkDecision.record_b)
        .join(sa, sa.id == ra.source_id)
        .join(sb, sb.id == rb.source_id)
        .where(_value_expression(sa.kind, sb.kind) == VALUE_CROSS_SIDE)
        .order_by(LinkDecision.decided_at, LinkDecision.id)
    ).all()
    by_pair: dict[tuple[int, int], list[LinkDecision]] = {}
    context: dict[tuple[int, int], tuple[Any, ...]] = {}
    for decision, rec_a, rec_b, src_a, src_b in rows:
        pair = (decision.record_a, decision.record_b)
        by_pair.setdefault(pair, []).append(decision)
        context[pair] = (rec_a, rec_b, src_a, src_b)
    items = []
    for pair, history in by_pair.items():
        confirmers = confirmers_since_rejection(history)
        if len(confirmers) == 1 and actor.username not in confirmers:
            probability = history[-1].match_probability
            items.append(
                _item(
                    *pair,
                    probability,
                    VALUE_CROSS_SIDE,
                    *context[pair],
                    second_look=True,
                    confirmed_by=tuple(sorted(confirmers)),
                )
            )
    return items[:limit]


def overruled_sexes(*, session: Session, actor: Actor, limit: int = 50) -> list[OverruledSex]:
    """The records, visible to ``actor``, whose sex clustering overruled, by person."""
    rows = session.execute(
        select(PersonRecord.person_id, SourceRecord, Source.name)
        .join(SourceRecord, SourceRecord.id == PersonRecord.record_pk)
        .join(Source, Source.id == SourceRecord.source_id)
        .where(
            PersonRecord.sex_overruled,
            visible_records_filter(actor, SourceRecord.id, SourceRecord.source_id),
        )
        .order_by(PersonRecord.person_id, SourceRecord.id)
        .limit(max(1, min(limit, 500)))
    ).all()
    return [
        OverruledSex(person_id, record.id, source, record.record_id, _name(record), record.sex)
        for person_id, record, source in rows
    ]


@dataclass(frozen=True)
class PossibleMatch:
    """A record outside a person that a stored link scores as maybe the same child, in the
    review band or above it but kept apart (a safeguard, a reviewer's confirmation waiting for
    a second): a sighting of the child below the threshold shows here, on the child's page."""

    member_pk: int  # the person's record the link starts from
    record_pk: int
    source: str
    kind: str
    record_id: str
    name: str
    birth_date: str | None
    age: int | None
    last_known_place: str | None
    last_known_date: str | None
    person_id: int | None
    match_probability: float
    latest: str | None  # the pair's latest decision, if any (a rejected pair is not shown)


_MATCH_FIELDS = (
    "family_name",
    "given_name",
    "patronymic",
    "birth_date",
    "age",
    "last_known_place",
    "last_known_date",
)


def possible_matches(
    *, session: Session, actor: Actor, person_id: int, limit: int = 20, band: Band | None = None
) -> list[PossibleMatch]:
    """The best link from the person's records to each other person (or lone record) scored at
    least the band's low end, strongest first, without pairs a reviewer rejected; only records
    visible to ``actor``. Audited like the queue (``review.view``)."""
    require(actor, "review.view")
    band = band or band_from_settings()
    members = _visible_members(session, actor, person_id)
    scored = _links_leaving(session, members, band.low)
    reached = _records_reached(session, actor, {other for _, _, other in scored}, person_id)
    latest = _latest_on_pairs(session, [(mine, other) for _, mine, other in scored])
    best: dict[tuple[str, int], PossibleMatch] = {}
    for probability, mine, other in sorted(scored, key=lambda row: -row[0]):
        decision = latest.get((min(mine, other), max(mine, other)))
        if other not in reached or decision == "reject":
            continue
        record, source, other_person = reached[other]
        key = ("person", other_person) if other_person else ("record", other)
        if key not in best:
            best[key] = _possible_match(
                actor, (mine, probability, decision), record, source, other_person
            )
    found = list(best.values())[: max(1, min(limit, 100))]
    audit.record_read(
        session,
        actor,
        "review.view",
        object_type="possible_matches",
        object_id=person_id,
        details={"records": [m.record_pk for m in found]},
    )
    return found


def _visible_members(session: Session, actor: Actor, person_id: int) -> set[int]:
    members = set(
        session.scalars(
            select(PersonRecord.record_pk)
            .join(SourceRecord, SourceRecord.id == PersonRecord.record_pk)
            .where(
                PersonRecord.person_id == person_id,
                visible_records_filter(actor, SourceRecord.id, SourceRecord.source_id),
            )
        )
    )
    if not members:
        raise NotFound(f"no person {person_id}")
    return members


def _links_leaving(
    session: Session, members: set[int], floor: float
) -> list[tuple[float, int, int]]:
    """(probability, member, other record) of the stored links from ``members`` to records
    outside them. Read by the record indexes alone: joined to the records in one query, SQLite
    walked every live record and probed the links with each (380 ms a person, not 2)."""
    return [
        (probability, mine_pk, other_pk)
        for mine, other in ((Link.record_a, Link.record_b), (Link.record_b, Link.record_a))
        for probability, mine_pk, other_pk in session.execute(
            select(Link.match_probability, mine, other).where(
                mine.in_(members), Link.match_probability >= floor
            )
        )
        if other_pk not in members
    ]


def _records_reached(
    session: Session, actor: Actor, pks: set[int], person_id: int
) -> dict[int, tuple[SourceRecord, Source, int | None]]:
    """The live records among ``pks`` that ``actor`` may see and ``person_id`` does not hold,
    with their source and person."""
    rows = session.execute(
        select(SourceRecord, Source, PersonRecord.person_id)
        .join(Source, Source.id == SourceRecord.source_id)
        .outerjoin(PersonRecord, PersonRecord.record_pk == SourceRecord.id)
        .where(
            SourceRecord.id.in_(pks),
            SourceRecord.withdrawn.is_(False),
            visible_records_filter(actor, SourceRecord.id, SourceRecord.source_id),
        )
    )
    return {
        record.id: (record, source, other) for record, source, other in rows if other != person_id
    }


def _possible_match(
    actor: Actor,
    link: tuple[int, float, str | None],
    record: SourceRecord,
    source: Source,
    person_id: int | None,
) -> PossibleMatch:
    """``link``: the person's record it starts from, its probability, the pair's latest
    decision."""
    member_pk, probability, decision = link
    shown = redact({f: getattr(record, f) for f in _MATCH_FIELDS}, actor, source.kind)
    name = " ".join(shown[f] for f in _MATCH_FIELDS[:3] if shown[f]) or record.record_id
    return PossibleMatch(
        member_pk,
        record.id,
        source.name,
        source.kind,
        record.record_id,
        name,
        shown["birth_date"],
        shown["age"],
        shown["last_known_place"],
        shown["last_known_date"],
        person_id,
        probability,
        decision,
    )


def _latest_on_pairs(session: Session, pairs: list[tuple[int, int]]) -> dict[tuple[int, int], str]:
    wanted = sorted({(min(a, b), max(a, b)) for a, b in pairs})
    latest: dict[tuple[int, int], str] = {}
    for start in range(0, len(wanted), 500):
        for a, b, decision in session.execute(
            select(LinkDecision.record_a, LinkDecision.record_b, LinkDecision.decision)
            .where(
                tuple_(LinkDecision.record_a, LinkDecision.record_b).in_(
                    wanted[start : start + 500]
                )
            )
            .order_by(LinkDecision.decided_at, LinkDecision.id)
        ):
            latest[(a, b)] = decision
    return latest


def confirmers_since_rejection(history: list[LinkDecision]) -> frozenset[str]:
    """Users who confirmed the pair since its last rejection; empty if the latest rejects."""
    users: set[str] = set()
    for decision in history:  # oldest first
        if decision.decision == "reject":
            users = set()
        else:
            users.add(decision.decided_by)
    return frozenset(users)


# --- one pair, side by side --------------------------------------------------------------------


def review_pair(*, session: Session, actor: Actor, record_a: int, record_b: int) -> PairView:
    """Both records side by side, the explanation of their score and every earlier decision."""
    require(actor, "review.view")
    if record_a == record_b:
        raise Invalid("a record cannot be paired with itself", field="record_b")
    a, b = sorted((record_a, record_b))
    side_a, side_b = _record_side(session, actor, a), _record_side(session, actor, b)
    link = session.scalar(select(Link).where(Link.record_a == a, Link.record_b == b))
    model = current_model()
    calibration = current_calibration()
    prior, steps = (None, [])
    if link is not None and link.contributions and model is not None:
        prior, steps = describe(link.contributions, model)
    elif model is not None:
        prior = prior_bits(model)
    history = decisions.decisions_for_pair(session=session, record_a=a, record_b=b)
    confirmers = confirmers_since_rejection(history)
    audit.record(session, actor, "review.view", object_type="pair", object_id=f"{a}-{b}")
    return PairView(
        a=side_a,
        b=side_b,
        match_probability=link.match_probability if link else None,
        match_weight=link.match_weight if link else None,
        prior_bits=prior,
        steps=steps,
        decisions=[DecisionView(d.decision, d.reason, d.decided_by, d.decided_at) for d in history],
        cross_side=is_cross_side(side_a.kind, side_b.kind),
        same_person=side_a.person_id is not None and side_a.person_id == side_b.person_id,
        latest=history[-1].decision if history else None,
        confirmed_by=tuple(sorted(confirmers)),
        four_eyes=get_settings().four_eyes,
        value=_value_of(side_a.kind, side_b.kind),
        calibrated_probability=_calibrated(calibration, link),
        calibration_decisions=calibration.decisions if calibration else 0,
    )


def _calibrated(calibration: Calibration | None, link: Link | None) -> float | None:
    """The calibrated probability of the main model's link; a renaming's score is the name-free
    model's, which the calibration was not fitted to."""
    if calibration is None or link is None:
        return None
    if (link.contributions or {}).get(MARKER, "main") != "main":
        return None
    return calibration.probability(link.match_weight)


def _value_of(kind_a: str, kind_b: str) -> int:
    if is_cross_side(kind_a, kind_b):
        return VALUE_CROSS_SIDE
    if "official_registry" in (kind_a, kind_b):
        return VALUE_REGISTRY
    if "ru" in (side_of(kind_a), side_of(kind_b)):
        return VALUE_RU_SIDE
    return VALUE_SAME_SIDE


def _record_side(session: Session, actor: Actor, pk: int) -> RecordSide:
    row = session.execute(
        select(SourceRecord, Source, PersonRecord.person_id)
        .join(Source, Source.id == SourceRecord.source_id)
        .outerjoin(PersonRecord, PersonRecord.record_pk == SourceRecord.id)
        .where(SourceRecord.id == pk, visible_records_filter(actor, SourceRecord.id, Source.id))
    ).first()
    if row is None:
        raise NotFound(f"no record {pk}")
    record, source, person_id = row
    shown = redact({f: getattr(record, f) for f in RECORD_FIELDS}, actor, source.kind)
    hidden = shown.pop("redacted")
    return RecordSide(
        pk,
        source.name,
        source.kind,
        side_of(source.kind),
        record.record_id,
        person_id,
        shown,
        hidden,
    )


def decide(
    *, session: Session, actor: Actor, record_a: int, record_b: int, decision: str, reason: str
) -> decisions.DecisionResult:
    """Confirm or reject a pair (``link.decide``; recorded, audited, re-clusters at once)."""
    return decisions.decide(
        session=session,
        actor=actor,
        record_a=record_a,
        record_b=record_b,
        decision=decision,
        reason=reason,
    )


# --- four eyes ---------------------------------------------------------------------------------


def cross_confirmations(session: Session, record_pks: list[int]) -> list[PairConfirmation]:
    """Pairs among ``record_pks`` of one Ukrainian-side and one Russian-side record whose latest
    decision confirms them, each with the users who confirmed it since its last rejection."""
    if len(record_pks) < 2:
        return []
    kinds = dict(
        session.execute(
            select(SourceRecord.id, Source.kind)
            .join(Source, Source.id == SourceRecord.source_id)
            .where(SourceRecord.id.in_(record_pks))
        ).all()
    )
    history: dict[tuple[int, int], list[LinkDecision]] = {}
    for decision in session.scalars(
        select(LinkDecision)
        .where(LinkDecision.record_a.in_(record_pks), LinkDecision.record_b.in_(record_pks))
        .order_by(LinkDecision.decided_at, LinkDecision.id)
    ):
        history.setdefault((decision.record_a, decision.record_b), []).append(decision)
    out = []
    for (a, b), rows in history.items():
        confirmers = confirmers_since_rejection(rows)
        if confirmers and is_cross_side(kinds.get(a), kinds.get(b)):
            out.append(PairConfirmation(a, b, confirmers))
    return out


def calibration(*, session: Session, actor: Actor) -> list[Reliability]:
    """The model's probabilities against the reviewers' decisions: for each probability band,
    how many decided pairs and the share confirmed (each pair's latest decision). The labels a
    reviewer gives are the only ground truth a real registry has."""
    require(actor, "review.view")
    decided = _decided_links(session)
    audit.record(
        session,
        actor,
        "review.view",
        object_type="calibration",
        details={"decided_pairs_with_links": len(decided)},
    )
    return reliability((link.probability, yes) for link, yes in decided)


@dataclass(frozen=True)
class _DecidedLink:
    weight: float
    probability: float
    main_model: bool


def _decided_links(session: Session) -> list[tuple[_DecidedLink, bool]]:
    """Each decided pair's stored link, with whether its latest decision confirms it."""
    confirmed, rejected = decisions.latest_decisions(session)
    decided = sorted(confirmed | rejected)
    out = []
    # Only the decided pairs' links are read (stored links hold record_a < record_b).
    for start in range(0, len(decided), 5_000):
        chunk = decided[start : start + 5_000]
        for a, b, weight, probability, contributions in session.execute(
            select(
                Link.record_a,
                Link.record_b,
                Link.match_weight,
                Link.match_probability,
                Link.contributions,
            ).where(tuple_(Link.record_a, Link.record_b).in_(chunk))
        ):
            main = (contributions or {}).get(MARKER, "main") == "main"
            out.append((_DecidedLink(weight, probability, main), (a, b) in confirmed))
    return out


@dataclass(frozen=True)
class Recalibration:
    calibration: Calibration
    before: list[Reliability]  # the model's probabilities against the decisions
    after: list[Reliability]  # the calibrated ones, on the same decisions


def recalibrate(*, session: Session, actor: Actor) -> Recalibration:
    """Fit the main model's probabilities to the reviewers' decisions so far and keep the fit:
    review pages and ``ridni explain`` then show what a score has meant. Linking itself keeps
    the model's own probabilities (its threshold is the model's), and a retrained model needs a
    new fit."""
    require(actor, "review.calibrate")
    model = current_model()
    if model is None:
        raise Invalid("no trained linkage model yet: run `ridni link` first")
    decided = [(link, yes) for link, yes in _decided_links(session) if link.main_model]
    fitted = fit([(link.weight, yes) for link, yes in decided], fingerprint(model))
    save_calibration(fitted)
    audit.record(
        session,
        actor,
        "review.calibrate",
        object_type="calibration",
        details={
            "decisions": fitted.decisions,
            "confirmed": fitted.confirmed,
            "slope": round(fitted.slope, 6),
            "intercept": round(fitted.intercept, 6),
        },
    )
    return Recalibration(
        fitted,
        before=reliability((link.probability, yes) for link, yes in decided),
        after=reliability((fitted.probability(link.weight), yes) for link, yes in decided),
    )
