//! The LSTM graph `dualrec-train lstm` writes, run by the library itself.
//!
//! Why not ONNX Runtime: for one small recurrent net it kept about 25 MB
//! resident in every process that recommends (its 17 MB library and its
//! session's state), and it had to be found at run time beside the model
//! directory. Here the item table and the output projection stay int8 as
//! stored (one scale per row), the LSTM's f32 matrices are packed once for
//! the kernels, and nothing outside this crate runs.
//!
//! The graph (src/stages/sequential/mod.rs states its contract): a table of
//! LSTM input vectors per catalogue movie (`item_table`, f32, or int8
//! `item_table.q` times the per-row `item_table.scale`), one or more ONNX
//! LSTM layers (gates i, o, f, c; forward; zero initial state; each row's
//! state after its last valid step), then `scores = h out_w^T + out_b`
//! (`out_w` stored like the table). Opening checks the initializers' names,
//! shapes and types and every node's type and attributes, and refuses
//! anything else.
//!
//! Every kernel gives the same bits: each output sums its products in the
//! same order whatever the vector width, each product and sum fused (FMA;
//! only an x86 CPU without FMA rounds them apart), and the gate functions
//! are written in plain f32 arithmetic, not a libm call, so they vectorise
//! and round alike.

use crate::error::{Error, Result};
use crate::model_dir::manifest::release_pages;
use crate::stages::cpu::Kernel;
use crate::stages::onnx_file::{parse, Loader, FLOAT, INT8};

/// Output rows a kernel block computes at once (kept in registers).
const BLOCK: usize = 64;
/// Windows below which a batch runs on the calling thread only.
const PARALLEL_MIN: usize = 4;

/// A matrix `[rows, k]` packed as blocks of [`BLOCK`] rows, each stored
/// `[k][BLOCK]` (rows past `rows` are 0): a block's outputs are one pass
/// over contiguous weights.
struct Packed<T> {
    data: Vec<T>,
    rows: usize,
    k: usize,
}

impl<T: Copy + Default> Packed<T> {
    fn new(m: &[T], rows: usize, k: usize) -> Packed<T> {
        let blocks = rows.div_ceil(BLOCK);
        let mut data = vec![T::default(); blocks * k * BLOCK];
        for r in 0..rows {
            let (b, l) = (r / BLOCK, r % BLOCK);
            for c in 0..k {
                data[(b * k + c) * BLOCK + l] = m[r * k + c];
            }
        }
        Packed { data, rows, k }
    }
    fn blocks(&self) -> usize {
        self.rows.div_ceil(BLOCK)
    }
}

/// Per-row values of a `[rows, cols]` table: f32, or int8 times the row's scale.
enum Table {
    F32(Vec<f32>),
    Int8 { q: Vec<i8>, scale: Vec<f32> },
}

/// One LSTM layer, gate rows in ONNX order (i, o, f, c).
struct Layer {
    hidden: usize,
    /// W `[4H, d_in]`.
    w: Packed<f32>,
    /// R `[4H, H]`.
    r: Packed<f32>,
    /// Wb + Rb `[4H]`.
    bias: Vec<f32>,
}

/// The output projection `[n_items, H]`: f32, or int8 with a scale per row.
enum Output {
    F32(Packed<f32>),
    Int8 { q: Packed<i8>, scale: Vec<f32> },
}

pub(super) struct Lstm {
    n_items: usize,
    d_in: usize,
    table: Table,
    layers: Vec<Layer>,
    out: Output,
    out_b: Vec<f32>,
    threads: usize,
}

impl std::fmt::Debug for Lstm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let hidden: Vec<usize> = self.layers.iter().map(|l| l.hidden).collect();
        f.debug_struct("Lstm").field("n_items", &self.n_items).field("d_in", &self.d_in).field("hidden", &hidden).finish()
    }
}

