"""The app's Redis client (REDIS_URL), shared by everything that coordinates across workers."""

from __future__ import annotations

import functools

import redis.asyncio as aioredis

from chatapp.settings import get_settings


@functools.cache
def _client_for(url: str) -> aioredis.Redis:
    return aioredis.Redis.from_url(url, decode_responses=True, socket_connect_timeout=2,
                                   socket_timeout=2, health_check_interval=30)


def get_redis() -> aioredis.Redis | None:
    """The pooled client, or None when REDIS_URL is not set (one process, in-process state)."""
    url = get_settings().redis_url
    return _client_for(url) if url else None


async def ping() -> str:
    """"ok", "unreachable" or "not_configured", for the health check."""
    client = get_redis()
    if client is None:
        return "not_configured"
    try:
        return "ok" if await client.ping() else "unreachable"
    except (aioredis.RedisError, OSError):
        return "unreachable"
