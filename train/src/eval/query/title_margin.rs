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
//! the chosen margin, paired.

use std::collections::BTreeMap;

use anyhow::{bail, Result};
use dualrec::engine::{Engine, EngineOptions};
use dualrec::model_dir::catalog::Catalog;
use dualrec::pipeline::request::{QueryWeights, UNREAD_PHRASES};
use dualrec::types::STAGE_AUTO;

use super::blind_wordings::{BLIND_GENRE_WORDINGS_16, BLIND_GENRE_WORDINGS_17, WITH_NONE};
use super::film_requests::{BLIND_FILMS_23, BLIND_NO_FILM_23, FILMS_23_WHAT};
use super::{build, in_frames};
use crate::data::Dataset;
use crate::eval::request_frames::{texts, NO_TITLE_REQUESTS, NO_TITLE_REQUESTS_2, NO_TITLE_REQUESTS_3, NO_TITLE_REQUESTS_4, NO_TITLE_REQUESTS_5, REFERENCE_FRAMES, REFERENCE_FRAMES_2, REFERENCE_FRAMES_3, REFERENCE_FRAMES_4, REFERENCE_FRAMES_5};
use crate::protocol::{self, Case, Target};
use crate::rng::SplitMix;

#[derive(clap::Args)]
pub struct TitleMarginArgs {
    #[command(flatten)]
    pub paths: crate::data::ToolPaths,
    /// Viewers sampled for the framed titles (as eval-query).
    #[arg(long, default_value_t = 1000)]
    pub users: usize,
    #[arg(long, default_value_t = 20_260_701)]
    pub seed: u64,
    #[arg(long, default_value_t = 20_260_702)]
    pub valid_seed: u64,
    #[arg(long, default_value_t = 1)]
    pub threads: u32,
    /// Also read the held-out requests, by the library and at the chosen margin.
    #[arg(long)]
    pub test: bool,
}

/// The margins tried, the library (any film named) first. A film is named
/// only where its title line won, so every margin of a named film is at
/// least 0 and 0 is the library.
const GRID: [f32; 9] = [f32::NEG_INFINITY, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0];

/// One request read by the library.
struct Reading {
    group: &'static str,
    text: String,
    /// The film it names (None: it names none).
    film: Option<u32>,
    case: usize,
    references: Vec<u32>,
    /// The LLM's film where the rules found none, its margin, and whether it was taken.
    llm: Option<(u32, f32, bool)>,
    /// The target's rank (usize::MAX: outside the top 10 or refused).
    rank: usize,
}

impl Reading {
    /// The references at margin `m`: the LLM's film dropped where it was taken below `m`.
    fn references_at(&self, m: f32) -> &[u32] {
        match self.llm {
            Some((_, margin, true)) if margin < m => &[],
            _ => &self.references,
        }
    }
    /// Read right at margin `m`: the named film grounded alone, or no film where none is named.
    fn right_at(&self, m: f32) -> f64 {
        let r = self.references_at(m);
        f64::from(u8::from(match self.film {
            Some(f) => r == [f],
            None => r.is_empty(),
        }))
    }
    /// Whether margin `m` changes its reading.
    fn moved_by(&self, m: f32) -> bool {
        matches!(self.llm, Some((_, margin, true)) if margin < m)
    }
}

fn read(engine: &Engine, cases: &[Case], group: &'static str, requests: &[(String, Option<u32>, usize)], w: &QueryWeights) -> Result<Vec<Reading>> {
    let bar = protocol::progress(requests.len(), group);
    let mut out = Vec::with_capacity(requests.len());
    for (text, film, ci) in requests {
        let c = &cases[*ci];
        let (references, llm, rank) = match engine.query_for_history_by(&c.history, text, 10, w, UNREAD_PHRASES) {
            Ok(a) => {
                let taken = |m: u32| a.intent.references == [m];
                let llm = a.intent.llm_title.map(|(m, margin)| (m, margin.unwrap_or(f32::INFINITY), taken(m)));
                let rank = a.items.iter().position(|r| r.index == c.target).map_or(usize::MAX, |p| p + 1);
                (a.intent.references, llm, rank)
            }
            Err(dualrec::Error::UnclearRequest(_)) => (Vec::new(), None, usize::MAX),
            Err(e) => bail!("request {text:?}: {e}"),
        };
        out.push(Reading { group, text: text.clone(), film: *film, case: *ci, references, llm, rank });
        bar.inc(1);
    }
    bar.finish();
    Ok(out)
}

