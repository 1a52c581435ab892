"""Conversations and their messages: owner-checked reads, and recording a finished turn."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session, select

from chatapp.models import Conversation, FeedbackSignal, Message, utcnow
from chatapp.services.errors import ConversationFull, ConversationNotFound, MessageNotFound

TITLE_MAX_LENGTH = 200


def get_owned(*, session: Session, user_id: uuid.UUID, conversation_id: uuid.UUID,
              for_update: bool = False) -> Conversation:
    """The conversation if it belongs to the user; otherwise 404, whether it exists or not."""
    query = select(Conversation).where(Conversation.id == conversation_id,
                                       Conversation.user_id == user_id)
    if for_update:
        query = query.with_for_update()
    conversation = session.exec(query).first()
    if conversation is None:
        raise ConversationNotFound()
    return conversation


def require_room(conversation: Conversation, *, limit: int, kept: int | None = None) -> None:
    """A turn adds two messages to the `kept` ones (all of them, unless a turn replaces the
    later ones); refuse one that would pass the plan's length of a conversation."""
    if (conversation.message_count if kept is None else kept) + 2 > limit:
        raise ConversationFull(
            f"This conversation has reached your plan's limit of {limit} messages. Start a new chat "
            "to keep going.", upgrade_url="/pricing")


def require_user_message(*, session: Session, conversation: Conversation, seq: int) -> Message:
    """The user message a turn replaces (edit & resend, regenerate); 404 if there is none."""
    message = session.exec(select(Message).where(Message.conversation_id == conversation.id,
                                                 Message.user_id == conversation.user_id,
                                                 Message.seq == seq)).first()
    if message is None or message.role != "user":
        raise MessageNotFound()
    return message


def recent_messages(*, session: Session, user_id: uuid.UUID, conversation_id: uuid.UUID,
                    limit: int, before: int | None = None) -> list[Message]:
    """The last `limit` messages of the user's conversation (before sequence number `before`),
    oldest first."""
    statement = select(Message).where(Message.conversation_id == conversation_id,
                                      Message.user_id == user_id)
    if before is not None:
        statement = statement.where(Message.seq < before)
    rows = session.exec(statement.order_by(Message.seq.desc()).limit(limit)).all()
    return list(reversed(rows))


def title_from(text: str, limit: int = 60) -> str:
    """A provisional title: the first line of the first message, shortened at a word."""
    line = " ".join(text.strip().split())
    if len(line) <= limit:
        return line or "New chat"
    cut = line[:limit].rsplit(" ", 1)[0]
    return (cut or line[:limit]) + "…"


def _drop_from(session: Session, conversation: Conversation, seq: int) -> None:
    doomed = select(Message.id).where(Message.conversation_id == conversation.id, Message.seq >= seq)
    session.execute(sa.delete(FeedbackSignal).where(FeedbackSignal.message_id.in_(doomed)))
    dropped = session.execute(sa.delete(Message).where(Message.conversation_id == conversation.id,
                                                       Message.seq >= seq)).rowcount
    conversation.message_count = max(0, conversation.message_count - (dropped or 0))


@dataclass(frozen=True)
class AssistantRecord:
    content: str
    model: str
    input_tokens: int
    output_tokens: int
    cost_micros: int
    status: str
    latency_ms: int | None
    first_token_ms: int | None
    cached: bool = False


@dataclass(frozen=True)
class RecordedTurn:
    conversation_id: uuid.UUID
    user_message_id: uuid.UUID
    assistant_message_id: uuid.UUID
    user_seq: int  # the answer's is the next one


def record_turn(*, session: Session, user_id: uuid.UUID, conversation_id: uuid.UUID,
                is_new: bool, source: str, user_text: str, user_tokens: int,
                assistant: AssistantRecord, fingerprint: str | None = None,
                flagged: bool = False, replace_from: int | None = None) -> RecordedTurn:
    """Append the user message and the answer, and update the conversation's totals. With
    `replace_from`, that message and all later ones are deleted first (their cost stays in the
    conversation's total: it was spent)."""
    if is_new:
        conversation = Conversation(id=conversation_id, user_id=user_id, title=title_from(user_text),
                                    model=assistant.model, source=source)
        session.add(conversation)
        session.flush()
        next_seq = 1
    else:
        # Locks the conversation row, so two turns finishing together get distinct seq numbers.
        conversation = get_owned(session=session, user_id=user_id, conversation_id=conversation_id,
                                 for_update=True)
        if replace_from is not None:
            _drop_from(session, conversation, replace_from)
        last = session.execute(sa.select(sa.func.max(Message.seq)).where(
            Message.conversation_id == conversation_id)).scalar_one_or_none()
        next_seq = (last or 0) + 1
    now = utcnow()
    user_message = Message(conversation_id=conversation_id, user_id=user_id, seq=next_seq,
                           role="user", content=user_text, prompt_tokens=user_tokens,
                           total_tokens=user_tokens, fingerprint=fingerprint, flagged_abuse=flagged,
                           created_at=now)
    answer = Message(conversation_id=conversation_id, user_id=user_id, seq=next_seq + 1,
                     role="assistant", content=assistant.content, model=assistant.model,
                     prompt_tokens=assistant.input_tokens, completion_tokens=assistant.output_tokens,
                     total_tokens=assistant.input_tokens + assistant.output_tokens,
                     cost_micros=assistant.cost_micros, status=assistant.status,
                     latency_ms=assistant.latency_ms, first_token_ms=assistant.first_token_ms,
                     cached=assistant.cached, created_at=now)
    session.add_all([user_message, answer])
    conversation.total_tokens += assistant.input_tokens + assistant.output_tokens
    conversation.cost_micros += assistant.cost_micros
    conversation.message_count += 2
    conversation.model = assistant.model
    conversation.updated_at = now
    session.add(conversation)
    session.flush()
    return RecordedTurn(conversation_id, user_message.id, answer.id, next_seq)
