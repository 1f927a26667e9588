//! `dualrec-train lora`: LoRA (r=8, alpha=16, attn_q + attn_v, as in the
//! DUALRec paper) on a llama-architecture GGUF, trained with candle on the
//! dequantized frozen base through a differentiable forward; loss on the
//! answer tokens only; AdamW. Writes models/lm-lora.gguf (llama.cpp LoRA
//! adapter) with its manifest entry and docs/eval/lora-training.{json,svg}.

pub mod data;
pub mod model;
pub mod probe;
pub mod requests;
pub mod conversation;
pub mod free_speech;
pub mod more_wordings;
pub mod title_frames;
#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{ensure, Context, Result};
use candle_core::{Tensor, D};
use candle_nn::Optimizer;
use dualrec::stages::language::Language;

use crate::artifacts::{write_artifact, Provenance};
use crate::gguf;
use model::{Base, Lora, Rng};

/// Format version of the `lm-lora` manifest entry.
pub const LORA_FORMAT_VERSION: u32 = 1;
pub const LORA_FILE: &str = "lm-lora.gguf";
pub const READER_FILE: &str = "lm-reader-lora.gguf";
pub const READER_TITLES_FILE: &str = "lm-reader-titles-lora.gguf";

/// What the adapter learns.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Task {
    /// The paper's task: 3 more movies after the last 5 watched and the
    /// sequence model's pick (models/lm-lora.gguf, merged into lm.gguf).
    Recommend,
    /// The request reader: the genres a viewer's request asks for, on
    /// requests generated from the catalogue (models/lm-reader-lora.gguf,
    /// applied over --base at run time; --base is then the engine's lm.gguf).
    Reader,
    /// The film a request refers to, after its genres ("pulp fiction but
    /// funnier"), on generated requests plus a helper's title frames
    /// (models/lm-reader-titles-lora.gguf, used beside the reader for the film).
    ReaderTitles,
}

impl Task {
    fn file(self) -> &'static str {
        match self {
            Task::Recommend => LORA_FILE,
            Task::Reader => READER_FILE,
            Task::ReaderTitles => READER_TITLES_FILE,
        }
    }
    fn artifact(self) -> &'static str {
        match self {
            Task::Recommend => "lm-lora",
            Task::Reader => dualrec::stages::language::READER_ARTIFACT,
            Task::ReaderTitles => dualrec::stages::language::READER_TITLES_ARTIFACT,
        }
    }
    fn report(self) -> &'static str {
        match self {
            Task::Recommend => "lora-training",
            Task::Reader => "lora-reader-training",
            Task::ReaderTitles => "lora-reader-titles-training",
        }
    }
    /// The adapter's format version: 1 genres only, 2 genres then the film.
    fn format_version(self) -> u32 {
        match self {
            Task::Recommend => LORA_FORMAT_VERSION,
            Task::Reader => 1,
            Task::ReaderTitles => dualrec::stages::language::READER_FORMAT_VERSION,
        }
    }
}

