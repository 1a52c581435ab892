"""Test-wide set-up: no developer .env, no network telemetry, each test's settings isolated."""

from __future__ import annotations

import os

# Before any app module is imported: the developer's .env (keys, URLs) must never leak into tests.
os.environ["CHATAPP_ENV_FILE"] = ""
os.environ["REFLEX_TELEMETRY_ENABLED"] = "false"
for _name in ("OPENAI_API_KEY", "OPENROUTER_API_KEY", "ANTHROPIC_API_KEY", "STRIPE_SECRET_KEY",
              "STRIPE_WEBHOOK_SECRET", "REDIS_URL", "DATABASE_URL", "ADMIN_EMAIL", "ADMIN_PASSWORD",
              "SECRET_KEY", "APP_ENV"):
    os.environ.pop(_name, None)

import pytest  # noqa: E402

from chatapp.services.abuse_guard import forget_patterns  # noqa: E402
from chatapp.services.breaker import reset_breakers  # noqa: E402
from chatapp.settings import reset_settings  # noqa: E402


@pytest.fixture(autouse=True)
def _fresh_settings():
    """Each test starts with freshly read settings, closed circuit breakers and abuse patterns
    read again from its own database."""
    reset_settings()
    reset_breakers()
    forget_patterns()
    yield
    reset_settings()
    reset_breakers()
    forget_patterns()
