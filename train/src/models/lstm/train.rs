//! `dualrec-train lstm`: full-softmax cross-entropy (or sampled softmax, for
//! large catalogues) at every position of windows cut from the leave-one-out
//! training split, AdamW, early stopping on validation NDCG@10 (full
//! ranking), safetensors checkpoints under work/.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result};
use candle_core::{Device, Tensor};
use candle_nn::optim::{AdamW, Optimizer, ParamsAdamW};
use serde::{Deserialize, Serialize};

use super::model::{Config, ItemFeatures, Model};
use crate::data::{Dataset, Split};
use crate::protocol::{self, Target};
use crate::rng::SplitMix;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TrainConfig {
    pub window: usize,
    pub batch: usize,
    pub lr: f64,
    pub weight_decay: f64,
    pub max_epochs: usize,
    pub patience: usize,
    pub seed: u64,
    pub min_word_count: usize,
    /// Stop after this many minutes of training (the run budget), keeping the best epoch.
    pub max_minutes: f64,
    /// "constant", or "cosine": the rate falls from `lr` to 0 over this run's `max_epochs`.
    #[serde(default = "constant")]
    pub lr_schedule: String,
    /// This run continued an earlier one from its best checkpoint after that epoch.
    #[serde(default)]
    pub resumed_after_epoch: Option<usize>,
    /// 0: full softmax. Else sampled softmax with this many negatives per
    /// batch, drawn ∝ (training count + 1)^0.75 ([`Sampler`]).
    #[serde(default)]
    pub negatives: usize,
}

