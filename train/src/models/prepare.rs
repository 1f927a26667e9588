//! `dualrec-train prepare`: reads a dataset, makes the leave-one-out split,
//! writes the catalogue into the model directory (`models/catalog.tsv`) and
//! the split into a work directory (never committed: it holds the ratings'
//! sequences).

use anyhow::Result;
use dualrec::model_dir::catalog::CATALOG_VERSION;

use crate::artifacts::{load_dataset, write_artifact, Provenance};

pub fn run(data: &std::path::Path, work: &std::path::Path, models: &std::path::Path, licence: &str) -> Result<()> {
    let ds = load_dataset(data)?;
    let source = format!("{}'s catalogue ({}): titles, years and genres only", ds.name, ds.source.catalog.file_name().map_or(String::new(), |f| f.to_string_lossy().into_owned()));
    let split = ds.split();
    let tsv = ds.catalog.to_tsv();
    write_artifact(
        models,
        "catalog",
        "catalog.tsv",
        CATALOG_VERSION,
        tsv.as_bytes(),
        Provenance { source: &source, licence, data_sha256: None, config: serde_json::Value::Null },
    )?;
    let dir = work.join(&ds.name);
    std::fs::create_dir_all(&dir)?;
    let id = |i: u32| ds.catalog.movie(i).id.to_string();
    let mut train = String::new();
    let mut targets = String::new();
    for (u, (user, _)) in ds.users.iter().enumerate() {
        train += &format!("{user} {}\n", split.train[u].iter().map(|&i| id(i)).collect::<Vec<_>>().join(" "));
        if let (Some(v), Some(t)) = (split.valid[u], split.test[u]) {
            targets += &format!("{user} {} {}\n", id(v), id(t));
        }
    }
    std::fs::write(dir.join("train.txt"), train)?;
    std::fs::write(dir.join("targets.txt"), targets)?;
    std::fs::write(dir.join("catalog.tsv"), &tsv)?;
    let stats = serde_json::json!({
        "dataset": ds.name, "data_sha256": ds.fingerprint, "users": ds.users.len(),
        "interactions": ds.interactions(), "catalog_movies": ds.catalog.len(),
        "train_interactions": split.train.iter().map(Vec::len).sum::<usize>(),
        "users_with_targets": split.test.iter().filter(|t| t.is_some()).count(),
    });
    std::fs::write(dir.join("prepare.json"), serde_json::to_string_pretty(&stats)?)?;
    println!("{}", serde_json::to_string_pretty(&stats)?);
    println!("split written to {} (train.txt: UserID MovieID...; targets.txt: UserID valid test)", dir.display());
    Ok(())
}
