//! `dualrec-train eval-title-margin`: how sure the LLM reader must be that a
//! request names a film before its film is taken
//! (`QueryWeights::llm_title_margin`; docs/eval/title-margin/README.md).
//! Everyday words make up whole titles ("i can't sleep", "night shift just
//! started"), so a request naming no film can read as one.
//!
//! Development: validation viewers' titles in the first to third frames,
//! against the requests written to name no film of the first to third frame
//! sets and the eighteenth to twentieth blind sets (with the sixteenth to
//! twentieth sets' genre wordings, read alone). Each is read once by the
//! library; a margin only drops films, so every margin's reading follows
//! from that one. The margin is chosen on the mean of the two shares (framed
//! titles grounded, requests naming none read with none); the library first,
//! ties to the earlier. With `--test`, the held-out requests: test viewers'
//! titles in the fourth and fifth frames, the fourth and fifth frame sets'
//! and the twenty-first to twenty-third blind sets' requests naming none, and
//! the twenty-third set's requests naming a film, read by the library and at
//! the chosen margin, paired. `--candidate everyday` (the second candidate:
//! a title word the library's requests rarely use, or a large margin) moves
//! the twenty-third set to development and tests on the twenty-fourth.
//! `--candidate everyday-said` (the third: the second's settings, each also
//! with a title said word for word taken, `QueryWeights::llm_title_said_run`)
//! reads the twenty-third to thirty-first sets in development and tests on
//! the thirty-second, with the templated requests' HR@10 held out too.

use std::collections::BTreeMap;

use anyhow::{bail, Result};
use dualrec::engine::Engine;
use dualrec::model_dir::catalog::Catalog;
use dualrec::pipeline::request::{LlmTitle, QueryWeights, UNREAD_PHRASES};

use super::blind_wordings::{BLIND_GENRE_WORDINGS_16, BLIND_GENRE_WORDINGS_17, WITH_NONE};
use super::film_requests::{FilmRequest, BLIND_FILMS_23, BLIND_FILMS_24, BLIND_NO_FILM_23, BLIND_NO_FILM_24, FILMS_23_WHAT};
use super::free_speech_titles::{blind_set, blind_set_what};
use super::{build, in_frames, read_for};
use crate::data::{catalogue_film, Dataset};
use crate::eval::request_frames::{texts, NO_TITLE_REQUESTS, NO_TITLE_REQUESTS_2, NO_TITLE_REQUESTS_3, NO_TITLE_REQUESTS_4, NO_TITLE_REQUESTS_5, REFERENCE_FRAMES, REFERENCE_FRAMES_2, REFERENCE_FRAMES_3, REFERENCE_FRAMES_4, REFERENCE_FRAMES_5};
use crate::protocol::{self, Case, Target};
use crate::rng::SplitMix;

#[derive(clap::Args)]
pub struct TitleMarginArgs {
    #[command(flatten)]
    pub paths: crate::data::ToolPaths,
    /// The viewers sampled for the framed titles (as eval-query's).
    #[command(flatten)]
    pub sample: super::RequestSample,
    /// Also read the held-out requests, by the library and at the chosen margin.
    #[arg(long)]
    pub test: bool,
    /// Which candidate: `margin` (the first: the title margin alone), or
    /// `everyday` (the second: a title word the library's requests rarely
    /// use, or a large margin; the twenty-third set moves to development and
    /// the twenty-fourth is the test), or `everyday-said` (the third: the
    /// second's settings, each also with a title said word for word taken;
    /// the twenty-third to thirty-first sets are development, the
    /// thirty-second the test).
    #[arg(long, value_enum, default_value = "margin")]
    pub candidate: Candidate,
    /// Only the library's reading of the twenty-third and twenty-fourth sets
    /// (films grounded, requests naming none read with none): writes
    /// <out>/free-speech-films.json.
    #[arg(long, conflicts_with = "test")]
    pub sets_only: bool,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq)]
pub enum Candidate {
    Margin,
    Everyday,
    EverydaySaid,
}