impl Lstm {
    /// Reads the graph from verified ONNX bytes (`map`, when given, is the
    /// mapping they lie in: its pages are handed back once copied).
    pub(super) fn open(b: &[u8], map: Option<&memmap2::Mmap>, n_items: usize, threads: usize, file: &str) -> Result<Lstm> {
        let bad = |why: String| Error::corrupt(file, why);
        let (inits, nodes) = parse(b).map_err(|e| bad(format!("not an ONNX model this library can run: {e}")))?;
        let l = Loader { b, inits, file: file.to_string() };
        for (op, attrs) in &nodes {
            let names: Vec<&str> = attrs.iter().map(|a| a.0.as_str()).collect();
            // The node types the exported graph has, with its attributes; any other is refused.
            let ok = match op.as_str() {
                "LSTM" => names == ["hidden_size"],
                "Gemm" => attrs.iter().all(|a| a.0 == "transB" && a.2 == 1) && names == ["transB"],
                "Gather" => attrs.iter().all(|a| a.0 == "axis" && a.2 == 0),
                "Cast" => attrs.iter().all(|a| a.0 == "to" && a.2 == i64::from(FLOAT)),
                "Transpose" => names == ["perm"],
                "Mul" | "Squeeze" => attrs.is_empty(),
                _ => false,
            };
            if !ok {
                return Err(bad(format!("node {op} with attributes {names:?} is not part of the sequential graph this library runs")));
            }
        }
        let lstm_nodes = nodes.iter().filter(|n| n.0 == "LSTM").count();
        if nodes.iter().filter(|n| n.0 == "Gemm").count() != 1 || nodes.iter().filter(|n| n.0 == "Gather").count() != 1 {
            return Err(bad("expected one Gather (the item table) and one Gemm (the output projection)".into()));
        }
        let dims = |name: &str| l.inits.get(name).map(|i| i.dims.clone());
        let (table, d_in) = match (dims("item_table"), dims("item_table.q")) {
            (Some(d), None) if d.len() == 2 && d[0] == n_items => (Table::F32(l.f32s("item_table", &d)?), d[1]),
            (None, Some(d)) if d.len() == 2 && d[0] == n_items => {
                (Table::Int8 { q: l.i8s("item_table.q", &d)?, scale: l.f32s("item_table.scale", &[n_items, 1])? }, d[1])
            }
            (a, q) => return Err(bad(format!("item table of shape {:?}: expected [{n_items}, d] (the catalogue's movies), f32 or int8", a.or(q)))),
        };
        let mut layers = Vec::new();
        let mut d = d_in;
        while let Some(wd) = dims(&format!("lstm{}.W", layers.len())) {
            let li = layers.len();
            let h = wd.get(1).map_or(0, |g| g / 4);
            if wd.len() != 3 || wd[0] != 1 || h == 0 || wd[1] != 4 * h || wd[2] != d {
                return Err(bad(format!("lstm{li}.W of shape {wd:?}: expected [1, 4H, {d}]")));
            }
            let w = l.f32s(&format!("lstm{li}.W"), &[1, 4 * h, d])?;
            let r = l.f32s(&format!("lstm{li}.R"), &[1, 4 * h, h])?;
            let bias = l.f32s(&format!("lstm{li}.B"), &[1, 8 * h])?;
            let bias: Vec<f32> = (0..4 * h).map(|i| bias[i] + bias[4 * h + i]).collect();
            layers.push(Layer { hidden: h, w: Packed::new(&w, 4 * h, d), r: Packed::new(&r, 4 * h, h), bias });
            d = h;
        }
        if layers.is_empty() || layers.len() != lstm_nodes {
            return Err(bad(format!("{} LSTM nodes and {} layers' weights", lstm_nodes, layers.len())));
        }
        for (li, (_, attrs)) in nodes.iter().filter(|n| n.0 == "LSTM").enumerate() {
            if attrs[0].2 != layers[li].hidden as i64 {
                return Err(bad(format!("LSTM node {li}: hidden_size {} but weights of {} units", attrs[0].2, layers[li].hidden)));
            }
        }
        let out = match (dims("out_w"), dims("out_w.q")) {
            (Some(_), None) => Output::F32(Packed::new(&l.f32s("out_w", &[n_items, d])?, n_items, d)),
            (None, Some(_)) => Output::Int8 { q: Packed::new(&l.i8s("out_w.q", &[n_items, d])?, n_items, d), scale: l.f32s("out_w.scale", &[n_items, 1])? },
            _ => return Err(bad(format!("output projection: expected out_w or out_w.q of shape [{n_items}, {d}]"))),
        };
        let out_b = l.f32s("out_b", &[n_items])?;
        if l.inits.values().any(|i| i.dtype != FLOAT && i.dtype != INT8 && i.dtype != crate::stages::onnx_file::INT64) {
            return Err(bad("initializers of a type other than f32, int8 and int64".into()));
        }
        drop(l);
        if let Some(map) = map {
            release_pages(map, 0, map.len());
        }
        Ok(Lstm { n_items, d_in, table, layers, out, out_b, threads: threads.max(1) })
    }

