"""The open conversation's messages in the chat page's state, one page per var (see
message_window.py), as a mixin of ChatState: opening at the last page, "Load earlier", "Show
newer", and the reads and writes through which ChatState and the turn stream change them.

Only the slots that changed are assigned, so only they are sent to the browser.
"""

from __future__ import annotations

import uuid

import reflex as rx

from chatapp.models import utcnow
from chatapp.services import feedback, history
from chatapp.services.conversations import get_owned
from chatapp.services.errors import AppError
from chatapp.state.message_window import PAGE, SLOTS, MessageWindow
from chatapp.state.session import run_as_user
from chatapp.state.views import MessageView, message_view

SLOT_VARS = tuple(f"slot_{index}" for index in range(SLOTS))


def conversation_page(*, session, user_id, conversation_id: uuid.UUID, before: int | None = None,
          after: int | None = None) -> tuple[str, list[MessageView], bool]:
    """(title, views oldest first, whether more lie beyond them) of the user's conversation:
    its last page, or the page before seq `before`, or the page after seq `after`."""
    conversation = get_owned(session=session, user_id=user_id, conversation_id=conversation_id)
    page = history.messages_page(session=session, user_id=user_id, conversation_id=conversation_id,
                                 before=before, after=after, limit=PAGE)
    thumbs = feedback.thumbs_for(session=session, user_id=user_id,
                                 message_ids=[m.id for m in page.messages if m.role == "assistant"])
    now = utcnow()
    views = [message_view(m, now, thumbs.get(m.id, "")) for m in page.messages]
    return conversation.title, views, page.more


def _raw(value):
    """The plain value behind Reflex's change-tracking proxy."""
    return getattr(value, "__wrapped__", value)


class WindowedMessages(rx.State, mixin=True):
    # Four slots: SLOTS in message_window.py (tests/unit/test_message_window.py checks they agree).
    slot_0: list[MessageView] = []
    slot_1: list[MessageView] = []
    slot_2: list[MessageView] = []
    slot_3: list[MessageView] = []
    slot_order: list[int] = []  # the slots shown, oldest messages first
    has_earlier: bool = False  # "Load earlier messages" above the first one shown
    has_later: bool = False  # "Show newer messages" below the last one shown
    loading_earlier: bool = False
    loading_later: bool = False
    # The answer Regenerate replaces: the conversation's last message, when it is an answer.
    last_answer_id: str = ""

    def _window(self) -> MessageWindow:
        return MessageWindow([list(_raw(getattr(self, name))) for name in SLOT_VARS],
                             list(_raw(self.slot_order)), has_earlier=self.has_earlier,
                             has_later=self.has_later)

    def _store(self, window: MessageWindow) -> None:
        """Assign what changed (an assignment sends the var, changed or not)."""
        for slot in sorted(window.changed):
            setattr(self, SLOT_VARS[slot], window.slots[slot])
        if window.order != list(_raw(self.slot_order)):
            self.slot_order = window.order
        if (window.has_earlier, window.has_later) != (self.has_earlier, self.has_later):
            self.has_earlier, self.has_later = window.has_earlier, window.has_later
        tail = window.slots[window.order[-1]] if window.order else []
        last = tail[-1].id if tail and tail[-1].role == "assistant" and not window.has_later else ""
        if last != self.last_answer_id:
            self.last_answer_id = last

    def _messages(self) -> list[MessageView]:
        return self._window().messages()

    def _show_latest(self, views: list[MessageView], more_before: bool) -> None:
        window = self._window()
        window.reset(views, more_before=more_before)
        self._store(window)

    async def _fetch(self, **where) -> tuple[str, list[MessageView], bool]:
        return await run_as_user(await self._token(), conversation_page,
                                 conversation_id=uuid.UUID(self.conversation_id), **where)

    async def _reload_latest(self) -> None:
        """Back to the conversation's end (before a question is asked far up in its history)."""
        _, views, more = await self._fetch()
        self._show_latest(views, more)

    @rx.event
    async def load_earlier(self):
        window = self._window()
        # Not while an answer streams: a page taken off the end would take the question with it.
        if (not window.has_earlier or self.loading_earlier or self.streaming or not self.conversation_id
                or not window.first_seq()):
            return
        self.loading_earlier = True
        try:
            _, views, more = await self._fetch(before=window.first_seq())
            window.prepend(views, more_before=more)
            self._store(window)
        except AppError as exc:
            self.error = exc.message
        self.loading_earlier = False

    @rx.event
    async def load_later(self):
        window = self._window()
        if not window.has_later or self.loading_later or self.streaming or not self.conversation_id:
            return
        self.loading_later = True
        try:
            _, views, more = await self._fetch(after=window.last_seq())
            window.append(views, more_after=more)
            self._store(window)
        except AppError as exc:
            self.error = exc.message
        self.loading_later = False
