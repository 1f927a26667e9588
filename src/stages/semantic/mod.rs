//! The semantic stage: Sentence-BERT (all-MiniLM-L6-v2) over the catalogue.
//!
//! * [`index::CatalogIndex`]: the catalogue embedded once, memory-mapped;
//!   what `recommend` reads (re-ranking and the fusion's similarity).
//! * [`rerank`]: the paper's rule (similarity to the sequential model's top
//!   prediction) or the history-centroid blend ([`RerankRule`]).
//! * [`encoder::Encoder`]: the model itself, created on first use: the
//!   pipeline never pays its memory, since the LLM's output is already a
//!   catalogue movie (the title trie) and needs no grounding.

pub mod encoder;
pub mod index;
pub mod minilm;
pub mod phrases;
pub mod probe;
pub mod projection;
pub mod rerank;
pub mod wordpiece;

use std::sync::{Mutex, OnceLock};

use crate::error::{Error, Result};
use crate::model_dir::catalog::Movie;
use crate::model_dir::ModelDir;
use crate::stages::{Stage, StageContext};
pub use encoder::Encoder;
pub use index::{CatalogIndex, Rows, WithAdded};
pub use projection::Projection;
pub use rerank::{recent_similarity, rerank, RerankRule};

pub const ARTIFACT_SBERT: &str = "sbert";
pub const FILE_SBERT: &str = "sbert.onnx";
pub const ARTIFACT_SBERT_INT8: &str = "sbert-int8";
pub const FILE_SBERT_INT8: &str = "sbert-int8.onnx";
pub const ARTIFACT_TOKENIZER: &str = "sbert-tokenizer";
pub const FILE_TOKENIZER: &str = "tokenizer.json";
pub const ARTIFACT_CATALOG_EMB: &str = "catalog-emb";
pub const FILE_CATALOG_EMB: &str = "catalog-emb.f16";
pub const SBERT_VERSION: u32 = 1;
pub const TOKENIZER_VERSION: u32 = 1;
pub const CATALOG_EMB_VERSION: u32 = 1;

/// Embedding width of all-MiniLM-L6-v2.
pub const DIM: usize = 384;
/// Tokens per text, [CLS] and [SEP] included (sentence-transformers' max_seq_length).
pub const MAX_TOKENS: usize = 256;
/// Texts per ONNX Runtime call.
pub const BATCH: usize = 32;

/// Catalogue embedding file: magic, then u32 LE version, rows, dim, flags
/// (0), then rows x dim f16 LE, row-major, rows in catalogue-index order.
pub const EMB_MAGIC: &[u8; 8] = b"DRCEMB\0\0";
pub const EMB_HEADER: usize = 24;

const STAGE: &str = "semantic";

/// Which converted model to run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Precision {
    /// `sbert.onnx`: f32 weights, the reference.
    #[default]
    Fp32,
    /// `sbert-int8.onnx`: int8 linear weights (per output channel and block of
    /// 32 inputs; attention value projections and layer 4's FFN input fp32)
    /// and word embeddings, about a third of the size; run by the library
    /// ([`minilm::MiniLm`]), not ONNX Runtime.
    Int8,
}

impl Precision {
    pub fn artifact(self) -> &'static str {
        match self {
            Precision::Fp32 => ARTIFACT_SBERT,
            Precision::Int8 => ARTIFACT_SBERT_INT8,
        }
    }
}

/// The text a catalogue movie is embedded as:
/// "The Matrix (1999) — Action, Sci-Fi, Thriller" (display title with year,
/// an em dash, genres joined by ", "; no dash when there are no genres).
pub fn catalog_text(m: &Movie) -> String {
    if m.genres.is_empty() {
        m.display()
    } else {
        format!("{} — {}", m.display(), m.genres.join(", "))
    }
}

/// What the stage needs to create the encoder later.
struct LazyEncoder {
    dir: ModelDir,
    threads: usize,
    precision: Precision,
    onnxruntime: Option<std::path::PathBuf>,
}

