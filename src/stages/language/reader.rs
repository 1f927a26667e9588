//! The request reader: the LLM with the reader adapter (`lm-reader-lora.gguf`,
//! set on the reader's own contexts only) names the genres a viewer's
//! request asks for, one list line each, then the film it refers to, if
//! any, then ends its turn.
//!
//! Decoding is constrained like the title answers, over a trie of the
//! catalogue's own genre names and titles: "- Comedy\n", "- Romance\n", ...,
//! or "- none\n" (only as the first line), then at most one "> Toy Story\n",
//! and the end-of-turn token (only after the first line). So the answer is
//! always a set of catalogue genres, possibly empty, and at most one
//! catalogue movie. An adapter of format version 1 was trained on genres
//! only: with it, no title line is allowed.
//!
//! A model directory may ship a second adapter, `lm-reader-titles` (format
//! version 2), beside a genres-only `lm-reader`: the genres then come from
//! `lm-reader` and the film from a second pass with `lm-reader-titles`, run
//! only when the caller wants a film (the rules found none). Training one
//! adapter on both jobs cost genre reading (docs/eval/query-reference-frames/).

use std::sync::Mutex;
use std::time::{Duration, Instant};

use llama_cpp_2::model::{LlamaLoraAdapter, LlamaModel};
use llama_cpp_2::token::LlamaToken;

use super::decode::{context_limit, ContextPool, PooledContext};
use super::prompt::AnswerLines;
use super::trie::{tokenize_lines, TitleTrie};
use super::{infer, Language, READER_CONTEXT_TOKENS};
use crate::error::Result;
use crate::model_dir::catalog::{Catalog, Movie};

/// Manifest name of the reader's LoRA adapter (over `lm.gguf`).
pub const READER_ARTIFACT: &str = "lm-reader";
/// Manifest name of the adapter that names the film (format version 2 only).
pub const READER_TITLES_ARTIFACT: &str = "lm-reader-titles";
/// 2: the answer may end with a title line; 1 (still read): genres only.
pub const READER_FORMAT_VERSION: u32 = 2;
pub const READER_FORMAT_VERSIONS: &[u32] = &[READER_FORMAT_VERSION, 1];
/// The request text the reader is shown, at most (bytes, cut at a character
/// boundary): requests are a sentence; the rest of a long one is noise.
pub const READER_MAX_BYTES: usize = 240;
/// Genres one request may name.
const MAX_GENRES: usize = 3;
const NONE_LINE: &str = "- none\n";
/// A title line starts so, then the title as the recommendation answers write it.
const TITLE_MARK: &str = ">";

/// The reader's instruction, the same on every call (its KV entries are
/// reused). It does not list the genres: the adapter learned the task and
/// the trie holds the catalogue's genres; every prompt token is paid for in
/// training and on a context's first call.
const READER_SYSTEM: &str = "List the movie genres this request asks for, one per line, or \"- none\".";
/// Version 2's instruction: the film the request names comes last.
const READER_SYSTEM_TITLES: &str = "List the movie genres this request asks for, one per line, or \"- none\"; then the film it refers to, if any, after \">\".";

pub(super) struct Reader {
    adapter: Mutex<LlamaLoraAdapter>,
    /// The most tokens an answer can take (the context must hold them after the prompt).
    answer_tokens: usize,
    genres: Vec<String>,
    /// Lines: genre i ("- Genre\n") has id i; "- none\n" id `genres.len()`;
    /// the end-of-turn token alone id `genres.len() + 1`; with `titles`,
    /// catalogue movie m's title line id `genres.len() + 2 + m` (the
    /// catalogue the engine opened with: titles added later are not here).
    trie: TitleTrie,
    /// Whether the adapter names titles (format version 2).
    titles: bool,
    /// The instruction it was trained with.
    system: &'static str,
    /// Contexts with this adapter set. Each reader keeps its own: one shared
    /// context that switched adapters would lose the cached instruction on
    /// every switch (the LLM calls' p50 doubled, 123 to 265 ms at 1 thread).
    pool: ContextPool,
}

