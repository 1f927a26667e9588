//! Language stage: a llama-family GGUF LLM (llama.cpp through `llama-cpp-2`)
//! reads the viewer's recent titles and the sequential stage's prediction and
//! proposes more movies.
//!
//! Decoding is greedy and constrained by a token trie over the catalogue's
//! display titles: at every step only tokens that continue some title the
//! viewer has not watched (and that was not chosen already) are allowed, so
//! every answer line *is* a catalogue movie and nothing invented can come
//! out. Tokens forced by the trie (a single allowed continuation) are fed in
//! one batch without reading logits; the model only decides at branch points.
//!
//! The instruction prefix (system prompt and the start of the user turn) is
//! decoded once per context and its KV cache reused by every call.

use std::num::NonZeroU32;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use llama_cpp_2::context::params::LlamaContextParams;
use llama_cpp_2::context::LlamaContext;
use llama_cpp_2::llama_backend::LlamaBackend;
use llama_cpp_2::llama_batch::LlamaBatch;
use llama_cpp_2::model::params::LlamaModelParams;
use llama_cpp_2::model::{LlamaChatMessage, LlamaModel};
use llama_cpp_2::token::LlamaToken;

use crate::catalog::Catalog;
use crate::error::{Error, Result};

pub const LM_FORMAT_VERSION: u32 = 1;
// Prompts are ~100-250 tokens and answers at most `max_tokens`: 512 keeps the
// KV cache of each pooled context small.
const CONTEXT_TOKENS: u32 = 512;
const SYSTEM_PROMPT: &str = "You are a movie recommendation assistant. Answer with movie titles and their release years, one per line, nothing else.";
/// The user turn starts with this fixed text, so its tokens join the cached
/// prefix; only the titles and the prediction differ between calls.
const USER_LEAD: &str = "Recommend 3 more movies I will enjoy, with their release years. I have watched these movies, oldest first:\n";

/// One llama.cpp backend per process (llama.cpp's global state).
static BACKEND: OnceLock<std::result::Result<LlamaBackend, String>> = OnceLock::new();

/// The process's llama.cpp backend (initialised on first use).
pub fn backend() -> Result<&'static LlamaBackend> {
    BACKEND
        .get_or_init(|| {
            llama_cpp_2::send_logs_to_tracing(llama_cpp_2::LogOptions::default().with_logs_enabled(false));
            LlamaBackend::init().map_err(|e| e.to_string())
        })
        .as_ref()
        .map_err(|e| Error::RuntimeUnavailable(format!("llama.cpp backend: {e}")))
}

fn infer(why: impl std::fmt::Display) -> Error {
    Error::Inference { stage: "language", why: why.to_string() }
}

/// One answer line: "- The Matrix (1999)\n" (the catalogue's display title
/// as a list item, the same form the prompt lists the watched movies in, so
/// the model continues a list instead of starting a sentence).
pub fn answer_line(movie: &crate::catalog::Movie) -> String {
    format!("- {}\n", movie.display())
}

/// Token sequences of every catalogue title line, sorted so that each trie
/// node's subtree is a contiguous range of `lines`.
struct TitleTrie {
    /// (tokens of "Title (Year)\n", catalogue index), sorted by tokens.
    lines: Vec<(Vec<i32>, u32)>,
}

impl TitleTrie {
    fn build(model: &LlamaModel, catalog: &Catalog) -> Self {
        let vocab = model.vocab();
        let per_line = |i: usize| -> Vec<i32> {
            vocab.tokenize(answer_line(catalog.movie(i as u32)).as_bytes(), false, false).into_iter().map(|t| t.0).collect()
        };
        // One tokenizer call over all lines (3,883 separate calls took ~180 ms
        // of open). A line ends in "\n", which the pre-tokenizer always splits
        // off, so the tokens split at the newline token are each line's own;
        // if the count or a sample of lines (every 50th, and the last) disagree, tokenize each
        // line on its own.
        let text: String = catalog.movies().iter().map(answer_line).collect();
        let newline = vocab.tokenize(b"\n", false, false);
        let mut split: Vec<Vec<i32>> = Vec::with_capacity(catalog.len());
        if let [nl] = newline.as_slice() {
            let mut cur = Vec::new();
            for t in vocab.tokenize(text.as_bytes(), false, false) {
                cur.push(t.0);
                if t == *nl {
                    split.push(std::mem::take(&mut cur));
                }
            }
        }
        let n = catalog.len();
        let agrees = split.len() == n && (0..n).step_by(50).chain(n.checked_sub(1)).all(|i| split[i] == per_line(i));
        if !agrees {
            split = (0..n).map(per_line).collect();
        }
        let mut lines: Vec<(Vec<i32>, u32)> = split.into_iter().enumerate().map(|(i, toks)| (toks, i as u32)).collect();
        lines.sort();
        TitleTrie { lines }
    }

