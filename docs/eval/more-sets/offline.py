"""Offline (not a test): each written set from the thirteenth on read by the 3 nearest example
phrases (the library's rule) with the sets written before it among the examples, its wordings'
content words (stop words dropped) against the phrases as written; indirect and direct accuracy
at a few least similarities. From the repository root, with a folder FOLDER:

python3 docs/eval/more-sets/extract.py FOLDER
PYTHONPATH=docs/eval/written-phrases python3 docs/eval/written-phrases/strip.py FOLDER
cargo run --release -p dualrec-train --example embed_phrases -- models FOLDER/phrases.txt FOLDER/emb.f32
cargo run --release -p dualrec-train --example embed_phrases -- models FOLDER/stripped.txt FOLDER/emb_stripped.f32
python3 docs/eval/more-sets/offline.py FOLDER
"""
import numpy as np, os, sys
os.chdir(sys.argv[1])
rows=[l.rstrip('\n').split('\t') for l in open('rows.tsv')]
def load(f):
    E=np.fromfile(f,dtype='<f4').reshape(len(rows),384); return E/np.linalg.norm(E,axis=1,keepdims=True)
E=load('emb.f32'); S=load('emb_stripped.f32')
src=np.array([r[0] for r in rows]); gen=np.array([r[1] for r in rows]); kind=np.array([r[2] for r in rows])
G=sorted(set(g for g in gen if g)); L=G+['']
def knn(Q,B,bank,k=3):
    Sm=Q@B[bank].T; lab=gen[bank]
    best=np.full(len(Q),-9.0); arg=np.array(['']*len(Q),dtype=object)
    for g in L:
        cols=Sm[:,lab==g]
        m=-np.sort(-cols,axis=1)[:,:min(k,cols.shape[1])].mean(axis=1)
        better=m>best; best[better]=m[better]; arg[better]=g
    return arg,best
def sets(n): return ['ex','none']+[f'blind{i}' for i in range(5,n)]
for target in [13,14,15]:
  for upto in range(max(10,target-3),target+1):
    bank=np.where(np.isin(src,sets(upto)))[0]; q=np.where(src==f'blind{target}')[0]
    arg,best=knn(S[q],E,bank)
    out=[]
    for thr in [0.4,0.45,0.5,0.55]:
        o=np.where((arg!='')&(best>=thr),arg,'')
        m=kind[q]=='I'
        out.append(f'{thr}: I {np.mean(o[m]==gen[q][m]):.3f} D {np.mean(o[~m]==gen[q][~m]):.3f} readI {np.mean(o[m]!=""):.2f}')
    print(f'set {target} bank<{upto}:', ' | '.join(out))
