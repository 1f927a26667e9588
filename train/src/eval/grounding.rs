//! Grounding: an LLM's free-text title -> a catalogue movie (exact and
//! normalised title, edit distance, then Sentence-BERT nearest neighbour).
//! The engine never needs it (its decoder can only write catalogue titles);
//! `ground-eval` measures it and `eval-free-text` uses it on the LLM's
//! unconstrained answers.

use std::collections::HashMap;

use anyhow::{bail, Result};
use dualrec::model_dir::catalog::{normalize_title, Catalog};
use dualrec::stages::semantic::Semantic;

/// Default cosine below which an embedding match is not accepted as a
/// grounding (chosen on `dualrec-train ground-eval`, see docs/eval/grounding.md).
pub const DEFAULT_GROUND_THRESHOLD: f32 = 0.75;

/// How a grounding was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroundMethod {
    /// Normalised title and year both match.
    Title,
    /// Normalised title matches, the year is missing or differs by at most
    /// [`MAX_YEAR_GAP`] (closest year taken).
    TitleOtherYear,
    /// Edit distance of the normalised titles (typos, spacing).
    Fuzzy,
    /// Embedding nearest neighbour above the threshold.
    Embedding,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Grounding {
    pub index: u32,
    /// 1.0 for title matches, the cosine for embedding matches.
    pub score: f32,
    pub method: GroundMethod,
}

/// Edits (insert, delete, substitute, swap adjacent) a fuzzy title match may
/// need, by the length of the catalogue title's compact key.
pub const fn max_edits(len: usize) -> usize {
    match len {
        0..=3 => 0,
        4..=7 => 1,
        8..=15 => 2,
        _ => 3,
    }
}
/// A title match with a year further than this from the text's year is not
/// the same movie ("Dune (2021)" is not "Dune (1984)").
pub const MAX_YEAR_GAP: u16 = 2;

/// "the matrix" -> "thematrix" (normalised title without spaces).
fn compact_key(title: &str) -> String {
    normalize_title(title).0.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Optimal-string-alignment distance (Levenshtein + adjacent swaps), or
/// `None` once it must exceed `limit`.
pub fn edit_distance(a: &[char], b: &[char], limit: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > limit {
        return None;
    }
    let w = b.len() + 1;
    let mut prev2 = vec![0usize; w];
    let mut prev: Vec<usize> = (0..w).collect();
    let mut cur = vec![0usize; w];
    for i in 1..=a.len() {
        cur[0] = i;
        let mut row_min = cur[0];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(prev2[j - 2] + 1);
            }
            cur[j] = v;
            row_min = row_min.min(v);
        }
        if row_min > limit {
            return None;
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    Some(prev[b.len()]).filter(|&d| d <= limit)
}

/// Strips list markers ("1.", "-", "*"), quotes, markdown emphasis and a
/// trailing " — genres" / " | note" that an LLM may wrap a title in.
pub fn clean_generated_title(text: &str) -> String {
    let mut t = text.trim();
    // "1. ", "2) ", "- ", "* ", "• "
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && digits < 4 && matches!(t.as_bytes().get(digits), Some(b'.') | Some(b')')) {
        t = t[digits + 1..].trim_start();
    }
    for p in ["- ", "* ", "• "] {
        if let Some(r) = t.strip_prefix(p) {
            t = r.trim_start();
        }
    }
    for sep in [" — ", " | "] {
        if let Some(p) = t.find(sep) {
            if p > 0 {
                t = &t[..p];
            }
        }
    }
    // Quotes and markdown emphasis ("**", "__"), but not a '*' inside a
    // title ("M*A*S*H").
    let s = t.replace("**", "").replace("__", "");
    let s: String = s.chars().filter(|c| !matches!(c, '"' | '“' | '”' | '`')).collect();
    s.trim().trim_matches('*').trim().trim_end_matches(['.', ',', ';']).trim().to_string()
}

/// Generated text -> catalogue movie, with the semantic stage's encoder and
/// index for the last step. Used by the tools that measure what the title
/// trie prevents (the engine's LLM output is a catalogue title already).
pub struct Grounder<'a> {
    semantic: &'a Semantic,
    catalog: &'a Catalog,
    /// Lower-cased display and MovieLens titles with year -> index.
    exact: HashMap<String, u32>,
    /// Each movie's compact key ("thematrix" -> "matrix"), as chars.
    keys: Vec<Vec<char>>,
    /// Cosine below which an embedding match is dropped.
    pub threshold: f32,
    /// Whether step 3 (edit-distance title matching) runs.
    pub fuzzy: bool,
}

