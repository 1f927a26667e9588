//! A genre probe: multinomial logistic regression over Sentence-BERT rows,
//! fitted on labelled example phrases (each genre's, and those asking for no
//! genre, label ""). The request reader can read an unread phrase's genre by
//! it instead of by its nearest example phrases (docs/eval/genre-probe/).
//!
//! The fit is deterministic (one thread, f64, L-BFGS with a fixed start and
//! stopping rule), so a probe fitted by `dualrec-train` into `genre-probe.bin`
//! is the one the library would fit itself from the same rows. The library
//! fits one on first use only where no artifact matches (a tool, an
//! evaluation); an engine reads the verified artifact.

use super::DIM;
use crate::error::{Error, Result};

pub const ARTIFACT_GENRE_PROBE: &str = "genre-probe";
pub const FILE_GENRE_PROBE: &str = "genre-probe.bin";
pub const GENRE_PROBE_VERSION: u32 = 1;
const MAGIC: &[u8; 8] = b"DRPROBE\0";
/// L-BFGS memory, iterations at most, and the gradient's max-norm that ends a fit.
const MEMORY: usize = 10;
const MAX_ITERATIONS: usize = 400;
const TOLERANCE: f64 = 1e-6;

/// What a probe was fitted on: compared before an artifact is used in place
/// of a fit, so a probe never reads with examples it was not fitted on.
#[derive(Debug, Clone, PartialEq)]
pub struct ProbeKey {
    /// sha256 (hex) of the labelled phrases in order and the encoder file's sha256.
    pub fingerprint: String,
    /// sklearn's C: the loss summed over phrases against half the squared weights.
    pub c: f32,
}

#[derive(Debug, Clone)]
pub struct GenreProbe {
    pub key: ProbeKey,
    /// Class labels, sorted; "" is no genre.
    labels: Vec<String>,
    /// `[labels, DIM]`, then one bias per label.
    w: Vec<f32>,
    b: Vec<f32>,
    /// Iterations the fit took, and its last objective (for reports).
    pub iterations: u32,
    pub loss: f64,
}

impl GenreProbe {
    /// Fits the probe: rows (each `DIM` values) with their labels.
    pub fn fit(rows: &[&[f32]], labels: &[&str], key: ProbeKey) -> Result<GenreProbe> {
        if rows.len() != labels.len() || rows.is_empty() || rows.iter().any(|r| r.len() != DIM) || !(key.c > 0.0 && key.c.is_finite()) {
            return Err(Error::InvalidArgument(format!("a probe needs rows of {DIM} with one label each and C > 0 ({} rows, {} labels, C {})", rows.len(), labels.len(), key.c)));
        }
        let mut classes: Vec<String> = labels.iter().map(|l| l.to_string()).collect();
        classes.sort();
        classes.dedup();
        let y: Vec<usize> = labels.iter().map(|l| classes.binary_search_by(|c| c.as_str().cmp(l)).expect("a class")).collect();
        let (n, k, d) = (rows.len(), classes.len(), DIM);
        let x: Vec<f64> = rows.iter().flat_map(|r| r.iter().map(|&v| f64::from(v))).collect();
        // Objective: mean cross-entropy + |W|² / (2 C n) (sklearn's, divided by C n).
        let lambda = 1.0 / (f64::from(key.c) * n as f64);
        let p = k * (d + 1);
        let objective = |theta: &[f64], grad: &mut [f64]| -> f64 {
            grad.iter_mut().for_each(|g| *g = 0.0);
            let (w, b) = theta.split_at(k * d);
            let (gw, gb) = grad.split_at_mut(k * d);
            let mut loss = 0.0;
            let mut z = vec![0f64; k];
            for i in 0..n {
                let xi = &x[i * d..(i + 1) * d];
                for c in 0..k {
                    z[c] = b[c] + w[c * d..(c + 1) * d].iter().zip(xi).map(|(a, b)| a * b).sum::<f64>();
                }
                let m = z.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                let s: f64 = z.iter().map(|v| (v - m).exp()).sum();
                loss += m + s.ln() - z[y[i]];
                for c in 0..k {
                    let g = ((z[c] - m).exp() / s - if c == y[i] { 1.0 } else { 0.0 }) / n as f64;
                    gb[c] += g;
                    gw[c * d..(c + 1) * d].iter_mut().zip(xi).for_each(|(a, &v)| *a += g * v);
                }
            }
            loss /= n as f64;
            loss += 0.5 * lambda * w.iter().map(|v| v * v).sum::<f64>();
            gw.iter_mut().zip(w).for_each(|(g, &v)| *g += lambda * v);
            loss
        };
        let (theta, iterations, loss) = lbfgs(p, objective);
        Ok(GenreProbe {
            key,
            labels: classes,
            w: theta[..k * d].iter().map(|&v| v as f32).collect(),
            b: theta[k * d..].iter().map(|&v| v as f32).collect(),
            iterations: iterations as u32,
            loss,
        })
    }

