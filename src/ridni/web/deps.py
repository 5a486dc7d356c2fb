"""Request dependencies: the unit of work, who is asking, CSRF, htmx detection.

Dependencies authenticate and apply coarse gates; the services decide the rest (``require`` and
the ``visible_*`` filters), so the CLI and the web make identical checks.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from ridni.errors import Forbidden, Invalid
from ridni.security import csrf, sessions, tokens
from ridni.security.accounts import actor_for
from ridni.security.actors import Actor
from ridni.security.policy import require

SESSION_COOKIE = "ridni_session"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class NotAuthenticated(Exception):
    """No valid session or token: pages redirect to the login form, the API answers 401."""


class CsrfFailed(Forbidden):
    """A state-changing request without the page's CSRF token."""


def get_db(request: Request) -> Iterator[Session]:
    """One session per request, committed before the response is sent (scope='function')."""
    session: Session = request.app.state.session_factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


SessionDep = Annotated[Session, Depends(get_db, scope="function")]


def release_audit_chain(session: Session) -> None:
    """Commit a read-only request's work (session touch, audit event) before rendering.

    Appending to the audit chain locks its head row until the transaction ends; rendering a
    large page while holding it would queue every other audited request behind this one.
    """
    session.commit()


def client_address(request: Request) -> str | None:
    return request.client.host if request.client else None


def is_htmx(request: Request) -> bool:
    return request.headers.get("HX-Request") == "true"


def page_actor(request: Request, db: SessionDep) -> Actor:
    live = sessions.resume(db, request.cookies.get(SESSION_COOKIE))
    if live is None:
        raise NotAuthenticated()
    actor = actor_for(live.user, address=client_address(request))
    request.state.actor = actor
    request.state.user = live.user
    return actor


def optional_page_actor(request: Request, db: SessionDep) -> Actor | None:
    try:
        return page_actor(request, db)
    except NotAuthenticated:
        return None


_bearer = HTTPBearer(auto_error=False, description="An API token: `ridni tokens create`.")


def api_actor(
    request: Request,
    db: SessionDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Actor:
    plaintext = credentials.credentials if credentials else None
    actor = tokens.authenticate(db, plaintext, address=client_address(request))
    if actor is None:
        raise NotAuthenticated()
    request.state.actor = actor
    return actor


PageActor = Annotated[Actor, Depends(page_actor)]
MaybePageActor = Annotated[Actor | None, Depends(optional_page_actor)]
ApiActor = Annotated[Actor, Depends(api_actor)]


def page_gate(action: str) -> Depends:  # type: ignore[valid-type]
    """A coarse gate for a whole page: logged in, and allowed ``action``."""

    def gate(actor: PageActor) -> None:
        require(actor, action)

    return Depends(gate)


def api_gate(action: str) -> Depends:  # type: ignore[valid-type]
    def gate(actor: ApiActor) -> None:
        require(actor, action)

    return Depends(gate)


async def csrf_protect(request: Request) -> None:
    """Every state-changing page request carries the token derived from the CSRF cookie.

    The API is exempt: it authenticates only with bearer tokens, which a browser never sends
    on its own, so a forged cross-site request has no credentials to ride on.
    """
    if request.method in SAFE_METHODS:
        return
    if request.url.path.startswith("/api/"):
        await _refuse_nul_in_json(request)
        return
    submitted = request.headers.get(csrf.HEADER)
    if _is_form(request):
        form = await request.form()
        if any(isinstance(v, str) and "\x00" in v for v in form.values()):
            raise Invalid("a form field holds a NUL character", field="form")
        value = form.get(csrf.FIELD)
        submitted = submitted or (value if isinstance(value, str) else None)
    cookie = request.cookies.get(csrf.COOKIE)
    if not csrf.is_valid(request.app.state.secret_key, cookie, submitted):
        raise CsrfFailed("the form has expired or did not come from this site; reload and retry")


async def _refuse_nul_in_json(request: Request) -> None:
    """A NUL character inside a JSON string: PostgreSQL cannot store it (and no name, reason or
    list holds one). Refused before any service sees it, as the forms' and the query's are."""
    if "json" not in request.headers.get("content-type", ""):
        return
    try:
        body = json.loads(await request.body())
    except ValueError:
        return  # not JSON: the route's own validation answers
    if _holds_nul(body):
        raise Invalid("a JSON field holds a NUL character", field="body")


def _holds_nul(value: object) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_holds_nul(k) or _holds_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_holds_nul(v) for v in value)
    return False


def _is_form(request: Request) -> bool:
    kind = request.headers.get("content-type", "")
    return kind.startswith("application/x-www-form-urlencoded") or kind.startswith(
        "multipart/form-data"
    )
