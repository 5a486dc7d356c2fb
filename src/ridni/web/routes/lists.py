"""Negotiation lists: drafting, the draft's children and flags, freezing, exports, replies."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, File, Form, Path, Query, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from ridni.errors import Conflict, Invalid
from ridni.exports import lists as exports
from ridni.lists import service
from ridni.lists.channels import list_channels
from ridni.lists.replies import reconcile
from ridni.security.policy import can
from ridni.web.casework import add_nav, form_int
from ridni.web.deps import PageActor, SessionDep, is_htmx, page_gate
from ridni.web.rendering import render

router = APIRouter(include_in_schema=False, prefix="/lists")
add_nav("/lists", "nav.lists", "list.view")
Id = Annotated[int, Path(ge=1, le=2**31 - 1)]
Reason = Annotated[str, Form(max_length=2000)]
PAGE = 200
MAX_REPLY = 20 * 1024 * 1024


@router.get("", dependencies=[page_gate("list.view")])
def lists_page(request: Request, db: SessionDep, actor: PageActor) -> Response:
    return _lists(request, db, actor)


def _lists(
    request: Request,
    db: SessionDep,
    actor: PageActor,
    error: str | None = None,
    form: dict[str, str] | None = None,
) -> Response:
    channels = list_channels(session=db, actor=actor) if can(actor, "channel.view") else []
    context = {
        "rows": service.list_lists(session=db, actor=actor),
        "channels": channels,
        "error": error,
        "form": form or {},
    }
    return render(request, "lists/page.html", context, status_code=422 if error else 200)


@router.post("", dependencies=[page_gate("list.draft")])
def draft(
    request: Request,
    db: SessionDep,
    actor: PageActor,
    channel_id: Annotated[int, Form(ge=1, le=2**31 - 1)],
    name: Annotated[str, Form(max_length=200)] = "",
    region: Annotated[str, Form(max_length=200)] = "",
    min_age: Annotated[str, Form(max_length=3)] = "",
    max_age: Annotated[str, Form(max_length=3)] = "",
    institution: Annotated[str, Form(max_length=300)] = "",
) -> Response:
    form = {
        "name": name,
        "region": region,
        "min_age": min_age,
        "max_age": max_age,
        "institution": institution,
    }
    try:
        filters = service.Filters(
            region=region or None,
            min_age=form_int(min_age, "min_age"),
            max_age=form_int(max_age, "max_age"),
            institution=institution or None,
        )
        result = service.draft_list(
            session=db, actor=actor, channel_id=channel_id, name=name, filters=filters
        )
    except (Invalid, Conflict) as exc:
        db.rollback()
        return _lists(request, db, actor, str(exc), form)
    return RedirectResponse(f"/lists/{result.list.id}", status_code=303)


@router.get("/{list_id}", dependencies=[page_gate("list.view")])
def list_page(
    request: Request,
    db: SessionDep,
    actor: PageActor,
    list_id: Id,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> Response:
    return _list(request, db, actor, list_id, offset=offset)


def _list(
    request: Request,
    db: SessionDep,
    actor: PageActor,
    list_id: int,
    *,
    offset: int = 0,
    error: str | None = None,
    notice: str | None = None,
    status_code: int = 200,
) -> Response:
    view = service.list_detail(session=db, actor=actor, list_id=list_id, limit=PAGE, offset=offset)
    context = {
        "view": view,
        "offset": offset,
        "page": PAGE,
        "error": error,
        "notice": notice,
        "split_groups": service.sibling_check(db, list_id),
        "formats": exports.FORMATS,
    }
    template = "lists/_entries.html" if is_htmx(request) and offset else "lists/detail.html"
    return render(request, template, context, status_code=status_code)


def _change(request: Request, db: SessionDep, actor: PageActor, list_id: int, action) -> Response:  # type: ignore[no-untyped-def]
    try:
        action()
    except (Invalid, Conflict) as exc:
        db.rollback()
        return _list(
            request,
            db,
            actor,
            list_id,
            error=str(exc),
            status_code=409 if isinstance(exc, Conflict) else 422,
        )
    return RedirectResponse(f"/lists/{list_id}", status_code=303)


@router.post("/{list_id}/entries", dependencies=[page_gate("list.draft")])
def add(
    request: Request,
    db: SessionDep,
    actor: PageActor,
    list_id: Id,
    case_id: Annotated[int, Form(ge=1, le=2**31 - 1)],
) -> Response:
    return _change(
        request,
        db,
        actor,
        list_id,
        lambda: service.add_case(session=db, actor=actor, list_id=list_id, case_id=case_id),
    )


@router.post("/{list_id}/entries/{entry_id}/remove", dependencies=[page_gate("list.draft")])
def remove(
    request: Request,
    db: SessionDep,
    actor: PageActor,
    list_id: Id,
    entry_id: Id,
    reason: Reason = "",
    split_siblings: Annotated[bool, Form()] = False,
) -> Response:
    return _change(
        request,
        db,
        actor,
        list_id,
        lambda: service.remove_entry(
            session=db,
            actor=actor,
            list_id=list_id,
            entry_id=entry_id,
            reason=reason,
            split_siblings=split_siblings,
        ),
    )


@router.post("/{list_id}/freeze", dependencies=[page_gate("list.freeze")])
def freeze(request: Request, db: SessionDep, actor: PageActor, list_id: Id) -> Response:
    return _change(
        request,
        db,
        actor,
        list_id,
        lambda: service.freeze_list(session=db, actor=actor, list_id=list_id),
    )


@router.post("/{list_id}/close", dependencies=[page_gate("list.draft")])
def close(
    request: Request, db: SessionDep, actor: PageActor, list_id: Id, reason: Reason = ""
) -> Response:
    return _change(
        request,
        db,
        actor,
        list_id,
        lambda: service.close_list(session=db, actor=actor, list_id=list_id, reason=reason),
    )


@router.get("/{list_id}/versions/{number}/export/{fmt}", dependencies=[page_gate("list.export")])
def export(
    db: SessionDep,
    actor: PageActor,
    list_id: Id,
    number: Id,
    fmt: Annotated[str, Path(max_length=5)],
) -> Response:
    exported = exports.export_version(
        session=db, actor=actor, list_id=list_id, number=number, fmt=fmt
    )
    return Response(
        exported.data,
        media_type=exported.media_type,
        headers={
            "Content-Disposition": f"attachment; filename*=UTF-8''{quote(exported.name)}",
            "X-Content-SHA256": exported.sha256,
            "Cache-Control": "no-store",
        },
    )


@router.post("/{list_id}/versions/{number}/reconcile", dependencies=[page_gate("list.reconcile")])
def reply(
    request: Request,
    db: SessionDep,
    actor: PageActor,
    list_id: Id,
    number: Id,
    file: Annotated[UploadFile, File()],
) -> Response:
    data = file.file.read(MAX_REPLY + 1)
    try:
        if len(data) > MAX_REPLY:
            raise Invalid(f"the reply is larger than {MAX_REPLY:,} bytes", file=file.filename)
        result = reconcile(
            session=db,
            actor=actor,
            list_id=list_id,
            number=number,
            data=data,
            file_name=file.filename or "reply",
        )
    except (Invalid, Conflict) as exc:
        db.rollback()
        return _list(request, db, actor, list_id, error=str(exc), status_code=422)
    notice = ", ".join(f"{k}: {n}" for k, n in sorted(result.effects.items()))
    return _list(request, db, actor, list_id, notice=notice)
