"""Abuse detector quality and speed on the labelled sets in bench/data.

    .venv/bin/python bench/abuse_eval.py [--split holdout7|tune]

The tune split is what the patterns, thresholds and learned weights are tuned on:
bench/data/abuse_eval.jsonl (719 messages), bench/data/abuse_holdout.jsonl (705, the first blind
holdout), bench/data/abuse_holdout2.jsonl (733, the second), bench/data/abuse_holdout3.jsonl
(735, the third), bench/data/abuse_holdout4.jsonl (740, the fourth),
bench/data/abuse_holdout5.jsonl (741, the fifth) and bench/data/abuse_holdout6.jsonl (746, the
sixth); each holdout was measured blind and then made tuning data. The holdout7 split
(bench/data/abuse_holdout7.jsonl, 770 messages) is the blind set: written by someone who never saw
the detector, it is the default, and is measured once by the maintainer, at the end of the next
tuning round. Reading its texts or tuning on it would make its figures meaningless.

Every message is judged as the free tier's (`abuse.assess(..., free_tier=True)`, attacks and
benign alike): context-window abuse is defined for the free tier ("huge pastes over and over on a
free tier"), where a paste far beyond what its question needs is cut; paid plans may send what they
pay for. (Until holdout3 the eval judged messages as a paid plan's; no message has a history.)

Per category: how many attacks were warned or blocked (any verdict but allow), how many benign
messages were blocked (block, throttle) or warned (any other verdict but allow); and the p50 /
p99 time of one verdict on every message and on 4,096-token inputs. Prints figures; asserts nothing.
Targets: >= 90% of attacks flagged, <= 2% of benign blocked, <= 5% warned, <= 1 ms p99.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from chatapp.services import abuse  # noqa: E402
from chatapp.services.abuse import Action  # noqa: E402
from chatapp.services import tokens  # noqa: E402
from chatapp.services.abuse_defaults import DEFAULT_PATTERNS  # noqa: E402

BLOCKING = {Action.BLOCK, Action.THROTTLE}
TUNE_FILES = ("abuse_eval.jsonl", "abuse_holdout.jsonl", "abuse_holdout2.jsonl", "abuse_holdout3.jsonl",
              "abuse_holdout4.jsonl", "abuse_holdout5.jsonl", "abuse_holdout6.jsonl")
BLIND_FILE = "abuse_holdout7.jsonl"
FREE_TIER = True  # every message judged as the free tier's (see the docstring)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--split", choices=["holdout7", "tune"], default="holdout7")
    args = parser.parse_args()
    if args.split == "tune":
        rows = tune_rows()
    elif (ROOT / "bench/data" / BLIND_FILE).exists():
        rows = _read(BLIND_FILE)
    else:
        sys.exit(f"bench/data/{BLIND_FILE} is missing: the blind split is written apart from the "
                 "detector and added by the maintainer, who measures it once. "
                 "Use --split tune for the tuning data.")
    patterns = abuse.compile_patterns((None, p, kind, action) for p, kind, _s, action in DEFAULT_PATTERNS)
    by_category: dict[str, list[Action]] = defaultdict(list)
    for row in rows:
        by_category[(row["label"], row["category"])].append(abuse.assess(row["text"], patterns=patterns, free_tier=FREE_TIER).action)
    print(f"Abuse detector on the {args.split} split ({len(rows)} messages)")
    print("| label | category | n | flagged (warn..block) | blocked | warned |")
    print("|---|---|---|---|---|---|")
    totals = defaultdict(lambda: [0, 0, 0, 0])
    for (label, category), actions in sorted(by_category.items()):
        flagged = sum(a != Action.ALLOW for a in actions)
        blocked = sum(a in BLOCKING for a in actions)
        warned = flagged - blocked
        total = totals[label]
        total[0] += len(actions)
        total[1] += flagged
        total[2] += blocked
        total[3] += warned
        print(f"| {label} | {category} | {len(actions)} | {flagged / len(actions):.0%} | "
              f"{blocked / len(actions):.0%} | {warned / len(actions):.0%} |")
    for label, (n, flagged, blocked, warned) in sorted(totals.items()):
        print(f"| {label} | **all** | {n} | **{flagged / n:.1%}** | **{blocked / n:.1%}** | **{warned / n:.1%}** |")
    _latency("every message of the split", [r["text"] for r in rows], patterns)
    _latency("4,096-token inputs (every message of 4k+ tokens in the set, cut to 4,096)",
             four_k_inputs(rows), patterns)


def tune_rows() -> list[dict]:
    """Every message of the tune split (what bench/train_abuse_lexicon.py learns from too)."""
    return [row for name in TUNE_FILES for row in _read(name)]


def _read(name: str) -> list[dict]:
    with (ROOT / "bench/data" / name).open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines]


def four_k_inputs(rows: list[dict]) -> list[str]:
    encoding = tokens.get_encoding("o200k_base")
    inputs = []
    for row in rows:
        ids = encoding.encode(row["text"], disallowed_special=())
        if len(ids) >= 4_096:
            inputs.append(encoding.decode(ids[:4_096]))
    return inputs


def _latency(label: str, texts: list[str], patterns, rounds: int = 20) -> None:
    """One verdict per text, `rounds` times over; wall-clock per verdict, garbage collector on,
    and the thread's CPU time (less disturbed by other work on a busy machine)."""
    for text in texts[:5]:
        abuse.assess(text, patterns=patterns, free_tier=FREE_TIER)  # warm up caches and the regex engine
    times, cpu = [], []
    for _ in range(rounds):
        for text in texts:
            started, started_cpu = time.perf_counter(), time.thread_time()
            abuse.assess(text, patterns=patterns, free_tier=FREE_TIER)
            cpu.append(time.thread_time() - started_cpu)
            times.append(time.perf_counter() - started)
    times.sort()
    cpu.sort()
    chars = sorted(len(t) for t in texts)
    print(f"\nLatency over {label}: {len(texts)} messages of {chars[0]:,}-{chars[-1]:,} characters, "
          f"x{rounds}: p50 {times[len(times) // 2] * 1000:.3f} ms, "
          f"p99 {times[int(len(times) * 0.99)] * 1000:.3f} ms, max {times[-1] * 1000:.3f} ms "
          f"(CPU p50 {cpu[len(cpu) // 2] * 1000:.3f} ms, p99 {cpu[int(len(cpu) * 0.99)] * 1000:.3f} ms)")

if __name__ == "__main__":
    main()
