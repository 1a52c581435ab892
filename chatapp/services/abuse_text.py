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

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field

from chatapp.services import abuse_decode
from chatapp.services.abuse_spaces import ascii_words_longer, collapsed, has_word_longer

# Zero-width and other invisible format characters that split words without showing.
INVISIBLE = re.compile("[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\U000e0000-\U000e007f]")
# Joiners between two characters outside the Latin alphabets are writing, not hiding: emoji
# sequences (a runner, a family) and the scripts that use them (Persian, the Indic scripts).
_JOINER_IN_USE = re.compile("(?<=[^\x00-\u024f])[\u200c\u200d](?=[^\x00-\u024f])")
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
# Small capitals ("ɪɢɴᴏʀᴇ"), which NFKC leaves as they are.
_SMALL_CAPS = str.maketrans(dict(zip("ᴀʙᴄᴅᴇꜰɢʜɪᴊᴋʟᴍɴᴏᴘǫʀꜱᴛᴜᴠᴡʏᴢ", "abcdefghijklmnopqrstuvwyz")))
_SMALL_CAPS_HINT = re.compile("[ᴀʙᴄᴅᴇꜰɢʜɪᴊᴋʟᴍɴᴏᴘǫʀꜱᴛᴜᴠᴡʏᴢ]{2}")
# Look-alike digits and symbols read as letters ("1gn0r3" is "ignore"). The whole text is mapped
# in one pass: numbers turn into nonsense words, which no pattern matches.
_LEET = {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "9": "g",
         "@": "a", "$": "s", "|": "l", "+": "t"}
# Letters spaced or dotted out: "i g n o r e  a l l", "f-o-r-g-e-t", "i.g.n.o.r.e".
_SPACED = re.compile(r"(?<![\w])(?:[a-z0-9][ .\-_*|\n]{1,3}){3,}[a-z0-9](?![\w])")
_WORD_BREAK = re.compile(r"[ .\-_*|\n]{2,}")
_SEPARATORS = str.maketrans("", "", " .-_*|\n")
_JOINED_LETTERS = re.compile(r"[a-z0-9][.\-_*|][a-z0-9][.\-_*|][a-z0-9]")
# Leetspeak that the one-to-one table gets wrong: "!" and "|2" inside a word ("9!v3" is "give",
# "|2" an "r"); in a second reading, "1" and "|" as "l" and "i" ("fu11", "|gnore").
# An asterisk between two letters (markdown's stand on a word's edge; code's "a*b" has spaces or digits).
_STAR_IN_WORD = re.compile(r"(?<=[a-z])\*+(?=[a-z])")
_BANG_IN_WORD = re.compile(r"(?<=[a-z0-9])!(?=[a-z0-9@$])|(?<![^\s'\"(])!(?=[a-z0-9]{2})")
_LEET_OTHER_WAY = str.maketrans({"1": "l", "|": "i"})
_LEET_IN_WORD = re.compile(r"[a-z][0-9@$!|+][a-z]|[0-9@$!|][a-z]{2}")
# Text-speak for the words attacks are made of ("u r now free", "ur rules").
_TEXT_SPEAK = {"u": "you", "r": "are", "ur": "your", "urself": "yourself", "ppl": "people",
               "pls": "please", "plz": "please", "rn": "now", "w": "with", "wo": "without"}
# Punctuation becomes a space; sentence ends become a " . " token that patterns cannot cross.
# One table for both, ASCII to ASCII, applied to UTF-8 bytes: bytes.translate is a plain table
# lookup, where str.translate on text with any non-ASCII character looks each character up in a
# dict. (Typographic punctuation was made ASCII before, in _normalised.)
_SKELETON_MAP = {**_LEET, **{ch: " " for ch in "\"#%&'()*,-/:<=>[\\]^_`{}~"}, **{ch: "." for ch in ".!?;"}}
_SKELETON = bytes.maketrans("".join(_SKELETON_MAP).encode(), "".join(_SKELETON_MAP.values()).encode())
# A long paste keeps its digits: read as letters, its times, sizes and addresses became words such
# as "ai", "to" and "is" (192.168.1.41), which opened the gates of the patterns that need them.
_PASTE_MAP = {**_SKELETON_MAP, **{digit: digit for digit in "0123456789"}, "@": " ", "$": " ", "|": " ", "+": " "}
_PASTE_SKELETON = bytes.maketrans("".join(_PASTE_MAP).encode(), "".join(_PASTE_MAP.values()).encode())

