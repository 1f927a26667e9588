"""Offline (not a test): the fourteenth to seventeenth sets' indirect wordings, and the requests
and frames asking no genre, read as the library reads them (the 3 nearest example phrases of the
fifth to thirteenth sets at 0.5, then clause by clause at 0.5 where the whole reads none), and
with a phrase of at least N content words read whole at a lower least similarity. From the
repository root:

python3 docs/eval/more-sets/extract.py F
python3 docs/eval/clauses/extract_none.py F
python3 docs/eval/clauses/prep.py F 17
for x in phrases stripped segs; do ./target/release/examples/embed_phrases models F/$x.txt F/$x.f32; done
./target/release/examples/embed_phrases models F/none_stripped.txt F/none.f32
python3 docs/eval/long-phrases/offline.py F

(embed_phrases: `cargo build --release -p dualrec-train --example embed_phrases` first.)
"""
import sys
from collections import defaultdict

import numpy as np

F = sys.argv[1]
rows = [l.rstrip('\n').split('\t') for l in open(F + '/rows16.tsv')]
nrows = [l.rstrip('\n').split('\t') for l in open(F + '/none.tsv')]
strip = [l.rstrip('\n') for l in open(F + '/stripped.txt')]
nstrip = [l.rstrip('\n') for l in open(F + '/none_stripped.txt')]
segt = [l.rstrip('\n') for l in open(F + '/segs.txt')]
meta = [l.split() for l in open(F + '/segmeta.tsv')]


def load(f, n):
    e = np.fromfile(f, dtype='<f4').reshape(n, 384)
    return e / np.linalg.norm(e, axis=1, keepdims=True)


E, S, N, SG = load(F + '/phrases.f32', len(rows)), load(F + '/stripped.f32', len(rows)), load(F + '/none.f32', len(nrows)), load(F + '/segs.f32', len(segt))
src = np.array([r[0] for r in rows]); gen = np.array([r[1] for r in rows]); kind = np.array([r[2] for r in rows])
labels = sorted(set(g for g in gen if g)) + ['']
bank = np.where(np.isin(src, ['ex', 'none'] + [f'blind{i}' for i in range(5, 14)]))[0]


def read(q):
    """Per row of q: the label whose 3 nearest bank phrases are most similar on average, and that mean."""
    sim = q @ E[bank].T; lab = gen[bank]
    best = np.full(len(q), -9.0); arg = np.array([''] * len(q), dtype=object)
    for g in labels:
        m = -np.sort(-sim[:, lab == g], axis=1)[:, :3].mean(axis=1)
        better = m > best; best[better] = m[better]; arg[better] = g
    return arg, best


(wa, wb), (na, nb), (sa, sb) = read(S), read(N), read(SG)
wseg, nseg = defaultdict(list), defaultdict(list)
for i, (t, k) in enumerate(meta):
    (wseg if t == 'w' else nseg)[int(k)].append(i)
nempty = np.array([x == 'x' for x in nstrip])
wlen = np.array([len(x.split()) for x in strip])
nlen = np.array([0 if e else len(x.split()) for e, x in zip(nempty, nstrip)])


def decide(a, b, n, segs, long_n, long_t):
    least = long_t if n >= long_n else 0.5
    if a != '' and b >= least:
        return a
    if len(segs) < 2:
        return ''
    c = [(sb[i], sa[i]) for i in segs if sa[i] != '' and sb[i] >= 0.5]
    return max(c)[1] if c else ''


print('content words of the requests asking none:', np.bincount(nlen).tolist())
for t in range(14, 18):
    q = np.where((src == f'blind{t}') & (kind == 'I'))[0]
    print(f'set {t} indirect:', np.bincount(wlen[q]).tolist())
print('\n| long words | long similarity | set 14 I | set 15 I | set 16 I | set 17 I | asking none, read as none | of them, long |')
print('|---|---|---|---|---|---|---|---|')
for long_n, long_t in [(99, 0.5), (7, 0.45), (7, 0.42), (7, 0.4), (8, 0.42), (8, 0.4), (6, 0.45), (6, 0.42), (6, 0.4), (5, 0.45)]:
    cells = []
    for t in range(14, 18):
        q = np.where((src == f'blind{t}') & (kind == 'I'))[0]
        cells.append(f'{np.mean([decide(wa[i], wb[i], wlen[i], wseg[i], long_n, long_t) == gen[i] for i in q]):.3f}')
    ok = np.array([nempty[i] or decide(na[i], nb[i], nlen[i], nseg[i], long_n, long_t) == '' for i in range(len(nrows))])
    long_none = nlen >= long_n
    print(f'| {"off" if long_n == 99 else long_n} | {long_t} | ' + ' | '.join(cells) + f' | {ok.mean():.3f} | {ok[long_none].sum()}/{long_none.sum()} |')
print('\nasking none, read with a genre at 6 words and 0.4 only:')
for i in range(len(nrows)):
    if not nempty[i] and decide(na[i], nb[i], nlen[i], nseg[i], 99, 0.5) == '' and decide(na[i], nb[i], nlen[i], nseg[i], 6, 0.4) != '':
        print(' ', nrows[i][0], repr(nrows[i][1]), '->', decide(na[i], nb[i], nlen[i], nseg[i], 6, 0.4), round(float(nb[i]), 3))
