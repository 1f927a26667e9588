#!/usr/bin/env python3
"""Can a listwise-fitted linear ranker over more terms beat recommend_query's
three validation-chosen weights? Reads the candidates' raw terms that the
patched eval-query dumps (patch.diff, README.md), fits on half of the
validation requests, and compares on the other half, without the viewers whose
requests chose the library's weights. Needs numpy and scipy.

usage: learned_ranker.py DUMP MODELS DATA OUT.json
  DUMP    the dump file (DUMP.requests beside it)
  MODELS  the model directory (catalog.tsv)
  DATA    ml-1m-sas (sequences.txt)
"""
import collections, json, math, os, sys
import numpy as np
from scipy.optimize import minimize

dump, models, data_dir, out = sys.argv[1:5]
VALID_SEED, GRID_USERS = 20260702, 1000

# --- The catalogue and the training parts (validation = second-to-last movie).
cat = [l.rstrip('\n').split('\t') for l in open(f'{models}/catalog.tsv', encoding='utf-8')][1:]
index_of = {int(c[0]): i for i, c in enumerate(cat)}
year = np.array([int(c[2]) for c in cat], dtype=np.float64)
pop = np.zeros(len(cat))
next1, next3 = collections.Counter(), collections.Counter()
seqs = []
for line in open(f'{data_dir}/sequences.txt'):
    s = [index_of[int(x)] for x in line.split()[1:]]
    seqs.append(s)
    tr = s[:-2]
    for a in tr:
        pop[a] += 1
    for j in range(len(tr) - 1):
        next1[(tr[j], tr[j + 1])] += 1
        for k in range(j + 1, min(j + 4, len(tr))):
            next3[(tr[j], tr[k])] += 1

# --- protocol::sample (SplitMix shuffle prefix): which viewers the dump and the weight grid used.
MASK = (1 << 64) - 1
def sample(n_all, n, seed):
    x, idx = seed & MASK, list(range(n_all))
    for i in range(n_all - 1, 0, -1):
        x = (x + 0x9E3779B97F4A7C15) & MASK
        z = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        j = (z ^ (z >> 31)) % (i + 1)
        idx[i], idx[j] = idx[j], idx[i]
    return sorted(idx[:min(n, n_all)])

reqs = [l.rstrip('\n').split('\t') for l in open(f'{dump}.requests', encoding='utf-8')]
viewers = sample(len(seqs), len(reqs), VALID_SEED)
grid_viewers = set(sample(len(seqs), GRID_USERS, VALID_SEED))
assert all(seqs[v][-2] == int(r[0]) for v, r in zip(viewers, reqs)), 'dump and sample disagree'

# --- Per request: the candidates' terms, standardised over the candidates as rank() does.
def z(x):
    x = np.nan_to_num(x, nan=0.0)
    sd = x.std()
    return (x - x.mean()) / sd if sd > 1e-9 else np.zeros_like(x)
def neg_ln_rank(s):
    order = np.argsort(-s, kind='stable')
    r = np.empty(len(s)); r[order] = np.arange(1, len(s) + 1)
    return -np.log(r)
TERMS = ['viewer (-ln rank)', 'similarity to the reference', 'genre share', 'co-watching with the reference (EASE)',
         'ln popularity', 'ln next-watch count after the reference', 'ln count within 3 watches after the reference',
         '-|year - reference year|', '-ln rank by similarity to the reference', 'viewer x similarity']
LIBRARY = np.array([1.0, 2.0, 0.5] + [0.0] * 7)  # QueryWeights::default(): reference 2, genre_share 0.5

blocks, cur = [], None
for line in open(dump):
    if line[0] == '#':
        cur = []
        blocks.append((int(line.split('\t')[1]), cur))
    else:
        cur.append(line.split('\t'))
assert len(blocks) == len(reqs)
rows = []
for (target, cands), r, v in zip(blocks, reqs, viewers):
    a = np.array(cands, dtype=np.float64)
    i = a[:, 0].astype(int)
    ref = int(r[2])
    zero = np.zeros(len(i))
    has_ref, has_genre = ref >= 0, not np.isnan(a[:, 3]).all()
    F = [z(a[:, 1]),
         z(a[:, 2]) if has_ref else zero,
         z(a[:, 3]) if has_genre else zero,
         z(a[:, 4]) if has_ref else zero,
         z(np.log1p(pop[i])),
         z(np.log1p([next1.get((ref, x), 0) for x in i])) if has_ref else zero,
         z(np.log1p([next3.get((ref, x), 0) for x in i])) if has_ref else zero,
         z(-np.abs(year[i] - year[ref])) if has_ref else zero,
         z(neg_ln_rank(a[:, 2])) if has_ref else zero]
    F.append(F[0] * F[1])
    y = np.where(i == target)[0]
    rows.append(dict(F=np.stack(F, 1), i=i, target=target, y=int(y[0]) if len(y) else None, kind=r[1], library_rank=int(r[5]), fresh=v not in grid_viewers))

