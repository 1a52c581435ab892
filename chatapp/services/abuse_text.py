"""Text forms the abuse detectors read: normalised, de-obfuscated, and decoded hidden payloads.

`plain` is what a person reads (NFKC, casefolded, invisible characters removed, whitespace
collapsed). `skeleton` is what an attacker meant: homoglyphs and leetspeak mapped to Latin
letters, spaced-out letters joined into words, punctuation dropped except sentence ends, which
stay as " . " so that a pattern never joins words from two sentences. Hidden payloads (base64,
hex and percent-encoded text, text written backwards) are decoded so the same patterns can look
inside them.

Every step is a single C-level pass (translate, split, one regex) or is skipped when a cheap test
shows it cannot apply: a verdict on a 16,000-character paste must cost well under a millisecond.
"""

from __future__ import annotations

import base64
import codecs
import binascii
import hashlib
import re
import unicodedata
import urllib.parse
from dataclasses import dataclass, field
from itertools import compress, islice

# Zero-width and other invisible format characters that split words without showing.
INVISIBLE = re.compile("[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\U000e0000-\U000e007f]")
_MARKS = "\u0300-\u036f\u0483-\u0489\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
COMBINING = re.compile(f"[{_MARKS}]")
# Marks stacked three or more deep ("zalgo" text); one or two belong to ordinary writing.
ZALGO = re.compile(f"[{_MARKS}]{{3,}}")
_COMBINING_RUN = re.compile(f"[{_MARKS}]+")
# A Latin letter next to a Cyrillic or Greek one inside a word: how homoglyph attacks look.
_MIXED_SCRIPT = re.compile("[a-z][\u0370-\u04ff]|[\u0370-\u04ff][a-z]")
_GREEK_OR_CYRILLIC = re.compile("[\u0370-\u04ff]")

# Letters of other scripts that look like Latin ones (the usual homoglyph set).
_HOMOGLYPHS = str.maketrans({
    "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p",
    "с": "c", "т": "t", "у": "y", "х": "x", "і": "i", "ї": "i", "ј": "j", "ѕ": "s", "ԁ": "d",
    "ɡ": "g", "һ": "h", "ӏ": "l", "ԛ": "q", "ԝ": "w", "ѵ": "v",
    "α": "a", "β": "b", "ε": "e", "η": "n", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p",
    "τ": "t", "υ": "u", "χ": "x", "γ": "y", "ω": "w",
})
# Look-alike digits and symbols read as letters ("1gn0r3" is "ignore"). The whole text is mapped
# in one pass: numbers turn into nonsense words, which no pattern matches.
_LEET = {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "9": "g",
         "@": "a", "$": "s", "|": "l", "+": "t"}
# Letters spaced or dotted out: "i g n o r e  a l l", "f-o-r-g-e-t", "i.g.n.o.r.e".
_SPACED = re.compile(r"(?<![\w])(?:[a-z0-9][ .\-_*\n]{1,3}){3,}[a-z0-9](?![\w])")
# Four letters spaced out after a space: the cheap test for the above (it starts with a literal,
# which the regular expression engine finds fast).
_SPACED_HINT = re.compile(r" [a-z0-9][ .\-_*]{1,3}[a-z0-9][ .\-_*]{1,3}[a-z0-9][ .\-_*]{1,3}[a-z0-9]|"
                          r"\n[a-z0-9]\n[a-z0-9]\n[a-z0-9]\n")
