"""Budget counters and reservations: the atomic operations that make overspending impossible.

A turn reserves its worst-case cost before it is sent: one conditional UPDATE per budget (the
user's day, the user's month, the platform's month) that only succeeds while
spent + reserved + amount stays within the limit (on PostgreSQL the three, and the reservation
row, go as one statement: one round trip). Row locks (PostgreSQL) or the database write lock
(SQLite, BEGIN IMMEDIATE) serialise concurrent reservations on the same budget, so no
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
from sqlmodel import Session, select

from chatapp.models import BudgetReservation, UTCDateTime, utcnow

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


# The hot path is plain SQL compiled once: building SQLAlchemy expressions per call cost more
# than the database work itself. Typed bind parameters keep the stored forms identical to the ORM's.
_NO_LIMIT = 2**62
_PERIOD = sa.bindparam("period", type_=sa.Date())
_NOW = sa.bindparam("now", type_=UTCDateTime())

_TAKE = sa.text(
    "UPDATE budget_counters SET reserved_micros = reserved_micros + :amount, updated_at = :now "
    "WHERE scope = :scope AND subject = :subject AND period = :period "
    "AND spent_micros + reserved_micros + :amount <= :limit").bindparams(_PERIOD, _NOW)
_MOVE = sa.text(
    "UPDATE budget_counters SET reserved_micros = reserved_micros + :reserved, "
    "spent_micros = spent_micros + :spent, updated_at = :now "
    "WHERE scope = :scope AND subject = :subject AND period = :period").bindparams(_PERIOD, _NOW)
_ENSURE = sa.text(
    "INSERT INTO budget_counters (scope, subject, period, spent_micros, reserved_micros, updated_at) "
    "VALUES (:scope, :subject, :period, 0, 0, :now) "
    "ON CONFLICT (scope, subject, period) DO NOTHING").bindparams(_PERIOD, _NOW)
_INSERT_RESERVATION = sa.text(
    "INSERT INTO budget_reservations (id, user_id, amount_micros, day, month, model, status, "
    "created_at, expires_at) VALUES (:id, :user_id, :amount, :day, :month, :model, 'active', :now, "
    ":expires_at)").bindparams(
    sa.bindparam("id", type_=sa.Uuid()), sa.bindparam("user_id", type_=sa.Uuid()),
    sa.bindparam("day", type_=sa.Date()), sa.bindparam("month", type_=sa.Date()), _NOW,
    sa.bindparam("expires_at", type_=UTCDateTime()))
_SELECT_RESERVATION = ("SELECT user_id, amount_micros, day, status FROM budget_reservations "
                       "WHERE id = :id")
_RESERVATION_COLUMNS = {"user_id": sa.Uuid(), "amount_micros": sa.BigInteger(), "day": sa.Date(),
                        "status": sa.String()}
# SQLite has no FOR UPDATE (its BEGIN IMMEDIATE already holds the only write lock).
_LOCK_RESERVATION = {
    dialect: sa.text(_SELECT_RESERVATION + suffix).bindparams(
        sa.bindparam("id", type_=sa.Uuid())).columns(**_RESERVATION_COLUMNS)
    for dialect, suffix in (("postgresql", " FOR UPDATE"), ("sqlite", ""))
}
_SNAPSHOT = sa.text(
    "SELECT scope, spent_micros, reserved_micros FROM budget_counters WHERE "
    "(scope = 'user_day' AND subject = :subject AND period = :day) OR "
    "(scope = 'user_month' AND subject = :subject AND period = :month) OR "
    "(scope = 'platform_month' AND subject = 'platform' AND period = :month)").bindparams(
    sa.bindparam("day", type_=sa.Date()), sa.bindparam("month", type_=sa.Date()))
_FINISH_RESERVATION = sa.text(
    "UPDATE budget_reservations SET status = :status, settled_micros = :cost, settled_at = :now "
    "WHERE id = :id").bindparams(sa.bindparam("id", type_=sa.Uuid()), _NOW)


# PostgreSQL reserves in one statement, one round trip: lock the three counters in the fixed
# order (FOR UPDATE returns each row's newest committed values once its lock is ours), then, only
# if all three fit, add the amount to each and insert the reservation row. The order is the one
# every other statement takes them in, so transactions never deadlock. While a counter is missing
# (a new day or month) it locks nothing: the caller creates the three in that order and asks again
# (locking the platform's counter and then creating the user's would invert the order).
_RESERVE_POSTGRESQL = sa.text("""
WITH want(ord, scope, subject, period, lim) AS (VALUES
    (1, 'user_day', :subject, :day, :day_limit), (2, 'user_month', :subject, :month, :month_limit),
    (3, 'platform_month', 'platform', :month, :platform_limit)),
