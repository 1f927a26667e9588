#!/usr/bin/env python3
"""The LSTM seed study (issue 16, item 3): reads one leave-one-out report per seed and writes
docs/eval/lstm-seeds.{json,md} with the spread across seeds beside the user-bootstrap intervals.

Each seed's directory (docs/eval/seeds/seed<S>/) holds what the tools wrote for it:
  ml-1m-sas.json      dualrec-train eval (test targets, all users; records model sha256 + fitted_on)
  lstm-training.json  dualrec-train lstm (the per-epoch validation curve and the recipe)
  fusion-fit.json     dualrec-train fusion-fit (the fusion weights refitted on validation for that LSTM)
Usage (repository root): python3 scripts/qa/seed-spread.py [docs/eval/seeds] [docs/eval]"""
import json, os, statistics, sys

SEEDS_DIR = sys.argv[1] if len(sys.argv) > 1 else 'docs/eval/seeds'
OUT = sys.argv[2] if len(sys.argv) > 2 else 'docs/eval'
METHODS = ['lstm-fp32', 'lstm-int8', 'lstm-fused', 'lstm-fused-no-semantic']
METRICS = ['HR@1', 'HR@5', 'HR@10', 'HR@20', 'NDCG@5', 'NDCG@10', 'NDCG@20']
# The best figure published on this exact split (docs/results.md): the floor every seed must clear.
FLOOR = {'name': 'SASRec+ (3,000 sampled negatives)', 'HR@10': 0.3159, 'NDCG@10': 0.1857}

runs = []
for name in sorted(os.listdir(SEEDS_DIR), key=lambda n: int(n.removeprefix('seed'))):
    d = os.path.join(SEEDS_DIR, name)
    ev = json.load(open(os.path.join(d, 'ml-1m-sas.json')))
    tr = json.load(open(os.path.join(d, 'lstm-training.json')))
    if ev['protocol'] != 'loo-full':
        sys.exit(f'{d}: protocol {ev["protocol"]}, expected loo-full')
    seed = tr['training']['seed']
    if name != f'seed{seed}':
        sys.exit(f'{d}: the training report says seed {seed}')
    methods = {m['name']: m for m in ev['methods'] if m['name'] in METHODS}
    for m in methods.values():
        leaking = {k: v for k, v in m['fitted_on'].items() if v != 'loo-train' and not v.startswith('none')}
        if leaking:
            sys.exit(f'{d}: {m["name"]} ran models not fitted on loo-train: {leaking}')
    runs.append({'seed': seed, 'dir': d, 'eval': ev, 'training': tr, 'methods': methods})

if len(runs) < 3:
    sys.exit(f'{len(runs)} seeds in {SEEDS_DIR}; the study needs at least 3')
datasets = {r['eval']['data_sha256'] for r in runs}
if len(datasets) != 1:
    sys.exit(f'the seeds ran on different data: {datasets}')


def spread(xs):
    return {'mean': statistics.mean(xs), 'sd': statistics.stdev(xs), 'min': min(xs), 'max': max(xs)}


summary = []
for meth in METHODS:
    if not all(meth in r['methods'] for r in runs):
        continue
    per_seed = []
    for r in runs:
        m = r['methods'][meth]
        per_seed.append({'seed': r['seed'], 'users': m['users'], 'metrics': m['metrics'], 'ci95': m['ci95'],
                         'model_sha256': m['model_sha256'], 'fitted_on': m['fitted_on']})
    row = {'method': meth, 'seeds': per_seed,
           'across_seeds': {k: spread([s['metrics'][k] for s in per_seed]) for k in METRICS},
           'ci95_width_mean': {k: statistics.mean(s['ci95'][k][1] - s['ci95'][k][0] for s in per_seed) for k in ('HR@10', 'NDCG@10')},
           'ci95_lower_above_floor_every_seed': {k: all(s['ci95'][k][0] > FLOOR[k] for s in per_seed) for k in ('HR@10', 'NDCG@10')}}
    summary.append(row)

# The shipped LSTM is one of the seeds when its sha256 is the manifest's.
SHIPPED = next((a['sha256'] for a in json.load(open('models/manifest.json'))['artifacts'] if a['name'] == 'lstm'), None)
for r in runs:
    r['shipped'] = any(m['model_sha256'].get('lstm.onnx') == SHIPPED for m in r['methods'].values())
curves = [{'seed': r['seed'], 'shipped': r['shipped'], 'best_epoch': r['training']['best_epoch'], 'best_valid_hr10': r['training']['best_valid_hr10'],
           'best_valid_ndcg10': r['training']['best_valid_ndcg10'], 'train_seconds': r['training']['train_seconds'],
           'training': r['training']['training']} for r in runs]
