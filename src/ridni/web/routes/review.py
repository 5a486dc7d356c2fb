"""The review queue, a pair side by side with its explanation, decisions, splits and merges."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Path, Query, Request
from fastapi.responses import RedirectResponse, Response

from ridni.cases import review
from ridni.errors import Conflict, Invalid
from ridni.ingest.models import SOURCE_KINDS
from ridni.linkage import decisions
from ridni.linkage.queries import person_records
from ridni.web.casework import FormFields, add_nav
from ridni.web.deps import PageActor, SessionDep, is_htmx, page_gate
from ridni.web.rendering import render

router = APIRouter(include_in_schema=False, prefix="/review")
add_nav("/review", "nav.review", "review.view")
PAGE = 50
Id = Annotated[int, Path(ge=1, le=2**31 - 1)]
Reason = Annotated[str, Form(max_length=2000)]


@router.get("", dependencies=[page_gate("review.view")])
def queue_page(
    request: Request,
    db: SessionDep,
    actor: PageActor,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
    kind: Annotated[str, Query(max_length=40)] = "",
    renamings: bool = False,
) -> Response:
    view = review.QueueView(kind=kind or None, renamings=renamings)
    queue = review.review_queue(session=db, actor=actor, limit=PAGE, offset=offset, view=view)
    context = {
        "queue": queue,
        "offset": offset,
        "next": offset + PAGE if offset + PAGE < queue.total else None,
        "kinds": SOURCE_KINDS,
    }
    template = "review/_rows.html" if is_htmx(request) and offset else "review/page.html"
    return render(request, template, context)


@router.get("/calibration", dependencies=[page_gate("review.view")])
def calibration_page(request: Request, db: SessionDep, actor: PageActor) -> Response:
    bands = review.calibration(session=db, actor=actor)
    return render(request, "review/calibration.html", {"bands": bands})


@router.get("/pairs/{a}/{b}", dependencies=[page_gate("review.view")])
def pair_page(request: Request, db: SessionDep, actor: PageActor, a: Id, b: Id) -> Response:
    return _pair(request, db, actor, a, b)


def _pair(
    request: Request, db: SessionDep, actor: PageActor, a: int, b: int, *, error: str | None = None
) -> Response:
    view = review.review_pair(session=db, actor=actor, record_a=a, record_b=b)
    return render(
        request,
        "review/pair.html",
        {"view": view, "fields": review.RECORD_FIELDS, "error": error},
        status_code=422 if error else 200,
    )


@router.post("/pairs/{a}/{b}", dependencies=[page_gate("link.decide")])
def decide(
    request: Request,
    db: SessionDep,
    actor: PageActor,
    a: Id,
    b: Id,
    decision: Annotated[str, Form(max_length=10)],
    reason: Reason = "",
) -> Response:
    try:
        review.decide(
            session=db, actor=actor, record_a=a, record_b=b, decision=decision, reason=reason
        )
    except Invalid as exc:
        db.rollback()
        return _pair(request, db, actor, a, b, error=str(exc))
    return RedirectResponse(f"/review/pairs/{min(a, b)}/{max(a, b)}?done=1", status_code=303)


@router.get("/persons/{person_id}/split", dependencies=[page_gate("link.decide")])
def split_page(request: Request, db: SessionDep, actor: PageActor, person_id: Id) -> Response:
    return _split(request, db, actor, person_id)


def _split(
    request: Request, db: SessionDep, actor: PageActor, person_id: int, *, error: str | None = None
) -> Response:
    records = person_records(session=db, actor=actor, person_id=person_id)
    return render(
        request,
        "review/split.html",
        {"person_id": person_id, "records": records, "error": error},
        status_code=422 if error else 200,
    )


@router.post("/persons/{person_id}/split", dependencies=[page_gate("link.decide")])
def split(
    request: Request, db: SessionDep, actor: PageActor, person_id: Id, fields: FormFields
) -> Response:
    """The form has one 'group_<record>' choice per record; records of a group stay one child."""
    groups: dict[str, list[int]] = {}
    for key, value in fields.items():
        if key.startswith("group_") and key[6:].isdigit():
            groups.setdefault(value, []).append(int(key[6:]))
    try:
        result = decisions.split_person(
            session=db,
            actor=actor,
            person_id=person_id,
            groups=[sorted(g) for _, g in sorted(groups.items())],
            reason=fields.get("reason", ""),
        )
    except Invalid as exc:
        db.rollback()
        return _split(request, db, actor, person_id, error=str(exc))
    return RedirectResponse(f"/persons/{result.persons[0]}", status_code=303)


@router.get("/merge", dependencies=[page_gate("link.decide")])
def merge_page(
    request: Request,
    actor: PageActor,
    a: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
    b: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
) -> Response:
    return render(request, "review/merge.html", {"a": a, "b": b, "error": None})


@router.post("/merge", dependencies=[page_gate("link.decide")])
def merge(
    request: Request,
    db: SessionDep,
    actor: PageActor,
    person_a: Annotated[int, Form(ge=1, le=2**31 - 1)],
    person_b: Annotated[int, Form(ge=1, le=2**31 - 1)],
    reason: Reason = "",
) -> Response:
    try:
        if person_a == person_b:
            raise Invalid("name two different persons", field="person_b")
        result = decisions.merge_persons(
            session=db, actor=actor, person_a=person_a, person_b=person_b, reason=reason
        )
    except (Invalid, Conflict) as exc:
        db.rollback()
        return render(
            request,
            "review/merge.html",
            {"a": person_a, "b": person_b, "error": str(exc)},
            status_code=422,
        )
    return RedirectResponse(f"/persons/{result.persons[0]}", status_code=303)
