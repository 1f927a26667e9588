//! The semantic stage: Sentence-BERT (all-MiniLM-L6-v2) embeddings, the
//! catalogue embedding index, grounding of generated titles, and re-ranking.
//!
//! * [`Encoder`]: `tokenizers` (pure Rust) + an ONNX Runtime session over the
//!   verified, memory-mapped `sbert.onnx` / `sbert-int8.onnx`. Texts are
//!   tokenised with truncation at [`MAX_TOKENS`] and padded to the longest text
//!   of the batch (the shipped `tokenizer.json` pads to 128; that is
//!   overridden), then mean-pooled over the attention mask and L2-normalised,
//!   as sentence-transformers does.
//! * [`CatalogIndex`]: the catalogue embedded once by `dualrec-train sbert`
//!   (text: [`catalog_text`]), an f16 matrix memory-mapped and searched by
//!   brute force (3,883 x 384 takes well under a millisecond).
//! * [`Semantic::ground`]: generated text -> catalogue index, by exact and
//!   normalised title first (year within [`MAX_YEAR_GAP`]), then by edit
//!   distance (typos), then by embedding nearest neighbour with a similarity
//!   threshold; below it the suggestion is dropped.
//! * [`Semantic::rerank`]: the paper's rule (similarity to the sequential
//!   model's top prediction) or the history-centroid blend ([`RerankRule`]).

use std::path::Path;
use std::sync::Mutex;

use half::f16;
use half::slice::HalfFloatSliceExt;

use crate::catalog::{normalize_title, Catalog, Movie};
use crate::error::{Error, Result};
use crate::manifest::{Manifest, Verify};

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

/// Default cosine below which an embedding match is not accepted as a
/// grounding (chosen on `dualrec-train ground-eval`, see docs/eval/grounding.md).
pub const DEFAULT_GROUND_THRESHOLD: f32 = 0.75;

const STAGE: &str = "semantic";

/// Which converted model to run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Precision {
    /// `sbert.onnx`: f32 weights, the reference.
    #[default]
    Fp32,
    /// `sbert-int8.onnx`: int8 linear weights (per output channel and block of
    /// 32 inputs; attention value projections and layer 4's FFN input fp32)
    /// and word embeddings, about a third of the size.
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

/// Tokeniser + ONNX Runtime session; embeds texts.
pub struct Encoder {
    tokenizer: tokenizers::Tokenizer,
    session: Mutex<ort::session::Session>,
    precision: Precision,
}

/// Token ids, attention mask and type ids of a padded batch, row-major.
struct Batch {
    ids: Vec<i64>,
    mask: Vec<i64>,
    rows: usize,
    seq: usize,
}

impl Encoder {
    /// Opens the tokenizer and the model named by `precision` from `dir`,
    /// both verified against the manifest. Loads ONNX Runtime if it is not
    /// loaded yet (call [`crate::onnx::ensure_runtime`] first for a custom path).
    pub fn open(manifest: &Manifest, dir: &Path, verify: Verify, threads: usize, precision: Precision) -> Result<Encoder> {
        let tok = manifest.open_verified(dir, ARTIFACT_TOKENIZER, TOKENIZER_VERSION, verify)?;
        let tokenizer = Self::tokenizer_from_bytes(tok.bytes(), &tok.name())?;
        crate::onnx::ensure_runtime(None, dir)?;
        let model = manifest.open_verified(dir, precision.artifact(), SBERT_VERSION, verify)?;
        let session = crate::onnx::session_from_bytes(model.bytes(), threads, &model.name())?;
        let names: Vec<&str> = session.inputs().iter().map(|i| i.name()).collect();
        for want in ["input_ids", "attention_mask", "token_type_ids"] {
            if !names.contains(&want) {
                return Err(Error::corrupt(model.name(), format!("model has no input {want:?} (inputs: {names:?})")));
            }
        }
        if !session.outputs().iter().any(|o| o.name() == "token_embeddings") {
            return Err(Error::corrupt(model.name(), "model has no output \"token_embeddings\""));
        }
        Ok(Encoder { tokenizer, session: Mutex::new(session), precision })
    }

    /// The tokenizer with sentence-transformers' settings: no fixed padding
    /// (batches are padded to their longest text here), truncation at [`MAX_TOKENS`].
    pub fn tokenizer_from_bytes(bytes: &[u8], file: &str) -> Result<tokenizers::Tokenizer> {
        let mut t = tokenizers::Tokenizer::from_bytes(bytes).map_err(|e| Error::corrupt(file, format!("not a tokenizer.json: {e}")))?;
        t.with_padding(None);
        t.with_truncation(Some(tokenizers::TruncationParams { max_length: MAX_TOKENS, ..Default::default() }))
            .map_err(|e| Error::corrupt(file, format!("truncation settings refused: {e}")))?;
        Ok(t)
    }

    pub fn precision(&self) -> Precision {
        self.precision
    }

    /// Token ids of one text, [CLS] and [SEP] included, truncated at [`MAX_TOKENS`].
    pub fn token_ids(&self, text: &str) -> Result<Vec<u32>> {
        let enc = self
            .tokenizer
            .encode(text, true)
            .map_err(|e| Error::Inference { stage: STAGE, why: format!("tokenising: {e}") })?;
        Ok(enc.get_ids().to_vec())
    }

    fn batch(&self, texts: &[&str]) -> Result<Batch> {
        let mut all = Vec::with_capacity(texts.len());
        for t in texts {
            all.push(self.token_ids(t)?);
        }
        let seq = all.iter().map(Vec::len).max().unwrap_or(0).max(1);
        let rows = texts.len();
        let mut ids = vec![0i64; rows * seq];
        let mut mask = vec![0i64; rows * seq];
        for (r, t) in all.iter().enumerate() {
            for (c, &id) in t.iter().enumerate() {
                ids[r * seq + c] = id as i64;
                mask[r * seq + c] = 1;
            }
        }
        Ok(Batch { ids, mask, rows, seq })
    }

    /// Embeds texts (mean-pooled, L2-normalised); `out` receives
    /// `texts.len() * DIM` values. Texts are run in length-sorted batches of
    /// at most [`BATCH`] to keep padding small.
    pub fn embed_into(&self, texts: &[&str], out: &mut Vec<f32>) -> Result<()> {
        let start = out.len();
        out.resize(start + texts.len() * DIM, 0.0);
        let mut order: Vec<usize> = (0..texts.len()).collect();
        order.sort_by_key(|&i| texts[i].len());
        for chunk in order.chunks(BATCH) {
            let sub: Vec<&str> = chunk.iter().map(|&i| texts[i]).collect();
            let emb = self.run(&sub)?;
            for (k, &i) in chunk.iter().enumerate() {
                out[start + i * DIM..start + (i + 1) * DIM].copy_from_slice(&emb[k * DIM..(k + 1) * DIM]);
            }
        }
        Ok(())
    }

