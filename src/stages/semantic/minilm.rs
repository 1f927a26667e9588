//! The int8 Sentence-BERT (`sbert-int8.onnx`) run by the library itself.
//!
//! Why not ONNX Runtime: its session of this model kept about 34 MB resident
//! (every initializer, the 11.7 MB word-embedding table included, plus its
//! own state), the largest piece of a request that needs both the encoder
//! and the LLM (docs/performance.md, "Memory"). Here the linear weights stay
//! int8 in memory and are dequantised a column block at a time, exactly as
//! `DequantizeLinear` does ((q - zero) * scale), and the word-embedding rows
//! are read in place from the verified mapping: only the rows of the tokens
//! a call sees become resident. The graph is the one `dualrec-train sbert`
//! writes (BERT: embeddings, LayerNorm, `n` layers of self-attention and a
//! GELU feed-forward, each with a residual and LayerNorm); opening checks its
//! initializers' names, shapes and types and the attributes this code
//! assumes, and refuses anything else. The same sums in another order: the
//! embeddings match ONNX Runtime's to about 1e-6 (tests/stages.rs).

use std::collections::HashMap;
use std::ops::Range;

use super::{DIM, STAGE};
use crate::error::{Error, Result};
use crate::model_dir::manifest::{release_pages, VerifiedFile};

/// Weight rows dequantised at once (8 KB of floats: L1).
const ROWS_AT_ONCE: usize = 32;
/// Products below which a linear layer runs on the calling thread only
/// (starting a thread costs about what 2M products take).
const PARALLEL_MIN: usize = 8 << 20;

/// One initializer: its dims, ONNX data type and where its raw bytes lie in the file.
struct Init {
    dims: Vec<usize>,
    dtype: i32,
    raw: Range<usize>,
}

const FLOAT: i32 = 1;
const INT8: i32 = 3;
const INT64: i32 = 7;

struct Norm {
    w: Vec<f32>,
    b: Vec<f32>,
}

enum Weight {
    F32(Vec<f32>),
    /// `[rows, cols]` int8 with one scale and zero point per column and block of `block` rows.
    /// `zero` is None when every zero point is 0 (symmetric quantisation).
    Int8 { q: Vec<i8>, scale: Vec<f32>, zero: Option<Vec<i8>>, block: usize },
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

// ---- a minimal protobuf reader over the ONNX file (fields the graph uses) ----

enum Field {
    Varint(u64),
    Fixed32(u32),
    Fixed64,
    Bytes(Range<usize>),
}

struct Reader<'a> {
    b: &'a [u8],
    pos: usize,
    end: usize,
}

impl<'a> Reader<'a> {
    fn new(b: &'a [u8], r: Range<usize>) -> Self {
        Reader { b, pos: r.start, end: r.end }
    }
    fn varint(&mut self) -> Option<u64> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = *self.b[..self.end].get(self.pos)?;
            self.pos += 1;
            v |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return Some(v);
            }
        }
        None
    }
    /// The next (field number, value), None at the end; Err on malformed bytes.
    fn next(&mut self) -> std::result::Result<Option<(u64, Field)>, String> {
        if self.pos >= self.end {
            return Ok(None);
        }
        let at = self.pos;
        let bad = || format!("malformed protobuf at byte {at}");
        let key = self.varint().ok_or_else(bad)?;
        let field = match key & 7 {
            0 => Field::Varint(self.varint().ok_or_else(bad)?),
            1 => {
                self.pos += 8;
                Field::Fixed64
            }
            2 => {
                let len = self.varint().ok_or_else(bad)? as usize;
                let start = self.pos;
                self.pos = start.checked_add(len).ok_or_else(bad)?;
                Field::Bytes(start..self.pos)
            }
            5 => {
                let v = self.b[..self.end].get(self.pos..self.pos + 4).ok_or_else(bad)?;
                self.pos += 4;
                Field::Fixed32(u32::from_le_bytes(v.try_into().expect("4 bytes")))
            }
            w => return Err(format!("unsupported protobuf wire type {w} at byte {at}")),
        };
        if self.pos > self.end {
            return Err(bad());
        }
        Ok(Some((key >> 3, field)))
    }
}

