"""Sources and, for each, its import history."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import Response

from ridni.registry import sources as source_service
from ridni.web.deps import PageActor, SessionDep, page_gate
from ridni.web.rendering import render

router = APIRouter(include_in_schema=False, prefix="/sources")


@router.get("", dependencies=[page_gate("source.view")])
def sources_page(request: Request, db: SessionDep, actor: PageActor) -> Response:
    rows = source_service.list_sources(session=db, actor=actor)
    return render(request, "sources/page.html", {"sources": rows})


@router.get("/{source_id}", dependencies=[page_gate("source.view")])
def source_page(
    request: Request,
    db: SessionDep,
    actor: PageActor,
    source_id: Annotated[int, Path(ge=1, le=2**31 - 1)],
) -> Response:
    detail = source_service.source_detail(session=db, actor=actor, source_id=source_id)
    return render(request, "sources/detail.html", {"detail": detail})
