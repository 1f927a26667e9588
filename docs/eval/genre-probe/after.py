"""After the test (not a test): the wordings as the engine compares them (content
runs, stop words dropped), read by the nearest phrases (as written) and by probes
fitted on the phrases as written, as content runs, or both; then the nearest
phrases deciding whether a genre is read and the probe which one (numpy,
scikit-learn). Needs
offline.py's folder, then (from the repository root):

PYTHONPATH=docs/eval/written-phrases python3 docs/eval/written-phrases/strip.py /tmp/probe
cargo run --release -p dualrec-train --example embed_phrases -- models /tmp/probe/stripped.txt /tmp/probe/emb_stripped.f32
python3 docs/eval/genre-probe/after.py /tmp/probe
"""
import os, sys
os.chdir(sys.argv[1] if len(sys.argv) > 1 else '.')
import numpy as np, warnings
warnings.filterwarnings('ignore')
from sklearn.linear_model import LogisticRegression
rows=[l.rstrip('\n').split('\t') for l in open('rows.tsv')]
def load(f):
    E=np.fromfile(f,dtype='<f4').reshape(len(rows),384); return E/np.linalg.norm(E,axis=1,keepdims=True)
E=load('emb.f32'); S=load('emb_stripped.f32')
src=np.array([r[0] for r in rows]); gen=np.array([r[1] for r in rows]); kind=np.array([r[2] for r in rows])
G=sorted(set(g for g in gen if g)); L=G+['']
def knn(Q, B, bank, k=3, thr=0.5):
    Sm=Q@B[bank].T; lab=gen[bank]
    best=np.full(len(Q),-9.0); arg=np.array(['']*len(Q),dtype=object)
    for g in L:
        cols=Sm[:,lab==g]
        m=-np.sort(-cols,axis=1)[:,:min(k,cols.shape[1])].mean(axis=1)
        better=m>best; best[better]=m[better]; arg[better]=g
    return np.where((arg!='')&(best>=thr),arg,'')
def sb(n): return [f'blind{i}' for i in range(5,n)]
none=np.where(src=='none')[0]; rng=np.random.default_rng(1); rng.shuffle(none); folds=np.array_split(none,5)
allsets=[f'blind{i}' for i in range(5,15)]; base=np.where(np.isin(src,['ex']+allsets))[0]
# query stripped (as the engine), bank: as written (E) or stripped (S) or both
for name,train in [('knn bank written',None),('lr train written',E),('lr train stripped',S),('lr train both',np.vstack)]:
    line=[name]
    for n in [12,13,14]:
        bank=np.where(np.isin(src,['ex','none']+sb(n)))[0]; q=np.where(src==f'blind{n}')[0]
        if train is None: out=knn(S[q],E,bank)
        else:
            if train is np.vstack: X=np.vstack([E[bank],S[bank]]); y=np.concatenate([gen[bank],gen[bank]])
            else: X=train[bank]; y=gen[bank]
            clf=LogisticRegression(C=16,max_iter=3000).fit(X,y); P=clf.predict_proba(S[q]); out=np.where(P.max(1)>=0.3,clf.classes_[P.argmax(1)],'')
        m=kind[q]=='I'; line.append(f'{n}I {np.mean(out[m]==gen[q][m]):.3f} D {np.mean(out[~m]==gen[q][~m]):.3f}')
    ok=0
    for f in folds:
        bank=np.concatenate([base,np.setdiff1d(none,f)])
        if train is None: out=knn(S[f],E,bank)
        else:
            if train is np.vstack: X=np.vstack([E[bank],S[bank]]); y=np.concatenate([gen[bank],gen[bank]])
            else: X=train[bank]; y=gen[bank]
            clf=LogisticRegression(C=16,max_iter=3000).fit(X,y); P=clf.predict_proba(S[f]); out=np.where(P.max(1)>=0.3,clf.classes_[P.argmax(1)],'')
        ok+=np.sum(out=='')
    line.append('none %.3f'%(ok/len(none)))
    print(' | '.join(line))

# ---- the nearest phrases decide whether, the probe which ----

def knn2(Q,B,bank,k=3):
    Sm=Q@B[bank].T; lab=gen[bank]
    best=np.full(len(Q),-9.0); arg=np.array(['']*len(Q),dtype=object)
    for g in L:
        cols=Sm[:,lab==g]; m=-np.sort(-cols,axis=1)[:,:min(k,cols.shape[1])].mean(axis=1)
        better=m>best; best[better]=m[better]; arg[better]=g
    return arg,best
for train in ['written','both']:
  for t in [0.5,0.45,0.4]:
    line=[f'gate knn {t}, label probe({train})']
    for n in [12,13,14]:
        bank=np.where(np.isin(src,['ex','none']+sb(n)))[0]; q=np.where(src==f'blind{n}')[0]
        arg,best=knn2(S[q],E,bank)
        X=E[bank] if train=='written' else np.vstack([E[bank],S[bank]]); y=gen[bank] if train=='written' else np.concatenate([gen[bank],gen[bank]])
        clf=LogisticRegression(C=16,max_iter=3000).fit(X,y); P=clf.predict_proba(S[q])
        # the probe's most probable genre (none excluded)
        gi=[i for i,c in enumerate(clf.classes_) if c!='']; lab=clf.classes_[gi][P[:,gi].argmax(1)]
        out=np.where((arg!='')&(best>=t),lab,'')
        outk=np.where((arg!='')&(best>=t),arg,'')
        m=kind[q]=='I'; line.append(f'{n}I {np.mean(out[m]==gen[q][m]):.3f} (knn {np.mean(outk[m]==gen[q][m]):.3f})')
    print(' | '.join(line))
