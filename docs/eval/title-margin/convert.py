"""Converts a blind set of film requests (the twenty-third, twenty-fourth,
twenty-fifth) unread into Rust constants.

    python3 docs/eval/title-margin/convert.py /srv/blind23 23 > train/src/eval/query/film_requests.rs.body

Checks only the files' shape (40 lines each; films: title, 4-digit year,
request) and removes repeats within the set (case and spaces ignored); prints
counts to stderr, never the requests.
"""
import re
import sys


def read(src, key=lambda t: " ".join(t.lower().split()), held=frozenset()):
    """The writers' films (title, year, request) and requests naming none in
    `src`/{a,b,c}_{films.tsv,none.txt}, well-formed, each once by `key`, none
    whose key is in `held`; and the counts of malformed film lines and of lines
    dropped as held."""
    films, nones, seen = [], [], set()
    bad = dropped = 0

    def fresh(text):
        nonlocal dropped
        k = key(text)
        if k in held:
            dropped += 1
            return False
        if k in seen:
            return False
        seen.add(k)
        return True

    for w in "abc":
        for line in open(f"{src}/{w}_films.tsv", encoding="utf-8").read().splitlines():
            if not line.strip():
                continue
            parts = line.split("\t")
            if len(parts) != 3 or not re.fullmatch(r"\d{4}", parts[1].strip()) or not parts[0].strip() or not parts[2].strip():
                bad += 1
                continue
            if fresh(parts[2]):
                films.append((parts[0].strip(), int(parts[1]), parts[2].strip()))
        for line in open(f"{src}/{w}_none.txt", encoding="utf-8").read().splitlines():
            if line.strip() and fresh(line):
                nones.append(line.strip())
    return films, nones, bad, dropped


def lit(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


if __name__ == "__main__":
    src = sys.argv[1]
    n = sys.argv[2] if len(sys.argv) > 2 else "23"
    films, nones, bad, _ = read(src)
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
