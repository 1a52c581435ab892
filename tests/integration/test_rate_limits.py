"""Rate limits through the real API: exact across two worker processes sharing Redis, and the
in-process fallback without Redis. 429 RATE_LIMITED with Retry-After and X-RateLimit-* headers."""

from __future__ import annotations

import asyncio
import json
import socket

import httpx
import redis

from chatapp.settings import reset_settings
from tests.support.helpers import new_email, sign_up
from tests.support.servers import serve_in_process

FOUR_PER_MINUTE = json.dumps({"free": {"messages_per_minute": 4}})


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def _send(client: httpx.AsyncClient, url: str, token: str) -> httpx.Response:
    response = await client.post(f"{url}/api/chat", json={"message": "What is 6*7?"},
                                 headers={"Authorization": f"Bearer {token}"})
    await response.aread()
    return response


async def _burst(urls: list[str], token: str, count: int) -> list[httpx.Response]:
    async with httpx.AsyncClient(timeout=60) as client:
        return await asyncio.gather(*(_send(client, urls[i % len(urls)], token) for i in range(count)))


def _check_refusals(responses: list[httpx.Response], allowed: int) -> None:
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [200] * allowed + [429] * (len(responses) - allowed), statuses
    for response in responses:
        if response.status_code == 429:
            assert response.json()["error"]["code"] == "RATE_LIMITED"
            assert 1 <= int(response.headers["Retry-After"]) <= 60
            assert response.headers["X-RateLimit-Limit"] == "4"
            assert response.headers["X-RateLimit-Remaining"] == "0"
            assert response.headers["X-RateLimit-Window"] == "minute"
        else:
            assert response.headers["X-RateLimit-Limit"] == "4"


def test_two_app_processes_share_the_limit_exactly_through_redis(app_env, redis_url, monkeypatch):
    redis.Redis.from_url(redis_url).flushdb()
    port_a, port_b = _free_port(), _free_port()
    env = {"DATABASE_URL": app_env, "REDIS_URL": redis_url, "SECRET_KEY": "r" * 48,
           "TIER_OVERRIDES": FOUR_PER_MINUTE, "DEMO_TOKENS_PER_SECOND": "3000",
           "DEMO_BASE_URL": f"http://127.0.0.1:{port_a}/demo/v1"}
    with serve_in_process(env, port=port_a) as url_a, serve_in_process(env, port=port_b) as url_b:
        token = sign_up(url_a, new_email())
        # Six requests reach each worker: unshared counts would admit eight, a shared one four.
        responses = asyncio.run(_burst([url_a, url_b], token, 12))
        _check_refusals(responses, allowed=4)


def test_without_redis_one_process_limits_in_memory(live_app, monkeypatch):
    monkeypatch.setenv("TIER_OVERRIDES", FOUR_PER_MINUTE)
    monkeypatch.delenv("REDIS_URL", raising=False)
    reset_settings()
    from chatapp.services import ratelimit

    ratelimit.reset_limiters()
    token = sign_up(live_app, new_email())
    responses = asyncio.run(_burst([live_app], token, 7))
    _check_refusals(responses, allowed=4)
    assert isinstance(ratelimit.get_limiter(), ratelimit.MemoryLimiter)
