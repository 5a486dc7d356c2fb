"""One's own account: second factor and API tokens."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from itsdangerous import BadSignature, URLSafeTimedSerializer

from ridni.errors import Invalid
from ridni.security import accounts, tokens, totp
from ridni.security.actors import Actor
from ridni.web.deps import PageActor, SessionDep, page_gate
from ridni.web.rendering import render

router = APIRouter(
    include_in_schema=False, prefix="/account", dependencies=[page_gate("account.own")]
)


def _enrolments(request: Request) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(request.app.state.secret_key, salt="ridni.account.totp")


def _page(request: Request, db: SessionDep, actor: Actor, **extra: object) -> Response:
    rows = tokens.list_tokens(session=db, actor=actor, username=actor.username)
    status = 422 if extra.get("error") else 200
    context = {"user": request.state.user, "tokens": rows, **extra}
    return render(request, "account/page.html", context, status_code=status)


@router.get("")
def account_page(request: Request, db: SessionDep, actor: PageActor) -> Response:
    return _page(request, db, actor)


@router.post("/totp")
def begin_totp(request: Request, db: SessionDep, actor: PageActor) -> Response:
    secret = accounts.begin_totp(session=db, actor=actor)
    return _page(
        request,
        db,
        actor,
        totp_secret=secret,
        totp_uri=totp.provisioning_uri(secret, actor.username),
        totp_ticket=_enrolments(request).dumps({"s": secret, "u": actor.user_id}),
    )


@router.post("/totp/confirm")
def confirm_totp(
    request: Request,
    db: SessionDep,
    actor: PageActor,
    ticket: Annotated[str, Form(max_length=1000)],
    code: Annotated[str, Form(max_length=20)],
) -> Response:
    try:
        data = _enrolments(request).loads(ticket, max_age=900)
        if data.get("u") != actor.user_id:
            raise BadSignature("ticket of another user")
        accounts.confirm_totp(session=db, actor=actor, secret=str(data["s"]), code=code)
    except (BadSignature, KeyError, TypeError):
        return _page(request, db, actor, error="account.totp.expired")
    except Invalid:
        return _page(request, db, actor, error="account.totp.bad_code")
    return _page(request, db, actor, message="account.totp.on")


@router.post("/tokens")
def create_own_token(
    request: Request,
    db: SessionDep,
    actor: PageActor,
    name: Annotated[str, Form(max_length=200)],
    days: Annotated[int, Form(ge=1, le=tokens.MAX_DAYS)] = tokens.DEFAULT_DAYS,
) -> Response:
    _, plaintext = tokens.create_token(
        session=db, actor=actor, username=actor.username, name=name, days=days
    )
    return _page(request, db, actor, new_token=plaintext)


@router.post("/tokens/{prefix}/revoke")
def revoke_own_token(db: SessionDep, actor: PageActor, prefix: str) -> Response:
    tokens.revoke_token(session=db, actor=actor, prefix=prefix)
    return RedirectResponse("/account", status_code=303)