fn text(b: &[u8], r: Range<usize>) -> String {
    String::from_utf8_lossy(&b[r]).into_owned()
}

/// Initializers by name, and (op type, float and int attributes) of every node.
type Nodes = Vec<(String, Vec<(String, f32, i64)>)>;

fn parse(b: &[u8]) -> std::result::Result<(HashMap<String, Init>, Nodes), String> {
    let mut graph = None;
    let mut r = Reader::new(b, 0..b.len());
    while let Some((f, v)) = r.next()? {
        if let (7, Field::Bytes(g)) = (f, v) {
            graph = Some(g);
        }
    }
    let graph = graph.ok_or("no graph")?;
    let mut inits = HashMap::new();
    let mut nodes = Vec::new();
    let mut g = Reader::new(b, graph);
    while let Some((f, v)) = g.next()? {
        match (f, v) {
            (5, Field::Bytes(t)) => {
                let (mut dims, mut dtype, mut name, mut raw) = (Vec::new(), 0, String::new(), None);
                let mut tr = Reader::new(b, t);
                while let Some((f, v)) = tr.next()? {
                    match (f, v) {
                        (1, Field::Varint(d)) => dims.push(d as usize),
                        (1, Field::Bytes(p)) => {
                            let mut pr = Reader::new(b, p);
                            while pr.pos < pr.end {
                                dims.push(pr.varint().ok_or("malformed dims")? as usize);
                            }
                        }
                        (2, Field::Varint(d)) => dtype = d as i32,
                        (8, Field::Bytes(n)) => name = text(b, n),
                        (9, Field::Bytes(d)) => raw = Some(d),
                        _ => {}
                    }
                }
                let raw = raw.ok_or_else(|| format!("initializer {name:?} is not stored in raw_data"))?;
                inits.insert(name, Init { dims, dtype, raw });
            }
            (1, Field::Bytes(n)) => {
                let (mut op, mut attrs) = (String::new(), Vec::new());
                let mut nr = Reader::new(b, n);
                while let Some((f, v)) = nr.next()? {
                    match (f, v) {
                        (4, Field::Bytes(o)) => op = text(b, o),
                        (5, Field::Bytes(a)) => {
                            let (mut name, mut fv, mut iv) = (String::new(), 0f32, 0i64);
                            let mut ar = Reader::new(b, a);
                            while let Some((f, v)) = ar.next()? {
                                match (f, v) {
                                    (1, Field::Bytes(s)) => name = text(b, s),
                                    (2, Field::Fixed32(x)) => fv = f32::from_bits(x),
                                    (3, Field::Varint(x)) => iv = x as i64,
                                    _ => {}
                                }
                            }
                            attrs.push((name, fv, iv));
                        }
                        _ => {}
                    }
                }
                nodes.push((op, attrs));
            }
            _ => {}
        }
    }
    Ok((inits, nodes))
}

// ---- loading ----

struct Loader<'a> {
    b: &'a [u8],
    inits: HashMap<String, Init>,
    file: String,
}

