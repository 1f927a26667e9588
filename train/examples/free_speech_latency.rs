//! `recommend_query`'s latency with the title rules for free speech on and
//! off, side by side in one process: the library, the library without the
//! fourth said-title candidate's forms (`QueryWeights::more_said_forms`),
//! without the said-title forms (`QueryWeights::said_title_forms`, `title_first`;
//! docs/eval/said-title-forms/README.md) and without the free-speech titles
//! too (`free_speech_titles`; docs/eval/free-speech-titles/README.md). 300
//! requests (100 "a comedy like <title>", 100 "<title>, the one everyone
//! talks about", 100 with a decade and a genre) for one 30-watch history,
//! each read by every reader in rotating order, three times.
//!
//!     cargo run --release -p dualrec-train --example free_speech_latency -- models
use dualrec::engine::{Engine, EngineOptions};
use dualrec::pipeline::request::QueryWeights;

fn main() {
    let e = Engine::open(&EngineOptions { model_dir: std::env::args().nth(1).unwrap_or_else(|| "models".into()).into(), n_threads: 1, ..Default::default() }).unwrap();
    let cat = e.base_catalog().clone();
    let title = |i: usize| cat.movie((i * 17 % cat.len()) as u32).title.clone();
    let reqs: Vec<String> = (0..100)
        .map(|i| format!("a comedy like {}", title(i)))
        .chain((0..100).map(|i| format!("{}, the one everyone talks about", title(i + 100))))
        .chain((0..100).map(|i| format!("something from the eighties, a {}", ["drama", "thriller", "western"][i % 3])))
        .collect();
    let hist: Vec<u32> = (0..30).map(|i| (i * 31) as u32).collect();
    let library = QueryWeights::default();
    let readers = [
        ("library", library),
        ("without the fourth candidate's forms", QueryWeights { more_said_forms: false, ..library }),
        ("without the said-title forms", QueryWeights { said_title_forms: false, title_first: false, ..library }),
        ("without them and the free-speech titles", QueryWeights { said_title_forms: false, title_first: false, free_speech_titles: false, ..library }),
    ];
    let mut ts = vec![Vec::new(); readers.len()];
    for rep in 0..3 {
        for r in &reqs {
            for k in 0..readers.len() {
                let k = (k + rep) % readers.len();
                let t = std::time::Instant::now();
                let _ = e.query_for_history(&hist, r, 10, &readers[k].1);
                ts[k].push(t.elapsed().as_secs_f64() * 1000.0);
            }
        }
    }
    for ((name, _), t) in readers.iter().zip(ts.iter_mut()) {
        t.sort_by(|a, b| a.partial_cmp(b).unwrap());
        println!("{name}: p50 {:.2} ms, p90 {:.2} ms, {} calls", t[t.len() / 2], t[t.len() * 9 / 10], t.len());
    }
}
