"""Headers on every response: a strict Content-Security-Policy (no inline scripts or styles),
no framing, no sniffing, no caching of pages with personal data; and the CSRF cookie."""

from __future__ import annotations

import time

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ridni.security import csrf

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
}


class SecurityHeaders:
    """Pure ASGI middleware (it does not buffer bodies, so uploads and streams pass through)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if _has_nul(scope):
            # No database accepts NUL in text; refuse it here rather than fail deep inside.
            await _bad_request(send)
            return
        new_csrf = _ensure_csrf_cookie(scope)
        path: str = scope.get("path", "")
        started = time.perf_counter()

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in HEADERS.items():
                    headers.setdefault(name, value)
                if not path.startswith("/static/"):
                    headers["Cache-Control"] = "no-store"
                if scope.get("scheme") == "https":
                    headers["Strict-Transport-Security"] = "max-age=31536000"
                if new_csrf:
                    headers.append("Set-Cookie", _csrf_cookie_header(new_csrf))
                # How long the server took (for the load benchmark and browsers' dev tools).
                elapsed = (time.perf_counter() - started) * 1000
                headers["Server-Timing"] = f"app;dur={elapsed:.1f}"
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _ensure_csrf_cookie(scope: Scope) -> str | None:
    """Give every browser a CSRF cookie; returns the value when it is new (to be set)."""
    existing = _cookie(scope, csrf.COOKIE)
    scope.setdefault("state", {})
    if existing:
        scope["state"]["csrf_cookie"] = existing
        return None
    value = csrf.new_cookie_value()
    scope["state"]["csrf_cookie"] = value
    return value


def _cookie(scope: Scope, name: str) -> str | None:
    for key, value in scope.get("headers", []):
        if key == b"cookie":
            for part in value.decode("latin-1").split(";"):
                k, _, v = part.strip().partition("=")
                if k == name and v:
                    return v
    return None


def _csrf_cookie_header(value: str) -> str:
    return f"{csrf.COOKIE}={value}; Path=/; HttpOnly; Secure; SameSite=Strict"


def _has_nul(scope: Scope) -> bool:
    query: bytes = scope.get("query_string", b"")
    return "\x00" in scope.get("path", "") or b"%00" in query or b"\x00" in query


async def _bad_request(send: Send) -> None:
    headers = [(k.encode(), v.encode()) for k, v in HEADERS.items()]
    headers.append((b"content-type", b"text/plain; charset=utf-8"))
    await send({"type": "http.response.start", "status": 400, "headers": headers})
    await send({"type": "http.response.body", "body": b"bad request"})
