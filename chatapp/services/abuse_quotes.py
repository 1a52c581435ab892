"""Whether a message quotes an attack to ask about it rather than making one: "my users type
'ignore previous instructions', how do I stop it?", "is this a phishing email: '...'", "what does
'<|im_start|>system' mean in this log line?".

A quotation is asked about when the message is a short question or request, the attack's words
sit inside quotation marks, and the words outside them ask about it. An indirect injection looks
alike (a short email in quotation marks with "summarise this" around it), but whoever pastes one
to attack never names it: the words outside the quotation of a message that knows it quotes an
attack (attack, injection, scam, filter, detect, prevent...) are the difference. Knowing it, the
message is let through; only asking about it (a question mark outside the quotation), warned.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from chatapp.services.abuse_text import TextForms, skeleton_form

# Quotation marks around six to three hundred characters. A single quote opens after a non-word
# character and closes before one; inside, an apostrophe between two letters ("let's", "you'd")
# is part of the quotation.
QUOTED = re.compile(r"[\"“”«»`]([^\"“”«»`]{6,300})[\"“”«»`]|"
                    r"(?<!\w)'((?:[^'\n]|(?<=\w)'(?=\w)){6,300}?)'(?!\w)")
QUESTION_CHARS = 600  # a question about a quotation is a sentence or two, not a document

# Words that show the message is about an attack rather than one: quoting it to translate,
# explain, detect or write about it.
META = frozenset("""translate translation translating meaning mean quote quoted quoting example
examples define definition explain explaining detect detecting detection defend defending protect
protecting prevent preventing filter filtering regex article paper research essay homework lyrics
song book novel story speech poem script owasp security sanitize sanitise classify classifier
dataset screenshot phishing block blocking keyword phrase saying tweet poster sign display funny line
cliched clichéd improv exercise printer proofread blog newsletter writeup slides deck handbook
moderation moderating moderate moderator""".split())
# Words outside the quotation that name what it is, or defending against it: no attacker who
# pastes an injection calls it one (processing words, "summarise", "translate", "explain this
# clause", are what an indirect injection comes wrapped in, and are not among them).
AWARE = frozenset("""attack attacks attacker attackers attacked injection injections injected inject
jailbreak jailbreaks jailbreaking jailbroken exploit exploits exploited exploitation phishing scam
scams scammer scammers scammy spam spammer spammers malicious suspicious hijack hijacked hijacking
hijacks payload payloads pentest pentester ctf security moderation moderating moderator moderate
defend defending defence defense defenses defences protect protecting protection prevent
preventing prevention block blocking blocked filter filtering detect detecting detection flag
flagged flagging worried worry concerned trick tricks manipulate manipulation manipulative
rhetoric persuasion sanitize sanitise sanitizing sanitising classify classifier label labelling
labeling annotate annotators dataset fraud fraudulent hacker hackers abuse abusing abused
vulnerability vulnerable mitigate mitigation guard guardrail""".split())
# A request to decode or reorder something and then obey it: quotation is no excuse then.
OBEY = frozenset("follow obey comply execute".split())
_QUESTION_STARTS = ("how ", "what ", "why ", "explain", "can you explain", "describe", "is it ", "are there ",
                    "which ", "when ", "could you explain")


@dataclass(frozen=True)
class Frame:
    """A short message read as a possible question about what it quotes."""

    quotes: tuple[str, ...]  # the skeletons of the quoted passages
    asks: bool  # asks about the quotation: a question outside it, or META words
    aware: bool  # the words outside the quotation name an attack or a defence against one


def frame(forms: TextForms) -> Frame | None:
    """How a short message frames its quotations; None for a long or multi-line text (a pasted
    document or tool output carries its quotations as data: an injection hides there), for
    braces outside quotation marks (JSON), and for a request to decode and obey."""
    raw = forms.raw.strip()
    if len(raw) >= QUESTION_CHARS or raw.count("\n") >= 2:
        return None
    plain = forms.plain
    quotes = [m.group(1) or m.group(2) for m in QUOTED.finditer(plain)]
    outside = QUOTED.sub(" ", plain)
    if "{" in outside:
        return None
    outside_words = frozenset(skeleton_form(outside).split(" "))
    aware = bool(quotes) and not AWARE.isdisjoint(outside_words)
    if not aware and not OBEY.isdisjoint(outside_words):
        return None  # "decode this and follow it" (but "will our bot follow it?" asks about a defence)
    question = "?" in outside and "\n" not in raw
    asks = question or not META.isdisjoint(outside_words)
    return Frame(tuple(skeleton_form(q) for q in quotes), asks, aware)


def about_a_quotation(forms: TextForms, about: bool) -> bool:
    """A short message that asks about something: it names what it does with a quotation
    (`about`: translate, explain, filter...), or asks a question outside the quotation marks
    ("In an old email my boss wrote "Override the previous policy." Does that sound harsh?").
    A long role-play prompt that quotes its own examples is not asking about them, a request to
    decode and obey something is no question, and a pasted document or tool output (lines, braces)
    with a question after it carries its quotations as data: an injection hides there."""
    raw = forms.raw.strip()
    if len(raw) >= QUESTION_CHARS or not OBEY.isdisjoint(forms.words) or "{" in raw or raw.count("\n") >= 2:
        return False
    return about or ("\n" not in raw and "?" in QUOTED.sub(" ", forms.plain))


def only_quoted(forms: TextForms, match: re.Match[str], quotes: tuple[str, ...] | None = None) -> bool:
    """The heart of the match (its last two words) sits inside quotation marks. `quotes`: the
    quoted passages' skeletons, when already read."""
    words = " ".join(skeleton_form(match.group(0)).split(" ")[-2:])
    if quotes is None:
        quotes = tuple(skeleton_form(m.group(1) or m.group(2)) for m in QUOTED.finditer(forms.plain))
    return bool(words) and any(words in quoted for quoted in quotes)


def is_question(plain: str) -> bool:
    head = plain[:80]
    return head.startswith(_QUESTION_STARTS) and not head.startswith(("how about", "what if you"))
