//! The int8 Sentence-BERT (`sbert-int8.onnx`) run by the library itself.
//!
//! Why not ONNX Runtime: its session of this model kept about 34 MB resident
//! (every initializer, the 11.7 MB word-embedding table included, plus its
//! own state), the largest piece of a request that needs both the encoder
//! and the LLM (docs/performance.md, "Memory"). Here the int8 linear weights
//! stay int8 in memory, and the word-embedding rows are read in place from
//! the verified mapping: only the rows of the tokens a call sees become
//! resident. An int8 layer's input is quantised to int8 per token and block
//! of the weight's 32-row scale blocks (as llama.cpp's Q8_0 does), and each
//! block's products are summed exactly in integers (AVX-512 VNNI where the
//! CPU has it), then scaled: the time of a title fell from about 5.4 ms with
//! f32 inputs to 2.3 ms, against ONNX Runtime's 3.2 ms, at its accuracy
//! (tests/stages.rs). fp32 layers stay fp32. The graph is the one
//! `dualrec-train sbert` writes (BERT: embeddings, LayerNorm, `n` layers of
//! self-attention and a GELU feed-forward, each with a residual and
//! LayerNorm); opening checks its initializers' names, shapes and types and
//! the attributes this code assumes, and refuses anything else. Every
//! kernel gives the same bits, so the phrase table made on one machine
//! holds on another.

use std::ops::Range;

use super::{DIM, STAGE};
use crate::error::{Error, Result};
use crate::model_dir::manifest::{release_pages, VerifiedFile};
use crate::stages::cpu::Kernel;
use crate::stages::onnx_file::{parse, Loader, INT64, INT8};

/// fp32 weight rows a column block takes at once (16 KB: they stay in L1
/// while every token goes by).
const ROWS_AT_ONCE: usize = 32;
/// Products below which a linear layer runs on the calling thread only
/// (starting a thread costs about what 2M products take).
const PARALLEL_MIN: usize = 8 << 20;


struct Norm {
    w: Vec<f32>,
    b: Vec<f32>,
}

enum Weight {
    /// `[rows, cols]` fp32, stored as column blocks of the kernel's `width`
    /// (each `[rows, width]`, row-major; columns past `cols` are 0).
    F32 { packed: Vec<f32>, width: usize },
    /// int8 with one scale per column and block of `block` rows
    /// (symmetric: every zero point 0), packed for the integer kernels
    /// (see [`pack_int8`]); `scale` is `[rows / block, cols]`.
    Int8 { packed: Vec<u8>, scale: Vec<f32>, block: usize },
}

/// `y = x W + b`, W `[rows (in), cols (out)]` row-major as the graph stores `weight_t`.
struct Linear {
    w: Weight,
    bias: Vec<f32>,
    rows: usize,
    cols: usize,
}

struct Layer {
    q: Linear,
    k: Linear,
    v: Linear,
    o: Linear,
    ln1: Norm,
    up: Linear,
    down: Linear,
    ln2: Norm,
}

pub struct MiniLm {
    file: VerifiedFile,
    word: Range<usize>,
    word_scale: Vec<f32>,
    vocab: usize,
    pos: Vec<f32>,
    max_pos: usize,
    token_type0: Vec<f32>,
    emb_ln: Norm,
    layers: Vec<Layer>,
    heads: usize,
    attn_scale: f32,
    sqrt2: f32,
    eps: f32,
    threads: usize,
}

// ---- loading (the ONNX reader: stages/onnx_file.rs) ----

impl Loader<'_> {
    fn norm(&self, prefix: &str) -> Result<Norm> {
        Ok(Norm { w: self.f32s(&format!("{prefix}.weight"), &[DIM])?, b: self.f32s(&format!("{prefix}.bias"), &[DIM])? })
    }
    /// `prefix.weight_t` (f32) or `prefix.weight_t.{q,scale,zero}` (int8 blocks).
    fn linear(&self, prefix: &str, rows: usize, cols: usize, block: usize) -> Result<Linear> {
        let bias = self.f32s(&format!("{prefix}.bias"), &[cols])?;
        let w = if self.inits.contains_key(&format!("{prefix}.weight_t")) {
            Weight::f32(&self.f32s(&format!("{prefix}.weight_t"), &[rows, cols])?, rows, cols, Kernel::get().width())
        } else {
            if block == 0 || !rows.is_multiple_of(block) {
                return Err(Error::corrupt(&self.file, format!("{prefix}: {rows} rows do not split into blocks of {block}")));
            }
            let nb = rows / block;
            if !block.is_multiple_of(4) || block > MAX_BLOCK {
                return Err(Error::corrupt(&self.file, format!("{prefix}: int8 blocks of {block} rows (this library takes multiples of 4 up to {MAX_BLOCK})")));
            }
            let zero = self.i8s(&format!("{prefix}.weight_t.zero"), &[nb, cols])?;
            if zero.iter().any(|&z| z != 0) {
                return Err(Error::corrupt(&self.file, format!("{prefix}: int8 weights with zero points other than 0 (this library takes symmetric ones)")));
            }
            let q = self.i8s(&format!("{prefix}.weight_t.q"), &[rows, cols])?;
            Weight::int8(&q, &self.f32s(&format!("{prefix}.weight_t.scale"), &[nb, cols])?, rows, cols, block)
        };
        Ok(Linear { w, bias, rows, cols })
    }
}

