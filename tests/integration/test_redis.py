"""Redis through the app's own client, and the log-in throttle shared by two workers via Redis."""

from __future__ import annotations

import uuid

import pytest

from chatapp import redis_client
from chatapp.services.errors import TooManyLoginAttempts
from chatapp.services.login_throttle import LoginThrottle
from chatapp.settings import reset_settings


async def test_round_trip_through_the_app_client(redis_url, monkeypatch):
    monkeypatch.setenv("REDIS_URL", redis_url)
    reset_settings()
    client = redis_client.get_redis()
    assert client is not None
    key = f"chatapp:test:{uuid.uuid4().hex}"
    try:
        await client.set(key, "héllo", ex=60)
        assert await client.get(key) == "héllo"
        assert await redis_client.ping() == "ok"
    finally:
        await client.delete(key)
        await client.aclose()
        redis_client._client_for.cache_clear()


async def test_unreachable_redis_is_reported_not_raised(monkeypatch):
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:1/0")
    reset_settings()
    try:
        assert await redis_client.ping() == "unreachable"
    finally:
        redis_client._client_for.cache_clear()


def test_without_redis_url_there_is_no_client():
    assert redis_client.get_redis() is None


def test_login_throttle_is_shared_by_two_workers_through_redis(redis_url):
    def worker() -> LoginThrottle:
        return LoginThrottle(storage_uri=redis_url, max_per_email=3, max_per_ip=100, window_seconds=60)

    first, second = worker(), worker()
    address = f"{uuid.uuid4().hex}@example.com"
    first.record_failure(email=address, ip="127.0.0.9")
    second.record_failure(email=address, ip="127.0.0.9")
    first.record_failure(email=address, ip="127.0.0.9")
    with pytest.raises(TooManyLoginAttempts) as info:
        second.check(email=address, ip="127.0.0.9")
    assert 1 <= info.value.retry_after <= 60
    second.record_success(email=address)
    first.check(email=address, ip="127.0.0.9")  # cleared for everyone
