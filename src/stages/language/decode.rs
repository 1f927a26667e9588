//! Decoding: the prompt after the cached prefix, then greedy steps over the
//! title trie (forced tokens fed in one batch, logits read only at branch
//! points). `generate_free` is the same without the trie, for measurements.

use std::num::NonZeroU32;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use llama_cpp_2::context::params::{KvCacheType, LlamaContextParams};
use llama_cpp_2::context::LlamaContext;
use llama_cpp_2::token::LlamaToken;

use super::input::InputEmbeddings;
use super::trie::Child;
use super::{backend, infer, Language, CONTEXT_TOKENS};
use crate::error::Result;

pub(super) struct PooledContext {
    pub(super) ctx: LlamaContext<'static>,
    /// The tokens whose KV entries this context holds, in order. A new prompt
    /// reuses the longest common start: the instruction prefix on every
    /// call, the whole prompt on a viewer's repeated call.
    tokens: Vec<LlamaToken>,
    /// The model's token embeddings, looked up here (input.rs).
    input: Arc<InputEmbeddings>,
    /// Rows of the last decode: the last one's logits are at `last_rows - 1`.
    last_rows: i32,
}

impl PooledContext {
    /// Decodes `toks` at positions `pos0..` as their embeddings, with logits
    /// for every one when `all_logits`, else for the last.
    fn decode(&mut self, pos0: usize, toks: &[LlamaToken], all_logits: bool) -> Result<()> {
        if toks.is_empty() {
            return Err(infer("nothing to decode"));
        }
        let mut embd = Vec::with_capacity(toks.len() * self.input.n_embd());
        self.input.rows(toks, &mut embd).map_err(infer)?;
        let pos0 = i32::try_from(pos0).map_err(infer)?;
        self.ctx.decode_embeddings(&embd, self.input.n_embd(), pos0, all_logits).map_err(infer)?;
        self.last_rows = toks.len() as i32;
        Ok(())
    }

    /// The logits after the last decoded token.
    pub(super) fn last_logits(&self) -> &[f32] {
        self.ctx.get_logits_ith(self.last_rows - 1)
    }

    /// Decodes `toks` after the cached tokens (logits for the last one only).
    pub(super) fn feed(&mut self, toks: &[LlamaToken]) -> Result<()> {
        self.decode(self.tokens.len(), toks, false)?;
        self.tokens.extend_from_slice(toks);
        Ok(())
    }

    /// Decodes `toks` after the first `keep` cached tokens, with logits for
    /// every one, and returns the mean log-probability of `toks[1..]` (each
    /// token given those before it).
    pub(super) fn score_after(&mut self, keep: usize, toks: &[LlamaToken]) -> Result<f32> {
        self.ctx.kv_cache_seq_rm(0, Some(keep as u32), None).map_err(infer)?;
        self.tokens.truncate(keep);
        self.decode(keep, toks, true)?;
        self.tokens.extend_from_slice(toks);
        let mut sum = 0f64;
        for i in 1..toks.len() {
            let logits = self.ctx.get_logits_ith((i - 1) as i32);
            let max = logits.iter().copied().fold(f32::MIN, f32::max);
            let log_z = logits.iter().map(|&x| ((x - max) as f64).exp()).sum::<f64>().ln() + max as f64;
            sum += logits[toks[i].0 as usize] as f64 - log_z;
        }
        Ok((sum / (toks.len() - 1).max(1) as f64) as f32)
    }

    /// Decodes the last cached token again, for its logits (a repeated call
    /// that decoded nothing and must decide at once).
    pub(super) fn redo_last(&mut self) -> Result<()> {
        let last = self.tokens.pop().ok_or_else(|| infer("nothing decoded"))?;
        self.ctx.kv_cache_seq_rm(0, Some(self.tokens.len() as u32), None).map_err(infer)?;
        self.feed(&[last])
    }

    /// The model's logit for `token` at the last decision (valid right after
    /// [`PooledContext::next`] returned a decided choice).
    pub(super) fn logit(&self, token: i32) -> f32 {
        self.last_logits()[token as usize]
    }

