"""The abuse verdict on a new message and the user's recent messages, locally and in well under
a millisecond: no model is called, so an attack costs nothing to stop.

Verdicts, mildest first: allow, warn (answered, logged), compress (repetitive filler squeezed out
before it is sent), truncate (an oversized or random paste cut down), cache (a repeated question
answered from the cache), throttle (automated use slowed down), block (never sent).
"""

from __future__ import annotations

import enum
import re
import statistics
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from chatapp.services import abuse_text
from chatapp.services.abuse_text import TextForms


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

    @property
    def reads_plain(self) -> bool:
        """Injection markers are punctuation (template tokens, role lines): they read the plain
        form; the other kinds read the skeleton, where obfuscated spellings are undone."""
        return self.pattern_type == "injection"

    def find(self, text: str, words: frozenset[str]) -> re.Match[str] | None:
        """The first match in `text`, whose skeleton's words are `words`."""
        if self.anchors is not None:
            for word in self.anchors & words:
                tried = set()
                for at in _places(text, word):
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
            for word in self.requires & words:
                searched_to = -1
                for at in _places(text, word):
                    if at + len(word) < searched_to:
                        continue  # inside the window just searched (a word repeated densely)
                    searched_to = at + _WINDOW
                    match = self.regex.search(text, max(0, at - _WINDOW), searched_to)
                    if match is not None:
                        return match
            return None
        return self.regex.search(text)


_WINDOW = 200  # characters searched either side of a required word


def _places(text: str, word: str) -> Iterator[int]:
    """Where `word` starts in `text` as a whole word (not inside another one)."""
    at = text.find(word)
    size = len(word)
    while at >= 0:
        if (at == 0 or not text[at - 1].isalnum()) and not text[at + size:at + size + 1].isalnum():
            yield at
        at = text.find(word, at + size)


def compile_patterns(rows: Iterable[tuple[int | None, str, str, str]]) -> tuple[Pattern, ...]:
    """(id, pattern, pattern_type, action) rows; an invalid expression is skipped, not fatal."""
    compiled = []
    for row_id, source, kind, action in rows:
        try:
            regex = re.compile(source, re.MULTILINE)
        except re.error:
            continue
        name = action.upper()
        hint = _GATE_HINT.match(source)
        compiled.append(Pattern(row_id, regex, kind,
                                Action[name] if name in Action.__members__ else Action.WARN,
                                anchors=None if hint else leading_words(source),
                                requires=frozenset(hint.group(1).split()) if hint else None))
    return tuple(compiled)


# `(?#requires: w1 w2)` at the start of a pattern names the words one of which it needs.
_GATE_HINT = re.compile(r"\(\?#requires:([^)]*)\)")
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


@dataclass(frozen=True)
class Recent:
    """One of the user's recent messages (newest first in the sequences given to `assess`)."""

    fingerprint: str
    length: int
    at: datetime
    conversation_id: str


@dataclass(frozen=True)
class Policy:
    """Thresholds; the defaults were tuned on the tune split of bench/data/abuse_eval.jsonl."""

    repeat_window: timedelta = timedelta(minutes=10)
    repeats_for_cache: int = 2  # the same question this many times before → answer from cache
    repeats_for_block: int = 5
    filler_min_chars: int = 200
    filler_max_compression: float = 0.12  # zlib ratio below this is filler (logs: 0.15 and up)
    filler_min_words: int = 150
    filler_max_distinct: float = 0.1  # share of distinct words (in a sample) below this is filler
    random_min_chars: int = 2_000
    random_min_share: float = 0.4  # share of letter-and-digit tokens ("x9qk2") in random text
    random_keep_chars: int = 2_000
    paste_chars: int = 24_000  # a "huge paste" (about 6k tokens)
    free_paste_chars: int = 16_000  # what a free-tier message is cut to
    huge_pastes_for_throttle: int = 3
    automation_min_messages: int = 6
    automation_max_cv: float = 0.08  # inter-arrival times this regular are a script
    new_conversations_burst: int = 6  # new conversations within two minutes


DEFAULT_POLICY = Policy()


@dataclass(frozen=True)
class Verdict:
    action: Action
    score: float  # 0 (clean) to 1 (certain abuse)
    reasons: tuple[str, ...]
    text: str  # the message to send (compressed or truncated when the action says so)
    pattern_ids: tuple[int, ...] = ()
    fingerprint: str = ""  # abuse_text.fingerprint of the message, kept to spot repeats

    @property
    def name(self) -> str:
        return self.action.name.lower()


_Finding = tuple[Action, float, str, int | None]


