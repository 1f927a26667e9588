//! `dualrec-train bench-sequential`: recommend latency with only the
//! sequential stage (one thread), model size and peak RSS; then the LSTM
//! alone as the engine runs it (the library's kernels) and as ONNX Runtime
//! runs the same file, side by side on the same windows, with how far
//! their scores differ.

use std::path::Path;
use std::time::Instant;

use anyhow::{Context, Result};
use dualrec::engine::{Engine, EngineOptions};
use dualrec::types::{STAGE_SEQUENTIAL};

use crate::rng::SplitMix;

use super::{pct, vm_hwm_kib};

pub fn run(models: &Path, calls: usize, k: usize, window: usize) -> Result<()> {
    let rss0 = vm_hwm_kib();
    let t0 = Instant::now();
    let engine = Engine::open(&EngineOptions { model_dir: models.to_path_buf(), stages: STAGE_SEQUENTIAL, n_threads: 1, ..Default::default() })?;
    let open_ms = t0.elapsed().as_secs_f64() * 1e3;
    let art = engine.manifest().get(dualrec::stages::sequential::LSTM_ARTIFACT).context("no lstm entry")?.clone();
    let n = engine.catalog().len() as u32;
    // Seeded random histories of `window` catalogue indices (no user data needed).
    let mut rng = SplitMix(1);
    let histories: Vec<Vec<u32>> = (0..calls).map(|_| (0..window).map(|_| rng.below(n as usize) as u32).collect()).collect();
    for h in histories.iter().take(20) {
        engine.recommend_for_history(h, k)?; // warm-up
    }
    let mut lat = Vec::with_capacity(calls);
    for h in &histories {
        let t = Instant::now();
        let r = engine.recommend_for_history(h, k)?;
        lat.push(t.elapsed().as_secs_f64() * 1e3);
        anyhow::ensure!(r.warnings.is_empty() && r.items.iter().all(|i| i.sources == dualrec::types::SOURCE_SEQUENTIAL), "sequential stage did not answer");
    }
    lat.sort_by(|a, b| a.total_cmp(b));
    let mean = lat.iter().sum::<f64>() / lat.len() as f64;
    let rss = vm_hwm_kib();
    let runners = compare_runners(models, n as usize, &histories)?;
    let out = serde_json::json!({
        "model": art.file, "model_bytes": art.size, "calls": calls, "k": k, "window": window, "threads": 1,
        "open_ms": open_ms, "p50_ms": pct(&lat, 0.5), "p90_ms": pct(&lat, 0.9), "p99_ms": pct(&lat, 0.99), "mean_ms": mean, "max_ms": lat[lat.len() - 1],
        "peak_rss_kib_before_open": rss0, "peak_rss_kib": rss,
        "runners": runners,
    });
    println!("{}", serde_json::to_string_pretty(&out)?);
    Ok(())
}

/// `score` of one window by each runner, alternating which goes first;
/// ONNX Runtime's row says why where it cannot be loaded.
fn compare_runners(models: &Path, n: usize, windows: &[Vec<u32>]) -> Result<serde_json::Value> {
    use dualrec::stages::sequential::{Runner, Sequential};
    let dir = dualrec::model_dir::ModelDir::open(models, dualrec::model_dir::manifest::Verify::Full)?;
    let open = |r| Sequential::open_artifact(&dir, dualrec::stages::sequential::LSTM_ARTIFACT, n, 1, r, None);
    let native = open(Runner::Native)?;
    let ort = match open(Runner::OnnxRuntime) {
        Ok(s) => s,
        Err(e) => return Ok(serde_json::json!({"native": "measured above (the engine's)", "onnxruntime": format!("not compared: {e}")})),
    };
    let (mut a, mut b) = (vec![0f32; n], vec![0f32; n]);
    for w in windows.iter().take(20) {
        native.score(w, &mut a)?;
        ort.score(w, &mut b)?;
    }
    let (mut ta, mut tb) = (Vec::new(), Vec::new());
    let (mut max_diff, mut same_top10) = (0f32, 0usize);
    let none = vec![false; n];
    let top = |s: &[f32]| dualrec::pipeline::shortlist::top_k(s, &none, 10).into_iter().map(|x| x.0).collect::<Vec<u32>>();
    for (i, w) in windows.iter().enumerate() {
        for first in [i % 2 == 0, i % 2 != 0] {
            let t = Instant::now();
            if first {
                native.score(w, &mut a)?;
                ta.push(t.elapsed().as_secs_f64() * 1e3);
            } else {
                ort.score(w, &mut b)?;
                tb.push(t.elapsed().as_secs_f64() * 1e3);
            }
        }
        max_diff = a.iter().zip(&b).fold(max_diff, |m, (x, y)| m.max((x - y).abs()));
        same_top10 += usize::from(top(&a) == top(&b));
    }
    ta.sort_by(|x, y| x.total_cmp(y));
    tb.sort_by(|x, y| x.total_cmp(y));
    Ok(serde_json::json!({
        "what": "Sequential::score of one window, one thread, the same windows alternating which runner goes first",
        "native_p50_ms": pct(&ta, 0.5), "native_p99_ms": pct(&ta, 0.99),
        "onnxruntime_p50_ms": pct(&tb, 0.5), "onnxruntime_p99_ms": pct(&tb, 0.99),
        "max_abs_score_diff": max_diff, "same_top10_order": same_top10 as f64 / windows.len() as f64,
    }))
}
