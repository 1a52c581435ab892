"""Share links and exports on SQLite and PostgreSQL: every route, ownership (another user's
conversation is 404), revoked links, the exact public fields, the Markdown and JSON files, and a
5,000-message conversation read with one query."""

from __future__ import annotations

import json
import re
import uuid
from contextlib import contextmanager
from decimal import Decimal

import sqlalchemy as sa
from sqlmodel import Session

from chatapp.db import engine_for
from chatapp.models import Conversation, Message, utcnow
from tests.integration.test_conversations_api import account, add_turns

TURNS = [("What is 6*7?", "**6*7 = 42**"), ("And 7*8?", "It is *56*.")]
GONE = {"code": "NOT_FOUND", "message": "This link is no longer available."}


def shared(api, app_env, turns=TURNS):
    headers, user_id = account(api, app_env)
    cid = add_turns(app_env, user_id, None, turns)
    response = api.post(f"/api/conversations/{cid}/share", headers=headers)
    assert response.status_code == 200
    return headers, user_id, cid, response.json()["token"]


def add_message(app_env, cid: uuid.UUID, user_id: uuid.UUID, seq: int, **fields) -> None:
    with Session(engine_for(app_env)) as session:
        session.add(Message(conversation_id=cid, user_id=user_id, seq=seq, **fields))
        session.commit()


@contextmanager
def message_reads(app_env):
    """Collects the SELECT statements that read the messages table while the block runs."""
    seen: list[str] = []

    def record(_conn, _cursor, statement, *_args):
        if statement.lstrip().upper().startswith("SELECT") and re.search(r"\bFROM messages\b", statement):
            seen.append(statement)

    engine = engine_for(app_env)
    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)


def test_sharing_is_idempotent_and_the_link_shows_the_conversation_without_logging_in(api, app_env):
    headers, _, cid, token = shared(api, app_env)
    assert len(token) >= 22 and re.fullmatch(r"[A-Za-z0-9_-]+", token)  # >= 128 random bits
    again = api.post(f"/api/conversations/{cid}/share", headers=headers).json()
    assert again == {"token": token, "url": f"/share/{token}"}

    view = api.get(f"/api/shared/{token}")  # no Authorization header
    assert view.status_code == 200
    body = view.json()
    assert body["title"] == "What is 6*7?"
    assert [(m["role"], m["content"]) for m in body["messages"]] == [
        ("user", "What is 6*7?"), ("assistant", "**6*7 = 42**"), ("user", "And 7*8?"), ("assistant", "It is *56*.")]
    assert [m["model"] for m in body["messages"]] == [None, "Demo Mini", None, "Demo Mini"]


def test_the_public_view_has_exactly_the_public_fields(api, app_env):
    headers, user_id, cid, token = shared(api, app_env)
    email = api.get("/api/auth/me", headers=headers).json()["user"]["email"]
    body = api.get(f"/api/shared/{token}").json()
    assert set(body) == {"title", "created_at", "messages"}
    assert all(set(m) == {"role", "content", "created_at", "model"} for m in body["messages"])
    raw = api.get(f"/api/shared/{token}").text
    with Session(engine_for(app_env)) as session:
        message_ids = session.exec(sa.select(Message.id).where(Message.conversation_id == cid)).scalars().all()
    for secret in [email, str(user_id), str(cid), *map(str, message_ids), "cost", "tokens", "fingerprint",
                   "flagged"]:
        assert secret not in raw, secret


def test_partial_answers_are_shared_but_unfinished_or_empty_ones_are_not(api, app_env):
    _, user_id, cid, token = shared(api, app_env, turns=[("hello", "hi")])
    add_message(app_env, cid, user_id, 3, role="user", content="tell me a long story")
    add_message(app_env, cid, user_id, 4, role="assistant", content="Once upon a", status="stopped",
                model="demo-mini")
    add_message(app_env, cid, user_id, 5, role="assistant", content="", status="interrupted", model="demo-mini")
    add_message(app_env, cid, user_id, 6, role="assistant", content="half-writ", status="pending",
                model="demo-mini")
    add_message(app_env, cid, user_id, 7, role="system", content="internal instructions")
    contents = [m["content"] for m in api.get(f"/api/shared/{token}").json()["messages"]]
    assert contents == ["hello", "hi", "tell me a long story", "Once upon a"]


