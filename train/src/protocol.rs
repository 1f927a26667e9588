//! The leave-one-out, full-ranking protocol (PROTOCOL.md) that training,
//! fitting and evaluation share: cases and candidates, ranking with history
//! items excluded, HR@k / NDCG@k, seeded bootstrap intervals and user
//! samples, and the check that models were fitted on the data at hand.
//! The reports written from it are the eval room's (`eval/report.rs`).

use std::collections::BTreeMap;

use anyhow::Result;
use dualrec::pipeline::shortlist::rank_of;

use crate::data::Split;
use crate::rng::SplitMix;

pub const KS: [usize; 4] = [1, 5, 10, 20];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// History = training part, target = validation item (model selection).
    Valid,
    /// History = training + validation, target = test item (reports).
    Test,
}

/// Everything the ranking of one user needs.
pub struct Case {
    pub history: Vec<u32>,
    pub target: u32,
}

pub fn cases(split: &Split, target: Target) -> Vec<Case> {
    let mut out = Vec::new();
    for u in 0..split.train.len() {
        let (Some(v), Some(t)) = (split.valid[u], split.test[u]) else { continue };
        let mut history = split.train[u].clone();
        let tgt = match target {
            Target::Valid => v,
            Target::Test => {
                history.push(v);
                t
            }
        };
        out.push(Case { history, target: tgt });
    }
    out
}

/// Items seen in any user's training part: the candidate set.
pub fn candidates(split: &Split, n_items: usize) -> Vec<bool> {
    let mut c = vec![false; n_items];
    split.train.iter().flatten().for_each(|&i| c[i as usize] = true);
    c
}

/// The progress bar of a per-user evaluation pass: `msg`, bar, count, elapsed, eta.
pub fn progress(len: usize, msg: impl Into<std::borrow::Cow<'static, str>>) -> indicatif::ProgressBar {
    let bar = indicatif::ProgressBar::new(len as u64).with_message(msg);
    bar.set_style(indicatif::ProgressStyle::with_template("{msg:>10} [{bar:40}] {pos}/{len} {elapsed} eta {eta}").unwrap());
    bar
}

/// Refuses `models` that were not fitted on `ds` (their manifest entries
/// record the sha256 of the data they were trained on).
pub fn require_fitted_on(manifest: &dualrec::model_dir::manifest::Manifest, ds: &crate::data::Dataset, models: &[&str], doing: &str) -> Result<()> {
    for name in models {
        let trained_on = manifest.get(name).and_then(|e| e.data_sha256.as_deref());
        if trained_on != Some(ds.fingerprint.as_str()) {
            anyhow::bail!("{name}: the model was not fitted on {}; refusing to {doing}", ds.name);
        }
    }
    Ok(())
}

/// What an evaluation holds out, and so which split its models must have
/// been fitted on (PROTOCOL.md "Audit trail").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Evaluated {
    /// Each viewer's last (test) and second-to-last (validation) item: models
    /// fitted by the leave-one-out tools on the training split ("loo-train").
    LeaveOneOut,
    /// Each viewer's last 5 items: models built from `dualrec-train next5-split`'s copy ("next5-train").
    Next5,
}

