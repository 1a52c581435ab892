"""Conversation titles from the first exchange: the cheapest model of the plan names it, billed
like any turn (reserved at worst case first, settled at the real cost). When the budget is low
(from the warning level on), the reservation is refused, or the provider fails, the local title
made from the first message stays. A title the user already changed is never replaced."""

from __future__ import annotations

import asyncio
import logging
import re
import uuid
from dataclasses import dataclass
from datetime import timedelta

from sqlmodel import Session, select

from chatapp.db import run_db
from chatapp.models import Conversation, Message
from chatapp.services import auth, budgets, catalog, conversations, guardian, llm, pricing, tokens, usage
from chatapp.services.catalog import ModelSpec
from chatapp.services.errors import ProviderError
from chatapp.services.guardian import Level
from chatapp.settings import Settings

log = logging.getLogger(__name__)
MAX_TOKENS = 16
INSTRUCTION = "Write a short title (3 to 6 words) for this conversation. Reply with the title only."
EXCERPT = 600  # characters of the question and of the answer sent to name them


@dataclass(frozen=True)
class _Job:
    user_id: uuid.UUID
    model: ModelSpec
    prompt: list[dict[str, str]]
    ticket: budgets.Ticket
    provisional: str


def prompt_for(question: str, answer: str) -> list[dict[str, str]]:
    return [{"role": "system", "content": "You name conversations."},
            {"role": "user", "content": f"{INSTRUCTION}\n\nQuestion: {question[:EXCERPT]}\n\n"
                                        f"Answer: {answer[:EXCERPT]}"}]


def clean(raw: str) -> str:
    """The first line, without quotes, markdown marks or a trailing full stop; "" if unusable."""
    line = next((part for part in raw.strip().splitlines() if part.strip()), "")
    line = re.sub(r"[*_`#>\"“”]", "", line).strip().removeprefix("Title:").strip().rstrip(".")
    return conversations.title_from(line) if 2 <= len(line) else ""


def _prepare(*, session: Session, credential: str, conversation_id: uuid.UUID, settings: Settings) -> _Job | None:
    account, profile = auth.identify(session=session, credential=credential, signing_key=settings.signing_key())
    conversation = conversations.get_owned(session=session, user_id=account.id, conversation_id=conversation_id)
    first = session.exec(select(Message).where(Message.conversation_id == conversation_id, Message.seq <= 2)
                         .order_by(Message.seq)).all()
    if len(first) < 2 or conversation.title != conversations.title_from(first[0].content):
        return None  # no exchange yet, or the user named it already
    report = guardian.usage_report(session=session, account=account, settings=settings)
    if report.emergency_stopped or report.platform_stopped or report.state.level >= Level.WARN:
        return None  # the budget is low: the local title stays
    model = catalog.default_model(report.tier, settings)
    prompt = prompt_for(first[0].content, first[1].content)
    worst = pricing.worst_case_micros(model, prompt_tokens=tokens.count_chat(prompt, model.encoding),
                                      max_tokens=MAX_TOKENS)
    ticket = budgets.reserve(session=session, user_id=account.id, amount_micros=worst,
                             limits=report.state.limits, model_id=model.id, day=usage.today(),
                             ttl=timedelta(seconds=settings.reservation_ttl_seconds))
    if not isinstance(ticket, budgets.Ticket):
        return None
    return _Job(account.id, model, prompt, ticket, conversation.title)


def _finish(*, session: Session, job: _Job, conversation_id: uuid.UUID, text: str,
            end: llm.StreamEnd | None) -> str | None:
    if end is not None and end.usage is not None:
        input_tokens, output_tokens = end.usage.input_tokens, end.usage.output_tokens
    else:
        input_tokens = tokens.count_chat(job.prompt, job.model.encoding)
        output_tokens = tokens.count_text(text, job.model.encoding)
    cost = pricing.cost_micros(job.model, input_tokens=input_tokens, output_tokens=output_tokens)
    # Rows locked in the order a turn's settlement locks them (conversation, usage, budget
    # counters), so a title settling beside the next turn of the same user cannot deadlock.
    conversation = session.exec(select(Conversation).where(
        Conversation.id == conversation_id, Conversation.user_id == job.user_id).with_for_update()).first()
    usage.record_usage(session=session, spend=usage.Spend(
        user_id=job.user_id, model_class=job.model.model_class, input_tokens=input_tokens,
        output_tokens=output_tokens, cost_micros=cost))
    budgets.settle(session=session, reservation_id=job.ticket.id, cost_micros=cost)
    title = clean(text)
    if conversation is None or not title or conversation.title != job.provisional:
        return None  # deleted or renamed meanwhile: billed all the same, and theirs wins
    conversation.title = title
    session.add(conversation)
    return title


async def name_conversation(*, credential: str, conversation_id: uuid.UUID, settings: Settings) -> str | None:
    """The new title, or None when the local one stays."""
    job = await run_db(_prepare, credential=credential, conversation_id=conversation_id, settings=settings)
    if job is None:
        return None
    text, end = "", None
    try:
        async for item in llm.stream_chat(job.model, job.prompt, max_tokens=MAX_TOKENS, settings=settings):
            if isinstance(item, llm.StreamEnd):
                end = item
            else:
                text += item
    except ProviderError:
        if not text:  # failed before answering: nothing to pay, as for a turn
            await run_db(budgets.release, reservation_id=job.ticket.id)
            return None
        end = None  # broke off mid-way: what was produced is billed, counted by us
    return await run_db(_finish, job=job, conversation_id=conversation_id, text=text, end=end)


_naming: set[asyncio.Task] = set()  # held so that a running task is not garbage-collected


def name_later(*, credential: str, conversation_id: uuid.UUID, settings: Settings) -> asyncio.Task:
    """Name the conversation after the response has gone: an API client waits for no title."""
    task = asyncio.create_task(_name_logged(credential, conversation_id, settings))
    _naming.add(task)
    task.add_done_callback(_naming.discard)
    return task


async def _name_logged(credential: str, conversation_id: uuid.UUID, settings: Settings) -> None:
    try:
        await name_conversation(credential=credential, conversation_id=conversation_id, settings=settings)
    except Exception:  # the local title stays; a title is never worth a failed request
        log.exception("naming conversation %s failed", conversation_id)
