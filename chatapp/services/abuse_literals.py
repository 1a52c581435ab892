"""What a pattern needs in a text to match at all, read off its compiled expression: the literal
strings every match contains (one of each group of alternatives). A pattern none of whose
matches can be in a text is not searched for: over a long paste a search costs far more than a
few substring tests against the text's distinct words.

The test is only ever a necessary condition (a literal a match must contain is absent, so there
is no match), never a guess: when the expression is not understood (case-insensitive parts,
back-references), nothing is required and the pattern is searched for as before.
"""

from __future__ import annotations

import re
from re import _constants as sre
from re import _parser as sre_parse

# A requirement: (_ALL, parts) all hold; (_ANY, parts) one holds; (_TEXT, needle) the needle is
# a substring of the words' text; (_WORD, word) a whole word. None: nothing required.
Need = tuple
_ALL, _ANY, _TEXT, _WORD = range(4)
ALL, TEXT = _ALL, _TEXT  # for abuse_spans, which tests the same requirements by binary search
_MAX_STRINGS = 32  # literal strings a run of alternatives may expand to before it is split
# Words of two letters or more, one space apart, with the space before or after them: kept as
# they are in the skeleton of the same text (its other changes touch digits, punctuation, letters
# outside ASCII and single letters spaced out).
_LETTER_RUN = re.compile(" ?[a-z]{2,}(?: [a-z]{2,})* ?")
_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)
_LOOKAROUNDS = (sre.ASSERT, sre.ASSERT_NOT)


def literal_need(regex: re.Pattern[str]) -> tuple | None:
    """The literals any match of `regex` contains, as nested ("all"/"any", parts) tuples of
    strings; None when nothing can be said."""
    if regex.flags & re.IGNORECASE:
        return None
    try:
        parsed = sre_parse.parse(regex.pattern, regex.flags)
    except Exception:
        return None
    return _sequence(parsed.data)


def _sequence(items) -> tuple | None:
    parts: list[tuple] = []
    run = _walk(items, {""}, parts)
    _flush(run, parts)
    return _all(parts)


def _walk(items, run: set[str], parts: list[tuple]) -> set[str]:
    """Reads `items` in order, extending `run` (the literal strings the text at this point may
    continue) and adding to `parts` what must hold besides; returns the run left open."""
    for op, av in items:
        if op is sre.LITERAL:
            run = {r + chr(av) for r in run}
        elif op is sre.SUBPATTERN:
            if av[1] & sre.SRE_FLAG_IGNORECASE:
                _flush(run, parts)
                run = {""}
            else:
                run = _walk(av[3], run, parts)  # a group matches its content in place
        elif op is sre.BRANCH:
            strings = _strings_of(av[1])
            if strings is not None and len(run) * len(strings) <= _MAX_STRINGS:
                run = _tails({r + s for r in run for s in strings})
            else:
                _flush(run, parts)
                run = {""}
                parts.append(_any([_sequence(alternative) for alternative in av[1]]))
        elif op is sre.AT:
            continue  # zero-width: the literals either side are adjacent
        elif op in _LOOKAROUNDS:
            continue  # zero-width, and what it sees may lie outside a searched span
        elif op in _REPEATS and av[0] == 0 and av[1] == 1 and \
                (strings := _strings_of([av[2]])) is not None and len(run) * (len(strings) + 1) <= _MAX_STRINGS:
            run = _tails({r + s for r in run for s in strings | {""}})  # "(the )?"
        else:
            _flush(run, parts)
            run = {""}
            if op in _REPEATS and av[0] >= 1:
                need = _sequence(av[2])
                if need is not None:
                    parts.append(need)
            elif op is sre.ATOMIC_GROUP:
                need = _sequence(av)
                if need is not None:
                    parts.append(need)
    return run


def _strings_of(alternatives) -> set[str] | None:
    """The strings a branch of plain literals (and groups of them) matches, or None."""
    strings: set[str] = set()
    for alternative in alternatives:
        run: set[str] = {""}
        for op, av in alternative:
            if op is sre.LITERAL:
                run = {r + chr(av) for r in run}
            elif op is sre.SUBPATTERN and not av[1] & sre.SRE_FLAG_IGNORECASE:
                inner = _strings_of([av[3]])
                if inner is None:
                    return None
                run = {r + s for r in run for s in inner}
            elif op is sre.BRANCH:
                inner = _strings_of(av[1])
                if inner is None:
                    return None
                run = {r + s for r in run for s in inner}
            elif op in _REPEATS and av[0] == 0 and av[1] == 1:
                inner = _strings_of([av[2]])
                if inner is None:
                    return None
                run = {r + s for r in run for s in inner | {""}}
            elif op is not sre.AT:  # (zero-width)
                return None
            if len(run) > _MAX_STRINGS:
                return None
        strings |= run
        if len(strings) > _MAX_STRINGS:
            return None
    return strings


