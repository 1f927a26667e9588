//! Collaborative evidence for the learned fusion: an item-to-item linear
//! model (EASE, Steck 2019) over the viewer's *whole* history.
//!
//! The LSTM reads the last 30 watches only; the EASE weights say how much
//! each watched movie, however long ago, speaks for a candidate. They are
//! model weights (a closed-form ridge regression of every movie on all the
//! others over the training split), not ratings, and hold no user's history.
//! `dualrec-train collab` fits them; the fusion weighs
//! `Σ_{i watched} B[i, c]` for each re-scored candidate `c`.
//!
//! File `collab.bin` (little endian), candidate-major so that re-scoring a
//! pool touches one row per candidate:
//! magic "DRCOLAB\0", u32 version, u32 n_items, f32 lambda,
//! f32 scale[n_items], i8 weight[n_items][n_items]
//! (row c, column i: B[i, c] = weight * scale[c]; the diagonal is 0).
//!
//! The dense table is n² bytes (15 MB at 3,883 titles, 2.5 GB at 50,000)
//! and its fit inverts an n × n matrix. Version 2 is the form that scales:
//! per candidate only its `k` strongest neighbours (item-kNN cosine over the
//! training split, `dualrec-train collab --neighbours K`; the evidence is the
//! mean over the history instead of the sum):
//! magic, u32 version (2), u32 n_items, u32 k, f32 scale[n_items], then per
//! row c: u32 index[k] (ascending; unused slots u32::MAX), i8 weight[k].

use crate::error::{Error, Result};
use crate::model_dir::manifest::{release_pages, VerifiedFile};
use crate::stages::{Stage, StageContext};

pub const COLLAB_ARTIFACT: &str = "collab";
pub const COLLAB_FILE: &str = "collab.bin";
/// The dense (EASE) form.
pub const COLLAB_VERSION: u32 = 1;
/// The sparse (top-k neighbours) form.
pub const COLLAB_SPARSE_VERSION: u32 = 2;
const MAGIC: &[u8; 8] = b"DRCOLAB\0";
const HEADER: usize = 20;
/// Rows a call leaves resident at most: a call that re-scores more
/// candidates (a request re-scores 4,000) reads its rows in file order and
/// hands their pages back every this many, instead of making the whole
/// table resident (15 MB at 3,883 titles; with the LLM's reader loaded, a
/// request's peak RSS stayed under 200 MB only so). It costs such a call
/// about 2.5 ms (the pages fault back in from the page cache: 6.4 against
/// 3.9 ms for a 4,000-movie pool). Calls under it keep their rows for the
/// next call.
const RESIDENT_ROWS: usize = 64;
/// What the kernel may map around a faulting page (fault-around, 64 KiB by
/// default): released with a chunk's rows.
const FAULT_AROUND: usize = 64 << 10;

enum Backing {
    Mapped(VerifiedFile),
    Owned(Vec<u8>),
}

/// The quantized weights, memory-mapped when opened from a model directory.
pub struct Collab {
    data: Backing,
    n: usize,
    /// Dense: the ridge strength. Sparse: unused (0).
    lambda: f32,
    /// Sparse: neighbours kept per row; dense: 0.
    k: usize,
    scale: Vec<f32>,
}

impl std::fmt::Debug for Collab {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Collab").field("n_items", &self.n).field("lambda", &self.lambda).finish()
    }
}

/// The sparse file: `rows[c]` = (watched movie i, weight of i for candidate c),
/// at most `k` per row, quantized to int8 with one scale per row.
pub fn sparse_to_bytes(n: usize, k: usize, rows: &[Vec<(u32, f32)>]) -> Vec<u8> {
    assert_eq!(rows.len(), n, "one row per movie");
    let mut b = Vec::with_capacity(HEADER + 4 * n + n * k * 5);
    b.extend_from_slice(MAGIC);
    b.extend_from_slice(&COLLAB_SPARSE_VERSION.to_le_bytes());
    b.extend_from_slice(&(n as u32).to_le_bytes());
    b.extend_from_slice(&(k as u32).to_le_bytes());
    let scales: Vec<f32> = rows.iter().map(|r| r.iter().fold(0f32, |m, x| m.max(x.1.abs())) / 127.0).collect();
    scales.iter().for_each(|s| b.extend_from_slice(&s.to_le_bytes()));
    for (row, &s) in rows.iter().zip(&scales) {
        assert!(row.len() <= k, "at most k neighbours per row");
        let mut r = row.clone();
        r.sort_by_key(|x| x.0);
        for slot in 0..k {
            b.extend_from_slice(&r.get(slot).map_or(u32::MAX, |x| x.0).to_le_bytes());
        }
        for slot in 0..k {
            b.push(r.get(slot).map_or(0, |x| if s > 0.0 { (x.1 / s).round().clamp(-127.0, 127.0) as i8 as u8 } else { 0 }));
        }
    }
    b
}

