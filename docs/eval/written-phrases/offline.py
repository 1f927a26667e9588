import numpy as np, collections
import sys
A = sys.argv[1] if len(sys.argv) > 1 else 'ana'  # the analysis folder
rows=[l.rstrip('\n').split('\t') for l in open(A+'/rows.tsv')]
E=np.fromfile(A+'/emb.f32',dtype='<f4').reshape(len(rows),384)
E/=np.linalg.norm(E,axis=1,keepdims=True)
src=np.array([r[0] for r in rows]); gen=np.array([r[1] for r in rows]); kind=np.array([r[2] for r in rows])
G=sorted(set(g for g in gen if g)); L=G+['']
def knn(q_idx, bank, k=3, thr=0.5):
    S=E[q_idx]@E[bank].T; lab=gen[bank]
    best=np.full(len(q_idx),-9.0); arg=np.array(['']*len(q_idx),dtype=object)
    for g in L:
        cols=S[:,lab==g]
        if cols.shape[1]==0: continue
        kk=min(k,cols.shape[1])
        m=-np.sort(-cols,axis=1)[:,:kk].mean(axis=1)
        better=m>best; best[better]=m[better]; arg[better]=g
    out=np.where((arg!='')&(best>=thr),arg,'')
    return out,best
ex=np.where(src=='ex')[0]
early=[f'blind{i}' for i in range(5,10)]
late=['blind10','blind11','blind12']
def bankof(variant,test):
    sets=early if variant=='5-9' else [s for s in early+late if s!=test]
    return np.concatenate([ex,np.where(np.isin(src,sets))[0]])
Es=np.fromfile(A+'/emb_stripped.f32',dtype='<f4').reshape(len(rows),384); Es/=np.linalg.norm(Es,axis=1,keepdims=True)
import json
# Each later set's wordings as its test kept and read them (docs/eval/query.json per_wording), read
# offline by the library's rule (k=3 mean cosine, a threshold) whole or as content words, with the
# fifth to ninth sets among the examples or all sets but the one read (LOSO); 'engine F1': as the library read them.
j=json.load(open('docs/eval/written-phrases/first-test/query.json'))  # the library before session 37 read them there
idx={ (r[0],r[3]):i for i,r in enumerate(rows)}
def knnQ(Q, bank, k=3, thr=0.5):
    S=Q@E[bank].T; lab=gen[bank]
    best=np.full(len(Q),-9.0); arg=np.array(['']*len(Q),dtype=object)
    for g in L:
        cols=S[:,lab==g]; kk=min(k,cols.shape[1])
        m=-np.sort(-cols,axis=1)[:,:kk].mean(axis=1)
        better=m>best; best[better]=m[better]; arg[better]=g
    return np.where((arg!='')&(best>=thr),arg,''),best
for s in ['blind10','blind11','blind12']:
    pw=j['blind_genre_wordings_'+s[5:]]['per_wording']
    for kn in ['indirect','direct']:
        ws=[w for w in pw if w['kind']==kn]
        q=np.array([idx[(s,w['wording'])] for w in ws])
        eng=np.mean([w['genre_f1_library'] for w in ws])
        line=[]
        for variant in ['5-9','5-12 loso']:
            for name,Q in [('full',E[q]),('stripped',Es[q])]:
                for thr in [0.45,0.5]:
                    out,_=knnQ(Q,bankof(variant,s),3,thr)
                    line.append(f'{variant}/{name}/{thr}: {np.mean(out==gen[q]):.3f}')
        print(s,kn,len(q),'engine F1 %.3f'%eng); print('   '+'\n   '.join(line))
