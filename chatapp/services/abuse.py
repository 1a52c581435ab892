"""The abuse verdict on a new message and the user's recent messages, locally, without calling
any model: an attack costs nothing to stop.

Verdicts, mildest first: allow, warn (answered, logged), compress (repetitive filler squeezed out
before it is sent), truncate (an oversized or random paste cut down), cache (a repeated question
answered from the cache), throttle (automated use slowed down), block (never sent).
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from chatapp.services import abuse_context, abuse_intent, abuse_lexicon, abuse_quotes, abuse_stuffing, abuse_text
from chatapp.services.abuse_literals import WordText
from chatapp.services.abuse_patterns import Action, Pattern, compile_patterns, index_of, leading_words
from chatapp.services.abuse_policy import DEFAULT_POLICY, Policy
from chatapp.services.abuse_spaces import collapsed
from chatapp.services.abuse_stuffing import compress
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
    tokens = abuse_text.sample_tokens(message, fold=True)
    stuffing = abuse_stuffing.findings(message, tokens, abuse_text.stacked_marks(message), policy)
    squeezed = abuse_stuffing.squeezed(message, stuffing, policy) if stuffing else None
    if squeezed is None:
        forms = abuse_text.forms(message, tokens=tokens)
        print_ = abuse_text.fingerprint(forms.plain)
    else:
        # Filler or random characters: the detectors read what would be sent (an attack in the
        # filler is still in it; one in what is cut away never reaches the model), which also
        # keeps a 20,000-character flood as cheap to judge as its squeezed few hundred (it is not
        # even normalised: NFKC of a page of random Chinese costs a third of a millisecond).
        forms = abuse_text.forms(squeezed, readings=False)
        print_ = abuse_text.fingerprint(collapsed(message).casefold())
    findings: list[_Finding] = _pattern_findings(forms, patterns)
    findings += _lexicon_findings(forms)
    findings += _intent_findings(forms, findings)
    findings += _obfuscation_findings(forms, findings)
    findings += stuffing
    if recent:
        findings += _history_findings(print_, message, recent, now, free_tier, policy)
    sent = message if squeezed is None else squeezed  # filler squeezed out is no paste to cut
    if free_tier and len(sent) > policy.free_paste_chars:
        if len(sent) > policy.free_max_chars:
            findings.append((Action.TRUNCATE, 0.4, "context_abuse: more than a free-tier message holds", None))
        elif not abuse_context.ask_needs_the_paste(sent):
            findings.append((Action.TRUNCATE, 0.5, "context_abuse: a huge paste its question does not need", None))
    if not findings:
        return Verdict(Action.ALLOW, 0.0, (), message, fingerprint=print_)
    action = max(f[0] for f in findings)
    score = min(1.0, max(f[1] for f in findings) + 0.1 * (len(findings) - 1))
    reasons = tuple(dict.fromkeys(f[2] for f in findings))
    ids = tuple(sorted({f[3] for f in findings if f[3] is not None}))
    text = message
    # The whole message squeezed already, when the stuffing check did it (compressing 12,000
    # characters of random digits again cost milliseconds).
    compressed = squeezed if squeezed is not None and not any(
        f[0] == Action.TRUNCATE for f in stuffing) else None
    if squeezed is not None and action == max(f[0] for f in stuffing):
        text = squeezed
    elif action == Action.COMPRESS:
        text = compressed if compressed is not None else compress(message)
    elif action == Action.TRUNCATE:
        keep = policy.free_paste_chars
        cut = message[:keep * 4]  # what is cut anyway need not be squeezed
        text = (compressed if compressed is not None and len(cut) == len(message) else compress(cut))[:keep]
    return Verdict(action, score, reasons, text, ids, print_)


def _pattern_findings(forms: TextForms, patterns: Sequence[Pattern]) -> list[_Finding]:
    found: list[_Finding] = []
    meta = about = question = None
    reported = False  # a match warned for sitting in a quotation a paste reports
    framed: abuse_quotes.Frame | None | bool = False  # False: not read yet
    described: tuple[str, ...] | None = None  # quotations their own sentence calls an attack
    words = forms.words
    hidden = [(text, frozenset(text.split(" "))) for text in forms.decoded]
    every_word = words.union(*(h[1] for h in hidden)) if hidden else words
    # In a long text, the literals a pattern gated by `requires` needs are looked for among its
    # distinct words first: it is searched for around words as common as "user" or "data". (An
    # anchored pattern is tried at its words only, a `contains` or ungated one mostly skips ahead
    # to a literal: each costs less than the test.)
    long_text = len(forms.skeleton) >= _LONG_TEXT
    present = WordText(words) if long_text else None
    index = index_of(patterns)
    # In a long text, what RE2 says can match anywhere (abuse_prefilter): the other patterns are
    # not searched for at all. (A short text is searched faster than the set is asked.)
    fired = index.fired(forms.plain, forms.skeleton) if long_text else None
    joined = "\n".join(h[0] for h in hidden)
    fired_hidden = index.fired(joined, joined) if hidden and len(joined) >= _LONG_TEXT else None
    # Without hidden payloads to read, a long text's candidates are what RE2 says can match.
    for number, pattern in index.candidates(every_word, fired if fired is not None and not hidden else None):
        match = None
        if (fired is None or number in fired) and (
                present is None or pattern.requires is None or
                present.holds(pattern.need_letters if pattern.reads_plain else pattern.need_words)):
            match = pattern.find(forms.plain if pattern.reads_plain else forms.skeleton, words)
        where = "message"
        if match is None and hidden and (fired_hidden is None or number in fired_hidden):
            match = next((m for m in (pattern.find(*h) for h in hidden) if m), None)
            where = "hidden payload"
        if match is None:
            continue
        action = pattern.action
        if where == "message":
            if described is None:
                described = abuse_quotes.described(forms)
            if described and abuse_quotes.only_quoted(forms, match, described):
                continue  # "someone tried to jailbreak our bot by telling it '...'": an example
        if framed is False:
            framed = abuse_quotes.frame(forms)
        quoted_here = False
        if where == "message" and framed and framed.asks and abuse_quotes.only_quoted(forms, match, framed.quotes):
            quoted_here = True
            if framed.reported:
                reported = True
                action = min(action, Action.WARN)  # a quotation a paste reports, asked about unknowingly: logged
            elif (framed.aware and not (framed.pasted and pattern.reads_plain)) or action == Action.WARN:
                continue  # an attack quoted to ask how to defend against it, or a weak sign asked about
            meta = True
            action = Action.WARN  # a quoted attack asked about: logged, not refused
        elif where != "message" and framed and framed.asks and framed.quotes:
            meta = True
            action = Action.WARN  # "what does this ROT13 say?": decoding an attack to read it, not to obey it
        if where == "message" and not pattern.reads_plain and not (quoted_here and framed.reported):
            if meta is None:
                about = not abuse_quotes.META.isdisjoint(words)
                question = abuse_quotes.is_question(forms.plain)
                meta = abuse_quotes.about_a_quotation(forms, about or question)
            if meta and abuse_quotes.only_quoted(forms, match):
                continue  # quoting an attack to ask about it (translate it, explain it, filter it)
            if meta and about and question and action == Action.BLOCK:
                action = Action.WARN
        found.append((action, 0.9 if action == Action.BLOCK else 0.5,
                      f"{pattern.pattern_type}{' (' + where + ')' if where != 'message' else ''}",
                      pattern.id))
    if sum(1 for f in found if f[0] == Action.WARN) >= 2 and not meta and not reported:
        found.append((Action.BLOCK, 0.8, "several signs of an attack together", None))
    return found


_LONG_TEXT = 2_000  # characters of skeleton


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
    skeleton, words = forms.skeleton, forms.words
    if len(forms.raw) < _REQUEST_CHARS and "\n\n" not in forms.raw.strip() and \
            (abuse_intent.role_play(skeleton, words) or abuse_intent.fiction(skeleton, words)) and not (
            abuse_intent.rule_talk(skeleton, words) or abuse_intent.harmful_request(skeleton, words)
            or abuse_intent.pressure(skeleton, words)):
        return []  # a role to play or a story to write, nothing about the assistant's rules or harm
    return [(Action.WARN, 0.5, "jailbreak (learned wording)", None)]


# A role-play or story request is a few sentences; a long text that reads like one, or one with a
# paste in it, is something else (DAN and its kin run to pages), and keeps the weights' warning.
_REQUEST_CHARS = 1_000


def _intent_findings(forms: TextForms, earlier: list[_Finding]) -> list[_Finding]:
    """A harmful request in a wrapper: a persona or story, claimed authority or pressure, talk of
    the assistant's rules, or an encoding. Asked plainly, it is a question (about security, say)."""
    skeleton, words = forms.skeleton, forms.words
    hidden = False
    if not abuse_intent.harmful_request(skeleton, words):
        # Only once decoded (the reversed forms of a short message repeat its words: no encoding).
        hidden = any(abuse_intent.harmful_request(text, frozenset(text.split(" "))) for text in forms.decoded)
        if not hidden:
            return []
    wrappers = [name for name, found in (
        ("a role play or story", abuse_intent.role_play(skeleton, words) or abuse_intent.fiction(skeleton, words)),
        ("claimed authority or pressure", abuse_intent.pressure(skeleton, words)),
        ("talk of the assistant's rules", abuse_intent.rule_talk(skeleton, words)),
        ("an encoding or disguise", hidden or forms.disguised)) if found]
    if not wrappers:
        return []
    action = Action.BLOCK if len(wrappers) >= 2 else Action.WARN
    if not hidden and (framed := abuse_quotes.frame(forms)) and framed.asks and (framed.aware or framed.reported):
        rest = skeleton
        for quoted in framed.quotes:
            rest = rest.replace(quoted, " ")
        if not abuse_intent.harmful_request(rest, frozenset(rest.split(" "))):
            if framed.aware:
                return []  # the harm is in the examples a question about attacks quotes
            action = Action.WARN  # in what a paste reports someone typed
    return [(action, 0.8 if action == Action.BLOCK else 0.6,
             f"jailbreak: a harmful request inside {' and '.join(wrappers)}", None)]


def lexicon_document(forms: TextForms) -> set[str]:
    """The features abuse_lexicon weighs (also what bench/train_abuse_lexicon.py learns from)."""
    skeleton = forms.skeleton
    if abuse_quotes.about_a_quotation(forms, not abuse_quotes.META.isdisjoint(forms.words) or
                                    abuse_quotes.is_question(forms.plain)):
        # Asking about a quoted phrase: the quotation is what is asked about, not what is asked.
        skeleton = abuse_text.skeleton_form(abuse_quotes.QUOTED.sub(" ", forms.plain))
    elif abuse_quotes.may_frame_a_paste(forms) and \
            (pasted := abuse_quotes.framed_paste(forms.raw.strip())) is not None:
        if pasted.aware:
            skeleton = abuse_text.skeleton_form(pasted.outside)  # "is this email a scam?" above the email
        else:
            for quoted in pasted.quotes:  # what the paste reports someone typed is not what it says
                skeleton = skeleton.replace(quoted, " ")
    doc = abuse_lexicon.features(skeleton[:abuse_lexicon.MAX_WORDS * 12].split(" "))
    for hidden in forms.encoded:
        doc |= abuse_lexicon.features(hidden.split(" "))
    return doc


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