#[derive(clap::Args)]
pub struct LoraArgs {
    #[arg(long, value_enum, default_value_t = Task::Recommend)]
    pub task: Task,
    /// Requests generated for `--task reader` (training; a fortieth as many more, on held-out frames, for validation).
    #[arg(long, default_value_t = 4000)]
    pub requests: usize,
    /// `--task reader`: a model directory whose request reader (its rules and
    /// its LLM reader) labels the genres of the requests nobody labelled (the
    /// helper's title frames), the film's title left out; without it the rules alone do.
    #[arg(long)]
    pub genre_teacher: Option<PathBuf>,
    /// `--task reader`: one request in N is a conversational one written and
    /// labelled by a helper (conversation.rs): "we just finished {t}, what
    /// now" asks for no genre whatever {t} is (0: none).
    #[arg(long, default_value_t = 0)]
    pub conversation: usize,
    /// With `--conversation`: only the requests about a film.
    #[arg(long)]
    pub conversation_films_only: bool,
    /// `--task reader`: genres are also worded in a helper's indirect
    /// phrases ("lots of sword fighting"; more_wordings.rs), and its phrases
    /// asking for no genre join the requests naming none.
    #[arg(long)]
    pub more_wordings: bool,
    /// `--task reader-titles`: one request in N is a helper's request naming
    /// a film as people say it ("i still love jaws"), or naming none with a
    /// title's words in passing ("dinner ran late"; free_speech.rs; 0: none).
    #[arg(long, default_value_t = 0)]
    pub free_speech: usize,
    /// With `--free-speech`: a third of those requests frame a catalogue title
    /// made only of words the requests naming none use ("Platoon was amazing").
    #[arg(long)]
    pub free_speech_framed: bool,
    /// Dataset (as for `prepare`); only its leave-one-out training split is read (`--task reader`: only its catalogue).
    #[arg(long)]
    pub data: PathBuf,
    /// Base GGUF (llama architecture), e.g. .cache/smollm2/SmolLM2-135M-Instruct.Q4_1.gguf.
    #[arg(long)]
    pub base: PathBuf,
    #[arg(long, default_value = "models")]
    pub models: PathBuf,
    #[arg(long, default_value_t = 400)]
    pub steps: usize,
    /// Stop training after this many minutes (the adapter so far is kept).
    #[arg(long, default_value_t = 20.0)]
    pub max_minutes: f64,
    /// Sequences per step.
    #[arg(long, default_value_t = 4)]
    pub batch: usize,
    #[arg(long, default_value_t = 1e-3)]
    pub lr: f64,
    #[arg(long, default_value_t = 8)]
    pub rank: usize,
    /// Adapt layers from this one up (0 = all): the layers below run forward
    /// only, which makes a step cheaper.
    #[arg(long, default_value_t = 0)]
    pub from_layer: usize,
    #[arg(long, default_value_t = 16.0)]
    pub alpha: f32,
    /// Users held out of the LoRA training examples for the validation loss.
    #[arg(long, default_value_t = 48)]
    pub val_users: usize,
    /// Validation loss every N steps.
    #[arg(long, default_value_t = 25)]
    pub eval_every: usize,
    #[arg(long, default_value_t = 20260)]
    pub seed: u64,
    /// Checkpoints (the adapter GGUF so far) go here.
    #[arg(long, default_value = "work/lora")]
    pub work: PathBuf,
    #[arg(long, default_value = "reports")]
    pub out: PathBuf,
    /// Only compare the candle forward with llama.cpp and time a few training steps.
    #[arg(long)]
    pub check: bool,
    /// Comma-separated GGUFs: size, decode speed (llama.cpp, unconstrained
    /// greedy) and llama.cpp answer-token loss on the validation examples,
    /// next to --base (and --base + models/lm-lora.gguf at run time); then exit.
    #[arg(long)]
    pub bench: Option<String>,
    /// Validation examples scored by --bench.
    #[arg(long, default_value_t = 24)]
    pub bench_examples: usize,
    #[arg(long, default_value_t = 1)]
    pub bench_threads: i32,
}

struct Batch {
    tokens: Tensor,
    rows: Vec<u32>,
    targets: Tensor,
    n_tokens: usize,
}

fn make_batch(exs: &[&data::Example], dev: &candle_core::Device) -> Result<Batch> {
    let t = exs.iter().map(|e| e.tokens.len()).max().unwrap_or(1);
    let mut toks = Vec::with_capacity(exs.len() * t);
    let mut rows = Vec::new();
    let mut targets = Vec::new();
    for (j, e) in exs.iter().enumerate() {
        toks.extend_from_slice(&e.tokens);
        toks.extend(std::iter::repeat_n(e.tokens[e.tokens.len() - 1], t - e.tokens.len())); // right padding, never a target
        for p in e.prompt_len - 1..e.tokens.len() - 1 {
            rows.push((j * t + p) as u32);
            targets.push(e.tokens[p + 1]);
        }
    }
    Ok(Batch {
        tokens: Tensor::from_vec(toks, (exs.len(), t), dev)?,
        targets: Tensor::from_slice(&targets, targets.len(), dev)?,
        rows,
        n_tokens: exs.iter().map(|e| e.tokens.len()).sum(),
    })
}

