"""The FastAPI app that carries every HTTP route; Reflex mounts its own app beneath it."""

from __future__ import annotations

from fastapi import FastAPI

from chatapp.api import admin, auth, chat, conversations, demo, health, messages, openai_compat, sharing, usage
from chatapp.api.errors import error_response, install_error_handlers
from chatapp.api.limits import BodySizeLimit


def _unknown_route(prefix: str):
    async def unknown(path: str):
        return error_response(404, "NOT_FOUND", f"No API route /{prefix}/{path}.")
    return unknown


def create_api() -> FastAPI:
    api = FastAPI(title="chatapp", docs_url=None, redoc_url=None, openapi_url="/api/openapi.json")
    install_error_handlers(api)
    api.add_middleware(BodySizeLimit)
    api.include_router(health.router)
    api.include_router(auth.router)
    api.include_router(demo.router)
    api.include_router(chat.router)
    api.include_router(openai_compat.router)
    api.include_router(usage.router)
    api.include_router(admin.router)
    api.include_router(conversations.router)
    api.include_router(messages.router)
    api.include_router(sharing.router)

    # Without these, unknown API paths would fall through to the Reflex app's HTML 404.
    for prefix in ("api", "v1"):
        api.add_api_route(f"/{prefix}/{{path:path}}", _unknown_route(prefix),
                          methods=["GET", "POST", "PUT", "PATCH", "DELETE"], include_in_schema=False)

    return api
