"""Starts the real app once (Reflex AppHarness on a fresh SQLite database) and a Chromium browser."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from chatapp.settings import PROJECT_ROOT, reset_settings
from tests.support.databases import migrate

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]


def _use_project_node() -> None:
    """Let `pytest` run without make: Reflex needs the project's Node 22 and bun on PATH."""
    tools = PROJECT_ROOT / ".tools" / "node_modules" / ".bin"
    if not (tools / "node").exists():
        pytest.fail("Node 22 is not installed in .tools/; run `make test` (it installs it).",
                    pytrace=False)
    os.environ["PATH"] = f"{tools}{os.pathsep}{os.environ.get('PATH', '')}"
    os.environ["REFLEX_USE_SYSTEM_BUN"] = "1"
    os.environ["REFLEX_CHECK_LATEST_VERSION"] = "false"
    # A separate web folder, so that the tests never disturb a `make run` of the same checkout.
    os.environ["REFLEX_WEB_WORKDIR"] = str(PROJECT_ROOT / ".web-e2e")


@pytest.fixture(scope="session")
def app_database(tmp_path_factory) -> str:
    data_dir: Path = tmp_path_factory.mktemp("e2e-data")
    url = f"sqlite:///{data_dir / 'e2e.db'}"
    os.environ["DATABASE_URL"] = url
    os.environ["DATA_DIR"] = str(data_dir)
    reset_settings()
    migrate(url)
    return url


@pytest.fixture(scope="session")
def app_url(app_database) -> str:
    from reflex.testing import AppHarness

    _use_project_node()
    with AppHarness.create(root=PROJECT_ROOT) as harness:
        assert harness.frontend_url is not None
        yield harness.frontend_url.rstrip("/")


@pytest.fixture(autouse=True)
def _keep_app_settings(app_database):
    """The app under test reads the same settings as the test process."""
    yield


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing; run `make test` (it installs Debian's chromium).",
                    pytrace=False)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, app_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=app_url)
    context.set_default_timeout(20_000)
    page = context.new_page()
    yield page
    context.close()
