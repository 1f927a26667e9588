//! `dualrec-train bench-sequential`: recommend latency with only the
//! sequential stage (one thread), model size and peak RSS.

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
    let out = serde_json::json!({
        "model": art.file, "model_bytes": art.size, "calls": calls, "k": k, "window": window, "threads": 1,
        "open_ms": open_ms, "p50_ms": pct(&lat, 0.5), "p90_ms": pct(&lat, 0.9), "p99_ms": pct(&lat, 0.99), "mean_ms": mean, "max_ms": lat[lat.len() - 1],
        "peak_rss_kib_before_open": rss0, "peak_rss_kib": rss,
    });
    println!("{}", serde_json::to_string_pretty(&out)?);
    Ok(())
}
