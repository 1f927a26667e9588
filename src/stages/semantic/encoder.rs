//! Sentence-BERT on the device: the tokenizer, then the int8 model run by
//! the library itself ([`MiniLm`]) or the fp32 reference by ONNX Runtime,
//! both over the verified, memory-mapped `sbert-int8.onnx` / `sbert.onnx`;
//! mean pooling and L2 normalisation as sentence-transformers does. The
//! catalogue index is made with it, and it embeds any text the device needs
//! compared with the catalogue.

use std::sync::Mutex;

use super::minilm::MiniLm;
use super::wordpiece::WordPiece;
use super::{Precision, ARTIFACT_TOKENIZER, BATCH, DIM, MAX_TOKENS, SBERT_VERSION, STAGE, TOKENIZER_VERSION};
use crate::error::{Error, Result};
use crate::model_dir::ModelDir;

/// Tokeniser + model; embeds texts.
pub struct Encoder {
    tokenizer: Tokenizer,
    model: Model,
    precision: Precision,
}

enum Model {
    Native(MiniLm),
    Ort(Mutex<ort::session::Session>),
}

/// What runs the model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Runner {
    /// The int8 model by the library ([`MiniLm`]), fp32 by ONNX Runtime.
    Default,
    /// ONNX Runtime for either (the reference the native run is tested against).
    OnnxRuntime,
}

/// BERT WordPiece read by [`WordPiece`] (the same ids, about 8 MB less
/// memory); any other `tokenizer.json` by `tokenizers`.
pub enum Tokenizer {
    WordPiece(WordPiece),
    Other(Box<tokenizers::Tokenizer>),
}

impl Tokenizer {
    /// Reads a `tokenizer.json` (`file` names it in errors).
    pub fn from_bytes(bytes: &[u8], file: &str) -> Result<Tokenizer> {
        match WordPiece::from_json(bytes).map_err(|e| Error::corrupt(file, format!("not a valid WordPiece tokenizer.json: {e}")))? {
            Some(w) => Ok(Tokenizer::WordPiece(w)),
            None => Ok(Tokenizer::Other(Box::new(Encoder::tokenizer_from_bytes(bytes, file)?))),
        }
    }

    /// Token ids of one text, [CLS] and [SEP] included, truncated at [`MAX_TOKENS`].
    pub fn token_ids(&self, text: &str) -> Result<Vec<u32>> {
        match self {
            Tokenizer::WordPiece(w) => Ok(w.encode(text, MAX_TOKENS)),
            Tokenizer::Other(t) => {
                let enc = t.encode(text, true).map_err(|e| Error::Inference { stage: STAGE, why: format!("tokenising: {e}") })?;
                Ok(enc.get_ids().to_vec())
            }
        }
    }
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
    /// both verified against the manifest. The fp32 model loads ONNX Runtime
    /// if it is not loaded yet (`onnxruntime`: its library; None = the usual places).
    pub fn open(dir: &ModelDir, threads: usize, precision: Precision, onnxruntime: Option<&std::path::Path>) -> Result<Encoder> {
        Self::open_with(dir, threads, precision, onnxruntime, Runner::Default)
    }

    /// [`Encoder::open`] with the model run by `runner`.
    pub fn open_with(dir: &ModelDir, threads: usize, precision: Precision, onnxruntime: Option<&std::path::Path>, runner: Runner) -> Result<Encoder> {
        let tok = dir.open_verified(ARTIFACT_TOKENIZER, TOKENIZER_VERSION)?;
        let tokenizer = Tokenizer::from_bytes(tok.bytes(), &tok.name())?;
        drop(tok);
        if precision == Precision::Int8 && runner == Runner::Default {
            let model = MiniLm::open(dir.open_verified(precision.artifact(), SBERT_VERSION)?, threads)?;
            crate::stages::release_free_heap();
            return Ok(Encoder { tokenizer, model: Model::Native(model), precision });
        }
        crate::stages::onnx::ensure_runtime(onnxruntime, dir.path())?;
        let model = dir.open_verified(precision.artifact(), SBERT_VERSION)?;
        let session = crate::stages::onnx::session_from_file(&model, threads)?;
        let names: Vec<&str> = session.inputs().iter().map(|i| i.name()).collect();
        for want in ["input_ids", "attention_mask", "token_type_ids"] {
            if !names.contains(&want) {
                return Err(Error::corrupt(model.name(), format!("model has no input {want:?} (inputs: {names:?})")));
            }
        }
        if !session.outputs().iter().any(|o| o.name() == "token_embeddings") {
            return Err(Error::corrupt(model.name(), "model has no output \"token_embeddings\""));
        }
        drop(model);
        crate::stages::release_free_heap();
        Ok(Encoder { tokenizer, model: Model::Ort(Mutex::new(session)), precision })
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
        self.tokenizer.token_ids(text)
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

    /// One model call: `texts.len() * DIM` pooled, normalised values.
    fn run(&self, texts: &[&str]) -> Result<Vec<f32>> {
        if texts.is_empty() {
            return Ok(Vec::new());
        }
        let session = match &self.model {
            Model::Ort(s) => s,
            Model::Native(m) => {
                // Each text on its own (no padding): the same as the padded
                // batch, whose padding the mask removes.
                let ids = texts.iter().map(|t| self.token_ids(t)).collect::<Result<Vec<_>>>()?;
                let states = m.token_states(&ids)?;
                let mut out = Vec::with_capacity(texts.len() * DIM);
                let mut at = 0;
                for t in &ids {
                    let n = t.len();
                    out.extend(mean_pool_normalize(&states[at * DIM..(at + n) * DIM], &vec![1; n], 1, n));
                    at += n;
                }
                return Ok(out);
            }
        };
        let b = self.batch(texts)?;
        let fail = |e: ort::Error| Error::Inference { stage: STAGE, why: e.to_string() };
        let shape = vec![b.rows as i64, b.seq as i64];
        let ids = ort::value::Tensor::from_array((shape.clone(), b.ids)).map_err(fail)?;
        let mask = ort::value::Tensor::from_array((shape.clone(), b.mask.clone())).map_err(fail)?;
        let types = ort::value::Tensor::from_array((shape, vec![0i64; b.rows * b.seq])).map_err(fail)?;
        let mut session = session.lock().unwrap_or_else(|p| p.into_inner());
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


#[cfg(test)]
mod tests {
    use super::*;

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
}