impl MiniLm {
    /// Reads the verified `sbert-int8.onnx` (its mapping's pages are handed
    /// back once the weights are copied; the word-embedding rows stay in place).
    pub fn open(file: VerifiedFile, threads: usize) -> Result<MiniLm> {
        let name = file.name();
        let b = file.bytes();
        let (inits, nodes) = parse(b).map_err(|e| Error::corrupt(&name, format!("not an ONNX model this library can run: {e}")))?;
        let bad = |why: String| Error::corrupt(&name, why);
        // The attributes this code assumes, as the graph states them.
        let attr = |op: &str, a: &str| -> Vec<(f32, i64)> {
            nodes.iter().filter(|n| n.0 == op).flat_map(|n| n.1.iter().filter(|x| x.0 == a).map(|x| (x.1, x.2))).collect()
        };
        let eps: Vec<f32> = attr("LayerNormalization", "epsilon").iter().map(|x| x.0).collect();
        let eps = match eps.as_slice() {
            [e, rest @ ..] if rest.iter().all(|x| x == e) => *e,
            _ => return Err(bad(format!("LayerNormalization epsilons {eps:?}: expected one value"))),
        };
        let blocks: Vec<i64> = attr("DequantizeLinear", "block_size").iter().map(|x| x.1).collect();
        let axes: Vec<i64> = attr("DequantizeLinear", "axis").iter().map(|x| x.1).collect();
        if axes.iter().any(|&a| a != 0) {
            return Err(bad(format!("DequantizeLinear along axes {axes:?}: expected 0")));
        }
        let block = match blocks.as_slice() {
            [] => 0,
            [k, rest @ ..] if rest.iter().all(|x| x == k) && *k > 0 => *k as usize,
            _ => return Err(bad(format!("DequantizeLinear block sizes {blocks:?}: expected one value"))),
        };
        let layers_n = (0..).take_while(|l| inits.contains_key(&format!("encoder.layer.{l}.attention.self.query.bias"))).count();
        let l = Loader { b, inits, file: name.clone() };
        let word = l.inits.get("embeddings.word_embeddings.weight.q").ok_or_else(|| bad("model has no int8 word embeddings".into()))?;
        let vocab = *word.dims.first().unwrap_or(&0);
        let word = l.get("embeddings.word_embeddings.weight.q", INT8, &[vocab, DIM])?.raw.clone();
        let word_scale = l.f32s("embeddings.word_embeddings.weight.scale", &[vocab])?;
        let max_pos = l.inits.get("embeddings.position_embeddings.weight").map_or(0, |i| *i.dims.first().unwrap_or(&0));
        let pos = l.f32s("embeddings.position_embeddings.weight", &[max_pos, DIM])?;
        let token_type0 = l.f32s("embeddings.token_type_embeddings.weight", &[2, DIM])?[..DIM].to_vec();
        let emb_ln = l.norm("embeddings.LayerNorm")?;
        let split: Vec<i64> = {
            let i = l.get("const.split_heads", INT64, &[4])?;
            b[i.raw.clone()].chunks_exact(8).map(|c| i64::from_le_bytes(c.try_into().expect("8 bytes"))).collect()
        };
        let heads = split[2].max(0) as usize;
        if heads == 0 || split[3] <= 0 || heads * split[3] as usize != DIM {
            return Err(bad(format!("attention heads {split:?} do not split {DIM}")));
        }
        let ff = l.inits.get("encoder.layer.0.intermediate.dense.bias").map_or(0, |i| *i.dims.first().unwrap_or(&0));
        let mut layers = Vec::with_capacity(layers_n);
        for i in 0..layers_n {
            let p = format!("encoder.layer.{i}");
            layers.push(Layer {
                q: l.linear(&format!("{p}.attention.self.query"), DIM, DIM, block)?,
                k: l.linear(&format!("{p}.attention.self.key"), DIM, DIM, block)?,
                v: l.linear(&format!("{p}.attention.self.value"), DIM, DIM, block)?,
                o: l.linear(&format!("{p}.attention.output.dense"), DIM, DIM, block)?,
                ln1: l.norm(&format!("{p}.attention.output.LayerNorm"))?,
                up: l.linear(&format!("{p}.intermediate.dense"), DIM, ff, block)?,
                down: l.linear(&format!("{p}.output.dense"), ff, DIM, block)?,
                ln2: l.norm(&format!("{p}.output.LayerNorm"))?,
            });
            // The copied layer's pages go back now, not at the end: the
            // load never holds the file and its copy together.
            release_pages(&file.map, 0, file.map.len());
        }
        if layers.is_empty() {
            return Err(bad("model has no encoder layers".into()));
        }
        let attn_scale = l.scalar("const.attn_scale")?;
        let sqrt2 = l.scalar("const.sqrt2")?;
        drop(l);
        release_pages(&file.map, 0, file.map.len());
        Ok(MiniLm { file, word, word_scale, vocab, pos, max_pos, token_type0, emb_ln, layers, heads, attn_scale, sqrt2, eps, threads: threads.max(1) })
    }

    /// The last layer's token states of each text (`ids[r]`: its token ids,
    /// [CLS] and [SEP] included), concatenated: `Σ len × DIM` values.
    pub fn token_states(&self, ids: &[Vec<u32>]) -> Result<Vec<f32>> {
        let n: usize = ids.iter().map(Vec::len).sum();
        let mut x = vec![0f32; n * DIM];
        let mut at = 0;
        let word = &self.file.bytes()[self.word.clone()];
        for t in ids {
            if t.len() > self.max_pos {
                return Err(Error::Inference { stage: STAGE, why: format!("{} tokens, the model takes {}", t.len(), self.max_pos) });
            }
            for (p, &id) in t.iter().enumerate() {
                let id = id as usize;
                if id >= self.vocab {
                    return Err(Error::Inference { stage: STAGE, why: format!("token id {id} outside the vocabulary of {}", self.vocab) });
                }
                let row = &mut x[(at + p) * DIM..(at + p + 1) * DIM];
                let q = &word[id * DIM..(id + 1) * DIM];
                let s = self.word_scale[id];
                let pe = &self.pos[p * DIM..(p + 1) * DIM];
                for d in 0..DIM {
                    // The graph's order: (Cast(q) * scale + position) + token type.
                    row[d] = (f32::from(q[d] as i8) * s + pe[d]) + self.token_type0[d];
                }
                layer_norm(row, &self.emb_ln, self.eps);
            }
            at += t.len();
        }
        // The rows read go back: an 11.7 MB table would otherwise become
        // resident a few pages per call.
        release_pages(&self.file.map, self.word.start, self.word.len());
        let lens: Vec<usize> = ids.iter().map(Vec::len).collect();
        for layer in &self.layers {
            x = self.layer(layer, &x, &lens);
        }
        Ok(x)
    }

