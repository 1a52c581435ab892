"""Server-sent events: formatting and the response headers every stream of ours uses."""

from __future__ import annotations

import json
from typing import Any

from chatapp.services.pipeline import TurnSettled

STREAM_HEADERS = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}


def event(name: str | None, data: Any) -> bytes:
    payload = data if isinstance(data, str) else json.dumps(data, separators=(",", ":"))
    prefix = f"event: {name}\n" if name else ""
    return f"{prefix}data: {payload}\n\n".encode()


def settled_json(settled: TurnSettled) -> dict:
    return {
        "conversation_id": str(settled.conversation_id),
        "message_id": str(settled.message_id),
        "user_message_id": str(settled.user_message_id),
        "model": settled.model_id,
        "status": settled.status,
        "finish_reason": settled.finish_reason,
        "usage": {"input_tokens": settled.input_tokens, "output_tokens": settled.output_tokens,
                  "cached_tokens": settled.cached_tokens, "reported_by_provider": settled.usage_reported},
        "cost": str(settled.cost),
        "cost_micros": settled.cost_micros,
        "latency_ms": settled.latency_ms,
        "first_token_ms": settled.first_token_ms,
        "cached": settled.cached,
    }
