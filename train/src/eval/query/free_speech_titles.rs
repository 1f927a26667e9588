//! `dualrec-train eval-free-speech-titles`: films named as people say them
//! (`QueryWeights::free_speech_titles`; docs/eval/free-speech-titles/README.md): a
//! title word that is no everyday English word ("shawshank"), spoken
//! numbers above twenty, a series' name as its first film, a character in
//! a film, a long title said whole.
//!
//! The candidate changes only the rules' reading. Each request is read by
//! the rules with and without it (cheap, no model); where the two intents are
//! the same, so is everything after them, and the request is read once by the
//! library only where its level is reported. Where they differ, both are
//! read in full (LLM, ranking) and paired. Development: the twenty-third to
//! twenty-fifth blind sets (films and requests naming none, read in full),
//! validation viewers' titles in the first to third frames, the requests
//! naming none of the first to third frame sets and the eighteenth to
//! twentieth blind sets, and the sixteenth to twentieth sets' genre
//! wordings. `--test`: the twenty-sixth set (read in full), test viewers'
//! templated requests and their titles in the fourth and fifth frames, the
//! fourth and fifth frame sets' and the twenty-first and twenty-second
//! sets' requests naming none, and those sets' genre wordings.
//!
//! This is the second candidate (a name needs its whole title), shipped
//! after its test: the library reads so by default, and "library" here is
//! the reading before it. The first, tested on the twenty-fifth set, ran at
//! commit c686d1e.
//!
//! `--candidate among-said` (docs/eval/llm-title-among-said/README.md): where
//! the LLM reader names a film the request does not say, its title decoded
//! again among the titles the request says whole with a rare word
//! (`QueryWeights::llm_title_again`), against the library. It changes a
//! reading only there, so every request is read in full by the library and,
//! where its LLM's film was dropped, again by each variant (at most 0, 2 or
//! 10 uses of the rare word). Development: the twenty-third to twenty-sixth
//! sets and the development groups above; `--test`: the variant development
//! chose, on the twenty-seventh set and the held-out groups above.
//! (Its first form, the film decoded among the titles said from the start,
//! ran at commit 6f11692 and chose the library in development.)
//!
//! `--candidate adapter --candidate-models DIR` (docs/eval/free-speech-adapter/README.md):
//! a model directory that differs from the library's only in its title
//! reader's adapter; every request is read in full by both engines, with
//! the among-said candidate's development groups, objective, rule and test.
//! Its third candidate read the twenty-seventh set (session 46), so that set
//! is no longer fresh: the next candidate needs a new one.
//!
//! `--candidate said-forms | title-first | clause-misspellings |
//! more-said-forms` (docs/eval/said-title-forms/README.md): titles as people
//! shorten and reshape them (`QueryWeights::said_title_forms`, `title_first`,
//! `clause_misspellings`, `more_said_forms`), rule candidates read as the
//! free-speech rules are (in full where the rules' readings differ, and on
//! the blind sets), against the library. Each is tested on one fresh blind
//! set (the twenty-eighth to thirty-first) and developed on every set
//! written before it, from the twenty-third; the groups besides the blind
//! sets are the development and held-out groups above.
//!
use std::collections::BTreeMap;

use anyhow::Result;
use dualrec::engine::Engine;
use dualrec::model_dir::catalog::Catalog;
use dualrec::pipeline::request::{parse_with, QueryWeights, ReadOptions, Vocabulary, UNREAD_PHRASES};

use super::title_margin::{before_title_gate, before_title_linker};
use super::film_requests::{FilmRequest, BLIND_FILMS_23, BLIND_FILMS_24, BLIND_FILMS_25, BLIND_FILMS_26, BLIND_FILMS_27, BLIND_FILMS_28, BLIND_FILMS_29, BLIND_FILMS_30, BLIND_FILMS_31, BLIND_FILMS_32, BLIND_FILMS_33, BLIND_FILMS_34, BLIND_FILMS_35, BLIND_NO_FILM_23, BLIND_NO_FILM_24, BLIND_NO_FILM_25, BLIND_NO_FILM_26, BLIND_NO_FILM_27, BLIND_NO_FILM_28, BLIND_NO_FILM_29, BLIND_NO_FILM_30, BLIND_NO_FILM_31, BLIND_NO_FILM_32, BLIND_NO_FILM_33, BLIND_NO_FILM_34, BLIND_NO_FILM_35, FILMS_23_WHAT, FILMS_24_WHAT, FILMS_25_WHAT, FILMS_26_WHAT, FILMS_27_WHAT, FILMS_28_WHAT, FILMS_29_WHAT, FILMS_30_WHAT, FILMS_31_WHAT, FILMS_32_WHAT, FILMS_33_WHAT, FILMS_34_WHAT, FILMS_35_WHAT};
use super::read_for;
use dualrec::pipeline::request::Intent;
use super::title_margin::{blind_films, read_right, summary, with_viewers, RequestGroups, Requests};
use crate::data::Dataset;
use crate::protocol::{self, Case, Target};

