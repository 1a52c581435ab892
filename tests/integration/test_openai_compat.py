"""The official openai SDK, unchanged, as a client of our /v1 API (which runs the guarded pipeline)."""

from __future__ import annotations

import openai
import pytest
from sqlmodel import Session, select

from chatapp.db import engine_for
from chatapp.models import Conversation
from tests.support.helpers import sign_up

QUESTION = [{"role": "system", "content": "Be brief."},
            {"role": "user", "content": "What is 6*7?"}]


@pytest.fixture
def client(live_app) -> openai.OpenAI:
    return openai.OpenAI(base_url=f"{live_app}/v1", api_key=sign_up(live_app), max_retries=0)


def test_models_are_those_of_the_plan(client):
    assert [m.id for m in client.models.list().data] == ["demo-mini"]


def test_non_streaming_completion(client, app_env):
    completion = client.chat.completions.create(model="demo-mini", messages=QUESTION)
    assert "42" in completion.choices[0].message.content
    assert completion.choices[0].finish_reason == "stop"
    assert completion.usage.prompt_tokens > 0 and completion.usage.completion_tokens > 0
    with Session(engine_for(app_env)) as session:
        conversation = session.exec(select(Conversation)).one()
        assert conversation.source == "openai" and conversation.message_count == 2


def test_streaming_completion_with_usage(client):
    chunks = list(client.chat.completions.create(model="demo-mini", messages=QUESTION, stream=True,
                                                 stream_options={"include_usage": True}))
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert "42" in text
    assert chunks[-2].choices[0].finish_reason == "stop"
    assert chunks[-1].choices == [] and chunks[-1].usage.completion_tokens > 0


def test_model_auto_routes_within_the_plan(client):
    completion = client.chat.completions.create(model="auto", messages=QUESTION)
    assert completion.model == "demo-mini"


def test_errors_reach_the_sdk_as_its_own_exceptions(live_app, client):
    with pytest.raises(openai.BadRequestError, match="Unknown model 'gpt-9'") as unknown:
        client.chat.completions.create(model="gpt-9", messages=QUESTION)
    assert unknown.value.code == "UNKNOWN_MODEL"
    with pytest.raises(openai.PermissionDeniedError, match="not included in the Free plan") as denied:
        client.chat.completions.create(model="demo-max", messages=QUESTION)
    assert denied.value.code == "MODEL_NOT_ALLOWED"
    with pytest.raises(openai.UnprocessableEntityError, match="last message must come from the user"):
        client.chat.completions.create(model="demo-mini",
                                       messages=[{"role": "assistant", "content": "hi"}])
    stranger = openai.OpenAI(base_url=f"{live_app}/v1", api_key="wrong", max_retries=0)
    with pytest.raises(openai.AuthenticationError):
        stranger.chat.completions.create(model="demo-mini", messages=QUESTION)


def test_a_mid_stream_failure_raises_in_the_sdk(client):
    from chatapp.services.demo_provider import FAULTS, Fault

    FAULTS.inject("demo-mini", Fault("stream_error", after=3))
    with pytest.raises(openai.APIError, match="interrupted"):
        list(client.chat.completions.create(model="demo-mini", messages=QUESTION, stream=True))
