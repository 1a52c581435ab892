"""Plain data the chat page renders: one row per message and per conversation in the sidebar.
Built from service results here, so the states only move them around."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta

from chatapp.models import Conversation, Message
from chatapp.services import catalog
from chatapp.services.history import age_group
from chatapp.services.money import format_usd
from chatapp.settings import get_settings

STATUS_NOTES = {
    "stopped": "Stopped: the answer so far is kept and billed.",
    "interrupted": "Interrupted by the provider: the answer so far is kept and billed.",
    "truncated": "The answer reached its length limit.",
}


@dataclasses.dataclass
class MessageView:
    id: str
    role: str
    content: str
    seq: int = 0
    meta: str = ""  # the answer's badge: "GPT-4o mini · 312 tokens · $0.0004", "Saved answer · $0.00"
    note: str = ""
    time: str = ""  # "14:05 UTC"
    stamp: str = ""  # full ISO time, for the tooltip
    feedback: str = ""  # "up" | "down" | ""


@dataclasses.dataclass
class ConversationItem:
    id: str
    title: str
    starred: bool
    group: str  # "Starred", "Today", "Yesterday", "Previous 7 days", "Older"
    first_of_group: bool = False


def model_name(model_id: str | None) -> str:
    if not model_id:
        return ""
    try:
        return catalog.get_model(model_id, get_settings()).display_name
    except Exception:  # a model since removed from the catalogue keeps its id
        return model_id


def clock(moment: datetime, now: datetime) -> str:
    if moment.date() == now.date():
        return f"{moment:%H:%M} UTC"
    if now - moment < timedelta(days=300):
        return f"{moment:%-d %b, %H:%M} UTC"
    return f"{moment:%-d %b %Y} UTC"


def answer_meta(model: str, tokens: int, cost_micros: int, cached: bool) -> str:
    if cached:
        return f"Saved answer · {format_usd(0)}"
    return f"{model} · {tokens:,} tokens · {format_usd(cost_micros)}"


def message_view(message: Message, now: datetime, feedback: str = "") -> MessageView:
    view = MessageView(id=str(message.id), role=message.role, content=message.content, seq=message.seq,
                       time=clock(message.created_at, now), stamp=message.created_at.isoformat(),
                       feedback=feedback)
    if message.role == "assistant":
        view.meta = answer_meta(model_name(message.model), message.prompt_tokens + message.completion_tokens,
                                message.cost_micros, message.cached)
        view.note = STATUS_NOTES.get(message.status, "")
    return view


def conversation_items(starred: list[Conversation], others: list[Conversation], now: datetime,
                       after: ConversationItem | None = None) -> list[ConversationItem]:
    """Sidebar rows: starred first, then by age; a heading goes above the first of each group
    (`after` is the last row already shown, when appending a page)."""
    rows = [ConversationItem(str(c.id), c.title, True, "Starred") for c in starred]
    rows += [ConversationItem(str(c.id), c.title, False, age_group(c.updated_at, now)) for c in others]
    previous = after.group if after else None
    for row in rows:
        row.first_of_group = row.group != previous
        previous = row.group
    return rows