fn batch_loss(base: &Base, lora: Option<&Lora>, b: &Batch) -> Result<Tensor> {
    let h = base.hidden(&b.tokens, lora)?;
    let logits = base.logits_at(&h, &b.rows)?;
    Ok(candle_nn::loss::cross_entropy(&logits, &b.targets)?)
}

/// Mean answer-token cross-entropy over `exs`.
fn eval_loss(base: &Base, lora: Option<&Lora>, exs: &[data::Example], batch: usize) -> Result<f64> {
    let (mut sum, mut n) = (0f64, 0usize);
    for chunk in exs.chunks(batch) {
        let refs: Vec<&data::Example> = chunk.iter().collect();
        let b = make_batch(&refs, &base.device)?;
        let l = batch_loss(base, lora, &b)?.to_scalar::<f32>()? as f64;
        sum += l * b.rows.len() as f64;
        n += b.rows.len();
    }
    Ok(sum / n.max(1) as f64)
}

/// Max |candle − llama.cpp| over all logits of `tokens` (base model), and
/// whether the argmax agrees at every position. `quantized`: candle runs the
/// projections as ggml does (quantized weights and activations) instead of
/// the f32 training forward.
pub fn forward_parity(base: &Base, gguf: &Path, tokens: &[u32], quantized: bool) -> Result<(f32, bool)> {
    let ours = if quantized { base.logits_quantized(tokens)? } else { base.logits(tokens, None)? };
    let ids: Vec<i32> = tokens.iter().map(|&t| t as i32).collect();
    let theirs = probe::logits(gguf, None, &ids)?;
    let theirs = Tensor::from_vec(theirs, ours.dims2()?, &base.device)?;
    let diff = (&ours - &theirs)?.abs()?.max_all()?.to_scalar::<f32>()?;
    if std::env::var_os("DUALREC_LORA_DEBUG").is_some() {
        let per = (&ours - &theirs)?.abs()?.max(D::Minus1)?.to_vec1::<f32>()?;
        let mean = (&ours - &theirs)?.abs()?.mean(D::Minus1)?.to_vec1::<f32>()?;
        let spread = theirs.max(D::Minus1)?.sub(&theirs.min(D::Minus1)?)?.to_vec1::<f32>()?;
        for (i, ((p, m), s)) in per.iter().zip(&mean).zip(&spread).enumerate() {
            eprintln!("pos {i}: max {p:.3} mean {m:.4} (logit range {s:.1})");
        }
    }
    let a = ours.argmax(D::Minus1)?.to_vec1::<u32>()?;
    let b = theirs.argmax(D::Minus1)?.to_vec1::<u32>()?;
    Ok((diff, a == b))
}

/// One epoch's batches (indices into `exs`): the examples in their
/// (shuffled) order, in groups of 16 batches sorted by length so that a
/// batch pads little, then the batches shuffled so that lengths do not
/// drift through the epoch.
fn length_batches(exs: &[data::Example], batch: usize, rng: &mut Rng) -> Vec<Vec<usize>> {
    let batch = batch.max(1);
    let mut out = Vec::new();
    let idx: Vec<usize> = (0..exs.len()).collect();
    for group in idx.chunks(batch * 16) {
        let mut g = group.to_vec();
        g.sort_by_key(|&i| exs[i].tokens.len());
        out.extend(g.chunks(batch).map(|c| c.to_vec()));
    }
    for i in (1..out.len()).rev() {
        out.swap(i, rng.below(i + 1));
    }
    out
}

#[derive(serde::Serialize)]
struct Point {
    step: usize,
    tokens_seen: usize,
    val_loss: f64,
    train_loss: Option<f64>,
    elapsed_s: f64,
}