    /// The most probable label for `row` and its probability; None where it
    /// is no genre ("").
    pub fn read(&self, row: &[f32]) -> Option<(String, f32)> {
        if row.len() != DIM {
            return None;
        }
        let z: Vec<f64> = (0..self.labels.len())
            .map(|c| f64::from(self.b[c]) + self.w[c * DIM..(c + 1) * DIM].iter().zip(row).map(|(&a, &b)| f64::from(a) * f64::from(b)).sum::<f64>())
            .collect();
        let (best, &zb) = z.iter().enumerate().fold((0, &f64::NEG_INFINITY), |acc, (i, v)| if *v > *acc.1 { (i, v) } else { acc });
        let s: f64 = z.iter().map(|v| (v - zb).exp()).sum();
        let label = &self.labels[best];
        (!label.is_empty()).then(|| (label.clone(), (1.0 / s) as f32))
    }

    pub fn labels(&self) -> &[String] {
        &self.labels
    }

    /// The artifact's bytes: magic, version, labels, DIM, C, the key's
    /// fingerprint (64 hex digits), each label (u32 LE length, UTF-8), then
    /// the weights and biases (f32 LE).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut b = Vec::new();
        b.extend_from_slice(MAGIC);
        for v in [GENRE_PROBE_VERSION, self.labels.len() as u32, DIM as u32] {
            b.extend_from_slice(&v.to_le_bytes());
        }
        b.extend_from_slice(&self.key.c.to_le_bytes());
        b.extend_from_slice(self.key.fingerprint.as_bytes());
        for l in &self.labels {
            b.extend_from_slice(&(l.len() as u32).to_le_bytes());
            b.extend_from_slice(l.as_bytes());
        }
        self.w.iter().chain(&self.b).for_each(|x| b.extend_from_slice(&x.to_le_bytes()));
        b
    }

    /// Parses the artifact; anything malformed is `ModelCorrupt` naming `file`.
    pub fn from_bytes(b: &[u8], file: &str) -> Result<GenreProbe> {
        let corrupt = |why: &str| Error::corrupt(file, why.to_string());
        const HEAD: usize = 8 + 4 * 4 + 64;
        if b.len() < HEAD || &b[..8] != MAGIC {
            return Err(corrupt("not a genre probe (short or bad magic)"));
        }
        let u32_at = |at: usize| u32::from_le_bytes(b[at..at + 4].try_into().expect("4 bytes"));
        let (version, k, dim) = (u32_at(8), u32_at(12) as usize, u32_at(16) as usize);
        if version != GENRE_PROBE_VERSION {
            return Err(Error::ModelVersion { file: file.into(), found: version.to_string(), expected: GENRE_PROBE_VERSION.to_string() });
        }
        let c = f32::from_le_bytes(b[20..24].try_into().expect("4 bytes"));
        if dim != DIM || k == 0 || k > 1024 || !(c > 0.0 && c.is_finite()) {
            return Err(corrupt("dimension, label count or C out of range"));
        }
        let fingerprint = std::str::from_utf8(&b[24..HEAD]).ok().filter(|s| s.bytes().all(|x| x.is_ascii_hexdigit())).ok_or_else(|| corrupt("the fingerprint is not hex"))?.to_string();
        let mut at = HEAD;
        let mut labels = Vec::with_capacity(k);
        for _ in 0..k {
            let len = b.get(at..at + 4).map(|x| u32::from_le_bytes(x.try_into().expect("4 bytes")) as usize).ok_or_else(|| corrupt("truncated in the labels"))?;
            let text = b.get(at + 4..at.saturating_add(4).saturating_add(len)).ok_or_else(|| corrupt("truncated in the labels"))?;
            labels.push(std::str::from_utf8(text).map_err(|_| corrupt("a label is not UTF-8"))?.to_string());
            at += 4 + len;
        }
        if labels.windows(2).any(|w| w[0] >= w[1]) {
            return Err(corrupt("labels not sorted and distinct"));
        }
        if b.len() - at != k * (DIM + 1) * 4 {
            return Err(corrupt("the weights' size does not match the labels"));
        }
        let vals: Vec<f32> = b[at..].chunks_exact(4).map(|x| f32::from_le_bytes(x.try_into().expect("4 bytes"))).collect();
        if vals.iter().any(|v| !v.is_finite()) {
            return Err(corrupt("a weight is not finite"));
        }
        let (w, bias) = vals.split_at(k * DIM);
        Ok(GenreProbe { key: ProbeKey { fingerprint, c }, labels, w: w.to_vec(), b: bias.to_vec(), iterations: 0, loss: f64::NAN })
    }
}

