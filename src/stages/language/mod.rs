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
//! Contexts are pooled, at most one per `threads` cores ([`Language::contexts`]):
//! more concurrent decodes would only share the cores, and each context
//! costs its KV cache and buffers. Each keeps the KV cache of its last call; a call decodes
//! only what follows the longest start it shares with the cached tokens: the
//! instruction prefix (system prompt and the start of the user turn) on
//! every call, the whole prompt on a viewer's repeated call.

mod decode;
mod familiarity;
pub mod gguf;
pub mod input;
mod prompt;
mod reader;
mod trie;

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock, RwLock};
use std::time::{Duration, Instant};

use llama_cpp_2::llama_backend::LlamaBackend;
use llama_cpp_2::model::params::LlamaModelParams;
use llama_cpp_2::model::LlamaModel;
use llama_cpp_2::token::LlamaToken;

use crate::error::{Error, Result};
use crate::model_dir::catalog::Catalog;
use crate::model_dir::manifest::VerifiedFile;
use crate::stages::{Stage, StageContext};
pub use decode::{FreeText, Generation};
use decode::{context_limit, ContextPool};
use input::InputEmbeddings;
pub use prompt::prompt_title;
pub use reader::{reader_text, RequestRead, READER_ARTIFACT, READER_FORMAT_VERSION, READER_FORMAT_VERSIONS, READER_TITLES_ARTIFACT};
use reader::Reader;
use prompt::AnswerLines;
use trie::TitleTrie;

/// Manifest name of the GGUF the engine runs.
pub const LM_ARTIFACT: &str = "lm";
pub const LM_FORMAT_VERSION: u32 = 1;
// Each pooled context's KV cache holds this many tokens (23 KiB each; llama.cpp
// rounds up to a multiple of 256): a prompt of up to 352 tokens (ML-1M's
// longest, its 5 longest titles and the 6th predicted, is 222) and
// `max_tokens` of answer. Longer prompts drop their oldest titles (`checkout`).
const CONTEXT_TOKENS: u32 = 512;
/// A reader context's KV cache: the instruction, a request of at most
/// READER_MAX_BYTES (~60 tokens in English) and the answer fit in 256
/// (llama.cpp's smallest size); a longer one is read on its first words.
const READER_CONTEXT_TOKENS: u32 = 256;
/// One llama.cpp backend per process (llama.cpp's global state).
static BACKEND: OnceLock<std::result::Result<LlamaBackend, String>> = OnceLock::new();

/// The process's llama.cpp backend (initialised on first use).
pub fn backend() -> Result<&'static LlamaBackend> {
    BACKEND
        .get_or_init(|| {
            llama_cpp_2::send_logs_to_tracing(llama_cpp_2::LogOptions::default().with_logs_enabled(std::env::var_os("DUALREC_LLAMA_LOGS").is_some()));
            LlamaBackend::init().map_err(|e| e.to_string())
        })
        .as_ref()
        .map_err(|e| Error::RuntimeUnavailable(format!("llama.cpp backend: {e}")))
}

fn infer(why: impl std::fmt::Display) -> Error {
    Error::Inference { stage: "language", why: why.to_string() }
}

