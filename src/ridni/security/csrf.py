"""CSRF protection: a random per-browser cookie and, in forms and htmx headers, its HMAC.

The cookie is HttpOnly, so a page cannot read it; the token in a page is derived from it with
the server's key, so another site can neither read nor forge it. It covers the login form too.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

COOKIE = "ridni_csrf"
FIELD = "csrf_token"
HEADER = "X-CSRF-Token"


def new_cookie_value() -> str:
    return secrets.token_urlsafe(32)


def token_for(key: str, cookie_value: str) -> str:
    return hmac.new(key.encode(), cookie_value.encode(), hashlib.sha256).hexdigest()


def is_valid(key: str, cookie_value: str | None, submitted: str | None) -> bool:
    if not cookie_value or not submitted:
        return False
    return hmac.compare_digest(token_for(key, cookie_value), submitted)
