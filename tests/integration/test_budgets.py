"""Reservations on SQLite and PostgreSQL: limits, refusal reasons, settling, expiry, races."""

from __future__ import annotations

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from sqlmodel import Session

from chatapp.db import engine_for, session_scope
from chatapp.models import User
from chatapp.services import budgets
from chatapp.services.budgets import Limits, Refusal
from chatapp.services.usage import today
from tests.support.budget import counter, reservations, set_spent

TTL = timedelta(minutes=10)
LIMITS = Limits(day_micros=10_000, month_micros=50_000, emergency_micros=100_000, platform_micros=1_000_000)


def new_user(url: str) -> uuid.UUID:
    with Session(engine_for(url)) as session:
        user = User(email=f"{uuid.uuid4().hex}@example.com", password_hash="x")
        session.add(user)
        session.commit()
        return user.id


def reserve(user_id, amount, limits=LIMITS):
    with session_scope() as session:
        return budgets.reserve(session=session, user_id=user_id, amount_micros=amount, limits=limits,
                               model_id="demo-mini", day=today(), ttl=TTL)


def test_a_reservation_holds_money_on_all_three_budgets(app_env):
    user = new_user(app_env)
    ticket = reserve(user, 4_000)
    assert isinstance(ticket, budgets.Ticket) and ticket.amount_micros == 4_000
    for scope, subject in (("user_day", str(user)), ("user_month", str(user)), ("platform_month", "platform")):
        assert counter(app_env, scope, subject) == (0, 4_000)
    assert [r.status for r in reservations(app_env, user)] == ["active"]


def test_refusals_name_the_budget_and_hold_nothing(app_env):
    user = new_user(app_env)
    assert isinstance(reserve(user, 6_000), budgets.Ticket)
    assert reserve(user, 5_000) == Refusal.DAY  # 6k + 5k > 10k today
    set_spent(app_env, user, month=48_000)
    assert reserve(user, 3_000) == Refusal.MONTH
    assert counter(app_env, "user_day", str(user)) == (0, 6_000)  # the day's hold was undone
    emergency = Limits(10_000, 50_000, 2_000, None)  # a cap below the monthly budget
    other = new_user(app_env)
    assert reserve(other, 3_000, emergency) == Refusal.EMERGENCY
    platform = Limits(10_000, 50_000, 100_000, 7_000)
    assert reserve(new_user(app_env), 3_000, platform) == Refusal.PLATFORM  # 6k held + 3k > 7k
    assert counter(app_env, "platform_month", "platform") == (0, 6_000)


def test_admins_are_not_held_to_the_platform_budget_but_count_towards_it(app_env):
    set_spent(app_env, None, platform=999_999_000)
    admin_limits = Limits(10_000, 50_000, 100_000, None)
    assert isinstance(reserve(new_user(app_env), 5_000, admin_limits), budgets.Ticket)
    assert counter(app_env, "platform_month", "platform") == (999_999_000, 5_000)


def test_settling_replaces_the_hold_by_the_real_cost_once(app_env):
    user = new_user(app_env)
    ticket = reserve(user, 4_000)
    with session_scope() as session:
        assert budgets.settle(session=session, reservation_id=ticket.id, cost_micros=1_234) == 1_234
    with session_scope() as session:
        assert budgets.settle(session=session, reservation_id=ticket.id, cost_micros=1_234) == 0
    assert counter(app_env, "user_day", str(user)) == (1_234, 0)
    assert counter(app_env, "platform_month", "platform") == (1_234, 0)
    (row,) = reservations(app_env, user)
    assert (row.status, row.settled_micros) == ("settled", 1_234)


def test_a_released_reservation_costs_nothing(app_env):
    user = new_user(app_env)
    ticket = reserve(user, 4_000)
    with session_scope() as session:
        budgets.release(session=session, reservation_id=ticket.id)
    assert counter(app_env, "user_day", str(user)) == (0, 0)
    assert reservations(app_env, user)[0].status == "released"


def test_an_abandoned_reservation_is_charged_then_corrected_without_double_counting(app_env):
    user = new_user(app_env)
    ticket = reserve(user, 4_000)
    with session_scope() as session:
        assert budgets.expire_stale(session=session, now=budgets.utcnow() + TTL * 2) == 1
    assert counter(app_env, "user_day", str(user)) == (4_000, 0)  # charged in full: outcome unknown
    with session_scope() as session:
        assert budgets.expire_stale(session=session, now=budgets.utcnow() + TTL * 3) == 0
    with session_scope() as session:  # the turn settles late after all
        budgets.settle(session=session, reservation_id=ticket.id, cost_micros=900)
    assert counter(app_env, "user_day", str(user)) == (900, 0)
    assert counter(app_env, "platform_month", "platform") == (900, 0)
    with session_scope() as session:
        budgets.settle(session=session, reservation_id=ticket.id, cost_micros=900)
        budgets.expire_stale(session=session, now=budgets.utcnow() + TTL * 4)
    assert counter(app_env, "user_day", str(user)) == (900, 0)


def test_two_hundred_racing_reservations_never_overspend(app_env):
    """200 threads reserve at once for one user whose budget covers exactly 20 of them."""
    user = new_user(app_env)
    limits = Limits(day_micros=20 * 2_500, month_micros=10**9, emergency_micros=10**9, platform_micros=10**9)
    start = threading.Barrier(50)

    def attempt(_):
        try:
            start.wait(timeout=30)
        except threading.BrokenBarrierError:
            pass
        return reserve(user, 2_500, limits)

    with ThreadPoolExecutor(max_workers=50) as pool:
        outcomes = list(pool.map(attempt, range(200)))
    granted = [o for o in outcomes if isinstance(o, budgets.Ticket)]
    assert len(granted) == 20
    assert all(o == Refusal.DAY for o in outcomes if not isinstance(o, budgets.Ticket))
    assert counter(app_env, "user_day", str(user)) == (0, 50_000)
    assert len(reservations(app_env, user)) == 20


def test_fifty_users_racing_for_the_platform_budget_never_overspend_it(app_env):
    users = [new_user(app_env) for _ in range(50)]
    limits = Limits(day_micros=10**9, month_micros=10**9, emergency_micros=10**9, platform_micros=30 * 1_000)

    with ThreadPoolExecutor(max_workers=50) as pool:
        outcomes = list(pool.map(lambda i: reserve(users[i % 50], 1_000, limits), range(200)))
    assert sum(isinstance(o, budgets.Ticket) for o in outcomes) == 30
    assert all(o == Refusal.PLATFORM for o in outcomes if not isinstance(o, budgets.Ticket))
    assert counter(app_env, "platform_month", "platform") == (0, 30_000)
