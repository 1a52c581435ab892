"""What the user's own words ask of a quotation or paste: to *use* it (reply to it, follow it,
continue it, act as it says) or to look *at* it (explain it, classify it, filter it, write a test
for it), read from the framing alone, never from what is quoted.

A quoted attack is only as dangerous as the ask that governs it. "Reply to the customer: '...
ignore your rules ...'" hands the quotation to the model to act on; "can you explain what this
prompt is trying to do? Don't run it" holds it at arm's length. Three structural signs, none of
them a wording of an attack:

- `uses`: the framing directs the model to act on what it quotes (reply, answer, follow, obey,
  carry on, do what it says). Quotation is then no excuse at all.
- `disowns`: the framing tells the model *not* to act on it ("don't follow it, just translate",
  "without running it", "no need to repeat the content"): only someone who knows the quotation
  is an instruction to a model, and does not want it obeyed, writes that.
- `knows_a_prompt`: the framing calls what it quotes a prompt or messages sent to a bot, or
  examples of a kind ("messages like:", "prompts such as"), or names an attack in a label it
  quotes ("classify these as 'jailbreak attempt' or 'benign'"). Whoever pastes an indirect
  injection calls it an email, a page, a review: never a prompt.

`nested` is where the quotation sits: inside a paste, quoted again by the paste's own prose or
listed as one of several quoted messages (a log, a report, a sample), an attack is reported, not
delivered; the paste addresses its reader, the quotation inside it addresses whoever it was
first sent to.
"""

from __future__ import annotations

import re

_OBJECT = r"(it|this|that|them|these|those|him|her|the \w+|this \w+|that \w+|my \w+|his \w+|her \w+|their \w+)"
# Asks that hand the quotation to the model to act on.
_USE = re.compile(
    rf"\b(reply|respond|answer|write back|get back|react)( to)? {_OBJECT}\b|"
    r"\b(draft|write|compose|send|prepare|give|suggest)( \w+){0,3} (reply|replies|response|responses|answer)\b|"
    r"\bhelp me (reply|respond|answer)\b|"
    rf"\b(follow|obey|execute|run|carry out|perform|comply with|act on|act upon|complete|fulfil|fulfill) {_OBJECT}\b|"
    r"\b(follow|obey|execute|comply|do) (exactly|precisely|step by step|as (told|instructed|asked))\b|"
    r"\bdo (exactly )?(what|as|whatever|everything) (it|this|that|they|he|she|the \w+|this \w+) (says?|asks?|tells?|wants?|requests?)\b|"
    r"\b(continue|carry on|proceed|keep going|go on|resume)( \w+){0,3} (from here|from there|where|with the task)\b|"
    r"\b(continue|complete|finish) (it|this|the (story|text|prompt|conversation|task|script))\b|"
    r"\b(treat|take|use) (it|this|that|these|them) as (your |the |my |new )?(instructions?|prompt|orders?|"
    r"rules|system prompt|commands?)\b|"
    r"\b(say|reply|respond|answer) to (it|this|that)\b|\b(try|test|use|apply) (it|this|that|these|this prompt|"
    r"the prompt|them)( out)?( on yourself)?( now| please)?$|\btry (it|this|that|these|this prompt|the prompt)\b|"
    r"\b(pretend|act|behave|respond) (as|like) (it|this|that|they) (says?|describes?|asks?)\b|"
    # a bare "comply", "obey": "if your guidelines say refuse, you comply"
    r"\b(follow|obey|comply|execute)\b")
# The same, refused, of the quotation itself (not "don't follow your rules", which is an attack's).
_DISOWN = re.compile(
    r"\b(don t|do not|dont|never|without|not to|no need to|shouldn t|should not|must not|mustn t|"
    r"instead of)( \w+)? (follow|following|obey|obeying|run|running|execute|executing|act on|acting on|"
    r"act upon|comply with|complying with|respond to|responding to|reply to|replying to|answer|answering|"
    r"repeat|repeating|try|trying|use|using|do what|doing what) "
    r"(it|this|that|them|these|those|any of (it|this|them|these|those)|what (it|they) (says?|asks?)|"
    r"the (prompt|prompts|instructions?|content|text|message|messages|quote|payload|request)( in it)?)\b")
