"""Provider failures from the openai SDK map to named errors with codes a client can act on."""

from __future__ import annotations

import httpx2
import openai
import pytest

from chatapp.services import errors
from chatapp.services.llm import map_provider_error

REQUEST = httpx2.Request("POST", "https://api.example.com/v1/chat/completions")


def status_error(cls, status: int, headers: dict | None = None):
    response = httpx2.Response(status, headers=headers or {}, request=REQUEST,
                               json={"error": {"message": "upstream says no"}})
    return cls("upstream says no", response=response, body={"message": "upstream says no"})


@pytest.mark.parametrize(("exc", "expected", "code", "status"), [
    (openai.APITimeoutError(request=REQUEST), errors.ProviderTimeout, "PROVIDER_TIMEOUT", 504),
    (openai.APIConnectionError(request=REQUEST), errors.ProviderUnavailable, "PROVIDER_UNAVAILABLE", 503),
    (status_error(openai.InternalServerError, 500), errors.ProviderUnavailable, "PROVIDER_UNAVAILABLE", 503),
    (status_error(openai.RateLimitError, 429), errors.ProviderRateLimited, "PROVIDER_RATE_LIMITED", 503),
    (status_error(openai.AuthenticationError, 401), errors.ProviderRejected, "PROVIDER_REJECTED", 502),
    (status_error(openai.BadRequestError, 400), errors.ProviderRejected, "PROVIDER_REJECTED", 502),
    (status_error(openai.NotFoundError, 404), errors.ProviderRejected, "PROVIDER_REJECTED", 502),
    (openai.APIError("boom", request=REQUEST, body=None), errors.ProviderError, "PROVIDER_ERROR", 502),
])
def test_mapping_before_the_stream(exc, expected, code, status):
    mapped = map_provider_error(exc)
    assert type(mapped) is expected
    assert (mapped.code, mapped.status) == (code, status)
    assert mapped.message


def test_rate_limit_keeps_retry_after():
    mapped = map_provider_error(status_error(openai.RateLimitError, 429, {"retry-after": "7"}))
    assert mapped.retry_after == 7
    assert map_provider_error(status_error(openai.RateLimitError, 429)).retry_after is None


def test_rejections_are_not_retryable_but_outages_are():
    assert not map_provider_error(status_error(openai.BadRequestError, 400)).retryable
    assert map_provider_error(status_error(openai.InternalServerError, 503)).retryable


def test_any_failure_after_the_stream_started_is_an_interruption():
    for exc in (openai.APIConnectionError(request=REQUEST),
                openai.APIError("the model failed mid-stream", request=REQUEST, body=None),
                openai.APITimeoutError(request=REQUEST)):
        mapped = map_provider_error(exc, mid_stream=True)
        assert type(mapped) is errors.ProviderInterrupted
        assert mapped.code == "PROVIDER_INTERRUPTED"


def test_error_json_shape():
    body = errors.ProviderRateLimited(retry_after=3).to_dict()
    assert body == {"error": {"code": "PROVIDER_RATE_LIMITED",
                              "message": errors.ProviderRateLimited.default_message,
                              "retry_after": 3}}
