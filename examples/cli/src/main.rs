//! dualrec-cli: smoke-test front end for libdualrec (through its Rust API).
//!
//!   dualrec-cli demo                         a sample viewer, each stage's output
//!   dualrec-cli recommend --watch <id or title> --watch <id or title> -k 10
//!   dualrec-cli query "something scary from the eighties" [--watch <id or title> ...]
//!   dualrec-cli find <title>

use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use dualrec::engine::{Engine, EngineOptions};
use dualrec::types;

#[derive(Parser)]
#[command(name = "dualrec-cli", about = "Smoke tests for libdualrec")]
struct Cli {
    /// Model directory (manifest.json + artifacts).
    #[arg(long, global = true, default_value_os_t = default_models())]
    models: PathBuf,
    /// Stages: auto, all, none, or a comma list of sequential, language, semantic.
    /// Default: auto (what an integrator gets: the LLM only where the model
    /// directory routes viewers to it); `demo` defaults to all the model
    /// directory provides, the LLM included, to show each stage.
    #[arg(long, global = true)]
    stages: Option<String>,
    /// Threads per inference call (0 = per core).
    #[arg(long, global = true, default_value_t = 1)]
    threads: u32,
    /// How `query` reads genres the LLM names none for: examples (compare with
    /// example phrases; loads Sentence-BERT beside the LLM) or llm-only (less memory).
    #[arg(long, global = true, default_value = "examples", value_parser = ["examples", "llm-only"])]
    query_reader: String,
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Recommends for a sample viewer and shows what each stage contributed.
    /// Without --watch the viewer comes from the model directory: its most
    /// watched title, then each time the title most often watched next.
    Demo {
        #[arg(short, default_value_t = 10)]
        k: usize,
        /// The viewer's watches (ids or titles, oldest first) instead of the sample.
        #[arg(long = "watch")]
        watches: Vec<String>,
    },
    /// Adds watches (movie ids or titles, in order) and prints recommendations.
    Recommend {
        #[arg(long = "watch", required = true)]
        watches: Vec<String>,
        #[arg(short, default_value_t = 10)]
        k: usize,
        #[arg(long, default_value_t = 1)]
        user: u64,
    },
    /// Recommends within a viewer's request ("a comedy like Toy Story"), after the given watches.
    Query {
        request: String,
        #[arg(long = "watch")]
        watches: Vec<String>,
        #[arg(short, default_value_t = 10)]
        k: usize,
    },
    /// Looks up a movie by title.
    Find { title: String },
}

fn default_models() -> PathBuf {
    std::env::var_os("DUALREC_MODEL_DIR").map(PathBuf::from).unwrap_or_else(|| PathBuf::from("models"))
}

fn parse_stages(s: &str) -> Result<u32> {
    Ok(match s {
        "auto" => types::STAGE_AUTO,
        "all" => types::STAGE_ALL,
        "none" => 0,
        list => list.split(',').try_fold(0, |acc, st| {
            Ok::<u32, anyhow::Error>(
                acc | match st.trim() {
                    "sequential" => types::STAGE_SEQUENTIAL,
                    "language" => types::STAGE_LANGUAGE,
                    "semantic" => types::STAGE_SEMANTIC,
                    other => anyhow::bail!("unknown stage {other:?}"),
                },
            )
        })?,
    })
}

fn sources(bits: u32) -> String {
    let names = [
        (types::SOURCE_SEQUENTIAL, "lstm"),
        (types::SOURCE_LANGUAGE, "llm"),
        (types::SOURCE_SEMANTIC, "sbert"),
        (types::SOURCE_TRANSITIONS, "transitions"),
        (types::SOURCE_POPULARITY, "popularity"),
    ];
    names.iter().filter(|(b, _)| bits & b != 0).map(|(_, n)| *n).collect::<Vec<_>>().join("+")
}

fn stage_names(bits: u32) -> String {
    let names = [(types::STAGE_SEQUENTIAL, "sequential"), (types::STAGE_LANGUAGE, "language"), (types::STAGE_SEMANTIC, "semantic")];
    let v: Vec<&str> = names.iter().filter(|(b, _)| bits & b != 0).map(|(_, n)| *n).collect();
    if v.is_empty() { "none (transitions + popularity)".into() } else { v.join(" + ") }
}

