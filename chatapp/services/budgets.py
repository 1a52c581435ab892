"""Budget counters and reservations: the atomic operations that make overspending impossible.

A turn reserves its worst-case cost before it is sent: one conditional UPDATE per budget (the
user's day, the user's month, the platform's month) that only succeeds while
spent + reserved + amount stays within the limit. Row locks (PostgreSQL) or the database write
lock (SQLite, BEGIN IMMEDIATE) serialise concurrent reservations on the same budget, so no
interleaving can overspend. Counters are always taken in the same order (day, month, platform),
so transactions never deadlock.

Settling moves the reservation into `spent` at the real cost. A reservation whose worker died
expires and is charged at its full amount (the outcome is unknown, and charging the worst case
keeps the promise); if the turn settles after all, the charge is corrected to the real cost, so
nothing is ever counted twice.
"""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, select

from chatapp.models import BudgetCounter, BudgetReservation, utcnow

PLATFORM = "platform"
SCOPES = ("user_day", "user_month", "platform_month")


def month_start(day: date) -> date:
    return day.replace(day=1)


@dataclass(frozen=True)
class Limits:
    day_micros: int
    month_micros: int
    emergency_micros: int
    platform_micros: int | None  # None: this user is not held to the platform budget (admins)


@dataclass(frozen=True)
class Snapshot:
    """Spent and reserved micro-dollars of one user's day and month, and of the platform's month."""

    day_spent: int = 0
    day_reserved: int = 0
    month_spent: int = 0
    month_reserved: int = 0
    platform_spent: int = 0
    platform_reserved: int = 0

    @property
    def day_committed(self) -> int:
        return self.day_spent + self.day_reserved

    @property
    def month_committed(self) -> int:
        return self.month_spent + self.month_reserved

    @property
    def platform_committed(self) -> int:
        return self.platform_spent + self.platform_reserved


class Refusal(enum.Enum):
    DAY = "day"
    MONTH = "month"
    EMERGENCY = "emergency"
    PLATFORM = "platform"


@dataclass(frozen=True)
class Ticket:
    """A reservation held for one turn."""

    id: uuid.UUID
    user_id: uuid.UUID
    amount_micros: int
    day: date
    month: date


def _keys(user_id: uuid.UUID, day: date) -> list[tuple[str, str, date]]:
    subject = str(user_id)
    return [("user_day", subject, day), ("user_month", subject, month_start(day)),
            ("platform_month", PLATFORM, month_start(day))]


def _ensure_counters(session: Session, keys: list[tuple[str, str, date]]) -> None:
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    now = utcnow()
    statement = insert(BudgetCounter.__table__).values([
        {"scope": scope, "subject": subject, "period": period, "spent_micros": 0,
         "reserved_micros": 0, "updated_at": now} for scope, subject, period in keys
    ]).on_conflict_do_nothing(index_elements=["scope", "subject", "period"])
    session.execute(statement)


_COUNTER = BudgetCounter.__table__.c


def _where(scope: str, subject: str, period: date):
    return (_COUNTER.scope == scope) & (_COUNTER.subject == subject) & (_COUNTER.period == period)


def _take(session: Session, key: tuple[str, str, date], amount: int, limit: int | None) -> bool:
    """Add `amount` to the counter's reserved side if it stays within `limit` (None: always)."""
    condition = _where(*key)
    if limit is not None:
        condition = condition & (_COUNTER.spent_micros + _COUNTER.reserved_micros + amount <= limit)
    result = session.execute(
        sa.update(BudgetCounter.__table__).where(condition)
        .values(reserved_micros=_COUNTER.reserved_micros + amount, updated_at=utcnow()))
    return result.rowcount == 1


def _move(session: Session, key: tuple[str, str, date], *, reserved: int, spent: int) -> None:
    session.execute(
        sa.update(BudgetCounter.__table__).where(_where(*key))
        .values(reserved_micros=_COUNTER.reserved_micros + reserved,
                spent_micros=_COUNTER.spent_micros + spent, updated_at=utcnow()))