def test_a_revoked_link_stops_working_at_once_and_sharing_again_makes_a_new_one(api, app_env):
    headers, _, cid, token = shared(api, app_env)
    assert api.delete(f"/api/conversations/{cid}/share", headers=headers).status_code == 204
    gone = api.get(f"/api/shared/{token}")
    assert gone.status_code == 404 and gone.json()["error"] == GONE
    assert api.delete(f"/api/conversations/{cid}/share", headers=headers).status_code == 204  # idempotent
    fresh = api.post(f"/api/conversations/{cid}/share", headers=headers).json()["token"]
    assert fresh != token
    assert api.get(f"/api/shared/{token}").status_code == 404
    assert api.get(f"/api/shared/{fresh}").status_code == 200


def test_another_user_cannot_share_revoke_or_export(api, app_env):
    owner, _, cid, token = shared(api, app_env)
    intruder, _ = account(api, app_env)
    for method, path in [("post", f"/api/conversations/{cid}/share"),
                         ("delete", f"/api/conversations/{cid}/share"),
                         ("get", f"/api/conversations/{cid}/export?format=markdown"),
                         ("get", f"/api/conversations/{cid}/export?format=json")]:
        response = api.request(method, path, headers=intruder)
        assert response.status_code == 404, (method, path)
        assert response.json()["error"] == {"code": "NOT_FOUND", "message": "Conversation not found."}
    # The intruder's revoke changed nothing: the owner's link still works, with the same token.
    assert api.get(f"/api/shared/{token}").status_code == 200
    assert api.post(f"/api/conversations/{cid}/share", headers=owner).json()["token"] == token


def test_unknown_ids_and_tokens_are_404_and_bad_input_422(api, app_env):
    headers, _, cid, _ = shared(api, app_env)
    missing = uuid.uuid4()
    for method, path in [("post", f"/api/conversations/{missing}/share"),
                         ("delete", f"/api/conversations/{missing}/share"),
                         ("get", f"/api/conversations/{missing}/export")]:
        assert api.request(method, path, headers=headers).status_code == 404, (method, path)
    for token in ["x", "A" * 43, "A" * 65, "no such token", "%00", "é" * 20]:
        response = api.get(f"/api/shared/{token}")
        assert response.status_code == 404 and response.json()["error"] == GONE, token
    bad = api.get(f"/api/conversations/{cid}/export?format=pdf", headers=headers)
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "VALIDATION_ERROR"
    assert api.post("/api/conversations/not-a-uuid/share", headers=headers).status_code == 422


def test_share_revoke_and_export_need_a_login(api, app_env):
    _, _, cid, _ = shared(api, app_env)
    for method, path in [("post", f"/api/conversations/{cid}/share"),
                         ("delete", f"/api/conversations/{cid}/share"),
                         ("get", f"/api/conversations/{cid}/export?format=markdown"),
                         ("get", f"/api/conversations/{cid}/export?format=json")]:
        response = api.request(method, path)
        assert response.status_code == 401, (method, path)
        assert response.json()["error"]["code"] == "NOT_AUTHENTICATED"


def test_markdown_export_is_an_attachment_with_every_message_in_order(api, app_env):
    headers, user_id = account(api, app_env)
    cid = add_turns(app_env, user_id, None, TURNS)
    add_message(app_env, cid, user_id, 5, role="user", content="a story please")
    add_message(app_env, cid, user_id, 6, role="assistant", content="Once upon a", status="stopped",
                model="demo-mini")
    response = api.get(f"/api/conversations/{cid}/export?format=markdown", headers=headers)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/markdown")
    assert response.headers["content-disposition"] == 'attachment; filename="what-is-6-7.md"'
    text = response.text
    assert text.startswith("# What is 6*7?\n")
    expected = ["What is 6*7?", "**6*7 = 42**", "And 7*8?", "It is *56*.", "a story please", "Once upon a"]
    positions = [text.index(f"\n\n{content}\n") for content in expected]
    assert positions == sorted(positions)
    headings = re.findall(r"^## (.+)$", text, flags=re.MULTILINE)
    assert len(headings) == 6
    assert re.fullmatch(r"You · \d{4}-\d\d-\d\d \d\d:\d\d UTC", headings[0])
    assert re.fullmatch(r"Assistant \(Demo Mini\) · \d{4}-\d\d-\d\d \d\d:\d\d UTC", headings[1])
    assert headings[5].endswith(" · stopped")


