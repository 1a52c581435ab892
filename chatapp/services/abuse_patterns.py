"""Abuse patterns: how each one is compiled and where in a message it is tried.

Scanning 16,000 characters with one regular expression costs most of a millisecond, so a pattern
is tried only where it can match: at the words every match starts with (read off the pattern), or
near words it names in a leading `(?#requires: w1 w2)` comment, or only when the text contains
a string named in `(?#contains: s1 s2)` (for Chinese and Japanese); `(?#and: w1 w2)` names more
words one of which must be there too. Patterns that start with punctuation are searched for
everywhere (the engine skips ahead to a literal fast). PatternIndex lists each gated pattern under
its words, so that a message meets only the patterns its words can open.
"""

from __future__ import annotations

import enum
import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from chatapp.services.abuse_literals import Need, for_letters, for_spans, for_words, holds_between, leaves, literal_need
from chatapp.services.abuse_prefilter import Prefilter
from chatapp.services.abuse_spans import places, spans_of


class Action(enum.IntEnum):
    ALLOW = 0
    WARN = 1
    COMPRESS = 2
    TRUNCATE = 3
    CACHE = 4
    THROTTLE = 5
    BLOCK = 6


@dataclass(frozen=True)
class Pattern:
    id: int | None
    regex: re.Pattern[str]
    pattern_type: str  # jailbreak | extraction | injection | ...
    action: Action
    # Scanning 16k characters with one expression costs most of a millisecond, so patterns are
    # tried only where they can match. `anchors`: the words every match starts with; the pattern
    # is tried only at those words' places. Else `requires`: words one of which every match
    # contains; the pattern is searched for only when one is in the message. Neither: searched
    # for always (fine for patterns that start with punctuation, which the engine skips to fast).
    anchors: frozenset[str] | None = None
    requires: frozenset[str] | None = None
    # The same expression without the leading \b of its branches: Python's engine then skips
    # ahead to the possible first letters, three times faster over a long text (the word
    # boundary is checked on each hit instead). None when a branch starts otherwise.
    scan: re.Pattern[str] | None = None
    # `(?#contains: s1 s2)`: strings one of which every match contains, for scripts written
    # without spaces (Chinese, Japanese), where a "word" is a whole sentence. The pattern is
    # searched for only when one is in the text (a C-level substring test each).
    contains: tuple[str, ...] | None = None
    # `(?#and: w1 w2)`, among the leading hints: more groups of words, one of each also in every
    # match. A gate of common words ("user", "new", "before") opens on most long pastes; two
    # groups together seldom do.
    also: tuple[frozenset[str], ...] = ()
    # What any match needs among a message's words (abuse_literals), tested before a search: in
    # a skeleton (`need_words`), or, for a pattern that reads the plain form, in the skeleton of
    # the same text (`need_letters`, the letter runs the skeleton keeps). None: nothing known.
    need_words: Need | None = None
    need_letters: Need | None = None
    # The same as substrings of a window around a required word: a window without them is not
    # searched (a log line with "user" on every line opens dozens of windows).
    need_span: Need | None = None
    # need_span again when testing it in a window costs less than the search it may save; None
    # for a requirement of many alternatives (testing it took longer than searching the window).
    need_window: Need | None = None

    @property
    def gate(self) -> frozenset[str] | None:
        """The words one of which every match holds (anchors or requires), if the pattern says."""
        return self.anchors if self.anchors is not None else self.requires

    @property
    def reads_plain(self) -> bool:
        """Injection markers are punctuation (template tokens, role lines): they read the plain
        form; the other kinds read the skeleton, where obfuscated spellings are undone."""
        return self.pattern_type == "injection"

    def find(self, text: str, words: frozenset[str]) -> re.Match[str] | None:
        """The first match in `text`, whose skeleton's words are `words`."""
        for group in self.also:
            if group.isdisjoint(words):
                return None
        if self.contains is not None:
            return self.regex.search(text) if any(s in text for s in self.contains) else None
        long_text = len(text) >= _LONG_TEXT
        where = spans_of(text).places if long_text else functools.partial(places, text)
        if self.anchors is not None:
            for word in self.anchors & words:
                tried = set()
                for at in where(word):
                    # The same words again (a flood of one phrase) cannot match differently.
                    key = text[at:at + _WINDOW]
                    if key in tried:
                        continue
                    tried.add(key)
                    match = self.regex.match(text, at)
                    if match is not None:
                        return match
            return None
        if self.requires is not None:
            present = self.requires & words
            # Windows around a word that is everywhere overlap: one scan costs less.
            if self.scan is not None and present and _dense(text, present):
                if self.need_span is not None and not holds_between(self.need_span, text, 0, len(text)):
                    return None  # (cheaper than scanning the whole text)
                return self._scan(text)
            # (A short text is searched whole at once: testing its literals first costs more.)
            for word in present:
                searched_to = -1
                for at in where(word):
                    if at + len(word) < searched_to:
                        continue  # inside the window just searched (a word repeated densely)
                    searched_to = at + _WINDOW
                    start = max(0, at - _WINDOW)
                    if long_text and self.need_window is not None and \
                            not spans_of(text).holds(self.need_window, start, searched_to):
                        continue
                    match = self.regex.search(text, start, searched_to)
                    if match is not None:
                        return match
            return None
        return self.regex.search(text)


    def _scan(self, text: str) -> re.Match[str] | None:
        """The first match of `scan` that starts at a word boundary: what `regex` finds."""
        at = 0
        while (match := self.scan.search(text, at)) is not None:
            start = match.start()
            if start == 0 or not (text[start - 1].isalnum() or text[start - 1] == "_"):
                return match
            at = start + 1
        return None


