"""The person page and the record page."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Path, Request
from fastapi.responses import RedirectResponse, Response

from ridni.cases import review
from ridni.errors import Invalid
from ridni.linkage import decisions
from ridni.registry import persons as person_service
from ridni.registry import sharing
from ridni.security.policy import can
from ridni.web.deps import PageActor, SessionDep, page_gate, release_audit_chain
from ridni.web.rendering import render

router = APIRouter(include_in_schema=False)
Id = Annotated[int, Path(ge=1, le=2**31 - 1)]


@router.get("/persons/{person_id}", dependencies=[page_gate("person.view")])
def person_page(request: Request, db: SessionDep, actor: PageActor, person_id: Id) -> Response:
    view = person_service.person_detail(session=db, actor=actor, person_id=person_id)
    release_audit_chain(db)
    context: dict[str, object] = {"person": view}
    if can(actor, "review.view"):
        context["possible"] = review.possible_matches(session=db, actor=actor, person_id=view.id)
    if can(actor, "share.create"):
        context["shares"] = sharing.shares_of(session=db, actor=actor, person_id=person_id)
        context["partners"] = sharing.partner_organisations(session=db, actor=actor)
    return render(request, "persons/page.html", context)


@router.post("/persons/{person_id}/share", dependencies=[page_gate("share.create")])
def share_person(
    db: SessionDep,
    actor: PageActor,
    person_id: Id,
    organisation: Annotated[str, Form(max_length=200)],
    reason: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    sharing.share_person(
        session=db,
        actor=actor,
        person_id=person_id,
        organisation=organisation,
        reason=reason or None,
    )
    return RedirectResponse(f"/persons/{person_id}", status_code=303)


@router.post(
    "/persons/{person_id}/shares/{share_id}/revoke", dependencies=[page_gate("share.create")]
)
def revoke_share(db: SessionDep, actor: PageActor, person_id: Id, share_id: Id) -> Response:
    sharing.revoke_share(session=db, actor=actor, share_id=share_id)
    return RedirectResponse(f"/persons/{person_id}", status_code=303)


@router.get("/records/{record_pk}", dependencies=[page_gate("record.view")])
def record_page(request: Request, db: SessionDep, actor: PageActor, record_pk: Id) -> Response:
    return _record(request, db, actor, record_pk)


def _record(
    request: Request, db: SessionDep, actor: PageActor, record_pk: int, *, error: str | None = None
) -> Response:
    detail = person_service.record_detail(session=db, actor=actor, record_pk=record_pk)
    release_audit_chain(db)
    return render(
        request,
        "persons/record.html",
        {"detail": detail, "fields": person_service.FIELDS, "error": error},
        status_code=422 if error else 200,
    )


@router.post("/records/{record_pk}/sex", dependencies=[page_gate("link.decide")])
def decide_sex(
    request: Request,
    db: SessionDep,
    actor: PageActor,
    record_pk: Id,
    verdict: Annotated[str, Form(max_length=10)],
    reason: Annotated[str, Form(max_length=2000)] = "",
    back: Annotated[str, Form(max_length=10)] = "record",
) -> Response:
    """A reviewer says the sex a record gives is wrong (or withdraws that); from the review
    page's list of overruled sexes, ``back=review`` returns there."""
    try:
        decisions.decide_sex(
            session=db, actor=actor, record_pk=record_pk, verdict=verdict, reason=reason
        )
    except Invalid as exc:
        db.rollback()
        return _record(request, db, actor, record_pk, error=str(exc))
    target = "/review" if back == "review" else f"/records/{record_pk}"
    return RedirectResponse(target, status_code=303)