    fn layer(&self, l: &Layer, x: &[f32], lens: &[usize]) -> Vec<f32> {
        let n = x.len() / DIM;
        let input = Input::new(x, n);
        let q = l.q.apply(&input, self.threads);
        let k = l.k.apply(&input, self.threads);
        let v = l.v.apply(&input, self.threads);
        let hd = DIM / self.heads;
        let mut ctx = vec![0f32; n * DIM];
        let mut at = 0;
        let mut p = Vec::new();
        for &len in lens {
            for h in 0..self.heads {
                for i in 0..len {
                    let qi = &q[(at + i) * DIM + h * hd..(at + i) * DIM + (h + 1) * hd];
                    p.clear();
                    p.extend((0..len).map(|j| super::encoder::dot(qi, &k[(at + j) * DIM + h * hd..(at + j) * DIM + (h + 1) * hd]) * self.attn_scale));
                    let max = p.iter().fold(f32::NEG_INFINITY, |m, &v| m.max(v));
                    // libm's expf: the same bits on every platform (the phrase table is pinned).
                    p.iter_mut().for_each(|v| *v = libm::expf(*v - max));
                    let sum: f32 = p.iter().sum();
                    p.iter_mut().for_each(|v| *v /= sum);
                    let out = &mut ctx[(at + i) * DIM + h * hd..(at + i) * DIM + (h + 1) * hd];
                    for (j, &pj) in p.iter().enumerate() {
                        let vj = &v[(at + j) * DIM + h * hd..(at + j) * DIM + (h + 1) * hd];
                        out.iter_mut().zip(vj).for_each(|(o, &vv)| *o += pj * vv);
                    }
                }
            }
            at += len;
        }
        let mut h1 = l.o.apply(&Input::new(&ctx, n), self.threads);
        for (r, xr) in h1.chunks_exact_mut(DIM).zip(x.chunks_exact(DIM)) {
            r.iter_mut().zip(xr).for_each(|(a, &b)| *a += b);
            layer_norm(r, &l.ln1, self.eps);
        }
        let mut up = l.up.apply(&Input::new(&h1, n), self.threads);
        gelu(&mut up, self.sqrt2);
        let mut out = l.down.apply(&Input::new(&up, n), self.threads);
        for (r, hr) in out.chunks_exact_mut(DIM).zip(h1.chunks_exact(DIM)) {
            r.iter_mut().zip(hr).for_each(|(a, &b)| *a += b);
            layer_norm(r, &l.ln2, self.eps);
        }
        out
    }
}

impl Weight {
    /// Row-major `[rows, cols]` fp32, packed for the fp32 kernel of `width` columns.
    fn f32(m: &[f32], rows: usize, cols: usize, width: usize) -> Weight {
        let blocks = cols.div_ceil(width);
        let mut packed = vec![0f32; blocks * rows * width];
        for (b, to) in packed.chunks_exact_mut(rows * width).enumerate() {
            let c0 = b * width;
            let w = (cols - c0).min(width);
            for (r, row) in to.chunks_exact_mut(width).enumerate() {
                row[..w].copy_from_slice(&m[r * cols + c0..r * cols + c0 + w]);
            }
        }
        Weight::F32 { packed, width }
    }

    /// Symmetric int8 `q` (`[rows, cols]`) with `scale` (`[rows / block, cols]`),
    /// packed; the scales are padded to whole column groups (zeros).
    fn int8(q: &[i8], scale: &[f32], rows: usize, cols: usize, block: usize) -> Weight {
        let cp = cols.next_multiple_of(GROUP);
        let mut padded = vec![0f32; rows / block * cp];
        for (to, from) in padded.chunks_exact_mut(cp).zip(scale.chunks_exact(cols)) {
            to[..cols].copy_from_slice(from);
        }
        Weight::Int8 { packed: pack_int8(q, rows, cols), scale: padded, block }
    }
}

/// Rows per int8 scale block at most: a block's sum of products (each at
/// most 127²) stays below 2^24, exact in f32, where the kernels without
/// VNNI take it.
const MAX_BLOCK: usize = (1 << 24) / (127 * 127);

/// Output columns an int8 kernel computes at once (four 16-lane vectors).
const GROUP: usize = 64;

/// int8 weights `[rows, cols]` laid out for `vpdpbusd`: column groups of
/// [`GROUP`], within a group rows four at a time, within those each column's
/// four weights side by side; stored as `q + 128`: the instruction
/// multiplies unsigned bytes by signed ones, the weights take the unsigned
/// side, and the `+ 128` comes back out through one term per token and block
/// ([`QuantisedInput`]'s `corr`). Columns past `cols` are 0 (128).
fn pack_int8(q: &[i8], rows: usize, cols: usize) -> Vec<u8> {
    let groups = cols.div_ceil(GROUP);
    let quads = rows.div_ceil(4);
    let mut p = vec![128u8; groups * quads * GROUP * 4];
    for r in 0..rows {
        for c in 0..cols {
            let (g, j) = (c / GROUP, c % GROUP);
            p[((g * quads + r / 4) * GROUP + j) * 4 + r % 4] = (q[r * cols + c] as u8) ^ 0x80;
        }
    }
    p
}

/// A linear layer's input quantised to int8 per token and block of the
/// weight's rows (as llama.cpp's Q8_0 quantises activations): `a ≈ q * scale`,
/// scale = max |a| / 127 over the block. `corr` is `-128 × Σ q`, the term the
/// packed weights' `+ 128` adds to each block's integer sum.
struct QuantisedInput {
    q: Vec<i8>,
    scale: Vec<f32>,
    corr: Vec<i32>,
    blocks: usize,
    /// Rows per block.
    block: usize,
}

