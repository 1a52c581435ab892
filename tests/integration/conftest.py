"""Integration fixtures: a migrated database per test on SQLite and on PostgreSQL, and the API."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from chatapp.db import engine_for
from chatapp.settings import reset_settings
from tests.support.databases import (
    REDIS_TEST_URL,
    migrate,
    postgres_database,
    require_service,
    sqlite_url,
)


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    """A fresh migrated database; every test using it runs once on each engine."""
    if request.param == "sqlite":
        url = sqlite_url(tmp_path)
        migrate(url)
        yield url
        engine_for(url).dispose()
    else:
        with postgres_database() as url:
            migrate(url)
            yield url


@pytest.fixture
def app_env(database_url, tmp_path, monkeypatch):
    """Point the app's settings at the test database and a private data folder."""
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "data"))
    reset_settings()
    return database_url


@pytest.fixture
def api(app_env):
    from chatapp.api.app import create_api
    from chatapp.services.login_throttle import get_login_throttle

    get_login_throttle.cache_clear()
    with TestClient(create_api(), raise_server_exceptions=False) as client:
        yield client
    get_login_throttle.cache_clear()


@pytest.fixture
def redis_url():
    require_service("Redis", "127.0.0.1", 6379,
                    'redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save ""')
    return REDIS_TEST_URL


@pytest.fixture
def live_app(app_env, monkeypatch):
    """The HTTP API served by uvicorn on a free port; the app reaches its demo provider there."""
    from chatapp.api.app import create_api
    from chatapp.services.demo_provider import FAULTS
    from tests.support.servers import serve

    monkeypatch.setenv("DEMO_TOKENS_PER_SECOND", "3000")
    reset_settings()
    with serve(create_api()) as url:
        monkeypatch.setenv("DEMO_BASE_URL", f"{url}/demo/v1")
        reset_settings()
        yield url
    FAULTS.clear()
