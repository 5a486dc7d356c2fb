"""Channels, negotiation lists and statistics over the API."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, File, Path, Query, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel, Field

from ridni.errors import Invalid
from ridni.exports import lists as exports
from ridni.lists import service, stats
from ridni.lists.channels import create_channel, list_channels
from ridni.lists.replies import reconcile
from ridni.web.deps import ApiActor, SessionDep, api_gate
from ridni.web.routes.api_v1.casework import ERRORS, MAX_ID

router = APIRouter(tags=["channels, lists and statistics"])
Id = Annotated[int, Path(ge=1, le=2**31 - 1)]
MAX_REPLY = 20 * 1024 * 1024


class ChannelOut(BaseModel):
    id: int
    name: str
    description: str | None
    allowed_fields: list[str]
    active: bool


class ChannelIn(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    fields: list[str] = Field(min_length=1, max_length=20)
    description: str | None = Field(None, max_length=2000)


class ListRowOut(BaseModel):
    id: int
    name: str
    channel: str
    status: str
    entries: int
    versions: int


class DraftIn(BaseModel):
    channel_id: int = Field(ge=1, le=MAX_ID)
    name: str = Field(min_length=1, max_length=200)
    region: str | None = Field(None, max_length=200)
    min_age: int | None = Field(None, ge=0, le=30)
    max_age: int | None = Field(None, ge=0, le=30)
    institution: str | None = Field(None, max_length=300)


class EntryOut(BaseModel):
    id: int
    ref: str
    case_id: int
    case_status: str
    name: str | None
    birth_date: str | None
    sibling_group: int | None
    flags: dict[str, Any] | None


class VersionOut(BaseModel):
    number: int
    n_entries: int
    content_hash: str
    frozen_by: str
    frozen_at: datetime
    replies: dict[str, int]


class ListOut(BaseModel):
    id: int
    name: str
    channel: ChannelOut
    status: str
    n_entries: int
    entries: list[EntryOut]
    versions: list[VersionOut]


class ReconcileOut(BaseModel):
    lines: int
    outcomes: dict[str, int]
    effects: dict[str, int]


class OpenListOut(BaseModel):
    id: int
    name: str
    channel: str
    versions: int
    sent: int
    replied: int
    outcomes: dict[str, int]


class StatsOut(BaseModel):
    total: int
    by_status: dict[str, int]
    returns: list[tuple[str, str, int]] = Field(description="(month, channel, returns)")
    open_lists: list[OpenListOut]
    per_caseworker: list[tuple[str | None, dict[str, int]]]


def _channel(c: Any) -> ChannelOut:
    return ChannelOut(
        id=c.id,
        name=c.name,
        description=c.description,
        allowed_fields=c.allowed_fields,
        active=c.active,
    )


@router.get(
    "/channels",
    response_model=list[ChannelOut],
    responses=ERRORS,
    name="api_channels",
    dependencies=[api_gate("channel.view")],
)
def channels(db: SessionDep, actor: ApiActor) -> list[ChannelOut]:
    """Channels and the fields each may receive."""
    return [_channel(c) for c in list_channels(session=db, actor=actor)]


@router.post(
    "/channels",
    response_model=ChannelOut,
    responses=ERRORS,
    name="api_channel_create",
    status_code=201,
    dependencies=[api_gate("channel.manage")],
)
def channel_create(db: SessionDep, actor: ApiActor, body: ChannelIn) -> ChannelOut:
    """Create a channel with its disclosure policy."""
    return _channel(
        create_channel(
            session=db,
            actor=actor,
            name=body.name,
            fields=body.fields,
            description=body.description,
        )
    )


@router.get(
    "/lists",
    response_model=list[ListRowOut],
    responses=ERRORS,
    name="api_lists",
    dependencies=[api_gate("list.view")],
)
def lists(db: SessionDep, actor: ApiActor) -> list[ListRowOut]:
    """Negotiation lists, newest first."""
    return [
        ListRowOut(id=n.id, name=n.name, channel=c.name, status=n.status, entries=e, versions=v)
        for n, c, e, v in service.list_lists(session=db, actor=actor)
    ]


@router.post(
    "/lists",
    response_model=ListOut,
    responses=ERRORS,
    name="api_list_draft",
    status_code=201,
    dependencies=[api_gate("list.draft")],
)
def draft(db: SessionDep, actor: ApiActor, body: DraftIn) -> ListOut:
    """Draft a list from verified cases (siblings together, children on other lists flagged)."""
    filters = service.Filters(
        region=body.region, min_age=body.min_age, max_age=body.max_age, institution=body.institution
    )
    result = service.draft_list(
        session=db, actor=actor, channel_id=body.channel_id, name=body.name, filters=filters
    )
    return _list_out(db, actor, result.list.id)


@router.get(
    "/lists/{list_id}",
    response_model=ListOut,
    responses=ERRORS,
    name="api_list",
    dependencies=[api_gate("list.view")],
)
def list_detail(
    db: SessionDep,
    actor: ApiActor,
    list_id: Id,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> ListOut:
    """A list with one page of its entries, its versions and their replies."""
    return _list_out(db, actor, list_id, limit, offset)


def _list_out(
    db: SessionDep, actor: ApiActor, list_id: int, limit: int = 200, offset: int = 0
) -> ListOut:
    view = service.list_detail(session=db, actor=actor, list_id=list_id, limit=limit, offset=offset)
    return ListOut(
        id=view.list.id,
        name=view.list.name,
        channel=_channel(view.channel),
        status=view.list.status,
        n_entries=view.n_entries,
        entries=[
            EntryOut(
                id=r.entry.id,
                ref=r.entry.ref,
                case_id=r.entry.case_id,
                case_status=r.case_status,
                name=r.name,
                birth_date=r.birth_date,
                sibling_group=r.entry.sibling_group,
                flags=r.entry.flags,
            )
            for r in view.entries
        ],
        versions=[
            VersionOut(
                number=v.number,
                n_entries=v.n_entries,
                content_hash=v.content_hash,
                frozen_by=v.frozen_by,
                frozen_at=v.frozen_at,
                replies=view.replies.get(v.id, {}),
            )
            for v in view.versions
        ],
    )


@router.post(
    "/lists/{list_id}/freeze",
    response_model=VersionOut,
    responses=ERRORS,
    name="api_list_freeze",
    status_code=201,
    dependencies=[api_gate("list.freeze")],
)
def freeze(db: SessionDep, actor: ApiActor, list_id: Id) -> VersionOut:
    """Freeze the draft as an immutable version with the SHA-256 of its content."""
    v = service.freeze_list(session=db, actor=actor, list_id=list_id)
    return VersionOut(
        number=v.number,
        n_entries=v.n_entries,
        content_hash=v.content_hash,
        frozen_by=v.frozen_by,
        frozen_at=v.frozen_at,
        replies={},
    )


@router.get(
    "/lists/{list_id}/versions/{number}/export",
    responses={
        **ERRORS,
        200: {
            "content": {m: {} for m in exports.MEDIA_TYPES.values()},
            "description": "The file (only the channel's fields)",
        },
    },
    name="api_list_export",
    dependencies=[api_gate("list.export")],
)
def export(
    db: SessionDep,
    actor: ApiActor,
    list_id: Id,
    number: Id,
    format: Annotated[str, Query(pattern="^(pdf|csv|xlsx)$")] = "pdf",
) -> Response:
    """A frozen version as PDF (bilingual), CSV or XLSX; header X-Content-SHA256."""
    exported = exports.export_version(
        session=db, actor=actor, list_id=list_id, number=number, fmt=format
    )
    return Response(
        exported.data,
        media_type=exported.media_type,
        headers={
            "Content-Disposition": f"attachment; filename*=UTF-8''{quote(exported.name)}",
            "X-Content-SHA256": exported.sha256,
        },
    )


@router.post(
    "/lists/{list_id}/versions/{number}/reconcile",
    response_model=ReconcileOut,
    responses=ERRORS,
    name="api_list_reconcile",
    dependencies=[api_gate("list.reconcile")],
)
def reply(
    db: SessionDep,
    actor: ApiActor,
    list_id: Id,
    number: Id,
    file: Annotated[UploadFile, File(description="CSV or XLSX: ref, outcome, date, note")],
) -> ReconcileOut:
    """Import the other side's reply and update the cases (all or nothing)."""
    data = file.file.read(MAX_REPLY + 1)
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
    return ReconcileOut(
        lines=result.lines, outcomes=dict(result.outcomes), effects=dict(result.effects)
    )


@router.get(
    "/stats/cases",
    response_model=StatsOut,
    responses=ERRORS,
    name="api_case_stats",
    dependencies=[api_gate("stats.view")],
)
def case_stats(db: SessionDep, actor: ApiActor) -> StatsOut:
    """Children by status, returns by month and channel, open lists, cases per caseworker."""
    got = stats.case_stats(session=db, actor=actor)
    return StatsOut(
        total=got.total,
        by_status=got.by_status,
        returns=got.returns,
        open_lists=[OpenListOut(**vars(o)) for o in got.open_lists],
        per_caseworker=got.per_caseworker,
    )
