"""The abuse verdict on a new message and the user's recent messages, locally and in well under
a millisecond: no model is called, so an attack costs nothing to stop.

Verdicts, mildest first: allow, warn (answered, logged), compress (repetitive filler squeezed out
before it is sent), truncate (an oversized paste cut to the plan's share), cache (a repeated
question answered from the cache), throttle (automated use slowed down), block (never sent).
"""

from __future__ import annotations

import enum
import re
import statistics
import zlib
from collections.abc import Iterable, Sequence
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
    pattern_type: str  # jailbreak | injection | ...
    action: Action
    # Words one of which must be in the message for the pattern to match (None: always run it).
    # Scanning 16k characters with 30 expressions costs milliseconds; a set lookup costs nothing.
    gate: frozenset[str] | None = None


def compile_patterns(rows: Iterable[tuple[int | None, str, str, str]]) -> tuple[Pattern, ...]:
    """(id, pattern, pattern_type, action) rows; an invalid expression is skipped, not fatal."""
    compiled = []
    for row_id, source, kind, action in rows:
        try:
            regex = re.compile(source, re.MULTILINE)
        except re.error:
            continue
        compiled.append(Pattern(row_id, regex, kind, Action[action.upper()] if action.upper()
                                in Action.__members__ else Action.WARN, gate_words(source)))
    return tuple(compiled)


_LEADING_WORDS = re.compile(r"\\b\((?:\?:)?([a-z' |]+)\)|\\b([a-z']+)")


def gate_words(source: str) -> frozenset[str] | None:
    """The words every match starts with, read off the pattern's text when it has the usual form
    (each top-level alternative begins with \\b and a word or a group of plain alternatives)."""
    words: set[str] = set()
    for branch in _top_level_branches(source):
        match = _LEADING_WORDS.match(branch)
        if match is None:
            return None
        alternatives = (match.group(1) or match.group(2)).split("|")
        words.update(alt.split(" ")[0] for alt in alternatives)
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

    text: str
    at: datetime
    conversation_id: str


@dataclass(frozen=True)
class Policy:
    """Thresholds; the defaults were tuned on the tune split of bench/data/abuse_eval.jsonl."""

    repeat_window: timedelta = timedelta(minutes=10)
    repeats_for_cache: int = 2  # the same question this many times before → answer from cache
    repeats_for_block: int = 5
    stuffing_min_chars: int = 600
    stuffing_max_compression: float = 0.12  # zlib ratio below this is filler
    char_run: int = 40  # one character repeated this many times in a row
    combining_marks: int = 40  # zalgo
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

    @property
    def name(self) -> str:
        return self.action.name.lower()


_META = re.compile(r"\b(translat\w*|mean\w*|quot\w*|exampl\w*|defin\w*|explain\w*|"
                   r"detect\w*|defend\w*|protect\w*|prevent\w*|filter\w*|regex\w*|article|paper|"
                   r"research\w*|essay|homework|lyrics?|song|book|novel|story|how do attackers|"
                   r"owasp|security|sanitiz\w*|block\w*|classif\w*|dataset)\b")
_QUOTED = re.compile(r"[\"'“”‘’«»`]([^\"'“”‘’«»`]{6,300})[\"'“”‘’«»`]")
_REPEATED_LINE_MIN = 8


def assess(message: str, *, recent: Sequence[Recent] = (), patterns: Sequence[Pattern] = (),
           free_tier: bool = False, now: datetime | None = None,
           policy: Policy = DEFAULT_POLICY) -> Verdict:
    forms = abuse_text.forms(message)
    findings: list[tuple[Action, float, str, int | None]] = []
    findings += _pattern_findings(forms, patterns)
    findings += _obfuscation_findings(forms, findings)
    findings += _stuffing_findings(message, policy)
    if recent:
        findings += _history_findings(forms, message, recent, now, free_tier, policy)
    if len(message) > policy.paste_chars and free_tier:
        findings.append((Action.TRUNCATE, 0.4, "context_abuse: a very long paste on the free tier", None))
    if not findings:
        return Verdict(Action.ALLOW, 0.0, (), message)
    action = max(f[0] for f in findings)
    score = min(1.0, max(f[1] for f in findings) + 0.1 * (len(findings) - 1))
    reasons = tuple(dict.fromkeys(f[2] for f in findings))
    ids = tuple(sorted({f[3] for f in findings if f[3] is not None}))
    text = message
    if action == Action.COMPRESS:
        text = compress(message)
    elif action == Action.TRUNCATE:
        text = compress(message)[:policy.free_paste_chars]
    return Verdict(action, score, reasons, text, ids)


