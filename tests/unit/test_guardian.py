"""The guardian's policy: the degradation ladder, limits, and fitting under the per-request cap."""

from __future__ import annotations

from decimal import Decimal

import pytest

from chatapp.models import PlatformControls, UserProfile
from chatapp.services import guardian, prompting
from chatapp.services.budgets import Limits, Snapshot
from chatapp.services.catalog import STATIC_MODELS
from chatapp.services.errors import DailyLimitExceeded, MessageTooLong, MonthlyLimitExceeded, RequestTooExpensive
from chatapp.services.guardian import BudgetState, Level
from chatapp.services.tiers import build_tiers
from chatapp.settings import Settings

TIERS = build_tiers()
MODELS = {m.id: m for m in STATIC_MODELS}
LIMITS = Limits(day_micros=500_000, month_micros=5_000_000, emergency_micros=10_000_000,
                platform_micros=100_000_000)


def state(day_spent: int = 0, month_spent: int | None = None, day_reserved: int = 0) -> BudgetState:
    month = day_spent if month_spent is None else month_spent
    return BudgetState(LIMITS, Snapshot(day_spent=day_spent, day_reserved=day_reserved,
                                        month_spent=month))


@pytest.mark.parametrize(("spent", "level"), [
    (0, Level.NORMAL), (249_999, Level.NORMAL), (250_000, Level.PREFER_CACHE),
    (349_999, Level.PREFER_CACHE), (350_000, Level.FORCE_MINI), (400_000, Level.WARN),
    (425_000, Level.SUMMARY_ONLY), (475_000, Level.CACHE_ONLY), (500_000, Level.BLOCKED),
    (900_000, Level.BLOCKED),
])
def test_ladder_thresholds(spent, level):
    assert state(spent).level == level


def test_reserved_money_counts_towards_the_level():
    assert state(200_000, day_reserved=200_000).level == Level.WARN


def test_the_larger_of_day_and_month_sets_the_level():
    by_month = state(day_spent=10_000, month_spent=4_300_000)  # 2% of the day, 86% of the month
    assert by_month.driver == "month" and by_month.level == Level.SUMMARY_ONLY
    assert "this month's budget" in by_month.message
    assert isinstance(BudgetState(LIMITS, Snapshot(month_spent=5_000_000)).refusal(), MonthlyLimitExceeded)
    assert isinstance(state(500_000, month_spent=500_000).refusal(), DailyLimitExceeded)


def test_levels_in_words():
    assert state(0).message == ""
    assert state(410_000).message == ("82% of today's budget used — answers now use a lighter model. "
                                      "It resets at midnight UTC; upgrade for more.")
    assert "only saved answers" in state(480_000).message
    assert state(500_000).message.startswith("You have used today's budget.")
    assert state(260_000).message == "52% of today's budget used — saved answers are reused when possible."


def test_a_zero_budget_blocks():
    assert BudgetState(Limits(0, 5_000_000, 10_000_000, None), Snapshot()).level == Level.BLOCKED


def test_limits_come_from_the_tier_then_overrides_then_controls():
    settings = Settings(_env_file=None, platform_monthly_budget=Decimal("250"))
    plain = guardian.limits_for(tier=TIERS["free"], profile=None, settings=settings,
                                controls=PlatformControls(), is_admin=False)
    assert plain == Limits(500_000, 5_000_000, 10_000_000, 250_000_000)
    profile = UserProfile(daily_budget_micros=1_000_000, emergency_cap_micros=7_000_000)
    overridden = guardian.limits_for(tier=TIERS["free"], profile=profile, settings=settings,
                                     controls=PlatformControls(monthly_budget_micros=900_000_000),
                                     is_admin=False)
    assert overridden == Limits(1_000_000, 5_000_000, 7_000_000, 900_000_000)
    admin = guardian.limits_for(tier=TIERS["pro"], profile=None, settings=settings,
                                controls=PlatformControls(), is_admin=True)
    assert admin.platform_micros is None and admin.month_micros == 100_000_000


def test_request_cap_per_tier():
    settings = Settings(_env_file=None)
    assert guardian.request_cap_micros(TIERS["free"], settings) == 100_000
    custom = build_tiers({"enterprise": {"max_request_cost": "0.50"}})
    assert guardian.request_cap_micros(custom["enterprise"], settings) == 500_000


def request(message="hello", history=(), cap=4000, requested=None) -> prompting.PromptRequest:
    return prompting.PromptRequest(message=message, history=list(history), system_style="standard",
                                   response_cap=cap, requested_max=requested)


def test_a_cheap_request_keeps_its_full_answer_length():
    prompt = prompting.build(MODELS["demo-mini"], request(), cap_micros=100_000)
    assert prompt.max_tokens == 4000 and prompt.worst_case_micros < 100_000


def test_the_cap_first_shortens_the_answer():
    expensive = MODELS["gpt-5.5"]  # $30 per 1M output: 4000 tokens would be $0.12
    prompt = prompting.build(expensive, request(), cap_micros=100_000)
    assert prompting.MIN_OUTPUT_TOKENS <= prompt.max_tokens < 4000
    assert prompt.worst_case_micros <= 100_000 and prompt.history_dropped == 0


def test_the_cap_then_drops_old_history():
    # ~24k history tokens cost $0.12 of input on gpt-5.5: over the cap before any answer.
    history = [{"role": "user", "content": "words " * 8000}, {"role": "assistant", "content": "ok"}] * 3
    prompt = prompting.build(MODELS["gpt-5.5"], request(history=history), cap_micros=100_000)
    assert prompt.history_dropped > 0 and prompt.worst_case_micros <= 100_000
    assert prompt.messages[-1] == {"role": "user", "content": "hello"}


def test_the_cap_then_picks_a_cheaper_model_or_refuses():
    long_message = "words " * 40_000  # ~40k tokens: $0.20 of input on gpt-5.5 alone
    chosen = prompting.fit([MODELS["gpt-5.5"], MODELS["gpt-5.4-nano"]], request(long_message), 100_000)
    assert chosen.model.id == "gpt-5.4-nano" and chosen.worst_case_micros <= 100_000
    with pytest.raises(RequestTooExpensive, match=r"\$0.10 allowed per request"):
        prompting.fit([MODELS["gpt-5.5"]], request(long_message), 100_000)


def test_a_message_larger_than_the_context_is_refused():
    with pytest.raises(MessageTooLong, match="accepts at most"):
        prompting.build(MODELS["gpt-3.5-turbo"], request("word " * 20_000))


def test_summary_mode_replaces_history_by_a_short_summary():
    history = [{"role": "user", "content": "How do I bake bread? I have flour and yeast. " * 20},
               {"role": "assistant", "content": "Mix flour, water, salt and yeast. Knead well. " * 30}]
    summary = prompting.summary_history(history)
    assert len(summary) == 1 and summary[0]["role"] == "system"
    assert "- user: How do I bake bread?" in summary[0]["content"]
    assert len(summary[0]["content"]) < 400
    assert prompting.summary_history([]) == []
