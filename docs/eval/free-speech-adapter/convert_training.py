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
import os
import re
import sys

# The blind sets' reader: the same files, shapes and repeat removal.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "title-margin"))
from convert import lit, read  # noqa: E402

src = sys.argv[1]


def norm(t):
    return " ".join(re.sub(r"[^\w\s]", " ", t.lower()).split())


held = set()
for f in ("train/src/eval/query/film_requests.rs", "train/src/eval/request_frames.rs"):
    for m in re.finditer(r'"((?:[^"\\]|\\.)*)"', open(f, encoding="utf-8").read()):
        held.add(norm(m.group(1).replace('\\"', '"')))

films, nones, bad, dropped = read(src, key=norm, held=held)


print("""//! Training requests for the title reader's adapter (`lora --task
//! reader-titles --free-speech N`): films named as people say them ("are you
//! not entertained, gladiator please"), and requests naming none that use a
//! title's words in passing ("the bonfire smoke's blowing straight in the
//! kitchen window, just put a film on"). Written on
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
