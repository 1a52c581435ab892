"""The auth API against real SQLite and PostgreSQL: happy paths, bad input, throttling, suspension."""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import sqlalchemy as sa
from sqlmodel import Session, select

from chatapp.db import engine_for
from chatapp.models import User, UserProfile, utcnow

PASSWORD = "a-good-password"


def email() -> str:
    return f"user-{uuid.uuid4().hex[:10]}@example.com"


def error_of(response) -> dict:
    body = response.json()
    assert set(body) == {"error"}, body
    assert {"code", "message"} <= set(body["error"]), body
    return body["error"]


def count_users(url: str, address: str) -> tuple[int, int]:
    with Session(engine_for(url)) as session:
        users = session.exec(select(User).where(User.email == address)).all()
        profiles = session.exec(select(UserProfile).where(
            UserProfile.user_id.in_([u.id for u in users]))).all() if users else []
        return len(users), len(profiles)


def test_signup_creates_user_and_profile_and_returns_a_working_token(api, app_env):
    address = email()
    response = api.post("/api/auth/signup", json={"email": address.upper(), "password": PASSWORD,
                                                  "display_name": "Ada"})
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["user"]["email"] == address  # normalised to lower case
    assert body["user"]["tier"] == "free" and body["user"]["role"] == "user"
    assert body["token_type"] == "bearer" and body["access_token"]
    assert count_users(app_env, address) == (1, 1)
    with Session(engine_for(app_env)) as session:
        stored = session.exec(select(User).where(User.email == address)).one()
        assert stored.password_hash.startswith("$argon2") and PASSWORD not in stored.password_hash

    me = api.get("/api/auth/me", headers={"Authorization": f"Bearer {body['access_token']}"})
    assert me.status_code == 200
    assert me.json()["user"]["email"] == address


def test_duplicate_email_is_refused_without_a_second_user(api, app_env):
    address = email()
    assert api.post("/api/auth/signup", json={"email": address, "password": PASSWORD}).status_code == 201
    again = api.post("/api/auth/signup", json={"email": address.title(), "password": "another-password"})
    assert again.status_code == 409
    assert error_of(again)["code"] == "EMAIL_ALREADY_REGISTERED"
    assert "already registered" in error_of(again)["message"]
    assert count_users(app_env, address) == (1, 1)


def test_concurrent_duplicate_signups_create_exactly_one_user(api, app_env):
    address = email()
    with ThreadPoolExecutor(max_workers=6) as pool:
        statuses = list(pool.map(
            lambda _: api.post("/api/auth/signup", json={"email": address, "password": PASSWORD}).status_code,
            range(6)))
    assert sorted(statuses) == [201] + [409] * 5
    assert count_users(app_env, address) == (1, 1)


def test_bad_signup_input_gets_clear_4xx_and_creates_nothing(api, app_env):
    cases = [
        ({"email": "not-an-email", "password": PASSWORD}, 422, "VALIDATION_ERROR", "not valid"),
        ({"email": "", "password": PASSWORD}, 422, "VALIDATION_ERROR", "email"),
        ({"email": email(), "password": "short"}, 422, "VALIDATION_ERROR", "at least 8"),
        ({"email": email(), "password": "p" * 129}, 422, "VALIDATION_ERROR", "at most 128"),
        ({"email": email(), "password": "p" * 5000}, 422, "VALIDATION_ERROR", "password"),
        ({"email": "x" * 300 + "@example.com", "password": PASSWORD}, 422, "VALIDATION_ERROR", "longer"),
        ({"email": email(), "password": PASSWORD, "display_name": "n" * 101}, 422, "VALIDATION_ERROR", "name"),
        ({"password": PASSWORD}, 422, "VALIDATION_ERROR", "email"),
    ]
    for payload, status, code, fragment in cases:
        response = api.post("/api/auth/signup", json=payload)
        assert response.status_code == status, (payload, response.text)
        error = error_of(response)
        assert error["code"] == code
        assert fragment in error["message"].lower(), (payload, error)
    with Session(engine_for(app_env)) as session:
        assert session.exec(sa.select(sa.func.count()).select_from(User)).one()[0] == 0


def test_malformed_and_non_object_json_is_a_400(api):
    for body in (b"{not json", b"[1, 2]", b'"just a string"'):
        response = api.post("/api/auth/login", content=body,
                            headers={"Content-Type": "application/json"})
        assert response.status_code == 400, response.text
        assert error_of(response)["code"] == "INVALID_JSON"


def test_oversized_body_is_a_413(api):
    huge = b'{"email": "a@b.co", "password": "' + b"x" * (3 * 1024 * 1024) + b'"}'
    response = api.post("/api/auth/signup", content=huge, headers={"Content-Type": "application/json"})
    assert response.status_code == 413
    assert error_of(response)["code"] == "PAYLOAD_TOO_LARGE"