    /// One embedding per text.
    pub fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>> {
        let mut flat = Vec::new();
        self.embed_into(texts, &mut flat)?;
        Ok(flat.chunks_exact(DIM).map(<[f32]>::to_vec).collect())
    }

    /// One ONNX Runtime call: `texts.len() * DIM` pooled, normalised values.
    fn run(&self, texts: &[&str]) -> Result<Vec<f32>> {
        if texts.is_empty() {
            return Ok(Vec::new());
        }
        let b = self.batch(texts)?;
        let fail = |e: ort::Error| Error::Inference { stage: STAGE, why: e.to_string() };
        let shape = vec![b.rows as i64, b.seq as i64];
        let ids = ort::value::Tensor::from_array((shape.clone(), b.ids)).map_err(fail)?;
        let mask = ort::value::Tensor::from_array((shape.clone(), b.mask.clone())).map_err(fail)?;
        let types = ort::value::Tensor::from_array((shape, vec![0i64; b.rows * b.seq])).map_err(fail)?;
        let mut session = self.session.lock().unwrap_or_else(|p| p.into_inner());
        let outputs = session
            .run(ort::inputs!["input_ids" => ids, "attention_mask" => mask, "token_type_ids" => types])
            .map_err(fail)?;
        let hidden = outputs
            .get("token_embeddings")
            .ok_or_else(|| Error::Inference { stage: STAGE, why: "no token_embeddings output".into() })?;
        let (oshape, data) = hidden.try_extract_tensor::<f32>().map_err(fail)?;
        if oshape.len() != 3 || oshape[0] as usize != b.rows || oshape[1] as usize != b.seq || oshape[2] as usize != DIM {
            return Err(Error::Inference { stage: STAGE, why: format!("token_embeddings has shape {oshape:?}") });
        }
        Ok(mean_pool_normalize(data, &b.mask, b.rows, b.seq))
    }
}

/// Mean over the tokens whose mask is 1, then L2 normalisation (norm clamped
/// at 1e-12, like `torch.nn.functional.normalize`). `hidden`: rows x seq x DIM.
pub fn mean_pool_normalize(hidden: &[f32], mask: &[i64], rows: usize, seq: usize) -> Vec<f32> {
    let mut out = vec![0f32; rows * DIM];
    for r in 0..rows {
        let acc = &mut out[r * DIM..(r + 1) * DIM];
        let mut n = 0f32;
        for s in 0..seq {
            if mask[r * seq + s] != 0 {
                n += 1.0;
                let h = &hidden[(r * seq + s) * DIM..(r * seq + s + 1) * DIM];
                acc.iter_mut().zip(h).for_each(|(a, v)| *a += v);
            }
        }
        let n = n.max(1e-9);
        acc.iter_mut().for_each(|a| *a /= n);
        normalize(acc);
    }
    out
}

/// L2-normalises in place (norm clamped at 1e-12).
pub fn normalize(v: &mut [f32]) {
    let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt().max(1e-12);
    v.iter_mut().for_each(|x| *x /= norm);
}

pub fn dot(a: &[f32], b: &[f32]) -> f32 {
    // Eight independent accumulators let the compiler vectorise.
    let mut acc = [0f32; 8];
    let (ca, ra) = a.split_at(a.len() / 8 * 8);
    let (cb, rb) = b.split_at(ca.len());
    for (x, y) in ca.chunks_exact(8).zip(cb.chunks_exact(8)) {
        for k in 0..8 {
            acc[k] += x[k] * y[k];
        }
    }
    acc.iter().sum::<f32>() + ra.iter().zip(rb).map(|(x, y)| x * y).sum::<f32>()
}

/// Serialises a catalogue embedding matrix (rows x DIM f32, stored as f16).
pub fn encode_catalog_embeddings(rows: usize, data: &[f32]) -> Vec<u8> {
    assert_eq!(data.len(), rows * DIM);
    let mut b = Vec::with_capacity(EMB_HEADER + data.len() * 2);
    b.extend_from_slice(EMB_MAGIC);
    for v in [CATALOG_EMB_VERSION, rows as u32, DIM as u32, 0] {
        b.extend_from_slice(&v.to_le_bytes());
    }
    for &x in data {
        b.extend_from_slice(&f16::from_f32(x).to_le_bytes());
    }
    b
}

enum Backing {
    Mapped(memmap2::Mmap),
    Owned(Vec<f16>),
}

/// The catalogue embedding matrix (f16, one L2-normalised row per catalogue index).
pub struct CatalogIndex {
    data: Backing,
    rows: usize,
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

/// Checks the header and size; returns the number of rows.
fn check_header(b: &[u8], expected_rows: usize, file: &str) -> Result<usize> {
    if b.len() < EMB_HEADER {
        return Err(Error::corrupt(file, format!("{} bytes, shorter than the {EMB_HEADER}-byte header", b.len())));
    }
    if &b[..8] != EMB_MAGIC {
        return Err(Error::corrupt(file, "not a catalogue embedding file (bad magic)"));
    }
    let (version, rows, dim, flags) = (u32_at(b, 8), u32_at(b, 12) as usize, u32_at(b, 16) as usize, u32_at(b, 20));
    if version != CATALOG_EMB_VERSION {
        return Err(Error::ModelVersion { file: file.into(), found: version.to_string(), expected: CATALOG_EMB_VERSION.to_string() });
    }
    if dim != DIM || flags != 0 {
        return Err(Error::corrupt(file, format!("dimension {dim} / flags {flags}, expected {DIM} / 0")));
    }
    if rows != expected_rows {
        return Err(Error::corrupt(file, format!("{rows} rows, the catalogue has {expected_rows} movies")));
    }
    let want = rows.checked_mul(DIM * 2).and_then(|n| n.checked_add(EMB_HEADER));
    if want != Some(b.len()) {
        return Err(Error::corrupt(file, format!("{} bytes, header implies {}", b.len(), EMB_HEADER + rows * DIM * 2)));
    }
    Ok(rows)
}

fn decode_f16(b: &[u8]) -> Vec<f16> {
    b.chunks_exact(2).map(|c| f16::from_le_bytes([c[0], c[1]])).collect()
}

impl CatalogIndex {
    /// Opens the manifest's `catalog-emb` (verified) for a catalogue of `n` movies.
    pub fn open(manifest: &Manifest, dir: &Path, verify: Verify, n: usize) -> Result<CatalogIndex> {
        let f = manifest.open_verified(dir, ARTIFACT_CATALOG_EMB, CATALOG_EMB_VERSION, verify)?;
        let rows = check_header(f.bytes(), n, &f.name())?;
        let body = &f.bytes()[EMB_HEADER..];
        let aligned = body.as_ptr() as usize % std::mem::align_of::<f16>() == 0;
        let data = if aligned && cfg!(target_endian = "little") {
            Backing::Mapped(f.map)
        } else {
            Backing::Owned(decode_f16(body))
        };
        let idx = CatalogIndex { data, rows };
        idx.check_values(&manifest.get(ARTIFACT_CATALOG_EMB).map(|a| a.file.clone()).unwrap_or_default())?;
        Ok(idx)
    }