    /// Range of lines whose first `depth` tokens equal `prefix`, within `range`.
    fn narrow(&self, range: (usize, usize), depth: usize, token: i32) -> (usize, usize) {
        let s = &self.lines[range.0..range.1];
        let lo = s.partition_point(|l| l.0.get(depth).map_or(true, |&t| t < token));
        let hi = s.partition_point(|l| l.0.get(depth).map_or(true, |&t| t <= token));
        (range.0 + lo, range.0 + hi)
    }

    /// Distinct next tokens (with their ranges) of lines in `range` that are
    /// longer than `depth` and not `blocked`.
    fn children(&self, range: (usize, usize), depth: usize, blocked: &[bool]) -> Vec<(i32, (usize, usize))> {
        let mut out: Vec<(i32, (usize, usize))> = Vec::new();
        let mut i = range.0;
        while i < range.1 {
            let Some(&t) = self.lines[i].0.get(depth) else {
                i += 1;
                continue;
            };
            let sub = self.narrow((i, range.1), depth, t);
            if self.lines[sub.0..sub.1].iter().any(|l| !blocked[l.1 as usize]) {
                out.push((t, sub));
            }
            i = sub.1;
        }
        out
    }

    /// A complete, allowed line in `range` of exactly `depth` tokens.
    fn complete(&self, range: (usize, usize), depth: usize, blocked: &[bool]) -> Option<u32> {
        self.lines[range.0..range.1].iter().find(|l| l.0.len() == depth && !blocked[l.1 as usize]).map(|l| l.1)
    }
}

struct PooledContext {
    ctx: LlamaContext<'static>,
    /// Tokens whose KV entries this context holds (always starts with the prefix).
    cached: usize,
}

// SAFETY: a llama.cpp context may move between threads; the pool's mutex
// guarantees one user at a time.
unsafe impl Send for PooledContext {}

/// What one generation produced, for reports and the demo.
#[derive(Debug, Clone, Default)]
pub struct Generation {
    pub picks: Vec<u32>,
    pub prompt_tokens: usize,
    pub generated_tokens: usize,
    /// Times the model chose among several allowed tokens (logit reads).
    pub decisions: usize,
    pub elapsed: Duration,
    /// Time spent decoding the prompt (the part after the cached prefix).
    pub prefill: Duration,
    pub text: String,
}

/// An unconstrained greedy answer (no trie): what the model writes on its
/// own. Used to measure what the trie prevents (invented titles) and the
/// engine's raw decode speed; `recommend` never uses it.
#[derive(Debug, Clone, Default)]
pub struct FreeText {
    pub text: String,
    pub prompt_tokens: usize,
    pub generated_tokens: usize,
    pub prefill: Duration,
    /// Time in the one-token decode calls after the prefill.
    pub decode: Duration,
}

pub struct Language {
    // Field order matters: contexts borrow the model and must drop first.
    pool: Mutex<Vec<PooledContext>>,
    model: Arc<LlamaModel>,
    trie: TitleTrie,
    prefix: Vec<LlamaToken>,
    template: Option<llama_cpp_2::model::LlamaChatTemplate>,
    threads: i32,
    max_tokens: usize,
    timeout: Duration,
    /// Reuse the cached instruction prefix (off only to measure its gain).
    reuse_prefix: AtomicBool,
    /// Layers asked to go to a GPU (u32::MAX = all).
    n_gpu_layers: u32,
}

/// What llama.cpp placed on a GPU.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Offload {
    /// Repeating (transformer) layers of the model.
    pub layers: u32,
    /// Layers on the GPU: up to `layers`, plus 1 when the output layer is too.
    pub gpu_layers: u32,
    /// The GPU's description ("" when none).
    pub device: String,
}

