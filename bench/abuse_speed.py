"""A steadier timing of the abuse verdict on abuse_eval's 4,096-token inputs than its one pass:
each input judged `--rounds` times, thread CPU time (other work on a shared machine disturbs it
less than wall-clock), and per input the median and the minimum of its rounds; p50 / p99 over the
inputs of each, and p50 / p99 over every single verdict as abuse_eval counts them.

    .venv/bin/python bench/abuse_speed.py [--rounds 30] [--root PATH] [--floor]

`--root`: judge with the detector of another checkout (a worktree of an earlier commit), on the
same inputs, to compare before and after side by side.

`--floor`: also time, on the same inputs and the same way, the least any verdict must do with
this stack (CPython, RE2, zlib), so that the detector's own cost can be read off: normalise the
text as the issue asks first (NFKC where a character needs it, case, whitespace); then also look
for the patterns in one RE2 pass (the set of the patterns that read the plain form); then also
undo look-alike letters and leetspeak (one bytes pass) and look for the other patterns there (the
second RE2 set); then also compress it (zlib, level 1: how filler shows) and key it for repeats
(blake2b). Last, the lean reading: the detector's own readings of the whole text and nothing else
(the stuffing statistics, zlib among them; the normalised form and a one-pass skeleton; both RE2
sets; the repeat key; the learned weights; encoded payloads), without any of its context checks
(quotations, framing, intent), which decide nothing on most texts but are what the quality
targets' hard negatives need.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import pickle
import statistics
import sys
import time
import unicodedata
import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent
CACHE = Path("/tmp/abuse_4k_inputs.pickle")  # tokenising the split takes seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--root", type=Path, default=HERE.parent)
    parser.add_argument("--floor", action="store_true")
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
    per_text = _timed(lambda text: abuse.assess(text, patterns=patterns, free_tier=True), texts, args.rounds)
    print(f"{abuse.__file__}: {len(texts)} inputs x{args.rounds} rounds (thread CPU time, ms)")
    _print(per_text)
    if args.floor:
        from chatapp.services.abuse_patterns import index_of
        index = index_of(patterns)
        for label, step in _floor(index.prefilters[0].set, index.prefilters[1].set):
            print(f"floor: {label}")
            _print(_timed(step, texts, args.rounds))


def _timed(judge, texts: list[str], rounds: int) -> list[list[float]]:
    for text in texts:
        judge(text)  # warm caches and the regex engines
    per_text: list[list[float]] = [[] for _ in texts]
    for _ in range(rounds):
        for i, text in enumerate(texts):
            started = time.thread_time()
            judge(text)
            per_text[i].append(time.thread_time() - started)
        gc.collect()
    return per_text


def _print(per_text: list[list[float]]) -> None:
    every = sorted(t for times in per_text for t in times)
    medians = sorted(map(statistics.median, per_text))
    minima = sorted(map(min, per_text))
    for label, values in (("every verdict", every), ("per-input median", medians), ("per-input min", minima)):
        print(f"  {label:17s} p50 {_at(values, 0.5):.3f}  p99 {_at(values, 0.99):.3f}  max {values[-1] * 1000:.3f}")


def _floor(plain_set, other_set):
    """The steps of the floor (see the module's doc), each including the ones before it, and the
    lean reading."""
    from chatapp.services import abuse_decode, abuse_lexicon, abuse_stuffing, abuse_text
    from chatapp.services.abuse_policy import DEFAULT_POLICY
    from chatapp.services.abuse_spaces import ascii_words_longer, collapsed

    def normalised(text: str) -> str:
        if not text.isascii() and not unicodedata.is_normalized("NFKC", text):
            text = unicodedata.normalize("NFKC", text)
        return " ".join(text.casefold().split())

    def searched(text: str) -> bytes:
        plain = normalised(text).encode("utf-8", "surrogatepass")
        plain_set.Match(plain)
        return plain

    def both(text: str) -> bytes:
        plain = searched(text)
        other_set.Match(plain.translate(abuse_text._SKELETON))  # look-alikes and leetspeak, one pass
        return plain

    def keyed(text: str) -> None:
        plain = both(text)
        zlib.compress(text.encode("utf-8", "replace"), 1)
        hashlib.blake2b(plain, digest_size=8).digest()

    index_sets = (plain_set, other_set)
    model = abuse_lexicon.load()

    def lean(text: str) -> None:
        tokens = abuse_text.sample_tokens(text, fold=True)
        abuse_stuffing.findings(text, tokens, abuse_text.stacked_marks(text), DEFAULT_POLICY)
        readable = abuse_text.normalised(text)[0]
        lowered = readable.casefold()
        plain = collapsed(lowered)
        data = lowered.encode("utf-8", "surrogatepass").translate(abuse_text._PASTE_SKELETON)
        skeleton = collapsed(data.replace(b".", b" . ").decode("utf-8", "surrogatepass"))
        for found, form in zip(index_sets, (plain, skeleton)):
            found.Match(form.encode("utf-8", "surrogatepass"))
        abuse_text.fingerprint(plain)
        if model is not None:
            abuse_lexicon.score(model, abuse_lexicon.features(skeleton[:abuse_lexicon.MAX_WORDS * 12].split(" ")))
        if readable.isascii():
            abuse_decode.hidden_payloads(text, ascii_words_longer(readable, abuse_decode.PAYLOAD_CHARS - 1),
                                         short=False)

    return (("normalise (NFKC where needed, case, whitespace)", normalised),
            ("normalise + one RE2 pass of the plain patterns", searched),
            ("+ the skeleton (look-alikes, leetspeak) and its RE2 pass", both),
            ("+ zlib + repeat key", keyed),
            ("lean: the detector's whole-text readings, no context checks", lean))


def _at(values: list[float], share: float) -> float:
    return values[min(len(values) - 1, int(len(values) * share))] * 1000


if __name__ == "__main__":
    main()
