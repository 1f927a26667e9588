#!/usr/bin/env python3
"""Writes docs/results.md: tables from the reports in docs/eval/*.json, prose with their numbers.
Run from the repository root after dualrec-train eval / eval-pipeline."""
import json,sys
def loo(path, order=None):
    d=json.load(open(path)); ms=d['methods']
    if order: ms=sorted([m for m in ms if m['name'] in order], key=lambda m: order.index(m['name']))
    out=["| method | users | HR@1 | HR@5 | HR@10 | HR@20 | NDCG@5 | NDCG@10 | NDCG@20 | HR@10 95% CI | NDCG@10 95% CI |","|---|---|---|---|---|---|---|---|---|---|---|"]
    for m in ms:
        x=m['metrics']; c=m['ci95']
        out.append(f"| `{m['name']}` | {m['users']} | "+" | ".join(f"{x[k]:.4f}" for k in ['HR@1','HR@5','HR@10','HR@20','NDCG@5','NDCG@10','NDCG@20'])+f" | {c['HR@10'][0]:.4f}–{c['HR@10'][1]:.4f} | {c['NDCG@10'][0]:.4f}–{c['NDCG@10'][1]:.4f} |")
    pr=[m for m in ms if m.get('paired_vs_lstm_int8')]
    if pr:
        out+=["","Paired with `lstm-int8` on the same users (mean per-user difference; 95% bootstrap interval, users resampled together):","","| method | ΔHR@10 | ΔNDCG@10 |","|---|---|---|"]
        for m in pr:
            p=m['paired_vs_lstm_int8']; f=lambda k: f"{p[k][0]:+.4f} ({p[k][1]:+.4f} to {p[k][2]:+.4f})"
            out.append(f"| `{m['name']}` | {f('HR@10')} | {f('NDCG@10')} |")
    return "\n".join(out)
def next5(path, order):
    d=json.load(open(path)); ms=sorted([m for m in d['methods'] if m['name'] in order], key=lambda m: order.index(m['name']))
    out=["| method | HR@1 | HR@5 | NDCG@5 | genre Jaccard |","|---|---|---|---|---|"]
    for m in ms:
        x=m['metrics']; c=m['ci95']; f=lambda k: f"{x[k]:.4f} ({c[k][0]:.3f}–{c[k][1]:.3f})"
        out.append(f"| `{m['name']}` | {f('HR@1')} | {f('HR@5')} | {f('NDCG@5')} | {f('genre_jaccard')} |")
    return "\n".join(out)