def test_json_export_has_the_owners_shapes_with_decimal_dollar_costs(api, app_env):
    headers, user_id = account(api, app_env)
    cid = add_turns(app_env, user_id, None, TURNS)
    response = api.get(f"/api/conversations/{cid}/export?format=json", headers=headers)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    assert response.headers["content-disposition"] == 'attachment; filename="what-is-6-7.json"'
    document = json.loads(response.text)
    assert set(document) == {"exported_at", "conversation", "messages"}
    assert document["conversation"] == api.get(f"/api/conversations/{cid}", headers=headers).json()
    assert document["conversation"]["cost"] == "0.000014"  # two answers at 7 micro-dollars
    messages = document["messages"]
    assert [m["seq"] for m in messages] == [1, 2, 3, 4]
    assert set(messages[1]) == {"id", "seq", "role", "content", "model", "status", "cached", "prompt_tokens",
                                "completion_tokens", "cost", "feedback", "created_at"}
    assert messages[1]["model"] == "demo-mini" and messages[1]["completion_tokens"] == 5
    assert Decimal(messages[1]["cost"]) == Decimal("0.000007") and messages[0]["cost"] == "0"


def test_the_file_name_is_safe_whatever_the_title(api, app_env):
    headers, _ = account(api, app_env)
    for title, name in [('Plan "B" / ../../Café ☕; rm -rf', "plan-b-cafe-rm-rf"), ("☕☕", "conversation"),
                        ("x" * 150, "x" * 60)]:
        cid = api.post("/api/conversations", json={"title": title}, headers=headers).json()["id"]
        disposition = api.get(f"/api/conversations/{cid}/export", headers=headers).headers["content-disposition"]
        assert disposition == f'attachment; filename="{name}.md"', title


def test_a_5000_message_conversation_is_exported_and_shared_with_one_query_for_messages(api, app_env):
    headers, user_id = account(api, app_env)
    cid = uuid.uuid4()
    now = utcnow()
    with Session(engine_for(app_env)) as session:
        session.add(Conversation(id=cid, user_id=user_id, title="Long one", message_count=5000))
        session.flush()
        session.execute(sa.insert(Message), [
            {"id": uuid.uuid4(), "conversation_id": cid, "user_id": user_id, "seq": seq,
             "role": "user" if seq % 2 else "assistant", "content": f"message {seq}",
             "model": None if seq % 2 else "demo-mini", "created_at": now}
            for seq in range(5000, 0, -1)])  # stored backwards: the order must come from seq
        session.commit()

    with message_reads(app_env) as reads:
        exported = api.get(f"/api/conversations/{cid}/export?format=json", headers=headers)
    assert exported.status_code == 200 and len(reads) == 1
    assert [m["seq"] for m in exported.json()["messages"]] == list(range(1, 5001))

    with message_reads(app_env) as reads:
        markdown = api.get(f"/api/conversations/{cid}/export?format=markdown", headers=headers).text
    assert len(reads) == 1 and markdown.count("\n## ") == 5000
    assert markdown.index("\n\nmessage 999\n") < markdown.index("\n\nmessage 1000\n")

    token = api.post(f"/api/conversations/{cid}/share", headers=headers).json()["token"]
    with message_reads(app_env) as reads:
        view = api.get(f"/api/shared/{token}").json()
    assert len(reads) == 1
    assert [m["content"] for m in view["messages"]] == [f"message {seq}" for seq in range(1, 5001)]
