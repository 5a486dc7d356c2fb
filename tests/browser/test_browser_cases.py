"""From match to return in a real browser: a reviewer and an admin confirm a cross-side pair,
a caseworker locates and verifies the child, a negotiator drafts, freezes, exports (CSV, PDF)
and reconciles the reply; the case ends 'returned'. Screenshots go to docs/screenshots/."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn
import webworld
from playwright.sync_api import Browser, BrowserContext, Page, expect
from sqlalchemy import select, update

from ridni.cases.models import Case
from ridni.config import Settings, get_settings
from ridni.db.base import Base
from ridni.db.engine import make_engine, session_scope
from ridni.linkage.model import MODEL_VERSION
from ridni.linkage.models import Link
from ridni.linkage.service import save_model
from ridni.lists.channels import create_channel
from ridni.lists.fields import PRESETS
from ridni.security.actors import SYSTEM

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def cases_server(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[str, str, webworld.World]]:
    """Its own registry and server: the web world, with Oleksandr's cross-side link uncertain."""
    from ridni.web.app import create_app

    root = tmp_path_factory.mktemp("cases-browser")
    previous = os.environ.get("RIDNI_DATA_DIR")
    os.environ["RIDNI_DATA_DIR"] = str(root / "var")  # the model and attachments live here
    get_settings.cache_clear()
    save_model(_model())
    url = f"sqlite:///{root / 'ridni.db'}"
    engine = make_engine(url)
    Base.metadata.create_all(engine)
    with session_scope(engine) as session:
        world = webworld.build(session)
        session.execute(
            update(Link).where(Link.record_b == world.records["ru1"]).values(match_probability=0.8)
        )
        create_channel(
            session=session, actor=SYSTEM, name="Посередник А", fields=PRESETS["names_and_dates"]
        )
    settings = Settings(
        database_url=url,
        data_dir=root / "var",
        environment="production",
        link_after_import=False,
    )
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.time() + 15
    while not server.started:
        if time.time() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", url, world
    server.should_exit = True
    thread.join(timeout=5)
    engine.dispose()
    if previous is None:
        os.environ.pop("RIDNI_DATA_DIR", None)
    else:
        os.environ["RIDNI_DATA_DIR"] = previous
    get_settings.cache_clear()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _model() -> dict[str, Any]:
    """A saved model whose levels label the web world's stored contributions."""

    def comparison(name: str, top: int) -> dict[str, Any]:
        levels = [{"is_null_level": True, "label_for_charts": f"{name} missing"}]
        levels += [{"label_for_charts": f"{name} level {g}"} for g in range(top, -1, -1)]
        return {
            "output_column_name": name,
            "comparison_description": name,
            "comparison_levels": levels,
        }

    return {
        "ridni_model_version": MODEL_VERSION,
        "probability_two_random_records_match": 0.001,
        "comparisons": [
            comparison("given_name", 3),
            comparison("family_name", 4),
            comparison("birth_date", 2),
            comparison("birth_place", 1),
        ],
    }


def _as(browser: Browser, base: str, username: str) -> tuple[BrowserContext, Page]:
    context = browser.new_context(
        base_url=base,
        locale="uk-UA",
        viewport={"width": 1280, "height": 900},
        accept_downloads=True,
    )
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())  # 'freeze this list?'
    page.goto("/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", webworld.PASSWORD)
    page.click("form[action='/login'] button[type=submit]")
    expect(page.locator("a.who")).to_contain_text(username)
    return context, page


def _confirm_pair(page: Page, reason: str) -> None:
    page.goto("/review")
    page.get_by_test_id("queue-row").first.get_by_role("link").click()
    expect(page.get_by_test_id("side-by-side")).to_contain_text("Коваленко")
    page.check("input[name=decision][value=confirm]")
    page.fill("textarea[name=reason]", reason)
    page.get_by_test_id("decide").click()
    expect(page.get_by_test_id("decided")).to_be_visible()


