"""The sidebar: the user's conversations grouped by age with starred ones on top, server-side
search, the archived view, rename inline, star, archive and delete with confirmation, and more
rows on demand (starred ones and the others each a page at a time). Every change goes through
services/history.py with the signed-in user's id."""

from __future__ import annotations

import uuid

import reflex as rx

from chatapp.models import utcnow
from chatapp.services import history
from chatapp.services.errors import AppError
from chatapp.state.session import SessionState, run_as_user
from chatapp.state.views import ConversationItem, conversation_items

PAGE = 30
STARRED_PAGE = 10  # starred conversations shown on top at first; "More starred" adds as many again


def _load(*, session, user_id, query: str, archived: bool, starred: bool, cursor: str | None,
          after: ConversationItem | None) -> tuple[list[ConversationItem], str | None]:
    """A page of sidebar rows: of the starred conversations, or of the others (all of them in
    the archived view), after `cursor`; with the cursor of the page after it."""
    page = history.list_conversations(session=session, user_id=user_id, query=query or None, cursor=cursor,
                                      starred=None if archived else starred, archived=archived,
                                      limit=STARRED_PAGE if starred else PAGE)
    now = utcnow()
    rows = (conversation_items(page.conversations, [], now, after=after) if starred
            else conversation_items([], page.conversations, now, after=after))
    return rows, page.next_cursor


def _first_pages(*, session, user_id, query: str, archived: bool):
    """(starred rows, their next cursor, other rows, their next cursor), in one transaction."""
    starred, starred_cursor = ([], None) if archived else _load(
        session=session, user_id=user_id, query=query, archived=False, starred=True, cursor=None, after=None)
    others, cursor = _load(session=session, user_id=user_id, query=query, archived=archived, starred=False,
                           cursor=None, after=None)
    return starred, starred_cursor, others, cursor


class SidebarState(rx.State):
    # Two lists, each paged on its own ("More starred", "Show more"): a page added to one does
    # not send the other again.
    starred: list[ConversationItem] = []
    items: list[ConversationItem] = []
    query: str = ""
    archived_view: bool = False
    starred_cursor: str = ""
    next_cursor: str = ""
    loading: bool = False
    renaming_id: str = ""
    confirm_delete_id: str = ""
    notice: str = ""  # an error of the last action, shown under the list
    open_on_phone: bool = False  # the drawer on narrow screens

    async def _token(self) -> str:
        return (await self.get_state(SessionState)).token

    @rx.event
    async def refresh(self):
        """The first pages again (on load, after a turn, after a change)."""
        self.loading = True
        try:
            starred, starred_cursor, others, cursor = await run_as_user(
                await self._token(), _first_pages, query=self.query.strip(), archived=self.archived_view)
            self.starred, self.starred_cursor = starred, starred_cursor or ""
            self.items, self.next_cursor = others, cursor or ""
        except AppError as exc:
            self.notice = exc.message
        self.loading = False

    async def _more(self, *, starred: bool) -> None:
        rows, cursor = (self.starred, self.starred_cursor) if starred else (self.items, self.next_cursor)
        if not cursor or self.loading:
            return
        self.loading = True
        try:
            more, cursor = await run_as_user(await self._token(), _load, query=self.query.strip(),
                                             archived=self.archived_view, starred=starred, cursor=cursor,
                                             after=rows[-1] if rows else None)
            if starred:
                self.starred, self.starred_cursor = self.starred + more, cursor or ""
            else:
                self.items, self.next_cursor = self.items + more, cursor or ""
        except AppError as exc:
            self.notice = exc.message
        self.loading = False

    @rx.event
    async def load_more(self):
        await self._more(starred=False)

    @rx.event
    async def load_more_starred(self):
        await self._more(starred=True)

    @rx.event
    async def search(self, query: str):
        self.query = query[:history.SEARCH_MAX_LENGTH]
        await self.refresh()

    @rx.event
    async def toggle_archived(self):
        self.archived_view = not self.archived_view
        await self.refresh()

    async def _change(self, conversation_id: str, **change) -> None:
        self.notice = ""
        try:
            await run_as_user(await self._token(), history.update, conversation_id=uuid.UUID(conversation_id),
                              **change)
        except (AppError, ValueError) as exc:
            self.notice = getattr(exc, "message", "That conversation could not be changed.")
        await self.refresh()

    @rx.event
    async def toggle_star(self, conversation_id: str, starred: bool):
        await self._change(conversation_id, starred=not starred)

    @rx.event
    async def set_archived(self, conversation_id: str, archived: bool):
        await self._change(conversation_id, archived=archived)

    @rx.event
    def start_rename(self, conversation_id: str):
        self.renaming_id, self.confirm_delete_id = conversation_id, ""

    @rx.event
    def cancel_rename(self):
        self.renaming_id = ""

    @rx.event
    def rename_key(self, key: str):
        if key == "Escape":
            self.renaming_id = ""

    @rx.event
    async def save_rename(self, form: dict):
        conversation_id, self.renaming_id = self.renaming_id, ""
        if conversation_id:
            await self._change(conversation_id, title=form.get("title") or "")

    @rx.event
    def ask_delete(self, conversation_id: str):
        self.confirm_delete_id, self.renaming_id = conversation_id, ""

    @rx.event
    def cancel_delete(self):
        self.confirm_delete_id = ""

    @rx.event
    async def confirm_delete(self):
        conversation_id, self.confirm_delete_id = self.confirm_delete_id, ""
        if not conversation_id:
            return
        try:
            await run_as_user(await self._token(), history.delete, conversation_id=uuid.UUID(conversation_id))
        except AppError as exc:
            self.notice = exc.message
        await self.refresh()

    @rx.event
    def toggle_drawer(self):
        self.open_on_phone = not self.open_on_phone

    @rx.event
    def close_drawer(self):
        self.open_on_phone = False
