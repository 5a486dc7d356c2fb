"""Logging in and out through the pages: cookies, CSRF, throttling, TOTP, timeouts."""

from __future__ import annotations

from datetime import timedelta

from fastapi import FastAPI
from sqlalchemy import Engine, select, update
from webclient import Browser, csrf_from
from webworld import PASSWORD, World

from ridni.db.base import utcnow
from ridni.db.engine import session_scope
from ridni.security import throttle, totp
from ridni.security.models import AuditEvent, SessionRecord, User
from ridni.web.deps import SESSION_COOKIE


def _login(b: Browser, username: str, password: str = PASSWORD, next: str = "/"):  # type: ignore[no-untyped-def]
    page = b.get("/login")
    return b.client.post(
        "/login",
        data={
            "username": username,
            "password": password,
            "next": next,
            "csrf_token": csrf_from(page.text),
        },
    )


def test_login_sets_a_secure_httponly_samesite_session_cookie(
    anonymous: Browser, world: World
) -> None:
    response = _login(anonymous, "caseworker", next="/search")
    assert response.status_code == 303 and response.headers["location"] == "/search"
    cookie = next(
        h for h in response.headers.get_list("set-cookie") if h.startswith(SESSION_COOKIE)
    )
    lowered = cookie.lower()
    assert "httponly" in lowered and "secure" in lowered and "samesite=lax" in lowered
    assert anonymous.get("/search").status_code == 200


def test_csrf_cookie_is_httponly_strict(anonymous: Browser) -> None:
    fresh = Browser.__new__(Browser)
    from fastapi.testclient import TestClient

    client = TestClient(anonymous.client.app, base_url="https://testserver")
    response = client.get("/login")
    cookie = next(h for h in response.headers.get_list("set-cookie") if h.startswith("ridni_csrf="))
    assert "HttpOnly" in cookie and "Secure" in cookie and "SameSite=Strict" in cookie
    del fresh


def test_wrong_password_is_refused_and_audited(
    anonymous: Browser, world: World, engine: Engine
) -> None:
    response = _login(anonymous, "caseworker", "wrong password!")
    assert response.status_code == 401
    assert "Невірне ім&#39;я користувача або пароль" in response.text
    assert anonymous.get("/search").status_code == 303
    with session_scope(engine) as session:
        event = session.scalars(select(AuditEvent).order_by(AuditEvent.seq.desc())).first()
        assert event.action == "login.failed" and event.details["username"] == "caseworker"


def test_login_without_csrf_token_is_refused(anonymous: Browser, world: World) -> None:
    response = anonymous.client.post(
        "/login", data={"username": "caseworker", "password": PASSWORD}
    )
    assert response.status_code == 403
    assert SESSION_COOKIE not in response.headers.get("set-cookie", "")


def test_every_state_changing_page_request_needs_the_csrf_token(browser_for, world: World) -> None:  # type: ignore[no-untyped-def]
    admin = browser_for("admin")
    for url, data in (
        ("/admin/users", {"username": "x1", "role": "reviewer", "organisation": "Ridni"}),
        ("/admin/users/reviewer/disable", {}),
        ("/logout", {}),
        ("/account/tokens", {"name": "x"}),
        ("/language", {"lang": "en"}),
    ):
        assert admin.post(url, data, with_csrf=False).status_code == 403, url
        forged = {**data, "csrf_token": "0" * 64}
        assert admin.post(url, forged, with_csrf=False).status_code == 403, url
    # The header form (htmx) works as well as the field.
    ok = admin.client.post(
        "/account/tokens", data={"name": "x"}, headers={"X-CSRF-Token": admin.csrf}
    )
    assert ok.status_code == 200


def test_throttling_after_repeated_failures(anonymous: Browser, world: World) -> None:
    for _ in range(throttle.MAX_FAILURES_PER_ACCOUNT):
        assert _login(anonymous, "reviewer", "not the password").status_code == 401
    response = _login(anonymous, "reviewer")
    assert response.status_code == 429
    assert "Забагато невдалих спроб" in response.text


def test_totp_login_needs_the_code(anonymous: Browser, world: World, engine: Engine) -> None:
    secret = totp.new_secret()
    with session_scope(engine) as session:
        session.execute(
            update(User).where(User.username == "negotiator").values(totp_secret=secret)
        )
    first = _login(anonymous, "negotiator")
    assert first.status_code == 200 and 'name="ticket"' in first.text
    assert anonymous.get("/search").status_code == 303  # no session yet
    ticket = first.text.split('name="ticket" value="')[1].split('"')[0]
    token = csrf_from(first.text)
    bad = anonymous.client.post(
        "/login/code", data={"ticket": ticket, "code": "000000", "csrf_token": token}
    )
    assert bad.status_code == 401
    good = anonymous.client.post(
        "/login/code",
        data={"ticket": ticket, "code": totp.current_code(secret), "csrf_token": token},
    )
    assert good.status_code == 303
    assert anonymous.get("/search").status_code == 200


def test_totp_enrolment_on_the_account_page(browser_for, world: World, engine: Engine) -> None:  # type: ignore[no-untyped-def]
    b = browser_for("reviewer")
    page = b.post("/account/totp")
    secret = page.text.split('data-testid="totp-secret">')[1].split("<")[0]
    ticket = page.text.split('name="ticket" value="')[1].split('"')[0]
    done = b.post("/account/totp/confirm", {"ticket": ticket, "code": totp.current_code(secret)})
    assert done.status_code == 200
    with session_scope(engine) as session:
        assert session.scalar(select(User.totp_secret).where(User.username == "reviewer")) == secret


def test_logout_ends_the_session(browser_for, world: World) -> None:  # type: ignore[no-untyped-def]
    b = browser_for("caseworker")
    assert b.get("/search").status_code == 200
    assert b.post("/logout").status_code == 303
    assert b.get("/search").status_code == 303


def test_idle_session_expires(browser_for, world: World, engine: Engine) -> None:  # type: ignore[no-untyped-def]
    b = browser_for("caseworker")
    with session_scope(engine) as session:
        old = utcnow() - timedelta(hours=1)
        session.execute(update(SessionRecord).values(last_seen_at=old, created_at=old))
    assert b.get("/search").status_code == 303


def test_disabled_user_is_logged_out(browser_for, world: World) -> None:  # type: ignore[no-untyped-def]
    user = browser_for("caseworker")
    admin = browser_for("admin")
    assert admin.post("/admin/users/caseworker/disable").status_code == 303
    assert user.get("/search").status_code == 303


def test_next_never_redirects_off_site(app: FastAPI, world: World) -> None:
    for target in ("https://evil.example/", "//evil.example/x", "/\\evil.example"):
        response = _login(Browser(app), "caseworker", next=target)
        assert response.headers["location"] == "/"


def test_admin_creates_a_user_and_sees_the_password_once(
    browser_for, world: World, app: FastAPI
) -> None:  # type: ignore[no-untyped-def]
    admin = browser_for("admin")
    page = admin.post(
        "/admin/users", {"username": "newcomer", "role": "reviewer", "organisation": "Ridni"}
    )
    assert page.status_code == 200
    password = page.text.split('data-testid="new-password">')[1].split("<")[0]
    fresh = Browser(app)
    assert _login(fresh, "newcomer", password).status_code == 303
