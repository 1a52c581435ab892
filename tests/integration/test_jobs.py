"""Scheduled jobs: one worker per period (also under a race), failures recorded, cache expiry."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone

from sqlmodel import Session, select

from chatapp.db import engine_for, session_scope
from chatapp.jobs import Job, run_job
from chatapp.models import JobRun, PromptCache, utcnow
from chatapp.services import job_runs

NOW = datetime(2026, 11, 23, 10, 15, tzinfo=timezone.utc)


def _hour(now: datetime) -> str:
    return now.strftime("%Y-%m-%dT%H")


def test_a_period_is_claimed_once(app_env):
    with session_scope() as session:
        first = job_runs.claim_run(session=session, job_name="j", period_key="p1", worker="a")
    with session_scope() as session:
        second = job_runs.claim_run(session=session, job_name="j", period_key="p1", worker="b")
        other_period = job_runs.claim_run(session=session, job_name="j", period_key="p2", worker="b")
    assert first is not None and second is None and other_period is not None


def test_racing_workers_run_the_job_exactly_once(app_env):
    calls = []

    def work(*, session: Session) -> str:
        calls.append(1)
        return "did it"

    job = Job("race", every_minutes=60, period_key=_hour, work=work)
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda i: run_job(job, now=NOW, worker=f"w{i}"), range(8)))
    assert results.count(True) == 1
    assert len(calls) == 1
    with Session(engine_for(app_env)) as session:
        runs = session.exec(select(JobRun).where(JobRun.job_name == "race")).all()
        assert [(r.status, r.details) for r in runs] == [("done", "did it")]
    # The next hour is a new period.
    assert run_job(job, now=NOW + timedelta(hours=1)) is True
    assert len(calls) == 2


def test_a_failing_job_is_recorded_as_failed(app_env):
    def work(*, session: Session) -> str:
        raise RuntimeError("boom")

    assert run_job(Job("broken", 60, _hour, work), now=NOW) is True
    with Session(engine_for(app_env)) as session:
        run = session.exec(select(JobRun).where(JobRun.job_name == "broken")).one()
        assert run.status == "failed" and "boom" in run.details and run.finished_at is not None


def test_expired_cache_entries_are_removed(app_env):
    from chatapp.jobs import JOBS

    with session_scope() as session:
        for scope, expires in (("a", utcnow() - timedelta(minutes=1)), ("b", utcnow() + timedelta(days=1))):
            session.add(PromptCache(scope=scope, prompt_hash="h", model="m", response="r",
                                    expires_at=expires))
    expire = next(job for job in JOBS if job.name == "expire_prompt_cache")
    assert run_job(expire, now=NOW) is True
    with Session(engine_for(app_env)) as session:
        assert [c.scope for c in session.exec(select(PromptCache)).all()] == ["b"]
        run = session.exec(select(JobRun).where(JobRun.job_name == "expire_prompt_cache")).one()
        assert run.details == "removed 1 expired cache entries"
