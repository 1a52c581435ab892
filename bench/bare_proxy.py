"""The floor under the guard's overhead: an OpenAI-compatible pass-through with no guard at all.

Same server (Granian, one worker), same FastAPI, same openai SDK request path and SSE re-encoding
as the app's /v1/chat/completions, but nothing between the request and the upstream call: no
authentication, abuse check, rate limit, budget, database or settlement. bench/guard_overhead.py
times it beside the app, so the table separates what any Python proxy hop costs on this machine
from what the guard adds. Started as `granian --factory bench.bare_proxy:create_bare`, with
BARE_UPSTREAM (the upstream's /v1 base URL) and BARE_KEY in the environment.
"""

from __future__ import annotations

import json
import os

import openai
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, StreamingResponse


def create_bare() -> FastAPI:
    app = FastAPI()
    client = openai.AsyncOpenAI(base_url=os.environ["BARE_UPSTREAM"], api_key=os.environ["BARE_KEY"],
                                max_retries=0)

    @app.get("/api/health")
    async def health() -> JSONResponse:
        return JSONResponse({"ok": True})

    @app.post("/v1/chat/completions")
    async def completions(request: Request) -> StreamingResponse:
        body = await request.json()
        stream = await client.post(
            "/chat/completions", cast_to=object, stream=True, stream_cls=openai.AsyncStream[object],
            body={"model": body["model"], "messages": body["messages"], "stream": True,
                  "stream_options": {"include_usage": True}, "max_tokens": 64})

        async def events():
            try:
                async for chunk in stream:
                    yield f"data: {json.dumps(chunk)}\n\n"
                yield "data: [DONE]\n\n"
            finally:
                await stream.close()

        return StreamingResponse(events(), media_type="text/event-stream")

    return app