def test_login_succeeds_and_wrong_password_or_unknown_email_get_one_generic_error(api):
    address = email()
    api.post("/api/auth/signup", json={"email": address, "password": PASSWORD})
    ok = api.post("/api/auth/login", json={"email": address, "password": PASSWORD})
    assert ok.status_code == 200 and ok.json()["user"]["email"] == address

    wrong_password = api.post("/api/auth/login", json={"email": address, "password": "wrong-password"})
    unknown_email = api.post("/api/auth/login", json={"email": email(), "password": PASSWORD})
    invalid_email = api.post("/api/auth/login", json={"email": "nope", "password": PASSWORD})
    for response in (wrong_password, unknown_email, invalid_email):
        assert response.status_code == 401
        assert error_of(response) == {"code": "INVALID_CREDENTIALS", "message": "Wrong email or password."}


def test_failed_logins_are_throttled_per_email_with_retry_after(api):
    address = email()
    api.post("/api/auth/signup", json={"email": address, "password": PASSWORD})
    for _ in range(5):
        assert api.post("/api/auth/login", json={"email": address, "password": "wrong-pass"}).status_code == 401
    blocked = api.post("/api/auth/login", json={"email": address, "password": PASSWORD})
    assert blocked.status_code == 429
    assert error_of(blocked)["code"] == "TOO_MANY_ATTEMPTS"
    assert 1 <= int(blocked.headers["Retry-After"]) <= 900
    # Another address from the same client is not affected yet.
    other = email()
    api.post("/api/auth/signup", json={"email": other, "password": PASSWORD})
    assert api.post("/api/auth/login", json={"email": other, "password": PASSWORD}).status_code == 200


def test_failed_logins_are_throttled_per_ip(api, monkeypatch):
    from chatapp.services.login_throttle import get_login_throttle
    from chatapp.settings import reset_settings

    monkeypatch.setenv("LOGIN_MAX_FAILURES_PER_IP", "3")
    reset_settings()
    get_login_throttle.cache_clear()
    for _ in range(3):  # three different addresses, one client
        assert api.post("/api/auth/login", json={"email": email(), "password": "whatever1"}).status_code == 401
    assert api.post("/api/auth/login", json={"email": email(), "password": "whatever1"}).status_code == 429


def test_suspended_user_cannot_log_in_or_use_a_token(api, app_env):
    address = email()
    token = api.post("/api/auth/signup", json={"email": address, "password": PASSWORD}).json()["access_token"]
    with Session(engine_for(app_env)) as session:
        user = session.exec(select(User).where(User.email == address)).one()
        user.suspended_until = utcnow() + timedelta(minutes=30)
        session.add(user)
        session.commit()
    login = api.post("/api/auth/login", json={"email": address, "password": PASSWORD})
    assert login.status_code == 403
    error = error_of(login)
    assert error["code"] == "USER_SUSPENDED" and "30 minutes" in error["message"]
    me = api.get("/api/auth/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 403 and error_of(me)["code"] == "USER_SUSPENDED"


def test_expired_suspension_lets_the_user_back_in(api, app_env):
    address = email()
    api.post("/api/auth/signup", json={"email": address, "password": PASSWORD})
    with Session(engine_for(app_env)) as session:
        user = session.exec(select(User).where(User.email == address)).one()
        user.suspended_until = utcnow() - timedelta(seconds=1)
        session.add(user)
        session.commit()
    assert api.post("/api/auth/login", json={"email": address, "password": PASSWORD}).status_code == 200


def test_protected_route_needs_a_valid_token(api, app_env):
    assert error_of(api.get("/api/auth/me"))["code"] == "NOT_AUTHENTICATED"
    assert api.get("/api/auth/me", headers={"Authorization": "Bearer garbage"}).status_code == 401
    address = email()
    token = api.post("/api/auth/signup", json={"email": address, "password": PASSWORD}).json()["access_token"]
    # Bumping the session epoch ("log out everywhere") invalidates earlier tokens.
    with Session(engine_for(app_env)) as session:
        user = session.exec(select(User).where(User.email == address)).one()
        user.session_epoch += 1
        session.add(user)
        session.commit()
    response = api.get("/api/auth/me", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401


def test_health_reports_version_and_database(api):
    response = api.get("/api/health")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and body["database"] == "ok" and body["version"]
    assert body["redis"] == "not_configured"


def test_unknown_api_path_is_a_json_404(api):
    response = api.get("/api/does-not-exist")
    assert response.status_code == 404
    assert error_of(response)["code"] == "NOT_FOUND"
