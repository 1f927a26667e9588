import re, collections, sys
A = sys.argv[1] if len(sys.argv) > 1 else 'ana'  # the analysis folder; run from the repository root
rows=[]
pat=re.compile(r'\("([^"]*)", ([DI]), "((?:[^"\\]|\\.)*)"\)')
src=open('src/pipeline/written_requests.rs').read()
sets={'5':'FIFTH_SET','6':'SIXTH_SET','7':'SEVENTH_SET','8':'EIGHTH_SET','9':'NINTH_SET','10':'TENTH_SET','11':'ELEVENTH_SET','12':'TWELFTH_SET'}
for s,name in sets.items():
    i=src.index('pub const %s: &[(&str, WordingKind, &str)] = &['%name); j=src.index('];',i)
    for m in pat.finditer(src[i:j]): rows.append(('blind'+s,m.group(1),m.group(2),m.group(3).replace('\\"','"')))
ex=open('src/pipeline/genre_exemplars.rs').read()
i=ex.index('pub const GENRE_EXEMPLARS'); j=ex.index('pub const NO_GENRE_EXEMPLARS')
for g in re.finditer(r'\("([^"]+)", &\[(.*?)\]\)', ex[i:j], re.S):
    for p in re.findall(r'"((?:[^"\\]|\\.)*)"', g.group(2)): rows.append(('ex',g.group(1),'I',p))
k=ex.index('];',j)
for p in re.findall(r'"((?:[^"\\]|\\.)*)"', ex[j:k]): rows.append(('ex','','I',p))
print(collections.Counter((r[0],r[2]) for r in rows))
with open(A+'/rows.tsv','w') as f:
    for r in rows: f.write('\t'.join(r)+'\n')
with open(A+'/phrases.txt','w') as f:
    for r in rows: f.write(r[3]+'\n')
