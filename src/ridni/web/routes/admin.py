"""Administration: users, organisations and everyone's API tokens."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from ridni.errors import Conflict, Invalid, NotFound
from ridni.security import accounts, tokens
from ridni.security.actors import ROLES
from ridni.web.deps import PageActor, SessionDep, page_gate
from ridni.web.rendering import render

router = APIRouter(
    include_in_schema=False, prefix="/admin", dependencies=[page_gate("user.manage")]
)


def _users_page(request: Request, db: SessionDep, actor: PageActor, **extra: object) -> Response:
    status = 422 if extra.get("error") else 200
    context = {
        "users": accounts.list_users(session=db, actor=actor),
        "organisations": accounts.list_organisations(session=db, actor=actor),
        "roles": ROLES,
        **extra,
    }
    return render(request, "admin/users.html", context, status_code=status)


@router.get("/users")
def users_page(request: Request, db: SessionDep, actor: PageActor) -> Response:
    return _users_page(request, db, actor)


@router.post("/users")
def create_user(
    request: Request,
    db: SessionDep,
    actor: PageActor,
    username: Annotated[str, Form(max_length=100)],
    role: Annotated[str, Form(max_length=20)],
    organisation: Annotated[str, Form(max_length=200)],
    display_name: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    try:
        user, password = accounts.create_user(
            session=db,
            actor=actor,
            username=username,
            role=role,
            organisation=organisation,
            display_name=display_name or None,
        )
    except (Invalid, Conflict, NotFound) as exc:
        db.rollback()
        return _users_page(request, db, actor, error=str(exc))
    return _users_page(request, db, actor, new_password=(user.username, password))


@router.post("/users/{username}/disable")
def disable_user(db: SessionDep, actor: PageActor, username: str) -> Response:
    accounts.set_disabled(session=db, actor=actor, username=username, disabled=True)
    return RedirectResponse("/admin/users", status_code=303)


@router.post("/users/{username}/enable")
def enable_user(db: SessionDep, actor: PageActor, username: str) -> Response:
    accounts.set_disabled(session=db, actor=actor, username=username, disabled=False)
    return RedirectResponse("/admin/users", status_code=303)


@router.post("/users/{username}/reset")
def reset_user(request: Request, db: SessionDep, actor: PageActor, username: str) -> Response:
    user, password = accounts.reset_password(session=db, actor=actor, username=username)
    return _users_page(request, db, actor, new_password=(user.username, password))


@router.post("/users/{username}/totp-off")
def remove_totp(db: SessionDep, actor: PageActor, username: str) -> Response:
    accounts.disable_totp(session=db, actor=actor, username=username)
    return RedirectResponse("/admin/users", status_code=303)


@router.post("/organisations")
def create_organisation(
    request: Request,
    db: SessionDep,
    actor: PageActor,
    name: Annotated[str, Form(max_length=200)],
    description: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    try:
        accounts.create_organisation(
            session=db, actor=actor, name=name, description=description or None
        )
    except (Invalid, Conflict) as exc:
        db.rollback()
        return _users_page(request, db, actor, error=str(exc))
    return RedirectResponse("/admin/users", status_code=303)


@router.get("/tokens")
def tokens_page(request: Request, db: SessionDep, actor: PageActor) -> Response:
    rows = tokens.list_tokens(session=db, actor=actor)
    return render(request, "admin/tokens.html", {"tokens": rows, "roles": ROLES})


@router.post("/tokens")
def create_token(
    request: Request,
    db: SessionDep,
    actor: PageActor,
    username: Annotated[str, Form(max_length=100)],
    name: Annotated[str, Form(max_length=200)],
    role: Annotated[str, Form(max_length=20)] = "",
    days: Annotated[int, Form(ge=1, le=tokens.MAX_DAYS)] = tokens.DEFAULT_DAYS,
) -> Response:
    try:
        _, plaintext = tokens.create_token(
            session=db, actor=actor, username=username, name=name, role=role or None, days=days
        )
    except (Invalid, NotFound) as exc:
        db.rollback()
        rows = tokens.list_tokens(session=db, actor=actor)
        return render(
            request,
            "admin/tokens.html",
            {"tokens": rows, "roles": ROLES, "error": str(exc)},
            status_code=422,
        )
    rows = tokens.list_tokens(session=db, actor=actor)
    return render(
        request, "admin/tokens.html", {"tokens": rows, "roles": ROLES, "new_token": plaintext}
    )


@router.post("/tokens/{prefix}/revoke")
def revoke_token(db: SessionDep, actor: PageActor, prefix: str) -> Response:
    tokens.revoke_token(session=db, actor=actor, prefix=prefix)
    return RedirectResponse("/admin/tokens", status_code=303)
