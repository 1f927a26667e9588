//! How the reader's rules (no LLM, no ranking) read each request on stdin,
//! one per line: the reference titles, years and genres, by the library and,
//! where it differs, by the library without the fourth said-title-forms
//! candidate's rules (`QueryWeights::more_said_forms`, shipped;
//! docs/eval/said-title-forms/README.md).
//! A tool for reading a rule's effect on requests by hand.
//!
//! echo "thirty nine steps, the hitchcock one" | cargo run --release -p dualrec-train --example read_request -- models
use std::io::BufRead;

use anyhow::Result;
use dualrec::engine::{Engine, EngineOptions};
use dualrec::pipeline::request::{parse_with, ReadOptions, Vocabulary};
use dualrec::types::STAGE_SEQUENTIAL;

fn main() -> Result<()> {
    let dir = std::env::args().nth(1).unwrap_or_else(|| "models".into());
    let engine = Engine::open(&EngineOptions { model_dir: dir.into(), stages: STAGE_SEQUENTIAL, ..Default::default() })?;
    let catalog = engine.base_catalog();
    let vocab = Vocabulary::new(catalog);
    let popularity = engine.transitions().popularity();
    let show = |options: ReadOptions, request: &str| match parse_with(catalog, &vocab, request, popularity, &[], options) {
        Ok(i) => format!("{:?} years {:?} genres {:?}", i.references.iter().map(|&j| format!("{} ({})", catalog.movie(j).title, catalog.movie(j).year)).collect::<Vec<_>>(), i.years, i.genres),
        Err(e) => format!("refused: {e}"),
    };
    for line in std::io::stdin().lock().lines() {
        let request = line?;
        let (library, before) = (show(ReadOptions::default(), &request), show(ReadOptions { more_said_forms: false, ..ReadOptions::default() }, &request));
        if library == before {
            println!("{request}\n    {library}");
        } else {
            println!("{request}\n    library {library}\n    before  {before}");
        }
    }
    Ok(())
}
