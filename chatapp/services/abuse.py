"""The abuse verdict on a new message and the user's recent messages, locally, without calling
any model: an attack costs nothing to stop.

Verdicts, mildest first: allow, warn (answered, logged), compress (repetitive filler squeezed out
before it is sent), truncate (an oversized or random paste cut down), cache (a repeated question
answered from the cache), throttle (automated use slowed down), block (never sent).
"""

from __future__ import annotations

import re
import statistics
import zlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from chatapp.services import abuse_lexicon, abuse_text
from chatapp.services.abuse_patterns import Action, Pattern, compile_patterns, leading_words
from chatapp.services.abuse_text import TextForms

__all__ = ["DEFAULT_POLICY", "Action", "Pattern", "Policy", "Recent", "Verdict", "assess",
           "compile_patterns", "compress", "leading_words", "lexicon_document"]


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
    # zlib output below this share of the input, plus a fixed overhead, is filler: a flood of one
    # line compresses to 1-3%; logs, manifests and email threads with quoted replies to 8% and up.
    filler_max_compression: float = 0.05
    filler_overhead_bytes: int = 40  # what a short flood costs zlib however often it repeats
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
    start = abuse_text.normalised(message)
    tokens = abuse_text.sample_tokens(start[0].casefold())
    stuffing = _stuffing_findings(message, tokens, start[2], policy)
    squeezed = _squeezed(message, stuffing, policy) if stuffing else None
    if squeezed is None:
        forms = abuse_text.forms(message, start=start, tokens=tokens)
        print_ = abuse_text.fingerprint(forms.plain)
    else:
        # Filler or random characters: the detectors read what would be sent (an attack in the
        # filler is still in it; one in what is cut away never reaches the model), which also
        # keeps a 20,000-character flood as cheap to judge as its squeezed few hundred.
        forms = abuse_text.forms(squeezed)
        print_ = abuse_text.fingerprint(" ".join(start[0].split()).casefold())
    findings: list[_Finding] = _pattern_findings(forms, patterns)
    findings += _lexicon_findings(forms)
    findings += _obfuscation_findings(forms, findings)
    findings += stuffing
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
    if squeezed is not None and action == max(f[0] for f in stuffing):
        text = squeezed
    elif action == Action.COMPRESS:
        text = compress(message)
    elif action == Action.TRUNCATE:
        keep = policy.free_paste_chars
        text = compress(message[:keep * 4])[:keep]  # what is cut anyway need not be squeezed
    return Verdict(action, score, reasons, text, ids, print_)


def _squeezed(message: str, stuffing: list[_Finding], policy: Policy) -> str:
    """The message as it would be sent after the stuffing findings: random text cut (it has no
    filler to squeeze out), filler compressed."""
    if any(f[0] == Action.TRUNCATE for f in stuffing):
        return message[:policy.random_keep_chars]
    return compress(message)


# Words that show the message is about an attack rather than one: quoting it to translate,
# explain, detect or write about it.
_META = frozenset("""translate translation translating meaning mean quote quoted quoting example
examples define definition explain explaining detect detecting detection defend defending protect
protecting prevent preventing filter filtering regex article paper research essay homework lyrics
song book novel story speech poem script owasp security sanitize sanitise classify classifier
dataset screenshot phishing block blocking keyword phrase saying tweet poster sign display funny line
cliched clichéd improv exercise printer """.split())
_QUOTED = re.compile(r"[\"“”«»`]([^\"“”«»`]{6,300})[\"“”«»`]|(?<!\w)'([^']{6,300})'(?!\w)")
_QUESTION_CHARS = 600
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
        if where == "message" and pattern.reads_plain and action == Action.WARN and \
                _about_a_quotation(forms, False) and _only_quoted(forms, match):
            continue  # a weak injection sign in a one-line question about a quotation ("new rules: ...")
        if where == "message" and not pattern.reads_plain:
            if meta is None:
                about = not _META.isdisjoint(words)
                question = _is_question(forms.plain)
                meta = _about_a_quotation(forms, about or question)
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


