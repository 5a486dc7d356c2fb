"""Playwright against a live uvicorn on a free loopback port, with Debian's Chromium.

``playwright install`` cannot download browsers here; the launch arguments point Playwright at
``/usr/bin/chromium`` (``apt-get install -y chromium``) instead (see shared/research/stack.md).
"""

from __future__ import annotations

import os
import socket
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from ridni.config import Settings, get_settings
from ridni.db.base import Base
from ridni.db.engine import make_engine, session_scope

# The synthetic world is shared with the web tests.
sys.path.insert(0, str(Path(__file__).parents[1] / "web"))
import webworld

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).parents[2] / "docs" / "screenshots"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):  # type: ignore[no-untyped-def]
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium", pytrace=False)
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def live_world(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, webworld.World]:
    path = tmp_path_factory.mktemp("browser") / "ridni.db"
    engine = make_engine(f"sqlite:///{path}")
    Base.metadata.create_all(engine)
    with session_scope(engine) as session:
        world = webworld.build(session)
    engine.dispose()
    return f"sqlite:///{path}", world


@pytest.fixture(scope="session")
def live_server(live_world, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:  # type: ignore[no-untyped-def]
    from ridni.web.app import create_app

    url, _ = live_world
    settings = Settings(
        database_url=url,
        data_dir=tmp_path_factory.mktemp("var"),
        environment="production",
        link_after_import=False,
    )
    os.environ["RIDNI_DATA_DIR"] = str(settings.data_dir)
    get_settings.cache_clear()
    webworld.save_model()
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
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def base_url(live_server: str) -> str:
    return live_server


@pytest.fixture(scope="session")
def world(live_world) -> webworld.World:  # type: ignore[no-untyped-def]
    return live_world[1]


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the journeys' screenshots go: docs/screenshots/ when RIDNI_UPDATE_SCREENSHOTS=1
    (to refresh the documentation's pictures), else a temporary folder, so that a test run
    leaves the working tree as it found it."""
    if os.environ.get("RIDNI_UPDATE_SCREENSHOTS") == "1":
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        return SCREENSHOTS
    return tmp_path_factory.mktemp("screenshots")


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):  # type: ignore[no-untyped-def]
    # A Ukrainian browser: the pages start in Ukrainian (the language test switches to English).
    return {**browser_context_args, "locale": "uk-UA", "viewport": {"width": 1280, "height": 900}}
