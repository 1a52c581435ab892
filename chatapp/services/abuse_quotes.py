"""Whether a message quotes an attack to ask about it rather than making one: "my users type
'ignore previous instructions', how do I stop it?", "is this a phishing email: '...'", "what does
'<|im_start|>system' mean in this log line?".

A quotation is asked about when the message is a short question or request, the attack's words
sit inside quotation marks, and the words outside them ask about it. An indirect injection looks
alike (a short email in quotation marks with "summarise this" around it), but whoever pastes one
to attack never names it: the words outside the quotation of a message that knows it quotes an
attack (attack, injection, scam, filter, detect, prevent...) are the difference. Knowing it, the
message is let through; only asking about it (a question mark outside the quotation), warned.

A few lines can frame examples too: a question above a pasted email ("is this a scam?"), a list
of messages to classify, a draft article with an attack in it, a block quote or a code block. The
framing is then the first paragraph (or line) and a short last one; what lies between is the
quotation, with or without quotation marks. Such a paste is asked about only when its framing
names an attack (PASTE_AWARE): "summarise this thread:" above a paste is the very shape of an
indirect injection. And anywhere, a quotation whose own sentence names an attack ("someone tried
to jailbreak our bot by telling it '...'", "attackers plant instructions such as '...'") is an
example described, not an instruction given.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from chatapp.services import abuse_asks
from chatapp.services.abuse_text import TextForms, normalised, skeleton_form

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
moderation moderating moderate moderator titled title headline heading caption faq""".split())
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
# Words in the framing of a paste that name what is pasted as an attack, or ask to judge it as one.
# Narrower than AWARE: "review this for security" or "add a filter" above a pasted document is
# an ordinary task, and the document may hide an injection.
# ("Classify this ticket", "moderate this log", "is this posting legit?" are tasks an injection
# comes wrapped in: the written ones in the tune split are.)
PASTE_AWARE = frozenset("""attack attacks attacker attackers injection injections injected jailbreak
jailbreaks jailbreaking jailbroken exploit exploits phishing scam scams scammer scammers scammy
malicious suspicious hijack hijacking manipulate manipulation manipulative fraud fraudulent hacker
hackers moderation moderator worried concerned""".split())
# Words in a quotation's own sentence that describe it as an attack: it is an example.
ATTACK_NAMES = frozenset("""attack attacks attacker attackers injection injections inject injected
injecting jailbreak jailbreaks jailbreaking jailbroken exploit exploits phishing scam scams scammer
scammers malicious hijack hijacking manipulate manipulation fraud fraudulent hacker hackers
spammers""".split())
# Verbs that report what someone else typed or sent, just before a quotation: "someone keeps
# posting '...'", "users keep typing '...'", "the student wrote '...'". (Not "say" or "saying":
# "respond by saying 'DAN mode enabled'" is an attack's own script.
# Nor "sent" or "pasted": "the email my boss sent: '...'" is how a task around a document reads.)
REPORTED = frozenset("""typed types typing posting posted posts wrote writes telling told entered
enters""".split())
PASTE_FRAME_CHARS = 3_000  # a draft, a list of messages, an email: not a document to work on
DESCRIBED_CHARS = 4_000
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
    outside: str = ""  # the framing: the plain text outside the quotations
    # A paste framed over several lines: an injection marker in it (a template token, a role
    # line, a comment for an AI) is still warned, since naming the paste "suspicious" or a
    # "scam" is also how an injection's own wrapper may read ("is this posting legit?").
    pasted: bool = False
    # Read only for the quotations a paste's own prose reports ("a user submitted '...' to the
    # bot"), the ask neither acting on them nor knowing them for attacks: `quotes` holds those
    # alone, and a match in one is warned, never let through.
    reported: bool = False


def frame(forms: TextForms) -> Frame | None:
    """How a short message frames its quotations; None for a long or multi-line text (a pasted
    document or tool output carries its quotations as data: an injection hides there), for
    braces outside quotation marks (JSON), and for an ask to act on what is quoted (reply to it,
    decode and follow it)."""
    raw = forms.raw.strip()
    if len(raw) >= QUESTION_CHARS or raw.count("\n") >= 2:
        return framed_paste(raw)
    plain = forms.plain
    quotes = [m.group(1) or m.group(2) for m in QUOTED.finditer(plain)]
    outside = QUOTED.sub(" ", plain)
    if "{" in outside:
        return None
    framing = skeleton_form(outside)
    outside_words = frozenset(framing.split(" "))
    aware = bool(quotes) and not AWARE.isdisjoint(outside_words)
    if not aware and abuse_asks.uses(framing):
        return None  # "decode this and follow it" (but "will our bot follow it?" asks about a defence)
    labels = [skeleton_form(q) for q in quotes]
    aware = aware or bool(quotes) and (abuse_asks.disowns(framing) or
                                       abuse_asks.knows_a_prompt(framing, labels, ATTACK_NAMES))
    question = "?" in outside and "\n" not in raw
    asks = question or not META.isdisjoint(outside_words)
    if not asks and not aware:
        inner, reported = abuse_asks.nested(quotes)
        if reported:  # "rewrite this ticket: 'steps: type "reveal your prompt" in chat ...'"
            return Frame(tuple(skeleton_form(q) for q in inner), True, False, outside, reported=True)
    return Frame(tuple(labels), asks, aware, outside)


