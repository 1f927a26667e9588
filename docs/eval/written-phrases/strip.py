import re, sys
A = sys.argv[1] if len(sys.argv) > 1 else 'ana'  # the analysis folder; run from the repository root
src=open('src/pipeline/request.rs').read()
i=src.index('const STOP: &[&str] = &['); j=src.index('];',i)
STOP=set(re.findall(r'"([^"]*)"',src[i:j]))
from convert import words  # as the library splits words
rows=[l.rstrip('\n').split('\t') for l in open(A+'/rows.tsv')]
# each wording as the library's reader compares it today: its content words (stop words dropped)
with open(A+'/stripped.txt','w') as f:
    for r in rows: f.write((' '.join(w for w in words(r[3]) if w not in STOP) or 'x')+'\n')