/// The file for `weights` (candidate-major: `weights[c * n + i]` = B[i, c]),
/// quantized to int8 with one scale per candidate row.
pub fn to_bytes(n: usize, lambda: f32, weights: &[f32]) -> Vec<u8> {
    assert_eq!(weights.len(), n * n, "weights must be n x n");
    let mut b = Vec::with_capacity(HEADER + 4 * n + n * n);
    b.extend_from_slice(MAGIC);
    b.extend_from_slice(&COLLAB_VERSION.to_le_bytes());
    b.extend_from_slice(&(n as u32).to_le_bytes());
    b.extend_from_slice(&lambda.to_le_bytes());
    let scales: Vec<f32> = weights.chunks_exact(n.max(1)).map(|row| row.iter().fold(0f32, |m, x| m.max(x.abs())) / 127.0).collect();
    scales.iter().for_each(|s| b.extend_from_slice(&s.to_le_bytes()));
    for (row, &s) in weights.chunks_exact(n.max(1)).zip(&scales) {
        // A row of zeros (a movie nobody trained on) keeps scale 0 and weights 0.
        b.extend(row.iter().map(|&x| if s > 0.0 { (x / s).round().clamp(-127.0, 127.0) as i8 as u8 } else { 0 }));
    }
    b
}

impl Stage for Collab {
    const NAME: &'static str = "collaborative";
    fn artifacts(_: &StageContext) -> Vec<&'static str> {
        vec![COLLAB_ARTIFACT]
    }
    /// The model directory's collab.bin, verified against its manifest entry.
    fn open(ctx: &StageContext) -> Result<Self> {
        Self::from_verified(ctx.dir.open_verified_any(COLLAB_ARTIFACT, &[COLLAB_VERSION, COLLAB_SPARSE_VERSION])?, ctx.catalog.len())
    }
}

impl Collab {
    /// Parses and validates a `collab.bin` for a catalogue of `n_items`.
    pub fn from_bytes(b: Vec<u8>, n_items: usize, file: &str) -> Result<Self> {
        let (n, lambda, k, scale) = check(&b, n_items, file)?;
        Ok(Collab { data: Backing::Owned(b), n, lambda, k, scale })
    }

    /// The same over a verified memory map (the engine's way: pages load on demand).
    pub fn from_verified(f: VerifiedFile, n_items: usize) -> Result<Self> {
        let (n, lambda, k, scale) = check(f.bytes(), n_items, &f.name())?;
        // A call reads one row per re-scored movie: no read-ahead around it, so
        // that resident memory holds only the rows in use (verification already
        // handed its pages back). A hint only: failure changes nothing.
        #[cfg(unix)]
        let _ = f.map.advise(memmap2::Advice::Random);
        Ok(Collab { data: Backing::Mapped(f), n, lambda, k, scale })
    }

    pub fn n_items(&self) -> usize {
        self.n
    }
    /// The ridge strength the weights were fitted with.
    pub fn lambda(&self) -> f32 {
        self.lambda
    }

    /// Neighbours per row in the sparse form; None for the dense form.
    pub fn neighbours(&self) -> Option<usize> {
        (self.k > 0).then_some(self.k)
    }

    fn bytes(&self) -> &[u8] {
        match &self.data {
            Backing::Mapped(f) => f.bytes(),
            Backing::Owned(v) => v,
        }
    }

    fn row(&self, c: usize) -> &[u8] {
        let at = HEADER + 4 * self.n + c * self.n;
        &self.bytes()[at..at + self.n]
    }

