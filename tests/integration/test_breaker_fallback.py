"""Circuit breakers driven by the demo provider's faults: open, fall back, half-open, close."""

from __future__ import annotations

import time
from contextlib import aclosing

import pytest

from chatapp.services import errors, pipeline
from chatapp.services.breaker import get_breaker
from chatapp.services.demo_provider import FAULTS, Fault
from chatapp.settings import reset_settings
from tests.support.budget import set_tier, user_id_for
from tests.support.helpers import new_email, sign_up

pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


@pytest.fixture(autouse=True)
def _no_abuse_check(monkeypatch):
    """These tests ask the same question over and over on purpose, which the abuse check
    would rightly answer from the cache or block."""
    monkeypatch.setenv("ABUSE_PROTECTION", "false")
    reset_settings()


def pro_user(live_app, app_env) -> str:
    email = new_email()
    token = sign_up(live_app, email)
    set_tier(app_env, user_id_for(app_env, email), "pro")
    return token


async def ask(token: str, model: str | None = "demo-plus", message: str = "Tell me about tea"):
    turn = await pipeline.run_chat_turn(pipeline.TurnRequest(credential=token, message=message,
                                                             model_id=model))
    async with aclosing(turn.events()) as events:
        settled = [item async for item in events][-1]
    return turn.plan, settled


def pending_faults(model: str) -> int:
    return len(FAULTS._planned.get(model, []))


@pytest.fixture
def clock(monkeypatch):
    """Move the in-process breaker's clock forward without waiting."""
    offset = {"seconds": 0.0}
    breaker = get_breaker()
    monkeypatch.setattr(breaker, "_clock", lambda: time.monotonic() + offset["seconds"])
    return offset


async def test_failures_fall_back_then_open_the_breaker(live_app, app_env, clock):
    token = pro_user(live_app, app_env)
    FAULTS.inject("demo-plus", Fault("http_500"), times=5)
    for _ in range(5):
        plan, settled = await ask(token)
        assert plan.model.id == "demo-mini" and settled.status == "complete"
        assert any("Demo Plus is unavailable" in notice for notice in plan.notices)
    assert await get_breaker().state("demo-plus") == "open"

    FAULTS.inject("demo-plus", Fault("http_500"))
    plan, _ = await ask(token)
    assert plan.model.id == "demo-mini"
    assert pending_faults("demo-plus") == 1  # demo-plus was not even called while open


async def test_half_open_trial_closes_on_success(live_app, app_env, clock):
    token = pro_user(live_app, app_env)
    FAULTS.inject("demo-plus", Fault("http_500"), times=5)
    for _ in range(5):
        await ask(token)
    clock["seconds"] = 31  # past the 30 s cooldown
    assert await get_breaker().state("demo-plus") == "half_open"
    plan, settled = await ask(token)  # the one trial goes to demo-plus, which works again
    assert plan.model.id == "demo-plus" and settled.status == "complete"
    assert await get_breaker().state("demo-plus") == "closed"
    plan, _ = await ask(token)
    assert plan.model.id == "demo-plus"


async def test_a_failed_trial_reopens_the_breaker(live_app, app_env, clock):
    token = pro_user(live_app, app_env)
    FAULTS.inject("demo-plus", Fault("http_500"), times=6)
    for _ in range(5):
        await ask(token)
    clock["seconds"] = 31
    plan, _ = await ask(token)  # the trial fails; the turn still gets an answer from demo-mini
    assert plan.model.id == "demo-mini" and pending_faults("demo-plus") == 0
    assert await get_breaker().state("demo-plus") == "open"


async def test_mid_stream_failures_count_towards_opening(live_app, app_env, clock):
    token = pro_user(live_app, app_env)
    FAULTS.inject("demo-plus", Fault("cut", after=3), times=5)
    for _ in range(5):
        _, settled = await ask(token)
        assert settled.status == "interrupted"
    assert await get_breaker().state("demo-plus") == "open"


async def test_when_every_model_fails_a_saved_answer_then_503(live_app, app_env, clock):
    token = pro_user(live_app, app_env)
    await ask(token, message="What is tea?")  # saved to this user's cache
    for model in ("demo-mini", "demo-plus", "demo-max"):
        FAULTS.inject(model, Fault("http_500"), times=2)
    plan, settled = await ask(token, message="what is tea")
    assert plan.cached is not None and settled.cached and settled.cost_micros == 0
    with pytest.raises(errors.ProviderUnavailable):
        await ask(token, message="A question nobody asked")
