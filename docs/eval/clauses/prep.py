"""The fourteenth to sixteenth sets cut into clauses (content words, as the library cuts them), with the example phrases and written sets of docs/eval/more-sets/extract.py and the sixteenth set: python3 docs/eval/clauses/prep.py FOLDER (from the repository root). With a last set after the folder (17: docs/eval/long-phrases/), the later evaluation-only sets too."""
import sys
F=sys.argv[1]
LAST=int(sys.argv[2]) if len(sys.argv)>2 else 16
import re,sys
sys.path.insert(0,'docs/eval/written-phrases')
from convert import words
src=open('src/pipeline/request.rs').read()
i=src.index('const STOP: &[&str] = &['); j=src.index('];',i)
STOP=set(re.findall(r'"([^"]*)"',src[i:j]))
pat=re.compile(r'\("([^"]*)", ([DI]), "((?:[^"\\]|\\.)*)"\)')
rows=[l.rstrip('\n').split('\t') for l in open(F+'/rows.tsv')]
b=open('train/src/eval/query/blind_wordings.rs').read()
for n in range(16,LAST+1):
    i=b.index('pub(crate) const BLIND_GENRE_WORDINGS_%d:'%n); j=b.index('];',i)
    for m in pat.finditer(b[i:j]): rows.append(['blind%d'%n,m.group(1),m.group(2),m.group(3).replace('\\"','"')])
nrows=[l.rstrip('\n').split('\t') for l in open(F+'/none.tsv')]
def strip(t): return ' '.join(w for w in words(t) if w not in STOP)
SPLIT=re.compile(r'[,.;:!?]+|\s[-–—]+\s|\b(?:so|but|because|cause|since|and i|and we|then)\b')
def segs(t):
    parts=[strip(p) for p in SPLIT.split(t)]
    return [p for p in parts if p]
out=[]; meta=[]
for k,r in enumerate(rows):
    if r[0] in ['blind%d'%n for n in range(14,LAST+1)]:
        ss=segs(r[3])
        for s in ss: out.append(s); meta.append(('w',k))
for k,r in enumerate(nrows):
    ss=segs(r[1])
    for s in ss: out.append(s); meta.append(('n',k))
with open(F+'/rows16.tsv','w') as f:
    for r in rows: f.write('\t'.join(r)+'\n')
with open(F+'/stripped.txt','w') as f:
    for r in rows: f.write((strip(r[3]) or 'x')+'\n')
with open(F+'/phrases.txt','w') as f:
    for r in rows: f.write(r[3]+'\n')
with open(F+'/segs.txt','w') as f:
    for s in out: f.write(s+'\n')
with open(F+'/segmeta.tsv','w') as f:
    for a,k in meta: f.write(f'{a}\t{k}\n')
print(len(rows),len(out))
