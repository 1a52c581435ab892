"""The demo provider over real HTTP, through the official openai SDK: streams, shapes and faults."""

from __future__ import annotations

import time

import openai
import pytest

from chatapp.services.catalog import demo_api_key
from chatapp.settings import get_settings

pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
QUESTION = [{"role": "user", "content": "How do I sort a list in Python?"}]


@pytest.fixture
def demo(live_app) -> openai.OpenAI:
    return openai.OpenAI(base_url=f"{live_app}/demo/v1", api_key=demo_api_key(get_settings()),
                         max_retries=0)


def collect(stream) -> tuple[list, str]:
    chunks = list(stream)
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    return chunks, text


def test_models_are_listed(demo):
    assert [m.id for m in demo.models.list().data] == ["demo-mini", "demo-plus", "demo-max"]


def test_stream_ends_with_finish_then_usage_chunk(demo):
    chunks, text = collect(demo.chat.completions.create(
        model="demo-mini", messages=QUESTION, stream=True, stream_options={"include_usage": True}))
    assert "```python" in text
    assert chunks[0].choices[0].delta.role == "assistant"
    assert all(c.usage is None for c in chunks[:-1])
    assert chunks[-2].choices[0].finish_reason == "stop"
    last = chunks[-1]
    assert last.choices == [] and last.usage is not None
    content_chunks = [c for c in chunks if c.choices and c.choices[0].delta.content]
    assert last.usage.completion_tokens == len(content_chunks) > 20
    assert last.usage.prompt_tokens > 0
    assert last.usage.total_tokens == last.usage.prompt_tokens + last.usage.completion_tokens


def test_without_include_usage_there_is_no_usage(demo):
    chunks, _ = collect(demo.chat.completions.create(model="demo-mini", messages=QUESTION, stream=True))
    assert all(c.usage is None for c in chunks)


def test_non_streaming_reply_and_length_limit(demo):
    whole = demo.chat.completions.create(model="demo-plus", messages=QUESTION)
    assert whole.choices[0].finish_reason == "stop" and whole.usage.completion_tokens > 20
    short = demo.chat.completions.create(model="demo-plus", messages=QUESTION, max_tokens=5)
    assert short.choices[0].finish_reason == "length"
    assert short.usage.completion_tokens == 5
    assert whole.choices[0].message.content.startswith(short.choices[0].message.content)


def test_speed_follows_tokens_per_second(demo):
    started = time.monotonic()
    collect(demo.chat.completions.create(model="demo-mini", messages=QUESTION, stream=True,
                                         extra_headers={"X-Demo-Tokens-Per-Second": "100"}))
    # About 110 tokens at 100 per second cannot arrive in less than a second.
    assert time.monotonic() - started >= 1.0


def test_http_500_fault(demo):
    with pytest.raises(openai.InternalServerError):
        demo.chat.completions.create(model="demo-mini:http_500", messages=QUESTION, stream=True)


def test_http_429_fault_announces_retry_after(demo):
    with pytest.raises(openai.RateLimitError) as caught:
        demo.chat.completions.create(model="demo-mini", messages=QUESTION, stream=True,
                                     extra_headers={"X-Demo-Fault": "http_429; retry_after=9"})
    assert caught.value.response.headers["retry-after"] == "9"


def test_cut_fault_drops_the_connection_mid_stream(demo):
    received = []
    with pytest.raises(openai.APIConnectionError):
        for chunk in demo.chat.completions.create(model="demo-mini", messages=QUESTION, stream=True,
                                                  extra_headers={"X-Demo-Fault": "cut; after=4"}):
            if chunk.choices and chunk.choices[0].delta.content:
                received.append(chunk.choices[0].delta.content)
    assert len(received) == 4


def test_error_object_inside_the_stream(demo):
    with pytest.raises(openai.APIError, match="failed mid-stream"):
        collect(demo.chat.completions.create(model="demo-mini", messages=QUESTION, stream=True,
                                             extra_headers={"X-Demo-Fault": "stream_error; after=2"}))


def test_slow_first_token(demo):
    started = time.monotonic()
    stream = demo.chat.completions.create(model="demo-mini", messages=QUESTION, stream=True,
                                          extra_headers={"X-Demo-Fault": "slow_first_token; delay=0.6"})
    first_content = next(c for c in stream if c.choices and c.choices[0].delta.content)
    assert first_content and time.monotonic() - started >= 0.6
    stream.close()


def test_no_usage_fault_omits_the_usage_chunk(demo):
    chunks, text = collect(demo.chat.completions.create(
        model="demo-mini:no_usage", messages=QUESTION, stream=True, stream_options={"include_usage": True}))
    assert text and all(c.usage is None for c in chunks)
    assert chunks[-1].choices[0].finish_reason == "stop"


def test_the_demo_needs_its_key_and_a_valid_request(live_app, demo):
    stranger = openai.OpenAI(base_url=f"{live_app}/demo/v1", api_key="wrong", max_retries=0)
    with pytest.raises(openai.AuthenticationError):
        stranger.models.list()
    with pytest.raises(openai.BadRequestError, match="unknown model"):
        demo.chat.completions.create(model="gpt-5.5", messages=QUESTION)
    with pytest.raises(openai.BadRequestError, match="unknown fault"):
        demo.chat.completions.create(model="demo-mini:explode", messages=QUESTION)
