"""Exact money: amounts are stored and compared as integer micro-dollars, shown as Decimal dollars."""

from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

MICROS_PER_DOLLAR = 1_000_000


def dollars_to_micros(amount: Decimal | int | str) -> int:
    """Convert dollars to micro-dollars, rounding any fraction of a micro-dollar up.

    Rounding up means a recorded cost or a reservation is never below what the provider bills.
    """
    if isinstance(amount, float):
        raise TypeError("money must not be a float; pass a Decimal, int or str")
    value = Decimal(amount) * MICROS_PER_DOLLAR
    return int(value.to_integral_value(rounding=ROUND_CEILING))


def micros_to_dollars(micros: int) -> Decimal:
    return Decimal(micros) / MICROS_PER_DOLLAR


def token_cost_micros(tokens: int, price_per_million: Decimal) -> Decimal:
    """Cost of `tokens` at a price in dollars per 1M tokens, in (fractional) micro-dollars.

    A price per 1M tokens in dollars is exactly a price per token in micro-dollars.
    """
    return Decimal(tokens) * price_per_million


def format_usd(micros: int) -> str:
    """A short dollar label: cents for large amounts, four significant decimals for tiny ones."""
    dollars = micros_to_dollars(micros)
    if dollars == 0:
        return "$0.00"
    if abs(dollars) >= Decimal("0.01"):
        return f"${dollars.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP)}"
    return f"${dollars.quantize(Decimal('0.000001'), rounding=ROUND_HALF_UP).normalize():f}"
