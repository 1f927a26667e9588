//! How the request reader grounds catalogue titles said aloud: every movie
//! of a model directory's catalogue, asked for as "something like <title>"
//! in three forms, and what `recommend_query`'s reader makes of each
//! (`pipeline::request::parse`, the catalogue rules; the LLM reader names
//! genres only). Prints a markdown table, then which of 20 films the
//! catalogue lacks were grounded anyway. Used for docs/eval/spoken-titles.md.
//!
//! cargo run --release -p dualrec-train --example spoken_grounding -- <model dir> [--list]
//!
//! The spoken forms (train/src/eval/spoken.rs, shared with eval-query) are
//! made independently of the reader's own tables, as speech recognition
//! writes a title: lower case, no punctuation, numbers up to twenty (digits
//! or Roman) as words, initials run together ("E.T." -> "et"); the short
//! form also drops what follows a colon, " - " or "(".

use anyhow::Result;
use dualrec::engine::{Engine, EngineOptions};
use dualrec::pipeline::request::{parse, words, Vocabulary};
use dualrec::types::STAGE_SEQUENTIAL;

#[path = "../src/eval/spoken.rs"]
mod spoken;
use spoken::spoken;

/// Films from after MovieLens 1M (2000), as a viewer names them: none is in
/// its catalogue, so any grounding is wrong.
const LATER: [&str; 20] = [
    "harry potter", "the lord of the rings", "shrek", "finding nemo", "the dark knight", "inception", "frozen", "avatar", "kill bill",
    "pirates of the caribbean", "the social network", "la la land", "spirited away", "no country for old men", "the departed", "ratatouille",
    "interstellar", "mad max fury road", "the incredibles", "oppenheimer",
];

/// A title without whatever follows a colon, " - " or "(" (how a viewer
/// shortens it: "star wars").
fn short(title: &str) -> &str {
    let cut = [":", " - ", "("].iter().filter_map(|c| title.find(c)).min().unwrap_or(title.len());
    let s = title[..cut].trim();
    if s.is_empty() { title } else { s }
}

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let (dir, list) = match args.as_slice() {
        [_, dir] => (dir, false),
        [_, dir, flag] if flag == "--list" => (dir, true),
        _ => anyhow::bail!("usage: spoken_grounding <model dir> [--list]  (--list: also every miss, on stderr)"),
    };
    let engine = Engine::open(&EngineOptions { model_dir: dir.into(), stages: STAGE_SEQUENTIAL, ..Default::default() })?;
    let catalog = engine.base_catalog();
    let vocab = Vocabulary::new(catalog);
    let popularity = engine.transitions().popularity();
    type Form<'a> = (&'a str, &'a dyn Fn(&str) -> String);
    let forms: [Form; 3] =
        [("written", &|t: &str| t.to_string()), ("spoken", &|t: &str| spoken(t)), ("spoken, before its subtitle", &|t: &str| spoken(short(t)))];
    println!("| form | titles | correct % | another movie of the same (short) title % | wrong % | none % | example |\n|---|---:|---:|---:|---:|---:|---|");
    for (name, form) in forms {
        let (mut right, mut same, mut wrong, mut none) = (0usize, 0usize, 0usize, 0usize);
        let mut example = String::new();
        for i in 0..catalog.len() as u32 {
            let title = &catalog.movie(i).title;
            let said = form(title);
            let request = format!("something like {said}");
            let got = parse(catalog, &vocab, &request, popularity, &[]).map(|x| x.references).unwrap_or_default();
            match got.first() {
                Some(&j) if j == i => right += 1,
                Some(&j) if form(&catalog.movie(j).title) == said => same += 1,
                Some(_) => wrong += 1,
                None => none += 1,
            }
            if list && got.first() != Some(&i) {
                eprintln!("{name}\t{title}\t{said}\t{}", got.first().map_or("-".to_string(), |&j| catalog.movie(j).display()));
            }
            if example.is_empty() && name != "written" && said != words(title).join(" ") && said.split(' ').count() > 1 {
                example = format!("{title} -> \"{said}\"");
            }
        }
        let n = catalog.len() as f64 / 100.0;
        println!("| {name} | {} | {:.2} | {:.2} | {:.2} | {:.2} | {example} |", catalog.len(), right as f64 / n, same as f64 / n, wrong as f64 / n, none as f64 / n);
    }
    let grounded: Vec<String> = LATER
        .iter()
        .filter_map(|t| {
            let got = parse(catalog, &vocab, &format!("something like {t}"), popularity, &[]).map(|x| x.references).unwrap_or_default();
            got.first().map(|&j| format!("\"{t}\" -> {}", catalog.movie(j).display()))
        })
        .collect();
    println!("\n{} of {} films the catalogue lacks, named as a viewer would, were grounded to a catalogue movie{}", grounded.len(), LATER.len(), if grounded.is_empty() { ".".to_string() } else { format!(": {}.", grounded.join("; ")) });
    Ok(())
}
