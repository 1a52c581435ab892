"""Many concurrent turns through the real pipeline never overspend a budget, on either database.

A monitor thread samples the committed counters the whole time: spent + reserved must stay within
the budget at every sample, and at the end the spend must equal the sum of the recorded costs.
"""

from __future__ import annotations

import asyncio
import threading
from contextlib import aclosing

import pytest
import sqlalchemy as sa
from sqlmodel import Session, select

from chatapp.db import engine_for
from chatapp.models import Message, UserProfile
from chatapp.services import errors, pipeline
from chatapp.settings import reset_settings
from tests.support.budget import counter, reservations, user_id_for
from tests.support.helpers import new_email, sign_up

WORST_CASE = 2_408  # demo-mini: ~52 prompt tokens at $0.15/M + 4000 answer tokens at $0.60/M


class Monitor(threading.Thread):
    """Samples spent + reserved of one counter until stopped; remembers the highest value."""

    def __init__(self, url: str, scope: str, subject: str) -> None:
        super().__init__(daemon=True)
        self.url, self.scope, self.subject = url, scope, subject
        self.highest, self.samples = 0, 0
        self._halt = threading.Event()

    def run(self) -> None:
        while not self._halt.is_set():
            spent, reserved = counter(self.url, self.scope, self.subject)
            self.highest = max(self.highest, spent + reserved)
            self.samples += 1

    def stop(self) -> None:
        self._halt.set()
        self.join(timeout=10)

@pytest.fixture(autouse=True)
def _no_abuse_check(monkeypatch):
    """These tests send one message hundreds of times at once on purpose: the abuse check
    would rightly stop that as a flood before the budget is tested."""
    monkeypatch.setenv("ABUSE_PROTECTION", "false")
    reset_settings()



async def one_turn(token: str) -> str:
    try:
        turn = await pipeline.run_chat_turn(pipeline.TurnRequest(credential=token, message="What is 6*7?"))
    except errors.AppError as exc:
        return exc.code
    async with aclosing(turn.events()) as events:
        async for item in events:
            if isinstance(item, pipeline.TurnSettled):
                return item.status
    return "no-settlement"


def set_daily_budget(url: str, user_id, micros: int) -> None:
    with Session(engine_for(url)) as session:
        profile = session.exec(select(UserProfile).where(UserProfile.user_id == user_id)).one()
        profile.daily_budget_micros = micros
        session.add(profile)
        session.commit()


def recorded_costs(url: str, user_ids) -> int:
    with Session(engine_for(url)) as session:
        return session.exec(sa.select(sa.func.coalesce(sa.func.sum(Message.cost_micros), 0))
                            .where(Message.user_id.in_(list(user_ids)))).one()[0]


async def test_200_concurrent_turns_for_one_user_never_exceed_the_budget(live_app, app_env, monkeypatch):
    monkeypatch.setenv("DEMO_TOKENS_PER_SECOND", "300")  # answers overlap, so most turns are refused
    # Only the budget may refuse here: the plan's rate limits would stop the burst first.
    monkeypatch.setenv("TIER_OVERRIDES", '{"free": {"messages_per_minute": 1000, "messages_per_hour": 1000, '
                                         '"messages_per_day": 1000}}')
    reset_settings()
    email = new_email()
    token = sign_up(live_app, email)
    user_id = user_id_for(app_env, email)
    budget = 20 * WORST_CASE  # room for about 20 turns at a time
    set_daily_budget(app_env, user_id, budget)

    monitor = Monitor(app_env, "user_day", str(user_id))
    monitor.start()
    try:
        outcomes = await asyncio.gather(*(one_turn(token) for _ in range(200)))
        await pipeline.wait_for_settlements(timeout=60)
    finally:
        monitor.stop()

    answered = outcomes.count("complete")
    assert answered + outcomes.count("DAILY_LIMIT_EXCEEDED") == 200, set(outcomes)
    assert 20 <= answered < 200  # the limit was really reached, and really enforced
    assert monitor.samples > 10 and monitor.highest <= budget
    spent, reserved = counter(app_env, "user_day", str(user_id))
    assert reserved == 0 and spent <= budget
    assert spent == recorded_costs(app_env, [user_id])  # every recorded cost is counted, once
    assert {r.status for r in reservations(app_env, user_id)} == {"settled"}


async def test_the_platform_budget_holds_across_50_users(live_app, app_env, monkeypatch):
    budget = 20 * WORST_CASE
    monkeypatch.setenv("DEMO_TOKENS_PER_SECOND", "300")
    monkeypatch.setenv("PLATFORM_MONTHLY_BUDGET", str(budget / 1_000_000))
    reset_settings()
    emails = [new_email() for _ in range(50)]
    tokens = [sign_up(live_app, email) for email in emails]
    user_ids = [user_id_for(app_env, email) for email in emails]

    monitor = Monitor(app_env, "platform_month", "platform")
    monitor.start()
    try:
        outcomes = await asyncio.gather(*(one_turn(tokens[i % 50]) for i in range(200)))
        await pipeline.wait_for_settlements(timeout=60)
    finally:
        monitor.stop()

    answered = outcomes.count("complete")
    assert answered + outcomes.count("EMERGENCY_STOP") == 200, set(outcomes)
    assert 20 <= answered < 200
    assert monitor.highest <= budget
    spent, reserved = counter(app_env, "platform_month", "platform")
    assert reserved == 0 and spent == recorded_costs(app_env, user_ids) <= budget
