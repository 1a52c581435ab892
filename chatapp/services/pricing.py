"""What a turn costs: exact Decimal arithmetic on catalogue prices, rounded up to micro-dollars."""

from __future__ import annotations

from decimal import ROUND_CEILING, Decimal

from chatapp.services.catalog import ModelSpec
from chatapp.services.money import token_cost_micros


def _ceil(value: Decimal) -> int:
    return int(value.to_integral_value(rounding=ROUND_CEILING))


def cost_micros(model: ModelSpec, *, input_tokens: int, output_tokens: int,
                cached_tokens: int = 0) -> int:
    """The price of a finished completion. Cached prompt tokens bill at the cached rate if any."""
    cached = min(max(cached_tokens, 0), input_tokens) if model.cached_input_price is not None else 0
    total = (token_cost_micros(input_tokens - cached, model.input_price)
             + token_cost_micros(output_tokens, model.output_price))
    if cached:
        total += token_cost_micros(cached, model.cached_input_price)
    return _ceil(total)


def worst_case_micros(model: ModelSpec, *, prompt_tokens: int, max_tokens: int) -> int:
    """The most a request can cost: every prompt token (with the tokenizer margin) and a full answer."""
    prompt = Decimal(prompt_tokens) * model.token_margin
    return _ceil(prompt * model.input_price + token_cost_micros(max_tokens, model.output_price))