/// How the reader read one request.
#[derive(Debug, Clone, Default)]
pub struct RequestRead {
    /// The catalogue movie (index) the request refers to, if the model named one.
    pub title: Option<u32>,
    /// Catalogue genre names, in the order the model wrote them.
    pub genres: Vec<String>,
    /// Prompt tokens decoded after the cached start.
    pub prompt_tokens: usize,
    pub decisions: usize,
    pub elapsed: Duration,
    /// How far the first genre line beat "- none": the logit of the token
    /// that leaves "none" behind minus the logit of " none", where the model
    /// decided between them (negative when "none" won). How sure the reader
    /// is that the request asks for a genre at all.
    pub genre_margin: Option<f32>,
    /// How far the title line beat the other lines (the end of the answer,
    /// or another genre) where the model first decided whether to name a
    /// film: the logit of the title mark minus the best other's (negative
    /// when it named none). How sure the reader is that a film was named.
    pub title_margin: Option<f32>,
}

impl Reader {
    /// `format_version`: the adapter's, from the manifest (1: genres only).
    pub(super) fn new(model: &mut LlamaModel, adapter: &std::path::Path, format_version: u32, catalog: &Catalog, answers: &AnswerLines, threads: usize) -> std::result::Result<Reader, String> {
        let adapter = model.lora_adapter_init(adapter).map_err(|e| format!("llama.cpp rejects the reader adapter: {e}"))?;
        let genres = catalog.genre_names().to_vec();
        let titles = format_version >= 2;
        let mut lines = genre_lines(model, &genres);
        // MAX_GENRES genre lines (or "- none"), the title line, the end of turn.
        let mut answer_tokens = MAX_GENRES * lines.iter().map(|l| l.0.len()).max().unwrap_or(0) + 1;
        if titles {
            let texts = catalog.movies().iter().map(|m| title_line(answers, m)).collect();
            let base = genres.len() as u32 + 2;
            let title_lines = tokenize_lines(model, texts);
            answer_tokens += title_lines.iter().map(Vec::len).max().unwrap_or(0);
            lines.extend(title_lines.into_iter().enumerate().map(|(m, toks)| (toks, base + m as u32)));
        }
        let system = system_for(format_version);
        Ok(Reader { adapter: Mutex::new(adapter), answer_tokens, genres, trie: TitleTrie::from_lines(lines), titles, system, pool: ContextPool::new(context_limit(threads)) })
    }
}

fn system_for(format_version: u32) -> &'static str {
    if format_version >= 2 {
        READER_SYSTEM_TITLES
    } else {
        READER_SYSTEM
    }
}

/// A movie's title line: "> Toy Story\n" (the year where another movie has the title).
fn title_line(answers: &AnswerLines, movie: &Movie) -> String {
    let line = answers.line(movie);
    format!("{TITLE_MARK}{}", line.strip_prefix('-').unwrap_or(&line))
}

/// The genre, none and end lines' tokens (see [`Reader`]'s ids).
fn genre_lines(model: &LlamaModel, genres: &[String]) -> Vec<(Vec<i32>, u32)> {
    let vocab = model.vocab();
    let tok = |s: &str| vocab.tokenize(s.as_bytes(), false, false).into_iter().map(|t| t.0).collect::<Vec<i32>>();
    let mut lines: Vec<(Vec<i32>, u32)> = genres.iter().enumerate().map(|(i, g)| (tok(&format!("- {g}\n")), i as u32)).collect();
    lines.push((tok(NONE_LINE), genres.len() as u32));
    lines.push((vec![vocab.eos().0], genres.len() as u32 + 1));
    lines
}

/// `request` cut to [`READER_MAX_BYTES`] at a character boundary, trimmed.
pub fn reader_text(request: &str) -> &str {
    cut(request, READER_MAX_BYTES).trim()
}

