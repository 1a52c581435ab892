"""The one chat-turn pipeline. The chat page, POST /api/chat and POST /v1/chat/completions all run
a turn through `run_chat_turn`; no guard logic lives anywhere else.

Steps, in order: authenticate → abuse → rate limit → budget → route → cache → estimate → reserve
→ stream → settle. Steps 1 to 8 run in one worker thread and one database transaction. Every step
before the stream can refuse the turn with a named error, and then nothing is stored or billed
(a reservation is given back). Once the answer streams, the turn always settles (services/turn.py).
"""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass, replace

from sqlmodel import Session

from chatapp.db import run_db
from chatapp.services import abuse_guard, budgets, cache, catalog, llm, ratelimit, tokens
from chatapp.services import guard_steps as steps
from chatapp.services.abuse import Action, Verdict
from chatapp.services.breaker import Permit, get_breaker
from chatapp.services.catalog import ModelSpec
from chatapp.services.errors import (
    AppError,
    EmptyMessage,
    ProviderError,
    ProviderUnavailable,
    ValidationFailed,
)
from chatapp.services.guard_steps import HISTORY_LIMIT, TurnContext, TurnRequest, tier_of
from chatapp.services.guardian import Level
from chatapp.services.turn import (  # re-exported: the surfaces import them from here
    ChatTurn,
    TextDelta,
    TurnEvent,
    TurnPlan,
    TurnSettled,
    cached_stream,
    wait_for_settlements,
)
from chatapp.settings import Settings, get_settings

__all__ = ["HISTORY_LIMIT", "MIN_OUTPUT_TOKENS", "ChatTurn", "TextDelta", "TurnEvent", "TurnPlan",
           "TurnRequest", "TurnSettled", "run_chat_turn", "tier_of", "wait_for_settlements"]

MIN_OUTPUT_TOKENS = steps.MIN_OUTPUT_TOKENS
SOURCES = ("chat", "openai")


async def run_chat_turn(request: TurnRequest, *, settings: Settings | None = None) -> ChatTurn:
    """Run the guard steps and open the answer stream; raise an AppError when a step refuses.

    The returned turn has already received the provider's first event, so a provider that fails
    up front is an error of this call (nothing is stored or billed then).
    """
    settings = settings or get_settings()
    started = time.monotonic()
    message = _validated_message(request)
    guarded = await run_db(_guard, request=request, message=message, settings=settings)
    if guarded.cached is not None:
        turn = await _serve_cached(guarded.context, request, guarded.checked.text, guarded.cached, started,
                                   settings, abuse=guarded.checked.verdict)
    else:
        turn = await _stream(guarded.plan, guarded.context, request, settings, started)  # 9 (10: turn.py)
    turn.rate_headers = ratelimit.headers(guarded.rate)
    return turn


@dataclass(frozen=True)
class _Guarded:
    context: TurnContext
    rate: ratelimit.Decision
    plan: TurnPlan | None = None  # reserved, ready to stream
    cached: cache.CachedAnswer | None = None  # or a saved answer to serve instead
    checked: abuse_guard.Checked | None = None


def _guard(*, session: Session, request: TurnRequest, message: str, settings: Settings) -> _Guarded:
    """Steps 1 to 8 in one worker thread and one transaction: a single hop off the event loop
    and a single commit before the provider is called."""
    context = steps.authenticate(session=session, request=request, settings=settings)  # 1
    checked = steps.check_abuse(session=session, context=context, message=message, settings=settings)  # 2
    rate = steps.check_rate_limit(context, message)  # 3: the input limit applies to what was typed
    message = checked.text
    steps.check_budget(context)  # 4
    model, notices = steps.route(context, request, settings)  # 5
    cached = steps.lookup_cache(session=session, context=context, message=message,
                           repeated=checked.verdict.action == Action.CACHE)  # 6
    if cached is not None:
        return _Guarded(context, rate, cached=cached, checked=checked)
    notices = (*notices, checked.notice) if checked.notice else notices
    plan = replace(steps.estimate(context, model, message, request, settings, notices), abuse=checked.verdict)  # 7
    return _Guarded(context, rate, plan=steps.reserve(session=session, plan=plan, context=context,
                                                 settings=settings), checked=checked)  # 8


def _validated_message(request: TurnRequest) -> str:
    if request.source not in SOURCES:
        raise ValidationFailed(f"Unknown source {request.source!r}.")
    if not isinstance(request.message, str) or not request.message.strip():
        raise EmptyMessage()
    if request.replace_from is not None and (request.conversation_id is None or request.replace_from < 1):
        raise ValidationFailed("Only a message of an existing conversation can be replaced.")
    if request.max_tokens is not None and request.max_tokens < 1:
        raise ValidationFailed("max_tokens must be a positive integer.")
    return request.message.strip()