/// A layer's input as the linear layers that read it take it: quantised
/// once, by the first int8 layer that needs it (the query and key
/// projections read the same input).
struct Input<'a> {
    x: &'a [f32],
    n: usize,
    quantised: std::cell::OnceCell<QuantisedInput>,
}

impl<'a> Input<'a> {
    fn new(x: &'a [f32], n: usize) -> Self {
        Input { x, n, quantised: std::cell::OnceCell::new() }
    }

    /// Quantised in blocks of `block` of its `rows` (one block size a model:
    /// `MiniLm::open` takes one).
    fn quantised(&self, rows: usize, block: usize) -> &QuantisedInput {
        let q = self.quantised.get_or_init(|| QuantisedInput::new(self.x, self.n, rows, block));
        assert_eq!(q.block, block, "one input read in blocks of two sizes");
        q
    }
}

impl QuantisedInput {
    fn new(x: &[f32], n: usize, rows: usize, block: usize) -> Self {
        let blocks = rows / block;
        let mut qx = QuantisedInput { q: vec![0i8; n * rows], scale: vec![0f32; n * blocks], corr: vec![0i32; n * blocks], blocks, block };
        match Kernel::get() {
            // SAFETY: Kernel::get chose it only where the CPU has the features.
            #[cfg(target_arch = "x86_64")]
            Kernel::Avx512 => unsafe { qx.fill_avx512(x, block) },
            _ => qx.fill(x, block),
        }
        qx
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx512f,avx2,fma")]
    unsafe fn fill_avx512(&mut self, x: &[f32], block: usize) {
        self.fill(x, block);
    }

    /// The same operations at every width: the same bits everywhere.
    #[inline(always)]
    fn fill(&mut self, x: &[f32], block: usize) {
        for (i, (xb, qb)) in x.chunks_exact(block).zip(self.q.chunks_exact_mut(block)).enumerate() {
            // Sixteen running maxima, then theirs (the order does not change a maximum): it vectorises.
            let mut lanes = [0f32; 16];
            let mut chunks = xb.chunks_exact(16);
            for c in &mut chunks {
                for (m, v) in lanes.iter_mut().zip(c) {
                    *m = if v.abs() > *m { v.abs() } else { *m };
                }
            }
            let max = chunks.remainder().iter().chain(&lanes).fold(0f32, |m, v| if v.abs() > m { v.abs() } else { m });
            if max > 0.0 {
                let inv = 127.0 / max;
                let mut sum = 0i32;
                for (d, &v) in qb.iter_mut().zip(xb) {
                    // Rounded half to even by adding 1.5 × 2^23: the integer
                    // lands in the low mantissa bits (exact for |v| < 2^22,
                    // here ≤ 127). Integer operations only, so it vectorises
                    // (`round_ties_even` and `as i8` do not on baseline x86-64).
                    let r = ((v * inv + 12_582_912.0).to_bits() as i32 - 0x4b40_0000).clamp(-127, 127);
                    *d = r as i8;
                    sum += r;
                }
                self.scale[i] = max / 127.0;
                self.corr[i] = -128 * sum;
            }
        }
    }
}

impl Linear {
    /// `x` (`n × rows`) times W plus the bias: `n × cols`. Column blocks are
    /// split over `threads`. fp32 weights: every output sums its products in
    /// row order, fused. int8 weights: the input is quantised per token and
    /// block ([`QuantisedInput`]), each block's products are summed exactly
    /// in integers, then scaled and added in block order, fused. Either way
    /// the result is the same bits on every CPU, kernel and thread count.
    fn apply(&self, input: &Input, threads: usize) -> Vec<f32> {
        let (x, n) = (input.x, input.n);
        let mut y = match &self.w {
            Weight::F32 { .. } => {
                let k = Kernel::get();
                self.by_columns(n, k.width(), threads, |c0| self.column_block(k, x, n, c0))
            }
            Weight::Int8 { block, .. } => {
                let qx = input.quantised(self.rows, *block);
                let k = IntKernel::get();
                self.by_columns(n, GROUP, threads, |c0| self.int8_group(k, qx, n, c0 / GROUP))
            }
        };
        for r in y.chunks_exact_mut(self.cols) {
            r.iter_mut().zip(&self.bias).for_each(|(a, &b)| *a += b);
        }
        y
    }

    /// Runs `block(c0)` (`n × width` outputs of columns `c0..`, row-major;
    /// a block past `cols` may compute padding, which is dropped) for every
    /// block, over up to `threads` threads, into `n × cols`.
    fn by_columns(&self, n: usize, width: usize, threads: usize, block: impl Fn(usize) -> Vec<f32> + Sync) -> Vec<f32> {
        let blocks: Vec<usize> = (0..self.cols).step_by(width).collect();
        let threads = if n * self.rows * self.cols < PARALLEL_MIN { 1 } else { threads.clamp(1, blocks.len()) };
        let per = blocks.len().div_ceil(threads);
        let block = &block;
        let parts: Vec<Vec<f32>> = std::thread::scope(|sc| {
            let handles: Vec<_> = blocks.chunks(per).skip(1).map(|bs| sc.spawn(move || bs.iter().map(|&c0| block(c0)).collect::<Vec<_>>())).collect();
            let mut all: Vec<Vec<f32>> = blocks[..per.min(blocks.len())].iter().map(|&c0| block(c0)).collect();
            for h in handles {
                all.extend(h.join().expect("encoder worker panicked"));
            }
            all
        });
        let mut y = vec![0f32; n * self.cols];
        for (&c0, part) in blocks.iter().zip(&parts) {
            let w = (c0 + width).min(self.cols) - c0;
            let stride = part.len() / n.max(1);
            for t in 0..n {
                y[t * self.cols + c0..t * self.cols + c0 + w].copy_from_slice(&part[t * stride..t * stride + w]);
            }
        }
        y
    }

