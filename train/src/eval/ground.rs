//! `dualrec-train ground-eval`: grounding accuracy of the semantic stage on
//! every catalogue title (display form and perturbed forms) and on titles the
//! catalogue does not contain, plus embedding and search latency. Writes
//! `docs/eval/grounding.json` and `docs/eval/grounding.md`.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context, Result};
use dualrec::model_dir::catalog::{normalize_title, Catalog};
use dualrec::model_dir::manifest::{Manifest, Verify};
use dualrec::model_dir::ModelDir;
use dualrec::stages::semantic::{self as sem, CatalogIndex, Encoder, Precision, Semantic};
use dualrec::stages::{Stage, StageContext};

use crate::rng::SplitMix;
use super::grounding::{self as ground, GroundMethod, Grounder};
use serde_json::json;

#[derive(clap::Args)]
pub struct GroundEvalArgs {
    #[arg(long, default_value = "models")]
    pub models: PathBuf,
    #[arg(long, default_value = "reports")]
    pub out: PathBuf,
    /// Titles timed one at a time per model in the latency benchmark.
    #[arg(long, default_value_t = 400)]
    pub bench_titles: usize,
    /// Skip the int8 model's accuracy run (latency is still measured).
    #[arg(long)]
    pub fp32_only: bool,
    /// Only measure latency; print it, write nothing.
    #[arg(long)]
    pub bench_only: bool,
}

/// Films released after MovieLens 1M was collected (2000), plus invented
/// titles: none is in the catalogue, so every grounding of one is an error.
const NOT_IN_CATALOG: &[&str] = &[
    "Inception (2010)", "The Dark Knight (2008)", "Interstellar (2014)", "Parasite (2019)", "Avatar (2009)",
    "The Social Network (2010)", "Mad Max: Fury Road (2015)", "Whiplash (2014)", "La La Land (2016)", "Get Out (2017)",
    "Spirited Away (2001)", "Amélie (2001)", "Oldboy (2003)", "Pan's Labyrinth (2006)", "No Country for Old Men (2007)",
    "There Will Be Blood (2007)", "The Departed (2006)", "Up (2009)", "WALL-E (2008)", "Ratatouille (2007)",
    "Finding Nemo (2003)", "Shrek (2001)", "Frozen (2013)", "Coco (2017)", "Joker (2019)", "Dune (2021)",
    "Oppenheimer (2023)", "Barbie (2023)", "Everything Everywhere All at Once (2022)", "Her (2013)",
    "Drive (2011)", "Gravity (2013)", "Arrival (2016)", "Moonlight (2016)", "Zodiac (2007)", "Memento (2000)",
    "The Lord of the Rings: The Fellowship of the Ring (2001)", "Harry Potter and the Philosopher's Stone (2001)",
    "Pirates of the Caribbean: The Curse of the Black Pearl (2003)", "Kill Bill: Vol. 1 (2003)",
    "The Quantum Banana Conspiracy (1997)", "Seven Lighthouses of Dorval (1989)", "Midnight at the Glass Orchard (1994)",
    "Captain Marzipan Returns (1986)", "The Accountant of Lost Rivers (1999)", "Blue Velvet Spoon (1992)",
    "Penguins of the Sahara (1995)", "A Very Long Thursday (1998)", "Robo-Detective Zero (1991)", "Lunchbox Samurai (1996)",
];

/// One typo in a letter of `title`: swap with the next letter, drop it,
/// double it, or replace it by a neighbouring letter, chosen at random.
fn typo(title: &str, rng: &mut SplitMix) -> String {
    let chars: Vec<char> = title.chars().collect();
    let letters: Vec<usize> = (0..chars.len()).filter(|&i| chars[i].is_ascii_alphabetic()).collect();
    if letters.len() < 4 {
        return title.to_string();
    }
    let i = letters[rng.below(letters.len())];
    let mut c = chars.clone();
    match rng.below(4) {
        0 if i + 1 < c.len() && c[i + 1].is_ascii_alphabetic() && c[i] != c[i + 1] => c.swap(i, i + 1),
        1 => {
            c.remove(i);
        }
        2 => c.insert(i, c[i]),
        _ => {
            let b = c[i].to_ascii_lowercase() as u8;
            let r = if b == b'z' { b'y' } else { b + 1 };
            c[i] = if c[i].is_ascii_uppercase() { (r as char).to_ascii_uppercase() } else { r as char };
        }
    }
    c.into_iter().collect()
}

