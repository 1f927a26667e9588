//! The C ABI. Conventions (mirrored in include/dualrec.h):
//! - every fallible function returns `dualrec_status`; details via `dualrec_last_error`;
//! - outputs go through out-pointers, written only on success (except the
//!   size needed on `DUALREC_STATUS_BUFFER_TOO_SMALL`);
//! - handles are opaque; `_free` functions accept NULL;
//! - a panic never crosses the boundary.

// The exports take C's raw pointers by design: each is checked for NULL
// before use, and marking an `extern "C"` function `unsafe` means nothing to
// its C callers.
#![allow(clippy::not_unsafe_ptr_arg_deref)]

pub mod boundary;
pub mod status;

use std::ffi::{c_char, CStr};
use std::path::PathBuf;

use boundary::{c_str, guard, guard_value, non_null, set_last_warning, write_c_string};
use status::dualrec_status;

use crate::engine::{Engine, EngineOptions};
use crate::pipeline::fusion::FusionRule;
use crate::stages::semantic::RerankRule;
use crate::error::Error;
use crate::state::journal::{StateOptions, SyncPolicy};
use crate::model_dir::manifest::Verify;

/// `dualrec_options.stages`: the LSTM sequence model.
pub const DUALREC_STAGE_SEQUENTIAL: u32 = 1;
/// `dualrec_options.stages`: the LLM that proposes related movies.
pub const DUALREC_STAGE_LANGUAGE: u32 = 2;
/// `dualrec_options.stages`: Sentence-BERT grounding and re-ranking.
pub const DUALREC_STAGE_SEMANTIC: u32 = 4;
/// Every stage.
pub const DUALREC_STAGE_ALL: u32 = 7;
/// `dualrec_options.stages` default: the sequential and semantic stages the
/// model directory provides, and the LLM only where it earned its cost: it is
/// loaded only when the model directory's fusion.json routes viewers to it
/// (regimes where validation showed a gain), and runs only for those viewers.
/// The shipped models route none (docs/results.md): the LLM is skipped.
/// Set DUALREC_STAGE_LANGUAGE explicitly, without this bit, to run it on every
/// call (the paper's 3-title generation): with this bit set the other bits are
/// ignored. 0 means no model stage: transitions and popularity only.
pub const DUALREC_STAGE_AUTO: u32 = 0x8000_0000;

/// `dualrec_recommendation.sources` bit: proposed by the LSTM.
pub const DUALREC_SOURCE_SEQUENTIAL: u32 = 1;
/// `dualrec_recommendation.sources` bit: proposed by the LLM.
pub const DUALREC_SOURCE_LANGUAGE: u32 = 2;
/// `dualrec_recommendation.sources` bit: placed by the Sentence-BERT re-ranking.
pub const DUALREC_SOURCE_SEMANTIC: u32 = 4;
/// `dualrec_recommendation.sources` bit: item-to-item transitions (fallback).
pub const DUALREC_SOURCE_TRANSITIONS: u32 = 8;
/// `dualrec_recommendation.sources` bit: popularity (cold start).
pub const DUALREC_SOURCE_POPULARITY: u32 = 16;

// The header's numbers are the engine's numbers.
const _: () = {
    use crate::types as e;
    assert!(DUALREC_STAGE_SEQUENTIAL == e::STAGE_SEQUENTIAL && DUALREC_STAGE_LANGUAGE == e::STAGE_LANGUAGE);
    assert!(DUALREC_STAGE_SEMANTIC == e::STAGE_SEMANTIC && DUALREC_STAGE_ALL == e::STAGE_ALL);
    assert!(DUALREC_SOURCE_SEQUENTIAL == e::SOURCE_SEQUENTIAL && DUALREC_SOURCE_LANGUAGE == e::SOURCE_LANGUAGE);
    assert!(DUALREC_SOURCE_SEMANTIC == e::SOURCE_SEMANTIC && DUALREC_SOURCE_TRANSITIONS == e::SOURCE_TRANSITIONS);
    assert!(DUALREC_SOURCE_POPULARITY == e::SOURCE_POPULARITY && DUALREC_STAGE_AUTO == e::STAGE_AUTO);
};