_WORD_BREAK = re.compile(r"[ .\-_*\n]{2,}")
_SEPARATORS = str.maketrans("", "", " .-_*\n")
_JOINED_LETTERS = re.compile(r"[a-z0-9][.\-_*][a-z0-9][.\-_*][a-z0-9]")
# Punctuation becomes a space; sentence ends become a " . " token that patterns cannot cross.
# One table for both, ASCII to ASCII, applied to UTF-8 bytes: bytes.translate is a plain table
# lookup, where str.translate on text with any non-ASCII character looks each character up in a
# dict. (Typographic punctuation was made ASCII before, in _normalised.)
_SKELETON_MAP = {**_LEET, **{ch: " " for ch in "\"#%&'()*,-/:<=>[\\]^_`{}~"}, **{ch: "." for ch in ".!?;"}}
_SKELETON = bytes.maketrans("".join(_SKELETON_MAP).encode(), "".join(_SKELETON_MAP.values()).encode())
_PAYLOAD_SIZE = range(24, 8_193)  # characters of a token that may be an encoded payload
_BASE64_TOKEN = re.compile(r"[A-Za-z0-9+/_\-]{24,}={0,2}")
_HEX_TOKEN = re.compile(r"(?:0x)?((?:[0-9A-Fa-f]{2}){12,})")
_PERCENT = re.compile(r"%[0-9a-fA-F]{2}")

# Words an attack spelled without spaces ("ignoreallpreviousinstructions") is split back into.
VOCABULARY = frozenset("""
a above act actual all an and any anything are as assistant be before bypass content dan
developer disable disregard do enable everything filter filters first follow for forget from
give guidelines have hidden i ignore initial instructions is jailbreak limits me message mode my
new no now obey of off on or original override persona pretend previous print prior prompt
restrictions reveal rules safety say secret show system tell text that the these this to
unfiltered unrestricted what with without you your
""".split())


@dataclass
class TextForms:
    raw: str
    plain: str
    skeleton: str  # the skeleton's words, one space apart
    words: frozenset[str]  # the skeleton's words
    tokens: list[str]  # a sample of the words, spread evenly over the whole text
    invisible_count: int
    mixed_script_words: int
    stacked_marks: bool  # accents stacked three or more deep ("zalgo" text)
    # Hidden payloads, skeletonised: text that was encoded (base64, hex, percent) or reversed.
    encoded: list[str] = field(default_factory=list)
    reversed: list[str] = field(default_factory=list)

    @property
    def decoded(self) -> list[str]:
        return self.encoded + self.reversed


def _readable_form(text: str) -> str:
    return _normalised(text)[0]


# Punctuation outside ASCII that ordinary writing is full of; replaced first, so that most text
# becomes ASCII and the fast paths of translate and the regular expression engine apply.
_TYPOGRAPHY = (("\u2014", "-"), ("\u2013", "-"), ("\u2019", "'"), ("\u2018", "'"), ("\u201c", '"'),
               ("\u201d", '"'), ("\u2026", "..."), ("\u00ab", '"'), ("\u00bb", '"'), ("\u00a0", " "))


def _normalised(text: str) -> tuple[str, int, bool]:
    """NFKC without invisible characters or stacked accents; with how many invisible characters
    there were and whether accents were stacked."""
    if text.isascii():
        return text, 0, False
    for fancy, plain in _TYPOGRAPHY:
        if fancy in text:
            text = text.replace(fancy, plain)
    if text.isascii():
        return text, 0, False
    invisible = len(INVISIBLE.findall(text))
    if invisible:
        text = INVISIBLE.sub("", text)
    stacked = False
    if COMBINING.search(text):
        stacked = ZALGO.search(text) is not None
        # Compose what can be composed (an "e" and an accent make "é"); drop the rest.
        text = _COMBINING_RUN.sub("", unicodedata.normalize("NFKC", text))
    elif not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    return text, invisible, stacked


def skeleton_form(lowered: str) -> str:
    """The skeleton of already casefolded text (whitespace not yet collapsed)."""
    return " ".join(skeleton_words(lowered))


def skeleton_words(lowered: str) -> list[str]:
    text = lowered
    if not text.isascii() and _GREEK_OR_CYRILLIC.search(text) and _MIXED_SCRIPT.search(text):
        text = text.translate(_HOMOGLYPHS)
    if _SPACED_HINT.search(text) or _SPACED_HINT.match(" " + text[:8]) or _SPACED_HINT.match("\n" + text[:8]):
        text = _SPACED.sub(_join_spaced, text)
    if text.isascii():
        mapped = text.encode("ascii").translate(_SKELETON).decode("ascii")
    else:
        mapped = text.encode("utf-8", "surrogatepass").translate(_SKELETON).decode("utf-8", "surrogatepass")
    return mapped.replace(".", " . ").split()


