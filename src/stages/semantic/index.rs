//! The catalogue embedding index: every catalogue movie embedded once by
//! `dualrec-train sbert` (text: `catalog_text`), an f16 matrix memory-mapped
//! and searched by brute force (3,883 x 384 takes well under a millisecond).

use half::f16;
use half::slice::HalfFloatSliceExt;

use super::encoder::dot;
use super::{ARTIFACT_CATALOG_EMB, CATALOG_EMB_VERSION, DIM, EMB_HEADER, EMB_MAGIC};
use crate::error::{Error, Result};
use crate::model_dir::ModelDir;

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
    /// Threads a scan of every row may use ([`CatalogIndex::with_scan_threads`]).
    scan_threads: usize,
}

/// Rows below which a scan stays on the calling thread (about 1 ms of work:
/// a thread's start would cost more than it saves).
const PARALLEL_SCAN_ROWS: usize = 16_384;

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

/// Embedding rows by catalogue index: the model directory's index, or that
/// index with the titles added on the device after it ([`WithAdded`]).
pub trait Rows {
    fn len(&self) -> usize;
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    fn row_into(&self, index: u32, out: &mut [f32]);
    fn row(&self, index: u32) -> Vec<f32> {
        let mut v = vec![0f32; DIM];
        self.row_into(index, &mut v);
        v
    }
    /// `out += Σ weight(i) · row(i)` over `items`, skipping non-finite weights.
    fn accumulate(&self, items: &[u32], weight: &dyn Fn(u32) -> f32, out: &mut [f32]) {
        accumulate_rows(self, items, weight, out)
    }
}

/// [`Rows::accumulate`] row by row through `row_into` (what any `Rows` can do).
fn accumulate_rows<R: Rows + ?Sized>(rows: &R, items: &[u32], weight: &dyn Fn(u32) -> f32, out: &mut [f32]) {
    let mut r = vec![0f32; DIM];
    for &i in items {
        let z = weight(i);
        if z.is_finite() {
            rows.row_into(i, &mut r);
            out.iter_mut().zip(&r).for_each(|(a, b)| *a += z * b);
        }
    }
}

impl Rows for CatalogIndex {
    fn len(&self) -> usize {
        self.rows
    }
    fn row_into(&self, index: u32, out: &mut [f32]) {
        CatalogIndex::row_into(self, index, out)
    }
    fn accumulate(&self, items: &[u32], weight: &dyn Fn(u32) -> f32, out: &mut [f32]) {
        assert_eq!(out.len(), DIM);
        #[cfg(target_arch = "x86_64")]
        if has_f16_vector_unit() {
            let all = self.all();
            for &i in items {
                let z = weight(i);
                if z.is_finite() {
                    let row = &all[i as usize * DIM..(i as usize + 1) * DIM];
                    // SAFETY: the three features the function enables were detected at run time.
                    unsafe { axpy_avx2(z, row, out) };
                }
            }
            return;
        }
        accumulate_rows(self, items, weight, out)
    }
}

/// The catalogue index followed by the added titles' rows (`added` holds
/// rows for indices `index.len()..`, DIM floats each, unit length).
pub struct WithAdded<'a> {
    pub index: &'a CatalogIndex,
    pub added: &'a [f32],
}

impl Rows for WithAdded<'_> {
    fn len(&self) -> usize {
        self.index.len() + self.added.len() / DIM
    }
    fn row_into(&self, index: u32, out: &mut [f32]) {
        let base = self.index.len();
        match (index as usize).checked_sub(base) {
            None => self.index.row_into(index, out),
            Some(k) => out[..DIM].copy_from_slice(&self.added[k * DIM..(k + 1) * DIM]),
        }
    }
}

impl CatalogIndex {
    /// Opens the manifest's `catalog-emb` (verified) for a catalogue of `n` movies.
    pub fn open(dir: &ModelDir, n: usize) -> Result<CatalogIndex> {
        let f = dir.open_verified(ARTIFACT_CATALOG_EMB, CATALOG_EMB_VERSION)?;
        let name = f.name();
        let rows = check_header(f.bytes(), n, &name)?;
        let body = &f.bytes()[EMB_HEADER..];
        let aligned = (body.as_ptr() as usize).is_multiple_of(std::mem::align_of::<f16>());
        let data = if aligned && cfg!(target_endian = "little") {
            Backing::Mapped(f.map)
        } else {
            Backing::Owned(decode_f16(body))
        };
        let idx = CatalogIndex { data, rows, scan_threads: 1 };
        idx.check_values(&name)?;
        Ok(idx)
    }

