"""Accounts: sign-up, log-in, access tokens, the current user, and the bootstrap administrator."""

from __future__ import annotations

import math
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import sqlalchemy as sa
from email_validator import EmailNotValidError, validate_email
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from chatapp.models import ApiKey, User, UserProfile, utcnow
from chatapp.services import security
from chatapp.services.errors import (
    EmailAlreadyRegistered,
    InvalidCredentials,
    NotAuthenticated,
    UserSuspended,
    ValidationFailed,
)
from chatapp.services.login_throttle import LoginThrottle

PASSWORD_MIN_LENGTH = 8
PASSWORD_MAX_LENGTH = 128
EMAIL_MAX_LENGTH = 254
DISPLAY_NAME_MAX_LENGTH = 100
ROLES = ("user", "admin")


@dataclass(frozen=True)
class Account:
    """What the rest of the app may know about a signed-in user (never the password hash)."""

    id: uuid.UUID
    email: str
    display_name: str
    role: str
    tier: str
    session_epoch: int = 0
    profile_id: uuid.UUID | None = None

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


@dataclass(frozen=True)
class ProfileSettings:
    """The profile values a request acts on (plan, budgets, preferences, emergency stop), read
    as plain values in the same query as the user: every chat turn needs them, none changes them."""

    id: uuid.UUID
    tier: str
    daily_budget_micros: int | None
    monthly_budget_micros: int | None
    emergency_cap_micros: int | None
    emergency_stopped_at: datetime | None
    system_prompt_style: str
    default_model: str | None
    cache_aggressiveness: str
    daily_token_limit: int

    @classmethod
    def of(cls, profile: UserProfile) -> ProfileSettings:
        return cls(**{name: getattr(profile, name) for name in _PROFILE_FIELDS})


@dataclass(frozen=True)
class _Identity:
    id: uuid.UUID
    email: str
    display_name: str
    role: str
    session_epoch: int
    suspended_until: datetime | None


_PROFILE_FIELDS = tuple(ProfileSettings.__dataclass_fields__)
_USERS, _PROFILES = User.__table__, UserProfile.__table__
# Core, built once: authentication runs on every request, and the ORM's per-row objects cost
# more than the query itself (a third of a millisecond here).
_IDENTIFY = (sa.select(*(_USERS.c[name] for name in _Identity.__dataclass_fields__),
                       *(_PROFILES.c[name].label(f"p_{name}") for name in _PROFILE_FIELDS))
             .select_from(_USERS.outerjoin(_PROFILES, _PROFILES.c.user_id == _USERS.c.id))
             .where(_USERS.c.id == sa.bindparam("user_id")))


@dataclass(frozen=True)
class IssuedToken:
    token: str
    expires_at: datetime


def normalize_email(raw: str) -> str:
    """A syntactically valid, lower-cased address, checked without any DNS lookup."""
    candidate = (raw or "").strip()
    if not candidate:
        raise ValidationFailed("Enter your email address.")
    if len(candidate) > EMAIL_MAX_LENGTH:
        raise ValidationFailed(f"The email address is longer than {EMAIL_MAX_LENGTH} characters.")
    try:
        result = validate_email(candidate, check_deliverability=False)
    except EmailNotValidError as exc:
        raise ValidationFailed(f"That email address is not valid: {exc}") from exc
    return result.normalized.lower()


def check_new_password(password: str) -> None:
    if len(password or "") < PASSWORD_MIN_LENGTH:
        raise ValidationFailed(f"The password must have at least {PASSWORD_MIN_LENGTH} characters.")
    if len(password) > PASSWORD_MAX_LENGTH:
        raise ValidationFailed(f"The password must have at most {PASSWORD_MAX_LENGTH} characters.")


def clean_display_name(raw: str | None) -> str:
    name = (raw or "").strip()
    if len(name) > DISPLAY_NAME_MAX_LENGTH:
        raise ValidationFailed(f"The name must have at most {DISPLAY_NAME_MAX_LENGTH} characters.")
    return name


