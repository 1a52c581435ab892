"""Steps 1 to 8 of a chat turn (authenticate, abuse, rate limit, budget, route, cache, estimate,
reserve), each a function the pipeline calls in order inside one transaction. Each step can refuse
the turn with a named error; none of them calls a provider.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import timedelta

from sqlmodel import Session, select

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
    prompting,
    ratelimit,
    tokens,
)
from chatapp.services.catalog import ModelSpec
from chatapp.services.guardian import BudgetState, Level
from chatapp.services.tiers import Tier, tier_named
from chatapp.services.turn import TurnPlan
from chatapp.services.usage import today
from chatapp.settings import Settings

HISTORY_LIMIT = 50  # messages of a conversation loaded as context, before trimming to fit
MIN_OUTPUT_TOKENS = prompting.MIN_OUTPUT_TOKENS


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
    # Edit & resend, regenerate: the sequence number of the user message this turn replaces; it
    # and every later message of the conversation give way to the new exchange when it settles.
    replace_from: int | None = None


@dataclass(frozen=True)
class TurnContext:
    """What step 1 loads: who asks, their plan, preferences, budgets and the conversation so far."""

    account: auth.Account
    tier: Tier
    profile: auth.ProfileSettings | None
    budget: BudgetState
    platform_stopped: bool
    history: list[dict[str, str]]
    conversation_id: uuid.UUID
    is_new_conversation: bool
    replace_from: int | None = None


def tier_of(account: auth.Account, settings: Settings) -> Tier:
    return tier_named(account.tier, settings.tier_overrides)


def authenticate(*, session: Session, request: TurnRequest, settings: Settings) -> TurnContext:
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
        conversation = conversations.owned_size(session=session, user_id=account.id,
                                                conversation_id=request.conversation_id)
        kept = conversation.message_count
        if request.replace_from is not None:
            conversations.require_user_message(session=session, conversation=conversation,
                                               seq=request.replace_from)
            kept = request.replace_from - 1
        conversations.require_room(conversation, limit=tier.messages_per_conversation, kept=kept)
        history = conversations.recent_context(session=session, user_id=account.id,
                                               conversation_id=request.conversation_id,
                                               limit=HISTORY_LIMIT, before=request.replace_from)
        conversation_id, is_new = request.conversation_id, False
    else:
        history, conversation_id, is_new = [], uuid.uuid4(), True
    return TurnContext(account=account, tier=tier, profile=profile,
                       budget=guardian.BudgetState(limits, snapshot),
                       platform_stopped=controls.stopped_at is not None and not account.is_admin,
                       history=history, conversation_id=conversation_id, is_new_conversation=is_new,
                       replace_from=request.replace_from if request.history is None else None)


def check_abuse(*, session: Session, context: TurnContext, message: str,
                 settings: Settings) -> abuse_guard.Checked:
    """Step 2: the abuse verdict on the message and the user's recent messages. Block and
    throttle refuse; compress and truncate change the text sent; cache answers from the cache."""
    if not settings.abuse_protection:
        return abuse_guard.Checked.unchecked(message)
    return abuse_guard.check(session=session, user_id=context.account.id, message=message,
                             free_tier=context.tier.name == "free", exempt=context.account.is_admin)


def check_rate_limit(context: TurnContext, message: str) -> ratelimit.Decision:
    """Step 3: messages per minute, hour and day, and tokens per minute, for the user's plan."""
    return ratelimit.check(user_id=context.account.id, tier=context.tier,
                           tokens=tokens.count_text(message))


def check_budget(context: TurnContext) -> None:
    """Step 4: emergency stops, then the degradation ladder's hard end (blocked)."""
    if context.profile is not None and context.profile.emergency_stopped_at is not None:
        raise guardian.user_emergency_error()
    if context.platform_stopped:
        raise guardian.platform_stop_error()
    if context.budget.level >= Level.BLOCKED:
        raise context.budget.refusal()


def route(context: TurnContext, request: TurnRequest, settings: Settings) -> tuple[ModelSpec, tuple[str, ...]]:
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


def is_opening(context: TurnContext) -> bool:
    return not any(m.get("role") in ("user", "assistant") for m in context.history)


def lookup_cache(*, session: Session, context: TurnContext, message: str,
                  repeated: bool = False) -> cache.CachedAnswer | None:
    """Step 6: from the prefer-cache level on, or for a question the user keeps repeating, a
    saved answer to the same opening question is served for free; at the cache-only level
    nothing else is. Regenerate and edit ask for a fresh answer, never a saved one."""
    level = context.budget.level
    hit = None
    fresh = context.replace_from is not None
    if (level >= Level.PREFER_CACHE or repeated) and is_opening(context) and not fresh:
        hit = cache.lookup(session=session, user_id=context.account.id, text=message)
    if hit is None and level >= Level.CACHE_ONLY:
        raise context.budget.refusal()
    return hit


def estimate(context: TurnContext, model: ModelSpec, message: str, request: TurnRequest,
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
    candidates = [model, *cheaper_models(context, model, settings)]
    prompt = prompting.fit(candidates, prompt_request, guardian.request_cap_micros(context.tier, settings))
    if prompt.model.id != model.id:
        notices = (*notices, f"Answered by {prompt.model.display_name} to stay within the "
                             "cost allowed per request.")
    if summary_mode and context.history:
        notices = (*notices, "Short answer, using a summary of the conversation to save budget.")
    return TurnPlan(
        user_id=context.account.id, conversation_id=context.conversation_id,
        is_new_conversation=context.is_new_conversation, is_opening=is_opening(context),
        source=request.source, message=message, model=prompt.model, prompt=prompt.messages,
        prompt_tokens=prompt.tokens, user_tokens=tokens.count_text(message, prompt.model.encoding),
        max_tokens=prompt.max_tokens, estimated_cost_micros=prompt.worst_case_micros,
        budget=context.budget, notices=notices, replace_from=context.replace_from)


def cheaper_models(context: TurnContext, model: ModelSpec, settings: Settings) -> list[ModelSpec]:
    return [m for m in catalog.models_for_tier(context.tier, settings)
            if m.id != model.id and (m.output_price, m.input_price) < (model.output_price, model.input_price)]


def reserve(*, session: Session, plan: TurnPlan, context: TurnContext, settings: Settings) -> TurnPlan:
    """Step 8: hold the worst case against the day, month and platform budgets, atomically."""
    outcome = budgets.reserve(session=session, user_id=context.account.id,
                              amount_micros=plan.estimated_cost_micros, limits=context.budget.limits,
                              model_id=plan.model.id, day=today(),
                              ttl=timedelta(seconds=settings.reservation_ttl_seconds))
    if isinstance(outcome, budgets.Ticket):
        return replace(plan, ticket=outcome)
    note_emergency(session, context, outcome)
    # Raising would roll back the emergency flag and the alert just written: commit them first.
    session.commit()
    raise guardian.refusal_error(outcome, limits=context.budget.limits)


def note_emergency(session: Session, context: TurnContext, refusal: budgets.Refusal) -> None:
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