    /// Columns `c0..c0 + k.width()` of `x W` (`n × width`, row-major; the
    /// weights were packed for this kernel's width at load).
    fn column_block(&self, k: Kernel, x: &[f32], n: usize, c0: usize) -> Vec<f32> {
        match k {
            // SAFETY: Kernel::get chose these only where the CPU has the features.
            #[cfg(target_arch = "x86_64")]
            Kernel::Avx512 => unsafe { self.column_block_avx512(x, n, c0) },
            #[cfg(target_arch = "x86_64")]
            Kernel::Avx2 => unsafe { self.column_block_avx2(x, n, c0) },
            Kernel::Portable => self.column_block_portable::<64, false>(x, n, c0),
        }
    }

    /// 512-bit vectors: a token's 128 sums in 8 of its 32 registers.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx512f,avx2,fma")]
    unsafe fn column_block_avx512(&self, x: &[f32], n: usize, c0: usize) -> Vec<f32> {
        self.column_block_portable::<128, true>(x, n, c0)
    }

    /// 256-bit vectors: a token's 64 sums in 8 of its 16 registers.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2,fma")]
    unsafe fn column_block_avx2(&self, x: &[f32], n: usize, c0: usize) -> Vec<f32> {
        self.column_block_portable::<64, false>(x, n, c0)
    }

    /// fp32 weights, [`ROWS_AT_ONCE`] rows at a time; each token's `C` sums
    /// stay in registers while the rows go by. `n × C` (padding included).
    #[inline(always)]
    fn column_block_portable<const C: usize, const PAIRS: bool>(&self, x: &[f32], n: usize, c0: usize) -> Vec<f32> {
        let Weight::F32 { packed, width } = &self.w else { unreachable!("fp32 kernel on int8 weights") };
        assert_eq!(*width, C, "fp32 weights packed for another kernel");
        let m = &packed[c0 * self.rows..(c0 + C) * self.rows];
        let mut out = vec![0f32; n * C];
        for r0 in (0..self.rows).step_by(ROWS_AT_ONCE) {
            let r1 = (r0 + ROWS_AT_ONCE).min(self.rows);
            let wb = &m[r0 * C..r1 * C];
            let mut t = 0;
            while t < n {
                let xt = &x[t * self.rows + r0..t * self.rows + r1];
                if PAIRS && t + 1 < n {
                    // Two tokens share each weight load (AVX-512's 32 registers
                    // hold both tokens' sums).
                    let xu = &x[(t + 1) * self.rows + r0..(t + 1) * self.rows + r1];
                    let (head, tail) = out[t * C..(t + 2) * C].split_at_mut(C);
                    let mut a: [f32; C] = (&*head).try_into().expect("a full block");
                    let mut b: [f32; C] = (&*tail).try_into().expect("a full block");
                    for ((&xa, &xb), wr) in xt.iter().zip(xu).zip(wb.chunks_exact(C)) {
                        let wr: &[f32; C] = wr.try_into().expect("a full block");
                        for j in 0..C {
                            a[j] = xa.mul_add(wr[j], a[j]);
                            b[j] = xb.mul_add(wr[j], b[j]);
                        }
                    }
                    head.copy_from_slice(&a);
                    tail.copy_from_slice(&b);
                    t += 2;
                    continue;
                }
                let o = &mut out[t * C..(t + 1) * C];
                let mut acc: [f32; C] = (&*o).try_into().expect("a full block");
                for (&xv, wr) in xt.iter().zip(wb.chunks_exact(C)) {
                    let wr: &[f32; C] = wr.try_into().expect("a full block");
                    for j in 0..C {
                        // Fused (one rounding) on every CPU: the same bits
                        // with or without hardware FMA, at any width.
                        acc[j] = xv.mul_add(wr[j], acc[j]);
                    }
                }
                o.copy_from_slice(&acc);
                t += 1;
            }
        }
        out
    }

    /// Column group `g` ([`GROUP`] columns, padding included) of the int8
    /// layer: `n × GROUP`, row-major.
    fn int8_group(&self, k: IntKernel, qx: &QuantisedInput, n: usize, g: usize) -> Vec<f32> {
        match k {
            // SAFETY: IntKernel::get chose it only where the CPU has the features.
            #[cfg(target_arch = "x86_64")]
            IntKernel::Vnni => unsafe { self.int8_group_vnni(qx, n, g) },
            // SAFETY: as above.
            #[cfg(target_arch = "x86_64")]
            IntKernel::Avx2 => unsafe { self.int8_group_avx2(qx, n, g) },
            IntKernel::Portable => self.int8_group_portable::<{ cfg!(any(target_arch = "aarch64", target_feature = "fma")) }>(qx, n, g),
        }
    }

    /// The reference compiled for AVX2 (x86 CPUs without VNNI): 8 lanes of
    /// fused multiply-adds at a time (a title about 6.4 ms here, against
    /// 2.3 ms with VNNI).
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2,fma")]
    unsafe fn int8_group_avx2(&self, qx: &QuantisedInput, n: usize, g: usize) -> Vec<f32> {
        self.int8_group_portable::<true>(qx, n, g)
    }