/// `dualrec_options.fusion`: the paper's order — the LSTM's top prediction, then
/// the LLM's movies, then the rest of the LSTM ranking.
pub const DUALREC_FUSION_PAPER: u32 = 0;
/// `dualrec_options.fusion`: the LSTM's top k-3 first, then the LLM's 3 movies
/// (measured better than the paper's order, docs/results.md).
pub const DUALREC_FUSION_TAIL: u32 = 1;
/// `dualrec_options.fusion`: the learned score fusion of the model directory's
/// `fusion.json` (the LSTM's best movies re-scored with transition evidence,
/// Sentence-BERT similarity, the collaborative weights of the viewer's whole
/// history in `collab.bin`, and the LLM's picks); open fails with
/// `DUALREC_STATUS_MODEL_MISSING` without `fusion.json`, or without
/// `collab.bin` when the fusion weighs it.
pub const DUALREC_FUSION_LEARNED: u32 = 2;
/// `dualrec_options.fusion`: LEARNED when the model directory has `fusion.json`,
/// else TAIL (default; measured best, docs/results.md).
pub const DUALREC_FUSION_AUTO: u32 = 3;
/// `dualrec_options.rerank`: order the LLM's movies by Sentence-BERT similarity
/// to the LSTM's top prediction (the paper's rule).
pub const DUALREC_RERANK_TOP_PREDICTION: u32 = 0;
/// `dualrec_options.rerank`: blend the LSTM score with similarity to the
/// centroid of the last 10 watches (default).
pub const DUALREC_RERANK_HISTORY_CENTROID: u32 = 1;

/// `dualrec_options.verify`: check sha256 and size of every model file at open (default).
pub const DUALREC_VERIFY_FULL: u32 = 0;
/// `dualrec_options.verify`: check sizes only (faster open on slow storage).
pub const DUALREC_VERIFY_SIZE: u32 = 1;

/// `dualrec_options.sync`: fdatasync the journal before `dualrec_add_watch`
/// returns: an acknowledged watch survives a crash or power loss (default).
pub const DUALREC_SYNC_ALWAYS: u32 = 0;
/// `dualrec_options.sync`: fdatasync from `dualrec_add_watch` when 50 ms or
/// more have passed since the last one, and on `dualrec_sync` and free (the
/// library starts no timer thread): a process crash loses nothing; a power
/// loss loses the watches since the last fdatasync, which after a burst is
/// all of them until the next watch, `dualrec_sync` or free. Call
/// `dualrec_sync` when a burst ends to bound the loss.
pub const DUALREC_SYNC_BATCHED: u32 = 1;
/// `dualrec_options.sync`: never fdatasync the journal (the OS writes it back).
pub const DUALREC_SYNC_NONE: u32 = 2;

/// `dualrec_options.query_reader` (default): in a catalogue with MovieLens
/// genre names, the genres of a request's phrases no rule read are read by
/// Sentence-BERT against example phrases of each genre and about 1,000
/// written genre requests; the LLM reader only names the film a request
/// refers to, in one pass, and only where the request has some catalogue
/// title's words (else the LLM is not loaded). A request that runs it loads
/// the encoder beside the LLM and peaks near 193 MiB; one that does not,
/// near 81 MiB (docs/performance.md).
pub const DUALREC_QUERY_READER_EXAMPLES: u32 = 0;
/// `dualrec_options.query_reader`: the LLM reader names the genres (and the
/// film, in a second pass); requests never load the Sentence-BERT encoder
/// beside it (peak about 179 MiB), and genres described without their name
/// are read less often (the LLM first, then the example phrases: genre F1
/// 0.687 against the default's 0.760 on the twelfth blind set,
/// docs/eval/written-requests/; the LLM alone lower still, 0.576 against
/// 0.609 on the eighth, docs/eval/llm-then-exemplars/).
pub const DUALREC_QUERY_READER_LLM_ONLY: u32 = 1;