    /// Scores every movie after each window (catalogue indices, checked by
    /// the caller); `out` is `[windows.len() * n_items]`.
    pub(super) fn score_batch(&self, windows: &[&[u32]], out: &mut [f32]) {
        let n = self.n_items;
        let threads = self.threads.min(windows.len());
        if threads <= 1 || windows.len() < PARALLEL_MIN {
            for (w, o) in windows.iter().zip(out.chunks_exact_mut(n)) {
                self.score(w, o);
            }
            return;
        }
        let per = windows.len().div_ceil(threads);
        std::thread::scope(|s| {
            for (ws, os) in windows.chunks(per).zip(out.chunks_mut(per * n)) {
                s.spawn(move || {
                    for (w, o) in ws.iter().zip(os.chunks_exact_mut(n)) {
                        self.score(w, o);
                    }
                });
            }
        });
    }

    fn score(&self, window: &[u32], out: &mut [f32]) {
        let t_len = window.len();
        // The window's input vectors, as the graph's Gather of the folded table gives them.
        let mut xs = vec![0f32; t_len * self.d_in];
        for (x, &i) in xs.chunks_exact_mut(self.d_in).zip(window) {
            let row = i as usize * self.d_in..(i as usize + 1) * self.d_in;
            match &self.table {
                Table::F32(t) => x.copy_from_slice(&t[row]),
                Table::Int8 { q, scale } => {
                    let s = scale[i as usize];
                    x.iter_mut().zip(&q[row]).for_each(|(x, &q)| *x = f32::from(q) * s);
                }
            }
        }
        for layer in &self.layers {
            xs = layer.run(&xs, t_len);
        }
        // The last layer's state after the last step.
        let h = &xs[(t_len - 1) * self.layers.last().map_or(0, |l| l.hidden)..];
        match &self.out {
            Output::F32(w) => {
                let acc = matmul(w, h, 1);
                out.iter_mut().zip(&acc).zip(&self.out_b).for_each(|((o, &a), &b)| *o = a + b);
            }
            Output::Int8 { q, scale } => {
                let acc = matmul(q, h, 1);
                out.iter_mut().zip(&acc).zip(scale).zip(&self.out_b).for_each(|(((o, &a), &s), &b)| *o = a * s + b);
            }
        }
    }
}

impl Layer {
    /// The layer over `t_len` input rows: every step's state `[t_len, H]`
    /// (the next layer's input; the last row is the state after the window).
    fn run(&self, xs: &[f32], t_len: usize) -> Vec<f32> {
        let (h_n, g_n) = (self.hidden, 4 * self.hidden);
        let kernel = Kernel::get();
        // Input contributions of every step at once (a step's row of W is
        // read once for several steps), then one matrix-vector product a step.
        let mut gx = matmul(&self.w, xs, t_len);
        let gp = self.w.blocks() * BLOCK;
        let (mut h, mut c) = (vec![0f32; h_n], vec![0f32; h_n]);
        let mut ys = vec![0f32; t_len * h_n];
        let mut rh = vec![0f32; gp];
        for t in 0..t_len {
            let g = &mut gx[t * gp..t * gp + g_n];
            g.iter_mut().zip(&self.bias).for_each(|(g, &b)| *g += b);
            if t > 0 {
                matmul_into(&self.r, &h, 1, &mut rh);
                g.iter_mut().zip(&rh).for_each(|(g, &a)| *g += a);
            }
            cell(kernel, g, &mut c, &mut h);
            ys[t * h_n..(t + 1) * h_n].copy_from_slice(&h);
        }
        ys
    }
}