    /// The reference: per token and column, each block's products summed
    /// exactly, then `acc = fma(sum * input scale, weight scale, acc)` block
    /// by block. Here the sums are taken in f32 over integer values: every
    /// product (≤ 127²) and partial sum (≤ 32 × 127² < 2^24) is exact, so
    /// they are the integer sums, in any order and with or without fused
    /// multiply-adds, and the loop vectorises on any SIMD (NEON, SSE, AVX2).
    #[inline(always)]
    fn int8_group_portable<const FUSED: bool>(&self, qx: &QuantisedInput, n: usize, g: usize) -> Vec<f32> {
        let Weight::Int8 { packed, scale, block } = &self.w else { unreachable!("int8 kernel on fp32 weights") };
        let (quads, cp, block) = (self.rows.div_ceil(4), self.cols.next_multiple_of(GROUP), *block);
        let w = &packed[g * quads * GROUP * 4..(g + 1) * quads * GROUP * 4];
        let mut out = vec![0f32; n * GROUP];
        let mut wb = vec![0f32; block * GROUP];
        for b in 0..qx.blocks {
            // The block's weights as f32 integers, row-major: four rows from
            // each packed quad, read once in order (an interleaved load the
            // compiler vectorises).
            let quads_b = &w[b * block * GROUP..(b + 1) * block * GROUP];
            for (rows4, quad) in wb.chunks_exact_mut(4 * GROUP).zip(quads_b.chunks_exact(4 * GROUP)) {
                let (r01, r23) = rows4.split_at_mut(2 * GROUP);
                let (r0, r1) = r01.split_at_mut(GROUP);
                let (r2, r3) = r23.split_at_mut(GROUP);
                for (c, c4) in quad.chunks_exact(4).enumerate() {
                    r0[c] = f32::from((c4[0] ^ 0x80) as i8);
                    r1[c] = f32::from((c4[1] ^ 0x80) as i8);
                    r2[c] = f32::from((c4[2] ^ 0x80) as i8);
                    r3[c] = f32::from((c4[3] ^ 0x80) as i8);
                }
            }
            let ws = &scale[b * cp + g * GROUP..b * cp + (g + 1) * GROUP];
            for t in 0..n {
                let a = &qx.q[t * self.rows + b * block..t * self.rows + (b + 1) * block];
                let mut sum = [0f32; GROUP];
                for (&av, wr) in a.iter().zip(wb.chunks_exact(GROUP)) {
                    let av = f32::from(av);
                    for (s, &wv) in sum.iter_mut().zip(wr) {
                        // Exact either way: fused where the CPU fuses.
                        *s = if FUSED { av.mul_add(wv, *s) } else { *s + av * wv };
                    }
                }
                let sa = qx.scale[t * qx.blocks + b];
                for ((o, &s), &wsv) in out[t * GROUP..(t + 1) * GROUP].iter_mut().zip(&sum).zip(ws) {
                    *o = (s * sa).mul_add(wsv, *o);
                }
            }
        }
        out
    }

    /// AVX-512 VNNI: `vpdpbusd` sums four byte products into each of 16
    /// lanes. Blocks outermost: a block's 2 KB of weights comes from memory
    /// once and stays in L1 while tiles of up to six tokens (their 4 × 16
    /// sums in registers) go by. The same operations as the reference, in
    /// the same order, so the same bits.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx512f,avx512bw,avx512vnni,fma")]
    unsafe fn int8_group_vnni(&self, qx: &QuantisedInput, n: usize, g: usize) -> Vec<f32> {
        let mut out = vec![0f32; n * GROUP];
        for b in 0..qx.blocks {
            let mut t = 0;
            while t < n {
                match n - t {
                    1 => self.int8_tile_vnni::<1>(qx, t, g, b, &mut out),
                    2 => self.int8_tile_vnni::<2>(qx, t, g, b, &mut out),
                    3 => self.int8_tile_vnni::<3>(qx, t, g, b, &mut out),
                    4 => self.int8_tile_vnni::<4>(qx, t, g, b, &mut out),
                    5 => self.int8_tile_vnni::<5>(qx, t, g, b, &mut out),
                    _ => self.int8_tile_vnni::<6>(qx, t, g, b, &mut out),
                }
                t += 6;
            }
        }
        out
    }

