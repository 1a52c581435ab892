"""Context-window abuse in one message: a paste far beyond what its question needs ("lol", "yes or
no?", "what's 9 times 7" after 40,000 characters of logs), on the free tier.

A long paste with a real question about it (summarise this thread, which IP in this log, translate
this report) is what a long context is for. The question sits at either end of the paste; it
refers to the paste (this, these, below, the log, the data...), names a task done to a text
(summarise, proofread, refactor...), or is a question long enough to be specific. A trivial or
unrelated ask does none of that, and neither does a paste with no ask at all.
"""

from __future__ import annotations

import re

# Words of an ask about the pasted text: pointing at it, naming what it is, or a task done to a
# text (English, German, French, Spanish, Portuguese, Italian, Dutch, Polish).
_REFERS = frozenset("""
this these those them here below above attached following enclosed pasted paste
excerpt export sample log logs data dataset file files csv tsv json xml yaml sql dump table tables
thread email emails mail transcript report code config configuration script module function class
document doc text list entries rows lines columns records readings results errors exceptions output
contract agreement clause essay draft journal diary chapter notes spreadsheet
minutes protocol invoice statement transactions
summarise summarize summary summarising summarizing proofread refactor review analyse analyze
analysis outline restructure categorise categorize extract parse debug deduplicate anomalies
dies diese dieses diesen dieser unten oben zusammen zusammenfassen protokoll datei daten
ce cet cette ces ci dessous dessus résume résumer fichier données journal rapport
este esta estos estas esto abajo arriba resume resumen resumir archivo datos informe registro
isto estes resumo arquivo dados relatório
questo questa questi queste sotto sopra riassumi riassunto dati rapporto verbale
dit deze onder boven samenvatten samenvatting bestand gegevens verslag
tego tej poniżej powyżej podsumuj podsumowanie plik dane raport
""".split())
_ASK_CHARS = 400
# A question this long is specific enough to be about what it comes with ("can you spot any months
# where revenue dropped more than 20%?"); a paragraph of the paste itself seldom ends in "?".
_SPECIFIC_QUESTION_WORDS = 12  # an ask is a sentence or a short paragraph
_WORD = re.compile(r"\w+")


def ask_needs_the_paste(message: str) -> bool:
    """Whether the text at either end of a long paste asks something about it (and does not say
    the paste is not needed: "you won't need it", "don't read any of that", "never mind")."""
    asks = _asks(message)
    if any(_DISOWNED.search(ask.casefold()) for ask in asks):
        return False
    return any(_refers(ask) for ask in asks)


# Words at either end that disown the paste: it is there to fill the window, not to be read.
_DISOWNED = re.compile(
    r"\b((won'?t|will not|don'?t|do not|doesn'?t|no) need (it|this|that|them|to read)|"
    r"(don'?t|do not|no need to) (read|review|look at) (it|this|that|them|any of)|"
    r"(just|only) (hold|keep|store) (it|this|that)|never ?mind(?! (the|that|this|my|any|about|if)\b)|"
    r"no reason(?=[.,!;]|$)|"
    r"ignore (it|this|that|those|them|all (of )?(it|this|that))(?! (line|lines|column|columns|error|errors|warning|warnings|part|section|rows?)\b)|"
    r"push (your|the) (\w+ )?context|fill (up )?(your|the) (context|memory|window)|"
    r"(how long|see) (before|if|whether) you (break|crash|choke))")


def _asks(message: str) -> list[str]:
    """The first and last paragraphs of the message, and their outer lines, where they read as
    prose: a sentence a person wrote, not a line of the data (numbers, separators)."""
    text = message.strip()
    head = _PARAGRAPH_BREAK.split(text[:_ASK_CHARS * 2], 1)[0]
    tail = _PARAGRAPH_BREAK.split(text[-_ASK_CHARS * 2:])[-1]
    first, last = head.split("\n", 1)[0], tail.rsplit("\n", 1)[-1]
    # The ask may share its line with the paste: "Here is a chapter of my novel. It was raining..."
    candidates = (head, first, _SENTENCE_END.split(first, 1)[0], tail, last, _SENTENCE_END.split(last)[-1])
    return [part for part in map(str.strip, candidates) if part and len(part) <= _ASK_CHARS and _prose(part)]


_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_SENTENCE_END = re.compile(r"(?<=[.?!:])\s+")


def _prose(line: str) -> bool:
    letters = sum(map(str.isalpha, line))
    return letters >= len(line) * 0.6 and sum(line.count(c) for c in "|,;{}[]=<>\t") <= max(2, len(line) // 40)


def _refers(ask: str) -> bool:
    words = _WORD.findall(ask.casefold())
    return not _REFERS.isdisjoint(words) or (ask.endswith("?") and len(words) >= _SPECIFIC_QUESTION_WORDS)
