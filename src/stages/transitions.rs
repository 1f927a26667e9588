//! The fallback recommender: first-order item-to-item transitions with
//! popularity for cold start. Always loaded; it answers when the other stages
//! are switched off or fail.
//!
//! File `transitions.bin` (little endian):
//! magic "DRTRANS\0", u32 version, u32 n_items, u32 nnz,
//! f32 popularity[n_items] (training interaction counts),
//! u32 row_ptr[n_items + 1], u32 col[nnz], f32 prob[nnz]
//! (row i = P(next = col | current = i), strongest first, pruned per row).

use crate::error::{Error, Result};
use crate::stages::{Stage, StageContext};

const MAGIC: &[u8; 8] = b"DRTRANS\0";
pub const TRANSITIONS_ARTIFACT: &str = "transitions";
pub const TRANSITIONS_VERSION: u32 = 1;
/// Popularity only breaks ties and fills in below every transition score.
pub const POPULARITY_WEIGHT: f32 = 1e-3;

#[derive(Debug, Clone, PartialEq)]
pub struct Transitions {
    popularity: Vec<f32>,
    row_ptr: Vec<u32>,
    col: Vec<u32>,
    prob: Vec<f32>,
}

impl Transitions {
    /// Counts transitions between consecutive items of each training sequence.
    pub fn fit<'a>(n_items: usize, sequences: impl IntoIterator<Item = &'a [u32]>, max_per_row: usize) -> Self {
        let mut popularity = vec![0f32; n_items];
        let mut rows: Vec<std::collections::HashMap<u32, u32>> = vec![Default::default(); n_items];
        for seq in sequences {
            for &i in seq {
                popularity[i as usize] += 1.0;
            }
            for w in seq.windows(2) {
                *rows[w[0] as usize].entry(w[1]).or_insert(0) += 1;
            }
        }
        let mut row_ptr = vec![0u32];
        let (mut col, mut prob) = (Vec::new(), Vec::new());
        for row in rows {
            let total: u32 = row.values().sum();
            let mut r: Vec<(u32, u32)> = row.into_iter().collect();
            r.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            r.truncate(max_per_row);
            for (j, c) in r {
                col.push(j);
                prob.push(c as f32 / total as f32);
            }
            row_ptr.push(col.len() as u32);
        }
        Transitions { popularity, row_ptr, col, prob }
    }

    pub fn n_items(&self) -> usize {
        self.popularity.len()
    }
    pub fn popularity(&self) -> &[f32] {
        &self.popularity
    }

    /// Row `item` of the transition matrix: (next items, P(next | item)),
    /// strongest first; empty for an out-of-range item.
    pub fn row(&self, item: u32) -> (&[u32], &[f32]) {
        let i = item as usize;
        if i >= self.n_items() {
            return (&[], &[]);
        }
        let (a, b) = (self.row_ptr[i] as usize, self.row_ptr[i + 1] as usize);
        (&self.col[a..b], &self.prob[a..b])
    }

    /// Popularity scores (the `popularity` baseline).
    pub fn score_popularity(&self, out: &mut [f32]) {
        out.copy_from_slice(&self.popularity);
    }

    /// Scores every item as the next one after `history` (oldest first):
    /// P(item | last watched) plus a popularity tie-breaker.
    pub fn score(&self, history: &[u32], out: &mut [f32]) {
        let max_pop = self.popularity.iter().cloned().fold(1.0f32, f32::max);
        for (o, p) in out.iter_mut().zip(&self.popularity) {
            *o = POPULARITY_WEIGHT * p / max_pop;
        }
        if let Some(&last) = history.last() {
            if (last as usize) < self.n_items() {
                let (a, b) = (self.row_ptr[last as usize] as usize, self.row_ptr[last as usize + 1] as usize);
                for (&j, &p) in self.col[a..b].iter().zip(&self.prob[a..b]) {
                    out[j as usize] += p;
                }
            }
        }
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut b = Vec::new();
        b.extend_from_slice(MAGIC);
        for v in [TRANSITIONS_VERSION, self.n_items() as u32, self.col.len() as u32] {
            b.extend_from_slice(&v.to_le_bytes());
        }
        self.popularity.iter().for_each(|v| b.extend_from_slice(&v.to_le_bytes()));
        self.row_ptr.iter().for_each(|v| b.extend_from_slice(&v.to_le_bytes()));
        self.col.iter().for_each(|v| b.extend_from_slice(&v.to_le_bytes()));
        self.prob.iter().for_each(|v| b.extend_from_slice(&v.to_le_bytes()));
        b
    }

    /// Parses and validates a `transitions.bin` for a catalogue of `n_items`.
    pub fn from_bytes(b: &[u8], n_items: usize, file: &str) -> Result<Self> {
        let bad = |why: String| Error::corrupt(file, why);
        if b.len() < 20 || &b[..8] != MAGIC {
            return Err(bad("not a transitions file (bad magic or too short)".into()));
        }
        let u32_at = |o: usize| u32::from_le_bytes(b[o..o + 4].try_into().unwrap());
        let version = u32_at(8);
        if version != TRANSITIONS_VERSION {
            return Err(Error::ModelVersion {
                file: file.into(),
                found: version.to_string(),
                expected: TRANSITIONS_VERSION.to_string(),
            });
        }
        let (n, nnz) = (u32_at(12) as usize, u32_at(16) as usize);
        if n != n_items {
            return Err(bad(format!("made for {n} items, catalogue has {n_items}")));
        }
        let expected = 20 + 4 * (n + (n + 1) + 2 * nnz);
        if b.len() != expected {
            return Err(bad(format!("size {} bytes, expected {expected}", b.len())));
        }
        let mut off = 20;
        let mut take = |count: usize| {
            let s = &b[off..off + 4 * count];
            off += 4 * count;
            s.chunks_exact(4).map(|c| <[u8; 4]>::try_from(c).unwrap()).collect::<Vec<_>>()
        };
        let popularity: Vec<f32> = take(n).into_iter().map(f32::from_le_bytes).collect();
        let row_ptr: Vec<u32> = take(n + 1).into_iter().map(u32::from_le_bytes).collect();
        let col: Vec<u32> = take(nnz).into_iter().map(u32::from_le_bytes).collect();
        let prob: Vec<f32> = take(nnz).into_iter().map(f32::from_le_bytes).collect();
        if row_ptr[0] != 0 || row_ptr[n] as usize != nnz || row_ptr.windows(2).any(|w| w[0] > w[1]) {
            return Err(bad("row pointers are not monotone".into()));
        }
        if col.iter().any(|&c| c as usize >= n) {
            return Err(bad("column index out of range".into()));
        }
        if popularity.iter().chain(&prob).any(|v| !v.is_finite() || *v < 0.0) {
            return Err(bad("negative or non-finite weight".into()));
        }
        Ok(Transitions { popularity, row_ptr, col, prob })
    }

}