    /// Block `b` of tokens `t0..t0 + T` of [`Self::int8_group_vnni`], added into `out`.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx512f,avx512bw,avx512vnni,fma")]
    #[inline]
    unsafe fn int8_tile_vnni<const T: usize>(&self, qx: &QuantisedInput, t0: usize, g: usize, b: usize, out: &mut [f32]) {
        use std::arch::x86_64::*;
        let Weight::Int8 { packed, scale, block } = &self.w else { unreachable!("int8 kernel on fp32 weights") };
        let (quads, bq, cp) = (self.rows.div_ceil(4), block / 4, self.cols.next_multiple_of(GROUP));
        let w = &packed[(g * quads + b * bq) * GROUP * 4..(g * quads + (b + 1) * bq) * GROUP * 4];
        let x = &qx.q[t0 * self.rows..(t0 + T) * self.rows];
        let out = &mut out[t0 * GROUP..(t0 + T) * GROUP];
        let mut acc = [[_mm512_setzero_si512(); 4]; T];
        for (t, a) in acc.iter_mut().enumerate() {
            *a = [_mm512_set1_epi32(qx.corr[(t0 + t) * qx.blocks + b]); 4];
        }
        for kq in 0..bq {
            // SAFETY: 256 bytes of `w` (bq quads of 256 bytes).
            let wv: [__m512i; 4] = std::array::from_fn(|j| unsafe { _mm512_loadu_si512(w.as_ptr().add(kq * 256 + 64 * j).cast()) });
            for (t, a) in acc.iter_mut().enumerate() {
                // SAFETY: 4 bytes of token t's row: (b * bq + kq) * 4 + 4 <= rows.
                let x4 = unsafe { std::ptr::read_unaligned(x.as_ptr().add(t * self.rows + (b * bq + kq) * 4).cast::<i32>()) };
                let xv = _mm512_set1_epi32(x4);
                for j in 0..4 {
                    a[j] = _mm512_dpbusd_epi32(a[j], wv[j], xv);
                }
            }
        }
        let ws = &scale[b * cp + g * GROUP..b * cp + (g + 1) * GROUP];
        for (t, a) in acc.iter().enumerate() {
            let sa = _mm512_set1_ps(qx.scale[(t0 + t) * qx.blocks + b]);
            let o = &mut out[t * GROUP..(t + 1) * GROUP];
            for (j, &aj) in a.iter().enumerate() {
                // SAFETY: 16 floats of `ws` and of `o` (64 each).
                unsafe {
                    let f = _mm512_loadu_ps(o.as_ptr().add(16 * j));
                    let f = _mm512_fmadd_ps(_mm512_mul_ps(_mm512_cvtepi32_ps(aj), sa), _mm512_loadu_ps(ws.as_ptr().add(16 * j)), f);
                    _mm512_storeu_ps(o.as_mut_ptr().add(16 * j), f);
                }
            }
        }
    }
}

impl Kernel {
    /// Output columns a block computes.
    fn width(self) -> usize {
        match self {
            #[cfg(target_arch = "x86_64")]
            Kernel::Avx512 => 128,
            _ => 64,
        }
    }
}

/// The int8 kernel the CPU runs: VNNI where it has it, else the one for
/// the fp32 kernel's CPU (checked once).
#[derive(Clone, Copy)]
enum IntKernel {
    #[cfg(target_arch = "x86_64")]
    Vnni,
    #[cfg(target_arch = "x86_64")]
    Avx2,
    Portable,
}

impl IntKernel {
    fn get() -> IntKernel {
        match Kernel::get() {
            #[cfg(target_arch = "x86_64")]
            _ if vnni() => IntKernel::Vnni,
            #[cfg(target_arch = "x86_64")]
            Kernel::Avx512 | Kernel::Avx2 => IntKernel::Avx2,
            Kernel::Portable => IntKernel::Portable,
        }
    }
}

#[cfg(target_arch = "x86_64")]
fn vnni() -> bool {
    use std::arch::is_x86_feature_detected as has;
    static V: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *V.get_or_init(|| has!("avx512f") && has!("avx512bw") && has!("avx512vnni") && has!("fma"))
}

/// The graph's GELU, `(x * (erf(x / sqrt2) + 1)) * 0.5`, over `v` in place.
fn gelu(v: &mut [f32], sqrt2: f32) {
    match Kernel::get() {
        // SAFETY: Kernel::get chose these only where the CPU has the features.
        #[cfg(target_arch = "x86_64")]
        Kernel::Avx512 => unsafe { gelu_avx512(v, sqrt2) },
        // SAFETY: as above.
        #[cfg(target_arch = "x86_64")]
        Kernel::Avx2 => unsafe { gelu_avx2(v, sqrt2) },
        Kernel::Portable => gelu_portable(v, sqrt2),
    }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx2,fma")]
unsafe fn gelu_avx512(v: &mut [f32], sqrt2: f32) {
    gelu_portable(v, sqrt2);
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
unsafe fn gelu_avx2(v: &mut [f32], sqrt2: f32) {
    gelu_portable(v, sqrt2);
}

/// The same operations at every width (the compiler vectorises it where
/// the caller enables wider registers): the same bits everywhere.
#[inline(always)]
fn gelu_portable(v: &mut [f32], sqrt2: f32) {
    for u in v.iter_mut() {
        *u = (*u * (erf(*u / sqrt2) + 1.0)) * 0.5;
    }
}

/// erf by Eigen's rational approximation (`generic_fast_erf_float`: x
/// clamped to ±4, odd degree-13 numerator over even degree-8 denominator;
/// within 1e-6 of libm's erff, tested below), in fused multiply-adds and
/// one division: branch-free, so it vectorises, where libm's erff took
/// about an eighth of the encoder's time.
#[inline(always)]
#[allow(clippy::excessive_precision)] // Eigen's coefficients as it writes them; each rounds to its f32.
fn erf(x: f32) -> f32 {
    let x = x.clamp(-4.0, 4.0);
    let x2 = x * x;
    let mut p = -2.72614225801306e-10_f32;
    for c in [2.77068142495902e-08, -2.10102402082508e-06, -5.69250639462346e-05, -7.34990630326855e-04, -2.95459980854025e-03, -1.60960333262415e-02] {
        p = x2.mul_add(p, c);
    }
    let mut q = -1.45660718464996e-05_f32;
    for c in [-2.13374055278905e-04, -1.68282697438203e-03, -7.37332916720468e-03, -1.42647390514189e-02] {
        q = x2.mul_add(q, c);
    }
    (x * p) / q
}

/// ONNX LayerNormalization over one row: (x - mean) / sqrt(var + eps) * w + b.
fn layer_norm(x: &mut [f32], n: &Norm, eps: f32) {
    let d = x.len() as f32;
    let mean = x.iter().sum::<f32>() / d;
    let var = x.iter().map(|v| (v - mean) * (v - mean)).sum::<f32>() / d;
    let inv = 1.0 / (var + eps).sqrt();
    for ((v, &w), &b) in x.iter_mut().zip(&n.w).zip(&n.b) {
        *v = (*v - mean) * inv * w + b;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seeded() -> impl FnMut() -> f32 {
        let mut state = 0x5eed_u64;
        move || {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            ((state >> 33) as f32 / (1u64 << 31) as f32) * 2.0 - 1.0
        }
    }

    /// Every fp32 kernel gives the same bits (the phrase table and the
    /// catalogue rows made on one machine hold on another): odd token counts
    /// and a column count that leaves a partial block.
    #[test]
    fn every_fp32_kernel_gives_the_same_bits() {
        let mut next = seeded();
        let (rows, cols) = (96, 200);
        let f: Vec<f32> = (0..rows * cols).map(|_| next()).collect();
        let l64 = Linear { w: Weight::f32(&f, rows, cols, 64), bias: vec![0.0; cols], rows, cols };
        let l128 = Linear { w: Weight::f32(&f, rows, cols, 128), bias: vec![0.0; cols], rows, cols };
        for n in [1, 2, 5] {
            let x: Vec<f32> = (0..n * rows).map(|_| next()).collect();
            let run = |l: &Linear, k: &(dyn Fn(usize) -> Vec<f32> + Sync)| {
                let Weight::F32 { width, .. } = l.w else { unreachable!() };
                l.by_columns(n, width, 1, k).iter().map(|v| v.to_bits()).collect::<Vec<u32>>()
            };
            // The plain product in row order, fused.
            let reference: Vec<u32> = (0..n * cols).map(|i| (0..rows).fold(0f32, |a, r| x[i / cols * rows + r].mul_add(f[r * cols + i % cols], a)).to_bits()).collect();
            assert_eq!(run(&l64, &|c0| l64.column_block_portable::<64, false>(&x, n, c0)), reference, "{n} tokens");
            assert_eq!(run(&l128, &|c0| l128.column_block_portable::<128, true>(&x, n, c0)), reference, "{n} tokens");
            assert_eq!(run(&l128, &|c0| l128.column_block_portable::<128, false>(&x, n, c0)), reference, "{n} tokens");
            #[cfg(target_arch = "x86_64")]
            if std::arch::is_x86_feature_detected!("avx512f") && std::arch::is_x86_feature_detected!("fma") {
                // SAFETY: checked just above.
                assert_eq!(run(&l128, &|c0| unsafe { l128.column_block_avx512(&x, n, c0) }), reference, "avx512, {n} tokens");
            }
            #[cfg(target_arch = "x86_64")]
            if std::arch::is_x86_feature_detected!("avx2") && std::arch::is_x86_feature_detected!("fma") {
                // SAFETY: checked just above.
                assert_eq!(run(&l64, &|c0| unsafe { l64.column_block_avx2(&x, n, c0) }), reference, "avx2, {n} tokens");
            }
        }
    }

    /// The int8 kernels give the bits of a plain reference over the unpacked
    /// weights (so the packing, the `+ 128` correction and the block order
    /// hold), on every token count a tile meets and a partial column group;
    /// and the result is within the input's rounding of the fp32 product of
    /// the dequantised weights.
    #[test]
    fn int8_kernels_match_a_plain_reference() {
        let mut next = seeded();
        let (rows, cols, block) = (96, 200, 32);
        let q: Vec<i8> = (0..rows * cols).map(|_| (next() * 127.0) as i8).collect();
        let scale: Vec<f32> = (0..rows / block * cols).map(|_| next().abs() * 0.01).collect();
        let l = Linear { w: Weight::int8(&q, &scale, rows, cols, block), bias: vec![0.0; cols], rows, cols };
        for n in [1, 2, 3, 4, 5, 7] {
            // Some blocks all zero, one value huge: the scale's edge cases.
            let x: Vec<f32> = (0..n * rows).map(|i| if i / block == 1 { 0.0 } else if i == 5 { 40.0 } else { next() }).collect();
            let qx = QuantisedInput::new(&x, n, rows, block);
            let mut reference = vec![0f32; n * cols];
            for t in 0..n {
                for c in 0..cols {
                    let mut acc = 0f32;
                    for b in 0..rows / block {
                        let sum: i32 = (b * block..(b + 1) * block).map(|r| i32::from(q[r * cols + c]) * i32::from(qx.q[t * rows + r])).sum();
                        acc = (sum as f32 * qx.scale[t * qx.blocks + b]).mul_add(scale[b * cols + c], acc);
                    }
                    reference[t * cols + c] = acc;
                }
            }
            let bits = |v: &[f32]| v.iter().map(|x| x.to_bits()).collect::<Vec<u32>>();
            let portable = l.by_columns(n, GROUP, 1, |c0| l.int8_group_portable::<false>(&qx, n, c0 / GROUP));
            assert_eq!(bits(&portable), bits(&reference), "portable, {n} tokens");
            let fused = l.by_columns(n, GROUP, 1, |c0| l.int8_group_portable::<true>(&qx, n, c0 / GROUP));
            assert_eq!(bits(&fused), bits(&reference), "portable fused, {n} tokens");
            #[cfg(target_arch = "x86_64")]
            if vnni() {
                // SAFETY: checked just above.
                let v = l.by_columns(n, GROUP, 1, |c0| unsafe { l.int8_group_vnni(&qx, n, c0 / GROUP) });
                assert_eq!(bits(&v), bits(&reference), "vnni, {n} tokens");
            }
            #[cfg(target_arch = "x86_64")]
            if std::arch::is_x86_feature_detected!("avx2") && std::arch::is_x86_feature_detected!("fma") {
                // SAFETY: checked just above.
                let v = l.by_columns(n, GROUP, 1, |c0| unsafe { l.int8_group_avx2(&qx, n, c0 / GROUP) });
                assert_eq!(bits(&v), bits(&reference), "avx2, {n} tokens");
            }
            assert_eq!(bits(&l.apply(&Input::new(&x, n), 2)), bits(&reference), "apply, {n} tokens");
            for t in 0..n {
                for c in 0..cols {
                    let exact: f32 = (0..rows).map(|r| x[t * rows + r] * f32::from(q[r * cols + c]) * scale[r / block * cols + c]).sum();
                    // Each input is off by at most half its block's step.
                    let bound: f32 = (0..rows).map(|r| (f32::from(q[r * cols + c]) * scale[r / block * cols + c]).abs() * qx.scale[t * qx.blocks + r / block] * 0.5).sum::<f32>() * 1.001 + 1e-5;
                    assert!((reference[t * cols + c] - exact).abs() <= bound, "{t},{c}: {} vs {exact}", reference[t * cols + c]);
                }
            }
        }
    }

    #[test]
    fn erf_is_close_to_libm_and_gelu_the_same_bits_at_every_width() {
        let xs: Vec<f32> = (-6000..=6000).map(|i| i as f32 * 1e-3).chain([f32::MAX, -f32::MAX, 1e-30, -0.0]).collect();
        for &x in &xs {
            assert!((erf(x) - libm::erff(x)).abs() <= 1e-6, "erf({x}) = {} against {}", erf(x), libm::erff(x));
        }
        let sqrt2 = std::f32::consts::SQRT_2;
        let mut a = xs.clone();
        gelu_portable(&mut a, sqrt2);
        let mut b = xs.clone();
        gelu(&mut b, sqrt2);
        assert_eq!(a.iter().map(|v| v.to_bits()).collect::<Vec<_>>(), b.iter().map(|v| v.to_bits()).collect::<Vec<_>>());
    }
}