import json, os
E='docs/eval/'
s1=loo(E+'ml-1m-sas.json',['popularity','transitions','lstm-fp32','lstm-int8','lstm-fused','lstm-fused-no-semantic'])
s2=loo(E+'ml-1m-sas-sample6040.json',['popularity','transitions','lstm-int8','lstm-fused','llm-only','dualrec','dualrec-tail','dualrec-paper','dualrec-paper-llm-order','dualrec-paper-centroid-rerank'])
have500=os.path.exists(E+'ml-1m-sas-sample500.json')
s3=loo(E+'ml-1m-sas-sample500.json',['popularity','transitions','lstm-int8','lstm-fused','llm-only','dualrec','dualrec-tail','dualrec-paper']) if have500 else '(pending)'
s4=next5(E+'ml-1m-sas-next5.json',['popularity','transitions','lstm-int8','lstm-fused','llm-only','dualrec','dualrec-tail','dualrec-paper','dualrec-paper-llm-order','dualrec-paper-centroid-rerank']) if os.path.exists(E+'ml-1m-sas-next5.json') else '(pending)'
g=lambda p,n: next(m for m in json.load(open(p))['methods'] if m['name']==n)
P6=E+'ml-1m-sas-sample6040.json'
d=g(P6,'dualrec'); l=g(P6,'lstm-int8'); f=g(P6,'lstm-fused'); tl=g(P6,'dualrec-tail'); pp=g(P6,'dualrec-paper')
llmnote=d['note'].split('LLM (')[1]
# Section 2 ran the lm.gguf its report records; when the shipped one differs (the LLM call was
# made faster after it), the current LLM's rows on the 500-user sample, before and after.
import subprocess
LM_NOW=next(a['sha256'] for a in json.load(open('models/manifest.json'))['artifacts'] if a['file']=='lm.gguf')
LM_6040=d['model_sha256'].get('lm.gguf','')
LLM_BEFORE_REV='3ca87b5'  # the last commit with the Q4_1 lm.gguf and the long prompt
def llm_change():
    if LM_6040==LM_NOW: return ''
    before=json.loads(subprocess.run(['git','show',f'{LLM_BEFORE_REV}:docs/eval/ml-1m-sas-sample500.json'],capture_output=True,check=True).stdout)
    after=json.load(open(E+'ml-1m-sas-sample500.json'))
    gb=lambda n: next(m for m in before['methods'] if m['name']==n); ga=lambda n: next(m for m in after['methods'] if m['name']==n)
    sha=lambda m: m['model_sha256'].get('lm.gguf','')[:12]
    rows=["| method | LLM | HR@1 | HR@5 | HR@10 | NDCG@10 | NDCG@10 95% CI |","|---|---|---|---|---|---|---|"]
    for n in ['llm-only','dualrec-paper','dualrec']:
        for tag,m in (('before',gb(n)),('after',ga(n))):
            x=m['metrics']; c=m['ci95']['NDCG@10']
            rows.append(f"| `{n}` | {tag} (`{sha(m)}…`) | {x['HR@1']:.4f} | {x['HR@5']:.4f} | {x['HR@10']:.4f} | {x['NDCG@10']:.4f} | {c[0]:.4f}–{c[1]:.4f} |")
    note=lambda m: m['note'].split('LLM (')[1].split('): ',1)[1].split(';')[0]
    return f'''
**The table above ran the previous `lm.gguf`** (`{LM_6040[:12]}…`: the wheel's Q4_1, the prompt with
release years). The shipped one (`{LM_NOW[:12]}…`) is the same model and adapter with every matrix in
Q4_0, prompting with titles only and answering with the year only where a title repeats
(docs/performance.md, "A faster LLM call"). Its picks, on the 500-user sample (seed 20260701),
against the previous LLM's on the same users (`git show {LLM_BEFORE_REV}:docs/eval/ml-1m-sas-sample500.json`):

''' + "\n".join(rows) + f'''

- Before: {note(gb('dualrec'))}.
- After: {note(ga('dualrec'))}.

The two timings come from different sessions on a VM whose speed drifts; the like-for-like speed
comparison is in docs/performance.md. The picks' quality holds within the intervals, and
`dualrec` does not move (the LLM's weight is 0.00 before and after).
'''
LLM_CHANGE=llm_change()
# The seed study (scripts/qa/seed-spread.py -> docs/eval/lstm-seeds.json).
seeds_bullet=''; moonshot_bullet=''
if os.path.exists(E+'lstm-seeds.json'):
    SD=json.load(open(E+'lstm-seeds.json')); sm={r['method']:r for r in SD['methods']}
    def sp(meth,k):
        a=sm[meth]['across_seeds'][k]; return f"{a['mean']:.4f} ± {a['sd']:.4f}"
    def per(meth,k): return ', '.join(f"{s_['metrics'][k]:.4f}" for s_ in sm[meth]['seeds'])
    fl=sm['lstm-fused']['ci95_lower_above_floor_every_seed']
    seeds_bullet=f"""- **Seeds** (`docs/eval/lstm-seeds.md`): the same two-phase recipe run with seeds
  {', '.join(str(t['seed'])+(' (the shipped LSTM)' if t['shipped'] else '') for t in SD['training'])}, each seed's fusion weights refitted on validation.
  Mean ± sd across seeds: `lstm-int8` HR@10 {sp('lstm-int8','HR@10')}, NDCG@10 {sp('lstm-int8','NDCG@10')}
  (per seed {per('lstm-int8','HR@10')} / {per('lstm-int8','NDCG@10')}); `lstm-fused` HR@10 {sp('lstm-fused','HR@10')},
  NDCG@10 {sp('lstm-fused','NDCG@10')} (per seed {per('lstm-fused','HR@10')} / {per('lstm-fused','NDCG@10')}). For scale, one run's
  user-bootstrap 95% interval is {sm['lstm-fused']['ci95_width_mean']['HR@10']:.4f} wide on HR@10 and {sm['lstm-fused']['ci95_width_mean']['NDCG@10']:.4f} on NDCG@10 (`lstm-fused`, mean over seeds).
  Every seed's `lstm-fused` interval lies above SASRec+'s 0.3159 / 0.1857: {'yes' if fl['HR@10'] else 'no'} (HR@10), {'yes' if fl['NDCG@10'] else 'no'} (NDCG@10).
"""
    best=max(SD['methods'],key=lambda r:r['across_seeds']['HR@10']['mean']); ba=best['across_seeds']
    moonshot_bullet=f"""- **Issue 16's moonshot (HR@10 ≥ 0.345 and NDCG@10 ≥ 0.205 on all users): not reached.** The best
  engine setting is `{best['method']}` at {ba['HR@10']['mean']:.4f} ± {ba['HR@10']['sd']:.4f} / {ba['NDCG@10']['mean']:.4f} ± {ba['NDCG@10']['sd']:.4f} over {len(SD['training'])} seeds.
  Levers measured on validation, each with its log: the history window (`docs/eval/window-validation.md`:
  every interval overlaps from 10 to 100 watches), EASE's λ (`docs/eval/build-ml-1m-sas.json`),
  the fusion's terms (`docs/eval/fusion-fit.md`) and the seed (above).
  {'The floor holds: every' if all(fl.values()) else 'The floor does not hold: not every'} seed's `lstm-fused` interval lies above SASRec+'s 0.3159 / 0.1857.
"""
N5=E+'ml-1m-sas-next5.json'
n5=lambda m,k: f"{g(N5,m)['metrics'][k]:.3f}"
FT=json.load(open(E+'llm-free-text.json'))
fit=json.load(open(E+'fusion-fit.json')); W=fit['weights']; abl=fit['fit']['ablation']; V=fit['fit']['validation']; LF=fit['fit']['llm']
va=lambda k: abl[k]['validation']['ndcg10']
ci=lambda m,k: m['ci95'][k]
clear=lambda m,k: ci(m,k)[0]>ci(l,k)[1]
met=clear(d,'HR@10') and clear(d,'NDCG@10')
# (model, HR@10, NDCG@10, source, split). Only rows on our split count for "above".
SAME='ml-1m-sas: 6,040 users, 3,416 items, leave-one-out (ours)'
pub=[('first-order transitions',0.2144,0.1259,'ours (`transitions`); equals the reference figure in DEVELOPERS.md',SAME),
     ('GRU4Rec (full negatives)',0.2811,0.1648,'published',SAME),('gSASRec',0.3003,0.1726,'published',SAME),
     ('SASRec, full cross-entropy',0.3152,0.1821,'published',SAME),
     ('SASRec+ (3,000 sampled negatives)',0.3159,0.1857,'Klenitskiy & Vasilev, their repository\'s ML-1M table',SAME),
     ('HSTU',0.3037,0.1719,'eSASRec study (RecSys\'25)','a clean re-split of ML-1M (eSASRec study), not ours'),
     ('FuXi-α',0.3164,0.1813,'eSASRec study (RecSys\'25)','a clean re-split of ML-1M (eSASRec study), not ours'),
     ('HSTU-large',0.3294,0.1893,'HSTU paper','HSTU\'s own 3,706-item split; its unstable timestamp sort reorders about 25% of test targets'),
     ('HSTU + MoL',0.3412,0.1979,'HSTU + MoL paper (the highest ML-1M figure found)','HSTU\'s own 3,706-item split'),
     ('**DUALRec LSTM, int8 (ours, `lstm-int8`)**',l['metrics']['HR@10'],l['metrics']['NDCG@10'],'`docs/eval/ml-1m-sas.json`',SAME),
     ('**DUALRec, the engine\'s default (ours, `dualrec`)**',d['metrics']['HR@10'],d['metrics']['NDCG@10'],'`docs/eval/ml-1m-sas-sample6040.json` (all users)',SAME)]
