"""A steadier timing of the abuse verdict on abuse_eval's 4,096-token inputs than its one pass:
each input judged `--rounds` times, thread CPU time (other work on a shared machine disturbs it
less than wall-clock), and per input the median and the minimum of its rounds; p50 / p99 over the
inputs of each, and p50 / p99 over every single verdict as abuse_eval counts them.

    .venv/bin/python bench/abuse_speed.py [--rounds 30] [--root PATH]

`--root`: judge with the detector of another checkout (a worktree of an earlier commit), on the
same inputs, to compare before and after side by side.
"""

from __future__ import annotations

import argparse
import gc
import pickle
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
CACHE = Path("/tmp/abuse_4k_inputs.pickle")  # tokenising the split takes seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--root", type=Path, default=HERE.parent)
    args = parser.parse_args()
    sys.path.insert(0, str(args.root.resolve()))
    sys.path.insert(1, str(HERE))
    from chatapp.services import abuse
    from chatapp.services.abuse_defaults import DEFAULT_PATTERNS

    if CACHE.exists():
        texts = pickle.loads(CACHE.read_bytes())
    else:
        from abuse_eval import four_k_inputs, tune_rows
        texts = four_k_inputs(tune_rows())
        CACHE.write_bytes(pickle.dumps(texts))
    patterns = abuse.compile_patterns((None, p, kind, action) for p, kind, _s, action in DEFAULT_PATTERNS)
    for text in texts:
        abuse.assess(text, patterns=patterns, free_tier=True)  # warm caches and the regex engine
    per_text: list[list[float]] = [[] for _ in texts]
    for _ in range(args.rounds):
        for i, text in enumerate(texts):
            started = time.thread_time()
            abuse.assess(text, patterns=patterns, free_tier=True)
            per_text[i].append(time.thread_time() - started)
        gc.collect()
    every = sorted(t for times in per_text for t in times)
    medians = sorted(map(statistics.median, per_text))
    minima = sorted(map(min, per_text))
    print(f"{abuse.__file__}: {len(texts)} inputs x{args.rounds} rounds (thread CPU time, ms)")
    for label, values in (("every verdict", every), ("per-input median", medians), ("per-input min", minima)):
        print(f"  {label:17s} p50 {_at(values, 0.5):.3f}  p99 {_at(values, 0.99):.3f}  max {values[-1] * 1000:.3f}")


def _at(values: list[float], share: float) -> float:
    return values[min(len(values) - 1, int(len(values) * share))] * 1000


if __name__ == "__main__":
    main()