class _Refused(Exception):
    def __init__(self, refusal: Refusal) -> None:
        self.refusal = refusal


def reserve(*, session: Session, user_id: uuid.UUID, amount_micros: int, limits: Limits,
            model_id: str, day: date, ttl: timedelta) -> Ticket | Refusal:
    """Hold `amount_micros` against the three budgets, or refuse without holding anything."""
    if amount_micros < 0:
        raise ValueError("a reservation cannot be negative")
    day_key, month_key, platform_key = keys = _keys(user_id, day)
    _ensure_counters(session, keys)
    month_limit = min(limits.month_micros, limits.emergency_micros)
    try:
        with session.begin_nested():  # a refusal undoes the counters already taken
            if not _take(session, day_key, amount_micros, limits.day_micros):
                raise _Refused(Refusal.DAY)
            if not _take(session, month_key, amount_micros, month_limit):
                raise _Refused(Refusal.EMERGENCY if limits.emergency_micros < limits.month_micros
                               else Refusal.MONTH)
            if not _take(session, platform_key, amount_micros, limits.platform_micros):
                raise _Refused(Refusal.PLATFORM)
            row = BudgetReservation(user_id=user_id, amount_micros=amount_micros, day=day,
                                    month=month_start(day), model=model_id,
                                    expires_at=utcnow() + ttl)
            session.add(row)
            session.flush()
    except _Refused as refused:
        return refused.refusal
    return Ticket(row.id, user_id, amount_micros, day, month_start(day))


def _locked(session: Session, reservation_id: uuid.UUID) -> BudgetReservation | None:
    return session.exec(select(BudgetReservation).where(BudgetReservation.id == reservation_id)
                        .with_for_update()).first()


def settle(*, session: Session, reservation_id: uuid.UUID, cost_micros: int,
           status: str = "settled") -> int:
    """Replace the reservation by the real cost; returns the cost charged by this call.

    Idempotent: a reservation already settled or released is left alone. One that expired was
    charged its full amount by the expiry job, and is corrected to the real cost here.
    """
    row = _locked(session, reservation_id)
    if row is None or row.status in ("settled", "released"):
        return 0
    keys = _keys(row.user_id, row.day)
    if row.status == "active":
        for key in keys:
            _move(session, key, reserved=-row.amount_micros, spent=cost_micros)
    else:  # expired: the full amount was charged as spent
        for key in keys:
            _move(session, key, reserved=0, spent=cost_micros - row.amount_micros)
    row.status = status
    row.settled_micros = cost_micros
    row.settled_at = utcnow()
    session.add(row)
    return cost_micros


def release(*, session: Session, reservation_id: uuid.UUID) -> None:
    """Give a reservation back unused (the turn never reached the provider)."""
    settle(session=session, reservation_id=reservation_id, cost_micros=0, status="released")


def expire_stale(*, session: Session, now: datetime | None = None) -> int:
    """Charge reservations past their expiry at their full amount; returns how many."""
    moment = now or utcnow()
    rows = session.exec(
        select(BudgetReservation)
        .where(BudgetReservation.status == "active", BudgetReservation.expires_at < moment)
        .order_by(BudgetReservation.expires_at).limit(1000)
        .with_for_update(skip_locked=True)).all()
    for row in rows:
        for key in _keys(row.user_id, row.day):
            _move(session, key, reserved=-row.amount_micros, spent=row.amount_micros)
        row.status = "expired"
        session.add(row)
    return len(rows)


def snapshot(*, session: Session, user_id: uuid.UUID, day: date) -> Snapshot:
    keys = _keys(user_id, day)
    rows = session.execute(
        sa.select(_COUNTER.scope, _COUNTER.spent_micros, _COUNTER.reserved_micros)
        .where(sa.or_(*[_where(*key) for key in keys]))).all()
    values = {scope: (spent, reserved) for scope, spent, reserved in rows}
    day_v, month_v, platform_v = (values.get(scope, (0, 0)) for scope in SCOPES)
    return Snapshot(day_v[0], day_v[1], month_v[0], month_v[1], platform_v[0], platform_v[1])
