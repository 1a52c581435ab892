"""Whitespace collapsed and word lengths tested in C-level bytes passes: `" ".join(text.split())`
and `max(map(len, text.split()))` build a string object per word, which over a 4,000-token paste
costs more than the rest of a pass. Exact for ASCII text (whose whitespace, for str.split, is
these ten characters); other text takes the split."""

from __future__ import annotations

_ASCII_SPACES = b"\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f "
_TO_SPACE = bytes.maketrans(_ASCII_SPACES, b" " * len(_ASCII_SPACES))
# Whitespace as a space, every other byte as "x": a word of n characters is n x's in a row.
_SHAPE = bytes.maketrans(bytes(range(256)),
                         bytes(b" "[0] if byte in _ASCII_SPACES else b"x"[0] for byte in range(256)))


def collapsed(text: str) -> str:
    """`" ".join(text.split())`."""
    if not text.isascii():
        return " ".join(text.split())
    data = text.encode("ascii").translate(_TO_SPACE)
    while b"  " in data:
        data = data.replace(b"    ", b" ").replace(b"  ", b" ")
    return data.strip(b" ").decode("ascii")


def has_word_longer(text: str, size: int) -> bool:
    """`max(map(len, text.split()), default=0) > size`."""
    if not text.isascii():
        return max(map(len, text.split()), default=0) > size
    return b"x" * (size + 1) in text.encode("ascii").translate(_SHAPE)


def ascii_words_longer(text: str, size: int) -> list[str]:
    """`[word for word in text.split() if len(word) > size]` for ASCII text: each found with
    bytes.find, so that a page of short words costs one pass."""
    data = text.encode("ascii").translate(_SHAPE)
    run = b"x" * (size + 1)
    found = []
    at = data.find(run)
    while at >= 0:  # from a space (or the start), the first long run is a word's beginning
        end = data.find(b" ", at)
        if end < 0:
            end = len(data)
        found.append(text[at:end])
        at = data.find(run, end)
    return found