/// Per model in `models` (manifest names; absent ones are skipped): the
/// split it was fitted on, for the report's `fitted_on`. Refuses a model
/// fitted on a split that holds the evaluated targets, or on other data.
/// A model fitted on no interaction data (Sentence-BERT, a base LLM) is
/// recorded as such.
pub fn fitted_on(manifest: &dualrec::model_dir::manifest::Manifest, ds: &crate::data::Dataset, models: &[&str], evaluated: Evaluated) -> Result<BTreeMap<String, String>> {
    let next5 = crate::data::next5_fingerprint(ds)?;
    // Catalogue embeddings record the catalogue they embed (the model directory's): no viewer's watches.
    let catalogue = manifest.get("catalog").map(|c| c.sha256.clone()).unwrap_or_default();
    let mut out = BTreeMap::new();
    for &name in models {
        let Some(e) = manifest.get(name) else { continue };
        // A merged LLM carries its adapter's training data.
        let adapter = (name == "lm" && e.produced_by.contains("--adapter")).then(|| manifest.get("lm-lora")).flatten();
        let data = e.data_sha256.as_deref().or(adapter.and_then(|a| a.data_sha256.as_deref()));
        let split = match (data, evaluated) {
            (None, _) => "none (not fitted on interaction data)",
            (Some(d), _) if d == catalogue => "none (the catalogue's titles and genres only)",
            (Some(d), Evaluated::LeaveOneOut) if d == ds.fingerprint => "loo-train",
            (Some(d), Evaluated::Next5) if d == next5 => crate::data::NEXT5_SPLIT,
            (Some(d), Evaluated::Next5) if d == ds.fingerprint => anyhow::bail!(
                "{name}: fitted by the leave-one-out tools on {}, whose training split holds 3 of each viewer's last 5 watches; a next-5 evaluation needs models built from `dualrec-train next5-split` (refusing a leaking evaluation)",
                ds.name
            ),
            (Some(d), Evaluated::LeaveOneOut) if d == next5 => anyhow::bail!(
                "{name}: fitted on the next-5 copy of {}; evaluate it with `eval-pipeline --next5`, or build leave-one-out models from the full data",
                ds.name
            ),
            (Some(_), _) => anyhow::bail!("{name}: the model was not fitted on {} (its manifest records other data); refusing to evaluate", ds.name),
        };
        out.insert(name.to_string(), split.to_string());
    }
    Ok(out)
}

/// Runs `work(offset, part)` on up to `workers` contiguous parts of `items`,
/// one scoped thread each (`offset` = index of the part's first item).
/// Results come back in item order; the first error is returned.
pub fn in_chunks<T: Sync, R: Send>(items: &[T], workers: usize, work: impl Fn(usize, &[T]) -> Result<R> + Sync) -> Result<Vec<R>> {
    let chunk = items.len().div_ceil(workers.max(1)).max(1);
    let work = &work;
    std::thread::scope(|s| {
        let handles: Vec<_> = items.chunks(chunk).enumerate().map(|(w, part)| s.spawn(move || work(w * chunk, part))).collect();
        handles.into_iter().map(|h| h.join().expect("evaluation thread panicked")).collect()
    })
}

/// Ranks every case's target with `score(history, scores_out)`, using all cores.
pub fn ranks<F>(cases: &[Case], candidate: &[bool], n_items: usize, threads: usize, progress: &indicatif::ProgressBar, score: F) -> Result<Vec<usize>>
where
    F: Fn(&[u32], &mut [f32]) -> Result<()> + Sync,
{
    let parts = in_chunks(cases, threads, |_, part| {
        let mut scores = vec![0f32; n_items];
        let mut excluded = vec![false; n_items];
        let mut out = Vec::with_capacity(part.len());
        for c in part {
            score(&c.history, &mut scores)?;
            c.history.iter().for_each(|&i| excluded[i as usize] = true);
            // The target itself is never excluded: it is not in the history.
            out.push(rank_of(&scores, candidate, &excluded, c.target));
            c.history.iter().for_each(|&i| excluded[i as usize] = false);
            progress.inc(1);
        }
        Ok(out)
    })?;
    Ok(parts.into_iter().flatten().collect())
}

/// 1-based rank of `target` when `head` is listed first and the rest follows `scores`.
/// Head items that are not candidates are skipped (they are not ranked under the protocol).
pub fn rank_with_head(head: &[u32], scores: &[f32], candidate: &[bool], excluded: &mut [bool], target: u32) -> usize {
    let head: Vec<u32> = head.iter().copied().filter(|&h| candidate[h as usize]).collect();
    let head = &head[..];
    if let Some(p) = head.iter().position(|&h| h == target) {
        return p + 1;
    }
    head.iter().for_each(|&h| excluded[h as usize] = true);
    let r = head.len() + rank_of(scores, candidate, excluded, target);
    head.iter().for_each(|&h| excluded[h as usize] = false);
    r
}