pubtab="\n".join(["| model | HR@10 | NDCG@10 | source | split |","|---|---|---|---|---|"]+[f"| {n} | {'**%.4f**'%h if n.startswith('**') else '%.4f'%h} | {'**%.4f**'%x if n.startswith('**') else '%.4f'%x} | {src} | {sp} |" for n,h,x,src,sp in sorted(pub,key=lambda r:r[1])])
same=[r for r in pub if r[4]==SAME and not r[0].startswith('**')]
above=[n for n,h,x,_,_ in same if h<d['metrics']['HR@10'] and x<d['metrics']['NDCG@10']]
top=len(above)==len(same)
best_same=max(same,key=lambda r:r[1])
# New titles (cold items): docs/eval/<dataset>-cold-*.json (dualrec-train eval-cold).
cold_rows=[]
CJ=E+'ml-1m-sas-cold-random-10pct-seed-20261201.json'
if os.path.exists(CJ):
    C=json.load(open(CJ))
    for m in C['methods']:
        r=m['result']; dd=m['paired_vs_without_added_titles']['NDCG@10']
        cold_rows.append(f"| {m['subset']} | {r['name']} | {r['users']} | {r['metrics']['HR@10']:.4f} ({r['ci95']['HR@10'][0]:.4f}–{r['ci95']['HR@10'][1]:.4f}) | {r['metrics']['NDCG@10']:.4f} ({r['ci95']['NDCG@10'][0]:.4f}–{r['ci95']['NDCG@10'][1]:.4f}) | {dd[0]:+.4f} ({dd[1]:+.4f} to {dd[2]:+.4f}) |")
    A=C['add_movie_ms']
    cold_section=f"""## 4. New titles (cold items) — all 6,040 users

{len(C['cold_split']['movie_ids'])} titles (a seeded 10% of those seen in training, seed {C['cold_split']['seed']}) are removed from every
model's training data (`dualrec-train cold-split`, then the models built from that copy: LSTM 6
epochs, transitions, EASE λ = 200, fusion fitted on validation). The engine learns of them only
through `dualrec_add_movie` (title, year, genres), then ranks every user's test target from the
full history before it. Candidates: the engine's whole catalogue minus watched. The two content
baselines rank the same catalogue. `add_movie`: first call {A['first']:.0f} ms (it creates the
Sentence-BERT session and the content projection), then p50 {A['p50_after_first']:.1f} ms, p99 {A['p99_after_first']:.1f} ms.

| users | method | n | HR@10 (95% CI) | NDCG@10 (95% CI) | ΔNDCG@10 vs without added titles (paired) |
|---|---|---|---|---|---|
""" + "\n".join(cold_rows) + """

`dualrec-train eval-cold --data ml-1m-sas --cold <split> --models <models built from it>`
(docs/eval/ml-1m-sas-cold-random-10pct-seed-20261201.md). The temporal variant on ml-1m-u2999
is not measurable: 4 titles are first watched in the last 10% of its time span, and 1 of 2,999
test targets is one of them.
"""
else:
    cold_section=''

