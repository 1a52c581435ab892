"""Verdicts on the tune split, saved or compared: a speed change to the abuse detector must not
change a single one.

    .venv/bin/python bench/abuse_verdicts.py save /tmp/abuse_baseline.json
    .venv/bin/python bench/abuse_verdicts.py compare /tmp/abuse_baseline.json

Every message of the tune split (abuse_eval's TUNE_FILES, read the same way), and the 4,096-token
inputs abuse_eval times, are judged as abuse_eval judges them (the default patterns, the free tier). Per message it keeps the action, the
score rounded to 6 places, the sorted reasons, and, stricter than the verdict's headline, the
pattern ids, the fingerprint and a hash of the text that would be sent. `compare` prints every
message whose record differs and exits 1 if any does.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from abuse_eval import FREE_TIER, four_k_inputs, tune_rows

from chatapp.services import abuse
from chatapp.services.abuse_defaults import DEFAULT_PATTERNS


def verdicts() -> dict[str, list]:
    patterns = abuse.compile_patterns((None, p, kind, action) for p, kind, _s, action in DEFAULT_PATTERNS)
    rows = tune_rows()
    texts = {f"{number}:{row['id']}": row["text"] for number, row in enumerate(rows)}
    texts |= {f"4k:{number}": text for number, text in enumerate(four_k_inputs(rows))}
    records = {}
    for key, text in texts.items():
        verdict = abuse.assess(text, patterns=patterns, free_tier=FREE_TIER)
        records[key] = [
            verdict.name, round(verdict.score, 6), sorted(verdict.reasons), list(verdict.pattern_ids),
            verdict.fingerprint, hashlib.blake2b(verdict.text.encode("utf-8", "surrogatepass"),
                                                 digest_size=8).hexdigest()]
    return records


def main() -> None:
    if len(sys.argv) != 3 or sys.argv[1] not in ("save", "compare"):
        sys.exit(__doc__)
    path = Path(sys.argv[2])
    records = verdicts()
    if sys.argv[1] == "save":
        path.write_text(json.dumps(records, indent=0, ensure_ascii=False), encoding="utf-8")
        print(f"saved {len(records)} verdicts to {path}")
        return
    baseline = json.loads(path.read_text(encoding="utf-8"))
    differ = [key for key in baseline.keys() | records.keys() if baseline.get(key) != records.get(key)]
    for key in sorted(differ):
        print(f"{key}: was {baseline.get(key)}, now {records.get(key)}")
    print(f"{len(records)} verdicts, {len(differ)} differences")
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
