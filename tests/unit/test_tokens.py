"""Offline token counts: known values, chat overhead, token-boundary splitting, no network."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap

import pytest

from chatapp.services import tokens
from chatapp.settings import PROJECT_ROOT


@pytest.mark.parametrize("encoding", tokens.ENCODINGS)
def test_known_counts(encoding):
    assert tokens.count_text("hello world", encoding) == 2
    assert tokens.count_text("antidisestablishmentarianism", encoding) == 6
    assert tokens.count_text("", encoding) == 0


def test_the_two_encodings_differ_where_they_should():
    text = "Ünïcödé text, 東京, and code: def f(x): return x ** 2"
    assert tokens.count_text(text, "o200k_base") != tokens.count_text(text, "cl100k_base")


def test_special_token_markers_in_user_text_are_ordinary_text():
    assert tokens.count_text("<|endoftext|>") > 1


def test_chat_counts_add_openai_per_message_overhead():
    messages = [{"role": "system", "content": "You are a helpful assistant."},
                {"role": "user", "content": "hello world"}]
    content = sum(tokens.count_text(m["content"]) + tokens.count_text(m["role"]) for m in messages)
    expected = content + 3 * len(messages) + 3
    assert tokens.count_chat(messages) == expected == 19
    assert tokens.count_chat([{"role": "user", "content": "hi", "name": "ada"}]) == \
        3 + 3 + tokens.count_text("user") + tokens.count_text("hi") + tokens.count_text("ada") + 1


def test_split_tokens_rebuilds_the_text_and_never_splits_a_character():
    text = "naïve café 👋🏽 — 東京タワー\n```py\nprint('x')\n```"
    pieces = tokens.split_tokens(text)
    assert "".join(pieces) == text
    assert len(pieces) > 5
    assert all("\ufffd" not in piece for piece in pieces)


def test_unknown_encoding_is_refused():
    with pytest.raises(ValueError, match="unknown encoding"):
        tokens.get_encoding("p50k_base")


UNSHARE = shutil.which("unshare")


def _offline(code: str, tmp_path) -> subprocess.CompletedProcess:
    """Run Python with no network at all (a new, empty network namespace) and an empty temp dir."""
    env = {**os.environ, "TMPDIR": str(tmp_path), "PYTHONPATH": str(PROJECT_ROOT)}
    env.pop("TIKTOKEN_CACHE_DIR", None)
    return subprocess.run([UNSHARE, "-rn", sys.executable, "-c", textwrap.dedent(code)],
                          capture_output=True, text=True, env=env, timeout=120)


def test_counts_work_with_the_network_cut_off(tmp_path):
    assert UNSHARE, "unshare (util-linux) is needed for this test"
    result = _offline("""
        from chatapp.services import tokens
        print(tokens.count_text("hello world", "o200k_base"), tokens.count_text("hello world", "cl100k_base"))
    """, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["2", "2"]


def test_plain_tiktoken_would_need_the_network(tmp_path):
    """Proves the test above is meaningful: without our packaged ranks tiktoken fails offline."""
    assert UNSHARE, "unshare (util-linux) is needed for this test"
    (tmp_path / "empty").mkdir()
    result = _offline(f"""
        import os
        os.environ["TIKTOKEN_CACHE_DIR"] = {str(tmp_path / 'empty')!r}
        import tiktoken
        tiktoken.get_encoding("o200k_base")
    """, tmp_path)
    assert result.returncode != 0
    assert "openaipublic.blob.core.windows.net" in result.stderr


@pytest.mark.parametrize("encoding", tokens.ENCODINGS)
def test_remembered_counts_are_the_exact_counts_per_encoding(encoding, monkeypatch):
    monkeypatch.setattr(tokens, "_remembered", tokens.OrderedDict())
    monkeypatch.setattr(tokens, "_REMEMBERED_MAX", 3)
    texts = [f"Paragraph {i}: " + "naïve café déjà vu, ünïcödé and code `x = {i}` " * 20 for i in range(5)]
    for text in texts + texts:  # counted, then (for the last three) remembered
        assert tokens.count_remembered(text, encoding) == tokens.count_text(text, encoding)
    assert len(tokens._remembered) == 3  # bounded: the oldest are forgotten
    other = "o200k_base" if encoding == "cl100k_base" else "cl100k_base"
    assert tokens.count_remembered(texts[-1], other) == tokens.count_text(texts[-1], other)  # per encoding
    assert tokens.count_chat([{"role": "user", "content": texts[0]}], encoding) == (
        tokens.count_text(texts[0], encoding) + tokens.count_text("user", encoding) + 3 + 3)