/// Options for `dualrec_engine_open`. Always fill with `dualrec_options_init`
/// first, then change fields: new fields are added at the end and
/// `struct_size` tells the library which ones the caller knows about.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
#[allow(non_camel_case_types)]
pub struct dualrec_options {
    /// sizeof(dualrec_options) as compiled by the caller; set by dualrec_options_init.
    pub struct_size: u32,
    /// Directory with manifest.json and the model files (UTF-8). NULL: the
    /// DUALREC_MODEL_DIR environment variable. Default NULL.
    pub model_dir: *const c_char,
    /// Threads per inference call; 0 = one per core, at most 4. Default 0.
    /// The LLM keeps at most one context (~14 MiB) per `n_threads` cores:
    /// concurrent LLM calls beyond that wait for one (1 thread a call on 2
    /// cores: two run at once; 2 threads: one at a time).
    pub n_threads: u32,
    /// LLM layers offloaded to a GPU (-1 = all); ignored by CPU builds. Default 0.
    pub n_gpu_layers: i32,
    /// DUALREC_STAGE_* bits to run. Default DUALREC_STAGE_AUTO: the stages
    /// the model directory provides, the LLM only where its fusion.json routes
    /// viewers to it (see DUALREC_STAGE_AUTO). 0: none (transitions and popularity only).
    pub stages: u32,
    /// Most recent watches the sequence models read (1..1024). Default 30.
    pub history_window: u32,
    /// DUALREC_VERIFY_FULL (default) or DUALREC_VERIFY_SIZE.
    pub verify: u32,
    /// Path of the ONNX Runtime shared library (UTF-8). Default NULL.
    /// No stage this API opens needs ONNX Runtime (the LSTM and the int8
    /// Sentence-BERT run on the library's own kernels, the LLM on the
    /// llama.cpp built in), so it is never loaded and this path is not
    /// read; it stays so that code written for earlier versions, which
    /// loaded it for the LSTM, compiles and runs unchanged.
    pub onnxruntime_path: *const c_char,
    /// DUALREC_FUSION_* rule combining the stages. Default DUALREC_FUSION_AUTO.
    pub fusion: u32,
    /// DUALREC_RERANK_* rule ordering the LLM's movies. Default DUALREC_RERANK_HISTORY_CENTROID.
    pub rerank: u32,
    /// The LLM chooses among the LSTM's best `llm_shortlist` unwatched movies
    /// and as many titles added on the device (those nearest the viewer's
    /// last 10 watches); 0 = among the whole catalogue. Default 20.
    pub llm_shortlist: u32,
    /// Directory for durable histories (UTF-8; created if missing; one engine
    /// at a time: open waits up to 250 ms for the directory's lock, then
    /// fails with DUALREC_STATUS_STATE_LOCKED): a journal of watches and
    /// snapshots, replayed at open.
    /// NULL: histories live in memory only and end with the engine. Default NULL.
    pub state_dir: *const c_char,
    /// DUALREC_SYNC_* policy for the journal. Default DUALREC_SYNC_ALWAYS.
    pub sync: u32,
    /// Journal size in bytes that triggers compaction into a snapshot;
    /// 0 = 1 MiB. Default 0.
    pub compact_bytes: u64,
    /// DUALREC_QUERY_READER_* (after the 0.1 struct; a `struct_size` that ends
    /// before it reads the default): how `dualrec_recommend_query`
    /// reads the genres of phrases no rule read. Default
    /// DUALREC_QUERY_READER_EXAMPLES.
    pub query_reader: u32,
}

/// One recommended movie.
#[repr(C)]
#[derive(Debug, Clone, Copy, Default)]
#[allow(non_camel_case_types)]
pub struct dualrec_recommendation {
    /// Catalogue movie id (MovieLens MovieID for the default models).
    pub movie_id: u32,
    /// Score of the final ranking; higher is better; comparable within one call only.
    pub score: f32,
    /// DUALREC_SOURCE_* bits: which stages proposed this movie.
    pub sources: u32,
}

/// An engine: catalogue, models and every user's watch history.
/// Thread-safe: any number of threads may call functions on one engine at
/// once, except `dualrec_engine_free`, which must be the last call.
#[allow(non_camel_case_types)]
pub struct dualrec_engine {
    engine: Engine,
}

fn default_options() -> dualrec_options {
    dualrec_options {
        struct_size: std::mem::size_of::<dualrec_options>() as u32,
        model_dir: std::ptr::null(),
        n_threads: 0,
        n_gpu_layers: 0,
        stages: DUALREC_STAGE_AUTO,
        history_window: 30,
        verify: DUALREC_VERIFY_FULL,
        onnxruntime_path: std::ptr::null(),
        fusion: DUALREC_FUSION_AUTO,
        rerank: DUALREC_RERANK_HISTORY_CENTROID,
        llm_shortlist: EngineOptions::default().llm_shortlist as u32,
        state_dir: std::ptr::null(),
        sync: DUALREC_SYNC_ALWAYS,
        compact_bytes: 0,
        query_reader: DUALREC_QUERY_READER_EXAMPLES,
    }
}

/// sizeof(dualrec_options) in this version (0.1): the bytes `dualrec_options_init`
/// writes, in this and every later version, so a caller compiled against this
/// header is never written past its struct when the library gains fields.
const OPTIONS_V1_SIZE: usize = std::mem::offset_of!(dualrec_options, query_reader);
const _: () = assert!(OPTIONS_V1_SIZE == 88 || cfg!(not(target_pointer_width = "64")), "OPTIONS_V1_SIZE must stay the 0.1 size");

/// Fills the first `size` bytes of `*opts` (`sizeof` as the caller compiled
/// it) with the defaults and sets `struct_size` to the bytes written (at most
/// this library's size). A library newer than the caller's header never
/// writes past `size`. NULL: DUALREC_STATUS_NULL_POINTER; a `size` too small
/// to hold the fields every version has: DUALREC_STATUS_STRUCT_SIZE. The
/// header's `dualrec_options_init(opts)` macro passes `sizeof *(opts)`. Thread-safe.
#[no_mangle]
pub extern "C" fn dualrec_options_init_sized(opts: *mut dualrec_options, size: usize) -> dualrec_status {
    guard(|| {
        if opts.is_null() {
            return Err(Error::NullPointer("opts"));
        }
        let (min, max) = (std::mem::offset_of!(dualrec_options, history_window), std::mem::size_of::<dualrec_options>());
        if size < min {
            return Err(Error::StructSize { got: size, min, max });
        }
        let n = size.min(max);
        let mut d = default_options();
        d.struct_size = n as u32;
        // SAFETY: the caller's struct holds `size` >= n writable bytes.
        unsafe { std::ptr::copy_nonoverlapping(&d as *const dualrec_options as *const u8, opts as *mut u8, n) };
        Ok(())
    })
}

