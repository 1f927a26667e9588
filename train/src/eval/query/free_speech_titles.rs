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

use anyhow::Result;
use dualrec::engine::Engine;
use dualrec::model_dir::catalog::Catalog;
use dualrec::pipeline::request::{parse_with, QueryWeights, ReadOptions, Vocabulary, UNREAD_PHRASES};

use super::film_requests::{FilmRequest, BLIND_FILMS_23, BLIND_FILMS_24, BLIND_FILMS_25, BLIND_FILMS_26, BLIND_NO_FILM_23, BLIND_NO_FILM_24, BLIND_NO_FILM_25, BLIND_NO_FILM_26, FILMS_25_WHAT, FILMS_26_WHAT};
use super::read_for;
use super::title_margin::{blind_films, summary, with_viewers, RequestGroups, Requests};
use crate::data::Dataset;
use crate::protocol::{self, Case, Target};

#[derive(clap::Args)]
pub struct FreeSpeechTitlesArgs {
    #[command(flatten)]
    pub paths: crate::data::ToolPaths,
    /// The viewers sampled for the framed and templated titles (as eval-query's).
    #[command(flatten)]
    pub sample: super::RequestSample,
    /// Also read the held-out requests (the twenty-sixth set among them).
    #[arg(long)]
    pub test: bool,
}

/// One request's reading by the library and by the candidate.
struct Pair {
    text: String,
    /// The film it names (None: it names none).
    film: Option<u32>,
    /// Whether the candidate's rules read it differently.
    changed: bool,
    /// (references, the target's rank; usize::MAX outside the top 10 or
    /// refused), by the library; None where it was not read in full.
    library: Option<(Vec<u32>, usize)>,
    /// The same by the candidate; None where the rules read it alike.
    candidate: Option<(Vec<u32>, usize)>,
}

impl Pair {
    fn right(&self, refs: &[u32]) -> f64 {
        f64::from(u8::from(match self.film {
            Some(f) => refs == [f],
            None => refs.is_empty(),
        }))
    }
    /// (library, candidate) read right, where the library was read in full.
    fn rights(&self) -> Option<(f64, f64)> {
        let lib = self.library.as_ref()?;
        let cand = self.candidate.as_ref().unwrap_or(lib);
        Some((self.right(&lib.0), self.right(&cand.0)))
    }
    /// The paired difference in reading right (0 where the rules read alike).
    fn right_delta(&self) -> f64 {
        match (&self.library, &self.candidate) {
            (Some(l), Some(c)) => self.right(&c.0) - self.right(&l.0),
            _ => 0.0,
        }
    }
    fn hit_delta(&self) -> f64 {
        let hit = |r: usize| f64::from(u8::from(r <= 10));
        match (&self.library, &self.candidate) {
            (Some(l), Some(c)) => hit(c.1) - hit(l.1),
            _ => 0.0,
        }
    }
}

/// How the rules read `text` for a viewer (the intent, or the refusal), under `options`.
fn rules(engine: &Engine, vocab: &Vocabulary, c: &Case, text: &str, options: ReadOptions) -> String {
    format!("{:?}", parse_with(engine.base_catalog(), vocab, text, engine.transitions().popularity(), &c.history, options))
}

/// Reads `requests` by the rules with and without the candidate, and in full
/// where they differ, or everywhere with `full`.
fn read(engine: &Engine, vocab: &Vocabulary, cases: &[Case], group: &'static str, requests: &Requests, full: bool) -> Result<Vec<Pair>> {
    // The library before the candidate shipped, and the candidate (the library since).
    let library = QueryWeights { free_speech_titles: false, ..QueryWeights::default() };
    let candidate = QueryWeights { free_speech_titles: true, ..QueryWeights::default() };
    let options = |w: &QueryWeights| ReadOptions { family_as_audience: w.family_as_audience, free_speech_titles: w.free_speech_titles, ..ReadOptions::default() };
    let bar = protocol::progress(requests.len(), group);
    let mut out = Vec::with_capacity(requests.len());
    for (text, film, ci) in requests {
        let c = &cases[*ci];
        let changed = rules(engine, vocab, c, text, options(&library)) != rules(engine, vocab, c, text, options(&candidate));
        let full_read = |w: &QueryWeights| -> Result<(Vec<u32>, usize)> {
            let (intent, rank) = read_for(engine, c, text, w, UNREAD_PHRASES)?;
            Ok((intent.map(|i| i.references).unwrap_or_default(), rank))
        };
        let lib = if changed || full { Some(full_read(&library)?) } else { None };
        let cand = if changed { Some(full_read(&candidate)?) } else { None };
        out.push(Pair { text: text.clone(), film: *film, changed, library: lib, candidate: cand });
        bar.inc(1);
    }
    bar.finish();
    Ok(out)
}

