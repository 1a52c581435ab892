"""Conversation titles from the first exchange, on SQLite and PostgreSQL, with the demo provider
over real HTTP: the cheapest model names it and the call is billed; a low budget, a provider
failure or a title the user chose keep the local title."""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor

from sqlmodel import Session, select

from chatapp.db import engine_for
from chatapp.models import BudgetReservation, Conversation, UsageTracking
from chatapp.services import titles
from chatapp.services.demo_provider import FAULTS, Fault
from chatapp.settings import get_settings
from tests.integration.test_pipeline import run_turn
from chatapp.services.money import dollars_to_micros
from chatapp.services.tiers import build_tiers
from tests.support.budget import set_spent, set_tier, user_id_for
from tests.support.helpers import chat_events, first_event, new_email, sign_up, wait_until

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


def test_a_conversation_started_through_the_api_is_named_after_the_stream(live_app, app_env):
    token = sign_up(live_app)
    status, events = chat_events(live_app, token, {"message": QUESTION})
    assert status == 200
    cid = first_event(events, "done")["conversation_id"]
    wait_until(lambda: conversation(app_env, uuid.UUID(cid)).title != QUESTION, what="the title")
    assert conversation(app_env, uuid.UUID(cid)).title == "Reverse List Python Without Copying"
    user_id = conversation(app_env, uuid.UUID(cid)).user_id
    assert _reservations(app_env) == ["settled", "settled"]  # the title was settled with its rename
    # A later turn in the same conversation names nothing again: no third reservation.
    status, events = chat_events(live_app, token, {"message": "And for a tuple?", "conversation_id": cid})
    assert status == 200 and first_event(events, "done")["status"] == "complete"
    assert _reservations(app_env) == ["settled", "settled", "settled"]
    assert spent(app_env, user_id) > 0
    # Asked not to: the local title stays and nothing is reserved for it. (A conversation named
    # afterwards shows that a title task, had one been started, would have had its time.)
    status, events = chat_events(live_app, token, {"message": QUESTION, "title": False})
    untitled = uuid.UUID(first_event(events, "done")["conversation_id"])
    status, events = chat_events(live_app, token, {"message": "How do I sort a dict by value?"})
    later = uuid.UUID(first_event(events, "done")["conversation_id"])
    wait_until(lambda: conversation(app_env, later).title != "How do I sort a dict by value?", what="the title")
    assert conversation(app_env, untitled).title == QUESTION
    assert _reservations(app_env) == ["settled"] * 6  # 3 turns, 1 title before; 2 turns, 1 title now


def test_titles_settling_beside_the_next_turns_never_deadlock(live_app, app_env, monkeypatch):
    """Each first exchange names its conversation in the background while the user's next turns
    settle: both lock the user's usage row and budget counters, in the same order."""
    # A paid plan: a free one would be throttled as a script for so many new conversations at once.
    monkeypatch.setenv("TIER_OVERRIDES", '{"pro": {"messages_per_minute": 100}}')
    from chatapp.settings import reset_settings
    reset_settings()
    email = new_email()
    token = sign_up(live_app, email)
    set_tier(app_env, user_id_for(app_env, email), "pro")
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda i: chat_events(live_app, token, {"message": f"How do I sort list {i}?"}),
                                range(16)))
    assert [status for status, _ in results] == [200] * 16
    assert all(first_event(events, "done")["status"] == "complete" for _, events in results)
    ids = [uuid.UUID(first_event(events, "done")["conversation_id"]) for _, events in results]
    wait_until(lambda: len(_reservations(app_env)) == 32 and "active" not in _reservations(app_env),
               what="16 turns and 16 titles settled")
    assert all(conversation(app_env, cid).title.startswith("Sort List") for cid in ids)


def _reservations(url) -> list[str]:
    with Session(engine_for(url)) as session:
        return sorted(r.status for r in session.exec(select(BudgetReservation)).all())


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