impl Stage for Transitions {
    const NAME: &'static str = "transitions";
    fn artifacts(_: &StageContext) -> Vec<&'static str> {
        vec![TRANSITIONS_ARTIFACT]
    }
    fn open(ctx: &StageContext) -> Result<Self> {
        let f = ctx.dir.open_verified(TRANSITIONS_ARTIFACT, TRANSITIONS_VERSION)?;
        Self::from_bytes(f.bytes(), ctx.catalog.len(), &f.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model() -> Transitions {
        let seqs: Vec<Vec<u32>> = vec![vec![0, 1, 2], vec![0, 1, 3], vec![0, 2]];
        Transitions::fit(4, seqs.iter().map(|s| s.as_slice()), 10)
    }

    #[test]
    fn scores_follow_transitions() {
        let t = model();
        let mut s = vec![0.0; 4];
        t.score(&[2, 0], &mut s);
        // after 0: 1 twice, 2 once
        assert!(s[1] > s[2] && s[2] > s[3]);
        assert!((s[1] - s[2] - (2.0 / 3.0 - 1.0 / 3.0)).abs() < 1e-2);
        t.score(&[], &mut s); // cold start: popularity order 0,1,2,3
        assert!(s[0] > s[1] && s[1] > s[3]);
    }

    #[test]
    fn roundtrip_and_corruption() {
        let t = model();
        let b = t.to_bytes();
        assert_eq!(Transitions::from_bytes(&b, 4, "t").unwrap(), t);
        assert!(Transitions::from_bytes(&b, 5, "t").is_err());
        assert!(Transitions::from_bytes(&b[..b.len() - 1], 4, "t").is_err());
        let mut v = b.clone();
        v[8] = 9;
        assert!(matches!(Transitions::from_bytes(&v, 4, "t"), Err(Error::ModelVersion { .. })));
        let mut c = b.clone();
        let col_off = 20 + 4 * (4 + 5);
        c[col_off..col_off + 4].copy_from_slice(&99u32.to_le_bytes());
        assert!(Transitions::from_bytes(&c, 4, "t").is_err());
        assert!(Transitions::from_bytes(b"", 4, "t").is_err());
    }
}
