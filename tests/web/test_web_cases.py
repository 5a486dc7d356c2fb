"""Review, cases, channels, lists and statistics on the web and the API: every route as every
role, then the pages and the API doing the work."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from caseroutes import CASE_ROUTES
from sqlalchemy import Engine, select
from webclient import Browser
from webworld import SENSITIVE, World

from ridni.cases import review, service, work
from ridni.cases.models import Case
from ridni.config import get_settings
from ridni.db.engine import session_scope
from ridni.linkage.calibration import Calibration, fingerprint
from ridni.linkage.model import MODEL_VERSION
from ridni.linkage.models import Link, LinkageRun
from ridni.linkage.store import save_calibration, save_model
from ridni.lists import service as lists
from ridni.lists.channels import create_channel
from ridni.lists.fields import PRESETS
from ridni.security.actors import ROLES
from ridni.security.models import AuditEvent
from ridni.security.policy import RULES

PDF = b"%PDF-1.4\n%synthetic\n%%EOF\n"


def _comparison(name: str, top_label: str, top: int) -> dict[str, Any]:
    """Levels as Splink numbers them: the null level, then gamma ``top`` down to 0."""
    levels = [{"is_null_level": True, "label_for_charts": f"{name} missing"}]
    levels += [
        {"label_for_charts": top_label if g == top else f"{name} level {g}"}
        for g in range(top, -1, -1)
    ]
    return {"output_column_name": name, "comparison_description": name, "comparison_levels": levels}


MODEL = {
    "ridni_model_version": MODEL_VERSION,
    "probability_two_random_records_match": 0.0001,
    "comparisons": [
        _comparison("given_name", "same name class", 3),
        _comparison("family_name", "same family name", 4),
    ],
}


@pytest.fixture
def casework(
    engine: Engine, world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[dict[str, int]]:
    """On the web world: an uncertain cross-side link, a verified case with a task and a file,
    two channels, a frozen list and an open draft."""
    monkeypatch.setenv("RIDNI_DATA_DIR", str(tmp_path / "var"))
    get_settings.cache_clear()
    save_model(MODEL)
    ids: dict[str, int] = {}
    with session_scope(engine) as s:
        run = s.scalars(select(LinkageRun)).first()
        ua3, ru1 = world.records["ua3"], world.records["ru1"]
        s.add(
            Link(
                record_a=min(ua3, ru1),
                record_b=max(ua3, ru1),
                run_id=run.id,
                match_weight=1.0,
                match_probability=0.6,
                contributions={"given_name": [3, 6.2], "family_name": [4, -3.0]},
            )
        )
        s.flush()
        ids["a"], ids["b"] = min(ua3, ru1), max(ua3, ru1)
        cw, neg, admin = world.actor("caseworker"), world.actor("negotiator"), world.actor("admin")
        narrow = create_channel(
            session=s, actor=admin, name="Посередник", fields=PRESETS["names_and_dates"]
        )
        wide = create_channel(
            session=s, actor=admin, name="Mediator wide", fields=PRESETS["places_and_siblings"]
        )
        case = service.open_case(
            session=s, actor=cw, person_id=world.persons["oleksandr"], assigned_to="caseworker"
        )
        service.set_location(session=s, actor=cw, case_id=case.id, location="Таганрог")
        service.move_case(
            session=s, actor=cw, case_id=case.id, to="located", reason="on their list"
        )
        for who in ("reviewer", "admin"):
            review.decide(
                session=s,
                actor=world.actor(who),
                record_a=world.records["ua1"],
                record_b=world.records["ru1"],
                decision="confirm",
                reason="same child",
            )
        service.move_case(
            session=s, actor=cw, case_id=case.id, to="identity_verified", reason="two confirmed"
        )
        ids["task_id"] = work.add_task(session=s, actor=cw, case_id=case.id, title="call").id
        ids["attachment_id"] = work.add_attachment(
            session=s, actor=cw, case_id=case.id, data=PDF, file_name="letter.pdf"
        ).id
        frozen = lists.draft_list(session=s, actor=neg, channel_id=narrow.id, name="Frozen")
        lists.freeze_list(session=s, actor=neg, list_id=frozen.list.id)
        draft = lists.draft_list(session=s, actor=neg, channel_id=wide.id, name="Draft")
        entry = lists.list_detail(session=s, actor=neg, list_id=draft.list.id).entries[0].entry
        ids.update(
            case_id=case.id,
            channel_id=wide.id,
            frozen=frozen.list.id,
            draft=draft.list.id,
            entry_id=entry.id,
            person_id=world.persons["oleksandr"],
            number=1,
            ua1=world.records["ua1"],
            record_pk=world.records["ua1"],
            a1=world.records["a1"],
            ru1=world.records["ru1"],
        )
    yield ids
    get_settings.cache_clear()


def _url(path: str, ids: dict[str, int]) -> str:
    values = {**ids, "list_id": ids["frozen"] if "versions" in path else ids["draft"], "fmt": "csv"}
    return path.format(**values)


def _reply(ids: dict[str, int]) -> bytes:
    return f"ref,outcome,date\nL{ids['frozen']}-00001,found,\n".encode()


def _form(
    path: str, ids: dict[str, int], world: World
) -> tuple[dict[str, Any], dict[str, Any] | None]:
    forms: dict[str, dict[str, Any]] = {
        "/review/pairs/{a}/{b}": {"decision": "reject", "reason": "different mothers"},
        "/review/persons/{person_id}/split": {
            f"group_{ids['ua1']}": "1",
            f"group_{ids['a1']}": "1",
            f"group_{ids['ru1']}": "2",
            "reason": "two boys",
        },
        "/records/{record_pk}/sex": {"verdict": "wrong", "reason": "ticked wrongly"},
        "/review/merge": {
            "person_a": world.persons["maria"],
            "person_b": world.persons["ivan"],
            "reason": "same",
        },
        "/cases": {"person_id": world.persons["ivan"], "summary": "reported"},
        "/cases/{case_id}/move": {
            "to": "closed",
            "closing_reason": "deceased",
            "reason": "sad news",
        },
        "/cases/{case_id}/location": {"location": "Ростов"},
        "/cases/{case_id}/assign": {"username": "caseworker"},
        "/cases/{case_id}/notes": {"text": "called"},
        "/cases/{case_id}/tasks": {"title": "visit", "due_date": "2026-01-01"},
        "/cases/{case_id}/evidence": {"kind": "document", "description": "certificate"},
        "/channels": {"name": "New channel", "field_given_name": "1"},
        "/channels/{channel_id}/fields": {"field_sex": "1"},
        "/lists": {"channel_id": ids["channel_id"], "name": "Another"},
        "/lists/{list_id}/entries": {"case_id": ids["case_id"]},
        "/lists/{list_id}/entries/{entry_id}/remove": {"reason": "not now"},
        "/lists/{list_id}/close": {"reason": "done"},
        "/api/v1/review/decisions": {
            "record_a": ids["a"],
            "record_b": ids["b"],
            "decision": "reject",
            "reason": "different",
        },
        "/api/v1/review/sex-decisions": {
            "record_pk": ids["ua1"],
            "verdict": "wrong",
            "reason": "ticked wrongly",
        },
        "/api/v1/cases": {"person_id": world.persons["ivan"]},
        "/api/v1/cases/{case_id}/transitions": {
            "to": "closed",
            "closing_reason": "deceased",
            "reason": "x",
        },
        "/api/v1/channels": {"name": "API channel", "fields": ["given_name"]},
        "/api/v1/lists": {"channel_id": ids["channel_id"], "name": "API list"},
    }
    files = None
    if path.endswith("/attachments"):
        files = {"file": ("scan.pdf", PDF, "application/pdf")}
    if path.endswith("/reconcile"):
        files = {"file": ("reply.csv", _reply(ids), "text/csv")}
    return forms.get(path, {}), files


def _call(
    browser: Browser, world: World, role: str | None, method: str, path: str, ids: dict[str, int]
):  # type: ignore[no-untyped-def]
    url = _url(path, ids)
    if path.startswith("/api/"):
        headers = {"Authorization": f"Bearer {world.tokens[role]}"} if role else {}
        if method == "GET":
            return browser.client.get(url, headers=headers)
        data, files = _form(path, ids, world)
        if files:
            return browser.client.post(url, files=files, headers=headers)
        return browser.client.post(url, json=data, headers=headers)
    if method == "GET":
        return browser.get(url)
    data, files = _form(path, ids, world)
    return browser.post(url, {k: str(v) for k, v in data.items()}, files=files)


@pytest.mark.parametrize(("method", "path"), sorted(CASE_ROUTES))
def test_every_role_on_every_route(
    browser_for, world: World, casework: dict[str, int], method: str, path: str
) -> None:  # type: ignore[no-untyped-def]
    action = CASE_ROUTES[(method, path)]
    allowed = [r for r in ROLES if action in RULES[r]]
    refused = [r for r in ROLES if r not in allowed]
    for role in [*refused, None]:  # refusals first: allowed calls change the state
        response = _call(browser_for(role), world, role, method, path, casework)
        expected = (
            (401,)
            if role is None and path.startswith("/api/")
            else ((303,) if role is None else (403, 404))
        )
        assert response.status_code in expected, (role, method, path, response.status_code)
        for word in SENSITIVE:
            assert word not in response.text, (role, path, word)
    for role in allowed:
        response = _call(browser_for(role), world, role, method, path, casework)
        assert response.status_code < 500, (role, path, response.text[:500])
        assert response.status_code not in (401, 403), (role, path, response.text[:300])


# --- the pages doing the work ------------------------------------------------------------------


def test_review_page_and_a_decision(
    browser_for, world: World, casework: dict[str, int], engine: Engine
) -> None:  # type: ignore[no-untyped-def]
    reviewer = browser_for("reviewer")
    queue = reviewer.get("/review")
    assert queue.status_code == 200
    pair_url = f"/review/pairs/{casework['a']}/{casework['b']}"
    assert pair_url in queue.text and 'data-testid="queue-filter"' in queue.text
    # The reviewer narrows the queue: a kind of source, or the possible renamings only.
    assert pair_url in reviewer.get("/review?kind=counterpart_list").text
    assert pair_url not in reviewer.get("/review?kind=adoption_database").text
    assert pair_url not in reviewer.get("/review?renamings=true").text
    assert reviewer.get("/review?kind=nonsense").status_code == 422
    pair = reviewer.get(f"/review/pairs/{casework['a']}/{casework['b']}")
    assert "Шевченко" in pair.text and "Коваленко" in pair.text and "+6.2" in pair.text
    assert 'data-testid="calibrated"' not in pair.text  # no decisions fitted yet
    save_calibration(Calibration(0.1, 0.0, 30, 12, fingerprint(MODEL)))
    pair = reviewer.get(f"/review/pairs/{casework['a']}/{casework['b']}")
    assert 'data-testid="calibrated"' in pair.text and "30" in pair.text
    missing = reviewer.post(
        f"/review/pairs/{casework['a']}/{casework['b']}", {"decision": "reject"}
    )
    assert missing.status_code == 422 and 'data-testid="error"' in missing.text
    done = reviewer.post(
        f"/review/pairs/{casework['a']}/{casework['b']}",
        {"decision": "reject", "reason": "different boys"},
    )
    assert done.status_code == 303
    assert f"/review/pairs/{casework['a']}/{casework['b']}" not in reviewer.get("/review").text
    calibration = reviewer.get("/review/calibration")
    assert calibration.status_code == 200 and 'data-testid="calibration"' in calibration.text


def test_case_page_refuses_a_move_with_its_reason(browser_for, casework: dict[str, int]) -> None:  # type: ignore[no-untyped-def]
    cw = browser_for("caseworker")
    page = cw.get(f"/cases/{casework['case_id']}")
    assert page.status_code == 200 and "Таганрог" in page.text
    refused = cw.post(
        f"/cases/{casework['case_id']}/move", {"to": "return_agreed", "reason": "hope"}
    )
    assert refused.status_code == 422 and 'data-testid="error"' in refused.text
    note = cw.client.post(
        f"/cases/{casework['case_id']}/notes",
        data={"text": "rang the school"},
        headers={"HX-Request": "true", "X-CSRF-Token": cw.csrf},
    )
    assert note.status_code == 200 and note.text.lstrip().startswith('<div id="notes">')
    assert "rang the school" in note.text
    download = cw.get(f"/cases/{casework['case_id']}/attachments/{casework['attachment_id']}")
    assert download.content == PDF and download.headers["content-type"] == "application/pdf"


def test_list_pages_export_and_reconcile(
    browser_for, casework: dict[str, int], engine: Engine
) -> None:  # type: ignore[no-untyped-def]
    neg = browser_for("negotiator")
    page = neg.get(f"/lists/{casework['draft']}")
    assert 'data-testid="flag-other-list"' in page.text  # the child is on the other channel's list
    csv = neg.get(f"/lists/{casework['frozen']}/versions/1/export/csv")
    text = csv.content.decode("utf-8-sig")
    assert "Коваленко" in text and "Таганрог" not in text  # names and dates only
    assert csv.headers["x-content-sha256"]
    reply = neg.post(
        f"/lists/{casework['frozen']}/versions/1/reconcile",
        {},
        files={"file": ("reply.csv", _reply(casework), "text/csv")},
    )
    assert reply.status_code == 200 and 'data-testid="notice"' in reply.text
    bad = neg.post(
        f"/lists/{casework['frozen']}/versions/1/reconcile",
        {},
        files={"file": ("reply.csv", b"ref,outcome\nL999-1,found\n", "text/csv")},
    )
    assert bad.status_code == 422 and "line 2" in bad.text
    with session_scope(engine) as s:
        assert s.scalar(select(AuditEvent).where(AuditEvent.action == "list.export"))


def test_stats_page_numbers(browser_for, casework: dict[str, int]) -> None:  # type: ignore[no-untyped-def]
    page = browser_for("auditor").get("/stats")
    assert page.status_code == 200
    assert re.search(r'data-testid="stat-total">1<', page.text)
    assert re.search(r'data-testid="stat-on_list">1<', page.text)


def test_the_api_end_to_end(
    browser_for, world: World, casework: dict[str, int], engine: Engine
) -> None:  # type: ignore[no-untyped-def]
    def api(role: str, method: str, url: str, **kw: Any):  # type: ignore[no-untyped-def]
        headers = {"Authorization": f"Bearer {world.tokens[role]}"}
        return browser_for(None).client.request(method, "/api/v1" + url, headers=headers, **kw)

    queue = api("reviewer", "GET", "/review").json()
    assert queue["items"][0]["value"] == 3 and queue["items"][0]["record_a"] == casework["a"]
    assert api("reviewer", "GET", "/review?renamings=true").json()["items"] == []
    assert api("reviewer", "GET", "/review?kind=nonsense").status_code == 422
    pair = api("reviewer", "GET", f"/review/{casework['a']}/{casework['b']}").json()
    assert [s["level"] for s in pair["steps"]] == ["same name class", "same family name"]
    assert (pair["calibrated_probability"], pair["calibration_decisions"]) == (None, 0)
    fitted = Calibration(0.1, 0.0, 30, 12, fingerprint(MODEL))
    save_calibration(fitted)
    pair = api("reviewer", "GET", f"/review/{casework['a']}/{casework['b']}").json()
    assert pair["calibration_decisions"] == 30
    assert pair["calibrated_probability"] == pytest.approx(fitted.probability(pair["match_weight"]))
    decided = api(
        "reviewer",
        "POST",
        "/review/decisions",
        json={
            "record_a": casework["a"],
            "record_b": casework["b"],
            "decision": "reject",
            "reason": "no",
        },
    )
    assert decided.status_code == 201
    sex = {"record_pk": casework["ua1"], "verdict": "wrong", "reason": "ticked wrongly"}
    marked = api("reviewer", "POST", "/review/sex-decisions", json=sex)
    assert marked.status_code == 201 and len(marked.json()["persons"]) == 1
    again = api("reviewer", "POST", "/review/sex-decisions", json=sex)
    assert again.status_code == 422 and "already marked wrong" in again.text
    record = api("reviewer", "GET", f"/records/{casework['ua1']}").json()
    assert record["record"]["sex_wrong"] and record["sex_verdicts"][0]["verdict"] == "wrong"
    # PostgreSQL cannot store a NUL character: refused with a clear answer, not a server error.
    nul = api("admin", "POST", "/channels", json={"name": "Канал\u0000", "fields": ["given_name"]})
    assert nul.status_code == 422 and "NUL" in nul.text
    opened = api("caseworker", "POST", "/cases", json={"person_id": world.persons["maria"]}).json()
    refused = api(
        "caseworker",
        "POST",
        f"/cases/{opened['id']}/transitions",
        json={"to": "located", "reason": "seen"},
    )
    assert refused.status_code == 422 and "held" in refused.json()["detail"]
    drafted = api(
        "negotiator", "POST", "/lists", json={"channel_id": casework["channel_id"], "name": "A"}
    )
    assert drafted.status_code == 201 and drafted.json()["n_entries"] == 0  # already on the draft
    version = api("negotiator", "POST", f"/lists/{casework['draft']}/freeze").json()
    assert len(version["content_hash"]) == 64
    xlsx = api("negotiator", "GET", f"/lists/{casework['draft']}/versions/1/export?format=xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    reply = api(
        "negotiator",
        "POST",
        f"/lists/{casework['draft']}/versions/1/reconcile",
        files={
            "file": (
                "r.csv",
                f"ref,outcome,date\nL{casework['draft']}-00001,returned,2026-01-05\n".encode(),
            )
        },
    )
    assert reply.json()["effects"] == {"moved to returned": 1}
    stats = api("auditor", "GET", "/stats/cases").json()
    assert stats["by_status"]["returned"] == 1 and stats["returns"][0][1] == "Mediator wide"
    with session_scope(engine) as s:
        assert s.get(Case, casework["case_id"]).status == "returned"