impl Loader<'_> {
    fn get(&self, name: &str, dtype: i32, dims: &[usize]) -> Result<&Init> {
        let i = self.inits.get(name).ok_or_else(|| Error::corrupt(&self.file, format!("model has no initializer {name:?}")))?;
        let size = match dtype {
            FLOAT => 4,
            INT64 => 8,
            _ => 1,
        };
        if i.dtype != dtype || i.dims != dims || i.raw.len() != dims.iter().product::<usize>() * size || i.raw.end > self.b.len() {
            return Err(Error::corrupt(
                &self.file,
                format!("initializer {name:?}: type {} shape {:?} ({} bytes), expected type {dtype} shape {dims:?}", i.dtype, i.dims, i.raw.len()),
            ));
        }
        Ok(i)
    }
    fn f32s(&self, name: &str, dims: &[usize]) -> Result<Vec<f32>> {
        let i = self.get(name, FLOAT, dims)?;
        Ok(self.b[i.raw.clone()].chunks_exact(4).map(|c| f32::from_le_bytes(c.try_into().expect("4 bytes"))).collect())
    }
    fn i8s(&self, name: &str, dims: &[usize]) -> Result<Vec<i8>> {
        let i = self.get(name, INT8, dims)?;
        Ok(self.b[i.raw.clone()].iter().map(|&x| x as i8).collect())
    }
    fn scalar(&self, name: &str) -> Result<f32> {
        Ok(self.f32s(name, &[])?[0])
    }
    fn norm(&self, prefix: &str) -> Result<Norm> {
        Ok(Norm { w: self.f32s(&format!("{prefix}.weight"), &[DIM])?, b: self.f32s(&format!("{prefix}.bias"), &[DIM])? })
    }
    /// `prefix.weight_t` (f32) or `prefix.weight_t.{q,scale,zero}` (int8 blocks).
    fn linear(&self, prefix: &str, rows: usize, cols: usize, block: usize) -> Result<Linear> {
        let bias = self.f32s(&format!("{prefix}.bias"), &[cols])?;
        let w = if self.inits.contains_key(&format!("{prefix}.weight_t")) {
            Weight::F32(self.f32s(&format!("{prefix}.weight_t"), &[rows, cols])?)
        } else {
            if block == 0 || !rows.is_multiple_of(block) {
                return Err(Error::corrupt(&self.file, format!("{prefix}: {rows} rows do not split into blocks of {block}")));
            }
            let nb = rows / block;
            let zero = self.i8s(&format!("{prefix}.weight_t.zero"), &[nb, cols])?;
            Weight::Int8 {
                q: self.i8s(&format!("{prefix}.weight_t.q"), &[rows, cols])?,
                scale: self.f32s(&format!("{prefix}.weight_t.scale"), &[nb, cols])?,
                zero: if zero.iter().all(|&z| z == 0) { None } else { Some(zero) },
                block,
            }
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
        let q = l.q.apply(x, n, self.threads);
        let k = l.k.apply(x, n, self.threads);
        let v = l.v.apply(x, n, self.threads);
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
        let mut h1 = l.o.apply(&ctx, n, self.threads);
        for (r, xr) in h1.chunks_exact_mut(DIM).zip(x.chunks_exact(DIM)) {
            r.iter_mut().zip(xr).for_each(|(a, &b)| *a += b);
            layer_norm(r, &l.ln1, self.eps);
        }
        let mut up = l.up.apply(&h1, n, self.threads);
        for u in up.iter_mut() {
            // The graph's GELU: (x * (erf(x / sqrt2) + 1)) * 0.5.
            *u = (*u * (libm::erff(*u / self.sqrt2) + 1.0)) * 0.5;
        }
        let mut out = l.down.apply(&up, n, self.threads);
        for (r, hr) in out.chunks_exact_mut(DIM).zip(h1.chunks_exact(DIM)) {
            r.iter_mut().zip(hr).for_each(|(a, &b)| *a += b);
            layer_norm(r, &l.ln2, self.eps);
        }
        out
    }
}

