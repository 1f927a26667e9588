//! `recommend_query`'s latency with and without the free-speech title rules
//! (`QueryWeights::free_speech_titles`), side by side in one process: 300
//! requests (150 "a comedy like <title>", 150 with a decade and a genre) for
//! one 30-watch history, each read both ways in alternating order, three
//! times (docs/eval/free-speech-titles/README.md).
//!
//!     cargo run --release -p dualrec-train --example free_speech_latency -- models
use dualrec::engine::{Engine, EngineOptions};
use dualrec::pipeline::request::QueryWeights;
fn main() {
    let e = Engine::open(&EngineOptions { model_dir: std::env::args().nth(1).unwrap_or_else(|| "models".into()).into(), n_threads: 1, ..Default::default() }).unwrap();
    let cat = e.base_catalog().clone();
    let reqs: Vec<String> = (0..150).map(|i| format!("a comedy like {}", cat.movie((i * 17) as u32).title)).chain((0..150).map(|i| format!("something from the eighties, a {}", ["drama","thriller","western"][i % 3]))).collect();
    let hist: Vec<u32> = (0..30).map(|i| (i * 31) as u32).collect();
    let mut ts = [Vec::new(), Vec::new()];
    for rep in 0..3 {
        for r in &reqs {
            for on in if rep % 2 == 0 { [false, true] } else { [true, false] } {
                let w = QueryWeights { free_speech_titles: on, ..QueryWeights::default() };
                let t = std::time::Instant::now(); let _ = e.query_for_history(&hist, r, 10, &w); ts[on as usize].push(t.elapsed().as_secs_f64() * 1000.0);
            }
        }
    }
    for (on, t) in ts.iter_mut().enumerate() {
        t.sort_by(|a, b| a.partial_cmp(b).unwrap());
        println!("free_speech_titles {}: p50 {:.2} ms, p90 {:.2} ms, {} calls", on == 1, t[t.len() / 2], t[t.len() * 9 / 10], t.len());
    }
}
