"""Settings: defaults, derived values, production secret rules, the dev key kept across runs."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from pydantic import ValidationError

from chatapp.settings import PROJECT_ROOT, Settings, get_settings, reset_settings


def make(**values) -> Settings:
    return Settings(_env_file=None, **values)


def test_defaults_give_an_absolute_sqlite_path_in_the_data_folder(tmp_path):
    settings = make(data_dir=tmp_path)
    assert settings.database_url == f"sqlite:///{tmp_path}/chatapp.db"
    assert settings.database_url.startswith("sqlite:////")
    assert settings.is_sqlite
    assert settings.redis_url is None
    assert settings.platform_monthly_budget == Decimal("100")
    assert settings.per_request_max_cost == Decimal("0.10")
    assert isinstance(settings.per_request_max_cost, Decimal)


def test_relative_data_dir_is_resolved_against_the_project():
    assert make(data_dir=Path("somewhere")).data_dir == PROJECT_ROOT / "somewhere"


def test_environment_variables_are_read(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://u@h/db")
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    monkeypatch.setenv("PLATFORM_MONTHLY_BUDGET", "250.75")
    monkeypatch.setenv("TIER_OVERRIDES", '{"free": {"daily_budget": "1.00"}}')
    reset_settings()
    settings = get_settings()
    assert settings.database_url == "postgresql+psycopg://u@h/db"
    assert not settings.is_sqlite
    assert settings.redis_url == "redis://127.0.0.1:6379/0"
    assert settings.platform_monthly_budget == Decimal("250.75")
    assert settings.tier_overrides == {"free": {"daily_budget": "1.00"}}
    assert get_settings() is settings  # loaded once


def test_env_file_is_read_unless_disabled(monkeypatch, tmp_path):
    env_file = tmp_path / "custom.env"
    env_file.write_text("PLATFORM_MONTHLY_BUDGET=42\n")
    monkeypatch.setenv("CHATAPP_ENV_FILE", str(env_file))
    reset_settings()
    assert get_settings().platform_monthly_budget == Decimal("42")
    monkeypatch.setenv("CHATAPP_ENV_FILE", "")
    reset_settings()
    assert get_settings().platform_monthly_budget == Decimal("100")


def test_invalid_tier_overrides_json_is_refused():
    with pytest.raises(ValidationError, match="TIER_OVERRIDES is not valid JSON"):
        make(tier_overrides="{not json")


def test_production_requires_a_secret_key():
    with pytest.raises(ValidationError, match="SECRET_KEY must be set"):
        make(app_env="production")


@pytest.mark.parametrize("placeholder", ["changeme", "secret", "short-but-not-placeholder"])
def test_production_refuses_placeholder_or_short_secrets(placeholder):
    with pytest.raises(ValidationError, match="placeholder"):
        make(app_env="production", secret_key=placeholder)


def test_production_accepts_a_long_random_secret():
    settings = make(app_env="production", secret_key="x" * 16 + "Q7v2-mK9pL3zR8tY4wN6")
    assert settings.is_production
    assert settings.signing_key().startswith("x" * 16)


def test_development_secret_is_generated_once_and_kept(tmp_path):
    first = make(data_dir=tmp_path).signing_key()
    assert len(first) >= 48
    key_file = tmp_path / ".secret_key"
    assert key_file.read_text() == first
    assert oct(key_file.stat().st_mode & 0o777) == "0o600"
    reset_settings()  # a new process would start with an empty cache
    assert make(data_dir=tmp_path).signing_key() == first


def test_secret_key_is_not_shown_in_repr():
    settings = make(secret_key="a-very-secret-value-that-must-not-leak-0123456789")
    assert "a-very-secret-value" not in repr(settings)
    assert "a-very-secret-value" not in str(settings.model_dump())
