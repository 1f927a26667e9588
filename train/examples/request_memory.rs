//! Resident memory step by step for a request: the engine opened with its
//! defaults, a request the rules read whole, the LLM reader loaded, the
//! Sentence-BERT encoder loaded, then `request` (VmRSS, VmHWM and their
//! anonymous and file-backed parts, kB, from /proc/self/status; Linux).
//! docs/performance.md ("Memory").
//!
//! cargo run --release -p dualrec-train --example request_memory -- <models> "<request>"

use anyhow::{Context, Result};
use dualrec::engine::{Engine, EngineOptions};
use dualrec::pipeline::request::QueryWeights;

fn rss(step: &str) -> Result<()> {
    let s = std::fs::read_to_string("/proc/self/status").context("/proc/self/status (Linux only)")?;
    let kb = |k: &str| s.lines().find(|l| l.starts_with(k)).and_then(|l| l.split_whitespace().nth(1)).unwrap_or("?").to_string();
    println!("{step:24} VmRSS {:>7} kB  VmHWM {:>7} kB  anon {:>7} kB  file {:>7} kB", kb("VmRSS:"), kb("VmHWM:"), kb("RssAnon:"), kb("RssFile:"));
    Ok(())
}

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let [_, models, request] = args.as_slice() else { anyhow::bail!("usage: request_memory <models> <request>") };
    rss("start")?;
    let e = Engine::open(&EngineOptions { model_dir: models.into(), n_threads: 2, ..Default::default() })?;
    rss("engine open")?;
    let c = e.catalog();
    let history = vec![0u32];
    e.query_for_history(&history, "something scary from the eighties", 10, &QueryWeights::default())?;
    rss("a rules-read request")?;
    e.reader().0.context("the model directory has no LLM reader")?;
    rss("LLM reader loaded")?;
    e.semantic().context("no semantic stage")?.encoder()?;
    rss("encoder loaded")?;
    let a = e.query_for_history(&history, request, 10, &QueryWeights::default())?;
    rss("the request")?;
    println!("read as: {}", a.intent.describe(&c));
    Ok(())
}