    /// Sparse row c: its neighbour indices (ascending, u32::MAX padding) and weights.
    fn sparse_row(&self, c: usize) -> (impl Iterator<Item = u32> + '_, &[u8]) {
        let at = HEADER + 4 * self.n + c * self.k * 5;
        let b = &self.bytes()[at..at + self.k * 5];
        (b[..4 * self.k].chunks_exact(4).map(|x| u32::from_le_bytes(x.try_into().expect("4 bytes"))), &b[4 * self.k..])
    }

    /// B[i, c] as stored (after quantization; 0 off a sparse row).
    pub fn weight(&self, watched: u32, candidate: u32) -> f32 {
        let q = if self.k == 0 {
            self.row(candidate as usize)[watched as usize] as i8
        } else {
            let (idx, w) = self.sparse_row(candidate as usize);
            idx.zip(w).find(|x| x.0 == watched).map_or(0, |x| *x.1 as i8)
        };
        q as f32 * self.scale[candidate as usize]
    }

    /// `Σ_{i in history} B[i, c]` for every `c` of `items` (the sparse form:
    /// that sum divided by the history's length).
    pub fn evidence(&self, history: &[u32], items: &[u32]) -> Result<Vec<f32>> {
        if let Some(&i) = items.iter().chain(history).find(|&&i| i as usize >= self.n) {
            return Err(Error::InvalidArgument(format!("catalogue index {i} out of range")));
        }
        if self.k > 0 {
            // Each watch counts once per occurrence, as in the dense sum.
            let mut watched = history.to_vec();
            watched.sort_unstable();
            return Ok(items
                .iter()
                .map(|&c| {
                    let (idx, w) = self.sparse_row(c as usize);
                    let sum: i32 = idx.zip(w).take_while(|x| x.0 != u32::MAX).map(|(i, &q)| {
                        let lo = watched.partition_point(|&h| h < i);
                        let hi = watched.partition_point(|&h| h <= i);
                        (hi - lo) as i32 * q as i8 as i32
                    }).sum();
                    // kNN similarities are not a linear model's weights: their sum grows with the
                    // history, so the evidence is their mean over the history.
                    sum as f32 * self.scale[c as usize] / watched.len().max(1) as f32
                })
                .collect());
        }
        let sum = |c: u32| {
            let row = self.row(c as usize);
            let sum: i32 = history.iter().map(|&i| row[i as usize] as i8 as i32).sum();
            sum as f32 * self.scale[c as usize]
        };
        if items.len() <= RESIDENT_ROWS {
            return Ok(items.iter().map(|&c| sum(c)).collect());
        }
        let mut order: Vec<usize> = (0..items.len()).collect();
        order.sort_unstable_by_key(|&s| items[s]);
        let mut out = vec![0f32; items.len()];
        for chunk in order.chunks(RESIDENT_ROWS) {
            chunk.iter().for_each(|&s| out[s] = sum(items[s]));
            let (first, last) = (items[chunk[0]] as usize, items[chunk[chunk.len() - 1]] as usize);
            let start = HEADER + 4 * self.n + first * self.n;
            self.release(start, (last + 1 - first) * self.n + FAULT_AROUND);
        }
        Ok(out)
    }

    /// Hands the resident pages of the mapped file's `len` bytes from
    /// `start` back (they stay in the page cache; the next read faults them
    /// in again).
    fn release(&self, start: usize, len: usize) {
        if let Backing::Mapped(f) = &self.data {
            release_pages(&f.map, start, len);
        }
    }
}

