//! The model directory: its manifest (what each artifact is, its sha256,
//! source and licence) and the catalogue every other room indexes into.
//! Nothing here runs a model.

pub mod catalog;
pub mod manifest;

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use catalog::{Catalog, CATALOG_VERSION};
use manifest::{Manifest, VerifiedFile, Verify};

/// An open model directory: its path, its parsed manifest and how strictly
/// its files are checked. Every stage opens its artifacts through it.
#[derive(Debug, Clone)]
pub struct ModelDir {
    path: PathBuf,
    manifest: Manifest,
    verify: Verify,
}

impl ModelDir {
    /// Reads `path/manifest.json`; the directory must exist.
    pub fn open(path: &Path, verify: Verify) -> Result<ModelDir> {
        if !path.is_dir() {
            return Err(Error::ModelDirNotFound(path.to_path_buf()));
        }
        Ok(ModelDir { path: path.to_path_buf(), manifest: Manifest::load(path)?, verify })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }
    pub fn verify(&self) -> Verify {
        self.verify
    }
    /// Whether the manifest lists `artifact`.
    pub fn has(&self, artifact: &str) -> bool {
        self.manifest.get(artifact).is_some()
    }

    /// The artifact mapped and verified (version, size and, with
    /// `Verify::Full`, sha256) against its manifest entry.
    pub fn open_verified(&self, artifact: &str, format_version: u32) -> Result<VerifiedFile> {
        self.manifest.open_verified(&self.path, artifact, format_version, self.verify)
    }

    /// Like [`open_verified`](Self::open_verified) for an artifact this
    /// library reads in several format versions: the manifest's version when
    /// it is one of `accepted`, else the first (the current one), so an
    /// unknown version is refused with the current one named.
    pub fn open_verified_any(&self, artifact: &str, accepted: &[u32]) -> Result<VerifiedFile> {
        let listed = self.manifest.get(artifact).map(|e| e.format_version).filter(|v| accepted.contains(v));
        self.open_verified(artifact, listed.unwrap_or(accepted[0]))
    }

    /// The verified catalogue.
    pub fn catalog(&self) -> Result<Catalog> {
        let f = self.open_verified("catalog", CATALOG_VERSION)?;
        Catalog::parse_tsv(f.bytes(), &f.name())
    }
}
