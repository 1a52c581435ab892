"""Shared set-up for the benchmarks: a fresh database, server processes, and percentiles."""

from __future__ import annotations

import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

import httpx
import sqlalchemy as sa
from alembic import command
from alembic.config import Config

ROOT = Path(__file__).resolve().parent.parent
POSTGRES_ADMIN = os.environ.get("BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def migrate(url: str) -> None:
    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("sqlalchemy.url", url)
    config.attributes["configure_logging"] = False
    command.upgrade(config, "head")


@contextmanager
def database(kind: str):
    """A fresh migrated database URL: a SQLite file, or a PostgreSQL database dropped afterwards."""
    if kind == "sqlite":
        with tempfile.TemporaryDirectory() as directory:
            url = f"sqlite:///{directory}/bench.db"
            migrate(url)
            yield url
        return
    name = f"chatapp_bench_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(POSTGRES_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    url = POSTGRES_ADMIN.rsplit("/", 1)[0] + f"/{name}"
    try:
        migrate(url)
        yield url
    finally:
        from chatapp.db import engine_for

        engine_for(url).dispose()
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


@contextmanager
def api_server(env: dict[str, str], *, workers: int = 1, factory: str = "chatapp.api.app:create_api"):
    """The app's HTTP API (FastAPI + pipeline) in its own process, under Granian: the server
    `reflex run --env prod` uses (Reflex picks Granian when gunicorn is absent, as here).
    `factory` serves another FastAPI app the same way (bench/bare_proxy.py)."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "granian", "--interface", "asgi", "--factory", factory,
         "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning", "--no-ws",
         "--workers", str(workers), "--no-access-log"],
        cwd=ROOT, env={**os.environ, "CHATAPP_ENV_FILE": "", **env}, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/api/health", timeout=1).status_code == 200:
                break
        except httpx.TransportError:
            time.sleep(0.1)
    else:
        os.killpg(process.pid, signal.SIGTERM)
        raise RuntimeError("the API server did not start")
    try:
        yield url, process
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def cpu_seconds(pid: int) -> float:
    """CPU time of a server process and its workers so far."""
    import psutil

    process = psutil.Process(pid)
    total = 0.0
    for each in [process, *process.children(recursive=True)]:
        times = each.cpu_times()
        total += times.user + times.system
    return total


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[index]


def summary(values: list[float]) -> tuple[float, float, float]:
    return percentile(values, 50), percentile(values, 99), statistics.fmean(values) if values else float("nan")