struct Case {
    text: String,
    /// None: must not be grounded.
    expected: Option<u32>,
}

fn cases(catalog: &Catalog) -> Vec<(&'static str, &'static str, Vec<Case>)> {
    let ms = catalog.movies();
    let all = |f: &dyn Fn(usize) -> String| -> Vec<Case> {
        (0..ms.len()).map(|i| Case { text: f(i), expected: Some(i as u32) }).collect()
    };
    let mut rng = SplitMix(4);
    let typos: Vec<Case> = (0..ms.len())
        .map(|i| {
            let m = &ms[i];
            let t = typo(&m.title, &mut rng);
            Case { text: if m.year > 0 { format!("{t} ({})", m.year) } else { t }, expected: Some(i as u32) }
        })
        .collect();
    let mut rng = SplitMix(5);
    let typos_no_year: Vec<Case> =
        (0..ms.len()).map(|i| Case { text: typo(&ms[i].title, &mut rng), expected: Some(i as u32) }).collect();
    vec![
        ("display", "display title with year: \"The Matrix (1999)\"", all(&|i| ms[i].display())),
        ("movielens", "MovieLens form: \"Matrix, The (1999)\"", all(&|i| {
            let m = &ms[i];
            if m.year > 0 { format!("{} ({})", m.raw_title, m.year) } else { m.raw_title.clone() }
        })),
        ("lowercase_no_punct", "lower case, punctuation dropped: \"the matrix 1999\"", all(&|i| {
            let d = ms[i].display().to_lowercase();
            let s: String = d.chars().filter(|c| c.is_alphanumeric() || c.is_whitespace()).collect();
            // keep the year recognisable: "(1999)" -> "(1999)"
            if ms[i].year > 0 {
                format!("{} ({})", s.trim_end_matches(char::is_numeric).trim(), ms[i].year)
            } else {
                s
            }
        })),
        ("missing_year", "title without year: \"The Matrix\"", all(&|i| ms[i].title.clone())),
        ("wrong_year", "year off by one: \"The Matrix (2000)\"", all(&|i| {
            let m = &ms[i];
            if m.year > 0 { format!("{} ({})", m.title, m.year + 1) } else { m.title.clone() }
        })),
        ("typo", "one typo in the title, year kept: \"The Matirx (1999)\"", typos),
        ("typo_missing_year", "one typo, no year: \"The Matirx\"", typos_no_year),
        (
            "not_in_catalog",
            "films from after 2000 and invented titles (must be dropped)",
            NOT_IN_CATALOG.iter().map(|t| Case { text: t.to_string(), expected: None }).collect(),
        ),
    ]
}

/// (grounded index, score, method) with no threshold applied.
type Outcome = Option<(u32, f32, GroundMethod)>;

fn run_cases(sem: &Grounder, cases: &[Case]) -> Result<Vec<Outcome>> {
    cases.iter().map(|c| Ok(sem.ground_detailed(&c.text, &[])?.map(|g| (g.index, g.score, g.method)))).collect()
}

struct Tally {
    correct: usize,
    same_title: usize,
    dropped: usize,
    wrong: usize,
    by_embedding: usize,
}

