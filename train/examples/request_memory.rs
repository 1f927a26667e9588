//! Resident memory step by step for a request: the engine opened with its
//! defaults, a request the rules read whole, the LLM reader loaded, the
//! Sentence-BERT encoder loaded, then `request` (VmRSS, VmHWM and their
//! anonymous and file-backed parts, kB, from /proc/self/status; Linux).
//! docs/performance.md ("Memory").
//!
//! cargo run --release -p dualrec-train --example request_memory -- <models> "<request>" [N]
//!
//! With N, then N more requests (16 descriptions that name no film outright,
//! every other one followed by "like" and a title), through
//! `query_for_history` only: a serving engine's peak after varied requests.

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
    let (models, request, more) = match args.as_slice() {
        [_, m, r] => (m, r, 0),
        [_, m, r, n] => (m, r, n.parse::<usize>().context("N: a number of requests")?),
        _ => anyhow::bail!("usage: request_memory <models> <request> [N]"),
    };
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
    // Descriptions with some title's words and no title: the LLM is asked for the film.
    let wordings = [
        "a story about a family dealing with their father's illness", "a film about a lonely robot in space", "something about a boxer's comeback",
        "a movie about friends on a road trip", "a story about a haunted house by the sea", "a tale of a heist gone wrong", "a movie about a dog finding its way home",
        "the one where the ship sinks and they fall in love", "that film with the dinosaurs in the park", "a story about a man who lives the same day again",
        "the movie where the toys come alive", "a war story about saving a soldier", "a film about a shark terrorizing a beach town",
        "the one about the boy wizard", "a movie about a prison escape with a rock hammer", "a story about the mob and a godfather",
    ];
    let mut llm = 0;
    for i in 0..more {
        let w = wordings[i % wordings.len()];
        let h = vec![(i * 7919 % c.len()) as u32];
        let text = if i % 2 == 1 { format!("{w} like {}", c.movie(h[0]).title) } else { w.to_string() };
        llm += e.query_for_history(&h, &text, 10, &QueryWeights::default()).map_or(0, |a| usize::from(a.intent.read_by_llm));
    }
    if more > 0 {
        rss(&format!("{more} more requests"))?;
        println!("of which the LLM read {llm}");
    }
    Ok(())
}