/// Ranks every case's target with `head_and_scores(history)`: a head listed
/// first, then the rest by the scores. Uses all cores.
pub fn ranks_with_head<F>(cases: &[Case], candidate: &[bool], n_items: usize, threads: usize, progress: &indicatif::ProgressBar, head_and_scores: F) -> Result<Vec<usize>>
where
    F: Fn(&[u32]) -> Result<(Vec<u32>, Vec<f32>)> + Sync,
{
    let parts = in_chunks(cases, threads, |_, part| {
        let mut excluded = vec![false; n_items];
        let mut out = Vec::with_capacity(part.len());
        for c in part {
            let (head, scores) = head_and_scores(&c.history)?;
            c.history.iter().for_each(|&i| excluded[i as usize] = true);
            out.push(rank_with_head(&head, &scores, candidate, &mut excluded, c.target));
            c.history.iter().for_each(|&i| excluded[i as usize] = false);
            progress.inc(1);
        }
        Ok(out)
    })?;
    Ok(parts.into_iter().flatten().collect())
}

pub(crate) fn per_user(rank: usize) -> BTreeMap<String, f64> {
    let mut m = BTreeMap::new();
    for k in KS {
        m.insert(format!("HR@{k}"), if rank <= k { 1.0 } else { 0.0 });
        if k > 1 {
            let ndcg = if rank <= k { 1.0 / ((rank as f64) + 1.0).log2() } else { 0.0 };
            m.insert(format!("NDCG@{k}"), ndcg);
        }
    }
    m
}

/// Mean metrics over users.
pub fn metrics(ranks: &[usize]) -> BTreeMap<String, f64> {
    let mut sum: BTreeMap<String, f64> = BTreeMap::new();
    for &r in ranks {
        for (k, v) in per_user(r) {
            *sum.entry(k).or_default() += v;
        }
    }
    sum.values_mut().for_each(|v| *v /= ranks.len().max(1) as f64);
    sum
}

pub const BOOTSTRAP_SEED: u64 = 20_260_701;

/// 95% percentile bootstrap intervals (1,000 resamples of users, seeded).
pub fn bootstrap_ci(values: &[f64], seed: u64) -> [f64; 2] {
    let n = values.len();
    if n == 0 {
        return [0.0, 0.0];
    }
    let mut rng = SplitMix(seed);
    let mut means: Vec<f64> = (0..1000)
        .map(|_| (0..n).map(|_| values[rng.below(n)]).sum::<f64>() / n as f64)
        .collect();
    means.sort_by(|a, b| a.total_cmp(b));
    [means[24], means[974]]
}

/// 95% percentile bootstrap intervals resampling whole clusters (1,000
/// resamples, seeded): `cluster[i]` names the cluster of `values[i]`. Where
/// values share a cause (the requests in one wording), resampling them one by
/// one understates how much a different draw of causes would move the mean.
pub fn cluster_bootstrap_ci(values: &[f64], cluster: &[usize], seed: u64) -> [f64; 2] {
    cluster_bootstrap_ci_at(values, cluster, seed, 0.95, 1000)
}

/// [`cluster_bootstrap_ci`] at another `level` over `draws` resamples (a
/// pre-registered test that corrects for earlier tries asks for a wider one;
/// the tails need more draws than 1,000).
pub fn cluster_bootstrap_ci_at(values: &[f64], cluster: &[usize], seed: u64, level: f64, draws: usize) -> [f64; 2] {
    assert_eq!(values.len(), cluster.len(), "one cluster per value");
    assert!(level > 0.0 && level < 1.0 && draws >= 100, "a level in (0, 1) and at least 100 draws");
    let mut ids: Vec<usize> = cluster.to_vec();
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        return [0.0, 0.0];
    }
    // Per cluster: (sum, count).
    let sums: Vec<(f64, f64)> = ids.iter().map(|&c| values.iter().zip(cluster).filter(|x| *x.1 == c).fold((0.0, 0.0), |a, x| (a.0 + x.0, a.1 + 1.0))).collect();
    let mut rng = SplitMix(seed);
    let mut means: Vec<f64> = (0..draws)
        .map(|_| {
            let (s, n) = (0..sums.len()).map(|_| sums[rng.below(sums.len())]).fold((0.0, 0.0), |a, x| (a.0 + x.0, a.1 + x.1));
            s / n
        })
        .collect();
    means.sort_by(|a, b| a.total_cmp(b));
    // 1,000 draws at 95%: the 25th and the 975th.
    let tail = ((draws as f64 * (1.0 - level) / 2.0).round() as usize).max(1);
    [means[tail - 1], means[draws - tail - 1]]
}

