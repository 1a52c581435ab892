"""The in-process sliding-log limiter: exact counts, the right wait, and nothing counted twice."""

from __future__ import annotations

import threading
import uuid

import pytest

from chatapp.services import ratelimit
from chatapp.services.errors import MessageTooLong, RateLimited
from chatapp.services.ratelimit import MINUTE, MemoryLimiter, Window
from chatapp.services.tiers import build_tiers

MESSAGES = (Window("minute", MINUTE, 3), Window("hour", 60 * MINUTE, 5))
TOKENS = Window("tokens", MINUTE, 1_000)


def test_admits_exactly_the_limit_then_names_the_wait():
    limiter = MemoryLimiter()
    start = 1_000_000
    decisions = [limiter.acquire("u", MESSAGES, TOKENS, 10, now_ms=start + i * 1_000) for i in range(4)]
    assert [d.allowed for d in decisions] == [True, True, True, False]
    refused = decisions[3]
    assert refused.window.name == "minute"
    # The first message (at `start`) leaves the minute window 60 s after it was sent.
    assert refused.retry_after_ms == start + MINUTE - (start + 3_000)


def test_a_refused_message_counts_nowhere():
    limiter = MemoryLimiter()
    for i in range(3):
        assert limiter.acquire("u", MESSAGES, TOKENS, 10, now_ms=i).allowed
    for i in range(10):  # hammering while refused must not push the window further out
        assert not limiter.acquire("u", MESSAGES, TOKENS, 10, now_ms=100 + i).allowed
    assert limiter.acquire("u", MESSAGES, TOKENS, 10, now_ms=MINUTE + 1).allowed


def test_the_longer_window_refuses_once_the_short_one_has_room():
    limiter = MemoryLimiter()
    sent = [limiter.acquire("u", MESSAGES, TOKENS, 1, now_ms=t).allowed
            for t in (0, 1, 2, MINUTE + 10, MINUTE + 11, MINUTE + 12)]
    assert sent == [True, True, True, True, True, False]
    refused = limiter.acquire("u", MESSAGES, TOKENS, 1, now_ms=MINUTE + 13)
    assert refused.window.name == "hour"
    assert refused.retry_after_ms == 60 * MINUTE - (MINUTE + 13)


def test_tokens_per_minute_wait_until_enough_tokens_expire():
    limiter = MemoryLimiter()
    assert limiter.acquire("u", MESSAGES, TOKENS, 600, now_ms=0).allowed
    assert limiter.acquire("u", MESSAGES, TOKENS, 300, now_ms=10_000).allowed
    refused = limiter.acquire("u", MESSAGES, TOKENS, 200, now_ms=20_000)
    assert not refused.allowed and refused.window.name == "tokens"
    assert refused.retry_after_ms == MINUTE - 20_000  # the 600-token message must expire first
    assert limiter.acquire("u", MESSAGES, TOKENS, 200, now_ms=MINUTE + 1).allowed


def test_users_are_counted_apart():
    limiter = MemoryLimiter()
    for i in range(3):
        assert limiter.acquire("a", MESSAGES, TOKENS, 1, now_ms=i).allowed
    assert limiter.acquire("b", MESSAGES, TOKENS, 1, now_ms=5).allowed


def test_concurrent_threads_never_admit_more_than_the_limit():
    limiter = MemoryLimiter()
    windows = (Window("minute", MINUTE, 25),)
    results: list[bool] = []
    barrier = threading.Barrier(40)

    def send():
        barrier.wait()
        results.append(limiter.acquire("u", windows, TOKENS, 1).allowed)

    threads = [threading.Thread(target=send) for _ in range(40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results.count(True) == 25


def test_check_raises_rate_limited_with_headers_and_a_readable_wait():
    tier = build_tiers({"free": {"messages_per_minute": 2}})["free"]
    user = uuid.uuid4()
    ratelimit.reset_limiters()
    first = ratelimit.check(user_id=user, tier=tier, tokens=5)
    assert ratelimit.headers(first)["X-RateLimit-Remaining"] == "1"
    ratelimit.check(user_id=user, tier=tier, tokens=5)
    with pytest.raises(RateLimited) as refused:
        ratelimit.check(user_id=user, tier=tier, tokens=5)
    error = refused.value
    assert 55 <= error.retry_after <= 60
    assert error.headers["X-RateLimit-Limit"] == "2" and error.headers["X-RateLimit-Remaining"] == "0"
    assert "2 messages per minute" in error.message and "seconds" in error.message


def test_a_message_larger_than_the_token_budget_is_refused_as_too_long():
    tier = build_tiers()["free"]
    with pytest.raises(MessageTooLong):
        ratelimit.check(user_id=uuid.uuid4(), tier=tier, tokens=tier.tokens_per_minute + 1)
