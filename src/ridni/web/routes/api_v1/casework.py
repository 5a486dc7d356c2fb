"""The review queue and cases over the API: the same services, roles, scope and audit."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel, Field

from ridni.cases import review, service, work
from ridni.linkage import decisions
from ridni.web.deps import ApiActor, SessionDep, api_gate
from ridni.web.routes.api_v1.schemas import Problem

router = APIRouter(tags=["review and cases"])
ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": Problem, "description": "No valid token"},
    403: {"model": Problem, "description": "The token's role may not do this"},
    404: {"model": Problem, "description": "Unknown, or outside the token's scope"},
    409: {"model": Problem, "description": "Conflicts with the current state"},
    422: {
        "model": Problem,
        "description": "Invalid input, or a guard not met (the message says which)",
    },
}
MAX_ID = 2**31 - 1  # the databases' integer ids
Id = Annotated[int, Path(ge=1, le=MAX_ID)]


class QueueItemOut(BaseModel):
    record_a: int
    record_b: int
    match_probability: float | None
    value: int = Field(
        description="3 Ukrainian+Russian side, 2 with the registry, 1 Russian side, 0 same side"
    )
    kind_a: str
    kind_b: str
    source_a: str
    source_b: str
    name_a: str
    name_b: str
    birth_a: str | None
    birth_b: str | None
    second_look: bool
    confirmed_by: list[str]


class QueueOut(BaseModel):
    band: tuple[float, float]
    total: int
    second_looks: list[QueueItemOut]
    items: list[QueueItemOut]
    # Records whose sex a very strong link overruled, for a reviewer to check.
    sex_overruled: list[review.OverruledSex] = []


class StepOut(BaseModel):
    comparison: str
    description: str
    level: str
    bits: float
    strength: str


class RecordSideOut(BaseModel):
    pk: int
    source: str
    kind: str
    side: str | None
    record_id: str
    person_id: int | None
    fields: dict[str, Any]
    redacted: list[str]


class DecisionOut(BaseModel):
    decision: str
    reason: str
    decided_by: str
    decided_at: datetime


class PairOut(BaseModel):
    a: RecordSideOut
    b: RecordSideOut
    match_probability: float | None
    match_weight: float | None
    prior_bits: float | None
    steps: list[StepOut]
    decisions: list[DecisionOut]
    cross_side: bool
    same_person: bool
    confirmed_by: list[str]
    # What the reviewers' decisions so far make of this score (`ridni review recalibrate`).
    calibrated_probability: float | None = None
    calibration_decisions: int = 0


class DecisionIn(BaseModel):
    record_a: int = Field(ge=1, le=MAX_ID)
    record_b: int = Field(ge=1, le=MAX_ID)
    decision: str = Field(pattern="^(confirm|reject)$")
    reason: str = Field(min_length=1, max_length=2000)


class SexDecisionIn(BaseModel):
    record_pk: int = Field(ge=1, le=MAX_ID)
    # wrong: the form was ticked wrongly (linking and the person read the other sex);
    # right: withdraws an earlier "wrong".
    verdict: str = Field(pattern="^(wrong|right)$")
    reason: str = Field(min_length=1, max_length=2000)


class DecisionResultOut(BaseModel):
    decisions: list[int]
    persons: list[int]


class ReliabilityOut(BaseModel):
    low: float
    high: float
    pairs: int
    mean_predicted: float
    true_share: float  # the share of the decided pairs that reviewers confirmed


def _item(i: review.QueueItem) -> QueueItemOut:
    return QueueItemOut(**{**vars(i), "confirmed_by": list(i.confirmed_by)})


@router.get(
    "/review",
    response_model=QueueOut,
    responses=ERRORS,
    name="api_review_queue",
    dependencies=[api_gate("review.view")],
)
def review_queue(
    db: SessionDep,
    actor: ApiActor,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
    kind: Annotated[
        str | None, Query(max_length=40, description="Only pairs touching a source of this kind.")
    ] = None,
    renamings: Annotated[
        bool, Query(description="Only the name-free model's possible renamings.")
    ] = False,
) -> QueueOut:
    """Undecided links in the uncertain band, most valuable first; four-eyes second looks."""
    view = review.QueueView(kind=kind, renamings=renamings)
    queue = review.review_queue(session=db, actor=actor, limit=limit, offset=offset, view=view)
    return QueueOut(
        band=(queue.band.low, queue.band.high),
        total=queue.total,
        second_looks=[_item(i) for i in queue.second_looks],
        items=[_item(i) for i in queue.items],
        sex_overruled=queue.sex_overruled,
    )


@router.get(
    "/review/calibration",
    response_model=list[ReliabilityOut],
    responses=ERRORS,
    name="api_review_calibration",
    dependencies=[api_gate("review.view")],
)
def review_calibration(db: SessionDep, actor: ApiActor) -> list[ReliabilityOut]:
    """The model's probabilities against the reviewers' decisions, band by band."""
    return [ReliabilityOut(**vars(b)) for b in review.calibration(session=db, actor=actor)]


@router.get(
    "/review/{a}/{b}",
    response_model=PairOut,
    responses=ERRORS,
    name="api_review_pair",
    dependencies=[api_gate("review.view")],
)
def review_pair(db: SessionDep, actor: ApiActor, a: Id, b: Id) -> PairOut:
    """Two records side by side, the explanation of their score, earlier decisions."""
    view = review.review_pair(session=db, actor=actor, record_a=a, record_b=b)
    return PairOut(
        a=RecordSideOut(**vars(view.a)),
        b=RecordSideOut(**vars(view.b)),
        match_probability=view.match_probability,
        match_weight=view.match_weight,
        prior_bits=view.prior_bits,
        steps=[StepOut(**vars(s), strength=s.strength) for s in view.steps],
        decisions=[DecisionOut(**vars(d)) for d in view.decisions],
        cross_side=view.cross_side,
        same_person=view.same_person,
        confirmed_by=list(view.confirmed_by),
        calibrated_probability=view.calibrated_probability,
        calibration_decisions=view.calibration_decisions,
    )


@router.get(
    "/persons/{person_id}/possible-matches",
    response_model=list[review.PossibleMatch],
    responses=ERRORS,
    name="api_possible_matches",
    dependencies=[api_gate("review.view")],
)
def possible_matches(
    db: SessionDep,
    actor: ApiActor,
    person_id: Id,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> list[review.PossibleMatch]:
    """Records outside the person that a link scores in the review band or above it but kept
    apart, best per other person, strongest first; rejected pairs are left out."""
    return review.possible_matches(session=db, actor=actor, person_id=person_id, limit=limit)


@router.post(
    "/review/decisions",
    response_model=DecisionResultOut,
    responses=ERRORS,
    name="api_review_decide",
    status_code=201,
    dependencies=[api_gate("link.decide")],
)
def decide(db: SessionDep, actor: ApiActor, body: DecisionIn) -> DecisionResultOut:
    """Confirm or reject a pair: kept for ever, respected by every later linking run."""
    result = review.decide(
        session=db,
        actor=actor,
        record_a=body.record_a,
        record_b=body.record_b,
        decision=body.decision,
        reason=body.reason,
    )
    return DecisionResultOut(decisions=result.decisions, persons=result.persons)


@router.post(
    "/review/sex-decisions",
    response_model=DecisionResultOut,
    responses=ERRORS,
    name="api_review_decide_sex",
    status_code=201,
    dependencies=[api_gate("link.decide")],
)
def decide_sex(db: SessionDep, actor: ApiActor, body: SexDecisionIn) -> DecisionResultOut:
    """Say that the sex a record gives is wrong, or withdraw that: kept for ever, respected by
    every later linking run. The record leaves the queue's ``sex_overruled`` list."""
    result = decisions.decide_sex(
        session=db, actor=actor, record_pk=body.record_pk, verdict=body.verdict, reason=body.reason
    )
    return DecisionResultOut(decisions=result.decisions, persons=result.persons)


