import sys, os
A = sys.argv[1] if len(sys.argv) > 1 else 'ana'  # the analysis folder
import numpy as np
rows=[l.rstrip('\n').split('\t') for l in open(os.path.join(A, 'rows.tsv'))]
E=np.fromfile(os.path.join(A, 'emb.f32'),dtype='<f4').reshape(len(rows),384)
E/=np.linalg.norm(E,axis=1,keepdims=True)
src=np.array([r[0] for r in rows]); gen=np.array([r[1] for r in rows]); kind=np.array([r[2] for r in rows])
G=sorted(set(g for g in gen if g))
def read(q, bank_idx, k=3):
    s=E[bank_idx]@E[q]; lab=gen[bank_idx]
    best=None
    for g in G+['']:
        v=np.sort(s[lab==g])[::-1][:k]
        if len(v)==0: continue
        m=v.mean()
        if best is None or m>best[1]: best=(g,m)
    return best
ex=np.where(src=='ex')[0]
for variant in ['ex','ex+I','ex+DI']:
    tot=[];byset={}
    for s in ['blind5','blind6','blind7','blind8','blind9']:
        others=np.where((src!='ex')&(src!=s)&((kind=='I')|(variant=='ex+DI')))[0]
        bank=ex if variant=='ex' else np.concatenate([ex,others])
        q=np.where((src==s)&(kind=='I'))[0]
        acc=[read(i,bank)[0]==gen[i] for i in q]
        byset[s]=np.mean(acc); tot+=acc
    print(variant, 'indirect acc %.3f'%np.mean(tot), {k:round(v,3) for k,v in byset.items()})
    # direct too
    tot=[]
    for s in ['blind5','blind6','blind7','blind8','blind9']:
        others=np.where((src!='ex')&(src!=s)&((kind=='I')|(variant=='ex+DI')))[0]
        bank=ex if variant=='ex' else np.concatenate([ex,others])
        q=np.where((src==s)&(kind=='D'))[0]
        tot+=[read(i,bank)[0]==gen[i] for i in q]
    print('   direct acc %.3f'%np.mean(tot))
print('--- similarity of the best label, big bank (DI), LOSO')
sims_ok=[];sims_bad=[]
for s in ['blind5','blind6','blind7','blind8','blind9']:
    others=np.where((src!='ex')&(src!=s))[0]; bank=np.concatenate([ex,others])
    for i in np.where(src==s)[0]:
        g,m=read(i,bank); (sims_ok if g==gen[i] else sims_bad).append(m)
for t in [0.4,0.45,0.5,0.55,0.6,0.65,0.7]:
    print(t, 'ok kept %.3f'%np.mean(np.array(sims_ok)>=t), 'bad kept %.3f'%np.mean(np.array(sims_bad)>=t), len(sims_bad))
print('--- small bank')
sims_ok=[];sims_bad=[]
for s in ['blind5','blind6','blind7','blind8','blind9']:
    for i in np.where(src==s)[0]:
        g,m=read(i,ex); (sims_ok if g==gen[i] else sims_bad).append(m)
for t in [0.4,0.45,0.5,0.55,0.6,0.65,0.7]:
    print(t, 'ok kept %.3f'%np.mean(np.array(sims_ok)>=t), 'bad kept %.3f'%np.mean(np.array(sims_bad)>=t), len(sims_bad))
