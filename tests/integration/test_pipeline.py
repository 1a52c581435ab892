"""The chat-turn pipeline on SQLite and PostgreSQL with the demo provider over real HTTP."""

from __future__ import annotations

import uuid
from contextlib import aclosing

import pytest
import sqlalchemy as sa
from sqlmodel import Session, select

from chatapp.db import engine_for
from chatapp.models import BudgetCounter, BudgetReservation, Conversation, Message, UsageTracking
from chatapp.services import catalog, errors, pipeline, pricing, tokens
from chatapp.services.demo_provider import FAULTS, Fault
from chatapp.settings import get_settings
from tests.support.helpers import sign_up

QUESTION = "How do I remove None values from a list in Python?"


async def run_turn(token: str, message: str = QUESTION, **kwargs) -> tuple[list[str], pipeline.TurnSettled]:
    turn = await pipeline.run_chat_turn(pipeline.TurnRequest(credential=token, message=message, **kwargs))
    texts, settled = [], None
    async with aclosing(turn.events()) as events:
        async for item in events:
            if isinstance(item, pipeline.TextDelta):
                texts.append(item.text)
            else:
                settled = item
    return texts, settled


def rows(url: str, model, *where):
    with Session(engine_for(url)) as session:
        return session.exec(select(model).where(*where)).all()


def count_rows(url: str) -> dict[str, int]:
    """What a turn stores, and the money it holds or spent (counter rows may exist at zero)."""
    with Session(engine_for(url)) as session:
        counts = {table.__tablename__: session.exec(sa.select(sa.func.count()).select_from(table)).one()[0]
                  for table in (Conversation, Message, UsageTracking)}
        counts["reserved"] = session.exec(sa.select(sa.func.coalesce(sa.func.sum(BudgetCounter.reserved_micros), 0))).one()[0]
        counts["spent"] = session.exec(sa.select(sa.func.coalesce(sa.func.sum(BudgetCounter.spent_micros), 0))).one()[0]
        return counts


async def test_a_turn_streams_and_settles_everything(live_app, app_env):
    token = sign_up(live_app)
    texts, settled = await run_turn(token)
    assert len(texts) > 20 and settled.content == "".join(texts)
    assert settled.status == "complete" and settled.finish_reason == "stop"
    assert settled.usage_reported and settled.error is None
    model = catalog.get_model("demo-mini", get_settings())
    assert settled.output_tokens == tokens.count_text(settled.content)
    assert settled.cost_micros == pricing.cost_micros(model, input_tokens=settled.input_tokens,
                                                      output_tokens=settled.output_tokens) > 0

    conversation = rows(app_env, Conversation, Conversation.id == settled.conversation_id)[0]
    assert conversation.title == "How do I remove None values from a list in Python?"
    assert (conversation.message_count, conversation.cost_micros) == (2, settled.cost_micros)
    assert conversation.total_tokens == settled.input_tokens + settled.output_tokens
    user_msg, answer = rows(app_env, Message, Message.conversation_id == settled.conversation_id)
    assert (user_msg.seq, user_msg.role, user_msg.content) == (1, "user", QUESTION)
    assert (answer.seq, answer.role, answer.status, answer.model) == (2, "assistant", "complete", "demo-mini")
    assert answer.cost_micros == settled.cost_micros and answer.latency_ms >= answer.first_token_ms >= 0

    usage = rows(app_env, UsageTracking, UsageTracking.user_id == conversation.user_id)[0]
    assert usage.requests_count == 1 and usage.cost_micros == settled.cost_micros
    assert usage.mini_tokens == usage.tokens_used == settled.input_tokens + settled.output_tokens
    counters = {c.scope: c.spent_micros for c in rows(app_env, BudgetCounter)}
    assert counters == {"user_day": settled.cost_micros, "user_month": settled.cost_micros,
                        "platform_month": settled.cost_micros}


async def test_a_second_turn_continues_the_conversation_with_its_history(live_app, app_env):
    token = sign_up(live_app)
    _, first = await run_turn(token, "What is 6*7?")
    _, second = await run_turn(token, "And 2+2?", conversation_id=first.conversation_id)
    assert second.conversation_id == first.conversation_id
    assert second.input_tokens > first.input_tokens  # the earlier exchange was sent as context
    messages = rows(app_env, Message, Message.conversation_id == first.conversation_id)
    assert [m.seq for m in messages] == [1, 2, 3, 4]
    assert "= 4" in second.content
    usage = rows(app_env, UsageTracking)[0]
    assert usage.requests_count == 2 and usage.cost_micros == first.cost_micros + second.cost_micros


