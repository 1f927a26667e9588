import json,sys
a=json.load(open('docs/eval/written-requests/query.json')); b=json.load(open(sys.argv[1] if len(sys.argv)>1 else 'docs/eval/suggested-genres-fix/query.json'))
print('weights same:', {k:v for k,v in a['weights'].items()}=={k:v for k,v in b['weights'].items() if k!='written_requests'})
print('templated HR', a['ranking']['all']['hr10_with'], '->', b['ranking']['all']['hr10_with'], ' ndcg', round(a['ranking']['all']['ndcg10_with'],4), '->', round(b['ranking']['all']['ndcg10_with'],4), ' F1', a['reading']['genre_f1']['mean'], '->', b['reading']['genre_f1']['mean'])
for kind in a['ranking']:
    if isinstance(a['ranking'][kind],dict) and 'hr10_with' in a['ranking'][kind]:
        print('  ',kind, a['ranking'][kind]['hr10_with'],'->',b['ranking'][kind]['hr10_with'])
for s in ['blind_genre_wordings','blind_genre_wordings_6','blind_genre_wordings_7','blind_genre_wordings_8','blind_genre_wordings_9','blind_genre_wordings_10']:
    for k in ['library','written_requests_candidate','without_llm']:
        x=a[s][k]; y=b[s][k]
        print(s,k,'F1 %.3f -> %.3f'%(x['reading']['genre_f1']['mean'],y['reading']['genre_f1']['mean']),'HR %.3f -> %.3f'%(x['ranking']['all']['hr10_with'],y['ranking']['all']['hr10_with']), 'nDCG %.4f -> %.4f'%(x['ranking']['all']['ndcg10_with'],y['ranking']['all']['ndcg10_with']))
m1=a['genre_margin_choice']; m2=b['genre_margin_choice']
for h in ['second_held_out','third_held_out','fourth_held_out','fifth_held_out']:
    f1=m1[h]['frames']; f2=m2[h]['frames']
    print(h, 'hr10 library', f1['hr10']['library'], '->', f2['hr10']['library'], ' cand', f1['written_requests_candidate']['hr10'], '->', f2['written_requests_candidate']['hr10'])
print('written choice', json.dumps(a['written_requests_choice']['chosen']), json.dumps(b['written_requests_choice']['chosen']))