present AS (
    SELECT count(*) AS n FROM budget_counters c JOIN want w
      ON c.scope = w.scope AND c.subject = w.subject AND c.period = w.period),
held AS (
    SELECT w.ord, c.spent_micros + c.reserved_micros + :amount <= w.lim AS fits
    FROM budget_counters c JOIN want w
      ON c.scope = w.scope AND c.subject = w.subject AND c.period = w.period
    WHERE (SELECT n FROM present) = 3
    ORDER BY w.ord FOR UPDATE OF c),
verdict AS (SELECT (SELECT n FROM present) AS present, count(*) = 3 AND bool_and(fits) AS ok,
                   min(ord) FILTER (WHERE NOT fits) AS first_over FROM held),
taken AS (
    UPDATE budget_counters c SET reserved_micros = c.reserved_micros + :amount, updated_at = :now
    FROM want w
    WHERE c.scope = w.scope AND c.subject = w.subject AND c.period = w.period
      AND (SELECT ok FROM verdict)
    RETURNING 1),
booked AS (
    INSERT INTO budget_reservations (id, user_id, amount_micros, day, month, model, status,
                                     created_at, expires_at)
    SELECT :id, :user_id, :amount, :day, :month, :model, 'active', :now, :expires_at
    WHERE (SELECT ok FROM verdict)
    RETURNING 1)
SELECT present, first_over, (SELECT count(*) FROM taken) AS taken,
       (SELECT count(*) FROM booked) AS booked
FROM verdict""").bindparams(
    sa.bindparam("id", type_=sa.Uuid()), sa.bindparam("user_id", type_=sa.Uuid()),
    sa.bindparam("day", type_=sa.Date()), sa.bindparam("month", type_=sa.Date()), _NOW,
    sa.bindparam("expires_at", type_=UTCDateTime()))


def _key_params(key: tuple[str, str, date]) -> dict:
    scope, subject, period = key
    return {"scope": scope, "subject": subject, "period": period}


def _take(session: Session, key: tuple[str, str, date], amount: int, limit: int | None,
          now: datetime) -> bool:
    """Add `amount` to the counter's reserved side if it stays within `limit` (None: always)."""
    params = {**_key_params(key), "amount": amount, "limit": _NO_LIMIT if limit is None else limit,
              "now": now}
    if session.connection().execute(_TAKE, params).rowcount == 1:
        return True
    # No row yet (the first turn of a day or month), or over the limit: create it and retry once.
    session.connection().execute(_ENSURE, {**_key_params(key), "now": now})
    return session.connection().execute(_TAKE, params).rowcount == 1


def _move(session: Session, key: tuple[str, str, date], *, reserved: int, spent: int,
          now: datetime) -> None:
    session.connection().execute(_MOVE, {**_key_params(key), "reserved": reserved, "spent": spent, "now": now})