async def test_stopping_early_bills_exactly_what_was_produced(live_app, app_env, monkeypatch):
    from chatapp.settings import reset_settings

    monkeypatch.setenv("DEMO_TOKENS_PER_SECOND", "40")
    reset_settings()
    token = sign_up(live_app)
    turn = await pipeline.run_chat_turn(pipeline.TurnRequest(credential=token, message=QUESTION))
    received = []
    async with aclosing(turn.events()) as events:
        async for item in events:
            received.append(item.text)
            if len(received) == 8:
                break  # the consumer leaves: Stop, or a closed connection
    settled = await turn.result()
    assert settled.status == "stopped" and not settled.usage_reported
    assert settled.content == "".join(received)
    assert abs(settled.output_tokens - 8) <= 1
    model = catalog.get_model("demo-mini", get_settings())
    assert settled.cost_micros == pricing.cost_micros(model, input_tokens=turn.plan.prompt_tokens,
                                                      output_tokens=settled.output_tokens)
    answer = rows(app_env, Message, Message.id == settled.message_id)[0]
    assert (answer.status, answer.content, answer.cost_micros) == ("stopped", settled.content, settled.cost_micros)
    assert rows(app_env, UsageTracking)[0].cost_micros == settled.cost_micros
    (reservation,) = rows(app_env, BudgetReservation)
    assert (reservation.status, reservation.settled_micros) == ("settled", settled.cost_micros)
    assert {(c.scope, c.spent_micros, c.reserved_micros) for c in rows(app_env, BudgetCounter)} == {
        (scope, settled.cost_micros, 0) for scope in ("user_day", "user_month", "platform_month")}


async def test_a_provider_failure_mid_stream_keeps_and_bills_the_partial_answer(live_app, app_env):
    token = sign_up(live_app)
    FAULTS.inject("demo-mini", Fault("cut", after=10))
    texts, settled = await run_turn(token)
    assert len(texts) == 10
    assert settled.status == "interrupted"
    assert isinstance(settled.error, errors.ProviderInterrupted)
    assert settled.content == "".join(texts) and settled.output_tokens == tokens.count_text(settled.content)
    answer = rows(app_env, Message, Message.id == settled.message_id)[0]
    assert answer.status == "interrupted" and answer.content == settled.content and answer.cost_micros > 0


async def test_missing_usage_is_counted_with_tiktoken(live_app, app_env):
    token = sign_up(live_app)
    FAULTS.inject("demo-mini", Fault("no_usage"))
    texts, settled = await run_turn(token)
    assert settled.status == "complete" and not settled.usage_reported
    assert settled.output_tokens == tokens.count_text("".join(texts))


@pytest.mark.parametrize("fault", [Fault("http_500"), Fault("http_429"), Fault("cut", after=0)])
async def test_a_failure_before_the_first_token_records_nothing(live_app, app_env, fault):
    token = sign_up(live_app)
    FAULTS.inject("demo-mini", fault)
    before = count_rows(app_env)
    with pytest.raises(errors.ProviderError):
        await run_turn(token)
    assert count_rows(app_env) == before


async def test_refusals_before_the_stream_record_nothing(live_app, app_env):
    token = sign_up(live_app)
    other_token = sign_up(live_app)
    _, theirs = await run_turn(other_token, "hello")
    before = count_rows(app_env)
    huge = "word " * 140_000  # more than demo-mini's 128k-token window
    cases = [
        (dict(message="   \n "), errors.EmptyMessage),
        (dict(message="hi", model_id="no-such-model"), errors.UnknownModel),
        (dict(message="hi", model_id="gpt-5.5"), errors.UnknownModel),  # no OpenAI key here
        (dict(message="hi", model_id="demo-max"), errors.ModelNotAllowed),  # free tier
        (dict(message=huge), errors.MessageTooLong),
        (dict(message="hi", conversation_id=uuid.uuid4()), errors.ConversationNotFound),
        (dict(message="hi", conversation_id=theirs.conversation_id), errors.ConversationNotFound),
    ]
    for kwargs, expected in cases:
        with pytest.raises(expected):
            await run_turn(token, **kwargs)
    with pytest.raises(errors.NotAuthenticated):
        await run_turn("not-a-token")
    assert count_rows(app_env) == before


async def test_long_history_is_trimmed_to_fit_the_context(live_app, app_env):
    token = sign_up(live_app)
    history = [{"role": "user" if i % 2 == 0 else "assistant", "content": "lorem ipsum " * 6000}
               for i in range(20)]  # about 240k tokens: twice demo-mini's window
    _, settled = await run_turn(token, "Summarise", history=history, source="openai")
    model = catalog.get_model("demo-mini", get_settings())
    assert settled.status == "complete"
    assert settled.input_tokens <= model.context_window - pipeline.MIN_OUTPUT_TOKENS
    assert settled.input_tokens > 100_000  # it kept as much recent history as fits


async def test_api_keys_authenticate_turns(live_app, app_env):
    from chatapp.db import session_scope
    from chatapp.models import User
    from chatapp.services import auth

    token = sign_up(live_app)
    with session_scope() as session:
        account = auth.account_from_token(session=session, token=token,
                                          signing_key=get_settings().signing_key())
        key, _ = auth.create_api_key(session=session, user_id=account.id, name="laptop")
    _, settled = await run_turn(key, "hello")
    assert rows(app_env, Conversation, Conversation.id == settled.conversation_id)[0].user_id == account.id
    assert rows(app_env, User, User.id == account.id)[0].email
