"""Exact money conversions and the tier table with its overrides."""

from __future__ import annotations

from decimal import Decimal

import pytest

from chatapp.services.money import dollars_to_micros, format_usd, micros_to_dollars, token_cost_micros
from chatapp.services.tiers import TierConfigError, build_tiers


def test_dollars_round_trip_through_micros_exactly():
    assert dollars_to_micros(Decimal("0.10")) == 100_000
    assert dollars_to_micros("5") == 5_000_000
    assert micros_to_dollars(123_456) == Decimal("0.123456")


def test_fractions_of_a_micro_dollar_round_up_never_down():
    assert dollars_to_micros(Decimal("0.0000001")) == 1
    assert dollars_to_micros(Decimal("0.0000010001")) == 2


def test_floats_are_refused_as_money():
    with pytest.raises(TypeError):
        dollars_to_micros(0.1)  # type: ignore[arg-type]


def test_token_cost_uses_the_per_million_price_exactly():
    # gpt-4o-mini input: $0.15 per 1M tokens = 0.15 micro-dollars per token.
    assert token_cost_micros(1000, Decimal("0.15")) == Decimal("150")
    assert token_cost_micros(7, Decimal("0.15")) == Decimal("1.05")


@pytest.mark.parametrize(("micros", "label"), [
    (0, "$0.00"), (400, "$0.0004"), (12_345, "$0.01"), (5_000_000, "$5.00"), (1, "$0.000001"),
])
def test_usd_labels(micros, label):
    assert format_usd(micros) == label


def test_default_tiers_follow_the_design():
    tiers = build_tiers()
    assert list(tiers) == ["free", "starter", "pro", "enterprise"]
    assert tiers["free"].daily_budget == Decimal("0.50")
    assert tiers["free"].messages_per_day == 20
    assert tiers["free"].model_classes == ("mini",)
    assert tiers["starter"].allows_class("mid") and not tiers["starter"].allows_class("large")
    assert tiers["enterprise"].monthly_budget == Decimal("400") and tiers["enterprise"].priority


def test_overrides_change_only_what_they_name():
    tiers = build_tiers({"free": {"daily_budget": "1.25", "messages_per_day": 40}})
    assert tiers["free"].daily_budget == Decimal("1.25")
    assert tiers["free"].messages_per_day == 40
    assert tiers["free"].monthly_budget == Decimal("5")
    assert tiers["pro"] == build_tiers()["pro"]


@pytest.mark.parametrize(("overrides", "message"), [
    ({"platinum": {}}, "unknown tier"),
    ({"free": {"colour": "red"}}, "unknown field"),
    ({"free": {"daily_budget": 1.5}}, "write money as a string"),
    ({"free": {"daily_budget": "-1"}}, "negative"),
    ({"free": {"messages_per_day": "many"}}, "non-negative integer"),
    ({"free": {"model_classes": ["huge"]}}, "must be a list"),
])
def test_bad_overrides_are_refused_with_a_clear_message(overrides, message):
    with pytest.raises(TierConfigError, match=message):
        build_tiers(overrides)
