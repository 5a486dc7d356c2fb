"""The REST API: tokens, scope, the same rules and audit as the pages, uploads."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from webworld import GUARDIAN, World

from ridni.db.engine import session_scope
from ridni.security import tokens
from ridni.security.actors import SYSTEM
from ridni.security.models import AuditEvent


def _client(app: FastAPI, token: str | None) -> TestClient:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return TestClient(
        app, base_url="https://testserver", headers=headers, raise_server_exceptions=False
    )


def test_no_or_bad_token_is_401(app: FastAPI, world: World) -> None:
    assert _client(app, None).get("/api/v1/me").status_code == 401
    assert _client(app, "ridni_00000000_nope").get("/api/v1/me").status_code == 401
    assert _client(app, world.tokens["admin"] + "x").get("/api/v1/me").status_code == 401


def test_a_session_cookie_does_not_open_the_api(app: FastAPI, browser_for, world: World) -> None:  # type: ignore[no-untyped-def]
    b = browser_for("admin")
    assert b.get("/api/v1/me").status_code == 401


def test_me_and_search(app: FastAPI, world: World, engine: Engine) -> None:
    api = _client(app, world.tokens["reviewer"])
    me = api.get("/api/v1/me").json()
    assert (
        me["username"] == "reviewer"
        and "search" in me["actions"]
        and "user.manage" not in me["actions"]
    )
    found = api.get("/api/v1/search", params={"q": "Aleksandr Kovalenko 2014"}).json()
    assert found["hits"][0]["person_id"] == world.persons["oleksandr"]
    assert found["date"] == "2014" and found["words"] == ["Aleksandr", "Kovalenko"]
    with session_scope(engine) as session:
        event = session.scalars(select(AuditEvent).order_by(AuditEvent.seq.desc())).first()
        assert (event.action, event.actor, event.details["query"]) == (
            "search",
            "reviewer",
            "Aleksandr Kovalenko 2014",
        )


def test_person_via_api_with_partner_scope(app: FastAPI, world: World) -> None:
    full = (
        _client(app, world.tokens["caseworker"])
        .get(f"/api/v1/persons/{world.persons['oleksandr']}")
        .json()
    )
    assert len(full["records"]) == 3 and full["guardians"][0]["name"] == GUARDIAN
    partner = _client(app, world.tokens["partner"])
    mine = partner.get(f"/api/v1/persons/{world.persons['oleksandr']}").json()
    assert [r["source_name"] for r in mine["records"]] == ["ngo_a_reports"]
    assert GUARDIAN not in str(mine)
    assert partner.get(f"/api/v1/persons/{world.persons['ivan']}").status_code == 404
    assert partner.get(f"/api/v1/records/{world.records['ua1']}").status_code == 404
    assert [s["name"] for s in partner.get("/api/v1/sources").json()] == ["ngo_a_reports"]
    assert partner.get(f"/api/v1/sources/{world.sources['ua_registry']}").status_code == 404


def test_token_scoped_to_a_narrower_role(app: FastAPI, world: World, engine: Engine) -> None:
    with session_scope(engine) as session:
        _, plaintext = tokens.create_token(
            session=session, actor=SYSTEM, username="admin", name="ro", role="auditor"
        )
    api = _client(app, plaintext)
    assert api.get("/api/v1/audit/verify").json()["ok"] is True
    assert api.get("/api/v1/search", params={"q": "x"}).status_code == 403


def test_revoked_token_stops_working(app: FastAPI, world: World, engine: Engine) -> None:
    api = _client(app, world.tokens["caseworker"])
    assert api.get("/api/v1/me").status_code == 200
    with session_scope(engine) as session:
        tokens.revoke_token(session=session, actor=SYSTEM, prefix=world.token_prefix)
    assert api.get("/api/v1/me").status_code == 401


def test_upload_via_api_reports_the_line(app: FastAPI, world: World) -> None:
    api = _client(app, world.tokens["caseworker"])
    bad = "record_id,given_name,birth_date\nK-1,Олена,2015-01-01\nK-2,Ганна,2015-02-30\n"
    response = api.post(
        "/api/v1/imports",
        data={"source": "kids", "kind": "family_report"},
        files={"file": ("kids.csv", bad.encode(), "text/csv")},
    )
    assert response.status_code == 422
    error = response.json()["errors"][0]
    assert (error["file"], error["line"], error["field"]) == ("kids.csv", 3, "birth_date")
    good = bad.replace("2015-02-30", "2015-02-28")
    response = api.post(
        "/api/v1/imports",
        data={"source": "kids", "kind": "family_report"},
        files={"file": ("kids.csv", good.encode(), "text/csv")},
    )
    assert response.status_code == 201 and response.json()["n_new"] == 2
    batch = response.json()["batch_id"]
    assert api.get(f"/api/v1/imports/{batch}").json()["file_name"] == "kids.csv"


def test_partner_imports_only_into_its_own_sources(app: FastAPI, world: World) -> None:
    api = _client(app, world.tokens["partner"])
    csv = b"record_id,given_name\nP-1,\xd0\x9e\xd0\xbb\xd0\xb5\xd0\xbd\xd0\xb0\n"
    refused = api.post(
        "/api/v1/imports",
        data={"source": "ua_registry", "kind": "official_registry"},
        files={"file": ("x.csv", csv, "text/csv")},
    )
    assert refused.status_code == 403
    own = api.post(
        "/api/v1/imports",
        data={"source": "ngo_a_new", "kind": "family_report"},
        files={"file": ("x.csv", csv, "text/csv")},
    )
    assert own.status_code == 201
    assert "ngo_a_new" in [s["name"] for s in api.get("/api/v1/sources").json()]
    assert "ngo_a_new" not in [
        s["name"] for s in _client(app, world.tokens["partner_b"]).get("/api/v1/sources").json()
    ]


def test_audit_events_via_api(app: FastAPI, world: World) -> None:
    _client(app, world.tokens["negotiator"]).get("/api/v1/search", params={"q": "Коваленко"})
    events = (
        _client(app, world.tokens["auditor"])
        .get("/api/v1/audit/events", params={"action": "search"})
        .json()
    )
    assert events[0]["actor"] == "negotiator" and events[0]["details"]["query"] == "Коваленко"
    assert _client(app, world.tokens["negotiator"]).get("/api/v1/audit/events").status_code == 403
