"""Learn chatapp/services/abuse_lexicon.json from the tune split (bench/data/abuse_eval.jsonl,
abuse_holdout.jsonl ... abuse_holdout6.jsonl: abuse_eval's TUNE_FILES; never from the blind
holdout7). The lexicon in the repository was last trained on the six tune files of round 6
(holdout5 among them, before holdout6 joined), after round 6 changed what a framed paste's
document leaves out.

    .venv/bin/python bench/train_abuse_lexicon.py

Attacks are the jailbreak, injection and obfuscation messages (their hidden payloads decoded);
every benign message is a counter-example. The threshold is the lowest score at which, in 5-fold
cross-validation on the training rows, at most MAX_BENIGN_FLAGGED of benign messages would be
flagged. Prints the cross-validated figures; writes the model trained on the whole split.
(bench/abuse_cv.py cross-validates the whole detector with models fitted here on part of the
split.)
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.abuse_eval import tune_rows  # noqa: E402
from chatapp.services import abuse, abuse_lexicon, abuse_text  # noqa: E402

ATTACKS = {"jailbreak", "injection", "obfuscation"}
MAX_BENIGN_FLAGGED = 0.008  # the warning threshold
FOLDS = 5


def doc_features(text: str) -> set[str]:
    return abuse.lexicon_document(abuse_text.forms(text))


def labelled(rows: list[dict], docs: dict[str, set[str]] | None = None) -> list[tuple[set[str], bool]]:
    """(features, is an attack) for the rows the lexicon learns from: written attacks and every
    benign message. `docs`: features already computed, by row id."""
    return [((docs or {}).get(r["id"]) or doc_features(r["text"]), r["category"] in ATTACKS)
            for r in rows if r["label"] == "benign" or r["category"] in ATTACKS]


def fit(data: list[tuple[set[str], bool]], *, verbose: bool = False) -> dict:
    """The model trained on all of `data`, with the threshold from 5-fold cross-validation on it."""
    data = list(data)
    random.Random(7).shuffle(data)
    scored: list[tuple[float, bool]] = []
    for fold in range(FOLDS):
        test = data[fold::FOLDS]
        train = [d for i, d in enumerate(data) if i % FOLDS != fold]
        model = abuse_lexicon.train([f for f, a in train if a], [f for f, a in train if not a])
        scored += [(abuse_lexicon.score(model, f), a) for f, a in test]
    benign = sorted((s for s, a in scored if not a), reverse=True)
    attacks = [s for s, a in scored if a]
    threshold = benign[int(len(benign) * MAX_BENIGN_FLAGGED)] + 0.01
    if verbose:
        recall = sum(s > threshold for s in attacks) / len(attacks)
        flagged = sum(s > threshold for s in benign) / len(benign)
        print(f"{FOLDS}-fold cross-validation on the tune split, threshold {threshold:.2f}: attacks over it "
              f"{recall:.1%}, benign over it {flagged:.1%} ({len(attacks)} attacks, {len(benign)} benign)")
    model = abuse_lexicon.train([f for f, a in data if a], [f for f, a in data if not a])
    model["threshold"] = round(threshold, 3)
    return model


def main() -> None:
    model = fit(labelled(tune_rows()), verbose=True)
    abuse_lexicon.MODEL_PATH.write_text(json.dumps(model, sort_keys=True, ensure_ascii=False) + "\n",
                                        encoding="utf-8")
    print(f"wrote {abuse_lexicon.MODEL_PATH.relative_to(ROOT)}: {len(model['weights'])} weights")


if __name__ == "__main__":
    main()
