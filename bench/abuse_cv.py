"""How far the abuse figures on the tune split can be trusted: the whole detector measured on
messages its learned weights were not trained on.

    .venv/bin/python bench/abuse_cv.py [--view folds|files|categories]

The patterns and thresholds were written while reading the tune split, so its in-sample figures
(bench/abuse_eval.py --split tune) flatter them; the learned weights (abuse_lexicon) can be kept
honest by training them without the messages they are measured on:

- folds: 5-fold cross-validation, each message judged with weights trained on the other four;
- files: each tune file judged with weights trained on the others (the closest to a blind
  holdout: each file was written separately, by someone who had not seen the others);
- categories: each category judged with weights trained without it (a kind of message never seen:
  how much the weights generalise, e.g. to role-play requests).

Each model is fitted as bench/train_abuse_lexicon.py does (threshold from its own training rows).
Prints the per-category table of each view; asserts nothing.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import defaultdict
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.abuse_eval import BLOCKING, FREE_TIER, TUNE_FILES, _read  # noqa: E402
from bench.train_abuse_lexicon import doc_features, fit, labelled  # noqa: E402
from chatapp.services import abuse, abuse_lexicon  # noqa: E402
from chatapp.services.abuse import Action  # noqa: E402
from chatapp.services.abuse_defaults import DEFAULT_PATTERNS  # noqa: E402

FOLDS = 5


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--view", choices=["folds", "files", "categories"], action="append")
    views = parser.parse_args().view or ["folds", "files", "categories"]
    rows = [dict(row, file=name) for name in TUNE_FILES for row in _read(name)]
    docs = {r["id"]: doc_features(r["text"]) for r in rows}
    patterns = abuse.compile_patterns((None, p, kind, action) for p, kind, _s, action in DEFAULT_PATTERNS)
    for view in views:
        held_out = _splits(rows, view)
        actions: dict[str, Action] = {}
        for test in held_out:
            test_ids = {r["id"] for r in test}
            model = fit(labelled([r for r in rows if r["id"] not in test_ids], docs))
            with mock.patch.object(abuse_lexicon, "load", return_value=model):
                for row in test:
                    actions[row["id"]] = abuse.assess(row["text"], patterns=patterns, free_tier=FREE_TIER).action
        _print(f"{view}: each message judged with learned weights trained without it", rows, actions)
        if view == "files":
            for name in TUNE_FILES:
                _print(f"files: {name} alone", [r for r in rows if r["file"] == name], actions, totals_only=True)


def _splits(rows: list[dict], view: str) -> list[list[dict]]:
    if view == "folds":
        shuffled = rows[:]
        random.Random(11).shuffle(shuffled)
        return [shuffled[fold::FOLDS] for fold in range(FOLDS)]
    key = "file" if view == "files" else "category"
    groups: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        groups[row[key]].append(row)
    return list(groups.values())


def _print(title: str, rows: list[dict], actions: dict[str, Action], *, totals_only: bool = False) -> None:
    by_category: dict[tuple[str, str], list[Action]] = defaultdict(list)
    for row in rows:
        by_category[(row["label"], row["category"])].append(actions[row["id"]])
    print(f"\n{title}\n| label | category | n | flagged | blocked | warned |\n|---|---|---|---|---|---|")
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for (label, category), found in sorted(by_category.items()):
        flagged = sum(a != Action.ALLOW for a in found)
        blocked = sum(a in BLOCKING for a in found)
        for i, value in enumerate((len(found), flagged, blocked)):
            totals[label][i] += value
        if not totals_only:
            print(f"| {label} | {category} | {len(found)} | {flagged / len(found):.0%} | "
                  f"{blocked / len(found):.0%} | {(flagged - blocked) / len(found):.0%} |")
    for label, (n, flagged, blocked) in sorted(totals.items()):
        print(f"| {label} | **all** | {n} | **{flagged / n:.1%}** | **{blocked / n:.1%}** | "
              f"**{(flagged - blocked) / n:.1%}** |")


if __name__ == "__main__":
    main()
