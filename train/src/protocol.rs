//! Leave-one-out, full-ranking evaluation (PROTOCOL.md) and its reports:
//! `docs/eval/<dataset>.json`, `.md` and an SVG plot.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Instant;

use anyhow::{Context, Result};
use dualrec::pipeline::shortlist::rank_of;
use serde::{Deserialize, Serialize};

use crate::data::Split;

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

fn per_user(rank: usize) -> BTreeMap<String, f64> {
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

/// SplitMix64: a tiny, seeded, reproducible generator for the bootstrap.
pub struct SplitMix(pub u64);
impl SplitMix {
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
    /// Uniform in [0, 1) with 24 bits.
    pub fn uniform(&mut self) -> f32 {
        (self.next_u64() >> 40) as f32 / (1u64 << 24) as f32
    }
}

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

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct MethodResult {
    pub name: String,
    pub users: usize,
    #[serde(default)]
    pub model_sha256: BTreeMap<String, String>,
    pub metrics: BTreeMap<String, f64>,
    pub ci95: BTreeMap<String, [f64; 2]>,
    pub wall_s: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Against `lstm-int8` on the same users: mean per-user difference in
    /// HR@10 / NDCG@10 and its 95% paired bootstrap interval [mean, lo, hi].
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub paired_vs_lstm_int8: BTreeMap<String, [f64; 3]>,
}

pub const BOOTSTRAP_SEED: u64 = 20_260_701;

/// Mean per-user difference `ranks` − `base` (same users, same order) in
/// HR@10 and NDCG@10, with a 95% bootstrap interval that resamples users
/// together (paired): [mean, lo, hi].
pub fn paired_difference(ranks: &[usize], base: &[usize]) -> BTreeMap<String, [f64; 3]> {
    assert_eq!(ranks.len(), base.len(), "paired over the same users");
    ["HR@10", "NDCG@10"]
        .iter()
        .map(|k| {
            let d: Vec<f64> = ranks.iter().zip(base).map(|(&a, &b)| per_user(a)[*k] - per_user(b)[*k]).collect();
            let ci = bootstrap_ci(&d, BOOTSTRAP_SEED);
            (k.to_string(), [d.iter().sum::<f64>() / d.len().max(1) as f64, ci[0], ci[1]])
        })
        .collect()
}

/// Adds `paired_vs_lstm_int8` to every method of `results` (parallel to
/// `ranks`) when `lstm-int8` is among them.
pub fn attach_paired(results: &mut [MethodResult], ranks: &[Vec<usize>]) {
    let Some(b) = results.iter().position(|r| r.name == "lstm-int8") else { return };
    let base = ranks[b].clone();
    for (r, rk) in results.iter_mut().zip(ranks) {
        if r.name != "lstm-int8" {
            r.paired_vs_lstm_int8 = paired_difference(rk, &base);
        }
    }
}

pub fn summarize(name: &str, ranks: &[usize], started: Instant, model_sha256: BTreeMap<String, String>, note: Option<String>) -> MethodResult {
    let mut ci95 = BTreeMap::new();
    for key in ["HR@10", "NDCG@10", "HR@20", "NDCG@20", "HR@5", "NDCG@5", "HR@1"] {
        let vals: Vec<f64> = ranks.iter().map(|&r| per_user(r)[key]).collect();
        ci95.insert(key.to_string(), bootstrap_ci(&vals, BOOTSTRAP_SEED));
    }
    MethodResult {
        name: name.into(),
        users: ranks.len(),
        model_sha256,
        metrics: metrics(ranks),
        ci95,
        wall_s: started.elapsed().as_secs_f64(),
        note,
        paired_vs_lstm_int8: BTreeMap::new(),
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Report {
    pub dataset: String,
    pub data_sha256: String,
    pub protocol: String,
    #[serde(default)]
    pub candidates: usize,
    pub methods: Vec<MethodResult>,
}

/// Writes (merging with an existing report for the same data: methods of the
/// same name are replaced, others kept) `<dir>/<dataset>.json`, `.md`, `.svg`.
pub fn write_report(dir: &Path, mut report: Report) -> Result<()> {
    std::fs::create_dir_all(dir)?;
    let json_path = dir.join(format!("{}.json", report.dataset));
    if let Ok(old) = std::fs::read(&json_path) {
        if let Ok(old) = serde_json::from_slice::<Report>(&old) {
            if old.data_sha256 == report.data_sha256 && old.protocol == report.protocol {
                let mut merged: Vec<MethodResult> =
                    old.methods.into_iter().filter(|m| !report.methods.iter().any(|n| n.name == m.name)).collect();
                merged.extend(report.methods);
                report.methods = merged;
            }
        }
    }
    let order = ["popularity", "transitions", "lstm-fp32", "lstm-int8", "llm-only", "dualrec"];
    let pos = |n: &str| order.iter().position(|o| *o == n).unwrap_or(order.len());
    report.methods.sort_by(|a, b| pos(&a.name).cmp(&pos(&b.name)).then(a.name.cmp(&b.name)));
    std::fs::write(&json_path, serde_json::to_string_pretty(&report)? + "\n").with_context(|| json_path.display().to_string())?;

    let mut md = format!(
        "# {} — leave-one-out, full ranking\n\nData sha256 `{}`; {} candidate items (every item seen in training); \
         history items excluded; ties broken by smaller movie id; 95% bootstrap CIs (1,000 resamples, seed {}).\n\
         Generated by `dualrec-train eval`; see PROTOCOL.md.\n\n\
         | method | users | HR@1 | HR@5 | HR@10 | HR@20 | NDCG@5 | NDCG@10 | NDCG@20 | HR@10 95% CI | NDCG@10 95% CI | wall s |\n\
         |---|---|---|---|---|---|---|---|---|---|---|---|\n",
        report.dataset, report.data_sha256, report.candidates, BOOTSTRAP_SEED
    );
    for m in &report.methods {
        let g = |k: &str| m.metrics.get(k).copied().unwrap_or(f64::NAN);
        let ci = |k: &str| m.ci95.get(k).map(|c| format!("{:.4}–{:.4}", c[0], c[1])).unwrap_or_default();
        md += &format!(
            "| {} | {} | {:.4} | {:.4} | {:.4} | {:.4} | {:.4} | {:.4} | {:.4} | {} | {} | {:.1} |\n",
            m.name, m.users, g("HR@1"), g("HR@5"), g("HR@10"), g("HR@20"), g("NDCG@5"), g("NDCG@10"), g("NDCG@20"),
            ci("HR@10"), ci("NDCG@10"), m.wall_s
        );
    }
    let paired: Vec<String> = report
        .methods
        .iter()
        .filter(|m| !m.paired_vs_lstm_int8.is_empty())
        .map(|m| {
            let f = |k: &str| m.paired_vs_lstm_int8.get(k).map(|v| format!("{:+.4} ({:+.4} to {:+.4})", v[0], v[1], v[2])).unwrap_or_default();
            format!("| {} | {} | {} |", m.name, f("HR@10"), f("NDCG@10"))
        })
        .collect();
    if !paired.is_empty() {
        md += &format!(
            "\nPaired with `lstm-int8` on the same users (mean per-user difference, 95% bootstrap interval resampling users together):\n\n\
             | method | ΔHR@10 | ΔNDCG@10 |\n|---|---|---|\n{}\n",
            paired.join("\n")
        );
    }
    let notes: Vec<String> = report.methods.iter().filter_map(|m| m.note.as_ref().map(|n| format!("- `{}`: {n}", m.name))).collect();
    if !notes.is_empty() {
        md += &format!("\nNotes:\n{}\n", notes.join("\n"));
    }
    md += &format!("\n![HR@k and NDCG@k per method]({}.svg)\n", report.dataset);
    std::fs::write(dir.join(format!("{}.md", report.dataset)), md)?;
    std::fs::write(dir.join(format!("{}.svg", report.dataset)), plot_svg(&report))?;
    Ok(())
}

/// Two panels (HR@k, NDCG@k), one line per method.
fn plot_svg(r: &Report) -> String {
    let colors = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"];
    let (w, h, pad) = (360.0, 260.0, 45.0);
    let mut s = format!(r#"<svg xmlns="http://www.w3.org/2000/svg" width="{}" height="{}" font-family="sans-serif" font-size="11">"#, 2.0 * w + 170.0, h + 20.0);
    for (p, (title, keys)) in [("HR@k", ["HR@1", "HR@5", "HR@10", "HR@20"]), ("NDCG@k", ["HR@1", "NDCG@5", "NDCG@10", "NDCG@20"])].iter().enumerate() {
        let x0 = p as f64 * w;
        let ymax = r.methods.iter().flat_map(|m| keys.iter().filter_map(|k| m.metrics.get(*k).copied())).fold(0.05f64, f64::max) * 1.1;
        let px = |i: usize| x0 + pad + (i as f64) * (w - 2.0 * pad) / 3.0;
        let py = |v: f64| h - pad + 10.0 - v / ymax * (h - 2.0 * pad);
        s += &format!(r#"<text x="{}" y="18" font-size="13">{title} ({})</text>"#, x0 + pad, r.dataset);
        s += &format!(r#"<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="black"/>"#, x0 + pad, py(0.0), x0 + w - pad, py(0.0));
        s += &format!(r#"<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="black"/>"#, x0 + pad, py(0.0), x0 + pad, py(ymax));
        for t in 0..=4 {
            let v = ymax * t as f64 / 4.0;
            s += &format!(r#"<text x="{}" y="{}" text-anchor="end">{:.2}</text>"#, x0 + pad - 4.0, py(v) + 4.0, v);
        }
        for (i, k) in KS.iter().enumerate() {
            s += &format!(r#"<text x="{}" y="{}" text-anchor="middle">k={k}</text>"#, px(i), py(0.0) + 15.0);
        }
        for (mi, m) in r.methods.iter().enumerate() {
            let pts: Vec<String> = keys
                .iter()
                .enumerate()
                .filter_map(|(i, k)| m.metrics.get(*k).map(|v| format!("{:.1},{:.1}", px(i), py(*v))))
                .collect();
            s += &format!(r#"<polyline fill="none" stroke-width="2" stroke="{}" points="{}"/>"#, colors[mi % colors.len()], pts.join(" "));
        }
    }
    for (mi, m) in r.methods.iter().enumerate() {
        let y = 40.0 + 16.0 * mi as f64;
        s += &format!(
            r#"<rect x="{}" y="{}" width="12" height="3" fill="{}"/><text x="{}" y="{}">{}</text>"#,
            2.0 * w + 5.0, y - 4.0, colors[mi % colors.len()], 2.0 * w + 22.0, y, m.name
        );
    }
    s + "</svg>\n"
}

#[cfg(test)]
mod tests {
    use super::*;

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
