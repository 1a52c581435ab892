"""The chat page's state: the open conversation (its last messages, earlier ones on demand), the
answer while it streams, Stop, regenerate, edit & resend, thumbs, the draft's cost preview.

A turn runs through the same pipeline as the API (the TurnStreaming mixin reads it). Opening a
conversation loads its last 50 messages, however long it is; "Load earlier" fetches the 50 before
them on demand; after a turn, at most MESSAGES_IN_STATE (turn_stream.py) stay.
"""

from __future__ import annotations

import asyncio
import dataclasses
import uuid

import reflex as rx

from chatapp.db import run_db
from chatapp.models import utcnow
from chatapp.services import account_settings, catalog, feedback, history, preview
from chatapp.services.conversations import get_owned
from chatapp.services.errors import AppError
from chatapp.services.tiers import tier_named
from chatapp.settings import get_settings
from chatapp.state.session import SessionState, run_as_user
from chatapp.state.turn_stream import TurnStreaming, fetch_usage
from chatapp.state.views import MessageView, message_view

PAGE = history.MESSAGES_DEFAULT  # messages loaded when a conversation opens, and per "load earlier"


@dataclasses.dataclass
class ModelOption:
    id: str
    label: str


def _page(*, session, user_id, conversation_id: uuid.UUID, before: int | None):
    """(title, views oldest first, seq to pass for the page before) of the user's conversation."""
    conversation = get_owned(session=session, user_id=user_id, conversation_id=conversation_id)
    page = history.messages_page(session=session, user_id=user_id, conversation_id=conversation_id,
                                 before=before, limit=PAGE)
    thumbs = feedback.thumbs_for(session=session, user_id=user_id,
                                 message_ids=[m.id for m in page.messages if m.role == "assistant"])
    now = utcnow()
    views = [message_view(m, now, thumbs.get(m.id, "")) for m in page.messages]
    return conversation.title, views, page.next_before


class ChatState(TurnStreaming, rx.State):
    messages: list[MessageView] = []
    streaming_text: str = ""
    streaming: bool = False
    conversation_id: str = ""
    conversation_title: str = ""
    earlier_before: int = 0  # > 0: older messages exist; the seq to load the page before
    loading_earlier: bool = False
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

    @rx.var
    def last_answer_id(self) -> str:
        """The answer Regenerate replaces: the last message, when it is an answer."""
        if self.messages and self.messages[-1].role == "assistant":
            return self.messages[-1].id
        return ""

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
        if preferred in {m.id for m in models} and not self.conversation_id and not self.messages:
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
        self.messages, self.conversation_id, self.conversation_title = [], "", ""
        self.error, self.error_code, self.streaming_text, self.earlier_before = "", "", "", 0
        self.editing_id = ""

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
            title, views, before = await run_as_user(await self._token(), _page,
                                                     conversation_id=uuid.UUID(conversation_id), before=None)
        except (AppError, ValueError):
            self.error = "That conversation could not be opened: it may have been deleted."
            return
        self.conversation_id, self.conversation_title = conversation_id, title
        self.messages, self.earlier_before = views, before or 0
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
    async def load_earlier(self):
        if not self.earlier_before or self.loading_earlier or not self.conversation_id:
            return
        self.loading_earlier = True
        try:
            _, views, before = await run_as_user(await self._token(), _page,
                                                 conversation_id=uuid.UUID(self.conversation_id),
                                                 before=self.earlier_before)
            self.messages, self.earlier_before = views + self.messages, before or 0
        except AppError as exc:
            self.error = exc.message
        self.loading_earlier = False

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
        index = next((i for i, m in enumerate(self.messages) if m.id == message_id), None)
        if index is None:
            return
        wanted = None if self.messages[index].feedback == value else value
        try:
            await run_as_user(await self._token(), feedback.set_thumb, message_id=uuid.UUID(message_id),
                              value=wanted)
        except (AppError, ValueError):
            self.error = "That vote could not be saved: the answer may have been replaced."
            return
        self.messages[index].feedback = wanted or ""

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
        index = next((i for i, m in enumerate(self.messages) if m.id == self.editing_id), None)
        self.editing_id = ""
        if index is None or not text or self.streaming or self.retry_in > 0:
            return
        return self._begin(text, replace_from=self.messages[index].seq, keep=index)

    @rx.event
    def regenerate(self):
        """A fresh answer to the last question, replacing the last answer."""
        if self.streaming or self.retry_in > 0 or len(self.messages) < 2 or not self.last_answer_id:
            return
        question = self.messages[-2]
        return self._begin(question.content, replace_from=question.seq, keep=len(self.messages) - 2)

    @rx.event
    def send(self, form: dict):
        text = (form.get("message") or "").strip()
        if self.streaming or self.retry_in > 0:
            return
        if not text:
            self.error, self.error_upgrade = "Type a message first.", False
            return
        return [rx.set_value("composer", ""), self._begin(text, replace_from=0, keep=len(self.messages))]

    def _begin(self, text: str, *, replace_from: int, keep: int):
        """Show the question at once (answers after `keep` go) and start the turn."""
        self.error, self.error_upgrade, self.draft_info = "", False, ""
        self.messages = [*self.messages[:keep],
                         MessageView(id=f"pending-{uuid.uuid4().hex}", role="user", content=text)]
        self.streaming, self.streaming_text, self._stop_requested = True, "", False
        return ChatState.stream_reply(text, replace_from)

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