    /// The trie child (token, range) to write next: the only one, or the
    /// one the model scores highest, read after decoding the `pending`
    /// forced tokens (or the last token again when nothing new was decoded).
    /// Also says whether the model decided.
    pub(super) fn next(&mut self, kids: &[Child], pending: &mut Vec<LlamaToken>, have_logits: &mut bool) -> Result<(Child, bool)> {
        if let [only] = kids {
            return Ok((*only, false));
        }
        if !pending.is_empty() {
            self.feed(pending)?;
            pending.clear();
        } else if !*have_logits {
            self.redo_last()?;
        }
        *have_logits = true;
        let logits = self.last_logits();
        let best = kids.iter().max_by(|a, b| logits[a.0 as usize].total_cmp(&logits[b.0 as usize]).then(b.0.cmp(&a.0))).ok_or_else(|| infer("no allowed token"))?;
        Ok((*best, true))
    }

}

/// The stage's llama.cpp contexts: idle ones keep their KV cache for the
/// next call, and at most `limit` exist at once. A caller that finds none
/// idle and the limit reached waits for one to come back. Each context holds
/// its KV cache and compute buffers (~14 MiB with SmolLM2), so the limit is
/// the stage's memory bound; the engine sets it to as many concurrent decodes
/// as the cores can run ([`context_limit`]).
pub(super) struct ContextPool {
    state: Mutex<PoolState>,
    returned: Condvar,
    limit: usize,
}

struct PoolState {
    idle: Vec<PooledContext>,
    live: usize,
}

/// One context per `threads` cores (at least one): more concurrent decodes
/// than that only share the cores, while each costs its own memory.
pub(super) fn context_limit(threads: usize) -> usize {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    (cores / threads.max(1)).max(1)
}

impl ContextPool {
    pub(super) fn new(limit: usize) -> ContextPool {
        ContextPool { state: Mutex::new(PoolState { idle: Vec::new(), live: 0 }), returned: Condvar::new(), limit: limit.max(1) }
    }

    /// The idle context that already holds most of `tokens`; else a new one
    /// from `make` while under the limit; else the next one given back.
    pub(super) fn take(&self, tokens: &[LlamaToken], make: impl FnOnce() -> Result<PooledContext>) -> Result<Checkout<'_>> {
        let mut s = self.state.lock().unwrap_or_else(|p| p.into_inner());
        loop {
            if let Some(best) = (0..s.idle.len()).max_by_key(|&i| common_start(&s.idle[i].tokens, tokens)) {
                let pc = s.idle.swap_remove(best);
                return Ok(Checkout { pool: self, pc: Some(pc) });
            }
            if s.live < self.limit {
                s.live += 1;
                drop(s);
                // The slot is this call's until it holds a context: released if
                // `make` fails or panics (else a bound of 1 would block every later call).
                struct Slot<'p>(&'p ContextPool);
                impl Drop for Slot<'_> {
                    fn drop(&mut self) {
                        self.0.release();
                    }
                }
                let slot = Slot(self);
                let pc = make()?;
                std::mem::forget(slot);
                return Ok(Checkout { pool: self, pc: Some(pc) });
            }
            s = self.returned.wait(s).unwrap_or_else(|p| p.into_inner());
        }
    }

    pub(super) fn limit(&self) -> usize {
        self.limit
    }

    /// Contexts alive (idle or in a call).
    pub(super) fn live(&self) -> usize {
        self.state.lock().unwrap_or_else(|p| p.into_inner()).live
    }

    /// A slot freed: its context failed mid-way and was dropped.
    fn release(&self) {
        self.state.lock().unwrap_or_else(|p| p.into_inner()).live -= 1;
        self.returned.notify_one();
    }
}

/// A context taken from a [`ContextPool`]. `give_back` returns it, cache
/// kept, for the next call; dropped without (a call that failed mid-way), it
/// is freed and its slot with it.
pub(super) struct Checkout<'p> {
    pool: &'p ContextPool,
    pc: Option<PooledContext>,
}

impl Checkout<'_> {
    pub(super) fn give_back(mut self) {
        if let Some(pc) = self.pc.take() {
            self.pool.state.lock().unwrap_or_else(|p| p.into_inner()).idle.push(pc);
            self.pool.returned.notify_one();
        }
    }
}

impl std::ops::Deref for Checkout<'_> {
    type Target = PooledContext;
    fn deref(&self) -> &PooledContext {
        self.pc.as_ref().expect("held until given back or dropped")
    }
}

