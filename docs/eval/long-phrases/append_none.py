"""Appends a blind set's requests asking no genre (BLIND_NO_GENRE_<n> in
train/src/eval/query/blind_wordings.rs) to FOLDER/none.tsv and none_stripped.txt as
written by docs/eval/clauses/extract_none.py, tagged b<n>:
python3 docs/eval/long-phrases/append_none.py FOLDER 18 (from the repository root)."""
import re
import sys

sys.path.insert(0, 'docs/eval/written-phrases')
from convert import words

F, n = sys.argv[1], int(sys.argv[2])
src = open('src/pipeline/request.rs').read()
i = src.index('const STOP: &[&str] = &['); j = src.index('];', i)
STOP = set(re.findall(r'"([^"]*)"', src[i:j]))
b = open('train/src/eval/query/blind_wordings.rs').read()
i = b.index(f'pub(crate) const BLIND_NO_GENRE_{n}:'); j = b.index('];', i)
reqs = [m.replace('\\"', '"') for m in re.findall(r'^    "((?:[^"\\]|\\.)*)",', b[i:j], re.M)]
with open(F + '/none.tsv', 'a') as f:
    for t in reqs: f.write(f'b{n}\t{t}\n')
with open(F + '/none_stripped.txt', 'a') as f:
    for t in reqs: f.write((' '.join(w for w in words(t) if w not in STOP) or 'x') + '\n')
print(len(reqs), 'appended')
