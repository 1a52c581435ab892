"""stream_chat over real HTTP to the demo provider: deltas, the end with usage, mapped faults."""

from __future__ import annotations

import pytest

from chatapp.services import errors, llm
from chatapp.services.catalog import get_model
from chatapp.settings import get_settings

pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
PROMPT = [{"role": "user", "content": "How do I sort a list in Python?"}]


async def run(fault: str | None = None, max_tokens: int = 500):
    settings = get_settings()
    texts, end = [], None
    headers = {"X-Demo-Fault": fault} if fault else None
    try:
        async for item in llm.stream_chat(get_model("demo-mini", settings), PROMPT,
                                          max_tokens=max_tokens, settings=settings,
                                          extra_headers=headers):
            if isinstance(item, llm.StreamEnd):
                end = item
            else:
                texts.append(item)
    except errors.ProviderError as exc:
        return texts, end, exc
    return texts, end, None


async def test_a_normal_stream(live_app):
    texts, end, error = await run()
    assert error is None and len(texts) > 20
    assert end.finish_reason == "stop"
    assert end.usage.output_tokens == len(texts) and end.usage.input_tokens > 0


async def test_length_limit(live_app):
    texts, end, _ = await run(max_tokens=7)
    assert end.finish_reason == "length" and end.usage.output_tokens == 7 == len(texts)


@pytest.mark.parametrize(("fault", "expected"), [
    ("http_500", errors.ProviderUnavailable),
    ("http_429; retry_after=3", errors.ProviderRateLimited),
])
async def test_failures_before_the_stream(live_app, fault, expected):
    texts, end, error = await run(fault)
    assert type(error) is expected and texts == [] and end is None
    if expected is errors.ProviderRateLimited:
        assert error.retry_after == 3


@pytest.mark.parametrize("fault", ["cut; after=6", "stream_error; after=6"])
async def test_failures_mid_stream_keep_what_arrived(live_app, fault):
    texts, end, error = await run(fault)
    assert type(error) is errors.ProviderInterrupted
    assert len(texts) == 6 and end is None


async def test_missing_usage_ends_the_stream_without_usage(live_app):
    texts, end, error = await run("no_usage")
    assert error is None and texts and end.finish_reason == "stop" and end.usage is None


async def test_unreachable_provider(live_app, monkeypatch):
    from chatapp.settings import reset_settings

    monkeypatch.setenv("DEMO_BASE_URL", "http://127.0.0.1:1/demo/v1")
    reset_settings()
    _, _, error = await run()
    assert type(error) is errors.ProviderUnavailable