impl Language {
    /// Loads a verified GGUF (memory-mapped by llama.cpp) for `catalog`.
    pub fn open(path: &Path, catalog: &Catalog, threads: usize, n_gpu_layers: i32) -> Result<Self> {
        let backend = backend()?;
        let layers = if n_gpu_layers < 0 { u32::MAX } else { n_gpu_layers as u32 };
        let params = LlamaModelParams::default().with_n_gpu_layers(layers).with_use_mmap(true);
        let model = LlamaModel::load_from_file(backend, path, &params)
            .map_err(|e| Error::corrupt(path.display().to_string(), format!("llama.cpp cannot load it: {e}")))?;
        let template = model.chat_template(None).ok();
        let t = Instant::now();
        let trie = TitleTrie::build(&model, catalog);
        tracing::debug!(titles = trie.lines.len(), ms = t.elapsed().as_secs_f64() * 1e3, "title trie built");
        let mut lang = Language {
            pool: Mutex::new(Vec::new()),
            model: Arc::new(model),
            trie,
            prefix: Vec::new(),
            template,
            threads: threads.max(1) as i32,
            max_tokens: 160,
            timeout: Duration::from_secs(20),
            reuse_prefix: AtomicBool::new(true),
            n_gpu_layers: layers,
        };
        // The cached prefix: the tokens two different prompts share.
        let a = lang.tokenize_prompt(&["A (2000)".to_string()], "B (2001)")?;
        let b = lang.tokenize_prompt(&["Z (1990)".to_string()], "Y (1991)")?;
        let n = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
        lang.prefix = a[..n].to_vec();
        Ok(lang)
    }

    pub fn model_size(&self) -> u64 {
        self.model.size()
    }

    /// Layers of the model and how many of them llama.cpp placed on a GPU
    /// (0 in CPU builds or without a usable GPU device).
    pub fn offload(&self) -> Offload {
        let layers = self.model.n_layer();
        let gpu_devices = llama_cpp_2::list_llama_ggml_backend_devices()
            .iter()
            .filter(|d| matches!(d.device_type, llama_cpp_2::LlamaBackendDeviceType::Gpu | llama_cpp_2::LlamaBackendDeviceType::IntegratedGpu))
            .map(|d| d.description.clone())
            .collect::<Vec<_>>();
        // llama.cpp offloads the last `n_gpu_layers` repeating layers plus the
        // output layer when the count exceeds the layer count.
        let gpu_layers = if gpu_devices.is_empty() { 0 } else { self.n_gpu_layers.min(layers + 1) };
        Offload { layers, gpu_layers, device: gpu_devices.into_iter().next().unwrap_or_default() }
    }

    /// Turns reuse of the cached instruction prefix on or off (it is on by
    /// default; off only to measure what it saves).
    pub fn set_prefix_reuse(&self, on: bool) {
        self.reuse_prefix.store(on, Ordering::Relaxed);
    }

    /// The full prompt text (chat template applied) for `watched` display
    /// titles (most recent last) and the sequential stage's `predicted` title.
    /// The LoRA trainer uses exactly this text.
    pub fn render_prompt(&self, watched: &[String], predicted: &str) -> Result<String> {
        self.render(watched, predicted)
    }

    /// Token ids of `text` (special tokens parsed, no BOS added).
    pub fn tokenize(&self, text: &str) -> Vec<i32> {
        self.model.vocab().tokenize(text.as_bytes(), false, true).into_iter().map(|t| t.0).collect()
    }

    /// Token ids of the full prompt, as `generate` decodes it.
    pub fn prompt_tokens(&self, watched: &[String], predicted: &str) -> Result<Vec<i32>> {
        Ok(self.tokenize_prompt(watched, predicted)?.into_iter().map(|t| t.0).collect())
    }

    /// Token ids of one answer line, as the constrained decoder emits it.
    pub fn answer_tokens(&self, movie: &crate::catalog::Movie) -> Vec<i32> {
        self.tokenize(&answer_line(movie))
    }

    fn render(&self, watched: &[String], predicted: &str) -> Result<String> {
        let mut user = String::from(USER_LEAD);
        for w in watched {
            user += &format!("- {w}\n");
        }
        user += &format!("A sequence model predicts that I will watch {predicted} next.");
        match &self.template {
            Some(t) => {
                let msgs = [
                    LlamaChatMessage::new("system".into(), SYSTEM_PROMPT.into()).map_err(infer)?,
                    LlamaChatMessage::new("user".into(), user).map_err(infer)?,
                ];
                self.model.apply_chat_template(t, &msgs, true).map_err(infer)
            }
            // A base model without a template: plain text turns.
            None => Ok(format!("{SYSTEM_PROMPT}\n\nUser: {user}\n\nAssistant:\n")),
        }
    }

    fn tokenize_prompt(&self, watched: &[String], predicted: &str) -> Result<Vec<LlamaToken>> {
        let text = self.render(watched, predicted)?;
        Ok(self.model.vocab().tokenize(text.as_bytes(), true, true))
    }

