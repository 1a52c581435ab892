"""The Redis-backed breaker: every worker shares one state, and exactly one gets the trial."""

from __future__ import annotations

import asyncio
import uuid

import redis.asyncio as aioredis

from chatapp.services.breaker import BreakerConfig, Permit, RedisBreaker


class Clock:
    def __init__(self) -> None:
        self.now = 1_700_000_000.0

    def __call__(self) -> float:
        return self.now


async def test_two_workers_share_one_breaker(redis_url):
    clock, prefix = Clock(), f"chatapp:test:{uuid.uuid4().hex}"
    config = BreakerConfig(threshold=5, window=60, cooldown=30)
    client_a, client_b = aioredis.Redis.from_url(redis_url), aioredis.Redis.from_url(redis_url)
    worker_a = RedisBreaker(client_a, config, prefix=prefix, clock=clock)
    worker_b = RedisBreaker(client_b, config, prefix=prefix, clock=clock)
    try:
        for worker in (worker_a, worker_b, worker_a, worker_b):
            await worker.record("demo-plus", ok=False, trial=False)
        assert await worker_b.allow("demo-plus") == Permit.CLOSED
        await worker_b.record("demo-plus", ok=False, trial=False)  # the fifth, from either worker
        assert await worker_a.allow("demo-plus") == Permit.OPEN
        assert await worker_b.state("demo-plus") == "open"

        clock.now += 31
        permits = await asyncio.gather(*(w.allow("demo-plus") for w in [worker_a, worker_b] * 10))
        assert permits.count(Permit.TRIAL) == 1 and permits.count(Permit.OPEN) == 19
        await worker_a.record("demo-plus", ok=True, trial=True)
        assert await worker_b.allow("demo-plus") == Permit.CLOSED

        for _ in range(5):
            await worker_a.record("demo-plus", ok=False, trial=False)
        clock.now += 31
        assert await worker_b.allow("demo-plus") == Permit.TRIAL
        await worker_b.record("demo-plus", ok=False, trial=True)
        assert await worker_a.allow("demo-plus") == Permit.OPEN

        clock.now += 61  # failures outside the window are forgotten
        await worker_b.record("demo-plus", ok=True, trial=False)
    finally:
        keys = [key async for key in client_a.scan_iter(f"{prefix}:*")]
        if keys:
            await client_a.delete(*keys)
        await client_a.aclose()
        await client_b.aclose()


async def test_the_app_uses_the_redis_breaker_when_redis_is_configured(redis_url, monkeypatch):
    from chatapp.services.breaker import get_breaker, reset_breakers
    from chatapp.settings import reset_settings

    monkeypatch.setenv("REDIS_URL", redis_url)
    reset_settings()
    reset_breakers()
    breaker = get_breaker()
    assert isinstance(breaker, RedisBreaker)
    key = f"test-model-{uuid.uuid4().hex}"
    assert await breaker.allow(key) == Permit.CLOSED
