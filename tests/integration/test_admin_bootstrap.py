"""The first administrator: from ADMIN_EMAIL/ADMIN_PASSWORD at start-up, or by command."""

from __future__ import annotations

import subprocess
import sys
import uuid

from sqlmodel import Session, select

from chatapp.db import engine_for
from chatapp.lifecycle import bootstrap_admin
from chatapp.models import User
from chatapp.settings import PROJECT_ROOT, reset_settings


def role_of(url: str, address: str) -> str | None:
    with Session(engine_for(url)) as session:
        user = session.exec(select(User).where(User.email == address)).first()
        return user.role if user else None


async def test_startup_creates_the_admin_from_env_once(app_env, monkeypatch):
    address = f"admin-{uuid.uuid4().hex[:8]}@example.com"
    monkeypatch.setenv("ADMIN_EMAIL", address)
    monkeypatch.setenv("ADMIN_PASSWORD", "admin-password-1")
    reset_settings()
    await bootstrap_admin()
    await bootstrap_admin()  # idempotent
    assert role_of(app_env, address) == "admin"
    with Session(engine_for(app_env)) as session:
        assert len(session.exec(select(User).where(User.email == address)).all()) == 1


async def test_startup_promotes_an_existing_user(api, app_env, monkeypatch):
    address = f"later-admin-{uuid.uuid4().hex[:8]}@example.com"
    api.post("/api/auth/signup", json={"email": address, "password": "user-password"})
    assert role_of(app_env, address) == "user"
    monkeypatch.setenv("ADMIN_EMAIL", address)
    reset_settings()
    await bootstrap_admin()
    assert role_of(app_env, address) == "admin"
    # The existing password still works: promotion changes nothing else.
    assert api.post("/api/auth/login", json={"email": address, "password": "user-password"}).status_code == 200


def test_create_admin_command(app_env, tmp_path):
    address = f"cli-admin-{uuid.uuid4().hex[:8]}@example.com"
    result = subprocess.run(
        [sys.executable, "-m", "chatapp.cli", "create-admin", "--email", address,
         "--password-stdin"],
        input="cli-password-1\n", capture_output=True, text=True, cwd=PROJECT_ROOT,
        env={"DATABASE_URL": app_env, "DATA_DIR": str(tmp_path), "CHATAPP_ENV_FILE": "",
             "PATH": "/usr/bin:/bin"},
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert address in result.stdout
    assert "cli-password-1" not in result.stdout + result.stderr
    assert role_of(app_env, address) == "admin"
