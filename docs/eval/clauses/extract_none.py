"""The requests and frames asking no genre (train/src/eval/request_frames.rs; a frame's title slot left empty), as written and as content words: python3 docs/eval/clauses/extract_none.py FOLDER (from the repository root)."""
import sys
F=sys.argv[1]
import re,sys
sys.path.insert(0,'docs/eval/written-phrases')
from convert import words
s=open('train/src/eval/request_frames.rs').read()
src=open('src/pipeline/request.rs').read()
i=src.index('const STOP: &[&str] = &['); j=src.index('];',i)
STOP=set(re.findall(r'"([^"]*)"',src[i:j]))
out=[]
def block(name):
    i=s.index(f'pub const {name}'); j=s.index('\n];',i); return s[i:j]
for n in ['NO_TITLE_ASKING_NO_GENRE']:
    for m in re.finditer(r'^    "((?:[^"\\]|\\.)*)",', block(n), re.M): out.append(('nt1',m.group(1)))
for n in ['NO_TITLE_REQUESTS_2','NO_TITLE_REQUESTS_3','NO_TITLE_REQUESTS_4','NO_TITLE_REQUESTS_5']:
    for m in re.finditer(r'\("((?:[^"\\]|\\.)*)", &\[\]\)', block(n)): out.append(('nt'+n[-1],m.group(1)))
for n,tag in [('REFERENCE_FRAMES:','fr1'),('REFERENCE_FRAMES_2','fr2'),('REFERENCE_FRAMES_3','fr3'),('REFERENCE_FRAMES_4','fr4'),('REFERENCE_FRAMES_5','fr5')]:
    for m in re.finditer(r'\("((?:[^"\\]|\\.)*)", NO_GENRE\)', block(n)): out.append((tag,m.group(1).replace('{t}',' ')))
with open(F+'/none.tsv','w') as f:
    for t,x in out: f.write(t+'\t'+x+'\n')
with open(F+'/none_stripped.txt','w') as f:
    for t,x in out: f.write((' '.join(w for w in words(x) if w not in STOP) or 'x')+'\n')
import collections; print(collections.Counter(t for t,_ in out))
