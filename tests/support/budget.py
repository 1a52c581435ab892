"""Reading and setting budget counters directly, for tests that need a user at a given spend."""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from sqlmodel import Session, select

from chatapp.db import engine_for
from chatapp.models import BudgetCounter, BudgetReservation
from chatapp.services.budgets import PLATFORM, month_start
from chatapp.services.usage import today


def user_id_for(url: str, email: str) -> uuid.UUID:
    from chatapp.models import User

    with Session(engine_for(url)) as session:
        return session.exec(select(User.id).where(User.email == email)).one()


def set_spent(url: str, user_id: uuid.UUID | None, *, day: int | None = None, month: int | None = None,
              platform: int | None = None) -> None:
    """Put spend on the counters of today (and this month), as if earlier turns had cost it."""
    rows = []
    if day is not None:
        rows.append(("user_day", str(user_id), today(), day))
    if month is not None:
        rows.append(("user_month", str(user_id), month_start(today()), month))
    if platform is not None:
        rows.append(("platform_month", PLATFORM, month_start(today()), platform))
    with Session(engine_for(url)) as session:
        for scope, subject, period, spent in rows:
            row = session.exec(select(BudgetCounter).where(
                BudgetCounter.scope == scope, BudgetCounter.subject == subject,
                BudgetCounter.period == period)).first()
            if row is None:
                row = BudgetCounter(scope=scope, subject=subject, period=period)
            row.spent_micros = spent
            session.add(row)
        session.commit()


def counter(url: str, scope: str, subject: str) -> tuple[int, int]:
    """(spent, reserved) of a counter for today / this month."""
    period = today() if scope == "user_day" else month_start(today())
    with Session(engine_for(url)) as session:
        row = session.exec(select(BudgetCounter).where(
            BudgetCounter.scope == scope, BudgetCounter.subject == subject,
            BudgetCounter.period == period)).first()
        return (row.spent_micros, row.reserved_micros) if row else (0, 0)


def reservations(url: str, user_id: uuid.UUID | None = None) -> list[BudgetReservation]:
    with Session(engine_for(url)) as session:
        query = select(BudgetReservation)
        if user_id is not None:
            query = query.where(BudgetReservation.user_id == user_id)
        return list(session.exec(query).all())


def expire_now(url: str) -> None:
    """Make every active reservation look abandoned (its worker died long ago)."""
    from datetime import timedelta

    from chatapp.models import utcnow

    with Session(engine_for(url)) as session:
        session.execute(sa.update(BudgetReservation).where(BudgetReservation.status == "active")
                        .values(expires_at=utcnow() - timedelta(seconds=1)))
        session.commit()


def set_tier(url: str, user_id: uuid.UUID, tier: str) -> None:
    """Put a user on another plan, as a paid subscription would."""
    from chatapp.models import UserProfile

    with Session(engine_for(url)) as session:
        profile = session.exec(select(UserProfile).where(UserProfile.user_id == user_id)).one()
        profile.tier = tier
        session.add(profile)
        session.commit()
