"""What the backend does when it starts and stops: bootstrap the admin, run the scheduled jobs."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator

from chatapp.db import run_db
from chatapp.jobs import start_scheduler
from chatapp.services import auth
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
    scheduler = start_scheduler()
    try:
        yield
    finally:
        scheduler.shutdown(wait=False)