/// The catalogue index, and the encoder and phrase table on first use.
pub struct Semantic {
    index: CatalogIndex,
    encoder: OnceLock<Encoder>,
    /// The model directory's phrase table, where it has one from this
    /// encoder's model file; a damaged one's error, kept so that it is
    /// verified once, not on every request.
    phrases: OnceLock<Result<Option<phrases::PhraseTable>>>,
    /// The model directory's genre probe (`genre-probe.bin`), where it has one.
    probe: OnceLock<Result<Option<std::sync::Arc<probe::GenreProbe>>>>,
    lazy: Option<LazyEncoder>,
    encoder_init: Mutex<()>,
}

impl Stage for Semantic {
    const NAME: &'static str = STAGE;
    fn artifacts(ctx: &StageContext) -> Vec<&'static str> {
        vec![ctx.sbert_precision.artifact(), ARTIFACT_TOKENIZER, ARTIFACT_CATALOG_EMB]
    }
    /// Verifies the encoder's files now, so a missing or tampered file fails
    /// at open; the encoder itself is read on first use.
    fn open(ctx: &StageContext) -> Result<Self> {
        ctx.dir.open_verified(ARTIFACT_TOKENIZER, TOKENIZER_VERSION)?;
        ctx.dir.open_verified(ctx.sbert_precision.artifact(), SBERT_VERSION)?;
        let index = CatalogIndex::open(ctx.dir, ctx.catalog.len())?.with_scan_threads(ctx.threads);
        let lazy = LazyEncoder {
            dir: ctx.dir.clone(),
            threads: ctx.threads,
            precision: ctx.sbert_precision,
            onnxruntime: ctx.onnxruntime_path.map(|p| p.to_path_buf()),
        };
        Ok(Semantic { index, encoder: OnceLock::new(), phrases: OnceLock::new(), probe: OnceLock::new(), lazy: Some(lazy), encoder_init: Mutex::new(()) })
    }
}

/// A new title's embedding (DIM floats, unit length) and its nearest
/// catalogue movies (index, cosine), best first.
pub type NewTitleRow = (Vec<f32>, Vec<(u32, f32)>);

impl Semantic {
    /// Assembles from parts (tests, tools).
    pub fn from_parts(encoder: Option<Encoder>, index: CatalogIndex) -> Semantic {
        let encoder = encoder.map(OnceLock::from).unwrap_or_default();
        Semantic { index, encoder, phrases: OnceLock::new(), probe: OnceLock::new(), lazy: None, encoder_init: Mutex::new(()) }
    }

    /// The encoder, created (once, thread-safely) on first use.
    pub fn encoder(&self) -> Result<&Encoder> {
        if let Some(e) = self.encoder.get() {
            return Ok(e);
        }
        let _g = self.encoder_init.lock().unwrap_or_else(|p| p.into_inner());
        if self.encoder.get().is_none() {
            let l = self.lazy.as_ref().ok_or_else(|| Error::Internal("semantic stage has no encoder".into()))?;
            let _ = self.encoder.set(Encoder::open(&l.dir, l.threads, l.precision, l.onnxruntime.as_deref())?);
        }
        Ok(self.encoder.get().expect("set above"))
    }

    /// Whether the encoder has been created (it is on first use).
    pub fn encoder_loaded(&self) -> bool {
        self.encoder.get().is_some()
    }

    /// The rows of `texts` (as [`Encoder::embed`] gives them): from the
    /// model directory's phrase table where it holds them, the rest
    /// embedded now.
    pub fn embed_phrases(&self, texts: &[&str]) -> Result<Vec<std::sync::Arc<[f32]>>> {
        let table = self.phrase_table()?;
        let held = |t: &str| table.and_then(|x| x.shared(t));
        let missing: Vec<&str> = texts.iter().copied().filter(|t| held(t).is_none()).collect();
        if missing.len() == texts.len() {
            return Ok(self.encoder()?.embed(texts)?.into_iter().map(Into::into).collect());
        }
        if !missing.is_empty() {
            tracing::info!(missing = missing.len(), of = texts.len(), "phrases not in the phrase table: embedding them");
        }
        let mut new = if missing.is_empty() { Vec::new() } else { self.encoder()?.embed(&missing)? }.into_iter();
        Ok(texts.iter().map(|t| held(t).cloned().or_else(|| new.next().map(Into::into)).unwrap_or_else(|| Vec::new().into())).collect())
    }

