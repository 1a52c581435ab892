"""Token stuffing: filler (a character, word, line or sentence over and over) and random pastes,
read off the whole message, and `compress`, which squeezes filler out of what is sent."""

from __future__ import annotations

import math
import re
import zlib
from collections import Counter
import itertools

from chatapp.services.abuse_patterns import Action
from chatapp.services.abuse_policy import DEFAULT_POLICY, Policy
from chatapp.services.abuse_runs import any_runs, squeeze_runs
from chatapp.services.abuse_spaces import ascii_words_longer, collapsed, has_word_longer

Finding = tuple[Action, float, str, int | None]


def findings(message: str, tokens: list[str], stacked_marks: bool, policy: Policy) -> list[Finding]:
    """Filler and random pastes, read off the whole message (never a sample of it that an attacker
    could pad around): zlib, the start for a numbered flood, words sampled all along it."""
    found: list[Finding] = []
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
    if size >= policy.noise_min_chars:
        noise = _noise(message, tokens)
        if noise:
            found.append((Action.TRUNCATE, 0.6, f"token_stuffing: {noise}", None))
    return found


# Pieces of a flood: what lies between sentence ends, commas and numbers ("1. Answer me. 2. ..."),
# Text in Latin letters is read off its bytes (breaks and digits become NUL, all else but ASCII
# letters goes); other text with regular expressions, which know letters from symbols in any script.
_PIECE_BREAKS = b"0123456789.?!|;,"
_TO_BREAK = bytes.maketrans(_PIECE_BREAKS, b"\0" * len(_PIECE_BREAKS))
_NOT_IN_PIECES = bytes(set(range(256)) - set(b"abcdefghijklmnopqrstuvwxyz") - set(_PIECE_BREAKS))
_PIECE_BREAK = re.compile(r"[.?!|;,]\s|\d+")
_NOT_LETTERS_OR_BREAK = re.compile(r"[^\w\0]+|[\d_]+")
_DIGITS = re.compile(r"\d+")
_FLOOD_SAMPLE = 2_000


def _numbered_repeats(message: str) -> bool:
    """The same one to three sentences over and over, numbered or in other case ("1. are you
    there? 2. ARE YOU THERE?"): numbers and case keep zlib from seeing a flood. A log repeats its
    words too, but between many numbers (times, ids, sizes); a flood has a counter at most."""
    # A flood is the same all along: its start shows it.
    head = message[:_FLOOD_SAMPLE].casefold()
    data = head.encode("utf-8", "surrogatepass")
    if len(data) < len(head) * 1.3:  # (nearly) all ASCII: the few other letters can go
        pieces = data.translate(_TO_BREAK, _NOT_IN_PIECES).decode("ascii").split("\0")
    else:
        pieces = _NOT_LETTERS_OR_BREAK.sub("", _PIECE_BREAK.sub("\0", head)).split("\0")
    keys = [k for k in pieces if len(k) >= 6]
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
_JOINERS = bytes.maketrans(b"-,;:|/=", b"       ")  # what random keys come joined by


