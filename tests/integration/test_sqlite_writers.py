"""SQLite transactions of one process queue on a lock in the process (chatapp.db.session_scope):
every write lands, and a transaction that cannot start within the busy time fails clearly."""

from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa

from chatapp import db
from chatapp.db import _writer_lock, engine_for, session_scope
from chatapp.settings import reset_settings
from tests.support.databases import migrate, sqlite_url

ADD_ONE = sa.text("UPDATE budget_counters SET spent_micros = spent_micros + 1 "
                  "WHERE scope = 'platform_month' AND subject = 'writers'")


@pytest.fixture
def sqlite_env(tmp_path, monkeypatch):
    url = sqlite_url(tmp_path)
    migrate(url)
    monkeypatch.setenv("DATABASE_URL", url)
    reset_settings()
    with session_scope() as session:
        session.connection().execute(sa.text(
            "INSERT INTO budget_counters (scope, subject, period, spent_micros, reserved_micros, updated_at) "
            "VALUES ('platform_month', 'writers', '2026-11-01', 0, 0, '2026-11-01 00:00:00')"))
    yield url
    reset_settings()
    engine_for(url).dispose()


def _spent(url: str) -> int:
    with engine_for(url).connect() as connection:
        return connection.execute(sa.text(
            "SELECT spent_micros FROM budget_counters WHERE subject = 'writers'")).scalar_one()


def test_concurrent_writers_all_land(sqlite_env):
    threads, per_thread, failures = 12, 40, []

    def write() -> None:
        try:
            for _ in range(per_thread):
                with session_scope() as session:
                    session.connection().execute(ADD_ONE)
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            failures.append(exc)

    workers = [threading.Thread(target=write) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert failures == []
    assert _spent(sqlite_env) == threads * per_thread


def test_a_transaction_that_cannot_start_in_time_fails_clearly(sqlite_env, monkeypatch):
    monkeypatch.setattr(db, "SQLITE_BUSY_SECONDS", 0.2)
    holding, done = threading.Event(), threading.Event()

    def hold() -> None:
        with session_scope() as session:
            session.connection().execute(ADD_ONE)
            holding.set()
            done.wait(timeout=30)

    holder = threading.Thread(target=hold)
    holder.start()
    assert holding.wait(timeout=30)
    try:
        with pytest.raises(sa.exc.OperationalError, match="database is locked"), session_scope() as session:
            session.connection().execute(ADD_ONE)
    finally:
        done.set()
        holder.join()
    # The lock was given back: the next transaction runs, and only the holder's write counted.
    with session_scope() as session:
        session.connection().execute(ADD_ONE)
    assert _spent(sqlite_env) == 2


def test_an_error_inside_a_transaction_rolls_back_and_frees_the_lock(sqlite_env):
    with pytest.raises(RuntimeError), session_scope() as session:
        session.connection().execute(ADD_ONE)
        raise RuntimeError("the turn failed")
    lock = _writer_lock(sqlite_env)
    assert lock is not None and not lock.locked()
    assert _spent(sqlite_env) == 0


def test_postgresql_has_no_process_lock():
    assert _writer_lock("postgresql+psycopg://u@127.0.0.1:5432/x") is None
