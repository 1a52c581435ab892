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


@dataclass(frozen=True)
class OwnedSize:
    """What a turn needs to know of a conversation before it runs: whose it is and its length."""

    id: uuid.UUID
    user_id: uuid.UUID
    message_count: int


_CONVERSATIONS, _MESSAGES = Conversation.__table__, Message.__table__
# Built once, in Core: every turn in a conversation runs both before its first token.
_SIZE = sa.select(_CONVERSATIONS.c.message_count).where(
    _CONVERSATIONS.c.id == sa.bindparam("conversation_id"), _CONVERSATIONS.c.user_id == sa.bindparam("user_id"))
_CONTEXT = (sa.select(_MESSAGES.c.role, _MESSAGES.c.content)
            .where(_MESSAGES.c.conversation_id == sa.bindparam("conversation_id"),
                   _MESSAGES.c.user_id == sa.bindparam("user_id"), _MESSAGES.c.seq < sa.bindparam("before"))
            .order_by(_MESSAGES.c.seq.desc()).limit(sa.bindparam("limit")))


def owned_size(*, session: Session, user_id: uuid.UUID, conversation_id: uuid.UUID) -> OwnedSize:
    """The conversation's length if it belongs to the user; otherwise 404, as get_owned."""
    count = session.connection().execute(_SIZE, {"conversation_id": conversation_id,
                                                 "user_id": user_id}).scalar_one_or_none()
    if count is None:
        raise ConversationNotFound()
    return OwnedSize(conversation_id, user_id, count)


def recent_context(*, session: Session, user_id: uuid.UUID, conversation_id: uuid.UUID, limit: int,
                   before: int | None = None) -> list[dict[str, str]]:
    """The last `limit` messages of the user's conversation (before sequence number `before`) as
    chat context, oldest first; empty messages left out."""
    rows = session.connection().execute(_CONTEXT, {
        "conversation_id": conversation_id, "user_id": user_id, "limit": limit,
        "before": before if before is not None else 2**31 - 1}).all()
    return [{"role": role, "content": content} for role, content in reversed(rows) if content]


def require_room(conversation: Conversation | OwnedSize, *, limit: int, kept: int | None = None) -> None:
    """A turn adds two messages to the `kept` ones (all of them, unless a turn replaces the
    later ones); refuse one that would pass the plan's length of a conversation."""
    if (conversation.message_count if kept is None else kept) + 2 > limit:
        raise ConversationFull(
            f"This conversation has reached your plan's limit of {limit} messages. Start a new chat "
            "to keep going.", upgrade_url="/pricing")


def require_user_message(*, session: Session, conversation: Conversation | OwnedSize, seq: int) -> Message:
    """The user message a turn replaces (edit & resend, regenerate); 404 if there is none."""
    message = session.exec(select(Message).where(Message.conversation_id == conversation.id,
                                                 Message.user_id == conversation.user_id,
                                                 Message.seq == seq)).first()
    if message is None or message.role != "user":
        raise MessageNotFound()
    return message


def title_from(text: str, limit: int = 60) -> str:
    """A provisional title: the first line of the first message, shortened at a word."""
    line = " ".join(text.strip().split())
    if len(line) <= limit:
        return line or "New chat"
    cut = line[:limit].rsplit(" ", 1)[0]
    return (cut or line[:limit]) + "…"


def _drop_from(session: Session, conversation: Conversation, seq: int) -> int:
    """Delete the messages from `seq` on (and their feedback); returns how many went."""
    doomed = select(Message.id).where(Message.conversation_id == conversation.id, Message.seq >= seq)
    session.execute(sa.delete(FeedbackSignal).where(FeedbackSignal.message_id.in_(doomed)))
    return session.execute(sa.delete(Message).where(Message.conversation_id == conversation.id,
                                                    Message.seq >= seq)).rowcount or 0


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


_BUMP = (sa.update(_CONVERSATIONS)
         .where(_CONVERSATIONS.c.id == sa.bindparam("b_conversation"),
                _CONVERSATIONS.c.user_id == sa.bindparam("b_user"))
         .values(total_tokens=_CONVERSATIONS.c.total_tokens + sa.bindparam("b_tokens"),
                 cost_micros=_CONVERSATIONS.c.cost_micros + sa.bindparam("b_cost"),
                 message_count=_CONVERSATIONS.c.message_count + sa.bindparam("b_added"),
                 model=sa.bindparam("b_model"), updated_at=sa.bindparam("b_now")))
_LAST_SEQ = sa.select(sa.func.max(_MESSAGES.c.seq)).where(
    _MESSAGES.c.conversation_id == sa.bindparam("conversation_id"))


def record_turn(*, session: Session, user_id: uuid.UUID, conversation_id: uuid.UUID,
                is_new: bool, source: str, user_text: str, user_tokens: int,
                assistant: AssistantRecord, fingerprint: str | None = None,
                flagged: bool = False, replace_from: int | None = None) -> RecordedTurn:
    """Append the user message and the answer, and update the conversation's totals. With
    `replace_from`, that message and all later ones are deleted first (their cost stays in the
    conversation's total: it was spent). Plain SQL: this runs once per turn, for every user."""
    connection, now = session.connection(), utcnow()
    tokens = assistant.input_tokens + assistant.output_tokens
    if is_new:
        connection.execute(sa.insert(_CONVERSATIONS), {
            "id": conversation_id, "user_id": user_id, "title": title_from(user_text),
            "model": assistant.model, "source": source, "total_tokens": tokens,
            "cost_micros": assistant.cost_micros, "message_count": 2, "created_at": now, "updated_at": now})
        next_seq = 1
    else:
        dropped = 0
        if replace_from is not None:
            conversation = get_owned(session=session, user_id=user_id, conversation_id=conversation_id,
                                     for_update=True)
            dropped = _drop_from(session, conversation, replace_from)
        # The update locks the conversation row first, so two turns finishing together get
        # distinct seq numbers (SQLite's write lock is already held).
        bumped = connection.execute(_BUMP, {"b_conversation": conversation_id, "b_user": user_id,
                                            "b_tokens": tokens, "b_cost": assistant.cost_micros,
                                            "b_added": 2 - dropped, "b_model": assistant.model, "b_now": now})
        if bumped.rowcount != 1:
            raise ConversationNotFound()
        last = connection.execute(_LAST_SEQ, {"conversation_id": conversation_id}).scalar_one_or_none()
        next_seq = (last or 0) + 1
    user_message_id, answer_id = uuid.uuid4(), uuid.uuid4()
    common = {"conversation_id": conversation_id, "user_id": user_id, "created_at": now}
    connection.execute(sa.insert(_MESSAGES), [
        {**common, "id": user_message_id, "seq": next_seq, "role": "user", "content": user_text,
         "model": None, "prompt_tokens": user_tokens, "completion_tokens": 0, "total_tokens": user_tokens,
         "cost_micros": 0, "status": "complete", "latency_ms": None, "first_token_ms": None,
         "cached": False, "fingerprint": fingerprint, "flagged_abuse": flagged},
        {**common, "id": answer_id, "seq": next_seq + 1, "role": "assistant", "content": assistant.content,
         "model": assistant.model, "prompt_tokens": assistant.input_tokens,
         "completion_tokens": assistant.output_tokens, "total_tokens": tokens,
         "cost_micros": assistant.cost_micros, "status": assistant.status,
         "latency_ms": assistant.latency_ms, "first_token_ms": assistant.first_token_ms,
         "cached": assistant.cached, "fingerprint": None, "flagged_abuse": False}])
    return RecordedTurn(conversation_id, user_message_id, answer_id, next_seq)