def sign_up(*, session: Session, email: str, password: str, display_name: str = "",
            role: str = "user") -> Account:
    """Create a user and their profile in one transaction, or neither."""
    address = normalize_email(email)
    check_new_password(password)
    name = clean_display_name(display_name)
    if role not in ROLES:
        raise ValidationFailed(f"Unknown role {role!r}.")
    if session.exec(select(User.id).where(User.email == address)).first() is not None:
        raise EmailAlreadyRegistered()
    user = User(email=address, password_hash=security.hash_password(password), display_name=name,
                role=role)
    profile = UserProfile(user_id=user.id)
    try:
        # A savepoint: a concurrent sign-up with the same email fails here without
        # poisoning the caller's transaction.
        with session.begin_nested():
            session.add(user)
            session.flush()
            session.add(profile)
            session.flush()
    except IntegrityError as exc:
        raise EmailAlreadyRegistered() from exc
    return _account(user, profile)


def log_in(*, session: Session, email: str, password: str, ip: str | None,
           throttle: LoginThrottle) -> Account:
    """Check the credentials; one generic error for a wrong email or a wrong password."""
    try:
        address = normalize_email(email)
    except ValidationFailed:
        security.burn_password_check(password or "")
        raise InvalidCredentials() from None
    throttle.check(email=address, ip=ip)
    user = session.exec(select(User).where(User.email == address)).first()
    if user is None:
        security.burn_password_check(password or "")
        throttle.record_failure(email=address, ip=ip)
        raise InvalidCredentials()
    if not security.verify_password(password or "", user.password_hash):
        throttle.record_failure(email=address, ip=ip)
        raise InvalidCredentials()
    throttle.record_success(email=address)
    _refuse_if_suspended(user)
    user.last_login_at = utcnow()
    session.add(user)
    return _account(user, _profile(session, user.id))


def issue_token(account: Account, *, signing_key: str, ttl: timedelta) -> IssuedToken:
    now = datetime.now(timezone.utc)
    token = security.create_access_token(user_id=account.id, session_epoch=account.session_epoch,
                                         signing_key=signing_key, ttl=ttl, now=now)
    return IssuedToken(token=token, expires_at=now + ttl)


def account_from_token(*, session: Session, token: str, signing_key: str) -> Account:
    """The account a bearer token belongs to, if the token is valid and the user may act."""
    return _token_identity(session, token, signing_key)[0]


def _token_identity(session: Session, token: str, signing_key: str) -> tuple[Account, ProfileSettings]:
    if not token:
        raise NotAuthenticated()
    try:
        claims = security.decode_access_token(token, signing_key=signing_key)
    except security.InvalidToken as exc:
        raise _token_refusal(exc) from exc
    return _identified(session, claims.user_id, session_epoch=claims.session_epoch)


def _identified(session: Session, user_id: uuid.UUID, *,
                session_epoch: int | None = None) -> tuple[Account, ProfileSettings]:
    """The account and its profile settings, if the user exists, the session (when a token
    names one) is current, and the user is not suspended."""
    loaded = _user_and_profile(session, user_id)
    if loaded is None or (session_epoch is not None and loaded[0].session_epoch != session_epoch):
        raise NotAuthenticated("Your session has ended. Please log in again.")
    _refuse_if_suspended(loaded[0])
    return _account(*loaded), loaded[1]


def account_from_credential(*, session: Session, credential: str, signing_key: str) -> Account:
    """The account behind a bearer credential: an access token or a personal API key."""
    return identify(session=session, credential=credential, signing_key=signing_key)[0]


def identify(*, session: Session, credential: str, signing_key: str) -> tuple[Account, ProfileSettings]:
    """The account behind a bearer credential and its profile (the chat pipeline needs both)."""
    if credential.startswith(security.API_KEY_PREFIX):
        return _api_key_identity(session, credential)
    return _token_identity(session, credential, signing_key)


_API_KEY_TOUCH_INTERVAL = timedelta(minutes=5)


def account_from_api_key(*, session: Session, key: str) -> Account:
    return _api_key_identity(session, key)[0]


