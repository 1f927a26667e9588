//! A differentiable llama forward in candle over the dequantized (frozen)
//! weights of a llama-architecture GGUF, with LoRA on attn_q and attn_v.
//!
//! Only ops with a backward pass are used (see ENVIRONMENT.md, "gradient
//! trap"): `rms_norm_slow`, `softmax(x, D::Minus1)`, `rope_i_slow`. The GGUF
//! stores Q/K rows in the order llama.cpp's interleaved ("normal") RoPE
//! expects, which is candle's `rope_i` layout, so no permutation is needed.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{bail, Context, Result};
use candle_core::quantized::{gguf_file, QMatMul};
use candle_core::Module;
use candle_core::{CpuStorage, CustomOp1, DType, Device, Layout, Shape, Tensor, Var, D};

use crate::gguf::{Adapter, Pair};

#[derive(Debug, Clone)]
pub struct Config {
    pub n_layer: usize,
    pub d: usize,
    pub n_head: usize,
    pub n_kv: usize,
    pub head_dim: usize,
    pub eps: f32,
    pub rope_base: f32,
    pub vocab: usize,
}

struct Layer {
    attn_norm: Tensor,
    /// Weights transposed to (in, out), contiguous.
    wq: Tensor,
    wk: Tensor,
    wv: Tensor,
    wo: Tensor,
    ffn_norm: Tensor,
    gate: Tensor,
    up: Tensor,
    down: Tensor,
    /// The same seven projections as stored (q, k, v, o, gate, up, down), for
    /// the ggml-style quantized forward used by the parity check.
    qm: Vec<QMatMul>,
}

pub struct Base {
    pub cfg: Config,
    embd: Tensor,
    /// (d, vocab): the output projection transposed (tied to embd when the GGUF has no output.weight).
    out_t: Tensor,
    out_norm: Tensor,
    out_q: QMatMul,
    layers: Vec<Layer>,
    pub device: Device,
}

/// LoRA factors, stored transposed for the forward: x·Aᵀ·Bᵀ with
/// `a_t` = Aᵀ (in, r) and `b_t` = Bᵀ (r, out). llama.cpp's A is (r, in), B (out, r).
pub struct Lora {
    pub r: usize,
    pub alpha: f32,
    /// The first adapted layer: `q[i]` / `v[i]` adapt layer `from + i`. The
    /// layers below have no trainable factor, so backward never enters them.
    pub from: usize,
    pub q: Vec<(Var, Var)>,
    pub v: Vec<(Var, Var)>,
}

fn meta_u32(c: &gguf_file::Content, k: &str) -> Result<usize> {
    Ok(c.metadata.get(k).with_context(|| format!("GGUF metadata {k} missing"))?.to_u32()? as usize)
}
fn meta_f32(c: &gguf_file::Content, k: &str) -> Result<f32> {
    Ok(c.metadata.get(k).with_context(|| format!("GGUF metadata {k} missing"))?.to_f32()?)
}

