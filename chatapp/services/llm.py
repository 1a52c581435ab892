"""Calls to model providers through the openai SDK: one pooled client per endpoint, streaming chat,
and provider failures mapped to the named errors of services/errors.py."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import AsyncIterator, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import openai

from chatapp.services import errors
from chatapp.services.catalog import ModelSpec, provider_endpoint
from chatapp.settings import Settings


@dataclass(frozen=True)
class Usage:
    """Token usage of one completion as the provider reported it (or as we counted it)."""

    input_tokens: int
    output_tokens: int
    cached_tokens: int = 0


@dataclass(frozen=True)
class StreamEnd:
    """The last item of a chat stream: what ended it and the provider's usage, if it sent one."""

    finish_reason: str
    usage: Usage | None
    refused: bool = False


@dataclass
class ChunkParser:
    """Folds `chat.completion.chunk` payloads (the JSON of each server-sent event) into text
    deltas, the finish reason and the usage.

    Handles the shapes OpenAI-compatible servers send: the usage on a last chunk with empty
    choices, `usage: null` on every chunk, no usage at all, refusals, and tool-call deltas
    (ignored: this app does not offer tools).
    """

    finish_reason: str | None = None
    usage: Usage | None = None
    refused: bool = False
    parts: list[str] = field(default_factory=list)

    def feed(self, chunk: Mapping[str, Any]) -> str:
        usage = chunk.get("usage")
        if usage:
            details = usage.get("prompt_tokens_details") or {}
            self.usage = Usage(
                input_tokens=usage.get("prompt_tokens") or 0,
                output_tokens=usage.get("completion_tokens") or 0,
                cached_tokens=details.get("cached_tokens") or 0,
            )
        text = ""
        for choice in chunk.get("choices") or ():
            if choice.get("index", 0) != 0:
                continue
            delta = choice.get("delta")
            if delta:
                if delta.get("content"):
                    text += delta["content"]
                if delta.get("refusal"):
                    self.refused = True
                    text += delta["refusal"]
            if choice.get("finish_reason"):
                self.finish_reason = choice["finish_reason"]
        if text:
            self.parts.append(text)
        return text

    @property
    def text(self) -> str:
        return "".join(self.parts)


@functools.lru_cache(maxsize=64)
def _client(base_url: str, api_key: str, connect_timeout: float, read_timeout: float,
            _loop: asyncio.AbstractEventLoop) -> openai.AsyncOpenAI:
    # Keyed by event loop too: a pooled connection belongs to the loop that opened it.
    # No SDK retries: the pipeline decides about retries and fallbacks (and the breaker counts them).
    return openai.AsyncOpenAI(
        base_url=base_url, api_key=api_key, max_retries=0,
        timeout=openai.Timeout(read_timeout, connect=connect_timeout, write=30.0, pool=connect_timeout),
    )


def client_for(model: ModelSpec, settings: Settings) -> openai.AsyncOpenAI:
    base_url, api_key = provider_endpoint(model.provider, settings)
    return _client(base_url, api_key, settings.provider_connect_timeout, settings.provider_read_timeout,
                   asyncio.get_running_loop())


def map_provider_error(exc: BaseException, *, mid_stream: bool = False) -> errors.ProviderError:
    """The named error for an openai SDK failure. Mid-stream failures become ProviderInterrupted."""
    if mid_stream:
        return errors.ProviderInterrupted(
            f"The answer was interrupted by the model provider ({_reason(exc)}).")
    if isinstance(exc, openai.APITimeoutError):
        return errors.ProviderTimeout()
    if isinstance(exc, openai.APIConnectionError):
        return errors.ProviderUnavailable()
    if isinstance(exc, openai.RateLimitError):
        return errors.ProviderRateLimited(retry_after=_retry_after(exc))
    if isinstance(exc, openai.InternalServerError):
        return errors.ProviderUnavailable()
    if isinstance(exc, (openai.AuthenticationError, openai.PermissionDeniedError)):
        return errors.ProviderRejected("The model provider refused our credentials; an administrator "
                                       "must check the provider key.")
    if isinstance(exc, (openai.BadRequestError, openai.NotFoundError,
                        openai.UnprocessableEntityError, openai.ConflictError)):
        return errors.ProviderRejected(f"The model provider refused the request: {_reason(exc)}")
    if isinstance(exc, openai.APIStatusError):
        return errors.ProviderError(f"The model provider answered with HTTP {exc.status_code}.")
    if isinstance(exc, openai.APIError):
        return errors.ProviderError(f"The model provider reported an error: {_reason(exc)}")
    return errors.ProviderError()


_background: set[asyncio.Task] = set()


async def _shielded(coro) -> None:
    task = asyncio.ensure_future(coro)
    _background.add(task)
    task.add_done_callback(_background.discard)
    await asyncio.shield(task)


def _reason(exc: BaseException) -> str:
    message = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    return message[:200]


def _retry_after(exc: openai.APIStatusError) -> int | None:
    value = exc.response.headers.get("retry-after") if exc.response is not None else None
    try:
        return max(1, int(float(value))) if value else None
    except ValueError:
        return None


async def stream_chat(model: ModelSpec, messages: Iterable[dict[str, str]], *, max_tokens: int,
                      settings: Settings, extra_headers: dict[str, str] | None = None,
                      ) -> AsyncIterator[str | StreamEnd]:
    """Yield text deltas as they arrive, then one StreamEnd.

    Raises a ProviderError subclass: ProviderInterrupted when the stream breaks after it started
    (the caller keeps the text it already has), another one when it fails before.
    """
    parser = ChunkParser()
    try:
        # The SDK's raw request path (`post` with `cast_to=object`): the same client, retries,
        # errors and SSE decoding as `chat.completions.create`, without building a pydantic
        # object per chunk and re-walking the request body, which cost ~2 ms of CPU per turn.
        stream = await client_for(model, settings).post(
            "/chat/completions", cast_to=object, stream=True, stream_cls=openai.AsyncStream[object],
            body={"model": model.upstream_id, "messages": list(messages), "stream": True,
                  "stream_options": {"include_usage": True}, "max_tokens": max_tokens},
            options={"headers": extra_headers} if extra_headers else {},
        )
    except openai.OpenAIError as exc:
        raise map_provider_error(exc) from exc
    try:
        async for chunk in stream:
            text = parser.feed(chunk)
            if text:
                yield text
    except openai.OpenAIError as exc:
        raise map_provider_error(exc, mid_stream=True) from exc
    finally:
        # Also on early exit (Stop, client gone): close the upstream request so it stops generating.
        # Shielded, so the close completes even while this task is being cancelled.
        await _shielded(stream.close())
    if parser.finish_reason is None:
        raise errors.ProviderInterrupted("The model provider ended the answer early.")
    yield StreamEnd(parser.finish_reason, parser.usage, parser.refused)