fn tally(catalog: &Catalog, cases: &[Case], out: &[Outcome], threshold: f32) -> Tally {
    let mut t = Tally { correct: 0, same_title: 0, dropped: 0, wrong: 0, by_embedding: 0 };
    for (c, o) in cases.iter().zip(out) {
        let o = o.filter(|&(_, s, m)| m != GroundMethod::Embedding || s >= threshold);
        match (o, c.expected) {
            (None, None) => t.correct += 1,
            (None, Some(_)) => t.dropped += 1,
            (Some(_), None) => t.wrong += 1,
            (Some((i, _, m)), Some(e)) => {
                if m == GroundMethod::Embedding {
                    t.by_embedding += 1;
                }
                if i == e {
                    t.correct += 1;
                } else if normalize_title(&catalog.movie(i).title).0 == normalize_title(&catalog.movie(e).title).0 {
                    t.same_title += 1;
                } else {
                    t.wrong += 1;
                }
            }
        }
    }
    t
}

fn pct(a: usize, n: usize) -> f64 {
    if n == 0 {
        0.0
    } else {
        (a as f64 * 10000.0 / n as f64).round() / 100.0
    }
}

fn percentile(v: &mut [f64], p: f64) -> f64 {
    v.sort_by(f64::total_cmp);
    let i = ((v.len() as f64 - 1.0) * p).round() as usize;
    (v[i] * 1000.0).round() / 1000.0
}

/// On-CPU time of the calling thread in ns (Linux `schedstat`): unaffected by
/// other processes preempting it on a shared machine. It advances in
/// scheduler ticks, so only totals over many calls are meaningful.
fn thread_cpu_ns() -> Option<u64> {
    std::fs::read_to_string("/proc/thread-self/schedstat").ok()?.split_whitespace().next()?.parse().ok()
}

fn bench_encoder(models: &std::path::Path, p: Precision, titles: &[&str]) -> Result<serde_json::Value> {
    let enc = Encoder::open(&ModelDir::open(models, Verify::Full)?, 1, p, None)?;
    for t in titles.iter().take(20) {
        enc.embed(&[t])?;
    }
    let mut single = Vec::with_capacity(titles.len());
    let c0 = thread_cpu_ns();
    for t in titles {
        let s = Instant::now();
        enc.embed(&[t])?;
        single.push(s.elapsed().as_secs_f64() * 1e3);
    }
    let single_cpu = match (c0, thread_cpu_ns()) {
        (Some(a), Some(b)) => ((b - a) as f64 / 1e6 / titles.len() as f64 * 1000.0).round() / 1000.0,
        _ => f64::NAN,
    };
    let c = thread_cpu_ns();
    let s = Instant::now();
    let mut flat = Vec::new();
    enc.embed_into(titles, &mut flat)?;
    let batched = s.elapsed().as_secs_f64() * 1e3 / titles.len() as f64;
    let batched_cpu = match (c, thread_cpu_ns()) {
        (Some(a), Some(b)) => ((b - a) as f64 / 1e6 / titles.len() as f64 * 1000.0).round() / 1000.0,
        _ => f64::NAN,
    };
    let mut tok = Vec::with_capacity(titles.len());
    for t in titles {
        let s = Instant::now();
        enc.token_ids(t)?;
        tok.push(s.elapsed().as_secs_f64() * 1e3);
    }
    let mean = single.iter().sum::<f64>() / single.len() as f64;
    Ok(json!({
        "precision": format!("{p:?}"), "threads": 1, "titles": titles.len(),
        "single_ms_p50": percentile(&mut single, 0.5), "single_ms_p90": percentile(&mut single, 0.9),
        "single_ms_mean": (mean * 1000.0).round() / 1000.0,
        "batched_ms_per_title": (batched * 1000.0).round() / 1000.0, "batch_size": sem::BATCH,
        "single_cpu_ms_mean": single_cpu,
        "batched_cpu_ms_per_title": batched_cpu,
        "tokenize_ms_p50": percentile(&mut tok, 0.5),
    }))
}