_WINDOW = 200  # characters searched either side of a required word
_WINDOW_TESTS = 6  # literal tests worth making before searching a window
_LONG_TEXT = 2_000  # characters: a text with windows enough that testing their literals pays


def _dense(text: str, words: frozenset[str]) -> bool:
    """The words stand so close together that windows around them would cover the text."""
    enough = len(text) // (2 * _WINDOW)
    if enough < 4:
        return False
    found = 0
    for word in words:
        for _ in places(text, word):  # (stops early: a dense word's places are not all listed)
            found += 1
            if found > enough:
                return True
    return False


class PatternIndex:
    """Which patterns of a set can match a text, from the words of its forms: each gated pattern
    is listed under its gate words, so that a message meets a handful of candidates instead of
    every pattern once per form (a short message has half a dozen forms to read)."""

    def __init__(self, patterns: Sequence[Pattern]) -> None:
        self.patterns = patterns
        # RE2 sets of the patterns that read each form (abuse_prefilter), built once per set of
        # sources: which patterns can match anywhere in a long text, in one pass.
        self.plain = [i for i, p in enumerate(patterns) if p.reads_plain]
        self.other = [i for i, p in enumerate(patterns) if not p.reads_plain]
        self.prefilters = tuple(prefilter_of(tuple(patterns[i].regex.pattern for i in numbers))
                                for numbers in (self.plain, self.other))
        self.always = [i for i, p in enumerate(patterns) if p.contains is not None or p.gate is None]
        self._always = frozenset(self.always)
        self.by_word: dict[str, list[int]] = {}
        for i, pattern in enumerate(patterns):
            for word in pattern.gate or ():
                self.by_word.setdefault(word, []).append(i)

    def candidates(self, words: frozenset[str], among: set[int] | None = None) -> list[tuple[int, Pattern]]:
        """The patterns, in their order and with their numbers, whose gates (every group of them)
        the words open; only those `among` these numbers, when given (what the RE2 sets say can
        match a long text: mostly none, and a long text opens the gates of dozens)."""
        if among is not None:
            chosen = {i for i in among if i in self._always or not self.patterns[i].gate.isdisjoint(words)}
        else:
            chosen = set(self.always)
            for word in words & self.by_word.keys():
                chosen.update(self.by_word[word])
        return [(i, self.patterns[i]) for i in sorted(chosen)
                if all(not group.isdisjoint(words) for group in self.patterns[i].also)]

    def fired(self, plain: str, skeleton: str) -> set[int] | None:
        """The numbers of the patterns that can match their form of a text (the plain one or the
        skeleton), or None when the prefilter cannot tell (every pattern may)."""
        found: set[int] = set()
        for numbers, prefilter, text in zip((self.plain, self.other), self.prefilters, (plain, skeleton)):
            if numbers:
                hits = prefilter.fired(text)
                if hits is None:
                    return None
                found.update(numbers[i] for i in hits)
        return found


_INDEXES: dict[int, PatternIndex] = {}


