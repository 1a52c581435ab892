"""Throttles failed log-ins per email and per client IP, shared through Redis when configured."""

from __future__ import annotations

import functools
import hashlib
import math
import time

from limits import RateLimitItemPerSecond
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

from chatapp.services.errors import TooManyLoginAttempts
from chatapp.settings import get_settings


class LoginThrottle:
    """Counts failed attempts in a moving window; a success clears the email's count."""

    def __init__(self, *, storage_uri: str, max_per_email: int, max_per_ip: int,
                 window_seconds: int) -> None:
        self._limiter = MovingWindowRateLimiter(storage_from_string(storage_uri))
        self._per_email = RateLimitItemPerSecond(max_per_email, window_seconds, namespace="login-email")
        self._per_ip = RateLimitItemPerSecond(max_per_ip, window_seconds, namespace="login-ip")

    def check(self, *, email: str, ip: str | None) -> None:
        """Raise TooManyLoginAttempts, with the seconds to wait, when either budget is used up."""
        for item, key in self._keys(email, ip):
            if not self._limiter.test(item, key):
                reset_at = self._limiter.get_window_stats(item, key).reset_time
                wait = max(1, math.ceil(reset_at - time.time()))
                minutes = math.ceil(wait / 60)
                raise TooManyLoginAttempts(
                    f"Too many failed log-in attempts. Try again in {minutes} minute"
                    f"{'s' if minutes != 1 else ''}.",
                    retry_after=wait,
                )

    def record_failure(self, *, email: str, ip: str | None) -> None:
        for item, key in self._keys(email, ip):
            self._limiter.hit(item, key)

    def record_success(self, *, email: str) -> None:
        self._limiter.clear(self._per_email, _digest(email))

    def _keys(self, email: str, ip: str | None) -> list[tuple[RateLimitItemPerSecond, str]]:
        keys = [(self._per_email, _digest(email))]
        if ip:
            keys.append((self._per_ip, ip))
        return keys


def _digest(email: str) -> str:
    # Keep addresses out of Redis keys.
    return hashlib.sha256(email.encode("utf-8")).hexdigest()[:32]


@functools.cache
def get_login_throttle() -> LoginThrottle:
    settings = get_settings()
    return LoginThrottle(
        storage_uri=settings.redis_url or "memory://",
        max_per_email=settings.login_max_failures_per_email,
        max_per_ip=settings.login_max_failures_per_ip,
        window_seconds=settings.login_window_seconds,
    )
