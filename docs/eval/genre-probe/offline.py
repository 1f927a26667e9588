"""Offline: genres of the written sets read by the library's nearest-phrase rule
(k = 3 mean cosine, a threshold) against a probe (multinomial logistic
regression, sklearn) over the same phrases, whole wordings; each set read with
only the sets before it. Then the written requests asking none held out in 5
folds (numpy, scikit-learn). Run from the repository root:

mkdir -p /tmp/probe && python3 docs/eval/genre-probe/extract.py /tmp/probe
cargo run --release -p dualrec-train --example embed_phrases -- models /tmp/probe/phrases.txt /tmp/probe/emb.f32
python3 docs/eval/genre-probe/offline.py /tmp/probe
"""
import os, sys
os.chdir(sys.argv[1] if len(sys.argv) > 1 else '.')  # the analysis folder
import numpy as np, collections, warnings
warnings.filterwarnings('ignore')
from sklearn.linear_model import LogisticRegression
rows=[l.rstrip('\n').split('\t') for l in open('rows.tsv')]
E=np.fromfile('emb.f32',dtype='<f4').reshape(len(rows),384); E/=np.linalg.norm(E,axis=1,keepdims=True)
src=np.array([r[0] for r in rows]); gen=np.array([r[1] for r in rows]); kind=np.array([r[2] for r in rows])
G=sorted(set(g for g in gen if g)); L=G+['']
def knn(Q, bank, k=3, thr=0.5):
    S=Q@E[bank].T; lab=gen[bank]
    best=np.full(len(Q),-9.0); arg=np.array(['']*len(Q),dtype=object)
    for g in L:
        cols=S[:,lab==g]
        if cols.shape[1]==0: continue
        m=-np.sort(-cols,axis=1)[:,:min(k,cols.shape[1])].mean(axis=1)
        better=m>best; best[better]=m[better]; arg[better]=g
    return np.where((arg!='')&(best>=thr),arg,'')
def setsbefore(n): return [f'blind{i}' for i in range(5,n)]
for n in [12,13,14]:
    bank=np.where(np.isin(src,['ex','none']+setsbefore(n)))[0]
    q=np.where(src==f'blind{n}')[0]
    res=[]
    for thr in [0.5,0.45]:
        out=knn(E[q],bank,3,thr)
        for kn in 'DI':
            m=kind[q]==kn; res.append(f'knn{thr}/{kn} {np.mean(out[m]==gen[q][m]):.3f}')
    # logistic regression, '' class included
    for C in [1,4,16]:
        clf=LogisticRegression(C=C,max_iter=2000).fit(E[bank],gen[bank])
        P=clf.predict_proba(E[q]); cls=clf.classes_
        for pthr in [0.0,0.4]:
            am=P.argmax(1); out=np.where(P.max(1)>=pthr, cls[am], '')
            for kn in 'DI':
                m=kind[q]==kn; res.append(f'lr C{C} p{pthr}/{kn} {np.mean(out[m]==gen[q][m]):.3f}')
    print(n, len(q)); print('   '+'\n   '.join(res))

# ---- the none-asking requests held out ----

# none-asking requests held out in 5 folds; bank = ex + all sets 5..14 + other none folds
none=np.where(src=='none')[0]; rng=np.random.default_rng(1); rng.shuffle(none); folds=np.array_split(none,5)
allsets=[f'blind{i}' for i in range(5,15)]
base=np.where(np.isin(src,['ex']+allsets))[0]
for name in ['knn0.5','knn0.45','lrC4','lrC16','lrC4p.5','lrC16p.5']:
    ok=0
    for f in folds:
        bank=np.concatenate([base,np.setdiff1d(none,f)])
        if name.startswith('knn'):
            out=knn(E[f],bank,3,float(name[3:]))
        else:
            C=float(name[3:].split('p')[0]); p=float('0'+name.split('p')[1]) if 'p' in name[3:] else 0.0
            clf=LogisticRegression(C=C,max_iter=2000).fit(E[bank],gen[bank]); P=clf.predict_proba(E[f])
            out=np.where(P.max(1)>=p, clf.classes_[P.argmax(1)], '')
        ok+=np.sum(out=='')
    print(name,'none read as none %.3f'%(ok/len(none)))

# ---- other rules without training ----

def setsbefore(n): return [f'blind{i}' for i in range(5,n)]
def centroid(Q,bank,thr):
    lab=gen[bank]; C=[];labs=[]
    for g in L:
        m=lab==g
        if m.sum()==0: continue
        c=E[bank][m].mean(0); C.append(c/np.linalg.norm(c)); labs.append(g)
    S=Q@np.array(C).T; a=S.argmax(1); labs=np.array(labs,dtype=object)
    return np.where((labs[a]!='')&(S.max(1)>=thr),labs[a],'')
none=np.where(src=='none')[0]; rng=np.random.default_rng(1); rng.shuffle(none); folds=np.array_split(none,5)
allsets=[f'blind{i}' for i in range(5,15)]
base=np.where(np.isin(src,['ex']+allsets))[0]
def nonerate(fn):
    ok=0
    for f in folds:
        bank=np.concatenate([base,np.setdiff1d(none,f)]); ok+=np.sum(fn(E[f],bank)=='')
    return ok/len(none)
for name,fn in [('knn3 .5',lambda Q,b: knn(Q,b,3,.5)),('knn5 .5',lambda Q,b: knn(Q,b,5,.5)),('knn10 .45',lambda Q,b: knn(Q,b,10,.45)),('knn10 .4',lambda Q,b: knn(Q,b,10,.4)),('knn20 .4',lambda Q,b: knn(Q,b,20,.4)),('cent .3',lambda Q,b: centroid(Q,b,.3)),('cent .4',lambda Q,b: centroid(Q,b,.4))]:
    line=[name,'none %.3f'%nonerate(fn)]
    for n in [12,13,14]:
        bank=np.where(np.isin(src,['ex','none']+setsbefore(n)))[0]; q=np.where(src==f'blind{n}')[0]
        out=fn(E[q],bank); m=kind[q]=='I'; line.append(f'{n}I {np.mean(out[m]==gen[q][m]):.3f} D {np.mean(out[~m]==gen[q][~m]):.3f}')
    print(' | '.join(line))
