//! `dualrec-train next5-split`: the data every model of a next-5 evaluation
//! (PROTOCOL.md "next-5") is fitted on. The next-5 protocol holds out each
//! viewer's last 5 watches; a model fitted by the leave-one-out tools on the
//! full data would have trained on three of them. This writes a copy of the
//! data without each viewer's last 4 watches (last 5 for viewers with fewer
//! than 7): the copy's leave-one-out split then trains on all but the last 6
//! and validates on the 6th-from-last, so nothing fitted on it (LSTM, early
//! stopping, transitions, collab, fusion weights) has seen a held-out movie.
//! The copy's test item (the first of the held-out five) is never fitted on.
//!
//! The evaluator recomputes the copy's bytes from the full data and refuses
//! models whose recorded `data_sha256` is not theirs (`protocol::fitted_on`).
//! The copy holds the ratings' sequences: write it outside the repository.

use std::collections::BTreeMap;
use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use dualrec::model_dir::manifest::sha256_hex;

use crate::data::{Dataset, Layout, Source};

/// The split's name: the `fitted_on` of every model built from the copy.
pub const NAME: &str = "next5-train";

#[derive(clap::Args)]
pub struct Next5SplitArgs {
    /// The full data set (MovieLens directory, plain layout, or sequence file).
    #[arg(long)]
    pub data: PathBuf,
    /// Where the copy goes (outside the repository).
    #[arg(long)]
    pub out: PathBuf,
}

/// What `split.json` beside the copy records.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Next5Split {
    pub name: String,
    /// The full data set's interaction file sha256.
    pub data_sha256: String,
    /// The copy's interaction file sha256 (what models fitted on it record).
    pub copy_sha256: String,
    pub rule: String,
}

/// Watches kept of a viewer with `n`: all but the last 4 when that leaves a
/// leave-one-out split (≥ 3), else all but the last 5 (the copy's whole
/// sequence is then training, so it must stop before the held-out five).
pub fn kept(n: usize) -> usize {
    if n >= 7 {
        n - 4
    } else {
        n.saturating_sub(5)
    }
}

/// The copy's interaction file, byte for byte (same layout as the source).
pub fn copy_bytes(source: &Source) -> Result<Vec<u8>> {
    let raw = std::fs::read(&source.interactions).with_context(|| format!("reading {}", source.interactions.display()))?;
    let text = String::from_utf8_lossy(&raw);
    let mut out = String::with_capacity(text.len());
    match source.layout {
        Layout::Sequences => {
            for line in text.lines() {
                let mut f = line.split_whitespace();
                let Some(user) = f.next() else { continue };
                let items: Vec<&str> = f.collect();
                out.push_str(user);
                for m in &items[..kept(items.len())] {
                    out.push(' ');
                    out.push_str(m);
                }
                out.push('\n');
            }
        }
        Layout::MovieLensRatings | Layout::Plain => {
            // (user, time) of each interaction line, as the loader reads it.
            let (sep, t_field) = if source.layout == Layout::Plain { ("\t", 2) } else { ("::", 3) };
            let lines: Vec<&str> = text.lines().collect();
            let mut by_user: BTreeMap<u64, Vec<(i64, usize)>> = BTreeMap::new();
            for (n, line) in lines.iter().enumerate() {
                let f: Vec<&str> = line.trim_end_matches('\r').split(sep).collect();
                let (Some(u), Some(t)) = (f.first().and_then(|s| s.trim().parse::<u64>().ok()), f.get(t_field).and_then(|s| s.trim().parse::<i64>().ok())) else {
                    continue; // header, comment or blank line: kept as is
                };
                by_user.entry(u).or_default().push((t, n));
            }
            let mut dropped = vec![false; lines.len()];
            for v in by_user.values_mut() {
                // The loader's order: by time, ties in file order (stable).
                v.sort_by_key(|x| x.0);
                let keep = kept(v.len());
                v[keep..].iter().for_each(|&(_, n)| dropped[n] = true);
            }
            for (n, line) in lines.iter().enumerate() {
                if !dropped[n] {
                    out.push_str(line);
                    out.push('\n');
                }
            }
        }
    }
    Ok(out.into_bytes())
}

/// The sha256 a model fitted on `ds`'s next-5 copy records as its data.
pub fn copy_fingerprint(ds: &Dataset) -> Result<String> {
    Ok(sha256_hex(&copy_bytes(&ds.source)?))
}

pub fn run(a: Next5SplitArgs) -> Result<()> {
    let ds = Dataset::load(&a.data)?;
    let bytes = copy_bytes(&ds.source)?;
    if bytes == std::fs::read(&ds.source.interactions)? {
        bail!("{}: no viewer has more than 5 watches; nothing to hold out", a.data.display());
    }
    std::fs::create_dir_all(&a.out).with_context(|| format!("creating {}", a.out.display()))?;
    let interactions = a.out.join(ds.source.interactions.file_name().context("interaction file name")?);
    let catalog = a.out.join(ds.source.catalog.file_name().context("catalogue file name")?);
    if interactions == ds.source.interactions || catalog == ds.source.catalog {
        bail!("--out must differ from --data");
    }
    std::fs::copy(&ds.source.catalog, &catalog).with_context(|| format!("writing {}", catalog.display()))?;
    std::fs::write(&interactions, &bytes).with_context(|| format!("writing {}", interactions.display()))?;
    let split = Next5Split {
        name: NAME.into(),
        data_sha256: ds.fingerprint.clone(),
        copy_sha256: sha256_hex(&bytes),
        rule: "each viewer's last 4 watches removed (last 5 for viewers with fewer than 7)".into(),
    };
    std::fs::write(a.out.join("split.json"), serde_json::to_string_pretty(&split)? + "\n")?;
    let copy = Dataset::load(&a.out)?;
    println!(
        "{NAME}: {} of {} interactions kept, in {} (build models from it with `dualrec-train build --data {}`)",
        copy.interactions(),
        ds.interactions(),
        a.out.display(),
        a.out.display()
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kept_stops_before_the_held_out_five() {
        // A model fitted on the copy sees its leave-one-out train + validation
        // part: all of it when the copy is shorter than 3.
        for n in 0..40 {
            let k = kept(n);
            let fitted = if k >= 3 { k - 1 } else { k };
            assert!(fitted + 5 <= n.max(5), "n {n}: keeps {k}, fits on {fitted}");
        }
        assert_eq!(kept(20), 16);
        assert_eq!(kept(6), 1);
    }
}
