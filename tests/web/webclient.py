"""A TestClient that is logged in (or not) and sends the CSRF token on writes."""

from __future__ import annotations

import re

from fastapi import FastAPI
from fastapi.testclient import TestClient

from ridni.security import csrf
from ridni.web.deps import SESSION_COOKIE

BASE_URL = "https://testserver"


class Browser:
    """A TestClient logged in as one user (or anonymous), sending the CSRF token on writes."""

    def __init__(self, app: FastAPI, session_token: str | None = None) -> None:
        self.client = TestClient(
            app, base_url=BASE_URL, raise_server_exceptions=False, follow_redirects=False
        )
        self.client.cookies.set(csrf.COOKIE, "test-csrf-cookie")
        self.csrf = csrf.token_for(app.state.secret_key, "test-csrf-cookie")
        if session_token:
            self.client.cookies.set(SESSION_COOKIE, session_token)

    def get(self, url: str, **kw):  # type: ignore[no-untyped-def]
        return self.client.get(url, **kw)

    def post(self, url: str, data: dict | None = None, *, with_csrf: bool = True, **kw):  # type: ignore[no-untyped-def]
        data = dict(data or {})
        if with_csrf:
            data.setdefault(csrf.FIELD, self.csrf)
        return self.client.post(url, data=data, **kw)


def csrf_from(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "no CSRF field in the page"
    return match.group(1)
