//! `dualrec-train cold-split`: the "new titles" data of PROTOCOL.md. Picks
//! the cold titles (a seeded share of the titles seen in training, or the
//! titles first watched in the last part of the data's time span) and writes
//! a copy of the data set without them: every interaction with a cold title
//! removed, the catalogue without the cold titles, and `cold.json` naming
//! them (and `cold-titles.tsv` listing them as `catalog.tsv` does). Every model of a cold evaluation is built from that copy, so no
//! model ever sees a cold title; the engine learns of them only through
//! `dualrec_add_movie`.
//!
//! The copy holds the ratings' sequences: write it outside the repository
//! (never commit it).

use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use dualrec::model_dir::manifest::sha256_hex;

use crate::data::{ColdSplit, Dataset};
use crate::rng::SplitMix;

/// The cold titles in the plain layout's `catalog.tsv` form, beside cold.json.
pub const COLD_TITLES: &str = "cold-titles.tsv";

#[derive(clap::Args)]
pub struct ColdSplitArgs {
    /// The full data set (MovieLens directory, plain layout, or sequence file).
    #[arg(long)]
    pub data: PathBuf,
    /// Where the data set without the cold titles goes (outside the repository).
    #[arg(long)]
    pub out: PathBuf,
    /// `random` (a seeded share of the titles seen in training) or `temporal`
    /// (titles whose first interaction falls in the last share of the time span; needs timestamps).
    #[arg(long, default_value = "random")]
    pub variant: String,
    #[arg(long, default_value_t = 0.10)]
    pub fraction: f64,
    #[arg(long, default_value_t = 20_261_201)]
    pub seed: u64,
    /// Keep the cold titles in the copy's catalogue and remove only their
    /// interactions: models built from it have rows for titles they never saw,
    /// which `fusion-fit --stand-ins-from` uses as honest stand-ins for new
    /// titles (a second-level split of a cold split's copy).
    #[arg(long)]
    pub keep_titles: bool,
}

/// A seeded `fraction` of the movies seen in the leave-one-out training split.
pub fn random_cold(ds: &Dataset, fraction: f64, seed: u64) -> Vec<u32> {
    let split = ds.split();
    let mut seen: Vec<u32> = split.train.iter().flatten().copied().collect::<HashSet<_>>().into_iter().collect();
    seen.sort_unstable();
    let n = ((seen.len() as f64) * fraction).round() as usize;
    let mut rng = SplitMix(seed);
    // Partial Fisher-Yates: the first n of a seeded shuffle.
    for i in 0..n.min(seen.len()) {
        let j = i + rng.below(seen.len() - i);
        seen.swap(i, j);
    }
    let mut ids: Vec<u32> = seen[..n].iter().map(|&i| ds.catalog.movie(i).id).collect();
    ids.sort_unstable();
    ids
}

/// Movies whose first interaction is at or after `t_min + (1 - fraction)·(t_max - t_min)`.
pub fn temporal_cold(first_seen: &BTreeMap<u32, i64>, fraction: f64) -> Vec<u32> {
    let (Some(lo), Some(hi)) = (first_seen.values().min(), first_seen.values().max()) else { return Vec::new() };
    let cut = *lo as f64 + (1.0 - fraction) * (*hi - *lo) as f64;
    first_seen.iter().filter(|(_, &t)| t as f64 >= cut).map(|(&id, _)| id).collect()
}

pub fn run(a: ColdSplitArgs) -> Result<()> {
    if !(a.fraction > 0.0 && a.fraction < 1.0) {
        bail!("--fraction must be in (0, 1), got {}", a.fraction);
    }
    let ds = Dataset::load(&a.data)?;
    let source = ds.source_files()?;
    let pct = (a.fraction * 100.0).round() as u32;
    let (ids, name, seed) = match a.variant.as_str() {
        "random" => (random_cold(&ds, a.fraction, a.seed), format!("cold-random-{pct}pct-seed-{}", a.seed), Some(a.seed)),
        "temporal" => {
            let first = ds.first_seen.as_ref().with_context(|| format!("{}: the temporal variant needs timestamps (ratings.dat or interactions.tsv)", a.data.display()))?;
            (temporal_cold(first, a.fraction), format!("cold-temporal-{pct}pct"), None)
        }
        v => bail!("--variant must be random or temporal, got {v:?}"),
    };
    if ids.is_empty() {
        bail!("no cold titles selected");
    }
    let cold: HashSet<u32> = ids.iter().copied().collect();
    std::fs::create_dir_all(&a.out).with_context(|| format!("creating {}", a.out.display()))?;
    let name = if a.keep_titles { format!("{name}-titles-kept") } else { name };
    let removed = source.write_without(&cold, &a.out, a.keep_titles)?;
    let split = ColdSplit { name: name.clone(), variant: a.variant.clone(), fraction: a.fraction, seed, data_sha256: ds.fingerprint.clone(), movie_ids: ids, titles_kept: a.keep_titles };
    std::fs::write(a.out.join("cold.json"), serde_json::to_string_pretty(&split)? + "\n")?;
    // The cold titles as an integrator would list new titles (`fusion-fit --new-titles`).
    let cold_movies = split.movie_ids.iter().map(|&id| ds.catalog.index_of(id).map(|i| ds.catalog.movie(i)).context("cold id not in the catalogue")).collect::<Result<Vec<_>>>()?;
    let listed = crate::data::plain_catalog_tsv(cold_movies);
    std::fs::write(a.out.join(COLD_TITLES), listed)?;
    println!(
        "{name}: {} cold titles, {removed} interactions removed; data without them in {} (sha256 of cold.json {})",
        split.movie_ids.len(),
        a.out.display(),
        &sha256_hex(&std::fs::read(a.out.join("cold.json"))?)[..12]
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temporal_cut_is_the_last_share_of_the_span() {
        let first: BTreeMap<u32, i64> = [(1, 0), (2, 50), (3, 89), (4, 90), (5, 100)].into_iter().collect();
        assert_eq!(temporal_cold(&first, 0.1), vec![4, 5]);
        assert!(temporal_cold(&BTreeMap::new(), 0.1).is_empty());
    }
}