# --- cases -------------------------------------------------------------------------------------


class CaseRowOut(BaseModel):
    id: int
    status: str
    person_id: int
    person_name: str | None
    birth_date: str | None
    assigned_to: str | None
    updated_at: datetime


class CasesOut(BaseModel):
    total: int
    cases: list[CaseRowOut]


class TransitionOut(BaseModel):
    from_status: str | None
    to_status: str
    reason: str
    closing_reason: str | None
    details: dict[str, Any] | None
    actor: str
    at: datetime


class UnmetOut(BaseModel):
    code: str
    message: str


class MoveOptionOut(BaseModel):
    to: str
    unmet: list[UnmetOut]


class TaskOut(BaseModel):
    id: int
    title: str
    due_date: date | None
    assigned_to: str | None
    status: str


class CaseOut(BaseModel):
    id: int
    status: str
    person_id: int
    person_name: str | None
    summary: str | None
    assigned_to: str | None
    location: str | None
    return_date: date | None
    return_channel: str | None
    closing_reason: str | None
    duplicate_of: int | None
    opened_by: str
    opened_at: datetime
    records: list[dict[str, Any]]
    transitions: list[TransitionOut]
    moves: list[MoveOptionOut]
    tasks: list[TaskOut]
    notes: list[str]
    evidence: list[dict[str, Any]]


