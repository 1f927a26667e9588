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

use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use dualrec::model_dir::manifest::sha256_hex;

use crate::data::{next5_copy_bytes, Dataset, NEXT5_SPLIT};


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

pub fn run(a: Next5SplitArgs) -> Result<()> {
    let ds = Dataset::load(&a.data)?;
    let bytes = next5_copy_bytes(&ds.source)?;
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
        name: NEXT5_SPLIT.into(),
        data_sha256: ds.fingerprint.clone(),
        copy_sha256: sha256_hex(&bytes),
        rule: "each viewer's last 4 watches removed (last 5 for viewers with fewer than 7)".into(),
    };
    std::fs::write(a.out.join("split.json"), serde_json::to_string_pretty(&split)? + "\n")?;
    let copy = Dataset::load(&a.out)?;
    println!(
        "{NEXT5_SPLIT}: {} of {} interactions kept, in {} (build models from it with `dualrec-train build --data {}`)",
        copy.interactions(),
        ds.interactions(),
        a.out.display(),
        a.out.display()
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn kept_stops_before_the_held_out_five() {
        // A model fitted on the copy sees its leave-one-out train + validation
        // part: all of it when the copy is shorter than 3.
        for n in 0..40 {
            let k = crate::data::next5_kept(n);
            let fitted = if k >= 3 { k - 1 } else { k };
            assert!(fitted + 5 <= n.max(5), "n {n}: keeps {k}, fits on {fitted}");
        }
        assert_eq!(crate::data::next5_kept(20), 16);
        assert_eq!(crate::data::next5_kept(6), 1);
    }
}