fn resolve(e: &Engine, w: &str) -> Result<u32> {
    let c = e.catalog();
    if let Ok(id) = w.parse::<u32>() {
        c.index_of(id).with_context(|| format!("movie id {id} is not in the catalogue"))?;
        return Ok(id);
    }
    Ok(c.movie(c.find_title(w)?).id)
}

/// A plausible viewer from the model directory alone: the most watched
/// title, then repeatedly the title most often watched right after the last.
fn sample_viewer(e: &Engine, n: usize) -> Vec<u32> {
    let tr = e.transitions();
    let pop = tr.popularity();
    let Some(first) = (0..pop.len()).max_by(|&a, &b| pop[a].total_cmp(&pop[b]).then(b.cmp(&a))) else { return Vec::new() };
    let mut chain = vec![first as u32];
    while chain.len() < n {
        let (cols, probs) = tr.row(*chain.last().expect("not empty"));
        let next = cols.iter().zip(probs).filter(|(c, _)| !chain.contains(c)).max_by(|a, b| a.1.total_cmp(b.1)).map(|x| *x.0);
        // A title nobody watched anything after: continue from the next most watched one.
        let next = next.or_else(|| (0..pop.len() as u32).filter(|i| !chain.contains(i)).max_by(|&a, &b| pop[a as usize].total_cmp(&pop[b as usize])));
        match next {
            Some(i) => chain.push(i),
            None => break,
        }
    }
    let c = e.catalog();
    chain.into_iter().map(|i| c.movie(i).id).collect()
}

fn print_recs(e: &Engine, user: u64, k: usize) -> Result<()> {
    let started = std::time::Instant::now();
    let r = e.recommend(user, k)?;
    print_items(e, &r.items, &r.warnings, started);
    Ok(())
}

/// The list as the CLI shows it, with any warnings and the call's time.
fn print_items(e: &Engine, items: &[types::Recommendation], warnings: &[String], started: std::time::Instant) {
    let ms = started.elapsed().as_secs_f64() * 1e3;
    for w in warnings {
        println!("warning: {w}");
    }
    for (i, rec) in items.iter().enumerate() {
        let c = e.catalog();
        let m = c.movie(rec.index);
        println!("{:>3}. {:<55} {:<30} score {:>8.4}  [{}]", i + 1, m.display(), m.genres_joined(), rec.score, sources(rec.sources));
    }
    println!("({} recommendations in {ms:.1} ms)", items.len());
}