    /// Parses an in-memory file (tests, tools).
    pub fn from_bytes(bytes: &[u8], n: usize, file: &str) -> Result<CatalogIndex> {
        let rows = check_header(bytes, n, file)?;
        let idx = CatalogIndex { data: Backing::Owned(decode_f16(&bytes[EMB_HEADER..])), rows };
        idx.check_values(file)?;
        Ok(idx)
    }

    /// Every value finite and every row of unit length (within f16 rounding).
    fn check_values(&self, file: &str) -> Result<()> {
        let mut buf = vec![0f32; DIM];
        for r in 0..self.rows {
            self.row_into(r as u32, &mut buf);
            let n2: f32 = buf.iter().map(|x| x * x).sum();
            if !n2.is_finite() || (n2 - 1.0).abs() > 0.02 {
                return Err(Error::corrupt(file, format!("row {r} is not a unit vector (|v|^2 = {n2})")));
            }
        }
        Ok(())
    }

    fn all(&self) -> &[f16] {
        match &self.data {
            Backing::Owned(v) => v,
            Backing::Mapped(m) => {
                let body = &m[EMB_HEADER..];
                // SAFETY: `open` checked the length (rows * DIM * 2), the
                // alignment (2) and that the target is little-endian; f16 is a
                // plain 2-byte value for which every bit pattern is valid.
                unsafe { std::slice::from_raw_parts(body.as_ptr().cast::<f16>(), self.rows * DIM) }
            }
        }
    }

    pub fn len(&self) -> usize {
        self.rows
    }
    pub fn is_empty(&self) -> bool {
        self.rows == 0
    }

    /// Row `index` as f32.
    pub fn row_into(&self, index: u32, out: &mut [f32]) {
        let i = index as usize;
        self.all()[i * DIM..(i + 1) * DIM].convert_to_f32_slice(&mut out[..DIM]);
    }
    pub fn row(&self, index: u32) -> Vec<f32> {
        let mut v = vec![0f32; DIM];
        self.row_into(index, &mut v);
        v
    }

    /// Cosine similarity of `query` (unit length) to every row; `out.len() == len()`.
    pub fn similarities(&self, query: &[f32], out: &mut [f32]) {
        assert_eq!(query.len(), DIM);
        assert_eq!(out.len(), self.rows);
        const CHUNK: usize = 64;
        let mut buf = vec![0f32; CHUNK * DIM];
        let all = self.all();
        for (c, rows) in all.chunks(CHUNK * DIM).enumerate() {
            let b = &mut buf[..rows.len()];
            rows.convert_to_f32_slice(b);
            for (k, row) in b.chunks_exact(DIM).enumerate() {
                out[c * CHUNK + k] = dot(query, row);
            }
        }
    }

    /// The `k` rows most similar to `query`, best first (ties: lower index),
    /// skipping indices for which `skip` is true.
    pub fn nearest(&self, query: &[f32], k: usize, skip: impl Fn(u32) -> bool) -> Vec<(u32, f32)> {
        let mut sims = vec![0f32; self.rows];
        self.similarities(query, &mut sims);
        let mut v: Vec<(u32, f32)> =
            sims.into_iter().enumerate().map(|(i, s)| (i as u32, s)).filter(|&(i, _)| !skip(i)).collect();
        let k = k.min(v.len());
        if k == 0 {
            return Vec::new();
        }
        let cmp = |a: &(u32, f32), b: &(u32, f32)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
        v.select_nth_unstable_by(k - 1, cmp);
        v.truncate(k);
        v.sort_by(cmp);
        v
    }
}

/// How a grounding was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroundMethod {
    /// Normalised title and year both match.
    Title,
    /// Normalised title matches, the year is missing or differs by at most
    /// [`MAX_YEAR_GAP`] (closest year taken).
    TitleOtherYear,
    /// Edit distance of the normalised titles (typos, spacing).
    Fuzzy,
    /// Embedding nearest neighbour above the threshold.
    Embedding,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Grounding {
    pub index: u32,
    /// 1.0 for title matches, the cosine for embedding matches.
    pub score: f32,
    pub method: GroundMethod,
}

/// Re-ranking rule for [`Semantic::rerank`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum RerankRule {
    /// The paper's rule: cosine similarity of each candidate to the sequential
    /// model's top prediction; the upstream score only breaks ties.
    TopPrediction,
    /// `alpha * upstream + (1 - alpha) * cos(candidate, centroid)`, where the
    /// centroid is the mean embedding of the last `recent` history items and
    /// `upstream` is the candidates' given score min-max scaled to [0, 1].
    HistoryCentroid { alpha: f32, recent: usize },
}

impl Default for RerankRule {
    fn default() -> Self {
        RerankRule::HistoryCentroid { alpha: 0.5, recent: 10 }
    }
}

/// What `Semantic::open` needs to create the encoder later.
struct LazyEncoder {
    manifest: Manifest,
    dir: std::path::PathBuf,
    verify: Verify,
    threads: usize,
    precision: Precision,
}

/// Encoder + catalogue index + the catalogue they belong to.
pub struct Semantic {
    /// Created on first use: re-ranking and catalogue-exact LLM output need only
    /// the index, so the pipeline never pays the encoder's memory.
    encoder: std::sync::OnceLock<Encoder>,
    lazy: Option<LazyEncoder>,
    encoder_init: Mutex<()>,
    index: CatalogIndex,
    catalog: Catalog,
    /// Lower-cased display and MovieLens titles with year -> index.
    exact: std::collections::HashMap<String, u32>,
    /// Each movie's compact key ("thematrix" -> "matrix"), as chars.
    keys: Vec<Vec<char>>,
    /// Cosine below which an embedding match is dropped.
    pub threshold: f32,
    /// Whether step 3 (edit-distance title matching) runs.
    pub fuzzy: bool,
}

/// Edits (insert, delete, substitute, swap adjacent) a fuzzy title match may
/// need, by the length of the catalogue title's compact key.
pub const fn max_edits(len: usize) -> usize {
    match len {
        0..=3 => 0,
        4..=7 => 1,
        8..=15 => 2,
        _ => 3,
    }
}
/// A title match with a year further than this from the text's year is not
/// the same movie ("Dune (2021)" is not "Dune (1984)").
pub const MAX_YEAR_GAP: u16 = 2;