// ---- kernels: one body, compiled for each instruction set ----

/// A packed weight read as f32.
trait Weight: Copy + Default + Send + Sync {
    fn f32(self) -> f32;
}
impl Weight for f32 {
    #[inline(always)]
    fn f32(self) -> f32 {
        self
    }
}
impl Weight for i8 {
    #[inline(always)]
    fn f32(self) -> f32 {
        f32::from(self)
    }
}

/// Whether the portable kernel fuses: where the target always has FMA, so
/// it gives the vector kernels' bits (a CPU without FMA rounds twice).
const PORTABLE_FUSED: bool = cfg!(any(target_arch = "aarch64", target_feature = "fma"));

/// `out[t][r] = Σ_k xs[t][k] w[r][k]` for the `n` rows of `xs` (`[n, w.k]`);
/// `out` is `[n, w.blocks() * BLOCK]` (rows past `w.rows` are 0).
fn matmul<T: Weight>(w: &Packed<T>, xs: &[f32], n: usize) -> Vec<f32> {
    let mut out = vec![0f32; n * w.blocks() * BLOCK];
    matmul_into(w, xs, n, &mut out);
    out
}

fn matmul_into<T: Weight>(w: &Packed<T>, xs: &[f32], n: usize, out: &mut [f32]) {
    debug_assert!(xs.len() >= n * w.k && out.len() >= n * w.blocks() * BLOCK);
    #[cfg(target_arch = "x86_64")]
    {
        #[target_feature(enable = "avx512f,avx2,fma")]
        unsafe fn avx512<T: Weight>(w: &Packed<T>, xs: &[f32], n: usize, out: &mut [f32]) {
            // 16 of the 32 registers accumulate: 4 steps of one block, or 4 blocks of one step.
            if n >= 4 {
                matmul_body::<true, 4, 1, T>(w, xs, n, out)
            } else {
                matmul_body::<true, 1, 4, T>(w, xs, n, out)
            }
        }
        #[target_feature(enable = "avx2,fma")]
        unsafe fn avx2<T: Weight>(w: &Packed<T>, xs: &[f32], n: usize, out: &mut [f32]) {
            matmul_body::<true, 1, 1, T>(w, xs, n, out)
        }
        match Kernel::get() {
            // SAFETY: Kernel::get chose these only where the CPU has the features.
            Kernel::Avx512 => return unsafe { avx512(w, xs, n, out) },
            Kernel::Avx2 => return unsafe { avx2(w, xs, n, out) },
            Kernel::Portable => {}
        }
    }
    matmul_body::<PORTABLE_FUSED, 1, 1, T>(w, xs, n, out)
}

/// Tiles of `TT` rows of `xs` by `BB` blocks of `w` (their accumulators held
/// in registers), and single ones for what is left. Each output sums its
/// products in k order in every tile, so the tiling never changes a bit.
#[inline(always)]
fn matmul_body<const FUSED: bool, const TT: usize, const BB: usize, T: Weight>(w: &Packed<T>, xs: &[f32], n: usize, out: &mut [f32]) {
    let blocks = w.blocks();
    let (b_full, t_full) = (blocks / BB * BB, n / TT * TT);
    for b in (0..b_full).step_by(BB) {
        for t in (0..t_full).step_by(TT) {
            tile::<FUSED, TT, BB, T>(w, b, xs, t, out);
        }
        for t in t_full..n {
            for bb in b..b + BB {
                tile::<FUSED, 1, 1, T>(w, bb, xs, t, out);
            }
        }
    }
    for b in b_full..blocks {
        for t in 0..n {
            tile::<FUSED, 1, 1, T>(w, b, xs, t, out);
        }
    }
}

