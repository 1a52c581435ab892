"""A learned second opinion for the abuse patterns: how much each word and word pair of a message's
skeleton speaks for an attack (jailbreak, extraction, injection) rather than an honest message.

Patterns catch the wordings they were written for; the weights catch paraphrases of them ("set
aside the guidance you were given"). They were learned (naive Bayes, presence of each feature,
Laplace smoothing) from the tune split (bench/data/abuse_eval.jsonl, abuse_holdout.jsonl,
abuse_holdout2.jsonl, abuse_holdout3.jsonl and abuse_holdout4.jsonl) by `bench/train_abuse_lexicon.py`, which also picked
the threshold by cross-validation, and are stored in abuse_lexicon.json. A score over the threshold is a warning (logged, answered): the
weights never stop a message.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path

MODEL_PATH = Path(__file__).with_name("abuse_lexicon.json")
MAX_WORDS = 400  # attacks state themselves early; a long paste is read by the patterns


def features(skeleton_words: list[str]) -> set[str]:
    """Words of five letters or more and adjacent word pairs of the first MAX_WORDS words (a pair
    across a sentence end includes the "." token, so it is a different feature). Short words count
    only in pairs: alone, "tell" and "me" weighed "tell me a poem" over the threshold (naive Bayes
    counts the same evidence three times). C-level set and map work only."""
    words = skeleton_words[:MAX_WORDS]
    found = {word for word in words if len(word) >= 5}
    found.update(map(" ".join, zip(words, words[1:])))
    return found


def train(attacks: list[set[str]], benign: list[set[str]], *, min_count: int = 2) -> dict:
    """Log-likelihood ratios of feature presence, with Laplace smoothing."""
    counts_a: dict[str, int] = {}
    counts_b: dict[str, int] = {}
    for doc in attacks:
        for f in doc:
            counts_a[f] = counts_a.get(f, 0) + 1
    for doc in benign:
        for f in doc:
            counts_b[f] = counts_b.get(f, 0) + 1
    weights = {}
    for f in set(counts_a) | set(counts_b):
        a, b = counts_a.get(f, 0), counts_b.get(f, 0)
        if a + b < min_count:
            continue
        w = math.log((a + 1) / (len(attacks) + 2)) - math.log((b + 1) / (len(benign) + 2))
        if abs(w) >= 0.5:
            weights[f] = round(w, 3)
    return {"weights": weights, "prior": round(math.log(len(attacks) / len(benign)), 3)}


def score(model: dict, doc: set[str]) -> float:
    """The prior and the weights of the document's features, scaled down for a document with
    more than EVIDENCE features: naive Bayes counts each of a long paste's many related features
    as new evidence, and a kind of paste the weights never saw (a transcript, a contract) would
    score as an attack on length alone (cross-validated by category on the tune split, benign
    long pastes: 64% over the threshold unscaled, 17% scaled)."""
    evidence = sum(filter(None, map(model["weights"].get, doc)))
    return model["prior"] + evidence * min(1.0, EVIDENCE / max(1, len(doc)))


EVIDENCE = 60  # features: a request of a few sentences has fewer


@lru_cache(maxsize=1)
def load() -> dict | None:
    """The stored model, or None when there is none (then this opinion is not asked)."""
    if not MODEL_PATH.exists():
        return None
    with MODEL_PATH.open(encoding="utf-8") as stored:
        return json.load(stored)