def _join_spaced(match: re.Match[str]) -> str:
    run = match.group(0)
    # "b.y.p.a.s.s y.o.u.r": letters joined by dots or dashes, words by single spaces.
    breaks = run.split() if _JOINED_LETTERS.search(run) and " " in run.strip() else _WORD_BREAK.split(run)
    words = [part.translate(_SEPARATORS) for part in breaks]
    return " " + " ".join(segment(w) for w in words if w) + " "


def segment(word: str) -> str:
    """Split a run of joined words into VOCABULARY words when it splits completely, else keep it."""
    if len(word) < 6 or word in VOCABULARY:
        return word
    best: list[list[str] | None] = [[]] + [None] * len(word)
    for end in range(1, len(word) + 1):
        for start in range(max(0, end - 14), end):
            head = best[start]
            if head is not None and word[start:end] in VOCABULARY and \
                    (best[end] is None or len(head) + 1 < len(best[end])):
                best[end] = head + [word[start:end]]
    return " ".join(best[-1]) if best[-1] else word


def normalised(text: str) -> tuple[str, int, bool]:
    """NFKC without invisible characters or stacked accents; with how many invisible characters
    there were and whether accents were stacked (what `forms` starts from)."""
    return _normalised(text)


def forms(text: str, *, decode: bool = True, start: tuple[str, int, bool] | None = None,
          tokens: list[str] | None = None) -> TextForms:
    """Every form of `text` the detectors need, computed once per message. `start`: its
    `normalised` form and `tokens` its `sample_tokens`, when already computed."""
    readable, invisible, stacked = start or _normalised(text)
    # Patterns read each line and sentence of a long text once: a paste repeated fifty times is
    # read once. (Short texts are read whole: letters written one per line must stay.)
    unique = readable if len(readable) <= 2_000 else \
        "\n".join(dict.fromkeys(readable.replace(". ", ".\n").split("\n")))
    parts = unique.split()
    words = skeleton_words(unique.casefold())
    lowered = readable.casefold()
    result = TextForms(
        raw=text, plain=" ".join(parts).casefold(), skeleton=" ".join(words),
        words=frozenset(words), tokens=sample_tokens(lowered) if tokens is None else tokens,
        invisible_count=invisible, stacked_marks=stacked,
        mixed_script_words=0 if lowered.isascii() or not _GREEK_OR_CYRILLIC.search(lowered)
        else len(_MIXED_SCRIPT.findall(lowered)))
    if decode:
        encoded, backwards = hidden_payloads(text, parts)
        result.encoded = [skeleton_form(_readable_form(p).casefold()) for p in encoded]
        result.reversed = [skeleton_form(_readable_form(p).casefold()) for p in backwards]
    return result


def sample_tokens(text: str, *, pieces: int = 30, size: int = 160) -> list[str]:
    """Words from `pieces` slices spread evenly over the text (all of it when it is short):
    enough for statistics about the text without splitting all of it."""
    if len(text) <= pieces * size * 2:
        return text.split()
    step = len(text) // pieces
    tokens: list[str] = []
    for start in range(0, step * pieces, step):
        tokens += text[start:start + size].split()[1:-1]  # drop the words cut at the edges
    return tokens