/// `text`'s first `bytes` bytes at most, cut at a character boundary.
fn cut(text: &str, bytes: usize) -> &str {
    let mut end = text.len().min(bytes);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

impl Language {
    /// Whether the reader adapter is loaded.
    pub fn has_reader(&self) -> bool {
        self.reader.is_some()
    }

    /// Whether the loaded readers name titles (`lm-reader` of format
    /// version 2, or `lm-reader-titles` beside it).
    pub fn reader_reads_titles(&self) -> bool {
        self.reader.as_ref().is_some_and(|r| r.titles || self.title_reader.is_some())
    }

    /// Why the model directory's reader adapter was left out, if it was.
    pub fn reader_note(&self) -> Option<&str> {
        self.reader_note.as_deref()
    }

    fn reader(&self) -> Result<&Reader> {
        self.reader.as_ref().ok_or_else(|| infer("no request reader adapter is loaded"))
    }

    /// The prompt for `request` of a reader adapter of `format_version`
    /// (chat template applied; what it was trained on): the instruction,
    /// then the request as the user turn.
    pub fn reader_prompt_tokens(&self, request: &str, format_version: u32) -> Result<Vec<i32>> {
        self.prompt_with(system_for(format_version), request)
    }

    fn prompt_with(&self, system: &str, request: &str) -> Result<Vec<i32>> {
        let text = self.chat(system, reader_text(request).to_string())?;
        Ok(self.model.vocab().tokenize(text.as_bytes(), true, true).into_iter().map(|t| t.0).collect())
    }

    /// The answer the reader should write for `genres` (catalogue genre
    /// names; none = "- none") and the film `title`, ending its turn: the
    /// adapter's training target (format version 2).
    pub fn reader_answer_tokens(&self, title: Option<&Movie>, genres: &[String]) -> Vec<i32> {
        let mut text = String::new();
        for g in genres {
            text += &format!("- {g}\n");
        }
        if genres.is_empty() {
            text += NONE_LINE;
        }
        if let Some(m) = title {
            text += &title_line(&self.answers, m);
        }
        let mut out = self.tokenize(&text);
        out.push(self.model.vocab().eos().0);
        out
    }

    /// The genres `request` asks for and, when `want_title` and a loaded
    /// adapter names films, the film it refers to, read by the LLM with the
    /// reader adapter (the film by `lm-reader-titles` in a second pass when
    /// `lm-reader` reads genres only).
    pub fn read_request(&self, request: &str, want_title: bool) -> Result<RequestRead> {
        self.read_request_among(request, want_title, None)
    }

    /// [`Self::read_request`], its film decoded only among the catalogue
    /// movies `among` marks (by index; None: all). Whether a film is named
    /// at all is decided as without it (the same first title token); where
    /// `among` marks none, no film is named.
    pub fn read_request_among(&self, request: &str, want_title: bool, among: Option<&[bool]>) -> Result<RequestRead> {
        let started = Instant::now();
        let reader = self.reader()?;
        let mut read = self.read_by(reader, request, want_title, among, started)?;
        if let (true, false, Some(t)) = (want_title, reader.titles, self.title_reader.as_ref()) {
            let by_titles = self.read_by(t, request, true, among, started)?;
            read.title = by_titles.title;
            read.title_margin = by_titles.title_margin;
            read.prompt_tokens += by_titles.prompt_tokens;
            read.decisions += by_titles.decisions;
        }
        read.elapsed = started.elapsed();
        Ok(read)
    }

    /// Only the film `request` refers to, as [`Self::read_request`] names it:
    /// where `lm-reader-titles` names it in a second pass, that pass alone
    /// (the genres are not read). For a reading that takes its genres
    /// elsewhere (the example phrases alone), so the genre pass is not
    /// decoded to be thrown away.
    pub fn read_title(&self, request: &str) -> Result<RequestRead> {
        self.read_title_among(request, None)
    }

    /// [`Self::read_title`], the film decoded only among the movies `among`
    /// marks, as [`Self::read_request_among`].
    pub fn read_title_among(&self, request: &str, among: Option<&[bool]>) -> Result<RequestRead> {
        let started = Instant::now();
        let (false, Some(t)) = (self.reader()?.titles, self.title_reader.as_ref()) else { return self.read_request_among(request, true, among) };
        let mut read = self.read_by(t, request, true, among, started)?;
        read.genres.clear();
        read.genre_margin = None;
        read.elapsed = started.elapsed();
        Ok(read)
    }

    /// The prompt for `request`, its text cut (at a character boundary)
    /// until the answer fits after it in a reader context: only hostile
    /// requests are that long (hundreds of one-byte tokens).
    fn fitting_prompt(&self, reader: &Reader, request: &str) -> Result<Vec<LlamaToken>> {
        let mut text = reader_text(request);
        loop {
            let tokens = self.prompt_with(reader.system, text)?;
            if tokens.len() + reader.answer_tokens <= READER_CONTEXT_TOKENS as usize {
                return Ok(tokens.into_iter().map(LlamaToken).collect());
            }
            let shorter = cut(text, text.len() * 3 / 4);
            if shorter.is_empty() {
                return Err(infer(format!("the reader's answer does not fit after its instruction ({} tokens)", tokens.len())));
            }
            text = shorter.trim_end();
        }
    }

    fn read_by(&self, reader: &Reader, request: &str, want_title: bool, among: Option<&[bool]>, started: Instant) -> Result<RequestRead> {
        let tokens = self.fitting_prompt(reader, request)?;
        let mut pc = reader.pool.take(&tokens, || {
            let mut pc = self.new_context(READER_CONTEXT_TOKENS)?;
            let mut adapter = reader.adapter.lock().unwrap_or_else(|p| p.into_inner());
            pc.ctx.lora_adapter_set(&mut adapter, 1.0).map_err(infer)?;
            Ok(pc)
        })?;
        let result = self.read_in(reader, &mut pc, &tokens, want_title && reader.titles, among, started);
        if result.is_ok() {
            pc.give_back();
        }
        result
    }

    fn read_in(&self, reader: &Reader, pc: &mut PooledContext, tokens: &[LlamaToken], titles: bool, among: Option<&[bool]>, started: Instant) -> Result<RequestRead> {
        let prompt_tokens = self.prefill(pc, tokens)?;
        let mut read = RequestRead { prompt_tokens, ..Default::default() };
        let (none, end) = (reader.genres.len(), reader.genres.len() + 1);
        let first_title = end + 1;
        // Blocked line ids: titles and the end before the first line; "none"
        // after one; genres after "none", once chosen, or once MAX_GENRES are.
        let mut blocked = vec![false; reader.trie.lines.len()];
        blocked[end] = true;
        blocked[first_title..].iter_mut().for_each(|b| *b = true);
        let mut pending: Vec<LlamaToken> = Vec::new();
        let mut have_logits = prompt_tokens > 0;
        let full = (0, reader.trie.lines.len());
        let (mut range, mut depth) = (full, 0usize);
        let mut steps = 0;
        loop {
            if let Some(id) = reader.trie.complete(range, depth, &blocked) {
                let id = id as usize;
                if id == end {
                    break;
                }
                if id >= first_title {
                    // The title line is the last: the end of turn follows.
                    read.title = Some((id - first_title) as u32);
                    break;
                }
                if id == none {
                    blocked[..=none].iter_mut().for_each(|b| *b = true);
                } else {
                    read.genres.push(reader.genres[id].clone());
                    blocked[id] = true;
                    blocked[none] = true;
                    if read.genres.len() == MAX_GENRES {
                        blocked[..none].iter_mut().for_each(|b| *b = true);
                    }
                }
                blocked[end] = false;
                let open = |m: usize| titles && among.is_none_or(|a| a.get(m).copied().unwrap_or(false));
                blocked[first_title..].iter_mut().enumerate().for_each(|(m, b)| *b = !open(m));
                (range, depth) = (full, 0);
                continue;
            }
            let kids = reader.trie.children(range, depth, &blocked);
            if kids.is_empty() {
                break;
            }
            steps += 1;
            if steps > 128 || started.elapsed() > self.timeout {
                return Err(infer(format!("request reading stopped after {steps} tokens / {:?}", started.elapsed())));
            }
            let (choice, decided) = pc.next(&kids, &mut pending, &mut have_logits)?;
            read.decisions += usize::from(decided);
            // The first decision between "- none" and a genre: how far it went.
            if decided && read.genre_margin.is_none() && read.genres.is_empty() && !blocked[none] {
                let holds_none = |k: &&super::trie::Child| reader.trie.lines[k.1 .0..k.1 .1].iter().any(|l| l.1 as usize == none);
                if let Some(nk) = kids.iter().find(holds_none) {
                    let other = kids.iter().filter(|k| k.0 != nk.0).map(|k| pc.logit(k.0)).fold(f32::MIN, f32::max);
                    read.genre_margin = Some(other - pc.logit(nk.0));
                }
            }
            // The first decision between a title line and the rest: how far it went.
            if decided && read.title_margin.is_none() && depth == 0 && titles {
                let holds_title = |k: &super::trie::Child| reader.trie.lines[k.1 .0..k.1 .1].iter().any(|l| l.1 as usize >= first_title);
                let best = |title: bool| kids.iter().filter(|k| holds_title(k) == title).map(|k| pc.logit(k.0)).fold(f32::NEG_INFINITY, f32::max);
                let (title, other) = (best(true), best(false));
                if title.is_finite() && other.is_finite() {
                    read.title_margin = Some(title - other);
                }
            }
            pending.push(LlamaToken(choice.0));
            (range, depth) = (choice.1, depth + 1);
        }
        read.elapsed = started.elapsed();
        Ok(read)
    }
}