    /// Reads the phrase table now (see [`embed_phrases`](Self::embed_phrases)):
    /// before the LLM's weights are resident, its file and its rows are not
    /// both mapped beside them (a lower peak). Errors are met where it is used.
    pub fn preload_phrases(&self) {
        let _ = self.phrase_table();
    }

    /// The model directory's genre probe (verified on first use), or None
    /// where it has none; the caller compares its key with the examples it
    /// reads by before using it.
    pub fn genre_probe(&self) -> Result<Option<std::sync::Arc<probe::GenreProbe>>> {
        let read = || -> Result<Option<std::sync::Arc<probe::GenreProbe>>> {
            let Some(l) = self.lazy.as_ref().filter(|l| l.dir.has(probe::ARTIFACT_GENRE_PROBE)) else { return Ok(None) };
            let f = l.dir.open_verified(probe::ARTIFACT_GENRE_PROBE, probe::GENRE_PROBE_VERSION)?;
            Ok(Some(std::sync::Arc::new(probe::GenreProbe::from_bytes(f.bytes(), &f.name())?)))
        };
        match self.probe.get_or_init(read) {
            Ok(p) => Ok(p.clone()),
            Err(e) => Err(e.clone()),
        }
    }

    /// The sha256 of the encoder's model file (what phrase rows depend on);
    /// empty where the stage was assembled from parts or the manifest has none.
    pub fn encoder_sha256(&self) -> String {
        self.lazy.as_ref().and_then(|l| l.dir.manifest().get(l.precision.artifact()).map(|a| a.sha256.clone())).unwrap_or_default()
    }

    /// The phrase table (verified on first use), or None where the directory
    /// has none or it was embedded by another model file than this encoder's.
    fn phrase_table(&self) -> Result<Option<&phrases::PhraseTable>> {
        let read = || -> Result<Option<phrases::PhraseTable>> {
            let Some(l) = self.lazy.as_ref().filter(|l| l.dir.has(phrases::ARTIFACT_PHRASE_EMB)) else { return Ok(None) };
            let f = l.dir.open_verified(phrases::ARTIFACT_PHRASE_EMB, phrases::PHRASE_EMB_VERSION)?;
            let t = phrases::PhraseTable::from_bytes(f.bytes(), &f.name())?;
            let model = self.encoder_sha256();
            if model == t.model_sha256() {
                Ok(Some(t))
            } else {
                tracing::info!(table = t.model_sha256(), encoder = model, "the phrase table was embedded by another model file: phrases are embedded on first use");
                Ok(None)
            }
        };
        match self.phrases.get_or_init(read) {
            Ok(t) => Ok(t.as_ref()),
            Err(e) => Err(e.clone()),
        }
    }

    pub fn index(&self) -> &CatalogIndex {
        &self.index
    }

    /// A title the models never saw, as `add_movie` takes it in: its
    /// embedding (`catalog_text`, one at a time) and its `neighbours` most
    /// similar catalogue movies (index, cosine), best first.
    pub fn embed_new_title(&self, movie: &Movie, neighbours: usize) -> Result<NewTitleRow> {
        let mut row = self.encoder()?.embed(&[&catalog_text(movie)])?.pop().ok_or_else(|| Error::Internal("no embedding".into()))?;
        row.resize(DIM, 0.0);
        let near = self.index.nearest(&row, neighbours, |_| false);
        Ok((row, near))
    }

    /// Re-ranks `candidates` (catalogue index, upstream score), best first;
    /// see [`rerank()`].
    pub fn rerank(&self, candidates: &[(u32, f32)], top_prediction: Option<u32>, history: &[u32], rule: RerankRule) -> Result<Vec<(u32, f32)>> {
        rerank(&self.index, candidates, top_prediction, history, rule)
    }

    /// See [`recent_similarity()`].
    pub fn recent_similarity(&self, items: &[u32], history: &[u32], recent: usize) -> Result<Vec<f32>> {
        recent_similarity(&self.index, items, history, recent)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model_dir::catalog::Catalog;

    #[test]
    fn catalog_text_format() {
        let c = Catalog::parse_movies_dat(b"2571::Matrix, The (1999)::Action|Sci-Fi|Thriller\n").unwrap();
        assert_eq!(catalog_text(c.movie(0)), "The Matrix (1999) — Action, Sci-Fi, Thriller");
    }
}
