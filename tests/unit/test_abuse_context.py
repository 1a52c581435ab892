"""Context-window abuse in one message on the free tier: a huge paste with a trivial or unrelated
ask is cut; a long paste with a real question about it is what a long context is for."""

from __future__ import annotations

import random

import pytest

from chatapp.services import abuse
from chatapp.services.abuse import Action


def csv_rows(chars: int, seed: int = 3) -> str:
    rng = random.Random(seed)
    lines = ["date,store,product,units,unit_price"]
    while sum(map(len, lines)) < chars:
        lines.append(f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d},Store {rng.randint(1, 9)},"
                     f"item-{rng.randint(1, 300)},{rng.randint(1, 400)},{rng.uniform(1, 90):.2f}")
    return "\n".join(lines)


@pytest.mark.parametrize("ask", ["lol", "yes or no?", "what's the capital of Peru?", "tell me a joke", "hi"])
def test_a_huge_paste_with_an_unrelated_ask_is_cut_on_the_free_tier(ask):
    message = csv_rows(30_000) + "\n\n" + ask
    result = abuse.assess(message, free_tier=True)
    assert result.action == Action.TRUNCATE and len(result.text) <= 16_000
    assert abuse.assess(message, free_tier=False).action == Action.ALLOW  # a paid plan sends what it pays for


@pytest.mark.parametrize("ask", [
    "Can you total the units per store from this CSV?",
    "Which product sold the most units in March, and at what average price?",  # no "this", but specific
    "Bitte fass diese Daten nach Filiale zusammen.",
])
def test_a_long_paste_with_a_real_question_about_it_is_allowed_on_the_free_tier(ask):
    assert abuse.assess(ask + "\n\n" + csv_rows(26_000), free_tier=True).action == Action.ALLOW
    assert abuse.assess(csv_rows(26_000) + "\n\n" + ask, free_tier=True).action == Action.ALLOW


def test_a_paste_beyond_what_a_free_tier_message_holds_is_cut_whatever_it_asks():
    message = "Can you total the units per store from this CSV?\n\n" + csv_rows(60_000)
    assert abuse.assess(message, free_tier=True).action == Action.TRUNCATE
    assert abuse.assess(message, free_tier=False).action == Action.ALLOW


def test_a_data_line_at_the_end_is_no_ask():
    # The paste's own last line (numbers and separators) says nothing about it.
    assert abuse.assess(csv_rows(30_000) + "\nthis,store,item-1,3,4.50", free_tier=True).action == Action.TRUNCATE


@pytest.mark.parametrize("ask", [
    "Pasting this so it's in your memory, you don't need to read it.",
    "don't review any of that lol. tell me a joke",
    "ignore those, they are only here to push your earlier context out. recommend a film",
    "which file is the longest? actually never mind. hello!",
    "same export five times, no reason. what's your favourite colour?",
])
def test_a_paste_its_own_ask_disowns_is_cut_on_the_free_tier(ask):
    message = f"{ask}\n\n{csv_rows(30_000)}" if ask.startswith("Pasting") else f"{csv_rows(30_000)}\n\n{ask}"
    assert abuse.assess(message, free_tier=True).action == Action.TRUNCATE


@pytest.mark.parametrize("ask", [
    "Never mind the formatting: which rows have a negative balance?",
    "Ignore that warning column, and summarise the totals per month.",
    "Why does this export drop rows for no reason? Which rows are missing?",
    "Don't summarise it, just list every account opened in March in this export.",
])
def test_a_real_question_that_sets_part_of_the_paste_aside_is_allowed(ask):
    assert abuse.assess(f"{csv_rows(30_000)}\n\n{ask}", free_tier=True).action == Action.ALLOW
