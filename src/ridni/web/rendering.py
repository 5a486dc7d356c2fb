"""Templates: one Jinja2 environment; every page gets the translator, formats and CSRF token."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from ridni.security import csrf
from ridni.security.actors import Actor
from ridni.security.policy import can
from ridni.web import i18n

TEMPLATES = Path(__file__).parent / "templates"
HTMX_VERSION = "4.0.1"

# Menu entries added by other areas, e.g.
# {"href": "/cases", "label": "nav.cases", "action": "case.view"}.
EXTRA_NAV: list[dict[str, str]] = []

templates = Jinja2Templates(directory=str(TEMPLATES))
templates.env.globals["htmx_version"] = HTMX_VERSION
templates.env.trim_blocks = True
templates.env.lstrip_blocks = True


def language(request: Request) -> str:
    lang = getattr(request.state, "lang", None)
    if lang is None:
        lang = i18n.pick_language(
            request.cookies.get(i18n.COOKIE), request.headers.get("accept-language")
        )
        request.state.lang = lang
    return lang


def csrf_token(request: Request) -> str:
    cookie = getattr(request.state, "csrf_cookie", None) or request.cookies.get(csrf.COOKIE, "")
    return csrf.token_for(request.app.state.secret_key, cookie)


def page_context(request: Request) -> dict[str, Any]:
    lang = language(request)
    actor: Actor | None = getattr(request.state, "actor", None)
    return {
        "request": request,
        "lang": lang,
        "languages": i18n.LANGUAGES,
        "t": i18n.translator(lang),
        "actor": actor,
        "can": (lambda action: actor is not None and can(actor, action)),
        "csrf_token": csrf_token(request),
        "csrf_field": csrf.FIELD,
        "fmt_date": lambda v: i18n.format_date(v, lang),
        "fmt_datetime": lambda v: i18n.format_datetime(v, lang),
        "fmt_number": lambda v: i18n.format_number(v, lang),
        "path": request.url.path,
        "extra_nav": EXTRA_NAV,
        "full_path": _full_path(request),
    }


def _full_path(request: Request) -> str:
    query = request.url.query
    return request.url.path + (f"?{query}" if query else "")


def render(
    request: Request,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    status_code: int = 200,
    headers: dict[str, str] | None = None,
) -> HTMLResponse:
    ctx = page_context(request)
    ctx.update(context or {})
    return templates.TemplateResponse(
        request, template, ctx, status_code=status_code, headers=headers
    )
