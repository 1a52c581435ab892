"""The prompt cache: saved answers to opening questions, reused when the budget runs low.

Entries are keyed by the normalised question (Unicode NFKC, case, whitespace and trailing
punctuation folded) and scoped to their owner, so one user's answers never reach another. Only
opening questions (no earlier context) are saved and served: a follow-up depends on the
conversation before it.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import uuid
from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from sqlmodel import Session, select

from chatapp import db
from chatapp.models import PromptCache, utcnow

CACHE_TTL = timedelta(days=7)
_SPACES = re.compile(r"\s+")


def normalize(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text).casefold()
    return _SPACES.sub(" ", folded).strip().rstrip("?!.。？！ ")


def prompt_hash(text: str) -> str:
    return hashlib.sha256(normalize(text).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class CachedAnswer:
    id: int
    response: str
    model: str
    tokens_saved: int


def lookup(*, session: Session, user_id: uuid.UUID, text: str) -> CachedAnswer | None:
    row = session.exec(select(PromptCache).where(
        PromptCache.scope == str(user_id), PromptCache.prompt_hash == prompt_hash(text),
        PromptCache.expires_at > utcnow())).first()
    if row is None:
        return None
    return CachedAnswer(row.id, row.response, row.model, row.prompt_tokens + row.completion_tokens)


def record_hit(*, session: Session, entry_id: int, tokens_saved: int) -> None:
    session.execute(sa.update(PromptCache).where(PromptCache.id == entry_id).values(
        hits=PromptCache.hits + 1, tokens_saved=PromptCache.tokens_saved + tokens_saved,
        last_hit_at=utcnow()))


def store(*, session: Session, user_id: uuid.UUID, text: str, response: str, model: str,
          prompt_tokens: int, completion_tokens: int) -> None:
    """Save (or refresh) the answer to an opening question."""
    now = utcnow()
    values = {"scope": str(user_id), "prompt_hash": prompt_hash(text), "model": model,
              "response": response, "prompt_tokens": prompt_tokens,
              "completion_tokens": completion_tokens, "tokens_saved": 0, "hits": 0,
              "created_at": now, "expires_at": now + CACHE_TTL}
    statement = db.upsert(PromptCache.__table__, session.get_bind().dialect.name, tuple(values),
                          conflict=("scope", "prompt_hash"),
                          replace=("model", "response", "prompt_tokens", "completion_tokens", "created_at",
                                   "expires_at"))
    session.execute(statement, values)