#[inline(always)]
#[allow(clippy::needless_range_loop)] // bb and t index the weights and the inputs as well as acc
fn tile<const FUSED: bool, const TT: usize, const BB: usize, T: Weight>(w: &Packed<T>, b0: usize, xs: &[f32], t0: usize, out: &mut [f32]) {
    let (k, stride) = (w.k, w.blocks() * BLOCK);
    let mut acc = [[[0f32; BLOCK]; BB]; TT];
    for kk in 0..k {
        for bb in 0..BB {
            let row = &w.data[((b0 + bb) * k + kk) * BLOCK..((b0 + bb) * k + kk + 1) * BLOCK];
            for t in 0..TT {
                let x = xs[(t0 + t) * k + kk];
                let a = &mut acc[t][bb];
                for l in 0..BLOCK {
                    a[l] = if FUSED { x.mul_add(row[l].f32(), a[l]) } else { a[l] + x * row[l].f32() };
                }
            }
        }
    }
    for (t, acc_t) in acc.iter().enumerate() {
        for (bb, a) in acc_t.iter().enumerate() {
            let at = (t0 + t) * stride + (b0 + bb) * BLOCK;
            out[at..at + BLOCK].copy_from_slice(a);
        }
    }
}

/// One step's cell update from the gate pre-activations `g` (i, o, f, c).
fn cell(kernel: Kernel, g: &[f32], c: &mut [f32], h: &mut [f32]) {
    #[cfg(target_arch = "x86_64")]
    {
        #[target_feature(enable = "avx512f,avx2,fma")]
        unsafe fn avx512(g: &[f32], c: &mut [f32], h: &mut [f32]) {
            cell_body(g, c, h)
        }
        #[target_feature(enable = "avx2,fma")]
        unsafe fn avx2(g: &[f32], c: &mut [f32], h: &mut [f32]) {
            cell_body(g, c, h)
        }
        match kernel {
            // SAFETY: Kernel::get chose these only where the CPU has the features.
            Kernel::Avx512 => return unsafe { avx512(g, c, h) },
            Kernel::Avx2 => return unsafe { avx2(g, c, h) },
            Kernel::Portable => {}
        }
    }
    let _ = kernel;
    cell_body(g, c, h)
}

#[inline(always)]
fn cell_body(g: &[f32], c: &mut [f32], h: &mut [f32]) {
    let n = h.len();
    let (i, rest) = g.split_at(n);
    let (o, rest) = rest.split_at(n);
    let (f, cand) = rest.split_at(n);
    for k in 0..n {
        let ct = sigmoid(f[k]) * c[k] + sigmoid(i[k]) * tanh(cand[k]);
        c[k] = ct;
        h[k] = sigmoid(o[k]) * tanh(ct);
    }
}

/// e^x for x in [-87, 88] (clamped), within about 2 ulp: x = n ln2 + r,
/// |r| ≤ ln2/2, e^r by its degree-6 Taylor polynomial (Cephes' expf
/// coefficients), 2^n put into the exponent bits.
#[inline(always)]
fn exp(x: f32) -> f32 {
    const ROUND: f32 = 12_582_912.0; // 1.5 * 2^23: adding it rounds to an integer
    let x = x.clamp(-87.0, 88.0);
    let n = (x * std::f32::consts::LOG2_E + ROUND) - ROUND;
    let r = (x - n * 0.693_359_4) - n * -2.121_944_4e-4;
    let p = 1.987_569_1e-4;
    let p = p * r + 1.398_199_9e-3;
    let p = p * r + 8.333_452e-3;
    let p = p * r + 4.166_579_6e-2;
    let p = p * r + 1.666_666_5e-1;
    let p = p * r + 5e-1;
    let e = (p * r) * r + r + 1.0;
    e * f32::from_bits(((n as i32 + 127) as u32) << 23)
}

