"""Usage statistics: one row per user and UTC day (tokens by model class, cost, cache savings).

Budget enforcement is not here: the spend counters move only through services/budgets.py."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import Any

from sqlmodel import Session, SQLModel

from chatapp import db
from chatapp.models import UsageTracking, utcnow


def today() -> date:
    """Budgets run on UTC days and months."""
    return datetime.now(timezone.utc).date()


def increment(session: Session, model: type[SQLModel], key: dict[str, Any],
              increments: dict[str, int]) -> None:
    """Add to counters of the row identified by `key`, creating it if needed, in one statement."""
    statement = db.upsert(model.__table__, session.get_bind().dialect.name,
                          (*key, *increments, "updated_at"), conflict=tuple(key), add=tuple(increments),
                          replace=("updated_at",))
    session.execute(statement, {**key, **increments, "updated_at": utcnow()})


@dataclass(frozen=True)
class Spend:
    user_id: uuid.UUID
    model_class: str
    input_tokens: int
    output_tokens: int
    cost_micros: int
    cache_hit: bool = False
    tokens_saved: int = 0


def record_usage(*, session: Session, spend: Spend, day: date | None = None) -> None:
    tokens = spend.input_tokens + spend.output_tokens
    increment(session, UsageTracking, {"user_id": spend.user_id, "day": day or today()}, {
        "tokens_used": tokens,
        "prompt_tokens": spend.input_tokens,
        "completion_tokens": spend.output_tokens,
        f"{spend.model_class}_tokens": tokens,
        "cost_micros": spend.cost_micros,
        "requests_count": 1,
        "cache_hits": int(spend.cache_hit),
        "tokens_saved": spend.tokens_saved,
    })