fn constant() -> String {
    "constant".into()
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EpochLog {
    pub epoch: usize,
    pub train_loss: f64,
    pub valid_hr10: f64,
    pub valid_ndcg10: f64,
    pub seconds: f64,
}

/// Input/target windows of at most `window` items: each training sequence is
/// cut into consecutive chunks from its end, so every item after the first is
/// a target exactly once and the newest chunk looks like what the SDK feeds.
pub fn windows(train: &[Vec<u32>], window: usize) -> Vec<(Vec<u32>, Vec<u32>)> {
    let mut out = Vec::new();
    for s in train {
        let mut end = s.len(); // targets s[start+1..end], inputs s[start..end-1]
        while end >= 2 {
            let start = end.saturating_sub(window + 1);
            out.push((s[start..end - 1].to_vec(), s[start + 1..end].to_vec()));
            end = start + 1;
        }
    }
    out
}

/// The sampled softmax's negatives: drawn with replacement ∝ (count + 1)^0.75
/// of each title as a training target (word2vec's smoothing: popular titles,
/// the hard negatives, come often; none is never drawn).
pub struct Sampler {
    cdf: Vec<f64>,
    k: usize,
    /// ln(K·q) per title, the logit correction.
    log_kq: Tensor,
}

impl Sampler {
    pub fn new(train: &[Vec<u32>], n_items: usize, k: usize, dev: &Device) -> Result<Sampler> {
        let mut count = vec![0f64; n_items];
        for s in train {
            s.iter().skip(1).for_each(|&i| count[i as usize] += 1.0);
        }
        let w: Vec<f64> = count.iter().map(|c| (c + 1.0).powf(0.75)).collect();
        let total: f64 = w.iter().sum();
        let mut acc = 0.0;
        let cdf = w.iter().map(|x| { acc += x / total; acc }).collect();
        let log_kq: Vec<f32> = w.iter().map(|x| ((k as f64) * x / total).ln() as f32).collect();
        Ok(Sampler { cdf, k, log_kq: Tensor::from_vec(log_kq, n_items, dev)? })
    }

    fn log_kq(&self) -> &Tensor {
        &self.log_kq
    }

    /// K titles, with replacement.
    fn draw(&self, rng: &mut SplitMix, dev: &Device) -> Result<Tensor> {
        let last = self.cdf.len() - 1;
        let ids: Vec<u32> = (0..self.k).map(|_| {
            let u = (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
            self.cdf.partition_point(|&c| c <= u).min(last) as u32
        }).collect();
        Ok(Tensor::from_vec(ids, self.k, dev)?)
    }
}

/// Loss of one batch (mean over its targets): full softmax, or sampled with `sampler`.
pub(super) fn batch_loss(model: &Model, batch: &[&(Vec<u32>, Vec<u32>)], sampler: Option<&Sampler>, rng: &mut SplitMix, dev: &Device) -> Result<Tensor> {
    let t = batch.iter().map(|w| w.0.len()).max().unwrap_or(1);
    let nb = batch.len();
    let mut items = vec![0u32; nb * t]; // time-major
    let mut rows = Vec::new();
    let mut targets = Vec::new();
    for (b, (inp, tgt)) in batch.iter().enumerate() {
        for (j, (&x, &y)) in inp.iter().zip(tgt).enumerate() {
            items[j * nb + b] = x;
            rows.push((j * nb + b) as u32);
            targets.push(y);
        }
    }
    let items = Tensor::from_vec(items, (t, nb), dev)?;
    let h = model.hidden(&items, Some(rng))?;
    let h = h.reshape((nb * t, model.cfg.d_out()))?.index_select(&Tensor::new(rows.as_slice(), dev)?, 0)?;
    let targets = Tensor::new(targets.as_slice(), dev)?;
    match sampler {
        None => model.loss(&h, &targets),
        Some(s) => model.sampled_loss(&h, &targets, &s.draw(rng, dev)?, s.log_kq()),
    }
}

/// Full-ranking HR@10 / NDCG@10 on the given cases (history window = last `window`).
pub fn evaluate(model: &Model, cases: &[protocol::Case], candidate: &[bool], window: usize) -> Result<(f64, f64)> {
    let n = model.cfg.n_items;
    let mut ranks = Vec::with_capacity(cases.len());
    let mut excluded = vec![false; n];
    for chunk in cases.chunks(512) {
        let wins: Vec<&[u32]> = chunk.iter().map(|c| &c.history[c.history.len().saturating_sub(window)..]).collect();
        let scores: Vec<Vec<f32>> = model.score_windows(&wins)?.to_vec2()?;
        for (c, s) in chunk.iter().zip(&scores) {
            c.history.iter().for_each(|&i| excluded[i as usize] = true);
            ranks.push(dualrec::pipeline::shortlist::rank_of(s, candidate, &excluded, c.target));
            c.history.iter().for_each(|&i| excluded[i as usize] = false);
        }
    }
    let m = protocol::metrics(&ranks);
    Ok((m["HR@10"], m["NDCG@10"]))
}

pub struct Outcome {
    pub model: Model,
    pub log: Vec<EpochLog>,
    pub best_epoch: usize,
    pub train_seconds: f64,
}

/// Trains from scratch, or — given the earlier run's epoch log — continues from
/// the best checkpoint in `work` (AdamW's moments start afresh), numbering
/// epochs after the earlier ones so the log and curve tell the whole story.
#[allow(clippy::too_many_arguments)]
pub fn train(ds: &Dataset, split: &Split, cfg: Config, tc: &TrainConfig, feats: &ItemFeatures, work: &Path, measure: Option<usize>, earlier: Option<Vec<EpochLog>>) -> Result<Outcome> {
    let dev = Device::Cpu;
    let model = Model::new(cfg, feats, tc.seed, &dev)?;
    let best_path: PathBuf = work.join("best.safetensors");
    let resumed = earlier.is_some();
    let mut log: Vec<EpochLog> = earlier.unwrap_or_default();
    let (mut best, mut best_epoch) = log.iter().map(|l| (l.valid_ndcg10, l.epoch)).fold((f64::NEG_INFINITY, 0), |a, b| if b.0 > a.0 { b } else { a });
    if resumed {
        model.load(&best_path).with_context(|| format!("resuming from {}", best_path.display()))?;
    }
    let first_epoch = log.last().map_or(1, |l| l.epoch + 1);
    let vars: Vec<candle_core::Var> = model.named_vars().into_iter().map(|(_, v)| v.clone()).collect();
    let mut opt = AdamW::new(vars, ParamsAdamW { lr: tc.lr, weight_decay: tc.weight_decay, ..Default::default() })?;
    let sampler = if tc.negatives > 0 { Some(Sampler::new(&split.train, model.cfg.n_items, tc.negatives, &dev)?) } else { None };
    let sampler = sampler.as_ref();
    let mut data = windows(&split.train, tc.window);
    let n_targets: usize = data.iter().map(|w| w.1.len()).sum();
    tracing::info!(windows = data.len(), targets = n_targets, "training windows");
    let valid = protocol::cases(split, Target::Valid);
    let candidate = protocol::candidates(split, ds.catalog.len());
    std::fs::create_dir_all(work)?;
    // A resumed run shuffles differently from the run it continues.
    let mut rng = SplitMix(tc.seed ^ 0xD0D0 ^ (first_epoch as u64 - 1));
    let mut bad = 0;
    let started = Instant::now();
    let batches_per_epoch = data.len().div_ceil(tc.batch);
    let total_steps = (tc.max_epochs * batches_per_epoch).max(1);
    let mut step = 0usize;
    for (run_epoch, epoch) in (first_epoch..first_epoch + tc.max_epochs).enumerate() {
        let e0 = Instant::now();
        // Fisher-Yates with our generator: the same seed gives the same order.
        for i in (1..data.len()).rev() {
            data.swap(i, rng.below(i + 1));
        }
        let batches: Vec<Vec<&(Vec<u32>, Vec<u32>)>> = data.chunks(tc.batch).map(|c| c.iter().collect()).collect();
        let limit = measure.unwrap_or(batches.len()).min(batches.len());
        let bar = indicatif::ProgressBar::new(limit as u64);
        bar.set_style(indicatif::ProgressStyle::with_template("epoch {prefix} [{bar:30}] {pos}/{len} {elapsed}/{eta} loss {msg}").unwrap());
        bar.set_prefix(epoch.to_string());
        let (mut sum, mut cnt) = (0f64, 0usize);
        for b in &batches[..limit] {
            if tc.lr_schedule == "cosine" {
                opt.set_learning_rate(tc.lr * 0.5 * (1.0 + (std::f64::consts::PI * step as f64 / total_steps as f64).cos()));
            }
            step += 1;
            let loss = batch_loss(&model, b, sampler, &mut rng, &dev)?;
            opt.backward_step(&loss)?;
            sum += loss.to_scalar::<f32>()? as f64;
            cnt += 1;
            bar.inc(1);
            if cnt % 10 == 0 {
                bar.set_message(format!("{:.4}", sum / cnt as f64));
            }
        }
        bar.finish();
        if let Some(m) = measure {
            let s = e0.elapsed().as_secs_f64();
            println!("measured {m} batches of {}: {:.3} s/batch, {} batches/epoch -> {:.1} s/epoch (+ validation)", tc.batch, s / limit as f64, batches.len(), s / limit as f64 * batches.len() as f64);
            let f0 = Instant::now();
            for b in &batches[..limit] {
                batch_loss(&model, b, sampler, &mut rng, &dev)?.to_scalar::<f32>()?;
            }
            println!("forward only: {:.3} s/batch", f0.elapsed().as_secs_f64() / limit as f64);
            let (mut tb, mut ts) = (0.0, 0.0);
            for b in &batches[..limit] {
                let loss = batch_loss(&model, b, sampler, &mut rng, &dev)?;
                let t0 = Instant::now();
                let grads = loss.backward()?;
                tb += t0.elapsed().as_secs_f64();
                let t1 = Instant::now();
                opt.step(&grads)?;
                ts += t1.elapsed().as_secs_f64();
            }
            println!("backward {:.3} s/batch, optimizer step {:.3} s/batch", tb / limit as f64, ts / limit as f64);
            let v0 = Instant::now();
            let (hr, ndcg) = evaluate(&model, &valid, &candidate, tc.window)?;
            println!("validation pass {:.1} s (HR@10 {hr:.4} NDCG@10 {ndcg:.4})", v0.elapsed().as_secs_f64());
            return Ok(Outcome { model, log, best_epoch: 0, train_seconds: started.elapsed().as_secs_f64() });
        }
        let (hr, ndcg) = evaluate(&model, &valid, &candidate, tc.window)?;
        let entry = EpochLog { epoch, train_loss: sum / cnt.max(1) as f64, valid_hr10: hr, valid_ndcg10: ndcg, seconds: e0.elapsed().as_secs_f64() };
        tracing::info!(epoch, loss = entry.train_loss, valid_hr10 = hr, valid_ndcg10 = ndcg, seconds = entry.seconds, "epoch done");
        log.push(entry);
        std::fs::write(work.join("log.json"), serde_json::to_string_pretty(&log)?)?;
        model.save(&work.join("last.safetensors"))?;
        if ndcg > best {
            best = ndcg;
            best_epoch = epoch;
            bad = 0;
            model.save(&best_path)?;
        } else {
            bad += 1;
            if bad >= tc.patience {
                tracing::info!(epoch, best_epoch, "early stop: validation NDCG@10 stopped improving");
                break;
            }
        }
        let per_epoch = started.elapsed().as_secs_f64() / (run_epoch + 1) as f64;
        if started.elapsed().as_secs_f64() + per_epoch > tc.max_minutes * 60.0 {
            tracing::info!(epoch, best_epoch, "time budget reached");
            break;
        }
    }
    model.load(&best_path).context("loading the best checkpoint")?;
    let train_seconds = log.iter().map(|l| l.seconds).sum();
    Ok(Outcome { model, log, best_epoch, train_seconds })
}

/// Training curve: loss (left axis) and validation NDCG@10 / HR@10 (right axis) per epoch.
pub fn curve_svg(log: &[EpochLog], best_epoch: usize) -> String {
    let (w, h, pad) = (640.0, 320.0, 50.0);
    let n = log.len().max(2) as f64;
    let px = |e: usize| pad + (e as f64 - 1.0) / (n - 1.0) * (w - 2.0 * pad);
    let lmax = log.iter().map(|l| l.train_loss).fold(0.0, f64::max) * 1.05;
    let lmin = log.iter().map(|l| l.train_loss).fold(f64::INFINITY, f64::min) * 0.95;
    let mmax = log.iter().map(|l| l.valid_hr10).fold(0.01, f64::max) * 1.1;
    let py = |v: f64, lo: f64, hi: f64| h - pad - (v - lo) / (hi - lo).max(1e-9) * (h - 2.0 * pad);
    let mut s = format!(r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" font-family="sans-serif" font-size="11">"#);
    s += &format!(r#"<text x="{pad}" y="20" font-size="13">LSTM training (best epoch {best_epoch})</text>"#);
    s += &format!(r#"<line x1="{pad}" y1="{}" x2="{}" y2="{}" stroke="black"/>"#, h - pad, w - pad, h - pad);
    for l in log {
        s += &format!(r#"<text x="{:.1}" y="{}" text-anchor="middle">{}</text>"#, px(l.epoch), h - pad + 14.0, l.epoch);
    }
    let line = |vals: Vec<(usize, f64)>, lo: f64, hi: f64, color: &str| {
        let pts: Vec<String> = vals.iter().map(|(e, v)| format!("{:.1},{:.1}", px(*e), py(*v, lo, hi))).collect();
        format!(r#"<polyline fill="none" stroke-width="2" stroke="{color}" points="{}"/>"#, pts.join(" "))
    };
    s += &line(log.iter().map(|l| (l.epoch, l.train_loss)).collect(), lmin, lmax, "#d62728");
    s += &line(log.iter().map(|l| (l.epoch, l.valid_ndcg10)).collect(), 0.0, mmax, "#1f77b4");
    s += &line(log.iter().map(|l| (l.epoch, l.valid_hr10)).collect(), 0.0, mmax, "#2ca02c");
    for t in 0..=4 {
        let v = mmax * t as f64 / 4.0;
        s += &format!(r#"<text x="{}" y="{:.1}">{v:.3}</text>"#, w - pad + 4.0, py(v, 0.0, mmax) + 4.0);
        let l = lmin + (lmax - lmin) * t as f64 / 4.0;
        s += &format!(r#"<text x="{}" y="{:.1}" text-anchor="end">{l:.2}</text>"#, pad - 4.0, py(l, lmin, lmax) + 4.0);
    }
    for (i, (name, c)) in [("train loss (left)", "#d62728"), ("valid NDCG@10 (right)", "#1f77b4"), ("valid HR@10 (right)", "#2ca02c")].iter().enumerate() {
        s += &format!(r#"<rect x="{}" y="{}" width="12" height="3" fill="{c}"/><text x="{}" y="{}">{name}</text>"#, pad + 10.0 + 170.0 * i as f64, 34.0, pad + 26.0 + 170.0 * i as f64, 38.0);
    }
    s + "</svg>\n"
}
