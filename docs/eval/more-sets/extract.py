"""The example phrases and the fifth to fifteenth written sets, one per line, with their labels
(docs/eval/genre-probe/extract.py, the sets since session 39 all in the library).
python3 docs/eval/more-sets/extract.py FOLDER (from the repository root)."""
import re, collections, sys
A=sys.argv[1]
rows=[]
pat=re.compile(r'\("([^"]*)", ([DI]), "((?:[^"\\]|\\.)*)"\)')
src=open('src/pipeline/written_requests.rs').read()
names=['FIFTH','SIXTH','SEVENTH','EIGHTH','NINTH','TENTH','ELEVENTH','TWELFTH','THIRTEENTH','FOURTEENTH','FIFTEENTH']
for n,name in enumerate(names, start=5):
    i=src.index('pub const %s_SET: &[(&str, WordingKind, &str)] = &['%name); j=src.index('];',i)
    for m in pat.finditer(src[i:j]): rows.append(('blind%d'%n,m.group(1),m.group(2),m.group(3).replace('\\"','"')))
ex=open('src/pipeline/genre_exemplars.rs').read()
i=ex.index('pub const GENRE_EXEMPLARS'); j=ex.index('pub const NO_GENRE_EXEMPLARS')
for g in re.finditer(r'\("([^"]+)", &\[(.*?)\]\)', ex[i:j], re.S):
    for p in re.findall(r'"((?:[^"\\]|\\.)*)"', g.group(2)): rows.append(('ex',g.group(1),'I',p))
k=ex.index('];',j)
for p in re.findall(r'"((?:[^"\\]|\\.)*)"', ex[j:k]): rows.append(('ex','','I',p))
i=ex.index('pub const WRITTEN_NO_GENRE'); k=ex.index('];',i)
for p in re.findall(r'"((?:[^"\\]|\\.)*)"', ex[i:k]): rows.append(('none','','I',p))
print(collections.Counter(r[0] for r in rows))
with open(A+'/rows.tsv','w') as f:
    for r in rows: f.write('\t'.join(r)+'\n')
with open(A+'/phrases.txt','w') as f:
    for r in rows: f.write(r[3]+'\n')