impl Base {
    pub fn load(path: &Path) -> Result<Base> {
        let device = Device::Cpu;
        // An untied GGUF (`lm --untie`) read as the tied model it was made from.
        let bytes = crate::gguf::retie(std::fs::read(path).with_context(|| format!("reading {}", path.display()))?)?;
        let mut f = std::io::Cursor::new(bytes);
        let c = gguf_file::Content::read(&mut f).with_context(|| format!("reading GGUF {}", path.display()))?;
        let arch = c.metadata.get("general.architecture").and_then(|v| v.to_string().ok()).cloned().unwrap_or_default();
        if arch != "llama" {
            bail!("{}: architecture {arch:?}, the LoRA trainer handles llama only", path.display());
        }
        let d = meta_u32(&c, "llama.embedding_length")?;
        let n_head = meta_u32(&c, "llama.attention.head_count")?;
        let cfg = Config {
            n_layer: meta_u32(&c, "llama.block_count")?,
            d,
            n_head,
            n_kv: meta_u32(&c, "llama.attention.head_count_kv").unwrap_or(n_head),
            head_dim: d / n_head,
            eps: meta_f32(&c, "llama.attention.layer_norm_rms_epsilon")?,
            rope_base: meta_f32(&c, "llama.rope.freq_base").unwrap_or(10000.0),
            vocab: 0,
        };
        let deq = |q: &candle_core::quantized::QTensor| -> Result<Tensor> { Ok(q.dequantize(&device)?.to_dtype(DType::F32)?) };
        let get = |f: &mut std::io::Cursor<Vec<u8>>, name: &str| -> Result<Tensor> {
            deq(&c.tensor(f, name, &device).with_context(|| format!("tensor {name}"))?)
        };
        let t = |w: Tensor| -> Result<Tensor> { Ok(w.t()?.contiguous()?) };
        let embd = get(&mut f, "token_embd.weight")?;
        let out_name = if c.tensor_infos.contains_key("output.weight") { "output.weight" } else { "token_embd.weight" };
        let out_qt = c.tensor(&mut f, out_name, &device)?;
        let out_t = t(deq(&out_qt)?)?;
        let out_q = QMatMul::from_qtensor(out_qt)?;
        let out_norm = get(&mut f, "output_norm.weight")?;
        let mut layers = Vec::with_capacity(cfg.n_layer);
        for i in 0..cfg.n_layer {
            let p = format!("blk.{i}.");
            let mut qts = Vec::new();
            for n in ["attn_q", "attn_k", "attn_v", "attn_output", "ffn_gate", "ffn_up", "ffn_down"] {
                qts.push(c.tensor(&mut f, &format!("{p}{n}.weight"), &device).with_context(|| format!("tensor {p}{n}.weight"))?);
            }
            let w: Vec<Tensor> = qts.iter().map(|q| t(deq(q)?)).collect::<Result<_>>()?;
            layers.push(Layer {
                attn_norm: get(&mut f, &format!("{p}attn_norm.weight"))?,
                wq: w[0].clone(),
                wk: w[1].clone(),
                wv: w[2].clone(),
                wo: w[3].clone(),
                ffn_norm: get(&mut f, &format!("{p}ffn_norm.weight"))?,
                gate: w[4].clone(),
                up: w[5].clone(),
                down: w[6].clone(),
                qm: qts.into_iter().map(QMatMul::from_qtensor).collect::<candle_core::Result<_>>()?,
            });
        }
        let mut cfg = cfg;
        cfg.vocab = embd.dim(0)?;
        Ok(Base { cfg, embd, out_t, out_norm, out_q, layers, device })
    }

    /// (cos, sin) of shape (t, head_dim/2) for positions 0..t (llama.cpp's
    /// theta_i = pos * base^(-2i/head_dim)).
    fn rope(&self, t: usize) -> Result<(Tensor, Tensor)> {
        let hd = self.cfg.head_dim;
        let inv: Vec<f32> = (0..hd / 2).map(|i| 1.0 / self.cfg.rope_base.powf(2.0 * i as f32 / hd as f32)).collect();
        let mut cos = Vec::with_capacity(t * hd / 2);
        let mut sin = Vec::with_capacity(t * hd / 2);
        for p in 0..t {
            for &f in &inv {
                let a = p as f32 * f;
                cos.push(a.cos());
                sin.push(a.sin());
            }
        }
        Ok((Tensor::from_vec(cos, (t, hd / 2), &self.device)?, Tensor::from_vec(sin, (t, hd / 2), &self.device)?))
    }

    /// Final-norm hidden states (b, t, d) for right-padded `tokens` (b, t).
    pub fn hidden(&self, tokens: &Tensor, lora: Option<&Lora>) -> Result<Tensor> {
        self.hidden_impl(tokens, lora, false)
    }

