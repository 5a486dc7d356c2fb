"""Cases: the list, one case with its workflow, and the work on it (notes, tasks, evidence,
attachments). Every form posts, the service decides, and the page comes back (or an error)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, File, Form, Path, Query, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from ridni.cases import service, work
from ridni.cases.workflow import STATUSES
from ridni.config import get_settings
from ridni.errors import Conflict, Invalid
from ridni.lists import service as list_service
from ridni.lists.channels import list_channels
from ridni.security.policy import can
from ridni.web.casework import add_nav, form_date, form_int
from ridni.web.deps import PageActor, SessionDep, is_htmx, page_gate
from ridni.web.rendering import render

router = APIRouter(include_in_schema=False, prefix="/cases")
add_nav("/cases", "nav.cases", "case.view")
PAGE = 50
Id = Annotated[int, Path(ge=1, le=2**31 - 1)]
Text = Annotated[str, Form(max_length=10_000)]
Short = Annotated[str, Form(max_length=2000)]


@router.get("", dependencies=[page_gate("case.view")])
def cases_page(
    request: Request,
    db: SessionDep,
    actor: PageActor,
    status: Annotated[str | None, Query(max_length=20)] = None,
    assigned: Annotated[str | None, Query(max_length=100)] = None,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> Response:
    status = status or None
    total, rows = service.list_cases(
        session=db,
        actor=actor,
        status=status,
        assigned_to=assigned or None,
        limit=PAGE,
        offset=offset,
    )
    tasks = work.open_tasks(session=db, actor=actor, assigned_to=actor.username, limit=20)
    context = {
        "rows": rows,
        "total": total,
        "statuses": STATUSES,
        "status": status,
        "assigned": assigned or "",
        "offset": offset,
        "page": PAGE,
        "tasks": tasks,
    }
    template = "cases/_rows.html" if is_htmx(request) else "cases/page.html"
    return render(request, template, context)


@router.post("", dependencies=[page_gate("case.open")])
def open_case(
    request: Request,
    db: SessionDep,
    actor: PageActor,
    person_id: Annotated[int, Form(ge=1, le=2**31 - 1)],
    summary: Text = "",
) -> Response:
    try:
        case = service.open_case(session=db, actor=actor, person_id=person_id, summary=summary)
    except Conflict as exc:
        db.rollback()
        return render(request, "error.html", _error_context(409, str(exc)), status_code=409)
    return RedirectResponse(f"/cases/{case.id}", status_code=303)


def _error_context(status: int, message: str) -> dict[str, Any]:
    return {
        "status": status,
        "message": message,
        "title_key": f"error.{status}",
        "text_key": f"error.{status}.text",
        "show_message": True,
        "reference": None,
        "trace": None,
    }


@router.get("/{case_id}", dependencies=[page_gate("case.view")])
def case_page(request: Request, db: SessionDep, actor: PageActor, case_id: Id) -> Response:
    return _case(request, db, actor, case_id)


def _case(
    request: Request,
    db: SessionDep,
    actor: PageActor,
    case_id: int,
    *,
    error: str | None = None,
    status_code: int = 200,
) -> Response:
    view = service.case_detail(session=db, actor=actor, case_id=case_id)
    done = work.case_work(session=db, actor=actor, case_id=case_id)
    on_lists = replies = []
    if can(actor, "list.view"):
        on_lists = list_service.lists_for_case(session=db, actor=actor, case_id=case_id)
        replies = list_service.replies_for_case(session=db, actor=actor, case_id=case_id)
    channels = list_channels(session=db, actor=actor) if can(actor, "channel.view") else []
    context = {
        "view": view,
        "case": view.case,
        "work": done,
        "on_lists": on_lists,
        "replies": replies,
        "channels": channels,
        "error": error,
        "evidence_kinds": work.EVIDENCE_KINDS,
        "assignable": service.assignable_users(session=db, actor=actor),
    }
    return render(request, "cases/detail.html", context, status_code=status_code)


def _act(
    request: Request,
    db: SessionDep,
    actor: PageActor,
    case_id: int,
    action: Callable[[], object],
    fragment: str | None = None,
) -> Response:
    """Run a change; back to the case (or a fragment for htmx), or the page with the error."""
    try:
        action()
    except (Invalid, Conflict) as exc:
        db.rollback()
        return _case(
            request,
            db,
            actor,
            case_id,
            error=str(exc),
            status_code=409 if isinstance(exc, Conflict) else 422,
        )
    if fragment and is_htmx(request):
        done = work.case_work(session=db, actor=actor, case_id=case_id)
        return render(
            request, fragment, {"case": service.get_case(db, actor, case_id), "work": done}
        )
    return RedirectResponse(f"/cases/{case_id}", status_code=303)


@router.post("/{case_id}/move", dependencies=[page_gate("case.update")])
def move(
    request: Request,
    db: SessionDep,
    actor: PageActor,
    case_id: Id,
    to: Annotated[str, Form(max_length=20)],
    reason: Short = "",
    closing_reason: Annotated[str, Form(max_length=40)] = "",
    return_date: Annotated[str, Form(max_length=20)] = "",
    return_channel: Annotated[str, Form(max_length=12)] = "",
    duplicate_of: Annotated[str, Form(max_length=12)] = "",
) -> Response:
    def action() -> None:
        service.move_case(
            session=db,
            actor=actor,
            case_id=case_id,
            to=to,
            reason=reason,
            closing_reason=closing_reason or None,
            return_date=form_date(return_date, "return_date"),
            return_channel=form_int(return_channel, "return_channel"),
            duplicate_of=form_int(duplicate_of, "duplicate_of"),
        )

    return _act(request, db, actor, case_id, action)


@router.post("/{case_id}/location", dependencies=[page_gate("case.update")])
def location(
    request: Request, db: SessionDep, actor: PageActor, case_id: Id, location: Short = ""
) -> Response:
    return _act(
        request,
        db,
        actor,
        case_id,
        lambda: service.set_location(session=db, actor=actor, case_id=case_id, location=location),
    )


@router.post("/{case_id}/assign", dependencies=[page_gate("case.update")])
def assign(
    request: Request,
    db: SessionDep,
    actor: PageActor,
    case_id: Id,
    username: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    return _act(
        request,
        db,
        actor,
        case_id,
        lambda: service.assign_case(
            session=db, actor=actor, case_id=case_id, username=username or None
        ),
    )


@router.post("/{case_id}/notes", dependencies=[page_gate("case.update")])
def note(
    request: Request, db: SessionDep, actor: PageActor, case_id: Id, text: Text = ""
) -> Response:
    return _act(
        request,
        db,
        actor,
        case_id,
        lambda: work.add_note(session=db, actor=actor, case_id=case_id, text=text),
        fragment="cases/_notes.html",
    )


@router.post("/{case_id}/tasks", dependencies=[page_gate("case.update")])
def task(
    request: Request,
    db: SessionDep,
    actor: PageActor,
    case_id: Id,
    title: Annotated[str, Form(max_length=500)] = "",
    due_date: Annotated[str, Form(max_length=20)] = "",
    assigned_to: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    return _act(
        request,
        db,
        actor,
        case_id,
        lambda: work.add_task(
            session=db,
            actor=actor,
            case_id=case_id,
            title=title,
            due_date=form_date(due_date, "due_date"),
            assigned_to=assigned_to or None,
        ),
        fragment="cases/_tasks.html",
    )


@router.post("/{case_id}/tasks/{task_id}/done", dependencies=[page_gate("case.update")])
def task_done(
    request: Request, db: SessionDep, actor: PageActor, case_id: Id, task_id: Id
) -> Response:
    return _act(
        request,
        db,
        actor,
        case_id,
        lambda: work.complete_task(session=db, actor=actor, case_id=case_id, task_id=task_id),
        fragment="cases/_tasks.html",
    )


@router.post("/{case_id}/evidence", dependencies=[page_gate("case.update")])
def evidence(
    request: Request,
    db: SessionDep,
    actor: PageActor,
    case_id: Id,
    kind: Annotated[str, Form(max_length=40)],
    description: Text = "",
    attachment_id: Annotated[str, Form(max_length=12)] = "",
) -> Response:
    return _act(
        request,
        db,
        actor,
        case_id,
        lambda: work.add_evidence(
            session=db,
            actor=actor,
            case_id=case_id,
            kind=kind,
            description=description,
            attachment_id=form_int(attachment_id, "attachment_id"),
        ),
    )


@router.post("/{case_id}/attachments", dependencies=[page_gate("case.update")])
def attach(
    request: Request,
    db: SessionDep,
    actor: PageActor,
    case_id: Id,
    file: Annotated[UploadFile, File()],
    description: Short = "",
) -> Response:
    limit = get_settings().attachment_max_bytes
    data = file.file.read(limit + 1)  # one byte more than allowed tells a file too large
    return _act(
        request,
        db,
        actor,
        case_id,
        lambda: work.add_attachment(
            session=db,
            actor=actor,
            case_id=case_id,
            data=data,
            file_name=file.filename,
            description=description,
        ),
    )


@router.get("/{case_id}/attachments/{attachment_id}", dependencies=[page_gate("case.view")])
def download(db: SessionDep, actor: PageActor, case_id: Id, attachment_id: Id) -> Response:
    attachment, data = work.read_attachment(
        session=db, actor=actor, case_id=case_id, attachment_id=attachment_id
    )
    return Response(
        data,
        media_type=attachment.content_type,
        headers={
            "Content-Disposition": f"attachment; filename*=UTF-8''{quote(attachment.file_name)}",
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "no-store",
        },
    )
