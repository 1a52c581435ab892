"""Streaming one turn into the chat page, as a mixin of ChatState.

The growing answer lives in its own `str` var (Reflex resends a changed var whole) and is flushed
to the browser every FLUSH_SECONDS; it moves into the messages once, when the turn settles (into
the newest page of the WindowedMessages mixin, the only one sent again).
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from contextlib import aclosing

import reflex as rx

from chatapp.db import run_db
from chatapp.models import utcnow
from chatapp.services import guardian, pipeline, titles
from chatapp.services.conversations import title_from
from chatapp.services.errors import AppError
from chatapp.settings import get_settings
from chatapp.state.session import SessionState
from chatapp.state.sidebar import SidebarState
from chatapp.state.views import STATUS_NOTES, MessageView, answer_meta, clock

FLUSH_SECONDS = 0.075
BLOCKED_LEVEL = 99  # an emergency stop, shown like a budget block


async def fetch_usage(credential: str) -> tuple[int, str] | None:
    """(level, message) of the signed-in user's budget, or None if it cannot be read now."""
    try:
        report = await run_db(guardian.usage_report_for_credential, credential=credential,
                              settings=get_settings())
    except AppError:
        return None
    stopped = report.emergency_stopped or report.platform_stopped
    return (BLOCKED_LEVEL if stopped else int(report.state.level)), report.message


def settled_views(settled: pipeline.TurnSettled, plan: pipeline.TurnPlan,
                  question: MessageView) -> list[MessageView]:
    """The question and its answer as recorded, with their ids, places and badges."""
    now = utcnow()
    tokens = settled.input_tokens + settled.output_tokens
    status_note = STATUS_NOTES.get(settled.status, "")
    if settled.status == "interrupted" and settled.error is not None:
        status_note = f"{status_note} ({settled.error.message})"
    asked = MessageView(id=str(settled.user_message_id), role="user", content=question.content,
                        seq=settled.user_seq, time=clock(now, now), stamp=now.isoformat())
    answer = MessageView(
        id=str(settled.message_id), role="assistant", content=settled.content, seq=settled.user_seq + 1,
        meta=answer_meta(plan.model.display_name, tokens, settled.cost_micros, settled.cached),
        note=" ".join(filter(None, [*plan.notices, status_note])), time=asked.time, stamp=asked.stamp)
    return [asked, answer]


class TurnStreaming(rx.State, mixin=True):
    @rx.event(background=True)
    async def stream_reply(self, text: str, replace_from: int = 0):
        async with self:
            session = await self.get_state(SessionState)
            request = pipeline.TurnRequest(
                credential=session.token, message=text, model_id=self.selected_model or None,
                conversation_id=uuid.UUID(self.conversation_id) if self.conversation_id else None,
                client_ip=self.router.session.client_ip or None, replace_from=replace_from or None)
        try:
            turn = await pipeline.run_chat_turn(request)
        except AppError as exc:
            async with self:
                window = self._window()
                window.replace_last([])  # the optimistic copy; the text goes back into the composer
                self._store(window)
                self.error, self.streaming, self.error_code = exc.message, False, exc.code
                self.error_upgrade = exc.upgrade_url is not None
                self.retry_in = exc.retry_after or 0
                conversation_id = self.conversation_id
            usage = await fetch_usage(request.credential)
            async with self:
                self._apply_usage(usage)
            if replace_from:  # what was replaced is still there: show it again
                yield self.__class__.open_conversation(conversation_id)
            yield rx.set_value("composer", text)
            if exc.retry_after:
                yield self.__class__.count_down
            return
        async with self:
            new_conversation = not self.conversation_id
            self.conversation_id = str(turn.conversation_id)
            if new_conversation:
                self.conversation_title = title_from(turn.plan.message)
        settled = await self._consume(turn)
        usage = await fetch_usage(request.credential)
        async with self:
            if settled is not None:
                window = self._window()
                question = window.slots[window.order[-1]][-1]
                window.replace_last(settled_views(settled, turn.plan, question))
                self._store(window)
            else:
                self.error = "The answer could not be saved. Please try again."
            self.streaming_text, self.streaming = "", False
            self._apply_usage(usage)
        yield SidebarState.refresh
        if new_conversation and settled is not None:
            title = await titles.name_conversation(credential=request.credential,
                                                   conversation_id=turn.conversation_id, settings=get_settings())
            if title:
                async with self:
                    if self.conversation_id == str(turn.conversation_id):
                        self.conversation_title = title
                yield SidebarState.refresh

    async def _consume(self, turn: pipeline.ChatTurn) -> pipeline.TurnSettled | None:
        """Forward the answer in batches, and stop the turn when the user asks to."""
        queue: asyncio.Queue = asyncio.Queue()

        async def pump() -> None:
            async with aclosing(turn.events()) as events:
                async for item in events:
                    queue.put_nowait(item)

        producer = asyncio.create_task(pump())
        loop = asyncio.get_running_loop()
        pending, flushed_at, settled = "", loop.time(), None
        while settled is None and not (producer.done() and queue.empty()):
            try:
                item = await asyncio.wait_for(queue.get(), timeout=FLUSH_SECONDS)
            except TimeoutError:
                item = None
            if isinstance(item, pipeline.TextDelta):
                pending += item.text
            elif isinstance(item, pipeline.TurnSettled):
                settled = item
            if settled is None and loop.time() - flushed_at < FLUSH_SECONDS:
                continue
            async with self:
                if pending:
                    self.streaming_text += pending
                stop = self._stop_requested
            pending, flushed_at = "", loop.time()
            if stop and settled is None:
                producer.cancel()
                break
        # A cancelled producer starts the settlement while it unwinds; wait for that first.
        with contextlib.suppress(asyncio.CancelledError):
            await producer
        try:
            return settled or await turn.result()
        except (RuntimeError, AppError):
            return None