pub struct Language {
    // Field order matters: contexts borrow the model and must drop first.
    pool: ContextPool,
    /// The request reader (its own contexts, with its adapter), when loaded.
    reader: Option<Reader>,
    /// The adapter that names the film, beside a genres-only `reader`.
    title_reader: Option<Reader>,
    /// Why the model directory's reader adapter was not loaded.
    reader_note: Option<String>,
    model: Arc<LlamaModel>,
    /// Its token embeddings, which the library looks up itself (input.rs).
    input: Arc<InputEmbeddings>,
    /// The catalogue's answer lines, titles added on the device included;
    /// replaced whole when one is added, so a call decodes over one version.
    trie: RwLock<Arc<TitleTrie>>,
    answers: AnswerLines,
    template: Option<llama_cpp_2::model::LlamaChatTemplate>,
    threads: i32,
    max_tokens: usize,
    timeout: Duration,
    /// Reuse the KV cache's common start with earlier calls (off only to
    /// measure its gain).
    reuse_cache: AtomicBool,
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

impl Stage for Language {
    const NAME: &'static str = "language";
    fn artifacts(_: &StageContext) -> Vec<&'static str> {
        vec![LM_ARTIFACT]
    }
    /// Verified here; llama.cpp then reads the same file.
    /// The reader adapter is loaded with it when the directory ships one
    /// trained over this GGUF (an adapter trained over another is left out,
    /// and [`Language::reader_note`] says why).
    fn open(ctx: &StageContext) -> Result<Self> {
        let lm = ctx.dir.open_verified(LM_ARTIFACT, LM_FORMAT_VERSION)?;
        let lm_sha = ctx.dir.manifest().get(LM_ARTIFACT).map(|e| e.sha256.clone()).unwrap_or_default();
        let mut notes = Vec::new();
        // An adapter trained over another GGUF is left out (a note says so).
        let mut adapter = |name: &str, versions: &[u32], task: &str| -> Result<Option<(VerifiedFile, u32)>> {
            let Some(e) = ctx.dir.manifest().get(name) else { return Ok(None) };
            match e.config.get("base_sha256").and_then(|v| v.as_str()) {
                Some(base) if base == lm_sha => Ok(Some((ctx.dir.open_verified_any(name, versions)?, e.format_version))),
                other => {
                    notes.push(format!(
                        "{} was trained over another {} (sha256 {}, this one {lm_sha}): requests are read without it; retrain it with `dualrec-train lora --task {task}`",
                        e.file,
                        lm.name(),
                        other.unwrap_or("not recorded")
                    ));
                    Ok(None)
                }
            }
        };
        let reader = adapter(READER_ARTIFACT, READER_FORMAT_VERSIONS, "reader")?;
        let titles = adapter(READER_TITLES_ARTIFACT, &[READER_FORMAT_VERSION], "reader-titles")?;
        // llama.cpp opens the verified files themselves (`runtime_path`: on
        // Linux the open file, so one renamed over an artifact since it was
        // verified is not what it loads); its errors name the artifacts.
        let (lm_at, reader_at, titles_at) = (lm.runtime_path(), reader.as_ref().map(|(r, v)| (r.runtime_path(), *v)), titles.as_ref().map(|(r, _)| r.runtime_path()));
        let readers = ReaderAdapters { genres: reader_at.as_ref().map(|(p, v)| (p.as_path(), *v)), titles: titles_at.as_deref() };
        let named: Vec<(String, String)> = [Some(&lm), reader.as_ref().map(|r| &r.0), titles.as_ref().map(|t| &t.0)]
            .into_iter()
            .flatten()
            .map(|f| (f.runtime_path().display().to_string(), f.name()))
            .collect();
        let mut lang = Self::load_with_reader(&lm_at, readers, ctx.catalog, ctx.threads, ctx.n_gpu_layers).map_err(|e| match e {
            Error::ModelCorrupt { file, why } => Error::ModelCorrupt { file: named.iter().find(|(p, _)| *p == file).map_or(file, |(_, n)| n.clone()), why },
            other => other,
        })?;
        lang.reader_note = (!notes.is_empty()).then(|| notes.join("; "));
        Ok(lang)
    }
}

/// The request reader's adapters for [`Language::load_with_reader`].
#[derive(Debug, Clone, Copy, Default)]
pub struct ReaderAdapters<'a> {
    /// `lm-reader` and its format version.
    pub genres: Option<(&'a Path, u32)>,
    /// `lm-reader-titles` (format version 2), used beside `genres` only.
    pub titles: Option<&'a Path>,
}

impl Language {
    /// llama.cpp contexts the recommend path holds (each ~14 MiB with
    /// SmolLM2), and the most it will: one per `threads` cores. Concurrent
    /// calls beyond that wait for a context instead of making one.
    pub fn contexts(&self) -> (usize, usize) {
        (self.pool.live(), self.pool.limit())
    }

    /// Loads a GGUF (read into llama.cpp's buffers) for `catalog`; the engine
    /// opens it verified through [`Stage::open`], the tools load any GGUF.
    pub fn load(path: &Path, catalog: &Catalog, threads: usize, n_gpu_layers: i32) -> Result<Self> {
        Self::load_with_reader(path, ReaderAdapters::default(), catalog, threads, n_gpu_layers)
    }

