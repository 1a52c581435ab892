"""Rate limits per user and tier: messages per minute, hour and day, and tokens per minute.

Sliding logs, exact to the millisecond: a message is admitted only when every window still has
room, and then it is counted in all of them at once, so a refused message counts nowhere. With
REDIS_URL one Lua script does the check-and-count atomically on the Redis server's clock, so all
workers share the limits exactly; without it a lock-protected in-process log does the same.
The wait returned is the time until the oldest message that blocks the way leaves its window.
"""

from __future__ import annotations

import bisect
import functools
import math
import threading
import time
import uuid
from collections import deque
from dataclasses import dataclass

import redis

from chatapp.services.errors import MessageTooLong, RateLimited
from chatapp.services.tiers import Tier
from chatapp.settings import get_settings

MINUTE, HOUR, DAY = 60_000, 3_600_000, 86_400_000  # milliseconds


@dataclass(frozen=True)
class Window:
    name: str  # minute | hour | day | tokens
    span_ms: int
    limit: int


@dataclass(frozen=True)
class Decision:
    allowed: bool
    retry_after_ms: int  # 0 when allowed
    window: Window  # the window that refused, else the one with the least room left
    remaining: int  # room left in that window after this message
    reset_ms: int  # until that window has room for one more message again


def windows_for(tier: Tier) -> tuple[tuple[Window, ...], Window]:
    """The message windows (shortest first) and the token window of a tier."""
    return ((Window("minute", MINUTE, tier.messages_per_minute),
             Window("hour", HOUR, tier.messages_per_hour),
             Window("day", DAY, tier.messages_per_day)),
            Window("tokens", MINUTE, tier.tokens_per_minute))


class MemoryLimiter:
    """The in-process limiter (one worker, or no Redis): the same algorithm as the Lua script.
    Each log is a sorted list, so a window's count is a binary search, not a scan of the day."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._messages: dict[str, list[int]] = {}
        self._tokens: dict[str, deque[tuple[int, int]]] = {}

    def acquire(self, subject: str, messages: tuple[Window, ...], tokens: Window, cost: int,
                *, now_ms: int | None = None) -> Decision:
        with self._lock:
            now = now_ms if now_ms is not None else _now_ms()
            log = self._messages.setdefault(subject, [])
            del log[:bisect.bisect_right(log, now - max(w.span_ms for w in messages))]
            spent = self._tokens.setdefault(subject, deque())
            while spent and spent[0][0] <= now - tokens.span_ms:
                spent.popleft()
            refusal = None
            for window in messages:
                first = bisect.bisect_right(log, now - window.span_ms)  # the window's oldest
                if len(log) - first >= window.limit:
                    wait = log[len(log) - window.limit] + window.span_ms - now
                    if refusal is None or wait > refusal[0]:
                        refusal = (wait, window)
            used = sum(n for _, n in spent)
            if used + cost > tokens.limit:
                wait, freed = 0, 0
                for at, n in spent:
                    freed += n
                    if used - freed + cost <= tokens.limit:
                        wait = at + tokens.span_ms - now
                        break
                if refusal is None or wait > refusal[0]:
                    refusal = (wait, tokens)
            if refusal is not None:
                return Decision(False, max(1, refusal[0]), refusal[1], 0, max(1, refusal[0]))
            if log and log[-1] > now:  # a clock that stepped back: keep the log sorted
                now = log[-1]
            log.append(now)
            spent.append((now, cost))
            return _tightest(messages, log, now)

    def reset(self) -> None:
        with self._lock:
            self._messages.clear()
            self._tokens.clear()


def _tightest(messages: tuple[Window, ...], log: list[int], now: int) -> Decision:
    """The window with the least room left after this message."""
    firsts = {w: bisect.bisect_right(log, now - w.span_ms) for w in messages}
    window = min(messages, key=lambda w: w.limit - (len(log) - firsts[w]))
    count = len(log) - firsts[window]
    reset = log[firsts[window]] + window.span_ms - now if count >= window.limit else 0
    return Decision(True, 0, window, window.limit - count, reset)


# KEYS: the message log, the token log.  ARGV: member, cost, token span, token limit, then
# (span, limit) per message window, shortest first. Returns {allowed, wait, window index, count}.
_ACQUIRE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local member, cost = ARGV[1], tonumber(ARGV[2])
local tspan, tlimit = tonumber(ARGV[3]), tonumber(ARGV[4])
local n = (#ARGV - 4) / 2
local longest = tonumber(ARGV[4 + 2 * n - 1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - longest)
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - tspan)
local wait, which = -1, -1
for i = 1, n do
  local span, limit = tonumber(ARGV[3 + 2 * i]), tonumber(ARGV[4 + 2 * i])
  local count = redis.call('ZCOUNT', KEYS[1], '(' .. (now - span), '+inf')
  if count >= limit then
    local oldest = redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. (now - span), '+inf', 'WITHSCORES',
                              'LIMIT', count - limit, 1)
    local w = tonumber(oldest[2]) + span - now
    if w > wait then wait, which = w, i end
  end
end
local spent = redis.call('ZRANGEBYSCORE', KEYS[2], '(' .. (now - tspan), '+inf', 'WITHSCORES')
local used = 0
for i = 1, #spent, 2 do used = used + tonumber(string.match(spent[i], ':(%d+)$')) end
if used + cost > tlimit then
  local freed, w = 0, 0
  for i = 1, #spent, 2 do
    freed = freed + tonumber(string.match(spent[i], ':(%d+)$'))
    if used - freed + cost <= tlimit then w = tonumber(spent[i + 1]) + tspan - now break end
  end
  if w > wait then wait, which = w, 0 end
end
if which >= 0 then return {0, wait, which, 0} end
redis.call('ZADD', KEYS[1], now, member)
redis.call('ZADD', KEYS[2], now, member .. ':' .. cost)
redis.call('PEXPIRE', KEYS[1], longest)
redis.call('PEXPIRE', KEYS[2], tspan)
local best, room, reset = 1, math.huge, 0
for i = 1, n do
  local span, limit = tonumber(ARGV[3 + 2 * i]), tonumber(ARGV[4 + 2 * i])
  local count = redis.call('ZCOUNT', KEYS[1], '(' .. (now - span), '+inf')
  if limit - count < room then
    room, best = limit - count, i
    reset = 0
    if count >= limit then
      local first = redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. (now - span), '+inf', 'WITHSCORES', 'LIMIT', 0, 1)
      reset = tonumber(first[2]) + span - now
    end
  end
end
return {1, reset, best, room}
"""