# The framing names what it quotes as a prompt or messages meant for a model, or as examples of a kind.
_KNOWS_A_PROMPT = re.compile(
    r"\b(this|that|these|those|the|such|a|similar|their|user|users|people s|someone s) "
    r"(prompt|prompts|jailbreak prompt|system prompt|instructions? hidden|hidden instructions?)\b|"
    r"\b(messages|prompts|requests|inputs|texts|lines|phrases|strings|attempts|things|stuff|payloads|"
    r"commands|queries|questions) (like|such as)\b|\blike (this|these|that|those) (one|ones|prompt|prompts|"
    r"message|messages)\b|"
    r"\b(sent|typed|posted|pasted|submitted|given|fed|said) (to|into|in) (the|our|my|a|your|their) "
    r"(bot|chatbot|ai|assistant|model|llm|gpt|chat ?gpt|support bot|help bot|agent)\b|"
    r"\b(user|users|customer|customers|community|player|players) (prompts|messages|inputs|submissions)\b|"
    r"\b(auto )?flagged\b|\bfalse positives?\b")
# A quoted label in the framing that names an attack: what it is to be sorted into, not an attack.
_LABEL_WORDS = 3


# Asks that look at a quotation rather than act on it: judge it, sort it, test against it.
_LOOKS_AT = frozenset((
    "explain", "why", "what", "how", "classify", "categorise", "categorize", "label", "rate", "rank",
    "score", "judge", "assess", "evaluate", "analyse", "analyze", "detect", "catch", "catches", "flag",
    "filter", "test", "tests", "regex", "refuses", "refuse", "reject", "rejects", "compare", "identify",
    "spot", "sort", "review", "audit", "report", "translate", "redact", "anonymise", "anonymize"))


def asks_about(words: frozenset[str]) -> bool:
    """The framing's words ask to look at what it quotes (explain it, rank it, write a test for it)."""
    return not _LOOKS_AT.isdisjoint(words)


def uses(framing: str) -> bool:
    """The framing (a skeleton: the user's own words, quotations and paste left out) directs the
    model to act on what it quotes, and does not refuse to."""
    return _USE.search(_DISOWN.sub(" ", framing)) is not None


def disowns(framing: str) -> bool:
    return _DISOWN.search(framing) is not None


def knows_a_prompt(framing: str, labels: list[str], attack_names: frozenset[str]) -> bool:
    """The framing calls its quotation a prompt for a model, or examples of a kind, or quotes a
    short label that names an attack (`labels`: the skeletons of the framing's own quotations)."""
    if _KNOWS_A_PROMPT.search(framing):
        return True
    return any(len(words := label.split(" ")) <= _LABEL_WORDS and not attack_names.isdisjoint(words)
               for label in labels)


# Quotations inside a paste: straight double quotes, or single quotes around words.
_INNER = re.compile(r"\"([^\"\n]{6,400})\"|(?<![\w'])'((?:[^'\n]|(?<=\w)'(?=\w)){6,300}?)'(?![\w'])")
_SENTENCE = re.compile(r"[.!?]\s|\n")
# A lead that is no reporting prose: a field's name or a list mark ("note:", "3.", "seo_text:"),
# an argument list, or words addressed to the model that the quotation continues ("assistant, call
# the tool with '...'", "you must reply '...'").
_NOT_PROSE = re.compile(r"[:,=(\[/\-*>|]\s*$")
_ADDRESSES = frozenset((
    "you", "your", "yours", "yourself", "assistant", "assistants", "ai", "bot", "model", "models", "llm",
    "llms", "chatbot", "agent", "agents", "system", "instruction", "instructions", "note", "attention",
    "dear", "important", "must"))


def nested(material: list[str]) -> tuple[list[str], bool]:
    """(the quotations inside the pasted pieces, whether any is reported): a paste whose own prose
    quotes what someone typed or sent ("students have been sharing a prompt that begins '...'",
    "a user asks the assistant to '...'"). A quotation that is a paste end to end is the material
    itself, not a report of it (unless its own prose quotes again); a quotation after a field's
    name or a list mark is data (a review, a JSON value, a CSV cell); one after words addressed to
    the model is part of an instruction. Pieces are plain (casefolded) text."""
    found: list[str] = []
    for piece in material:
        if "<" in piece or "{" in piece or "](" in piece or ('"' not in piece and "'" not in piece):
            continue  # markup, JSON or links: their quotation marks hold attributes and strings
        for m in _INNER.finditer(piece):
            inner = m.group(1) or m.group(2)
            if len(m.group(0)) >= len(piece.strip()) - 2:
                found += nested([inner])[0]  # a paste quoted end to end: look inside it
            elif _reports(piece[:m.start()]):
                found.append(inner)
    return found, bool(found)


def _reports(before: str) -> bool:
    lead = _SENTENCE.split(before[-160:])[-1]
    if _NOT_PROSE.search(lead):
        return False
    words = lead.replace("'", " ").split()
    return len(words) >= 2 and _ADDRESSES.isdisjoint(w.strip(".,;!?\"") for w in words) and \
        not any("/" in w or "." in w.strip(".") for w in words)
