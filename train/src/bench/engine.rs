//! `dualrec-train bench`: the engine's speed and memory per mode, each mode
//! in its own process (so peak RSS is the mode's own), plus llama.cpp's own
//! greedy decoding speed on the same GGUF. Writes docs/bench/engine.json and
//! docs/performance.md's "Engine" section.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{bail, Context, Result};
use dualrec::engine::{Engine, EngineOptions};
use dualrec::types::{STAGE_ALL, STAGE_AUTO, STAGE_SEQUENTIAL};
use dualrec::model_dir::manifest::Verify;

use crate::rng::SplitMix;

#[derive(clap::Args)]
pub struct BenchArgs {
    #[arg(long, default_value = "models")]
    pub models: PathBuf,
    #[arg(long, default_value = "reports")]
    pub out: PathBuf,
    /// recommend calls per mode without / with the LLM.
    #[arg(long, default_value_t = 2000)]
    pub calls: usize,
    #[arg(long, default_value_t = 40)]
    pub llm_calls: usize,
    /// Run one mode in this process and print its JSON (used by the parent).
    #[arg(long)]
    pub mode: Option<String>,
    /// Modes to run (comma-separated; default: every CPU mode and the
    /// language-stage detail for 1 and 2 threads). Also: request-1 and
    /// request-2, `recommend_query` calls the LLM reader reads, at 1 or 2
    /// threads per call (`--llm-calls` requests); request-llm-first-1 and -2
    /// read them as the library did before the written requests shipped.
    #[arg(long, value_delimiter = ',')]
    pub modes: Vec<String>,
    /// Real viewers instead of random 30-movie histories: the leave-one-out
    /// test histories of this data set (a seeded sample; the models' catalogue).
    #[arg(long)]
    pub data: Option<PathBuf>,
    /// LLM layers offloaded to a GPU (-1 = all; needs a `cuda` build).
    #[arg(long, default_value_t = 0, allow_hyphen_values = true)]
    pub gpu_layers: i32,
    /// llama.cpp's own greedy decoder (scripts/qa/llama_decode.c, built by
    /// scripts/qa/llama-baseline.sh) for the like-for-like decode ratio.
    #[arg(long)]
    pub llama_decode: Option<PathBuf>,
    /// Model verification at open: full (sha256) or size.
    #[arg(long, default_value = "full")]
    pub verify: String,
    /// After the calls, add this many new titles (`add_movie`, titles the models never saw)
    /// and time the additions and the calls that then rank them; 0 = skip.
    #[arg(long, default_value_t = 0)]
    pub added_titles: usize,
    /// Where the report goes under `out` (bench/<name>.json).
    #[arg(long, default_value = "engine")]
    pub name: String,
    /// The Sentence-BERT encoder `add_movie` and requests run: int8 (the engine's default) or fp32.
    #[arg(long, default_value = "int8")]
    pub sbert_precision: String,
}

use super::{pct, vm_hwm_kib};

/// (name, stages, threads per call). "default" is what an integrator gets
/// (STAGE_AUTO: the LLM only where fusion.json routes viewers to it); the
/// "full" modes force every stage, the LLM on every call.
const MODES: [(&str, u32, u32); 6] = [
    ("fallback", 0, 1),
    ("sequential", STAGE_SEQUENTIAL, 1),
    ("default", STAGE_AUTO, 1),
    ("default-2-threads", STAGE_AUTO, 2),
    ("full", STAGE_ALL, 1),
    ("full-2-threads", STAGE_ALL, 2),
];

