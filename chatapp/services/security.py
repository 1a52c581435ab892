"""Password hashing (argon2 through passlib), signed access tokens (HS256 JWT) and API-key hashing."""

from __future__ import annotations

import functools
import hashlib
import secrets
import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from jose import ExpiredSignatureError, JWTError, jwt
from passlib.context import CryptContext

JWT_ALGORITHM = "HS256"
TOKEN_ISSUER = "chatapp"
API_KEY_PREFIX = "sk-chat-"

_passwords = CryptContext(schemes=["argon2"], deprecated="auto")


def hash_password(password: str) -> str:
    return _passwords.hash(password)


def verify_password(password: str, password_hash: str) -> bool:
    """True when the password matches; a malformed hash counts as a mismatch, not a crash."""
    try:
        return _passwords.verify(password, password_hash)
    except (ValueError, TypeError):
        return False


# A real hash to verify against when the email is unknown, so that a wrong email and a wrong
# password take the same time and an attacker cannot probe which emails are registered.
_DUMMY_HASH = _passwords.hash(secrets.token_urlsafe(16))


def burn_password_check(password: str) -> None:
    verify_password(password, _DUMMY_HASH)


class InvalidToken(Exception):
    """The token is malformed, tampered with, signed with another key, or expired."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


@dataclass(frozen=True)
class TokenClaims:
    user_id: uuid.UUID
    session_epoch: int
    expires_at: datetime


def create_access_token(*, user_id: uuid.UUID, session_epoch: int, signing_key: str,
                        ttl: timedelta, now: datetime | None = None) -> str:
    issued = now or datetime.now(timezone.utc)
    claims = {
        "sub": str(user_id),
        "ep": session_epoch,
        "iss": TOKEN_ISSUER,
        "iat": int(issued.timestamp()),
        "exp": int((issued + ttl).timestamp()),
    }
    return jwt.encode(claims, signing_key, algorithm=JWT_ALGORITHM)


def decode_access_token(token: str, *, signing_key: str) -> TokenClaims:
    """Verify signature, algorithm, issuer and expiry; raise InvalidToken otherwise."""
    claims, expires = _verified(token, signing_key)
    if expires < int(time.time()):  # as python-jose decides it: whole seconds, no leeway
        raise InvalidToken("expired")
    return claims


@functools.lru_cache(maxsize=4096)
def _verified(token: str, signing_key: str) -> tuple[TokenClaims, int]:
    """The signature and claims of a token, checked once: every turn presents the same token
    again, and verifying it cost a fifth of authenticating. Only tokens that verified are
    remembered (a failure raises, and is not cached); expiry is checked on every use."""
    try:
        claims = jwt.decode(token, signing_key, algorithms=[JWT_ALGORITHM], issuer=TOKEN_ISSUER,
                            options={"require_exp": True, "require_sub": True, "require_iat": True})
    except ExpiredSignatureError as exc:
        raise InvalidToken("expired") from exc
    except JWTError as exc:
        raise InvalidToken("invalid") from exc
    try:
        expires = int(claims["exp"])
        return TokenClaims(
            user_id=uuid.UUID(claims["sub"]),
            session_epoch=int(claims.get("ep", 0)),
            expires_at=datetime.fromtimestamp(expires, timezone.utc),
        ), expires
    except (KeyError, TypeError, ValueError) as exc:
        raise InvalidToken("invalid") from exc


def new_api_key() -> tuple[str, str, str]:
    """A fresh API key: (the key shown once, its display prefix, its stored SHA-256)."""
    key = API_KEY_PREFIX + secrets.token_urlsafe(32)
    return key, key[: len(API_KEY_PREFIX) + 4], hash_api_key(key)


def hash_api_key(key: str) -> str:
    # API keys carry 256 random bits, so a fast hash suffices and keeps per-request auth cheap.
    return hashlib.sha256(key.encode("utf-8")).hexdigest()
