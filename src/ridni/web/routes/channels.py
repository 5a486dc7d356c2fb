"""Channels and their disclosure policies (the fields each may receive)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Path, Request
from fastapi.responses import RedirectResponse, Response

from ridni.errors import Conflict, Invalid
from ridni.lists.channels import create_channel, list_channels, set_channel_fields
from ridni.lists.fields import CHOOSABLE, FIELDS
from ridni.web.casework import FormFields, add_nav
from ridni.web.deps import PageActor, SessionDep, page_gate
from ridni.web.rendering import render

router = APIRouter(include_in_schema=False, prefix="/channels")
add_nav("/channels", "nav.channels", "channel.view")
Id = Annotated[int, Path(ge=1, le=2**31 - 1)]


def _page(request: Request, db: SessionDep, actor: PageActor, error: str | None = None) -> Response:
    context = {
        "channels": list_channels(session=db, actor=actor),
        "fields": FIELDS,
        "choosable": CHOOSABLE,
        "error": error,
    }
    return render(request, "channels/page.html", context, status_code=422 if error else 200)


@router.get("", dependencies=[page_gate("channel.view")])
def channels_page(request: Request, db: SessionDep, actor: PageActor) -> Response:
    return _page(request, db, actor)


def _chosen(fields: dict[str, str]) -> list[str]:
    return [k for k in CHOOSABLE if fields.get(f"field_{k}")]


@router.post("", dependencies=[page_gate("channel.manage")])
def create(
    request: Request,
    db: SessionDep,
    actor: PageActor,
    fields: FormFields,
    name: Annotated[str, Form(max_length=200)] = "",
    description: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    try:
        create_channel(
            session=db, actor=actor, name=name, fields=_chosen(fields), description=description
        )
    except (Invalid, Conflict) as exc:
        db.rollback()
        return _page(request, db, actor, str(exc))
    return RedirectResponse("/channels", status_code=303)


@router.post("/{channel_id}/fields", dependencies=[page_gate("channel.manage")])
def change_fields(
    request: Request, db: SessionDep, actor: PageActor, channel_id: Id, fields: FormFields
) -> Response:
    try:
        set_channel_fields(session=db, actor=actor, channel_id=channel_id, fields=_chosen(fields))
    except Invalid as exc:
        db.rollback()
        return _page(request, db, actor, str(exc))
    return RedirectResponse("/channels", status_code=303)
