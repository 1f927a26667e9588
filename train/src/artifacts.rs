//! The model directory as the artifact subcommands and the evaluations see
//! it: the dataset an artifact is fitted on (loaded, and checked against the
//! directory's catalogue), writing artifacts together with their manifest
//! entry, and opening shipped ones through the SDK.

use std::path::Path;

use anyhow::{bail, Context, Result};
use dualrec::model_dir::manifest::{sha256_hex, Artifact, Manifest};

use crate::data::Dataset;

/// The licence lines of a model or adapter fitted on the data set in hand:
/// the data's own terms apply too (MovieLens's for the shipped models).
pub const DERIVED_MODEL: &str = "Apache-2.0 (model); derived from the training data, whose terms also apply (MovieLens for the shipped models, see models/README.md)";
pub const DERIVED_ADAPTER: &str = "Apache-2.0 (adapter); derived from the training data, whose terms also apply (MovieLens for the shipped models, see models/README.md)";

pub struct Provenance<'a> {
    pub source: &'a str,
    pub licence: &'a str,
    pub data_sha256: Option<&'a str>,
    pub config: serde_json::Value,
}

/// Writes `bytes` to `dir/file` and records it under `name` in the manifest.
pub fn write_artifact(dir: &Path, name: &str, file: &str, format_version: u32, bytes: &[u8], p: Provenance) -> Result<()> {
    std::fs::create_dir_all(dir)?;
    let path = dir.join(file);
    // Write-then-rename: a running engine that memory-maps the old file keeps
    // a valid mapping (a new inode), and a crash never leaves a half file.
    let tmp = dir.join(format!(".{file}.tmp"));
    std::fs::write(&tmp, bytes).with_context(|| format!("writing {}", tmp.display()))?;
    std::fs::rename(&tmp, &path).with_context(|| format!("renaming into {}", path.display()))?;
    let mut manifest = match Manifest::load(dir) {
        Ok(m) => m,
        Err(dualrec::Error::ModelMissing(_)) => Manifest::default(),
        Err(e) => return Err(e).context("reading the existing manifest"),
    };
    let produced_by = format!("dualrec-train {}", std::env::args().skip(1).collect::<Vec<_>>().join(" "));
    manifest.upsert(Artifact {
        data_sha256: p.data_sha256.map(String::from),
        config: p.config,
        ..Artifact::for_bytes(name, file, format_version, bytes, p.source, &produced_by, p.licence)
    });
    manifest.artifacts.sort_by(|a, b| a.name.cmp(&b.name));
    manifest.save(dir)?;
    tracing::info!(file, bytes = bytes.len(), "wrote artifact");
    Ok(())
}

/// Loads the dataset at `data` and logs its size and fingerprint.
pub fn load_dataset(data: &Path) -> Result<Dataset> {
    let ds = Dataset::load(data)?;
    tracing::info!(dataset = %ds.name, users = ds.users.len(), interactions = ds.interactions(), movies = ds.catalog.len(), sha256 = %ds.fingerprint, "loaded");
    Ok(ds)
}

/// The model directory's catalogue must be the dataset's catalogue.
pub fn check_catalog(ds: &Dataset, models: &Path) -> Result<()> {
    let path = models.join("catalog.tsv");
    let bytes = std::fs::read(&path).with_context(|| format!("{} (run `dualrec-train prepare` first)", path.display()))?;
    if sha256_hex(&bytes) != sha256_hex(ds.catalog.to_tsv().as_bytes()) {
        bail!("{} is not the catalogue of {}; run `dualrec-train prepare --data ...` first", path.display(), ds.name);
    }
    Ok(())
}

/// Opens one of the shipped LSTM graphs through the SDK (manifest-verified),
/// run as the engine runs it (the library's own kernels).
pub fn open_sequential(manifest: &dualrec::model_dir::manifest::Manifest, models: &std::path::Path, artifact: &str, n_items: usize) -> Result<dualrec::stages::sequential::Sequential> {
    let _ = manifest; // verified again by the ModelDir below
    let dir = dualrec::model_dir::ModelDir::open(models, dualrec::model_dir::manifest::Verify::Full)?;
    Ok(dualrec::stages::sequential::Sequential::open_artifact(&dir, artifact, n_items, 1, dualrec::stages::sequential::Runner::Native, None)?)
}
