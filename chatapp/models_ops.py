"""Tables of abuse handling and operations (alerts, platform switches, Stripe events, jobs)."""

from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from chatapp.model_types import UTCDateTime
from chatapp.model_types import created_field as _created
from chatapp.model_types import owner_field as _owner


# --- abuse ------------------------------------------------------------------------------------

class AbusePattern(SQLModel, table=True):
    """An admin-editable pattern the abuse detector checks besides its heuristics."""

    __tablename__ = "abuse_patterns"

    id: int | None = Field(default=None, primary_key=True)
    pattern: str = Field(sa_type=sa.Text, unique=True)
    pattern_type: str = Field(max_length=32)  # repetition | token_stuffing | jailbreak | injection
    severity: str = Field(default="medium", max_length=16)
    action: str = Field(default="block", max_length=16)  # block | throttle | warn
    enabled: bool = True
    detected_count: int = 0
    created_at: datetime = _created()
    updated_at: datetime = _created()


class AbuseEvent(SQLModel, table=True):
    """A verdict other than allow, kept for the admin dashboard."""

    __tablename__ = "abuse_events"
    __table_args__ = (sa.Index("ix_abuse_events_created", "created_at"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: uuid.UUID = _owner()
    message_id: uuid.UUID | None = None
    verdict: str = Field(max_length=16)
    score: float = 0.0
    reasons: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    excerpt: str = Field(default="", max_length=200)
    created_at: datetime = _created()


# --- operations -------------------------------------------------------------------------------

class AdminAlert(SQLModel, table=True):
    """Something an administrator must see: an emergency stop, a spend spike, an open breaker.

    One unresolved alert per (kind, subject): repeats of the same condition do not pile up.
    """

    __tablename__ = "admin_alerts"
    __table_args__ = (
        # At most one open alert per (kind, subject), even when two workers raise it at once.
        sa.Index("uq_admin_alerts_open", "kind", "subject", unique=True,
                 sqlite_where=sa.text("resolved_at IS NULL"),
                 postgresql_where=sa.text("resolved_at IS NULL")),
    )

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=32)  # user_emergency_stop | platform_budget | spend_velocity | breaker_open
    subject: str = Field(default="", max_length=128)  # a user id, "platform", a model id
    severity: str = Field(default="critical", max_length=16)
    message: str = Field(max_length=500)
    created_at: datetime = _created()
    resolved_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    resolved_by: uuid.UUID | None = None


class PlatformControls(SQLModel, table=True):
    """The platform-wide switches an administrator (or the spend-velocity alarm) sets: one row."""

    __tablename__ = "platform_controls"

    id: int = Field(default=1, primary_key=True)
    stopped_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    stop_reason: str | None = Field(default=None, max_length=255)
    # Replaces PLATFORM_MONTHLY_BUDGET at run time (an administrator raised it); NULL: the setting.
    monthly_budget_micros: int | None = Field(default=None, sa_type=sa.BigInteger)
    updated_at: datetime = _created()


class StripeEvent(SQLModel, table=True):
    """A Stripe webhook event already handled; its id makes redelivery a no-op."""

    __tablename__ = "stripe_events"

    id: str = Field(primary_key=True, max_length=255)
    type: str = Field(max_length=100)
    status: str = Field(default="processed", max_length=16)
    received_at: datetime = _created()
    processed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class JobRun(SQLModel, table=True):
    """One run of a scheduled job; the unique (job, period) row lets exactly one worker claim it."""

    __tablename__ = "job_runs"
    __table_args__ = (sa.UniqueConstraint("job_name", "period_key", name="uq_job_runs_job_period"),)

    id: int | None = Field(default=None, primary_key=True)
    job_name: str = Field(max_length=64)
    period_key: str = Field(max_length=64)
    worker: str = Field(default="", max_length=128)
    status: str = Field(default="running", max_length=16)  # running | done | failed
    details: str | None = Field(default=None, sa_type=sa.Text)
    started_at: datetime = _created()
    finished_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