def reserve(*, session: Session, user_id: uuid.UUID, amount_micros: int, limits: Limits,
            model_id: str, day: date, ttl: timedelta) -> Ticket | Refusal:
    """Hold `amount_micros` against the three budgets, or refuse without holding anything."""
    if amount_micros < 0:
        raise ValueError("a reservation cannot be negative")
    now = utcnow()
    keys = _keys(user_id, day)
    month_limit = min(limits.month_micros, limits.emergency_micros)
    checks = ((limits.day_micros, Refusal.DAY),
              (month_limit, Refusal.EMERGENCY if limits.emergency_micros < limits.month_micros
               else Refusal.MONTH),
              (limits.platform_micros, Refusal.PLATFORM))
    if session.get_bind().dialect.name == "postgresql":
        return _reserve_in_one_statement(session, keys, checks, user_id=user_id, amount_micros=amount_micros,
                                         model_id=model_id, day=day, now=now, ttl=ttl)
    for taken, (key, (limit, refusal)) in enumerate(zip(keys, checks)):
        if not _take(session, key, amount_micros, limit, now):
            # Give back what this transaction took so far; nobody has seen it (row locks held,
            # or SQLite's write lock), so the refusal holds nothing.
            for earlier in keys[:taken]:
                _move(session, earlier, reserved=-amount_micros, spent=0, now=now)
            return refusal
    reservation_id = uuid.uuid4()
    session.connection().execute(_INSERT_RESERVATION, {
        "id": reservation_id, "user_id": user_id, "amount": amount_micros, "day": day,
        "month": month_start(day), "model": model_id, "now": now, "expires_at": now + ttl})
    return Ticket(reservation_id, user_id, amount_micros, day, month_start(day))


def _reserve_in_one_statement(session: Session, keys: list[tuple[str, str, date]],
                              checks: tuple[tuple[int | None, Refusal], ...], *, user_id: uuid.UUID,
                              amount_micros: int, model_id: str, day: date, now: datetime,
                              ttl: timedelta) -> Ticket | Refusal:
    """PostgreSQL: the reservation as one statement (_RESERVE_POSTGRESQL)."""
    reservation_id = uuid.uuid4()
    params = {"subject": str(user_id), "day": day, "month": month_start(day), "amount": amount_micros,
              "id": reservation_id, "user_id": user_id, "model": model_id, "now": now,
              "expires_at": now + ttl, **{name: _NO_LIMIT if limit is None else limit for name, (limit, _)
                                          in zip(("day_limit", "month_limit", "platform_limit"), checks)}}
    row = session.connection().execute(_RESERVE_POSTGRESQL, params).one()
    if row.present < len(keys):  # the first turn of a day or month: create the counters, once
        for key in keys:
            session.connection().execute(_ENSURE, {**_key_params(key), "now": now})
        row = session.connection().execute(_RESERVE_POSTGRESQL, params).one()
    if row.first_over is not None:
        return checks[row.first_over - 1][1]
    if row.booked != 1 or row.taken != len(keys):
        raise RuntimeError(f"reservation {reservation_id}: counters missing after creating them")
    return Ticket(reservation_id, user_id, amount_micros, day, month_start(day))


def settle(*, session: Session, reservation_id: uuid.UUID, cost_micros: int,
           status: str = "settled") -> int:
    """Replace the reservation by the real cost; returns the cost charged by this call.

    Idempotent: a reservation already settled or released is left alone. One that expired was
    charged its full amount by the expiry job, and is corrected to the real cost here.
    """
    lock = _LOCK_RESERVATION[session.get_bind().dialect.name]
    row = session.connection().execute(lock, {"id": reservation_id}).first()
    if row is None or row.status in ("settled", "released"):
        return 0
    now = utcnow()
    # An active reservation leaves `reserved`; an expired one was already charged in full.
    reserved, spent = ((-row.amount_micros, cost_micros) if row.status == "active"
                       else (0, cost_micros - row.amount_micros))
    for key in _keys(row.user_id, row.day):
        _move(session, key, reserved=reserved, spent=spent, now=now)
    session.connection().execute(_FINISH_RESERVATION, {"id": reservation_id, "status": status,
                                          "cost": cost_micros, "now": now})
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
            _move(session, key, reserved=-row.amount_micros, spent=row.amount_micros, now=moment)
        row.status = "expired"
        session.add(row)
    return len(rows)


def snapshot(*, session: Session, user_id: uuid.UUID, day: date) -> Snapshot:
    rows = session.connection().execute(_SNAPSHOT, {"subject": str(user_id), "day": day,
                                       "month": month_start(day)}).all()
    values = {scope: (spent, reserved) for scope, spent, reserved in rows}
    day_v, month_v, platform_v = (values.get(scope, (0, 0)) for scope in SCOPES)
    return Snapshot(day_v[0], day_v[1], month_v[0], month_v[1], platform_v[0], platform_v[1])
