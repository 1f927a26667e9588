"""After the test: how many of the twenty-seventh set's films the candidate
was trained on (the helpers' training films, its first three quarters), and
the films grounded by the library and the candidate on the others.

    python3 docs/eval/free-speech-adapter/overlap.py docs/eval/free-speech-adapter/third-candidate.json

Films are matched to the catalogue as the tool matches them (title without
case, punctuation or a leading article, in full or up to a colon or
parenthesis; year within one; exactly one movie). Prints counts only.
"""
import json
import re
import sys


def article_first(t):
    # As the library's article_first: the main name ends before " (".
    main, sep, rest = t.partition(" (")
    m = re.match(r"^(.*), (the|a|an|la|le|les|l'|il|i|lo|gli|el|los|las|der|die|das|un|une|det|den|de|het|o)$", main, re.IGNORECASE)
    if not m:
        return t
    joint = "" if m.group(2).endswith("'") else " "
    return f"{m.group(2)}{joint}{m.group(1)}{sep}{rest}"


def norm(t):
    w = "".join(c if c.isalnum() else " " for c in t.lower()).split()
    if w and w[0] in ("the", "a", "an"):
        w = w[1:]
    return " ".join(w)


cat = [l.rstrip("\n").split("\t") for l in open("models/catalog.tsv", encoding="utf-8") if not l.startswith("#")]


def find(title, year):
    want = norm(title)
    hits = []
    for i, c in enumerate(cat):
        t = article_first(c[1])
        if abs(int(c[2]) - year) <= 1 and want in {norm(t), norm(t.split(":")[0]), norm(t.split(" (")[0])}:
            hits.append(i)
    return hits[0] if len(hits) == 1 else None


def consts(path, name):
    src = open(path, encoding="utf-8").read()
    body = src[src.index(f"const {name}"):]
    body = body[: body.index("];")]
    return [(t.replace('\\"', '"'), int(y), r.replace('\\"', '"')) for t, y, r in re.findall(r'\(\s*"((?:[^"\\]|\\.)*)",\s*(\d+),\s*"((?:[^"\\]|\\.)*)"', body)]


train = consts("train/src/models/lora/free_speech.rs", "FREE_SPEECH_FILMS")
train = train[: len(train) * 3 // 4]
trained = {find(t, y) for t, y, _ in train} - {None}
test = [(find(t, y), r) for t, y, r in consts("train/src/eval/query/film_requests.rs", "BLIND_FILMS_27")]
test = [(f, r) for f, r in test if f is not None]
report = json.load(open(sys.argv[1]))["test"]["set 27: films"]["adapter"]
missed_cand = {m["request"] for m in report["films_missed_by_candidate"]}
changed = {c["request"]: c for c in report["changed"]}
rows = {"in training": [], "not in training": []}
for f, r in test:
    cand = r not in missed_cand
    lib = changed[r]["right_library"] == 1.0 if r in changed else cand
    rows["in training" if f in trained else "not in training"].append((lib, cand))
for k, v in rows.items():
    n = len(v)
    print(f"{k}: {n} requests, library {sum(a for a, _ in v) / max(n, 1):.4f}, candidate {sum(b for _, b in v) / max(n, 1):.4f}")
