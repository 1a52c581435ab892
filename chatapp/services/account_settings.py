"""The settings page's changes to one's own account: name, password, default model and the
style of the system prompt. Every change is validated here, not in the page."""

from __future__ import annotations

import uuid

from sqlmodel import Session, select

from chatapp.models import User, UserProfile, utcnow
from chatapp.services import auth, catalog, security
from chatapp.services.errors import InvalidCredentials, ValidationFailed
from chatapp.services.prompts import SYSTEM_PROMPTS
from chatapp.services.tiers import tier_named
from chatapp.settings import Settings

PROMPT_STYLES = tuple(SYSTEM_PROMPTS)


def _user(session: Session, user_id: uuid.UUID) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise InvalidCredentials()
    return user


def rename(*, session: Session, user_id: uuid.UUID, display_name: str) -> str:
    user = _user(session, user_id)
    user.display_name = auth.clean_display_name(display_name)
    user.updated_at = utcnow()
    session.add(user)
    session.flush()
    return user.display_name


def change_password(*, session: Session, user_id: uuid.UUID, current: str, new: str) -> auth.Account:
    """Check the current password, store the new one, and end every other session (their
    tokens carry the old session epoch). Returns the account to issue this session's new token."""
    user = _user(session, user_id)
    if not security.verify_password(current or "", user.password_hash):
        raise ValidationFailed("The current password is not right.")
    auth.check_new_password(new)
    if new == current:
        raise ValidationFailed("The new password is the same as the current one.")
    user.password_hash = security.hash_password(new)
    user.session_epoch += 1
    user.updated_at = utcnow()
    session.add(user)
    session.flush()
    return auth.account_by_id(session=session, user_id=user_id)


def default_model(*, session: Session, user_id: uuid.UUID) -> str | None:
    return session.exec(select(UserProfile.default_model).where(UserProfile.user_id == user_id)).first()


def set_preferences(*, session: Session, user_id: uuid.UUID, default_model: str | None,
                    system_prompt_style: str, settings: Settings) -> UserProfile:
    """The model new chats start with (one the plan allows; None: the plan's default) and the
    system prompt's style."""
    profile = session.exec(select(UserProfile).where(UserProfile.user_id == user_id)).one()
    if system_prompt_style not in PROMPT_STYLES:
        raise ValidationFailed(f"Unknown answer style {system_prompt_style!r}.")
    if default_model:
        catalog.require_allowed(catalog.get_model(default_model, settings),
                                tier_named(profile.tier, settings.tier_overrides))
    profile.default_model = default_model or None
    profile.system_prompt_style = system_prompt_style
    profile.updated_at = utcnow()
    session.add(profile)
    session.flush()
    return profile
