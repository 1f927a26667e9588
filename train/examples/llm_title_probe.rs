//! Dev probe: what the LLM's title pass names for each request on stdin.
use dualrec::engine::{Engine, EngineOptions};
use dualrec::pipeline::request::{QueryWeights, TitlesSaid};
use std::io::BufRead;
fn main() {
    let e = Engine::open(&EngineOptions { model_dir: std::env::args().nth(1).unwrap_or_else(|| "models".into()).into(), n_threads: 2, ..Default::default() }).unwrap();
    let cat = e.base_catalog().clone();
    let hist: Vec<u32> = vec![0, 1, 2];
    for line in std::io::stdin().lock().lines() {
        let r = line.unwrap();
        let w = QueryWeights { llm_title_among: match std::env::var("AMONG").as_deref() { Ok("half") => TitlesSaid::Half, Ok("whole") => TitlesSaid::Whole, _ => TitlesSaid::All }, ..QueryWeights::default() };
        match e.query_for_history(&hist, &r, 10, &w) {
            Ok(a) => {
                let i = &a.intent;
                let refs: Vec<String> = i.references.iter().map(|&m| cat.movie(m).title.clone()).collect();
                let llm = i.llm_title.map(|(m, mg, f)| format!("{} margin {:?} fewest {:?}", cat.movie(m).title, mg, f));
                println!("{r}\n   refs {refs:?} llm {llm:?} by_llm {} unread {:?}", i.read_by_llm, i.unread);
            }
            Err(err) => println!("{r}\n   ERR {err}"),
        }
    }
}