fn bench_search(index: &CatalogIndex, n: usize) -> serde_json::Value {
    let queries: Vec<Vec<f32>> = (0..n).map(|k| index.row(((k * 7919) % index.len()) as u32)).collect();
    for q in queries.iter().take(20) {
        std::hint::black_box(index.nearest(q, 10, |_| false));
    }
    let mut t = Vec::with_capacity(n);
    let c0 = thread_cpu_ns();
    for q in &queries {
        let s = Instant::now();
        std::hint::black_box(index.nearest(q, 10, |_| false));
        t.push(s.elapsed().as_secs_f64() * 1e3);
    }
    let cpu_mean = match (c0, thread_cpu_ns()) {
        (Some(a), Some(b)) => ((b - a) as f64 / 1e6 / n as f64 * 1000.0).round() / 1000.0,
        _ => f64::NAN,
    };
    json!({"rows": index.len(), "dim": sem::DIM, "k": 10, "queries": n, "storage": "f16, memory-mapped",
        "ms_p50": percentile(&mut t, 0.5), "ms_p90": percentile(&mut t, 0.9), "cpu_ms_mean": cpu_mean})
}

fn machine() -> serde_json::Value {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("model name")).map(|l| l.split(':').nth(1).unwrap_or("").trim().to_string()))
        .unwrap_or_else(|| "unknown".into());
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    json!({"cpu": cpu, "cores": std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0),
        "loadavg_at_start": load.split_whitespace().take(3).collect::<Vec<_>>().join(" ")})
}

const THRESHOLDS: &[f32] = &[0.5, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9];

pub fn run(a: GroundEvalArgs) -> Result<()> {
    let models = &a.models;
    let machine = machine();
    let manifest = Manifest::load(models)?;
    let cat = manifest.open_verified(models, "catalog", dualrec::model_dir::catalog::CATALOG_VERSION, Verify::Full)?;
    let catalog = Catalog::parse_tsv(cat.bytes(), &cat.name())?;
    let threads = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    let sets = if a.bench_only { Vec::new() } else { cases(&catalog) };

    let mut accuracy = Vec::new();
    let mut sweeps = Vec::new();
    let precisions: &[Precision] = if a.bench_only {
        &[]
    } else if a.fp32_only { &[Precision::Fp32] } else { &[Precision::Fp32, Precision::Int8] };
    for &p in precisions {
        let md = ModelDir::open(models, Verify::Full)?;
        let ctx = StageContext { dir: &md, catalog: &catalog, threads, n_gpu_layers: 0, sbert_precision: p, onnxruntime_path: None };
        let semantic = Semantic::open(&ctx).context("opening the semantic stage")?;
        let mut s = Grounder::new(&semantic, &catalog)?;
        s.threshold = f32::NEG_INFINITY; // thresholds are applied below
        for (name, desc, cs) in &sets {
            let started = Instant::now();
            let out = run_cases(&s, cs)?;
            let secs = started.elapsed().as_secs_f64();
            let t = tally(&catalog, cs, &out, ground::DEFAULT_GROUND_THRESHOLD);
            tracing::info!(precision = ?p, set = name, accuracy = pct(t.correct, cs.len()), secs, "grounded");
            let examples: Vec<_> = cs
                .iter()
                .zip(&out)
                .filter(|(c, o)| {
                    let o = o.filter(|&(_, sc, m)| m != GroundMethod::Embedding || sc >= ground::DEFAULT_GROUND_THRESHOLD);
                    o.map(|x| x.0) != c.expected
                })
                .take(5)
                .map(|(c, o)| {
                    json!({"text": c.text, "expected": c.expected.map(|e| catalog.movie(e).display()),
                        "got": o.map(|(i, s, m)| format!("{} ({m:?}, {s:.3})", catalog.movie(i).display()))})
                })
                .collect();
            accuracy.push(json!({
                "precision": format!("{p:?}"), "set": name, "description": desc, "n": cs.len(),
                "threshold": ground::DEFAULT_GROUND_THRESHOLD,
                "accuracy_pct": pct(t.correct, cs.len()),
                "same_title_other_movie_pct": pct(t.same_title, cs.len()),
                "dropped_pct": pct(t.dropped, cs.len()), "wrong_pct": pct(t.wrong, cs.len()),
                "via_embedding_pct": pct(t.by_embedding, cs.len()),
                "ms_per_title": (secs * 1e6 / cs.len() as f64).round() / 1000.0,
                "errors_sample": examples,
            }));
            if p == Precision::Fp32 && matches!(*name, "typo" | "typo_missing_year" | "not_in_catalog") {
                for &th in THRESHOLDS {
                    let t = tally(&catalog, cs, &out, th);
                    sweeps.push(json!({"set": name, "threshold": th, "accuracy_pct": pct(t.correct, cs.len()),
                        "wrong_pct": pct(t.wrong + t.same_title, cs.len()), "dropped_pct": pct(t.dropped, cs.len())}));
                }
            }
        }
    }

    // Latency: single thread, catalogue titles in display form.
    let titles: Vec<String> =
        (0..a.bench_titles).map(|k| catalog.movie(((k * 104_729) % catalog.len()) as u32).display()).collect();
    let refs: Vec<&str> = titles.iter().map(String::as_str).collect();
    let mut latency = Vec::new();
    for p in [Precision::Fp32, Precision::Int8] {
        let b = bench_encoder(models, p, &refs)?;
        tracing::info!(%b, "embedding latency");
        latency.push(b);
    }
    let index = CatalogIndex::open(&ModelDir::open(models, Verify::Full)?, catalog.len())?;
    let search = bench_search(&index, 1000);
    tracing::info!(%search, "search latency");

    if a.bench_only {
        println!("{}", serde_json::to_string_pretty(&json!({"machine": machine, "embedding": latency, "search": search}))?);
        return Ok(());
    }
    let report = json!({
        "catalog_movies": catalog.len(),
        "catalog_sha256": manifest.get("catalog").map(|x| x.sha256.clone()),
        "catalog_emb_sha256": manifest.get(sem::ARTIFACT_CATALOG_EMB).map(|x| x.sha256.clone()),
        "method": "clean_generated_title -> exact display/MovieLens title -> normalised title + closest year (gap <= 2) -> edit distance (max_edits) -> embedding nearest neighbour (cosine >= threshold)",
        "accuracy": accuracy, "threshold_sweep_fp32": sweeps,
        "latency": {"machine": machine, "embedding": latency, "search": search},
    });
    std::fs::create_dir_all(&a.out)?;
    std::fs::write(a.out.join("grounding.json"), serde_json::to_string_pretty(&report)? + "\n")?;
    std::fs::write(a.out.join("grounding.md"), markdown(&report))?;
    println!("wrote {}/grounding.json and grounding.md", a.out.display());
    Ok(())
}

