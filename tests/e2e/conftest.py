"""Starts the real app once, as `make run` does, on a fresh SQLite database; and a Chromium browser."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from chatapp.settings import reset_settings
from tests.support.app_process import AppProcess
from tests.support.databases import migrate

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]


@pytest.fixture(scope="session")
def app_workdir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("e2e")


@pytest.fixture(scope="session")
def app_env(app_workdir) -> dict[str, str]:
    """The app's database and data folder; the test process uses the same ones to look inside."""
    env = {"DATABASE_URL": f"sqlite:///{app_workdir / 'e2e.db'}",
           "DATA_DIR": str(app_workdir / "data"),
           # Slow enough to watch an answer stream and to stop it half-way.
           "DEMO_TOKENS_PER_SECOND": "25",
           # One message a minute on the Starter plan, which only the rate-limit test uses.
           "TIER_OVERRIDES": '{"starter": {"messages_per_minute": 1}}'}
    os.environ.update(env)
    reset_settings()
    migrate(env["DATABASE_URL"])
    return env


@pytest.fixture(scope="session")
def app_url(app_env, app_workdir) -> str:
    app = AppProcess(env=app_env, workdir=app_workdir)
    try:
        app.start()
    except RuntimeError as exc:
        pytest.fail(str(exc), pytrace=False)
    yield app.url
    app.stop()


@pytest.fixture(autouse=True)
def _app_settings(app_env):
    """Every test reads the settings of the app under test (the root conftest resets them)."""
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