# Full-catalogue sensitivity (eval --all-candidates).
FC=E+'ml-1m-sas-all-candidates.json'
fullcat=''
if os.path.exists(FC):
    A=json.load(open(FC)); B={m['name']:m for m in json.load(open(E+'ml-1m-sas.json'))['methods']}
    same=all(abs(m['metrics'][k]-B[m['name']]['metrics'][k])<1e-12 for m in A['methods'] if m['name'] in B for k in m['metrics'])
    fullcat=f"""
**Candidates: the protocol's {json.load(open(E+'ml-1m-sas.json'))['candidates']:,} movies or the engine's {A['candidates']:,}.** Ranked against every catalogue
movie (what the engine does; `dualrec-train eval --all-candidates`, `docs/eval/ml-1m-sas-all-candidates.md`),
{'every method above gives exactly the same HR@1–20 and NDCG@5–20' if same else 'the figures differ (see the report)'}: the movies never seen in
training never reach a top 20.
"""

# The LLM's regimes (dualrec-train llm-regimes).
RG=E+'llm-regimes.json'
regimes_section=''; R=None
if os.path.exists(RG):
    R=json.load(open(RG))
    rows=[]
    for r in R['regimes']:
        v=r['validation']
        rows.append(f"| {r['name']} | {r['users']:,} | {r['ndcg10_with']:.4f} | {r['ndcg10_without']:.4f} | {r['delta_ndcg10']:+.4f} ({r['ci95'][0]:+.4f} to {r['ci95'][1]:+.4f}) | {r['language_weight']:.2f} | {v['delta_ndcg10']:+.4f} ({v['ci95'][0]:+.4f} to {v['ci95'][1]:+.4f}), {v['users']} users | {'yes' if r['routed'] else 'no'} |")
    nm="; ".join(f"{x['name']}: {x['why']}" for x in R.get('not_measured',[]))
    regimes_section=f"""## 5. Where the LLM helps: regimes — all 6,040 users

For each regime the weight of the LLM's 3 picks is fitted on **validation** targets of 500 seeded
users (seed {R['regimes'][0]['validation']['seed']}), against the same engine without the LLM; then test targets are
compared with and without it, paired per user (`dualrec-train llm-regimes`,
`docs/eval/llm-regimes.json`). New viewers: the history is cut to the last N watches at
validation and at test (PROTOCOL.md). Where the fitted weight is 0 the engine with the LLM is the
engine without it, so the test row covers every test viewer exactly, without calling the LLM.
{R['route_rule'][0].upper()+R['route_rule'][1:]}.

| regime | test users | NDCG@10 with the LLM | without | Δ (95% CI) | fitted weight | validation Δ (95% CI) | routed |
|---|---|---|---|---|---|---|---|
""" + "\n".join(rows) + f"""

Not measured — {nm}.

**Routing.** `DUALREC_STAGE_AUTO` (the default) loads and runs the LLM only for the regimes routed
above (fusion.json's `llm_routes`); {'it routes none, so the default engine never loads the LLM' if not R['routes'] else 'routes: ' + str(R['routes'])}.
`DUALREC_STAGE_LANGUAGE` set explicitly still runs it on every call (the paper's 3-title generation,
which `dualrec-cli demo` shows).
"""

