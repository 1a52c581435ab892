"""Regenerate, edit & resend, and thumbs, over real HTTP against the demo provider, on SQLite and
PostgreSQL: the replaced messages are gone, the sequence stays whole, the context sent upstream
no longer holds them, and nobody can act on another user's messages."""

from __future__ import annotations

import uuid

import httpx
from sqlmodel import Session, select

from chatapp.db import engine_for
from chatapp.models import Conversation, FeedbackSignal, Message
from tests.support.helpers import chat_events, first_event, sign_up


def turn(url, token, body) -> dict:
    status, events = chat_events(url, token, body)
    assert status == 200, events
    return first_event(events, "done")


def stored(app_env, conversation_id) -> list[tuple[int, str, str]]:
    with Session(engine_for(app_env)) as session:
        rows = session.exec(select(Message).where(Message.conversation_id == uuid.UUID(conversation_id))
                            .order_by(Message.seq)).all()
        return [(m.seq, m.role, m.content) for m in rows]


def conversation_of(app_env, conversation_id) -> Conversation:
    with Session(engine_for(app_env)) as session:
        return session.get(Conversation, uuid.UUID(conversation_id))


def three_turns(url, token) -> str:
    cid = turn(url, token, {"message": "What is a prime number?"})["conversation_id"]
    turn(url, token, {"message": "Name three primes.", "conversation_id": cid})
    turn(url, token, {"message": "And the largest known one?", "conversation_id": cid})
    return cid


def test_regenerate_replaces_only_the_last_answer(live_app, app_env):
    token = sign_up(live_app)
    cid = three_turns(live_app, token)
    before = stored(app_env, cid)
    done = turn(live_app, token, {"message": before[4][2], "conversation_id": cid, "replace_from": 5})
    after = stored(app_env, cid)
    assert [s for s, _, _ in after] == [1, 2, 3, 4, 5, 6]
    assert after[:5] == before[:5] and after[5][1] == "assistant"
    assert done["conversation_id"] == cid and not done["cached"]
    assert conversation_of(app_env, cid).message_count == 6


def test_edit_and_resend_drops_every_later_message(live_app, app_env):
    token = sign_up(live_app)
    cid = three_turns(live_app, token)
    spent = conversation_of(app_env, cid).cost_micros
    done = turn(live_app, token, {"message": "Name two even primes.", "conversation_id": cid,
                                  "replace_from": 3})
    after = stored(app_env, cid)
    assert [(s, r) for s, r, _ in after] == [(1, "user"), (2, "assistant"), (3, "user"), (4, "assistant")]
    assert after[2][2] == "Name two even primes."
    # The context sent upstream held the first exchange only: 2 fewer messages than before.
    assert done["usage"]["input_tokens"] < turn(live_app, token, {
        "message": "Name two even primes.", "conversation_id": cid})["usage"]["input_tokens"]
    conversation = conversation_of(app_env, cid)
    assert conversation.message_count == 6
    assert conversation.cost_micros > spent  # replaced answers were paid for and stay counted


def test_replace_from_must_name_a_user_message_of_ones_own_conversation(live_app, app_env):
    alice, bob = sign_up(live_app), sign_up(live_app)
    cid = three_turns(live_app, alice)
    for body, status, code in [
        ({"message": "x", "conversation_id": cid, "replace_from": 2}, 404, "NOT_FOUND"),  # an answer
        ({"message": "x", "conversation_id": cid, "replace_from": 99}, 404, "NOT_FOUND"),
        ({"message": "x", "replace_from": 1}, 422, "VALIDATION_ERROR"),
        ({"message": "x", "conversation_id": cid, "replace_from": 0}, 422, "VALIDATION_ERROR"),
    ]:
        got, error = chat_events(live_app, alice, body)
        assert (got, error["error"]["code"]) == (status, code), body
    got, error = chat_events(live_app, bob, {"message": "x", "conversation_id": cid, "replace_from": 1})
    assert got == 404 and error["error"]["code"] == "NOT_FOUND"
    assert len(stored(app_env, cid)) == 6


def test_thumbs_are_stored_changed_cleared_and_owner_only(live_app, app_env):
    alice, bob = sign_up(live_app), sign_up(live_app)
    done = turn(live_app, alice, {"message": "Tell me a fact about owls."})
    answer_id, user_message_id = done["message_id"], done["user_message_id"]

    def put(token, message_id, value):
        return httpx.put(f"{live_app}/api/messages/{message_id}/feedback", json={"value": value},
                         headers={"Authorization": f"Bearer {token}"}, timeout=30)

    def signals():
        with Session(engine_for(app_env)) as session:
            return [(s.signal, s.score) for s in session.exec(select(FeedbackSignal)).all()
                    if str(s.message_id) == answer_id]

    assert put(alice, answer_id, "up").json() == {"message_id": answer_id, "value": "up"}
    assert signals() == [("thumbs_up", 1.0)]
    put(alice, answer_id, "down")
    assert signals() == [("thumbs_down", -1.0)]
    page = httpx.get(f"{live_app}/api/conversations/{done['conversation_id']}/messages",
                     headers={"Authorization": f"Bearer {alice}"}, timeout=30).json()
    assert [m["feedback"] for m in page["messages"]] == [None, "down"]
    put(alice, answer_id, None)
    assert signals() == []

    assert put(bob, answer_id, "up").status_code == 404  # someone else's answer
    assert put(alice, user_message_id, "up").status_code == 404  # not an answer
    assert put(alice, answer_id, "sideways").status_code == 422
    assert signals() == []