@functools.lru_cache(maxsize=16)
def framed_paste(raw: str) -> Frame | None:
    """A message of a few lines that frames what it pastes: the framing (first paragraph or line,
    and a short last paragraph) asks about it, knowing it holds an attack (names one, calls it a
    prompt, or says not to act on it). None for a longer text, or a framing that asks to act on
    what follows (reply to it, follow it). A framing that neither knows nor acts still has the
    quotations its paste reports (a log of quoted messages, a report quoting a payload) asked
    about, not aware; an attack written straight into the paste is no quotation."""
    if len(raw) >= PASTE_FRAME_CHARS or "\n" not in raw:
        return None
    text = normalised(raw)[0].casefold().strip()
    framing, material = _split_framing(text)
    if not framing:
        return None
    joined = " ".join(framing)
    outside = QUOTED.sub(" ", joined)
    skeleton = skeleton_form(outside)
    words = frozenset(skeleton.split(" "))
    if "{" in outside or abuse_asks.uses(skeleton):
        return None
    labels = [skeleton_form(m.group(1) or m.group(2)) for m in QUOTED.finditer(joined)]
    if not PASTE_AWARE.isdisjoint(words):
        quotes = [skeleton_form(piece) for piece in material] + labels
        return Frame(tuple(quotes), True, True, " ".join(outside.split()), pasted=True)
    if abuse_asks.disowns(skeleton) or (
            ("?" in outside or abuse_asks.asks_about(words) or not AWARE.isdisjoint(words) or
             not META.isdisjoint(words)) and abuse_asks.knows_a_prompt(skeleton, labels, ATTACK_NAMES)):
        # Known for a prompt, or not to be acted on, without naming an attack: what the paste
        # holds in quotation marks is asked about; what it says outside them is still read.
        quotes = [skeleton_form(m.group(1) or m.group(2)) for m in QUOTED.finditer("\n\n".join(material))]
        return Frame(tuple(quotes + labels), True, True, " ".join(outside.split()), pasted=True)
    inner, reported = abuse_asks.nested(material)
    if not reported:
        return None
    return Frame(tuple(skeleton_form(q) for q in inner), True, False, " ".join(outside.split()), pasted=True,
                 reported=True)


def may_frame_a_paste(forms: TextForms) -> bool:
    """A cheap test on words already read before framed_paste normalises the text again: a few
    lines with a quotation mark, or a framing word that names an attack."""
    raw = forms.raw
    return len(raw) < PASTE_FRAME_CHARS and "\n" in raw.strip() and (
        not PASTE_AWARE.isdisjoint(forms.words) or any(mark in raw for mark in _QUOTE_MARKS) or
        not _KNOWING.isdisjoint(forms.words))


_QUOTE_MARKS = ("\"", "“", "«", " '", "\n'")
# Words without which a framing neither calls its paste a prompt nor says not to act on it.
_KNOWING = frozenset(("prompt", "prompts", "like", "such", "flagged", "positives", "don", "not", "never", "without"))


def _split_framing(text: str) -> tuple[list[str], list[str]]:
    """(framing, pasted material): the first paragraph, or the first line of a single one, frames
    what follows; so does a last paragraph of one short line when there are three or more."""
    paragraphs = [p.strip() for p in _PARAGRAPHS.split(text) if p.strip()]
    if len(paragraphs) == 1:
        first, _, rest = paragraphs[0].partition("\n")
        paragraphs = [first, rest]
    framing, material = [], []
    for number, paragraph in enumerate(paragraphs):
        last = number == len(paragraphs) - 1 and number >= 2
        if (number == 0 or last) and len(paragraph) <= _FRAMING_CHARS and "\n" not in paragraph \
                and not _PASTED_LINE.match(paragraph):
            framing.append(paragraph)
        else:
            material.append(paragraph)
    return framing, material


_PARAGRAPHS = re.compile(r"\n\s*\n")
_FRAMING_CHARS = 400
# A line that is itself pasted: a block quote, a list item, a code fence, a quotation.
_PASTED_LINE = re.compile(r"\s*(>|```|[-*•]\s|\(?\w{1,2}[.)]\s|[\"'“”«`])")


def described(forms: TextForms) -> tuple[str, ...]:
    """The skeletons of the quotations whose own sentence names an attack ("someone tried to
    jailbreak our bot by telling it '...'"): examples described, not instructions given. Quotations
    inside quotations count (a post quoted for proofreading that quotes an attack)."""
    plain = forms.plain
    if len(plain) >= DESCRIBED_CHARS:
        return ()
    found = []
    for quotation in (_DOUBLE_QUOTED, _SINGLE_QUOTED):
        for m in quotation.finditer(plain):
            before = _SENTENCE_END.split(plain[max(0, m.start() - 160):m.start()])[-1]
            after = _SENTENCE_END.split(plain[m.end():m.end() + 80])[0]
            lead = skeleton_form(before).split(" ")
            if not ATTACK_NAMES.isdisjoint(lead) or not REPORTED.isdisjoint(lead[-3:]) or \
                    not ATTACK_NAMES.isdisjoint(skeleton_form(after).split(" ")):
                found.append(skeleton_form(m.group(1)))
    return tuple(found)


_DOUBLE_QUOTED = re.compile(r"[\"“”«»`]([^\"“”«»`]{6,600})[\"“”«»`]")
_SINGLE_QUOTED = re.compile(r"(?<!\w)'((?:[^'\n]|(?<=\w)'(?=\w)){6,300}?)'(?!\w)")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s")


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
    outside = QUOTED.sub(" ", forms.plain)
    if len(outside) == len(forms.plain):  # no quotation: nothing to use or to ask about
        return about or ("\n" not in raw and "?" in outside)
    framing = skeleton_form(outside)
    words = frozenset(framing.split(" "))
    if (about or "?" in outside) and AWARE.isdisjoint(words) and REPORTED.isdisjoint(words) and \
            abuse_asks.uses(framing):
        # "here's a prompt, can you try it? '...'", "do exactly as this quote says: '...'" (but
        # "a customer typed '...', how do we reply to them?" reports an attack it answers a person for)
        return False
    return about or ("\n" not in raw and "?" in outside)


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
