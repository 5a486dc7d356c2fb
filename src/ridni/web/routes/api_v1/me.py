"""Who the token stands for."""

from __future__ import annotations

from fastapi import APIRouter

from ridni.security.policy import allowed_actions
from ridni.web.deps import ApiActor
from ridni.web.routes.api_v1.schemas import MeOut

router = APIRouter(tags=["account"])


@router.get("/me", response_model=MeOut, name="api_me")
def me(actor: ApiActor) -> MeOut:
    """The token's user, role, organisation and the actions it may take."""
    return MeOut(
        username=actor.username,
        role=actor.role,
        organisation_id=actor.organisation_id,
        actions=sorted(allowed_actions(actor.role)),
    )
