"""Share and export the open conversation: a read-only link (made on first use, revocable) and
a download as Markdown or JSON. Owner checks happen in services/sharing.py."""

from __future__ import annotations

import uuid

import reflex as rx

from chatapp.services import sharing
from chatapp.services.errors import AppError
from chatapp.state.chat import ChatState
from chatapp.state.session import SessionState, run_as_user


class ConversationActionsState(rx.State):
    share_open: bool = False
    share_url: str = ""
    notice: str = ""

    async def _target(self) -> tuple[str, uuid.UUID | None]:
        chat = await self.get_state(ChatState)
        token = (await self.get_state(SessionState)).token
        return token, uuid.UUID(chat.conversation_id) if chat.conversation_id else None

    @rx.event
    async def share(self):
        token, conversation_id = await self._target()
        self.notice, self.share_url = "", ""
        if conversation_id is None:
            return
        try:
            link = await run_as_user(token, sharing.share, conversation_id=conversation_id)
        except AppError as exc:
            self.notice = exc.message
        else:
            self.share_url = f"{self.router.url.origin}{sharing.share_path(link)}"
        self.share_open = True

    @rx.event
    async def revoke(self):
        token, conversation_id = await self._target()
        if conversation_id is None:
            return
        try:
            await run_as_user(token, sharing.revoke, conversation_id=conversation_id)
        except AppError as exc:
            self.notice = exc.message
            return
        self.share_url, self.notice = "", "Sharing stopped: the link no longer works."

    @rx.event
    def set_share_open(self, value: bool):
        self.share_open = value

    @rx.event
    async def export(self, kind: str):
        token, conversation_id = await self._target()
        if conversation_id is None:
            return
        make = sharing.export_json if kind == "json" else sharing.export_markdown
        try:
            file = await run_as_user(token, make, conversation_id=conversation_id)
        except AppError as exc:
            return rx.toast.error(exc.message)
        return rx.download(data=file.body, filename=file.filename)
