"""/demo/v1: the built-in demo provider's OpenAI-compatible endpoints (see services/demo_provider)."""

from __future__ import annotations

import hmac
import json
import time

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, StreamingResponse

from chatapp.services import catalog, demo_provider
from chatapp.settings import get_settings

router = APIRouter(prefix="/demo/v1")


def _openai_error(status: int, message: str, error_type: str,
                  headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": {"message": message, "type": error_type, "param": None, "code": None}},
                        status_code=status, headers=headers)


def _demo_models() -> dict[str, catalog.ModelSpec]:
    return {m.id: m for m in catalog.all_models(get_settings()) if m.is_demo}


def _refusal(request: Request) -> JSONResponse | None:
    settings = get_settings()
    if settings.demo_provider == "off":
        return _openai_error(404, "the demo provider is switched off (DEMO_PROVIDER=off)", "not_found")
    scheme, _, key = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(key.strip(), catalog.demo_api_key(settings)):
        return _openai_error(401, "invalid demo API key", "invalid_request_error")
    return None


@router.get("/models")
async def list_models(request: Request) -> JSONResponse:
    if (refusal := _refusal(request)) is not None:
        return refusal
    return JSONResponse({"object": "list", "data": [
        {"id": model_id, "object": "model", "created": int(time.time()), "owned_by": "demo"}
        for model_id in _demo_models()]})


@router.post("/chat/completions")
async def chat_completions(request: Request):
    if (refusal := _refusal(request)) is not None:
        return refusal
    try:
        body = json.loads(await request.body())
        demo_request = demo_provider.build_request(
            body, demo_models=_demo_models(), fault_header=request.headers.get("x-demo-fault"),
            speed_header=request.headers.get("x-demo-tokens-per-second"),
            default_speed=get_settings().demo_tokens_per_second)
        if not demo_request.stream:
            return JSONResponse(demo_provider.complete(demo_request))
        stream = demo_provider.stream(demo_request)
        first = await anext(stream)  # injected HTTP faults surface here, before any header is sent
    except json.JSONDecodeError:
        return _openai_error(400, "the body is not valid JSON", "invalid_request_error")
    except demo_provider.DemoBadRequest as exc:
        return _openai_error(400, str(exc), "invalid_request_error")
    except demo_provider.DemoHTTPFault as fault:
        return _openai_error(fault.status, fault.message, fault.error_type, fault.headers)

    async def body_events():
        yield first
        async for chunk in stream:
            yield chunk

    return StreamingResponse(body_events(), media_type="text/event-stream",
                             headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})