/// Minimises `f` (value, gradient into its second argument) from zero by
/// L-BFGS with a backtracking (Armijo) line search; (θ, iterations, value).
fn lbfgs(p: usize, mut f: impl FnMut(&[f64], &mut [f64]) -> f64) -> (Vec<f64>, usize, f64) {
    let dot = |a: &[f64], b: &[f64]| a.iter().zip(b).map(|(x, y)| x * y).sum::<f64>();
    let mut theta = vec![0f64; p];
    let mut g = vec![0f64; p];
    let mut fx = f(&theta, &mut g);
    let (mut s_hist, mut y_hist): (Vec<Vec<f64>>, Vec<Vec<f64>>) = (Vec::new(), Vec::new());
    let mut iterations = 0;
    let mut g_new = vec![0f64; p];
    while iterations < MAX_ITERATIONS && g.iter().fold(0f64, |m, v| m.max(v.abs())) > TOLERANCE {
        iterations += 1;
        // Two-loop recursion: the search direction -H g.
        let mut q = g.clone();
        let mut alpha = Vec::with_capacity(s_hist.len());
        for (s, y) in s_hist.iter().zip(&y_hist).rev() {
            let a = dot(s, &q) / dot(y, s);
            q.iter_mut().zip(y).for_each(|(qi, yi)| *qi -= a * yi);
            alpha.push(a);
        }
        let gamma = match (s_hist.last(), y_hist.last()) {
            (Some(s), Some(y)) => dot(s, y) / dot(y, y),
            _ => 1.0 / g.iter().map(|v| v * v).sum::<f64>().sqrt().max(1e-12),
        };
        q.iter_mut().for_each(|v| *v *= gamma);
        for ((s, y), a) in s_hist.iter().zip(&y_hist).zip(alpha.into_iter().rev()) {
            let b = dot(y, &q) / dot(y, s);
            q.iter_mut().zip(s).for_each(|(qi, si)| *qi += (a - b) * si);
        }
        let dir: Vec<f64> = q.iter().map(|v| -v).collect();
        let slope = dot(&g, &dir);
        if slope >= 0.0 {
            // Not a descent direction (numerical): start the memory again.
            s_hist.clear();
            y_hist.clear();
            continue;
        }
        let mut step = 1.0;
        let mut next = vec![0f64; p];
        let fx_new = loop {
            next.iter_mut().zip(&theta).zip(&dir).for_each(|((n, t), d)| *n = t + step * d);
            let v = f(&next, &mut g_new);
            if v <= fx + 1e-4 * step * slope || step < 1e-10 {
                break v;
            }
            step *= 0.5;
        };
        let s: Vec<f64> = next.iter().zip(&theta).map(|(a, b)| a - b).collect();
        let y: Vec<f64> = g_new.iter().zip(&g).map(|(a, b)| a - b).collect();
        if dot(&s, &y) > 1e-12 {
            if s_hist.len() == MEMORY {
                s_hist.remove(0);
                y_hist.remove(0);
            }
            s_hist.push(s);
            y_hist.push(y);
        }
        let improved = fx - fx_new;
        theta = next;
        std::mem::swap(&mut g, &mut g_new);
        fx = fx_new;
        if improved.abs() < 1e-12 {
            break;
        }
    }
    (theta, iterations, fx)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(seed: usize, class: usize) -> Vec<f32> {
        let mut r: Vec<f32> = (0..DIM).map(|i| (((i * 7 + seed * 13) % 17) as f32 - 8.0) / 40.0).collect();
        r[class * 3] += 1.0;
        let n = r.iter().map(|v| v * v).sum::<f32>().sqrt();
        r.iter_mut().for_each(|v| *v /= n);
        r
    }

    #[test]
    fn fits_separable_labels_deterministically_and_round_trips() {
        let names = ["", "Comedy", "Horror"];
        let rows: Vec<Vec<f32>> = (0..60).map(|i| row(i, i % 3)).collect();
        let labels: Vec<&str> = (0..60).map(|i| names[i % 3]).collect();
        let refs: Vec<&[f32]> = rows.iter().map(Vec::as_slice).collect();
        let key = ProbeKey { fingerprint: "ab".repeat(32), c: 16.0 };
        let p = GenreProbe::fit(&refs, &labels, key.clone()).unwrap();
        let q = GenreProbe::fit(&refs, &labels, key).unwrap();
        assert_eq!(p.w.iter().map(|v| v.to_bits()).collect::<Vec<_>>(), q.w.iter().map(|v| v.to_bits()).collect::<Vec<_>>(), "the fit is deterministic");
        assert_eq!(p.labels(), ["", "Comedy", "Horror"]);
        assert_eq!(p.read(&row(100, 1)).map(|r| r.0), Some("Comedy".into()));
        assert_eq!(p.read(&row(101, 2)).map(|r| r.0), Some("Horror".into()));
        assert_eq!(p.read(&row(102, 0)), None, "no genre reads as none");
        assert!(p.read(&row(103, 1)).unwrap().1 > 0.5);
        let back = GenreProbe::from_bytes(&p.to_bytes(), "p").unwrap();
        assert_eq!((back.key.clone(), back.labels.clone(), back.w.clone(), back.b.clone()), (p.key.clone(), p.labels.clone(), p.w.clone(), p.b.clone()));
        let bytes = p.to_bytes();
        for cut in [0, 10, 60, bytes.len() - 1] {
            assert!(matches!(GenreProbe::from_bytes(&bytes[..cut], "p"), Err(Error::ModelCorrupt { .. })), "cut at {cut}");
        }
        let mut v2 = bytes.clone();
        v2[8] = 2;
        assert!(matches!(GenreProbe::from_bytes(&v2, "p"), Err(Error::ModelVersion { .. })));
        assert!(GenreProbe::fit(&refs, &labels[1..], p.key.clone()).is_err());
    }
}