/// Fills `*opts` with the defaults (see each field); the struct as this
/// header declares it. NULL is ignored. In C and C++ the header's macro of the
/// same name calls `dualrec_options_init_sized(opts, sizeof *(opts))`; this
/// function (for bindings that cannot expand macros) writes the 0.1 struct's
/// bytes, never more. Like every call, it clears the thread's last error and
/// warning. Thread-safe.
#[no_mangle]
pub extern "C" fn dualrec_options_init(opts: *mut dualrec_options) {
    // A raw pointer: the caller's struct may be uninitialised memory.
    // The whole struct today; frozen at OPTIONS_V1_SIZE when it grows. NULL is ignored.
    if !opts.is_null() {
        let _ = dualrec_options_init_sized(opts, OPTIONS_V1_SIZE);
    }
}

/// The options as the caller's struct_size allows: fields past it keep their defaults.
fn read_options(opts: *const dualrec_options) -> crate::Result<EngineOptions> {
    let given = non_null(opts, "opts")?;
    let size = given.struct_size as usize;
    let min = std::mem::offset_of!(dualrec_options, history_window);
    let max = std::mem::size_of::<dualrec_options>();
    if size < min || size > max {
        return Err(Error::StructSize { got: size, min, max });
    }
    let mut o = default_options();
    // SAFETY: the caller's struct holds at least `size` readable bytes.
    unsafe { std::ptr::copy_nonoverlapping(opts as *const u8, &mut o as *mut _ as *mut u8, size) };
    let model_dir = if o.model_dir.is_null() {
        std::env::var_os("DUALREC_MODEL_DIR")
            .map(PathBuf::from)
            .ok_or_else(|| Error::InvalidArgument("model_dir is NULL and DUALREC_MODEL_DIR is not set".into()))?
    } else {
        PathBuf::from(c_str(o.model_dir, "model_dir")?)
    };
    let onnxruntime_path = if o.onnxruntime_path.is_null() {
        None
    } else {
        Some(PathBuf::from(c_str(o.onnxruntime_path, "onnxruntime_path")?))
    };
    let verify = match o.verify {
        DUALREC_VERIFY_FULL => Verify::Full,
        DUALREC_VERIFY_SIZE => Verify::SizeOnly,
        v => return Err(Error::InvalidArgument(format!("verify must be 0 or 1, got {v}"))),
    };
    let fusion = match o.fusion {
        DUALREC_FUSION_PAPER => FusionRule::Paper,
        DUALREC_FUSION_TAIL => FusionRule::Tail,
        DUALREC_FUSION_LEARNED => FusionRule::Learned,
        DUALREC_FUSION_AUTO => FusionRule::Auto,
        v => return Err(Error::InvalidArgument(format!("fusion must be 0..=3, got {v}"))),
    };
    let rerank = match o.rerank {
        DUALREC_RERANK_TOP_PREDICTION => RerankRule::TopPrediction,
        DUALREC_RERANK_HISTORY_CENTROID => RerankRule::HistoryCentroid { alpha: 0.5, recent: 10 },
        v => return Err(Error::InvalidArgument(format!("rerank must be 0 or 1, got {v}"))),
    };
    let sync = match o.sync {
        DUALREC_SYNC_ALWAYS => SyncPolicy::Always,
        DUALREC_SYNC_BATCHED => SyncPolicy::Batched,
        DUALREC_SYNC_NONE => SyncPolicy::None,
        v => return Err(Error::InvalidArgument(format!("sync must be 0, 1 or 2, got {v}"))),
    };
    let query_reader = match o.query_reader {
        DUALREC_QUERY_READER_EXAMPLES => crate::engine::QueryReader::Examples,
        DUALREC_QUERY_READER_LLM_ONLY => crate::engine::QueryReader::LlmOnly,
        v => return Err(Error::InvalidArgument(format!("query_reader must be 0 or 1, got {v}"))),
    };
    let state = if o.state_dir.is_null() {
        None
    } else {
        Some(StateOptions { dir: PathBuf::from(c_str(o.state_dir, "state_dir")?), sync, compact_bytes: o.compact_bytes })
    };
    Ok(EngineOptions {
        state,
        fusion,
        rerank,
        llm_shortlist: o.llm_shortlist as usize,
        model_dir,
        n_threads: o.n_threads,
        n_gpu_layers: o.n_gpu_layers,
        stages: o.stages,
        history_window: o.history_window,
        verify,
        onnxruntime_path,
        query_reader,
        ..Default::default()
    })
}

