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
    data = word.encode("ascii")
    same = _same_as_shifted(data, 1)
    if b"\x01" not in same:
        return word[0] * 3  # one character over and over: the engine takes it whole as one run
    longer = _stretches(data, range(2, _LONGEST_PIECE + 1))
    # Eight "a"s are also "aa" four times; where a longer piece's run is one character over and
    # over, the engine takes that character (the shortest piece) at every position.
    if all(same.find(b"\x01", first, last + 4 * piece - 1) < 0 for first, last, piece in longer):
        return _squeeze_one_character_runs(data, same)
    spans = sorted(_runs_of_zeros(same, 1) + longer)
    parts: list[str] = []
    done = 0  # what is copied or replaced so far; the engine's search resumes here
    match = RUN.match
    for first, last, piece in spans:
        at = max(first, done)
        if piece == 1 and at <= last:
            # One character over and over: the shortest piece, so the engine would take it here,
            # and the run goes on to the end of the stretch (three characters past `last`).
            parts.append(word[done:at])
            parts.append(word[at] * 3)
            done = last + 4
            continue
        while at <= last:
            found = match(word, at)  # a run starts here (see the module's doc): never None
            parts.append(word[done:at])
            parts.append(found.group(1) * 3)
            done = at = found.end()
    parts.append(word[done:])
    return "".join(parts)


def any_runs(words: list[str]) -> bool:
    """Whether `squeeze_runs` would change any of these words of 13 characters or more, asked of
    all of them at once: joined by NUL bytes, a run cannot cross from one word into the next (a
    piece of eight characters or fewer repeated with a NUL in it needs words of seven or fewer)."""
    if not words:
        return False
    joined = "\0".join(words)
    if not joined.isascii():
        return any(RUN.search(word) for word in words)
    data = joined.encode("ascii")
    return any(_stretches(data, range(piece, piece + 1)) for piece in range(1, _LONGEST_PIECE + 1))


def _squeeze_one_character_runs(data: bytes, same: bytes) -> str:
    """The word with each run of one character cut to three, in big-integer and bytes passes: a
    character is dropped where it and the three before it are the same (`same`: the word's
    `_same_as_shifted` by one)."""
    size = len(data)
    equal = int.from_bytes((b"\x01" + same).translate(_FLIP), "big")  # 1 where same as the one before
    dropped = equal & (equal >> 8) & (equal >> 16)  # a byte each, the first three never
    marked = int.from_bytes(data, "big") | (dropped << 7)  # dropped bytes get their high bit
    return marked.to_bytes(size, "big").translate(None, _HIGH).decode("ascii")


_FLIP = bytes.maketrans(b"\x00\x01", b"\x01\x00")
_HIGH = bytes(range(128, 256))


def _same_as_shifted(data: bytes, piece: int) -> bytes:
    """Per position i, 0 where the word's characters i and i + piece are the same, else 1."""
    shifted = int.from_bytes(data[:-piece], "big") ^ int.from_bytes(data[piece:], "big")
    return shifted.to_bytes(len(data) - piece, "big").translate(_ZERO_OR_ONE)


def _stretches(data: bytes, pieces: range) -> list[tuple[int, int, int]]:
    """(first, last, L) ranges of the positions where a run of a piece of length L can start (so
    they may overlap): where the word equals itself shifted by L for 3·L characters or more."""
    spans: list[tuple[int, int, int]] = []
    for piece in pieces:
        if len(data) < 4 * piece:
            break
        spans += _runs_of_zeros(_same_as_shifted(data, piece), piece)
    return spans


def _runs_of_zeros(same: bytes, piece: int) -> list[tuple[int, int, int]]:
    spans = []
    need = bytes(3 * piece)
    at = same.find(need)
    while at >= 0:
        end = same.find(b"\x01", at)
        if end < 0:
            end = len(same)
        spans.append((at, end - 3 * piece, piece))
        at = same.find(need, end)
    return spans