    /// [`Language::load`], plus the request reader's LoRA adapters (trained
    /// over this GGUF) when given.
    pub fn load_with_reader(path: &Path, readers: ReaderAdapters<'_>, catalog: &Catalog, threads: usize, n_gpu_layers: i32) -> Result<Self> {
        let backend = backend()?;
        let layers = if n_gpu_layers < 0 { u32::MAX } else { n_gpu_layers as u32 };
        // Read, not memory-mapped: llama.cpp copies the Q4_0 matrices into
        // its repacked CPU layout either way; mapped, the tensors it reads in
        // place faulted 37-43 MiB of the file in per call once the page cache
        // had been dropped, more than reading saves (docs/performance.md,
        // "... the GGUF mapped, tried").
        let params = LlamaModelParams::default().with_n_gpu_layers(layers).with_use_mmap(false);
        let mut model = LlamaModel::load_from_file(backend, path, &params)
            .map_err(|e| Error::corrupt(path.display().to_string(), format!("llama.cpp cannot load it: {e}")))?;
        let input = InputEmbeddings::open(path, model.n_embd().max(0) as usize, model.n_vocab().max(0) as usize)
            .map_err(|e| Error::corrupt(path.display().to_string(), e))?;
        let answers = AnswerLines::new(catalog);
        let mut open = |p: &Path, version: u32| Reader::new(&mut model, p, version, catalog, &answers, threads).map_err(|e| Error::corrupt(p.display().to_string(), e));
        let reader = readers.genres.map(|(p, v)| open(p, v)).transpose()?;
        // Named films come from it only beside a reader.
        let title_reader = match (&reader, readers.titles) {
            (Some(_), Some(p)) => Some(open(p, READER_FORMAT_VERSION)?),
            _ => None,
        };
        let template = model.chat_template(None).ok();
        let t = Instant::now();
        let trie = TitleTrie::build(&model, catalog, &answers);
        tracing::debug!(titles = trie.lines.len(), ms = t.elapsed().as_secs_f64() * 1e3, "title trie built");
        super::release_free_heap();
        Ok(Language {
            pool: ContextPool::new(context_limit(threads)),
            reader,
            title_reader,
            reader_note: None,
            model: Arc::new(model),
            input: Arc::new(input),
            trie: RwLock::new(Arc::new(trie)),
            answers,
            template,
            threads: threads.max(1) as i32,
            max_tokens: 160,
            timeout: Duration::from_secs(20),
            reuse_cache: AtomicBool::new(true),
            n_gpu_layers: layers,
        })
    }

    /// The title trie's lines: each catalogue title's answer-line tokens
    /// and its catalogue index, in trie order.
    pub fn title_lines(&self) -> Vec<(Vec<i32>, u32)> {
        self.trie().lines.clone()
    }

    /// The title trie as it is now.
    fn trie(&self) -> Arc<TitleTrie> {
        self.trie.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// Lets the decoder write catalogue movie `index` (a title added on the
    /// device, in `catalog`), replacing any earlier line of that index. Its
    /// line carries the year when another catalogue movie has its title.
    pub fn add_title(&self, catalog: &Catalog, index: u32) {
        let movie = catalog.movie(index);
        let repeated = catalog.movies().iter().enumerate().any(|(j, m)| j as u32 != index && m.title == movie.title);
        let line = (self.tokenize(&self.answers.line_for(movie, repeated)), index);
        let mut trie = self.trie.write().unwrap_or_else(|p| p.into_inner());
        let mut lines: Vec<(Vec<i32>, u32)> = trie.lines.iter().filter(|l| l.1 != index).cloned().collect();
        let at = lines.partition_point(|l| *l < line);
        lines.insert(at, line);
        *trie = Arc::new(TitleTrie { lines });
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

    /// Turns reuse of the KV cache (the instruction prefix, or a viewer's
    /// whole prompt on a repeated call) on or off (it is on by default; off
    /// only to measure what it saves).
    pub fn set_cache_reuse(&self, on: bool) {
        self.reuse_cache.store(on, Ordering::Relaxed);
    }

    /// The full prompt text (chat template applied) for `watched` titles
    /// ([`prompt_title`], most recent last) and the sequential stage's
    /// `predicted` title.
    /// The LoRA trainer uses exactly this text.
    pub fn render_prompt(&self, watched: &[String], predicted: &str) -> Result<String> {
        self.render(watched, predicted)
    }

    /// Token ids of `text` (special tokens parsed, no BOS added).
    pub fn tokenize(&self, text: &str) -> Vec<i32> {
        self.model.vocab().tokenize(text.as_bytes(), false, true).into_iter().map(|t| t.0).collect()
    }

    /// The text of token ids (special tokens not rendered).
    pub fn detokenize(&self, tokens: &[i32]) -> String {
        let vocab = self.model.vocab();
        let bytes: Vec<u8> = tokens.iter().flat_map(|&t| vocab.token_to_piece(LlamaToken(t), false, None)).collect();
        String::from_utf8_lossy(&bytes).into_owned()
    }

    /// Token ids of the full prompt, as `generate` decodes it.
    pub fn prompt_tokens(&self, watched: &[String], predicted: &str) -> Result<Vec<i32>> {
        Ok(self.tokenize_prompt(watched, predicted)?.into_iter().map(|t| t.0).collect())
    }

    /// Token ids of one answer line, as the constrained decoder emits it.
    pub fn answer_tokens(&self, movie: &crate::model_dir::catalog::Movie) -> Vec<i32> {
        self.tokenize(&self.answers.line(movie))
    }

    fn tokenize_prompt(&self, watched: &[String], predicted: &str) -> Result<Vec<LlamaToken>> {
        let text = self.render(watched, predicted)?;
        Ok(self.model.vocab().tokenize(text.as_bytes(), true, true))
    }
}