/// One group's report: how many requests the candidate's rules read
/// differently, the paired differences (0 where alike), the levels where
/// every request was read in full, HR@10 where `scored`, and each changed reading.
fn report(cat: &Catalog, ps: &[Pair], scored: bool) -> serde_json::Value {
    let titles = |r: &[u32]| r.iter().map(|&i| cat.movie(i).title.clone()).collect::<Vec<_>>();
    let levels: Option<Vec<(f64, f64)>> = ps.iter().map(Pair::rights).collect();
    let changed: Vec<serde_json::Value> = ps
        .iter()
        .filter(|p| p.changed)
        .map(|p| {
            let (l, c) = (p.library.as_ref().expect("read in full"), p.candidate.as_ref().expect("read in full"));
            serde_json::json!({ "request": p.text, "named": p.film.map(|f| cat.movie(f).title.clone()), "library": titles(&l.0), "candidate": titles(&c.0), "right_library": p.right(&l.0), "right_candidate": p.right(&c.0), "rank_library": (l.1 != usize::MAX).then_some(l.1), "rank_candidate": (c.1 != usize::MAX).then_some(c.1) })
        })
        .collect();
    let missed: Vec<serde_json::Value> = ps
        .iter()
        .filter(|p| p.film.is_some() && p.rights().is_some_and(|r| r.1 == 0.0))
        .map(|p| serde_json::json!({ "request": p.text, "named": p.film.map(|f| cat.movie(f).title.clone()), "read": titles(&p.candidate.as_ref().or(p.library.as_ref()).expect("read in full").0) }))
        .collect();
    serde_json::json!({
        "requests": ps.len(),
        "read_differently": ps.iter().filter(|p| p.changed).count(),
        "right_library": levels.as_ref().map(|l| summary(&l.iter().map(|x| x.0).collect::<Vec<_>>())),
        "right_candidate": levels.as_ref().map(|l| summary(&l.iter().map(|x| x.1).collect::<Vec<_>>())),
        "paired_right_candidate_minus_library": summary(&ps.iter().map(Pair::right_delta).collect::<Vec<_>>()),
        "paired_hr10_candidate_minus_library": scored.then(|| summary(&ps.iter().map(Pair::hit_delta).collect::<Vec<_>>())),
        "changed": changed,
        "films_missed_by_candidate": missed,
    })
}

