"""Linking at a glance: the runs (the server starts one after each import), their failures,
and the records waiting for one."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from ridni.linkage import runs
from ridni.web.casework import add_nav
from ridni.web.deps import PageActor, SessionDep, page_gate
from ridni.web.rendering import render

router = APIRouter(include_in_schema=False, prefix="/linking")
add_nav("/linking", "nav.linking", "linkage.view")


@router.get("", dependencies=[page_gate("linkage.view")])
def linking_page(request: Request, db: SessionDep, actor: PageActor) -> Response:
    state = runs.linking_state(session=db, actor=actor)
    settings = request.app.state.settings
    return render(
        request,
        "linking/runs.html",
        {"state": state, "after_import": settings.link_after_import},
    )
