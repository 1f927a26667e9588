//! Every catalogue title asked for as "something like <title>" written, as
//! speech recognition writes it and with one typo (spoken_grounding's
//! forms), read with and without the said-title forms
//! (`QueryWeights::said_title_forms`, `title_first`;
//! docs/eval/said-title-forms/README.md), or with `more` after the model
//! directory with and without the fourth candidate's
//! (`QueryWeights::more_said_forms`): prints each request read differently
//! (GAIN: now the title, LOSS: no longer) and the counts.
//!
//! cargo run --release -p dualrec-train --example said_forms_catalogue -- models [more]
use anyhow::Result;
use dualrec::engine::{Engine, EngineOptions};
use dualrec::pipeline::request::{parse_with, ReadOptions, Vocabulary};
use dualrec::types::STAGE_SEQUENTIAL;

#[path = "../src/rng.rs"]
#[allow(dead_code)] // the tools' generator; this example draws only `below` from it
mod rng;
#[path = "../src/eval/spoken.rs"]
mod spoken;
use spoken::{misspell, spoken};

/// spoken_grounding's seed of the misspelled forms.
const TYPO_SEED: u64 = 20_261_203;

fn main() -> Result<()> {
    let dir = std::env::args().nth(1).unwrap_or_else(|| "models".into());
    let more = std::env::args().nth(2).is_some_and(|a| a == "more");
    let engine = Engine::open(&EngineOptions { model_dir: dir.into(), stages: STAGE_SEQUENTIAL, ..Default::default() })?;
    let catalog = engine.base_catalog();
    let vocab = Vocabulary::new(catalog);
    let popularity = engine.transitions().popularity();
    let name = |r: &[u32]| r.iter().map(|&j| catalog.movie(j).title.clone()).collect::<Vec<_>>().join(" + ");
    let (mut requests, mut gains, mut losses, mut other) = (0, 0, 0, 0);
    for i in 0..catalog.len() as u32 {
        let title = &catalog.movie(i).title;
        let typo = misspell(title, &mut rng::SplitMix(TYPO_SEED ^ i as u64));
        for said in [title.clone(), spoken(title), typo] {
            let request = format!("something like {said}");
            let options = |on: bool| if more { ReadOptions { more_said_forms: on, ..Default::default() } } else { ReadOptions { said_title_forms: on, title_first: on, more_said_forms: false, ..Default::default() } };
            let read = |on: bool| parse_with(catalog, &vocab, &request, popularity, &[], options(on)).map(|x| x.references).unwrap_or_default();
            let (off, on) = (read(false), read(true));
            requests += 1;
            if off != on {
                let kind = if on.first() == Some(&i) { gains += 1; "GAIN" } else if off.first() == Some(&i) { losses += 1; "LOSS" } else { other += 1; "other" };
                println!("{kind}\t{request}\t{}\t->\t{}", name(&off), name(&on));
            }
        }
    }
    println!("{requests} requests: {gains} now read right, {losses} no longer, {other} read otherwise differently");
    Ok(())
}