def _lazy(build):
    yield from build()


def _fallbacks(context: TurnContext, plan: TurnPlan, settings: Settings) -> list[ModelSpec]:
    """Other models of the tier, same class first, cheapest first (mini only when forced)."""
    allowed = [m for m in catalog.models_for_tier(context.tier, settings) if m.id != plan.model.id]
    if context.budget.level >= Level.FORCE_MINI:
        allowed = [m for m in allowed if m.model_class == "mini"]
    return sorted(allowed, key=lambda m: (m.model_class != plan.model.model_class,
                                          m.output_price, m.input_price))


async def _stream(plan: TurnPlan, context: TurnContext, request: TurnRequest, settings: Settings,
                  started: float) -> ChatTurn:
    """Step 9: open the stream, skipping models whose breaker is open and falling back to other
    models of the tier, then to a saved answer, then refusing with PROVIDER_UNAVAILABLE."""
    breaker = get_breaker()
    last_error: ProviderError | None = None
    current = plan
    # The fallbacks are worked out only once the first model has failed (most turns never do).
    candidates = itertools.chain([plan.model], _lazy(lambda: _fallbacks(context, plan, settings)))
    for model in candidates:
        permit = await breaker.allow(model.id)
        if permit == Permit.OPEN:
            continue
        if model.id != current.model.id:
            switched = await _switch_model(current, model, context, request, settings)
            if switched is None:
                continue
            current = switched
        upstream = llm.stream_chat(current.model, current.prompt, max_tokens=current.max_tokens,
                                   settings=settings)
        try:
            first = await anext(upstream)
        except ProviderError as exc:
            last_error = exc
            if not exc.retryable:
                break
            await breaker.record(model.id, ok=False, trial=permit == Permit.TRIAL)
            continue
        await breaker.record(model.id, ok=True, trial=permit == Permit.TRIAL)
        return ChatTurn(current, upstream, first, started=started)
    if current.ticket is not None:
        await run_db(budgets.release, reservation_id=current.ticket.id)
    if last_error is not None and not last_error.retryable:
        raise last_error
    hit = await run_db(_cache_fallback, context=context, message=current.message)
    if hit is not None:
        return await _serve_cached(context, request, current.message, hit, started, settings)
    raise ProviderUnavailable()


def _cache_fallback(*, session: Session, context: TurnContext, message: str) -> cache.CachedAnswer | None:
    if not steps.is_opening(context):
        return None
    return cache.lookup(session=session, user_id=context.account.id, text=message)


async def _switch_model(current: TurnPlan, model: ModelSpec, context: TurnContext,
                        request: TurnRequest, settings: Settings) -> TurnPlan | None:
    """Re-plan for a fallback model; None if it cannot be used (too expensive, over budget)."""
    notice = f"Answered by {model.display_name}: {current.model.display_name} is unavailable right now."
    try:
        fresh = steps.estimate(context, model, current.message, request, settings,
                          (*current.notices, notice))
    except AppError:
        return None
    if fresh.model.id != model.id:  # the cap pushed it to another model, which gets its own turn
        return None
    if current.ticket is not None and fresh.estimated_cost_micros <= current.ticket.amount_micros:
        return replace(fresh, ticket=current.ticket)  # the reservation held already covers it
    try:
        reserved = await run_db(steps.reserve, plan=fresh, context=context, settings=settings)
    except AppError:
        return None
    if current.ticket is not None:
        await run_db(budgets.release, reservation_id=current.ticket.id)
    return reserved


async def _serve_cached(context: TurnContext, request: TurnRequest, message: str,
                        hit: cache.CachedAnswer, started: float, settings: Settings,
                        abuse: Verdict | None = None) -> ChatTurn:
    model = catalog.get_model(hit.model, settings) if hit.model in {
        m.id for m in catalog.all_models(settings)} else catalog.default_model(context.tier, settings)
    plan = TurnPlan(
        user_id=context.account.id, conversation_id=context.conversation_id,
        is_new_conversation=context.is_new_conversation, is_opening=steps.is_opening(context),
        source=request.source, message=message, model=model, prompt=[], prompt_tokens=0,
        user_tokens=tokens.count_text(message, model.encoding), max_tokens=0,
        estimated_cost_micros=0, budget=context.budget, cached=hit, abuse=abuse,
        replace_from=context.replace_from, notices=("A saved answer to the same question, at no cost.",))
    upstream = cached_stream(hit)
    return ChatTurn(plan, upstream, await anext(upstream), started=started)