/// Opens an engine from the model directory in `opts` (verifying every model
/// file against manifest.json). On success `*out` receives a handle to free
/// with `dualrec_engine_free`; on failure `*out` is untouched. With
/// `state_dir`, the saved histories are restored; a torn or corrupt journal
/// tail (a crash mid-write) is cut off, and damaged records elsewhere in the
/// journal are skipped (the watches they held are lost; the intact records
/// after them are kept). The call still returns OK, and
/// `dualrec_last_warning` says how many bytes were dropped (as it does for a
/// stage skipped because its runtime library is missing). A damaged snapshot
/// or file header is DUALREC_STATUS_STATE_CORRUPT. Thread-safe.
#[no_mangle]
pub extern "C" fn dualrec_engine_open(opts: *const dualrec_options, out: *mut *mut dualrec_engine) -> dualrec_status {
    guard(|| {
        if out.is_null() {
            return Err(Error::NullPointer("out"));
        }
        let options = read_options(opts)?;
        let engine = Engine::open(&options)?;
        let warnings = engine.open_warnings().join("; ");
        let handle = Box::into_raw(Box::new(dualrec_engine { engine }));
        // SAFETY: out checked non-NULL above.
        unsafe { *out = handle };
        if !warnings.is_empty() {
            set_last_warning(warnings);
        }
        Ok(())
    })
}

/// Forces every watch recorded so far to stable storage (for
/// DUALREC_SYNC_BATCHED and DUALREC_SYNC_NONE; a no-op without `state_dir`). Thread-safe.
#[no_mangle]
pub extern "C" fn dualrec_sync(engine: *const dualrec_engine) -> dualrec_status {
    guard(|| engine_ref(engine)?.sync())
}

/// Frees an engine and every history it holds. NULL is ignored. No other
/// call on this engine may be running or follow.
#[no_mangle]
pub extern "C" fn dualrec_engine_free(engine: *mut dualrec_engine) {
    guard_value((), || {
        if !engine.is_null() {
            // SAFETY: created by Box::into_raw in dualrec_engine_open.
            drop(unsafe { Box::from_raw(engine) });
        }
    })
}

fn engine_ref<'a>(e: *const dualrec_engine) -> crate::Result<&'a Engine> {
    Ok(&non_null(e, "engine")?.engine)
}

/// Records that `user_id` watched `movie_id` at `unix_time` (seconds).
/// Re-watching moves the movie to its new time. An unknown movie id returns
/// DUALREC_STATUS_UNKNOWN_MOVIE and records nothing. With `state_dir`:
/// DUALREC_STATUS_IO if the journal write fails (nothing recorded) or an
/// fdatasync this call makes fails (under DUALREC_SYNC_ALWAYS, or the periodic
/// one of DUALREC_SYNC_BATCHED: recorded, durability unknown). Thread-safe.
#[no_mangle]
pub extern "C" fn dualrec_add_watch(engine: *const dualrec_engine, user_id: u64, movie_id: u32, unix_time: i64) -> dualrec_status {
    guard(|| engine_ref(engine)?.add_watch(user_id, movie_id, unix_time))
}

/// Prepares `user_id`'s next dualrec_recommend: decodes the LLM prompt it
/// will build (their last titles and the sequential stage's pick) into a
/// pooled LLM context, so that call runs only the answer (about half its
/// time, docs/performance.md). Call it at an idle moment after
/// dualrec_add_watch, e.g. from a worker thread while the viewer watches;
/// the answer is the same as without it. Does nothing and returns OK when the
/// engine runs no LLM for this viewer (DUALREC_STAGE_AUTO routes none with the
/// shipped models) or has no history for them. A later dualrec_add_watch for
/// the viewer changes the prompt: prepare again. Waits while
/// every LLM context is in a call (see `n_threads`). Thread-safe.
#[no_mangle]
pub extern "C" fn dualrec_prepare(engine: *const dualrec_engine, user_id: u64) -> dualrec_status {
    guard(|| engine_ref(engine)?.prepare(user_id).map(|_| ()))
}

/// Writes up to `capacity` recommendations for `user_id`, best first, into
/// `out` and their number into `*out_len`. Never returns a movie outside the
/// catalogue or in the user's history; a user with no history gets the
/// popular movies. `capacity` must be 1..=2^20 (more than the catalogue is
/// fine: fewer items are written). If a stage fails at run time the call
/// still answers from the remaining stages, returns OK, and
/// `dualrec_last_warning` says what failed. Thread-safe.
#[no_mangle]
pub extern "C" fn dualrec_recommend(
    engine: *const dualrec_engine,
    user_id: u64,
    out: *mut dualrec_recommendation,
    capacity: usize,
    out_len: *mut usize,
) -> dualrec_status {
    guard(|| {
        let engine = engine_ref(engine)?;
        check_list_out(out, out_len)?;
        let recs = engine.recommend(user_id, capacity)?;
        write_list(&recs.items, &recs.warnings, out, out_len);
        Ok(())
    })
}