def test_from_review_to_return(
    browser: Browser, cases_server, tmp_path: Path, screenshots: Path
) -> None:  # type: ignore[no-untyped-def]
    base, url, world = cases_server

    # 1. Two reviewers confirm the registry record and the counterpart list record (four eyes).
    context, page = _as(browser, base, "reviewer")
    page.goto("/review")
    expect(page.get_by_test_id("queue")).to_contain_text("Коваленко")
    page.screenshot(path=screenshots / "review-queue.png", full_page=True)
    page.get_by_test_id("queue-row").first.get_by_role("link").click()
    expect(page.get_by_test_id("explanation")).to_contain_text("+9.1")
    page.screenshot(path=screenshots / "review-pair.png", full_page=True)
    _confirm_pair(page, "Те саме свідоцтво про народження")
    context.close()
    context, page = _as(browser, base, "admin")
    page.goto("/review")
    expect(page.get_by_test_id("second-looks")).to_contain_text("reviewer")
    page.get_by_test_id("second-looks").get_by_role("link").first.click()
    page.check("input[name=decision][value=confirm]")
    page.fill("textarea[name=reason]", "Погоджуюсь: та сама дитина")
    page.get_by_test_id("decide").click()
    expect(page.get_by_test_id("decisions")).to_contain_text("admin")
    context.close()

    # 2. The caseworker opens the case, records where the child is held, and verifies.
    context, page = _as(browser, base, "caseworker")
    page.goto("/cases")
    page.fill("form[data-testid=open-case] input[name=person_id]", str(world.persons["oleksandr"]))
    page.get_by_test_id("open-case").get_by_role("button").click()
    expect(page.get_by_test_id("case-status")).to_contain_text("повідомлено")
    page.fill("input[name=location]", "Таганрог, дитячий будинок №1")
    page.locator("form[action$='/location'] button").click()
    for status, reason in (
        ("located", "Дитина у списку іншої сторони"),
        ("identity_verified", "Двоє підтвердили збіг"),
    ):
        form = page.get_by_test_id(f"move-{status}")
        form.locator("textarea[name=reason]").fill(reason)
        form.get_by_role("button").click()
        expect(page.get_by_test_id("error")).to_have_count(0)
    expect(page.get_by_test_id("case-status")).to_contain_text("особу підтверджено")
    page.screenshot(path=screenshots / "case.png", full_page=True)
    case_url = page.url
    context.close()

    # 3. The negotiator drafts a list, freezes it, exports it and imports the reply.
    context, page = _as(browser, base, "negotiator")
    page.goto("/lists")
    page.fill("form[data-testid=draft-list] input[name=name]", "Список 1")
    page.get_by_test_id("draft").click()
    expect(page.get_by_test_id("entries")).to_contain_text("Коваленко")
    page.get_by_test_id("freeze").click()
    expect(page.get_by_test_id("hash")).to_have_count(1)
    content_hash = page.get_by_test_id("hash").inner_text().strip()
    page.screenshot(path=screenshots / "list.png", full_page=True)
    with page.expect_download() as csv_download:
        page.get_by_test_id("export-csv").click()
    csv_text = Path(csv_download.value.path()).read_bytes().decode("utf-8-sig")
    assert "Коваленко" in csv_text and "Таганрог" not in csv_text  # names and dates only
    with page.expect_download() as pdf_download:
        page.get_by_test_id("export-pdf").click()
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext is missing: apt-get install -y poppler-utils")
    text = subprocess.run(
        ["pdftotext", pdf_download.value.path(), "-"], capture_output=True, check=True
    ).stdout.decode()
    assert "Коваленко Олександр" in text and content_hash in text.replace("\n", "")
    ref = csv_text.splitlines()[1].split(",")[0]
    reply = tmp_path / "reply.csv"
    reply.write_text(
        f"ref,outcome,date,note\n{ref},returned,2026-01-15,через посередника\n", encoding="utf-8"
    )
    page.get_by_test_id("reconcile-1").locator("input[type=file]").set_input_files(str(reply))
    page.get_by_test_id("reconcile-1").locator("button[type=submit]").click()
    expect(page.get_by_test_id("notice")).to_contain_text("1")
    context.close()

    # 4. The case is 'returned', with the date and the channel.
    context, page = _as(browser, base, "caseworker")
    page.goto(case_url)
    expect(page.get_by_test_id("case-status")).to_contain_text("повернуто")
    expect(page.get_by_test_id("history")).to_contain_text("negotiator")
    context.close()
    engine = make_engine(url)
    with session_scope(engine) as session:
        case = session.scalars(select(Case)).one()
        assert (case.status, str(case.return_date), case.return_channel_id) == (
            "returned",
            "2026-01-15",
            1,
        )
    engine.dispose()
