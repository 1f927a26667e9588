import json
d=json.load(open('docs/eval/written-requests/third-test/query.json'))
K='written_requests_candidate'
b=d['blind_genre_wordings_12']
print('design', b.get('design'))
print('kept', b['wordings']['kept_direct'], b['wordings']['kept_indirect'], 'written', b['wordings']['written'])
for k in ['library',K,'without_llm','margin_0']:
    if k in b and b[k]:
        x=b[k]; r=x['reading']
        print(k,'F1 %.3f'%r['genre_f1']['mean'], [round(v,3) for v in r['genre_f1']['ci95']], [round(v,3) for v in r['genre_f1']['ci95_resampling_wordings']], 'D %.3f'%r['genre_f1_wording0']['mean'], 'I %.3f'%r['genre_f1_wording2']['mean'], [round(v,3) for v in r['genre_f1_wording2']['ci95_resampling_wordings']], 'n_w', r['genre_f1']['wordings'], 'HR %.4f'%x['ranking']['all']['hr10_with'], '%.3f'%x['ranking']['all']['hr10_ratio'])
p=b.get('paired_library_minus_'+K)
if p:
    g=p['genre_f1']
    print('RULE2 cand-lib F1 %+.4f'%(-g['mean']), 'test-level', [round(-v,4) for v in reversed(g['ci_test_level_resampling_wordings'])], '95% wordings', [round(-v,4) for v in reversed(g['ci95_resampling_wordings'])], 'requests', [round(-v,4) for v in reversed(g['ci95'])])
    for kk in ['genre_f1_wording0','genre_f1_wording2']:
        print('  ', kk, '%+.4f'%(-p[kk]['mean']), [round(-v,4) for v in reversed(p[kk]['ci_test_level_resampling_wordings'])])
    print('RULE3 twelfth HR cand-lib %+.4f'%(-p['hr10']['mean']), [round(-v,4) for v in reversed(p['hr10']['ci95'])])
q=b['paired_library_minus_without_llm']
print('lib - without F1 %+.4f'%q['genre_f1']['mean'], 'test-level', [round(v,4) for v in q['genre_f1']['ci_test_level_resampling_wordings']], '95', [round(v,4) for v in q['genre_f1']['ci95_resampling_wordings']])
m=d['genre_margin_choice']
for h in ['fifth_held_out']:
    f=m[h]['frames'].get(K,{})
    print(h, 'HR lib-cand', f.get('paired_hr10_library_minus_'+K))
w=m['written_requests'].get('paired_library_minus_'+K)
print('RULE3 templated HR lib-cand', w['hr10']['mean'], w['hr10']['ci95'], 'F1', w['genre_f1']['mean'])
print('RULE1 written_choice', json.dumps(d['written_requests_choice']['chosen']), d['written_requests_choice'].get('off_objective'))
print('library templated HR', d['ranking']['all']['hr10_with'], d['ranking']['all']['hr10_ratio'], 'F1', d['reading']['genre_f1']['mean'])
print('model_sha256', d['model_sha256'])
