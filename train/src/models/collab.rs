//! `dualrec-train collab`: fits the collaborative evidence of the learned
//! fusion (EASE, Steck 2019) and writes `models/collab.bin`.
//!
//! EASE is a ridge regression of every movie on all the others with a zero
//! diagonal, solved in closed form: with G = XᵀX + λI over the training
//! split's user-by-movie matrix X and P = G⁻¹, B[i, c] = −P[i, c] / P[c, c].
//! P is symmetric, so the candidate-major rows the file stores are P's rows
//! scaled. Only the training split is read (the validation and test movies
//! of every user are left out), as for the LSTM.

use std::path::PathBuf;

use anyhow::{bail, Result};
use dualrec::stages::collab::{sparse_to_bytes, to_bytes, COLLAB_ARTIFACT, COLLAB_FILE, COLLAB_SPARSE_VERSION, COLLAB_VERSION};

use crate::artifacts::{write_artifact, Provenance};
use crate::data::Dataset;

#[derive(clap::Args)]
pub struct CollabArgs {
    #[arg(long)]
    pub data: PathBuf,
    #[arg(long, default_value = "models")]
    pub models: PathBuf,
    /// Ridge strength (200 scored best on validation NDCG@10 of the fusion among 200 and 1000).
    #[arg(long, default_value_t = 200.0)]
    pub lambda: f64,
    #[arg(long, default_value_t = 2)]
    pub threads: usize,
    /// The form that scales: instead of dense EASE, keep each title's K most
    /// similar titles (item-kNN cosine over the training split). Dense EASE is
    /// n² bytes and inverts an n × n matrix; this is n·K·5 bytes.
    #[arg(long)]
    pub neighbours: Option<usize>,
}

