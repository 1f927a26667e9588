//! `dualrec-train synth`: a synthetic catalogue and viewing log in the plain
//! layout (docs/training.md), for CI and for trying `build` without any
//! licensed data. Sparse ids, UTF-8 titles, a genre vocabulary that is not
//! MovieLens', and learnable structure: each viewer favours two genres and
//! often follows a genre's fixed "next title" chain, so the sequence,
//! transition and collaborative models all have something to find.

use std::fmt::Write as _;
use std::path::PathBuf;

use anyhow::{bail, Result};

use crate::rng::SplitMix;

#[derive(clap::Args)]
pub struct SynthArgs {
    /// Output directory (interactions.tsv, catalog.tsv).
    #[arg(long)]
    pub out: PathBuf,
    #[arg(long, default_value_t = 400)]
    pub users: usize,
    #[arg(long, default_value_t = 240)]
    pub titles: usize,
    #[arg(long, default_value_t = 7)]
    pub seed: u64,
    /// Watches per viewer: uniform in min..=max.
    #[arg(long, default_value_t = 8)]
    pub min_watches: usize,
    #[arg(long, default_value_t = 40)]
    pub max_watches: usize,
}

const GENRES: [&str; 6] = ["Krimi", "Komödie", "Sci-Fi", "Doku", "Drama", "Anime"];
const WORDS: [&str; 12] = ["Nacht", "Straße", "Sterne", "Café", "Schatten", "Reise", "Meer", "Stadt", "Garten", "Zeit", "Feuer", "Brücke"];

pub fn run(a: SynthArgs) -> Result<()> {
    if a.titles < GENRES.len() * 4 || a.users < 10 {
        bail!("--titles must be at least {} and --users at least 10", GENRES.len() * 4);
    }
    let mut rng = SplitMix(a.seed);
    // Title k: id 1000 + 7k, main genre k % 6, sometimes a second genre.
    let id = |k: usize| 1000 + 7 * k as u32;
    let mut catalog = String::from("id\ttitle\tyear\tgenres\n");
    let mut by_genre: Vec<Vec<usize>> = vec![Vec::new(); GENRES.len()];
    for k in 0..a.titles {
        let g = k % GENRES.len();
        by_genre[g].push(k);
        let second = if rng.below(3) == 0 { format!("|{}", GENRES[(g + 1 + rng.below(GENRES.len() - 1)) % GENRES.len()]) } else { String::new() };
        let title = format!("{} der {} {}", WORDS[rng.below(WORDS.len())], WORDS[rng.below(WORDS.len())], k);
        let year = 1950 + rng.below(76);
        writeln!(catalog, "{}\t{title}\t{year}\t{}{second}", id(k), GENRES[g])?;
    }
    let mut log = String::from("user\tmovie\ttime\n");
    for u in 0..a.users {
        let favourite = [rng.below(GENRES.len()), rng.below(GENRES.len())];
        let len = a.min_watches + rng.below(a.max_watches.saturating_sub(a.min_watches) + 1);
        let mut t = 1_600_000_000i64 + rng.below(10_000_000) as i64;
        let mut cur = by_genre[favourite[0]][rng.below(by_genre[favourite[0]].len())];
        let mut seen = std::collections::HashSet::new();
        for _ in 0..len {
            seen.insert(cur);
            writeln!(log, "{}\t{}\t{t}", 50_000 + 13 * u, id(cur))?;
            t += 600 + rng.below(100_000) as i64;
            // The genre's chain: the next title of the same genre, most of the time.
            let g = cur % GENRES.len();
            let pos = by_genre[g].iter().position(|&x| x == cur).expect("in its genre");
            let chained = by_genre[g][(pos + 1) % by_genre[g].len()];
            let fav = &by_genre[favourite[rng.below(2)]];
            let next = if rng.below(10) < 6 { chained } else { fav[rng.below(fav.len())] };
            // Already watched: another title of a favourite genre (a few tries), else the same again.
            cur = if seen.contains(&next) { (0..8).map(|_| fav[rng.below(fav.len())]).find(|k| !seen.contains(k)).unwrap_or(next) } else { next };
        }
    }
    std::fs::create_dir_all(&a.out)?;
    std::fs::write(a.out.join("catalog.tsv"), catalog)?;
    std::fs::write(a.out.join("interactions.tsv"), log)?;
    println!("wrote {} titles and {} viewers to {} (plain layout)", a.titles, a.users, a.out.display());
    Ok(())
}
