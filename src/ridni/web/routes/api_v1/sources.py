"""Sources, import history and importing a file."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, File, Form, Path, Query, Request, UploadFile
from fastapi.responses import JSONResponse

from ridni.errors import Invalid
from ridni.ingest.models import SOURCE_KINDS, ImportBatch, Source
from ridni.registry import sources as source_service
from ridni.registry.sources import SourceRow
from ridni.web.deps import ApiActor, SessionDep, api_gate
from ridni.web.routes.api_v1.registry import ERRORS
from ridni.web.routes.api_v1.schemas import (
    BatchDetailOut,
    BatchOut,
    ImportErrorOut,
    ImportProblemOut,
    ImportReportOut,
    SourceDetailOut,
    SourceOut,
)

router = APIRouter(tags=["sources"])
Id = Annotated[int, Path(ge=1, le=2**31 - 1)]


def _source_out(row: SourceRow) -> dict[str, object]:
    return {
        "id": row.id,
        "name": row.name,
        "kind": row.kind,
        "description": row.description,
        "records": row.records,
        "batches": row.batches,
        "last_import": row.last_import,
    }


def _batch_out(batch: ImportBatch, source: Source) -> BatchOut:
    data = {k: getattr(batch, k) for k in BatchOut.model_fields if k != "source"}
    return BatchOut(**data, source=source.name)


@router.get(
    "/sources",
    dependencies=[api_gate("source.view")],
    response_model=list[SourceOut],
    responses=ERRORS,
    name="api_sources",
)
def sources(db: SessionDep, actor: ApiActor) -> list[SourceOut]:
    """Sources within the token's scope, with record and import counts."""
    return [
        SourceOut(**_source_out(r)) for r in source_service.list_sources(session=db, actor=actor)
    ]


@router.get(
    "/sources/{source_id}",
    dependencies=[api_gate("source.view")],
    response_model=SourceDetailOut,
    responses=ERRORS,
    name="api_source",
)
def source(db: SessionDep, actor: ApiActor, source_id: Id) -> SourceDetailOut:
    """One source and its import history, newest first."""
    detail = source_service.source_detail(session=db, actor=actor, source_id=source_id)
    src = db.get(Source, source_id)
    assert src is not None
    imports = [_batch_out(b, src) for b in detail.batches]
    return SourceDetailOut(**_source_out(detail.source), imports=imports)


@router.get(
    "/imports",
    dependencies=[api_gate("import.view")],
    response_model=list[BatchOut],
    responses=ERRORS,
    name="api_imports",
)
def imports(
    db: SessionDep,
    actor: ApiActor,
    before: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[BatchOut]:
    """Import batches, newest first; page with ``before`` (a batch id)."""
    rows = source_service.list_batches(session=db, actor=actor, limit=limit, before_id=before)
    return [_batch_out(b, s) for b, s in rows]


@router.get(
    "/imports/{batch_id}",
    dependencies=[api_gate("import.view")],
    response_model=BatchDetailOut,
    responses=ERRORS,
    name="api_import",
)
def batch(db: SessionDep, actor: ApiActor, batch_id: Id) -> BatchDetailOut:
    """One import batch, its counts, and how many of its new records are linked."""
    b, s = source_service.batch_detail(session=db, actor=actor, batch_id=batch_id)
    linking = source_service.batch_linking(session=db, actor=actor, batch_id=batch_id)
    return BatchDetailOut(
        **_batch_out(b, s).model_dump(),
        new_records_linked=linking.linked,
        new_records_waiting=linking.waiting,
    )


@router.post(
    "/imports",
    dependencies=[api_gate("import.create")],
    response_model=ImportReportOut,
    status_code=201,
    responses={**ERRORS, 422: {"model": ImportProblemOut, "description": "The file was refused"}},
    name="api_import_create",
)
def create_import(
    request: Request,
    db: SessionDep,
    actor: ApiActor,
    background: BackgroundTasks,
    file: Annotated[UploadFile, File(description="CSV, XLSX or JSONL in the canonical format")],
    source: Annotated[str, Form(min_length=1, max_length=100, pattern=r"^[a-z0-9][a-z0-9_.\-]*$")],
    kind: Annotated[str, Form(description=f"One of: {', '.join(SOURCE_KINDS)}")],
    description: Annotated[str | None, Form(max_length=2000)] = None,
    dry_run: Annotated[bool, Form()] = False,
    partial: Annotated[
        bool, Form(description="Do not withdraw records missing from the file")
    ] = False,
) -> ImportReportOut | JSONResponse:
    """Import a file with the same validation and report as ``ridni import``; nothing is
    written when any row is refused, and the refusal names file, line and field."""
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
    except Invalid as exc:
        errors = getattr(exc, "errors", None) or [exc]
        body = ImportProblemOut(
            detail=str(exc),
            errors=[
                ImportErrorOut(file=e.file, line=e.line, field=e.field, message=e.message)
                for e in errors
            ],
            truncated=bool(getattr(exc, "truncated", False)),
        )
        return JSONResponse(body.model_dump(), status_code=422)
    # Runs after the response, so after the request's session has committed the import.
    background.add_task(
        source_service.link_after_upload, report, request.app.state.settings, actor.username
    )
    return ImportReportOut(**{k: getattr(report, k) for k in ImportReportOut.model_fields})