#[derive(clap::Args)]
pub struct FreeSpeechTitlesArgs {
    #[command(flatten)]
    pub paths: crate::data::ToolPaths,
    /// The viewers sampled for the framed and templated titles (as eval-query's).
    #[command(flatten)]
    pub sample: super::RequestSample,
    /// Also read the held-out requests (the twenty-sixth set among them;
    /// the twenty-seventh with `--candidate among-said` or `adapter`, the
    /// twenty-eighth with `said-forms`, the twenty-ninth with `title-first`,
    /// the thirtieth with `clause-misspellings`, the thirty-first with
    /// `more-said-forms`, the thirty-third with `everyday-titles`, the
    /// thirty-fourth with `linker`, the thirty-fifth with `linker2`).
    #[arg(long)]
    pub test: bool,
    /// What is compared with the library.
    #[arg(long, value_enum, default_value = "rules")]
    pub candidate: Candidate,
    /// `--candidate adapter`: the model directory whose title reader's
    /// adapter is compared; every other model file must be the library's.
    #[arg(long)]
    pub candidate_models: Option<std::path::PathBuf>,
    /// With `--test`, a rule candidate: read this blind set (28 to 33; the
    /// thirty-fourth is kept unread for the next candidate's test)
    /// as the test's instead of its own, to measure a shipped candidate
    /// again on a set written after it (the report's name says the set).
    #[arg(long, value_parser = clap::value_parser!(u32).range(28..=33))]
    pub test_set: Option<u32>,
    /// `--candidate everyday-titles`: the share (percent) of the catalogue's
    /// most watched titles a title of everyday words read without a strong
    /// cue must be among (`QueryWeights::everyday_titles_top`).
    #[arg(long, value_parser = clap::value_parser!(u8).range(1..=100))]
    pub top: Option<u8>,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq)]
pub enum Candidate {
    /// The free-speech title rules (shipped; the library without them).
    Rules,
    /// The LLM reader's film decoded among the titles said (both variants
    /// in development, the one it chose in the test).
    AmongSaid,
    /// Another title reader adapter (`--candidate-models`), against the
    /// library's (docs/eval/free-speech-adapter/README.md).
    Adapter,
    /// Titles as people shorten and reshape them (`QueryWeights::said_title_forms`),
    /// against the library (docs/eval/said-title-forms/README.md).
    SaidForms,
    /// The same with titles said as a clause of their own and "the first
    /// rocky" (`QueryWeights::title_first`), against the library (the
    /// second candidate of docs/eval/said-title-forms/README.md).
    TitleFirst,
    /// The library (with the second) and a title said as a clause of its own
    /// misspelled, or with more hedges (`QueryWeights::clause_misspellings`;
    /// the third candidate of docs/eval/said-title-forms/README.md).
    ClauseMisspellings,
    /// The library and titles said around their description, with an
    /// owner, their initials or a plural changed, dated by "the original"
    /// (`QueryWeights::more_said_forms`; the fourth candidate of
    /// docs/eval/said-title-forms/README.md).
    MoreSaidForms,
    /// The library and a title of everyday words read without a strong cue
    /// only among the most watched (`--top`), a name with "'s" read as a
    /// name (`QueryWeights::everyday_titles_top`; the sixth candidate of
    /// docs/eval/said-title-forms/README.md).
    EverydayTitles,
    /// The title linker (`QueryWeights::title_linker`), fitted on the
    /// twenty-third to thirty-third sets, against the library
    /// (docs/eval/title-linker/README.md; eval/query/linker.rs).
    Linker,
    /// The second title linker (titles said loosely, five more features),
    /// fitted on the twenty-third to thirty-fourth sets, against the library
    /// with the first (docs/eval/title-linker-2/README.md).
    Linker2,
}

/// The variants `--candidate among-said` weighs (`QueryWeights::llm_title_again`), as named in its report.
const AMONG: [(&str, u32); 3] = [("rare 0", 0), ("rare 2", 2), ("rare 10", 10)];

/// What one reading compares with the library.
#[derive(Clone, Copy)]
pub(super) enum Compared<'a> {
    /// A rule of the reader: (the library's weights, the candidate's, whether
    /// it also changes what is taken of the LLM reader's film, so that a
    /// request the LLM named a film for is read again though the rules read it alike).
    Rules(&'a QueryWeights, &'a QueryWeights, bool),
    /// The LLM's film read again among the titles said, by each variant.
    Among(&'a [(&'static str, u32)]),
    /// Another engine (another title reader adapter): reported as its one variant.
    Models(&'a Engine),
    /// (the library's weights, the candidate's), every request read in full
    /// by both: a candidate that may change any reading (the title linker).
    Full(&'a QueryWeights, &'a QueryWeights),
}

/// The name of `Compared::Models`' one variant in the reports.
const ADAPTER: [(&str, u32); 1] = [("adapter", 0)];