    /// Parses an in-memory file (tests, tools).
    pub fn from_bytes(bytes: &[u8], n: usize, file: &str) -> Result<CatalogIndex> {
        let rows = check_header(bytes, n, file)?;
        let idx = CatalogIndex { data: Backing::Owned(decode_f16(&bytes[EMB_HEADER..])), rows, scan_threads: 1 };
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
        let threads = self.scan_threads.min(self.rows / PARALLEL_SCAN_ROWS).max(1);
        if threads == 1 {
            return scan(self.all(), query, out);
        }
        // Large catalogues (an `add_movie` at 50,000 titles): the rows split
        // between the call's threads.
        let per = self.rows.div_ceil(threads);
        std::thread::scope(|s| {
            for (rows, out) in self.all().chunks(per * DIM).zip(out.chunks_mut(per)) {
                s.spawn(move || scan(rows, query, out));
            }
        });
    }

    /// Lets scans of every row ([`CatalogIndex::similarities`]) use up to
    /// `threads` threads when the catalogue is large.
    pub fn with_scan_threads(mut self, threads: usize) -> CatalogIndex {
        self.scan_threads = threads.max(1);
        self
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

/// Whether this CPU runs the f16 kernels below (AVX2, FMA and F16C, detected at run time).
#[cfg(target_arch = "x86_64")]
fn has_f16_vector_unit() -> bool {
    std::is_x86_feature_detected!("avx2") && std::is_x86_feature_detected!("fma") && std::is_x86_feature_detected!("f16c")
}

/// Similarities of `query` to `all`'s rows: the vector kernel where the CPU has it.
fn scan(all: &[f16], query: &[f32], out: &mut [f32]) {
    #[cfg(target_arch = "x86_64")]
    if has_f16_vector_unit() {
        // SAFETY: the three features the function enables were detected at run time.
        unsafe { similarities_avx2(all, query, out) };
        return;
    }
    similarities_portable(all, query, out);
}

/// `similarities` anywhere: rows widened to f32 64 at a time.
fn similarities_portable(all: &[f16], query: &[f32], out: &mut [f32]) {
    const CHUNK: usize = 64;
    let mut buf = vec![0f32; CHUNK * DIM];
    for (c, rows) in all.chunks(CHUNK * DIM).enumerate() {
        let b = &mut buf[..rows.len()];
        rows.convert_to_f32_slice(b);
        for (k, row) in b.chunks_exact(DIM).enumerate() {
            out[c * CHUNK + k] = dot(query, row);
        }
    }
}

/// `similarities` for x86-64 with AVX2, FMA and F16C: the f16 rows widened
/// in registers and multiplied in place, no f32 copy. A 50,000-title scan
/// (what each `add_movie` does) drops from ~10 ms to ~2 ms; the sums differ
/// from the portable path's only by rounding.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma,f16c")]
unsafe fn similarities_avx2(all: &[f16], query: &[f32], out: &mut [f32]) {
    use std::arch::x86_64::*;
    const { assert!(DIM.is_multiple_of(16)) };
    for (row, o) in all.chunks_exact(DIM).zip(out.iter_mut()) {
        let (mut a, mut b) = (_mm256_setzero_ps(), _mm256_setzero_ps());
        let (r, q) = (row.as_ptr(), query.as_ptr());
        let mut k = 0;
        while k < DIM {
            // SAFETY: k + 16 <= DIM = the length of `row` and of `query`.
            unsafe {
                let h0 = _mm256_cvtph_ps(_mm_loadu_si128(r.add(k).cast::<__m128i>()));
                let h1 = _mm256_cvtph_ps(_mm_loadu_si128(r.add(k + 8).cast::<__m128i>()));
                a = _mm256_fmadd_ps(h0, _mm256_loadu_ps(q.add(k)), a);
                b = _mm256_fmadd_ps(h1, _mm256_loadu_ps(q.add(k + 8)), b);
            }
            k += 16;
        }
        let s = _mm256_add_ps(a, b);
        let s = _mm_add_ps(_mm256_castps256_ps128(s), _mm256_extractf128_ps(s, 1));
        let s = _mm_add_ps(s, _mm_movehl_ps(s, s));
        *o = _mm_cvtss_f32(_mm_add_ss(s, _mm_shuffle_ps(s, s, 1)));
    }
}

/// `out += z · row` for one f16 row (AVX2, FMA, F16C): the content
/// projection's per-call sum over the catalogue.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma,f16c")]
unsafe fn axpy_avx2(z: f32, row: &[f16], out: &mut [f32]) {
    use std::arch::x86_64::*;
    assert!(row.len() == DIM && out.len() == DIM);
    let zv = _mm256_set1_ps(z);
    let mut k = 0;
    while k < DIM {
        // SAFETY: k + 8 <= DIM = the length of `row` and of `out`.
        unsafe {
            let r = _mm256_cvtph_ps(_mm_loadu_si128(row.as_ptr().add(k).cast::<__m128i>()));
            let o = out.as_mut_ptr().add(k);
            _mm256_storeu_ps(o, _mm256_fmadd_ps(zv, r, _mm256_loadu_ps(o)));
        }
        k += 8;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stages::semantic::encoder::normalize;

    fn unit(seed: u32) -> Vec<f32> {
        let mut v: Vec<f32> = (0..DIM).map(|k| (((k as u32 + 1) * (seed * 7 + 3)) % 17) as f32 - 8.0).collect();
        normalize(&mut v);
        v
    }

    /// The AVX2 scan and the portable one agree to rounding.
    #[test]
    #[cfg(target_arch = "x86_64")]
    fn vector_scan_equals_the_portable_one() {
        if !has_f16_vector_unit() {
            eprintln!("no AVX2/FMA/F16C here: nothing to compare");
            return;
        }
        let rows: Vec<f16> = (0..257u32).flat_map(unit).map(f16::from_f32).collect();
        let q = unit(99);
        let (mut a, mut b) = (vec![0f32; 257], vec![0f32; 257]);
        similarities_portable(&rows, &q, &mut a);
        // SAFETY: the features were detected above.
        unsafe { similarities_avx2(&rows, &q, &mut b) };
        for (x, y) in a.iter().zip(&b) {
            assert!((x - y).abs() < 1e-5, "{x} vs {y}");
        }
        assert!(a.iter().any(|x| x.abs() > 0.1), "rows not all orthogonal to the query");
    }

    /// A scan split between threads gives exactly the one-thread scan.
    #[test]
    fn threaded_scan_equals_the_serial_one() {
        let n = PARALLEL_SCAN_ROWS * 2 + 37;
        let rows: Vec<f16> = (0..n as u32).flat_map(|i| unit(i % 997)).map(f16::from_f32).collect();
        let serial = CatalogIndex { rows: n, data: Backing::Owned(rows.clone()), scan_threads: 1 };
        let threaded = CatalogIndex { rows: n, data: Backing::Owned(rows), scan_threads: 1 }.with_scan_threads(3);
        let q = unit(5);
        let (mut a, mut b) = (vec![0f32; n], vec![0f32; n]);
        serial.similarities(&q, &mut a);
        threaded.similarities(&q, &mut b);
        assert_eq!(a, b);
        assert_eq!(serial.nearest(&q, 5, |_| false), threaded.nearest(&q, 5, |_| false));
    }

    /// The index's weighted row sum (vector path where the CPU has it) equals
    /// the trait's plain one, non-finite weights skipped.
    #[test]
    fn weighted_row_sum_equals_the_plain_one() {
        let rows: Vec<f16> = (0..40u32).flat_map(unit).map(f16::from_f32).collect();
        let idx = CatalogIndex { rows: 40, data: Backing::Owned(rows), scan_threads: 1 };
        struct Plain<'a>(&'a CatalogIndex);
        impl Rows for Plain<'_> {
            fn len(&self) -> usize {
                self.0.len()
            }
            fn row_into(&self, i: u32, out: &mut [f32]) {
                self.0.row_into(i, out)
            }
        }
        let items: Vec<u32> = (0..40).filter(|i| i % 3 != 1).collect();
        let w = |i: u32| if i == 9 { f32::NAN } else { i as f32 * 0.25 - 3.0 };
        let (mut a, mut b) = (vec![0.5f32; DIM], vec![0.5f32; DIM]);
        idx.accumulate(&items, &w, &mut a);
        Plain(&idx).accumulate(&items, &w, &mut b);
        for (x, y) in a.iter().zip(&b) {
            assert!((x - y).abs() < 1e-4, "{x} vs {y}");
        }
        assert!(a.iter().all(|x| x.is_finite()) && a.iter().any(|x| (x - 0.5).abs() > 0.1));
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
}