# A viewer's request (dualrec-train eval-query).
QJ=E+'query.json'
query_section=''
if os.path.exists(QJ):
    Q=json.load(open(QJ)); rd=Q['reading']; rk=Q['ranking']
    m=lambda k: f"{rd[k]['mean']:.3f} ({rd[k]['ci95'][0]:.3f}–{rd[k]['ci95'][1]:.3f})"
    krow=lambda k: f"| {k} | {rk[k]['users']} | {rk[k]['hr10_with']:.4f} ({rk[k]['hr10_with_ci95'][0]:.4f}–{rk[k]['hr10_with_ci95'][1]:.4f}) | {rk[k]['hr10_without']:.4f} ({rk[k]['hr10_without_ci95'][0]:.4f}–{rk[k]['hr10_without_ci95'][1]:.4f}) | {rk[k]['hr10_ratio']:.2f}× |"
    W_=Q['weights']; T=Q['genre_similarity_threshold']
    RD=Q.get('readers') or {}
    has_llm=bool(RD.get('llm'))
    reader_text=("""The request is read by rules from the catalogue (genre names plus a hand-written English synonym
table, decade and year patterns, title grounding: exact, then word overlap); where a phrase is
left that no rule read, **the LLM reader** (lm.gguf with the `lm-reader` LoRA adapter, trained on
requests generated from the catalogue in frames and wordings disjoint from the evaluation's) names
the request's genres, decoding only catalogue genre names. Without the LLM, those phrases are
compared with the genres by Sentence-BERT above a threshold chosen on development wordings the
evaluation does not repeat""" if has_llm else """The reader has **no LLM**: the
catalogue's genre names plus a hand-written English synonym table, decade and year patterns, title
grounding (exact, then word overlap), and Sentence-BERT similarity of unread phrases to the genres
above a threshold chosen on development wordings the evaluation does not repeat""")
    query_section=f"""## 6. A viewer's request (`dualrec_recommend_query`) — {Q['sample']['users']:,} seeded test viewers

One request per viewer, built from the held-out movie: its genre, its decade, both, "something
like <the watched title most like it>", or genre + title; each genre in three wordings (plain, a
common synonym, a paraphrase; `docs/eval/query.md` lists them). {reader_text} ({T['library']:.2f};
development accuracy {T['development_accuracy']:.2f}). Explicit genres and years filter; reference titles pull by
Sentence-BERT similarity (weight {W_['reference']}, chosen on validation requests, like the others: free words
{W_['words']}, genre share {W_['genre_share']}); the viewer's fused order leads.""" + (f"""
Two further terms were tried on the same validation requests and are not weighed
(`weight_fit` in query.json): the references' co-watching (their collaborative weights to each
movie; validation NDCG@10 {max(g['ndcg10'] for g in Q['weight_fit']['grid'] if g['reference_collab'] > 0 and g['reference'] == W_['reference']):.4f} at best beside the reference weight {W_['reference']},
against {Q['weight_fit']['chosen']['ndcg10']:.4f} chosen) and a fused pool drawn inside the intent
({max(g['ndcg10'] for g in Q['weight_fit']['grid'] if g['within']):.4f}). The "like" requests name the watched title most like the
target *by Sentence-BERT*, which favours that term over co-watching.""" if Q.get('weight_fit') and 'reference_collab' in Q['weight_fit']['chosen'] else "") + f"""

| reading{' (with the LLM reader)' if has_llm else ''} | value (95% CI) |
|---|---|
| genre F1, all wordings | {m('genre_f1')} |
| — plain / synonym / paraphrase | {rd['genre_f1_wording0']['mean']:.3f} / {rd['genre_f1_wording1']['mean']:.3f} / {rd['genre_f1_wording2']['mean']:.3f} |
| year range exact | {m('years_exact')} |
| reference title grounded | {m('reference_grounded')} |
| refused as unclear | {m('unclear')} |

| requests | users | HR@10 with the request | without | ratio |
|---|---|---|---|---|
""" + "\n".join(krow(k) for k in ['all','genre','decade','genre+decade','like-title','genre+like-title']) + f"""

`recommend_query` p50 {Q['latency_ms']['p50']:.1f} ms, p99 {Q['latency_ms']['p99']:.1f} ms ({Q['latency_ms'].get('threads', 1)} thread(s) per call).
"""
    if has_llm:
        P=Q['paired_llm_minus_without']; A=RD['without_llm']; B=RD['llm']
        cell=lambda x,k: f"{x['reading'][k]['mean']:.3f} ({x['reading'][k]['ci95'][0]:.3f}–{x['reading'][k]['ci95'][1]:.3f})" if k in x['reading'] else '—'
        dcell=lambda k: f"{P[k]['mean']:+.3f} ({P[k]['ci95'][0]:+.3f}…{P[k]['ci95'][1]:+.3f})" if k in P else '—'
        hr=lambda x: f"{x['ranking']['all']['hr10_with']:.4f} ({x['ranking']['all']['hr10_with_ci95'][0]:.4f}–{x['ranking']['all']['hr10_with_ci95'][1]:.4f})"
        query_section += f"""
**The LLM reader against the reader without it** (the same {Q['sample']['users']:,} requests; paired per request):

| measure | without the LLM | with the LLM reader | paired difference (95% CI) |
|---|---|---|---|
""" + "\n".join(f"| {n} | {cell(A,k)} | {cell(B,k)} | {dcell(k)} |" for k,n in [('genre_f1','genre F1'),('genre_f1_wording0','— plain'),('genre_f1_wording1','— synonym'),('genre_f1_wording2','— paraphrase'),('spurious_genre','a genre read where none was asked'),('reference_grounded','reference grounded')]) + f"""
| HR@10 with the request | {hr(A)} | {hr(B)} | {dcell('hr10')} |
| `recommend_query` p50 / p99 | {A['latency_ms']['p50']:.1f} / {A['latency_ms']['p99']:.1f} ms | {B['latency_ms']['p50']:.1f} / {B['latency_ms']['p99']:.1f} ms | |

The LLM ran in {B['llm_calls_ms']['calls']} of the {B['latency_ms']['calls']:,} calls (those with a phrase no rule read): p50
{B['llm_calls_ms']['p50']:.0f} ms, p99 {B['llm_calls_ms']['p99']:.0f} ms there. How such phrases are read was chosen on {len(Q['unread_phrases_choice']['development_wordings'])}
development wordings that share no word with the reader's training or with these requests (genre F1:
""" + ", ".join(f"{k} {v:.3f}" for k,v in Q['unread_phrases_choice']['genre_f1'].items()) + f"""; chosen
{Q['unread_phrases_choice']['chosen_on_development_wordings']}, shipped {Q['unread_phrases_choice']['library']}). The paraphrase figure rests on 18 distinct wordings (one per
genre, each weighted by how often its genre is a test target); its interval covers the sampling of
viewers, not of wordings.
"""
        try:
            first=json.load(open(E+'query-reader-run1.json'))
            f1=first['readers']['llm']['reading']
            query_section += f"""
The shipped adapter is the second training run. The first (`docs/eval/query-reader-run1.json`, its
adapter's sha256 recorded there, not shipped) read genres into made-up words ("xqzv blorf wug" read as Mystery: the C test caught it), so made-up
words were added to the training requests as "none" and the adapter retrained with the same
settings (the generated requests differ with the new mix). The first run scored genre F1 {f1['genre_f1']['mean']:.3f} ({f1['genre_f1']['ci95'][0]:.3f}–{f1['genre_f1']['ci95'][1]:.3f}), paraphrase
{f1['genre_f1_wording2']['mean']:.3f}, on these requests. Both runs read 14 of the 18 distinct paraphrases as written (bare); they
miss the Animation and Horror ones, and then different ones (the first: Comedy and Drama, frequent
targets; the second: Children's and Film-Noir, rare ones), which is most of the gap. Run-to-run spread is
large at this sample of wordings.
"""
        except Exception:
            pass
    else:
        query_section += "An LLM reader is not in this model directory, so the comparison of readers with and without an LLM is not made.\n"

