"""Offline (not a test): the sets' wordings read whole by the 3 nearest example phrases (the
library's sets, the fifth to thirteenth, at 0.5), and, where the whole reads no genre, clause by
clause; the requests and frames asking no genre read the same way. From the repository root:

python3 docs/eval/more-sets/extract.py F
python3 docs/eval/clauses/extract_none.py F
python3 docs/eval/clauses/prep.py F
for x in phrases stripped segs; do cargo run --release -p dualrec-train --example embed_phrases -- models F/$x.txt F/$x.f32; done
cargo run --release -p dualrec-train --example embed_phrases -- models F/none_stripped.txt F/none.f32
python3 docs/eval/clauses/offline.py F
"""
import sys
F=sys.argv[1]
import numpy as np
rows=[l.rstrip('\n').split('\t') for l in open(F+'/rows16.tsv')]
def load(f,n):
    E=np.fromfile(f,dtype='<f4').reshape(n,384); return E/np.linalg.norm(E,axis=1,keepdims=True)
E=load(F+'/phrases.f32',len(rows)); S=load(F+'/stripped.f32',len(rows))
strip=[l.rstrip('\n') for l in open(F+'/stripped.txt')]
segt=[l.rstrip('\n') for l in open(F+'/segs.txt')]; meta=[l.split() for l in open(F+'/segmeta.tsv')]
SG=load(F+'/segs.f32',len(segt))
nrows=[l.rstrip('\n').split('\t') for l in open(F+'/none.tsv')]
nstrip=[l.rstrip('\n') for l in open(F+'/none_stripped.txt')]
N=load(F+'/none.f32',len(nrows)); nempty=np.array([x=='x' for x in nstrip])
src=np.array([r[0] for r in rows]); gen=np.array([r[1] for r in rows]); kind=np.array([r[2] for r in rows])
G=sorted(set(g for g in gen if g)); L=G+['']
def read(Q,bank,k=3):
    Sm=Q@E[bank].T; lab=gen[bank]
    best=np.full(len(Q),-9.0); arg=np.array(['']*len(Q),dtype=object)
    for g in L:
        cols=Sm[:,lab==g]
        m=-np.sort(-cols,axis=1)[:,:min(k,cols.shape[1])].mean(axis=1)
        better=m>best; best[better]=m[better]; arg[better]=g
    return arg,best
def sets(n): return ['ex','none']+[f'blind{i}' for i in range(5,n)]
bank=np.where(np.isin(src,sets(14)))[0]
wa,wb=read(S,bank); na,nb=read(N,bank); sa,sb=read(SG,bank)
# segments per item
from collections import defaultdict
wseg=defaultdict(list); nseg=defaultdict(list)
for i,(t,k) in enumerate(meta):
    (wseg if t=='w' else nseg)[int(k)].append(i)
def decide(a,b,segs,thr,tseg,mode):
    if a!='' and b>=thr: return a
    if mode=='none' or len(segs)<2: return ''
    cands=[(sb[i],sa[i]) for i in segs if sa[i]!='' and sb[i]>=tseg]
    return max(cands)[1] if cands else ''
ntag=np.array([r[0] for r in nrows])
for thr,tseg,mode in [(0.5,0.5,'none'),(0.5,0.5,'seg'),(0.5,0.55,'seg'),(0.5,0.6,'seg'),(0.45,0.45,'none')]:
    line=[]
    for t in [14,15,16]:
        for kd in ['I','D']:
            q=np.where((src==f'blind{t}')&(kind==kd))[0]
            acc=np.mean([decide(wa[i],wb[i],wseg[i],thr,tseg,mode)==gen[i] for i in q])
            line.append(f'{kd}{t} {acc:.3f}')
    nok=np.array([nempty[i] or decide(na[i],nb[i],nseg[i],thr,tseg,mode)=='' for i in range(len(nrows))])
    print(thr,tseg,mode,' '.join(line),f'none {nok.mean():.3f} nt1 {nok[ntag=="nt1"].sum()}/12 fr1 {nok[ntag=="fr1"].sum()}/26')
print('--- none flips')
for i in range(len(nrows)):
    if not nempty[i] and decide(na[i],nb[i],nseg[i],0.5,0.5,'none')=='' and decide(na[i],nb[i],nseg[i],0.5,0.5,'seg')!='':
        print(nrows[i], [ (segt[j], sa[j], round(float(sb[j]),2)) for j in nseg[i]])
print('--- sample gains/losses set16')
q=np.where(src=='blind16')[0]; c=0
for i in q:
    a0=decide(wa[i],wb[i],wseg[i],0.5,0.5,'none'); a1=decide(wa[i],wb[i],wseg[i],0.5,0.5,'seg')
    if a0!=a1 and c<12:
        c+=1; print(gen[i], a0 or '-', '->', a1, '|', rows[i][3][:110])
print('--- min 2 words per clause')
def decide2(a,b,segs,thr,tseg,minw):
    if a!='' and b>=thr: return a
    cands=[(sb[i],sa[i]) for i in segs if sa[i]!='' and sb[i]>=tseg and len(segt[i].split())>=minw]
    if len(segs)<2: return ''
    return max(cands)[1] if cands else ''
for minw in [1,2,3]:
  for tseg in [0.5,0.55]:
    line=[]
    for t in [14,15,16]:
        q=np.where((src==f'blind{t}')&(kind=='I'))[0]
        line.append(f'I{t} {np.mean([decide2(wa[i],wb[i],wseg[i],0.5,tseg,minw)==gen[i] for i in q]):.3f}')
    nok=np.array([nempty[i] or decide2(na[i],nb[i],nseg[i],0.5,tseg,minw)=='' for i in range(len(nrows))])
    print(minw,tseg,' '.join(line),f'none {nok.mean():.3f} nt1 {nok[ntag=="nt1"].sum()}/12 fr1 {nok[ntag=="fr1"].sum()}/26')
