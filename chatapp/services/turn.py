"""A chat turn whose answer is streaming: forward it, cut it at its limit, and always settle it.

Settling records both messages, the real cost and the usage, and replaces the reservation by
the real cost, in one transaction. It runs as a task of its own: a consumer that stops (Stop, a
departed client, cancellation) cannot prevent it, and shutdown waits for it.
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from decimal import Decimal

from sqlmodel import Session

from chatapp.db import run_db
from chatapp.services import abuse_guard, budgets, cache, conversations, llm, pricing, tokens, usage
from chatapp.services.abuse import Action, Verdict
from chatapp.services.breaker import get_breaker
from chatapp.services.cache import CachedAnswer
from chatapp.services.catalog import ModelSpec
from chatapp.services.errors import AppError, ProviderError
from chatapp.services.guardian import BudgetState
from chatapp.services.money import micros_to_dollars

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TurnPlan:
    """A turn the guard let through: who asks, the model, the exact prompt, what it may cost."""

    user_id: uuid.UUID
    conversation_id: uuid.UUID
    is_new_conversation: bool
    is_opening: bool  # no earlier context: the answer may be saved to the cache
    source: str
    message: str
    model: ModelSpec
    prompt: list[dict[str, str]]
    prompt_tokens: int
    user_tokens: int
    max_tokens: int
    estimated_cost_micros: int
    budget: BudgetState
    notices: tuple[str, ...] = ()
    ticket: budgets.Ticket | None = None
    cached: CachedAnswer | None = None
    # Step 2's verdict: its fingerprint is stored with the message; a verdict other than allow is
    # logged with the message id for the admin dashboard.
    abuse: Verdict | None = None
    replace_from: int | None = None  # see TurnRequest.replace_from


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
    cached: bool = False
    error: AppError | None = None
    user_seq: int = 0  # the question's place in the conversation; the answer's is the next

    @property
    def cost(self) -> Decimal:
        return micros_to_dollars(self.cost_micros)


TurnEvent = TextDelta | TurnSettled

_settlements: set[asyncio.Task] = set()


async def wait_for_settlements(timeout: float | None = None) -> None:
    """Wait until every started settlement is recorded (shutdown, tests)."""
    pending = {task for task in _settlements if not task.done()}
    if pending:
        await asyncio.wait(pending, timeout=timeout)


def cut_notice(max_tokens: int) -> str:
    return f"\n\n*[Answer cut at the {max_tokens:,}-token limit for one answer.]*"


async def cached_stream(answer: CachedAnswer, *, piece_chars: int = 48) -> AsyncIterator[str | llm.StreamEnd]:
    """A saved answer, replayed in pieces like a provider stream (it costs nothing)."""
    text = answer.response
    for start in range(0, len(text), piece_chars):
        yield text[start:start + piece_chars]
    yield llm.StreamEnd("stop", llm.Usage(0, 0))


@dataclass
class _Progress:
    parts: list[str] = field(default_factory=list)
    counted_tokens: int = 0
    first_token_at: float | None = None
    end: llm.StreamEnd | None = None
    cut: bool = False


class ChatTurn:
    """An answer being streamed. Iterate `events()`: TextDelta..., then one TurnSettled."""

    def __init__(self, plan: TurnPlan, upstream: AsyncIterator, first: str | llm.StreamEnd, *,
                 started: float, trial: bool = False) -> None:
        self.plan = plan
        self._upstream, self._first, self._started, self._trial = upstream, first, started, trial
        self._progress = _Progress()
        self._settlement: asyncio.Task | None = None
        self.rate_headers: dict[str, str] = {}  # X-RateLimit-* of the admitted message

    @property
    def conversation_id(self) -> uuid.UUID:
        return self.plan.conversation_id

    @property
    def text(self) -> str:
        return "".join(self._progress.parts)

    def _over_limit(self, piece: str) -> bool:
        """Count the answer as it streams; True once it reaches the turn's token limit."""
        progress, model = self._progress, self.plan.model
        progress.counted_tokens += tokens.count_text(piece, model.encoding)
        return progress.counted_tokens * model.token_margin >= self.plan.max_tokens

    async def events(self) -> AsyncIterator[TurnEvent]:
        progress, error = self._progress, None
        item = self._first
        try:
            while not isinstance(item, llm.StreamEnd):
                if progress.first_token_at is None:
                    progress.first_token_at = time.monotonic()
                progress.parts.append(item)
                yield TextDelta(item)
                if self.plan.cached is None and self._over_limit(item):
                    progress.cut = True
                    await self._upstream.aclose()
                    break
                item = await anext(self._upstream)
            else:
                progress.end = item
        except ProviderError as exc:
            error = exc
        except BaseException:
            # The consumer went away (Stop, disconnect, cancellation): settle what was produced.
            self._start_settlement("stopped", None, close_upstream=True)
            raise
        if error is not None:
            status = "interrupted"
        elif progress.cut or progress.end.finish_reason == "length":
            status = "truncated"
            yield TextDelta(cut_notice(self.plan.max_tokens))
        else:
            status = "complete"
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
            task = asyncio.get_running_loop().create_task(
                self._settle(status, error, ended, close_upstream))
            _settlements.add(task)
            task.add_done_callback(_settlements.discard)
            task.add_done_callback(_log_failure)
            self._settlement = task
        return self._settlement

    async def _settle(self, status: str, error: ProviderError | None, ended: float,
                      close_upstream: bool) -> TurnSettled:
        if close_upstream:
            try:
                await self._upstream.aclose()
            except Exception:  # the upstream is going away anyway; settling matters more
                log.debug("closing the provider stream failed", exc_info=True)
        progress = self._progress
        settled = await run_db(
            record, plan=self.plan, text=self.text, end=progress.end, status=status, error=error,
            latency_ms=_ms(ended - self._started),
            first_token_ms=_ms(progress.first_token_at - self._started) if progress.first_token_at else None)
        if status == "interrupted" and self.plan.cached is None:
            await get_breaker().record(self.plan.model.id, ok=False, trial=False)
        return settled


