"""Serve an ASGI app on a free loopback port in a background thread (real HTTP for the tests)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn


@contextmanager
def serve(app, *, timeout: float = 20) -> Iterator[str]:
    """Yield the base URL while uvicorn serves `app`; stop it afterwards."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    # Keep-alive above any client pool's idle time, so pooled connections are never reused closed.
    config = uvicorn.Config(app, log_level="warning", timeout_keep_alive=120, lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + timeout
    while not server.started:  # bounded wait for the server's own "started" flag
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


@contextmanager
def serve_in_process(env: dict[str, str], *, port: int | None = None,
                     timeout: float = 60) -> Iterator[str]:
    """Yield the base URL of the app's HTTP API served by a separate uvicorn process (a second
    worker, as in production with several workers); stop it afterwards."""
    import os
    import signal
    import subprocess
    import sys

    import httpx

    if port is None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "--factory", "chatapp.api.app:create_api", "--host",
         "127.0.0.1", "--port", str(port), "--log-level", "warning", "--timeout-keep-alive", "120"],
        env={**os.environ, "CHATAPP_ENV_FILE": "", **env}, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    try:
        while True:  # bounded: the process answers its health check, or dies, or time runs out
            if process.poll() is not None:
                raise RuntimeError(f"the API process exited with {process.returncode}")
            try:
                if httpx.get(f"{url}/api/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("the API process did not start")
            time.sleep(0.05)
        yield url
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
