//! The title linker: which of the films a request's reading found is the
//! one it names, decided by a logistic model over a handful of features
//! instead of one more rule (docs/eval/title-linker/README.md).
//!
//! The rules and the LLM reader propose films; so does every catalogue
//! title said word for word (its main name, the part before its colon or an
//! alternative title). Each proposal is scored from what it is and where it
//! is said: whether the rules or the LLM read it, the LLM's margin, how many
//! words are said and whether they are everyday English, how often the film
//! is watched, and the words around it ("like", "the", a request's start).
//! The best-scored film is taken above [`TitleLinker::first`], another only
//! above [`TitleLinker::second`]. The weights are fitted on blind sets of
//! films named in free speech and requests naming none (`dualrec-train
//! eval-free-speech-titles --candidate linker`), never on a viewer's data.
//!
//! A linker with [`TitleLinker::loose`] (the second, docs/eval/title-linker-2/README.md,
//! not shipped: it failed its test) also proposes titles said loosely: words
//! joined or split ("good fellas"), a plural ("brief encounters") or a letter
//! off ("the lost arc"), and weighs five more features.

use std::collections::HashMap;

use crate::model_dir::catalog::Catalog;

use super::request::{word_spans, words, Intent};

/// How many features a proposal has ([`FEATURES`]).
pub const N_FEATURES: usize = 30;

/// The features of the first linker ([`TITLE_LINKER`]): the first 25; it
/// weighs the others 0 and proposes nothing said loosely.
pub const N_FEATURES_FIRST: usize = 25;

/// The features' names, in order (reports print the fitted weights by them).
pub const FEATURES: [&str; N_FEATURES] = [
    "bias",
    "read by the rules",
    "named by the LLM",
    "the LLM's margin (at most 10) / 10",
    "said word for word",
    "one word said",
    "two words said",
    "three or more words said",
    "its main name said",
    "an alternative title said",
    "every word said an everyday word",
    "no word said an everyday word",
    "share of the words said everyday words",
    "a name said (no everyday word)",
    "popularity rank (0: most watched, 1: least)",
    "ln(1 + viewings) / 8",
    "after \"the\"",
    "after \"a\", \"an\" or a possessive",
    "after a cue (\"like\", \"watched\", \"put on\", ...)",
    "at the request's start",
    "at the request's end",
    "before \"the\", \"or\", \"film\", \"movie\", \"one\" or \"is\"",
    "the request's words / 20",
    "the reading found more than one film",
    "its first word said written with a capital",
    "said loosely (words joined or split, a plural, a letter off)",
    "named by the LLM and said",
    "said, times ln(1 + viewings) / 8",
    "before \"with\", \"where\", \"from\", \"by\" or \"about\"",
    "a name said in the three words after it",
];

/// Words before a title that point at it.
const CUE_BEFORE: &[&str] = &["like", "watched", "watching", "seen", "finished", "love", "loved", "about", "on", "of", "as", "play", "remember", "than", "saw"];
/// Words before a title that make it one thing among others.
const OWNER_BEFORE: &[&str] = &["a", "an", "my", "our", "your", "his", "her"];
/// Words after a title that go on about it.
const AFTER_TITLE: &[&str] = &["the", "or", "film", "movie", "one", "is"];
/// Words after a title that say who is in it or what happens in it.
const DESCRIBED_AFTER: &[&str] = &["with", "where", "from", "by", "about"];
/// Leading articles a title form is said without.
const ARTICLES: &[&str] = &["the", "a", "an"];
/// Numbers and abbreviations as they are said ("12 angry men", "dr no").
const SAID: &[(&str, &str)] = &[
    ("1", "one"), ("2", "two"), ("3", "three"), ("4", "four"), ("5", "five"), ("6", "six"), ("7", "seven"),
    ("8", "eight"), ("9", "nine"), ("10", "ten"), ("11", "eleven"), ("12", "twelve"), ("13", "thirteen"),
    ("20", "twenty"), ("dr", "doctor"), ("mr", "mister"), ("st", "saint"), ("bros", "brothers"), ("vs", "versus"),
];

/// What kind of title form a span says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    Main,
    BeforeColon,
    Alternative,
}

