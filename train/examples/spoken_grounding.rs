//! How the request reader grounds catalogue titles said aloud: every movie
//! of a model directory's catalogue, asked for as "something like <title>"
//! in three forms, and what `recommend_query`'s reader makes of each
//! (`pipeline::request::parse`, the catalogue rules; the LLM reader names
//! genres only). Prints a markdown table, then which of 20 films the
//! catalogue lacks were grounded anyway. Used for docs/eval/spoken-titles.md.
//! Two more rows ask for each title with one typo (seeded per title: a
//! letter dropped, doubled, swapped or a vowel changed in a word of four or
//! more letters), read with and without the reader's correction.
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
use dualrec::pipeline::request::{parse_with, words, ReadOptions, Vocabulary};
use dualrec::types::STAGE_SEQUENTIAL;

#[path = "../src/rng.rs"]
#[allow(dead_code)] // the tools' generator; this example draws only `below` from it
mod rng;
#[path = "../src/eval/spoken.rs"]
mod spoken;
use spoken::{misspell, spoken};

/// The seed of the misspelled forms (each title's typo draws from seed ^ its index).
const TYPO_SEED: u64 = 20_261_203;

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
    let typos: Vec<String> = (0..catalog.len() as u32).map(|i| misspell(&catalog.movie(i).title, &mut rng::SplitMix(TYPO_SEED ^ i as u64))).collect();
    let typo = |i: u32, t: &str| if catalog.movie(i).title == t { typos[i as usize].clone() } else { t.to_string() };
    // (row, the form of movie i's title, whether the reader corrects misspellings)
    type Form<'a> = (&'a str, &'a dyn Fn(u32, &str) -> String, bool);
    let forms: [Form; 5] = [
        ("written", &|_, t: &str| t.to_string(), true),
        ("spoken", &|_, t: &str| spoken(t), true),
        ("spoken, before its subtitle", &|_, t: &str| spoken(short(t)), true),
        ("one typo", &typo, true),
        ("one typo, without the correction", &typo, false),
    ];
    println!("| form | titles | correct % | another movie of the same (short) title % | wrong % | none % | example |\n|---|---:|---:|---:|---:|---:|---|");
    for (name, form, correct) in forms {
        let (mut right, mut same, mut wrong, mut none) = (0usize, 0usize, 0usize, 0usize);
        let mut example = String::new();
        for i in 0..catalog.len() as u32 {
            let title = &catalog.movie(i).title;
            let said = form(i, title);
            let request = format!("something like {said}");
            let got = parse_with(catalog, &vocab, &request, popularity, &[], ReadOptions { correct_misspellings: correct, ..Default::default() }).map(|x| x.references).unwrap_or_default();
            match got.first() {
                Some(&j) if j == i => right += 1,
                // Another movie whose title reads the same in this form (for a typo: the same title).
                Some(&j) if form(j, &catalog.movie(j).title) == said || catalog.movie(j).title == *title => same += 1,
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
            let got = parse_with(catalog, &vocab, &format!("something like {t}"), popularity, &[], ReadOptions::default()).map(|x| x.references).unwrap_or_default();
            got.first().map(|&j| format!("\"{t}\" -> {}", catalog.movie(j).display()))
        })
        .collect();
    println!("\n{} of {} films the catalogue lacks, named as a viewer would, were grounded to a catalogue movie{}", grounded.len(), LATER.len(), if grounded.is_empty() { ".".to_string() } else { format!(": {}.", grounded.join("; ")) });
    Ok(())
}
