"""abuse_runs.squeeze_runs must squeeze exactly what the regular expression it speeds up does."""

import random

import pytest

from chatapp.services.abuse_runs import RUN, any_runs, squeeze_runs


def _by_the_engine(word: str) -> str:
    return RUN.sub(lambda match: match.group(1) * 3, word)


@pytest.mark.parametrize("alphabet", ["01", "ab", "abc", "aab", "0123456789", "xyzw", "ab ", "a"])
def test_random_words_are_squeezed_as_the_engine_squeezes_them(alphabet):
    chance = random.Random(alphabet)
    for _ in range(1_500):
        word = "".join(chance.choice(alphabet) for _ in range(chance.randint(1, 300)))
        if chance.random() < 0.4:  # a planted run of a piece up to nine characters long
            piece = "".join(chance.choice("abcdefghij") for _ in range(chance.randint(1, 9)))
            word += piece * chance.randint(1, 12) + word[:chance.randint(0, 30)]
        assert squeeze_runs(word) == _by_the_engine(word), word


def test_long_filler_is_squeezed_to_three_pieces():
    assert squeeze_runs("ha" * 500) == "hahaha"
    assert squeeze_runs("x" + "lol " * 40 + "y" * 100) == "x" + "lol " * 3 + "yyy"


def test_a_piece_longer_than_eight_characters_is_no_run():
    word = "<|endoftext|>" * 200
    assert squeeze_runs(word) == word == _by_the_engine(word)


def test_a_word_of_random_digits_keeps_what_is_not_a_run():
    word = "".join(random.Random(7).choice("01") for _ in range(12_288))
    squeezed = squeeze_runs(word)
    assert squeezed == _by_the_engine(word)
    assert "0000" not in squeezed and "1111" not in squeezed and len(squeezed) < len(word)


def test_text_outside_ascii_takes_the_engine():
    word = "é" * 100 + "ab" * 50
    assert squeeze_runs(word) == "ééé" + "ababab"


def test_any_runs_says_whether_squeezing_changes_a_word():
    chance = random.Random(3)
    for _ in range(2_000):
        words = ["".join(chance.choice("abcd") for _ in range(chance.randint(13, 40)))
                 for _ in range(chance.randint(1, 6))]
        assert any_runs(words) == any(squeeze_runs(word) != word for word in words), words
    assert not any_runs([])
    assert any_runs(["implementation", "hahahahahahaha"])
    assert not any_runs(["implementation", "configuration", "ümlautsäöüßéè"])
    assert any_runs(["ééééééééééééé"])


def test_floods_of_one_character_are_squeezed_as_the_engine_squeezes_them():
    chance = random.Random(11)
    for _ in range(3_000):
        word = "".join(chance.choice("aAh!") * chance.choice([1, 2, 3, 4, 5, 7, 9, 20])
                       for _ in range(chance.randint(1, 40)))
        if chance.random() < 0.2:
            word += "xy" * chance.randint(1, 8)
        assert squeeze_runs(word) == _by_the_engine(word), word
    assert squeeze_runs("a" * 5_000 + "b" * 7 + "!" * 3) == "aaabbb!!!"
    assert squeeze_runs("x" * 32_768) == "xxx" == _by_the_engine("x" * 64)