/// Every catalogue title's forms as [`words`] writes them, without a
/// leading article ("&" said "and"), and as numbers and abbreviations are
/// said: the spans a request may name a film by.
#[derive(Debug, Clone, Default)]
pub struct TitleForms {
    forms: HashMap<Vec<String>, Vec<(u32, Form)>>,
    longest: usize,
    /// The forms said loosely ([`loose_key`]), made on first use: only a
    /// linker with [`TitleLinker::loose`] asks for them.
    loose: std::sync::OnceLock<LooseForms>,
}

/// Every form's [`loose_key`], and for keys of [`LOOSE_MIN_LETTERS`] or more
/// each key with one letter deleted (a span one letter off a form shares a
/// deletion with it).
#[derive(Debug, Clone, Default)]
struct LooseForms {
    keys: HashMap<String, Vec<(u32, Form)>>,
    deleted: HashMap<String, Vec<(u32, Form)>>,
}

/// A loose match one letter off needs this many letters: shorter spans are
/// everyday words a letter off many titles.
const LOOSE_MIN_LETTERS: usize = 12;

/// A span as said loosely: its words run together, each word of four or more
/// letters without a final "s" ("good fellas" and "goodfellas",
/// "brief encounters" and "brief encounter" alike).
fn loose_key(ws: &[String]) -> String {
    ws.iter().map(|w| if w.chars().count() >= 4 { w.strip_suffix('s').unwrap_or(w) } else { w.as_str() }).collect()
}

/// Adds `x` to `films` unless it is there.
fn push_once(films: &mut Vec<(u32, Form)>, x: (u32, Form)) {
    if !films.contains(&x) {
        films.push(x);
    }
}

/// `key` with each one letter deleted.
fn deletions(key: &str) -> impl Iterator<Item = String> + '_ {
    key.char_indices().map(move |(k, c)| format!("{}{}", &key[..k], &key[k + c.len_utf8()..]))
}

impl TitleForms {
    pub fn new(catalog: &Catalog) -> TitleForms {
        let mut t = TitleForms::default();
        for i in 0..catalog.len() as u32 {
            let title = &catalog.movie(i).title;
            let (main, rest) = title.find(" (").map_or((title.as_str(), ""), |p| (&title[..p], &title[p..]));
            let mut named = vec![(Form::Main, main.to_string())];
            if let Some((before, _)) = main.split_once(':') {
                named.push((Form::BeforeColon, before.to_string()));
            }
            // "(a.k.a. Noi vivi)", "(The Magnificent Seven)": alternative titles.
            for alt in rest.split('(').skip(1).filter_map(|s| s.split(')').next()) {
                let alt = alt.trim_start_matches("a.k.a. ");
                named.push((Form::Alternative, crate::model_dir::catalog::article_first(alt)));
            }
            for (form, ws) in Self::said_forms(named) {
                t.longest = t.longest.max(ws.len());
                push_once(t.forms.entry(ws).or_default(), (i, form));
            }
        }
        t
    }

    /// Each named form as [`words`] writes it without a leading article, and
    /// as its numbers and abbreviations are said.
    fn said_forms(named: Vec<(Form, String)>) -> Vec<(Form, Vec<String>)> {
        let mut out = Vec::new();
        for (form, text) in named {
            let mut ws = words(&text.replace('&', " and "));
            while ws.first().is_some_and(|w| ARTICLES.contains(&w.as_str())) {
                ws.remove(0);
            }
            if ws.is_empty() {
                continue;
            }
            let said: Vec<String> = ws.iter().flat_map(|w| SAID.iter().find(|s| s.0 == w).map_or(w.as_str(), |s| s.1).split(' ').map(String::from).collect::<Vec<_>>()).collect();
            out.push((form, ws));
            out.push((form, said));
        }
        out
    }

    /// The loose forms, made from the exact ones once. A part before the
    /// colon ending in "or" ("Dr. Strangelove or: How I Learned…") is said
    /// without it.
    fn loose(&self) -> &LooseForms {
        self.loose.get_or_init(|| {
            let mut l = LooseForms::default();
            for (ws, at) in &self.forms {
                for &(m, form) in at {
                    let mut ws = ws.as_slice();
                    if form == Form::BeforeColon && ws.len() > 1 && ws.last().is_some_and(|w| w == "or") {
                        ws = &ws[..ws.len() - 1];
                    }
                    let key = loose_key(ws);
                    if key.chars().count() >= LOOSE_MIN_LETTERS {
                        for d in deletions(&key) {
                            push_once(l.deleted.entry(d).or_default(), (m, form));
                        }
                    }
                    push_once(l.keys.entry(key).or_default(), (m, form));
                }
            }
            // The exact forms are a hash map: the same order in every process.
            for at in l.keys.values_mut().chain(l.deleted.values_mut()) {
                at.sort_by_key(|&(m, form)| (m, form as u8));
            }
            l
        })
    }

