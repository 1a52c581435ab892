"""What administrators can do to the guard: lift emergency stops, raise limits, read alerts."""

from __future__ import annotations

import uuid

from sqlmodel import Session, select

from chatapp.models import User, UserProfile
from chatapp.services import alerts, auth
from chatapp.services.errors import Forbidden, NotFound


def require_admin(account: auth.Account) -> None:
    if not account.is_admin:
        raise Forbidden("This needs an administrator.")


def lift_user_emergency(*, session: Session, user_id: uuid.UUID, emergency_cap_micros: int | None,
                        by: uuid.UUID) -> UserProfile:
    """Let a stopped user chat again, optionally with a new emergency cap."""
    if session.get(User, user_id) is None:
        raise NotFound("No such user.")
    profile = session.exec(select(UserProfile).where(UserProfile.user_id == user_id)).first()
    if profile is None:
        raise NotFound("No such user.")
    profile.emergency_stopped_at = None
    if emergency_cap_micros is not None:
        profile.emergency_cap_micros = emergency_cap_micros
    session.add(profile)
    alerts.resolve_alerts(session=session, kind="user_emergency_stop", subject=str(user_id), by=by)
    return profile