impl<'a> Grounder<'a> {
    pub fn new(semantic: &'a Semantic, catalog: &'a Catalog) -> Result<Self> {
        if semantic.index().len() != catalog.len() {
            bail!("index has {} rows, catalogue {} movies", semantic.index().len(), catalog.len());
        }
        let mut exact = HashMap::new();
        for (i, m) in catalog.movies().iter().enumerate() {
            let raw = if m.year > 0 { format!("{} ({})", m.raw_title, m.year) } else { m.raw_title.clone() };
            for t in [m.display(), raw] {
                exact.entry(t.to_lowercase()).or_insert(i as u32);
            }
        }
        let keys = catalog.movies().iter().map(|m| compact_key(&m.title).chars().collect()).collect();
        Ok(Grounder { semantic, catalog, exact, keys, threshold: DEFAULT_GROUND_THRESHOLD, fuzzy: true })
    }

    /// Generated text -> catalogue index.
    ///
    /// 1. The text is cleaned ([`clean_generated_title`]); an exact
    ///    (case-insensitive) display or MovieLens title with year wins.
    /// 2. Normalised title ([`normalize_title`]: case, punctuation, articles,
    ///    year split off): among movies with the same normalised title the
    ///    one whose year matches wins, else the closest year within
    ///    [`MAX_YEAR_GAP`] (any year when the text gives none), ties to the
    ///    lower index.
    /// 3. Fuzzy: the catalogue title fewest edits away (typos, spacing:
    ///    at most [`max_edits`] of its length), year within [`MAX_YEAR_GAP`]
    ///    when given.
    /// 4. The text is embedded and the most similar catalogue movie (year
    ///    within [`MAX_YEAR_GAP`] when given) is taken if its cosine is at
    ///    least [`Self::threshold`].
    ///
    /// The movie the text names is identified first and `exclude` applied
    /// after: when it names an excluded movie the answer is `None`, never a
    /// look-alike substitute. (Without a matching year, excluded same-title
    /// movies are skipped: "Psycho" can ground to the 1998 remake when the
    /// 1960 film was watched.)
    pub fn ground_detailed(&self, text: &str, exclude: &[u32]) -> Result<Option<Grounding>> {
        let t = clean_generated_title(text);
        if t.is_empty() {
            return Ok(None);
        }
        if let Some(&i) = self.exact.get(&t.to_lowercase()) {
            let g = Grounding { index: i, score: 1.0, method: GroundMethod::Title };
            return Ok((!exclude.contains(&i)).then_some(g));
        }
        if let Some(g) = self.ground_title(&t, exclude) {
            return Ok(g);
        }
        let year = normalize_title(&t).1;
        let year_ok = |i: u32| year == 0 || self.catalog.movie(i).year.abs_diff(year) <= MAX_YEAR_GAP;
        if let Some(g) = self.ground_fuzzy(&t, year, &year_ok).filter(|_| self.fuzzy) {
            return Ok((!exclude.contains(&g.index)).then_some(g));
        }
        let q = self.semantic.encoder()?.embed(&[&t])?.pop().unwrap_or_default();
        let best = self.semantic.index().nearest(&q, 1, |i| !year_ok(i));
        Ok(best.first().and_then(|&(i, s)| {
            (s >= self.threshold && !exclude.contains(&i)).then_some(Grounding { index: i, score: s, method: GroundMethod::Embedding })
        }))
    }

    /// Step 3: the catalogue title with the fewest edits to the text's
    /// compact key, within [`max_edits`] of the catalogue key's length and
    /// [`MAX_YEAR_GAP`] when a year is given. Ties: closer year, then lower
    /// index. Score: 1 - edits / length.
    fn ground_fuzzy(&self, t: &str, year: u16, year_ok: &dyn Fn(u32) -> bool) -> Option<Grounding> {
        let q: Vec<char> = compact_key(t).chars().collect();
        if q.is_empty() {
            return None;
        }
        let mut best: Option<(usize, u16, u32)> = None;
        for (i, k) in self.keys.iter().enumerate() {
            let limit = best.map_or(max_edits(k.len()), |(d, _, _)| max_edits(k.len()).min(d));
            let Some(d) = edit_distance(&q, k, limit) else { continue };
            if !year_ok(i as u32) {
                continue;
            }
            let gap = if year > 0 { self.catalog.movie(i as u32).year.abs_diff(year) } else { 0 };
            if best.is_none_or(|(bd, bg, _)| d < bd || (d == bd && gap < bg)) {
                best = Some((d, gap, i as u32));
            }
        }
        best.map(|(d, _, i)| {
            let len = self.keys[i as usize].len().max(1);
            Grounding { index: i, score: 1.0 - d as f32 / len as f32, method: GroundMethod::Fuzzy }
        })
    }