    /// The films a span says loosely, and how: its [`loose_key`] is a
    /// form's, or, at [`LOOSE_MIN_LETTERS`], one letter off one (a letter
    /// missing, added, changed, or two swapped).
    fn said_loosely(&self, span: &[String]) -> Vec<(u32, Form)> {
        let l = self.loose();
        let key = loose_key(span);
        let letters = key.chars().count();
        let mut out: Vec<(u32, Form)> = l.keys.get(&key).cloned().unwrap_or_default();
        let mut add = |at: Option<&Vec<(u32, Form)>>| {
            for &x in at.into_iter().flatten() {
                push_once(&mut out, x);
            }
        };
        if letters + 1 >= LOOSE_MIN_LETTERS {
            add(l.deleted.get(&key));
        }
        if letters >= LOOSE_MIN_LETTERS {
            for d in deletions(&key) {
                add(l.keys.get(&d));
                add(l.deleted.get(&d));
            }
        }
        out
    }
}

/// How a proposal's words are told apart: whether a word is an everyday
/// English word, and whether it is a name.
#[derive(Clone, Copy)]
pub struct WordKinds<'a> {
    pub everyday: &'a dyn Fn(&str) -> bool,
    pub name: &'a dyn Fn(&str) -> bool,
}

/// One film a request's reading proposes, with its features.
#[derive(Debug, Clone, PartialEq)]
pub struct Proposal {
    pub movie: u32,
    pub features: [f32; N_FEATURES],
}