/// Header, size and scales of a collab file; returns (n, lambda, k, scales)
/// (dense: k = 0; sparse: lambda = 0).
fn check(b: &[u8], n_items: usize, file: &str) -> Result<(usize, f32, usize, Vec<f32>)> {
    let bad = |why: String| Error::corrupt(file, why);
    if b.len() < HEADER || &b[..8] != MAGIC {
        return Err(bad("not a collaborative-weights file (bad magic or too short)".into()));
    }
    let u32_at = |o: usize| u32::from_le_bytes(b[o..o + 4].try_into().unwrap());
    let version = u32_at(8);
    if version != COLLAB_VERSION && version != COLLAB_SPARSE_VERSION {
        return Err(Error::ModelVersion { file: file.into(), found: version.to_string(), expected: format!("{COLLAB_VERSION} or {COLLAB_SPARSE_VERSION}") });
    }
    let n = u32_at(12) as usize;
    if n != n_items {
        return Err(bad(format!("made for {n} items, catalogue has {n_items}")));
    }
    let sparse = version == COLLAB_SPARSE_VERSION;
    let (lambda, k) = if sparse { (0.0, u32_at(16) as usize) } else { (f32::from_le_bytes(b[16..20].try_into().unwrap()), 0) };
    if sparse && (k == 0 || k > n.max(1)) {
        return Err(bad(format!("{k} neighbours per row for {n} items")));
    }
    let body = if sparse { n.checked_mul(k).and_then(|x| x.checked_mul(5)) } else { n.checked_mul(n) };
    let expected = body.and_then(|x| x.checked_add(HEADER + 4 * n));
    if Some(b.len()) != expected {
        return Err(bad(format!("size {} bytes, expected {}", b.len(), expected.map_or("more than fits".into(), |e| e.to_string()))));
    }
    let scale: Vec<f32> = b[HEADER..HEADER + 4 * n].chunks_exact(4).map(|c| f32::from_le_bytes(c.try_into().unwrap())).collect();
    if (!sparse && (!lambda.is_finite() || lambda <= 0.0)) || scale.iter().any(|s| !s.is_finite() || *s < 0.0) {
        return Err(bad("lambda or a row scale is negative or not finite".into()));
    }
    if sparse {
        // Indices ascending and in range, padding only at the end: evidence relies on it.
        for c in 0..n {
            let at = HEADER + 4 * n + c * k * 5;
            let idx: Vec<u32> = b[at..at + 4 * k].chunks_exact(4).map(|x| u32::from_le_bytes(x.try_into().unwrap())).collect();
            let used = idx.iter().take_while(|&&i| i != u32::MAX).count();
            if idx[..used].windows(2).any(|w| w[0] >= w[1]) || idx[..used].iter().any(|&i| i as usize >= n) || idx[used..].iter().any(|&i| i != u32::MAX) {
                return Err(bad(format!("row {c}: neighbour indices not ascending, out of range, or padding in the middle")));
            }
        }
    }
    Ok((n, lambda, k, scale))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 3 movies; row c holds B[., c].
    fn weights() -> Vec<f32> {
        vec![0.0, 0.5, -0.25, /* c=1 */ 0.2, 0.0, 0.1, /* c=2: a movie nobody trained on */ 0.0, 0.0, 0.0]
    }

    #[test]
    fn evidence_sums_the_history_rows_within_quantization() {
        let c = Collab::from_bytes(to_bytes(3, 200.0, &weights()), 3, "c").unwrap();
        assert_eq!(c.lambda(), 200.0);
        let e = c.evidence(&[1, 2], &[0, 1, 2]).unwrap();
        let tol = 0.5 / 127.0 * 0.5 * 2.0; // half a step of the largest row scale, per term
        assert!((e[0] - (0.5 - 0.25)).abs() < tol, "{e:?}");
        assert!((e[1] - 0.1).abs() < tol, "{e:?}");
        assert_eq!(e[2], 0.0);
        assert!((c.weight(1, 0) - 0.5).abs() < 1e-6, "the row maximum is exact");
        assert_eq!(c.evidence(&[], &[0]).unwrap(), vec![0.0]);
        assert!(matches!(c.evidence(&[3], &[0]), Err(Error::InvalidArgument(_))));
        assert!(matches!(c.evidence(&[0], &[7]), Err(Error::InvalidArgument(_))));
    }

    /// A pool larger than RESIDENT_ROWS is read in file order and its
    /// pages handed back in chunks: the sums, in the pool's order, are the
    /// ones row-by-row calls give, mapped or owned.
    #[test]
    fn a_large_pool_sums_like_single_rows() {
        let n = 700;
        let w: Vec<f32> = (0..n * n).map(|k| ((k * 7919 % 1013) as f32 - 506.0) / 1013.0).collect();
        let bytes = to_bytes(n, 10.0, &w);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("collab.bin");
        std::fs::write(&path, &bytes).unwrap();
        let mapped = Collab::from_verified(VerifiedFile::mapped_unchecked(path), n).unwrap();
        let owned = Collab::from_bytes(bytes, n, "c").unwrap();
        let history = [3u32, 650, 17, 17, 400];
        let pool: Vec<u32> = (0..n as u32).map(|i| (i * 389) % n as u32).collect();
        let one_by_one: Vec<f32> = pool.iter().map(|&c| owned.evidence(&history, &[c]).unwrap()[0]).collect();
        assert_eq!(mapped.evidence(&history, &pool).unwrap(), one_by_one);
        assert_eq!(owned.evidence(&history, &pool).unwrap(), one_by_one);
        assert_eq!(mapped.evidence(&history, &pool[..10]).unwrap(), one_by_one[..10]);
    }

    /// The sparse form gives the dense form's evidence on the entries it keeps.
    #[test]
    fn sparse_rows_sum_like_the_dense_table() {
        let rows = vec![vec![(1, 0.5), (2, -0.25)], vec![(0, 0.2), (2, 0.1)], vec![]];
        let b = sparse_to_bytes(3, 2, &rows);
        let c = Collab::from_bytes(b.clone(), 3, "c").unwrap();
        let d = Collab::from_bytes(to_bytes(3, 200.0, &weights()), 3, "d").unwrap();
        assert_eq!(c.neighbours(), Some(2));
        assert_eq!(d.neighbours(), None);
        for h in [&[1u32, 2][..], &[0], &[2, 2, 0], &[]] {
            let (es, ed) = (c.evidence(h, &[0, 1, 2]).unwrap(), d.evidence(h, &[0, 1, 2]).unwrap());
            let len = h.len().max(1) as f32;
            assert!(es.iter().zip(&ed).all(|(a, b)| (a - b / len).abs() < 1e-6), "{h:?}: {es:?} vs {ed:?}");
        }
        assert!((c.weight(1, 0) - 0.5).abs() < 1e-6 && c.weight(0, 0) == 0.0);
        assert!(matches!(c.evidence(&[3], &[0]), Err(Error::InvalidArgument(_))));
        // Damage: descending indices, an index out of range, a wrong size.
        let row0 = HEADER + 12;
        let mut v = b.clone();
        v[row0..row0 + 8].copy_from_slice(&[2, 0, 0, 0, 1, 0, 0, 0]);
        assert!(matches!(Collab::from_bytes(v, 3, "c"), Err(Error::ModelCorrupt { .. })));
        let mut v = b.clone();
        v[row0..row0 + 4].copy_from_slice(&7u32.to_le_bytes());
        assert!(matches!(Collab::from_bytes(v, 3, "c"), Err(Error::ModelCorrupt { .. })));
        assert!(matches!(Collab::from_bytes(b[..b.len() - 1].to_vec(), 3, "c"), Err(Error::ModelCorrupt { .. })));
    }

    #[test]
    fn refuses_bad_files() {
        let b = to_bytes(3, 200.0, &weights());
        assert!(matches!(Collab::from_bytes(b.clone(), 4, "c"), Err(Error::ModelCorrupt { .. })), "other catalogue");
        assert!(matches!(Collab::from_bytes(b[..b.len() - 1].to_vec(), 3, "c"), Err(Error::ModelCorrupt { .. })), "truncated");
        assert!(matches!(Collab::from_bytes(Vec::new(), 3, "c"), Err(Error::ModelCorrupt { .. })));
        let mut v = b.clone();
        v[8] = 3;
        assert!(matches!(Collab::from_bytes(v, 3, "c"), Err(Error::ModelVersion { .. })));
        let mut s = b.clone();
        s[HEADER..HEADER + 4].copy_from_slice(&f32::NAN.to_le_bytes());
        assert!(matches!(Collab::from_bytes(s, 3, "c"), Err(Error::ModelCorrupt { .. })), "NaN scale");
        let mut m = b;
        m[0] = b'X';
        assert!(matches!(Collab::from_bytes(m, 3, "c"), Err(Error::ModelCorrupt { .. })), "bad magic");
    }
}