/// The output pointers of a recommendation list call, checked before any work.
fn check_list_out(out: *mut dualrec_recommendation, out_len: *mut usize) -> Result<(), Error> {
    if out.is_null() {
        return Err(Error::NullPointer("out"));
    }
    if out_len.is_null() {
        return Err(Error::NullPointer("out_len"));
    }
    Ok(())
}

/// Writes `items` (at most the caller's capacity, checked by the engine)
/// into `out` and their number into `*out_len`; `warnings` become the last warning.
fn write_list(items: &[crate::types::Recommendation], warnings: &[String], out: *mut dualrec_recommendation, out_len: *mut usize) {
    if !warnings.is_empty() {
        set_last_warning(warnings.join("; "));
    }
    // SAFETY: the callers checked both pointers non-NULL; out is valid for
    // `capacity` items and the engine returns at most `capacity`.
    unsafe {
        for (i, r) in items.iter().enumerate() {
            out.add(i).write(dualrec_recommendation { movie_id: r.movie_id, score: r.score, sources: r.sources });
        }
        *out_len = items.len();
    }
}

/// Like dualrec_recommend, within what the viewer asked for: `request` is a
/// UTF-8 sentence of any length ("something scary from the eighties", "a
/// comedy like Toy Story"; the first 64 words are read). It is read into
/// genres (the catalogue's own), a year range, reference titles grounded to
/// catalogue movies (after "like", "than", "another"... or a whole title
/// standing alone: "pulp fiction but funnier"; as written, as said aloud —
/// "terminator two" — or, after "like" and its kin, misspelled by a letter
/// or two: "jurasic park"), and title words; explicit genres and years filter, the
/// references pull by Sentence-BERT similarity, movies mostly of the asked
/// genres move up a little, and the viewer's own ranking orders the rest. When the model directory ships the LLM
/// request reader (lm-reader-lora.gguf) and `stages` is DUALREC_STAGE_AUTO
/// or includes DUALREC_STAGE_LANGUAGE, phrases the catalogue rules did not
/// read are read further. By default (DUALREC_QUERY_READER_EXAMPLES), in a
/// catalogue with MovieLens genre names, Sentence-BERT compares them with
/// example phrases of each genre and about 1,000 written genre requests
/// (as one phrase, then clause by clause where the whole names no genre:
/// a long preamble before the ask does not drown it;
/// built into the library; their rows come from the directory's
/// phrase-emb.bin where it ships one), loading the encoder on first need
/// (about 17 MiB more: such a request peaks near 193 MiB with the LLM);
/// those genres were inferred, not said, so they lift movies of the genre
/// rather than filter; and where the rules found no reference but the
/// request has at least half of some catalogue title's words, the LLM
/// names the film the request refers to (lm-reader-titles-lora.gguf; only
/// such a title: "we just finished Ghostbusters"). With DUALREC_QUERY_READER_LLM_ONLY, or in a catalogue
/// with other genre names, the LLM names the genres (only catalogue genres,
/// only where it is sure a genre was asked at all; about 179 MiB) and the
/// film in a second pass. An engine not running the LLM for
/// dualrec_recommend loads it on the first such request (about 0.5 s and
/// 150 MiB, once). DUALREC_STATUS_UNCLEAR_REQUEST when the
/// request names nothing the catalogue knows (empty, junk; the message says
/// so); DUALREC_STATUS_INVALID_UTF8 for bad bytes. When no unwatched movie
/// matches, returns OK with `*out_len` = 0 and a warning. Thread-safe.
#[no_mangle]
pub extern "C" fn dualrec_recommend_query(
    engine: *const dualrec_engine,
    user_id: u64,
    request: *const c_char,
    out: *mut dualrec_recommendation,
    capacity: usize,
    out_len: *mut usize,
) -> dualrec_status {
    guard(|| {
        let engine = engine_ref(engine)?;
        let request = c_str(request, "request")?;
        check_list_out(out, out_len)?;
        let answer = engine.recommend_query(user_id, request, capacity)?;
        write_list(&answer.items, &answer.warnings, out, out_len);
        Ok(())
    })
}

/// Removes a user and their whole history. DUALREC_STATUS_UNKNOWN_USER if
/// the engine holds no history for them. With `state_dir`, the user is also
/// erased from the state files (journal and snapshot rewritten) before OK is
/// returned. DUALREC_STATUS_IO: either the forget could not be journaled (the
/// user is kept, in memory and on disk: call again), or it was journaled and
/// the user forgotten in memory, and the files are rewritten on a later call
/// (dualrec_user_history tells which). Thread-safe.
#[no_mangle]
pub extern "C" fn dualrec_forget_user(engine: *const dualrec_engine, user_id: u64) -> dualrec_status {
    guard(|| engine_ref(engine)?.forget_user(user_id))
}

