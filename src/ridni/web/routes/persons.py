"""The person page and the record page."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import Response

from ridni.registry import persons as person_service
from ridni.web.deps import PageActor, SessionDep, page_gate
from ridni.web.rendering import render

router = APIRouter(include_in_schema=False)
Id = Annotated[int, Path(ge=1, le=2**31 - 1)]


@router.get("/persons/{person_id}", dependencies=[page_gate("person.view")])
def person_page(request: Request, db: SessionDep, actor: PageActor, person_id: Id) -> Response:
    view = person_service.person_detail(session=db, actor=actor, person_id=person_id)
    return render(request, "persons/page.html", {"person": view})


@router.get("/records/{record_pk}", dependencies=[page_gate("record.view")])
def record_page(request: Request, db: SessionDep, actor: PageActor, record_pk: Id) -> Response:
    detail = person_service.record_detail(session=db, actor=actor, record_pk=record_pk)
    return render(
        request, "persons/record.html", {"detail": detail, "fields": person_service.FIELDS}
    )
