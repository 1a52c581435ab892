"""The one chat-turn pipeline. The chat page, POST /api/chat and POST /v1/chat/completions all run
a turn through `run_chat_turn`; no guard logic lives anywhere else.

Steps, in order: authenticate → abuse → rate limit → budget → route → cache → estimate → reserve
→ stream → settle. Steps 1 to 8 run in one worker thread and one database transaction. Every step
before the stream can refuse the turn with a named error, and then nothing is stored or billed
(a reservation is given back). Once the answer streams, the turn always settles (services/turn.py).
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, replace
from datetime import timedelta

from sqlmodel import Session, select

from chatapp.db import run_db
from chatapp.models import UserProfile, utcnow
from chatapp.services import (
    abuse_guard,
    alerts,
    auth,
    budgets,
    cache,
    catalog,
    conversations,
    guardian,
    llm,
    prompting,
    ratelimit,
    tokens,
)
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
from chatapp.services.guardian import BudgetState, Level
from chatapp.services.tiers import Tier, build_tiers
from chatapp.services.turn import (  # re-exported: the surfaces import them from here
    ChatTurn,
    TextDelta,
    TurnEvent,
    TurnPlan,
    TurnSettled,
    cached_stream,
    wait_for_settlements,
)
from chatapp.services.usage import today
from chatapp.settings import Settings, get_settings

__all__ = ["ChatTurn", "TextDelta", "TurnEvent", "TurnPlan", "TurnRequest", "TurnSettled",
           "run_chat_turn", "wait_for_settlements"]

HISTORY_LIMIT = 50  # messages of a conversation loaded as context, before trimming to fit
MIN_OUTPUT_TOKENS = prompting.MIN_OUTPUT_TOKENS
SOURCES = ("chat", "openai")


@dataclass(frozen=True)
class TurnRequest:
    credential: str  # bearer access token or API key
    message: str
    conversation_id: uuid.UUID | None = None
    model_id: str | None = None
    # Context supplied by the client (the OpenAI-compatible surface); None loads the conversation.
    history: list[dict[str, str]] | None = None
    source: str = "chat"
    max_tokens: int | None = None
    client_ip: str | None = None


@dataclass(frozen=True)
class TurnContext:
    """What step 1 loads: who asks, their plan, preferences, budgets and the conversation so far."""

    account: auth.Account
    tier: Tier
    profile: UserProfile | None
    budget: BudgetState
    platform_stopped: bool
    history: list[dict[str, str]]
    conversation_id: uuid.UUID
    is_new_conversation: bool


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
    context = _authenticate(session=session, request=request, settings=settings)  # 1
    checked = _check_abuse(session=session, context=context, message=message, settings=settings)  # 2
    rate = _check_rate_limit(context, message)  # 3: the input limit applies to what was typed
    message = checked.text
    _check_budget(context)  # 4
    model, notices = _route(context, request, settings)  # 5
    cached = _lookup_cache(session=session, context=context, message=message,
                           repeated=checked.verdict.action == Action.CACHE)  # 6
    if cached is not None:
        return _Guarded(context, rate, cached=cached, checked=checked)
    notices = (*notices, checked.notice) if checked.notice else notices
    plan = replace(_estimate(context, model, message, request, settings, notices), abuse=checked.verdict)  # 7
    return _Guarded(context, rate, plan=_reserve(session=session, plan=plan, context=context,
                                                 settings=settings), checked=checked)  # 8


def _validated_message(request: TurnRequest) -> str:
    if request.source not in SOURCES:
        raise ValidationFailed(f"Unknown source {request.source!r}.")
    if not isinstance(request.message, str) or not request.message.strip():
        raise EmptyMessage()
    if request.max_tokens is not None and request.max_tokens < 1:
        raise ValidationFailed("max_tokens must be a positive integer.")
    return request.message.strip()


def tier_of(account: auth.Account, settings: Settings) -> Tier:
    tiers = build_tiers(settings.tier_overrides)
    return tiers.get(account.tier) or tiers["free"]


def _authenticate(*, session: Session, request: TurnRequest, settings: Settings) -> TurnContext:
    """Step 1: who is asking (access token or API key), their plan, budgets and history."""
    account, profile = auth.identify(session=session, credential=request.credential,
                                     signing_key=settings.signing_key())
    tier = tier_of(account, settings)
    controls = alerts.controls(session=session)
    limits = guardian.limits_for(tier=tier, profile=profile, settings=settings, controls=controls,
                                 is_admin=account.is_admin)
    snapshot = budgets.snapshot(session=session, user_id=account.id, day=today())
    if request.history is not None:
        history = [m for m in request.history if m.get("content")]
        conversation_id, is_new = uuid.uuid4(), True
    elif request.conversation_id is not None:
        conversation = conversations.get_owned(session=session, user_id=account.id,
                                               conversation_id=request.conversation_id)
        conversations.require_room(conversation, limit=tier.messages_per_conversation)
        rows = conversations.recent_messages(session=session, user_id=account.id,
                                             conversation_id=request.conversation_id,
                                             limit=HISTORY_LIMIT)
        history = [{"role": m.role, "content": m.content} for m in rows if m.content]
        conversation_id, is_new = request.conversation_id, False
    else:
        history, conversation_id, is_new = [], uuid.uuid4(), True
    if profile is not None:
        session.expunge(profile)
    return TurnContext(account=account, tier=tier, profile=profile,
                       budget=guardian.BudgetState(limits, snapshot),
                       platform_stopped=controls.stopped_at is not None and not account.is_admin,
                       history=history, conversation_id=conversation_id, is_new_conversation=is_new)


def _check_abuse(*, session: Session, context: TurnContext, message: str,
                 settings: Settings) -> abuse_guard.Checked:
    """Step 2: the abuse verdict on the message and the user's recent messages. Block and
    throttle refuse; compress and truncate change the text sent; cache answers from the cache."""
    if not settings.abuse_protection:
        return abuse_guard.Checked.unchecked(message)
    return abuse_guard.check(session=session, user_id=context.account.id, message=message,
                             free_tier=context.tier.name == "free", exempt=context.account.is_admin)


def _check_rate_limit(context: TurnContext, message: str) -> ratelimit.Decision:
    """Step 3: messages per minute, hour and day, and tokens per minute, for the user's plan."""
    return ratelimit.check(user_id=context.account.id, tier=context.tier,
                           tokens=tokens.count_text(message))