/// `count` test histories of `data` (seeded sample, catalogue indices), or random ones without data.
fn viewers(data: Option<&Path>, n_items: usize, count: usize, seed: u64) -> Result<Vec<Vec<u32>>> {
    let Some(d) = data else { return Ok(histories(n_items, count, 30, seed)) };
    let ds = crate::data::Dataset::load(d)?;
    if ds.catalog.len() != n_items {
        bail!("{}: its catalogue has {} movies, the models' {n_items}", d.display(), ds.catalog.len());
    }
    let cases = crate::protocol::cases(&ds.split(), crate::protocol::Target::Test);
    let mut out: Vec<Vec<u32>> = crate::protocol::sample(cases.len(), count, seed).into_iter().map(|i| cases[i].history.clone()).collect();
    // More calls than viewers: go round again.
    let have = out.len();
    for i in 0..count.saturating_sub(have) {
        out.push(out[i % have.max(1)].clone());
    }
    Ok(out)
}

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

fn verify(a: &BenchArgs) -> Result<Verify> {
    Ok(match a.verify.as_str() {
        "full" => Verify::Full,
        "size" => Verify::SizeOnly,
        v => bail!("--verify {v}: expected full or size"),
    })
}

fn sbert_precision(a: &BenchArgs) -> Result<dualrec::stages::semantic::Precision> {
    use dualrec::stages::semantic::Precision;
    Ok(match a.sbert_precision.as_str() {
        "int8" => Precision::Int8,
        "fp32" => Precision::Fp32,
        v => bail!("--sbert-precision {v}: expected int8 or fp32"),
    })
}

