"""Logging in (password, then a TOTP code when the account has one), out, and the language."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from itsdangerous import BadSignature, URLSafeTimedSerializer

from ridni.security import accounts, sessions, throttle
from ridni.security.models import User
from ridni.web import i18n
from ridni.web.deps import SESSION_COOKIE, MaybePageActor, PageActor, SessionDep, client_address
from ridni.web.rendering import render

router = APIRouter(include_in_schema=False)

TICKET_MAX_AGE = 300  # seconds between a right password and its TOTP code


def _safe_next(target: str | None) -> str:
    # Only paths on this site: never an open redirect to another host.
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


def _tickets(request: Request) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(request.app.state.secret_key, salt="ridni.login.totp")


@router.get("/login")
def login_form(request: Request, actor: MaybePageActor, next: str | None = None) -> Response:
    if actor is not None:
        return RedirectResponse(_safe_next(next), status_code=303)
    return render(request, "auth/login.html", {"next": _safe_next(next)})


@router.post("/login")
def login(
    request: Request,
    db: SessionDep,
    username: Annotated[str, Form(max_length=100)],
    password: Annotated[str, Form(max_length=1000)],
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    address = client_address(request)
    try:
        outcome = accounts.login(session=db, username=username, password=password, address=address)
    except throttle.Throttled:
        return _login_error(request, "login.throttled", next, 429)
    except accounts.LoginFailed:
        return _login_error(request, "login.failed", next, 401)
    if outcome.needs_code:
        ticket = _tickets(request).dumps(
            {"u": outcome.user.id, "p": outcome.user.password_changed_at.isoformat()}
        )
        return render(request, "auth/code.html", {"ticket": ticket, "next": _safe_next(next)})
    return _start_session(request, db, outcome.user, next)


@router.post("/login/code")
def login_code(
    request: Request,
    db: SessionDep,
    ticket: Annotated[str, Form(max_length=1000)],
    code: Annotated[str, Form(max_length=20)],
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    try:
        data = _tickets(request).loads(ticket, max_age=TICKET_MAX_AGE)
        user_id = int(data["u"])
    except (BadSignature, KeyError, TypeError, ValueError):
        return _login_error(request, "login.expired", next, 401)
    try:
        user = accounts.complete_second_factor(
            session=db, user_id=user_id, code=code, address=client_address(request)
        )
    except throttle.Throttled:
        return _login_error(request, "login.throttled", next, 429)
    except accounts.LoginFailed:
        return render(
            request,
            "auth/code.html",
            {"ticket": ticket, "next": _safe_next(next), "error": "login.bad_code"},
            status_code=401,
        )
    if data.get("p") != user.password_changed_at.isoformat():
        return _login_error(request, "login.expired", next, 401)
    return _start_session(request, db, user, next)


def _login_error(request: Request, key: str, next: str, status: int) -> Response:
    return render(
        request, "auth/login.html", {"error": key, "next": _safe_next(next)}, status_code=status
    )


def _start_session(request: Request, db: SessionDep, user: User, next: str) -> Response:
    token = sessions.start(db, user=user, address=client_address(request))
    response = RedirectResponse(_safe_next(next), status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=int(sessions.ABSOLUTE_TIMEOUT.total_seconds()),
        path="/",
        secure=True,
        httponly=True,
        samesite="lax",
    )
    return response


@router.post("/logout")
def logout(request: Request, db: SessionDep, actor: PageActor) -> Response:
    accounts.logout(session=db, actor=actor, token=request.cookies.get(SESSION_COOKIE))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/", secure=True, httponly=True, samesite="lax")
    return response


@router.post("/language")
def set_language(
    lang: Annotated[str, Form(max_length=5)],
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    response = RedirectResponse(_safe_next(next), status_code=303)
    if lang in i18n.LANGUAGES:
        response.set_cookie(
            i18n.COOKIE, lang, max_age=365 * 24 * 3600, path="/", secure=True, samesite="lax"
        )
    return response
