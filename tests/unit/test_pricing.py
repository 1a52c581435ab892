"""Exact pricing: Decimal per-1M prices to micro-dollars, cached input, worst-case estimates."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from chatapp.services import pricing
from chatapp.services.catalog import STATIC_MODELS

MODELS = {m.id: m for m in STATIC_MODELS}


def test_cost_is_exact_and_rounded_up_to_a_micro_dollar():
    mini = MODELS["demo-mini"]  # $0.15 in, $0.60 out per 1M
    assert pricing.cost_micros(mini, input_tokens=52, output_tokens=111) == 75  # 74.4 -> 75
    assert pricing.cost_micros(mini, input_tokens=1_000_000, output_tokens=0) == 150_000
    assert pricing.cost_micros(mini, input_tokens=0, output_tokens=0) == 0
    assert pricing.cost_micros(mini, input_tokens=1, output_tokens=0) == 1  # 0.15 rounds up


def test_large_numbers_stay_exact():
    big = MODELS["gpt-5.5"]  # $5 in, $30 out
    cost = pricing.cost_micros(big, input_tokens=123_456_789, output_tokens=98_765_432)
    assert cost == 123_456_789 * 5 + 98_765_432 * 30


def test_cached_tokens_bill_at_the_cached_rate():
    model = MODELS["gpt-5.4-mini"]  # $0.75 in, $0.075 cached, $4.50 out
    full = pricing.cost_micros(model, input_tokens=10_000, output_tokens=0)
    half_cached = pricing.cost_micros(model, input_tokens=10_000, output_tokens=0, cached_tokens=5_000)
    assert full == 7_500
    assert half_cached == 5_000 * Decimal("0.75") + 5_000 * Decimal("0.075") == 4_125
    # A model without a cached price bills cached tokens at the full rate.
    assert pricing.cost_micros(MODELS["demo-mini"], input_tokens=100, output_tokens=0,
                               cached_tokens=100) == 15


def test_worst_case_covers_every_prompt_token_and_a_full_answer():
    mini = MODELS["demo-mini"]
    assert pricing.worst_case_micros(mini, prompt_tokens=52, max_tokens=4000) == 2408  # 7.8 + 2400
    claude = MODELS["claude-haiku-4-5"]  # margin 1.25 for another tokenizer
    assert pricing.worst_case_micros(claude, prompt_tokens=1000, max_tokens=0) == 1250
    no_margin = dataclasses.replace(claude, token_margin=Decimal("1"))
    assert pricing.worst_case_micros(no_margin, prompt_tokens=1000, max_tokens=0) == 1000


def test_worst_case_is_never_below_the_real_cost():
    for model in STATIC_MODELS:
        worst = pricing.worst_case_micros(model, prompt_tokens=500, max_tokens=300)
        for produced in (0, 1, 150, 300):
            assert pricing.cost_micros(model, input_tokens=500, output_tokens=produced) <= worst