/// Copies the user's watched movie ids, oldest first, into `out` (up to
/// `capacity`) and the total number into `*out_len`. If `capacity` is too
/// small: DUALREC_STATUS_BUFFER_TOO_SMALL and `*out_len` = the number needed.
/// An unknown user has an empty history (OK, *out_len = 0). Thread-safe.
#[no_mangle]
pub extern "C" fn dualrec_user_history(
    engine: *const dualrec_engine,
    user_id: u64,
    out: *mut u32,
    capacity: usize,
    out_len: *mut usize,
) -> dualrec_status {
    guard(|| {
        let engine = engine_ref(engine)?;
        if out_len.is_null() {
            return Err(Error::NullPointer("out_len"));
        }
        let ids = engine.history(user_id);
        // SAFETY: out_len non-NULL; out valid for `capacity` items.
        unsafe {
            if ids.len() > capacity {
                *out_len = ids.len();
                return Err(Error::BufferTooSmall { needed: ids.len() });
            }
            // Nothing to copy: `out` may be NULL (copying 0 items to NULL is still UB).
            if !ids.is_empty() {
                if out.is_null() {
                    return Err(Error::NullPointer("out"));
                }
                std::ptr::copy_nonoverlapping(ids.as_ptr(), out, ids.len());
            }
            *out_len = ids.len();
        }
        Ok(())
    })
}

/// A copy of the movie's catalogue entry (removed movies too: their ids stay
/// in histories and callers may still want their titles).
fn movie(engine: &Engine, movie_id: u32) -> crate::Result<crate::model_dir::catalog::Movie> {
    let catalog = engine.catalog();
    let idx = catalog.index_of(movie_id).ok_or(Error::UnknownMovie(movie_id))?;
    Ok(catalog.movie(idx).clone())
}

/// Copies the movie's display title with its year ("The Matrix (1999)"),
/// UTF-8 and NUL-terminated, into `buf`; `*out_len` (may be NULL) gets its
/// length without the NUL. Too small a buffer: DUALREC_STATUS_BUFFER_TOO_SMALL
/// and `*out_len` = the bytes needed including the NUL (`buf` may be NULL
/// with `buf_len` 0 to ask). Removed movies still answer (their ids stay in
/// histories). Thread-safe.
#[no_mangle]
pub extern "C" fn dualrec_movie_title(
    engine: *const dualrec_engine,
    movie_id: u32,
    buf: *mut c_char,
    buf_len: usize,
    out_len: *mut usize,
) -> dualrec_status {
    guard(|| write_c_string(&movie(engine_ref(engine)?, movie_id)?.display(), buf, buf_len, out_len))
}

/// Like dualrec_movie_title, for the genres joined by '|' ("Action|Sci-Fi").
#[no_mangle]
pub extern "C" fn dualrec_movie_genres(
    engine: *const dualrec_engine,
    movie_id: u32,
    buf: *mut c_char,
    buf_len: usize,
    out_len: *mut usize,
) -> dualrec_status {
    guard(|| write_c_string(&movie(engine_ref(engine)?, movie_id)?.genres_joined(), buf, buf_len, out_len))
}

/// The movie's release year (0 if the catalogue has none). Thread-safe.
#[no_mangle]
pub extern "C" fn dualrec_movie_year(engine: *const dualrec_engine, movie_id: u32, out_year: *mut u16) -> dualrec_status {
    guard(|| {
        let y = movie(engine_ref(engine)?, movie_id)?.year;
        if out_year.is_null() {
            return Err(Error::NullPointer("out_year"));
        }
        // SAFETY: checked non-NULL.
        unsafe { *out_year = y };
        Ok(())
    })
}

/// Finds a catalogue movie by title (UTF-8; case, punctuation and the
/// article's position are ignored; a year in parentheses must agree).
/// DUALREC_STATUS_NO_SUCH_TITLE if none matches; DUALREC_STATUS_AMBIGUOUS_TITLE
/// if several do (dualrec_last_error lists them; add the year). Removed
/// movies are not found. Thread-safe.
#[no_mangle]
pub extern "C" fn dualrec_find_movie(engine: *const dualrec_engine, title: *const c_char, out_movie_id: *mut u32) -> dualrec_status {
    guard(|| {
        let engine = engine_ref(engine)?;
        let title = c_str(title, "title")?;
        if out_movie_id.is_null() {
            return Err(Error::NullPointer("out_movie_id"));
        }
        let catalog = engine.catalog();
        let id = catalog.movie(catalog.find_title(title)?).id;
        // SAFETY: checked non-NULL.
        unsafe { *out_movie_id = id };
        Ok(())
    })
}