#[inline(always)]
fn sigmoid(x: f32) -> f32 {
    1.0 / (1.0 + exp(-x))
}

/// tanh(x) = 1 - 2 / (e^{2x} + 1): saturates to ±1, absolute error ~1e-7.
#[inline(always)]
fn tanh(x: f32) -> f32 {
    1.0 - 2.0 / (exp(2.0 * x) + 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gate_functions_match_std() {
        let mut worst = (0f32, 0f32, 0f32);
        for i in -20_000..=20_000 {
            let x = i as f32 / 1000.0;
            let e = (exp(x) - x.exp()).abs() / x.exp();
            let s = (sigmoid(x) - 1.0 / (1.0 + (-x).exp())).abs();
            let t = (tanh(x) - x.tanh()).abs();
            worst = (worst.0.max(e), worst.1.max(s), worst.2.max(t));
        }
        assert!(worst.0 < 4e-7 && worst.1 < 2e-7 && worst.2 < 4e-7, "exp rel {}, sigmoid abs {}, tanh abs {}", worst.0, worst.1, worst.2);
        assert_eq!((tanh(100.0), tanh(-100.0), sigmoid(1000.0)), (1.0, -1.0, 1.0));
        assert!(sigmoid(-1000.0) < 1e-37);
        assert!(exp(-1000.0) > 0.0 && exp(1000.0).is_finite());
    }

    #[test]
    fn kernels_give_the_same_bits() {
        // Odd sizes: tails of steps and blocks, padded rows.
        for (rows, k, n) in [(300usize, 37usize, 7usize), (64, 5, 1), (1000, 3, 4), (130, 17, 2)] {
            let w: Vec<f32> = (0..rows * k).map(|i| ((i * 7919 % 1000) as f32 - 500.0) / 333.0).collect();
            let q: Vec<i8> = (0..rows * k).map(|i| (i * 31 % 255) as i32 as i8).collect();
            let xs: Vec<f32> = (0..n * k).map(|i| ((i * 13 % 17) as f32 - 8.0) / 7.0).collect();
            let (w, q) = (Packed::new(&w, rows, k), Packed::new(&q, rows, k));
            let size = n * w.blocks() * BLOCK;
            let (mut plain_w, mut plain_q) = (vec![0f32; size], vec![0f32; size]);
            matmul_body::<true, 1, 1, f32>(&w, &xs, n, &mut plain_w);
            matmul_body::<true, 1, 1, i8>(&q, &xs, n, &mut plain_q);
            let bits = |v: &[f32]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
            assert_eq!(bits(&plain_w), bits(&matmul(&w, &xs, n)), "f32 {rows}x{k}, {n} rows");
            assert_eq!(bits(&plain_q), bits(&matmul(&q, &xs, n)), "int8 {rows}x{k}, {n} rows");
            // And they are the products: one output against a plain sum.
            let want: f32 = (0..k).fold(0f32, |a, kk| xs[(n - 1) * k + kk].mul_add(f32::from(q.data[(((rows - 1) / BLOCK) * k + kk) * BLOCK + (rows - 1) % BLOCK]), a));
            assert_eq!(plain_q[(n - 1) * w.blocks() * BLOCK + rows - 1].to_bits(), want.to_bits());
        }
        let g: Vec<f32> = (0..4 * 40).map(|i| (i as f32 - 80.0) / 9.0).collect();
        let (g1, mut c1, mut h1) = (g.clone(), vec![0.3f32; 40], vec![0f32; 40]);
        let (g2, mut c2, mut h2) = (g, vec![0.3f32; 40], vec![0f32; 40]);
        cell_body(&g1, &mut c1, &mut h1);
        cell(Kernel::get(), &g2, &mut c2, &mut h2);
        assert_eq!((h1.iter().map(|x| x.to_bits()).collect::<Vec<_>>(), c1), (h2.iter().map(|x| x.to_bits()).collect::<Vec<_>>(), c2));
    }
}
