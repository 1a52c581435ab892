"""The cost guardian's policy: a user's budgets, the degradation ladder and the emergency stops.

The atomic part (reserving and settling money) lives in services/budgets.py; the pipeline calls
both, and nothing else does.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import TYPE_CHECKING
from decimal import ROUND_DOWN, Decimal

from chatapp.models import UserProfile
from chatapp.services.alerts import Controls
from chatapp.services.budgets import Limits, Refusal, Snapshot
from chatapp.services.errors import (
    AppError,
    DailyLimitExceeded,
    EmergencyStop,
    MonthlyLimitExceeded,
    UserEmergencyStop,
)
from chatapp.services.money import dollars_to_micros, format_usd, micros_to_dollars
from chatapp.services.tiers import Tier
from chatapp.settings import Settings

if TYPE_CHECKING:
    from chatapp.services.auth import ProfileSettings

UPGRADE_URL = "/pricing"


class Level(enum.IntEnum):
    """Degradation levels; each one keeps the measures of the levels below it."""

    NORMAL = 0
    PREFER_CACHE = 1  # serve a saved answer when there is one
    FORCE_MINI = 2  # the cheapest adequate model
    WARN = 3  # a banner with an upgrade link
    SUMMARY_ONLY = 4  # a summary as context and short answers
    CACHE_ONLY = 5  # only saved answers
    BLOCKED = 6  # nothing until the budget resets


LADDER: tuple[tuple[Decimal, Level], ...] = (
    (Decimal("1.00"), Level.BLOCKED),
    (Decimal("0.95"), Level.CACHE_ONLY),
    (Decimal("0.85"), Level.SUMMARY_ONLY),
    (Decimal("0.80"), Level.WARN),
    (Decimal("0.70"), Level.FORCE_MINI),
    (Decimal("0.50"), Level.PREFER_CACHE),
)

SUMMARY_MODE_MAX_TOKENS = 400

_MEASURES = {
    Level.NORMAL: "",
    Level.PREFER_CACHE: "saved answers are reused when possible",
    Level.FORCE_MINI: "answers now use a lighter model",
    Level.WARN: "answers now use a lighter model",
    Level.SUMMARY_ONLY: "answers are short and use a summary of the conversation",
    Level.CACHE_ONLY: "only saved answers are available",
    Level.BLOCKED: "new answers are paused",
}


def limits_for(*, tier: Tier, profile: UserProfile | ProfileSettings | None, settings: Settings,
               controls: Controls, is_admin: bool) -> Limits:
    """The budgets that hold for this user now: tier defaults, their overrides, the platform's."""
    def override(value: int | None, default: Decimal) -> int:
        return value if value is not None else dollars_to_micros(default)

    platform = (controls.monthly_budget_micros if controls.monthly_budget_micros is not None
                else dollars_to_micros(settings.platform_monthly_budget))
    return Limits(
        day_micros=override(profile.daily_budget_micros if profile else None, tier.daily_budget),
        month_micros=override(profile.monthly_budget_micros if profile else None, tier.monthly_budget),
        emergency_micros=override(profile.emergency_cap_micros if profile else None,
                                  tier.effective_emergency_cap),
        # Admins are not stopped by the platform budget (their spend still counts towards it).
        platform_micros=None if is_admin else platform,
    )


def request_cap_micros(tier: Tier, settings: Settings) -> int:
    cap = tier.max_request_cost if tier.max_request_cost is not None else settings.per_request_max_cost
    return dollars_to_micros(cap)


def _ratio(used: int, limit: int) -> Decimal:
    if limit <= 0:
        return Decimal(1)
    return (Decimal(used) / Decimal(limit)).quantize(Decimal("0.0001"), rounding=ROUND_DOWN)