/// The library as the three candidates were developed and tested against
/// it: any film the LLM reader names is taken. Since the third shipped, the
/// library has its gate ([`dualrec::pipeline::request::LLM_TITLE_EVERYDAY`]);
/// every candidate is compared as it was tested, from this.
pub(super) fn before_title_gate() -> QueryWeights {
    QueryWeights { llm_title_everyday: None, llm_title_said_run: false, ..before_title_linker() }
}

/// The library before the title linker shipped (session 50,
/// docs/eval/title-linker/README.md): the films as the rules and the LLM
/// reader read them. Candidates tested before it are compared from this.
pub(super) fn before_title_linker() -> QueryWeights {
    QueryWeights { title_linker: None, ..QueryWeights::default() }
}

/// One setting a candidate tries.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Setting {
    Library,
    /// `QueryWeights::llm_title_margin`.
    Margin(f32),
    /// `QueryWeights::llm_title_everyday`, and `llm_title_said_run`.
    Everyday(u32, f32, bool),
}

impl Setting {
    fn weights(self) -> QueryWeights {
        match self {
            Setting::Library => before_title_gate(),
            Setting::Margin(m) => QueryWeights { llm_title_margin: m, ..before_title_gate() },
            Setting::Everyday(most, least, run) => QueryWeights { llm_title_everyday: Some((most, least)), llm_title_said_run: run, ..before_title_gate() },
        }
    }
    /// Whether a film the library took is kept.
    fn keeps(self, t: &LlmTitle) -> bool {
        t.sure(&self.weights())
    }
    fn json(self) -> serde_json::Value {
        match self {
            Setting::Library => serde_json::json!("library"),
            Setting::Margin(m) => serde_json::json!({ "margin": m }),
            Setting::Everyday(most, least, run) => serde_json::json!({ "most_everyday_uses": most, "or_margin": if least.is_finite() { serde_json::json!(least) } else { serde_json::json!("never") }, "or_said_in_a_run": run }),
        }
    }
}

/// The settings tried, the library (any film named) first. The first
/// candidate: margins (a film is named where its title line won, so nearly
/// every named film's margin is at least 0). The second: at most 0 or 2
/// everyday uses of a title word said, or a margin of at least 4 or 6, or
/// never by margin.
fn grid(c: Candidate) -> Vec<Setting> {
    let tried: Vec<Setting> = match c {
        Candidate::Margin => [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0].into_iter().map(Setting::Margin).collect(),
        Candidate::Everyday => [0u32, 2].into_iter().flat_map(|most| [f32::INFINITY, 6.0, 4.0].into_iter().map(move |least| Setting::Everyday(most, least, false))).collect(),
        // The third: each of the second's settings, then the same with a title said word for word.
        Candidate::EverydaySaid => [false, true].into_iter().flat_map(|run| [0u32, 2].into_iter().flat_map(move |most| [f32::INFINITY, 6.0, 4.0].into_iter().map(move |least| Setting::Everyday(most, least, run)))).collect(),
    };
    std::iter::once(Setting::Library).chain(tried).collect()
}

/// Requests to read: (the request, the film it names, the viewer's case).
pub(super) type Requests = Vec<(String, Option<u32>, usize)>;

/// One request read by the library.
struct Reading {
    group: &'static str,
    text: String,
    /// The film it names (None: it names none).
    film: Option<u32>,
    case: usize,
    references: Vec<u32>,
    /// The LLM's film where the rules found none, and whether it was taken.
    llm: Option<(LlmTitle, bool)>,
    /// The target's rank (usize::MAX: outside the top 10 or refused).
    rank: usize,
}

impl Reading {
    /// The references at setting `s`: the LLM's film dropped where it was taken and `s` does not keep it.
    fn references_at(&self, s: Setting) -> &[u32] {
        match self.llm {
            Some((t, true)) if !s.keeps(&t) => &[],
            _ => &self.references,
        }
    }
    /// Read right at setting `s`: the named film grounded alone, or no film where none is named.
    fn right_at(&self, s: Setting) -> f64 {
        f64::from(u8::from(read_right(self.film, self.references_at(s))))
    }
    /// Whether setting `s` changes its reading.
    fn moved_by(&self, s: Setting) -> bool {
        matches!(self.llm, Some((t, true)) if !s.keeps(&t))
    }
}