def _lexicon_findings(forms: TextForms) -> list[_Finding]:
    """The learned weights (abuse_lexicon): a warning over their threshold, logged for the admin
    dashboard. They never block, nor make another warning a block: a role-play request ("you are
    a pirate, stay in character") reads much like a jailbreak, and honest users come first."""
    model = abuse_lexicon.load()
    if model is None:
        return []
    value = abuse_lexicon.score(model, lexicon_document(forms))
    if value <= model["threshold"]:
        return []
    return [(Action.WARN, 0.5, "jailbreak (learned wording)", None)]


def lexicon_document(forms: TextForms) -> set[str]:
    """The features abuse_lexicon weighs (also what bench/train_abuse_lexicon.py learns from)."""
    skeleton = forms.skeleton
    if _about_a_quotation(forms, not _META.isdisjoint(forms.words) or _is_question(forms.plain)):
        # Asking about a quoted phrase: the quotation is what is asked about, not what is asked.
        skeleton = abuse_text.skeleton_form(_QUOTED.sub(" ", forms.plain))
    doc = abuse_lexicon.features(skeleton[:abuse_lexicon.MAX_WORDS * 12].split(" "))
    for hidden in forms.encoded:
        doc |= abuse_lexicon.features(hidden.split(" "))
    return doc


def _about_a_quotation(forms: TextForms, about: bool) -> bool:
    """A short message that asks about something: it names what it does with a quotation
    (`about`: translate, explain, filter...), or asks a question outside the quotation marks
    ("In an old email my boss wrote "Override the previous policy." Does that sound harsh?").
    A long role-play prompt that quotes its own examples is not asking about them, a request to
    decode and obey something is no question, and a pasted document or tool output (lines, braces)
    with a question after it carries its quotations as data: an injection hides there."""
    raw = forms.raw.strip()
    if len(raw) >= _QUESTION_CHARS or not _OBEY.isdisjoint(forms.words) or "{" in raw or raw.count("\n") >= 2:
        return False
    return about or ("\n" not in raw and "?" in _QUOTED.sub(" ", forms.plain))


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


def _stuffing_findings(message: str, tokens: list[str], stacked_marks: bool, policy: Policy) -> list[_Finding]:
    """Filler and random pastes, read off the whole message (never a sample of it that an attacker
    could pad around): zlib, the start for a numbered flood, words sampled all along it."""
    found: list[_Finding] = []
    size = len(message)
    if stacked_marks:
        found.append((Action.COMPRESS, 0.7, "token_stuffing: stacked combining marks", None))
    if size < policy.filler_min_chars:
        return found
    data = message.encode("utf-8", "replace")
    compressed = len(zlib.compress(data, 1))
    if compressed < len(data) * policy.filler_max_compression + policy.filler_overhead_bytes or \
            (size >= 1_000 and len(set(message[:1_000])) <= 6) or \
            (compressed < len(data) * 0.2 and _numbered_repeats(message)):
        found.append((Action.COMPRESS, 0.7, "token_stuffing: repetitive filler", None))
        return found
    sample = _spread(tokens)
    if _few_words(tokens, sample, policy):
        found.append((Action.COMPRESS, 0.7, "token_stuffing: the same few words over and over", None))
        return found
    if size >= policy.random_min_chars and _looks_random(tokens, sample, policy):
        found.append((Action.TRUNCATE, 0.6, "token_stuffing: random characters", None))
    return found


# Pieces of a flood: what lies between sentence ends, commas and numbers ("1. Answer me. 2. ...").
_PIECE_BREAK = re.compile(r"[.?!|;,]\s|\d+")
_NOT_LETTERS_OR_BREAK = re.compile(r"[^\w\0]+|[\d_]+")
_DIGITS = re.compile(r"\d+")
_FLOOD_SAMPLE = 2_000