impl std::ops::DerefMut for Checkout<'_> {
    fn deref_mut(&mut self) -> &mut PooledContext {
        self.pc.as_mut().expect("held until given back or dropped")
    }
}

impl Drop for Checkout<'_> {
    fn drop(&mut self) {
        if let Some(pc) = self.pc.take() {
            drop(pc);
            self.pool.release();
        }
    }
}

/// Length of the common start of two token sequences.
fn common_start(a: &[LlamaToken], b: &[LlamaToken]) -> usize {
    a.iter().zip(b).take_while(|(x, y)| x == y).count()
}

// SAFETY: a llama.cpp context may move between threads; the pool's mutex
// guarantees one user at a time.
unsafe impl Send for PooledContext {}

/// What one generation produced, for reports and the demo.
#[derive(Debug, Clone, Default)]
pub struct Generation {
    pub picks: Vec<u32>,
    pub prompt_tokens: usize,
    /// Watched titles the prompt names (the newest; fewer than given only
    /// when very long titles would not leave room for the answer).
    pub prompt_titles: usize,
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

impl Language {
    /// A context whose KV cache holds `n_ctx` tokens (llama.cpp rounds it
    /// up to a multiple of 256).
    pub(super) fn new_context(&self, n_ctx: u32) -> Result<PooledContext> {
        let backend = backend()?;
        let params = LlamaContextParams::default()
            .with_n_ctx(NonZeroU32::new(n_ctx))
            .with_n_batch(n_ctx)
            // Prompts after the cached start are ~40 tokens: a 128-token
            // micro-batch keeps the compute buffer small (measured: -6 MiB).
            .with_n_ubatch(128)
            // An 8-bit KV cache: half of f16's 11.8 MB per context (llama.cpp
            // quantizes V only with flash attention, which it picks on CPU).
            .with_type_k(KvCacheType::Q8_0)
            .with_type_v(KvCacheType::Q8_0)
            .with_n_threads(self.threads)
            .with_n_threads_batch(self.threads);
        let ctx = self.model.new_context(backend, params).map_err(infer)?;
        // SAFETY: the context borrows the model behind `self.model` (an Arc
        // whose contents never move); `pool` is declared before `model`, so
        // every context is dropped before the model.
        let ctx: LlamaContext<'static> = unsafe { std::mem::transmute(ctx) };
        Ok(PooledContext { ctx, tokens: Vec::new(), input: self.input.clone(), last_rows: 0 })
    }

    /// The prompt's tokens and a context from the pool (or a new one).
    /// Also returns how many of `watched` (the newest) the prompt names.
    fn checkout(&self, watched: &[String], predicted: &str) -> Result<(Vec<LlamaToken>, Checkout<'_>, usize)> {
        // The answer must fit after the prompt: with very long titles (other
        // catalogues) the oldest watches are left out, never the newest.
        let mut from = 0;
        let tokens = loop {
            let tokens = self.tokenize_prompt(&watched[from..], predicted)?;
            if tokens.len() + self.max_tokens <= CONTEXT_TOKENS as usize {
                break tokens;
            }
            if from == watched.len() {
                return Err(infer(format!("prompt of {} tokens is too long", tokens.len())));
            }
            from += 1;
        };
        let pooled = self.pool.take(&tokens, || self.new_context(CONTEXT_TOKENS))?;
        Ok((tokens, pooled, watched.len() - from))
    }

    /// Proposes `n` catalogue movies (indices) for a viewer who watched
    /// `watched` (display titles, most recent last) given the sequential
    /// stage's `predicted` title. `blocked[i]` excludes movie i.
    pub fn generate(&self, watched: &[String], predicted: &str, blocked: &[bool], n: usize) -> Result<Generation> {
        let started = Instant::now();
        let (tokens, mut pooled, titles) = self.checkout(watched, predicted)?;
        let result = self.generate_in(&mut pooled, &tokens, blocked, n, started).map(|g| Generation { prompt_titles: titles, ..g });
        if result.is_ok() {
            pooled.give_back();
        } // a context that failed mid-way is dropped, not reused
        result
    }