def assess(message: str, *, recent: Sequence[Recent] = (), patterns: Sequence[Pattern] = (),
           free_tier: bool = False, now: datetime | None = None,
           policy: Policy = DEFAULT_POLICY) -> Verdict:
    forms = abuse_text.forms(message)
    print_ = abuse_text.fingerprint(forms.plain)
    findings: list[_Finding] = _pattern_findings(forms, patterns)
    findings += _obfuscation_findings(forms, findings)
    findings += _stuffing_findings(message, forms, policy)
    if recent:
        findings += _history_findings(print_, message, recent, now, free_tier, policy)
    if len(message) > policy.paste_chars and free_tier:
        findings.append((Action.TRUNCATE, 0.4, "context_abuse: a very long paste on the free tier", None))
    if not findings:
        return Verdict(Action.ALLOW, 0.0, (), message, fingerprint=print_)
    action = max(f[0] for f in findings)
    score = min(1.0, max(f[1] for f in findings) + 0.1 * (len(findings) - 1))
    reasons = tuple(dict.fromkeys(f[2] for f in findings))
    ids = tuple(sorted({f[3] for f in findings if f[3] is not None}))
    text = message
    if action == Action.COMPRESS:
        text = compress(message)
    elif action == Action.TRUNCATE:
        keep = policy.random_keep_chars if any(f[2].startswith("token_stuffing: random") for f in findings) \
            else policy.free_paste_chars
        text = compress(message)[:keep]
    return Verdict(action, score, reasons, text, ids, print_)


# Words that show the message is about an attack rather than one: quoting it to translate,
# explain, detect or write about it.
_META = frozenset("""translate translation translating meaning mean means quote quoted quoting example
examples define definition explain explaining detect detecting detection defend defending protect
protecting prevent preventing filter filtering regex article paper research essay homework lyrics
song book novel story speech poem script owasp security sanitize sanitise classify classifier
dataset screenshot phishing block blocking keyword phrase saying tweet poster sign display funny line
cliched clichéd improv exercise printer """.split())
_QUOTED = re.compile(r"[\"“”«»`]([^\"“”«»`]{6,300})[\"“”«»`]|(?<!\w)'([^']{6,300})'(?!\w)")
# A request to decode or reorder something and then obey it: quotation is no excuse then.
_OBEY = frozenset("follow obey comply execute".split())


def _pattern_findings(forms: TextForms, patterns: Sequence[Pattern]) -> list[_Finding]:
    found: list[_Finding] = []
    meta = about = question = None
    words = forms.words
    hidden = [(text, frozenset(text.split(" "))) for text in forms.decoded]
    for pattern in patterns:
        match = pattern.find(forms.plain if pattern.reads_plain else forms.skeleton, words)
        where = "message"
        if match is None and hidden:
            match = next((m for m in (pattern.find(*h) for h in hidden) if m), None)
            where = "hidden payload"
        if match is None:
            continue
        action = pattern.action
        if where == "message" and not pattern.reads_plain:
            if meta is None:
                about = not _META.isdisjoint(words)
                question = _is_question(forms.plain)
                meta = _OBEY.isdisjoint(words) and (about or question)
            if meta and _only_quoted(forms, match):
                continue  # quoting an attack to ask about it (translate it, explain it, filter it)
            if meta and about and question and action == Action.BLOCK:
                action = Action.WARN
        found.append((action, 0.9 if action == Action.BLOCK else 0.5,
                      f"{pattern.pattern_type}{' (' + where + ')' if where != 'message' else ''}",
                      pattern.id))
    if sum(1 for f in found if f[0] == Action.WARN) >= 2 and not meta:
        found.append((Action.BLOCK, 0.8, "several signs of an attack together", None))
    return found


def _only_quoted(forms: TextForms, match: re.Match[str]) -> bool:
    """The heart of the match (its last two words) sits inside quotation marks."""
    words = " ".join(match.group(0).split(" ")[-2:])
    for quoted in _QUOTED.finditer(forms.plain):
        if words in abuse_text.skeleton_form(quoted.group(1) or quoted.group(2)):
            return True
    return False


def _is_question(plain: str) -> bool:
    head = plain[:80]
    return head.startswith(("how ", "what ", "why ", "explain", "can you explain", "describe",
                            "is it ", "are there ", "which ", "when ", "could you explain")) \
        and not head.startswith(("how about", "what if you"))


def _obfuscation_findings(forms: TextForms, earlier: list[_Finding]) -> list[_Finding]:
    found: list[_Finding] = []
    attack = any(f[0] >= Action.WARN for f in earlier)
    if forms.invisible_count >= 3:
        found.append((Action.BLOCK if attack else Action.WARN, 0.95 if attack else 0.6,
                      "obfuscation: invisible characters", None))
    if forms.mixed_script_words >= 2:
        found.append((Action.BLOCK if attack else Action.WARN, 0.95 if attack else 0.6,
                      "obfuscation: look-alike letters from other scripts", None))
    if attack and found and all(f[0] == Action.WARN for f in earlier):
        found.append((Action.BLOCK, 0.9, "an attack with obfuscation", None))
    if not attack and any(_HIDDEN_ASK.search(text) for text in forms.encoded):
        found.append((Action.WARN, 0.6, "obfuscation: instructions hidden in encoded text", None))
    return found