regimes_bullet=''
if R:
    pos=[r for r in R['regimes'] if r['language_weight']>0]
    zero=[r['name'] for r in R['regimes'] if r['language_weight']==0]
    regimes_bullet=("The regimes study (section 5) finds no regime where it earns its cost: " if not R['routes'] else "The regimes study (section 5) routes: "+str(R['routes'])+". ") + \
        (f"the weight fitted on validation is 0 for {', '.join(zero)}" if zero else "") + \
        "".join(f"; for {r['name']} it is {r['language_weight']:.2f} (validation {r['validation']['delta_ndcg10']:+.4f}, {r['validation']['ci95'][0]:+.4f} to {r['validation']['ci95'][1]:+.4f}), and on test {r['delta_ndcg10']:+.4f} ({r['ci95'][0]:+.4f} to {r['ci95'][1]:+.4f})" for r in pos) + \
        (". So for `recommend` the default `DUALREC_STAGE_AUTO` neither loads nor runs the LLM (it loads it only to read a request with a phrase no rule reads, section 6); asking for `DUALREC_STAGE_LANGUAGE` by name still runs it (the rows of section 2)." if not R['routes'] else ".")

doc=f"""# Results

All numbers follow `../shared/PROTOCOL.md` on **ml-1m-sas** (6,040 users, 3,416 movies,
leave-one-out, full ranking over every movie seen in training, watched movies excluded, ties
by smaller movie id, 95% bootstrap CIs over users, 1,000 resamples). Raw reports:
`docs/eval/*.json`; each method records the sha256 of the model files it ran. Reproduce with
`dualrec-train eval`, `fusion-fit` and `eval-pipeline` (commands below each table).

## 1. Sequential stage, learned fusion and baselines — all 6,040 users

{s1}

`dualrec-train eval --data ../shared/data/ml-1m-sas --methods popularity,transitions,lstm-fp32,lstm-int8,lstm-fused,lstm-fused-no-semantic`

Next to the published numbers (HR@10 / NDCG@10), by HR@10. Only the rows on our split compare
directly; the HSTU and FuXi-α rows are on other splits of ML-1M and are listed so that no table
is misread (every one of these codebases excludes watched items, as we do):

{pubtab}

- **The LSTM** (one layer, hidden 256; movie id + title words + genres per step; full-softmax
  cross-entropy at every position of ≤30-movie windows) trained 4 epochs in the first session
  (stopped by its 45-minute cap while validation still rose) and 6 more in the third
  (`dualrec-train lstm --resume --epochs 6 --lr 1e-3 --lr-schedule cosine`; AdamW restarted;
  early stop at epoch 10, best epoch 7; `docs/eval/lstm-training.json`, `.svg`). Validation
  NDCG@10 0.1696 → 0.1877; test HR@10 0.2871 → {l['metrics']['HR@10']:.4f}, NDCG@10 0.1660 →
  {l['metrics']['NDCG@10']:.4f}: above gSASRec, below SASRec with full cross-entropy.
  int8 and fp32 give the same metrics.
{seeds_bullet}- **The learned fusion** (`lstm-fused`, no LLM) re-scores the LSTM's best {W['pool']} unwatched movies:
  LSTM score + Σ_l w_l · ln(P(movie | l-th last watch) + ε) over the last 3 watches (the shipped
  transition table) + w_s · Sentence-BERT cosine to the centroid of the last {W['recent']} watches
  + w_c · Σ_(i watched) B[i, movie], the **collaborative evidence**: EASE item-to-item weights
  (Steck 2019; a closed-form ridge regression of every movie on all others over the training
  split, λ = 200, `models/collab.bin`, 3,883² int8, made by `dualrec-train collab`) summed over
  the viewer's *whole* history, which the LSTM's 30-movie window cannot see. All weights were
  chosen on the **validation** targets of all users (`dualrec-train fusion-fit`;
  `docs/eval/fusion-fit.md`), never on the test targets. Validation NDCG@10: LSTM {V['lstm_only']['ndcg10']:.4f};
  + transitions {va('transitions'):.4f}; + transitions + similarity {va('transitions+similarity'):.4f} (the previous
  default); + collaborative alone {va('collaborative'):.4f}; all three {va('transitions+similarity+collaborative'):.4f} (shipped:
  transition {W['transition']}, ε {W['eps']}, similarity {W['similarity']}, collab {W['collab']}).
  On test it adds {f['paired_vs_lstm_int8']['HR@10'][0]:+.4f} HR@10 and {f['paired_vs_lstm_int8']['NDCG@10'][0]:+.4f} NDCG@10 to the same LSTM ({f['paired_vs_lstm_int8']['HR@10'][1]:+.4f} to {f['paired_vs_lstm_int8']['HR@10'][2]:+.4f}
  and {f['paired_vs_lstm_int8']['NDCG@10'][1]:+.4f} to {f['paired_vs_lstm_int8']['NDCG@10'][2]:+.4f}). The similarity term adds nothing measurable on test
  (`lstm-fused-no-semantic`, the weak-device setting, is as good).
{fullcat}
## 2. The DUALRec pipeline — all 6,040 users

Every method from one engine trace per user (`dualrec-train eval-pipeline --users 6040`,
{d['wall_s']/60:.0f} min on 2 cores). LLM: SmolLM2-135M-Instruct with our LoRA adapter merged, every matrix Q4_0
(`models/lm.gguf`, sha256 `{LM_6040[:12]}…`), choosing 3 movies among the LSTM's best 20 unwatched (`llm_shortlist = 20`),
greedy, constrained by a token trie to catalogue titles. Methods that produce only a few movies
are completed by the LSTM ranking after their own items.

{s2}

LLM ({llmnote}.
{LLM_CHANGE}
Rules:
- `dualrec` is the whole pipeline with the LLM asked for by name (`DUALREC_STAGE_ALL`; the
  default `DUALREC_STAGE_AUTO` no longer runs the LLM, section 5, and then answers `lstm-fused`),
  fused by the learned rule (`DUALREC_FUSION_AUTO`): the LSTM's best {W['pool']} and the
  LLM's picks re-scored as in `lstm-fused`, plus the LLM weight for each pick ({W['language']:.2f}: fitted on
  {LF['users']} seeded validation users, seed {LF['seed']}, not allowed below 0).
- `dualrec-tail` is an earlier default: the LSTM's top 7, then the LLM's 3 movies ordered by
  0.5 LSTM score + 0.5 SBERT similarity to the last-10 centroid.
- `dualrec-paper` is the paper's order: LSTM top-1, then the LLM's 3 movies re-ranked by SBERT
  similarity to it, then the LSTM ranking. `dualrec-paper-llm-order` skips the re-ranking;
  `dualrec-paper-centroid-rerank` uses ours.
- Every title the LLM generated was a catalogue movie outside the viewer's history (checked for
  every user; the counts are in the LLM line above).

## 3. The paper's metrics, without leakage (next-5) — 500 seeded users

History = all but the last 5 interactions; a hit is any of the 5 held-out movies; genre
similarity = best Jaccard between the top-1's genres and each held-out movie's. Same 500 users
as the earlier sample tables (seed 20260701; ids in `docs/eval/ml-1m-sas-sample500-users.json`).
**Every model here was fitted on each viewer's all-but-last-5 only**: `dualrec-train next5-split`
writes that copy of the data (validation target = the 6th-from-last movie) and `dualrec-train
build` made the LSTM, transitions, EASE weights (λ chosen on validation) and fusion weights from it
(`docs/eval/next5-build/`). Each row records `fitted_on` per model and the evaluator refuses the
leave-one-out models (they trained on 3 of the 5 held-out movies). The LLM rows use the base
SmolLM2 (fitted on no viewing data); our adapter was trained on the leave-one-out split.

{s4}

`dualrec-train next5-split --data ../shared/data/ml-1m-sas --out <dir>`, `dualrec-train build --data <dir> --models <m>`,
`dualrec-train lm --base <SmolLM2 GGUF> --models <m>`, then `dualrec-train eval-pipeline --users 500 --next5 --models <m>`.
The earlier next-5 table used the leave-one-out models and was inflated, the fused engine most
(its HR@1 0.300 and HR@5 0.592 against the LSTM's 0.222 and 0.482).

{cold_section}
{regimes_section}
{query_section}
## What this shows

- **Target of issue 6 (DUALRec above the LSTM with non-overlapping CIs): {'met' if met else 'not met'}.** On all 6,040
  users `dualrec` reaches HR@10 {d['metrics']['HR@10']:.4f} ({ci(d,'HR@10')[0]:.4f}–{ci(d,'HR@10')[1]:.4f}) and NDCG@10
  {d['metrics']['NDCG@10']:.4f} ({ci(d,'NDCG@10')[0]:.4f}–{ci(d,'NDCG@10')[1]:.4f}) against `lstm-int8`'s {l['metrics']['HR@10']:.4f} ({ci(l,'HR@10')[0]:.4f}–{ci(l,'HR@10')[1]:.4f}) and
  {l['metrics']['NDCG@10']:.4f} ({ci(l,'NDCG@10')[0]:.4f}–{ci(l,'NDCG@10')[1]:.4f}){': the intervals do not overlap' if met else ': the intervals still overlap'}. Paired on the same users:
  ΔHR@10 {d['paired_vs_lstm_int8']['HR@10'][0]:+.4f} ({d['paired_vs_lstm_int8']['HR@10'][1]:+.4f} to {d['paired_vs_lstm_int8']['HR@10'][2]:+.4f}), ΔNDCG@10 {d['paired_vs_lstm_int8']['NDCG@10'][0]:+.4f} ({d['paired_vs_lstm_int8']['NDCG@10'][1]:+.4f} to {d['paired_vs_lstm_int8']['NDCG@10'][2]:+.4f}).
- **Against the published table**, on our split the default engine is {'above every published row by point estimate' if top else 'above ' + ', '.join(above)}; the best
  published figure found on this exact protocol is {best_same[0]}'s {best_same[1]:.4f} / {best_same[2]:.4f}, and our 95% intervals
  ({ci(d,'HR@10')[0]:.4f}–{ci(d,'HR@10')[1]:.4f}, {ci(d,'NDCG@10')[0]:.4f}–{ci(d,'NDCG@10')[1]:.4f}) lie {'above it' if ci(d,'HR@10')[0]>best_same[1] and ci(d,'NDCG@10')[0]>best_same[2] else 'partly over it'}.
  HSTU-large's 0.3294 / 0.1893 and HSTU + MoL's 0.3412 / 0.1979 are on HSTU's own split, not
  comparable; on a clean split the eSASRec study measured HSTU at 0.3037 / 0.1719.
  Caveat: the published models are single sequence models; ours is an LSTM re-scored with
  two item-to-item models (transitions and EASE) fitted on the same training split.
- **Where the gain comes from: the fusion's item-to-item evidence, not the LLM.** On validation
  the collaborative evidence is the largest single term ({va('collaborative')-V['lstm_only']['ndcg10']:+.4f} NDCG@10 alone, {va('transitions+similarity+collaborative')-va('transitions+similarity'):+.4f} on top of
  transitions + similarity). `dualrec` and `lstm-fused` (the same fusion without the LLM term)
  differ by {d['metrics']['HR@10']-f['metrics']['HR@10']:+.4f} HR@10 and {d['metrics']['NDCG@10']-f['metrics']['NDCG@10']:+.4f} NDCG@10. The 135M LLM's picks carry no information beyond the
  fused shortlist: its fitted weight is {W['language']:.2f} (validation NDCG@10 on its {LF['users']} users
  {LF['without_llm']['ndcg10']:.4f} without, {LF['with_llm']['ndcg10']:.4f} with); the `llm-only` ranking (its 3 picks, then the LSTM) is well
  below the LSTM. {regimes_bullet}
- **On the paper's next-5 metrics without leakage** (section 3, 500 users, every model fitted on
  all-but-last-5) the fused engine's gain over the LSTM is much smaller than the leaking table
  said: HR@1 {n5('lstm-int8','HR@1')} → {n5('lstm-fused','HR@1')}, HR@5 {n5('lstm-int8','HR@5')} → {n5('lstm-fused','HR@5')}, NDCG@5 {n5('lstm-int8','NDCG@5')} →
  {n5('lstm-fused','NDCG@5')}, genre Jaccard {n5('lstm-int8','genre_jaccard')} → {n5('lstm-fused','genre_jaccard')}; {'the intervals overlap on every metric' if not any(g(N5,'lstm-fused')['ci95'][k][0]>g(N5,'lstm-int8')['ci95'][k][1] for k in ['HR@1','HR@5','NDCG@5','genre_jaccard']) else 'see the table for which intervals separate'}.
- **The learned fusion beats every fixed placement rule**, none of which beats the LSTM alone:
  `dualrec-tail` (the LLM replaces the LSTM's places 8–10) changes NDCG@10 by {tl['paired_vs_lstm_int8']['NDCG@10'][0]:+.4f}
  ({tl['paired_vs_lstm_int8']['NDCG@10'][1]:+.4f} to {tl['paired_vs_lstm_int8']['NDCG@10'][2]:+.4f}) and the paper's order (which spends places 2–4 on the LLM) by
  {pp['paired_vs_lstm_int8']['NDCG@10'][0]:+.4f} ({pp['paired_vs_lstm_int8']['NDCG@10'][1]:+.4f} to {pp['paired_vs_lstm_int8']['NDCG@10'][2]:+.4f}).
- Earlier variant rows (the LLM choosing from the whole catalogue, 0.2340 HR@10 on 500 users;
  the base LLM without our adapter, within 0.002 of it) were measured with the first LSTM and
  are in the git history of `docs/eval/ml-1m-sas-sample500.md` (commit 4cbdc79). They showed that
  the shortlist is essential for a 135M model and that the adapter (a 69-step run) does not move
  ranking. `llm-only-free-text` (docs/eval/llm-free-text.md, {FT['users']} users, the current LSTM): without the
  trie {FT['not_a_catalogue_title_pct']:.1f}% of the LLM's lines name no catalogue movie and {FT['watched_pct']:.1f}% name a movie already
  watched; with it, 0%. Ranked (grounded picks first, then the LSTM) the free answer gives HR@10
  {FT['llm_only_free_text']['HR@10']:.4f} / NDCG@10 {FT['llm_only_free_text']['NDCG@10']:.4f}.
- **New titles: the engine now ranks them, weakly.** Without `dualrec_add_movie` a title no
  model saw scores 0 by construction; with it, cold test targets reach the HR@10 above (section 4),
  level with the content-only baseline and not 2× genre matching (the intervals overlap), while
  all-user NDCG@10 stays within its interval of the engine without added titles. The cold rule's
  validation estimate (stand-in titles) is about 3× its test figure: the simulation still
  flatters content evidence.
{moonshot_bullet}- **What is likely to move it further**: a real LoRA run on the shortlist task (a GPU, or
  hours on CPU) so that the LLM term earns a weight, and a stronger sequence model.
- The paper's own figures are not comparable: its released evaluation splits by row position,
  keeps the top 1,000 movies, uses 150 unseeded users and lets the re-ranker see the held-out
  titles (PROTOCOL.md).
"""
open('docs/results.md','w').write(doc)
