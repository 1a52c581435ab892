"""One RE2 pass over a text tells which abuse patterns can match anywhere in it, so that Python's
engine runs only for those: a 16,000-character log dump opens the gates of some seventy patterns
(words like "user" and "data" are everywhere), and searching their windows one by one cost up to
ten milliseconds.

A pattern is given to RE2 (an `re2.Set`, Google's linear-time engine) rewritten from Python's own
parse of it (re._parser), never from its source text, so that the two syntaxes cannot disagree,
and loosened so that what RE2 reports is a superset of what Python can find (the pattern is then
searched for as before, and finds the same match):

- assertions (\\b, ^, $, lookarounds) are dropped: the rest then depends only on the characters
  matched, so a match Python finds in a window (where the window's end acts as the text's end)
  is also in the whole text;
- a class with a Unicode category (\\w, \\s, \\d and their negations) keeps its exact ASCII part
  and admits every other character (the engines' Unicode tables need not agree);
- lazy and possessive repeats become greedy ones, atomic groups plain groups, back-references any
  text; anything else unknown leaves the pattern out (it is searched for as before).

A set that cannot answer (RE2's automaton out of memory) answers nothing rather than too little:
every set holds a pattern that matches any text, and a reply without it means "cannot tell", so
every pattern is searched for, as without the `google-re2` package. (Hyperscan was tried first:
its engine 5.4.12 missed a plain match, "no alignment" in "no alignmentntinuing".)
"""

from __future__ import annotations

import re
from collections.abc import Sequence

try:
    import re2
except ImportError:  # pragma: no cover - the fallback: every pattern is searched for
    re2 = None

from re import _constants as C  # noqa: N812
from re import _parser

_ANY = r"\x{0}-\x{10ffff}"
_NON_ASCII = r"\x{80}-\x{10ffff}"
_CATEGORIES = {C.CATEGORY_WORD: r"\w", C.CATEGORY_NOT_WORD: r"\W", C.CATEGORY_SPACE: r"\s",
               C.CATEGORY_NOT_SPACE: r"\S", C.CATEGORY_DIGIT: r"\d", C.CATEGORY_NOT_DIGIT: r"\D"}
_MEMORY = 64 << 20  # bytes RE2 may give the set's automaton


class Unsupported(Exception):
    """A construct the rewriting does not know: the pattern is left to Python alone."""


def loosened(source: str, flags: int = re.MULTILINE) -> str:
    """`source` in RE2's syntax, matching a superset of what Python matches with it (see the
    module's doc). Raises Unsupported (or re.error for a bad pattern)."""
    parsed = _parser.parse(source, flags)
    if parsed.state.flags & (re.IGNORECASE | re.ASCII | re.LOCALE):
        raise Unsupported("flags")
    return _sequence(parsed)


def _sequence(items) -> str:
    return "".join(_item(op, av) for op, av in items)


def _item(op, av) -> str:
    if op is C.LITERAL:
        return _char(av)
    if op is C.NOT_LITERAL:
        return f"[^{_char(av)}]"
    if op is C.ANY:
        return f"[{_ANY}]"  # with or without DOTALL: a superset
    if op is C.IN:
        return _class(av)
    if op is C.AT or op is C.ASSERT or op is C.ASSERT_NOT:
        return ""
    if op is C.SUBPATTERN:
        _group, add, remove, body = av
        if (add | remove) & (re.IGNORECASE | re.ASCII | re.LOCALE):
            raise Unsupported("inline flags")
        return f"(?:{_sequence(body)})"
    if op is C.ATOMIC_GROUP:
        return f"(?:{_sequence(av)})"
    if op is C.BRANCH:
        return "(?:" + "|".join(_sequence(branch) for branch in av[1]) + ")"
    if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
        low, high, body = av
        return f"(?:{_sequence(body)}){_bounds(low, high)}"
    if op is C.GROUPREF:
        return f"[{_ANY}]*"
    if op is C.GROUPREF_EXISTS:
        _group, yes, no = av
        return f"(?:{_sequence(yes)}|{_sequence(no) if no else ''})"
    raise Unsupported(str(op))


def _bounds(low: int, high: int) -> str:
    if high > _MOST:
        high = C.MAXREPEAT  # (a long counted repeat makes a large automaton; unbounded, a small one)
    if high == C.MAXREPEAT:
        return "*" if low == 0 else "+" if low == 1 else f"{{{low},}}"
    return f"{{{low},{high}}}"


_MOST = 10


def _char(code: int) -> str:
    ch = chr(code)
    return ch if ch.isascii() and ch.isalnum() else f"\\x{{{code:x}}}"


def _class(items) -> str:
    negate = bool(items) and items[0][0] is C.NEGATE
    if not any(op is C.CATEGORY for op, _ in items):
        parts = []
        for op, av in items:
            if op is C.LITERAL:
                parts.append(_char(av))
            elif op is C.RANGE:
                parts.append(f"{_char(av[0])}-{_char(av[1])}")
            elif op is not C.NEGATE:
                raise Unsupported(str(op))
        return f"[{'^' if negate else ''}{''.join(parts)}]"
    # A category: the ASCII characters Python's own class takes, and every other character.
    test = re.compile(_python_class(items))
    ascii_part = "".join(_char(code) for code in range(128) if test.match(chr(code)))
    return f"[{ascii_part}{_NON_ASCII}]"


def _python_class(items) -> str:
    parts = []
    for op, av in items:
        if op is C.NEGATE:
            parts.append("^")
        elif op is C.LITERAL:
            parts.append(re.escape(chr(av)))
        elif op is C.RANGE:
            parts.append(f"{re.escape(chr(av[0]))}-{re.escape(chr(av[1]))}")
        elif op is C.CATEGORY:
            parts.append(_CATEGORIES[av])
        else:
            raise Unsupported(str(op))
    return f"[{''.join(parts)}]"


class Prefilter:
    """An RE2 set of the patterns that could be rewritten; `fired(text)` the numbers (positions in
    the sequence given) of the patterns that can match in `text`."""

    def __init__(self, sources: Sequence[str]) -> None:
        self.always: frozenset[int] = frozenset(range(len(sources)))
        self.set = None
        if re2 is None:
            return
        options = re2.Options()
        options.max_mem = _MEMORY
        candidate = re2.Set.SearchSet(options)
        numbers: list[int] = []
        for number, source in enumerate(sources):
            try:
                expression = loosened(source)
            except (Unsupported, re.error, RecursionError):
                continue
            try:
                candidate.Add(expression)
            except re2.error:
                continue
            numbers.append(number)
        self._sentinel = len(numbers)
        candidate.Add("")  # matches every text: a reply without it is a failure, not "none"
        try:
            candidate.Compile()
        except re2.error:
            return
        self.set, self.numbers = candidate, numbers
        self.always = frozenset(range(len(sources))) - set(numbers)

    def fired(self, text: str) -> set[int] | None:
        """The patterns that can match in `text` (with every pattern not in the set); None when
        nothing can be told (no set, text that is not valid Unicode, or RE2 could not answer)."""
        if self.set is None:
            return None
        try:
            hits = self.set.Match(text.encode("utf-8"))
        except UnicodeEncodeError:
            return None
        if self._sentinel not in hits:
            return None
        found = set(self.always)
        found.update(self.numbers[i] for i in hits if i != self._sentinel)
        return found