impl Linear {
    /// `x` (`n × rows`) times W plus the bias: `n × cols`. Columns are split
    /// over `threads`; every output sums its products in row order, fused,
    /// whatever the split or the SIMD width, so the result is the same bits
    /// on every CPU and thread count.
    fn apply(&self, x: &[f32], n: usize, threads: usize) -> Vec<f32> {
        let mut y = vec![0f32; n * self.cols];
        let k = Kernel::get();
        let blocks: Vec<usize> = (0..self.cols).step_by(k.width()).collect();
        let threads = if n * self.rows * self.cols < PARALLEL_MIN { 1 } else { threads.clamp(1, blocks.len()) };
        let per = blocks.len().div_ceil(threads);
        let parts: Vec<Vec<f32>> = std::thread::scope(|sc| {
            let handles: Vec<_> = blocks
                .chunks(per)
                .skip(1)
                .map(|bs| sc.spawn(move || bs.iter().map(|&c0| self.column_block(k, x, n, c0)).collect::<Vec<_>>()))
                .collect();
            let mut all: Vec<Vec<f32>> = blocks[..per.min(blocks.len())].iter().map(|&c0| self.column_block(k, x, n, c0)).collect();
            for h in handles {
                all.extend(h.join().expect("encoder worker panicked"));
            }
            all
        });
        for (&c0, part) in blocks.iter().zip(&parts) {
            let w = (c0 + k.width()).min(self.cols) - c0;
            for t in 0..n {
                y[t * self.cols + c0..t * self.cols + c0 + w].copy_from_slice(&part[t * w..(t + 1) * w]);
            }
        }
        for r in y.chunks_exact_mut(self.cols) {
            r.iter_mut().zip(&self.bias).for_each(|(a, &b)| *a += b);
        }
        y
    }

    /// Columns `c0..c0 + k.width()` of `x W` (`n × w`, row-major).
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

    /// The block's weights are dequantised [`ROWS_AT_ONCE`] rows at a time
    /// into a buffer that stays in L1; each token's `C` sums stay in
    /// registers while the rows go by.
    #[inline(always)]
    fn column_block_portable<const C: usize, const PAIRS: bool>(&self, x: &[f32], n: usize, c0: usize) -> Vec<f32> {
        let c1 = (c0 + C).min(self.cols);
        let w = c1 - c0;
        let mut out = vec![0f32; n * w];
        let mut wb = [0f32; ROWS_AT_ONCE * 128];
        for r0 in (0..self.rows).step_by(ROWS_AT_ONCE) {
            let r1 = (r0 + ROWS_AT_ONCE).min(self.rows);
            for (r, row) in (r0..r1).zip(wb.chunks_exact_mut(w)) {
                match &self.w {
                    Weight::F32(m) => row.copy_from_slice(&m[r * self.cols + c0..r * self.cols + c1]),
                    Weight::Int8 { q, scale, zero, block } => {
                        let b = r / block;
                        let q = &q[r * self.cols + c0..r * self.cols + c1];
                        let sc = &scale[b * self.cols + c0..b * self.cols + c1];
                        match zero {
                            // DequantizeLinear: (q - zero) * scale.
                            Some(z) => {
                                let z = &z[b * self.cols + c0..b * self.cols + c1];
                                for (((d, &qv), &zv), &sv) in row.iter_mut().zip(q).zip(z).zip(sc) {
                                    *d = (i32::from(qv) - i32::from(zv)) as f32 * sv;
                                }
                            }
                            None => row.iter_mut().zip(q).zip(sc).for_each(|((d, &qv), &sv)| *d = f32::from(qv) * sv),
                        }
                    }
                }
            }
            let mut t = 0;
            while t < n {
                let xt = &x[t * self.rows + r0..t * self.rows + r1];
                if w == C && PAIRS && t + 1 < n {
                    // Two tokens share each weight load (AVX-512's 32 registers
                    // hold both tokens' sums).
                    let xu = &x[(t + 1) * self.rows + r0..(t + 1) * self.rows + r1];
                    let (head, tail) = out[t * w..(t + 2) * w].split_at_mut(w);
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
                let o = &mut out[t * w..(t + 1) * w];
                if w == C {
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
                } else {
                    for (&xv, wr) in xt.iter().zip(wb.chunks_exact(w)) {
                        o.iter_mut().zip(wr).for_each(|(a, &wv)| *a = xv.mul_add(wv, *a));
                    }
                }
                t += 1;
            }
        }
        out
    }
}

/// The widest kernel the CPU runs (checked once).
#[derive(Clone, Copy)]
enum Kernel {
    #[cfg(target_arch = "x86_64")]
    Avx512,
    #[cfg(target_arch = "x86_64")]
    Avx2,
    Portable,
}

impl Kernel {
    fn get() -> Kernel {
        static K: std::sync::OnceLock<Kernel> = std::sync::OnceLock::new();
        *K.get_or_init(|| {
            #[cfg(target_arch = "x86_64")]
            {
                let fma = std::arch::is_x86_feature_detected!("fma");
                if fma && std::arch::is_x86_feature_detected!("avx512f") {
                    return Kernel::Avx512;
                }
                if fma && std::arch::is_x86_feature_detected!("avx2") {
                    return Kernel::Avx2;
                }
            }
            Kernel::Portable
        })
    }

