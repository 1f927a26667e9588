//! `dualrec-train transitions`: fits item-to-item transitions + popularity
//! on the training split (`models/transitions.bin`).

use anyhow::Result;
use dualrec::stages::transitions::{Transitions, TRANSITIONS_VERSION};

use crate::artifacts::{check_catalog, load_dataset, write_artifact, Provenance};

pub fn run(data: &std::path::Path, models: &std::path::Path, max_per_row: usize) -> Result<()> {
    let ds = load_dataset(data)?;
    check_catalog(&ds, models)?;
    let split = ds.split();
    let t = Transitions::fit(ds.catalog.len(), split.train.iter().map(Vec::as_slice), max_per_row);
    write_artifact(
        models,
        "transitions",
        "transitions.bin",
        TRANSITIONS_VERSION,
        &t.to_bytes(),
        Provenance {
            source: &format!("fitted on the leave-one-out training split of {} (aggregate counts only)", ds.name),
            licence: crate::artifacts::DERIVED_MODEL,
            data_sha256: Some(&ds.fingerprint),
            config: serde_json::json!({"max_per_row": max_per_row, "order": 1}),
        },
    )
}