    /// `quantized`: run the seven projections as ggml does on CPU (quantized
    /// weights, activations quantized to the kernel's 8-bit block type)
    /// instead of f32 matmuls on the dequantized weights. No gradients; only
    /// for checking the graph against llama.cpp.
    fn hidden_impl(&self, tokens: &Tensor, lora: Option<&Lora>, quantized: bool) -> Result<Tensor> {
        let (b, t) = tokens.dims2()?;
        let Config { d, n_head, n_kv, head_dim: hd, eps, .. } = self.cfg;
        let (cos, sin) = self.rope(t)?;
        let mask: Vec<f32> = (0..t).flat_map(|i| (0..t).map(move |j| if j > i { f32::NEG_INFINITY } else { 0.0 })).collect();
        let mask = Tensor::from_vec(mask, (t, t), &self.device)?;
        let mut x = self.embd.index_select(&tokens.flatten_all()?, 0)?; // (b*t, d)
        let scale = lora.map(|l| (l.alpha / l.r as f32) as f64).unwrap_or(0.0);
        let rep = n_head / n_kv;
        for (li, l) in self.layers.iter().enumerate() {
            let h = candle_nn::ops::rms_norm_slow(&x, &l.attn_norm, eps)?;
            // Adapted layers are differentiated: skip the frozen weights' gradients there.
            let adapted = lora.is_some_and(|lo| li >= lo.from);
            let mm = |i: usize, x: &Tensor, w: &Tensor| -> Result<Tensor> {
                Ok(if quantized {
                    l.qm[i].forward(x)?
                } else if adapted {
                    frozen_matmul(x, w)?
                } else {
                    x.matmul(w)?
                })
            };
            let mut q = mm(0, &h, &l.wq)?;
            let k = mm(1, &h, &l.wk)?;
            let mut v = mm(2, &h, &l.wv)?;
            if let Some(lo) = lora.filter(|lo| li >= lo.from) {
                let (a, bb) = &lo.q[li - lo.from];
                q = (q + (h.matmul(a.as_tensor())?.matmul(bb.as_tensor())? * scale)?)?;
                let (a, bb) = &lo.v[li - lo.from];
                v = (v + (h.matmul(a.as_tensor())?.matmul(bb.as_tensor())? * scale)?)?;
            }
            let q = q.reshape((b, t, n_head, hd))?.transpose(1, 2)?.contiguous()?;
            let k = k.reshape((b, t, n_kv, hd))?.transpose(1, 2)?.contiguous()?;
            let v = v.reshape((b, t, n_kv, hd))?.transpose(1, 2)?.contiguous()?;
            let q = candle_nn::rotary_emb::rope_i_slow(&q, &cos, &sin)?;
            let k = candle_nn::rotary_emb::rope_i_slow(&k, &cos, &sin)?;
            // GQA: q head h reads kv head h / rep.
            let expand = |z: Tensor| -> Result<Tensor> {
                Ok(z.unsqueeze(2)?.broadcast_as((b, n_kv, rep, t, hd))?.contiguous()?.reshape((b, n_head, t, hd))?)
            };
            let (k, v) = if rep > 1 { (expand(k)?, expand(v)?) } else { (k, v) };
            let att = (q.matmul(&k.t()?.contiguous()?)? / (hd as f64).sqrt())?;
            let att = att.broadcast_add(&mask)?;
            let att = candle_nn::ops::softmax(&att, D::Minus1)?;
            let y = att.matmul(&v)?.transpose(1, 2)?.contiguous()?.reshape((b * t, d))?;
            x = (x + mm(3, &y, &l.wo)?)?;
            let h = candle_nn::ops::rms_norm_slow(&x, &l.ffn_norm, eps)?;
            let g = mm(4, &h, &l.gate)?.silu()?;
            let u = mm(5, &h, &l.up)?;
            x = (x + mm(6, &(g * u)?, &l.down)?)?;
        }
        let x = candle_nn::ops::rms_norm_slow(&x, &self.out_norm, eps)?;
        Ok(x.reshape((b, t, d))?)
    }

    /// Logits (n, vocab) of the rows `rows` of the flattened (b*t, d) hidden states.
    pub fn logits_at(&self, hidden: &Tensor, rows: &[u32]) -> Result<Tensor> {
        let d = self.cfg.d;
        let flat = hidden.reshape(((), d))?;
        let idx = Tensor::from_slice(rows, rows.len(), &self.device)?;
        frozen_matmul(&flat.index_select(&idx, 0)?, &self.out_t)
    }

    /// Logits of every position of one sequence computed the ggml way
    /// (quantized projections), (t, vocab).
    pub fn logits_quantized(&self, tokens: &[u32]) -> Result<Tensor> {
        let x = Tensor::from_slice(tokens, (1, tokens.len()), &self.device)?;
        let h = self.hidden_impl(&x, None, true)?;
        Ok(self.out_q.forward(&h.reshape(((), self.cfg.d))?)?)
    }

    /// Logits of every position of one sequence, (t, vocab).
    pub fn logits(&self, tokens: &[u32], lora: Option<&Lora>) -> Result<Tensor> {
        let x = Tensor::from_slice(tokens, (1, tokens.len()), &self.device)?;
        let h = self.hidden(&x, lora)?;
        let rows: Vec<u32> = (0..tokens.len() as u32).collect();
        self.logits_at(&h, &rows)
    }
}