/// Training and validation examples, and what they were made from (for the report).
fn examples(args: &LoraArgs, ds: &crate::data::Dataset, lang: &Language, rng: &mut Rng) -> Result<(Vec<data::Example>, Vec<data::Example>, serde_json::Value)> {
    if args.task != Task::Recommend {
        let titles = args.task == Task::ReaderTitles;
        ensure!(!titles || (args.conversation == 0 && !args.more_wordings), "--conversation and --more-wordings are for --task reader");
        ensure!(titles || args.free_speech == 0, "--free-speech is for --task reader-titles");
        ensure!(args.free_speech > 0 || !args.free_speech_framed, "--free-speech-framed needs --free-speech N");
        let talk = requests::Mix { conversation: args.conversation, films_only: args.conversation_films_only, more_wordings: args.more_wordings, free_speech: args.free_speech, free_speech_framed: args.free_speech_framed };
        let mut train = requests::generate(&ds.catalog, args.requests, args.seed ^ 2, false, titles, talk);
        let mut val = requests::generate(&ds.catalog, (args.requests / 40).max(20), args.seed ^ 1, true, titles, talk);
        let teacher = match &args.genre_teacher {
            Some(dir) => Some(dualrec::Engine::open(&dualrec::EngineOptions { model_dir: dir.clone(), stages: dualrec::types::STAGE_AUTO, ..Default::default() })
                .with_context(|| format!("opening the genre teacher {}", dir.display()))?),
            None => None,
        };
        let labeller = requests::GenreLabeller::new(&ds.catalog, teacher.as_ref())?;
        labeller.label(&mut train);
        labeller.label(&mut val);
        for r in train.iter().filter(|r| r.title.is_some() && !r.genres.is_empty()).take(3).chain(train.iter().filter(|r| r.title.is_none() && !r.genres.is_empty()).take(3)) {
            tracing::info!(request = %r.text, genres = ?r.genres, "a labelled request");
        }
        let about = serde_json::json!({
            "examples": "requests generated from the catalogue's genre names and titles (train/src/models/lora/requests.rs); validation on held-out frames; no viewing data read",
            "unlabelled_genres_by": labeller.describe(),
            "mix": format!("{talk:?}"),
            "catalog_sha256": dualrec::model_dir::manifest::sha256_hex(ds.catalog.to_tsv().as_bytes()),
            "base_sha256": dualrec::model_dir::manifest::sha256_file(&args.base)?,
        });
        let v = args.task.format_version();
        return Ok((requests::examples(lang, &ds.catalog, &train, v)?, requests::examples(lang, &ds.catalog, &val, v)?, about));
    }
    let split = ds.split(); // only split.train is used below
    let pred = data::Predictor::open(&args.models, ds.catalog.len())?;
    let window = dualrec::EngineOptions::default().history_window as usize;
    let mut users: Vec<usize> = (0..split.train.len()).collect();
    for i in (1..users.len()).rev() {
        users.swap(i, rng.below(i + 1));
    }
    let (val_users, train_users) = users.split_at(args.val_users.min(users.len()));
    let val = data::build(&split.train, val_users, &ds.catalog, lang, &pred, window, args.seed ^ 1)?;
    let train = data::build(&split.train, train_users, &ds.catalog, lang, &pred, window, args.seed ^ 2)?;
    let about = serde_json::json!({"split": "leave-one-out training split only", "predictor": pred.name(), "val_users": val_users.len()});
    Ok((train, val, about))
}