fn main() -> Result<()> {
    let cli = Cli::parse();
    let query_reader = if cli.query_reader == "llm-only" { dualrec::engine::QueryReader::LlmOnly } else { dualrec::engine::QueryReader::Examples };
    let opts = EngineOptions { model_dir: cli.models.clone(), stages: parse_stages(cli.stages.as_deref().unwrap_or("auto"))?, n_threads: cli.threads, query_reader, ..Default::default() };
    let started = std::time::Instant::now();
    let e = match (&cli.cmd, &cli.stages) {
        // The demo shows every stage, the paper's LLM generation included, when the models have them.
        (Cmd::Demo { .. }, None) => Engine::open(&EngineOptions { stages: types::STAGE_ALL, ..opts.clone() }).or_else(|_| Engine::open(&opts)),
        _ => Engine::open(&opts),
    }
    .with_context(|| format!("opening models in {}", cli.models.display()))?;
    let open_ms = started.elapsed().as_secs_f64() * 1e3;
    match cli.cmd {
        Cmd::Find { title } => {
            let id = resolve(&e, &title)?;
            let c = e.catalog();
            let m = c.movie(c.index_of(id).context("resolved above")?);
            println!("{id}\t{}\t{}", m.display(), m.genres_joined());
        }
        Cmd::Query { request, watches, k } => {
            for (t, w) in watches.iter().enumerate() {
                e.add_watch(1, resolve(&e, w)?, t as i64)?;
            }
            let started = std::time::Instant::now();
            let a = e.recommend_query(1, &request, k)?;
            let how = if a.intent.read_by_llm { " (the LLM read the request)" } else { "" };
            println!("read as: {}{how}{}", a.intent.describe(&e.catalog()), if a.intent.truncated { " (only the first words were read)" } else { "" });
            print_items(&e, &a.items, &a.warnings, started);
        }
        Cmd::Recommend { watches, k, user } => {
            for (t, w) in watches.iter().enumerate() {
                e.add_watch(user, resolve(&e, w)?, t as i64)?;
            }
            print_recs(&e, user, k)?;
        }
        Cmd::Demo { k, watches } => {
            println!(
                "libdualrec {} — models {} opened in {open_ms:.0} ms; stages: {}",
                env!("CARGO_PKG_VERSION"),
                cli.models.display(),
                stage_names(e.stages())
            );
            let viewer: Vec<u32> = if watches.is_empty() { sample_viewer(&e, 5) } else { watches.iter().map(|w| resolve(&e, w)).collect::<Result<_>>()? };
            println!("\nViewer's history (oldest first{}):", if watches.is_empty() { "; a sample from the model directory: its most watched title, then each time the title most often watched next" } else { "" });
            let mut history = Vec::new();
            for (t, &id) in viewer.iter().enumerate() {
                e.add_watch(1, id, 1_700_000_000 + t as i64 * 3600)?;
                let idx = e.catalog().index_of(id).context("resolved above")?;
                history.push(idx);
                println!("  {}. {}", t + 1, e.catalog().movie(idx).display());
            }
            let started = std::time::Instant::now();
            let t = e.trace(&history, k)?;
            let ms = started.elapsed().as_secs_f64() * 1e3;
            let title = |i: u32| e.catalog().movie(i).display();
            let base = if t.base_source == types::SOURCE_SEQUENTIAL { "LSTM" } else { "transitions" };
            if let Some(top) = t.top_prediction {
                println!("\n1. Sequential stage ({base}) predicts next: {}", title(top));
            }
            match &t.generation {
                Some(g) => {
                    println!(
                        "2. Language stage (catalogue-constrained LLM, {} ms, {} prompt + {} generated tokens, {} decisions) suggests:",
                        g.elapsed.as_millis(),
                        g.prompt_tokens,
                        g.generated_tokens,
                        g.decisions
                    );
                    for &p in &g.picks {
                        println!("     - {}  [{}]", title(p), e.catalog().movie(p).genres_joined());
                    }
                }
                None if e.stages() & types::STAGE_LANGUAGE != 0 => println!("2. Language stage: not routed for this viewer (STAGE_AUTO)"),
                None => println!("2. Language stage: not loaded (no lm.gguf in the model directory, or left out of the stages)"),
            }
            if !t.llm_scores.is_empty() {
                println!("3. Semantic stage (Sentence-BERT) re-ranks them:");
                for (&i, s) in t.llm.iter().zip(&t.llm_scores) {
                    println!("     {s:.3}  {}", title(i));
                }
            } else if e.stages() & types::STAGE_SEMANTIC != 0 {
                // Without LLM picks there is nothing to re-rank; Sentence-BERT still
                // feeds the fusion (similarity to recent watches).
                println!("3. Semantic stage: no LLM picks to re-rank; its similarity to recent watches goes into the fusion");
            } else {
                println!("3. Semantic stage: not loaded");
            }
            for w in &t.warnings {
                println!("warning: {w}");
            }
            if let (Some(f), false) = (e.learned_fusion(), t.fused.is_empty()) {
                println!(
                    "4. Fusion (learned on validation data): the LSTM's best {} re-scored with what viewers watched after \
                     the last {} watches, similarity to recent watches, what the whole history says (collaborative weights, \
                     x{:.2}) and the LLM's picks (+{:.2})",
                    f.pool,
                    dualrec::pipeline::fusion::learned::LAGS,
                    f.collab,
                    f.language
                );
            }
            println!("\nFinal recommendations ({ms:.0} ms for the whole pipeline):");
            // Where the LSTM alone would have put each movie (1 = its top unwatched pick).
            let lstm_rank = |i: u32| 1 + (0..t.scores.len()).filter(|&j| !history.contains(&(j as u32)) && t.scores[j] > t.scores[i as usize]).count();
            for (i, rec) in t.items.iter().enumerate() {
                let c = e.catalog();
                let m = c.movie(rec.index);
                let from = if t.base_source == types::SOURCE_SEQUENTIAL { format!("LSTM #{}", lstm_rank(rec.index)) } else { String::new() };
                println!("{:>3}. {:<55} {:<30} [{}] {from}", i + 1, m.display(), m.genres_joined(), sources(rec.sources));
            }
        }
    }
    Ok(())
}
