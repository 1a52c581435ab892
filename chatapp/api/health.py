"""GET /api/health: is this process up, and can it reach its database (and Redis, if set)?"""

from __future__ import annotations

import asyncio

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from chatapp import __version__, db, redis_client

router = APIRouter()


@router.get("/api/health")
async def health() -> JSONResponse:
    database_ok = await asyncio.to_thread(db.ping)
    redis_status = await redis_client.ping()
    healthy = database_ok and redis_status != "unreachable"
    return JSONResponse(
        {
            "status": "ok" if healthy else "degraded",
            "version": __version__,
            "database": "ok" if database_ok else "unreachable",
            "redis": redis_status,
        },
        status_code=200 if healthy else 503,
    )
