"""POST /api/chat: one chat turn through the pipeline, streamed as server-sent events.

Events: `start` (conversation, model, estimate), `delta` ({"text"}) per piece of the answer,
`error` ({"code", "message"}) if the provider fails mid-way, and `done` (usage, cost, status).
A new conversation is named after its first exchange, once the stream has ended (services/titles).
Refusals before the answer starts are plain JSON errors with their HTTP status.
"""

from __future__ import annotations

import uuid
from contextlib import aclosing

from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, ConfigDict, Field

from chatapp.api import sse
from chatapp.api.deps import bearer_token, client_ip
from chatapp.services import pipeline, titles
from chatapp.services.money import micros_to_dollars
from chatapp.settings import get_settings

router = APIRouter()


class ChatRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    message: str = Field(max_length=1_000_000)
    conversation_id: uuid.UUID | None = None
    model: str | None = Field(default=None, max_length=200)
    # Edit & resend or regenerate: the seq of the user message to replace, with all after it.
    replace_from: int | None = Field(default=None, ge=1)
    # Name a new conversation after its first exchange (a short, billed call to the cheapest model).
    title: bool = True


@router.post("/api/chat")
async def chat(body: ChatRequest, request: Request) -> StreamingResponse:
    turn = await pipeline.run_chat_turn(pipeline.TurnRequest(
        credential=bearer_token(request), message=body.message,
        conversation_id=body.conversation_id, model_id=body.model, client_ip=client_ip(request),
        replace_from=body.replace_from))
    credential = bearer_token(request) if body.title else None
    return StreamingResponse(_events(turn, credential), media_type="text/event-stream",
                             headers={**sse.STREAM_HEADERS, **turn.rate_headers})


async def _events(turn: pipeline.ChatTurn, credential: str | None):
    plan = turn.plan
    yield sse.event("start", {
        "conversation_id": str(turn.conversation_id), "model": plan.model.id,
        "prompt_tokens": plan.prompt_tokens, "max_tokens": plan.max_tokens,
        "estimated_cost": str(micros_to_dollars(plan.estimated_cost_micros)),
        "cached": plan.cached is not None, "notices": list(plan.notices),
        "budget": {"level": plan.budget.level.name.lower(), "message": plan.budget.message},
    })
    async with aclosing(turn.events()) as events:
        async for item in events:
            if isinstance(item, pipeline.TextDelta):
                yield sse.event("delta", {"text": item.text})
                continue
            if item.error is not None:
                yield sse.event("error", item.error.to_dict()["error"])
            yield sse.event("done", sse.settled_json(item))
            if credential and item.user_seq == 1 and item.error is None:  # a new conversation's first exchange
                titles.name_later(credential=credential, conversation_id=item.conversation_id,
                                  settings=get_settings())
