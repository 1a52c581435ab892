"""Emergency stops (a user's cap, the platform budget), admin lifts, spend velocity, dead workers."""

from __future__ import annotations

from contextlib import aclosing
from datetime import datetime, timedelta, timezone

import httpx
from sqlmodel import Session, select

from chatapp.db import engine_for
from chatapp.jobs import JOBS, run_job
from chatapp.models import AdminAlert, PlatformControls, UserProfile
from chatapp.services import pipeline
from chatapp.settings import reset_settings
from tests.support.budget import counter, expire_now, reservations, set_spent, user_id_for
from tests.support.helpers import make_admin, new_email, sign_up


def post(url: str, path: str, token: str, body: dict) -> httpx.Response:
    return httpx.post(f"{url}{path}", json=body, headers={"Authorization": f"Bearer {token}"}, timeout=30)


def chat(url: str, token: str, message: str = "hello") -> httpx.Response:
    return post(url, "/api/chat", token, {"message": message})


def open_alerts(url: str, kind: str) -> list[AdminAlert]:
    with Session(engine_for(url)) as session:
        return list(session.exec(select(AdminAlert).where(AdminAlert.kind == kind,
                                                          AdminAlert.resolved_at.is_(None))).all())


def test_a_users_emergency_cap_stops_them_alerts_and_an_admin_lifts_it(live_app, app_env):
    email = new_email()
    token = sign_up(live_app, email)
    user_id = user_id_for(app_env, email)
    with Session(engine_for(app_env)) as session:  # a generous budget, but a tight safety cap
        profile = session.exec(select(UserProfile).where(UserProfile.user_id == user_id)).one()
        profile.monthly_budget_micros, profile.emergency_cap_micros = 50_000_000, 3_000
        session.add(profile)
        session.commit()
    set_spent(app_env, user_id, month=1_000)
    refused = chat(live_app, token)
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "EMERGENCY_STOP"
    assert "safety limit" in refused.json()["error"]["message"]
    with Session(engine_for(app_env)) as session:
        assert session.exec(select(UserProfile).where(UserProfile.user_id == user_id)).one().emergency_stopped_at
    assert len(open_alerts(app_env, "user_emergency_stop")) == 1
    assert chat(live_app, token).json()["error"]["code"] == "EMERGENCY_STOP"  # stays stopped
    assert len(open_alerts(app_env, "user_emergency_stop")) == 1  # one alert, not one per request

    forbidden = post(live_app, f"/api/admin/users/{user_id}/lift-emergency", token, {})
    assert forbidden.status_code == 403  # only administrators lift stops
    admin = make_admin(live_app)
    alerts = httpx.get(f"{live_app}/api/admin/alerts", headers={"Authorization": f"Bearer {admin}"}).json()
    assert [a["kind"] for a in alerts["alerts"]] == ["user_emergency_stop"]
    lifted = post(live_app, f"/api/admin/users/{user_id}/lift-emergency", admin, {"emergency_cap": "1.00"})
    assert lifted.status_code == 200 and lifted.json()["emergency_cap"] == "1"
    assert chat(live_app, token).status_code == 200
    assert open_alerts(app_env, "user_emergency_stop") == []


def test_the_platform_budget_stops_everyone_but_admins_until_lifted(live_app, app_env, monkeypatch):
    monkeypatch.setenv("PLATFORM_MONTHLY_BUDGET", "0.01")
    reset_settings()
    user = sign_up(live_app)
    admin = make_admin(live_app)
    set_spent(app_env, None, platform=9_000)  # $0.009 of $0.01: a turn's worst case won't fit
    refused = chat(live_app, user)
    assert refused.status_code == 503 and refused.json()["error"]["code"] == "EMERGENCY_STOP"
    assert "service reached its spending limit" in refused.json()["error"]["message"]
    assert len(open_alerts(app_env, "platform_budget")) == 1
    assert chat(live_app, sign_up(live_app)).json()["error"]["code"] == "EMERGENCY_STOP"
    assert chat(live_app, admin).status_code == 200  # administrators keep working

    lifted = post(live_app, "/api/admin/platform/lift-stop", admin, {"monthly_budget": "100"})
    assert lifted.status_code == 200 and lifted.json() == {"stopped": False, "monthly_budget": "100"}
    assert chat(live_app, user).status_code == 200
    assert open_alerts(app_env, "platform_budget") == []


def test_spend_velocity_alerts_and_can_stop_the_platform(live_app, app_env, monkeypatch):
    token = sign_up(live_app)
    assert chat(live_app, token).status_code == 200
    monkeypatch.setenv("SPEND_VELOCITY_ALERT_PER_MINUTE", "0.000001")
    monkeypatch.setenv("SPEND_VELOCITY_AUTO_STOP", "true")
    reset_settings()
    job = next(j for j in JOBS if j.name == "spend_velocity")
    assert run_job(job, now=datetime.now(timezone.utc)) is True
    assert len(open_alerts(app_env, "spend_velocity")) == 1
    with Session(engine_for(app_env)) as session:
        assert session.get(PlatformControls, 1).stop_reason == "spend velocity alarm"
    assert chat(live_app, token).json()["error"]["code"] == "EMERGENCY_STOP"


async def test_a_turn_whose_worker_died_is_charged_by_the_job_and_corrected_if_it_settles(live_app, app_env):
    email = new_email()
    token = sign_up(live_app, email)
    user_id = user_id_for(app_env, email)
    turn = await pipeline.run_chat_turn(pipeline.TurnRequest(credential=token, message="What is 6*7?"))
    (reservation,) = reservations(app_env, user_id)
    assert reservation.status == "active" and counter(app_env, "user_day", str(user_id)) == (0, reservation.amount_micros)

    expire_now(app_env)  # the worker is gone, as far as anyone can tell
    job = next(j for j in JOBS if j.name == "expire_reservations")
    assert run_job(job, now=datetime.now(timezone.utc)) is True
    assert reservations(app_env, user_id)[0].status == "expired"
    assert counter(app_env, "user_day", str(user_id)) == (reservation.amount_micros, 0)

    async with aclosing(turn.events()) as events:  # ...but it was only slow: it settles late
        settled = [item async for item in events][-1]
    spent, reserved = counter(app_env, "user_day", str(user_id))
    assert (spent, reserved) == (settled.cost_micros, 0)  # corrected to the real cost, once
    assert counter(app_env, "platform_month", "platform") == (settled.cost_micros, 0)
    assert run_job(job, now=datetime.now(timezone.utc) + timedelta(minutes=1)) is True  # runs again
    assert counter(app_env, "user_day", str(user_id)) == (settled.cost_micros, 0)  # nothing to redo
