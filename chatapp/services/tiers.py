"""The subscription tiers and their limits: defaults from the design, overridable by TIER_OVERRIDES."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from typing import Any, Mapping

TIER_NAMES = ("free", "starter", "pro", "enterprise")
MODEL_CLASSES = ("mini", "mid", "large")


@dataclasses.dataclass(frozen=True)
class Tier:
    name: str
    display_name: str
    price_per_month: Decimal
    messages_per_day: int
    messages_per_hour: int
    messages_per_conversation: int
    daily_budget: Decimal
    monthly_budget: Decimal
    model_classes: tuple[str, ...]
    priority: bool = False
    # The most one request may cost; None: PER_REQUEST_MAX_COST.
    max_request_cost: Decimal | None = None
    # A user's monthly spend at which everything stops for them and an admin is alerted;
    # None: twice the monthly budget. It only bites when a budget override lifts a user's budget
    # past it, or when spend of unknown outcome (a crashed worker) is charged at worst case.
    emergency_cap: Decimal | None = None
    # Bursts: messages in any 60 seconds, and tokens of the messages sent in any 60 seconds.
    messages_per_minute: int = 5
    tokens_per_minute: int = 40_000

    def allows_class(self, model_class: str) -> bool:
        return model_class in self.model_classes

    @property
    def effective_emergency_cap(self) -> Decimal:
        return self.emergency_cap if self.emergency_cap is not None else self.monthly_budget * 2


_DEFAULT_TIERS: dict[str, Tier] = {
    "free": Tier("free", "Free", Decimal("0"), 20, 10, 50, Decimal("0.50"), Decimal("5"),
                 ("mini",), messages_per_minute=5, tokens_per_minute=40_000),
    "starter": Tier("starter", "Starter", Decimal("9"), 150, 50, 100, Decimal("2"), Decimal("30"),
                    ("mini", "mid"), messages_per_minute=10, tokens_per_minute=100_000),
    "pro": Tier("pro", "Pro", Decimal("29"), 500, 100, 200, Decimal("5"), Decimal("100"),
                MODEL_CLASSES, messages_per_minute=20, tokens_per_minute=250_000),
    "enterprise": Tier("enterprise", "Enterprise", Decimal("99"), 2000, 500, 1000, Decimal("20"),
                       Decimal("400"), MODEL_CLASSES, priority=True, messages_per_minute=60,
                       tokens_per_minute=1_000_000),
}

_DECIMAL_FIELDS = {"price_per_month", "daily_budget", "monthly_budget", "max_request_cost",
                   "emergency_cap"}
_INT_FIELDS = {"messages_per_day", "messages_per_hour", "messages_per_conversation",
               "messages_per_minute", "tokens_per_minute"}


class TierConfigError(ValueError):
    """TIER_OVERRIDES names an unknown tier or field, or gives a value of the wrong kind."""


def build_tiers(overrides: Mapping[str, Mapping[str, Any]] | None = None) -> dict[str, Tier]:
    """The tier table with overrides applied; refuses anything it does not understand."""
    tiers = dict(_DEFAULT_TIERS)
    for name, changes in (overrides or {}).items():
        if name not in tiers:
            raise TierConfigError(f"TIER_OVERRIDES: unknown tier {name!r} (known: {', '.join(TIER_NAMES)})")
        if not isinstance(changes, Mapping):
            raise TierConfigError(f"TIER_OVERRIDES: {name!r} must map field names to values")
        tiers[name] = dataclasses.replace(tiers[name], **{
            field: _coerce(name, field, value) for field, value in changes.items()
        })
    return tiers


def _coerce(tier: str, field: str, value: Any) -> Any:
    where = f"TIER_OVERRIDES.{tier}.{field}"
    if field in _DECIMAL_FIELDS:
        if isinstance(value, float):
            raise TierConfigError(f"{where}: write money as a string, e.g. \"2.50\"")
        try:
            amount = Decimal(str(value))
        except ArithmeticError as exc:
            raise TierConfigError(f"{where}: {value!r} is not an amount") from exc
        if amount < 0:
            raise TierConfigError(f"{where}: must not be negative")
        return amount
    if field in _INT_FIELDS:
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise TierConfigError(f"{where}: must be a non-negative integer")
        return value
    if field == "model_classes":
        classes = tuple(value) if isinstance(value, (list, tuple)) else ()
        if not classes or any(c not in MODEL_CLASSES for c in classes):
            raise TierConfigError(f"{where}: must be a list drawn from {list(MODEL_CLASSES)}")
        return classes
    if field in {"display_name"}:
        return str(value)
    if field == "priority":
        return bool(value)
    raise TierConfigError(f"{where}: unknown field")


def tier_named(name: str, overrides: Mapping[str, Mapping[str, Any]] | None = None) -> Tier:
    """The configured tier of that name; the free tier for an unknown one."""
    tiers = _built(overrides)
    return tiers.get(name) or tiers["free"]


_BUILT: dict[str, dict[str, Tier]] = {}


def _built(overrides: Mapping[str, Mapping[str, Any]] | None) -> dict[str, Tier]:
    """build_tiers, remembered by the overrides' text: every turn looks its tier up, and applying
    the overrides (Decimal parsing, dataclass copies) cost more than the rest of the lookup."""
    if not overrides:
        return _DEFAULT_TIERS
    key = repr(overrides)
    tiers = _BUILT.get(key)
    if tiers is None:
        if len(_BUILT) >= 32:  # settings changed many times (tests): start afresh
            _BUILT.clear()
        tiers = _BUILT[key] = build_tiers(overrides)
    return tiers
