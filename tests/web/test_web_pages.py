"""The pages themselves: dashboard, search (full and htmx fragment), person, sources, upload,
audit browsing."""

from __future__ import annotations

from sqlalchemy import select, update
from webworld import GUARDIAN, World

from ridni.db.engine import session_scope
from ridni.ingest.models import SourceRecord
from ridni.linkage.models import Link, LinkageRun, PersonRecord


def test_dashboard_counts_and_chart(browser_for, world: World) -> None:  # type: ignore[no-untyped-def]
    page = browser_for("caseworker").get("/").text
    assert 'data-testid="stat-records"><b>5</b>' in page
    assert "<svg" in page and "державний реєстр" in page
    partner = browser_for("partner").get("/").text
    assert 'data-testid="stat-records"><b>1</b>' in partner


def test_search_page_and_fragment(browser_for, world: World) -> None:  # type: ignore[no-untyped-def]
    b = browser_for("reviewer")
    full = b.get("/search", params={"q": "Александр Коваленко"})
    assert "<html" in full.text and f'href="/persons/{world.persons["oleksandr"]}"' in full.text
    fragment = b.get("/search", params={"q": "Александр Коваленко"}, headers={"HX-Request": "true"})
    assert "<html" not in fragment.text and 'data-testid="result"' in fragment.text


def test_person_page_shows_records_explanation_and_timeline(browser_for, world: World) -> None:  # type: ignore[no-untyped-def]
    page = browser_for("caseworker").get(f"/persons/{world.persons['oleksandr']}").text
    assert page.count('data-testid="record-card"') == 3
    assert page.count('data-testid="link-explanation"') == 2
    assert "family_name" in page and "+9.1" in page
    assert GUARDIAN in page and "Коваленко Марія" in page  # guardian and sibling
    assert "09.03.2014" in page and 'data-testid="timeline"' in page


def test_an_overruled_sex_is_marked_on_the_person_and_record_pages(  # type: ignore[no-untyped-def]
    browser_for, engine, world: World
) -> None:
    with session_scope(engine) as session:
        session.execute(
            update(PersonRecord)
            .where(PersonRecord.record_pk == world.records["ua1"])
            .values(sex_overruled=True)
        )
    b = browser_for("reviewer")
    page = b.get(f"/persons/{world.persons['oleksandr']}").text
    assert page.count('data-testid="sex-overruled"') == 1
    assert 'data-testid="sex-overruled"' in b.get(f"/records/{world.records['ua1']}").text
    assert 'data-testid="sex-overruled"' not in b.get(f"/records/{world.records['ru1']}").text
    queue = b.get("/review").text  # listed for review, with a link to the person
    assert 'data-testid="sex-overruled"' in queue
    assert f'href="/persons/{world.persons["oleksandr"]}"' in queue


def test_a_reviewer_marks_an_overruled_sex_wrong_from_the_review_page(  # type: ignore[no-untyped-def]
    browser_for, engine, world: World
) -> None:
    ua1 = world.records["ua1"]
    with session_scope(engine) as session:  # the registry ticked "F"; the others say a boy
        session.execute(update(SourceRecord).where(SourceRecord.id == ua1).values(sex="F"))
        session.execute(
            update(PersonRecord).where(PersonRecord.record_pk == ua1).values(sex_overruled=True)
        )
    b = browser_for("reviewer")
    assert f'action="/records/{ua1}/sex"' in b.get("/review").text
    refused = b.post(f"/records/{ua1}/sex", {"verdict": "wrong", "reason": " ", "back": "review"})
    assert refused.status_code == 422 and 'role="alert"' in refused.text
    caseworker = browser_for("caseworker")
    assert (
        caseworker.post(f"/records/{ua1}/sex", {"verdict": "wrong", "reason": "x"}).status_code
        == 403
    )
    assert 'data-testid="sex-form"' not in caseworker.get(f"/records/{ua1}").text

    done = b.post(
        f"/records/{ua1}/sex", {"verdict": "wrong", "reason": "birth certificate", "back": "review"}
    )
    assert done.status_code == 303 and done.headers["location"] == "/review"
    assert 'data-testid="sex-overruled"' not in b.get("/review").text  # checked, and gone
    record = b.get(f"/records/{ua1}").text
    assert 'data-testid="sex-wrong"' in record and "birth certificate" in record
    assert 'data-testid="sex-mark-right"' in record  # the form now offers to withdraw it
    person = b.get(f"/persons/{world.persons['oleksandr']}").text
    assert person.count('data-testid="sex-wrong"') == 1