# Decoded text that talks to the model: what an encoded payload is for.
_HIDDEN_ASK = re.compile(r"\b(you|your|system|ignore|disregard|reveal|disable|instructions?|prompt)\b")


def _stuffing_findings(message: str, forms: TextForms, policy: Policy) -> list[_Finding]:
    found: list[_Finding] = []
    size = len(message)
    if forms.stacked_marks:
        found.append((Action.COMPRESS, 0.7, "token_stuffing: stacked combining marks", None))
    if size < policy.filler_min_chars:
        return found
    data = message.encode("utf-8", "replace")
    if len(zlib.compress(data, 1)) / len(data) < policy.filler_max_compression or \
            (size >= 1_000 and len(set(message[:1_000])) <= 6):
        found.append((Action.COMPRESS, 0.7, "token_stuffing: repetitive filler", None))
        return found
    tokens = forms.tokens
    sample = tokens[::max(1, len(tokens) // 300)]
    if len(tokens) >= policy.filler_min_words and \
            len(set(sample)) < len(sample) * policy.filler_max_distinct:
        found.append((Action.COMPRESS, 0.7, "token_stuffing: the same few words over and over", None))
        return found
    if size >= policy.random_min_chars and _random_share(sample) >= policy.random_min_share:
        found.append((Action.TRUNCATE, 0.6, "token_stuffing: random characters", None))
    return found


def _random_share(sample: list[str]) -> float:
    """The share of tokens that mix letters and digits like "q9x2kd"."""
    mixed = sum(1 for t in sample if t.isalnum() and not t.isalpha() and not t.isdigit())
    return mixed / max(1, len(sample))


def _history_findings(print_: str, message: str, recent: Sequence[Recent],
                      now: datetime | None, free_tier: bool, policy: Policy) -> list[_Finding]:
    found: list[_Finding] = []
    now = now or recent[0].at
    window = [r for r in recent if now - r.at <= policy.repeat_window]
    same = sum(1 for r in window if r.fingerprint == print_)
    if same >= policy.repeats_for_block:
        found.append((Action.BLOCK, 0.9, f"repetition: the same message {same + 1} times in "
                                         f"{int(policy.repeat_window.total_seconds() // 60)} minutes", None))
    elif same >= policy.repeats_for_cache:
        found.append((Action.CACHE, 0.5, "repetition: a repeated question", None))
    if free_tier and len(message) > policy.paste_chars:
        huge = sum(1 for r in window if r.length > policy.paste_chars)
        if huge + 1 >= policy.huge_pastes_for_throttle:
            found.append((Action.THROTTLE, 0.7, "context_abuse: huge pastes over and over", None))
    times = sorted([r.at for r in window] + [now])
    if len(times) >= policy.automation_min_messages:
        gaps = [(b - a).total_seconds() for a, b in zip(times, times[1:])]
        mean = statistics.fmean(gaps)
        if mean > 0 and statistics.pstdev(gaps) / mean < policy.automation_max_cv:
            found.append((Action.THROTTLE, 0.7, "automation: messages at machine-regular intervals", None))
    recent_conversations = {r.conversation_id for r in window if now - r.at <= timedelta(minutes=2)}
    if len(recent_conversations) >= policy.new_conversations_burst:
        found.append((Action.THROTTLE, 0.6, "automation: a burst of new conversations", None))
    return found


_RUN = re.compile(r"(.{1,8}?)\1{3,}", re.DOTALL)  # "aaaaaaaa", "hahahahaha", "lol lol lol"
_COMBINING_RUN = re.compile("([\u0300-\u036f\u0483-\u0489\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff])"
                            "[\u0300-\u036f\u0483-\u0489\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff]+")


def compress(text: str, policy: Policy = DEFAULT_POLICY) -> str:
    """Squeeze out filler: stacked accents, character runs in long words, repeated sentences and
    lines; what is still filler after that keeps each word once. Whitespace is not kept."""
    if not text.isascii():
        text = _COMBINING_RUN.sub(r"\1", text)
    words = text.split()
    if words and max(map(len, words)) > 12:
        words = [_RUN.sub(r"\1\1\1", w) if len(w) > 12 else w for w in words]
    sentences = " ".join(words).replace(". ", ".\n").replace("? ", "?\n").replace("! ", "!\n")
    kept = list(dict.fromkeys(sentences.split("\n")))
    words = " ".join(kept).split(" ")
    sample = words[::max(1, len(words) // 300)]
    if len(words) >= policy.filler_min_words and \
            len(set(sample)) < len(sample) * policy.filler_max_distinct:
        return " ".join(dict.fromkeys(words))
    return " ".join(kept)
