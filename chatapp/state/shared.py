"""The public read-only page's state: the shared conversation behind the link's token, no login."""

from __future__ import annotations

import dataclasses
from urllib.parse import unquote

import reflex as rx

from chatapp.db import run_db
from chatapp.services import sharing


@dataclasses.dataclass
class SharedMessageView:
    role: str
    content: str
    meta: str = ""  # the model's display name, under an answer


def _token_from_path(path: str) -> str:
    """The last segment of /share/<token> (a frontend path prefix may come before it)."""
    return unquote(path.rstrip("/").rsplit("/", 1)[-1])


class SharedState(rx.State):
    status: str = "loading"  # loading | found | gone
    title: str = ""
    started: str = ""
    messages: list[SharedMessageView] = []

    @rx.event
    async def load(self):
        """on_load of /share/<token>: read the conversation, or say the link no longer works."""
        self.status, self.title, self.started, self.messages = "loading", "", "", []
        yield
        view = await run_db(sharing.shared_view, token=_token_from_path(self.router.url.path))
        if view is None:
            self.status = "gone"
            return
        self.title = view.title
        self.started = f"Started {view.created_at.day} {view.created_at:%B %Y}"
        self.messages = [SharedMessageView(role=m.role, content=m.content, meta=m.model or "")
                         for m in view.messages]
        self.status = "found"
