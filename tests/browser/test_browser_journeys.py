"""The critical journeys in a real browser (Debian's Chromium), with a screenshot of each page
for docs/screenshots/."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import update
from webworld import PASSWORD, World

from ridni.db.engine import make_engine, session_scope
from ridni.ingest.models import SourceRecord
from ridni.linkage.models import PersonRecord

pytestmark = pytest.mark.browser


def login(page: Page, username: str) -> None:
    page.goto("/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form[action='/login'] button[type=submit]")
    expect(page.locator("a.who")).to_contain_text(username)


def test_log_in(page: Page, screenshots: Path) -> None:
    page.goto("/search")
    expect(page).to_have_url(re.compile(r"/login\?next=/search"))
    page.screenshot(path=screenshots / "login.png")
    login(page, "caseworker")
    page.goto("/")
    expect(page.get_by_test_id("stat-records")).to_contain_text("5")
    page.screenshot(path=screenshots / "dashboard.png", full_page=True)


def test_wrong_password_is_refused(page: Page) -> None:
    page.goto("/login")
    page.fill("input[name=username]", "reviewer")
    page.fill("input[name=password]", "not the password")
    page.click("form[action='/login'] button[type=submit]")
    expect(page.get_by_role("alert")).to_contain_text("Невірне")


def test_search_a_russian_spelling_finds_the_ukrainian_record(
    page: Page, world: World, screenshots: Path
) -> None:
    login(page, "caseworker")
    page.goto("/search")
    page.get_by_test_id("search-input").fill("Александр Коваленко 2014")
    page.keyboard.press("Enter")
    first = page.get_by_test_id("result").first
    expect(first).to_contain_text("Коваленко Олександр")
    page.screenshot(path=screenshots / "search.png", full_page=True)


def test_live_search_with_htmx(page: Page) -> None:
    login(page, "reviewer")
    page.goto("/search")
    page.get_by_test_id("search-input").press_sequentially("Саша Мариуполь", delay=20)
    expect(page.get_by_test_id("result").first).to_contain_text("Коваленко Олександр")
    expect(page).to_have_url(re.compile(r"q="))


def test_person_page_shows_the_explanation(page: Page, world: World, screenshots: Path) -> None:
    login(page, "caseworker")
    page.goto("/search?q=Aleksandr+Kovalenko")
    page.get_by_test_id("result").first.get_by_role("link").first.click()
    expect(page).to_have_url(re.compile(rf"/persons/{world.persons['oleksandr']}$"))
    expect(page.get_by_test_id("record-card")).to_have_count(3)
    explanation = page.get_by_test_id("link-explanation").first
    expect(explanation).to_contain_text("Прізвище")
    expect(explanation).to_contain_text("те саме прізвище")
    expect(explanation).to_contain_text("сильний доказ")
    page.screenshot(path=screenshots / "person.png", full_page=True)


def test_partner_is_refused_another_organisations_child(
    page: Page, world: World, screenshots: Path
) -> None:
    login(page, "partner_b")
    response = page.goto(f"/persons/{world.persons['oleksandr']}")
    assert response is not None and response.status == 404
    expect(page.locator("h1")).to_have_text("Не знайдено")
    expect(page.locator("body")).not_to_contain_text("Коваленко")
    page.screenshot(path=screenshots / "refused.png")


def test_upload_a_malformed_file_shows_the_line(
    page: Page, tmp_path: Path, screenshots: Path
) -> None:
    bad = tmp_path / "family-reports.csv"
    bad.write_text(
        "record_id,given_name,family_name,birth_date\nF-1,Олена,Бондар,2015-04-01\n"
        "F-2,Ганна,Бондар,31.02.2016\n",
        encoding="utf-8",
    )
    login(page, "caseworker")
    page.goto("/imports/new")
    page.get_by_test_id("upload-file").set_input_files(str(bad))
    page.get_by_test_id("upload-source").fill("family_reports")
    page.get_by_test_id("upload-kind").select_option("family_report")
    page.get_by_test_id("upload-submit").click()
    error = page.get_by_test_id("import-error").first
    expect(error).to_contain_text("Рядок 3")
    expect(error).to_contain_text("birth_date")
    page.screenshot(path=screenshots / "upload-error.png", full_page=True)


def test_switch_language(page: Page, world: World, screenshots: Path) -> None:
    login(page, "reviewer")
    page.goto(f"/persons/{world.persons['oleksandr']}")
    expect(page.locator("h2").first).to_have_text("Записи з усіх джерел")
    page.get_by_test_id("lang-en").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h2").first).to_have_text("Records from every source")
    expect(page.locator("body")).to_contain_text("9 March 2014")
    page.screenshot(path=screenshots / "person-en.png", full_page=True)
    page.get_by_test_id("lang-uk").click()
    expect(page.locator("html")).to_have_attribute("lang", "uk")


def test_other_pages_render(page: Page, world: World, screenshots: Path) -> None:
    login(page, "admin")
    for url, name in (
        ("/sources", "sources"),
        (f"/sources/{world.sources['ua_registry']}", "source"),
        ("/imports", "imports"),
        (f"/records/{world.records['ru1']}", "record"),
        ("/audit", "audit"),
        ("/audit/verify", "audit-verify"),
        ("/admin/users", "admin-users"),
        ("/admin/tokens", "admin-tokens"),
        ("/account", "account"),
        ("/api/docs", "api-docs"),
    ):
        response = page.goto(url)
        assert response is not None and response.status == 200, url
        page.screenshot(path=screenshots / f"{name}.png", full_page=True)


def test_no_console_errors_and_csp_holds(page: Page) -> None:
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    login(page, "caseworker")
    page.goto("/search?q=Коваленко")
    page.goto("/")
    assert not [e for e in errors if "Content Security Policy" in e or "Refused" in e], errors


def test_a_reviewer_marks_an_overruled_sex_wrong(
    page: Page, live_world: tuple[str, World], screenshots: Path
) -> None:
    url, world = live_world
    ua1 = world.records["ua1"]
    engine = make_engine(url)
    with session_scope(engine) as session:  # as a run that overruled the registry's "F" would
        session.execute(update(SourceRecord).where(SourceRecord.id == ua1).values(sex="F"))
        session.execute(
            update(PersonRecord).where(PersonRecord.record_pk == ua1).values(sex_overruled=True)
        )
    engine.dispose()
    login(page, "reviewer")
    page.goto("/review")
    row = page.get_by_test_id("sex-overruled").locator("tr", has=page.get_by_test_id("sex-form"))
    expect(row).to_have_count(1)
    page.screenshot(path=screenshots / "review-sex-overruled.png", full_page=True)
    row.locator("input[name=reason]").fill("свідоцтво про народження: хлопчик")
    row.get_by_test_id("sex-mark-wrong").click()
    expect(page).to_have_url(re.compile(r"/review$"))
    expect(page.get_by_test_id("sex-overruled")).to_have_count(0)
    page.goto(f"/records/{ua1}")
    expect(page.get_by_test_id("sex-wrong")).to_be_visible()
    expect(page.get_by_test_id("sex-verdicts")).to_contain_text("свідоцтво про народження")
    # Withdrawn, the record's own "F" counts again.
    page.locator("[data-testid=sex-form] input[name=reason]").fill("помилка рецензента")
    page.get_by_test_id("sex-mark-right").click()
    expect(page.get_by_test_id("sex-wrong")).to_have_count(0)
    expect(page.get_by_test_id("sex-verdicts").locator("li")).to_have_count(2)
