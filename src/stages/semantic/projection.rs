//! The sequential stage's scores carried into content space, for titles it
//! has never seen.
//!
//! Per call, the scores `z` the LSTM gave the catalogue's movies are
//! regressed on their Sentence-BERT rows (ridge, strength λ): `v = (SᵀS +
//! λI)⁻¹ Sᵀ z`. An added title with row `s` then gets `s·v`: what the LSTM
//! would have said of a movie with that content, in this viewer's context.
//! `(SᵀS + λI)⁻¹` depends on the catalogue only and is computed once.

use super::encoder::dot;
use super::index::Rows;
use super::DIM;
use crate::error::{Error, Result};

pub struct Projection {
    /// (SᵀS + λI)⁻¹, DIM × DIM, row-major.
    inverse: Vec<f32>,
    /// The rows of S (catalogue indices), ascending.
    items: Vec<u32>,
}

impl Projection {
    /// Fits over the rows of `items` (the movies whose scores will be regressed).
    pub fn fit<R: Rows + ?Sized>(rows: &R, items: &[u32], lambda: f64) -> Result<Projection> {
        if !(lambda.is_finite() && lambda > 0.0) {
            return Err(Error::InvalidArgument(format!("ridge strength must be positive, got {lambda}")));
        }
        let mut g = vec![0f64; DIM * DIM];
        let mut r = vec![0f32; DIM];
        for &i in items {
            rows.row_into(i, &mut r);
            for a in 0..DIM {
                let ra = r[a] as f64;
                if ra != 0.0 {
                    let row = &mut g[a * DIM..(a + 1) * DIM];
                    for b in 0..=a {
                        row[b] += ra * r[b] as f64;
                    }
                }
            }
        }
        for a in 0..DIM {
            g[a * DIM + a] += lambda;
            for b in 0..a {
                g[b * DIM + a] = g[a * DIM + b];
            }
        }
        let inverse = invert_spd(g, DIM).ok_or_else(|| Error::Internal("content projection: matrix not positive definite".into()))?;
        Ok(Projection { inverse: inverse.into_iter().map(|x| x as f32).collect(), items: items.to_vec() })
    }

    /// The direction `v` for one call's scores (indexed by catalogue index).
    pub fn direction<R: Rows + ?Sized>(&self, rows: &R, scores: &[f32]) -> Vec<f32> {
        let mut u = vec![0f32; DIM];
        rows.accumulate(&self.items, &|i| scores[i as usize], &mut u);
        self.inverse.chunks_exact(DIM).map(|row| dot(row, &u)).collect()
    }
}

/// Inverse of a symmetric positive-definite n × n matrix (Cholesky); None if it is not SPD.
fn invert_spd(mut a: Vec<f64>, n: usize) -> Option<Vec<f64>> {
    // In place: lower triangle becomes L with A = L Lᵀ.
    for j in 0..n {
        let mut d = a[j * n + j];
        for k in 0..j {
            d -= a[j * n + k] * a[j * n + k];
        }
        if d.is_nan() || d <= 0.0 {
            return None;
        }
        let d = d.sqrt();
        a[j * n + j] = d;
        for i in j + 1..n {
            let mut s = a[i * n + j];
            for k in 0..j {
                s -= a[i * n + k] * a[j * n + k];
            }
            a[i * n + j] = s / d;
        }
    }
    // A⁻¹ = L⁻ᵀ L⁻¹: solve for each unit vector.
    let mut inv = vec![0f64; n * n];
    let mut y = vec![0f64; n];
    for c in 0..n {
        // L y = e_c
        for i in 0..n {
            let mut s = if i == c { 1.0 } else { 0.0 };
            for k in 0..i {
                s -= a[i * n + k] * y[k];
            }
            y[i] = s / a[i * n + i];
        }
        // Lᵀ x = y
        for i in (0..n).rev() {
            let mut s = y[i];
            for k in i + 1..n {
                s -= a[k * n + i] * inv[k * n + c];
            }
            inv[i * n + c] = s / a[i * n + i];
        }
    }
    Some(inv)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stages::semantic::encoder::normalize;
    use crate::stages::semantic::index::{encode_catalog_embeddings, CatalogIndex};

    #[test]
    fn inverse_is_an_inverse() {
        let n = 5;
        let mut a = vec![0f64; n * n];
        for i in 0..n {
            for j in 0..n {
                a[i * n + j] = 1.0 / (1.0 + (i as f64 - j as f64).abs()) + if i == j { 2.0 } else { 0.0 };
            }
        }
        let inv = invert_spd(a.clone(), n).unwrap();
        for i in 0..n {
            for j in 0..n {
                let v: f64 = (0..n).map(|k| a[i * n + k] * inv[k * n + j]).sum();
                assert!((v - if i == j { 1.0 } else { 0.0 }).abs() < 1e-12);
            }
        }
        assert!(invert_spd(vec![0.0; 4], 2).is_none());
    }

    /// Scores that are a linear function of the content are recovered for a
    /// row the regression never saw.
    #[test]
    fn linear_scores_carry_to_an_unseen_row() {
        let rows = 600;
        let mut rng = 7u64;
        let mut next = || {
            rng = rng.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            ((rng >> 33) as f32 / (1u64 << 31) as f32) - 0.5
        };
        let mut data: Vec<f32> = (0..rows * DIM).map(|_| next()).collect();
        data.chunks_mut(DIM).for_each(normalize);
        let idx = CatalogIndex::from_bytes(&encode_catalog_embeddings(rows, &data), rows, "t").unwrap();
        let truth: Vec<f32> = (0..DIM).map(|k| (k % 7) as f32 - 3.0).collect();
        let scores: Vec<f32> = (0..rows as u32).map(|i| dot(&idx.row(i), &truth)).collect();
        let p = Projection::fit(&idx, &(0..rows as u32 - 1).collect::<Vec<_>>(), 1e-3).unwrap();
        let v = p.direction(&idx, &scores);
        let last = rows as u32 - 1;
        let predicted = dot(&idx.row(last), &v);
        assert!((predicted - scores[last as usize]).abs() < 0.05 * scores[last as usize].abs().max(1.0), "{predicted} vs {}", scores[last as usize]);
        assert!(Projection::fit(&idx, &[0], 0.0).is_err());
    }
}
