"""Runs the app the way `make run` does (`reflex run --env prod`, one port) in a child process."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from chatapp.settings import PROJECT_ROOT

TOOLS_BIN = PROJECT_ROOT / ".tools" / "node_modules" / ".bin"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class AppProcess:
    """One app process on its own port, database and data folder; stopped with its process group."""

    def __init__(self, *, env: dict[str, str], workdir: Path, web_dir: str = ".web-e2e") -> None:
        if not (TOOLS_BIN / "node").exists():
            raise RuntimeError("Node 22 is not installed in .tools/; run `make test` (it installs it).")
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = workdir / f"app-{self.port}.log"
        self.env = {
            **os.environ,
            "PATH": f"{TOOLS_BIN}{os.pathsep}{os.environ.get('PATH', '')}",
            "REFLEX_USE_SYSTEM_BUN": "1",
            "REFLEX_TELEMETRY_ENABLED": "false",
            "REFLEX_CHECK_LATEST_VERSION": "false",
            # Own web and state folders, so a `make run` of the same checkout is never disturbed.
            "REFLEX_WEB_WORKDIR": str(PROJECT_ROOT / web_dir),
            "REFLEX_STATES_WORKDIR": str(workdir / "states"),
            "CHATAPP_ENV_FILE": "",
            **env,
        }
        self._process: subprocess.Popen | None = None

    def start(self, timeout: float = 300) -> AppProcess:
        log = self.log_path.open("wb")
        self._process = subprocess.Popen(
            [sys.executable, "-m", "reflex", "run", "--env", "prod", "--frontend-port",
             str(self.port), "--backend-port", str(self.port)],
            cwd=PROJECT_ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        with httpx.Client(timeout=2) as client:
            while time.monotonic() < deadline:
                if self._process.poll() is not None:
                    raise RuntimeError(f"the app exited with {self._process.returncode}:\n{self.log_tail()}")
                try:
                    if (client.get(f"{self.url}/api/health").status_code == 200
                            and client.get(f"{self.url}/login/").status_code == 200):
                        return self
                except httpx.TransportError:
                    pass
                time.sleep(0.25)  # polling for readiness, bounded by the deadline
        self.stop()
        raise RuntimeError(f"the app did not answer within {timeout:.0f} s:\n{self.log_tail()}")

    def stop(self) -> None:
        if self._process is None or self._process.poll() is not None:
            return
        os.killpg(self._process.pid, signal.SIGTERM)
        try:
            self._process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self._process.pid, signal.SIGKILL)
            self._process.wait(timeout=10)

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"
