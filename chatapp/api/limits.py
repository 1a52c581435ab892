"""ASGI middleware that refuses oversized request bodies on the app's own HTTP API."""

from __future__ import annotations

import json
from typing import Any, Callable

ASGIApp = Callable[..., Any]

DEFAULT_MAX_BODY_BYTES = 2 * 1024 * 1024


class BodySizeLimit:
    """413 with the JSON error shape when a body under `prefixes` exceeds `max_bytes`.

    Checks Content-Length up front and counts chunked bodies as they arrive; Reflex's websocket
    and upload paths are left alone.
    """

    def __init__(self, app: ASGIApp, *, max_bytes: int = DEFAULT_MAX_BODY_BYTES,
                 prefixes: tuple[str, ...] = ("/api/", "/v1/", "/demo/")) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.prefixes = prefixes

    async def __call__(self, scope: dict, receive: ASGIApp, send: ASGIApp) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(self.prefixes):
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", []):
            if name == b"content-length" and value.isdigit() and int(value) > self.max_bytes:
                await self._refuse(send)
                return

        received = 0
        refused = False
        refusal_sent = False

        async def counting_receive() -> dict:
            nonlocal received, refused
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    refused = True
                    raise _BodyTooLarge()
            return message

        async def guarded_send(message: dict) -> None:
            # Once the body is refused, whatever the app answers (FastAPI turns the read error
            # into a 400) is replaced by one 413.
            nonlocal refusal_sent
            if not refused:
                await send(message)
            elif not refusal_sent:
                refusal_sent = True
                await self._refuse(send)

        try:
            await self.app(scope, counting_receive, guarded_send)
        except Exception:
            if not refused:
                raise
        if refused and not refusal_sent:
            await self._refuse(send)

    async def _refuse(self, send: ASGIApp) -> None:
        limit_mib = self.max_bytes / (1024 * 1024)
        body = json.dumps({"error": {
            "code": "PAYLOAD_TOO_LARGE",
            "message": f"The request body is larger than {limit_mib:g} MiB.",
        }}).encode()
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"application/json"),
                                (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})


class _BodyTooLarge(Exception):
    pass
