"""The app's tables; those of abuse handling and operations are in models_ops.py, the shared
column types in model_types.py. Money is integer micro-dollars; timestamps are aware UTC.

The schema changes only through Alembic migrations (alembic/versions); a test checks that these
models and the migrations agree.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from chatapp.model_types import UTCDateTime, utcnow  # noqa: F401 (utcnow: re-exported)
from chatapp.model_types import created_field as _created
from chatapp.model_types import micros_field as _micros
from chatapp.model_types import owner_field as _owner

# --- people -----------------------------------------------------------------------------------

class User(SQLModel, table=True):
    __tablename__ = "users"

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    email: str = Field(max_length=254, unique=True, index=True)
    password_hash: str = Field(max_length=255)
    display_name: str = Field(default="", max_length=100)
    role: str = Field(default="user", max_length=16)  # user | admin
    suspended_until: datetime | None = Field(default=None, sa_type=UTCDateTime)
    suspension_reason: str | None = Field(default=None, max_length=255)
    abuse_strikes: int = 0  # blocked messages since the last quiet day; each third suspends
    last_strike_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # Bumped to invalidate every token issued before (password change, "log out everywhere").
    session_epoch: int = 0
    last_login_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime = _created()
    updated_at: datetime = _created()


class UserProfile(SQLModel, table=True):
    """Tier, budgets, onboarding answers, learned defaults and billing ids of one user."""

    __tablename__ = "user_profiles"

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    user_id: uuid.UUID = Field(foreign_key="users.id", ondelete="CASCADE", unique=True)
    tier: str = Field(default="free", max_length=16)
    # Overrides of the tier's budgets; NULL means "the tier's default".
    daily_budget_micros: int | None = Field(default=None, sa_type=sa.BigInteger)
    monthly_budget_micros: int | None = Field(default=None, sa_type=sa.BigInteger)
    emergency_cap_micros: int | None = Field(default=None, sa_type=sa.BigInteger)
    emergency_stopped_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    daily_token_limit: int = 10_000
    use_case: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    budget_sensitivity: str | None = Field(default=None, max_length=16)
    response_preference: str | None = Field(default=None, max_length=16)
    technical_level: str | None = Field(default=None, max_length=16)
    expected_usage: str | None = Field(default=None, max_length=16)
    system_prompt_style: str = Field(default="standard", max_length=32)
    default_model: str | None = Field(default=None, max_length=128)
    cache_aggressiveness: str = Field(default="normal", max_length=16)
    onboarding_completed: bool = False
    stripe_customer_id: str | None = Field(default=None, max_length=255, unique=True)
    stripe_subscription_id: str | None = Field(default=None, max_length=255)
    subscription_status: str | None = Field(default=None, max_length=32)
    current_period_end: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime = _created()
    updated_at: datetime = _created()


class ApiKey(SQLModel, table=True):
    """A personal API key; only its SHA-256 is stored, the prefix is kept to recognise it."""

    __tablename__ = "api_keys"

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    user_id: uuid.UUID = _owner()
    name: str = Field(max_length=100)
    prefix: str = Field(max_length=16)
    key_hash: str = Field(max_length=64, unique=True)
    created_at: datetime = _created()
    last_used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


# --- spend ------------------------------------------------------------------------------------

class UsageTracking(SQLModel, table=True):
    """One user's usage on one day (UTC): tokens by model class, cost, requests, cache savings."""

    __tablename__ = "usage_tracking"
    __table_args__ = (sa.UniqueConstraint("user_id", "day", name="uq_usage_tracking_user_day"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: uuid.UUID = Field(foreign_key="users.id", ondelete="CASCADE", nullable=False)
    day: date
    tokens_used: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    mini_tokens: int = 0
    mid_tokens: int = 0
    large_tokens: int = 0
    cost_micros: int = _micros()
    requests_count: int = 0
    cache_hits: int = 0
    tokens_saved: int = 0
    blocked_count: int = 0
    limit_reached: bool = False
    created_at: datetime = _created()
    updated_at: datetime = _created()


class BudgetCounter(SQLModel, table=True):
    """Spent and reserved micro-dollars of one budget in one period.

    scope is user_day, user_month or platform_month; subject is the user id or "platform".
    Reservations are conditional UPDATEs of this row, so concurrent requests cannot overspend.
    """

    __tablename__ = "budget_counters"
    __table_args__ = (
        sa.UniqueConstraint("scope", "subject", "period", name="uq_budget_counters_scope_subject_period"),
    )

    id: int | None = Field(default=None, primary_key=True)
    scope: str = Field(max_length=16)
    subject: str = Field(max_length=36)
    period: date
    spent_micros: int = _micros()
    reserved_micros: int = _micros()
    updated_at: datetime = _created()


class BudgetReservation(SQLModel, table=True):
    """The worst-case cost of one turn, held against the budgets until the turn settles."""

    __tablename__ = "budget_reservations"
    __table_args__ = (sa.Index("ix_budget_reservations_status_expires", "status", "expires_at"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    user_id: uuid.UUID = _owner()
    amount_micros: int = _micros()
    settled_micros: int | None = Field(default=None, sa_type=sa.BigInteger)
    day: date
    month: date
    model: str = Field(max_length=128)
    status: str = Field(default="active", max_length=16)  # active | settled | expired
    created_at: datetime = _created()
    expires_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    settled_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


# --- conversations ----------------------------------------------------------------------------

class Conversation(SQLModel, table=True):
    __tablename__ = "conversations"
    __table_args__ = (
        sa.Index("ix_conversations_user_updated", "user_id", "archived", "updated_at"),
    )

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    user_id: uuid.UUID = Field(foreign_key="users.id", ondelete="CASCADE", nullable=False)
    title: str = Field(default="New chat", max_length=200)
    model: str | None = Field(default=None, max_length=128)
    total_tokens: int = 0
    cost_micros: int = _micros()
    message_count: int = 0
    context_summary: str | None = Field(default=None, sa_type=sa.Text)
    satisfaction_score: float | None = None
    query_type: str | None = Field(default=None, max_length=32)
    abandoned: bool = False
    starred: bool = False
    archived: bool = False
    share_token: str | None = Field(default=None, max_length=64, unique=True)
    # Where the turns came from: chat (the UI and /api/chat) or openai (/v1, hidden from the sidebar).
    source: str = Field(default="chat", max_length=16, sa_column_kwargs={"server_default": "chat"})
    created_at: datetime = _created()
    updated_at: datetime = _created()


class Message(SQLModel, table=True):
    """One message; seq orders a conversation and makes history pages cheap to fetch."""

    __tablename__ = "messages"
    __table_args__ = (sa.UniqueConstraint("conversation_id", "seq", name="uq_messages_conversation_seq"),
                      sa.Index("ix_messages_created", "created_at"),
                      # The abuse check reads a user's messages of the last minutes.
                      sa.Index("ix_messages_user_created", "user_id", "created_at"))

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    conversation_id: uuid.UUID = Field(foreign_key="conversations.id", ondelete="CASCADE",
                                       nullable=False)
    user_id: uuid.UUID = _owner()
    seq: int
    role: str = Field(max_length=16)  # user | assistant | system
    content: str = Field(sa_type=sa.Text)
    model: str | None = Field(default=None, max_length=128)
    prompt_tokens: int = 0
    completion_tokens: int = 0
    total_tokens: int = 0
    cost_micros: int = _micros()
    cached: bool = False
    flagged_abuse: bool = False
    # abuse_text.fingerprint of a user message: the same question asked again has the same one.
    fingerprint: str | None = Field(default=None, max_length=16)
    # complete | stopped (by the user or a departed client) | interrupted (the provider failed
    # mid-way) | truncated (length limit)
    status: str = Field(default="complete", max_length=16)
    latency_ms: int | None = None
    first_token_ms: int | None = None
    query_type: str | None = Field(default=None, max_length=32)
    created_at: datetime = _created()


class FeedbackSignal(SQLModel, table=True):
    """An outcome signal for an answer: thumbs, continued, abandoned, completed."""

    __tablename__ = "feedback_signals"

    id: int | None = Field(default=None, primary_key=True)
    user_id: uuid.UUID = _owner()
    conversation_id: uuid.UUID = Field(foreign_key="conversations.id", ondelete="CASCADE",
                                       index=True, nullable=False)
    message_id: uuid.UUID | None = Field(default=None, foreign_key="messages.id", ondelete="CASCADE",
                                         index=True)
    signal: str = Field(max_length=16)
    score: float
    created_at: datetime = _created()


# --- learning ---------------------------------------------------------------------------------

class ConversationPattern(SQLModel, table=True):
    """Satisfaction and cost statistics of one model on one kind of question."""

    __tablename__ = "conversation_patterns"
    __table_args__ = (sa.UniqueConstraint("query_type", "model", name="uq_patterns_type_model"),)

    id: int | None = Field(default=None, primary_key=True)
    query_type: str = Field(max_length=32)
    model: str = Field(max_length=128)
    sample_count: int = 0
    satisfaction_sum: float = 0.0
    success_rate: float | None = None
    tokens_sum: int = Field(default=0, sa_type=sa.BigInteger, nullable=False)
    cost_micros_sum: int = _micros()
    is_optimal: bool = False
    last_seen: datetime = _created()
    created_at: datetime = _created()


class UserModelAffinity(SQLModel, table=True):
    __tablename__ = "user_model_affinity"

    id: int | None = Field(default=None, primary_key=True)
    user_id: uuid.UUID = Field(foreign_key="users.id", ondelete="CASCADE", unique=True)
    prefers_speed: bool = False
    needs_code_help: bool = False
    budget_sensitive: bool = True
    typical_query_length: int | None = None
    optimal_model: str | None = Field(default=None, max_length=128)
    satisfaction_by_model: dict[str, Any] = Field(default_factory=dict, sa_type=sa.JSON)
    updated_at: datetime = _created()


class PromptCache(SQLModel, table=True):
    """A cached answer; scope is the owner's id, or "shared" when the entry may serve anyone."""

    __tablename__ = "prompt_cache"
    __table_args__ = (sa.UniqueConstraint("scope", "prompt_hash", name="uq_prompt_cache_scope_hash"),
                      sa.Index("ix_prompt_cache_expires", "expires_at"))

    id: int | None = Field(default=None, primary_key=True)
    scope: str = Field(max_length=36)
    prompt_hash: str = Field(max_length=64)
    model: str = Field(max_length=128)
    response: str = Field(sa_type=sa.Text)
    prompt_tokens: int = 0
    completion_tokens: int = 0
    tokens_saved: int = Field(default=0, sa_type=sa.BigInteger, nullable=False)
    hits: int = 0
    satisfaction_avg: float | None = None
    created_at: datetime = _created()
    last_hit_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    expires_at: datetime = Field(sa_type=UTCDateTime, nullable=False)


# Abuse and operations tables live in models_ops.py; importing them here registers them with the
# metadata (Alembic reads it) and keeps `from chatapp.models import AdminAlert` working.
from chatapp.models_ops import (  # noqa: E402, F401
    AbuseEvent,
    AbusePattern,
    AdminAlert,
    JobRun,
    PlatformControls,
    StripeEvent,
)
