"""Offline (not a test), the second candidate: as offline.py, a long phrase's genre below 0.5
taken only where its similarity exceeds that of the 3 nearest phrases asking none by a margin;
with the eighteenth set (genre wordings and requests asking none, read first by the first
candidate's test). From the repository root:

python3 docs/eval/more-sets/extract.py F
python3 docs/eval/clauses/extract_none.py F
python3 docs/eval/long-phrases/append_none.py F 18
python3 docs/eval/clauses/prep.py F 18
for x in phrases stripped segs; do ./target/release/examples/embed_phrases models F/$x.txt F/$x.f32; done
./target/release/examples/embed_phrases models F/none_stripped.txt F/none.f32
python3 docs/eval/long-phrases/margin.py F
"""
import sys

sys.argv = sys.argv[:2]
# offline.py's reading (its table is not printed: only its definitions are run).
exec(open('docs/eval/long-phrases/offline.py').read().split("print('content words")[0])


def none_score(q):
    """The mean similarity of each row of q to its 3 nearest phrases asking none."""
    sim = q @ E[bank].T
    return -np.sort(-sim[:, gen[bank] == ''], axis=1)[:, :3].mean(axis=1)


wn, nn = none_score(S), none_score(N)


def decide_margin(a, b, z, n, segs, long_n, long_t, margin):
    if a != '' and b >= 0.5:
        return a
    if a != '' and n >= long_n and b >= long_t and b - z >= margin:
        return a
    if len(segs) < 2:
        return ''
    c = [(sb[i], sa[i]) for i in segs if sa[i] != '' and sb[i] >= 0.5]
    return max(c)[1] if c else ''


ntag = np.array([r[0] for r in nrows])
groups = {'earlier requests and frames': ntag != 'b18', 'frames 2-5': np.isin(ntag, ['fr2', 'fr3', 'fr4', 'fr5']), 'set 18': ntag == 'b18'}
print('| long words | long similarity | margin | set 14 I | set 15 I | set 16 I | set 17 I | set 18 I | asking none, read with a genre: ' + ' | '.join(groups) + ' |')
print('|---' * (8 + len(groups)) + '|')
for long_n, long_t, margin in [(99, 0.5, 0), (6, 0.4, 0.0), (6, 0.4, 0.08), (6, 0.4, 0.12), (6, 0.35, 0.12), (6, 0.4, 0.15)]:
    cells = []
    for t in range(14, 19):
        q = np.where((src == f'blind{t}') & (kind == 'I'))[0]
        cells.append(f'{np.mean([decide_margin(wa[i], wb[i], wn[i], wlen[i], wseg[i], long_n, long_t, margin) == gen[i] for i in q]):.3f}')
    read = np.array([not nempty[i] and decide_margin(na[i], nb[i], nn[i], nlen[i], nseg[i], long_n, long_t, margin) != '' for i in range(len(nrows))])
    head = 'off (the library) | | ' if long_n == 99 else f'{long_n} | {long_t} | {margin}'
    print(f'| {head} | ' + ' | '.join(cells) + ' | ' + ' | '.join(f'{read[m].mean():.3f}' for m in groups.values()) + ' |')
