//! `dualrec-train bench`: the engine's speed and memory per mode, each mode
//! in its own process (so peak RSS is the mode's own), plus llama.cpp's own
//! greedy decoding speed on the same GGUF. Writes docs/bench/engine.json and
//! docs/performance.md's "Engine" section.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{bail, Context, Result};
use dualrec::engine::{Engine, EngineOptions, STAGE_AUTO, STAGE_SEQUENTIAL};
use dualrec::manifest::Verify;

use crate::eval::SplitMix;

#[derive(clap::Args)]
pub struct BenchArgs {
    #[arg(long, default_value = "models")]
    pub models: PathBuf,
    #[arg(long, default_value = "docs")]
    pub out: PathBuf,
    /// recommend calls per mode without / with the LLM.
    #[arg(long, default_value_t = 2000)]
    pub calls: usize,
    #[arg(long, default_value_t = 40)]
    pub llm_calls: usize,
    /// Run one mode in this process and print its JSON (used by the parent).
    #[arg(long)]
    pub mode: Option<String>,
}

fn vm_hwm_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmHWM:")).and_then(|l| l.split_whitespace().nth(1)?.parse().ok()))
        .unwrap_or(0)
}

fn pct(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

/// (name, stages, threads per call)
const MODES: [(&str, u32, u32); 4] =
    [("fallback", 0, 1), ("sequential", STAGE_SEQUENTIAL, 1), ("full", STAGE_AUTO, 1), ("full-2-threads", STAGE_AUTO, 2)];

fn histories(n_items: usize, count: usize, len: usize, seed: u64) -> Vec<Vec<u32>> {
    let mut rng = SplitMix(seed);
    (0..count)
        .map(|_| {
            let mut h: Vec<u32> = Vec::with_capacity(len);
            while h.len() < len {
                let i = rng.below(n_items) as u32;
                if !h.contains(&i) {
                    h.push(i);
                }
            }
            h
        })
        .collect()
}

fn run_mode(a: &BenchArgs, name: &str) -> Result<serde_json::Value> {
    let &(_, stages, n_threads) = MODES.iter().find(|m| m.0 == name).context("unknown mode")?;
    let opts = EngineOptions { model_dir: a.models.clone(), stages, n_threads, ..Default::default() };
    // Open: the first (loads runtimes), then the median of three more, each
    // dropped before the next so that only one engine is ever alive.
    let t = Instant::now();
    drop(Engine::open(&opts)?);
    let first_open_ms = t.elapsed().as_secs_f64() * 1e3;
    let mut opens: Vec<f64> = (0..3)
        .map(|_| {
            let t = Instant::now();
            Engine::open(&opts).map(|e| {
                let ms = t.elapsed().as_secs_f64() * 1e3;
                drop(e);
                ms
            })
        })
        .collect::<dualrec::Result<_>>()?;
    opens.sort_by(|a, b| a.total_cmp(b));
    let t = Instant::now();
    drop(Engine::open(&EngineOptions { verify: Verify::SizeOnly, ..opts.clone() })?);
    let size_only_open_ms = t.elapsed().as_secs_f64() * 1e3;
    // Peak RSS from here on: one open engine serving the calls below
    // (writing 5 to clear_refs resets VmHWM).
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    let engine = Engine::open(&opts)?;

    let n = engine.catalog().len();
    let ids: Vec<u32> = engine.catalog().movies().iter().map(|m| m.id).collect();
    let t = Instant::now();
    let adds = 100_000u64;
    for i in 0..adds {
        engine.add_watch(i % 1000, ids[(i as usize * 7919) % n], i as i64)?;
    }
    let add_watch_ns = t.elapsed().as_secs_f64() * 1e9 / adds as f64;

    let llm = engine.stages() & dualrec::engine::STAGE_LANGUAGE != 0;
    let calls = if llm { a.llm_calls } else { a.calls };
    let hs = histories(n, calls, 30, 7);
    engine.recommend_for_history(&hs[0], 10)?; // warm-up (first context, caches)
    let mut lat = Vec::with_capacity(calls);
    let (mut gen_tokens, mut gen_secs, mut prompt_tokens) = (0usize, 0f64, 0usize);
    for h in &hs {
        let t = Instant::now();
        let tr = engine.pipeline(h, 10)?;
        lat.push(t.elapsed().as_secs_f64() * 1e3);
        if !tr.warnings.is_empty() {
            bail!("{name}: {}", tr.warnings.join("; "));
        }
        if let Some(g) = &tr.generation {
            gen_tokens += g.generated_tokens;
            prompt_tokens += g.prompt_tokens;
            gen_secs += g.elapsed.as_secs_f64();
        }
    }
    lat.sort_by(|a, b| a.total_cmp(b));
    // Two threads on one engine.
    let per = (calls / 2).max(1);
    let hs2 = histories(n, 2 * per, 30, 11);
    let t = Instant::now();
    std::thread::scope(|s| -> Result<()> {
        let hs = hs2.chunks(per).map(|part| {
            let engine = &engine;
            s.spawn(move || -> dualrec::Result<()> {
                for h in part {
                    engine.recommend_for_history(h, 10)?;
                }
                Ok(())
            })
        });
        for h in hs.collect::<Vec<_>>() {
            h.join().expect("bench thread")?;
        }
        Ok(())
    })?;
    let throughput = (2 * per) as f64 / t.elapsed().as_secs_f64();
    let model_bytes: u64 = engine.manifest().artifacts.iter().filter(|art| needed(name, &art.name, engine.stages())).map(|art| art.size).sum();
    Ok(serde_json::json!({
        "mode": name, "stages": engine.stages(), "threads_per_call": n_threads, "calls": calls,
        "open_first_ms": first_open_ms, "open_ms": opens[1], "open_size_only_ms": size_only_open_ms,
        "add_watch_ns": add_watch_ns,
        "recommend_p50_ms": pct(&lat, 0.5), "recommend_p99_ms": pct(&lat, 0.99), "recommend_mean_ms": lat.iter().sum::<f64>() / lat.len() as f64,
        "throughput_2_threads_per_s": throughput,
        "llm_generated_tokens_per_call": if llm { gen_tokens as f64 / calls as f64 } else { 0.0 },
        "llm_prompt_tokens_per_call": if llm { prompt_tokens as f64 / calls as f64 } else { 0.0 },
        "llm_generated_tokens_per_s": if gen_secs > 0.0 { gen_tokens as f64 / gen_secs } else { 0.0 },
        "model_bytes": model_bytes,
        "peak_rss_mib": vm_hwm_kib() as f64 / 1024.0,
    }))
}

/// Which manifest artifacts a mode loads.
fn needed(mode: &str, artifact: &str, stages: u32) -> bool {
    match artifact {
        "catalog" | "transitions" => true,
        "lstm" => mode != "fallback",
        "lm" => stages & dualrec::engine::STAGE_LANGUAGE != 0,
        "catalog-emb" | "sbert-int8" | "sbert-tokenizer" => stages & dualrec::engine::STAGE_SEMANTIC != 0,
        _ => false,
    }
}

/// llama.cpp's own greedy decoding on the GGUF, through the same binding:
/// prompt of 32 tokens, then 64 generated tokens one at a time.
fn raw_llama(models: &Path, threads: i32) -> Result<serde_json::Value> {
    use llama_cpp_2::context::params::LlamaContextParams;
    use llama_cpp_2::llama_batch::LlamaBatch;
    use llama_cpp_2::model::params::LlamaModelParams;
    use llama_cpp_2::model::LlamaModel;
    let backend = dualrec::language::backend()?;
    let model = LlamaModel::load_from_file(backend, models.join("lm.gguf"), &LlamaModelParams::default())?;
    let ctx_params = LlamaContextParams::default()
        .with_n_ctx(std::num::NonZeroU32::new(512))
        .with_n_threads(threads)
        .with_n_threads_batch(threads);
    let mut ctx = model.new_context(backend, ctx_params)?;
    let prompt = model.vocab().tokenize(b"The best movies of the 1990s are", true, false);
    let mut batch = LlamaBatch::new(512, 1);
    for (i, t) in prompt.iter().enumerate() {
        batch.add(*t, i as i32, &[0], i + 1 == prompt.len())?;
    }
    ctx.decode(&mut batch)?;
    let mut pos = prompt.len() as i32;
    let t = Instant::now();
    let n = 64;
    for _ in 0..n {
        let logits = ctx.get_logits_ith(batch.n_tokens() - 1);
        let next = logits.iter().enumerate().max_by(|a, b| a.1.total_cmp(b.1)).map(|x| x.0 as i32).unwrap();
        batch.clear();
        batch.add(llama_cpp_2::token::LlamaToken(next), pos, &[0], true)?;
        pos += 1;
        ctx.decode(&mut batch)?;
    }
    Ok(serde_json::json!({"threads": threads, "tokens": n, "tokens_per_s": n as f64 / t.elapsed().as_secs_f64()}))
}

pub fn run(a: BenchArgs) -> Result<()> {
    if let Some(mode) = &a.mode {
        let v = if let Some(th) = mode.strip_prefix("llama-raw-") { raw_llama(&a.models, th.parse()?)? } else { run_mode(&a, mode)? };
        println!("{}", serde_json::to_string(&v)?);
        return Ok(());
    }
    let exe = std::env::current_exe()?;
    let mut results = Vec::new();
    for mode in MODES.iter().map(|m| m.0.to_string()).chain(["llama-raw-1".to_string(), "llama-raw-2".to_string()]) {
        tracing::info!(%mode, "benchmarking");
        let o = std::process::Command::new(&exe)
            .args(["bench", "--models"])
            .arg(&a.models)
            .args(["--calls", &a.calls.to_string(), "--llm-calls", &a.llm_calls.to_string(), "--mode", &mode])
            .output()?;
        if !o.status.success() {
            bail!("bench mode {mode} failed: {}", String::from_utf8_lossy(&o.stderr));
        }
        let v: serde_json::Value = serde_json::from_slice(o.stdout.rsplit(|&b| b == b'\n').find(|l| !l.is_empty()).unwrap_or(b"{}"))?;
        results.push(v);
    }
    let machine = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("model name")).map(|l| l.split(':').nth(1).unwrap_or("").trim().to_string()))
        .unwrap_or_default();
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    let report = serde_json::json!({"machine": machine, "cores": cores, "results": results});
    std::fs::create_dir_all(a.out.join("bench"))?;
    std::fs::write(a.out.join("bench/engine.json"), serde_json::to_string_pretty(&report)? + "\n")?;
    println!("{}", serde_json::to_string_pretty(&report)?);
    Ok(())
}
