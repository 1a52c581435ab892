"""Text forms the abuse detectors read: normalised, de-obfuscated, and decoded hidden payloads.

`plain` is what a person reads (NFKC, casefolded, invisible characters removed, whitespace
collapsed). `skeleton` is what an attacker meant: homoglyphs and leetspeak mapped to Latin
letters, spaced-out letters joined, punctuation dropped. Hidden payloads (base64 and hex blobs
that decode to text, reversed text) are decoded so the same patterns can look inside them.
"""

from __future__ import annotations

import base64
import binascii
import re
import unicodedata
from dataclasses import dataclass, field

# Zero-width and other invisible format characters that split words without showing.
INVISIBLE = re.compile("[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\U000e0000-\U000e007f]")
_COMBINING = re.compile("[\u0300-\u036f\u0483-\u0489\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_SPACES = re.compile(r"\s+")

# Letters of other scripts that look like Latin ones (the usual homoglyph set).
_HOMOGLYPHS = str.maketrans({
    "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p",
    "с": "c", "т": "t", "у": "y", "х": "x", "і": "i", "ї": "i", "ј": "j", "ѕ": "s", "ԁ": "d",
    "ɡ": "g", "һ": "h", "ӏ": "l", "ԛ": "q", "ԝ": "w", "ѵ": "v",
    "α": "a", "β": "b", "ε": "e", "η": "n", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p",
    "τ": "t", "υ": "u", "χ": "x", "γ": "y", "ω": "w",
})
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b",
                       "9": "g", "@": "a", "$": "s", "!": "i", "|": "l", "+": "t"})
_NON_WORD = re.compile(r"[^\w\s]|_")
_LEET_CHAR = re.compile(r"[a-z][0-9@$!|+]|[0-9@$!|+][a-z]")
_LEET_WORD = re.compile(r"[a-z0-9@$!|+]+")
_SPACED = re.compile(r"\b(?:\w[ .\-_*]{1,3}){3,}\w\b")
_LONG_TOKEN = re.compile(r"\S{24,}")
_BASE64_TOKEN = re.compile(r"[A-Za-z0-9+/_\-]{24,}={0,2}")
_HEX_TOKEN = re.compile(r"(?:[0-9A-Fa-f]{2}){12,}")


@dataclass
class TextForms:
    raw: str
    plain: str
    skeleton: str
    invisible_count: int
    mixed_script_words: int
    decoded: list[str] = field(default_factory=list)  # hidden payloads, already skeletonised


def plain_form(text: str) -> str:
    if not text.isascii():
        text = INVISIBLE.sub("", unicodedata.normalize("NFKC", text))
    return _SPACES.sub(" ", text.casefold()).strip()


def skeleton_form(plain: str) -> str:
    text = plain
    if not text.isascii():
        text = _COMBINING.sub("", unicodedata.normalize("NFD", text)).translate(_HOMOGLYPHS)
    if _LEET_CHAR.search(text):
        text = _LEET_WORD.sub(_unleet, text)
    text = _SPACED.sub(lambda m: m.group(0).replace(" ", "").replace(".", "").replace("-", "")
                       .replace("_", "").replace("*", ""), text)
    text = _NON_WORD.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


def _unleet(match: re.Match[str]) -> str:
    word = match.group(0)
    # Only words that mix letters with look-alike digits or symbols: "1gn0r3", not "2024" or "x86".
    if len(word) < 3 or not any(ch.isalpha() for ch in word) or word.isalpha():
        return word
    return word.translate(_LEET)


def squashed(skeleton: str) -> str:
    """The skeleton without spaces: spaced-out and split words ("i g n o r e") read whole."""
    return skeleton.replace(" ", "")


def forms(text: str, *, decode: bool = True) -> TextForms:
    """Every form of `text` the detectors need, computed once per message."""
    plain = plain_form(text)
    skeleton = skeleton_form(plain)
    result = TextForms(raw=text, plain=plain, skeleton=skeleton,
                       invisible_count=len(INVISIBLE.findall(text)),
                       mixed_script_words=_mixed_script_words(text))
    if decode:
        result.decoded = [skeleton_form(plain_form(p)) for p in hidden_payloads(text)]
    return result


def hidden_payloads(text: str, *, limit: int = 8) -> list[str]:
    """Readable text hidden in base64 or hex blobs, and the message read backwards."""
    found: list[str] = []
    for match in _LONG_TOKEN.finditer(text):
        token = match.group(0).strip("\"'`()[]{}<>,.;:")
        decoded = None
        if _HEX_TOKEN.fullmatch(token):
            decoded = _decode_hex(token)
        elif _BASE64_TOKEN.fullmatch(token):
            decoded = _decode_base64(token)
        if decoded:
            found.append(decoded)
            if len(found) >= limit:
                return found
    if len(text) < 2_000:
        found.append(text[::-1])
    return found


def _readable(data: bytes) -> str | None:
    try:
        decoded = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    letters = sum(ch.isalpha() or ch == " " for ch in decoded)
    return decoded if len(decoded) >= 8 and letters / len(decoded) > 0.75 and " " in decoded else None


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


def _mixed_script_words(text: str) -> int:
    """Words mixing Latin letters with Cyrillic or Greek ones: how homoglyph attacks look."""
    count = 0
    for word in text.split():
        if len(word) < 3 or word.isascii():
            continue
        latin = other = False
        for ch in word:
            if ch.isascii():
                latin = latin or ch.isalpha()
            elif "\u0370" <= ch <= "\u04ff":
                other = True
        count += latin and other
    return count