/// Seeded sample of `n` case indices (sorted).
pub fn sample(len: usize, n: usize, seed: u64) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..len).collect();
    let mut rng = SplitMix(seed);
    for i in (1..idx.len()).rev() {
        idx.swap(i, rng.below(i + 1));
    }
    idx.truncate(n.min(len));
    idx.sort_unstable();
    idx
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clustered_intervals_are_wider_where_clusters_share_their_values() {
        // 10 clusters of 20 equal values each: as uncertain as 10 values, not 200.
        let values: Vec<f64> = (0..200).map(|i| if (i / 20) % 2 == 0 { 1.0 } else { 0.0 }).collect();
        let cluster: Vec<usize> = (0..200).map(|i| i / 20).collect();
        let plain = bootstrap_ci(&values, 7);
        let clustered = cluster_bootstrap_ci(&values, &cluster, 7);
        assert!(clustered[1] - clustered[0] > 2.0 * (plain[1] - plain[0]), "{clustered:?} vs {plain:?}");
        assert!(clustered[0] <= 0.5 && clustered[1] >= 0.5);
        // One value per cluster: the plain bootstrap's width.
        let singles: Vec<usize> = (0..200).collect();
        let c = cluster_bootstrap_ci(&values, &singles, 7);
        assert!(((c[1] - c[0]) - (plain[1] - plain[0])).abs() < 0.05, "{c:?} vs {plain:?}");
        assert_eq!(cluster_bootstrap_ci(&[], &[], 7), [0.0, 0.0]);
        // A wider level holds the 95% interval (10,000 draws for its tails).
        let wide = cluster_bootstrap_ci_at(&values, &cluster, 7, 1.0 - 0.05 / 3.0, 10_000);
        let c95 = cluster_bootstrap_ci_at(&values, &cluster, 7, 0.95, 10_000);
        assert!(wide[0] < c95[0] && wide[1] > c95[1], "{wide:?} vs {c95:?}");
        assert_eq!(cluster_bootstrap_ci_at(&values, &cluster, 7, 0.95, 1000), clustered);
    }

    /// A sequence-layout data set of 2 viewers in a temp dir.
    fn tiny(tag: &str) -> crate::data::Dataset {
        let dir = std::env::temp_dir().join(format!("dualrec-guard-{tag}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let movies: String = (1..=12).map(|i| format!("{i}::Movie {i} (1990)::Drama\n")).collect();
        std::fs::write(dir.join("movies.dat"), movies).unwrap();
        std::fs::write(dir.join("sequences.txt"), "1 1 2 3 4 5 6 7 8 9 10\n2 3 4 5 6 7 8 9\n").unwrap();
        crate::data::Dataset::load(&dir).unwrap()
    }

    fn manifest(entries: &[(&str, Option<&str>)]) -> dualrec::model_dir::manifest::Manifest {
        let artifacts = entries
            .iter()
            .map(|(n, d)| {
                serde_json::from_value(serde_json::json!({"name": n, "file": format!("{n}.bin"), "format_version": 1, "sha256": "x", "size": 1,
                    "source": "s", "produced_by": "p", "licence": "l", "data_sha256": d}))
                .unwrap()
            })
            .collect();
        dualrec::model_dir::manifest::Manifest { format: 1, artifacts }
    }

    #[test]
    fn guard_refuses_leave_one_out_models_for_next5() {
        let ds = tiny("leak");
        let full = ds.fingerprint.clone();
        let copy = crate::data::next5_fingerprint(&ds).unwrap();
        assert_ne!(full, copy);
        // Models fitted on the full data's leave-one-out split: fine for leave-one-out, a leak for next-5.
        // The test manifest's entries all have sha256 "x": the catalogue's too.
        let loo = manifest(&[("lstm", Some(&full)), ("transitions", Some(&full)), ("sbert", None), ("catalog", None), ("catalog-emb", Some("x"))]);
        let f = fitted_on(&loo, &ds, &["lstm", "transitions", "sbert", "collab", "catalog-emb"], Evaluated::LeaveOneOut).unwrap();
        assert!(f["catalog-emb"].contains("catalogue"));
        assert_eq!(f["lstm"], "loo-train");
        assert!(f["sbert"].starts_with("none"));
        assert!(!f.contains_key("collab"));
        let err = fitted_on(&loo, &ds, &["lstm"], Evaluated::Next5).unwrap_err().to_string();
        assert!(err.contains("leaking"), "{err}");
        // One leaking model among next-5 ones is enough to refuse.
        let mixed = manifest(&[("lstm", Some(&copy)), ("transitions", Some(&full))]);
        assert!(fitted_on(&mixed, &ds, &["lstm", "transitions"], Evaluated::Next5).is_err());
        let n5 = manifest(&[("lstm", Some(&copy)), ("transitions", Some(&copy))]);
        assert_eq!(fitted_on(&n5, &ds, &["lstm", "transitions"], Evaluated::Next5).unwrap()["lstm"], crate::data::NEXT5_SPLIT);
        assert!(fitted_on(&n5, &ds, &["lstm"], Evaluated::LeaveOneOut).is_err());
        assert!(fitted_on(&manifest(&[("lstm", Some("other"))]), &ds, &["lstm"], Evaluated::LeaveOneOut).is_err());
    }

    #[test]
    fn next5_copy_holds_none_of_the_last_five() {
        let ds = tiny("copy");
        let text = String::from_utf8(crate::data::next5_copy_bytes(&ds.source).unwrap()).unwrap();
        // 10 watches keep 6 (leave-one-out on them fits on the first 5); 7 watches keep 3.
        assert_eq!(text, "1 1 2 3 4 5 6\n2 3 4 5\n");
    }

    #[test]
    fn next5_copy_of_a_timed_layout_drops_each_viewers_latest_lines() {
        let dir = std::env::temp_dir().join(format!("dualrec-guard-plain-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let cat: String = (1..=9).map(|i| format!("{i}\tFilm {i}\t1990\tDrama\n")).collect();
        std::fs::write(dir.join("catalog.tsv"), cat).unwrap();
        // Viewer 7: 8 watches, lines out of time order (time = 10 x movie id); viewer 8: 6 watches.
        let mut lines = vec!["user\tmovie\ttime".to_string()];
        for m in [8, 1, 7, 2, 6, 3, 5, 4] {
            lines.push(format!("7\t{m}\t{}", 10 * m));
        }
        for m in 1..=6 {
            lines.push(format!("8\t{m}\t{}", 100 + m));
        }
        std::fs::write(dir.join("interactions.tsv"), lines.join("\n") + "\n").unwrap();
        let ds = crate::data::Dataset::load(&dir).unwrap();
        let text = String::from_utf8(crate::data::next5_copy_bytes(&ds.source).unwrap()).unwrap();
        // Viewer 7 keeps its 4 earliest (1-4) in file order; viewer 8 (fewer than 7) keeps 1; the header stays.
        assert_eq!(text, "user\tmovie\ttime\n7\t1\t10\n7\t2\t20\n7\t3\t30\n7\t4\t40\n8\t1\t101\n");
    }

    #[test]
    fn metrics_of_known_ranks() {
        let m = metrics(&[1, 3, 11, 30]);
        assert_eq!(m["HR@1"], 0.25);
        assert_eq!(m["HR@10"], 0.5);
        assert_eq!(m["HR@20"], 0.75);
        let ndcg10 = (1.0 + 1.0 / 4f64.log2()) / 4.0;
        assert!((m["NDCG@10"] - ndcg10).abs() < 1e-12);
    }

    #[test]
    fn bootstrap_is_seeded_and_brackets_mean() {
        let v: Vec<f64> = (0..500).map(|i| (i % 3 == 0) as u8 as f64).collect();
        let a = bootstrap_ci(&v, 7);
        assert_eq!(a, bootstrap_ci(&v, 7));
        let mean = v.iter().sum::<f64>() / v.len() as f64;
        assert!(a[0] < mean && mean < a[1]);
    }
}