/// Item-kNN: for every title, its `k` most similar titles by cosine over
/// binary viewer vectors (co-watches / √(watches_a · watches_b)), best first.
/// Time Σ over viewers of (distinct titles)², memory O(n · threads + watches).
pub fn knn(n: usize, users: &[Vec<u32>], k: usize, threads: usize) -> Vec<Vec<(u32, f32)>> {
    let users: Vec<Vec<u32>> = users
        .iter()
        .map(|u| {
            let mut v = u.clone();
            v.sort_unstable();
            v.dedup();
            v
        })
        .collect();
    let mut by_item: Vec<Vec<u32>> = vec![Vec::new(); n];
    for (ui, u) in users.iter().enumerate() {
        u.iter().for_each(|&i| by_item[i as usize].push(ui as u32));
    }
    let count: Vec<f32> = by_item.iter().map(|v| v.len() as f32).collect();
    let items: Vec<usize> = (0..n).collect();
    let chunk = n.div_ceil(threads.max(1)).max(1);
    std::thread::scope(|s| {
        let parts: Vec<_> = items
            .chunks(chunk)
            .map(|part| {
                let (users, by_item, count) = (&users, &by_item, &count);
                s.spawn(move || {
                    let mut acc = vec![0f32; n];
                    let mut touched = Vec::new();
                    part.iter()
                        .map(|&a| {
                            for &u in &by_item[a] {
                                for &b in &users[u as usize] {
                                    if acc[b as usize] == 0.0 {
                                        touched.push(b);
                                    }
                                    acc[b as usize] += 1.0;
                                }
                            }
                            let mut row: Vec<(u32, f32)> = touched
                                .iter()
                                .filter(|&&b| b as usize != a)
                                .map(|&b| (b, acc[b as usize] / (count[a] * count[b as usize]).sqrt()))
                                .collect();
                            touched.iter().for_each(|&b| acc[b as usize] = 0.0);
                            touched.clear();
                            let better = |x: &(u32, f32), y: &(u32, f32)| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0));
                            if row.len() > k {
                                row.select_nth_unstable_by(k - 1, better);
                                row.truncate(k);
                            }
                            row.sort_by(better);
                            // Keep k entries, not the capacity of every co-watched title.
                            row.shrink_to_fit();
                            row
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        parts.into_iter().flat_map(|h| h.join().expect("knn thread")).collect()
    })
}

/// The Gram matrix XᵀX (row-major, n x n) of binary user-by-movie rows.
pub fn gram<'a>(n: usize, users: impl IntoIterator<Item = &'a [u32]>) -> Vec<f64> {
    let mut g = vec![0f64; n * n];
    for seq in users {
        let mut items: Vec<usize> = seq.iter().map(|&i| i as usize).collect();
        items.sort_unstable();
        items.dedup();
        for &a in &items {
            let row = &mut g[a * n..(a + 1) * n];
            items.iter().for_each(|&b| row[b] += 1.0);
        }
    }
    g
}

/// Inverts a symmetric positive-definite matrix in place: Cholesky (faer)
/// on `threads` threads. Against the Gauss-Jordan it replaced: 46x faster at
/// n = 3,883 (2.0 s vs 92.5 s), the same EASE weights to 1.4e-14 and every
/// int8 code of collab.bin identical (docs/embedding.md, "Hand-written or a crate").
pub fn invert_spd(a: &mut [f64], n: usize, threads: usize) -> Result<()> {
    use faer::linalg::solvers::DenseSolveCore;
    faer::set_global_parallelism(if threads > 1 { faer::Par::rayon(threads) } else { faer::Par::Seq });
    // Symmetric: the row-major slice read column-major is the same matrix.
    let llt = match faer::MatRef::from_column_major_slice(a, n, n).llt(faer::Side::Lower) {
        Ok(llt) => llt,
        Err(e) => bail!("matrix is not positive definite ({e:?})"),
    };
    let inv = llt.inverse();
    for (j, col) in a.chunks_exact_mut(n).enumerate() {
        col.iter_mut().enumerate().for_each(|(i, v)| *v = inv[(i, j)]);
    }
    Ok(())
}

/// EASE weights, candidate-major (`out[c * n + i]` = B[i, c]).
pub fn ease<'a>(n: usize, users: impl IntoIterator<Item = &'a [u32]>, lambda: f64, threads: usize) -> Result<Vec<f32>> {
    let mut p = gram(n, users);
    (0..n).for_each(|i| p[i * n + i] += lambda);
    invert_spd(&mut p, n, threads)?;
    let mut out = vec![0f32; n * n];
    for c in 0..n {
        let d = p[c * n + c];
        for i in 0..n {
            if i != c {
                out[c * n + i] = (-p[c * n + i] / d) as f32;
            }
        }
    }
    Ok(out)
}

pub fn run(a: CollabArgs) -> Result<()> {
    let ds = Dataset::load(&a.data)?;
    crate::artifacts::check_catalog(&ds, &a.models)?;
    if !(a.lambda.is_finite() && a.lambda > 0.0) {
        bail!("--lambda must be positive, got {}", a.lambda);
    }
    let split = ds.split();
    let n = ds.catalog.len();
    let t0 = std::time::Instant::now();
    if let Some(k) = a.neighbours {
        if k == 0 || k > n {
            bail!("--neighbours must be 1..={n}");
        }
        let rows = knn(n, &split.train, k, a.threads);
        tracing::info!(items = n, k, secs = t0.elapsed().as_secs_f32(), "item-kNN neighbours fitted");
        let bytes = sparse_to_bytes(n, k, &rows);
        write_artifact(
            &a.models,
            COLLAB_ARTIFACT,
            COLLAB_FILE,
            COLLAB_SPARSE_VERSION,
            &bytes,
            Provenance {
                source: &format!("fitted on the leave-one-out training split of {} (item-kNN cosine, {k} neighbours per title, int8; no user rows)", ds.name),
                licence: crate::artifacts::DERIVED_MODEL,
                data_sha256: Some(&ds.fingerprint),
                config: serde_json::json!({"model": "item-kNN cosine (sparse form)", "neighbours": k, "quantization": "int8, one scale per row"}),
            },
        )?;
        println!("wrote {}/{COLLAB_FILE} ({n} titles x {k} neighbours, {} bytes)", a.models.display(), bytes.len());
        return Ok(());
    }
    if n > 20_000 {
        bail!("{n} titles: dense EASE needs an {n} x {n} matrix ({:.1} GB in f64); use --neighbours K (the sparse form)", (n * n * 8) as f64 / 1e9);
    }
    let b = ease(n, split.train.iter().map(Vec::as_slice), a.lambda, a.threads)?;
    tracing::info!(items = n, lambda = a.lambda, secs = t0.elapsed().as_secs_f32(), "EASE weights fitted");
    write_artifact(
        &a.models,
        COLLAB_ARTIFACT,
        COLLAB_FILE,
        COLLAB_VERSION,
        &to_bytes(n, a.lambda as f32, &b),
        Provenance {
            source: &format!("fitted on the leave-one-out training split of {} (EASE item-to-item weights, int8; no user rows)", ds.name),
            licence: crate::artifacts::DERIVED_MODEL,
            data_sha256: Some(&ds.fingerprint),
            config: serde_json::json!({"model": "EASE (Steck 2019)", "lambda": a.lambda, "quantization": "int8, one scale per candidate row"}),
        },
    )?;
    println!("wrote {}/{COLLAB_FILE} ({n} x {n} int8)", a.models.display());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knn_keeps_the_most_similar_titles() {
        // 0 and 1 always together; 2 with 1 once; 3 alone.
        let users = vec![vec![0, 1], vec![0, 1, 2], vec![1, 0], vec![3]];
        let r = knn(4, &users, 2, 2);
        assert_eq!(r[0].iter().map(|x| x.0).collect::<Vec<_>>(), vec![1, 2]);
        assert!((r[0][0].1 - 3.0 / (3.0f32 * 3.0).sqrt()).abs() < 1e-6 && (r[0][1].1 - 1.0 / 3f32.sqrt()).abs() < 1e-6);
        assert_eq!(r[1].iter().map(|x| x.0).collect::<Vec<_>>(), vec![0, 2], "best first");
        assert!(r[3].is_empty(), "a title nobody else watched with");
        assert_eq!(knn(4, &users, 1, 1)[1], vec![(0, 1.0)]);
    }

    #[test]
    fn inverse_times_matrix_is_identity() {
        let n = 7;
        // An SPD matrix: a Gram matrix plus a ridge.
        let users: Vec<Vec<u32>> = vec![vec![0, 1, 2], vec![1, 2, 3, 4], vec![4, 5], vec![0, 6, 5, 1], vec![2, 2, 3]];
        let mut g = gram(n, users.iter().map(Vec::as_slice));
        assert_eq!(g[2 * n + 2], 3.0, "a repeated movie counts once per user");
        (0..n).for_each(|i| g[i * n + i] += 0.5);
        let mut inv = g.clone();
        invert_spd(&mut inv, n, 3).unwrap();
        for i in 0..n {
            for j in 0..n {
                let v: f64 = (0..n).map(|k| g[i * n + k] * inv[k * n + j]).sum();
                assert!((v - if i == j { 1.0 } else { 0.0 }).abs() < 1e-9, "({i},{j}) = {v}");
            }
        }
        let mut not_spd = vec![0.0; 4];
        assert!(invert_spd(&mut not_spd, 2, 1).is_err());
    }

    /// EASE's defining property: B is the ridge solution with a zero
    /// diagonal, so its column c minimises ||X_c − X B_c||² + λ||B_c||²
    /// subject to B[c, c] = 0; the gradient vanishes off the diagonal.
    #[test]
    fn ease_columns_solve_the_constrained_ridge() {
        let n = 6;
        let lambda = 0.7;
        let users: Vec<Vec<u32>> = vec![vec![0, 1, 2], vec![1, 2, 3], vec![3, 4], vec![0, 5, 4], vec![2, 5], vec![0, 1]];
        let b = ease(n, users.iter().map(Vec::as_slice), lambda, 2).unwrap();
        let g = gram(n, users.iter().map(Vec::as_slice));
        for c in 0..n {
            assert_eq!(b[c * n + c], 0.0);
            for i in (0..n).filter(|&i| i != c) {
                // d/dB[i,c]: -2 (XᵀX)[i,c] + 2 Σ_k (XᵀX)[i,k] B[k,c] + 2λ B[i,c] = 0
                let grad = -g[i * n + c] + (0..n).map(|k| g[i * n + k] * b[c * n + k] as f64).sum::<f64>() + lambda * b[c * n + i] as f64;
                assert!(grad.abs() < 1e-5, "column {c}, row {i}: gradient {grad}");
            }
        }
    }
}