pub fn run(args: LoraArgs) -> Result<()> {
    let ds = crate::data::Dataset::load(&args.data)?;
    let lang = Language::load(&args.base, &ds.catalog, 1, 0).context("opening the base GGUF with llama.cpp")?;
    let mut rng = Rng(args.seed);
    let t0 = Instant::now();
    let (mut train, val, about) = examples(&args, &ds, &lang, &mut rng)?;
    ensure!(!val.is_empty() && !train.is_empty(), "no examples (sequences too short?)");
    let avg = |v: &[data::Example]| v.iter().map(|e| e.tokens.len()).sum::<usize>() as f64 / v.len() as f64;
    tracing::info!(
        train = train.len(), val = val.len(), examples = %about,
        avg_tokens = format!("{:.1}", avg(&train)),
        avg_answer_tokens = format!("{:.1}", train.iter().map(|e| e.tokens.len() - e.prompt_len).sum::<usize>() as f64 / train.len() as f64),
        secs = format!("{:.1}", t0.elapsed().as_secs_f64()), "instruction examples built"
    );
    drop(lang);
    if let Some(list) = &args.bench {
        return bench(&args, list, &val);
    }

    let t0 = Instant::now();
    let base = Base::load(&args.base)?;
    tracing::info!(secs = format!("{:.1}", t0.elapsed().as_secs_f64()), layers = base.cfg.n_layer, d = base.cfg.d, "base loaded and dequantized");
    let (qdiff, qsame) = forward_parity(&base, &args.base, &val[0].tokens, true)?;
    let (diff, same) = forward_parity(&base, &args.base, &val[0].tokens, false)?;
    println!("forward parity vs llama.cpp over {} positions x {} logits: quantized projections (ggml-style) max |diff| = {qdiff:.3e} (argmax equal everywhere: {qsame}); f32 training forward on dequantized weights max |diff| = {diff:.3e} (argmax equal everywhere: {same})", val[0].tokens.len(), base.cfg.vocab);

    let lora = Lora::new_from(&base.cfg, args.from_layer, args.rank, args.alpha, args.seed, &base.device)?;
    let mut opt = candle_nn::AdamW::new(lora.vars(), candle_nn::ParamsAdamW { lr: args.lr, weight_decay: 0.0, ..Default::default() })?;
    // Shuffle the training examples once (seeded); steps walk through them.
    for i in (1..train.len()).rev() {
        train.swap(i, rng.below(i + 1));
    }

    // The graph without quantization: the base converted to an all-F32 GGUF, run by llama.cpp.
    let f32_path = args.work.join("base-f32.gguf");
    std::fs::create_dir_all(&args.work)?;
    std::fs::write(&f32_path, gguf::merge_with(&args.base, &gguf::Adapter::empty(), candle_core::quantized::GgmlDType::F32, Some(candle_core::quantized::GgmlDType::F32), &[])?)?;
    let (fdiff, fsame) = forward_parity(&base, &f32_path, &val[0].tokens, false)?;
    std::fs::remove_file(&f32_path)?;
    println!("f32 training forward vs llama.cpp on the base converted to F32 (no quantization anywhere): max |diff| = {fdiff:.3e} (argmax equal everywhere: {fsame})");
    ensure!(fdiff < 1e-2, "the candle forward does not match llama.cpp on the F32 base (max |diff| {fdiff}); refusing to train");
    if args.check {
        for step in 0..3 {
            let refs: Vec<&data::Example> = train[step * args.batch..(step + 1) * args.batch].iter().collect();
            let b = make_batch(&refs, &base.device)?;
            let t = Instant::now();
            let loss = batch_loss(&base, Some(&lora), &b)?;
            opt.backward_step(&loss)?;
            let s = t.elapsed().as_secs_f64();
            println!("step {step}: loss {:.4}, {} tokens in {s:.2}s = {:.1} tokens/s", loss.to_scalar::<f32>()?, b.n_tokens, b.n_tokens as f64 / s);
        }
        return Ok(());
    }

    let batches = length_batches(&train, args.batch, &mut rng);
    let val_before = eval_loss(&base, None, &val, args.batch)?;
    tracing::info!(val_loss = val_before, "validation loss of the base model");
    let mut curve = vec![Point { step: 0, tokens_seen: 0, val_loss: val_before, train_loss: None, elapsed_s: 0.0 }];
    std::fs::create_dir_all(&args.work)?;
    let bar = indicatif::ProgressBar::new(args.steps as u64);
    bar.set_style(indicatif::ProgressStyle::with_template("lora [{bar:40}] {pos}/{len} {elapsed} {msg}").unwrap());
    let started = Instant::now();
    let (mut seen, mut train_time, mut run_loss, mut run_n) = (0usize, 0f64, 0f64, 0usize);
    let (mut steps_done, mut examples_seen) = (0, 0usize);
    for step in 1..=args.steps {
        if started.elapsed().as_secs_f64() > args.max_minutes * 60.0 {
            tracing::warn!(step, "time limit reached; stopping");
            break;
        }
        let refs: Vec<&data::Example> = batches[(step - 1) % batches.len()].iter().map(|&i| &train[i]).collect();
        let b = make_batch(&refs, &base.device)?;
        let t = Instant::now();
        let loss = batch_loss(&base, Some(&lora), &b)?;
        opt.backward_step(&loss)?;
        train_time += t.elapsed().as_secs_f64();
        seen += b.n_tokens;
        examples_seen += refs.len();
        let l = loss.to_scalar::<f32>()? as f64;
        run_loss += l;
        run_n += 1;
        steps_done = step;
        bar.set_message(format!("loss {l:.3} {:.0} tok/s", seen as f64 / train_time));
        bar.inc(1);
        if step % args.eval_every == 0 || step == args.steps {
            let v = eval_loss(&base, Some(&lora), &val, args.batch)?;
            curve.push(Point { step, tokens_seen: seen, val_loss: v, train_loss: Some(run_loss / run_n as f64), elapsed_s: started.elapsed().as_secs_f64() });
            bar.println(format!("step {step}: train loss {:.4}, val loss {v:.4}", run_loss / run_n as f64));
            tracing::info!(step, train_loss = run_loss / run_n as f64, val_loss = v, tokens_per_s = seen as f64 / train_time, "checkpoint");
            (run_loss, run_n) = (0.0, 0);
            std::fs::write(args.work.join(args.task.file()), gguf::Adapter::from_lora(&lora)?.to_gguf()?)?;
            write_curve(&args.out, args.task.report(), &curve, &serde_json::json!({}))?;
        }
    }
    bar.finish();
    if curve.last().map(|p| p.step) != Some(steps_done) && steps_done > 0 {
        let v = eval_loss(&base, Some(&lora), &val, args.batch)?;
        curve.push(Point { step: steps_done, tokens_seen: seen, val_loss: v, train_loss: (run_n > 0).then(|| run_loss / run_n as f64), elapsed_s: started.elapsed().as_secs_f64() });
    }
    let val_after = curve.last().map(|p| p.val_loss).unwrap_or(val_before);
    let bytes = gguf::Adapter::from_lora(&lora)?.to_gguf()?;
    std::fs::write(args.work.join(args.task.file()), &bytes)?;
    let adapter_path = args.work.join(args.task.file());
    probe::check_adapter(&args.base, &adapter_path).context("llama.cpp must load the adapter")?;
    let summary = serde_json::json!({
        "dataset": ds.name, "data_sha256": ds.fingerprint, "examples_from": about,
        "train_examples": train.len(), "val_examples": val.len(),
        "rank": args.rank, "alpha": args.alpha, "targets": ["attn_q", "attn_v"], "from_layer": args.from_layer, "lr": args.lr, "batch": args.batch,
        "steps": steps_done, "tokens_seen": seen, "examples_seen": examples_seen, "epochs": examples_seen as f64 / train.len() as f64, "train_seconds": train_time,
        "batching": "length-bucketed: the shuffled examples in groups of 16 batches, sorted by length within a group, batches shuffled (less padding)",
        "train_tokens_per_s": seen as f64 / train_time.max(1e-9), "wall_seconds": started.elapsed().as_secs_f64(),
        "threads": std::env::var("RAYON_NUM_THREADS").unwrap_or_else(|_| "default".into()),
        "val_loss_before": val_before, "val_loss_after": val_after,
        "forward_parity_f32_gguf_max_abs_diff": fdiff, "forward_parity_f32_gguf_argmax_equal": fsame,
        "forward_parity_f32_max_abs_diff": diff, "forward_parity_f32_argmax_equal": same,
        "forward_parity_quantized_max_abs_diff": qdiff, "forward_parity_quantized_argmax_equal": qsame,
        "lora_params": lora.params(), "seed": args.seed,
    });
    write_curve(&args.out, args.task.report(), &curve, &summary)?;
    let base_name = args.base.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default();
    let (source, data_sha256) = match args.task {
        Task::Recommend => (format!("LoRA trained by dualrec-train lora on the leave-one-out training split of {} over {}", ds.name, gguf::BASE_SOURCE), Some(ds.fingerprint.as_str())),
        // Fitted on no viewing data: requests generated from the catalogue.
        Task::Reader | Task::ReaderTitles => (
            format!("LoRA trained by dualrec-train lora --task {} on requests generated from the catalogue of {}, over {base_name} (the engine's lm.gguf)", if args.task == Task::Reader { "reader" } else { "reader-titles" }, ds.name),
            None,
        ),
    };
    write_artifact(
        &args.models,
        args.task.artifact(),
        args.task.file(),
        args.task.format_version(),
        &bytes,
        Provenance {
            source: &source,
            licence: crate::artifacts::DERIVED_ADAPTER,
            data_sha256,
            config: serde_json::json!({
                "base": base_name, "base_sha256": dualrec::model_dir::manifest::sha256_file(&args.base)?, "rank": args.rank, "alpha": args.alpha, "targets": ["attn_q", "attn_v"], "from_layer": args.from_layer,
                "steps": steps_done, "lr": args.lr, "batch": args.batch, "seed": args.seed,
                "val_loss_before": val_before, "val_loss_after": val_after,
            }),
        },
    )?;
    println!("validation loss {val_before:.4} -> {val_after:.4}; {steps_done} steps, {seen} tokens, {:.1} tokens/s; adapter {} bytes", seen as f64 / train_time.max(1e-9), bytes.len());
    Ok(())
}