class RedisLimiter:
    """The shared limiter: one atomic script call per message."""

    def __init__(self, client: redis.Redis, prefix: str = "chatapp:rl") -> None:
        self._client = client
        self._prefix = prefix
        self._script = client.register_script(_ACQUIRE)

    def acquire(self, subject: str, messages: tuple[Window, ...], tokens: Window, cost: int) -> Decision:
        args: list[int | str] = [uuid.uuid4().hex, cost, tokens.span_ms, tokens.limit]
        for window in messages:
            args += [window.span_ms, window.limit]
        allowed, wait, which, room = self._script(
            keys=[f"{self._prefix}:{subject}:m", f"{self._prefix}:{subject}:t"], args=args)
        if not allowed:
            window = tokens if which == 0 else messages[which - 1]
            return Decision(False, max(1, int(wait)), window, 0, max(1, int(wait)))
        return Decision(True, 0, messages[which - 1], int(room), int(wait))

    def reset(self) -> None:
        for key in self._client.scan_iter(f"{self._prefix}:*"):
            self._client.delete(key)


def _now_ms() -> int:
    return time.time_ns() // 1_000_000


def check(*, user_id: uuid.UUID, tier: Tier, tokens: int) -> Decision:
    """Admit one message of `tokens` tokens for this user, or raise RATE_LIMITED (429)."""
    messages, token_window = windows_for(tier)
    if tokens > token_window.limit:
        raise MessageTooLong(
            f"This message is about {tokens:,} tokens; your plan allows {token_window.limit:,} tokens "
            "per minute. Shorten it, or upgrade for more.")
    decision = get_limiter().acquire(str(user_id), messages, token_window, tokens)
    if not decision.allowed:
        raise rate_limited_error(decision)
    return decision


_WHAT = {"minute": "messages per minute", "hour": "messages per hour", "day": "messages per day",
         "tokens": "tokens per minute"}


def rate_limited_error(decision: Decision) -> RateLimited:
    seconds = math.ceil(decision.retry_after_ms / 1000)
    window = decision.window
    return RateLimited(
        f"You reached your plan's limit of {window.limit:,} "
        f"{_WHAT[window.name].replace('messages', 'message') if window.limit == 1 else _WHAT[window.name]}. "
        f"Try again in {_duration(seconds)}.",
        retry_after=seconds, headers=headers(decision))


def headers(decision: Decision) -> dict[str, str]:
    """X-RateLimit-* for an admitted message (the tightest window)."""
    return {"X-RateLimit-Limit": str(decision.window.limit),
            "X-RateLimit-Remaining": str(max(0, decision.remaining)),
            "X-RateLimit-Reset": str(math.ceil(decision.reset_ms / 1000)),
            "X-RateLimit-Window": decision.window.name}


def _duration(seconds: int) -> str:
    if seconds < 120:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = math.ceil(seconds / 60)
    if minutes < 120:
        return f"{minutes} minutes"
    return f"{math.ceil(minutes / 60)} hours"


@functools.cache
def _limiter_for(redis_url: str | None) -> MemoryLimiter | RedisLimiter:
    if redis_url:
        return RedisLimiter(redis.Redis.from_url(redis_url, socket_connect_timeout=2, socket_timeout=2))
    return MemoryLimiter()


def get_limiter() -> MemoryLimiter | RedisLimiter:
    return _limiter_for(get_settings().redis_url)


def reset_limiters() -> None:
    """Forget the in-process counts (tests); Redis counts are per user and expire by themselves."""
    _limiter_for.cache_clear()