/// The films the reading `intent` of `request` proposes (its references,
/// the LLM reader's film, every title said word for word), each with its
/// features. `popularity`: viewings per catalogue index (models' movies);
/// `kinds`: which words are everyday English words and which are names;
/// `loose`: titles said loosely proposed too ([`TitleLinker::loose`]).
pub fn proposals(catalog: &Catalog, forms: &TitleForms, popularity: &[f32], request: &str, intent: &Intent, loose: bool, kinds: WordKinds) -> Vec<Proposal> {
    let WordKinds { everyday, name } = kinds;
    let ws = words(request);
    let written = word_spans(request);
    // Per film, its longest span said word for word, else (`loose`) said loosely: (start, end, form, loosely).
    let mut said: Vec<(u32, usize, usize, Form, bool)> = Vec::new();
    for i in 0..ws.len() {
        for j in i + 1..=(i + forms.longest).min(ws.len()) {
            let exact: &[(u32, Form)] = forms.forms.get(&ws[i..j]).map_or(&[], Vec::as_slice);
            let loosely = if loose { forms.said_loosely(&ws[i..j]) } else { Vec::new() };
            for (m, form, is_loose) in exact.iter().map(|&(m, f)| (m, f, false)).chain(loosely.into_iter().filter(|x| !exact.contains(x)).map(|(m, f)| (m, f, true))) {
                match said.iter_mut().find(|s| s.0 == m) {
                    Some(s) => {
                        // Word for word before loosely, then the longest span.
                        let better = if s.4 != is_loose { !is_loose } else { j - i > s.2 - s.1 };
                        if better {
                            *s = (m, i, j, form, is_loose);
                        }
                    }
                    None => said.push((m, i, j, form, is_loose)),
                }
            }
        }
    }
    let llm = intent.llm_title;
    let mut movies: Vec<u32> = intent.references.clone();
    movies.extend(llm.map(|l| l.movie));
    movies.extend(said.iter().map(|s| s.0));
    let mut seen = std::collections::HashSet::new();
    movies.retain(|m| seen.insert(*m) && (*m as usize) < catalog.len() && !catalog.is_retired(*m));
    let n = popularity.len().max(1) as f32;
    movies
        .into_iter()
        .map(|m| {
            let mut f = [0f32; N_FEATURES];
            let views = popularity.get(m as usize).copied().unwrap_or(0.0);
            f[0] = 1.0;
            f[1] = f32::from(u8::from(intent.references.contains(&m)));
            if let Some(l) = llm.filter(|l| l.movie == m) {
                f[2] = 1.0;
                f[3] = l.margin.unwrap_or(10.0).clamp(0.0, 10.0) / 10.0;
            }
            // Popularity rank: the share of the models' movies watched more often.
            f[14] = popularity.iter().filter(|&&p| p > views).count() as f32 / n;
            f[15] = views.max(0.0).ln_1p() / 8.0;
            f[22] = ws.len() as f32 / 20.0;
            f[23] = f32::from(u8::from(intent.references.len() > 1));
            if let Some(&(_, i, j, form, loosely)) = said.iter().find(|s| s.0 == m) {
                let span = &ws[i..j];
                let n_every = span.iter().filter(|w| everyday(w)).count();
                let before = |k: usize| i.checked_sub(k).map(|p| ws[p].as_str());
                f[4] = f32::from(u8::from(!loosely));
                f[25] = f32::from(u8::from(loosely));
                f[26] = f[2];
                f[27] = f[15];
                f[28] = f32::from(u8::from(ws.get(j).is_some_and(|w| DESCRIBED_AFTER.contains(&w.as_str()))));
                f[29] = f32::from(u8::from(ws[j..ws.len().min(j + 3)].iter().any(|w| name(w))));
                f[5 + (span.len().min(3) - 1)] = 1.0;
                f[8] = f32::from(u8::from(form == Form::Main));
                f[9] = f32::from(u8::from(form == Form::Alternative));
                f[10] = f32::from(u8::from(n_every == span.len()));
                f[11] = f32::from(u8::from(n_every == 0));
                f[12] = n_every as f32 / span.len() as f32;
                f[13] = f32::from(u8::from(n_every == 0 && span.iter().any(|w| name(w))));
                f[16] = f32::from(u8::from(before(1) == Some("the")));
                f[17] = f32::from(u8::from(before(1).is_some_and(|w| OWNER_BEFORE.contains(&w))));
                f[18] = f32::from(u8::from(before(1).is_some_and(|w| CUE_BEFORE.contains(&w)) || before(2) == Some("like")));
                f[19] = f32::from(u8::from(i == 0));
                f[20] = f32::from(u8::from(j == ws.len()));
                f[21] = f32::from(u8::from(ws.get(j).is_some_and(|w| AFTER_TITLE.contains(&w.as_str()))));
                // Typed titles are capitalised; spoken ones, transcribed, are not.
                let capital = |k: usize| written.get(k).and_then(|&(a, _)| request[a..].chars().next()).is_some_and(char::is_uppercase);
                f[24] = f32::from(u8::from(written.len() == ws.len() && capital(i)));
            }
            Proposal { movie: m, features: f }
        })
        .collect()
}

/// The fitted linker: a logistic model's weights over [`FEATURES`], and the
/// scores above which the best proposal, and any other, is taken.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TitleLinker {
    pub weights: [f32; N_FEATURES],
    pub first: f32,
    pub second: f32,
    /// Whether titles said loosely are proposed too (`TitleForms::said_loosely`).
    pub loose: bool,
}

/// The score above which a proposal other than the best is taken too: a
/// second film must be all but certain (fixed, not fitted).
pub const LINKER_SECOND: f32 = 3.0;

/// The library's linker (`QueryWeights::default().title_linker`): fitted on
/// the twenty-third to thirty-third blind sets, the validation viewers'
/// templated requests and the written genre wordings, its threshold chosen
/// on the blind sets held out one at a time, and shipped after a
/// pre-registered test on a thirty-fourth set (docs/eval/title-linker/README.md:
/// naming none read with none 0.927 -> 0.963, films 0.882 -> 0.892; the
/// weights `title-linker.json` records, checked by a test).
pub const TITLE_LINKER: TitleLinker = TitleLinker {
    weights: [-4.156858, 5.0652742, -2.468545, -0.3204929, -0.18459505, -0.6544383, -0.2198944, 0.6897377, 1.7448084, -0.0054667504, -1.3244693, -0.42107952, -0.67204195, -1.2714276, -4.3208466, 1.0876995, 1.2038288, -2.125231, 1.5929221, 1.0428313, 0.23984721, 2.2918348, 1.1769674, -2.343284, 0.6299517, 0.0, 0.0, 0.0, 0.0, 0.0],
    first: -1.5,
    second: LINKER_SECOND,
    loose: false,
};

