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

use crate::error::{Error, Result};
use crate::model_dir::manifest::VerifiedFile;
use crate::stages::{Stage, StageContext};

pub const COLLAB_ARTIFACT: &str = "collab";
pub const COLLAB_FILE: &str = "collab.bin";
pub const COLLAB_VERSION: u32 = 1;
const MAGIC: &[u8; 8] = b"DRCOLAB\0";
const HEADER: usize = 20;

enum Backing {
    Mapped(VerifiedFile),
    Owned(Vec<u8>),
}

/// The quantized EASE weights, memory-mapped when opened from a model directory.
pub struct Collab {
    data: Backing,
    n: usize,
    lambda: f32,
    scale: Vec<f32>,
}

impl std::fmt::Debug for Collab {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Collab").field("n_items", &self.n).field("lambda", &self.lambda).finish()
    }
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
        Self::from_verified(ctx.dir.open_verified(COLLAB_ARTIFACT, COLLAB_VERSION)?, ctx.catalog.len())
    }
}

impl Collab {
    /// Parses and validates a `collab.bin` for a catalogue of `n_items`.
    pub fn from_bytes(b: Vec<u8>, n_items: usize, file: &str) -> Result<Self> {
        let (n, lambda, scale) = check(&b, n_items, file)?;
        Ok(Collab { data: Backing::Owned(b), n, lambda, scale })
    }

    /// The same over a verified memory map (the engine's way: pages load on demand).
    pub fn from_verified(f: VerifiedFile, n_items: usize) -> Result<Self> {
        let (n, lambda, scale) = check(f.bytes(), n_items, &f.name())?;
        // A call reads one row per re-scored movie: no read-ahead around it, so
        // that resident memory holds only the rows in use (verification already
        // handed its pages back). A hint only: failure changes nothing.
        #[cfg(unix)]
        let _ = f.map.advise(memmap2::Advice::Random);
        Ok(Collab { data: Backing::Mapped(f), n, lambda, scale })
    }

    pub fn n_items(&self) -> usize {
        self.n
    }
    /// The ridge strength the weights were fitted with.
    pub fn lambda(&self) -> f32 {
        self.lambda
    }

    fn row(&self, c: usize) -> &[u8] {
        let b = match &self.data {
            Backing::Mapped(f) => f.bytes(),
            Backing::Owned(v) => v,
        };
        let at = HEADER + 4 * self.n + c * self.n;
        &b[at..at + self.n]
    }

    /// B[i, c] as stored (after quantization).
    pub fn weight(&self, watched: u32, candidate: u32) -> f32 {
        self.row(candidate as usize)[watched as usize] as i8 as f32 * self.scale[candidate as usize]
    }

    /// `Σ_{i in history} B[i, c]` for every `c` of `items`.
    pub fn evidence(&self, history: &[u32], items: &[u32]) -> Result<Vec<f32>> {
        if let Some(&i) = items.iter().chain(history).find(|&&i| i as usize >= self.n) {
            return Err(Error::InvalidArgument(format!("catalogue index {i} out of range")));
        }
        Ok(items
            .iter()
            .map(|&c| {
                let row = self.row(c as usize);
                let sum: i32 = history.iter().map(|&i| row[i as usize] as i8 as i32).sum();
                sum as f32 * self.scale[c as usize]
            })
            .collect())
    }
}

/// Header, size and scales of a collab file; returns (n, lambda, scales).
fn check(b: &[u8], n_items: usize, file: &str) -> Result<(usize, f32, Vec<f32>)> {
    let bad = |why: String| Error::corrupt(file, why);
    if b.len() < HEADER || &b[..8] != MAGIC {
        return Err(bad("not a collaborative-weights file (bad magic or too short)".into()));
    }
    let u32_at = |o: usize| u32::from_le_bytes(b[o..o + 4].try_into().unwrap());
    let version = u32_at(8);
    if version != COLLAB_VERSION {
        return Err(Error::ModelVersion { file: file.into(), found: version.to_string(), expected: COLLAB_VERSION.to_string() });
    }
    let n = u32_at(12) as usize;
    let lambda = f32::from_le_bytes(b[16..20].try_into().unwrap());
    if n != n_items {
        return Err(bad(format!("made for {n} items, catalogue has {n_items}")));
    }
    let expected = HEADER + 4 * n + n * n;
    if b.len() != expected {
        return Err(bad(format!("size {} bytes, expected {expected}", b.len())));
    }
    let scale: Vec<f32> = b[HEADER..HEADER + 4 * n].chunks_exact(4).map(|c| f32::from_le_bytes(c.try_into().unwrap())).collect();
    if !lambda.is_finite() || lambda <= 0.0 || scale.iter().any(|s| !s.is_finite() || *s < 0.0) {
        return Err(bad("lambda or a row scale is negative or not finite".into()));
    }
    Ok((n, lambda, scale))
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

    #[test]
    fn refuses_bad_files() {
        let b = to_bytes(3, 200.0, &weights());
        assert!(matches!(Collab::from_bytes(b.clone(), 4, "c"), Err(Error::ModelCorrupt { .. })), "other catalogue");
        assert!(matches!(Collab::from_bytes(b[..b.len() - 1].to_vec(), 3, "c"), Err(Error::ModelCorrupt { .. })), "truncated");
        assert!(matches!(Collab::from_bytes(Vec::new(), 3, "c"), Err(Error::ModelCorrupt { .. })));
        let mut v = b.clone();
        v[8] = 2;
        assert!(matches!(Collab::from_bytes(v, 3, "c"), Err(Error::ModelVersion { .. })));
        let mut s = b.clone();
        s[HEADER..HEADER + 4].copy_from_slice(&f32::NAN.to_le_bytes());
        assert!(matches!(Collab::from_bytes(s, 3, "c"), Err(Error::ModelCorrupt { .. })), "NaN scale");
        let mut m = b;
        m[0] = b'X';
        assert!(matches!(Collab::from_bytes(m, 3, "c"), Err(Error::ModelCorrupt { .. })), "bad magic");
    }
}