def rank_of(w, d):
    if d['y'] is None:
        return None
    s = d['F'] @ w
    t = s[d['y']]
    return int(1 + np.sum(s > t) + np.sum((s == t) & (d['i'] < d['target'])))  # ties: smaller index first, as rank() sorts
def per_request(w, ds):
    hr, nd = [], []
    for d in ds:
        r = rank_of(w, d)
        hr.append(1.0 if r is not None and r <= 10 else 0.0)
        nd.append(1 / math.log2(r + 1) if r is not None and r <= 10 else 0.0)
    return np.array(hr), np.array(nd)
def fit(ds, use, l2=1e-3):
    P = [(d['F'], d['y']) for d in ds if d['y'] is not None]
    m = np.array(use, bool)
    def f(wu):
        w = np.zeros(len(TERMS)); w[m] = wu
        loss, g = 0.0, np.zeros(len(TERMS))
        for F, y in P:
            s = F @ w; mx = s.max(); e = np.exp(s - mx); Z = e.sum()
            loss -= s[y] - mx - math.log(Z)
            g += F.T @ (e / Z) - F[y]
        return loss / len(P) + 0.5 * l2 * wu @ wu, (g / len(P))[m] + l2 * wu
    r = minimize(f, np.ones(m.sum()), jac=True, method='L-BFGS-B')
    w = np.zeros(len(TERMS)); w[m] = r.x
    return w
def paired_ci(a, b, seed=20260701, n=1000):
    rng = np.random.default_rng(seed)
    d = a - b
    boots = [d[rng.integers(0, len(d), len(d))].mean() for _ in range(n)]
    return [float(np.percentile(boots, 2.5)), float(np.percentile(boots, 97.5))]

# The library's ranks, recomputed from the dump, must be the ranks recommend_query returned.
lib_hr, _ = per_request(LIBRARY, rows)
assert np.array_equal(lib_hr, np.array([1.0 if 0 < d['library_rank'] <= 10 else 0.0 for d in rows])), 'dump does not reproduce recommend_query'

A, B = rows[0::2], rows[1::2]
B_fresh = [d for d in B if d['fresh']]
SETS = {'the library\'s three terms, refitted': [1, 1, 1] + [0] * 7, 'all ten terms': [1] * 10}
manifest = json.load(open(f'{models}/manifest.json'))
used = ('lstm', 'transitions', 'catalog-emb', 'collab', 'fusion', 'sbert-int8', 'lm', 'lm-reader')
model_sha256 = {a['file']: a['sha256'] for a in manifest['artifacts'] if a.get('name') in used}
report = {'model_sha256': model_sha256, 'what': 'listwise (softmax) linear ranker over the candidates recommend_query ranks, fitted on half A of the validation requests; compared on half B without the viewers whose requests chose the library weights',
          'data': data_dir.rstrip('/').split('/')[-1], 'requests': len(rows), 'fit_half': len(A), 'compare_half_fresh': len(B_fresh),
          'valid_seed': VALID_SEED, 'terms': TERMS, 'library_weights': LIBRARY.tolist(), 'pooled': [], 'per_kind': []}
lh, ln = per_request(LIBRARY, B_fresh)
for name, use in SETS.items():
    w = fit(A, use)
    h, n = per_request(w, B_fresh)
    report['pooled'].append({'terms': name, 'weights': [round(x, 4) for x in w.tolist()],
                             'hr10': h.mean(), 'hr10_library': lh.mean(), 'delta_hr10': (h - lh).mean(), 'delta_hr10_ci95': paired_ci(h, lh),
                             'ndcg10': n.mean(), 'ndcg10_library': ln.mean(), 'delta_ndcg10': (n - ln).mean(), 'delta_ndcg10_ci95': paired_ci(n, ln)})
# One weight vector per request shape (what the intent shows), all ten terms where they apply.
hs, ls_ = [], []
for kind in ['genre', 'decade', 'genre+decade', 'like-title', 'genre+like-title']:
    use = [1] * 10
    if 'like' not in kind:
        use = [u if t in (0, 2, 4) else 0 for t, u in enumerate(use)]
    if 'genre' not in kind:
        use[2] = 0
    a = [d for d in A if d['kind'] == kind]; b = [d for d in B_fresh if d['kind'] == kind]
    w = fit(a, use)
    h, _ = per_request(w, b); l, _ = per_request(LIBRARY, b)
    hs.append(h); ls_.append(l)
    report['per_kind'].append({'kind': kind, 'requests': len(b), 'weights': [round(x, 4) for x in w.tolist()], 'hr10': h.mean(), 'hr10_library': l.mean()})
h, l = np.concatenate(hs), np.concatenate(ls_)
report['per_kind_all'] = {'hr10': h.mean(), 'hr10_library': l.mean(), 'delta_hr10': (h - l).mean(), 'delta_hr10_ci95': paired_ci(h, l)}
os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
json.dump(report, open(out, 'w'), indent=1)
print(json.dumps({k: report[k] for k in ('pooled', 'per_kind_all')}, indent=1))