class OpenCaseIn(BaseModel):
    person_id: int = Field(ge=1, le=MAX_ID)
    summary: str | None = Field(None, max_length=10_000)
    assigned_to: str | None = Field(None, max_length=100)


class MoveIn(BaseModel):
    to: str = Field(max_length=20)
    reason: str = Field(min_length=1, max_length=2000)
    closing_reason: str | None = Field(None, max_length=40)
    return_date: date | None = None
    return_channel: int | None = Field(None, ge=1, le=MAX_ID)
    duplicate_of: int | None = Field(None, ge=1, le=MAX_ID)


@router.get(
    "/cases",
    response_model=CasesOut,
    responses=ERRORS,
    name="api_cases",
    dependencies=[api_gate("case.view")],
)
def cases(
    db: SessionDep,
    actor: ApiActor,
    status: Annotated[str | None, Query(max_length=20)] = None,
    assigned_to: Annotated[str | None, Query(max_length=100)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> CasesOut:
    """Cases in the token's scope, most recently changed first."""
    total, rows = service.list_cases(
        session=db, actor=actor, status=status, assigned_to=assigned_to, limit=limit, offset=offset
    )
    return CasesOut(total=total, cases=[CaseRowOut(**vars(r)) for r in rows])


@router.post(
    "/cases",
    response_model=CaseOut,
    responses=ERRORS,
    name="api_case_open",
    status_code=201,
    dependencies=[api_gate("case.open")],
)
def open_case(db: SessionDep, actor: ApiActor, body: OpenCaseIn) -> CaseOut:
    """Open the case of a child (one open case per child)."""
    case = service.open_case(
        session=db,
        actor=actor,
        person_id=body.person_id,
        summary=body.summary,
        assigned_to=body.assigned_to,
    )
    return _case_out(db, actor, case.id)


@router.get(
    "/cases/{case_id}",
    response_model=CaseOut,
    responses=ERRORS,
    name="api_case",
    dependencies=[api_gate("case.view")],
)
def case(db: SessionDep, actor: ApiActor, case_id: Id) -> CaseOut:
    """A case with the child's records, its history, open moves and what each still needs."""
    return _case_out(db, actor, case_id)


@router.post(
    "/cases/{case_id}/transitions",
    response_model=CaseOut,
    responses=ERRORS,
    name="api_case_move",
    status_code=201,
    dependencies=[api_gate("case.update")],
)
def move(db: SessionDep, actor: ApiActor, case_id: Id, body: MoveIn) -> CaseOut:
    """Move a case; 422 with the unmet conditions when its guard does not allow it."""
    service.move_case(
        session=db,
        actor=actor,
        case_id=case_id,
        to=body.to,
        reason=body.reason,
        closing_reason=body.closing_reason,
        return_date=body.return_date,
        return_channel=body.return_channel,
        duplicate_of=body.duplicate_of,
    )
    return _case_out(db, actor, case_id)


def _case_out(db: SessionDep, actor: ApiActor, case_id: int) -> CaseOut:
    view = service.case_detail(session=db, actor=actor, case_id=case_id)
    done = work.case_work(session=db, actor=actor, case_id=case_id)
    c = view.case
    return CaseOut(
        id=c.id,
        status=c.status,
        person_id=view.person_id,
        person_name=view.person_name,
        summary=c.summary,
        assigned_to=c.assigned_to,
        location=c.location,
        return_date=c.return_date,
        return_channel=view.return_channel,
        closing_reason=c.closing_reason,
        duplicate_of=c.duplicate_of,
        opened_by=c.opened_by,
        opened_at=c.opened_at,
        records=[
            {
                "pk": r.pk,
                "source": r.source,
                "kind": r.kind,
                "side": r.side,
                "record_id": r.record_id,
                **r.fields,
            }
            for r in view.records
        ],
        transitions=[
            TransitionOut(
                from_status=t.from_status,
                to_status=t.to_status,
                reason=t.reason,
                closing_reason=t.closing_reason,
                details=t.details,
                actor=t.actor,
                at=t.at,
            )
            for t in view.transitions
        ],
        moves=[
            MoveOptionOut(
                to=m.to,
                unmet=[
                    UnmetOut(code=u.code, message=u.message)
                    for u in m.unmet
                    if u.code != "reason_missing"
                ],
            )
            for m in view.moves
        ],
        tasks=[
            TaskOut(
                id=t.id,
                title=t.title,
                due_date=t.due_date,
                assigned_to=t.assigned_to,
                status=t.status,
            )
            for t in done.tasks
        ],
        notes=[n.text for n in done.notes],
        evidence=[
            {"kind": e.kind, "description": e.description, "recorded_by": e.recorded_by}
            for e in done.evidence
        ],
    )
