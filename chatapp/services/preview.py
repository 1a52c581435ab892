"""The composer's live preview: how many tokens the draft has, the most a message may have, and
what sending it may cost at worst, as a share of today's budget.

It runs the guard's own steps (authenticate, route, estimate) without reserving anything, so the
preview and the guard never disagree. Nothing is written.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal

from sqlmodel import Session

from chatapp.services import guard_steps, tokens
from chatapp.services.errors import AppError
from chatapp.services.money import format_usd
from chatapp.services.prompting import MIN_OUTPUT_TOKENS
from chatapp.settings import Settings


@dataclass(frozen=True)
class Preview:
    tokens: int  # of the draft alone
    input_limit: int  # the most one message may have on this plan and model
    worst_case_micros: int | None  # None when the draft cannot be sent as it is
    day_share: Decimal | None  # worst case / today's budget
    problem: str = ""  # why it cannot be sent as it is

    @property
    def label(self) -> str:
        """"12 / 8,000 tokens · ≈ $0.0004 · 2% of today's budget"."""
        head = f"{self.tokens:,} / {self.input_limit:,} tokens"
        if self.problem:
            return f"{head} · {self.problem}"
        if self.worst_case_micros is None:
            return head
        share = ""
        if self.day_share is not None:
            percent = self.day_share * 100
            share = " · <1% of today's budget" if 0 < percent < 1 else f" · {percent:.0f}% of today's budget"
        return f"{head} · ≈ {format_usd(self.worst_case_micros)}{share}"


def preview(*, session: Session, credential: str, draft: str, settings: Settings,
            conversation_id: uuid.UUID | None = None, model_id: str | None = None,
            replace_from: int | None = None) -> Preview:
    request = guard_steps.TurnRequest(credential=credential, message=draft or " ",
                                      conversation_id=conversation_id, model_id=model_id,
                                      replace_from=replace_from)
    context = guard_steps.authenticate(session=session, request=request, settings=settings)
    count = tokens.count_text(draft) if draft.strip() else 0
    try:
        model, _ = guard_steps.route(context, request, settings)
    except AppError as exc:
        return Preview(count, context.tier.tokens_per_minute, None, None, exc.message)
    limit = min(context.tier.tokens_per_minute, model.context_window - MIN_OUTPUT_TOKENS)
    if not count:
        return Preview(0, limit, None, None)
    if count > limit:
        return Preview(count, limit, None, None, "too long to send")
    try:
        plan = guard_steps.estimate(context, model, draft, request, settings, ())
    except AppError as exc:
        return Preview(count, limit, None, None, exc.message)
    day = context.budget.limits.day_micros
    share = Decimal(plan.estimated_cost_micros) / day if day else None
    return Preview(count, limit, plan.estimated_cost_micros, share)

