"""Thumbs up or down on an answer, stored as a feedback signal (the learning loop reads them).

One thumb per answer: a new vote replaces the old one, and `None` takes it back. Only the owner
of the answer can vote on it; anyone else's answer is "not found".
"""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from sqlmodel import Session, select

from chatapp.models import FeedbackSignal, Message
from chatapp.services.errors import MessageNotFound

THUMBS = {"up": ("thumbs_up", 1.0), "down": ("thumbs_down", -1.0)}
_THUMB_SIGNALS = tuple(signal for signal, _ in THUMBS.values())


def set_thumb(*, session: Session, user_id: uuid.UUID, message_id: uuid.UUID, value: str | None) -> str | None:
    """Record "up", "down", or clear the vote (None); returns the vote now stored."""
    answer = session.exec(select(Message).where(Message.id == message_id, Message.user_id == user_id,
                                                Message.role == "assistant")).first()
    if answer is None:
        raise MessageNotFound()
    session.execute(sa.delete(FeedbackSignal).where(FeedbackSignal.message_id == message_id,
                                                    FeedbackSignal.user_id == user_id,
                                                    FeedbackSignal.signal.in_(_THUMB_SIGNALS)))
    if value is not None:
        signal, score = THUMBS[value]
        session.add(FeedbackSignal(user_id=user_id, conversation_id=answer.conversation_id,
                                   message_id=message_id, signal=signal, score=score))
    session.flush()
    return value


def thumbs_for(*, session: Session, user_id: uuid.UUID, message_ids: list[uuid.UUID]) -> dict[uuid.UUID, str]:
    """The user's votes on these answers (a page of them): {message id: "up" | "down"}."""
    if not message_ids:
        return {}
    return _votes(session, FeedbackSignal.user_id == user_id, FeedbackSignal.message_id.in_(message_ids))


def thumbs_in(*, session: Session, user_id: uuid.UUID, conversation_id: uuid.UUID) -> dict[uuid.UUID, str]:
    """The user's votes on every answer of a conversation, however long."""
    return _votes(session, FeedbackSignal.user_id == user_id, FeedbackSignal.conversation_id == conversation_id)


def _votes(session: Session, *where) -> dict[uuid.UUID, str]:
    rows = session.exec(select(FeedbackSignal.message_id, FeedbackSignal.signal).where(
        *where, FeedbackSignal.signal.in_(_THUMB_SIGNALS))).all()
    names = {signal: value for value, (signal, _) in THUMBS.items()}
    return {message_id: names[signal] for message_id, signal in rows}
