"""Circuit breakers per model: stop calling a provider that keeps failing, then probe it again.

A breaker opens after `threshold` failures within `window` seconds. While open, calls are
refused (the pipeline falls back to another model). After `cooldown` seconds exactly one caller
gets a half-open trial: success closes the breaker, failure opens it for another cooldown. A
trial whose caller vanished expires after a cooldown, and the next caller gets the trial.

With REDIS_URL the state lives in Redis and every worker shares it (each step is one atomic Lua
script); otherwise it lives in this process. Both follow the same rules. The libraries we looked
at (pybreaker, aiobreaker, purgatory) count consecutive failures rather than failures in a
window, and let every caller through when half-open, so this is our own.
"""

from __future__ import annotations

import enum
import functools
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

import redis.asyncio as aioredis

from chatapp.settings import Settings, get_settings


class Permit(enum.Enum):
    CLOSED = "closed"  # call normally
    TRIAL = "trial"  # the one half-open probe: report its outcome with trial=True
    OPEN = "open"  # do not call


@dataclass(frozen=True)
class BreakerConfig:
    threshold: int = 5
    window: float = 60.0
    cooldown: float = 30.0


@dataclass
class _Circuit:
    failures: deque = field(default_factory=deque)
    open_until: float | None = None  # set while open or half-open
    trial_until: float | None = None  # lease of the half-open trial


class MemoryBreaker:
    """Breakers held in this process."""

    def __init__(self, config: BreakerConfig, clock: Callable[[], float] = time.monotonic) -> None:
        self.config, self._clock = config, clock
        self._circuits: dict[str, _Circuit] = {}
        self._lock = threading.Lock()

    async def allow(self, key: str) -> Permit:
        now = self._clock()
        with self._lock:
            circuit = self._circuits.setdefault(key, _Circuit())
            if circuit.open_until is None:
                return Permit.CLOSED
            if now < circuit.open_until or (circuit.trial_until is not None and now < circuit.trial_until):
                return Permit.OPEN
            circuit.trial_until = now + self.config.cooldown
            return Permit.TRIAL

    async def record(self, key: str, *, ok: bool, trial: bool) -> None:
        now = self._clock()
        with self._lock:
            circuit = self._circuits.setdefault(key, _Circuit())
            if trial:
                if ok:
                    self._circuits[key] = _Circuit()
                else:
                    circuit.open_until, circuit.trial_until = now + self.config.cooldown, None
                    circuit.failures.clear()
                return
            if ok:
                return
            circuit.failures.append(now)
            while circuit.failures and circuit.failures[0] <= now - self.config.window:
                circuit.failures.popleft()
            if len(circuit.failures) >= self.config.threshold and circuit.open_until is None:
                circuit.open_until, circuit.trial_until = now + self.config.cooldown, None
                circuit.failures.clear()

    async def state(self, key: str) -> str:
        now = self._clock()
        with self._lock:
            circuit = self._circuits.get(key)
            if circuit is None or circuit.open_until is None:
                return "closed"
            return "open" if now < circuit.open_until else "half_open"


_ALLOW = """
local open_until = tonumber(redis.call('GET', KEYS[1]) or '0')
local now = tonumber(ARGV[1])
if open_until == 0 then return 'closed' end
if now < open_until then return 'open' end
if redis.call('SET', KEYS[2], ARGV[2], 'NX', 'PX', ARGV[3]) then return 'trial' end
return 'open'
"""

_RECORD = """
local now, window, threshold, cooldown = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local ok, trial = ARGV[5] == '1', ARGV[6] == '1'
if trial then
  redis.call('DEL', KEYS[3], KEYS[2])
  if ok then redis.call('DEL', KEYS[1]) else redis.call('SET', KEYS[1], now + cooldown) end
  return 'done'
end
if ok then return 'done' end
if redis.call('EXISTS', KEYS[1]) == 1 then return 'done' end
redis.call('ZADD', KEYS[2], now, ARGV[7])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - window)
redis.call('PEXPIRE', KEYS[2], window)
if redis.call('ZCARD', KEYS[2]) >= threshold then
  redis.call('SET', KEYS[1], now + cooldown)
  redis.call('DEL', KEYS[2])
end
return 'done'
"""


class RedisBreaker:
    """Breakers shared by every worker through Redis; times are wall-clock milliseconds."""

    def __init__(self, client: aioredis.Redis, config: BreakerConfig, *, prefix: str = "chatapp:breaker",
                 clock: Callable[[], float] = time.time) -> None:
        self.config, self._client, self._prefix, self._clock = config, client, prefix, clock
        self._allow = client.register_script(_ALLOW)
        self._record = client.register_script(_RECORD)

    def _keys(self, key: str) -> tuple[str, str, str]:
        base = f"{self._prefix}:{key}"
        return f"{base}:open_until", f"{base}:failures", f"{base}:trial"

    def _now_ms(self) -> int:
        return int(self._clock() * 1000)

    async def allow(self, key: str) -> Permit:
        open_key, _, trial_key = self._keys(key)
        result = await self._allow(keys=[open_key, trial_key],
                                   args=[self._now_ms(), uuid.uuid4().hex, int(self.config.cooldown * 1000)])
        return Permit(result.decode() if isinstance(result, bytes) else result)

    async def record(self, key: str, *, ok: bool, trial: bool) -> None:
        open_key, failures_key, trial_key = self._keys(key)
        await self._record(keys=[open_key, failures_key, trial_key], args=[
            self._now_ms(), int(self.config.window * 1000), self.config.threshold,
            int(self.config.cooldown * 1000), int(ok), int(trial), uuid.uuid4().hex])

    async def state(self, key: str) -> str:
        open_key, _, _ = self._keys(key)
        value = await self._client.get(open_key)
        if value is None:
            return "closed"
        return "open" if self._now_ms() < int(value) else "half_open"


def config_from(settings: Settings) -> BreakerConfig:
    return BreakerConfig(threshold=settings.breaker_failure_threshold,
                         window=settings.breaker_window_seconds,
                         cooldown=settings.breaker_cooldown_seconds)


@functools.cache
def _breaker_for(redis_url: str | None, config: BreakerConfig) -> MemoryBreaker | RedisBreaker:
    if redis_url:
        client = aioredis.Redis.from_url(redis_url, socket_connect_timeout=2, socket_timeout=2)
        return RedisBreaker(client, config)
    return MemoryBreaker(config)


def get_breaker() -> MemoryBreaker | RedisBreaker:
    settings = get_settings()
    return _breaker_for(settings.redis_url, config_from(settings))


def reset_breakers() -> None:
    """Forget every breaker of this process (tests)."""
    _breaker_for.cache_clear()