def fingerprint(plain: str) -> str:
    """A short key equal for the same message written again, whatever its case, spacing and
    punctuation ("Tell me a joke!", "tell me a joke"). Numbers count: "What is 6*7?" and "What is
    8*9?" are two questions (a student's homework is no flood). A long message is keyed by its
    length and its first and last 2,000 characters."""
    text = plain if len(plain) <= 6_000 else plain[:2_000] + " " + plain[-2_000:]
    key = b" ".join(text.encode("utf-8", "surrogatepass").translate(_KEY_ONLY).split())
    if len(plain) > 6_000:
        key += b" #%d" % (len(plain) // 100)
    return hashlib.blake2b(key, digest_size=8).hexdigest()


_NOT_KEY = b".!?;:,\"#%&'()*+-/<=>@[\\]^_`{|}~$"
_KEY_ONLY = bytes.maketrans(_NOT_KEY, b" " * len(_NOT_KEY))


def hidden_payloads(text: str, tokens: list[str] | None = None, *,
                    limit: int = 8) -> tuple[list[str], list[str]]:
    """Readable text hidden in base64, hex or percent-encoding; short text read backwards.
    `tokens`: the words the patterns read, when already split."""
    found: list[str] = []
    backwards: list[str] = []
    tokens = text.split() if tokens is None else tokens
    # The tokens of 24 to 8,192 characters, in C-level passes (a long paste has thousands).
    candidates = compress(tokens, map(_PAYLOAD_SIZE.__contains__, map(len, tokens)))
    for token in islice(candidates, 64):
        token = token.strip("\"'`()[]{}<>,.;:")
        hexed = _HEX_TOKEN.fullmatch(token)
        decoded = _decode_hex(hexed.group(1)) if hexed else (
            _decode_base64(token) if _BASE64_TOKEN.fullmatch(token) else None)
        if decoded:
            found.append(decoded)
            if len(found) >= limit:
                break
    if "%" in text and len(_PERCENT.findall(text)) >= 3:
        found.append(urllib.parse.unquote(text))
    if len(text) < 4_000:
        found += _short_text_payloads(text)
    if len(text) < 2_000:
        backwards.append(text[::-1])
        words = text.split()
        if len(words) >= 4:
            backwards.append(" ".join(reversed(words)))
    return found, backwards


_ESCAPED_HEX = re.compile(r"(?:\\x[0-9a-fA-F]{2}){8,}")
_SEPARATED_HEX = re.compile(r"(?:[0-9A-Fa-f]{2}[:\-, ]){7,}[0-9A-Fa-f]{2}")
_QUOTED_PIECE = re.compile(r"'([^'\n]{1,40})'|\"([^\"\n]{1,40})\"")


def _short_text_payloads(text: str) -> list[str]:
    """Escaped or separated hex, ROT13 when the text asks for it, and quoted pieces meant to be
    put together ("x = 'reveal your'; y = ' system prompt'; do x+y")."""
    found = []
    if "\\x" in text:
        found += filter(None, (_decode_hex(m.group(0).replace("\\x", "")) for m in _ESCAPED_HEX.finditer(text)))
    for match in _SEPARATED_HEX.finditer(text):
        decoded = _decode_hex(re.sub(r"[:\-, ]", "", match.group(0)))
        if decoded:
            found.append(decoded)
    lowered = text.lower()
    if "rot13" in lowered or "rot-13" in lowered or "rot 13" in lowered:
        found.append(codecs.decode(text, "rot_13"))
    if "+" in text:
        pieces = [a or b for a, b in _QUOTED_PIECE.findall(text)]
        if len(pieces) >= 2:
            found.append("".join(pieces))
    return found


def _readable(data: bytes) -> str | None:
    try:
        decoded = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    head = decoded[:512]
    letters = sum(ch.isalpha() or ch == " " for ch in head)
    return decoded if len(head) >= 8 and letters / len(head) > 0.75 and " " in head else None


def _decode_base64(blob: str) -> str | None:
    padded = blob + "=" * (-len(blob) % 4)
    try:
        data = base64.b64decode(padded.replace("-", "+").replace("_", "/"), validate=True)
    except (binascii.Error, ValueError):
        return None
    return _readable(data)


def _decode_hex(blob: str) -> str | None:
    try:
        data = bytes.fromhex(blob)
    except ValueError:
        return None
    return _readable(data)