/// One request's reading by the library and by each candidate.
pub(super) struct Pair {
    pub(super) text: String,
    /// The film it names (None: it names none).
    pub(super) film: Option<u32>,
    /// Whether each candidate read it differently.
    pub(super) changed: Vec<bool>,
    /// (references, the target's rank; usize::MAX outside the top 10 or
    /// refused), by the library; None where it was not read in full.
    pub(super) library: Option<(Vec<u32>, usize)>,
    /// The same by each candidate; None where it reads alike.
    pub(super) candidates: Vec<Option<(Vec<u32>, usize)>>,
}

impl Pair {
    pub(super) fn right(&self, refs: &[u32]) -> f64 {
        f64::from(u8::from(read_right(self.film, refs)))
    }
    /// (library, candidate `k`) read right, where the library was read in full.
    pub(super) fn rights(&self, k: usize) -> Option<(f64, f64)> {
        let lib = self.library.as_ref()?;
        let cand = self.candidates[k].as_ref().unwrap_or(lib);
        Some((self.right(&lib.0), self.right(&cand.0)))
    }
    /// The paired difference in reading right (0 where read alike).
    pub(super) fn right_delta(&self, k: usize) -> f64 {
        match (&self.library, &self.candidates[k]) {
            (Some(l), Some(c)) => self.right(&c.0) - self.right(&l.0),
            _ => 0.0,
        }
    }
    pub(super) fn hit_delta(&self, k: usize) -> f64 {
        let hit = |r: usize| f64::from(u8::from(r <= 10));
        match (&self.library, &self.candidates[k]) {
            (Some(l), Some(c)) => hit(c.1) - hit(l.1),
            _ => 0.0,
        }
    }
}

/// How the rules read `text` for a viewer (the intent, or the refusal), under `options`.
fn rules(engine: &Engine, vocab: &Vocabulary, c: &Case, text: &str, options: ReadOptions) -> String {
    format!("{:?}", parse_with(engine.base_catalog(), vocab, text, engine.transitions().popularity(), &c.history, options))
}

/// Reads `requests` by the library and `candidate`: for the rules, by the
/// rules with and without them, and in full where they differ (or
/// everywhere with `full`); for the titles said, in full by the library and,
/// where its LLM's film was dropped, by each variant.
pub(super) fn read(engine: &Engine, vocab: &Vocabulary, cases: &[Case], group: &'static str, requests: &Requests, full: bool, compared: Compared) -> Result<Vec<Pair>> {
    let bar = protocol::progress(requests.len(), group);
    let mut out = Vec::with_capacity(requests.len());
    for (text, film, ci) in requests {
        let c = &cases[*ci];
        let read_by = |engine: &Engine, w: &QueryWeights| -> Result<(Option<Intent>, Vec<u32>, usize)> {
            let (intent, rank) = read_for(engine, c, text, w, UNREAD_PHRASES)?;
            let refs = intent.as_ref().map(|i| i.references.clone()).unwrap_or_default();
            Ok((intent, refs, rank))
        };
        let full_read = |w: &QueryWeights| read_by(engine, w);
        let pair = match compared {
            Compared::Rules(library, rules_on, llm_too) => {
                let options = ReadOptions::of;
                let by_rules = rules(engine, vocab, c, text, options(library)) != rules(engine, vocab, c, text, options(rules_on));
                let lib = if by_rules || full || llm_too { Some(full_read(library)?) } else { None };
                let by_llm = llm_too && lib.as_ref().is_some_and(|l| l.0.as_ref().is_some_and(|i| i.llm_title.is_some()));
                let cand = if by_rules || by_llm { Some(full_read(rules_on)?) } else { None };
                // Read again for the LLM's film alone: changed only where the candidate reads it otherwise.
                let changed = by_rules || matches!((&lib, &cand), (Some(l), Some(c)) if (&l.1, l.2) != (&c.1, c.2));
                let cand = cand.filter(|_| changed);
                Pair { text: text.clone(), film: *film, changed: vec![changed], library: lib.map(|r| (r.1, r.2)), candidates: vec![cand.map(|r| (r.1, r.2))] }
            }
            Compared::Among(variants) => {
                let (intent, refs, rank) = full_read(&before_title_gate())?;
                let lib = (refs, rank);
                // Only where the LLM's film was dropped is it read again.
                let dropped = intent.and_then(|i| i.llm_title).is_some_and(|t| !lib.0.contains(&t.movie));
                let mut candidates = Vec::new();
                for &(_, most) in variants {
                    let cand = if dropped { Some(full_read(&QueryWeights { llm_title_again: Some(most), ..before_title_gate() })?).map(|r| (r.1, r.2)) } else { None };
                    candidates.push(cand.filter(|r| *r != lib));
                }
                Pair { text: text.clone(), film: *film, changed: candidates.iter().map(Option::is_some).collect(), library: Some(lib), candidates }
            }
            Compared::Full(library, candidate) => {
                let (_, refs, rank) = full_read(library)?;
                let (_, theirs, their_rank) = full_read(candidate)?;
                let lib = (refs, rank);
                let cand = Some((theirs, their_rank)).filter(|r| *r != lib);
                Pair { text: text.clone(), film: *film, changed: vec![cand.is_some()], library: Some(lib), candidates: vec![cand] }
            }
            Compared::Models(other) => {
                let (_, refs, rank) = full_read(&before_title_gate())?;
                let (_, theirs, their_rank) = read_by(other, &before_title_gate())?;
                let lib = (refs, rank);
                let cand = Some((theirs, their_rank)).filter(|r| *r != lib);
                Pair { text: text.clone(), film: *film, changed: vec![cand.is_some()], library: Some(lib), candidates: vec![cand] }
            }
        };
        out.push(pair);
        bar.inc(1);
    }
    bar.finish();
    Ok(out)
}

