"""Search, persons, records and counts."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from ridni.registry import persons as person_service
from ridni.registry import search as search_service
from ridni.registry import stats
from ridni.web.deps import ApiActor, SessionDep, api_gate
from ridni.web.routes.api_v1.schemas import (
    Problem,
    RecordSummaryOut,
    SearchHitOut,
    SearchOut,
    SourceCountOut,
    StatsOut,
)

router = APIRouter(tags=["registry"])

ERRORS: dict[int | str, dict[str, object]] = {
    401: {"model": Problem, "description": "No valid token"},
    403: {"model": Problem, "description": "The token's role may not do this"},
    404: {"model": Problem, "description": "Unknown, or outside the token's scope"},
}
Id = Annotated[int, Path(ge=1, le=2**31 - 1)]


@router.get(
    "/search",
    dependencies=[api_gate("search")],
    response_model=SearchOut,
    responses=ERRORS,
    name="api_search",
)
def search(
    db: SessionDep,
    actor: ApiActor,
    q: Annotated[str, Query(min_length=1, max_length=search_service.MAX_QUERY_LENGTH)],
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> SearchOut:
    """Find a child by any spelling, a diminutive, a partial date or a place; best fit first."""
    result = search_service.search(session=db, actor=actor, query=q, limit=limit)
    return SearchOut(
        query=result.query.text,
        date=result.query.date.text if result.query.date else None,
        words=[w.word for w in result.query.words],
        elapsed_ms=round(result.elapsed_ms, 2),
        hits=[
            SearchHitOut(
                person_id=h.person_id,
                display_name=h.display_name,
                birth_date=h.birth_date,
                score=h.score,
                matched=h.matched,
                records=h.records,
                sources=h.sources,
                best=RecordSummaryOut(**h.best),
            )
            for h in result.hits
        ],
    )


@router.get(
    "/persons/{person_id}",
    dependencies=[api_gate("person.view")],
    response_model=person_service.PersonView,
    responses=ERRORS,
    name="api_person",
)
def person(db: SessionDep, actor: ApiActor, person_id: Id) -> person_service.PersonView:
    """A person: every visible record with its source, batch and raw row, links with their
    explanation, siblings, guardians and a timeline."""
    return person_service.person_detail(session=db, actor=actor, person_id=person_id)


@router.get(
    "/records/{record_pk}",
    dependencies=[api_gate("record.view")],
    response_model=person_service.RecordDetail,
    responses=ERRORS,
    name="api_record",
)
def record(db: SessionDep, actor: ApiActor, record_pk: Id) -> person_service.RecordDetail:
    """One source record with its history across imports."""
    return person_service.record_detail(session=db, actor=actor, record_pk=record_pk)


@router.get(
    "/stats",
    dependencies=[api_gate("dashboard.view")],
    response_model=StatsOut,
    responses=ERRORS,
    name="api_stats",
)
def counts(db: SessionDep, actor: ApiActor) -> StatsOut:
    """Counts by source and by kind of source, within the token's scope."""
    data = stats.dashboard(session=db, actor=actor)
    return StatsOut(
        records=data.records,
        persons=data.persons,
        sources=data.sources,
        batches=data.batches,
        by_source=[SourceCountOut(**vars(s)) for s in data.by_source],
        by_kind=dict(data.by_kind),
    )