impl TitleLinker {
    pub fn score(&self, p: &Proposal) -> f32 {
        self.weights.iter().zip(&p.features).map(|(w, x)| w * x).sum()
    }

    /// The films taken, best first.
    pub fn link(&self, proposals: &[Proposal]) -> Vec<u32> {
        let mut scored: Vec<(f32, u32)> = proposals.iter().map(|p| (self.score(p), p.movie)).collect();
        // Best first; ties to the proposal made first (the rules', then the LLM's).
        scored.sort_by(|a, b| b.0.total_cmp(&a.0));
        scored.iter().enumerate().filter(|(k, s)| s.0 > if *k == 0 { self.first } else { self.second }).map(|(_, s)| s.1).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model_dir::catalog::Movie;

    fn catalog() -> Catalog {
        let movies = [
            (1, "Seven Samurai (The Magnificent Seven) (Shichinin no samurai)", 1954, "Action|Drama"),
            (2, "12 Angry Men", 1957, "Drama"),
            (3, "Thelma & Louise", 1991, "Action|Drama"),
            (4, "Great Escape, The", 1963, "Adventure|War"),
            (5, "Star Wars: Episode IV - A New Hope", 1977, "Action|Sci-Fi"),
            (6, "Dr. No", 1962, "Action"),
        ];
        Catalog::from_movies(movies.iter().map(|&(id, t, y, g)| Movie::new(id, t, y, g)).collect()).unwrap()
    }

    fn said(request: &str, intent: &Intent) -> Vec<Proposal> {
        let c = catalog();
        proposals(&c, &TitleForms::new(&c), &[100.0, 50.0, 10.0, 200.0, 300.0, 5.0], request, intent, false, WordKinds { everyday: &|w| ["great", "escape", "angry", "men", "no", "seven"].contains(&w), name: &|_| false })
    }

    #[test]
    fn titles_are_proposed_as_they_are_said() {
        let none = Intent::default();
        let movies = |r: &str| said(r, &none).iter().map(|p| p.movie).collect::<Vec<u32>>();
        assert_eq!(movies("put on seven samurai or something"), [0], "the main name without its alternatives");
        assert_eq!(movies("the magnificent seven"), [0], "an alternative title");
        assert_eq!(movies("twelve angry men please"), [1], "a number said");
        assert_eq!(movies("thelma and louise on the road"), [2], "\"&\" said \"and\"");
        assert_eq!(movies("my dad had the great escape on"), [3], "without its article");
        assert_eq!(movies("something like star wars"), [4], "the part before the colon");
        assert_eq!(movies("the very first doctor no"), [5], "an abbreviation said in full");
        assert!(movies("a great day out").is_empty(), "part of a title proposes nothing");
    }

    #[test]
    fn titles_said_loosely_are_proposed_only_by_a_loose_linker() {
        let movies = [
            (1, "GoodFellas", 1990, "Crime"),
            (2, "Brief Encounter", 1945, "Drama"),
            (3, "Raiders of the Lost Ark", 1981, "Action"),
            (4, "Dr. Strangelove or: How I Learned to Stop Worrying and Love the Bomb", 1963, "Comedy"),
            (5, "Metropolis", 1927, "Sci-Fi"),
            (6, "Kid, The", 1921, "Comedy"),
        ];
        let c = Catalog::from_movies(movies.iter().map(|&(id, t, y, g)| Movie::new(id, t, y, g)).collect()).unwrap();
        let forms = TitleForms::new(&c);
        let found = |r: &str, loose: bool| -> Vec<(u32, bool)> {
            proposals(&c, &forms, &[1.0; 6], r, &Intent::default(), loose, WordKinds { everyday: &|_| false, name: &|w| w == "joe" }).iter().map(|p| (p.movie, p.features[25] == 1.0)).collect()
        };
        assert_eq!(found("put on good fellas with joe pesci", true), [(0, true)], "words split");
        assert_eq!(found("brief encounters at the station", true), [(1, true)], "a plural");
        assert_eq!(found("raiders of the lost arc", true), [(2, true)], "a letter off");
        assert_eq!(found("doctor strange love the war room one", true), [(3, true)], "a part before the colon without its \"or\"");
        assert_eq!(found("metro polis", true), [(4, true)]);
        assert_eq!(found("metropolis", true), [(4, false)], "word for word is not loose");
        assert!(found("put on good fellas", false).is_empty(), "the first linker proposes nothing said loosely");
        assert!(found("raiders of the lost", true).is_empty(), "three letters off");
        assert!(found("the lost cat", true).is_empty(), "short spans are not a letter off");
        let f = proposals(&c, &forms, &[1.0; 6], "put on good fellas with joe pesci", &Intent::default(), true, WordKinds { everyday: &|_| false, name: &|w| w == "joe" })[0].features;
        assert_eq!((f[4], f[25], f[28], f[29]), (0.0, 1.0, 1.0, 1.0), "before \"with\", a name after it");
        assert_eq!(f[27], f[15], "said, times its viewings");
    }

    #[test]
    fn a_proposal_says_how_and_where_it_was_said() {
        let f = said("my dad had the great escape on", &Intent::default())[0].features;
        assert_eq!((f[0], f[1], f[2], f[4], f[6], f[8], f[10], f[16], f[19]), (1.0, 0.0, 0.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.0));
        assert_eq!(f[14], 1.0 / 6.0, "one movie is watched more often");
        assert_eq!(f[24], 0.0, "said in lower case");
        assert_eq!(said("something like Star Wars", &Intent::default())[0].features[24], 1.0, "typed with a capital");
        let read = Intent { references: vec![1], llm_title: Some(super::super::request::LlmTitle { movie: 5, margin: Some(4.0), fewest_everyday_uses: None, said_in_a_run: false }), ..Intent::default() };
        let p = said("like twelve angry men", &read);
        assert_eq!(p.iter().map(|p| p.movie).collect::<Vec<u32>>(), [1, 5], "the reading's films first, then the LLM's");
        assert_eq!((p[0].features[1], p[0].features[18], p[0].features[20]), (1.0, 1.0, 1.0), "read by the rules, after a cue, at the end");
        assert_eq!((p[1].features[2], p[1].features[3], p[1].features[4]), (1.0, 0.4, 0.0), "named by the LLM at margin 4, not said");
    }

    #[test]
    fn the_library_linker_is_the_one_its_report_fitted_and_tested() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/eval/title-linker/title-linker.json");
        let report: serde_json::Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
        let fitted: Vec<f32> = report["linker"]["weights"].as_array().unwrap().iter().map(|w| w["weight"].as_f64().unwrap() as f32).collect();
        let names: Vec<&str> = report["linker"]["weights"].as_array().unwrap().iter().map(|w| w["feature"].as_str().unwrap()).collect();
        assert_eq!(names, FEATURES[..N_FEATURES_FIRST], "the features, in order");
        assert_eq!(fitted, TITLE_LINKER.weights[..N_FEATURES_FIRST]);
        assert!(TITLE_LINKER.weights[N_FEATURES_FIRST..].iter().all(|&w| w == 0.0) && !TITLE_LINKER.loose, "it weighs only the features it was fitted on");
        assert_eq!((report["linker"]["first"].as_f64(), report["linker"]["second"].as_f64()), (Some(f64::from(TITLE_LINKER.first)), Some(f64::from(TITLE_LINKER.second))));
        assert_eq!(report["test"]["conditions"]["all"], true, "shipped after its test passed");
    }

    #[test]
    fn the_best_proposal_is_taken_above_first_and_another_only_above_second() {
        let p = |movie: u32, x: f32| Proposal { movie, features: { let mut f = [0.0; N_FEATURES]; f[0] = x; f } };
        let l = TitleLinker { weights: { let mut w = [0.0; N_FEATURES]; w[0] = 1.0; w }, first: 0.0, second: LINKER_SECOND, loose: false };
        assert_eq!(l.link(&[p(1, 0.5), p(2, 2.0)]), [2]);
        assert_eq!(l.link(&[p(1, 3.5), p(2, 4.0)]), [2, 1], "both all but certain");
        assert!(l.link(&[p(1, -0.5)]).is_empty());
        assert_eq!(l.link(&[p(1, 1.0), p(2, 1.0)]), [1], "ties to the proposal made first");
    }
}
