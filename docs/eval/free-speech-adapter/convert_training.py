"""Converts the helpers' training requests (films named as people say them,
and requests naming none with title words in passing) into
train/src/models/lora/free_speech.rs.

    python3 docs/eval/free-speech-adapter/convert_training.py /tmp/fstrain > train/src/models/lora/free_speech.rs

Keeps well-formed lines (films: title, 4-digit year, request), removes
repeats (case, spaces and punctuation aside) and every line equal to a
string of the evaluation's request files (train/src/eval/query/film_requests.rs,
train/src/eval/request_frames.rs), compared by program and unread; prints
counts to stderr.
"""
import re
import sys

src = sys.argv[1]


def norm(t):
    return " ".join(re.sub(r"[^\w\s]", " ", t.lower()).split())


held = set()
for f in ("train/src/eval/query/film_requests.rs", "train/src/eval/request_frames.rs"):
    for m in re.finditer(r'"((?:[^"\\]|\\.)*)"', open(f, encoding="utf-8").read()):
        held.add(norm(m.group(1).replace('\\"', '"')))

films, nones, seen = [], [], set()
bad = dropped = 0
for w in "abc":
    for line in open(f"{src}/{w}_films.tsv", encoding="utf-8").read().splitlines():
        if not line.strip():
            continue
        parts = line.split("\t")
        if len(parts) != 3 or not re.fullmatch(r"\d{4}", parts[1].strip()) or not parts[0].strip() or not parts[2].strip():
            bad += 1
            continue
        key = norm(parts[2])
        if key in held:
            dropped += 1
            continue
        if key in seen:
            continue
        seen.add(key)
        films.append((parts[0].strip(), int(parts[1]), parts[2].strip()))
    for line in open(f"{src}/{w}_none.txt", encoding="utf-8").read().splitlines():
        if not line.strip():
            continue
        key = norm(line)
        if key in held:
            dropped += 1
            continue
        if key in seen:
            continue
        seen.add(key)
        nones.append(line.strip())


def lit(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


print("""//! Training requests for the title reader's adapter (`lora --task
//! reader-titles --free-speech N`): films named as people say them ("i still
//! love jaws", "the godfather one"), and requests naming none that use a
//! title's words in passing ("the rain has not stopped all day"). Written on
//! 2026-12-07 (session 46) by three helper agents told to read, list or
//! search no file, run no command but writing their files and use no search
//! tool: each 80 of either kind, half the films of titles that are everyday
//! words and most requests naming none using such a word (from a list of
//! catalogue titles given to them). Converted by
//! docs/eval/free-speech-adapter/convert_training.py: malformed lines,
//! repeats and lines equal to an evaluation request removed. A film is found
//! in the catalogue by its title and year as the blind sets' are; the last
//! quarter of each list is the validation loss's.

/// (official title, year, the request).
pub const FREE_SPEECH_FILMS: &[(&str, u16, &str)] = &[""")
for t, y, r in films:
    print(f"    ({lit(t)}, {y}, {lit(r)}),")
print("];")
print()
print("/// Requests naming no film.")
print("pub const FREE_SPEECH_NO_FILM: &[&str] = &[")
for r in nones:
    print(f"    {lit(r)},")
print("];")
print(f"films {len(films)}, naming none {len(nones)}, malformed film lines {bad}, equal to an evaluation request {dropped}", file=sys.stderr)