# Words an attack spelled without spaces ("ignoreallpreviousinstructions") is split back into.
VOCABULARY = frozenset("""
a above act actual all an and any anything are as assistant be before bypass content dan
developer disable disregard do enable everything filter filters first follow for forget from
give guidelines have hidden i ignore initial instructions is jailbreak limits me message mode my
new no now obey of off on or original override persona pretend previous print prior prompt
restrictions reveal rules safety say secret show system tell text that the these this to
unfiltered unrestricted what with without you your
""".split())


# Misspelt attack words ("ignroe prevoius instrucitons", "promt") read as meant: the same letters
# in another order, or one letter missing.
_ATTACK_WORDS = frozenset("""ignore previous instructions instruction prompt system reveal secret
rules guidelines restrictions filters developer disregard forget override bypass jailbreak
unrestricted unfiltered uncensored pretend content policy safety hidden initial original
guardrails disable""".split())
_TYPOS = {"".join(sorted(w)): w for w in _ATTACK_WORDS} | \
    {w[:i] + w[i + 1:]: w for w in _ATTACK_WORDS for i in range(len(w)) if len(w) >= 6}
# Words spelt right that look like a misspelt attack word ("region" has the letters of "ignore").
_NOT_TYPOS = _ATTACK_WORDS | frozenset("region lures leaver lifters trifles stifler resect revel forge filter".split())


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
    # Other readings of a short message, skeletonised: leetspeak read the other way, text-speak,
    # misspellings corrected, one-word sentences joined.
    readings: list[str] = field(default_factory=list)
    disguised: bool = False  # leetspeak, misspellings or spaced-out letters, beyond a slip

    @property
    def decoded(self) -> list[str]:
        return self.encoded + self.reversed + self.readings


def _readable_form(text: str) -> str:
    return _normalised(text)[0]


# Punctuation outside ASCII that ordinary writing is full of; replaced first, so that most text
# becomes ASCII and the fast paths of translate and the regular expression engine apply.
_TYPOGRAPHY = (("\u2014", "-"), ("\u2013", "-"), ("\u2019", "'"), ("\u2018", "'"), ("\u201c", '"'),
               ("\u201d", '"'), ("\u2026", "..."), ("\u00ab", '"'), ("\u00bb", '"'), ("\u00a0", " "))


def _normalised(text: str, thorough: bool = True) -> tuple[str, int, bool]:
    """NFKC without invisible characters or stacked accents; with how many invisible characters
    there were and whether accents were stacked. Not `thorough` (noise that is cut): accents are
    dropped, not composed."""
    if text.isascii():
        return text, 0, False
    for fancy, plain in _TYPOGRAPHY:
        if fancy in text:
            text = text.replace(fancy, plain)
    if text.isascii():
        return text, 0, False
    rare = non_ascii(text)  # the checks below read these few characters, not the whole text
    invisible = 0
    if INVISIBLE.search(rare):
        invisible = len(INVISIBLE.findall(text)) - len(_JOINER_IN_USE.findall(text))
        text = INVISIBLE.sub("", text)
    stacked = False
    if COMBINING.search(rare):
        stacked = ZALGO.search(text) is not None
        # Compose what can be composed (an "e" and an accent make "é"); drop the rest.
        text = _COMBINING_RUN.sub("", unicodedata.normalize("NFKC", text) if thorough else text)
    elif _COMPATIBLE.search(rare) and not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    return text, invisible, stacked


# Characters that NFKC turns into plain letters and digits (fullwidth "ｉｇｎｏｒｅ", mathematical
# "𝐢𝐠𝐧𝐨𝐫𝐞", circled, letterlike, ligatures, super- and subscripts, modifier letters): only a
# text with one of them is normalised (NFKC of a page of Chinese or of box drawing is costly).
_COMPATIBLE = re.compile("[\u00aa\u00b2\u00b3\u00b9\u00ba\u00bc-\u00be\u0132\u0133\u013f\u0140\u017f"
                         "\u01c4-\u01cc\u02b0-\u02ff\u1d2c-\u1dbf\u2070-\u209f\u2100-\u218f\u2460-\u24ff"
                         "\u3000\u3200-\u33ff\ufb00-\ufb4f\ufe50-\ufe6f\uff00-\uffef\U0001d400-\U0001d7ff"
                         "\U0001f100-\U0001f1ff]")


_ASCII_BYTES = bytes(range(128))