pub fn run(a: FreeSpeechTitlesArgs) -> Result<()> {
    let ds = Dataset::load(&a.paths.data)?;
    let split = ds.split();
    let super::RequestEngine { engine, fitted_on, model_sha256 } = super::open_for_requests(&a.paths.models, &a.sample, &ds)?;
    let sem = engine.semantic().ok_or_else(|| anyhow::anyhow!("the request evaluation needs the semantic stage"))?;
    let cat = ds.catalog.clone();
    let vocab = Vocabulary::new(engine.base_catalog());
    let no_film = |_: &str| None;
    let strings = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<String>>();
    let mut out = serde_json::json!({
        "what": "films named as people say them, the second candidate (QueryWeights::free_speech_titles: a title word that is no everyday English word, with its whole title where it is a name; spoken numbers above twenty; a series' name as its first film; a character in a film; a long title said whole), against the library, paired; docs/eval/free-speech-titles/README.md",
        "dataset": ds.name, "data_sha256": ds.fingerprint, "fitted_on": fitted_on, "model_sha256": model_sha256, "threads": a.sample.threads,
    });

    // Development.
    let development = RequestGroups::new(&cat, sem, &split, &a.sample, false);
    let mut dev = serde_json::Map::new();
    let sets: [(&'static str, &'static str, &[FilmRequest], &[&str]); 3] = [
        ("set 23: films", "set 23: naming none", BLIND_FILMS_23, BLIND_NO_FILM_23),
        ("set 24: films", "set 24: naming none", BLIND_FILMS_24, BLIND_NO_FILM_24),
        ("set 25: films", "set 25: naming none", BLIND_FILMS_25, BLIND_NO_FILM_25),
    ];
    for (films_name, none_name, films, none) in sets {
        // The viewers as eval-title-margin's --sets-only drew them.
        let test_cases = protocol::cases(&split, Target::Test);
        let (found, _) = blind_films(&cat, films, test_cases.len(), a.sample.seed ^ 0x6669_6c6d);
        let ps = read(&engine, &vocab, &test_cases, films_name, &found, true)?;
        dev.insert(films_name.to_string(), report(&cat, &ps, false));
        let ps = read(&engine, &vocab, &test_cases, none_name, &with_viewers(strings(none), no_film, test_cases.len(), a.sample.seed ^ 0x3233_6e6f), true)?;
        dev.insert(none_name.to_string(), report(&cat, &ps, true));
    }
    let valid_cases = &development.cases;
    let groups: [(&'static str, &Requests); 3] = [
        ("framed titles (first to third frames)", &development.framed),
        ("naming none (first to third frame sets; 18th to 20th sets)", &development.naming_none),
        ("genre wordings (16th to 20th sets)", &development.wordings),
    ];
    for (name, requests) in groups {
        let ps = read(&engine, &vocab, valid_cases, name, requests, false)?;
        dev.insert(name.to_string(), report(&cat, &ps, true));
    }
    for (name, g) in &dev {
        println!("development, {name}: read differently {}, paired right {}", g["read_differently"], g["paired_right_candidate_minus_library"]["mean"]);
    }
    dev.insert("set_25".into(), serde_json::json!({ "what": FILMS_25_WHAT, "films_written": BLIND_FILMS_25.len(), "naming_none": BLIND_NO_FILM_25.len() }));
    out["development"] = serde_json::Value::Object(dev);

    if a.test {
        let held_out = RequestGroups::new(&cat, sem, &split, &a.sample, true);
        let test_cases = &held_out.cases;
        let (set_films, unmatched) = blind_films(&cat, BLIND_FILMS_26, test_cases.len(), a.sample.seed ^ 0x6669_6c6d);
        let mut test = serde_json::Map::new();
        // (name, requests, read in full, HR@10 scored)
        let groups: [(&'static str, Requests, bool, bool); 6] = [
            ("set 26: films", set_films, true, false),
            ("set 26: naming none", with_viewers(strings(BLIND_NO_FILM_26), no_film, test_cases.len(), a.sample.seed ^ 0x3233_6e6f), true, true),
            ("templated requests", held_out.templated.clone(), false, true),
            ("framed titles (fourth, fifth frames)", held_out.framed.clone(), false, true),
            ("naming none (fourth, fifth frame sets; 21st, 22nd sets)", held_out.naming_none.clone(), false, true),
            ("genre wordings (21st, 22nd sets)", held_out.wordings.clone(), false, true),
        ];
        for (name, requests, full, scored) in groups {
            let ps = read(&engine, &vocab, test_cases, name, &requests, full)?;
            test.insert(name.to_string(), report(&cat, &ps, scored));
        }
        for (name, g) in &test {
            println!("test, {name}: read differently {}, paired right {}, HR@10 {}", g["read_differently"], g["paired_right_candidate_minus_library"], g["paired_hr10_candidate_minus_library"]);
        }
        test.insert("set_26".into(), serde_json::json!({ "what": FILMS_26_WHAT, "films_written": BLIND_FILMS_26.len(), "films_not_in_catalogue": unmatched, "naming_none": BLIND_NO_FILM_26.len() }));
        out["test"] = serde_json::Value::Object(test);
    }
    std::fs::create_dir_all(&a.paths.out)?;
    let path = a.paths.out.join(if a.test { "free-speech-titles-2.json" } else { "free-speech-titles-2-development.json" });
    std::fs::write(&path, serde_json::to_string_pretty(&out)? + "\n")?;
    println!("written to {}", path.display());
    Ok(())
}
