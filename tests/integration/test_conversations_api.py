"""The conversations REST API on SQLite and PostgreSQL: every route, ownership (another user's
conversation is 404 on every route), cursor and message paging with their edges, search over
titles and message text, and clear 4xx answers to bad input."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from sqlmodel import Session, select

from chatapp.db import engine_for
from chatapp.models import Conversation, Message, utcnow
from chatapp.services import conversations
from tests.support.budget import user_id_for
from tests.support.helpers import new_email


def signed_up(api) -> tuple[dict, uuid.UUID]:
    email = new_email()
    token = api.post("/api/auth/signup", json={"email": email, "password": "a-good-password"}).json()["access_token"]
    return {"Authorization": f"Bearer {token}"}, email


def account(api, app_env) -> tuple[dict, uuid.UUID]:
    headers, email = signed_up(api)
    return headers, user_id_for(app_env, email)


def add_turns(app_env, user_id, conversation_id: uuid.UUID | None, turns: list[tuple[str, str]],
              age: timedelta = timedelta(0)) -> uuid.UUID:
    """Stored turns, as the pipeline records them (a new conversation when the id is None)."""
    cid = conversation_id or uuid.uuid4()
    with Session(engine_for(app_env)) as session:
        for i, (question, answer) in enumerate(turns):
            conversations.record_turn(
                session=session, user_id=user_id, conversation_id=cid, is_new=conversation_id is None and i == 0,
                source="chat", user_text=question, user_tokens=3,
                assistant=conversations.AssistantRecord(content=answer, model="demo-mini", input_tokens=3,
                                                        output_tokens=5, cost_micros=7, status="complete",
                                                        latency_ms=1, first_token_ms=1, cached=False))
        conversation = session.get(Conversation, cid)
        conversation.updated_at = utcnow() - age
        session.add(conversation)
        session.commit()
    return cid


def test_create_read_rename_star_archive_and_delete(api, app_env):
    headers, user_id = account(api, app_env)
    created = api.post("/api/conversations", json={"title": "  Trip   to Lisbon "}, headers=headers)
    assert created.status_code == 201 and created.json()["title"] == "Trip to Lisbon"
    cid = created.json()["id"]
    assert api.post("/api/conversations", headers=headers).json()["title"] == "New chat"
    assert api.get(f"/api/conversations/{cid}", headers=headers).json()["message_count"] == 0

    changed = api.patch(f"/api/conversations/{cid}", json={"title": "Lisbon in May", "starred": True},
                        headers=headers).json()
    assert changed["title"] == "Lisbon in May" and changed["starred"] is True and changed["archived"] is False
    starred = api.get("/api/conversations?starred=true", headers=headers).json()["conversations"]
    assert [c["id"] for c in starred] == [cid]

    api.patch(f"/api/conversations/{cid}", json={"archived": True}, headers=headers)
    assert cid not in [c["id"] for c in api.get("/api/conversations", headers=headers).json()["conversations"]]
    archived = api.get("/api/conversations?archived=true", headers=headers).json()["conversations"]
    assert [c["id"] for c in archived] == [cid]
    api.patch(f"/api/conversations/{cid}", json={"archived": False}, headers=headers)
    assert cid in [c["id"] for c in api.get("/api/conversations", headers=headers).json()["conversations"]]

    assert api.delete(f"/api/conversations/{cid}", headers=headers).status_code == 204
    gone = api.get(f"/api/conversations/{cid}", headers=headers)
    assert gone.status_code == 404 and gone.json()["error"]["code"] == "NOT_FOUND"
    assert api.delete(f"/api/conversations/{cid}", headers=headers).status_code == 404


def test_deleting_removes_the_messages(api, app_env):
    headers, user_id = account(api, app_env)
    cid = add_turns(app_env, user_id, None, [("hello", "hi"), ("how are you", "fine")])
    assert api.delete(f"/api/conversations/{cid}", headers=headers).status_code == 204
    with Session(engine_for(app_env)) as session:
        assert session.exec(select(Message).where(Message.conversation_id == cid)).all() == []


def test_another_users_conversation_is_not_found_on_every_route(api, app_env):
    owner, owner_id = account(api, app_env)
    cid = add_turns(app_env, owner_id, None, [("my secret plan", "noted")])
    intruder, _ = account(api, app_env)
    for method, path, body in [
        ("get", f"/api/conversations/{cid}", None),
        ("patch", f"/api/conversations/{cid}", {"title": "mine now"}),
        ("patch", f"/api/conversations/{cid}", {"starred": True}),
        ("delete", f"/api/conversations/{cid}", None),
        ("get", f"/api/conversations/{cid}/messages", None),
    ]:
        response = api.request(method, path, json=body, headers=intruder)
        assert response.status_code == 404, (method, path)
        assert response.json()["error"] == {"code": "NOT_FOUND", "message": "Conversation not found."}
    assert api.get("/api/conversations", headers=intruder).json()["conversations"] == []
    assert api.get("/api/conversations?q=secret", headers=intruder).json()["conversations"] == []
    # The owner's conversation is untouched.
    mine = api.get(f"/api/conversations/{cid}", headers=owner).json()
    assert mine["title"] == "my secret plan" and mine["starred"] is False
    # And the chat surface refuses to continue it for the intruder.
    refused = api.post("/api/chat", json={"message": "more", "conversation_id": str(cid)}, headers=intruder)
    assert refused.status_code == 404


def test_unknown_ids_and_bad_input_are_clear_4xx(api, app_env):
    headers, _ = account(api, app_env)
    cid = api.post("/api/conversations", headers=headers).json()["id"]
    assert api.get(f"/api/conversations/{uuid.uuid4()}", headers=headers).status_code == 404
    assert api.get("/api/conversations/not-a-uuid", headers=headers).status_code == 422
    for body in ({"title": "   "}, {"title": "x" * 201}, {"starred": "maybe"}, {"colour": "red"}):
        response = api.patch(f"/api/conversations/{cid}", json=body, headers=headers)
        assert response.status_code == 422, body
        assert response.json()["error"]["code"] == "VALIDATION_ERROR"
    assert "200 characters" in api.patch(f"/api/conversations/{cid}", json={"title": "x" * 201},
                                         headers=headers).json()["error"]["message"]
    bad_cursor = api.get("/api/conversations?cursor=%%%not-a-cursor", headers=headers)
    assert bad_cursor.status_code == 400 and bad_cursor.json()["error"]["code"] == "INVALID_CURSOR"
    for query in ("limit=0", "limit=101", "before=0"):
        path = f"/api/conversations/{cid}/messages?{query}" if "before" in query else f"/api/conversations?{query}"
        assert api.get(path, headers=headers).status_code == 422, query
    assert api.get("/api/conversations").status_code == 401


def test_cursor_pages_cover_every_conversation_once_newest_first(api, app_env):
    headers, user_id = account(api, app_env)
    made = [add_turns(app_env, user_id, None, [(f"question {i}", "answer")], age=timedelta(minutes=i))
            for i in range(7)]
    seen, cursor = [], None
    while True:
        url = "/api/conversations?limit=3" + (f"&cursor={cursor}" if cursor else "")
        page = api.get(url, headers=headers).json()
        seen += [c["id"] for c in page["conversations"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == [str(c) for c in made]  # age 0 first
    exact = api.get("/api/conversations?limit=7", headers=headers).json()
    assert len(exact["conversations"]) == 7 and exact["next_cursor"] is None


def test_search_finds_titles_and_message_text_case_insensitively(api, app_env):
    headers, user_id = account(api, app_env)
    by_title = add_turns(app_env, user_id, None, [("Sourdough starter problems", "feed it")])
    by_text = add_turns(app_env, user_id, None, [("help with bread", "Your STARTER smells of acetone")])
    add_turns(app_env, user_id, None, [("tax return", "deadline is January")])
    found = {c["id"] for c in api.get("/api/conversations?q=starter", headers=headers).json()["conversations"]}
    assert found == {str(by_title), str(by_text)}
    assert api.get("/api/conversations?q=100%25", headers=headers).json()["conversations"] == []
    assert api.get("/api/conversations?q=_", headers=headers).json()["conversations"] == []


@pytest.mark.parametrize("limit", [50, 1])
def test_messages_come_a_page_at_a_time_oldest_first_within_a_page(api, app_env, limit):
    headers, user_id = account(api, app_env)
    cid = add_turns(app_env, user_id, None, [(f"q{i}", f"a{i}") for i in range(60)])  # 120 messages
    collected, before = [], None
    while True:
        url = f"/api/conversations/{cid}/messages?limit={limit}" + (f"&before={before}" if before else "")
        page = api.get(url, headers=headers).json()
        assert [m["seq"] for m in page["messages"]] == sorted(m["seq"] for m in page["messages"])
        collected = page["messages"] + collected
        before = page["next_before"]
        if before is None:
            break
        if limit == 1 and len(collected) >= 5:
            break
    if limit == 50:
        assert [m["seq"] for m in collected] == list(range(1, 121))
        assert collected[0]["content"] == "q0" and collected[-1]["content"] == "a59"
    else:
        assert [m["seq"] for m in collected] == [116, 117, 118, 119, 120]


def test_a_full_conversation_is_refused_with_a_way_on_and_a_new_chat_works(live_app, app_env):
    from tests.support.helpers import chat_events, first_event, sign_up

    email = new_email()
    token = sign_up(live_app, email)
    user_id = user_id_for(app_env, email)
    cid = add_turns(app_env, user_id, None, [(f"q{i}", f"a{i}") for i in range(24)])  # 48 of the free 50
    status, events = chat_events(live_app, token, {"message": "one more?", "conversation_id": str(cid)})
    assert status == 200 and first_event(events, "done")["cost_micros"] > 0  # 50: still fits
    status, body = chat_events(live_app, token, {"message": "and another?", "conversation_id": str(cid)})
    assert status == 409 and body["error"]["code"] == "CONVERSATION_LIMIT"
    assert "limit of 50 messages" in body["error"]["message"] and "new chat" in body["error"]["message"]
    assert body["error"]["upgrade_url"] == "/pricing"
    with Session(engine_for(app_env)) as session:
        assert session.get(Conversation, cid).message_count == 50  # nothing stored for the refusal
    status, events = chat_events(live_app, token, {"message": "and another?"})
    assert status == 200 and first_event(events, "done")["conversation_id"] != str(cid)
