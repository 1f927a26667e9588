"""A test set's film requests that equal a request of the sets its
candidate was written from (23 to the last development set, 28 unless a
third argument says; compared as the reader splits words), and
its paired gain on the test set without them (bootstrap over requests,
10,000 draws, seed 1). Which of the duplicates name a film the catalogue has
is not in the report, so the gain is given for both bounds.

    python3 docs/eval/said-title-forms/duplicates.py                                   # the test, set 29
    python3 docs/eval/said-title-forms/duplicates.py docs/eval/said-title-forms/title-first-set30.json 30
    python3 docs/eval/said-title-forms/duplicates.py docs/eval/said-title-forms/more-said-forms.json 31 30
"""
import json
import random
import re
import sys

SRC = open("train/src/eval/query/film_requests.rs", encoding="utf-8").read()
LIT = r'"((?:[^"\\]|\\.)*)"'


def norm(text):
    text = text.replace("'", "").replace("\u2019", "")
    return " ".join(re.findall(r"[^\W_]+", text.lower()))


def film_requests(n):
    start = SRC.index(f"pub(crate) const BLIND_FILMS_{n}:")
    end = SRC.index("\n];", start)
    return [norm(m.group(3)) for m in re.finditer(r"\(" + LIT + r", (\d+), " + LIT + r"\)", SRC[start:end])]


report = sys.argv[1] if len(sys.argv) > 1 else "docs/eval/said-title-forms/title-first.json"
n_set = int(sys.argv[2]) if len(sys.argv) > 2 else 29
last = int(sys.argv[3]) if len(sys.argv) > 3 else 28
development = {r for n in range(23, last + 1) for r in film_requests(n)}
test = film_requests(n_set)
films = json.load(open(report))["test"][f"set {n_set}: films"]
changed = {norm(c["request"]): c["right_candidate"] - c["right_library"] for c in films["changed"]}
duplicates = [r for r in test if r in development]
print(f"film requests equal to a development request: {len(duplicates)} of {len(test)}")
print(f"read differently among them: {sorted(r for r in changed if r in development)}")
rest = [d for r, d in changed.items() if r not in development]
for n in sorted({films["requests"] - len(duplicates), films["requests"] - sum(r in development for r in changed)}):
    deltas = rest + [0.0] * (n - len(rest))
    random.seed(1)
    boots = sorted(sum(random.choice(deltas) for _ in deltas) / n for _ in range(10000))
    print(f"without them, n={n}: paired right {sum(deltas) / n:+.4f} (95% {boots[250]:+.4f}…{boots[9749]:+.4f})")
