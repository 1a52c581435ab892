"""Conversation titles from the first exchange, on SQLite and PostgreSQL, with the demo provider
over real HTTP: the cheapest model names it and the call is billed; a low budget, a provider
failure or a title the user chose keep the local title."""

from __future__ import annotations

from sqlmodel import Session, select

from chatapp.db import engine_for
from chatapp.models import BudgetReservation, Conversation, UsageTracking
from chatapp.services import titles
from chatapp.services.demo_provider import FAULTS, Fault
from chatapp.settings import get_settings
from tests.integration.test_pipeline import run_turn
from chatapp.services.money import dollars_to_micros
from chatapp.services.tiers import build_tiers
from tests.support.budget import set_spent, user_id_for
from tests.support.helpers import new_email, sign_up

QUESTION = "How do I reverse a list in Python without copying it?"


def conversation(url, cid) -> Conversation:
    with Session(engine_for(url)) as session:
        return session.get(Conversation, cid)


def spent(url, user_id) -> int:
    with Session(engine_for(url)) as session:
        return sum(u.cost_micros for u in session.exec(select(UsageTracking).where(
            UsageTracking.user_id == user_id)).all())


async def test_the_cheapest_model_names_the_conversation_and_it_is_billed(live_app, app_env):
    token = sign_up(live_app)
    _, settled = await run_turn(token, QUESTION)
    cid = settled.conversation_id
    assert conversation(app_env, cid).title == QUESTION  # the local title first
    before = spent(app_env, conversation(app_env, cid).user_id)
    title = await titles.name_conversation(credential=token, conversation_id=cid, settings=get_settings())
    assert title == "Reverse List Python Without Copying"
    assert conversation(app_env, cid).title == title
    assert spent(app_env, conversation(app_env, cid).user_id) > before  # billed like any turn
    with Session(engine_for(app_env)) as session:
        statuses = [r.status for r in session.exec(select(BudgetReservation)).all()]
    assert statuses == ["settled", "settled"]  # the turn's and the title's, nothing left held
    # Named once: a second call changes nothing and costs nothing.
    after = spent(app_env, conversation(app_env, cid).user_id)
    assert await titles.name_conversation(credential=token, conversation_id=cid, settings=get_settings()) is None
    assert spent(app_env, conversation(app_env, cid).user_id) == after


async def test_a_title_the_user_chose_is_kept(live_app, app_env):
    token = sign_up(live_app)
    _, settled = await run_turn(token, QUESTION)
    with Session(engine_for(app_env)) as session:
        row = session.get(Conversation, settled.conversation_id)
        row.title = "My list notes"
        session.add(row)
        session.commit()
    assert await titles.name_conversation(credential=token, conversation_id=settled.conversation_id,
                                          settings=get_settings()) is None
    assert conversation(app_env, settled.conversation_id).title == "My list notes"


async def test_a_low_budget_or_a_failing_provider_keeps_the_local_title(live_app, app_env):
    email = new_email()
    token = sign_up(live_app, email)
    user_id = user_id_for(app_env, email)
    _, settled = await run_turn(token, QUESTION)
    FAULTS.inject("demo-mini", Fault("http_500"), times=5)
    assert await titles.name_conversation(credential=token, conversation_id=settled.conversation_id,
                                          settings=get_settings()) is None
    FAULTS.clear()
    assert conversation(app_env, settled.conversation_id).title == QUESTION
    with Session(engine_for(app_env)) as session:  # the failed call held nothing and cost nothing
        assert sorted(r.status for r in session.exec(select(BudgetReservation)).all()) == ["released", "settled"]

    day = dollars_to_micros(build_tiers()["free"].daily_budget)
    set_spent(app_env, user_id, day=int(day * 0.85) + spent(app_env, user_id))  # past the warning level of today's budget
    before = spent(app_env, user_id)
    assert await titles.name_conversation(credential=token, conversation_id=settled.conversation_id,
                                          settings=get_settings()) is None
    assert conversation(app_env, settled.conversation_id).title == QUESTION
    assert spent(app_env, user_id) == before
    with Session(engine_for(app_env)) as session:  # and nothing was reserved for it
        assert len(session.exec(select(BudgetReservation)).all()) == 2


def test_clean_takes_one_plain_line():
    assert titles.clean('**"Reversing lists."**\nmore') == "Reversing lists"
    assert titles.clean("Title: Lisbon weekend") == "Lisbon weekend"
    assert titles.clean("  \n") == ""
