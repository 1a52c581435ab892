"""The thresholds of the abuse verdict (services/abuse): repetition, filler and random pastes,
huge pastes and automation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta


@dataclass(frozen=True)
class Policy:
    """Thresholds; the defaults were tuned on the tune split of bench/data/abuse_eval.jsonl."""

    repeat_window: timedelta = timedelta(minutes=10)
    repeats_for_cache: int = 2  # the same question this many times before → answer from cache
    repeats_for_block: int = 5
    filler_min_chars: int = 200
    # zlib output below this share of the input, plus a fixed overhead, is filler: a flood of one
    # line compresses to 1-3%; logs, manifests and email threads with quoted replies to 8% and up.
    filler_max_compression: float = 0.05
    filler_overhead_bytes: int = 40  # what a short flood costs zlib however often it repeats
    filler_min_words: int = 150
    filler_max_distinct: float = 0.1  # share of distinct words (in a sample) below this is filler
    random_min_chars: int = 2_000
    random_min_share: float = 0.4  # share of letter-and-digit tokens ("x9qk2") in random text
    random_keep_chars: int = 2_000
    noise_min_chars: int = 500  # shorter noise costs little; its statistics would be shaky too
    paste_chars: int = 24_000  # a "huge paste" (about 6k tokens)
    # What a free-tier message is cut to, when it is a paste its question does not need (a page of
    # logs and "lol") or longer than free_max_chars (about 12k tokens) whatever it asks.
    free_paste_chars: int = 16_000
    free_max_chars: int = 48_000
    huge_pastes_for_throttle: int = 3
    automation_min_messages: int = 6
    automation_max_cv: float = 0.08  # inter-arrival times this regular are a script
    new_conversations_burst: int = 6  # new conversations within two minutes


DEFAULT_POLICY = Policy()