/// "the matrix" -> "thematrix" (normalised title without spaces).
fn compact_key(title: &str) -> String {
    normalize_title(title).0.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Optimal-string-alignment distance (Levenshtein + adjacent swaps), or
/// `None` once it must exceed `limit`.
pub fn edit_distance(a: &[char], b: &[char], limit: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > limit {
        return None;
    }
    let w = b.len() + 1;
    let mut prev2 = vec![0usize; w];
    let mut prev: Vec<usize> = (0..w).collect();
    let mut cur = vec![0usize; w];
    for i in 1..=a.len() {
        cur[0] = i;
        let mut row_min = cur[0];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(prev2[j - 2] + 1);
            }
            cur[j] = v;
            row_min = row_min.min(v);
        }
        if row_min > limit {
            return None;
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    Some(prev[b.len()]).filter(|&d| d <= limit)
}

/// Strips list markers ("1.", "-", "*"), quotes, markdown emphasis and a
/// trailing " — genres" / " | note" that an LLM may wrap a title in.
pub fn clean_generated_title(text: &str) -> String {
    let mut t = text.trim();
    // "1. ", "2) ", "- ", "* ", "• "
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && digits < 4 && matches!(t.as_bytes().get(digits), Some(b'.') | Some(b')')) {
        t = t[digits + 1..].trim_start();
    }
    for p in ["- ", "* ", "• "] {
        if let Some(r) = t.strip_prefix(p) {
            t = r.trim_start();
        }
    }
    for sep in [" — ", " | "] {
        if let Some(p) = t.find(sep) {
            if p > 0 {
                t = &t[..p];
            }
        }
    }
    // Quotes and markdown emphasis ("**", "__"), but not a '*' inside a
    // title ("M*A*S*H").
    let s = t.replace("**", "").replace("__", "");
    let s: String = s.chars().filter(|c| !matches!(c, '"' | '“' | '”' | '`')).collect();
    s.trim().trim_matches('*').trim().trim_end_matches(['.', ',', ';']).trim().to_string()
}

impl Semantic {
    /// Opens the encoder (`precision`), the catalogue index, all verified
    /// against the manifest, for `catalog` (its size must match the index).
    pub fn open(
        manifest: &Manifest,
        dir: &Path,
        catalog: &Catalog,
        verify: Verify,
        threads: usize,
        precision: Precision,
    ) -> Result<Semantic> {
        // Verified now, so a missing or tampered file fails here; the session is made on first use.
        manifest.open_verified(dir, ARTIFACT_TOKENIZER, TOKENIZER_VERSION, verify)?;
        manifest.open_verified(dir, precision.artifact(), SBERT_VERSION, verify)?;
        let index = CatalogIndex::open(manifest, dir, verify, catalog.len())?;
        let mut s = Self::assemble(index, catalog.clone())?;
        s.lazy = Some(LazyEncoder { manifest: manifest.clone(), dir: dir.to_path_buf(), verify, threads, precision });
        Ok(s)
    }

    /// Assembles from parts (tests, tools).
    pub fn from_parts(encoder: Encoder, index: CatalogIndex, catalog: Catalog) -> Result<Semantic> {
        let s = Self::assemble(index, catalog)?;
        let _ = s.encoder.set(encoder);
        Ok(s)
    }

    fn assemble(index: CatalogIndex, catalog: Catalog) -> Result<Semantic> {
        if index.len() != catalog.len() {
            return Err(Error::InvalidArgument(format!("index has {} rows, catalogue {} movies", index.len(), catalog.len())));
        }
        let mut exact = std::collections::HashMap::new();
        for (i, m) in catalog.movies().iter().enumerate() {
            let raw = if m.year > 0 { format!("{} ({})", m.raw_title, m.year) } else { m.raw_title.clone() };
            for t in [m.display(), raw] {
                exact.entry(t.to_lowercase()).or_insert(i as u32);
            }
        }
        let keys = catalog.movies().iter().map(|m| compact_key(&m.title).chars().collect()).collect();
        Ok(Semantic {
            encoder: std::sync::OnceLock::new(),
            lazy: None,
            encoder_init: Mutex::new(()),
            index,
            catalog,
            exact,
            keys,
            threshold: DEFAULT_GROUND_THRESHOLD,
            fuzzy: true,
        })
    }

    /// The encoder, created (once, thread-safely) on first use.
    pub fn encoder(&self) -> Result<&Encoder> {
        if let Some(e) = self.encoder.get() {
            return Ok(e);
        }
        let _g = self.encoder_init.lock().unwrap_or_else(|p| p.into_inner());
        if self.encoder.get().is_none() {
            let l = self.lazy.as_ref().ok_or_else(|| Error::Internal("semantic stage has no encoder".into()))?;
            let _ = self.encoder.set(Encoder::open(&l.manifest, &l.dir, l.verify, l.threads, l.precision)?);
        }
        Ok(self.encoder.get().expect("set above"))
    }
    pub fn index(&self) -> &CatalogIndex {
        &self.index
    }
    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    pub fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>> {
        self.encoder()?.embed(texts)
    }

    /// Grounds one generated title; see [`Self::ground_detailed`].
    pub fn ground(&self, text: &str, exclude: &[u32]) -> Result<Option<(u32, f32)>> {
        Ok(self.ground_detailed(text, exclude)?.map(|g| (g.index, g.score)))
    }

    /// Generated text -> catalogue index.
    ///
    /// 1. The text is cleaned ([`clean_generated_title`]); an exact
    ///    (case-insensitive) display or MovieLens title with year wins.
    /// 2. Normalised title ([`normalize_title`]: case, punctuation, articles,
    ///    year split off): among movies with the same normalised title the
    ///    one whose year matches wins, else the closest year within
    ///    [`MAX_YEAR_GAP`] (any year when the text gives none), ties to the
    ///    lower index.
    /// 3. Fuzzy: the catalogue title fewest edits away (typos, spacing:
    ///    at most [`max_edits`] of its length), year within [`MAX_YEAR_GAP`]
    ///    when given.
    /// 4. The text is embedded and the most similar catalogue movie (year
    ///    within [`MAX_YEAR_GAP`] when given) is taken if its cosine is at
    ///    least [`Self::threshold`].
    ///
    /// The movie the text names is identified first and `exclude` applied
    /// after: when it names an excluded movie the answer is `None`, never a
    /// look-alike substitute. (Without a matching year, excluded same-title
    /// movies are skipped: "Psycho" can ground to the 1998 remake when the
    /// 1960 film was watched.)
    pub fn ground_detailed(&self, text: &str, exclude: &[u32]) -> Result<Option<Grounding>> {
        let t = clean_generated_title(text);
        if t.is_empty() {
            return Ok(None);
        }
        if let Some(&i) = self.exact.get(&t.to_lowercase()) {
            let g = Grounding { index: i, score: 1.0, method: GroundMethod::Title };
            return Ok((!exclude.contains(&i)).then_some(g));
        }
        if let Some(g) = self.ground_title(&t, exclude) {
            return Ok(g);
        }
        let year = normalize_title(&t).1;
        let year_ok = |i: u32| year == 0 || self.catalog.movie(i).year.abs_diff(year) <= MAX_YEAR_GAP;
        if let Some(g) = self.ground_fuzzy(&t, year, &year_ok).filter(|_| self.fuzzy) {
            return Ok((!exclude.contains(&g.index)).then_some(g));
        }
        let q = self.encoder()?.embed(&[&t])?.pop().unwrap_or_default();
        let best = self.index.nearest(&q, 1, |i| !year_ok(i));
        Ok(best.first().and_then(|&(i, s)| {
            (s >= self.threshold && !exclude.contains(&i)).then_some(Grounding { index: i, score: s, method: GroundMethod::Embedding })
        }))
    }

    /// Step 3: the catalogue title with the fewest edits to the text's
    /// compact key, within [`max_edits`] of the catalogue key's length and
    /// [`MAX_YEAR_GAP`] when a year is given. Ties: closer year, then lower
    /// index. Score: 1 - edits / length.
    fn ground_fuzzy(&self, t: &str, year: u16, year_ok: &dyn Fn(u32) -> bool) -> Option<Grounding> {
        let q: Vec<char> = compact_key(t).chars().collect();
        if q.is_empty() {
            return None;
        }
        let mut best: Option<(usize, u16, u32)> = None;
        for (i, k) in self.keys.iter().enumerate() {
            let limit = best.map_or(max_edits(k.len()), |(d, _, _)| max_edits(k.len()).min(d));
            let Some(d) = edit_distance(&q, k, limit) else { continue };
            if !year_ok(i as u32) {
                continue;
            }
            let gap = if year > 0 { self.catalog.movie(i as u32).year.abs_diff(year) } else { 0 };
            if best.is_none_or(|(bd, bg, _)| d < bd || (d == bd && gap < bg)) {
                best = Some((d, gap, i as u32));
            }
        }
        best.map(|(d, _, i)| {
            let len = self.keys[i as usize].len().max(1);
            Grounding { index: i, score: 1.0 - d as f32 / len as f32, method: GroundMethod::Fuzzy }
        })
    }

    /// Step 1 of grounding. `Some(None)`: the title names only excluded movies.
    fn ground_title(&self, t: &str, exclude: &[u32]) -> Option<Option<Grounding>> {
        let (key, year) = normalize_title(t);
        let mut cands = self.catalog.indices_for_key(&key).to_vec();
        if cands.is_empty() {
            return None;
        }
        // Title and year both match: that movie, or nothing when it is excluded.
        if year > 0 {
            if let Some(&i) = cands.iter().find(|&&i| self.catalog.movie(i).year == year) {
                let g = Grounding { index: i, score: 1.0, method: GroundMethod::Title };
                return Some((!exclude.contains(&i)).then_some(g));
            }
            // Same title, a distant year: another film (or a remake we lack).
            cands.retain(|&i| self.catalog.movie(i).year.abs_diff(year) <= MAX_YEAR_GAP);
            if cands.is_empty() {
                return None;
            }
        }
        cands.retain(|i| !exclude.contains(i));
        let Some(&best) = cands.iter().min_by_key(|&&i| {
            let y = self.catalog.movie(i).year;
            (if year > 0 { (y as i32 - year as i32).unsigned_abs() } else { 0 }, i)
        }) else {
            return Some(None);
        };
        let m = self.catalog.movie(best);
        let method = if year > 0 && m.year == year { GroundMethod::Title } else { GroundMethod::TitleOtherYear };
        Some(Some(Grounding { index: best, score: 1.0, method }))
    }

    /// Re-ranks `candidates` (catalogue index, upstream score), best first;
    /// see [`rerank`].
    pub fn rerank(
        &self,
        candidates: &[(u32, f32)],
        top_prediction: Option<u32>,
        history: &[u32],
        rule: RerankRule,
    ) -> Result<Vec<(u32, f32)>> {
        rerank(&self.index, candidates, top_prediction, history, rule)
    }

    /// See [`recent_similarity`].
    pub fn recent_similarity(&self, items: &[u32], history: &[u32], recent: usize) -> Result<Vec<f32>> {
        recent_similarity(&self.index, items, history, recent)
    }
}

/// Re-ranks `candidates` (catalogue index, upstream score), best first, by
/// `rule` over the catalogue embeddings in `index`.
///
/// `top_prediction`: the sequential model's top prediction (the paper's
/// anchor; without one the last history item is used); `history`: the
/// user's watched indices, oldest first — pass only what the model may see
/// (never held-out items). Indices out of range are `InvalidArgument`.
pub fn rerank(
    index: &CatalogIndex,
    candidates: &[(u32, f32)],
    top_prediction: Option<u32>,
    history: &[u32],
    rule: RerankRule,
) -> Result<Vec<(u32, f32)>> {
    let n = index.len() as u32;
    if let Some(&(i, _)) = candidates.iter().find(|&&(i, _)| i >= n) {
        return Err(Error::InvalidArgument(format!("candidate index {i} out of range")));
    }
    if let Some(&i) = history.iter().chain(top_prediction.iter()).find(|&&i| i >= n) {
        return Err(Error::InvalidArgument(format!("history index {i} out of range")));
    }
    let mut scored: Vec<(u32, f32, f32)> = match rule {
        RerankRule::TopPrediction => {
            let anchor = top_prediction.or_else(|| history.last().copied());
            let a = anchor.map(|i| index.row(i));
            candidates.iter().map(|&(i, up)| (i, a.as_ref().map_or(0.0, |a| dot(a, &index.row(i))), up)).collect()
        }
        RerankRule::HistoryCentroid { alpha, recent } => {
            if !(0.0..=1.0).contains(&alpha) {
                return Err(Error::InvalidArgument(format!("alpha must be in [0, 1], got {alpha}")));
            }
            let recent_items = &history[history.len().saturating_sub(recent.max(1))..];
            let c = centroid(index, recent_items);
            let ups: Vec<f32> = candidates.iter().map(|c| if c.1.is_finite() { c.1 } else { 0.0 }).collect();
            let (lo, hi) = ups.iter().fold((f32::INFINITY, f32::NEG_INFINITY), |(l, h), &u| (l.min(u), h.max(u)));
            let span = hi - lo;
            candidates
                .iter()
                .zip(&ups)
                .map(|(&(i, _), &u)| {
                    let up = if span > 0.0 { (u - lo) / span } else { 1.0 };
                    let sim = if recent_items.is_empty() { 0.0 } else { dot(&c, &index.row(i)) };
                    (i, alpha * up + (1.0 - alpha) * sim, u)
                })
                .collect()
        }
    };
    scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(b.2.total_cmp(&a.2)).then(a.0.cmp(&b.0)));
    Ok(scored.into_iter().map(|(i, s, _)| (i, s)).collect())
}

