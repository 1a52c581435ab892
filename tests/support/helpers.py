"""Small helpers shared by integration and e2e tests."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from typing import TypeVar

import httpx

T = TypeVar("T")


def new_email(prefix: str = "user") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}@example.com"


def sign_up(base_url: str, email: str | None = None, password: str = "a-good-password") -> str:
    """A new account through the real API; returns its access token."""
    response = httpx.post(f"{base_url}/api/auth/signup", timeout=30,
                          json={"email": email or new_email(), "password": password})
    response.raise_for_status()
    return response.json()["access_token"]


def wait_until(condition: Callable[[], T], *, timeout: float = 15, interval: float = 0.02,
               what: str = "the condition") -> T:
    """Poll `condition` until it returns something truthy; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(interval)
