"""Migrations run on SQLite and PostgreSQL and agree exactly with models.py."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone

import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import Session, SQLModel, select

from chatapp import models
from chatapp.db import engine_for
from tests.support.databases import alembic_config

EXPECTED_TABLES = {
    "users", "user_profiles", "api_keys", "usage_tracking", "budget_counters",
    "budget_reservations", "conversations", "messages", "feedback_signals",
    "conversation_patterns", "user_model_affinity", "prompt_cache", "abuse_patterns",
    "abuse_events", "stripe_events", "job_runs",
}


def test_upgrade_creates_every_table(database_url):
    tables = set(sa.inspect(engine_for(database_url)).get_table_names())
    assert EXPECTED_TABLES <= tables
    assert "alembic_version" in tables


def test_models_and_migrations_agree(database_url):
    with engine_for(database_url).connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, SQLModel.metadata) == []


def test_downgrade_to_base_and_upgrade_again(database_url):
    config = alembic_config(database_url)
    command.downgrade(config, "base")
    assert "users" not in sa.inspect(engine_for(database_url)).get_table_names()
    command.upgrade(config, "head")
    assert EXPECTED_TABLES <= set(sa.inspect(engine_for(database_url)).get_table_names())


def test_timestamps_come_back_timezone_aware_utc(database_url):
    moment = datetime(2026, 11, 23, 9, 30, tzinfo=timezone(timedelta(hours=2)))
    with Session(engine_for(database_url)) as session:
        user = models.User(email=f"{uuid.uuid4().hex}@example.com", password_hash="x",
                           suspended_until=moment)
        session.add(user)
        session.commit()
        user_id = user.id
    with Session(engine_for(database_url)) as session:
        stored = session.exec(select(models.User).where(models.User.id == user_id)).one()
        assert stored.suspended_until == moment
        assert stored.suspended_until.utcoffset() == timedelta(0)
        assert stored.created_at.tzinfo is not None


def test_money_columns_hold_large_exact_integers(database_url):
    with Session(engine_for(database_url)) as session:
        counter = models.BudgetCounter(scope="platform_month", subject="platform",
                                       period=datetime(2026, 11, 1).date(),
                                       spent_micros=9_000_000_000_123)
        session.add(counter)
        session.commit()
        session.refresh(counter)
        assert counter.spent_micros == 9_000_000_000_123


def test_deleting_a_user_cascades_to_their_rows(database_url):
    engine = engine_for(database_url)
    with Session(engine) as session:
        user = models.User(email=f"{uuid.uuid4().hex}@example.com", password_hash="x")
        session.add(user)
        session.flush()
        conversation = models.Conversation(user_id=user.id)
        session.add_all([models.UserProfile(user_id=user.id), conversation])
        session.flush()
        session.add(models.Message(conversation_id=conversation.id, user_id=user.id, seq=1,
                                   role="user", content="hi"))
        session.commit()
        user_id = user.id
    with Session(engine) as session:
        session.exec(sa.delete(models.User).where(models.User.id == user_id))
        session.commit()
    with Session(engine) as session:
        for table in (models.UserProfile, models.Conversation, models.Message):
            assert session.exec(select(table).where(table.user_id == user_id)).all() == []