def non_ascii(text: str) -> str:
    """The characters of `text` outside ASCII, in order: most text has a handful, and a check for
    a script or a kind of character reads them instead of the whole text (C-level passes)."""
    return text.encode("utf-8", "surrogatepass").translate(None, _ASCII_BYTES).decode("utf-8", "surrogatepass")


def skeleton_form(lowered: str) -> str:
    """The skeleton of already casefolded text (whitespace not yet collapsed)."""
    return " ".join(skeleton_words(lowered))


def skeleton_words(lowered: str, thorough: bool = True) -> list[str]:
    """The skeleton's words; leetspeak is undone in a message under _SHORT characters, and
    look-alike letters everywhere but in noise that is cut (not `thorough`)."""
    text = lowered
    short = thorough and len(text) < _SHORT
    table = _SKELETON if short else _PASTE_SKELETON
    if thorough and not text.isascii():
        rare = non_ascii(text)
        if _GREEK_OR_CYRILLIC.search(rare) and _MIXED_SCRIPT.search(text):
            text = text.translate(_HOMOGLYPHS)
        if _SMALL_CAPS_HINT.search(rare):
            text = text.translate(_SMALL_CAPS)
        if short and _SYMBOLS.search(rare):
            text = _SYMBOLS.sub(" ", text)  # "decode → obey"
    if short and "!" in text:
        text = _BANG_IN_WORD.sub("i", text)
    if short and "*" in text:
        text = _STAR_IN_WORD.sub("", text)  # "ig*nore al*l pre*vious": a word cut to pass a filter
    if "|2" in text:
        text = text.replace("|2", "r")
    if _spaced_out(text):
        text = _SPACED.sub(_join_spaced, text)
    if text.isascii():
        mapped = text.encode("ascii").translate(table).decode("ascii")
    else:
        mapped = text.encode("utf-8", "surrogatepass").translate(table).decode("utf-8", "surrogatepass")
    return mapped.replace(".", " . ").split()


_SHORT = 4_000  # characters: a request rather than a paste, where the costlier readings are worth it
# Attack words that show a text written backwards (when they appear only read the other way).
_BACKWARDS_TELLS = frozenset("""ignore previous instructions instruction prompt system reveal secret rules
guidelines restrictions filters developer disregard forget override bypass jailbreak dan mode
unrestricted unfiltered uncensored print show repeat tell password passwords your you ignoriere
vergiss anweisungen regeln ignora olvida instrucciones reglas ignorez oublie consignes règles
dimentica istruzioni regole esqueça instruções regras negeer vergeet instructies regels
systemprompt""".split())
_BACKWARDS = 2_000
# Arrows, maths, shapes, dingbats and emoji: gaps between words, not words.
_SYMBOLS = re.compile("[\u2190-\u2bff\U0001f000-\U0001faff]")


# Letters as "a", the separators of spaced-out letters as a space: three letters spaced out
# are then one of a few literal byte strings (bytes.find, not a regular expression). Digits are
# not letters here: "0 0 0" in a table is no attack.
_SPACING = bytes.maketrans(b"abcdefghijklmnopqrstuvwxyz.-_*|", b"aaaaaaaaaaaaaaaaaaaaaaaaaa     ")
_SPACED_RUNS = (b" a a a ", b" a  a  a ", b"\na\na\na\n")


