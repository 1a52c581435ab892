"""Every level of the degradation ladder, reached through POST /api/chat, with its behaviour."""

from __future__ import annotations

import uuid

import httpx
from sqlmodel import Session, select

from chatapp.db import engine_for
from chatapp.models import Message, UserProfile
from chatapp.settings import reset_settings
from tests.support.budget import set_spent, set_tier, user_id_for
from tests.support.helpers import chat_events as chat
from tests.support.helpers import first_event as first
from tests.support.helpers import new_email, sign_up

DAY = 500_000  # the free tier's $0.50 a day, in micro-dollars
QUESTION = "How do I remove None values from a list in Python?"


def usage(url: str, token: str) -> dict:
    return httpx.get(f"{url}/api/usage", headers={"Authorization": f"Bearer {token}"}, timeout=10).json()


def user(live_app, app_env, tier: str = "free"):
    email = new_email()
    token = sign_up(live_app, email)
    user_id = user_id_for(app_env, email)
    if tier != "free":
        set_tier(app_env, user_id, tier)
    return token, user_id


def test_below_half_nothing_changes(live_app, app_env):
    token, user_id = user(live_app, app_env)
    set_spent(app_env, user_id, day=int(DAY * 0.49), month=int(DAY * 0.49))
    status, events = chat(live_app, token, {"message": QUESTION})
    start = first(events, "start")
    assert status == 200 and start["budget"]["level"] == "normal" and start["notices"] == []
    assert first(events, "done")["status"] == "complete"
    assert usage(live_app, token)["level"] == "normal"


def test_prefer_cache_serves_a_saved_answer_for_free(live_app, app_env):
    token, user_id = user(live_app, app_env)
    _, events = chat(live_app, token, {"message": QUESTION})  # saved to the cache at level normal
    original = first(events, "done")
    set_spent(app_env, user_id, day=int(DAY * 0.5), month=int(DAY * 0.5))
    status, events = chat(live_app, token, {"message": "  how do I remove none values from a list in python  "})
    start, done = first(events, "start"), first(events, "done")
    assert status == 200 and start["budget"]["level"] == "prefer_cache" and start["cached"]
    assert done["cached"] and done["cost_micros"] == 0 and done["status"] == "complete"
    text = "".join(d["text"] for e, d in events if e == "delta")
    with Session(engine_for(app_env)) as session:
        first_answer = session.exec(select(Message).where(Message.id == uuid.UUID(original["message_id"]))).one()
        cached_answer = session.exec(select(Message).where(Message.id == uuid.UUID(done["message_id"]))).one()
    assert text == first_answer.content and cached_answer.cached and cached_answer.cost_micros == 0
    assert "50% of today's budget used" in usage(live_app, token)["message"]


def test_force_mini_answers_with_the_cheapest_model(live_app, app_env):
    token, user_id = user(live_app, app_env, tier="starter")  # may use demo-plus normally
    _, events = chat(live_app, token, {"message": "Tell me about tea", "model": "demo-plus"})
    assert first(events, "start")["model"] == "demo-plus"
    set_spent(app_env, user_id, day=int(2_000_000 * 0.7), month=int(2_000_000 * 0.7))
    status, events = chat(live_app, token, {"message": "Tell me about coffee", "model": "demo-plus"})
    start = first(events, "start")
    assert status == 200 and start["model"] == "demo-mini"
    assert start["budget"]["level"] == "force_mini"
    assert any("lighter model" in notice for notice in start["notices"])


def test_warn_shows_the_level_in_words_with_an_upgrade_link(live_app, app_env):
    token, user_id = user(live_app, app_env)
    set_spent(app_env, user_id, day=int(DAY * 0.82), month=int(DAY * 0.82))
    status, events = chat(live_app, token, {"message": "Tell me about tea"})
    start = first(events, "start")
    assert status == 200 and start["budget"]["level"] == "warn"
    assert start["budget"]["message"].startswith("82% of today's budget used — answers now use a lighter model.")
    report = usage(live_app, token)
    assert report["level"] == "warn" and report["upgrade_url"] == "/pricing"
    assert report["today"]["budget"] == "0.5" and float(report["today"]["remaining"]) < 0.09


def test_summary_only_sends_a_summary_and_asks_for_a_short_answer(live_app, app_env, monkeypatch):
    monkeypatch.setenv("ABUSE_PROTECTION", "false")  # the long messages below repeat on purpose
    reset_settings()
    token, user_id = user(live_app, app_env)
    _, events = chat(live_app, token, {"message": "Explain how to plan a vegetable garden " * 40})
    conversation = first(events, "done")["conversation_id"]
    _, events = chat(live_app, token, {"message": "And what about herbs? " * 40, "conversation_id": conversation})
    normal_prompt = first(events, "start")["prompt_tokens"]
    set_spent(app_env, user_id, day=int(DAY * 0.86), month=int(DAY * 0.86))
    status, events = chat(live_app, token, {"message": "Which should I plant first?",
                                            "conversation_id": conversation})
    start = first(events, "start")
    assert status == 200 and start["budget"]["level"] == "summary_only"
    assert start["max_tokens"] <= 400
    assert start["prompt_tokens"] < normal_prompt / 2  # a summary instead of the full history
    assert any("summary" in notice for notice in start["notices"])


def test_cache_only_answers_saved_questions_and_refuses_new_ones(live_app, app_env):
    token, user_id = user(live_app, app_env)
    chat(live_app, token, {"message": QUESTION})
    set_spent(app_env, user_id, day=int(DAY * 0.96), month=int(DAY * 0.96))
    status, events = chat(live_app, token, {"message": QUESTION})
    assert status == 200 and first(events, "done")["cached"]
    status, error = chat(live_app, token, {"message": "Something never asked before"})
    assert status == 402
    assert error["error"]["code"] == "DAILY_LIMIT_EXCEEDED"
    assert "only saved answers are available" in error["error"]["message"]
    assert error["error"]["upgrade_url"] == "/pricing"


def test_blocked_at_the_limit_with_an_upgrade_prompt(live_app, app_env):
    token, user_id = user(live_app, app_env)
    set_spent(app_env, user_id, day=DAY, month=DAY)
    status, error = chat(live_app, token, {"message": "hello"})
    assert status == 402 and error["error"]["code"] == "DAILY_LIMIT_EXCEEDED"
    assert error["error"]["message"].startswith("You have used today's budget.")
    assert error["error"]["upgrade_url"] == "/pricing"
    assert usage(live_app, token)["level"] == "blocked"


def test_the_month_can_block_too(live_app, app_env):
    token, user_id = user(live_app, app_env)
    set_spent(app_env, user_id, day=0, month=5_000_000)
    status, error = chat(live_app, token, {"message": "hello"})
    assert status == 402 and error["error"]["code"] == "MONTHLY_LIMIT_EXCEEDED"


def test_a_turn_that_could_cost_more_than_is_left_is_refused(live_app, app_env):
    """Below every ladder threshold, the reservation itself refuses a worst case that won't fit."""
    token, user_id = user(live_app, app_env)
    with Session(engine_for(app_env)) as session:
        profile = session.exec(select(UserProfile).where(UserProfile.user_id == user_id)).one()
        profile.daily_budget_micros = 4_000  # a demo-mini turn may cost up to ~2,408
        session.add(profile)
        session.commit()
    set_spent(app_env, user_id, day=1_900, month=1_900)  # 47.5%: level normal, 2,100 left
    status, error = chat(live_app, token, {"message": "hello"})
    assert status == 402 and error["error"]["code"] == "DAILY_LIMIT_EXCEEDED"
    assert "could cost more than what is left of today's budget" in error["error"]["message"]