    /// Step 1 of grounding. `Some(None)`: the title names only excluded movies.
    fn ground_title(&self, t: &str, exclude: &[u32]) -> Option<Option<Grounding>> {
        let (key, year) = normalize_title(t);
        let mut cands = self.catalog.indices_for_key(&key).to_vec();
        if cands.is_empty() {
            return None;
        }
        // Title and year both match: that movie, or nothing when it is excluded.
        if year > 0 {
            if let Some(&i) = cands.iter().find(|&&i| self.catalog.movie(i).year == year) {
                let g = Grounding { index: i, score: 1.0, method: GroundMethod::Title };
                return Some((!exclude.contains(&i)).then_some(g));
            }
            // Same title, a distant year: another film (or a remake we lack).
            cands.retain(|&i| self.catalog.movie(i).year.abs_diff(year) <= MAX_YEAR_GAP);
            if cands.is_empty() {
                return None;
            }
        }
        cands.retain(|i| !exclude.contains(i));
        let Some(&best) = cands.iter().min_by_key(|&&i| {
            let y = self.catalog.movie(i).year;
            (if year > 0 { (y as i32 - year as i32).unsigned_abs() } else { 0 }, i)
        }) else {
            return Some(None);
        };
        let m = self.catalog.movie(best);
        let method = if year > 0 && m.year == year { GroundMethod::Title } else { GroundMethod::TitleOtherYear };
        Some(Some(Grounding { index: best, score: 1.0, method }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dualrec::stages::semantic::index::encode_catalog_embeddings;
    use dualrec::stages::semantic::{catalog_text, CatalogIndex, Encoder, Precision};


    #[test]
    fn cleans_generated_titles() {
        assert_eq!(clean_generated_title("1. **The Matrix (1999)**"), "The Matrix (1999)");
        assert_eq!(clean_generated_title("- \"Heat\" (1995) — a crime thriller"), "Heat (1995)");
        assert_eq!(clean_generated_title("Toy Story (1995) — Animation, Comedy"), "Toy Story (1995)");
        assert_eq!(clean_generated_title("  Star Wars: Episode VI - Return of the Jedi (1983). "), "Star Wars: Episode VI - Return of the Jedi (1983)");
        assert_eq!(clean_generated_title("   "), "");
        assert_eq!(clean_generated_title("**M*A*S*H (1970)**"), "M*A*S*H (1970)");
        assert_eq!(clean_generated_title("* M*A*S*H"), "M*A*S*H");
    }


    #[test]
    fn edit_distances() {
        let c = |s: &str| s.chars().collect::<Vec<_>>();
        assert_eq!(edit_distance(&c("matirx"), &c("matrix"), 3), Some(1));
        assert_eq!(edit_distance(&c("matrx"), &c("matrix"), 3), Some(1));
        assert_eq!(edit_distance(&c("kitten"), &c("sitting"), 3), Some(3));
        assert_eq!(edit_distance(&c("kitten"), &c("sitting"), 2), None);
        assert_eq!(edit_distance(&c(""), &c("ab"), 2), Some(2));
        assert_eq!(max_edits(3), 0);
        assert_eq!(max_edits(6), 1);
    }


    fn models_dir() -> std::path::PathBuf {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../models")
    }

    fn open_encoder(p: Precision) -> Encoder {
        let dir = dualrec::model_dir::ModelDir::open(&models_dir(), dualrec::model_dir::manifest::Verify::Full).unwrap();
        Encoder::open(&dir, 1, p, None).unwrap_or_else(|e| {
            panic!("{e} (run `dualrec-train sbert --wheel-dir <model dir> --models models` first)")
        })
    }
    const SMALL: &[u8] = b"1::Toy Story (1995)::Animation|Children's|Comedy\n\
2571::Matrix, The (1999)::Action|Sci-Fi|Thriller\n\
6::Heat (1995)::Action|Crime|Thriller\n\
1197::Princess Bride, The (1987)::Action|Adventure|Comedy|Romance\n\
1219::Psycho (1960)::Horror|Thriller\n\
2389::Psycho (1998)::Crime|Horror|Thriller\n\
1210::Star Wars: Episode VI - Return of the Jedi (1983)::Action|Adventure|Romance|Sci-Fi|War\n";

    /// A small catalogue with its index embedded by the real fp32 model.
    fn small_semantic() -> (Semantic, Catalog) {
        let cat = Catalog::parse_movies_dat(SMALL).unwrap();
        let enc = open_encoder(Precision::Fp32);
        let texts: Vec<String> = cat.movies().iter().map(catalog_text).collect();
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        let mut data = Vec::new();
        enc.embed_into(&refs, &mut data).unwrap();
        let idx = CatalogIndex::from_bytes(&encode_catalog_embeddings(cat.len(), &data), cat.len(), "t").unwrap();
        (Semantic::from_parts(Some(enc), idx), cat)
    }


    #[test]
    fn grounding_titles_years_typos_and_exclusions() {
        let (sem, cat) = small_semantic();
        let s = Grounder::new(&sem, &cat).unwrap();
        let ix = |id: u32| cat.index_of(id).unwrap();
        let g = |t: &str, ex: &[u32]| s.ground_detailed(t, ex).unwrap();
        let (matrix, psycho60, psycho98, bride) = (ix(2571), ix(1219), ix(2389), ix(1197));
        for t in ["The Matrix (1999)", "Matrix, The (1999)", "THE MATRIX (1999)", "the matrix!! (1999)", "1. **The Matrix (1999)**"] {
            assert_eq!(g(t, &[]), Some(Grounding { index: matrix, score: 1.0, method: GroundMethod::Title }), "{t}");
        }
        for t in ["The Matrix", "Matrix", "The Matrix (2001)", "- The Matrix (1998) — Action, Sci-Fi"] {
            let r = g(t, &[]).unwrap();
            assert_eq!((r.index, r.method), (matrix, GroundMethod::TitleOtherYear), "{t}");
        }
        // Remakes: the year decides; without one the lower index; closest year when wrong.
        assert_eq!(g("Psycho (1998)", &[]).unwrap().index, psycho98);
        assert_eq!(g("Psycho (1960)", &[]).unwrap().index, psycho60);
        assert_eq!(g("Psycho (1997)", &[]).unwrap().index, psycho98);
        assert_eq!(g("Psycho (1962)", &[]).unwrap().index, psycho60);
        assert_eq!(g("Psycho", &[]).unwrap().index, psycho60.min(psycho98));
        // Exclusions: never a substitute for the named movie...
        assert_eq!(g("Psycho (1998)", &[psycho98]), None);
        assert_eq!(g("The Matrix (1999)", &[matrix]), None);
        assert_eq!(g("The Matrx (1999)", &[matrix]), None);
        // ...but an unnamed year may go to the other version.
        assert_eq!(g("Psycho", &[psycho60]).unwrap().index, psycho98);
        // Typos: trigram similarity.
        for t in ["The Princes Bride (1987)", "Princess Brdie", "princessbride"] {
            let r = g(t, &[]).unwrap_or_else(|| panic!("{t}: dropped"));
            assert_eq!((r.index, r.method), (bride, GroundMethod::Fuzzy), "{t}");
            assert!(r.score > 0.8 && r.score < 1.0 || t == "princessbride", "{t}: {}", r.score);
        }
        // A distant year is another film: not grounded by title, trigram or embedding.
        assert_eq!(g("Heat (2013)", &[]), None);
        assert_eq!(g("Toy Stroy (1995)", &[]).unwrap().index, ix(1));
        assert_eq!(g("Star Wars: Episode VI – Return of the Jedi", &[]).unwrap().index, ix(1210));
        // Not in the catalogue, or nothing at all: dropped.
        for t in ["Inception (2010)", "A man is eating food.", "", "   ", "1. **", "Penguins of the Sahara (1995)"] {
            assert_eq!(g(t, &[]), None, "{t:?}");
        }
        assert_eq!(s.ground_detailed("Heat (1995)", &[]).unwrap().map(|g| (g.index, g.score)), Some((ix(6), 1.0)));
    }
}
