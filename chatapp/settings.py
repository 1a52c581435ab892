"""The one Settings object: every knob the app reads from the environment or `.env`, loaded once."""

from __future__ import annotations

import functools
import json
import os
import secrets
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent

# Values people paste from examples; refused as SECRET_KEY outside development.
_PLACEHOLDER_SECRETS = {"changeme", "change-me", "change_me", "secret", "dev", "development",
                        "your-secret-key", "replace-me", "placeholder", "example", "test"}
_MIN_SECRET_LENGTH = 32


class Settings(BaseSettings):
    """Configuration of one app process. Field names map to upper-case env variables."""

    model_config = SettingsConfigDict(
        env_file_encoding="utf-8",
        extra="ignore",
        case_sensitive=False,
    )

    app_env: Literal["development", "test", "production"] = "development"
    data_dir: Path = PROJECT_ROOT / "data"
    database_url: str = ""
    redis_url: str | None = None
    secret_key: SecretStr | None = None
    access_token_ttl_minutes: int = Field(default=7 * 24 * 60, ge=1, le=90 * 24 * 60)
    public_url: str = "http://localhost:3000"

    # First administrator, created or promoted at start-up when both are set.
    admin_email: str | None = None
    admin_password: SecretStr | None = None

    # The abuse check (step 2 of a chat turn). Off only for load tests that send one message
    # hundreds of times on purpose.
    abuse_protection: bool = True

    # Log-in throttling (failed attempts in a sliding window).
    login_max_failures_per_email: int = Field(default=5, ge=1)
    login_max_failures_per_ip: int = Field(default=30, ge=1)
    login_window_seconds: int = Field(default=900, ge=1)

    # LLM providers. A model whose provider is not configured is not offered.
    openai_api_key: SecretStr | None = None
    openrouter_api_key: SecretStr | None = None
    anthropic_api_key: SecretStr | None = None
    ollama_base_url: str | None = None
    ollama_model: str = "llama3.2"
    ollama_context_window: int = Field(default=8192, ge=512)
    vllm_base_url: str | None = None
    vllm_api_key: SecretStr | None = None
    vllm_model: str | None = None
    vllm_context_window: int = Field(default=32768, ge=512)
    # JSON object: {"gpt-5.4-mini": {"input": "0.75", "output": "4.50", "cached_input": "0.075"}}
    model_price_overrides: dict[str, dict[str, str]] = Field(default_factory=dict)
    # The built-in demo provider: auto = on when no provider is configured.
    demo_provider: Literal["auto", "on", "off"] = "auto"
    demo_tokens_per_second: int = Field(default=60, ge=1, le=100_000)
    # Where the app reaches its own demo provider; default http://127.0.0.1:<backend port>/demo/v1.
    demo_base_url: str | None = None
    # Seconds to wait for a provider: to connect, and between two streamed chunks.
    provider_connect_timeout: float = Field(default=5.0, gt=0)
    provider_read_timeout: float = Field(default=60.0, gt=0)

    # Stripe billing; without a secret key the pricing page says billing is not configured.
    stripe_secret_key: SecretStr | None = None
    stripe_webhook_secret: SecretStr | None = None
    stripe_price_starter: str | None = None
    stripe_price_pro: str | None = None
    stripe_price_enterprise: str | None = None

    # Cost guard.
    platform_monthly_budget: Decimal = Field(default=Decimal("100"), ge=0)
    per_request_max_cost: Decimal = Field(default=Decimal("0.10"), gt=0)
    response_max_tokens: int = Field(default=4000, ge=16)
    # JSON object: {"free": {"daily_budget": "1.00", "messages_per_day": 40}, ...}
    tier_overrides: dict[str, dict[str, Any]] = Field(default_factory=dict)
    # A reservation not settled after this long (its worker died) is charged at its full amount.
    reservation_ttl_seconds: int = Field(default=600, ge=30)
    # Platform spend per minute above which administrators are alerted (0: off); with
    # SPEND_VELOCITY_AUTO_STOP the platform also stops until an administrator lifts it.
    spend_velocity_alert_per_minute: Decimal = Field(default=Decimal("1.00"), ge=0)
    spend_velocity_auto_stop: bool = False
    # Circuit breaker per model: open after N failures within the window, probe after the cooldown.
    breaker_failure_threshold: int = Field(default=5, ge=1)
    breaker_window_seconds: float = Field(default=60.0, gt=0)
    breaker_cooldown_seconds: float = Field(default=30.0, gt=0)

    @field_validator("tier_overrides", "model_price_overrides", mode="before")
    @classmethod
    def _parse_json_object(cls, value: Any, info: Any) -> Any:
        if isinstance(value, str):
            if not value.strip():
                return {}
            try:
                return json.loads(value)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{info.field_name.upper()} is not valid JSON: {exc.msg}") from exc
        return value

    @field_validator("data_dir", mode="after")
    @classmethod
    def _absolute_data_dir(cls, value: Path) -> Path:
        return value if value.is_absolute() else (PROJECT_ROOT / value).resolve()

    @model_validator(mode="after")
    def _derive_defaults(self) -> Settings:
        if not self.database_url:
            self.database_url = f"sqlite:///{self.data_dir / 'chatapp.db'}"
        if self.app_env == "production":
            self._require_real_secret()
        return self

    def _require_real_secret(self) -> None:
        if self.secret_key is None:
            raise ValueError("SECRET_KEY must be set when APP_ENV=production.")
        value = self.secret_key.get_secret_value()
        if value.strip().lower() in _PLACEHOLDER_SECRETS or len(value) < _MIN_SECRET_LENGTH:
            raise ValueError(
                f"SECRET_KEY looks like a placeholder; use at least {_MIN_SECRET_LENGTH} random "
                "characters, e.g. `python -c 'import secrets; print(secrets.token_urlsafe(48))'`."
            )

    @property
    def access_token_ttl(self) -> timedelta:
        return timedelta(minutes=self.access_token_ttl_minutes)

    @property
    def is_production(self) -> bool:
        return self.app_env == "production"

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    def signing_key(self) -> str:
        """The JWT signing key: SECRET_KEY, or in development a key generated once and kept."""
        if self.secret_key is not None:
            return self.secret_key.get_secret_value()
        return _dev_secret(self.data_dir)


@functools.cache
def _dev_secret(data_dir: Path) -> str:
    path = data_dir / ".secret_key"
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    # O_EXCL: if two processes race on the first run, one wins and the other reads its key.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text(encoding="utf-8").strip()
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(key)
    return key


@functools.cache
def get_settings() -> Settings:
    """The process-wide settings, read from the environment and `.env` on first use.

    CHATAPP_ENV_FILE names another env file; set it empty to read the environment only.
    """
    env_file = os.environ.get("CHATAPP_ENV_FILE", str(PROJECT_ROOT / ".env"))
    return Settings(_env_file=env_file or None)


def reset_settings() -> None:
    """Forget the loaded settings (tests change the environment between app instances)."""
    get_settings.cache_clear()
    _dev_secret.cache_clear()