    /// Output columns a block computes.
    fn width(self) -> usize {
        match self {
            #[cfg(target_arch = "x86_64")]
            Kernel::Avx512 => 128,
            _ => 64,
        }
    }
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

    /// Every kernel gives the same bits (the phrase table and the catalogue
    /// rows made on one machine hold on another): seeded int8 and f32
    /// weights, odd token counts and a column count that leaves a partial block.
    #[test]
    fn every_kernel_gives_the_same_bits() {
        let mut state = 0x5eed_u64;
        let mut next = || {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            ((state >> 33) as f32 / (1u64 << 31) as f32) * 2.0 - 1.0
        };
        let (rows, cols, block) = (96, 200, 32);
        let q: Vec<i8> = (0..rows * cols).map(|_| (next() * 127.0) as i8).collect();
        let scale: Vec<f32> = (0..rows / block * cols).map(|_| next().abs() * 0.01).collect();
        let zero: Vec<i8> = (0..rows / block * cols).map(|_| (next() * 3.0) as i8).collect();
        let f: Vec<f32> = (0..rows * cols).map(|_| next()).collect();
        let bias: Vec<f32> = (0..cols).map(|_| next()).collect();
        for w in [Weight::Int8 { q: q.clone(), scale: scale.clone(), zero: Some(zero), block }, Weight::Int8 { q, scale, zero: None, block }, Weight::F32(f)] {
            let l = Linear { w, bias: bias.clone(), rows, cols };
            for n in [1, 2, 5] {
                let x: Vec<f32> = (0..n * rows).map(|_| next()).collect();
                let mut outs = vec![];
                for c0 in (0..cols).step_by(128) {
                    let mut v = vec![l.column_block_portable::<128, true>(&x, n, c0), l.column_block_portable::<128, false>(&x, n, c0)];
                    #[cfg(target_arch = "x86_64")]
                    if std::arch::is_x86_feature_detected!("avx512f") && std::arch::is_x86_feature_detected!("fma") {
                        // SAFETY: checked just above.
                        v.push(unsafe { l.column_block_avx512(&x, n, c0) });
                    }
                    outs.push(v);
                }
                for c0 in (0..cols).step_by(64) {
                    let mut v = vec![l.column_block_portable::<64, false>(&x, n, c0)];
                    #[cfg(target_arch = "x86_64")]
                    if std::arch::is_x86_feature_detected!("avx2") && std::arch::is_x86_feature_detected!("fma") {
                        // SAFETY: checked just above.
                        v.push(unsafe { l.column_block_avx2(&x, n, c0) });
                    }
                    outs.push(v);
                }
                // Reassemble each kernel's full n x cols output and compare bits.
                let full = |width: usize, k: usize| -> Vec<u32> {
                    let mut y = vec![0u32; n * cols];
                    let first = if width == 128 { 0 } else { cols.div_ceil(128) };
                    for (b, c0) in (0..cols).step_by(width).enumerate() {
                        let part = &outs[first + b][k];
                        let w = (c0 + width).min(cols) - c0;
                        for t in 0..n {
                            for j in 0..w {
                                y[t * cols + c0 + j] = part[t * w + j].to_bits();
                            }
                        }
                    }
                    y
                };
                let reference = full(64, 0);
                for k in 0..outs[0].len() {
                    assert_eq!(full(128, k), reference, "128-column kernel {k}, {n} tokens");
                }
                for k in 0..outs[cols.div_ceil(128)].len() {
                    assert_eq!(full(64, k), reference, "64-column kernel {k}, {n} tokens");
                }
            }
        }
    }
}
