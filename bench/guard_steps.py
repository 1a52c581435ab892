"""CPU time of each guard step (authenticate ... reserve) and of the commit, for one turn, measured
in-process with the thread's CPU clock (steadier than wall time on a busy machine).

    .venv/bin/python bench/guard_steps.py [--db sqlite|postgresql] [--turns N] [--history N]

`--history N` runs the turns in a conversation that already has N messages (a long chat reads and
counts its context on every turn); 0 starts a new conversation each time. Prints a table; asserts
nothing (speed targets are not tests).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import uuid
from collections import defaultdict
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._harness import database  # noqa: E402

STEPS = ("authenticate", "check_abuse", "check_rate_limit", "check_budget", "route", "lookup_cache",
         "estimate", "reserve")
UNLIMITED = {"messages_per_minute": 10**6, "messages_per_hour": 10**6, "messages_per_day": 10**7,
             "tokens_per_minute": 10**9, "messages_per_conversation": 10**6}


def measure(kind: str, turns: int, history: int) -> dict[str, float]:
    os.environ.update(SECRET_KEY="b" * 48, PLATFORM_MONTHLY_BUDGET="1000000",
                      TIER_OVERRIDES=json.dumps({"enterprise": UNLIMITED}))
    with database(kind) as url:
        os.environ["DATABASE_URL"] = url
        from chatapp.settings import get_settings, reset_settings

        reset_settings()
        from sqlmodel import select

        from chatapp.db import session_scope
        from chatapp.models import UserProfile
        from chatapp.services import auth, conversations, pipeline
        from chatapp.services import guard_steps as steps

        settings = get_settings()
        with session_scope() as session:
            account = auth.sign_up(session=session, email="bench@example.com", password="bench-password-1")
            profile = session.exec(select(UserProfile).where(UserProfile.user_id == account.id)).one()
            profile.daily_budget_micros = profile.monthly_budget_micros = profile.emergency_cap_micros = 10**12
            profile.tier = "enterprise"
            session.add(profile)
        token = auth.issue_token(account, signing_key=settings.signing_key(), ttl=timedelta(hours=1)).token
        conversation_id = _conversation(session_scope, conversations, account.id, history) if history else None

        totals: dict[str, float] = defaultdict(float)
        clock = time.thread_time
        originals = {name: getattr(steps, name) for name in STEPS}

        def timed(name):
            step = originals[name]

            def run(*args, **kwargs):
                started = clock()
                try:
                    return step(*args, **kwargs)
                finally:
                    totals[name] += clock() - started
            return run

        for name in STEPS:
            setattr(steps, name, timed(name))
        questions = (f"What is {a}*{b}?" for a in range(2, 10_000) for b in range(2, 100))

        def one_turn() -> None:
            started = clock()
            with session_scope() as session:
                pipeline._guard(session=session, request=pipeline.TurnRequest(
                    credential=token, message=next(questions), model_id="demo-mini",
                    conversation_id=conversation_id), message="", settings=settings)
                before_commit = clock()
            totals["commit"] += clock() - before_commit
            totals["whole guard"] += clock() - started

        try:
            for _ in range(50):  # warm-up: caches, compiled statements, tiktoken
                one_turn()
            totals.clear()
            for _ in range(turns):
                one_turn()
        finally:
            for name, step in originals.items():
                setattr(steps, name, step)
        return {name: 1000 * value / turns for name, value in totals.items()}


def _conversation(session_scope, conversations, user_id: uuid.UUID, messages: int) -> uuid.UUID:
    """A conversation of `messages` messages with answers of about 1,000 characters."""
    conversation_id = uuid.uuid4()
    with session_scope() as session:
        for i in range(messages // 2):
            conversations.record_turn(
                session=session, user_id=user_id, conversation_id=conversation_id, is_new=i == 0,
                source="chat", user_text=f"Question {i}: " + "how would you approach this? " * 6,
                user_tokens=40, assistant=conversations.AssistantRecord(
                    content=f"Answer {i}: " + "first consider the data, then the code. " * 25,
                    model="demo-mini", input_tokens=40, output_tokens=250, cost_micros=50,
                    status="complete", latency_ms=1, first_token_ms=1))
    return conversation_id


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--turns", type=int, default=400)
    parser.add_argument("--history", type=int, default=0, help="messages already in the conversation")
    args = parser.parse_args()
    figures = measure(args.db, args.turns, args.history)
    print(f"Guard CPU per turn, ms ({args.db}, {args.turns} turns, "
          f"{'a new conversation each' if not args.history else f'a {args.history}-message conversation'})")
    print("| step | CPU ms |")
    print("|---|---|")
    for name in (*STEPS, "commit", "whole guard"):
        print(f"| {name} | {figures.get(name, 0.0):.3f} |")


if __name__ == "__main__":
    main()
