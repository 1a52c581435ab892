"""Housekeeping that keeps tables small: expired cache entries."""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import Session

from chatapp.models import PromptCache, utcnow


def expire_prompt_cache(*, session: Session) -> str:
    result = session.exec(sa.delete(PromptCache).where(PromptCache.expires_at < utcnow()))
    return f"removed {result.rowcount} expired cache entries"