def _check_budget(context: TurnContext) -> None:
    """Step 4: emergency stops, then the degradation ladder's hard end (blocked)."""
    if context.profile is not None and context.profile.emergency_stopped_at is not None:
        raise guardian.user_emergency_error()
    if context.platform_stopped:
        raise guardian.platform_stop_error()
    if context.budget.level >= Level.BLOCKED:
        raise context.budget.refusal()


def _route(context: TurnContext, request: TurnRequest, settings: Settings) -> tuple[ModelSpec, tuple[str, ...]]:
    """Step 5: the user's choice within the tier's rights, else their default, else the cheapest
    model of the tier. From the force-mini level on, the cheapest mini model answers."""
    allowed = catalog.models_for_tier(context.tier, settings)
    if request.model_id:
        model = catalog.get_model(request.model_id, settings)
        catalog.require_allowed(model, context.tier)
    else:
        by_id = {m.id: m for m in allowed}
        default = context.profile.default_model if context.profile else None
        model = by_id.get(default) or catalog.default_model(context.tier, settings)
    if context.budget.level >= Level.FORCE_MINI and model.model_class != "mini":
        minis = [m for m in allowed if m.model_class == "mini"]
        if minis:
            return minis[0], (f"Answered by {minis[0].display_name}: {context.budget.message}",)
    return model, ()


def _is_opening(context: TurnContext) -> bool:
    return not any(m.get("role") in ("user", "assistant") for m in context.history)


def _lookup_cache(*, session: Session, context: TurnContext, message: str,
                  repeated: bool = False) -> cache.CachedAnswer | None:
    """Step 6: from the prefer-cache level on, or for a question the user keeps repeating, a
    saved answer to the same opening question is served for free; at the cache-only level
    nothing else is."""
    level = context.budget.level
    hit = None
    if (level >= Level.PREFER_CACHE or repeated) and _is_opening(context):
        hit = cache.lookup(session=session, user_id=context.account.id, text=message)
    if hit is None and level >= Level.CACHE_ONLY:
        raise context.budget.refusal()
    return hit


