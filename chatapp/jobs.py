"""Scheduled jobs: APScheduler in every backend process, each period claimed by one worker only."""

from __future__ import annotations

import asyncio
import logging
import os
import socket
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger

from chatapp.db import session_scope
from chatapp.services import alerts, budgets, job_runs, maintenance
from chatapp.services.money import dollars_to_micros
from chatapp.settings import get_settings

log = logging.getLogger(__name__)
WORKER_ID = f"{socket.gethostname()}:{os.getpid()}"


@dataclass(frozen=True)
class Job:
    name: str
    every_minutes: int
    # Turns "now" into the key of the period a run covers; one run per key, across all workers.
    period_key: Callable[[datetime], str]
    work: Callable[..., str]


def _hourly(now: datetime) -> str:
    return now.strftime("%Y-%m-%dT%H")


def _minutely(now: datetime) -> str:
    return now.strftime("%Y-%m-%dT%H:%M")


def _expire_reservations(*, session) -> str:
    return f"expired {budgets.expire_stale(session=session)} stale reservations"


def _spend_velocity(*, session) -> str:
    settings = get_settings()
    return alerts.check_spend_velocity(
        session=session, threshold_micros=dollars_to_micros(settings.spend_velocity_alert_per_minute),
        auto_stop=settings.spend_velocity_auto_stop)


JOBS: tuple[Job, ...] = (
    Job("expire_prompt_cache", every_minutes=60, period_key=_hourly,
        work=maintenance.expire_prompt_cache),
    # A worker that died mid-turn leaves its reservation behind: charge it, so it never lingers.
    Job("expire_reservations", every_minutes=1, period_key=_minutely, work=_expire_reservations),
    Job("spend_velocity", every_minutes=1, period_key=_minutely, work=_spend_velocity),
)


def run_job(job: Job, *, now: datetime | None = None, worker: str = WORKER_ID) -> bool:
    """Run `job` for the current period unless another worker already claimed it."""
    period = job.period_key(now or datetime.now(timezone.utc))
    with session_scope() as session:
        run_id = job_runs.claim_run(session=session, job_name=job.name, period_key=period,
                                    worker=worker)
    if run_id is None:
        return False
    try:
        with session_scope() as session:
            details = job.work(session=session)
    except Exception as exc:  # a failed run is recorded, the scheduler keeps going
        log.exception("job %s failed for %s", job.name, period)
        _finish(run_id, ok=False, details=f"{type(exc).__name__}: {exc}")
        return True
    _finish(run_id, ok=True, details=details)
    return True


def _finish(run_id: int, *, ok: bool, details: str) -> None:
    with session_scope() as session:
        job_runs.finish_run(session=session, run_id=run_id, ok=ok, details=details)


def start_scheduler() -> AsyncIOScheduler:
    scheduler = AsyncIOScheduler(timezone=timezone.utc)
    for job in JOBS:
        scheduler.add_job(_run_in_thread, IntervalTrigger(minutes=job.every_minutes), args=[job],
                          id=job.name, next_run_time=datetime.now(timezone.utc),
                          max_instances=1, coalesce=True)
    scheduler.start()
    return scheduler


async def _run_in_thread(job: Job) -> None:
    await asyncio.to_thread(run_job, job)

