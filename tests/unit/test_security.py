"""Password hashing and access tokens: creation, expiry, tampering, algorithm confusion."""

from __future__ import annotations

import base64
import json
import uuid
from datetime import datetime, timedelta, timezone

import pytest
from jose import jwt

from chatapp.services import security

KEY = "unit-test-signing-key-0123456789-abcdefghijklmnop"


def test_password_hash_is_argon2_and_verifies():
    hashed = security.hash_password("correct horse battery staple")
    assert hashed.startswith("$argon2")
    assert "correct horse" not in hashed
    assert security.verify_password("correct horse battery staple", hashed)
    assert not security.verify_password("correct horse battery stapl", hashed)


def test_same_password_hashes_differently_each_time():
    assert security.hash_password("same-password") != security.hash_password("same-password")


def test_malformed_hash_is_a_mismatch_not_a_crash():
    assert not security.verify_password("anything", "not-a-hash")
    assert not security.verify_password("anything", "")


def _token(**overrides):
    params = dict(user_id=uuid.uuid4(), session_epoch=3, signing_key=KEY, ttl=timedelta(hours=1))
    params.update(overrides)
    return params, security.create_access_token(**params)


def test_token_round_trip_keeps_user_and_epoch():
    params, token = _token()
    claims = security.decode_access_token(token, signing_key=KEY)
    assert claims.user_id == params["user_id"]
    assert claims.session_epoch == 3
    assert claims.expires_at > datetime.now(timezone.utc)


def test_expired_token_is_refused_as_expired():
    _, token = _token(now=datetime.now(timezone.utc) - timedelta(hours=2))
    with pytest.raises(security.InvalidToken) as info:
        security.decode_access_token(token, signing_key=KEY)
    assert info.value.reason == "expired"


def test_a_token_verified_once_is_still_refused_once_it_expires(monkeypatch):
    # Verification is remembered per token; expiry must not be.
    _, token = _token(ttl=timedelta(minutes=5))
    claims = security.decode_access_token(token, signing_key=KEY)
    later = claims.expires_at.timestamp() + 1
    monkeypatch.setattr(security.time, "time", lambda: later)
    with pytest.raises(security.InvalidToken) as info:
        security.decode_access_token(token, signing_key=KEY)
    assert info.value.reason == "expired"
    monkeypatch.setattr(security.time, "time", lambda: later - 1)  # its last valid second
    assert security.decode_access_token(token, signing_key=KEY).user_id == claims.user_id


def test_a_remembered_token_is_refused_under_another_key():
    _, token = _token()
    security.decode_access_token(token, signing_key=KEY)
    with pytest.raises(security.InvalidToken):
        security.decode_access_token(token, signing_key="another-key-" + "z" * 40)


def test_token_signed_with_another_key_is_refused():
    _, token = _token(signing_key="another-key-" + "z" * 40)
    with pytest.raises(security.InvalidToken) as info:
        security.decode_access_token(token, signing_key=KEY)
    assert info.value.reason == "invalid"


def _b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def test_tampered_payload_is_refused():
    _, token = _token()
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["sub"] = str(uuid.uuid4())  # try to become someone else
    forged = ".".join([header, _b64(claims), signature])
    with pytest.raises(security.InvalidToken):
        security.decode_access_token(forged, signing_key=KEY)


def test_unsigned_alg_none_token_is_refused():
    now = int(datetime.now(timezone.utc).timestamp())
    claims = {"sub": str(uuid.uuid4()), "ep": 0, "iss": "chatapp", "iat": now, "exp": now + 3600}
    forged = ".".join([_b64({"alg": "none", "typ": "JWT"}), _b64(claims), ""])
    with pytest.raises(security.InvalidToken):
        security.decode_access_token(forged, signing_key=KEY)


def test_other_algorithm_with_the_same_key_is_refused():
    now = int(datetime.now(timezone.utc).timestamp())
    claims = {"sub": str(uuid.uuid4()), "ep": 0, "iss": "chatapp", "iat": now, "exp": now + 3600}
    token = jwt.encode(claims, KEY, algorithm="HS512")
    with pytest.raises(security.InvalidToken):
        security.decode_access_token(token, signing_key=KEY)


def test_token_without_expiry_or_from_another_issuer_is_refused():
    now = int(datetime.now(timezone.utc).timestamp())
    no_exp = jwt.encode({"sub": str(uuid.uuid4()), "iss": "chatapp", "iat": now}, KEY, algorithm="HS256")
    other_iss = jwt.encode({"sub": str(uuid.uuid4()), "iss": "other", "iat": now, "exp": now + 60},
                           KEY, algorithm="HS256")
    for token in (no_exp, other_iss, "garbage", ""):
        with pytest.raises(security.InvalidToken):
            security.decode_access_token(token, signing_key=KEY)


def test_api_keys_are_random_and_stored_as_sha256():
    key, prefix, digest = security.new_api_key()
    other_key, _, other_digest = security.new_api_key()
    assert key.startswith(security.API_KEY_PREFIX) and key.startswith(prefix)
    assert key != other_key and digest != other_digest
    assert len(digest) == 64 and key not in digest
    assert security.hash_api_key(key) == digest
