"""Sharing a conversation read-only by link, and exporting it as Markdown or JSON for its owner.

A share link carries a random token stored on the conversation; revoking clears it, so the old
link stops working at once. What a stranger sees through a link is a `SharedConversation`: the
title, the date, and each message's role, text, time and (for answers) the model's display name.
Nothing else leaves: no ids, no email, no tokens or costs, no abuse flags or fingerprints.
"""

from __future__ import annotations

import json
import re
import secrets
import unicodedata
import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from chatapp.models import Conversation, Message, utcnow
from chatapp.services import catalog, feedback
from chatapp.services.conversations import get_owned
from chatapp.services.history import conversation_json, message_json
from chatapp.settings import Settings, get_settings

TOKEN_BYTES = 32  # 256 bits, 43 URL-safe characters (the column holds 64)
_TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{16,64}")
# Every status a recorded answer can have; all are shown to the owner (partial answers with a
# note), so the shared view shows them too. A status added later stays private until listed here.
FINAL_STATUSES = ("complete", "stopped", "interrupted", "truncated")
SHARED_ROLES = ("user", "assistant")
_ROLE_LABELS = {"user": "You", "assistant": "Assistant", "system": "System"}


@dataclass(frozen=True)
class SharedMessage:
    role: str  # user | assistant
    content: str
    created_at: datetime
    model: str | None  # the model's display name, for answers only


@dataclass(frozen=True)
class SharedConversation:
    title: str
    created_at: datetime
    messages: tuple[SharedMessage, ...]


@dataclass(frozen=True)
class ExportFile:
    filename: str  # safe for a Content-Disposition header and a download attribute
    media_type: str
    body: str


def share_path(token: str) -> str:
    """The path of the public page that shows a shared conversation."""
    return f"/share/{token}"


def share(*, session: Session, user_id: uuid.UUID, conversation_id: uuid.UUID) -> str:
    """The conversation's share token, made on first use; sharing again returns the same link."""
    # Locked, so two clicks at once cannot hand out two tokens of which only one works.
    conversation = get_owned(session=session, user_id=user_id, conversation_id=conversation_id,
                             for_update=True)
    if conversation.share_token is None:
        conversation.share_token = secrets.token_urlsafe(TOKEN_BYTES)
        session.add(conversation)
        session.flush()
    return conversation.share_token


def revoke(*, session: Session, user_id: uuid.UUID, conversation_id: uuid.UUID) -> None:
    """Stop sharing: the old link answers "no longer available" from now on. Sharing again later
    makes a new link."""
    conversation = get_owned(session=session, user_id=user_id, conversation_id=conversation_id,
                             for_update=True)
    conversation.share_token = None
    session.add(conversation)
    session.flush()


def shared_view(*, session: Session, token: str,
                settings: Settings | None = None) -> SharedConversation | None:
    """What anyone holding the link may read, or None for an unknown or revoked token."""
    if not _TOKEN_SHAPE.fullmatch(token or ""):
        return None
    conversation = session.exec(select(Conversation).where(Conversation.share_token == token)).first()
    if conversation is None:
        return None
    rows = session.exec(
        select(Message.role, Message.content, Message.created_at, Message.model)
        .where(Message.conversation_id == conversation.id, Message.user_id == conversation.user_id,
               Message.role.in_(SHARED_ROLES), Message.status.in_(FINAL_STATUSES),
               Message.content != "")
        .order_by(Message.seq)).all()
    names = _model_names(settings)
    messages = tuple(
        SharedMessage(role=role, content=content, created_at=created_at,
                      model=names.get(model, model) if role == "assistant" and model else None)
        for role, content, created_at, model in rows)
    return SharedConversation(title=conversation.title, created_at=conversation.created_at,
                              messages=messages)


def export_markdown(*, session: Session, user_id: uuid.UUID, conversation_id: uuid.UUID,
                    settings: Settings | None = None) -> ExportFile:
    """The whole conversation as a Markdown document: the title, then per message a heading with
    who wrote it and when, and its text."""
    conversation, messages = _owned_with_messages(session, user_id, conversation_id)
    names = _model_names(settings)
    summary = f"Exported from Chatapp · started {_stamp(conversation.created_at)} · {len(messages)} messages"
    lines = [f"# {_one_line(conversation.title)}", "", summary, ""]
    for message in messages:
        who = _ROLE_LABELS.get(message.role, message.role.capitalize())
        if message.role == "assistant" and message.model:
            who = f"{who} ({names.get(message.model, message.model)})"
        heading = f"## {who} · {_stamp(message.created_at)}"
        if message.status != "complete":
            heading += f" · {message.status}"
        lines += [heading, "", message.content.rstrip(), ""]
    return ExportFile(filename=export_filename(conversation.title, "md"),
                      media_type="text/markdown; charset=utf-8", body="\n".join(lines))


def export_json(*, session: Session, user_id: uuid.UUID, conversation_id: uuid.UUID) -> ExportFile:
    """The conversation and every message in the REST API's shapes (model, tokens, and costs as
    Decimal dollar strings), as one JSON document."""
    conversation, messages = _owned_with_messages(session, user_id, conversation_id)
    thumbs = feedback.thumbs_in(session=session, user_id=user_id, conversation_id=conversation.id)
    document = {"exported_at": utcnow().isoformat(), "conversation": conversation_json(conversation),
                "messages": [message_json(m, thumbs.get(m.id)) for m in messages]}
    return ExportFile(filename=export_filename(conversation.title, "json"),
                      media_type="application/json",
                      body=json.dumps(document, ensure_ascii=False, indent=2))


def export_filename(title: str, extension: str) -> str:
    """A file name from the title: ASCII letters, digits and dashes only, never empty."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^A-Za-z0-9]+", "-", ascii_title).strip("-").lower()[:60].strip("-")
    return f"{slug or 'conversation'}.{extension}"


def _owned_with_messages(session: Session, user_id: uuid.UUID,
                         conversation_id: uuid.UUID) -> tuple[Conversation, list[Message]]:
    conversation = get_owned(session=session, user_id=user_id, conversation_id=conversation_id)
    messages = session.exec(
        select(Message).where(Message.conversation_id == conversation.id, Message.user_id == user_id)
        .order_by(Message.seq)).all()
    return conversation, list(messages)


def _model_names(settings: Settings | None) -> dict[str, str]:
    return {m.id: m.display_name for m in catalog.all_models(settings or get_settings())}


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def _one_line(text: str) -> str:
    return " ".join(text.split())