@dataclass(frozen=True)
class BudgetState:
    limits: Limits
    snapshot: Snapshot

    @property
    def day_ratio(self) -> Decimal:
        return _ratio(self.snapshot.day_committed, self.limits.day_micros)

    @property
    def month_ratio(self) -> Decimal:
        return _ratio(self.snapshot.month_committed, self.limits.month_micros)

    @property
    def ratio(self) -> Decimal:
        return max(self.day_ratio, self.month_ratio)

    @property
    def driver(self) -> str:
        """Which budget sets the level: "day" or "month"."""
        return "month" if self.month_ratio > self.day_ratio else "day"

    @property
    def level(self) -> Level:
        ratio = self.ratio
        return next((level for threshold, level in LADDER if ratio >= threshold), Level.NORMAL)

    @property
    def message(self) -> str:
        """The level in words, as the chat page shows it."""
        level = self.level
        if level == Level.NORMAL:
            return ""
        period = "today's" if self.driver == "day" else "this month's"
        reset = "midnight UTC" if self.driver == "day" else "the 1st of the month (UTC)"
        percent = min(int(self.ratio * 100), 100)
        if level == Level.BLOCKED:
            return f"You have used {period} budget. It resets at {reset}; upgrade for more."
        text = f"{percent}% of {period} budget used — {_MEASURES[level]}."
        if level >= Level.WARN:
            text += f" It resets at {reset}; upgrade for more."
        return text

    def refusal(self) -> AppError:
        """The error for a turn the budget does not allow (blocked, or cache-only without a hit)."""
        error = DailyLimitExceeded if self.driver == "day" else MonthlyLimitExceeded
        return error(self.message, upgrade_url=UPGRADE_URL)


def refusal_error(refusal: Refusal, *, limits: Limits) -> AppError:
    """The error for a reservation that did not fit."""
    if refusal == Refusal.DAY:
        return DailyLimitExceeded(
            f"This answer could cost more than what is left of today's budget "
            f"({format_usd(limits.day_micros)}). It resets at midnight UTC; upgrade for more.",
            upgrade_url=UPGRADE_URL)
    if refusal == Refusal.MONTH:
        return MonthlyLimitExceeded(
            f"This answer could cost more than what is left of this month's budget "
            f"({format_usd(limits.month_micros)}). Upgrade for more.", upgrade_url=UPGRADE_URL)
    if refusal == Refusal.EMERGENCY:
        return user_emergency_error()
    return platform_stop_error()


def user_emergency_error() -> AppError:
    return UserEmergencyStop()


def platform_stop_error() -> AppError:
    return EmergencyStop("The service reached its spending limit, so chat is paused for now. "
                         "An administrator has been notified.")


@dataclass(frozen=True)
class UsageReport:
    """A user's spend against their budgets, for GET /api/usage and the chat page."""

    tier: Tier
    state: BudgetState
    emergency_stopped: bool
    platform_stopped: bool

    @property
    def message(self) -> str:
        if self.emergency_stopped:
            return UserEmergencyStop.default_message
        if self.platform_stopped:
            return platform_stop_error().message
        return self.state.message

    def to_dict(self) -> dict:
        snap, limits = self.state.snapshot, self.state.limits

        def period(spent: int, reserved: int, budget: int) -> dict:
            return {"spent": str(micros_to_dollars(spent)), "reserved": str(micros_to_dollars(reserved)),
                    "budget": str(micros_to_dollars(budget)),
                    "remaining": str(micros_to_dollars(max(0, budget - spent - reserved)))}

        level = self.state.level
        return {
            "tier": self.tier.name,
            "level": level.name.lower(),
            "level_ratio": str(self.state.ratio),
            "message": self.message,
            "upgrade_url": UPGRADE_URL if level >= Level.WARN else None,
            "today": period(snap.day_spent, snap.day_reserved, limits.day_micros),
            "month": period(snap.month_spent, snap.month_reserved, limits.month_micros),
            "emergency_stopped": self.emergency_stopped,
            "platform_stopped": self.platform_stopped,
        }


def usage_report(*, session, account, settings: Settings) -> UsageReport:
    """The report for one signed-in account, read in one transaction."""
    from sqlmodel import select

    from chatapp.services import alerts, budgets
    from chatapp.services.tiers import build_tiers
    from chatapp.services.usage import today

    tiers = build_tiers(settings.tier_overrides)
    tier = tiers.get(account.tier) or tiers["free"]
    profile = session.exec(select(UserProfile).where(UserProfile.user_id == account.id)).first()
    controls = alerts.controls(session=session)
    limits = limits_for(tier=tier, profile=profile, settings=settings, controls=controls,
                        is_admin=account.is_admin)
    snapshot = budgets.snapshot(session=session, user_id=account.id, day=today())
    return UsageReport(tier=tier, state=BudgetState(limits, snapshot),
                       emergency_stopped=bool(profile and profile.emergency_stopped_at),
                       platform_stopped=controls.stopped_at is not None and not account.is_admin)


def usage_report_for_credential(*, session, credential: str, settings: Settings) -> UsageReport:
    from chatapp.services import auth

    account = auth.account_from_credential(session=session, credential=credential,
                                           signing_key=settings.signing_key())
    return usage_report(session=session, account=account, settings=settings)
