//! Prints every catalogue title's familiarity to an LLM, as `add_movie`
//! measures it for the cold rule (`Language::title_familiarity`):
//! `id<TAB>familiarity<TAB>title`. Used for docs/eval/cold-familiarity/.
//!
//! cargo run --release -p dualrec-train --example title_familiarity -- <model.gguf> <movies.dat>

use anyhow::{Context, Result};
use dualrec::model_dir::catalog::Catalog;
use dualrec::stages::language::Language;

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let [_, gguf, movies] = args.as_slice() else { anyhow::bail!("usage: title_familiarity <model.gguf> <movies.dat>") };
    let catalog = Catalog::parse_movies_dat(&std::fs::read(movies).with_context(|| format!("reading {movies}"))?)?;
    let lm = Language::load(std::path::Path::new(gguf), &catalog, 2, 0)?;
    for m in catalog.movies() {
        println!("{}\t{:.5}\t{}", m.id, lm.title_familiarity(m)?, m.title);
    }
    Ok(())
}
