"""POST /api/chat over real HTTP, read with httpx streaming: events, errors, client disconnects."""

from __future__ import annotations

import json
import uuid

import httpx
from sqlmodel import Session, select

from chatapp.db import engine_for
from chatapp.models import Message
from chatapp.services import tokens
from chatapp.settings import reset_settings
from tests.support.budget import counter, reservations
from tests.support.helpers import sign_up, wait_until


def read_events(response: httpx.Response) -> list[tuple[str, dict]]:
    events, name = [], "message"
    for line in response.iter_lines():
        if line.startswith("event: "):
            name = line[len("event: "):]
        elif line.startswith("data: "):
            events.append((name, json.loads(line[len("data: "):])))
            name = "message"
    return events


def post_chat(url: str, token: str | None, body: dict, **kwargs) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return httpx.post(f"{url}/api/chat", json=body, headers=headers, timeout=30, **kwargs)


def test_a_turn_as_server_sent_events(live_app):
    token = sign_up(live_app)
    with httpx.stream("POST", f"{live_app}/api/chat", timeout=30,
                      json={"message": "How do I sort a list in Python?"},
                      headers={"Authorization": f"Bearer {token}"}) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        events = read_events(response)
    names = [name for name, _ in events]
    assert names[0] == "start" and names[-1] == "done" and set(names[1:-1]) == {"delta"}
    start, done = events[0][1], events[-1][1]
    text = "".join(data["text"] for name, data in events if name == "delta")
    assert start["model"] == "demo-mini" and start["conversation_id"] == done["conversation_id"]
    assert float(start["estimated_cost"]) >= float(done["cost"]) > 0
    assert done["status"] == "complete" and done["usage"]["reported_by_provider"]
    assert done["usage"]["output_tokens"] == tokens.count_text(text)
    assert done["cost_micros"] > 0 and done["cost"] == f"{done['cost_micros'] / 1_000_000:.6f}".rstrip("0")

    again = post_chat(live_app, token, {"message": "thanks", "conversation_id": done["conversation_id"]})
    assert read_events(again)[-1][1]["conversation_id"] == done["conversation_id"]


def test_refusals_are_json_errors_with_status(live_app):
    token = sign_up(live_app)
    cases = [
        ({"message": ""}, 400, "EMPTY_MESSAGE"),
        ({"message": "hi", "model": "demo-max"}, 403, "MODEL_NOT_ALLOWED"),
        ({"message": "hi", "model": "nope"}, 400, "UNKNOWN_MODEL"),
        ({"message": "hi", "conversation_id": str(uuid.uuid4())}, 404, "NOT_FOUND"),
        ({"message": "hi", "conversation_id": "not-a-uuid"}, 422, "VALIDATION_ERROR"),
        ({"text": "hi"}, 422, "VALIDATION_ERROR"),
        ({"message": "word " * 140_000}, 413, "MESSAGE_TOO_LONG"),
    ]
    for body, status, code in cases:
        response = post_chat(live_app, token, body)
        assert response.status_code == status, (body, response.text[:200])
        assert response.json()["error"]["code"] == code
    forbidden = post_chat(live_app, token, {"message": "hi", "model": "demo-max"}).json()["error"]
    assert forbidden["upgrade_url"] == "/pricing"
    assert post_chat(live_app, None, {"message": "hi"}).status_code == 401
    assert post_chat(live_app, "garbage", {"message": "hi"}).status_code == 401
    malformed = httpx.post(f"{live_app}/api/chat", content=b"{oops", timeout=10,
                           headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    assert malformed.status_code == 400 and malformed.json()["error"]["code"] == "INVALID_JSON"


def test_a_provider_outage_before_the_answer_is_a_503(live_app):
    from chatapp.services.demo_provider import FAULTS, Fault

    token = sign_up(live_app)
    FAULTS.inject("demo-mini", Fault("http_500"))
    response = post_chat(live_app, token, {"message": "hi"})
    assert response.status_code == 503
    assert response.json()["error"]["code"] == "PROVIDER_UNAVAILABLE"


def test_a_mid_stream_failure_sends_error_then_done(live_app):
    from chatapp.services.demo_provider import FAULTS, Fault

    token = sign_up(live_app)
    FAULTS.inject("demo-mini", Fault("stream_error", after=5))
    events = read_events(post_chat(live_app, token, {"message": "How do I sort a list in Python?"}))
    assert [n for n, _ in events][-2:] == ["error", "done"]
    assert events[-2][1]["code"] == "PROVIDER_INTERRUPTED"
    assert events[-1][1]["status"] == "interrupted" and events[-1][1]["usage"]["output_tokens"] == 5


def test_a_client_that_disconnects_is_billed_for_what_it_received(live_app, app_env, monkeypatch):
    monkeypatch.setenv("DEMO_TOKENS_PER_SECOND", "40")
    reset_settings()
    token = sign_up(live_app)
    received, conversation_id = [], None
    with httpx.stream("POST", f"{live_app}/api/chat", timeout=30,
                      json={"message": "How do I remove None values from a list in Python?"},
                      headers={"Authorization": f"Bearer {token}"}) as response:
        name = None
        for line in response.iter_lines():
            if line.startswith("event: "):
                name = line[7:]
            elif line.startswith("data: "):
                data = json.loads(line[6:])
                if name == "start":
                    conversation_id = data["conversation_id"]
                elif name == "delta":
                    received.append(data["text"])
                if len(received) == 10:
                    break  # closing the response drops the connection mid-stream

    def stopped_answer():
        with Session(engine_for(app_env)) as session:
            return session.exec(select(Message).where(
                Message.conversation_id == uuid.UUID(conversation_id),
                Message.role == "assistant")).first()

    answer = wait_until(stopped_answer, what="the stopped answer to be settled")
    assert answer.status == "stopped"
    produced = "".join(received)
    assert answer.content.startswith(produced)
    # Billed for what was produced: what we read, plus at most what was already in flight.
    assert abs(answer.completion_tokens - tokens.count_text(produced)) <= 3
    assert answer.completion_tokens == tokens.count_text(answer.content)
    assert answer.cost_micros > 0
    # The reservation was replaced by exactly the recorded cost: nothing stays held.
    (reservation,) = reservations(app_env)
    assert (reservation.status, reservation.settled_micros) == ("settled", answer.cost_micros)
    assert counter(app_env, "user_day", str(reservation.user_id)) == (answer.cost_micros, 0)