    /// Decodes the prompt [`Language::generate`] would build for `watched`
    /// and `predicted` into a pooled context, without answering: the next
    /// `generate` with that prompt decodes no prompt token (the prefill is
    /// most of a call). Returns the prompt tokens decoded (0: already cached).
    pub fn prepare(&self, watched: &[String], predicted: &str) -> Result<usize> {
        let (tokens, mut pooled, _) = self.checkout(watched, predicted)?;
        let decoded = self.prefill(&mut pooled, &tokens)?;
        pooled.give_back();
        Ok(decoded)
    }

    /// The prompt decoded into `pc` after the start it already holds.
    /// Returns the tokens decoded: 0 on a repeated call, whose KV entries
    /// (and so its answer) are then exactly the first call's.
    pub(super) fn prefill(&self, pc: &mut PooledContext, tokens: &[LlamaToken]) -> Result<usize> {
        let keep = if self.reuse_cache.load(Ordering::Relaxed) { common_start(&pc.tokens, tokens) } else { 0 };
        pc.ctx.kv_cache_seq_rm(0, Some(keep as u32), None).map_err(infer)?;
        pc.tokens.truncate(keep);
        if keep < tokens.len() {
            pc.feed(&tokens[keep..])?;
        }
        Ok(tokens.len() - keep)
    }

    fn generate_in(&self, pc: &mut PooledContext, tokens: &[LlamaToken], blocked: &[bool], n: usize, started: Instant) -> Result<Generation> {
        let t0 = Instant::now();
        let prompt_tokens = self.prefill(pc, tokens)?;
        let mut gen = Generation { prompt_tokens, prefill: t0.elapsed(), ..Default::default() };

        let mut blocked = blocked.to_vec();
        let mut pending: Vec<LlamaToken> = Vec::new(); // forced tokens not yet decoded
        let mut have_logits = prompt_tokens > 0;
        let trie = self.trie();
        let full = (0, trie.lines.len());
        let (mut range, mut depth) = (full, 0usize);
        let mut out_tokens: Vec<i32> = Vec::new();
        while gen.picks.len() < n {
            if let Some(idx) = trie.complete(range, depth, &blocked) {
                gen.picks.push(idx);
                blocked[idx as usize] = true;
                (range, depth) = (full, 0);
                continue;
            }
            let kids = trie.children(range, depth, &blocked);
            if kids.is_empty() {
                break; // every title is watched or chosen
            }
            if gen.generated_tokens >= self.max_tokens || started.elapsed() > self.timeout {
                return Err(infer(format!("generation stopped after {} tokens / {:?}", gen.generated_tokens, started.elapsed())));
            }
            let (choice, decided) = pc.next(&kids, &mut pending, &mut have_logits)?;
            gen.decisions += usize::from(decided);
            let tok = LlamaToken(choice.0);
            pending.push(tok);
            out_tokens.push(tok.0);
            gen.generated_tokens += 1;
            (range, depth) = (choice.1, depth + 1);
        }
        // Pending tokens were never decoded: `pc.tokens` holds what was.
        gen.text = self.detokenize(&out_tokens);
        gen.elapsed = started.elapsed();
        Ok(gen)
    }
}

impl Language {
    /// Unconstrained greedy answer (no trie) to the same prompt as
    /// [`Language::generate`], stopped after `lines` non-empty lines, an
    /// end-of-generation token or the token limit. For measurements only.
    pub fn generate_free(&self, watched: &[String], predicted: &str, lines: usize) -> Result<FreeText> {
        let (tokens, mut pc, _) = self.checkout(watched, predicted)?;
        let t0 = Instant::now();
        let prompt_tokens = self.prefill(&mut pc, &tokens)?;
        if prompt_tokens == 0 {
            pc.redo_last()?;
        }
        let mut out = FreeText { prompt_tokens, prefill: t0.elapsed(), ..Default::default() };
        let vocab = self.model.vocab();
        let mut bytes: Vec<u8> = Vec::new();
        let t1 = Instant::now();
        while out.generated_tokens < self.max_tokens {
            let logits = pc.last_logits();
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
            pc.feed(&[tok])?;
        }
        out.decode = t1.elapsed();
        out.text = String::from_utf8_lossy(&bytes).into_owned();
        pc.give_back();
        Ok(out)
    }
}