/// Unit-length mean of the items' embeddings (zeros for no items).
fn centroid(index: &CatalogIndex, items: &[u32]) -> Vec<f32> {
    let mut c = vec![0f32; DIM];
    let mut row = vec![0f32; DIM];
    for &i in items {
        index.row_into(i, &mut row);
        c.iter_mut().zip(&row).for_each(|(a, b)| *a += b);
    }
    if !items.is_empty() {
        normalize(&mut c);
    }
    c
}

/// Cosine of each of `items` to the centroid of the last `recent` watches of
/// `history` (0 for an empty history). Indices out of range are `InvalidArgument`.
pub fn recent_similarity(index: &CatalogIndex, items: &[u32], history: &[u32], recent: usize) -> Result<Vec<f32>> {
    let n = index.len() as u32;
    if let Some(&i) = items.iter().chain(history).find(|&&i| i >= n) {
        return Err(Error::InvalidArgument(format!("catalogue index {i} out of range")));
    }
    let recent_items = &history[history.len().saturating_sub(recent.max(1))..];
    if recent_items.is_empty() {
        return Ok(vec![0.0; items.len()]);
    }
    let c = centroid(index, recent_items);
    let mut row = vec![0f32; DIM];
    Ok(items
        .iter()
        .map(|&i| {
            index.row_into(i, &mut row);
            dot(&c, &row)
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(seed: u32) -> Vec<f32> {
        let mut v: Vec<f32> = (0..DIM).map(|k| (((k as u32 + 1) * (seed * 7 + 3)) % 17) as f32 - 8.0).collect();
        normalize(&mut v);
        v
    }

    #[test]
    fn pooling_ignores_padding_and_normalises() {
        // 2 rows x 3 tokens; row 1 has one padding token holding garbage.
        let mut hidden = vec![0f32; 2 * 3 * DIM];
        for s in 0..3 {
            for d in 0..DIM {
                hidden[s * DIM + d] = (s + 1) as f32;
                hidden[(3 + s) * DIM + d] = if s == 2 { 1e6 } else { d as f32 };
            }
        }
        let out = mean_pool_normalize(&hidden, &[1, 1, 1, 1, 1, 0], 2, 3);
        let r0 = &out[..DIM];
        assert!(r0.iter().all(|&x| (x - 1.0 / (DIM as f32).sqrt()).abs() < 1e-6));
        let mut want: Vec<f32> = (0..DIM).map(|d| d as f32).collect();
        normalize(&mut want);
        assert!(out[DIM..].iter().zip(&want).all(|(a, b)| (a - b).abs() < 1e-6));
    }

    #[test]
    fn index_roundtrip_and_nearest() {
        let rows: Vec<f32> = (0..5).flat_map(unit).collect();
        let bytes = encode_catalog_embeddings(5, &rows);
        let idx = CatalogIndex::from_bytes(&bytes, 5, "t").unwrap();
        for r in 0..5u32 {
            let q = unit(r);
            let nn = idx.nearest(&q, 2, |_| false);
            assert_eq!(nn[0].0, r);
            assert!(nn[0].1 > 0.999 && nn[0].1 >= nn[1].1);
            assert_ne!(idx.nearest(&q, 1, |i| i == r)[0].0, r);
        }
        assert!(idx.nearest(&unit(0), 10, |_| false).len() == 5);
    }

    #[test]
    fn corrupt_index_is_refused() {
        let rows: Vec<f32> = (0..3).flat_map(unit).collect();
        let good = encode_catalog_embeddings(3, &rows);
        let corrupt = |b: &[u8], n: usize| matches!(CatalogIndex::from_bytes(b, n, "f"), Err(Error::ModelCorrupt { .. }));
        assert!(corrupt(&good[..10], 3), "truncated header");
        assert!(corrupt(&good[..good.len() - 2], 3), "truncated body");
        assert!(corrupt(&good, 4), "row count differs from the catalogue");
        let mut b = good.clone();
        b[0] = b'X';
        assert!(corrupt(&b, 3), "magic");
        let mut b = good.clone();
        b[16] = 7;
        assert!(corrupt(&b, 3), "dimension");
        let mut b = good.clone();
        b[8] = 9;
        assert!(matches!(CatalogIndex::from_bytes(&b, 3, "f"), Err(Error::ModelVersion { .. })));
        let mut b = good.clone();
        b[EMB_HEADER..EMB_HEADER + 2].copy_from_slice(&f16::NAN.to_le_bytes());
        assert!(corrupt(&b, 3), "NaN");
        let mut b = good;
        b.extend_from_slice(&[0, 0]);
        assert!(corrupt(&b, 3), "trailing bytes");
        assert!(corrupt(&[], 0));
    }

    #[test]
    fn cleans_generated_titles() {
        assert_eq!(clean_generated_title("1. **The Matrix (1999)**"), "The Matrix (1999)");
        assert_eq!(clean_generated_title("- \"Heat\" (1995) — a crime thriller"), "Heat (1995)");
        assert_eq!(clean_generated_title("Toy Story (1995) — Animation, Comedy"), "Toy Story (1995)");
        assert_eq!(clean_generated_title("  Star Wars: Episode VI - Return of the Jedi (1983). "), "Star Wars: Episode VI - Return of the Jedi (1983)");
        assert_eq!(clean_generated_title("   "), "");
        assert_eq!(clean_generated_title("**M*A*S*H (1970)**"), "M*A*S*H (1970)");
        assert_eq!(clean_generated_title("* M*A*S*H"), "M*A*S*H");
    }

    fn models_dir() -> std::path::PathBuf {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("models")
    }

    fn fixture() -> serde_json::Value {
        let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures/sbert-minilm-reference.json");
        let b = std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        serde_json::from_slice(&b).unwrap()
    }

    fn open_encoder(p: Precision) -> Encoder {
        let dir = models_dir();
        let m = Manifest::load(&dir).unwrap();
        Encoder::open(&m, &dir, Verify::Full, 1, p).unwrap_or_else(|e| {
            panic!("{e} (run `dualrec-train sbert --wheel-dir <model dir> --models models` first)")
        })
    }

    /// Token ids identical and cosine >= `min_cos` on every fixture sentence
    /// (the empty string included), embedded one at a time and as one padded
    /// batch. Returns the minimum cosine.
    fn check_fixture(p: Precision, min_cos: f32) -> f32 {
        let fx = fixture();
        let enc = open_encoder(p);
        let sents: Vec<&str> = fx["sentences"].as_array().unwrap().iter().map(|s| s.as_str().unwrap()).collect();
        assert_eq!(sents.len(), 10);
        for (s, ids) in sents.iter().zip(fx["input_ids"].as_array().unwrap()) {
            let want: Vec<u32> = ids.as_array().unwrap().iter().map(|v| v.as_u64().unwrap() as u32).collect();
            assert_eq!(enc.token_ids(s).unwrap(), want, "token ids of {s:?}");
        }
        let batched = enc.embed(&sents).unwrap();
        let single: Vec<Vec<f32>> = sents.iter().map(|s| enc.embed(&[s]).unwrap().remove(0)).collect();
        let mut worst = 1f32;
        for (k, want) in fx["embeddings_normalized"].as_array().unwrap().iter().enumerate() {
            let want: Vec<f32> = want.as_array().unwrap().iter().map(|v| v.as_f64().unwrap() as f32).collect();
            let wn = dot(&want, &want).sqrt();
            for got in [&batched[k], &single[k]] {
                let cos = dot(got, &want) / wn;
                worst = worst.min(cos);
                assert!(cos >= min_cos, "{p:?}: cosine {cos} < {min_cos} on {:?}", sents[k]);
            }
        }
        eprintln!("{p:?}: min cosine vs sentence-transformers {worst}");
        worst
    }

    #[test]
    fn fixture_fp32() {
        check_fixture(Precision::Fp32, 0.9999);
    }

    #[test]
    fn fixture_int8() {
        check_fixture(Precision::Int8, 0.999);
    }

    const SMALL: &[u8] = b"1::Toy Story (1995)::Animation|Children's|Comedy\n\
2571::Matrix, The (1999)::Action|Sci-Fi|Thriller\n\
6::Heat (1995)::Action|Crime|Thriller\n\
1197::Princess Bride, The (1987)::Action|Adventure|Comedy|Romance\n\
1219::Psycho (1960)::Horror|Thriller\n\
2389::Psycho (1998)::Crime|Horror|Thriller\n\
1210::Star Wars: Episode VI - Return of the Jedi (1983)::Action|Adventure|Romance|Sci-Fi|War\n";

    /// A small catalogue with its index embedded by the real fp32 model.
    fn small_semantic() -> Semantic {
        let cat = Catalog::parse_movies_dat(SMALL).unwrap();
        let enc = open_encoder(Precision::Fp32);
        let texts: Vec<String> = cat.movies().iter().map(catalog_text).collect();
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        let mut data = Vec::new();
        enc.embed_into(&refs, &mut data).unwrap();
        let idx = CatalogIndex::from_bytes(&encode_catalog_embeddings(cat.len(), &data), cat.len(), "t").unwrap();
        Semantic::from_parts(enc, idx, cat).unwrap()
    }

    #[test]
    fn grounding_titles_years_typos_and_exclusions() {
        let s = small_semantic();
        let ix = |id: u32| s.catalog().index_of(id).unwrap();
        let g = |t: &str, ex: &[u32]| s.ground_detailed(t, ex).unwrap();
        let (matrix, psycho60, psycho98, bride) = (ix(2571), ix(1219), ix(2389), ix(1197));
        for t in ["The Matrix (1999)", "Matrix, The (1999)", "THE MATRIX (1999)", "the matrix!! (1999)", "1. **The Matrix (1999)**"] {
            assert_eq!(g(t, &[]), Some(Grounding { index: matrix, score: 1.0, method: GroundMethod::Title }), "{t}");
        }
        for t in ["The Matrix", "Matrix", "The Matrix (2001)", "- The Matrix (1998) — Action, Sci-Fi"] {
            let r = g(t, &[]).unwrap();
            assert_eq!((r.index, r.method), (matrix, GroundMethod::TitleOtherYear), "{t}");
        }
        // Remakes: the year decides; without one the lower index; closest year when wrong.
        assert_eq!(g("Psycho (1998)", &[]).unwrap().index, psycho98);
        assert_eq!(g("Psycho (1960)", &[]).unwrap().index, psycho60);
        assert_eq!(g("Psycho (1997)", &[]).unwrap().index, psycho98);
        assert_eq!(g("Psycho (1962)", &[]).unwrap().index, psycho60);
        assert_eq!(g("Psycho", &[]).unwrap().index, psycho60.min(psycho98));
        // Exclusions: never a substitute for the named movie...
        assert_eq!(g("Psycho (1998)", &[psycho98]), None);
        assert_eq!(g("The Matrix (1999)", &[matrix]), None);
        assert_eq!(g("The Matrx (1999)", &[matrix]), None);
        // ...but an unnamed year may go to the other version.
        assert_eq!(g("Psycho", &[psycho60]).unwrap().index, psycho98);
        // Typos: trigram similarity.
        for t in ["The Princes Bride (1987)", "Princess Brdie", "princessbride"] {
            let r = g(t, &[]).unwrap_or_else(|| panic!("{t}: dropped"));
            assert_eq!((r.index, r.method), (bride, GroundMethod::Fuzzy), "{t}");
            assert!(r.score > 0.8 && r.score < 1.0 || t == "princessbride", "{t}: {}", r.score);
        }
        // A distant year is another film: not grounded by title, trigram or embedding.
        assert_eq!(g("Heat (2013)", &[]), None);
        assert_eq!(g("Toy Stroy (1995)", &[]).unwrap().index, ix(1));
        assert_eq!(g("Star Wars: Episode VI – Return of the Jedi", &[]).unwrap().index, ix(1210));
        // Not in the catalogue, or nothing at all: dropped.
        for t in ["Inception (2010)", "A man is eating food.", "", "   ", "1. **", "Penguins of the Sahara (1995)"] {
            assert_eq!(g(t, &[]), None, "{t:?}");
        }
        assert_eq!(s.ground("Heat (1995)", &[]).unwrap(), Some((ix(6), 1.0)));
    }

    /// Rows: e0; 0.9 e0 + 0.436 e1; e1; e2 (normalised).
    fn toy_index() -> CatalogIndex {
        let mut rows = vec![0f32; 4 * DIM];
        rows[0] = 1.0;
        rows[DIM] = 0.9;
        rows[DIM + 1] = 0.436;
        rows[2 * DIM + 1] = 1.0;
        rows[3 * DIM + 2] = 1.0;
        for r in rows.chunks_mut(DIM) {
            normalize(r);
        }
        CatalogIndex::from_bytes(&encode_catalog_embeddings(4, &rows), 4, "toy").unwrap()
    }

    #[test]
    fn rerank_rules() {
        let idx = toy_index();
        let cands = [(2, 0.9), (1, 0.1), (3, 0.5)];
        let order = |v: Vec<(u32, f32)>| v.into_iter().map(|x| x.0).collect::<Vec<_>>();
        // Paper: similarity to the top prediction (row 0); ties by upstream score.
        let r = rerank(&idx, &cands, Some(0), &[], RerankRule::TopPrediction).unwrap();
        assert_eq!(order(r.clone()), vec![1, 2, 3]);
        assert!((r[0].1 - 0.9).abs() < 0.01);
        // Without a prediction the last history item anchors.
        assert_eq!(order(rerank(&idx, &cands, None, &[3], RerankRule::TopPrediction).unwrap())[0], 3);
        // Centroid of history [2] = e1: 2 -> 0.5 + 0.5, 3 -> 0.25 + 0, 1 -> 0 + 0.5 * 0.436.
        let r = rerank(&idx, &cands, None, &[3, 2], RerankRule::HistoryCentroid { alpha: 0.5, recent: 1 }).unwrap();
        assert_eq!(order(r.clone()), vec![2, 3, 1]);
        assert!((r[0].1 - 1.0).abs() < 0.01 && (r[1].1 - 0.25).abs() < 0.01);
        // alpha = 1: the upstream order.
        assert_eq!(order(rerank(&idx, &cands, None, &[2], RerankRule::HistoryCentroid { alpha: 1.0, recent: 5 }).unwrap()), vec![2, 3, 1]);
        // alpha = 0, two-item centroid (e1 + e2): 1 has the largest e1/e2 share after 2 and 3.
        let r = rerank(&idx, &cands, None, &[2, 3], RerankRule::HistoryCentroid { alpha: 0.0, recent: 2 }).unwrap();
        assert_eq!(order(r)[2], 1);
        assert!(matches!(rerank(&idx, &[(4, 0.0)], None, &[], RerankRule::TopPrediction), Err(Error::InvalidArgument(_))));
        assert!(matches!(rerank(&idx, &cands, Some(9), &[], RerankRule::TopPrediction), Err(Error::InvalidArgument(_))));
        assert!(matches!(
            rerank(&idx, &cands, None, &[1], RerankRule::HistoryCentroid { alpha: 1.5, recent: 1 }),
            Err(Error::InvalidArgument(_))
        ));
        assert!(rerank(&idx, &[], Some(0), &[], RerankRule::default()).unwrap().is_empty());
    }

    #[test]
    fn shipped_catalog_index_matches_the_encoder() {
        let dir = models_dir();
        let m = Manifest::load(&dir).unwrap();
        let cat = m.open_verified(&dir, "catalog", crate::engine::CATALOG_VERSION, Verify::Full).unwrap();
        let cat = Catalog::parse_tsv(cat.bytes(), "catalog.tsv").unwrap();
        let sem = Semantic::open(&m, &dir, &cat, Verify::Full, 1, Precision::Fp32).unwrap();
        assert_eq!(sem.index().len(), cat.len());
        let matrix = cat.lookup_title("The Matrix (1999)").unwrap();
        let text = catalog_text(cat.movie(matrix));
        let q = sem.embed(&[&text]).unwrap().remove(0);
        let nn = sem.index().nearest(&q, 3, |_| false);
        assert_eq!(nn[0].0, matrix);
        assert!(nn[0].1 > 0.999, "f16 row vs fresh embedding: {}", nn[0].1);
        assert_eq!(sem.ground("The Matirx (1999)", &[]).unwrap().map(|g| g.0), Some(matrix));
        assert_eq!(sem.ground("Inception (2010)", &[]).unwrap(), None);
        // A catalogue of another size is refused.
        assert!(matches!(CatalogIndex::open(&m, &dir, Verify::Full, cat.len() - 1), Err(Error::ModelCorrupt { .. })));
    }

    /// A model directory holding `files` with a manifest that pins them as given.
    fn dir_with(files: &[(&str, &str, u32, Vec<u8>)]) -> tempfile::TempDir {
        let d = tempfile::tempdir().unwrap();
        let mut m = Manifest::default();
        for (name, file, version, bytes) in files {
            std::fs::write(d.path().join(file), bytes).unwrap();
            m.upsert(crate::manifest::Artifact::for_bytes(name, file, *version, bytes, "test", "test", "test"));
        }
        m.save(d.path()).unwrap();
        d
    }

    #[test]
    fn corrupt_model_files_give_clear_errors() {
        crate::onnx::ensure_runtime(None, &models_dir()).unwrap();
        let tok = std::fs::read(models_dir().join(FILE_TOKENIZER)).unwrap();
        let real = std::fs::read(models_dir().join(FILE_SBERT_INT8)).unwrap();
        let open = |d: &tempfile::TempDir| {
            let m = Manifest::load(d.path()).unwrap();
            Encoder::open(&m, d.path(), Verify::Full, 1, Precision::Int8).err().expect("must fail")
        };
        let cases: Vec<(&str, Vec<u8>, Vec<u8>)> = vec![
            ("garbage onnx", tok.clone(), b"this is not an onnx model".to_vec()),
            ("truncated onnx", tok.clone(), real[..real.len() / 2].to_vec()),
            ("garbage tokenizer", b"{\"nope\": 1}".to_vec(), real.clone()),
        ];
        for (what, t, model) in cases {
            let d = dir_with(&[
                (ARTIFACT_TOKENIZER, FILE_TOKENIZER, TOKENIZER_VERSION, t),
                (ARTIFACT_SBERT_INT8, FILE_SBERT_INT8, SBERT_VERSION, model),
            ]);
            let e = open(&d);
            assert!(matches!(e, Error::ModelCorrupt { .. }), "{what}: {e}");
        }
        // A file changed after the manifest was written: checksum error, the runtime never sees it.
        let d = dir_with(&[
            (ARTIFACT_TOKENIZER, FILE_TOKENIZER, TOKENIZER_VERSION, tok.clone()),
            (ARTIFACT_SBERT_INT8, FILE_SBERT_INT8, SBERT_VERSION, real.clone()),
        ]);
        let mut tampered = real.clone();
        let mid = tampered.len() / 2;
        tampered[mid] ^= 0xff;
        std::fs::write(d.path().join(FILE_SBERT_INT8), &tampered).unwrap();
        assert!(matches!(open(&d), Error::ModelChecksum { .. }));
        // Catalogue index: truncated file on disk, manifest matching it.
        let emb = std::fs::read(models_dir().join(FILE_CATALOG_EMB)).unwrap();
        let d = dir_with(&[(ARTIFACT_CATALOG_EMB, FILE_CATALOG_EMB, CATALOG_EMB_VERSION, emb[..emb.len() - 100].to_vec())]);
        let m = Manifest::load(d.path()).unwrap();
        let e = CatalogIndex::open(&m, d.path(), Verify::Full, 3883).err().expect("must fail");
        assert!(matches!(e, Error::ModelCorrupt { .. }), "{e}");
        assert!(e.to_string().contains("bytes"), "{e}");
    }

    #[test]
    fn edit_distances() {
        let c = |s: &str| s.chars().collect::<Vec<_>>();
        assert_eq!(edit_distance(&c("matirx"), &c("matrix"), 3), Some(1));
        assert_eq!(edit_distance(&c("matrx"), &c("matrix"), 3), Some(1));
        assert_eq!(edit_distance(&c("kitten"), &c("sitting"), 3), Some(3));
        assert_eq!(edit_distance(&c("kitten"), &c("sitting"), 2), None);
        assert_eq!(edit_distance(&c(""), &c("ab"), 2), Some(2));
        assert_eq!(max_edits(3), 0);
        assert_eq!(max_edits(6), 1);
    }

    #[test]
    fn catalog_text_format() {
        let c = Catalog::parse_movies_dat(b"2571::Matrix, The (1999)::Action|Sci-Fi|Thriller\n").unwrap();
        assert_eq!(catalog_text(c.movie(0)), "The Matrix (1999) — Action, Sci-Fi, Thriller");
    }
}
