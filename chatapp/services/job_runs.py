"""Claims for scheduled job runs: the unique (job, period) row lets exactly one worker run a period."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from chatapp.models import JobRun, utcnow


def claim_run(*, session: Session, job_name: str, period_key: str, worker: str) -> int | None:
    """Insert the run row; its id when this worker won the period, None when another one did."""
    run = JobRun(job_name=job_name, period_key=period_key, worker=worker)
    try:
        with session.begin_nested():
            session.add(run)
            session.flush()
    except IntegrityError:
        return None
    return run.id


def finish_run(*, session: Session, run_id: int, ok: bool, details: str = "") -> None:
    run = session.get(JobRun, run_id)
    if run is None:
        return
    run.status = "done" if ok else "failed"
    run.details = details[:4000]
    run.finished_at = utcnow()
    session.add(run)


def recent_runs(*, session: Session, job_name: str, limit: int = 20) -> list[JobRun]:
    query = (select(JobRun).where(JobRun.job_name == job_name)
             .order_by(JobRun.started_at.desc()).limit(limit))
    return list(session.exec(query).all())
