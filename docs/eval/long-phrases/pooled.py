#!/usr/bin/env python3
"""Genre F1 pooled over blind sets, each wording weighted by the requests it was read for.

    python3 docs/eval/long-phrases/pooled.py QUERY_JSON SET [SET ...]

Reads `blind_genre_wordings_<SET>.per_wording` of an `eval-query` report. Prints each set's
genre F1 and the pooled one, with 95% intervals from 10,000 resamples of wordings drawn within
each set (seed 42): the interval over wordings that eval-query reports, extended to several
sets. Written in session 42, before the twenty-second set was read.
"""
import json
import random
import sys


def wordings(report, s):
    rows = report[f"blind_genre_wordings_{s}"]["per_wording"]
    # (requests, requests x F1) for every wording read at least once
    return [(w["requests"], w["requests"] * w["genre_f1_library"]) for w in rows if w["requests"] > 0]


def interval(sets, rng, resamples=10_000):
    means = []
    for _ in range(resamples):
        n = f = 0.0
        for ws in sets:
            for _ in range(len(ws)):
                r, rf = ws[rng.randrange(len(ws))]
                n += r
                f += rf
        means.append(f / n)
    means.sort()
    return means[int(0.025 * resamples)], means[int(0.975 * resamples) - 1]


def point(sets):
    return sum(rf for ws in sets for _, rf in ws) / sum(r for ws in sets for r, _ in ws)


def main():
    report = json.load(open(sys.argv[1]))
    ids = sys.argv[2:]
    if not ids:
        sys.exit(__doc__)
    sets = {s: wordings(report, s) for s in ids}
    rng = random.Random(42)
    for s, ws in sets.items():
        lo, hi = interval([ws], rng)
        print(f"set {s}: genre F1 {point([ws]):.3f} ({lo:.3f}-{hi:.3f} resampling {len(ws)} wordings, "
              f"{sum(r for r, _ in ws)} requests)")
    if len(ids) > 1:
        lo, hi = interval(list(sets.values()), rng)
        print(f"pooled {'+'.join(ids)}: genre F1 {point(list(sets.values())):.3f} ({lo:.3f}-{hi:.3f})")


if __name__ == "__main__":
    main()
