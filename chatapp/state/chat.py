"""The chat page's state: the visible messages, the answer while it streams, Stop, the model choice.

A turn runs through the same pipeline as the API. The growing answer lives in its own `str` var
(Reflex resends a changed var whole) and is flushed to the browser every FLUSH_SECONDS; it moves
into the message list once, when the turn settles.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import uuid
from contextlib import aclosing

import reflex as rx

from chatapp.db import run_db
from chatapp.services import catalog, guardian, pipeline
from chatapp.services.errors import AppError
from chatapp.services.money import format_usd
from chatapp.services.tiers import build_tiers
from chatapp.settings import get_settings
from chatapp.state.session import SessionState

FLUSH_SECONDS = 0.075
_STATUS_NOTES = {
    "stopped": "Stopped: the answer so far is kept and billed.",
    "interrupted": "Interrupted by the provider: the answer so far is kept and billed.",
    "truncated": "The answer reached its length limit.",
}


BLOCKED_LEVEL = 99  # an emergency stop, shown like a budget block


async def _fetch_usage(credential: str) -> tuple[int, str] | None:
    """(level, message) of the signed-in user's budget, or None if it cannot be read now."""
    try:
        report = await run_db(guardian.usage_report_for_credential, credential=credential,
                              settings=get_settings())
    except AppError:
        return None
    stopped = report.emergency_stopped or report.platform_stopped
    return (BLOCKED_LEVEL if stopped else int(report.state.level)), report.message


@dataclasses.dataclass
class MessageView:
    id: str
    role: str
    content: str
    meta: str = ""
    note: str = ""


@dataclasses.dataclass
class ModelOption:
    id: str
    label: str


def _settled_view(settled: pipeline.TurnSettled, plan: pipeline.TurnPlan) -> MessageView:
    tokens = settled.input_tokens + settled.output_tokens
    meta = f"{plan.model.display_name} · {tokens:,} tokens · {format_usd(settled.cost_micros)}"
    if settled.cached:
        meta = f"Saved answer · {format_usd(0)}"
    status_note = _STATUS_NOTES.get(settled.status, "")
    if settled.status == "interrupted" and settled.error is not None:
        status_note = f"{status_note} ({settled.error.message})"
    note = " ".join(filter(None, [*plan.notices, status_note]))
    return MessageView(id=str(settled.message_id), role="assistant", content=settled.content,
                       meta=meta, note=note)


class ChatState(rx.State):
    messages: list[MessageView] = []
    streaming_text: str = ""
    streaming: bool = False
    conversation_id: str = ""
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

    @rx.event
    async def load(self):
        """on_load: the models this user's plan may use, and an empty conversation."""
        session = await self.get_state(SessionState)
        if not session.is_authenticated:
            return
        settings = get_settings()
        tier = build_tiers(settings.tier_overrides).get(session.tier) or build_tiers()["free"]
        models = catalog.models_for_tier(tier, settings)
        self.model_options = [ModelOption(m.id, m.display_name + (" (demo)" if m.is_demo else ""))
                              for m in models]
        if self.selected_model not in {m.id for m in models}:
            self.selected_model = models[0].id if models else ""
        if not self.streaming:
            self.error, self.error_upgrade = "", False
        self._apply_usage(await _fetch_usage(session.token))

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
        self.messages, self.conversation_id, self.error, self.streaming_text = [], "", "", ""
        self.error_code = ""

    @rx.event
    def send(self, form: dict):
        text = (form.get("message") or "").strip()
        if self.streaming or self.retry_in > 0:
            return
        if not text:
            self.error, self.error_upgrade = "Type a message first.", False
            return
        self.error, self.error_upgrade = "", False
        self.messages.append(MessageView(id=f"pending-{uuid.uuid4().hex}", role="user", content=text))
        self.streaming, self.streaming_text, self._stop_requested = True, "", False
        return [rx.set_value("composer", ""), ChatState.stream_reply(text)]

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

    @rx.event(background=True)
    async def stream_reply(self, text: str):
        async with self:
            session = await self.get_state(SessionState)
            request = pipeline.TurnRequest(
                credential=session.token, message=text, model_id=self.selected_model or None,
                conversation_id=uuid.UUID(self.conversation_id) if self.conversation_id else None,
                client_ip=self.router.session.client_ip or None)
        try:
            turn = await pipeline.run_chat_turn(request)
        except AppError as exc:
            async with self:
                self.messages.pop()  # the optimistic copy; the text goes back into the composer
                self.error, self.streaming, self.error_code = exc.message, False, exc.code
                self.error_upgrade = exc.upgrade_url is not None
                self.retry_in = exc.retry_after or 0
            usage = await _fetch_usage(request.credential)
            async with self:
                self._apply_usage(usage)
            yield rx.set_value("composer", text)
            if exc.retry_after:
                yield ChatState.count_down
            return
        async with self:
            self.conversation_id = str(turn.conversation_id)
        settled = await self._consume(turn)
        usage = await _fetch_usage(request.credential)
        async with self:
            if settled is not None:
                self.messages.append(_settled_view(settled, turn.plan))
                self.messages[-2].id = str(settled.user_message_id)
            else:
                self.error = "The answer could not be saved. Please try again."
            self.streaming_text, self.streaming = "", False
            self._apply_usage(usage)

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
