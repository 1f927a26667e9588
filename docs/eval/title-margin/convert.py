"""Converts a blind set of film requests (the twenty-third, twenty-fourth,
twenty-fifth) unread into Rust constants.

    python3 docs/eval/title-margin/convert.py /srv/blind23 23 > train/src/eval/query/film_requests.rs.body

Checks only the files' shape (40 lines each; films: title, 4-digit year,
request) and removes repeats within the set (case and spaces ignored); prints
counts to stderr, never the requests.
"""
import re
import sys

src = sys.argv[1]
n = sys.argv[2] if len(sys.argv) > 2 else "23"
films, nones, seen = [], [], set()
bad = 0
for w in "abc":
    for line in open(f"{src}/{w}_films.tsv", encoding="utf-8").read().splitlines():
        if not line.strip():
            continue
        parts = line.split("\t")
        if len(parts) != 3 or not re.fullmatch(r"\d{4}", parts[1].strip()) or not parts[0].strip() or not parts[2].strip():
            bad += 1
            continue
        key = " ".join(parts[2].lower().split())
        if key in seen:
            continue
        seen.add(key)
        films.append((parts[0].strip(), int(parts[1]), parts[2].strip()))
    for line in open(f"{src}/{w}_none.txt", encoding="utf-8").read().splitlines():
        if not line.strip():
            continue
        key = " ".join(line.lower().split())
        if key in seen:
            continue
        seen.add(key)
        nones.append(line.strip())


def lit(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


print(f"pub(crate) const BLIND_FILMS_{n}: &[(&str, u16, &str)] = &[")
for t, y, r in films:
    print(f"    ({lit(t)}, {y}, {lit(r)}),")
print("];")
print()
print(f"pub(crate) const BLIND_NO_FILM_{n}: &[&str] = &[")
for r in nones:
    print(f"    {lit(r)},")
print("];")
print(f"films {len(films)}, naming none {len(nones)}, malformed film lines {bad}", file=sys.stderr)
