//! What the LLM reader's title pass names for each request on stdin (one a
//! line), and what the request is read as (docs/eval/llm-title-among-said/README.md);
//! `AGAIN=2` reads it with `QueryWeights::llm_title_again = Some(2)`, `TOP=50`
//! with `QueryWeights::everyday_titles_top = Some(50)`.
//!
//!     echo "i still love jaws, show me something like it" | cargo run --release -p dualrec-train --example llm_title_probe -- models
use dualrec::engine::{Engine, EngineOptions};
use dualrec::pipeline::request::QueryWeights;
use std::io::BufRead;
fn main() {
    let e = Engine::open(&EngineOptions { model_dir: std::env::args().nth(1).unwrap_or_else(|| "models".into()).into(), n_threads: 2, ..Default::default() }).unwrap();
    let cat = e.base_catalog().clone();
    let hist: Vec<u32> = vec![0, 1, 2];
    for line in std::io::stdin().lock().lines() {
        let r = line.unwrap();
        let w = QueryWeights {
            llm_title_again: std::env::var("AGAIN").ok().map(|v| v.parse().expect("AGAIN: the most uses of the rare word")),
            everyday_titles_top: std::env::var("TOP").ok().map(|v| v.parse().expect("TOP: a percent")),
            ..QueryWeights::default()
        };
        match e.query_for_history(&hist, &r, 10, &w) {
            Ok(a) => {
                let i = &a.intent;
                let refs: Vec<String> = i.references.iter().map(|&m| cat.movie(m).title.clone()).collect();
                let llm = i.llm_title.map(|t| format!("{} margin {:?} fewest {:?} run {}", cat.movie(t.movie).title, t.margin, t.fewest_everyday_uses, t.said_in_a_run));
                println!("{r}\n   refs {refs:?} llm {llm:?} by_llm {} unread {:?}", i.read_by_llm, i.unread);
            }
            Err(err) => println!("{r}\n   ERR {err}"),
        }
    }
}