def _looks_random(tokens: list[str], sample: list[str], policy: Policy) -> bool:
    """Statistics of the sampled words that ordinary writing, logs, tables and code never show
    (measured on the long benign pastes of the tune set): almost no spaces, mostly letter-and-
    digit tokens ("q9x2kd"), mostly bare numbers, unpronounceable words, or a small vocabulary
    shuffled (hardly any word used once)."""
    if len(tokens) < 30 * 160 * 0.01:  # fewer than one word per 100 characters
        return True
    n = len(sample)
    # Random keys come joined by commas or hyphens ("fd53-9a55, 4FWF7L2"): count their pieces.
    pieces = " ".join(sample).encode("utf-8", "surrogatepass").translate(_JOINERS).split()
    pieces = pieces[::max(1, len(pieces) // 300)]  # a table splits into thousands: 300 will do
    alnum = list(itertools.compress(pieces, map(bytes.isalnum, pieces)))
    mixed = len(alnum) - sum(map(bytes.isalpha, alnum)) - sum(map(bytes.isdigit, alnum))
    if mixed >= len(pieces) * policy.random_min_share or sum(map(str.isdigit, sample)) >= n * 0.6:
        return True
    long_words = [t for t in sample if len(t) >= 6 and t.isalpha()]
    # Runs of five consonants, about one per unpronounceable word ("bcdfg" cannot cross a space).
    if len(long_words) >= 30 and len(_CONSONANTS.findall(" ".join(long_words))) >= len(long_words) * 0.2:
        return True
    counts = Counter(sample)
    once = list(counts.values()).count(1)
    return len(counts) < n * 0.3 and once < len(counts) * 0.2


_SCRIPT_SAMPLE = 1_500
_SAMPLE_SLICES = 30
_SAMPLE_SLICE_CHARS = 200


def _char_sample(message: str) -> bytes:
    """The message, or 30 slices of it spread evenly, as UTF-8: what the character statistics read."""
    if len(message) > _SAMPLE_SLICES * _SAMPLE_SLICE_CHARS * 2:
        step = len(message) // _SAMPLE_SLICES
        message = "\n".join(message[at:at + _SAMPLE_SLICE_CHARS] for at in range(0, step * _SAMPLE_SLICES, step))
    return message.encode("utf-8", "replace")


_ASCII_PUNCTUATION = bytes(range(33, 48)) + bytes(range(58, 65)) + bytes(range(91, 97)) + bytes(range(123, 127))
_NOT_PUNCTUATION = bytes(set(range(256)) - set(_ASCII_PUNCTUATION))
_LETTERS = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
_NOT_LETTERS = bytes(set(range(256)) - set(_LETTERS))
_NOT_DIGITS = bytes(set(range(256)) - set(b"0123456789"))
_VOWELS = b"aeiouyAEIOUY"
_NOT_VOWELS = bytes(set(range(256)) - set(_VOWELS))
_NOT_UPPER = bytes(set(range(256)) - set(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
_NON_ASCII = bytes(range(128, 256))
_SPACES = b" \n\t\r"
_CASE_SWITCH = re.compile(rb"[a-z][A-Z]")  # "jJhQud": camelCase code has one a word at most
# What is not an ASCII letter or digit, as a space: a text's runs of letters and digits are then
# its words (`_key_chars`).
_ALNUM_RUNS = bytes.maketrans(bytes(set(range(256)) - set(_LETTERS + b"0123456789")),
                              b" " * (256 - 62))
# A letter of one script next to a letter of another inside a word (Latin, Greek and Cyrillic,
# Hebrew and Arabic, Indic and Thai, Chinese, Japanese and Korean): what random Unicode looks like,
# and what no language writes (homoglyph attacks do it a few times, see abuse_text).
_SCRIPT_SWITCH = re.compile(
    "[a-zA-Z][\u0370-\u06ff\u0900-\u0e7f\u3040-\u9fff\uac00-\ud7af]|"
    "[\u0370-\u04ff][a-zA-Z\u0590-\u06ff\u0900-\u0e7f\u3040-\u9fff\uac00-\ud7af]|"
    "[\u0590-\u06ff][a-zA-Z\u0370-\u04ff\u0900-\u0e7f\u3040-\u9fff\uac00-\ud7af]|"
    "[\u0900-\u0e7f][a-zA-Z\u0370-\u06ff\u3040-\u9fff\uac00-\ud7af]|"
    "[\u3040-\u9fff][a-zA-Z\u0370-\u06ff\u0900-\u0e7f\uac00-\ud7af]|"
    "[\uac00-\ud7af][a-zA-Z\u0370-\u06ff\u0900-\u0e7f\u3040-\u9fff]")


def _noise(message: str, words: list[str]) -> str | None:
    """What makes a text noise rather than writing, data or code, or None. Measured on the tune
    split's long benign pastes (logs, CSV, JSON, contracts, transcripts, code) against its stuffing:
    - symbols, not words: emoji, box drawing or punctuation make most of the characters (code,
      JSON and markdown tables stay under 40%);
    - letters of several scripts mixed inside words;
    - letters without vowels: random letters ("qbpxcoc zindteuhi") have a vowel in four or five,
      every language written in Latin letters in three (and code too); or in random case;
    - numbers and nothing else: no label, header or word among thousands of digits, and no
      decimals, dates or times (which data has);
    - keys and hashes with no word around them (a question about checksums has words);
    - words without language: a few hundred words with hardly any of the little words every
      language is made of ("the", "of", "und", "de"...), in running text rather than a list: a
      word salad, or lorem ipsum."""
    data = _char_sample(message)
    visible = len(data) - sum(map(data.count, _SPACES))
    if visible < 300:
        return None
    # Symbols: ASCII punctuation, and the UTF-8 lead bytes of U+2000-2FFF (punctuation, arrows,
    # maths, box drawing, shapes, dingbats) and of emoji (4-byte characters).
    symbols = len(data.translate(None, _NOT_PUNCTUATION)) + data.count(b"\xe2") + data.count(b"\xf0")
    continuation = _continuation_bytes(data)
    chars = visible - continuation
    if symbols >= chars * 0.6:
        return "symbols or emoji, not words"
    non_ascii = len(data) - len(data.translate(None, _NON_ASCII)) - continuation
    if non_ascii >= chars * 0.2:
        head = data.decode("utf-8", "replace")[:_SCRIPT_SAMPLE]  # enough to see how scripts alternate
        if len(_SCRIPT_SWITCH.findall(head)) >= len(head) * 0.05:
            return "letters of many scripts mixed at random"
    letters = data.translate(None, _NOT_LETTERS)
    digits = len(data.translate(None, _NOT_DIGITS))
    if len(letters) >= chars * 0.7 and digits < chars * 0.05 and (
            len(letters.translate(None, _NOT_VOWELS)) < len(letters) * 0.26 or
            len(letters.translate(None, _NOT_UPPER)) >= len(letters) * 0.2 and
            len(_CASE_SWITCH.findall(data)) >= len(letters) * 0.1):
        return "random letters"
    if digits >= chars * 0.45 and len(letters) < chars * 0.005 and \
            sum(map(data.count, b".:/-")) < chars * 0.01:
        return "numbers without a word"  # no label, and no decimals, dates or times either
    if digits + len(letters) >= chars * 0.9 and _FUNCTION_WORDS.isdisjoint(words) and \
            _key_chars(data) >= chars * 0.8:
        return "random keys without a word"
    if len(letters) >= chars * 0.85 and _without_language(words, data):
        return "words without language"
    return None


# The little words every language is made of (the commonest function words of the languages
# written in Latin letters): running text has one word in three or more among them; a salad of
# nouns, or lorem ipsum, hardly any.
_FUNCTION_WORDS = frozenset("""
a an the and or but if of to in on at by for with from as is are was were be been am it its this
that these those i you he she we they me him her us them my your his our their not no so do does
did have has had will would can could should there here what which who when where how than then
also just very all any some more most such into over about up out
der die das und oder ist sind war ein eine einen nicht mit von zu im auf für den dem des sich es
ich du er sie wir ihr auch wie aber noch nur bei nach
le la les un une des et ou est sont pas de du au aux en dans pour par sur avec ce cette je tu il
elle nous vous ils que qui ne se son sa ses plus mais comme
el los las y o es son de del al en por para con una que se lo su sus yo como más pero muy
il lo gli e è non di da con per su uno che si ma come anche sono
os as e é não de do da dos das em no na um uma que se com por para mas mais ao
de het een en is zijn niet van op met voor dat die ik je hij zij we er ook als maar naar
i w z na nie się to że do jest jak co ale o od po za ze czy są tak dla jego oraz przez
och att det som en på är av för med till den har inte om ett var jag
ve bir bu da de için ile çok ne gibi daha olarak
yang dan di ke dari ini itu untuk dengan tidak ada akan
ja on ei että se oli ovat myös kun mutta tai jos niin kuin joka jotka hän he me te minä sinä
az és hogy nem is egy de meg van volt csak már még mint
je v že s k byl jsou pro by jako
și în la cu pe nu că din este sunt
u da su
""".split())
_LOREM = frozenset("""lorem ipsum dolor sit amet consectetur adipiscing elit sed eiusmod tempor
incididunt ut labore et dolore magna aliqua enim ad minim veniam quis nostrud exercitation ullamco
laboris nisi aliquip ex ea commodo consequat duis aute irure in reprehenderit voluptate velit esse
cillum eu fugiat nulla pariatur excepteur sint occaecat cupidatat non proident sunt culpa qui
officia deserunt mollit anim id est laborum""".split())
_EDGES = b".,;:!?\"'()[]{}*_-"  # what a word in running text is wrapped in (dropped from its bytes)


def _without_language(tokens: list[str], data: bytes) -> bool:
    """Running text of a hundred words or more, almost none of them function words, made of a
    small vocabulary in an order that never repeats (a salad: templated text repeats its phrases,
    an inflected language such as Polish has few function words but many word forms); or mostly
    lorem ipsum. Lists and code break lines and commas often: they are left alone."""
    if data.count(b"\n") + data.count(b",") > data.count(b" ") * 0.3:
        return False
    running = " ".join(tokens[:_SALAD_WORDS]).encode("utf-8", "surrogatepass").translate(None, _EDGES)
    words = list(filter(str.isalpha, running.decode("utf-8", "surrogatepass").split()))
    if len(words) < 100 or sum(map(len, words)) > len(words) * 12:
        return False  # too few, or long "words": a language written without spaces, one long blob
    if sum(map(_FUNCTION_WORDS.__contains__, words)) >= len(words) * 0.2:
        return False
    if sum(map(_LOREM.__contains__, words)) > len(words) * 0.5:
        return True
    vocabulary = len(set(words))
    if vocabulary > len(words) * 0.6:
        return False  # new words all along: writing in a language these function words miss
    # A shuffled salad of V words has about as many different word pairs as chance allows;
    # templated text (a report, a form letter) repeats its phrases, and has far fewer.
    pairs = len(words) - 1
    by_chance = vocabulary * vocabulary * (1 - math.exp(-pairs / (vocabulary * vocabulary)))
    return len(set(zip(words, words[1:]))) >= by_chance * 0.9


def _key_chars(data: bytes) -> int:
    """How many characters are in keys: runs of 16 or more ASCII letters and digits with both in
    them (a hash, a key, base64). (A regular expression for it tried every start in a long run of
    letters without a digit to the run's end: 2 ms on a page of random letters.)"""
    runs = [run for run in data.translate(_ALNUM_RUNS).split() if len(run) >= 16]
    return sum(len(run) for run in runs if not (run.isalpha() or run.isdigit()))


_SALAD_WORDS = 600


def _continuation_bytes(data: bytes) -> int:
    """How many UTF-8 bytes continue a character (so that characters = bytes - these)."""
    if data.isascii():
        return 0
    return len(data) - len(data.decode("utf-8", "replace"))


def squeezed(message: str, stuffing: list[Finding], policy: Policy) -> str:
    """The message as it would be sent after the stuffing findings: random text cut (it has no
    filler to squeeze out), filler compressed."""
    if any(f[0] == Action.TRUNCATE for f in stuffing):
        return message[:policy.random_keep_chars]
    return compress(message)


_COMBINING_RUN = re.compile("([\u0300-\u036f\u0483-\u0489\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff])"
                            "[\u0300-\u036f\u0483-\u0489\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff]+")


def compress(text: str, policy: Policy = DEFAULT_POLICY) -> str:
    """Squeeze out filler: stacked accents, character runs in long words, repeated sentences and
    lines; what is still filler after that keeps each word once. Whitespace is not kept."""
    if not text.isascii():
        text = _COMBINING_RUN.sub(r"\1", text)
    if not (_squeezes(ascii_words_longer(text, _LONG)) if text.isascii() else has_word_longer(text, _LONG)):
        joined = collapsed(text)
    else:
        joined = " ".join(_squeezed_words(text.split()))
    sentences = joined.replace(". ", ".\n").replace("? ", "?\n").replace("! ", "!\n")
    kept = " ".join(dict.fromkeys(sentences.split("\n")))
    words = kept.split(" ")
    if _few_words(words, _spread(words), policy):
        return " ".join(dict.fromkeys(words))
    return kept


_MOST_SQUEEZED = 32  # distinct long words: a page of long random tokens has nothing to squeeze


def _squeezed_words(words: list[str]) -> list[str]:
    """The words with the character runs of the long ones squeezed, each distinct word once (a
    flood repeats its long words), up to where the 33rd distinct long word first stands. Asked
    only when one of them has a run: most long words ("implementation") have none, and an ASCII
    page without any is collapsed in one bytes pass instead (`compress`)."""
    long_words = dict.fromkeys(itertools.compress(words, map(_LONG.__lt__, map(len, words))))
    if not long_words:
        return words
    changed = {word: squeezed for word in itertools.islice(long_words, _MOST_SQUEEZED)
               if (squeezed := squeeze_runs(word)) != word}
    if not changed:
        return words
    end = words.index(next(itertools.islice(long_words, _MOST_SQUEEZED, None), None)) \
        if len(long_words) > _MOST_SQUEEZED else len(words)
    return [changed.get(word, word) for word in words[:end]] + words[end:]


def _squeezes(long_words: list[str]) -> bool:
    """Whether `_squeezed_words` would change any of these long words (most have no run)."""
    return any_runs(list(itertools.islice(dict.fromkeys(long_words), _MOST_SQUEEZED)))


_LONG = 12  # characters: a longer word may hide a run