    fn new_context(&self) -> Result<PooledContext> {
        let backend = backend()?;
        let params = LlamaContextParams::default()
            .with_n_ctx(NonZeroU32::new(CONTEXT_TOKENS))
            .with_n_batch(CONTEXT_TOKENS)
            .with_n_threads(self.threads)
            .with_n_threads_batch(self.threads);
        let ctx = self.model.new_context(backend, params).map_err(infer)?;
        // SAFETY: the context borrows the model behind `self.model` (an Arc
        // whose contents never move); `pool` is declared before `model`, so
        // every context is dropped before the model.
        let ctx: LlamaContext<'static> = unsafe { std::mem::transmute(ctx) };
        Ok(PooledContext { ctx, cached: 0 })
    }

    /// The prompt's tokens and a context from the pool (or a new one).
    fn checkout(&self, watched: &[String], predicted: &str) -> Result<(Vec<LlamaToken>, PooledContext)> {
        let tokens = self.tokenize_prompt(watched, predicted)?;
        if tokens.len() + self.max_tokens > CONTEXT_TOKENS as usize {
            return Err(infer(format!("prompt of {} tokens is too long", tokens.len())));
        }
        let pooled = match self.pool.lock().unwrap_or_else(|p| p.into_inner()).pop() {
            Some(c) => c,
            None => self.new_context()?,
        };
        Ok((tokens, pooled))
    }

    /// Proposes `n` catalogue movies (indices) for a viewer who watched
    /// `watched` (display titles, most recent last) given the sequential
    /// stage's `predicted` title. `blocked[i]` excludes movie i.
    pub fn generate(&self, watched: &[String], predicted: &str, blocked: &[bool], n: usize) -> Result<Generation> {
        let started = Instant::now();
        let (tokens, mut pooled) = self.checkout(watched, predicted)?;
        let result = self.generate_in(&mut pooled, &tokens, blocked, n, started);
        if result.is_ok() {
            self.pool.lock().unwrap_or_else(|p| p.into_inner()).push(pooled);
        } // a context that failed mid-way is dropped, not reused
        result
    }

    /// A context from the pool (or a new one), the prompt decoded into it
    /// after the cached prefix. Returns the tokens decoded.
    fn prefill(&self, pc: &mut PooledContext, batch: &mut LlamaBatch, tokens: &[LlamaToken]) -> Result<usize> {
        let p = self.prefix.len();
        let reuse = self.reuse_prefix.load(Ordering::Relaxed) && pc.cached >= p && tokens.starts_with(&self.prefix);
        let keep = if reuse { p } else { 0 };
        pc.ctx.kv_cache_seq_rm(0, Some(keep as u32), None).map_err(infer)?;
        pc.cached = keep;
        feed(&mut pc.ctx, batch, &tokens[keep..], keep)?;
        pc.cached = tokens.len();
        Ok(tokens.len() - keep)
    }

    fn generate_in(&self, pc: &mut PooledContext, tokens: &[LlamaToken], blocked: &[bool], n: usize, started: Instant) -> Result<Generation> {
        let mut batch = LlamaBatch::new(CONTEXT_TOKENS as usize, 1);
        let t0 = Instant::now();
        let prompt_tokens = self.prefill(pc, &mut batch, tokens)?;
        let mut gen = Generation { prompt_tokens, prefill: t0.elapsed(), ..Default::default() };
        let mut pos = tokens.len();

        let mut blocked = blocked.to_vec();
        let mut pending: Vec<LlamaToken> = Vec::new(); // forced tokens not yet decoded
        let full = (0, self.trie.lines.len());
        let (mut range, mut depth) = (full, 0usize);
        let mut out_tokens: Vec<LlamaToken> = Vec::new();
        while gen.picks.len() < n {
            if let Some(idx) = self.trie.complete(range, depth, &blocked) {
                gen.picks.push(idx);
                blocked[idx as usize] = true;
                (range, depth) = (full, 0);
                continue;
            }
            let kids = self.trie.children(range, depth, &blocked);
            if kids.is_empty() {
                break; // every title is watched or chosen
            }
            if gen.generated_tokens >= self.max_tokens || started.elapsed() > self.timeout {
                return Err(infer(format!("generation stopped after {} tokens / {:?}", gen.generated_tokens, started.elapsed())));
            }
            let choice = if kids.len() == 1 {
                kids[0]
            } else {
                if !pending.is_empty() {
                    feed(&mut pc.ctx, &mut batch, &pending, pos)?;
                    pos += pending.len();
                    pending.clear();
                }
                gen.decisions += 1;
                let logits = pc.ctx.get_logits_ith(batch.n_tokens() - 1);
                *kids
                    .iter()
                    .max_by(|a, b| logits[a.0 as usize].total_cmp(&logits[b.0 as usize]).then(b.0.cmp(&a.0)))
                    .expect("non-empty")
            };
            let tok = LlamaToken(choice.0);
            pending.push(tok);
            out_tokens.push(tok);
            gen.generated_tokens += 1;
            (range, depth) = (choice.1, depth + 1);
        }
        pc.cached = pos; // pending tokens were never decoded
        let vocab = self.model.vocab();
        gen.text = String::from_utf8_lossy(&out_tokens.iter().flat_map(|t| vocab.token_to_piece(*t, false, None)).collect::<Vec<u8>>()).into_owned();
        gen.elapsed = started.elapsed();
        Ok(gen)
    }
}