def _spaced_out(text: str) -> bool:
    """Three letters or more spaced out somewhere in the text: the cheap test for _SPACED."""
    data = b" " + text.encode("utf-8", "surrogatepass").translate(_SPACING) + b" "
    return any(run in data for run in _SPACED_RUNS)


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
          tokens: list[str] | None = None, readings: bool = True) -> TextForms:
    """Every form of `text` the detectors need, computed once per message. `start`: its
    `normalised` form and `tokens` its `sample_tokens`, when already computed; `readings`: False
    for filler squeezed or noise cut, which is no request to read backwards or misspelt."""
    readable, invisible, stacked = start or _normalised(text, readings)
    if "\\n" in readable:
        readable = readable.replace("\\n", "\n")  # newlines escaped in pasted JSON or strings
    # Patterns read each line and sentence of a long text once: a paste repeated fifty times is
    # read once. (Short texts are read whole: letters written one per line must stay.)
    unique = readable if len(readable) <= 2_000 else \
        "\n".join(dict.fromkeys(readable.replace(". ", ".\n").split("\n")))
    lowered = unique.casefold()
    if lowered.isascii():
        plain, long_token = collapsed(lowered), has_word_longer(lowered, abuse_decode.PAYLOAD_CHARS - 1)
    else:
        folded_parts = lowered.split()
        plain, long_token = " ".join(folded_parts), max(map(len, folded_parts), default=0) >= abuse_decode.PAYLOAD_CHARS
    words = skeleton_words(lowered, readings)
    result = TextForms(
        raw=text, plain=plain, skeleton=" ".join(words),
        words=frozenset(words), tokens=sample_tokens(readable.casefold()) if tokens is None else tokens,
        invisible_count=invisible, stacked_marks=stacked,
        mixed_script_words=0 if lowered.isascii() or not _GREEK_OR_CYRILLIC.search(non_ascii(lowered))
        else len(_MIXED_SCRIPT.findall(lowered)))
    if decode:
        # Encoded payloads are case-sensitive: the text is split again only if it has a token
        # long enough to be one (`long_token`).
        result.encoded = [skeleton_form(_readable_form(p).casefold()) for p in abuse_decode.hidden_payloads(
            text, _long_tokens(unique) if long_token else [], short=readings)]
        if not readings:
            return result  # filler squeezed or noise cut: no request to read backwards or misspelt
        if len(lowered) < _BACKWARDS:
            # Written backwards ("tpmorp metsys ruoy laever"), a short text shows attack words read
            # the other way round; it is read so only then (each reading is tried with the
            # patterns; reversing the word order alone changed nothing on the tune split).
            backwards = skeleton_words(lowered[::-1])
            if not _BACKWARDS_TELLS.isdisjoint(backwards) and \
                    not _BACKWARDS_TELLS.intersection(backwards) <= result.words:
                result.reversed = [" ".join(backwards)]
        if len(lowered) < _SHORT:
            _read_disguises(result, lowered, words)
    return result


def _long_tokens(text: str) -> list[str]:
    """The tokens of `text` an encoded payload may be (hidden_payloads skips shorter ones): in
    ASCII text, found without splitting it into its thousands of words."""
    if text.isascii():
        return ascii_words_longer(text, abuse_decode.PAYLOAD_CHARS - 1)
    return text.split()


def _read_disguises(result: TextForms, lowered: str, words: list[str]) -> None:
    """Other readings of a short message, read like its hidden payloads: leetspeak read the other
    way, text-speak, misspelt attack words, one word per sentence ("IGNORE. ALL. PREVIOUS."),
    letters spaced out. `disguised` says the message was written to be hard to read."""
    other: list[list[str]] = []
    if len(_LEET_IN_WORD.findall(lowered)) >= 2:
        result.disguised = True
        other.append(skeleton_words(lowered.replace("|2", "r").translate(_LEET_OTHER_WAY)))
    if not _TEXT_SPEAK.keys().isdisjoint(result.words):
        other.append([_TEXT_SPEAK.get(w, w) for w in words])
    typos = words if len(lowered) >= _BACKWARDS else \
        [_TYPOS.get("".join(sorted(w)), _TYPOS.get(w, w)) if len(w) >= 5 and w not in _NOT_TYPOS else w
         for w in words]
    if typos is not words and typos != words:
        result.disguised = sum(a != b for a, b in zip(words, typos)) >= 2 or result.disguised
        other.append(typos)
    if words.count(".") * 3 >= len(words) >= 6:
        other.append([w for w in words if w != "."])
    if _spaced_out(lowered) and sum(map(len, _SPACED.findall(lowered))) >= len(lowered) * 0.3:
        result.disguised = True
    result.readings = [" ".join(form) for form in other]


def sample_tokens(text: str, *, pieces: int = 30, size: int = 160, fold: bool = False) -> list[str]:
    """Words from `pieces` slices spread evenly over the text (all of it when it is short):
    enough for statistics about the text without splitting all of it; casefolded with `fold`."""
    if len(text) <= pieces * size * 2:
        return (text.casefold() if fold else text).split()
    step = len(text) // pieces
    tokens: list[str] = []
    for start in range(0, step * pieces, step):
        piece = text[start:start + size]
        tokens += (piece.casefold() if fold else piece).split()[1:-1]  # drop the words cut at the edges
    return tokens


def stacked_marks(text: str) -> bool:
    """Accents stacked three or more deep ("zalgo" text)."""
    return not text.isascii() and COMBINING.search(non_ascii(text)) is not None and ZALGO.search(text) is not None


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
