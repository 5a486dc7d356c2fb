"""Every route, every role: a user without the right gets 403 or 404 and sees no data.

The table below must name every route of the app: a new route without an entry fails
``test_every_route_is_in_the_table``, so nobody can add a page without deciding who may use it.
"""

from __future__ import annotations

import pytest
from caseroutes import CASE_ROUTES
from fastapi import FastAPI
from fastapi.routing import iter_route_contexts
from starlette.routing import Mount
from webworld import SENSITIVE, World

from ridni.security.actors import ROLES
from ridni.security.policy import RULES

PUBLIC = "public"  # anyone, logged in or not
LOGGED_IN = "logged-in"  # any authenticated user

# (method, path) → the action it needs (or PUBLIC / LOGGED_IN).
ROUTES: dict[tuple[str, str], str] = {
    ("GET", "/login"): PUBLIC,
    ("POST", "/login"): PUBLIC,
    ("POST", "/login/code"): PUBLIC,
    ("POST", "/language"): PUBLIC,
    ("GET", "/api/docs"): PUBLIC,
    ("GET", "/api/v1/openapi.json"): PUBLIC,
    ("POST", "/logout"): LOGGED_IN,
    ("GET", "/"): "dashboard.view",
    ("GET", "/search"): "search",
    ("GET", "/persons/{person_id}"): "person.view",
    ("GET", "/records/{record_pk}"): "record.view",
    ("POST", "/persons/{person_id}/share"): "share.create",
    ("POST", "/persons/{person_id}/shares/{share_id}/revoke"): "share.create",
    ("GET", "/sources"): "source.view",
    ("GET", "/sources/{source_id}"): "source.view",
    ("GET", "/imports"): "import.view",
    ("GET", "/imports/new"): "import.create",
    ("POST", "/imports/new"): "import.create",
    ("GET", "/imports/{batch_id}"): "import.view",
    ("GET", "/audit"): "audit.view",
    ("GET", "/audit/verify"): "audit.verify",
    ("GET", "/admin/users"): "user.manage",
    ("POST", "/admin/users"): "user.manage",
    ("POST", "/admin/users/{username}/disable"): "user.manage",
    ("POST", "/admin/users/{username}/enable"): "user.manage",
    ("POST", "/admin/users/{username}/reset"): "user.manage",
    ("POST", "/admin/users/{username}/totp-off"): "user.manage",
    ("POST", "/admin/organisations"): "user.manage",
    ("GET", "/admin/tokens"): "user.manage",
    ("POST", "/admin/tokens"): "user.manage",
    ("POST", "/admin/tokens/{prefix}/revoke"): "user.manage",
    ("GET", "/account"): "account.own",
    ("POST", "/account/totp"): "account.own",
    ("POST", "/account/totp/confirm"): "account.own",
    ("POST", "/account/tokens"): "token.own",
    ("POST", "/account/tokens/{prefix}/revoke"): "token.own",
    ("GET", "/api/v1/me"): LOGGED_IN,
    ("GET", "/api/v1/search"): "search",
    ("GET", "/api/v1/persons/{person_id}"): "person.view",
    ("GET", "/api/v1/records/{record_pk}"): "record.view",
    ("GET", "/api/v1/stats"): "dashboard.view",
    ("GET", "/api/v1/sources"): "source.view",
    ("GET", "/api/v1/sources/{source_id}"): "source.view",
    ("GET", "/api/v1/imports"): "import.view",
    ("GET", "/api/v1/imports/{batch_id}"): "import.view",
    ("POST", "/api/v1/imports"): "import.create",
    ("GET", "/api/v1/audit/events"): "audit.view",
    ("GET", "/api/v1/audit/verify"): "audit.verify",
    ("GET", "/linking"): "linkage.view",
    ("GET", "/api/v1/linkage/runs"): "linkage.view",
}

# Other rooms register their own route tables here (see docs/web.md).
EXTRA_ROUTE_TABLES: list[dict[tuple[str, str], str]] = [CASE_ROUTES]


def app_routes(app: FastAPI) -> set[tuple[str, str]]:
    found = set()
    for route in iter_route_contexts(app.routes):
        if isinstance(route.original_route, Mount):
            continue  # /static: files only
        for method in route.methods or ():
            if method != "HEAD":
                found.add((method, route.path))
    return found


def all_rules() -> dict[tuple[str, str], str]:
    table = dict(ROUTES)
    for extra in EXTRA_ROUTE_TABLES:
        table.update(extra)
    return table


def test_every_route_is_in_the_table(app: FastAPI) -> None:
    missing = app_routes(app) - set(all_rules())
    assert not missing, f"routes without a permission rule in this test: {sorted(missing)}"
    stale = set(all_rules()) - app_routes(app)
    assert not stale, f"rules for routes that no longer exist: {sorted(stale)}"