def index_of(patterns: Sequence[Pattern]) -> PatternIndex:
    """The index of a pattern set, built once per set (the guard keeps one set a minute)."""
    index = _INDEXES.get(id(patterns))
    if index is None or index.patterns is not patterns:
        if len(_INDEXES) > 8:
            _INDEXES.clear()
        index = _INDEXES[id(patterns)] = PatternIndex(patterns)
    return index


_PREFILTERS: dict[tuple[str, ...], Prefilter] = {}


def prefilter_of(sources: tuple[str, ...]) -> Prefilter:
    """The prefilter of these sources, built once: the guard compiles its patterns again every
    minute, mostly unchanged."""
    prefilter = _PREFILTERS.get(sources)
    if prefilter is None:
        if len(_PREFILTERS) >= 8:
            _PREFILTERS.clear()
        prefilter = _PREFILTERS[sources] = Prefilter(sources)
    return prefilter


def compile_patterns(rows: Iterable[tuple[int | None, str, str, str]]) -> tuple[Pattern, ...]:
    """(id, pattern, pattern_type, action) rows; an invalid expression is skipped, not fatal."""
    compiled = []
    for row_id, source, kind, action in rows:
        try:
            regex = re.compile(source, re.MULTILINE)
        except re.error:
            continue
        name = action.upper()
        also = tuple(frozenset(m.group(1).split()) for m in _AND_HINT.finditer(source))
        body = _AND_HINT.sub("", source)
        hint = _GATE_HINT.match(body)
        contains = _CONTAINS_HINT.match(body)
        need = literal_need(regex)
        span = for_spans(need)
        compiled.append(Pattern(row_id, regex, kind,
                                Action[name] if name in Action.__members__ else Action.WARN,
                                anchors=None if hint or contains else leading_words(body),
                                requires=frozenset(hint.group(1).split()) if hint else None,
                                scan=_without_leading_boundaries(_GATE_HINT.sub("", body, count=1)),
                                contains=tuple(contains.group(1).split()) if contains else None,
                                also=also, need_words=for_words(need), need_letters=for_letters(need),
                                need_span=span, need_window=span if leaves(span) <= _WINDOW_TESTS else None))
    patterns = tuple(compiled)
    index_of(patterns)  # its prefilter built now, not on the first long message
    return patterns


def _without_leading_boundaries(source: str) -> re.Pattern[str] | None:
    """`source` with the \b that starts each top-level branch removed, when each starts with \b
    followed by a letter or a group (so that a hit is a match exactly when a word starts there)."""
    branches = _top_level_branches(source)
    if not all(_LEADING_BOUNDARY.match(branch) for branch in branches):
        return None
    try:
        return re.compile("|".join(branch[2:] for branch in branches), re.MULTILINE)
    except re.error:
        return None


_LEADING_BOUNDARY = re.compile(r"\\b(?:\((?:\?:)?)*[a-zà-ÿ]")


# `(?#requires: w1 w2)` at the start of a pattern names the words one of which it needs;
# `(?#contains: s1 s2)` the strings (of a script without spaces).
_GATE_HINT = re.compile(r"\(\?#requires:([^)]*)\)")
_CONTAINS_HINT = re.compile(r"\(\?#contains:([^)]*)\)")
_AND_HINT = re.compile(r"\(\?#and:([^)]*)\)")
_LEADING_WORDS = re.compile(r"\\b\((?:\?:)?([a-zà-ÿ' |]+)\)(?![?*{])|\\b([a-zà-ÿ']+)(?![a-zà-ÿ'?*{])")


def leading_words(source: str) -> frozenset[str] | None:
    """The words every match starts with, read off the pattern when each top-level alternative
    begins with \\b and a word or a group of plain alternatives; else None."""
    words: set[str] = set()
    for branch in _top_level_branches(source):
        match = _LEADING_WORDS.match(branch)
        if match is None:
            return None
        alternatives = (match.group(1) or match.group(2)).split("|")
        words.update(alt.split(" ")[0].split("'")[0] for alt in alternatives)
    return frozenset(w for w in words if w) or None


def _top_level_branches(source: str) -> list[str]:
    branches, depth, start, escaped, in_class = [], 0, 0, False, False
    for i, ch in enumerate(source):
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            branches.append(source[start:i])
            start = i + 1
    branches.append(source[start:])
    return branches