fn run_mode(a: &BenchArgs, name: &str) -> Result<serde_json::Value> {
    let &(_, stages, n_threads) = MODES.iter().find(|m| m.0 == name).context("unknown mode")?;
    let opts = EngineOptions { model_dir: a.models.clone(), stages, n_threads, n_gpu_layers: a.gpu_layers, verify: verify(a)?, sbert_precision: sbert_precision(a)?, ..Default::default() };
    // The engine the calls below use is this process's first: peak RSS is
    // then what an integrator's process holds, not what earlier opens left
    // in the allocator. The repeated opens are timed after it is dropped.
    let t = Instant::now();
    let engine = Engine::open(&opts)?;
    let first_open_ms = t.elapsed().as_secs_f64() * 1e3;

    let n = engine.catalog().len();
    let ids: Vec<u32> = engine.catalog().movies().iter().map(|m| m.id).collect();
    let t = Instant::now();
    let adds = 100_000u64;
    for i in 0..adds {
        engine.add_watch(i % 1000, ids[(i as usize * 7919) % n], i as i64)?;
    }
    let add_watch_ns = t.elapsed().as_secs_f64() * 1e9 / adds as f64;

    let llm = engine.stages() & dualrec::types::STAGE_LANGUAGE != 0;
    let calls = if llm { a.llm_calls } else { a.calls };
    let hs = viewers(a.data.as_deref(), n, calls, 7)?;
    engine.recommend_for_history(&hs[0], 10)?; // warm-up (first context, caches)
    let mut lat = Vec::with_capacity(calls);
    let (mut gen_tokens, mut gen_secs, mut prompt_tokens) = (0usize, 0f64, 0usize);
    for h in &hs {
        let t = Instant::now();
        let tr = engine.trace(h, 10)?;
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
    // The same calls, each after `prepare` (what an integrator calls at an
    // idle moment after add_watch): its time, then the call's.
    let (mut prep, mut prepared) = (Vec::new(), Vec::new());
    if llm {
        for h in &hs {
            let t = Instant::now();
            engine.prepare_for_history(h)?;
            prep.push(t.elapsed().as_secs_f64() * 1e3);
            let t = Instant::now();
            let tr = engine.trace(h, 10)?;
            prepared.push(t.elapsed().as_secs_f64() * 1e3);
            if tr.generation.as_ref().is_none_or(|g| g.prompt_tokens != 0) {
                bail!("{name}: a prepared call decoded its prompt again");
            }
        }
        prep.sort_by(|a, b| a.total_cmp(b));
        prepared.sort_by(|a, b| a.total_cmp(b));
    }
    // One caller at a time holds one LLM context; a second concurrent caller
    // makes the pool grow a second one (its KV cache and compute buffers).
    let peak_one_caller_mib = vm_hwm_kib().unwrap_or(0) as f64 / 1024.0;
    // Two threads on one engine.
    let per = (calls / 2).max(1);
    let hs2 = viewers(a.data.as_deref(), n, 2 * per, 11)?;
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
    let peak_rss_mib = vm_hwm_kib().unwrap_or(0) as f64 / 1024.0;
    let rss_after_calls_mib = super::vm_rss_kib().unwrap_or(0) as f64 / 1024.0;
    let added = if a.added_titles > 0 && engine.learned_fusion().is_some_and(|f| f.cold.is_some()) { Some(added_titles(&engine, &hs, a.added_titles)?) } else { None };
    let gpu_layers = engine.language().map(|l| l.offload().gpu_layers).unwrap_or(0);
    let engine_stages = engine.stages();
    drop(engine);
    // Open again: the median of three, each dropped before the next so that
    // only one engine is ever alive; then one that checks sizes only.
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
    Ok(serde_json::json!({
        "mode": name, "stages": engine_stages, "threads_per_call": n_threads, "calls": calls, "sbert_precision": a.sbert_precision,
        "histories": a.data.as_ref().map_or("seeded random 30-movie histories".to_string(), |d| format!("leave-one-out test histories of {} (seeded sample)", d.display())),
        "open_first_ms": first_open_ms, "open_ms": opens[1], "open_size_only_ms": size_only_open_ms,
        "add_watch_ns": add_watch_ns,
        "recommend_p50_ms": pct(&lat, 0.5), "recommend_p99_ms": pct(&lat, 0.99), "recommend_mean_ms": lat.iter().sum::<f64>() / lat.len() as f64,
        "throughput_2_threads_per_s": throughput,
        "prepare_p50_ms": opt(&prep, 0.5), "recommend_prepared_p50_ms": opt(&prepared, 0.5), "recommend_prepared_p99_ms": opt(&prepared, 0.99),
        "llm_generated_tokens_per_call": if llm { gen_tokens as f64 / calls as f64 } else { 0.0 },
        "llm_prompt_tokens_per_call": if llm { prompt_tokens as f64 / calls as f64 } else { 0.0 },
        "llm_generated_tokens_per_s": if gen_secs > 0.0 { gen_tokens as f64 / gen_secs } else { 0.0 },
        "model_bytes": model_bytes,
        "peak_rss_mib": peak_rss_mib,
        "peak_rss_one_caller_mib": peak_one_caller_mib,
        "rss_after_calls_mib": rss_after_calls_mib,
        "gpu_layers": gpu_layers,
        "added_titles": added,
    }))
}

/// `count` titles the models never saw, added with `add_movie` (names, years
/// and genres drawn from the catalogue's own vocabulary), then the calls of
/// `hs` again, which now rank them too.
fn added_titles(engine: &Engine, hs: &[Vec<u32>], count: usize) -> Result<serde_json::Value> {
    let genres = engine.catalog().genre_names().to_vec();
    let first_id = engine.catalog().movies().iter().map(|m| m.id).max().unwrap_or(0) + 1;
    let mut add = Vec::with_capacity(count);
    for k in 0..count {
        let g = format!("{}|{}", genres[k % genres.len()], genres[(k * 7 + 3) % genres.len()]);
        let t = Instant::now();
        engine.add_movie(first_id + k as u32, &format!("Neuer Film {k}: {}", genres[(k * 5) % genres.len()]), 2000 + (k % 27) as i32, &g)?;
        add.push(t.elapsed().as_secs_f64() * 1e3);
    }
    let first_ms = add[0];
    let mut later = add[1..].to_vec();
    later.sort_by(|a, b| a.total_cmp(b));
    let mut lat = Vec::with_capacity(hs.len());
    let mut ranked = 0usize;
    for h in hs {
        let t = Instant::now();
        let r = engine.recommend_for_history(h, 10)?;
        lat.push(t.elapsed().as_secs_f64() * 1e3);
        ranked += r.items.iter().filter(|x| x.movie_id >= first_id).count();
    }
    lat.sort_by(|a, b| a.total_cmp(b));
    Ok(serde_json::json!({
        "count": count, "add_movie_first_ms": first_ms, "add_movie_p50_ms": opt(&later, 0.5), "add_movie_p99_ms": opt(&later, 0.99),
        "recommend_p50_ms": pct(&lat, 0.5), "recommend_p99_ms": pct(&lat, 0.99),
        "added_titles_in_top10_per_call": ranked as f64 / hs.len() as f64,
        "peak_rss_mib": vm_hwm_kib().unwrap_or(0) as f64 / 1024.0,
        "rss_after_mib": super::vm_rss_kib().unwrap_or(0) as f64 / 1024.0,
    }))
}

fn opt(v: &[f64], p: f64) -> Option<f64> {
    (!v.is_empty()).then(|| pct(v, p))
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    if v.is_empty() { 0.0 } else { pct(&v, 0.5) }
}

/// The language stage in detail with `threads` per call: constrained
/// generation with and without the cached instruction prefix (its gain),
/// the engine's unconstrained greedy decode speed, and llama.cpp's own
/// greedy decoder on the same GGUF, prompt and thread count (the ratio).
fn language_detail(a: &BenchArgs, threads: u32) -> Result<serde_json::Value> {
    let opts = EngineOptions { model_dir: a.models.clone(), stages: STAGE_ALL, n_threads: threads, n_gpu_layers: a.gpu_layers, verify: verify(a)?, ..Default::default() };
    let engine = Engine::open(&opts)?;
    let lang = engine.language().context("the models give no language stage")?;
    let hs = histories(engine.catalog().len(), a.llm_calls, 30, 13);
    engine.trace(&hs[0], 10)?; // warm-up
    let constrained = |reuse: bool| -> Result<(f64, f64, f64)> {
        lang.set_cache_reuse(reuse);
        let (mut gen, mut pre, mut toks) = (Vec::new(), Vec::new(), 0usize);
        for h in &hs {
            let t = engine.trace(h, 10)?;
            let g = t.generation.context("no generation")?;
            gen.push(g.elapsed.as_secs_f64() * 1e3);
            pre.push(g.prefill.as_secs_f64() * 1e3);
            toks += g.prompt_tokens;
        }
        Ok((median(gen), median(pre), toks as f64 / hs.len() as f64))
    };
    let (gen_on, pre_on, toks_on) = constrained(true)?;
    // A viewer's repeated call (same history): the whole prompt is cached.
    let mut repeat = Vec::new();
    for h in &hs {
        engine.trace(h, 10)?;
        let g = engine.trace(h, 10)?.generation.context("no generation")?;
        repeat.push(g.elapsed.as_secs_f64() * 1e3);
    }
    let gen_repeat = median(repeat);
    let (gen_off, pre_off, toks_off) = constrained(false)?;
    lang.set_cache_reuse(true);
    // The engine's unconstrained decoding and llama.cpp's own decoder run
    // in alternating blocks, so that a machine whose speed drifts (a shared
    // VM) slows both alike; the ratio is the median of the blocks' ratios.
    let prompt_file = std::env::temp_dir().join(format!("dualrec-bench-prompt-{}.txt", std::process::id()));
    {
        let top = engine.trace(&hs[0], 10)?.top_prediction.context("no prediction")?;
        let (watched, predicted) = engine.prompt_titles(&hs[0], top);
        std::fs::write(&prompt_file, lang.render_prompt(&watched, &predicted)?)?;
    }
    let (mut dec_tokens, mut dec_secs) = (0usize, 0f64);
    let (mut ratios, mut baselines) = (Vec::new(), Vec::new());
    for block in hs.chunks(hs.len().div_ceil(4)) {
        let (mut tokens, mut secs) = (0usize, 0f64);
        for h in block {
            let (_, f) = engine.free_generation(h)?;
            tokens += f.generated_tokens;
            secs += f.decode.as_secs_f64();
        }
        dec_tokens += tokens;
        dec_secs += secs;
        if let Some(bin) = &a.llama_decode {
            // A decode step per token after the first: n tokens take n - 1 decode calls.
            let tps = tokens.saturating_sub(block.len()) as f64 / secs.max(1e-9);
            let n_gen = (tokens / block.len()).max(16);
            let o = std::process::Command::new(bin)
                .arg(a.models.join("lm.gguf"))
                .arg(&prompt_file)
                .args([n_gen.to_string(), threads.to_string(), a.gpu_layers.to_string(), "5".into()])
                .output()?;
            if !o.status.success() {
                bail!("llama_decode failed: {}", String::from_utf8_lossy(&o.stderr));
            }
            let v: serde_json::Value = serde_json::from_slice(&o.stdout)?;
            ratios.push(tps / v["generated_tokens_per_s"].as_f64().context("llama_decode output")?);
            baselines.push(v);
        }
    }
    let _ = std::fs::remove_file(&prompt_file);
    let engine_tps = dec_tokens.saturating_sub(hs.len()) as f64 / dec_secs.max(1e-9);
    let base_tps: Vec<f64> = baselines.iter().filter_map(|v| v["generated_tokens_per_s"].as_f64()).collect();
    Ok(serde_json::json!({
        "mode": format!("language-{threads}"), "threads_per_call": threads, "calls": hs.len(),
        "gpu_layers": lang.offload().gpu_layers, "gpu_device": lang.offload().device,
        "generation_p50_ms_prefix_cached": gen_on, "generation_p50_ms_repeated_call": gen_repeat, "generation_p50_ms_no_prefix_cache": gen_off,
        "prefill_p50_ms_prefix_cached": pre_on, "prefill_p50_ms_no_prefix_cache": pre_off,
        "prompt_tokens_decoded_prefix_cached": toks_on, "prompt_tokens_decoded_no_prefix_cache": toks_off,
        "engine_free_decode_tokens_per_s": engine_tps, "engine_free_generated_tokens_per_call": dec_tokens as f64 / hs.len() as f64,
        "llama_cpp_greedy": baselines,
        "llama_cpp_greedy_tokens_per_s_median": (!base_tps.is_empty()).then(|| median(base_tps.clone())),
        "decode_ratio_blocks": ratios,
        "decode_ratio_vs_llama_cpp": (!ratios.is_empty()).then(|| median(ratios.clone())),
    }))
}

/// Which manifest artifacts a mode loads.
fn needed(mode: &str, artifact: &str, stages: u32) -> bool {
    match artifact {
        // The fusion's files are read in every mode (the fusion runs wherever the LSTM does).
        "catalog" | "transitions" | "fusion" | "collab" => true,
        "lstm" => mode != "fallback",
        "lm" => stages & dualrec::types::STAGE_LANGUAGE != 0,
        "catalog-emb" | "sbert-int8" | "sbert-tokenizer" => stages & dualrec::types::STAGE_SEMANTIC != 0,
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
    let backend = dualrec::stages::language::backend()?;
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
    let t = Instant::now();
    let n = 64;
    for pos in prompt.len() as i32..prompt.len() as i32 + n {
        let logits = ctx.get_logits_ith(batch.n_tokens() - 1);
        let next = logits.iter().enumerate().max_by(|a, b| a.1.total_cmp(b.1)).map(|x| x.0 as i32).unwrap();
        batch.clear();
        batch.add(llama_cpp_2::token::LlamaToken(next), pos, &[0], true)?;
        ctx.decode(&mut batch)?;
    }
    Ok(serde_json::json!({"threads": threads, "tokens": n, "tokens_per_s": n as f64 / t.elapsed().as_secs_f64()}))
}

/// `recommend_query` with `threads` per call on `--llm-calls` requests that
/// the LLM reader reads: the request evaluation's development wordings
/// (phrases no rule reads), alternately alone (the reader then also names
/// the film: a second pass with the titles adapter) and followed by "like" and
/// the viewer's last watch (the rules ground the film: one pass). Then the
/// reader alone on the same texts, for its tokens and decisions.
/// `llm_first`: read as the library did before the written requests shipped
/// (the LLM's genres first, the example phrases without the written
/// requests where it names none: two passes where no film is found), for the
/// side-by-side in one run (`request-llm-first-1`, `request-llm-first-2`).
fn request_latency(a: &BenchArgs, threads: u32, llm_first: bool) -> Result<serde_json::Value> {
    use dualrec::pipeline::request::QueryWeights;
    let opts = EngineOptions { model_dir: a.models.clone(), stages: STAGE_AUTO, n_threads: threads, n_gpu_layers: a.gpu_layers, verify: verify(a)?, sbert_precision: sbert_precision(a)?, ..Default::default() };
    let engine = Engine::open(&opts)?;
    let hs = viewers(a.data.as_deref(), engine.catalog().len(), a.llm_calls, 17)?;
    let wordings = crate::eval::query::READER_DEV_WORDINGS;
    let texts: Vec<(String, bool)> = hs
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let w = wordings[i % wordings.len()].0;
            match h.last() {
                Some(&last) if i % 2 == 1 => (format!("{w} like {}", engine.catalog().movie(last).title), false),
                _ => (w.to_string(), true),
            }
        })
        .collect();
    let w = if llm_first { QueryWeights::llm_first() } else { QueryWeights::default() };
    // Warm-up: loads the LLM, both adapters' first contexts and the Sentence-BERT session.
    for (t, _) in texts.iter().take(2) {
        let _ = engine.query_for_history(&hs[0], t, 10, &w);
    }
    // (Those may not have needed the LLM: a request with no title's words does not load it.)
    engine.reader().0.context("the models give no LLM request reader")?;
    if let Some(s) = engine.semantic() {
        s.encoder()?;
    }
    let (mut alone, mut titled, mut without_llm, mut unclear) = (Vec::new(), Vec::new(), 0usize, 0usize);
    for (h, (text, names_no_film)) in hs.iter().zip(&texts) {
        let t = Instant::now();
        let answer = engine.query_for_history(h, text, 10, &w);
        let ms = t.elapsed().as_secs_f64() * 1e3;
        match answer {
            Ok(ans) if ans.intent.read_by_llm => if *names_no_film { alone.push(ms) } else { titled.push(ms) },
            Ok(_) => without_llm += 1,
            Err(dualrec::Error::UnclearRequest(_)) => unclear += 1,
            Err(e) => bail!("request {text:?}: {e}"),
        }
    }
    let reader = engine.reader().0.context("the models give no LLM request reader")?;
    let (mut read_ms, mut prompt_tokens, mut decisions) = ([Vec::new(), Vec::new()], [0usize; 2], [0usize; 2]);
    for (text, names_no_film) in &texts {
        let r = reader.read_request(text, *names_no_film)?;
        let k = usize::from(*names_no_film);
        read_ms[k].push(r.elapsed.as_secs_f64() * 1e3);
        prompt_tokens[k] += r.prompt_tokens;
        decisions[k] += r.decisions;
    }
    let mut all: Vec<f64> = alone.iter().chain(&titled).copied().collect();
    for v in [&mut all, &mut alone, &mut titled].into_iter().chain(read_ms.iter_mut()) {
        v.sort_by(|a, b| a.total_cmp(b));
    }
    let per = |v: usize, k: usize| v as f64 / read_ms[k].len().max(1) as f64;
    Ok(serde_json::json!({
        "mode": format!("request-{}{threads}", if llm_first { "llm-first-" } else { "" }), "threads_per_call": threads,
        "reading": if llm_first { "the LLM's genres first (the library before 2026-12-05, session 33)" } else { "the library's (the example phrases and written requests alone; the LLM names the film)" }, "requests": texts.len(),
        "histories": a.data.as_ref().map_or("seeded random 30-movie histories".to_string(), |d| format!("leave-one-out test histories of {} (seeded sample)", d.display())),
        "llm_calls": all.len(), "llm_call_p50_ms": opt(&all, 0.5), "llm_call_p99_ms": opt(&all, 0.99),
        "naming_no_film": {"llm_calls": alone.len(), "p50_ms": opt(&alone, 0.5), "p99_ms": opt(&alone, 0.99), "reader_p50_ms": opt(&read_ms[1], 0.5), "prompt_tokens_per_read": per(prompt_tokens[1], 1), "decisions_per_read": per(decisions[1], 1)},
        "like_a_title": {"llm_calls": titled.len(), "p50_ms": opt(&titled, 0.5), "p99_ms": opt(&titled, 0.99), "reader_p50_ms": opt(&read_ms[0], 0.5), "prompt_tokens_per_read": per(prompt_tokens[0], 0), "decisions_per_read": per(decisions[0], 0)},
        "read_without_llm": without_llm, "unclear": unclear,
        "peak_rss_mib": vm_hwm_kib().unwrap_or(0) as f64 / 1024.0,
    }))
}

