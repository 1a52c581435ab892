"""The OpenAI-compatible API: POST /v1/chat/completions and GET /v1/models, behind the same guard.

Point the official openai SDK at http://<host>/v1 with an access token or API key as `api_key`.
"""

from __future__ import annotations

import json
import time
import uuid
from contextlib import aclosing
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, StreamingResponse

from chatapp.api import sse
from chatapp.api.deps import bearer_token, client_ip
from chatapp.db import run_db
from chatapp.services import auth, catalog, pipeline
from chatapp.services.errors import ValidationFailed
from chatapp.services.tiers import build_tiers
from chatapp.settings import get_settings

router = APIRouter(prefix="/v1")
_ROLES = {"system", "developer", "user", "assistant"}


@router.get("/models")
async def list_models(request: Request) -> JSONResponse:
    settings = get_settings()
    account = await run_db(auth.account_from_credential, credential=bearer_token(request),
                           signing_key=settings.signing_key())
    tier = build_tiers(settings.tier_overrides).get(account.tier) or build_tiers()["free"]
    created = int(time.time())
    return JSONResponse({"object": "list", "data": [
        {"id": model.id, "object": "model", "created": created, "owned_by": model.provider}
        for model in catalog.models_for_tier(tier, settings)]})


def _text(content: Any) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):  # content parts: the text ones
        return "".join(part.get("text", "") for part in content
                       if isinstance(part, dict) and part.get("type") == "text")
    return ""


def _turn_request(body: Any, request: Request) -> tuple[pipeline.TurnRequest, bool, bool]:
    if not isinstance(body, dict):
        raise ValidationFailed("The body must be a JSON object.")
    messages = body.get("messages")
    if not isinstance(messages, list) or not messages:
        raise ValidationFailed("'messages' must be a non-empty list.")
    history = []
    for message in messages:
        if not isinstance(message, dict) or message.get("role") not in _ROLES:
            raise ValidationFailed(f"Each message needs a role among {sorted(_ROLES)}.")
        role = "system" if message["role"] == "developer" else message["role"]
        history.append({"role": role, "content": _text(message.get("content"))})
    last = history.pop()
    if last["role"] != "user":
        raise ValidationFailed("The last message must come from the user.")
    if body.get("n", 1) != 1:
        raise ValidationFailed("Only n=1 is supported.")
    max_tokens = body.get("max_completion_tokens", body.get("max_tokens"))
    if max_tokens is not None and (not isinstance(max_tokens, int) or isinstance(max_tokens, bool)):
        raise ValidationFailed("max_tokens must be an integer.")
    model = body.get("model")
    if model is not None and not isinstance(model, str):
        raise ValidationFailed("'model' must be a string.")
    include_usage = bool((body.get("stream_options") or {}).get("include_usage"))
    return pipeline.TurnRequest(
        credential=bearer_token(request), message=last["content"], history=history,
        model_id=None if model in (None, "", "auto") else model, source="openai",
        max_tokens=max_tokens, client_ip=client_ip(request),
    ), bool(body.get("stream")), include_usage


@router.post("/chat/completions")
async def chat_completions(request: Request):
    try:
        body = json.loads(await request.body())
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ValidationFailed("The request body is not valid JSON.") from exc
    turn_request, stream, include_usage = _turn_request(body, request)
    turn = await pipeline.run_chat_turn(turn_request)
    completion_id = f"chatcmpl-{uuid.uuid4().hex}"
    if stream:
        return StreamingResponse(_chunks(turn, completion_id, include_usage),
                                 media_type="text/event-stream",
                                 headers={**sse.STREAM_HEADERS, **turn.rate_headers})
    async with aclosing(turn.events()) as events:
        settled = [item async for item in events if isinstance(item, pipeline.TurnSettled)][0]
    if settled.error is not None:
        raise settled.error
    return JSONResponse({
        "id": completion_id, "object": "chat.completion", "created": int(time.time()),
        "model": settled.model_id,
        "choices": [{"index": 0, "message": {"role": "assistant", "content": settled.content,
                                             "refusal": None},
                     "logprobs": None, "finish_reason": settled.finish_reason or "stop"}],
        "usage": _usage(settled),
    }, headers=turn.rate_headers)


def _usage(settled: pipeline.TurnSettled) -> dict:
    return {"prompt_tokens": settled.input_tokens, "completion_tokens": settled.output_tokens,
            "total_tokens": settled.input_tokens + settled.output_tokens,
            "prompt_tokens_details": {"cached_tokens": settled.cached_tokens}}


async def _chunks(turn: pipeline.ChatTurn, completion_id: str, include_usage: bool):
    created = int(time.time())
    model = turn.plan.model.id

    def chunk(choices: list, usage: dict | None = None) -> bytes:
        data: dict = {"id": completion_id, "object": "chat.completion.chunk", "created": created,
                      "model": model, "choices": choices}
        if include_usage:
            data["usage"] = usage
        return sse.event(None, data)

    def choice(delta: dict, finish: str | None = None) -> list:
        return [{"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}]

    yield chunk(choice({"role": "assistant", "content": ""}))
    async with aclosing(turn.events()) as events:
        async for item in events:
            if isinstance(item, pipeline.TextDelta):
                yield chunk(choice({"content": item.text}))
                continue
            if item.error is not None:
                error = item.error.to_dict()["error"]
                yield sse.event(None, {"error": {**error, "type": "server_error"}})
                return
            yield chunk(choice({}, item.finish_reason or "stop"))
            if include_usage:
                yield chunk([], _usage(item))
    yield sse.event(None, "[DONE]")