/// `x · w` for a frozen `w`. candle's matmul backward also computes the
/// right operand's gradient, as costly as the forward, even when it is no
/// variable; this op returns only `x`'s, which cuts a third of the adapted
/// layers' backward.
struct Frozen(Tensor);

impl CustomOp1 for Frozen {
    fn name(&self) -> &'static str {
        "frozen-matmul"
    }

    fn cpu_fwd(&self, storage: &CpuStorage, layout: &Layout) -> candle_core::Result<(CpuStorage, Shape)> {
        let CpuStorage::F32(x) = storage else { candle_core::bail!("frozen matmul: f32 input only") };
        let Some((o1, o2)) = layout.contiguous_offsets() else { candle_core::bail!("frozen matmul: contiguous input only") };
        let y = Tensor::from_slice(&x[o1..o2], layout.shape(), &Device::Cpu)?.matmul(&self.0)?;
        let shape = y.shape().clone();
        Ok((CpuStorage::F32(y.flatten_all()?.to_vec1::<f32>()?), shape))
    }

    fn bwd(&self, _arg: &Tensor, _res: &Tensor, grad: &Tensor) -> candle_core::Result<Option<Tensor>> {
        Ok(Some(grad.matmul(&self.0.t()?)?))
    }
}

/// `x · w` (w frozen), differentiable in `x` only.
pub fn frozen_matmul(x: &Tensor, w: &Tensor) -> Result<Tensor> {
    Ok(x.contiguous()?.apply_op1(Frozen(w.clone()))?)
}

/// Deterministic initialiser: the shared SplitMix64 (`crate::rng`, the evaluator's stream).
pub use crate::rng::SplitMix as Rng;

impl Lora {
    /// A ~ U(-1/sqrt(in), 1/sqrt(in)) (PEFT's kaiming-uniform bound), B = 0,
    /// so the adapted model starts as the base model.
    #[cfg(test)]
    pub fn new(cfg: &Config, r: usize, alpha: f32, seed: u64, device: &Device) -> Result<Lora> {
        Self::new_from(cfg, 0, r, alpha, seed, device)
    }

    /// Factors for layers `from..` only.
    pub fn new_from(cfg: &Config, from: usize, r: usize, alpha: f32, seed: u64, device: &Device) -> Result<Lora> {
        let mut rng = Rng(seed);
        let d = cfg.d;
        let kv = cfg.n_kv * cfg.head_dim;
        let mut mk = |out: usize| -> Result<(Var, Var)> {
            let bound = 1.0 / (d as f32).sqrt();
            let a: Vec<f32> = (0..d * r).map(|_| (rng.uniform() * 2.0 - 1.0) * bound).collect();
            Ok((Var::from_tensor(&Tensor::from_vec(a, (d, r), device)?)?, Var::zeros((r, out), DType::F32, device)?))
        };
        let mut q = Vec::new();
        let mut v = Vec::new();
        for _ in from.min(cfg.n_layer)..cfg.n_layer {
            q.push(mk(d)?);
            v.push(mk(kv)?);
        }
        Ok(Lora { r, alpha, from, q, v })
    }

    pub fn vars(&self) -> Vec<Var> {
        self.q.iter().chain(&self.v).flat_map(|(a, b)| [a.clone(), b.clone()]).collect()
    }

    pub fn params(&self) -> usize {
        self.vars().iter().map(|v| v.elem_count()).sum()
    }
}

/// The trained pairs as adapter tensors (`crate::gguf`'s format), keyed by the base tensor name.
impl Adapter {
    pub fn from_lora(l: &Lora) -> Result<Adapter> {
        let mut pairs = BTreeMap::new();
        for (kind, list) in [("attn_q", &l.q), ("attn_v", &l.v)] {
            for (i, (a_t, b_t)) in list.iter().enumerate() {
                let (n_in, r) = a_t.as_tensor().dims2()?;
                let (_, n_out) = b_t.as_tensor().dims2()?;
                let a = a_t.as_tensor().t()?.contiguous()?.flatten_all()?.to_vec1::<f32>()?;
                let b = b_t.as_tensor().t()?.contiguous()?.flatten_all()?.to_vec1::<f32>()?;
                pairs.insert(format!("blk.{}.{kind}.weight", l.from + i), Pair { a, b, r, n_in, n_out });
            }
        }
        Ok(Adapter { alpha: l.alpha, pairs })
    }
}