/// `texts`, each paired with a viewer drawn from `cases` (seeded).
fn with_viewers(texts: impl IntoIterator<Item = String>, film: impl Fn(&str) -> Option<u32>, cases: usize, seed: u64) -> Vec<(String, Option<u32>, usize)> {
    let mut rng = SplitMix(seed);
    texts.into_iter().map(|t| { let f = film(&t); (t, f, rng.below(cases)) }).collect()
}

/// Framed titles: the requests of `queries` that name a reference, in `frames`.
fn framed(cat: &Catalog, queries: &[(usize, super::Query)], frames: &[&str], seed: u64) -> Vec<(String, Option<u32>, usize)> {
    in_frames(cat, queries, frames, seed).0.into_iter().map(|(ci, q)| (q.text, q.reference, ci)).collect()
}

/// The catalogue movie a writer named by its title and year: the title
/// compared without case, punctuation or a leading article, in full or up
/// to a colon or parenthesis, the year within one; None where no movie or
/// more than one matches.
pub(super) fn catalogue_film(cat: &Catalog, title: &str, year: u16) -> Option<u32> {
    let norm = |t: &str| -> String {
        let t: String = t.to_lowercase().chars().map(|c| if c.is_alphanumeric() { c } else { ' ' }).collect();
        let w: Vec<&str> = t.split_whitespace().collect();
        let w = if matches!(w.first(), Some(&"the") | Some(&"a") | Some(&"an")) { &w[1..] } else { &w[..] };
        w.join(" ")
    };
    let want = norm(title);
    let forms = |t: &str| -> Vec<String> { [Some(t), t.split(':').next(), t.split(" (").next()].into_iter().flatten().map(norm).collect() };
    let found: Vec<u32> = (0..cat.len() as u32).filter(|&i| {
        let m = cat.movie(i);
        m.year.abs_diff(year) <= 1 && forms(&m.title).contains(&want)
    }).collect();
    (found.len() == 1).then(|| found[0])
}

fn share(rs: &[&Reading], m: f32) -> f64 {
    rs.iter().map(|r| r.right_at(m)).sum::<f64>() / rs.len().max(1) as f64
}

fn summary(v: &[f64]) -> serde_json::Value {
    serde_json::json!({ "mean": v.iter().sum::<f64>() / v.len().max(1) as f64, "ci95": protocol::bootstrap_ci(v, protocol::BOOTSTRAP_SEED), "n": v.len() })
}

fn margin_json(m: f32) -> serde_json::Value {
    if m.is_finite() { serde_json::json!(m) } else { serde_json::json!("library") }
}

/// The readings of one group at margin `m` against the library, paired:
/// right (grounded / read with no film), HR@10 (the candidate's requests
/// read again where the margin moves them).
fn compare(engine: &Engine, cases: &[Case], rs: &[Reading], m: f32) -> Result<serde_json::Value> {
    let w = QueryWeights { llm_title_margin: m, ..QueryWeights::default() };
    let (mut lib, mut cand, mut hr_lib, mut hr_cand) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut moved = Vec::new();
    for r in rs {
        lib.push(r.right_at(f32::NEG_INFINITY));
        cand.push(r.right_at(m));
        let hr = |rank: usize| f64::from(u8::from(rank <= 10));
        hr_lib.push(hr(r.rank));
        let rank = if r.moved_by(m) {
            let c = &cases[r.case];
            let a = engine.query_for_history_by(&c.history, &r.text, 10, &w, UNREAD_PHRASES);
            let rank = match a {
                Ok(a) => a.items.iter().position(|x| x.index == c.target).map_or(usize::MAX, |p| p + 1),
                Err(dualrec::Error::UnclearRequest(_)) => usize::MAX,
                Err(e) => bail!("request {:?}: {e}", r.text),
            };
            moved.push(serde_json::json!({ "request": r.text, "llm_film": r.llm.map(|l| l.0), "margin": r.llm.map(|l| l.1), "named": r.film }));
            rank
        } else {
            r.rank
        };
        hr_cand.push(hr(rank));
    }
    let minus = |a: &[f64], b: &[f64]| a.iter().zip(b).map(|(x, y)| x - y).collect::<Vec<f64>>();
    let scored = rs.first().is_some_and(|r| r.group != "set 23: films");
    Ok(serde_json::json!({
        "requests": rs.len(),
        "right_library": summary(&lib), "right_candidate": summary(&cand), "paired_right_candidate_minus_library": summary(&minus(&cand, &lib)),
        "hr10": if scored { serde_json::json!({ "library": summary(&hr_lib), "candidate": summary(&hr_cand), "paired_candidate_minus_library": summary(&minus(&hr_cand, &hr_lib)) }) } else { serde_json::Value::Null },
        "moved": moved,
    }))
}