def _url(path: str, w: World, username: str | None = None) -> str:
    own_token = path.startswith("/account/") and username is not None
    values = {
        "person_id": w.persons["oleksandr"],
        "record_pk": w.records["ua1"],
        "source_id": w.sources["ua_registry"],
        "batch_id": w.batches["ua_registry"],
        "username": "reviewer",
        "prefix": w.token_prefixes[username] if own_token else w.token_prefix,
        "share_id": w.share_id,
    }
    return path.format(**values)


FORMS: dict[str, dict[str, str]] = {
    "/admin/users": {"username": "newbie", "role": "reviewer", "organisation": "Ridni"},
    "/admin/organisations": {"name": "New NGO"},
    "/admin/tokens": {"username": "reviewer", "name": "x"},
    "/account/tokens": {"name": "mine"},
    "/account/totp/confirm": {"ticket": "x", "code": "123456"},
    "/login": {"username": "nobody", "password": "x" * 12},
    "/login/code": {"ticket": "x", "code": "123456"},
    "/language": {"lang": "en"},
    "/persons/{person_id}/share": {"organisation": "NGO B"},
}
UPLOAD = {"file": ("kids.csv", "record_id,given_name\nX-1,Олена\n".encode(), "text/csv")}


def _call(browser, method: str, path: str, w: World):  # type: ignore[no-untyped-def]
    url = _url(path, w, browser.username)
    is_api = path.startswith("/api/")
    headers = {"Authorization": f"Bearer {browser.token}"} if is_api and browser.token else {}
    if method == "GET":
        return browser.get(url, headers=headers)
    data = dict(FORMS.get(path, {}))
    files = None
    if path.endswith("/imports") or path == "/imports/new":
        data.update({"source": "ngo_a_reports", "kind": "family_report"})
        files = UPLOAD
    if is_api:
        return browser.client.post(url, data=data, files=files, headers=headers)
    return browser.post(url, data, files=files)


def _cases() -> list[tuple[str, str, str]]:
    return [
        (m, p, r) for (m, p), rule in sorted(ROUTES.items()) if rule not in (PUBLIC,) for r in ROLES
    ]


@pytest.fixture
def as_user(browser_for, world: World):  # type: ignore[no-untyped-def]
    def make(username: str | None):  # type: ignore[no-untyped-def]
        browser = browser_for(username)
        browser.token = world.tokens.get(username) if username else None
        browser.username = username
        return browser

    return make


@pytest.mark.parametrize(("method", "path", "role"), _cases())
def test_role_without_the_right_is_refused(
    as_user, world: World, method: str, path: str, role: str
) -> None:  # type: ignore[no-untyped-def]
    rule = ROUTES[(method, path)]
    allowed = rule == LOGGED_IN or rule in RULES[role]
    response = _call(as_user(role), method, path, world)
    assert response.status_code < 500, response.text[:500]
    if allowed:
        assert response.status_code not in (401, 403), (role, path, response.text[:300])
        return
    assert response.status_code in (403, 404), (role, path, response.status_code)
    for word in SENSITIVE:
        assert word not in response.text, (role, path, word)


@pytest.mark.parametrize(("method", "path"), sorted(k for k, v in ROUTES.items() if v != PUBLIC))
def test_anonymous_is_refused(as_user, world: World, method: str, path: str) -> None:  # type: ignore[no-untyped-def]
    response = _call(as_user(None), method, path, world)
    if path.startswith("/api/"):
        assert response.status_code == 401
    else:
        assert response.status_code == 303
        assert response.headers["location"].startswith("/login")
    for word in SENSITIVE:
        assert word not in response.text


@pytest.mark.parametrize(("method", "path"), sorted(k for k, v in ROUTES.items() if v == PUBLIC))
def test_public_routes_answer_without_login(as_user, world: World, method: str, path: str) -> None:  # type: ignore[no-untyped-def]
    response = _call(as_user(None), method, path, world)
    assert response.status_code < 500
    assert response.status_code != 403
    for word in SENSITIVE:
        assert word not in response.text


def test_refusals_are_audited(as_user, world: World, engine) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from ridni.db.engine import session_scope
    from ridni.security.models import AuditEvent

    as_user("reviewer").get("/admin/users")
    with session_scope(engine) as session:
        event = session.scalars(select(AuditEvent).order_by(AuditEvent.seq.desc())).first()
        assert event.action == "access.denied" and event.actor == "reviewer"
        assert event.details["path"] == "/admin/users"


def test_nobody_revokes_another_users_token_from_their_account(as_user, world: World) -> None:  # type: ignore[no-untyped-def]
    response = as_user("reviewer").post(
        f"/account/tokens/{world.token_prefixes['caseworker']}/revoke"
    )
    assert response.status_code == 403