def _ms(seconds: float) -> int:
    return max(0, round(seconds * 1000))


def _log_failure(task: asyncio.Task) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.error("a chat turn could not be settled", exc_info=task.exception())


def record(*, session: Session, plan: TurnPlan, text: str, end: llm.StreamEnd | None, status: str,
           error: ProviderError | None, latency_ms: int, first_token_ms: int | None) -> TurnSettled:
    """Settle a turn in one transaction: messages, real cost, usage, reservation, cache.

    Rows are locked in this order: the conversation, the usage row, the reservation and the
    budget counters (day, month, platform). Whatever else settles a cost (services/titles) keeps
    the same order, so two settlements of one user can never deadlock on PostgreSQL."""
    model, cached = plan.model, plan.cached is not None
    reported = end is not None and end.usage is not None
    if cached:
        input_tokens = output_tokens = cached_tokens = 0
    elif reported:
        input_tokens, output_tokens = end.usage.input_tokens, end.usage.output_tokens
        cached_tokens = end.usage.cached_tokens
    else:  # no usage from the provider (stopped, interrupted, cut, or none sent): count it ourselves
        input_tokens, output_tokens, cached_tokens = plan.prompt_tokens, tokens.count_text(text, model.encoding), 0
    cost = pricing.cost_micros(model, input_tokens=input_tokens, output_tokens=output_tokens,
                               cached_tokens=cached_tokens)
    content = text + (cut_notice(plan.max_tokens) if status == "truncated" else "")
    flagged = plan.abuse is not None and plan.abuse.action != Action.ALLOW
    recorded = conversations.record_turn(
        session=session, user_id=plan.user_id, conversation_id=plan.conversation_id,
        is_new=plan.is_new_conversation, source=plan.source, user_text=plan.message,
        user_tokens=plan.user_tokens, fingerprint=(plan.abuse.fingerprint or None) if plan.abuse else None,
        flagged=flagged, replace_from=plan.replace_from,
        assistant=conversations.AssistantRecord(
            content=content, model=model.id, input_tokens=input_tokens, output_tokens=output_tokens,
            cost_micros=cost, status=status, latency_ms=latency_ms, first_token_ms=first_token_ms,
            cached=cached))
    if flagged:
        abuse_guard.record_event(session=session, user_id=plan.user_id, verdict=plan.abuse,
                                 message=plan.message, message_id=recorded.user_message_id)
    usage.record_usage(session=session, spend=usage.Spend(
        user_id=plan.user_id, model_class=model.model_class, input_tokens=input_tokens,
        output_tokens=output_tokens, cost_micros=cost, cache_hit=cached,
        tokens_saved=plan.cached.tokens_saved if cached else 0))
    if plan.ticket is not None:
        budgets.settle(session=session, reservation_id=plan.ticket.id, cost_micros=cost)
    if cached:
        cache.record_hit(session=session, entry_id=plan.cached.id, tokens_saved=plan.cached.tokens_saved)
    elif status == "complete" and plan.is_opening and text:
        cache.store(session=session, user_id=plan.user_id, text=plan.message, response=text,
                    model=model.id, prompt_tokens=input_tokens, completion_tokens=output_tokens)
    return TurnSettled(
        conversation_id=recorded.conversation_id, user_message_id=recorded.user_message_id,
        message_id=recorded.assistant_message_id, model_id=model.id, content=content,
        input_tokens=input_tokens, output_tokens=output_tokens, cached_tokens=cached_tokens,
        cost_micros=cost, status=status, finish_reason=end.finish_reason if end else None,
        usage_reported=reported, latency_ms=latency_ms, first_token_ms=first_token_ms,
        cached=cached, error=error, user_seq=recorded.user_seq)
