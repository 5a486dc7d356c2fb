"""Linking runs and the records waiting for one."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

from fastapi import APIRouter, Query

from ridni.linkage import runs
from ridni.web.deps import ApiActor, SessionDep, api_gate
from ridni.web.routes.api_v1.registry import ERRORS
from ridni.web.routes.api_v1.schemas import LinkageRunOut, LinkingOut

router = APIRouter(prefix="/linkage", tags=["linkage"])


@router.get(
    "/runs",
    dependencies=[api_gate("linkage.view")],
    response_model=LinkingOut,
    responses=ERRORS,
    name="api_linkage_runs",
)
def linkage_runs(
    db: SessionDep, actor: ApiActor, limit: Annotated[int, Query(ge=1, le=500)] = 50
) -> LinkingOut:
    """The latest linking runs (the server starts one after each import) with their timings
    and failures, and how many records wait for the next one."""
    state = runs.linking_state(session=db, actor=actor, limit=limit)
    return LinkingOut(
        waiting=state.waiting,
        changed=state.changed,
        runs=[LinkageRunOut(**asdict(run)) for run in state.runs],
    )
