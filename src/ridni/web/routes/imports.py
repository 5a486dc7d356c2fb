"""Import history, one import's report, and uploading a file to import."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, File, Form, Path, Query, Request, UploadFile
from fastapi.responses import Response

from ridni.errors import Forbidden, Invalid
from ridni.ingest.models import SOURCE_KINDS
from ridni.registry import sources as source_service
from ridni.web.deps import PageActor, SessionDep, page_gate
from ridni.web.rendering import render

router = APIRouter(include_in_schema=False, prefix="/imports")
PAGE_SIZE = 50


@router.get("", dependencies=[page_gate("import.view")])
def imports_page(
    request: Request,
    db: SessionDep,
    actor: PageActor,
    before: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
) -> Response:
    rows = source_service.list_batches(session=db, actor=actor, limit=PAGE_SIZE, before_id=before)
    more = rows[-1][0].id if len(rows) == PAGE_SIZE else None
    return render(request, "imports/page.html", {"batches": rows, "next_before": more})


def _upload_form(request: Request, db: SessionDep, actor: PageActor, **extra: object) -> Response:
    context = {
        "kinds": SOURCE_KINDS,
        "sources": source_service.source_kinds_for(session=db, actor=actor),
        **extra,
    }
    status = 422 if extra.get("errors") else 200
    return render(request, "imports/new.html", context, status_code=status)


@router.get("/new", dependencies=[page_gate("import.create")])
def upload_page(request: Request, db: SessionDep, actor: PageActor) -> Response:
    return _upload_form(request, db, actor)


@router.post("/new", dependencies=[page_gate("import.create")])
def upload(
    request: Request,
    db: SessionDep,
    actor: PageActor,
    background: BackgroundTasks,
    file: Annotated[UploadFile, File()],
    source: Annotated[str, Form(max_length=100)],
    kind: Annotated[str, Form(max_length=40)],
    description: Annotated[str, Form(max_length=2000)] = "",
    dry_run: Annotated[bool, Form()] = False,
    partial: Annotated[bool, Form()] = False,
) -> Response:
    form = {"source": source, "kind": kind, "description": description, "dry_run": dry_run}
    try:
        report = source_service.import_upload(
            session=db,
            actor=actor,
            stream=file.file,
            file_name=file.filename or "",
            source=source,
            kind=kind,
            dry_run=dry_run,
            full_version=False if partial else None,
            description=description,
        )
    except (Invalid, Forbidden) as exc:
        errors = getattr(exc, "errors", None) or [exc]
        truncated = bool(getattr(exc, "truncated", False))
        return _upload_form(request, db, actor, errors=errors, truncated=truncated, form=form)
    # Runs after the response, so after the request's session has committed the import.
    settings = request.app.state.settings
    background.add_task(source_service.link_after_upload, report, settings, actor.username)
    linking = source_service.links_after_upload(report, settings)
    return _upload_form(request, db, actor, report=report, form=form, linking=linking)


@router.get("/{batch_id}", dependencies=[page_gate("import.view")])
def batch_page(
    request: Request,
    db: SessionDep,
    actor: PageActor,
    batch_id: Annotated[int, Path(ge=1, le=2**31 - 1)],
) -> Response:
    batch, source = source_service.batch_detail(session=db, actor=actor, batch_id=batch_id)
    linking = source_service.batch_linking(session=db, actor=actor, batch_id=batch_id)
    return render(
        request, "imports/batch.html", {"batch": batch, "source": source, "linking": linking}
    )