fn read(engine: &Engine, cases: &[Case], group: &'static str, requests: &[(String, Option<u32>, usize)], w: &QueryWeights) -> Result<Vec<Reading>> {
    let bar = protocol::progress(requests.len(), group);
    let mut out = Vec::with_capacity(requests.len());
    for (text, film, ci) in requests {
        let (intent, rank) = read_for(engine, &cases[*ci], text, w, UNREAD_PHRASES)?;
        let (references, llm) = match intent {
            Some(i) => {
                let llm = i.llm_title.map(|t| (t, i.references == [t.movie]));
                (i.references, llm)
            }
            None => (Vec::new(), None),
        };
        out.push(Reading { group, text: text.clone(), film: *film, case: *ci, references, llm, rank });
        bar.inc(1);
    }
    bar.finish();
    Ok(out)
}

/// `texts`, each paired with a viewer drawn from `cases` (seeded).
pub(super) fn with_viewers(texts: impl IntoIterator<Item = String>, film: impl Fn(&str) -> Option<u32>, cases: usize, seed: u64) -> Requests {
    let mut rng = SplitMix(seed);
    texts.into_iter().map(|t| { let f = film(&t); (t, f, rng.below(cases)) }).collect()
}

/// Framed titles: the requests of `queries` that name a reference, in `frames`.
pub(super) fn framed(cat: &Catalog, queries: &[(usize, super::Query)], frames: &[&str], seed: u64) -> Requests {
    in_frames(cat, queries, frames, seed).0.into_iter().map(|(ci, q)| (q.text, q.reference, ci)).collect()
}

/// A blind set's film requests whose film the catalogue has, each paired
/// with a viewer drawn from `cases` (seeded), and how many were dropped.
pub(super) fn blind_films(cat: &Catalog, written: &[FilmRequest], cases: usize, seed: u64) -> (Requests, usize) {
    let found: Vec<(String, Option<u32>)> = written.iter().filter_map(|&(t, y, r)| catalogue_film(cat, t, y).map(|f| (r.to_string(), Some(f)))).collect();
    let unmatched = written.len() - found.len();
    let mut rng = SplitMix(seed);
    (found.into_iter().map(|(t, f)| (t, f, rng.below(cases))).collect(), unmatched)
}

fn share(rs: &[&Reading], s: Setting) -> f64 {
    rs.iter().map(|r| r.right_at(s)).sum::<f64>() / rs.len().max(1) as f64
}

pub(super) fn summary(v: &[f64]) -> serde_json::Value {
    serde_json::json!({ "mean": v.iter().sum::<f64>() / v.len().max(1) as f64, "ci95": protocol::bootstrap_ci(v, protocol::BOOTSTRAP_SEED), "n": v.len() })
}

/// The readings of one group at setting `m` against the library, paired:
/// right (grounded / read with no film), HR@10 where `scored` (the
/// candidate's requests read again where the setting moves them; not for a
/// blind set's films, whose viewer is drawn at random).
fn compare(engine: &Engine, cases: &[Case], rs: &[Reading], m: Setting, scored: bool) -> Result<serde_json::Value> {
    let w = m.weights();
    let (mut lib, mut cand, mut hr_lib, mut hr_cand) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut moved = Vec::new();
    for r in rs {
        lib.push(r.right_at(Setting::Library));
        cand.push(r.right_at(m));
        let hr = |rank: usize| f64::from(u8::from(rank <= 10));
        hr_lib.push(hr(r.rank));
        let rank = if r.moved_by(m) {
            let rank = read_for(engine, &cases[r.case], &r.text, &w, UNREAD_PHRASES)?.1;
            moved.push(serde_json::json!({ "request": r.text, "llm_film": r.llm.map(|l| l.0.movie), "margin": r.llm.and_then(|l| l.0.margin), "fewest_everyday_uses": r.llm.and_then(|l| l.0.fewest_everyday_uses), "said_in_a_run": r.llm.map(|l| l.0.said_in_a_run), "named": r.film }));
            rank
        } else {
            r.rank
        };
        hr_cand.push(hr(rank));
    }
    let minus = |a: &[f64], b: &[f64]| a.iter().zip(b).map(|(x, y)| x - y).collect::<Vec<f64>>();
    Ok(serde_json::json!({
        "requests": rs.len(),
        "right_library": summary(&lib), "right_candidate": summary(&cand), "paired_right_candidate_minus_library": summary(&minus(&cand, &lib)),
        "hr10": if scored { serde_json::json!({ "library": summary(&hr_lib), "candidate": summary(&hr_cand), "paired_candidate_minus_library": summary(&minus(&hr_cand, &hr_lib)) }) } else { serde_json::Value::Null },
        "moved": moved,
    }))
}