report = {
    'study': 'LSTM seeds (issue 16, item 3): the shipped recipe run with each seed; fusion weights refitted on validation per seed',
    'dataset': runs[0]['eval']['dataset'], 'data_sha256': datasets.pop(), 'protocol': 'loo-full',
    'split': 'every model fitted on the leave-one-out training split (loo-train); fusion weights on validation targets; test targets scored once',
    'recipe': [
        'dualrec-train lstm --data ../shared/data/ml-1m-sas --models M --work W --hidden 256 --dropout 0.2 --lr 2e-3 --epochs 4 --max-minutes 80 --seed S',
        'dualrec-train lstm --data ../shared/data/ml-1m-sas --models M --work W --resume --epochs 6 --lr 1e-3 --lr-schedule cosine --dropout 0.2 --max-minutes 80 --seed S',
        'dualrec-train fusion-fit --data ../shared/data/ml-1m-sas --models M --llm-users 0',
        'dualrec-train eval --data ../shared/data/ml-1m-sas --models M --methods lstm-int8,lstm-fp32,lstm-fused,lstm-fused-no-semantic'],
    'floor': FLOOR, 'training': curves, 'methods': summary,
}

seeds = ', '.join(str(r['seed']) for r in runs)
md = [f'# LSTM seeds — {report["dataset"]}, all users, leave-one-out, full ranking', '',
      f'Seeds {seeds}; the same recipe for each (below); the fusion weights refitted on validation for each seed\'s LSTM. '
      'Spread = mean ± sample sd across seeds; the 95% intervals are each run\'s user bootstrap (1,000 resamples).', '',
      '| method | HR@10 mean ± sd | NDCG@10 mean ± sd | HR@10 per seed | NDCG@10 per seed | mean CI95 width HR@10 / NDCG@10 | every seed\'s CI above SASRec+ (HR@10 / NDCG@10) |',
      '|---|---|---|---|---|---|---|']
for row in summary:
    a = row['across_seeds']
    per = lambda k: ' / '.join(f"{s['metrics'][k]:.4f} ({s['ci95'][k][0]:.4f}–{s['ci95'][k][1]:.4f})" for s in row['seeds'])
    w = row['ci95_width_mean']; ab = row['ci95_lower_above_floor_every_seed']
    md.append(f"| `{row['method']}` | {a['HR@10']['mean']:.4f} ± {a['HR@10']['sd']:.4f} | {a['NDCG@10']['mean']:.4f} ± {a['NDCG@10']['sd']:.4f} | "
              f"{per('HR@10')} | {per('NDCG@10')} | {w['HR@10']:.4f} / {w['NDCG@10']:.4f} | "
              f"{'yes' if ab['HR@10'] else 'no'} / {'yes' if ab['NDCG@10'] else 'no'} |")
md += ['', '| seed | best epoch | valid HR@10 | valid NDCG@10 | training time |', '|---|---|---|---|---|']
for c in curves:
    md.append(f"| {c['seed']}{' (shipped)' if c['shipped'] else ''} | {c['best_epoch']} | {c['best_valid_hr10']:.4f} | {c['best_valid_ndcg10']:.4f} | {c['train_seconds'] / 60:.0f} min |")
# The shipped seed's figures against the shipped report (docs/eval/ml-1m-sas.json).
same_as_shipped = None
shipped_run = next((r for r in runs if r['shipped']), None)
if shipped_run and os.path.exists(os.path.join(OUT, 'ml-1m-sas.json')):
    ref = {m['name']: m['metrics'] for m in json.load(open(os.path.join(OUT, 'ml-1m-sas.json')))['methods']}
    same_as_shipped = all(ref.get(n) == m['metrics'] for n, m in shipped_run['methods'].items())
report['shipped_seed_equals_shipped_report'] = same_as_shipped
with open(os.path.join(OUT, 'lstm-seeds.json'), 'w') as f:
    json.dump(report, f, indent=2, sort_keys=True)
    f.write('\n')
if any(c['shipped'] for c in curves):
    md += ['', 'The shipped LSTM (`models/lstm.onnx`) was made by the same two phases; its first phase was run with '
           '`--epochs 40 --max-minutes 45` and stopped by that time cap after epoch 4: the same 4 epochs at the same constant '
           'learning rate. Its fusion weights here were refitted with `--llm-users 0` like the others (the shipped fusion.json '
           'differs only in its LLM section, whose fitted weight is 0). Its figures ' + {True: 'equal', False: 'differ from', None: 'were not compared with'}[same_as_shipped] + ' the shipped report\'s (docs/eval/ml-1m-sas.json).']
md += ['', 'Commands, per seed S (model directory M, work directory W):', ''] + [f'    {c}' for c in report['recipe']] + [
    '', f'Written by `python3 scripts/qa/seed-spread.py` from `{SEEDS_DIR}/seed*/`.', '']
with open(os.path.join(OUT, 'lstm-seeds.md'), 'w') as f:
    f.write('\n'.join(md))
print(f'wrote {OUT}/lstm-seeds.json and {OUT}/lstm-seeds.md ({len(runs)} seeds)')
