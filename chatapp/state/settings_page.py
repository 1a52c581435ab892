"""The settings page's state: profile (name, password), preferences (default model, answer
style) and today's and this month's usage with what remains."""

from __future__ import annotations

import reflex as rx
from sqlmodel import select

from chatapp.models import UserProfile
from chatapp.services import account_settings, auth, catalog, guardian
from chatapp.services.errors import AppError
from chatapp.services.money import format_usd
from chatapp.services.tiers import tier_named
from chatapp.settings import get_settings
from chatapp.state.chat import ModelOption
from chatapp.state.session import SessionState, run_as_user

STYLE_LABELS = {"standard": "Standard: clear and complete", "concise": "Concise: as short as helpful"}
PLAN_DEFAULT = "plan-default"  # the select's value for "no preference"


def _period(spent: int, reserved: int, budget: int) -> str:
    left = max(0, budget - spent - reserved)
    return f"{format_usd(spent)} spent of {format_usd(budget)} · {format_usd(left)} left"


def _snapshot(*, session, user_id):
    account = auth.account_by_id(session=session, user_id=user_id)
    profile = session.exec(select(UserProfile).where(UserProfile.user_id == user_id)).one()
    report = guardian.usage_report(session=session, account=account, settings=get_settings())
    snap, limits = report.state.snapshot, report.state.limits
    return (account.display_name, profile.default_model, profile.system_prompt_style,
            _period(snap.day_spent, snap.day_reserved, limits.day_micros),
            _period(snap.month_spent, snap.month_reserved, limits.month_micros), report.message)


class SettingsState(rx.State):
    display_name: str = ""
    default_model: str = PLAN_DEFAULT
    style: str = "standard"
    model_options: list[ModelOption] = []
    style_options: list[ModelOption] = [ModelOption(k, v) for k, v in STYLE_LABELS.items()]
    today: str = ""
    month: str = ""
    level_message: str = ""
    profile_notice: str = ""
    password_notice: str = ""
    password_error: str = ""
    preferences_notice: str = ""
    error: str = ""

    async def _token(self) -> str:
        return (await self.get_state(SessionState)).token

    @rx.event
    async def load(self):
        session = await self.get_state(SessionState)
        if not session.is_authenticated:
            return
        settings = get_settings()
        tier = tier_named(session.tier, settings.tier_overrides)
        self.model_options = [ModelOption(PLAN_DEFAULT, "The plan's default"),
                              *[ModelOption(m.id, m.display_name) for m in catalog.models_for_tier(tier, settings)]]
        (self.display_name, model, self.style, self.today, self.month,
         self.level_message) = await run_as_user(session.token, _snapshot)
        self.default_model = model or PLAN_DEFAULT
        self.profile_notice = self.password_notice = self.password_error = self.preferences_notice = ""
        self.error = ""

    @rx.event
    async def save_profile(self, form: dict):
        self.profile_notice, self.error = "", ""
        try:
            name = await run_as_user(await self._token(), account_settings.rename,
                                     display_name=form.get("display_name") or "")
        except AppError as exc:
            self.error = exc.message
            return
        self.display_name, self.profile_notice = name, "Saved."
        session = await self.get_state(SessionState)
        session.display_name = name

    @rx.event
    async def change_password(self, form: dict):
        self.password_notice, self.password_error = "", ""
        if (form.get("new_password") or "") != (form.get("confirm_password") or ""):
            self.password_error = "The new password and its confirmation differ."
            return
        try:
            account = await run_as_user(await self._token(), account_settings.change_password,
                                        current=form.get("current_password") or "",
                                        new=form.get("new_password") or "")
        except AppError as exc:
            self.password_error = exc.message
            return
        session = await self.get_state(SessionState)
        session.start_session(account)  # a fresh token: the old ones no longer work anywhere
        self.password_notice = "Password changed. Other devices are signed out."
        return [rx.set_value(name, "") for name in ("current_password", "new_password", "confirm_password")]

    @rx.event
    async def save_preferences(self, form: dict):
        self.preferences_notice, self.error = "", ""
        model = form.get("default_model") or self.default_model
        style = form.get("style") or self.style
        try:
            await run_as_user(await self._token(), account_settings.set_preferences,
                              default_model=None if model == PLAN_DEFAULT else model,
                              system_prompt_style=style, settings=get_settings())
        except AppError as exc:
            self.error = exc.message
            return
        self.default_model, self.style, self.preferences_notice = model, style, "Saved."

