"""The built-in demo provider: an OpenAI-compatible chat model that runs offline, with faults on demand.

It streams real `chat.completion.chunk` events (role chunk, one chunk per token, the finish
chunk, the usage chunk when `stream_options.include_usage` is set, then `[DONE]`) at a set number
of tokens per second. Faults, for tests and demos, come from the `X-Demo-Fault` header, a model id
suffix (`demo-mini:cut`) or the in-process FAULTS plan.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

from chatapp.services import tokens
from chatapp.services.catalog import ModelSpec
from chatapp.services.demo_replies import demo_reply

FAULT_KINDS = ("http_500", "http_429", "cut", "slow_first_token", "stream_error", "no_usage")


@dataclass(frozen=True)
class Fault:
    kind: str
    after: int = 5  # content chunks sent before a cut or an in-stream error
    delay: float = 3.0  # seconds before the first content chunk (slow_first_token)
    retry_after: int = 2  # seconds announced by http_429


class DemoBadRequest(ValueError):
    """The request is not a valid chat completion request; answered with 400."""


class DemoHTTPFault(Exception):
    """An injected HTTP error, raised before any byte of the response is sent."""

    def __init__(self, status: int, message: str, error_type: str, headers: dict[str, str]) -> None:
        super().__init__(message)
        self.status, self.message, self.error_type, self.headers = status, message, error_type, headers


class DemoConnectionCut(Exception):
    """Raised inside the stream to drop the connection without finishing the response."""


def parse_fault(text: str | None) -> Fault | None:
    """`"cut; after=20"`, `"slow_first_token;delay=1.5"`, `"http_429;retry_after=3"`."""
    if not text or not text.strip():
        return None
    kind, *params = [part.strip() for part in text.split(";")]
    if kind not in FAULT_KINDS:
        raise DemoBadRequest(f"unknown fault {kind!r}; known: {', '.join(FAULT_KINDS)}")
    values: dict[str, Any] = {}
    for param in filter(None, params):
        key, _, raw = param.partition("=")
        key = key.strip()
        try:
            if key in ("after", "retry_after"):
                values[key] = max(0, int(raw))
            elif key == "delay":
                values[key] = max(0.0, min(float(raw), 120.0))
            else:
                raise DemoBadRequest(f"unknown fault parameter {key!r}")
        except ValueError as exc:
            raise DemoBadRequest(f"fault parameter {key!r} needs a number") from exc
    return Fault(kind, **values)


@dataclass
class FaultPlan:
    """Faults to inject into the next requests for a model (set by tests in the app's process)."""

    _planned: dict[str, list[Fault | None]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def inject(self, model: str, fault: Fault, times: int = 1) -> None:
        with self._lock:
            self._planned.setdefault(model, []).extend([fault] * times)

    def take(self, model: str) -> Fault | None:
        with self._lock:
            queue = self._planned.get(model)
            return queue.pop(0) if queue else None

    def clear(self) -> None:
        with self._lock:
            self._planned.clear()


FAULTS = FaultPlan()


@dataclass(frozen=True)
class DemoRequest:
    model: ModelSpec
    requested_model: str
    messages: list[dict[str, str]]
    stream: bool
    include_usage: bool
    max_tokens: int | None
    tokens_per_second: float
    fault: Fault | None


def build_request(body: Any, *, demo_models: dict[str, ModelSpec], fault_header: str | None,
                  speed_header: str | None, default_speed: int) -> DemoRequest:
    """Validate an OpenAI chat-completions body for the demo models."""
    if not isinstance(body, dict):
        raise DemoBadRequest("the body must be a JSON object")
    requested = body.get("model")
    if not isinstance(requested, str):
        raise DemoBadRequest("'model' is required")
    model_id, _, suffix_fault = requested.partition(":")
    if model_id not in demo_models:
        raise DemoBadRequest(f"unknown model {model_id!r}; demo models: {', '.join(demo_models)}")
    raw_messages = body.get("messages")
    if not isinstance(raw_messages, list) or not raw_messages:
        raise DemoBadRequest("'messages' must be a non-empty list")
    messages = []
    for message in raw_messages:
        if not isinstance(message, dict) or not isinstance(message.get("role"), str):
            raise DemoBadRequest("each message needs a 'role'")
        content = message.get("content")
        if isinstance(content, list):  # content parts: keep the text ones
            content = "".join(p.get("text", "") for p in content if isinstance(p, dict))
        messages.append({"role": message["role"], "content": content if isinstance(content, str) else ""})
    if body.get("n", 1) != 1:
        raise DemoBadRequest("the demo models support n=1 only")
    max_tokens = body.get("max_completion_tokens", body.get("max_tokens"))
    if max_tokens is not None and (not isinstance(max_tokens, int) or max_tokens < 1):
        raise DemoBadRequest("'max_tokens' must be a positive integer")
    stream_options = body.get("stream_options") or {}
    try:
        speed = float(speed_header) if speed_header else float(default_speed)
    except ValueError as exc:
        raise DemoBadRequest("X-Demo-Tokens-Per-Second must be a number") from exc
    fault = parse_fault(fault_header) or parse_fault(suffix_fault) or FAULTS.take(model_id)
    return DemoRequest(
        model=demo_models[model_id], requested_model=requested, messages=messages,
        stream=bool(body.get("stream")), include_usage=bool(stream_options.get("include_usage")),
        max_tokens=max_tokens, tokens_per_second=max(1.0, min(speed, 1_000_000.0)), fault=fault,
    )


@dataclass(frozen=True)
class _Answer:
    pieces: list[str]
    finish_reason: str
    prompt_tokens: int


def _answer(request: DemoRequest) -> _Answer:
    encoding = request.model.encoding
    last_user = next((m["content"] for m in reversed(request.messages) if m["role"] == "user"), "")
    text = demo_reply(last_user, quality=request.model.quality)
    limit = min(request.max_tokens or request.model.max_output, request.model.max_output)
    ids = tokens.get_encoding(encoding).encode_ordinary(text)
    finish = "stop"
    if len(ids) > limit:
        text = tokens.get_encoding(encoding).decode(ids[:limit], errors="ignore")
        finish = "length"
    return _Answer(tokens.split_tokens(text, encoding), finish,
                   tokens.count_chat(request.messages, encoding))


def _usage(prompt_tokens: int, completion_tokens: int) -> dict:
    return {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
            "prompt_tokens_details": {"cached_tokens": 0, "audio_tokens": 0},
            "completion_tokens_details": {"reasoning_tokens": 0, "audio_tokens": 0,
                                          "accepted_prediction_tokens": 0,
                                          "rejected_prediction_tokens": 0}}


def raise_http_fault(request: DemoRequest) -> None:
    """Injected HTTP errors happen before the response starts, as with a real provider."""
    fault = request.fault
    if fault is None:
        return
    if fault.kind == "http_500":
        raise DemoHTTPFault(500, "demo fault: the model server had an internal error", "server_error", {})
    if fault.kind == "http_429":
        raise DemoHTTPFault(429, "demo fault: rate limit reached, retry later", "rate_limit_exceeded",
                            {"Retry-After": str(fault.retry_after)})


def complete(request: DemoRequest) -> dict:
    """A whole (non-streaming) chat.completion."""
    raise_http_fault(request)
    answer = _answer(request)
    text = "".join(answer.pieces)
    return {
        "id": f"chatcmpl-demo-{uuid.uuid4().hex[:24]}", "object": "chat.completion",
        "created": int(time.time()), "model": request.model.id, "system_fingerprint": "fp_demo",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": text, "refusal": None},
                     "logprobs": None, "finish_reason": answer.finish_reason}],
        "usage": _usage(answer.prompt_tokens, tokens.count_text(text, request.model.encoding)),
    }


