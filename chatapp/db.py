"""Database engines and sessions: the one place a connection to SQLite or PostgreSQL is made."""

from __future__ import annotations

import asyncio
import functools
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session

from chatapp.settings import get_settings

T = TypeVar("T")
SQLITE_BUSY_SECONDS = 30


@functools.cache
def engine_for(url: str) -> Engine:
    """One pooled engine per database URL."""
    if url.startswith("sqlite"):
        engine = sa.create_engine(url, connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_SECONDS})
        sa.event.listen(engine, "connect", _sqlite_pragmas)
        # pysqlite's own BEGIN handling defers locking; emit BEGIN ourselves (see _sqlite_begin).
        sa.event.listen(engine, "begin", _sqlite_begin)
        return engine
    return sa.create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy emit BEGIN so that every transaction is explicit.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_SECONDS * 1000}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _sqlite_begin(connection: Any) -> None:
    # BEGIN IMMEDIATE takes the write lock up front, so two writers queue on busy_timeout
    # instead of one failing with "database is locked" when it upgrades a read lock.
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def get_engine() -> Engine:
    return engine_for(get_settings().database_url)


@functools.cache
def _writer_lock(url: str) -> threading.Lock | None:
    """SQLite admits one writer at a time, and a transaction here always takes the write lock
    (BEGIN IMMEDIATE). Threads that meet a held lock in SQLite itself wait by sleeping and
    retrying, up to 100 ms a try: under fifty concurrent turns a few waited over a second while
    others kept winning. A lock in the process queues them instead and wakes the next at once.
    (Other processes on the same file still queue in SQLite's busy handler.) None: PostgreSQL,
    whose writers wait on row locks only."""
    return threading.Lock() if url.startswith("sqlite") else None


@contextmanager
def session_scope() -> Iterator[Session]:
    """A session whose transaction commits on success and rolls back on any error."""
    url = get_settings().database_url
    engine, lock = engine_for(url), _writer_lock(url)
    if lock is not None and not lock.acquire(timeout=SQLITE_BUSY_SECONDS):
        raise sa.exc.OperationalError("BEGIN IMMEDIATE", {}, TimeoutError(
            f"database is locked: no transaction ended within {SQLITE_BUSY_SECONDS} s"))
    try:
        with Session(engine, expire_on_commit=False) as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise
    finally:
        if lock is not None:
            lock.release()


async def run_db(fn: Callable[..., T], /, **kwargs: Any) -> T:
    """Run `fn(session=..., **kwargs)` in a worker thread inside one transaction.

    Keeps blocking database work off the event loop of Reflex handlers and async routes.
    """
    def work() -> T:
        with session_scope() as session:
            return fn(session=session, **kwargs)

    return await asyncio.to_thread(work)


@functools.lru_cache(maxsize=64)
def upsert(table: sa.Table, dialect: str, columns: tuple[str, ...], *, conflict: tuple[str, ...],
           add: tuple[str, ...] = (), replace: tuple[str, ...] = ()) -> sa.Insert:
    """INSERT of `columns` (bound by name) that, on a conflict over `conflict`, adds the new
    values to the `add` columns and takes them for the `replace` columns. Built once per shape:
    building one (its `excluded` columns above all) cost more than running it."""
    from sqlalchemy.dialects import postgresql, sqlite

    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(table).values({name: sa.bindparam(name) for name in columns})
    return statement.on_conflict_do_update(
        index_elements=list(conflict),
        set_={**{name: table.c[name] + statement.excluded[name] for name in add},
              **{name: statement.excluded[name] for name in replace}})


def ping() -> bool:
    """True when the database answers a trivial query."""
    try:
        with get_engine().connect() as connection:
            connection.execute(sa.text("SELECT 1"))
        return True
    except sa.exc.SQLAlchemyError:
        return False
