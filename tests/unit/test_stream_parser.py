"""The chunk parser over the stream shapes OpenAI's API reference and compatible servers send."""

from __future__ import annotations

from openai.types.chat import ChatCompletionChunk

from chatapp.services.llm import ChunkParser, Usage

BASE = {"id": "chatcmpl-123", "object": "chat.completion.chunk", "created": 1694268190,
        "model": "gpt-4o-mini", "system_fingerprint": "fp_44709d6fcb"}
USAGE = {"prompt_tokens": 9, "completion_tokens": 12, "total_tokens": 21,
         "prompt_tokens_details": {"cached_tokens": 4}, "completion_tokens_details": {"reasoning_tokens": 0}}


def chunk(delta: dict | None = None, finish=None, *, usage="absent", choices=None) -> dict:
    """The JSON payload of one streamed chunk, checked against the SDK's own chunk type."""
    data = {**BASE, "choices": choices if choices is not None else
            [{"index": 0, "delta": delta or {}, "logprobs": None, "finish_reason": finish}]}
    if usage != "absent":
        data["usage"] = usage
    ChatCompletionChunk.model_validate(data)  # the fixture is a shape the API really sends
    return data


def feed(chunks) -> tuple[ChunkParser, list[str]]:
    parser = ChunkParser()
    return parser, [text for text in (parser.feed(c) for c in chunks) if text]


def test_usage_on_a_last_chunk_with_empty_choices():
    parser, texts = feed([
        chunk({"role": "assistant", "content": ""}, usage=None),
        chunk({"content": "Hello"}, usage=None),
        chunk({"content": " there!"}, usage=None),
        chunk({}, "stop", usage=None),
        chunk(choices=[], usage=USAGE),
    ])
    assert texts == ["Hello", " there!"]
    assert parser.text == "Hello there!"
    assert parser.finish_reason == "stop"
    assert parser.usage == Usage(input_tokens=9, output_tokens=12, cached_tokens=4)


def test_usage_null_on_every_chunk_and_never_sent():
    parser, texts = feed([chunk({"role": "assistant"}, usage=None), chunk({"content": "Hi"}, usage=None),
                          chunk({}, "stop", usage=None)])
    assert texts == ["Hi"] and parser.finish_reason == "stop" and parser.usage is None


def test_no_usage_field_at_all():
    parser, texts = feed([chunk({"role": "assistant", "content": "Hi"}), chunk({}, "stop")])
    assert texts == ["Hi"] and parser.usage is None


def test_usage_on_every_chunk_keeps_the_last():
    running = [{**USAGE, "completion_tokens": n, "total_tokens": 9 + n} for n in (1, 2, 3)]
    parser, _ = feed([chunk({"content": "a"}, usage=running[0]), chunk({"content": "b"}, usage=running[1]),
                      chunk({}, "stop", usage=running[2])])
    assert parser.usage.output_tokens == 3


def test_refusal_is_shown_and_flagged():
    parser, texts = feed([chunk({"role": "assistant", "content": None, "refusal": ""}),
                          chunk({"refusal": "I'm sorry, I can't help with that."}),
                          chunk({}, "stop")])
    assert texts == ["I'm sorry, I can't help with that."]
    assert parser.refused and parser.finish_reason == "stop"


def test_finish_reason_length():
    parser, _ = feed([chunk({"content": "A very long"}), chunk({}, "length")])
    assert parser.finish_reason == "length"


def test_tool_call_chunks_are_ignored_without_crashing():
    call = {"index": 0, "id": "call_abc", "type": "function",
            "function": {"name": "get_weather", "arguments": ""}}
    parser, texts = feed([
        chunk({"role": "assistant", "content": None, "tool_calls": [call]}),
        chunk({"tool_calls": [{"index": 0, "function": {"arguments": "{\"city\": \"Paris\"}"}}]}),
        chunk({}, "tool_calls"),
    ])
    assert texts == [] and parser.text == "" and parser.finish_reason == "tool_calls"


def test_only_the_first_choice_is_used():
    two = [{"index": 0, "delta": {"content": "one"}, "logprobs": None, "finish_reason": None},
           {"index": 1, "delta": {"content": "two"}, "logprobs": None, "finish_reason": None}]
    parser, texts = feed([chunk(choices=two)])
    assert texts == ["one"]