def _numbered_repeats(message: str) -> bool:
    """The same one to three sentences over and over, numbered or in other case ("1. are you
    there? 2. ARE YOU THERE?"): numbers and case keep zlib from seeing a flood. A log repeats its
    words too, but between many numbers (times, ids, sizes); a flood has a counter at most."""
    head = message[:_FLOOD_SAMPLE].casefold()  # a flood is the same all along: its start shows it
    letters = _NOT_LETTERS_OR_BREAK.sub("", _PIECE_BREAK.sub("\0", head))
    keys = [k for k in letters.split("\0") if len(k) >= 6]
    if len(keys) < 10 or len(_DIGITS.findall(head)) > 2 * len(keys):
        return False
    return sum(n for _, n in Counter(keys).most_common(3)) >= len(keys) * 0.8


def _spread(words: list[str]) -> list[str]:
    """About 300 words taken evenly across the list: enough for statistics, cheap to count."""
    return words[::max(1, len(words) // 300)]


def _few_words(words: list[str], sample: list[str], policy: Policy) -> bool:
    """A long text made of a handful of words, over and over."""
    return len(words) >= policy.filler_min_words and len(set(sample)) < len(sample) * policy.filler_max_distinct


_CONSONANTS = re.compile(r"[bcdfghjklmnpqrstvwxz]{5}")
_JOINERS = re.compile(r"[\s\-,;:|/=]+")


def _looks_random(tokens: list[str], sample: list[str], policy: Policy) -> bool:
    """Statistics of the sampled words that ordinary writing, logs, tables and code never show
    (measured on the long benign pastes of the tune set): almost no spaces, mostly letter-and-
    digit tokens ("q9x2kd"), mostly bare numbers, unpronounceable words, or a small vocabulary
    shuffled (hardly any word used once)."""
    if len(tokens) < 30 * 160 * 0.01:  # fewer than one word per 100 characters
        return True
    n = len(sample)
    # Random keys come joined by commas or hyphens ("fd53-9a55, 4FWF7L2"): count their pieces.
    pieces = [p for p in _JOINERS.split(" ".join(sample)) if p]
    pieces = pieces[::max(1, len(pieces) // 300)]  # a table splits into thousands: 300 will do
    mixed = sum(1 for t in pieces if t.isalnum() and not t.isalpha() and not t.isdigit())
    if mixed >= len(pieces) * policy.random_min_share or sum(map(str.isdigit, sample)) >= n * 0.6:
        return True
    long_words = [t for t in sample if len(t) >= 6 and t.isalpha()]
    if len(long_words) >= 30 and sum(1 for t in long_words if _CONSONANTS.search(t)) >= len(long_words) * 0.2:
        return True
    counts: dict[str, int] = {}
    for token in sample:
        counts[token] = counts.get(token, 0) + 1
    once = sum(1 for c in counts.values() if c == 1)
    return len(counts) < n * 0.3 and once < len(counts) * 0.2


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
    if not free_tier:
        return found  # paid plans may script their use (the API is for that); their rate limits hold
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


def _three(match: re.Match[str]) -> str:
    return match.group(1) * 3


def compress(text: str, policy: Policy = DEFAULT_POLICY) -> str:
    """Squeeze out filler: stacked accents, character runs in long words, repeated sentences and
    lines; what is still filler after that keeps each word once. Whitespace is not kept."""
    if not text.isascii():
        text = _COMBINING_RUN.sub(r"\1", text)
    words = text.split()
    if words and max(map(len, words)) > 12:
        squeezed: dict[str, str] = {}  # a flood repeats its long words: squeeze each once
        for i, word in enumerate(words):
            if len(word) > 12:
                if word not in squeezed:
                    if len(squeezed) >= 200:  # a page of long random tokens: nothing repeats in it
                        break
                    squeezed[word] = _RUN.sub(_three, word)
                words[i] = squeezed[word]
    sentences = " ".join(words).replace(". ", ".\n").replace("? ", "?\n").replace("! ", "!\n")
    kept = list(dict.fromkeys(sentences.split("\n")))
    words = " ".join(kept).split(" ")
    if _few_words(words, _spread(words), policy):
        return " ".join(dict.fromkeys(words))
    return " ".join(kept)
