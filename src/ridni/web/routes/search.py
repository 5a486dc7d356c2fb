"""The one search box. A full page, or just the results when htmx asks (live search)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from ridni.registry import search as search_service
from ridni.web.deps import PageActor, SessionDep, is_htmx, page_gate, release_audit_chain
from ridni.web.rendering import render

router = APIRouter(include_in_schema=False)


@router.get("/search", dependencies=[page_gate("search")])
def search_page(
    request: Request,
    db: SessionDep,
    actor: PageActor,
    q: Annotated[str, Query(max_length=search_service.MAX_QUERY_LENGTH)] = "",
) -> Response:
    result = search_service.search(session=db, actor=actor, query=q) if q.strip() else None
    release_audit_chain(db)
    template = "search/_results.html" if is_htmx(request) else "search/page.html"
    return render(request, template, {"q": q, "result": result})