fn markdown(r: &serde_json::Value) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "# Grounding accuracy (semantic stage)\n");
    let _ = writeln!(
        s,
        "Produced by `dualrec-train ground-eval`. Every one of the {} catalogue movies is written in each form below and \
         grounded with `Semantic::ground` (no exclusions): exact display/MovieLens title, then normalised title with \
         the closest year (within `MAX_YEAR_GAP` = 2 when a year is given), then edit distance on the normalised title \
         (1 edit for 4-7 characters, 2 for 8-15, 3 beyond), then the nearest catalogue embedding if its cosine is at \
         least {} (`DEFAULT_GROUND_THRESHOLD`). The catalogue is embedded as \"The Matrix (1999) — Action, Sci-Fi, \
         Thriller\" (`semantic::catalog_text`); queries as written. *Correct* = exactly the intended \
         movie; *same title* = another movie with the same normalised title (remakes: unresolvable without a year); \
         *dropped* = no grounding; *wrong* = a different movie. Typos are one random letter swap, deletion, doubling or \
         substitution (fixed seed).\n",
        r["catalog_movies"], ground::DEFAULT_GROUND_THRESHOLD
    );
    let _ = writeln!(s, "| model | set | n | correct % | same title % | dropped % | wrong % | via embedding % | ms/title |");
    let _ = writeln!(s, "|---|---|---:|---:|---:|---:|---:|---:|---:|");
    for a in r["accuracy"].as_array().into_iter().flatten() {
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            a["precision"].as_str().unwrap_or(""),
            a["set"].as_str().unwrap_or(""),
            a["n"],
            a["accuracy_pct"],
            a["same_title_other_movie_pct"],
            a["dropped_pct"],
            a["wrong_pct"],
            a["via_embedding_pct"],
            a["ms_per_title"]
        );
    }
    let _ = writeln!(s, "\nSet descriptions:\n");
    let mut seen = std::collections::BTreeSet::new();
    for a in r["accuracy"].as_array().into_iter().flatten() {
        if seen.insert(a["set"].as_str().unwrap_or("").to_string()) {
            let _ = writeln!(s, "- `{}`: {}", a["set"].as_str().unwrap_or(""), a["description"].as_str().unwrap_or(""));
        }
    }
    let _ = writeln!(s, "\n## Threshold sweep (fp32, embedding stage)\n");
    let _ = writeln!(s, "The cosine threshold applies to the last step only (the earlier steps are unchanged).\n");
    let _ = writeln!(s, "| set | threshold | correct % | wrong % | dropped % |");
    let _ = writeln!(s, "|---|---:|---:|---:|---:|");
    for w in r["threshold_sweep_fp32"].as_array().into_iter().flatten() {
        let _ = writeln!(
            s,
            "| {} | {:.2} | {} | {} | {} |",
            w["set"].as_str().unwrap_or(""),
            w["threshold"].as_f64().unwrap_or(0.0),
            w["accuracy_pct"],
            w["wrong_pct"],
            w["dropped_pct"]
        );
    }
    let _ = writeln!(s, "\n## Error samples (fp32)\n");
    for a in r["accuracy"].as_array().into_iter().flatten().filter(|a| a["precision"] == "Fp32") {
        for e in a["errors_sample"].as_array().into_iter().flatten() {
            let _ = writeln!(s, "- `{}`: {:?} -> {}", a["set"].as_str().unwrap_or(""), e["text"].as_str().unwrap_or(""), e["got"]);
        }
    }
    let l = &r["latency"];
    let _ = writeln!(s, "\n## Latency\n\nMachine: {} ({} cores), load average at start {} (shared with other jobs).\n", l["machine"]["cpu"].as_str().unwrap_or(""), l["machine"]["cores"], l["machine"]["loadavg_at_start"].as_str().unwrap_or(""));
    let _ = writeln!(s, "Wall = elapsed time; CPU = on-CPU time of the calling thread (`/proc/thread-self/schedstat`, total over all calls / calls; with one intra-op thread ONNX Runtime runs on the caller), which other jobs' preemption does not inflate (cache sharing still does).\n");
    let _ = writeln!(s, "| model | threads | wall p50 ms/title (one at a time) | wall p90 | CPU mean | wall ms/title batched ({}) | CPU ms/title batched | tokenise p50 ms |", sem::BATCH);
    let _ = writeln!(s, "|---|---:|---:|---:|---:|---:|---:|---:|");
    for e in l["embedding"].as_array().into_iter().flatten() {
        let _ = writeln!(
            s,
            "| {} | 1 | {} | {} | {} | {} | {} | {} |",
            e["precision"].as_str().unwrap_or(""),
            e["single_ms_p50"],
            e["single_ms_p90"],
            e["single_cpu_ms_mean"],
            e["batched_ms_per_title"],
            e["batched_cpu_ms_per_title"],
            e["tokenize_ms_p50"]
        );
    }
    let se = &l["search"];
    let _ = writeln!(
        s,
        "\nNearest-neighbour search (brute force, {} x {} f16, top-{}): wall p50 {} ms, p90 {} ms, CPU mean {} ms over {} queries.",
        se["rows"], se["dim"], se["k"], se["ms_p50"], se["ms_p90"], se["cpu_ms_mean"], se["queries"]
    );
    s
}