/// Each group's requests where the LLM named a film: the request, the film, its margin, taken or not.
fn named_json(cat: &Catalog, rs: &[Reading]) -> Vec<serde_json::Value> {
    rs.iter().filter_map(|r| r.llm.map(|(t, taken)| serde_json::json!({ "group": r.group, "request": r.text, "named": r.film.map(|x| cat.movie(x).title.clone()), "llm_film": cat.movie(t.movie).title, "margin": t.margin.unwrap_or(f32::INFINITY), "fewest_everyday_uses": t.fewest_everyday_uses, "said_in_a_run": t.said_in_a_run, "taken": taken, "right": r.right_at(Setting::Library) }))).collect()
}

/// The request groups both request-reading tools (this one and
/// eval-free-speech-titles) read, with their viewers: development (validation
/// viewers) or held out (test viewers).
pub(super) struct RequestGroups {
    /// Whether these are the held-out groups (test viewers).
    held_out: bool,
    pub cases: Vec<Case>,
    /// The templated requests of the sampled viewers (eval-query's).
    pub templated: Requests,
    /// Their titles in the first to third frames (development) or the fourth and fifth (held out).
    pub framed: Requests,
    /// Requests naming no film: the first to third frame sets' and the 18th to
    /// 20th blind sets' (development), or the fourth and fifth frame sets' and
    /// the 21st and 22nd sets' (held out).
    pub naming_none: Requests,
    /// The genre wordings of the 16th to 20th sets (development) or the 21st and 22nd (held out).
    pub wordings: Requests,
}

impl RequestGroups {
    pub(super) fn new(cat: &Catalog, sem: &dualrec::stages::semantic::Semantic, split: &crate::data::Split, sample: &super::RequestSample, held_out: bool) -> RequestGroups {
        let strings = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<String>>();
        let (target, seed) = if held_out { (Target::Test, sample.seed) } else { (Target::Valid, sample.valid_seed) };
        let cases = protocol::cases(split, target);
        let queries = build(cat, sem, &cases, &protocol::sample(cases.len(), sample.users, seed), seed);
        let (frames, first_frame): (&[&[crate::eval::request_frames::Frame]], u64) = if held_out { (&[REFERENCE_FRAMES_4, REFERENCE_FRAMES_5], 3) } else { (&[REFERENCE_FRAMES, REFERENCE_FRAMES_2, REFERENCE_FRAMES_3], 0) };
        let mut films = Vec::new();
        for (k, f) in frames.iter().enumerate() {
            films.extend(framed(cat, &queries, &texts(f), seed ^ (0x7469_746c_6500 + first_frame + k as u64)));
        }
        let in_sets = |n: usize| if held_out { n > 20 } else { n <= 20 };
        let mut none: Vec<String> = if held_out { Vec::new() } else { strings(NO_TITLE_REQUESTS) };
        let none_sets: &[&[(&str, &[&str])]] = if held_out { &[NO_TITLE_REQUESTS_4, NO_TITLE_REQUESTS_5] } else { &[NO_TITLE_REQUESTS_2, NO_TITLE_REQUESTS_3] };
        none.extend(none_sets.iter().flat_map(|s| s.iter().map(|x| x.0.to_string())));
        none.extend(WITH_NONE.iter().filter(|s| in_sets(s.0)).flat_map(|s| strings(s.3)));
        let early: &[&[(&str, super::blind_wordings::Kind, &str)]] = if held_out { &[] } else { &[BLIND_GENRE_WORDINGS_16, BLIND_GENRE_WORDINGS_17] };
        let wordings: Vec<String> = early.iter().copied().chain(WITH_NONE.iter().filter(|s| in_sets(s.0)).map(|s| s.2)).flat_map(|w| w.iter().map(|x| x.2.to_string())).collect();
        let templated = queries.iter().map(|(ci, q)| (q.text.clone(), q.reference, *ci)).collect();
        let n = cases.len();
        RequestGroups { held_out, templated, framed: films, naming_none: with_viewers(none, |_| None, n, seed ^ 0x6e6f_6e65), wordings: with_viewers(wordings, |_| None, n, seed ^ 0x776f_7264), cases }
    }

