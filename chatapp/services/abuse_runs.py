"""Character runs squeezed to three ("aaaaaaaa" to "aaa", "hahahahaha" to "hahaha"): what
`abuse_stuffing.compress` does to a long word, exactly as `RUN.sub` would, faster on a long one.

A run is a piece of one to eight characters repeated four times or more (`RUN`). Python's engine
tries every piece length at every position of the word, which on a 12,000-character word of
random digits cost three to seven milliseconds. `squeeze_runs` first finds, with C-level passes,
the only positions where a run can start, and asks the engine there alone: at position i, a piece
of length L repeated four times means the word equals itself shifted by L on the 3·L characters
from i; the bytes of the word XORed with themselves shifted by L are zero exactly there, so the
possible starts are the stretches of 3·L zero bytes and more, which `bytes.find` finds.
"""

from __future__ import annotations

import re

RUN = re.compile(r"(.{1,8}?)\1{3,}", re.DOTALL)
_LONGEST_PIECE = 8
_FAST_FROM = 64  # characters: a shorter word is squeezed faster by the engine alone
_ZERO_OR_ONE = bytes.maketrans(bytes(range(256)), b"\x00" + b"\x01" * 255)


def _three(match: re.Match[str]) -> str:
    return match.group(1) * 3


def squeeze_runs(word: str) -> str:
    """`RUN.sub(lambda m: m.group(1) * 3, word)`."""
    if len(word) < _FAST_FROM or not word.isascii():
        return RUN.sub(_three, word)
    spans = _possible_starts(word.encode("ascii"))
    if not spans:
        return word
    spans.sort()
    parts: list[str] = []
    done = 0  # what is copied or replaced so far; the engine's search resumes here
    match = RUN.match
    for first, last in spans:
        at = max(first, done)
        while at <= last:
            found = match(word, at)  # a run starts here (see the module's doc): never None
            parts.append(word[done:at])
            parts.append(found.group(1) * 3)
            done = at = found.end()
    parts.append(word[done:])
    return "".join(parts)


def _possible_starts(data: bytes) -> list[tuple[int, int]]:
    """(first, last) ranges of the positions where a run can start, per piece length (so they may
    overlap): where the word equals itself shifted by L for 3·L characters or more."""
    size = len(data)
    spans: list[tuple[int, int]] = []
    for piece in range(1, _LONGEST_PIECE + 1):
        if size < 4 * piece:
            break
        shifted = int.from_bytes(data[:-piece], "big") ^ int.from_bytes(data[piece:], "big")
        same = shifted.to_bytes(size - piece, "big").translate(_ZERO_OR_ONE)  # 0 where equal
        need = bytes(3 * piece)
        at = same.find(need)
        while at >= 0:
            end = same.find(b"\x01", at)
            if end < 0:
                end = len(same)
            spans.append((at, end - 3 * piece))
            at = same.find(need, end)
    return spans


def any_runs(words: list[str]) -> bool:
    """Whether `squeeze_runs` would change any of these words of 13 characters or more, asked of
    all of them at once: joined by NUL bytes, a run cannot cross from one word into the next (a
    piece of eight characters or fewer repeated with a NUL in it needs words of seven or fewer)."""
    if not words:
        return False
    joined = "\0".join(words)
    if not joined.isascii():
        return any(RUN.search(word) for word in words)
    return bool(_possible_starts(joined.encode("ascii")))