/// One group's report for candidate `k`: how many requests it read
/// differently, the paired differences (0 where alike), the levels where
/// every request was read in full, HR@10 where `scored`, and each changed reading.
pub(super) fn report(cat: &Catalog, ps: &[Pair], scored: bool, k: usize) -> serde_json::Value {
    let titles = |r: &[u32]| r.iter().map(|&i| cat.movie(i).title.clone()).collect::<Vec<_>>();
    let levels: Option<Vec<(f64, f64)>> = ps.iter().map(|p| p.rights(k)).collect();
    let changed: Vec<serde_json::Value> = ps
        .iter()
        .filter(|p| p.changed[k])
        .map(|p| {
            let (l, c) = (p.library.as_ref().expect("read in full"), p.candidates[k].as_ref().expect("read in full"));
            serde_json::json!({ "request": p.text, "named": p.film.map(|f| cat.movie(f).title.clone()), "library": titles(&l.0), "candidate": titles(&c.0), "right_library": p.right(&l.0), "right_candidate": p.right(&c.0), "rank_library": (l.1 != usize::MAX).then_some(l.1), "rank_candidate": (c.1 != usize::MAX).then_some(c.1) })
        })
        .collect();
    let missed: Vec<serde_json::Value> = ps
        .iter()
        .filter(|p| p.film.is_some() && p.rights(k).is_some_and(|r| r.1 == 0.0))
        .map(|p| serde_json::json!({ "request": p.text, "named": p.film.map(|f| cat.movie(f).title.clone()), "read": titles(&p.candidates[k].as_ref().or(p.library.as_ref()).expect("read in full").0) }))
        .collect();
    serde_json::json!({
        "requests": ps.len(),
        "read_differently": ps.iter().filter(|p| p.changed[k]).count(),
        "right_library": levels.as_ref().map(|l| summary(&l.iter().map(|x| x.0).collect::<Vec<_>>())),
        "right_candidate": levels.as_ref().map(|l| summary(&l.iter().map(|x| x.1).collect::<Vec<_>>())),
        "paired_right_candidate_minus_library": summary(&ps.iter().map(|p| p.right_delta(k)).collect::<Vec<_>>()),
        "paired_hr10_candidate_minus_library": scored.then(|| summary(&ps.iter().map(|p| p.hit_delta(k)).collect::<Vec<_>>())),
        "changed": changed,
        "films_missed_by_candidate": missed,
    })
}

/// Each candidate's report of one group: the rules' alone, or each variant's by name.
fn reports(cat: &Catalog, ps: &[Pair], scored: bool, compared: Compared) -> serde_json::Value {
    match compared {
        Compared::Rules(..) | Compared::Full(..) => report(cat, ps, scored, 0),
        Compared::Among(variants) => serde_json::Value::Object(variants.iter().enumerate().map(|(k, (name, _))| (name.to_string(), report(cat, ps, scored, k))).collect()),
        Compared::Models(_) => serde_json::json!({ ADAPTER[0].0: report(cat, ps, scored, 0) }),
    }
}

/// A report's head: what it measures, the data and models it read.
pub(super) fn head(what: &str, ds: &Dataset, fitted_on: BTreeMap<String, String>, model_sha256: BTreeMap<String, String>, threads: u32) -> serde_json::Value {
    serde_json::json!({ "what": what, "dataset": ds.name, "data_sha256": ds.fingerprint, "fitted_on": fitted_on, "model_sha256": model_sha256, "threads": threads })
}

