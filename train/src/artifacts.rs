//! Writing artifacts into a model directory together with their manifest entry.

use std::path::Path;

use anyhow::{Context, Result};
use dualrec::model_dir::manifest::{Artifact, Manifest};

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