def test_a_reviewer_sees_possible_other_records_of_the_child(  # type: ignore[no-untyped-def]
    browser_for, engine, world: World
) -> None:
    low, high = sorted((world.records["ru1"], world.records["ua3"]))
    with session_scope(engine) as session:  # Іван's record, scored in the band against Олександр's
        run = session.scalar(select(LinkageRun.id))
        session.add(
            Link(
                record_a=low,
                record_b=high,
                run_id=run,
                match_weight=1.0,
                match_probability=0.6,
                contributions={},
            )
        )
    url = f"/persons/{world.persons['oleksandr']}"
    page = browser_for("reviewer").get(url).text
    assert 'data-testid="possible-matches"' in page
    assert f'href="/review/pairs/{low}/{high}"' in page and "60.0%" in page
    assert 'data-testid="possible-matches"' not in browser_for("caseworker").get(url).text
    empty = browser_for("reviewer").get(f"/persons/{world.persons['maria']}").text
    assert 'data-testid="possible-matches"' not in empty and "Жоден запис поза" in empty


def test_partner_person_page_hides_what_it_must(browser_for, world: World) -> None:  # type: ignore[no-untyped-def]
    b = browser_for("partner")
    page = b.get(f"/persons/{world.persons['oleksandr']}").text
    assert page.count('data-testid="record-card"') == 1
    assert GUARDIAN not in page and "приховано для вашої ролі" in page
    refused = b.get(f"/persons/{world.persons['ivan']}")
    assert refused.status_code == 404 and "Шевченко" not in refused.text


def test_sources_and_import_history(browser_for, world: World) -> None:  # type: ignore[no-untyped-def]
    b = browser_for("reviewer")
    assert all(
        name in b.get("/sources").text for name in ("ua_registry", "ngo_a_reports", "ru_list")
    )
    assert "ua_registry.csv" in b.get(f"/sources/{world.sources['ua_registry']}").text
    assert "ru_list.csv" in b.get("/imports").text
    partner = browser_for("partner").get("/sources").text
    assert "ngo_a_reports" in partner and "ua_registry" not in partner


def test_upload_page_reports_the_bad_line(browser_for, world: World) -> None:  # type: ignore[no-untyped-def]
    b = browser_for("caseworker")
    bad = "record_id,given_name,birth_date\nK-1,Олена,2015-01-01\nK-2,Ганна,2015-13-01\n"
    page = b.post(
        "/imports/new",
        {"source": "kids", "kind": "family_report"},
        files={"file": ("kids.csv", bad.encode(), "text/csv")},
    )
    assert page.status_code == 422
    assert "Рядок 3" in page.text and "birth_date" in page.text
    good = bad.replace("2015-13-01", "2015-12-01")
    page = b.post(
        "/imports/new",
        {"source": "kids", "kind": "family_report"},
        files={"file": ("kids.csv", good.encode(), "text/csv")},
    )
    assert page.status_code == 200 and 'data-testid="import-report"' in page.text
    assert "kids.csv" in b.get("/imports").text


def test_audit_page_filters_and_verifies(browser_for, world: World) -> None:  # type: ignore[no-untyped-def]
    browser_for("negotiator").get("/search", params={"q": "Шевченко 2012"})
    auditor = browser_for("auditor")
    page = auditor.get("/audit", params={"action": "search", "actor": "negotiator"}).text
    assert "Шевченко 2012" in page and page.count("<code>search</code>") == 1
    assert "Ланцюжок цілий" in auditor.get("/audit/verify").text


def test_sharing_a_person_with_a_partner(browser_for, world: World) -> None:  # type: ignore[no-untyped-def]
    partner_b = browser_for("partner_b")
    assert partner_b.get(f"/persons/{world.persons['maria']}").status_code == 404
    assert (
        browser_for("reviewer")
        .post(f"/persons/{world.persons['maria']}/share", {"organisation": "NGO B"})
        .status_code
        == 403
    )
    caseworker = browser_for("caseworker")
    page = caseworker.get(f"/persons/{world.persons['maria']}").text
    assert "NGO B" in page  # the share form offers partner organisations
    done = caseworker.post(
        f"/persons/{world.persons['maria']}/share", {"organisation": "NGO B", "reason": "mediation"}
    )
    assert done.status_code == 303
    assert partner_b.get(f"/persons/{world.persons['maria']}").status_code == 200
    again = caseworker.post(f"/persons/{world.persons['maria']}/share", {"organisation": "NGO B"})
    assert again.status_code == 409


def test_revoking_a_share_closes_the_person_again(browser_for, world: World) -> None:  # type: ignore[no-untyped-def]
    partner_b = browser_for("partner_b")
    assert partner_b.get(f"/persons/{world.persons['ivan']}").status_code == 200
    revoked = browser_for("admin").post(
        f"/persons/{world.persons['ivan']}/shares/{world.share_id}/revoke"
    )
    assert revoked.status_code == 303
    assert partner_b.get(f"/persons/{world.persons['ivan']}").status_code == 404
