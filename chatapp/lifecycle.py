"""What the backend does when it starts and stops: bootstrap the admin, load the token encodings,
run the scheduled jobs, and record every turn still settling before it exits."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from chatapp.db import run_db
from chatapp.jobs import start_scheduler
from chatapp.services import auth, pipeline, tokens
from chatapp.services.errors import AppError
from chatapp.settings import get_settings

log = logging.getLogger(__name__)


async def bootstrap_admin() -> None:
    """Create or promote ADMIN_EMAIL when it (and, for a new user, ADMIN_PASSWORD) is set."""
    settings = get_settings()
    if not settings.admin_email:
        return
    password = settings.admin_password.get_secret_value() if settings.admin_password else None
    try:
        account = await run_db(auth.ensure_admin, email=settings.admin_email, password=password)
    except AppError as exc:
        log.error("ADMIN_EMAIL is set but the admin could not be bootstrapped: %s", exc.message)
        return
    log.info("administrator ready: %s", account.email)


@contextlib.asynccontextmanager
async def on_startup() -> AsyncIterator[None]:
    await bootstrap_admin()
    await asyncio.to_thread(tokens.warm_up)
    scheduler = start_scheduler()
    try:
        yield
    finally:
        scheduler.shutdown(wait=False)
        await pipeline.wait_for_settlements(timeout=15)