def _estimate(context: TurnContext, model: ModelSpec, message: str, request: TurnRequest,
              settings: Settings, notices: tuple[str, ...]) -> TurnPlan:
    """Step 7: the exact prompt within the context window and under the per-request cap (shorter
    answer, less history, then a cheaper model), and its worst-case cost."""
    summary_mode = context.budget.level >= Level.SUMMARY_ONLY
    history = prompting.summary_history(context.history) if summary_mode else context.history
    prompt_request = prompting.PromptRequest(
        message=message, history=history,
        system_style=context.profile.system_prompt_style if context.profile else "standard",
        response_cap=min(settings.response_max_tokens, guardian.SUMMARY_MODE_MAX_TOKENS)
        if summary_mode else settings.response_max_tokens,
        requested_max=request.max_tokens)
    candidates = [model, *_cheaper_models(context, model, settings)]
    prompt = prompting.fit(candidates, prompt_request, guardian.request_cap_micros(context.tier, settings))
    if prompt.model.id != model.id:
        notices = (*notices, f"Answered by {prompt.model.display_name} to stay within the "
                             "cost allowed per request.")
    if summary_mode and context.history:
        notices = (*notices, "Short answer, using a summary of the conversation to save budget.")
    return TurnPlan(
        user_id=context.account.id, conversation_id=context.conversation_id,
        is_new_conversation=context.is_new_conversation, is_opening=_is_opening(context),
        source=request.source, message=message, model=prompt.model, prompt=prompt.messages,
        prompt_tokens=prompt.tokens, user_tokens=tokens.count_text(message, prompt.model.encoding),
        max_tokens=prompt.max_tokens, estimated_cost_micros=prompt.worst_case_micros,
        budget=context.budget, notices=notices)


def _cheaper_models(context: TurnContext, model: ModelSpec, settings: Settings) -> list[ModelSpec]:
    return [m for m in catalog.models_for_tier(context.tier, settings)
            if m.id != model.id and (m.output_price, m.input_price) < (model.output_price, model.input_price)]


def _reserve(*, session: Session, plan: TurnPlan, context: TurnContext, settings: Settings) -> TurnPlan:
    """Step 8: hold the worst case against the day, month and platform budgets, atomically."""
    outcome = budgets.reserve(session=session, user_id=context.account.id,
                              amount_micros=plan.estimated_cost_micros, limits=context.budget.limits,
                              model_id=plan.model.id, day=today(),
                              ttl=timedelta(seconds=settings.reservation_ttl_seconds))
    if isinstance(outcome, budgets.Ticket):
        return replace(plan, ticket=outcome)
    _note_emergency(session, context, outcome)
    # Raising would roll back the emergency flag and the alert just written: commit them first.
    session.commit()
    raise guardian.refusal_error(outcome, limits=context.budget.limits)


def _note_emergency(session: Session, context: TurnContext, refusal: budgets.Refusal) -> None:
    """An emergency refusal stops the user (or the platform) and alerts the administrators."""
    if refusal == budgets.Refusal.EMERGENCY:
        profile = session.exec(select(UserProfile).where(UserProfile.user_id == context.account.id)).one()
        profile.emergency_stopped_at = utcnow()
        session.add(profile)
        alerts.raise_alert(session=session, kind="user_emergency_stop", subject=str(context.account.id),
                           message=f"{context.account.email} reached the monthly emergency cap; "
                                   "their chat is stopped until an administrator lifts it.")
    elif refusal == budgets.Refusal.PLATFORM:
        alerts.stop_platform(session=session, reason="platform monthly budget reached")
        alerts.raise_alert(session=session, kind="platform_budget", subject="platform",
                           message="The platform monthly budget is reached: chat is stopped for "
                                   "every user but administrators until it is lifted.")


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
    for model in [plan.model, *_fallbacks(context, plan, settings)]:
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
    if not _is_opening(context):
        return None
    return cache.lookup(session=session, user_id=context.account.id, text=message)


async def _switch_model(current: TurnPlan, model: ModelSpec, context: TurnContext,
                        request: TurnRequest, settings: Settings) -> TurnPlan | None:
    """Re-plan for a fallback model; None if it cannot be used (too expensive, over budget)."""
    notice = f"Answered by {model.display_name}: {current.model.display_name} is unavailable right now."
    try:
        fresh = _estimate(context, model, current.message, request, settings,
                          (*current.notices, notice))
    except AppError:
        return None
    if fresh.model.id != model.id:  # the cap pushed it to another model, which gets its own turn
        return None
    if current.ticket is not None and fresh.estimated_cost_micros <= current.ticket.amount_micros:
        return replace(fresh, ticket=current.ticket)  # the reservation held already covers it
    try:
        reserved = await run_db(_reserve, plan=fresh, context=context, settings=settings)
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
        is_new_conversation=context.is_new_conversation, is_opening=_is_opening(context),
        source=request.source, message=message, model=model, prompt=[], prompt_tokens=0,
        user_tokens=tokens.count_text(message, model.encoding), max_tokens=0,
        estimated_cost_micros=0, budget=context.budget, cached=hit, abuse=abuse,
        notices=("A saved answer to the same question, at no cost.",))
    upstream = cached_stream(hit)
    return ChatTurn(plan, upstream, await anext(upstream), started=started)
