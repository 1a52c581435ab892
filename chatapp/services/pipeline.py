"""The one chat-turn pipeline. The chat page, POST /api/chat and POST /v1/chat/completions all run
a turn through `run_chat_turn`; no guard logic lives anywhere else.

Steps, in order: authenticate → abuse → rate limit → budget → route → cache → estimate → stream →
settle. Every step before the stream can refuse the turn with a named error, and nothing is
persisted then. Once the answer streams, the turn always settles: the messages, tokens and cost
are recorded when it completes, when the provider fails mid-way (the partial answer is kept and
billed), and when the consumer stops early (Stop, a departed client), shielded from cancellation.
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from decimal import Decimal

from sqlmodel import Session, select

from chatapp.db import run_db
from chatapp.models import UserProfile
from chatapp.services import auth, catalog, conversations, llm, pricing, prompts, tokens, usage
from chatapp.services.catalog import ModelSpec
from chatapp.services.errors import (
    AppError,
    EmptyMessage,
    MessageTooLong,
    ProviderError,
    ValidationFailed,
)
from chatapp.services.money import micros_to_dollars
from chatapp.services.tiers import Tier, build_tiers
from chatapp.settings import Settings, get_settings

log = logging.getLogger(__name__)

HISTORY_LIMIT = 50  # messages of a conversation sent as context, before trimming to fit
MIN_OUTPUT_TOKENS = 256  # a message must leave at least this much room for the answer
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
    """What step 1 (authenticate) loads: who asks, their plan and preferences, and the history."""

    account: auth.Account
    tier: Tier
    default_model: str | None
    system_prompt_style: str
    history: list[dict[str, str]]
    conversation_id: uuid.UUID
    is_new_conversation: bool


@dataclass(frozen=True)
class TurnPlan:
    """A turn the guard let through: the model, the exact prompt and its worst-case cost."""

    context: TurnContext
    model: ModelSpec
    message: str
    prompt: list[dict[str, str]]
    prompt_tokens: int
    user_tokens: int
    max_tokens: int
    estimated_cost_micros: int
    source: str


@dataclass(frozen=True)
class TextDelta:
    text: str


@dataclass(frozen=True)
class TurnSettled:
    """The recorded outcome of a turn, the last event of every stream."""

    conversation_id: uuid.UUID
    user_message_id: uuid.UUID
    message_id: uuid.UUID
    model_id: str
    content: str
    input_tokens: int
    output_tokens: int
    cached_tokens: int
    cost_micros: int
    # complete | truncated (length limit) | interrupted (provider failed) | stopped (consumer left)
    status: str
    finish_reason: str | None
    usage_reported: bool  # True: the provider's usage; False: counted with tiktoken
    latency_ms: int
    first_token_ms: int | None
    error: AppError | None = None

    @property
    def cost(self) -> Decimal:
        return micros_to_dollars(self.cost_micros)


TurnEvent = TextDelta | TurnSettled

# Settlements run as tasks of their own so that a cancelled consumer cannot stop them.
_settlements: set[asyncio.Task] = set()


async def wait_for_settlements(timeout: float | None = None) -> None:
    """Wait until every started settlement is recorded (shutdown, tests)."""
    pending = {task for task in _settlements if not task.done()}
    if pending:
        await asyncio.wait(pending, timeout=timeout)


# --- the pipeline -------------------------------------------------------------------------------

async def run_chat_turn(request: TurnRequest, *, settings: Settings | None = None) -> ChatTurn:
    """Run the guard steps and open the answer stream; raise an AppError when a step refuses.

    The returned turn has already received the provider's first event, so a provider that fails
    up front is an error of this call (nothing is persisted or billed then).
    """
    settings = settings or get_settings()
    started = time.monotonic()
    message = _validated_message(request)
    context = await run_db(_authenticate, request=request, settings=settings)  # 1
    _check_abuse(context, message)  # 2
    _check_rate_limit(context)  # 3
    _check_budget(context)  # 4
    model = _route(context, request, settings)  # 5
    _lookup_cache(context, model, message)  # 6
    plan = _estimate(context, model, message, request, settings)  # 7
    upstream = llm.stream_chat(model, plan.prompt, max_tokens=plan.max_tokens, settings=settings)
    first = await anext(upstream)  # 8: stream (a failure here raises before anything is recorded)
    return ChatTurn(plan, upstream, first, started=started, settings=settings)


def _validated_message(request: TurnRequest) -> str:
    if request.source not in SOURCES:
        raise ValidationFailed(f"Unknown source {request.source!r}.")
    if not isinstance(request.message, str) or not request.message.strip():
        raise EmptyMessage()
    if request.max_tokens is not None and request.max_tokens < 1:
        raise ValidationFailed("max_tokens must be a positive integer.")
    return request.message.strip()


def _authenticate(*, session: Session, request: TurnRequest, settings: Settings) -> TurnContext:
    """Step 1: who is asking (access token or API key), their tier, preferences and history."""
    account = auth.account_from_credential(session=session, credential=request.credential,
                                           signing_key=settings.signing_key())
    profile = session.exec(select(UserProfile).where(UserProfile.user_id == account.id)).first()
    tier = build_tiers(settings.tier_overrides).get(account.tier) or build_tiers()["free"]
    if request.history is not None:
        history = [m for m in request.history if m.get("content")]
        conversation_id, is_new = uuid.uuid4(), True
    elif request.conversation_id is not None:
        conversations.get_owned(session=session, user_id=account.id,
                                conversation_id=request.conversation_id)
        rows = conversations.recent_messages(session=session, user_id=account.id,
                                             conversation_id=request.conversation_id,
                                             limit=HISTORY_LIMIT)
        history = [{"role": m.role, "content": m.content} for m in rows if m.content]
        conversation_id, is_new = request.conversation_id, False
    else:
        history, conversation_id, is_new = [], uuid.uuid4(), True
    return TurnContext(account=account, tier=tier,
                       default_model=profile.default_model if profile else None,
                       system_prompt_style=profile.system_prompt_style if profile else "standard",
                       history=history, conversation_id=conversation_id, is_new_conversation=is_new)


def _check_abuse(context: TurnContext, message: str) -> None:
    """Step 2: abuse verdict on the message and recent history (services/abuse, coming next)."""


def _check_rate_limit(context: TurnContext) -> None:
    """Step 3: messages per minute/hour/day and tokens per minute (services/ratelimit, coming next)."""


def _check_budget(context: TurnContext) -> None:
    """Step 4: degradation level from today's and this month's spend (services/guardian, next)."""


def _route(context: TurnContext, request: TurnRequest, settings: Settings) -> ModelSpec:
    """Step 5: the user's explicit choice within the tier's rights, else their default, else the
    cheapest model of the tier (learned routing refines this later)."""
    if request.model_id:
        model = catalog.get_model(request.model_id, settings)
        catalog.require_allowed(model, context.tier)
        return model
    allowed = {m.id: m for m in catalog.models_for_tier(context.tier, settings)}
    if context.default_model in allowed:
        return allowed[context.default_model]
    return catalog.default_model(context.tier, settings)


def _lookup_cache(context: TurnContext, model: ModelSpec, message: str) -> None:
    """Step 6: exact and normalised prompt-cache lookup (services/cache, coming next)."""


def _estimate(context: TurnContext, model: ModelSpec, message: str, request: TurnRequest,
              settings: Settings) -> TurnPlan:
    """Step 7: the exact prompt, trimmed to the context window, and its worst-case cost."""
    history = list(context.history)
    has_system = any(m.get("role") == "system" for m in history)
    system = [] if has_system else [{"role": "system",
                                     "content": prompts.system_prompt(context.system_prompt_style)}]
    user = {"role": "user", "content": message}
    fixed = tokens.count_chat([*system, user], model.encoding)
    room = model.context_window - MIN_OUTPUT_TOKENS
    if fixed > room:
        raise MessageTooLong(
            f"Your message is about {fixed:,} tokens; {model.display_name} accepts at most "
            f"{room:,}. Shorten it or split it into parts.")
    # Keep system messages from the client; drop the oldest other messages until the prompt fits.
    costs = [tokens.count_chat([m], model.encoding) - tokens.REPLY_PRIMING_TOKENS for m in history]
    total = fixed + sum(costs)
    while total > room:
        index = next((i for i, m in enumerate(history) if m.get("role") != "system"), None)
        if index is None:
            raise MessageTooLong(f"The system messages alone exceed what {model.display_name} "
                                 "accepts. Shorten them.")
        total -= costs.pop(index)
        history.pop(index)
    prompt = [*system, *history, user]
    max_tokens = min(settings.response_max_tokens, model.max_output,
                     model.context_window - total, request.max_tokens or model.max_output)
    return TurnPlan(
        context=context, model=model, message=message, prompt=prompt, prompt_tokens=total,
        user_tokens=tokens.count_text(message, model.encoding), max_tokens=max_tokens,
        estimated_cost_micros=pricing.worst_case_micros(model, prompt_tokens=total,
                                                        max_tokens=max_tokens),
        source=request.source,
    )


class ChatTurn:
    """An answer being streamed. Iterate `events()` (TextDelta..., then one TurnSettled)."""

    def __init__(self, plan: TurnPlan, upstream: AsyncIterator, first: str | llm.StreamEnd, *,
                 started: float, settings: Settings) -> None:
        self.plan = plan
        self._upstream = upstream
        self._first = first
        self._started = started
        self._settings = settings
        self._parts: list[str] = []
        self._first_token_at: float | None = None
        self._end: llm.StreamEnd | None = None
        self._settlement: asyncio.Task | None = None

    @property
    def conversation_id(self) -> uuid.UUID:
        return self.plan.context.conversation_id

    @property
    def text(self) -> str:
        return "".join(self._parts)

    async def events(self) -> AsyncIterator[TurnEvent]:
        error: ProviderError | None = None
        item = self._first
        try:
            while not isinstance(item, llm.StreamEnd):
                if self._first_token_at is None:
                    self._first_token_at = time.monotonic()
                self._parts.append(item)
                yield TextDelta(item)
                item = await anext(self._upstream)
            self._end = item
        except ProviderError as exc:
            error = exc
        except BaseException:
            # The consumer went away (Stop, disconnect, cancellation): settle what was produced.
            self._start_settlement("stopped", None, close_upstream=True)
            raise
        status = "interrupted" if error else ("truncated" if self._end.finish_reason == "length"
                                              else "complete")
        yield await asyncio.shield(self._start_settlement(status, error, close_upstream=False))

    async def result(self) -> TurnSettled:
        """The settled outcome, once the stream ended or was stopped."""
        if self._settlement is None:
            raise RuntimeError("the turn has not ended yet")
        return await asyncio.shield(self._settlement)

    def _start_settlement(self, status: str, error: ProviderError | None, *,
                          close_upstream: bool) -> asyncio.Task:
        if self._settlement is None:
            ended = time.monotonic()
            self._settlement = asyncio.get_running_loop().create_task(
                self._settle(status, error, ended, close_upstream))
            _settlements.add(self._settlement)
            self._settlement.add_done_callback(_settlements.discard)
            self._settlement.add_done_callback(_log_failure)
        return self._settlement

    async def _settle(self, status: str, error: ProviderError | None, ended: float,
                      close_upstream: bool) -> TurnSettled:
        if close_upstream:
            try:
                await self._upstream.aclose()
            except Exception:  # the upstream is going away anyway; settling matters more
                log.debug("closing the provider stream failed", exc_info=True)
        return await run_db(_record, plan=self.plan, text=self.text, end=self._end, status=status,
                            error=error, latency_ms=_ms(ended - self._started),
                            first_token_ms=(_ms(self._first_token_at - self._started)
                                            if self._first_token_at else None))


def _ms(seconds: float) -> int:
    return max(0, round(seconds * 1000))


def _log_failure(task: asyncio.Task) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.error("a chat turn could not be settled", exc_info=task.exception())


def _record(*, session: Session, plan: TurnPlan, text: str, end: llm.StreamEnd | None, status: str,
            error: ProviderError | None, latency_ms: int, first_token_ms: int | None) -> TurnSettled:
    """Step 9 (settle): persist both messages and the real cost, in one transaction."""
    model = plan.model
    reported = end is not None and end.usage is not None
    if reported:
        input_tokens, output_tokens, cached = end.usage.input_tokens, end.usage.output_tokens, end.usage.cached_tokens
    else:  # no usage from the provider (stopped, interrupted, or none sent): count it ourselves
        input_tokens, output_tokens, cached = plan.prompt_tokens, tokens.count_text(text, model.encoding), 0
    cost = pricing.cost_micros(model, input_tokens=input_tokens, output_tokens=output_tokens,
                               cached_tokens=cached)
    context = plan.context
    recorded = conversations.record_turn(
        session=session, user_id=context.account.id, conversation_id=context.conversation_id,
        is_new=context.is_new_conversation, source=plan.source, user_text=plan.message,
        user_tokens=plan.user_tokens,
        assistant=conversations.AssistantRecord(
            content=text, model=model.id, input_tokens=input_tokens, output_tokens=output_tokens,
            cost_micros=cost, status=status, latency_ms=latency_ms, first_token_ms=first_token_ms),
    )
    usage.record_spend(session=session, spend=usage.Spend(
        user_id=context.account.id, model_class=model.model_class, input_tokens=input_tokens,
        output_tokens=output_tokens, cost_micros=cost))
    return TurnSettled(
        conversation_id=recorded.conversation_id, user_message_id=recorded.user_message_id,
        message_id=recorded.assistant_message_id, model_id=model.id, content=text,
        input_tokens=input_tokens, output_tokens=output_tokens, cached_tokens=cached,
        cost_micros=cost, status=status, finish_reason=end.finish_reason if end else None,
        usage_reported=reported, latency_ms=latency_ms, first_token_ms=first_token_ms, error=error)