    /// The framed titles, the requests naming none and the genre wordings,
    /// by the names every report gives them: a candidate's development guards,
    /// or with the templated requests its test's held-out groups.
    pub(super) fn guards(&self) -> [(&'static str, &Requests); 3] {
        if self.held_out {
            [("framed titles (fourth, fifth frames)", &self.framed), ("naming none (fourth, fifth frame sets; 21st, 22nd sets)", &self.naming_none), ("genre wordings (21st, 22nd sets)", &self.wordings)]
        } else {
            [("framed titles (first to third frames)", &self.framed), ("naming none (first to third frame sets; 18th to 20th sets)", &self.naming_none), ("genre wordings (16th to 20th sets)", &self.wordings)]
        }
    }
}

/// Read right: the named film grounded alone, or no film where none is named.
pub(super) fn read_right(film: Option<u32>, refs: &[u32]) -> bool {
    match film {
        Some(f) => refs == [f],
        None => refs.is_empty(),
    }
}

pub fn run(a: TitleMarginArgs) -> Result<()> {
    let ds = Dataset::load(&a.paths.data)?;
    let split = ds.split();
    let super::RequestEngine { engine, fitted_on, model_sha256 } = super::open_for_requests(&a.paths.models, &a.sample, &ds)?;
    if engine.reader().0.is_none() {
        bail!("the title margin needs the LLM reader (lm.gguf and lm-reader-titles-lora.gguf in {})", a.paths.models.display());
    }
    let sem = engine.semantic().ok_or_else(|| anyhow::anyhow!("the request evaluation needs the semantic stage"))?;
    let cat = ds.catalog.clone();
    let library = before_title_gate();
    let no_film = |_: &str| None;
    let strings = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<String>>();

    if a.sets_only {
        return sets_only(&a, &engine, &ds, &split, fitted_on, model_sha256);
    }

    // Development.
    let development = RequestGroups::new(&cat, sem, &split, &a.sample, false);
    let valid_cases = &development.cases;
    let mut dev = read(&engine, valid_cases, "development: framed titles", &development.framed, &library)?;
    dev.extend(read(&engine, valid_cases, "development: naming none", &development.naming_none, &library)?);
    dev.extend(read(&engine, valid_cases, "development: genre wordings", &development.wordings, &library)?);
    // The second candidate was designed after the twenty-third set was read: it is development there.
    let (films_23, unmatched_23) = blind_films(&cat, BLIND_FILMS_23, valid_cases.len(), a.sample.valid_seed ^ 0x6669_6c6d);
    if a.candidate == Candidate::Everyday {
        dev.extend(read(&engine, valid_cases, "development: set 23: films", &films_23, &library)?);
        dev.extend(read(&engine, valid_cases, "development: set 23: naming none", &with_viewers(strings(BLIND_NO_FILM_23), no_film, valid_cases.len(), a.sample.valid_seed ^ 0x3233_6e6f), &library)?);
    }
    // The third candidate was designed after the twenty-third to thirty-first sets were read.
    let mut dev_sets = Vec::new();
    if a.candidate == Candidate::EverydaySaid {
        for n in 23..=31u32 {
            let (films_name, none_name, films, none) = blind_set(n);
            let (found, unmatched) = blind_films(&cat, films, valid_cases.len(), a.sample.valid_seed ^ (0x6669_6c6d + u64::from(n)));
            dev.extend(read(&engine, valid_cases, films_name, &found, &library)?);
            dev.extend(read(&engine, valid_cases, none_name, &with_viewers(strings(none), no_film, valid_cases.len(), a.sample.valid_seed ^ (0x3233_6e6f + u64::from(n))), &library)?);
            dev_sets.push(serde_json::json!({ "set": n, "films_written": films.len(), "films_not_in_catalogue": unmatched, "naming_none": none.len() }));
        }
    }
    let films: Vec<&Reading> = dev.iter().filter(|r| r.film.is_some()).collect();
    let nones: Vec<&Reading> = dev.iter().filter(|r| r.film.is_none()).collect();
    let curve: Vec<(Setting, f64, f64)> = grid(a.candidate).into_iter().map(|m| (m, share(&films, m), share(&nones, m))).collect();
    let objective = |c: &(Setting, f64, f64)| (c.1 + c.2) / 2.0;
    let chosen = curve.iter().fold(None::<&(Setting, f64, f64)>, |b, c| match b { Some(b) if objective(b) >= objective(c) => Some(b), _ => Some(c) }).expect("a grid").0;
    for c in &curve {
        println!("{:<40}: films grounded {:.4}, naming none read with none {:.4}, objective {:.4}", c.0.json().to_string(), c.1, c.2, objective(c));
    }
    println!("chosen: {}", chosen.json());
    let mut report = serde_json::json!({
        "what": match a.candidate {
            Candidate::Margin => "the first candidate: how sure the LLM reader must be that a request names a film (QueryWeights::llm_title_margin: the logit of its title line minus the best other line's where it decided whether to name one); docs/eval/title-margin/README.md",
            Candidate::Everyday => "the second candidate: the LLM reader's film taken only where the request says one of its title's own words that the library's requests (none naming a film) use rarely, or its title margin is large (QueryWeights::llm_title_everyday); docs/eval/title-margin/README.md",
            Candidate::EverydaySaid => "the third candidate: the second's settings (the LLM reader's film taken only where the request says one of its title's own words that the library's requests use rarely, or its title margin is large), each also with the film taken where the request says its main title word for word, of two words or more (QueryWeights::llm_title_everyday, llm_title_said_run); development on the twenty-third to thirty-first blind sets, test on the thirty-second; docs/eval/title-margin/README.md",
        },
        "candidate": format!("{:?}", a.candidate).to_lowercase(),
        "dataset": ds.name, "data_sha256": ds.fingerprint, "fitted_on": fitted_on, "model_sha256": model_sha256, "threads": a.sample.threads,
        "development": {
            "films": films.len(), "naming_none": nones.len(),
            "curve": curve.iter().map(|c| serde_json::json!({ "setting": c.0.json(), "films_grounded": c.1, "none_read_as_none": c.2, "objective": objective(c) })).collect::<Vec<_>>(),
            "chosen": chosen.json(),
            "named_by_llm": named_json(&cat, &dev),
        },
    });
    if a.test {
        let held_out = RequestGroups::new(&cat, sem, &split, &a.sample, true);
        let test_cases = &held_out.cases;
        let set = match a.candidate {
            Candidate::Margin => 23,
            Candidate::Everyday => 24,
            Candidate::EverydaySaid => 32,
        };
        let ((films_name, none_name, films_written, none_written), what) = (blind_set(set), blind_set_what(set));
        let (set_films, unmatched) = blind_films(&cat, films_written, test_cases.len(), a.sample.seed ^ 0x6669_6c6d);
        let mut groups: Vec<(&'static str, Requests)> = held_out.guards().map(|(n, r)| (n, r.clone())).into();
        groups.push((none_name, with_viewers(strings(none_written), no_film, test_cases.len(), a.sample.seed ^ 0x3233_6e6f)));
        groups.push((films_name, set_films));
        if a.candidate == Candidate::EverydaySaid {
            groups.push(("templated requests", held_out.templated.clone()));
        }
        let mut test = serde_json::Map::new();
        let mut named = Vec::new();
        for (name, requests) in groups {
            let rs = read(&engine, test_cases, name, &requests, &library)?;
            test.insert(name.to_string(), compare(&engine, test_cases, &rs, chosen, !name.ends_with(": films"))?);
            named.extend(named_json(&cat, &rs));
        }
        test.insert("named_by_llm".into(), serde_json::json!(named));
        test.insert(format!("set_{set}"), serde_json::json!({ "what": what, "films_written": films_written.len(), "films_not_in_catalogue": unmatched, "naming_none": none_written.len() }));
        report["test"] = serde_json::Value::Object(test);
    }
    if a.candidate == Candidate::EverydaySaid {
        report["development"]["sets"] = serde_json::json!(dev_sets);
    }
    if a.candidate == Candidate::Everyday {
        report["development"]["set_23"] = serde_json::json!({ "what": FILMS_23_WHAT, "films_written": BLIND_FILMS_23.len(), "films_not_in_catalogue": unmatched_23, "naming_none": BLIND_NO_FILM_23.len() });
    }
    std::fs::create_dir_all(&a.paths.out)?;
    let path = a.paths.out.join(match a.candidate { Candidate::Margin => "title-margin.json", Candidate::Everyday => "title-everyday.json", Candidate::EverydaySaid => "title-everyday-said.json" });
    std::fs::write(&path, serde_json::to_string_pretty(&report)? + "\n")?;
    println!("written to {}", path.display());
    Ok(())
}

/// The library's reading of the free-speech sets (the twenty-third and
/// twenty-fourth): the share of films grounded alone and of requests naming
/// none read with none, each paired with a seeded test viewer as the tests paired them.
fn sets_only(a: &TitleMarginArgs, engine: &Engine, ds: &Dataset, split: &crate::data::Split, fitted_on: BTreeMap<String, String>, model_sha256: BTreeMap<String, String>) -> Result<()> {
    let cat = &ds.catalog;
    let test_cases = protocol::cases(split, Target::Test);
    let library = QueryWeights::default();
    let mut report = serde_json::json!({
        "what": "films named in free speech and requests naming none (the twenty-third and twenty-fourth blind sets), read by the library; docs/eval/title-margin/README.md",
        "dataset": ds.name, "data_sha256": ds.fingerprint, "fitted_on": fitted_on, "model_sha256": model_sha256, "threads": a.sample.threads,
    });
    for (set, films, none) in [(23, BLIND_FILMS_23, BLIND_NO_FILM_23), (24, BLIND_FILMS_24, BLIND_NO_FILM_24)] {
        let (found, unmatched) = blind_films(cat, films, test_cases.len(), a.sample.seed ^ 0x6669_6c6d);
        let f = read(engine, &test_cases, "films", &found, &library)?;
        let n = read(engine, &test_cases, "naming none", &with_viewers(none.iter().map(|x| x.to_string()), |_| None, test_cases.len(), a.sample.seed ^ 0x3233_6e6f), &library)?;
        let right = |rs: &[Reading]| rs.iter().map(|r| r.right_at(Setting::Library)).collect::<Vec<f64>>();
        let missed: Vec<serde_json::Value> = f.iter().filter(|r| r.right_at(Setting::Library) == 0.0).map(|r| serde_json::json!({ "request": r.text, "named": r.film.map(|x| cat.movie(x).title.clone()), "read": r.references.iter().map(|&x| cat.movie(x).title.clone()).collect::<Vec<_>>() })).collect();
        println!("set {set}: films grounded {:.4} of {}, naming none read with none {:.4} of {}", right(&f).iter().sum::<f64>() / f.len().max(1) as f64, f.len(), right(&n).iter().sum::<f64>() / n.len().max(1) as f64, n.len());
        report[format!("set_{set}")] = serde_json::json!({ "films_not_in_catalogue": unmatched, "films_grounded": summary(&right(&f)), "naming_none_read_with_none": summary(&right(&n)), "films_missed": missed });
    }
    std::fs::create_dir_all(&a.paths.out)?;
    let path = a.paths.out.join("free-speech-films.json");
    std::fs::write(&path, serde_json::to_string_pretty(&report)? + "\n")?;
    println!("written to {}", path.display());
    Ok(())
}