async def stream(request: DemoRequest) -> AsyncIterator[bytes]:
    """Server-sent events of a streamed chat completion, paced at the request's tokens per second."""
    raise_http_fault(request)
    answer = _answer(request)
    fault = request.fault
    completion_id = f"chatcmpl-demo-{uuid.uuid4().hex[:24]}"
    created = int(time.time())

    def event(choices: list, usage: dict | None = None, *, with_usage_field: bool) -> bytes:
        chunk: dict[str, Any] = {"id": completion_id, "object": "chat.completion.chunk",
                                 "created": created, "model": request.model.id,
                                 "system_fingerprint": "fp_demo", "choices": choices}
        if with_usage_field:
            chunk["usage"] = usage
        return f"data: {json.dumps(chunk, separators=(',', ':'))}\n\n".encode()

    def delta(content: dict, finish: str | None = None) -> list:
        return [{"index": 0, "delta": content, "logprobs": None, "finish_reason": finish}]

    yield event(delta({"role": "assistant", "content": "", "refusal": None}),
                with_usage_field=request.include_usage)
    loop = asyncio.get_running_loop()
    if fault is not None and fault.kind == "slow_first_token":
        await asyncio.sleep(fault.delay)
    started = loop.time()
    sent: list[str] = []
    for index, piece in enumerate(answer.pieces):
        if fault is not None and index == fault.after:
            if fault.kind == "cut":
                raise DemoConnectionCut("demo fault: connection dropped mid-stream")
            if fault.kind == "stream_error":
                error = {"error": {"message": "demo fault: the model failed mid-stream",
                                   "type": "server_error", "param": None, "code": None}}
                yield f"data: {json.dumps(error)}\n\n".encode()
                return
        wait = started + index / request.tokens_per_second - loop.time()
        if wait > 0:
            await asyncio.sleep(wait)
        sent.append(piece)
        yield event(delta({"content": piece}), with_usage_field=request.include_usage)
    yield event(delta({}, answer.finish_reason), with_usage_field=request.include_usage)
    if request.include_usage and not (fault is not None and fault.kind == "no_usage"):
        completion_tokens = tokens.count_text("".join(sent), request.model.encoding)
        yield event([], _usage(answer.prompt_tokens, completion_tokens), with_usage_field=True)
    yield b"data: [DONE]\n\n"