/// Adds a title the models have never seen (a new release): `title` UTF-8
/// ("Matrix, The" or "The Matrix", without the year), `year` 0..=9999 (0 =
/// unknown), `genres` UTF-8 and '|'-separated, any vocabulary ("" = none).
/// Its Sentence-BERT embedding is computed on the device; from then on it can
/// be watched (dualrec_add_watch) and the learned fusion ranks it by content
/// (similarity to the viewer's recent watches) although the sequence models
/// never saw it. When the language stage runs, the LLM may name it too: its
/// title joins the decoder's catalogue trie, and the added titles nearest a
/// viewer's recent watches join the shortlist the LLM chooses from (see
/// `llm_shortlist`). Only the learned fusion (DUALREC_FUSION_AUTO with a
/// fusion.json) ranks added titles: model directories whose fusion.json has no
/// cold rule (older ones), and the PAPER and TAIL rules, never recommend them.
/// The title is trimmed of surrounding white space.
/// DUALREC_STATUS_MOVIE_EXISTS if the id is in the catalogue (a removed id may
/// be added again); INVALID_ARGUMENT for an empty title, a title or genres
/// over 1024 bytes, or a tab, CR or LF in a field; DUALREC_STATUS_INFERENCE
/// if the embedding fails. With a state directory the title is on stable storage before
/// this returns and is known again after a restart. On error nothing changed.
/// Thread-safe: concurrent recommend calls see the catalogue before or after.
#[no_mangle]
pub extern "C" fn dualrec_add_movie(engine: *const dualrec_engine, movie_id: u32, title: *const c_char, year: i32, genres: *const c_char) -> dualrec_status {
    guard(|| {
        let engine = engine_ref(engine)?;
        let title = c_str(title, "title")?;
        let genres = c_str(genres, "genres")?;
        engine.add_movie(movie_id, title, year, genres)
    })
}

/// Removes a movie (added on the device or shipped): it is no longer
/// recommended, found, or accepted by dualrec_add_watch; histories that hold
/// it keep it. DUALREC_STATUS_UNKNOWN_MOVIE if it is not in the catalogue
/// (or already removed). Durable and thread-safe like dualrec_add_movie.
#[no_mangle]
pub extern "C" fn dualrec_remove_movie(engine: *const dualrec_engine, movie_id: u32) -> dualrec_status {
    guard(|| engine_ref(engine)?.remove_movie(movie_id))
}

/// Number of movies in the engine's catalogue (added titles included,
/// removed ones too: ids stay taken). Thread-safe.
#[no_mangle]
pub extern "C" fn dualrec_catalog_size(engine: *const dualrec_engine, out_size: *mut usize) -> dualrec_status {
    guard(|| {
        let n = engine_ref(engine)?.catalog().len();
        if out_size.is_null() {
            return Err(Error::NullPointer("out_size"));
        }
        // SAFETY: checked non-NULL.
        unsafe { *out_size = n };
        Ok(())
    })
}

/// The DUALREC_STAGE_* bits the engine runs (DUALREC_STAGE_AUTO resolved). Thread-safe.
#[no_mangle]
pub extern "C" fn dualrec_engine_stages(engine: *const dualrec_engine, out_stages: *mut u32) -> dualrec_status {
    guard(|| {
        let s = engine_ref(engine)?.stages();
        if out_stages.is_null() {
            return Err(Error::NullPointer("out_stages"));
        }
        // SAFETY: checked non-NULL.
        unsafe { *out_stages = s };
        Ok(())
    })
}

/// How much of the LLM runs on a GPU: `*out_gpu_layers` layers of
/// `*out_total_layers` (a count of total + 1 means the output layer too).
/// 0 in CPU builds (no `cuda`/`metal` feature), when `n_gpu_layers` was 0,
/// or when no GPU device was found; both 0 when the engine runs no LLM in
/// dualrec_recommend (the request reader's LLM is not counted). Either
/// out-pointer may be NULL. Thread-safe.
#[no_mangle]
pub extern "C" fn dualrec_engine_gpu_layers(engine: *const dualrec_engine, out_gpu_layers: *mut u32, out_total_layers: *mut u32) -> dualrec_status {
    guard(|| {
        let e = engine_ref(engine)?;
        let o = e.language().map(|l| l.offload()).unwrap_or_default();
        // SAFETY: each pointer is written only when non-NULL.
        unsafe {
            if !out_gpu_layers.is_null() {
                *out_gpu_layers = o.gpu_layers;
            }
            if !out_total_layers.is_null() {
                *out_total_layers = o.layers;
            }
        }
        Ok(())
    })
}

static VERSION: &CStr = match CStr::from_bytes_with_nul(concat!(env!("CARGO_PKG_VERSION"), "\0").as_bytes()) {
    Ok(v) => v,
    Err(_) => panic!("version string"),
};

/// The library's version, "MAJOR.MINOR.PATCH" (static; compare with DUALREC_VERSION_*).
#[no_mangle]
pub extern "C" fn dualrec_version() -> *const c_char {
    VERSION.as_ptr()
}