pub fn run(a: BenchArgs) -> Result<()> {
    if let Some(mode) = &a.mode {
        let v = if let Some(th) = mode.strip_prefix("request-llm-first-") {
            request_latency(&a, th.parse()?, true)?
        } else if let Some(th) = mode.strip_prefix("request-") {
            request_latency(&a, th.parse()?, false)?
        } else if let Some(th) = mode.strip_prefix("llama-raw-") {
            raw_llama(&a.models, th.parse()?)?
        } else if let Some(th) = mode.strip_prefix("language-") {
            language_detail(&a, th.parse()?)?
        } else {
            run_mode(&a, mode)?
        };
        println!("{}", serde_json::to_string(&v)?);
        return Ok(());
    }
    let exe = std::env::current_exe()?;
    let mut results = Vec::new();
    let modes: Vec<String> = if a.modes.is_empty() {
        MODES.iter().map(|m| m.0.to_string()).chain(["llama-raw-1", "llama-raw-2", "language-1", "language-2"].map(String::from)).collect()
    } else {
        a.modes.clone()
    };
    for mode in modes {
        tracing::info!(%mode, "benchmarking");
        let mut cmd = std::process::Command::new(&exe);
        cmd.args(["bench", "--models"])
            .arg(&a.models)
            .args(["--calls", &a.calls.to_string(), "--llm-calls", &a.llm_calls.to_string(), "--mode", &mode])
            .args(["--gpu-layers", &a.gpu_layers.to_string(), "--verify", &a.verify, "--added-titles", &a.added_titles.to_string()])
            .args(["--sbert-precision", &a.sbert_precision]);
        if let Some(b) = &a.llama_decode {
            cmd.arg("--llama-decode").arg(b);
        }
        if let Some(d) = &a.data {
            cmd.arg("--data").arg(d);
        }
        let o = cmd.output()?;
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
    // What ran: the directory and the sha256 of every artifact in it.
    let manifest = dualrec::model_dir::manifest::Manifest::load(&a.models)?;
    let model_sha256: std::collections::BTreeMap<&str, &str> = manifest.artifacts.iter().map(|e| (e.file.as_str(), e.sha256.as_str())).collect();
    let report = serde_json::json!({"machine": machine, "cores": cores, "models": a.models.display().to_string(), "model_sha256": model_sha256, "results": results});
    std::fs::create_dir_all(a.out.join("bench"))?;
    std::fs::write(a.out.join(format!("bench/{}.json", a.name)), serde_json::to_string_pretty(&report)? + "\n")?;
    println!("{}", serde_json::to_string_pretty(&report)?);
    Ok(())
}