/// Mean answer-token cross-entropy computed from llama.cpp's logits.
fn llama_loss(gguf: &Path, adapter: Option<&Path>, exs: &[data::Example]) -> Result<f64> {
    let (mut sum, mut n) = (0f64, 0usize);
    for e in exs {
        let ids: Vec<i32> = e.tokens.iter().map(|&t| t as i32).collect();
        let logits = probe::logits(gguf, adapter.map(|a| (a, 1.0)), &ids)?;
        let v = logits.len() / ids.len();
        for p in e.prompt_len - 1..e.tokens.len() - 1 {
            let row = &logits[p * v..(p + 1) * v];
            let m = row.iter().cloned().fold(f32::NEG_INFINITY, f32::max) as f64;
            let lse = m + row.iter().map(|&x| (x as f64 - m).exp()).sum::<f64>().ln();
            sum += lse - row[e.tokens[p + 1] as usize] as f64;
            n += 1;
        }
    }
    Ok(sum / n.max(1) as f64)
}

fn bench(args: &LoraArgs, list: &str, val: &[data::Example]) -> Result<()> {
    let prompt: Vec<i32> = val[0].tokens[..val[0].prompt_len].iter().map(|&t| t as i32).collect();
    let exs = &val[..args.bench_examples.min(val.len())];
    let adapter = args.models.join(LORA_FILE);
    let mut runs: Vec<(String, PathBuf, Option<PathBuf>)> = vec![("base".into(), args.base.clone(), None)];
    if adapter.is_file() {
        runs.push(("base + run-time adapter".into(), args.base.clone(), Some(adapter)));
    }
    for p in list.split(',').filter(|p| !p.is_empty()) {
        runs.push((p.to_string(), PathBuf::from(p), None));
    }
    let mut report = Vec::new();
    for (name, p, a) in &runs {
        let loss = llama_loss(p, a.as_deref(), exs)?;
        let (mut pp, mut tg) = (0f64, 0f64);
        if a.is_none() {
            // Best of 3 (the machine is shared).
            for _ in 0..3 {
                let (x, y) = probe::decode_speed(p, &prompt, 64, args.bench_threads)?;
                (pp, tg) = (pp.max(x), tg.max(y));
            }
        }
        let size = std::fs::metadata(p)?.len();
        println!("{name}: {size} bytes, llama.cpp answer-token loss {loss:.4} on {} val examples, prompt {pp:.1} tok/s, generation {tg:.1} tok/s ({} thread(s); 0 = not measured)", exs.len(), args.bench_threads);
        report.push(serde_json::json!({"model": name, "bytes": size, "val_loss_llama_cpp": loss, "val_examples": exs.len(),
            "prompt_tok_s": (pp > 0.0).then_some(pp), "gen_tok_s": (tg > 0.0).then_some(tg), "threads": args.bench_threads, "prompt_tokens": prompt.len(), "generated_tokens": 64}));
    }
    std::fs::create_dir_all(&args.out)?;
    std::fs::write(args.out.join("lora-training.bench.json"), serde_json::to_string_pretty(&report)? + "\n")?;
    Ok(())
}

