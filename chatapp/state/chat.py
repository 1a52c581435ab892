"""The chat page's state: the open conversation, the answer while it streams, Stop, regenerate,
edit & resend, thumbs, the draft's cost preview.

A turn runs through the same pipeline as the API (the TurnStreaming mixin reads it). Opening a
conversation loads its last 50 messages, however long it is; the WindowedMessages mixin holds
them a page per var, loads earlier (and newer) pages on demand and keeps at most four pages.
"""

from __future__ import annotations

import asyncio
import dataclasses
import uuid

import reflex as rx

from chatapp.db import run_db
from chatapp.services import account_settings, catalog, feedback, preview
from chatapp.services.conversations import get_owned
from chatapp.services.errors import AppError
from chatapp.services.tiers import tier_named
from chatapp.settings import get_settings
from chatapp.state.session import SessionState, run_as_user
from chatapp.state.turn_stream import TurnStreaming, fetch_usage
from chatapp.state.views import MessageView
from chatapp.state.windowed_messages import WindowedMessages, conversation_page


@dataclasses.dataclass
class ModelOption:
    id: str
    label: str


class ChatState(TurnStreaming, WindowedMessages, rx.State):
    streaming_text: str = ""
    streaming: bool = False
    conversation_id: str = ""
    conversation_title: str = ""
    model_options: list[ModelOption] = []
    selected_model: str = ""
    error: str = ""
    error_upgrade: bool = False
    error_code: str = ""  # the refusal's code, for the actions offered beside it
    # The budget level in words (GET /api/usage's message), refreshed on load and after each turn.
    usage_level: int = 0
    usage_message: str = ""
    # Seconds until a refused sender may send again (rate limit, throttle, suspension): counted
    # down live on the Send button.
    retry_in: int = 0
    editing_id: str = ""  # the user message being edited in place
    draft_info: str = ""  # "12 / 8,000 tokens · ≈ $0.0004 · 2% of today's budget"
    draft_problem: bool = False
    _countdown: int = 0
    _stop_requested: bool = False

    @rx.var
    def visible_error(self) -> str:
        """The error to show, unless the budget banner already says the same."""
        return "" if self.error == self.usage_message else self.error

    @rx.var
    def retry_label(self) -> str:
        """The wait on the Send button: "42 s", "1:05", "15 min"."""
        seconds = self.retry_in
        if seconds >= 600:
            return f"{-(-seconds // 60)} min"
        return f"{seconds // 60}:{seconds % 60:02d}" if seconds >= 60 else f"{seconds} s"

    @rx.var
    def selected_is_demo(self) -> bool:
        return self.selected_model.startswith("demo-")

    async def _token(self) -> str:
        return (await self.get_state(SessionState)).token

    @rx.event
    async def load(self):
        """on_load: the models this user's plan may use, their budget, the open conversation."""
        session = await self.get_state(SessionState)
        if not session.is_authenticated:
            return
        settings = get_settings()
        tier = tier_named(session.tier, settings.tier_overrides)
        models = catalog.models_for_tier(tier, settings)
        self.model_options = [ModelOption(m.id, m.display_name + (" (demo)" if m.is_demo else ""))
                              for m in models]
        preferred = await run_as_user(session.token, account_settings.default_model)
        if preferred in {m.id for m in models} and not self.conversation_id and not self.slot_order:
            self.selected_model = preferred
        if self.selected_model not in {m.id for m in models}:
            self.selected_model = models[0].id if models else ""
        if not self.streaming:
            self.error, self.error_upgrade = "", False
        self._apply_usage(await fetch_usage(session.token))

    def _apply_usage(self, usage: tuple[int, str] | None) -> None:
        if usage is not None:
            self.usage_level, self.usage_message = usage

    @rx.event
    def choose_model(self, model_id: str):
        self.selected_model = model_id

    @rx.event
    def new_chat(self):
        if self.streaming:
            return
        self._show_latest([], more_before=False)
        self.conversation_id, self.conversation_title = "", ""
        self.error, self.error_code, self.streaming_text, self.editing_id = "", "", "", ""

    @rx.event
    def forget_conversation(self, conversation_id: str):
        """The sidebar deleted a conversation: close it if it is the open one."""
        if conversation_id == self.conversation_id:
            return ChatState.new_chat

    @rx.event
    async def open_conversation(self, conversation_id: str):
        if self.streaming:
            return
        try:
            title, views, more = await run_as_user(await self._token(), conversation_page,
                                                   conversation_id=uuid.UUID(conversation_id))
        except (AppError, ValueError):
            self.error = "That conversation could not be opened: it may have been deleted."
            return
        self.conversation_id, self.conversation_title = conversation_id, title
        self._show_latest(views, more_before=more)
        self.error, self.error_code, self.editing_id = "", "", ""
        return rx.call_script("window.chatappScrollToEnd && window.chatappScrollToEnd()")

    @rx.event
    async def refresh_title(self):
        """After a rename in the sidebar: the open conversation's title as stored."""
        if not self.conversation_id:
            return
        try:
            self.conversation_title = (await run_as_user(
                await self._token(), get_owned, conversation_id=uuid.UUID(self.conversation_id))).title
        except AppError:
            pass

    @rx.event
    async def preview_draft(self, draft: str):
        """The composer's token count and cost preview, from the guard's own estimator."""
        if self.streaming:
            return
        try:
            result = await run_db(preview.preview, credential=await self._token(), draft=draft,
                                  settings=get_settings(), model_id=self.selected_model or None,
                                  conversation_id=uuid.UUID(self.conversation_id) if self.conversation_id else None)
        except AppError:
            self.draft_info, self.draft_problem = "", False
            return
        self.draft_info, self.draft_problem = result.label, bool(result.problem)

    @rx.event
    async def thumb(self, message_id: str, value: str):
        """Thumbs up or down; the same thumb again takes the vote back."""
        window = self._window()
        message = window.find(message_id)
        if message is None:
            return
        wanted = None if message.feedback == value else value
        try:
            await run_as_user(await self._token(), feedback.set_thumb, message_id=uuid.UUID(message_id),
                              value=wanted)
        except (AppError, ValueError):
            self.error = "That vote could not be saved: the answer may have been replaced."
            return
        window.update(message_id, feedback=wanted or "")
        self._store(window)

    @rx.event
    def start_edit(self, message_id: str):
        if not self.streaming:
            self.editing_id = message_id

    @rx.event
    def cancel_edit(self):
        self.editing_id = ""

    @rx.event
    def save_edit(self, form: dict):
        """Edit & resend: this message and every later one give way to the new exchange."""
        text = (form.get("text") or "").strip()
        message = self._window().find(self.editing_id)
        self.editing_id = ""
        if message is None or not text or self.streaming or self.retry_in > 0:
            return
        return self._begin(text, replace_from=message.seq, cut_at=message.id)

    @rx.event
    def regenerate(self):
        """A fresh answer to the last question, replacing the last answer."""
        messages = self._messages()
        if self.streaming or self.retry_in > 0 or len(messages) < 2 or not self.last_answer_id:
            return
        question = messages[-2]
        return self._begin(question.content, replace_from=question.seq, cut_at=question.id)

    @rx.event
    async def send(self, form: dict):
        text = (form.get("message") or "").strip()
        if self.streaming or self.retry_in > 0:
            return
        if not text:
            self.error, self.error_upgrade = "Type a message first.", False
            return
        if self.has_later:  # the reader is far up: the question goes at the end, shown with it
            try:
                await self._reload_latest()
            except AppError as exc:
                self.error = exc.message
                return
        return [rx.set_value("composer", ""), *self._begin(text, replace_from=0, cut_at=None)]

    def _begin(self, text: str, *, replace_from: int, cut_at: str | None) -> list:
        """Show the question at once (from message `cut_at` on, the messages go), scrolled to it
        however far up the reader was, and start the turn."""
        self.error, self.error_upgrade, self.draft_info = "", False, ""
        window = self._window()
        if cut_at is not None:
            window.cut_before(cut_at)
        window.add(MessageView(id=f"pending-{uuid.uuid4().hex}", role="user", content=text))
        self._store(window)
        self.streaming, self.streaming_text, self._stop_requested = True, "", False
        return [rx.call_script("window.chatappScrollToEnd && window.chatappScrollToEnd()"),
                ChatState.stream_reply(text, replace_from)]

    @rx.event(background=True)
    async def count_down(self):
        """Tick `retry_in` down once a second; the refusal's message goes when it reaches 0."""
        async with self:
            self._countdown += 1
            mine = self._countdown
        while True:
            await asyncio.sleep(1)
            async with self:
                if mine != self._countdown:
                    return  # a newer refusal started its own countdown
                self.retry_in = max(0, self.retry_in - 1)
                if self.retry_in == 0:
                    self.error, self.error_upgrade = "", False
                    return

    @rx.event
    def stop(self):
        self._stop_requested = True
