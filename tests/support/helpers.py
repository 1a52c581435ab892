"""Small helpers shared by integration and e2e tests."""

from __future__ import annotations

import json
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


def chat_events(url: str, token: str, body: dict) -> tuple[int, list[tuple[str, dict]] | dict]:
    """POST /api/chat: (status, the server-sent events as (name, data)), or (status, the JSON
    error) when the turn was refused."""
    response = httpx.post(f"{url}/api/chat", json=body, headers={"Authorization": f"Bearer {token}"},
                          timeout=30)
    if response.headers["content-type"].startswith("application/json"):
        return response.status_code, response.json()
    events, name = [], "message"
    for line in response.text.splitlines():
        if line.startswith("event: "):
            name = line[7:]
        elif line.startswith("data: "):
            events.append((name, json.loads(line[6:])))
    return response.status_code, events


def first_event(events, name: str) -> dict:
    return next(data for event, data in events if event == name)


def make_admin(url: str) -> str:
    """A new administrator (as start-up creates one); returns its access token."""
    from chatapp.db import session_scope
    from chatapp.services import auth

    email = new_email("admin")
    with session_scope() as session:
        auth.ensure_admin(session=session, email=email, password="admin-password-1")
    return httpx.post(f"{url}/api/auth/login", json={"email": email, "password": "admin-password-1"},
                      timeout=30).json()["access_token"]


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
