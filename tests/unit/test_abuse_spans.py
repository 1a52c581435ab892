"""abuse_spans answers exactly what `find` answers, however often a literal is tested."""

import random

from chatapp.services import abuse_spans
from chatapp.services.abuse_literals import ALL, TEXT


def _find_holds(need, text, start, end):
    kind, parts = need
    if kind == TEXT:
        return text.find(parts, start, end) >= 0
    if kind == ALL:
        return all(_find_holds(p, text, start, end) for p in parts)
    return any(_find_holds(p, text, start, end) for p in parts)


def test_windows_agree_with_find_before_and_after_a_literal_is_listed():
    rng = random.Random(7)
    text = "".join(rng.choice("ab c") for _ in range(6_000)) + " user token " + "a" * 3_000
    needs = [(TEXT, "aba"), (TEXT, "aaa"), (TEXT, "user token"), (TEXT, "zzz"),
             (ALL, ((TEXT, "ab c"), (TEXT, "c a"))), (1, ((TEXT, "zzz"), (TEXT, "bab")))]
    spans = abuse_spans.Spans(text)
    for _ in range(3_000):  # far more windows than it takes to list a literal (or give up on it)
        start = rng.randrange(len(text))
        end = start + rng.randrange(1, 400)
        need = rng.choice(needs)
        assert spans.holds(need, start, end) == _find_holds(need, text, start, end)


def test_a_literal_overlapping_itself_is_found_in_a_window_that_holds_only_its_second_place():
    text = "xabababx"
    spans = abuse_spans.Spans(text)
    for _ in range(10):  # listed by now
        spans.holds((TEXT, "abab"), 0, len(text))
    assert spans.holds((TEXT, "abab"), 3, 7)
    assert not spans.holds((TEXT, "abab"), 4, 8)


def test_word_places_are_whole_words_and_the_text_is_read_once():
    text = "user users superuser a user."
    spans = abuse_spans.spans_of(text)
    assert spans.places("user") == [0, 23]
    assert abuse_spans.spans_of(text) is spans
    assert abuse_spans.spans_of("another text") is not spans
