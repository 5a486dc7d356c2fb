"""Headers, error pages and odd input."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from webclient import Browser
from webworld import World

from ridni.config import Settings
from ridni.web.app import create_app


def test_security_headers_on_pages_api_and_static(browser_for, world: World) -> None:  # type: ignore[no-untyped-def]
    b = browser_for("caseworker")
    for url in ("/login", "/search", "/api/v1/me", "/static/css/ridni.css", "/nowhere"):
        headers = b.get(url).headers
        csp = headers["content-security-policy"]
        assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["x-frame-options"] == "DENY"
    assert b.get("/search").headers["cache-control"] == "no-store"


def test_pages_have_no_inline_scripts_or_styles(browser_for, world: World) -> None:  # type: ignore[no-untyped-def]
    b = browser_for("admin")
    for url in (
        "/",
        "/search?q=Коваленко",
        f"/persons/{world.persons['oleksandr']}",
        "/audit",
        "/admin/users",
        "/imports/new",
        "/sources",
        "/account",
        "/api/docs",
    ):
        html = b.get(url).text
        for script in html.split("<script")[1:]:
            assert " src=" in script.split(">")[0], (url, script[:80])
        assert " style=" not in html and "<style" not in html, url
        assert " onclick=" not in html and "javascript:" not in html, url


def test_htmx_is_vendored_with_an_exact_version(anonymous: Browser) -> None:
    page = anonymous.get("/login").text
    assert '<script src="/static/vendor/htmx-4.0.1.min.js"' in page
    response = anonymous.get("/static/vendor/htmx-4.0.1.min.js")
    assert response.status_code == 200 and "htmx" in response.text[:200]
    assert "cdn" not in page.lower() and "unpkg" not in page.lower()


@pytest.fixture
def broken_app(settings: Settings, engine) -> FastAPI:  # type: ignore[no-untyped-def]
    def make(environment: str) -> FastAPI:
        app = create_app(settings.model_copy(update={"environment": environment}), engine=engine)

        @app.get("/boom", include_in_schema=False)
        def boom() -> None:
            raise RuntimeError("secret internals: password=hunter2")

        @app.get("/api/v1/boom", include_in_schema=False)
        def api_boom() -> None:
            raise RuntimeError("secret internals: password=hunter2")

        return app

    return make  # type: ignore[return-value]


def test_error_pages_never_show_a_stack_trace_outside_development(broken_app) -> None:  # type: ignore[no-untyped-def]
    client = TestClient(
        broken_app("production"), base_url="https://testserver", raise_server_exceptions=False
    )
    for url in ("/boom", "/api/v1/boom"):
        response = client.get(url)
        assert response.status_code == 500
        assert "Traceback" not in response.text and "hunter2" not in response.text
        assert "RuntimeError" not in response.text
    page = client.get("/boom").text
    assert "Внутрішня помилка" in page


def test_development_error_page_shows_the_trace(broken_app) -> None:  # type: ignore[no-untyped-def]
    client = TestClient(
        broken_app("development"), base_url="https://testserver", raise_server_exceptions=False
    )
    assert "Traceback" in client.get("/boom").text


def test_not_found_and_method_not_allowed_are_pages(anonymous: Browser) -> None:
    response = anonymous.get("/no/such/page")
    assert response.status_code == 404 and "Не знайдено" in response.text
    assert anonymous.client.delete("/login").status_code == 405


def test_nul_characters_are_refused_not_crashing(browser_for, world: World) -> None:  # type: ignore[no-untyped-def]
    b = browser_for("auditor")
    assert b.get("/audit?actor=%00x").status_code == 400
    anon = browser_for(None)
    page = anon.get("/login")
    assert anon.post("/login", {"username": "a\x00b", "password": "x" * 12}).status_code == 422
    assert page.status_code == 200


def test_invalid_ids_are_404_or_422_never_500(browser_for, world: World) -> None:  # type: ignore[no-untyped-def]
    b = browser_for("admin")
    for url in (
        "/persons/0",
        "/persons/99999",
        "/persons/abc",
        "/persons/99999999999999999999",
        "/records/-1",
        "/imports/2147483648",
        "/sources/9",
    ):
        assert b.get(url).status_code in (404, 422), url
