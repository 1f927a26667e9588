//! Raw llama.cpp probes of a GGUF, for the LoRA trainer's checks and tests
//! (forward parity, merged model vs run-time adapter, decode speed). Not
//! part of the engine; the library's llama.cpp backend is shared.

use std::num::NonZeroU32;
use std::path::Path;
use std::time::Instant;

use dualrec::stages::language::backend;
use dualrec::{Error, Result};
use llama_cpp_2::context::params::LlamaContextParams;
use llama_cpp_2::context::LlamaContext;
use llama_cpp_2::llama_batch::LlamaBatch;
use llama_cpp_2::model::params::LlamaModelParams;
use llama_cpp_2::model::LlamaModel;
use llama_cpp_2::token::LlamaToken;

fn infer(why: impl std::fmt::Display) -> Error {
    Error::Inference { stage: "language", why: why.to_string() }
}

fn corrupt(path: &Path, why: String) -> Error {
    Error::ModelCorrupt { file: path.display().to_string(), why }
}


fn load(path: &Path) -> Result<LlamaModel> {
    let params = LlamaModelParams::default().with_n_gpu_layers(0).with_use_mmap(true);
    LlamaModel::load_from_file(backend()?, path, &params)
        .map_err(|e| corrupt(path, format!("llama.cpp cannot load it: {e}")))
}

fn context<'a>(model: &'a LlamaModel, n: usize, threads: i32) -> Result<LlamaContext<'a>> {
    let n = (n as u32).max(64);
    let params = LlamaContextParams::default()
        .with_n_ctx(NonZeroU32::new(n))
        .with_n_batch(n)
        .with_n_ubatch(n)
        .with_n_threads(threads)
        .with_n_threads_batch(threads)
        // f32 KV cache and no flash attention: the closest llama.cpp gets
        // to an f32 reference (the defaults store K/V in f16).
        .with_type_k(llama_cpp_2::context::params::KvCacheType::F32)
        .with_type_v(llama_cpp_2::context::params::KvCacheType::F32)
        .with_flash_attention_policy(0);
    model.new_context(backend()?, params).map_err(infer)
}

/// Checks that llama.cpp accepts `adapter` (a LoRA adapter GGUF) for the model at `base`.
pub fn check_adapter(base: &Path, adapter: &Path) -> Result<()> {
    let mut model = load(base)?;
    model
        .lora_adapter_init(adapter)
        .map(|_| ())
        .map_err(|e| corrupt(adapter, format!("llama.cpp rejects the LoRA adapter: {e}")))
}

/// Logits of every position of `tokens` ([tokens.len() * n_vocab], row
/// per position) for the GGUF at `path`, optionally with a LoRA adapter
/// GGUF applied at run time with `scale` (llama.cpp multiplies it by
/// alpha / r). One thread.
pub fn logits(path: &Path, adapter: Option<(&Path, f32)>, tokens: &[i32]) -> Result<Vec<f32>> {
    let mut model = load(path)?;
    let mut lora = match adapter {
        Some((a, s)) => Some((
            model
                .lora_adapter_init(a)
                .map_err(|e| corrupt(a, format!("llama.cpp rejects the LoRA adapter: {e}")))?,
            s,
        )),
        None => None,
    };
    let n_vocab = model.n_vocab() as usize;
    let mut ctx = context(&model, tokens.len(), 1)?;
    if let Some((a, s)) = lora.as_mut() {
        ctx.lora_adapter_set(a, *s).map_err(infer)?;
    }
    let mut batch = LlamaBatch::new(tokens.len().max(1), 1);
    for (i, &t) in tokens.iter().enumerate() {
        batch.add(LlamaToken(t), i as i32, &[0], true).map_err(infer)?;
    }
    ctx.decode(&mut batch).map_err(infer)?;
    let mut out = Vec::with_capacity(tokens.len() * n_vocab);
    for i in 0..tokens.len() {
        out.extend_from_slice(&ctx.get_logits_ith(i as i32)[..n_vocab]);
    }
    Ok(out)
}

/// Unconstrained greedy decoding speed of the GGUF at `path`: decodes
/// `prompt`, then generates `n` tokens one at a time. Returns (prompt
/// tokens/s, generated tokens/s).
pub fn decode_speed(path: &Path, prompt: &[i32], n: usize, threads: i32) -> Result<(f64, f64)> {
    let model = load(path)?;
    let mut ctx = context(&model, prompt.len() + n + 1, threads)?;
    let mut batch = LlamaBatch::new(prompt.len().max(1), 1);
    for (i, &t) in prompt.iter().enumerate() {
        batch.add(LlamaToken(t), i as i32, &[0], i + 1 == prompt.len()).map_err(infer)?;
    }
    let t0 = Instant::now();
    ctx.decode(&mut batch).map_err(infer)?;
    let prompt_s = t0.elapsed().as_secs_f64();
    let t1 = Instant::now();
    let mut last = batch.n_tokens() - 1;
    for k in 0..n {
        let logits = ctx.get_logits_ith(last);
        let next = logits.iter().enumerate().max_by(|a, b| a.1.total_cmp(b.1)).map(|(i, _)| i as i32).unwrap_or(0);
        batch.clear();
        batch.add(LlamaToken(next), (prompt.len() + k) as i32, &[0], true).map_err(infer)?;
        ctx.decode(&mut batch).map_err(infer)?;
        last = 0;
    }
    let gen_s = t1.elapsed().as_secs_f64();
    Ok((prompt.len() as f64 / prompt_s, n as f64 / gen_s))
}