def _api_key_identity(session: Session, key: str) -> tuple[Account, ProfileSettings]:
    row = session.exec(select(ApiKey).where(ApiKey.key_hash == security.hash_api_key(key),
                                            ApiKey.revoked_at.is_(None))).first()
    loaded = _user_and_profile(session, row.user_id) if row is not None else None
    if row is None or loaded is None:
        raise NotAuthenticated("Unknown or revoked API key.")
    _refuse_if_suspended(loaded[0])
    now = utcnow()
    # Recording every use would make each request a write; a few minutes' precision is enough.
    if row.last_used_at is None or now - row.last_used_at > _API_KEY_TOUCH_INTERVAL:
        row.last_used_at = now
        session.add(row)
    return _account(*loaded), loaded[1]


def _token_refusal(exc: security.InvalidToken) -> NotAuthenticated:
    return NotAuthenticated("Your session has expired. Please log in again." if exc.reason == "expired"
                            else "Please log in.")


def create_api_key(*, session: Session, user_id: uuid.UUID, name: str) -> tuple[str, ApiKey]:
    """A new key for the user: (the key, shown once, never stored; its stored row)."""
    label = (name or "").strip()
    if not label or len(label) > 100:
        raise ValidationFailed("Give the key a name of 1 to 100 characters.")
    key, prefix, digest = security.new_api_key()
    row = ApiKey(user_id=user_id, name=label, prefix=prefix, key_hash=digest)
    session.add(row)
    session.flush()
    return key, row


def ensure_admin(*, session: Session, email: str, password: str | None) -> Account:
    """Promote the user with this email to admin, creating them first if a password is given."""
    address = normalize_email(email)
    user = session.exec(select(User).where(User.email == address)).first()
    if user is None:
        if not password:
            raise ValidationFailed(f"No user {address}; give a password to create them.")
        return sign_up(session=session, email=address, password=password, role="admin")
    if user.role != "admin":
        user.role = "admin"
        user.updated_at = utcnow()
        session.add(user)
    return _account(user, _profile(session, user.id))


def _refuse_if_suspended(user: User | _Identity) -> None:
    if user.suspended_until is None:
        return
    left = (user.suspended_until - utcnow()).total_seconds()
    if left <= 0:
        return
    raise UserSuspended(f"This account is suspended for {_duration(left)} more.",
                        retry_after=math.ceil(left))


def _duration(seconds: float) -> str:
    minutes = math.ceil(seconds / 60)
    if minutes < 120:
        return f"{minutes} minute{'s' if minutes != 1 else ''}"
    hours = math.ceil(minutes / 60)
    if hours < 72:
        return f"{hours} hours"
    return f"{math.ceil(hours / 24)} days"


def account_by_id(*, session: Session, user_id: uuid.UUID) -> Account:
    loaded = _user_and_profile(session, user_id)
    if loaded is None:
        raise InvalidCredentials()
    return _account(*loaded)


def _user_and_profile(session: Session, user_id: uuid.UUID) -> tuple[_Identity, ProfileSettings] | None:
    """The user and their profile in one query (every authenticated request does this)."""
    if session.new or session.dirty:  # as an ORM query would: read this transaction's changes
        session.flush()
    row = session.connection().execute(_IDENTIFY, {"user_id": user_id}).first()
    if row is None:
        return None
    values = row._mapping
    user = _Identity(**{name: values[name] for name in _Identity.__dataclass_fields__})
    if values["p_id"] is None:
        return user, ProfileSettings.of(_profile(session, user.id))
    return user, ProfileSettings(**{name: values[f"p_{name}"] for name in _PROFILE_FIELDS})


def _profile(session: Session, user_id: uuid.UUID) -> UserProfile:
    profile = session.exec(select(UserProfile).where(UserProfile.user_id == user_id)).first()
    if profile is None:  # users created before profiles existed, or by hand
        profile = UserProfile(user_id=user_id)
        session.add(profile)
        session.flush()
    return profile


def _account(user: User | _Identity, profile: UserProfile | ProfileSettings) -> Account:
    return Account(id=user.id, email=user.email, display_name=user.display_name, role=user.role,
                   tier=profile.tier, session_epoch=user.session_epoch, profile_id=profile.id)
