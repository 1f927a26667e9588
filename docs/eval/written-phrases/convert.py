"""Converts a blind set of genre wordings unread: checks only its shape, removes
repeats within the set (the first writer's kept), puts them in
train/src/eval/query/blind_wordings.rs and prints only counts.

python3 docs/eval/written-phrases/convert.py <number> <ordinal> <folder>
(run from the repository root): the thirteenth set was `13 thirteenth /srv/blind13`,
the fourteenth `14 fourteenth /srv/blind14`; each folder holds the writers'
a.tsv, b.tsv, c.tsv (genre, D or I, wording; 4 D and 12 I per genre).
From the eighteenth on the writers also wrote requests asking no genre,
{a,b,c}_none.txt (40 lines each): put, repeats removed, in
BLIND_NO_GENRE_<number>.
"""
import os
import collections
import sys

G = ["Action", "Adventure", "Animation", "Children's", "Comedy", "Crime", "Documentary", "Drama", "Fantasy",
     "Film-Noir", "Horror", "Musical", "Mystery", "Romance", "Sci-Fi", "Thriller", "War", "Western"]


def words(t):
    # as dualrec::pipeline::request::words: alphanumeric runs, lower case, apostrophes inside a word dropped
    out, cur = [], ''
    for ch in t:
        if ch.isalnum(): cur += ch.lower()
        elif ch in "'\u2019" and cur: continue
        elif cur: out.append(cur); cur = ''
    if cur: out.append(cur)
    return out


def main(number, ordinal, srcdir):
    rows, seen, repeats = [], set(), 0
    for name in ['a', 'b', 'c']:
        r = [l.rstrip('\n').split('\t') for l in open(f'{srcdir}/{name}.tsv', encoding='utf-8') if l.strip()]
        assert len(r) == 288, (name, len(r))
        assert all(len(x) == 3 for x in r), name
        assert all(x[0] in G and x[1] in 'DI' and x[2].strip() for x in r), name
        c = collections.Counter((x[0], x[1]) for x in r)
        assert all(c[(g, 'D')] == 4 and c[(g, 'I')] == 12 for g in G), (name, 'per genre 4 D 12 I')
        for g, k, t in r:
            n = ' '.join(words(t))
            if n in seen: repeats += 1; continue
            seen.add(n); rows.append((g, k, t.strip()))
    esc = lambda t: t.replace('\\', '\\\\').replace('"', '\\"')
    body = '\n'.join('    ("%s", %s, "%s"),' % (esc(g), k, esc(t)) for g, k, t in rows)
    p = 'train/src/eval/query/blind_wordings.rs'
    s = open(p).read()
    anchor = "/// The report's description of the twelfth set."
    assert anchor in s and f'BLIND_GENRE_WORDINGS_{number}: ' not in s
    block = (f'/// The {ordinal} held-out set, as the three helpers wrote them (genre, kind,\n'
             f'/// wording), repeats within the set removed: see [`BLIND_{number}_WHAT`].\n'
             f'pub(crate) const BLIND_GENRE_WORDINGS_{number}: &[(&str, Kind, &str)] = &[\n' + body + '\n];\n\n')
    open(p, 'w').write(s.replace(anchor, block + anchor))
    c = collections.Counter(k for g, k, t in rows)
    print('ok', len(rows), 'rows kept of', 3 * 288, '; repeats within the set', repeats, '; D', c['D'], 'I', c['I'])
    if not os.path.exists(f'{srcdir}/a_none.txt'):
        return
    none, seen_none = [], set()
    for name in ['a', 'b', 'c']:
        r = [l.strip() for l in open(f'{srcdir}/{name}_none.txt', encoding='utf-8') if l.strip()]
        assert len(r) == 40 and all('\t' not in t for t in r), (name, len(r))
        for t in r:
            n = ' '.join(words(t))
            if n in seen_none or n in seen: continue
            seen_none.add(n); none.append(t)
    s = open(p).read()
    block = (f'/// The {ordinal} set\'s requests asking no genre, as the three helpers wrote\n'
             f'/// them, repeats removed: see [`BLIND_{number}_WHAT`].\n'
             f'pub(crate) const BLIND_NO_GENRE_{number}: &[&str] = &[\n' + '\n'.join('    "%s",' % esc(t) for t in none) + '\n];\n\n')
    open(p, 'w').write(s.replace(anchor, block + anchor))
    print('asking none', len(none), 'kept of', 120)


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2], sys.argv[3])