def _pattern_findings(forms: TextForms, patterns: Sequence[Pattern]):
    found = []
    quoted_meta = bool(_META.search(forms.plain))
    words = set(forms.skeleton.split())
    hidden = [(p, set(p.split())) for p in forms.decoded]
    for pattern in patterns:
        target = forms.plain if pattern.pattern_type == "injection" else forms.skeleton
        gate = pattern.gate
        match = pattern.regex.search(target) if gate is None or not gate.isdisjoint(words) else None
        where = "message"
        if match is None and pattern.pattern_type != "injection":
            match = next((m for m in (pattern.regex.search(text) for text, text_words in hidden
                                      if gate is None or not gate.isdisjoint(text_words)) if m), None)
            where = "hidden payload"
        if match is None:
            continue
        action = pattern.action
        if where == "message" and quoted_meta and action == Action.BLOCK and _only_quoted(forms, match):
            continue  # quoting an attack to ask about it (translate it, explain it, filter it)
        if where == "message" and quoted_meta and action == Action.BLOCK and _is_question(forms.plain):
            action = Action.WARN
        found.append((action, 0.9 if action == Action.BLOCK else 0.5,
                       f"{pattern.pattern_type}{' (' + where + ')' if where != 'message' else ''}",
                       pattern.id))
    return found


def _only_quoted(forms: TextForms, match: re.Match[str]) -> bool:
    """The matched words sit inside quotation marks."""
    words = match.group(0)
    return any(words in abuse_text.skeleton_form(q.group(1)) for q in _QUOTED.finditer(forms.plain))


def _is_question(plain: str) -> bool:
    head = plain[:80]
    return head.startswith(("how ", "what ", "why ", "explain", "can you explain", "describe",
                            "is it ", "are there ", "which ", "when ", "could you explain"))


def _obfuscation_findings(forms: TextForms, earlier):
    found = []
    attack = any(f[0] >= Action.WARN for f in earlier)
    if forms.invisible_count >= 3:
        found.append((Action.BLOCK if attack else Action.WARN, 0.6 if not attack else 0.95,
                      "obfuscation: invisible characters", None))
    if forms.mixed_script_words >= 2:
        found.append((Action.BLOCK if attack else Action.WARN, 0.6 if not attack else 0.95,
                      "obfuscation: look-alike letters from other scripts", None))
    return found


def _stuffing_findings(message: str, policy: Policy):
    found = []
    if re.search(r"(.)\1{%d,}" % (policy.char_run - 1), message, re.DOTALL):
        found.append((Action.COMPRESS, 0.7, "token_stuffing: a character repeated", None))
    if len(re.findall("[\u0300-\u036f\u0483-\u0489\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff]", message)) \
            >= policy.combining_marks:
        found.append((Action.COMPRESS, 0.7, "token_stuffing: stacked combining marks", None))
    if len(message) >= policy.stuffing_min_chars:
        data = message.encode("utf-8", "replace")
        ratio = len(zlib.compress(data, 1)) / len(data)
        if ratio < policy.stuffing_max_compression:
            found.append((Action.COMPRESS, 0.7, "token_stuffing: repetitive filler", None))
        lines = [line.strip() for line in message.splitlines() if line.strip()]
        if len(lines) >= _REPEATED_LINE_MIN and len(set(lines)) <= len(lines) // 4:
            found.append((Action.COMPRESS, 0.6, "repetition: the same lines over and over", None))
    return found


def _history_findings(forms: TextForms, message: str, recent: Sequence[Recent],
                      now: datetime | None, free_tier: bool, policy: Policy):
    found = []
    now = now or recent[0].at
    window = [r for r in recent if now - r.at <= policy.repeat_window]
    same = sum(1 for r in window if abuse_text.plain_form(r.text) == forms.plain)
    if same >= policy.repeats_for_block:
        found.append((Action.BLOCK, 0.9, f"repetition: the same message {same + 1} times in "
                                         f"{int(policy.repeat_window.total_seconds() // 60)} minutes", None))
    elif same >= policy.repeats_for_cache:
        found.append((Action.CACHE, 0.5, "repetition: a repeated question", None))
    if free_tier and len(message) > policy.paste_chars:
        huge = sum(1 for r in window if len(r.text) > policy.paste_chars)
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


_RUN = re.compile(r"(.)\1{7,}", re.DOTALL)
_COMBINING_RUN = re.compile("[\u0300-\u036f\u0483-\u0489\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff]{2,}")
_WORD_RUN = re.compile(r"\b(\w+(?:\W+\w+){0,5}?)(?:\W+\1\b){3,}", re.IGNORECASE)


def compress(text: str) -> str:
    """Squeeze out filler: character runs, stacked accents, repeated words, phrases and lines."""
    text = _COMBINING_RUN.sub(lambda m: m.group(0)[0], text)
    text = _RUN.sub(lambda m: m.group(1) * 3, text)
    text = _WORD_RUN.sub(lambda m: m.group(1), text)
    lines, seen = [], set()
    for line in text.splitlines():
        key = line.strip()
        if key and key in seen:
            continue
        seen.add(key)
        lines.append(line)
    return "\n".join(lines)
