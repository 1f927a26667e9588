import sys, os, collections
# Converts the eleventh set unread: checks only its shape, prints only counts.
src = sys.argv[1] if len(sys.argv) > 1 else '/srv/blind11/wordings.tsv'
G=["Action","Adventure","Animation","Children's","Comedy","Crime","Documentary","Drama","Fantasy","Film-Noir","Horror","Musical","Mystery","Romance","Sci-Fi","Thriller","War","Western"]
rows=[l.rstrip('\n').split('\t') for l in open(src,encoding='utf-8') if l.strip()]
assert len(rows)==216, len(rows)
assert all(len(r)==3 for r in rows)
c=collections.Counter((r[0],r[1]) for r in rows)
assert all(r[0] in G and r[1] in 'DI' and r[2].strip() for r in rows)
assert all(c[(g,'D')]==5 and c[(g,'I')]==7 for g in G), 'per genre 5 D 7 I'
assert len(set(r[2].strip().lower() for r in rows))==216, 'duplicates'
esc=lambda t:t.strip().replace('\\','\\\\').replace('"','\\"')
body='\n'.join('    ("%s", %s, "%s"),'%(esc(g),k,esc(t)) for g,k,t in rows)
p='train/src/eval/query/blind_wordings.rs'
s=open(p).read()
anchor='/// A set of blind wordings: (genre, kind, wording), as written.'
assert anchor in s and 'BLIND_GENRE_WORDINGS_11' not in s
block=('/// The eleventh held-out set, as the helper wrote them (genre, kind, wording):\n'
       '/// written on 2026-12-05 (session 32) and read by no reader yet; kept for the\n'
       '/// next pre-registered request-reader candidate (see BLIND_10_WHAT for how\n'
       '/// such a set is dropped, put in place and read).\n'
       '#[allow(dead_code)]\n'
       'pub(crate) const BLIND_GENRE_WORDINGS_11: &[(&str, Kind, &str)] = &[\n'+body+'\n];\n\n')
s=s.replace(anchor, block+anchor)
open(p,'w').write(s)
print('ok', len(rows), 'rows', len(G), 'genres')
