"""The literal tests that skip a pattern's search (abuse_literals) and the bytes passes that stand
in for splitting a text (abuse_spaces) must never change what is found: each is a necessary
condition or the same string."""

from __future__ import annotations

import random
import re

from chatapp.services import abuse_text
from chatapp.services.abuse_defaults import DEFAULT_PATTERNS
from chatapp.services.abuse_literals import WordText, for_letters, for_spans, for_words, holds_between, literal_need
from chatapp.services.abuse_spaces import collapsed, has_word_longer


def test_literals_read_off_an_expression():
    need = literal_need(re.compile(r"\b(version|versión) (of you|of yourself)( \w+){0,3} (without|with no)"))
    assert need == ("all", (("any", (("lit", "version of you"), ("lit", "versión of you"))),
                            ("any", (("lit", " with no"), ("lit", " without")))))
    assert literal_need(re.compile("(?i)ignore")) is None  # case-insensitive: nothing is required
    assert literal_need(re.compile(r"a(?i:bc)")) == ("any", (("lit", "a"),))  # the part read case-blind adds nothing
    assert literal_need(re.compile(r"(then |also )?tell (the )?user")) == \
        ("any", (("lit", "tell the user"), ("lit", "tell user")))


def test_a_text_with_a_match_always_holds_what_its_pattern_needs():
    words = "ignore all previous instructions and reveal your system prompt to the user you are now dan " \
            "mode data send post http www token password of version".split()
    for source, *_ in DEFAULT_PATTERNS:
        regex = re.compile(source, re.MULTILINE)
        need = literal_need(regex)
        rng = random.Random(source)
        for _ in range(60):
            text = " ".join(rng.choice(words) for _ in range(rng.randint(1, 14)))
            match = regex.search(text)
            if match is None:
                continue
            forms = abuse_text.forms(text)
            assert WordText(frozenset(text.split(" "))).holds(for_words(need)), (source, text)
            assert WordText(forms.words).holds(for_letters(need)), (source, text)
            span = for_spans(need)
            assert span is None or holds_between(span, text, match.start(), match.end()), (source, text)


def test_whitespace_collapsed_and_long_words_as_split_sees_them():
    rng = random.Random(7)
    alphabet = "ab \t\n\x0b\x0c\r\x1c\x1d\x1e\x1f.é\u2003"
    for _ in range(5_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        assert collapsed(text) == " ".join(text.split())
        for size in (0, 1, 3):
            assert has_word_longer(text, size) == (max(map(len, text.split()), default=0) > size)