fn write_curve(out: &Path, stem: &str, curve: &[Point], summary: &serde_json::Value) -> Result<()> {
    std::fs::create_dir_all(out)?;
    let json = serde_json::json!({"summary": summary, "curve": curve});
    std::fs::write(out.join(format!("{stem}.json")), serde_json::to_string_pretty(&json)? + "\n")?;
    let (w, h, m) = (640.0f64, 360.0f64, 50.0f64);
    let max_step = curve.iter().map(|p| p.step).max().unwrap_or(1).max(1) as f64;
    let vals: Vec<f64> = curve.iter().flat_map(|p| std::iter::once(p.val_loss).chain(p.train_loss)).collect();
    let lo = vals.iter().cloned().fold(f64::INFINITY, f64::min);
    let hi = vals.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
    let (lo, hi) = if hi - lo < 1e-6 { (lo - 0.5, hi + 0.5) } else { (lo - 0.05 * (hi - lo), hi + 0.05 * (hi - lo)) };
    let x = |s: usize| m + (w - 2.0 * m) * s as f64 / max_step;
    let y = |v: f64| h - m - (h - 2.0 * m) * (v - lo) / (hi - lo);
    let line = |pts: Vec<(usize, f64)>| pts.iter().map(|&(s, v)| format!("{:.1},{:.1}", x(s), y(v))).collect::<Vec<_>>().join(" ");
    let val_pts: Vec<(usize, f64)> = curve.iter().map(|p| (p.step, p.val_loss)).collect();
    let tr_pts: Vec<(usize, f64)> = curve.iter().filter_map(|p| p.train_loss.map(|t| (p.step, t))).collect();
    let mut svg = format!("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" font-family=\"sans-serif\" font-size=\"12\">\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    svg += &format!("<text x=\"{}\" y=\"20\" text-anchor=\"middle\" font-size=\"14\">LoRA (r=8, q+v) answer-token cross-entropy</text>\n", w / 2.0);
    svg += &format!("<line x1=\"{m}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"black\"/>\n<line x1=\"{m}\" y1=\"{m}\" x2=\"{m}\" y2=\"{}\" stroke=\"black\"/>\n", h - m, w - m, h - m, h - m);
    for k in 0..=4 {
        let v = lo + (hi - lo) * k as f64 / 4.0;
        svg += &format!("<text x=\"{}\" y=\"{:.1}\" text-anchor=\"end\">{v:.2}</text>\n", m - 4.0, y(v) + 4.0);
        let s = (max_step * k as f64 / 4.0).round() as usize;
        svg += &format!("<text x=\"{:.1}\" y=\"{}\" text-anchor=\"middle\">{s}</text>\n", x(s), h - m + 16.0);
    }
    svg += &format!("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">step</text>\n", w / 2.0, h - 10.0);
    svg += &format!("<polyline fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"2\" points=\"{}\"/>\n", line(val_pts));
    if !tr_pts.is_empty() {
        svg += &format!("<polyline fill=\"none\" stroke=\"#ff7f0e\" stroke-dasharray=\"4 3\" points=\"{}\"/>\n", line(tr_pts));
    }
    svg += &format!("<text x=\"{}\" y=\"{}\" fill=\"#1f77b4\">validation (held-out users)</text>\n<text x=\"{}\" y=\"{}\" fill=\"#ff7f0e\">training (mean since last point)</text>\n</svg>\n", w - m - 200.0, m + 4.0, w - m - 200.0, m + 20.0);
    std::fs::write(out.join(format!("{stem}.svg")), svg)?;
    Ok(())
}
