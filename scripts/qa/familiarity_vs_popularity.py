#!/usr/bin/env python3
"""Spearman correlation between the titles' familiarity to the LLM (the
output of `--example title_familiarity`) and how often each title is watched
in the leave-one-out training split (every sequence without its last two).
Standard library only; prints the result as JSON.

usage: familiarity_vs_popularity.py familiarity.tsv ../shared/data/ml-1m-sas/sequences.txt
"""
import collections, json, math, sys


def ranks(v):
    order = sorted(range(len(v)), key=lambda k: v[k])
    r = [0.0] * len(v)
    i = 0
    while i < len(order):  # average ranks over ties
        j = i
        while j + 1 < len(order) and v[order[j + 1]] == v[order[i]]:
            j += 1
        for k in range(i, j + 1):
            r[order[k]] = (i + j) / 2
        i = j + 1
    return r


def spearman(x, y):
    rx, ry = ranks(x), ranks(y)
    mx, my = sum(rx) / len(rx), sum(ry) / len(ry)
    cov = sum((a - mx) * (b - my) for a, b in zip(rx, ry))
    return cov / math.sqrt(sum((a - mx) ** 2 for a in rx) * sum((b - my) ** 2 for b in ry))


fam_file, seq_file = sys.argv[1], sys.argv[2]
count = collections.Counter()
for line in open(seq_file):
    items = line.split()[1:]
    count.update(int(m) for m in items[:-2])
fam = {}
for line in open(fam_file, encoding="utf-8"):
    f = line.rstrip("\n").split("\t")
    fam[int(f[0])] = float(f[1])
ids = [i for i in fam if count[i] > 0]
rho = spearman([fam[i] for i in ids], [math.log(count[i]) for i in ids])
print(json.dumps({"titles": len(ids), "spearman_familiarity_vs_log_training_count": round(rho, 4)}))