/// One blind set: (its films' group name, its naming-none group name, its films, its requests naming none).
pub(super) type BlindSet = (&'static str, &'static str, &'static [FilmRequest], &'static [&'static str]);

/// Blind sets 23 to 35, each written unread by three helpers (the thirty-third
/// with three more writing requests naming none)
/// (film_requests.rs), and how each was written.
const BLIND_SETS: [(BlindSet, &str); 13] = [
    (("set 23: films", "set 23: naming none", BLIND_FILMS_23, BLIND_NO_FILM_23), FILMS_23_WHAT),
    (("set 24: films", "set 24: naming none", BLIND_FILMS_24, BLIND_NO_FILM_24), FILMS_24_WHAT),
    (("set 25: films", "set 25: naming none", BLIND_FILMS_25, BLIND_NO_FILM_25), FILMS_25_WHAT),
    (("set 26: films", "set 26: naming none", BLIND_FILMS_26, BLIND_NO_FILM_26), FILMS_26_WHAT),
    (("set 27: films", "set 27: naming none", BLIND_FILMS_27, BLIND_NO_FILM_27), FILMS_27_WHAT),
    (("set 28: films", "set 28: naming none", BLIND_FILMS_28, BLIND_NO_FILM_28), FILMS_28_WHAT),
    (("set 29: films", "set 29: naming none", BLIND_FILMS_29, BLIND_NO_FILM_29), FILMS_29_WHAT),
    (("set 30: films", "set 30: naming none", BLIND_FILMS_30, BLIND_NO_FILM_30), FILMS_30_WHAT),
    (("set 31: films", "set 31: naming none", BLIND_FILMS_31, BLIND_NO_FILM_31), FILMS_31_WHAT),
    (("set 32: films", "set 32: naming none", BLIND_FILMS_32, BLIND_NO_FILM_32), FILMS_32_WHAT),
    (("set 33: films", "set 33: naming none", BLIND_FILMS_33, BLIND_NO_FILM_33), FILMS_33_WHAT),
    (("set 34: films", "set 34: naming none", BLIND_FILMS_34, BLIND_NO_FILM_34), FILMS_34_WHAT),
    (("set 35: films", "set 35: naming none", BLIND_FILMS_35, BLIND_NO_FILM_35), FILMS_35_WHAT),
];

/// Blind set `n` (23 to 35).
pub(super) fn blind_set(n: u32) -> BlindSet {
    BLIND_SETS[(n - 23) as usize].0
}

/// How blind set `n` was written.
pub(super) fn blind_set_what(n: u32) -> &'static str {
    BLIND_SETS[(n - 23) as usize].1
}

/// The blind sets from the twenty-third to the one before `test`: every
/// set read before a candidate's test (its development).
fn sets_before(test: u32) -> Vec<BlindSet> {
    (23..test).map(blind_set).collect()
}

/// Reads each blind set's films and requests naming none in full (the films
/// found in the catalogue and every request paired with a seeded viewer of
/// `cases`), into `dev`.
#[allow(clippy::too_many_arguments)]
fn read_blind_sets(engine: &Engine, vocab: &Vocabulary, cat: &Catalog, cases: &[Case], seed: u64, sets: &[BlindSet], compared: Compared, dev: &mut serde_json::Map<String, serde_json::Value>) -> Result<()> {
    for &(films_name, none_name, films, none) in sets {
        let (found, _) = blind_films(cat, films, cases.len(), seed ^ 0x6669_6c6d);
        let ps = read(engine, vocab, cases, films_name, &found, true, compared)?;
        dev.insert(films_name.to_string(), reports(cat, &ps, false, compared));
        let strings = none.iter().map(|s| s.to_string()).collect::<Vec<String>>();
        let ps = read(engine, vocab, cases, none_name, &with_viewers(strings, |_: &str| None, cases.len(), seed ^ 0x3233_6e6f), true, compared)?;
        dev.insert(none_name.to_string(), reports(cat, &ps, true, compared));
    }
    Ok(())
}

/// What a rule candidate is read on and written as.
struct RuleCandidate {
    what: &'static str,
    /// (the library's weights, the candidate's).
    library: QueryWeights,
    candidate: QueryWeights,
    /// The fresh blind set `--test` reads; development reads every set before it.
    test: u32,
    /// The report's name, without ".json" (development: "-development" added).
    stem: String,
}

/// The data and the engine a candidate is read with (which must have the
/// semantic stage), and the reader's vocabulary of its catalogue.
pub(super) fn open(a: &FreeSpeechTitlesArgs) -> Result<(Dataset, super::RequestEngine, Vocabulary)> {
    let ds = Dataset::load(&a.paths.data)?;
    let opened = super::open_for_requests(&a.paths.models, &a.sample, &ds)?;
    anyhow::ensure!(opened.engine.semantic().is_some(), "the request evaluation needs the semantic stage");
    let vocab = Vocabulary::new(opened.engine.base_catalog());
    Ok((ds, opened, vocab))
}

pub fn run(a: FreeSpeechTitlesArgs) -> Result<()> {
    // The earlier candidates are compared as they were tested: without the fourth's rules (shipped since),
    // and taking any film the LLM reader names (the title gate shipped after them).
    let before = QueryWeights { more_said_forms: false, ..before_title_gate() };
    let spec = match a.candidate {
        Candidate::Rules => RuleCandidate {
            what: "films named as people say them, the second candidate (QueryWeights::free_speech_titles: a title word that is no everyday English word, with its whole title where it is a name; spoken numbers above twenty; a series' name as its first film; a character in a film; a long title said whole), against the library, paired; docs/eval/free-speech-titles/README.md",
            // The library before the candidate shipped, and the candidate (the library since).
            library: QueryWeights { free_speech_titles: false, ..before },
            candidate: QueryWeights { free_speech_titles: true, ..before },
            test: 26,
            stem: "free-speech-titles-2".into(),
        },
        Candidate::SaidForms => RuleCandidate {
            what: "titles as people shorten and reshape them (QueryWeights::said_title_forms: abbreviations said in full, a dropped g said, a title without its small words or with a plural changed, a number title said in words, a one-word title the request points back to; no partial title after a cue from function words alone), against the library, paired; docs/eval/said-title-forms/README.md",
            // The library before the candidates, and the first (whose rules the library has since the second shipped).
            library: QueryWeights { said_title_forms: false, title_first: false, ..before },
            candidate: QueryWeights { said_title_forms: true, title_first: false, ..before },
            test: 28,
            stem: "said-title-forms".into(),
        },
        Candidate::TitleFirst => RuleCandidate {
            what: "titles as people shorten and reshape them, the second candidate (QueryWeights::said_title_forms with title_first: the first candidate's rules, a title said as a clause of its own, a series' first film said as 'the first rocky', words said apart that a title writes as one), against the library, paired; docs/eval/said-title-forms/README.md",
            // The library before it shipped, and the candidate (the library since).
            library: QueryWeights { said_title_forms: false, title_first: false, ..before },
            candidate: QueryWeights { said_title_forms: true, title_first: true, ..before },
            test: 29,
            stem: "title-first".into(),
        },
        Candidate::ClauseMisspellings => RuleCandidate {
            what: "titles as people shorten and reshape them, the third candidate (QueryWeights::clause_misspellings: a title said as a clause of its own corrected where misspelled or with a plural changed, and more hedges after it), against the library (which reads the second), paired; docs/eval/said-title-forms/README.md",
            library: QueryWeights { clause_misspellings: false, ..before },
            candidate: QueryWeights { clause_misspellings: true, ..before },
            test: 30,
            stem: "clause-misspellings".into(),
        },
        Candidate::MoreSaidForms => RuleCandidate {
            what: "titles as people shorten and reshape them, the fourth candidate (QueryWeights::more_said_forms: a title said as a clause of its own after a lead such as 'can you find' or a possessive or a person's name, before a description ('doctor no with sean connery') or 'or whatever', with its article ('the kid'), its initials said first ('et phone home'), two words it writes as one, numbers in words, its part after an owner ('life of brian') or before 'of' ('close encounters'), a plural changed at its end; a film of several of its title dated by 'original', 'old', 'black and white' or 'new'; 'black and white' read as no film), against the library, paired; docs/eval/said-title-forms/README.md",
            // The library before it shipped, and the candidate (the library since).
            library: before,
            candidate: QueryWeights { more_said_forms: true, ..before_title_gate() },
            test: 31,
            stem: "more-said-forms".into(),
        },
        Candidate::EverydayTitles => {
            let top = a.top.ok_or_else(|| anyhow::anyhow!("--candidate everyday-titles needs --top"))?;
            RuleCandidate {
                what: "films nobody named, read by the rules from everyday words: the sixth said-title candidate (QueryWeights::everyday_titles_top: a title whose own words the library's requests all use more than twice, read without a strong cue, taken only among the catalogue's most watched; a name said with 's read as a name, whose whole title must be said), against the library (with the title-margin third candidate's gate), paired; docs/eval/said-title-forms/README.md",
                library: before_title_linker(),
                candidate: QueryWeights { everyday_titles_top: Some(top), ..before_title_linker() },
                test: 33,
                stem: format!("everyday-titles-top{top}"),
            }
        }
        Candidate::Linker => return super::linker::run(a, &super::linker::FIRST),
        Candidate::Linker2 => return super::linker::run(a, &super::linker::SECOND),
        _ => return run_llm_candidate(a),
    };
    // The sets development reads are those written before the candidate's own test set.
    let development_sets = sets_before(spec.test);
    let mut spec = spec;
    if let Some(n) = a.test_set {
        spec.test = n;
        spec.stem = format!("{}-set{n}", spec.stem);
    }
    let compared = Compared::Rules(&spec.library, &spec.candidate, a.candidate == Candidate::EverydayTitles);
    let (ds, super::RequestEngine { engine, fitted_on, model_sha256 }, vocab) = open(&a)?;
    let split = ds.split();
    let sem = engine.semantic().expect("open checks it");
    let cat = ds.catalog.clone();
    let no_film = |_: &str| None;
    let strings = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<String>>();
    let mut out = head(spec.what, &ds, fitted_on, model_sha256, a.sample.threads);

    // Development.
    let development = RequestGroups::new(&cat, sem, &split, &a.sample, false);
    let mut dev = serde_json::Map::new();
    // The viewers as eval-title-margin's --sets-only drew them.
    read_blind_sets(&engine, &vocab, &cat, &protocol::cases(&split, Target::Test), a.sample.seed, &development_sets, compared, &mut dev)?;
    let valid_cases = &development.cases;
    let groups = development.guards();
    for (name, requests) in groups {
        let ps = read(&engine, &vocab, valid_cases, name, requests, false, compared)?;
        dev.insert(name.to_string(), report(&cat, &ps, true, 0));
    }
    for (name, g) in &dev {
        println!("development, {name}: read differently {}, right {} -> {}, paired right {}", g["read_differently"], g["right_library"]["mean"], g["right_candidate"]["mean"], g["paired_right_candidate_minus_library"]["mean"]);
    }
    if a.candidate == Candidate::Rules {
        dev.insert("set_25".into(), serde_json::json!({ "what": FILMS_25_WHAT, "films_written": BLIND_FILMS_25.len(), "naming_none": BLIND_NO_FILM_25.len() }));
    }
    out["development"] = serde_json::Value::Object(dev);

    if a.test {
        let held_out = RequestGroups::new(&cat, sem, &split, &a.sample, true);
        let test_cases = &held_out.cases;
        let (films_name, none_name, films, none) = blind_set(spec.test);
        let (set_films, unmatched) = blind_films(&cat, films, test_cases.len(), a.sample.seed ^ 0x6669_6c6d);
        let mut test = serde_json::Map::new();
        // (name, requests, read in full, HR@10 scored)
        let mut groups: Vec<(&'static str, Requests, bool, bool)> = vec![
            (films_name, set_films, true, false),
            (none_name, with_viewers(strings(none), no_film, test_cases.len(), a.sample.seed ^ 0x3233_6e6f), true, true),
            ("templated requests", held_out.templated.clone(), false, true),
        ];
        groups.extend(held_out.guards().map(|(n, r)| (n, r.clone(), false, true)));
        for (name, requests, full, scored) in groups {
            let ps = read(&engine, &vocab, test_cases, name, &requests, full, compared)?;
            test.insert(name.to_string(), report(&cat, &ps, scored, 0));
        }
        for (name, g) in &test {
            println!("test, {name}: read differently {}, right {} -> {}, paired right {}, HR@10 {}", g["read_differently"], g["right_library"]["mean"], g["right_candidate"]["mean"], g["paired_right_candidate_minus_library"], g["paired_hr10_candidate_minus_library"]);
        }
        test.insert(format!("set_{}", spec.test), serde_json::json!({ "what": blind_set_what(spec.test), "films_written": films.len(), "films_not_in_catalogue": unmatched, "naming_none": none.len() }));
        out["test"] = serde_json::Value::Object(test);
    }
    std::fs::create_dir_all(&a.paths.out)?;
    let path = a.paths.out.join(if a.test { format!("{}.json", spec.stem) } else { format!("{}-development.json", spec.stem) });
    std::fs::write(&path, serde_json::to_string_pretty(&out)? + "\n")?;
    println!("written to {}", path.display());
    Ok(())
}

/// The development objective of the LLM candidates (`among-said`,
/// `adapter`): the mean over the twenty-third to twenty-sixth sets of films
/// grounded plus requests naming none read with none, by the library (None;
/// read from `first`'s report) or the variant named; None where a development
/// group reads right more than 0.02 less often than the library.
fn llm_objective(dev: &serde_json::Map<String, serde_json::Value>, first: &str, name: Option<&str>) -> Option<f64> {
    let mut total = 0.0;
    let mut sets = 0;
    for (group, g) in dev {
        let Some(g) = g.get(name.unwrap_or(first)) else { continue };
        if name.is_some() && g["paired_right_candidate_minus_library"]["mean"].as_f64().unwrap_or(0.0) < -0.02 {
            return None;
        }
        if group.starts_with("set ") {
            total += g[if name.is_some() { "right_candidate" } else { "right_library" }]["mean"].as_f64().unwrap_or(0.0);
            sets += 1;
        }
    }
    Some(total / (sets as f64 / 2.0))
}

/// The LLM candidates (`among-said`, `adapter`): development (every
/// variant), the choice, and with `--test` the chosen one held out.
fn run_llm_candidate(a: FreeSpeechTitlesArgs) -> Result<()> {
    let (ds, super::RequestEngine { engine, fitted_on, model_sha256 }, vocab) = open(&a)?;
    let split = ds.split();
    let sem = engine.semantic().expect("open checks it");
    if !engine.reads_titles_by_llm() {
        anyhow::bail!("the candidate decodes the LLM reader's film: {} has no reader adapter that names films", a.paths.models.display());
    }
    // `adapter`: the other engine, which may differ from the library's only in its title reader.
    let other = match (a.candidate, &a.candidate_models) {
        (Candidate::Adapter, Some(dir)) => {
            let o = super::open_for_requests(dir, &a.sample, &ds)?;
            let titles = crate::models::lora::READER_TITLES_FILE;
            for (file, sha) in &model_sha256 {
                if file != titles && o.model_sha256.get(file) != Some(sha) {
                    anyhow::bail!("{} differs from {} in {file}: the candidate may differ only in {titles}", dir.display(), a.paths.models.display());
                }
            }
            anyhow::ensure!(o.model_sha256.get(titles).is_some_and(|s| Some(s) != model_sha256.get(titles)), "{} has the library's {titles} (or none)", dir.display());
            Some(o)
        }
        (Candidate::Adapter, None) => anyhow::bail!("--candidate adapter needs --candidate-models DIR"),
        _ => None,
    };
    let variants: &[(&str, u32)] = if other.is_some() { &ADAPTER } else { &AMONG };
    let all = match &other { Some(o) => Compared::Models(&o.engine), None => Compared::Among(&AMONG) };
    let cat = ds.catalog.clone();
    let no_film = |_: &str| None;
    let strings = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<String>>();
    let mut out = match &other {
        None => head("where the LLM reader names a film the request does not say, its title decoded again among the titles the request says whole (every own word; of four or more at least half and two) with a word the library's requests use at most 0, 2 or 10 times (QueryWeights::llm_title_again), against the library, paired; docs/eval/llm-title-among-said/README.md", &ds, fitted_on, model_sha256, a.sample.threads),
        Some(o) => {
            let mut h = head("the title reader's adapter trained with a helper's requests naming films as people say them and naming none with title words in passing (lora --task reader-titles --free-speech), against the library's, every request read in full by both, paired; docs/eval/free-speech-adapter/README.md", &ds, fitted_on, model_sha256, a.sample.threads);
            h["candidate_fitted_on"] = serde_json::json!(o.fitted_on);
            h["candidate_model_sha256"] = serde_json::json!(o.model_sha256);
            h
        }
    };

    // Development: every variant.
    let development = RequestGroups::new(&cat, sem, &split, &a.sample, false);
    let mut dev = serde_json::Map::new();
    read_blind_sets(&engine, &vocab, &cat, &protocol::cases(&split, Target::Test), a.sample.seed, &sets_before(27), all, &mut dev)?;
    let groups = development.guards();
    for (name, requests) in groups {
        let ps = read(&engine, &vocab, &development.cases, name, requests, true, all)?;
        dev.insert(name.to_string(), reports(&cat, &ps, true, all));
    }
    let first = variants[0].0;
    let library = llm_objective(&dev, first, None).unwrap_or(0.0);
    let scored: Vec<(&str, Option<f64>)> = variants.iter().map(|(n, _)| (*n, llm_objective(&dev, first, Some(n)))).collect();
    let chosen = scored.iter().filter_map(|(n, o)| o.filter(|o| *o > library + 1e-9).map(|o| (*n, o))).max_by(|x, y| x.1.total_cmp(&y.1));
    for (name, g) in &dev {
        for (variant, _) in variants {
            println!("development, {name}, {variant}: read differently {}, paired right {}", g[variant]["read_differently"], g[variant]["paired_right_candidate_minus_library"]["mean"]);
        }
    }
    println!("development objective: library {library:.4}, {scored:?}; chosen: {}", chosen.map_or("the library (nothing is tested)", |c| c.0));
    out["development_objective"] = serde_json::json!({ "library": library, "variants": scored.iter().map(|(n, o)| (n.to_string(), serde_json::json!(o))).collect::<serde_json::Map<_, _>>(), "chosen": chosen.map(|c| c.0) });
    out["development"] = serde_json::Value::Object(dev);

    if let (true, Some((name, _))) = (a.test, chosen) {
        let variant = [*variants.iter().find(|v| v.0 == name).expect("a variant")];
        let one = match &other { Some(o) => Compared::Models(&o.engine), None => Compared::Among(&variant) };
        let held_out = RequestGroups::new(&cat, sem, &split, &a.sample, true);
        let test_cases = &held_out.cases;
        let (_, _, films_27, none_27) = blind_set(27);
        let (set_films, unmatched) = blind_films(&cat, films_27, test_cases.len(), a.sample.seed ^ 0x6669_6c6d);
        let mut test = serde_json::Map::new();
        // (name, requests, HR@10 scored)
        let mut groups: Vec<(&'static str, Requests, bool)> = vec![
            ("set 27: films", set_films, false),
            ("set 27: naming none", with_viewers(strings(none_27), no_film, test_cases.len(), a.sample.seed ^ 0x3233_6e6f), true),
            ("templated requests", held_out.templated.clone(), true),
        ];
        groups.extend(held_out.guards().map(|(n, r)| (n, r.clone(), true)));
        for (group, requests, scored) in groups {
            let ps = read(&engine, &vocab, test_cases, group, &requests, true, one)?;
            test.insert(group.to_string(), reports(&cat, &ps, scored, one));
        }
        for (group, g) in &test {
            let g = &g[name];
            println!("test, {group}: read differently {}, right {} -> {}, paired right {}, HR@10 {}", g["read_differently"], g["right_library"]["mean"], g["right_candidate"]["mean"], g["paired_right_candidate_minus_library"], g["paired_hr10_candidate_minus_library"]);
        }
        test.insert("set_27".into(), serde_json::json!({ "what": blind_set_what(27), "films_written": films_27.len(), "films_not_in_catalogue": unmatched, "naming_none": none_27.len() }));
        out["test"] = serde_json::Value::Object(test);
    }
    std::fs::create_dir_all(&a.paths.out)?;
    // The test's report only where a variant was tested.
    let stem = if other.is_some() { "free-speech-adapter" } else { "llm-title-among-said" };
    let path = a.paths.out.join(if a.test && chosen.is_some() { format!("{stem}.json") } else { format!("{stem}-development.json") });
    std::fs::write(&path, serde_json::to_string_pretty(&out)? + "\n")?;
    println!("written to {}", path.display());
    Ok(())
}