def _tails(run: set[str]) -> set[str]:
    """The run without the strings that end with another of its strings: whatever follows, the
    shorter one is in the text too ("" after an optional start such as "(then |also )?": no
    literal yet)."""
    return {r for r in run if not any(o != r and r.endswith(o) for o in run)}


def _flush(run: set[str], parts: list[tuple]) -> None:
    if "" not in run:
        # One of these is in the text: a string that contains another adds nothing.
        kept = [r for r in run if not any(o != r and o in r for o in run)]
        parts.append(("any", tuple(("lit", s) for s in sorted(kept))))


def _all(parts: list) -> tuple | None:
    parts = [p for p in parts if p is not None]
    return None if not parts else parts[0] if len(parts) == 1 else ("all", tuple(parts))


def _any(parts: list) -> tuple | None:
    return None if any(p is None for p in parts) or not parts else \
        parts[0] if len(parts) == 1 else ("any", tuple(parts))


def for_words(need: tuple | None) -> Need | None:
    """The requirement as tests against a text made of words one space apart (a skeleton): a
    literal lies within one word, or runs across whole words from a word's end to a word's
    start."""
    return _converted(need, _word_checks)


def for_letters(need: tuple | None) -> Need | None:
    """The requirement as tests against the words of another form of the same text, which keeps
    its words of two ASCII letters or more and the single spaces between them (the skeleton of a
    casefolded text keeps those of its plain form: see abuse_text.forms): only those runs of
    each literal are tested."""
    return _converted(need, lambda s: tuple(check for run in _LETTER_RUN.findall(s) for check in _word_checks(run)))


def for_spans(need: tuple | None) -> Need | None:
    """The requirement as substrings of the span of text a search is limited to (a match lies
    inside it): literals of three characters or more (shorter ones are in nearly every span)."""
    return _converted(need, lambda s: ((_TEXT, s),) if len(s) >= 3 else ())


def leaves(need: Need | None) -> int:
    """How many literal tests `need` makes at most: what testing it costs."""
    if need is None:
        return 0
    kind, parts = need
    return sum(map(leaves, parts)) if kind in (_ALL, _ANY) else 1


def holds_between(need: Need, text: str, start: int, end: int) -> bool:
    """Whether `need` (from for_spans) holds in text[start:end]."""
    kind, parts = need
    if kind == _TEXT:
        return text.find(parts, start, end) >= 0
    if kind == _ALL:
        for part in parts:
            if not holds_between(part, text, start, end):
                return False
        return True
    for part in parts:
        if holds_between(part, text, start, end):
            return True
    return False


def _word_checks(literal: str) -> tuple:
    pieces = literal.split(" ")
    if len(pieces) == 1:
        return ((_TEXT, literal),)
    checks = []
    if pieces[0]:
        checks.append((_TEXT, pieces[0] + " "))  # the end of a word
    checks += [(_WORD, piece) for piece in pieces[1:-1] if piece]
    if pieces[-1]:
        checks.append((_TEXT, " " + pieces[-1]))  # the start of a word
    return tuple(checks)


def _converted(need: tuple | None, checks_of) -> Need | None:
    if need is None:
        return None
    kind, parts = need
    if kind == "lit":
        checks = checks_of(parts)
        return None if not checks else checks[0] if len(checks) == 1 else (_ALL, checks)
    converted = [_converted(part, checks_of) for part in parts]
    if kind == "all":
        kept = tuple(dict.fromkeys(c for c in converted if c is not None))
        return None if not kept else kept[0] if len(kept) == 1 else (_ALL, kept)
    if any(c is None for c in converted):
        return None
    kept = tuple(dict.fromkeys(converted))
    return kept[0] if len(kept) == 1 else (_ANY, kept)


class WordText:
    """The distinct words of a form, as one text to test literals against (a word's substrings
    are found in it, "word " and " word" at its ends), with each test remembered for the message."""

    __slots__ = ("_seen", "_text", "words")

    def __init__(self, words: frozenset[str]) -> None:
        self.words = words
        self._text: str | None = None
        self._seen: dict[str, bool] = {}

    def holds(self, need: Need | None) -> bool:
        if need is None:
            return True
        kind, parts = need
        if kind == _TEXT:
            seen = self._seen.get(parts)
            if seen is None:
                if self._text is None:
                    self._text = " " + " ".join(self.words) + " "
                seen = self._seen[parts] = parts in self._text
            return seen
        if kind == _WORD:
            return parts in self.words
        if kind == _ALL:
            return all(map(self.holds, parts))
        return any(map(self.holds, parts))