impl Language {
    /// Unconstrained greedy answer (no trie) to the same prompt as
    /// [`Language::generate`], stopped after `lines` non-empty lines, an
    /// end-of-generation token or the token limit. For measurements only.
    pub fn generate_free(&self, watched: &[String], predicted: &str, lines: usize) -> Result<FreeText> {
        let (tokens, mut pc) = self.checkout(watched, predicted)?;
        let mut batch = LlamaBatch::new(CONTEXT_TOKENS as usize, 1);
        let t0 = Instant::now();
        let prompt_tokens = self.prefill(&mut pc, &mut batch, &tokens)?;
        let mut out = FreeText { prompt_tokens, prefill: t0.elapsed(), ..Default::default() };
        let vocab = self.model.vocab();
        let mut bytes: Vec<u8> = Vec::new();
        let mut pos = tokens.len();
        let t1 = Instant::now();
        while out.generated_tokens < self.max_tokens {
            let logits = pc.ctx.get_logits_ith(batch.n_tokens() - 1);
            let next = logits.iter().enumerate().max_by(|a, b| a.1.total_cmp(b.1).then(b.0.cmp(&a.0))).map(|(i, _)| i as i32).unwrap_or(0);
            let tok = LlamaToken(next);
            if vocab.is_eog(tok) {
                break;
            }
            bytes.extend(vocab.token_to_piece(tok, false, None));
            out.generated_tokens += 1;
            let text = String::from_utf8_lossy(&bytes);
            if text.split_inclusive('\n').filter(|l| l.ends_with('\n') && !l.trim().is_empty()).count() >= lines {
                break;
            }
            feed(&mut pc.ctx, &mut batch, &[tok], pos)?;
            pos += 1;
        }
        out.decode = t1.elapsed();
        pc.cached = pos;
        out.text = String::from_utf8_lossy(&bytes).into_owned();
        self.pool.lock().unwrap_or_else(|p| p.into_inner()).push(pc);
        Ok(out)
    }
}

/// Decodes `toks` at positions `pos0..` (logits for the last one only).
fn feed(ctx: &mut LlamaContext, batch: &mut LlamaBatch, toks: &[LlamaToken], pos0: usize) -> Result<()> {
    batch.clear();
    for (i, t) in toks.iter().enumerate() {
        batch.add(*t, (pos0 + i) as i32, &[0], i + 1 == toks.len()).map_err(infer)?;
    }
    ctx.decode(batch).map_err(infer)
}

/// Raw llama.cpp probes of a GGUF, for the LoRA trainer's checks and tests
/// (forward parity, merged model vs run-time adapter, decode speed). Not
/// used by the engine.
pub mod probe {
    use super::*;

    fn load(path: &Path) -> Result<LlamaModel> {
        let params = LlamaModelParams::default().with_n_gpu_layers(0).with_use_mmap(true);
        LlamaModel::load_from_file(backend()?, path, &params)
            .map_err(|e| Error::corrupt(path.display().to_string(), format!("llama.cpp cannot load it: {e}")))
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
            .map_err(|e| Error::corrupt(adapter.display().to_string(), format!("llama.cpp rejects the LoRA adapter: {e}")))
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
                    .map_err(|e| Error::corrupt(a.display().to_string(), format!("llama.cpp rejects the LoRA adapter: {e}")))?,
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
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The trie's lines, split from one tokenizer call, are exactly each
    /// title tokenized on its own (the default models).
    #[test]
    fn one_call_trie_equals_per_title_tokenization() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("models");
        let catalog = Catalog::parse_tsv(&std::fs::read(dir.join("catalog.tsv")).unwrap(), "catalog.tsv").unwrap();
        let lang = Language::open(&dir.join("lm.gguf"), &catalog, 1, 0).unwrap();
        assert_eq!(lang.trie.lines.len(), catalog.len());
        for (tokens, i) in &lang.trie.lines {
            assert_eq!(tokens, &lang.answer_tokens(catalog.movie(*i)), "{}", catalog.movie(*i).display());
        }
    }
}
