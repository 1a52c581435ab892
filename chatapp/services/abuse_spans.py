"""Where words and literals stand in one long text, found once for every pattern that asks.

A pattern gated by a word is searched in windows around that word; on a log paste with "user" on
every line, each of the patterns gated by "user" walked the text for it again, and tested its
literals with a bounded `find` per window. Here the places of a word are found once per text, and
so are those of a literal tested in many windows, whose test then becomes a binary search (the
last few texts asked about are kept: a message's patterns alternate between its plain form and its
skeleton). The answers are exactly those of `find`.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator

from chatapp.services.abuse_literals import ALL, TEXT, Need

# A literal found more often than this (a run of one character, "aaaa...") keeps being tested by
# `find` in each window: listing every overlapping place would cost more than the windows.
_MAX_PLACES = 512
# Most literals are tested in a window or two: a bounded `find` each is cheaper than listing
# the literal's places over the whole text, which pays only for a literal tested again and again.
_WINDOWS_BEFORE_LISTING = 8


class Spans:
    __slots__ = ("_literals", "_words", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self._words: dict[str, list[int]] = {}
        self._literals: dict[str, list[int] | int | None] = {}  # places, or windows tested so far

    def places(self, word: str) -> list[int]:
        """Where `word` starts as a whole word (not inside another one), in order."""
        found = self._words.get(word)
        if found is None:
            found = self._words[word] = list(places(self.text, word))
        return found

    def holds(self, need: Need, start: int, end: int) -> bool:
        """Whether `need` (abuse_literals.for_spans) holds in text[start:end]."""
        kind, parts = need
        if kind == TEXT:
            found = self._literal(parts)
            if found is None:
                return self.text.find(parts, start, end) >= 0
            i = bisect_left(found, start)
            return i < len(found) and found[i] + len(parts) <= end
        if kind == ALL:
            for part in parts:
                if not self.holds(part, start, end):
                    return False
            return True
        for part in parts:
            if self.holds(part, start, end):
                return True
        return False

    def _literal(self, literal: str) -> list[int] | None:
        """The literal's places once it has been tested in enough windows to pay for a walk over
        the whole text; None before that (and for a literal found too often to list)."""
        known = self._literals.get(literal, 0)
        if type(known) is not int:
            return known
        if known < _WINDOWS_BEFORE_LISTING:
            self._literals[literal] = known + 1
            return None
        text, found = self.text, []
        at = text.find(literal)
        while at >= 0:  # overlapping places too: a window may hold only the second of two
            if len(found) == _MAX_PLACES:
                found = None
                break
            found.append(at)
            at = text.find(literal, at + 1)
        self._literals[literal] = found
        return found


_recent: tuple[Spans, ...] = ()


def spans_of(text: str) -> Spans:
    """The spans of `text`, reused while the same string is asked about."""
    global _recent
    recent = _recent
    for spans in recent:
        if spans.text is text:
            return spans
    spans = Spans(text)
    _recent = (spans, *recent[:3])
    return spans


def places(text: str, word: str) -> Iterator[int]:
    """Where `word` starts in `text` as a whole word (not inside another one)."""
    at = text.find(word)
    size = len(word)
    while at >= 0:
        if (at == 0 or not text[at - 1].isalnum()) and not text[at + size:at + size + 1].isalnum():
            yield at
        at = text.find(word, at + size)
