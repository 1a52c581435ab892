"""The app as `make run` serves it: pages, websocket and HTTP API on one port."""

from __future__ import annotations

import httpx


def test_api_and_pages_share_the_app_port(app_url):
    health = httpx.get(f"{app_url}/api/health", timeout=10)
    assert health.status_code == 200
    assert health.json()["database"] == "ok"
    login_page = httpx.get(f"{app_url}/login/", timeout=10)
    assert login_page.status_code == 200
    assert "text/html" in login_page.headers["content-type"]
    unknown = httpx.get(f"{app_url}/api/nothing-here", timeout=10)
    assert unknown.status_code == 404
    assert unknown.json()["error"]["code"] == "NOT_FOUND"


def test_unknown_openai_routes_are_json_and_the_favicon_is_served(app_url):
    unknown = httpx.get(f"{app_url}/v1/engines", timeout=10)
    assert unknown.status_code == 404 and unknown.json()["error"]["code"] == "NOT_FOUND"
    icon = httpx.get(f"{app_url}/favicon.ico", timeout=10)
    assert icon.status_code == 200 and icon.content[:4] == b"\x00\x00\x01\x00"