/// Each group's requests where the LLM named a film: the request, the film, its margin, taken or not.
fn named_json(cat: &Catalog, rs: &[Reading]) -> Vec<serde_json::Value> {
    rs.iter().filter_map(|r| r.llm.map(|(f, m, taken)| serde_json::json!({ "group": r.group, "request": r.text, "named": r.film.map(|x| cat.movie(x).title.clone()), "llm_film": cat.movie(f).title, "margin": m, "taken": taken, "right": r.right_at(f32::NEG_INFINITY) }))).collect()
}

pub fn run(a: TitleMarginArgs) -> Result<()> {
    let ds = Dataset::load(&a.paths.data)?;
    let split = ds.split();
    let engine = Engine::open(&EngineOptions { model_dir: a.paths.models.clone(), n_threads: a.threads, stages: STAGE_AUTO, ..Default::default() })?;
    let models = ["lstm", "transitions", "catalog-emb", "collab", "fusion", "sbert-int8", "lm", "lm-reader", "lm-reader-titles"];
    let model_sha256: BTreeMap<String, String> = models.iter().filter_map(|m| engine.manifest().get(m)).map(|e| (e.file.clone(), e.sha256.clone())).collect();
    if engine.reader().0.is_none() {
        bail!("the title margin needs the LLM reader (lm.gguf and lm-reader-titles-lora.gguf in {})", a.paths.models.display());
    }
    let sem = engine.semantic().ok_or_else(|| anyhow::anyhow!("the request evaluation needs the semantic stage"))?;
    let cat = ds.catalog.clone();
    let library = QueryWeights::default();
    let no_film = |_: &str| None;
    let strings = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<String>>();

    // Development.
    let valid_cases = protocol::cases(&split, Target::Valid);
    let valid_queries = build(&cat, sem, &valid_cases, &protocol::sample(valid_cases.len(), a.users, a.valid_seed), a.valid_seed);
    let mut dev_films = Vec::new();
    for (k, frames) in [REFERENCE_FRAMES, REFERENCE_FRAMES_2, REFERENCE_FRAMES_3].into_iter().enumerate() {
        dev_films.extend(framed(&cat, &valid_queries, &texts(frames), a.valid_seed ^ (0x7469_746c_6500 + k as u64)));
    }
    let mut dev_none_texts = strings(NO_TITLE_REQUESTS);
    dev_none_texts.extend([NO_TITLE_REQUESTS_2, NO_TITLE_REQUESTS_3].iter().flat_map(|s| s.iter().map(|x| x.0.to_string())));
    dev_none_texts.extend(WITH_NONE.iter().filter(|s| s.0 <= 20).flat_map(|s| strings(s.3)));
    let dev_wording_texts: Vec<String> = [BLIND_GENRE_WORDINGS_16, BLIND_GENRE_WORDINGS_17].into_iter().chain(WITH_NONE.iter().filter(|s| s.0 <= 20).map(|s| s.2)).flat_map(|w| w.iter().map(|x| x.2.to_string())).collect();
    let mut dev = read(&engine, &valid_cases, "development: framed titles", &dev_films, &library)?;
    dev.extend(read(&engine, &valid_cases, "development: naming none", &with_viewers(dev_none_texts, no_film, valid_cases.len(), a.valid_seed ^ 0x6e6f_6e65), &library)?);
    dev.extend(read(&engine, &valid_cases, "development: genre wordings", &with_viewers(dev_wording_texts, no_film, valid_cases.len(), a.valid_seed ^ 0x776f_7264), &library)?);
    let films: Vec<&Reading> = dev.iter().filter(|r| r.film.is_some()).collect();
    let nones: Vec<&Reading> = dev.iter().filter(|r| r.film.is_none()).collect();
    let curve: Vec<(f32, f64, f64)> = GRID.iter().map(|&m| (m, share(&films, m), share(&nones, m))).collect();
    let objective = |c: &(f32, f64, f64)| (c.1 + c.2) / 2.0;
    let chosen = curve.iter().fold(None::<&(f32, f64, f64)>, |b, c| match b { Some(b) if objective(b) >= objective(c) => Some(b), _ => Some(c) }).expect("a grid").0;
    for c in &curve {
        println!("margin {:>9}: framed titles grounded {:.4}, naming none read with none {:.4}, objective {:.4}", format!("{}", c.0), c.1, c.2, objective(c));
    }
    println!("chosen: {}", margin_json(chosen));
    let mut report = serde_json::json!({
        "what": "how sure the LLM reader must be that a request names a film (QueryWeights::llm_title_margin: the logit of its title line minus the best other line's where it decided whether to name one); docs/eval/title-margin/README.md",
        "dataset": ds.name, "data_sha256": ds.fingerprint, "model_sha256": model_sha256, "threads": a.threads,
        "development": {
            "framed_titles": films.len(), "naming_none": nones.len(),
            "curve": curve.iter().map(|c| serde_json::json!({ "margin": margin_json(c.0), "framed_grounded": c.1, "none_read_as_none": c.2, "objective": objective(c) })).collect::<Vec<_>>(),
            "chosen": margin_json(chosen),
            "named_by_llm": named_json(&cat, &dev),
        },
    });
    if a.test {
        let test_cases = protocol::cases(&split, Target::Test);
        let test_queries = build(&cat, sem, &test_cases, &protocol::sample(test_cases.len(), a.users, a.seed), a.seed);
        let mut test_films = Vec::new();
        for (k, frames) in [REFERENCE_FRAMES_4, REFERENCE_FRAMES_5].into_iter().enumerate() {
            test_films.extend(framed(&cat, &test_queries, &texts(frames), a.seed ^ (0x7469_746c_6503 + k as u64)));
        }
        let mut none_texts: Vec<String> = [NO_TITLE_REQUESTS_4, NO_TITLE_REQUESTS_5].iter().flat_map(|s| s.iter().map(|x| x.0.to_string())).collect();
        none_texts.extend(WITH_NONE.iter().filter(|s| s.0 > 20).flat_map(|s| strings(s.3)));
        let wording_texts: Vec<String> = WITH_NONE.iter().filter(|s| s.0 > 20).flat_map(|s| s.2.iter().map(|x| x.2.to_string())).collect();
        let films_23: Vec<(String, Option<u32>)> = BLIND_FILMS_23.iter().filter_map(|&(t, y, r)| catalogue_film(&cat, t, y).map(|f| (r.to_string(), Some(f)))).collect();
        let unmatched = BLIND_FILMS_23.len() - films_23.len();
        let mut rng = SplitMix(a.seed ^ 0x6669_6c6d);
        let films_23: Vec<(String, Option<u32>, usize)> = films_23.into_iter().map(|(t, f)| (t, f, rng.below(test_cases.len()))).collect();
        let groups = [
            ("framed titles (fourth, fifth frames)", test_films),
            ("naming none (fourth, fifth frame sets; 21st, 22nd sets)", with_viewers(none_texts, no_film, test_cases.len(), a.seed ^ 0x6e6f_6e65)),
            ("genre wordings (21st, 22nd sets)", with_viewers(wording_texts, no_film, test_cases.len(), a.seed ^ 0x776f_7264)),
            ("set 23: naming none", with_viewers(strings(BLIND_NO_FILM_23), no_film, test_cases.len(), a.seed ^ 0x3233_6e6f)),
            ("set 23: films", films_23),
        ];
        let mut test = serde_json::Map::new();
        let mut named = Vec::new();
        for (name, requests) in groups {
            let rs = read(&engine, &test_cases, name, &requests, &library)?;
            test.insert(name.to_string(), compare(&engine, &test_cases, &rs, chosen)?);
            named.extend(named_json(&cat, &rs));
        }
        test.insert("named_by_llm".into(), serde_json::json!(named));
        test.insert("set_23".into(), serde_json::json!({ "what": FILMS_23_WHAT, "films_written": BLIND_FILMS_23.len(), "films_not_in_catalogue": unmatched, "naming_none": BLIND_NO_FILM_23.len() }));
        report["test"] = serde_json::Value::Object(test);
    }
    std::fs::create_dir_all(&a.paths.out)?;
    let path = a.paths.out.join("title-margin.json");
    std::fs::write(&path, serde_json::to_string_pretty(&report)? + "\n")?;
    println!("written to {}", path.display());
    Ok(())
}
