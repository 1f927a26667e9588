//! `models/manifest.json`: one entry per artifact (sha256, size, format
//! version, provenance, licence). The SDK verifies every file it opens
//! against its entry before any parser or runtime sees the bytes.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};

pub const MANIFEST_FILE: &str = "manifest.json";
pub const MANIFEST_FORMAT: u32 = 1;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Artifact {
    /// Role the SDK looks it up by: "catalog", "transitions", "lstm", ...
    pub name: String,
    /// File name inside the model directory (no directories).
    pub file: String,
    pub format_version: u32,
    pub sha256: String,
    pub size: u64,
    /// Where the inputs came from.
    pub source: String,
    /// The command that produced it.
    pub produced_by: String,
    pub licence: String,
    /// sha256 of the training data the artifact was fitted on, when any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_sha256: Option<String>,
    /// Free-form training or conversion settings.
    #[serde(default, skip_serializing_if = "serde_json::Value::is_null")]
    pub config: serde_json::Value,
}

impl Artifact {
    /// The entry for `bytes` stored as `file`: sha256 and size computed
    /// here, provenance as given, no training data and no config.
    pub fn for_bytes(name: &str, file: &str, format_version: u32, bytes: &[u8], source: &str, produced_by: &str, licence: &str) -> Artifact {
        Artifact {
            name: name.into(),
            file: file.into(),
            format_version,
            sha256: sha256_hex(bytes),
            size: bytes.len() as u64,
            source: source.into(),
            produced_by: produced_by.into(),
            licence: licence.into(),
            data_sha256: None,
            config: serde_json::Value::Null,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Manifest {
    pub format: u32,
    pub artifacts: Vec<Artifact>,
}

/// How much of each file `open` checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verify {
    /// sha256 and size (default).
    Full,
    /// Size only: for slow storage where hashing a large LLM at every start is too costly.
    SizeOnly,
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    let d = Sha256::digest(bytes);
    d.iter().map(|b| format!("{b:02x}")).collect()
}

/// sha256 of a mapped file, chunk by chunk, handing each chunk's pages back
/// once hashed: verification must not leave (or briefly need) the whole file
/// resident. The pages stay in the page cache; a later read faults them back
/// in cheaply, and only the parts a stage uses become resident again.
fn sha256_of_map(map: &memmap2::Mmap) -> String {
    const CHUNK: usize = 1 << 20;
    let mut h = Sha256::new();
    for (i, chunk) in map.chunks(CHUNK).enumerate() {
        h.update(chunk);
        release_pages(map, i * CHUNK, chunk.len());
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// Hands the resident pages of `len` bytes of `map` from `start` back
/// (clamped to the map): they stay in the page cache, and the next read
/// faults them in again. A hint: where it fails or is not supported,
/// nothing changes.
pub fn release_pages(map: &memmap2::Mmap, start: usize, len: usize) {
    #[cfg(unix)]
    {
        let len = len.min(map.len().saturating_sub(start));
        // SAFETY: a read-only shared file mapping of a file nothing writes:
        // dropped pages are read again, with the same bytes, on the next access.
        let _ = unsafe { map.unchecked_advise_range(memmap2::UncheckedAdvice::DontNeed, start, len) };
    }
    #[cfg(not(unix))]
    let _ = (map, start, len);
}

pub fn sha256_file(path: &Path) -> Result<String> {
    use std::io::Read;
    let mut f = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = f.read(&mut buf).map_err(|e| Error::io(path, e))?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
    }
    Ok(h.finalize().iter().map(|b| format!("{b:02x}")).collect())
}

impl Default for Manifest {
    fn default() -> Self {
        Manifest { format: MANIFEST_FORMAT, artifacts: Vec::new() }
    }
}

impl Manifest {
    pub fn load(dir: &Path) -> Result<Self> {
        let path = dir.join(MANIFEST_FILE);
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(Error::ModelMissing(path.display().to_string()))
            }
            Err(e) => return Err(Error::io(path, e)),
        };
        let m: Manifest =
            serde_json::from_slice(&bytes).map_err(|e| Error::corrupt(MANIFEST_FILE, e.to_string()))?;
        if m.format != MANIFEST_FORMAT {
            return Err(Error::ModelVersion {
                file: MANIFEST_FILE.into(),
                found: m.format.to_string(),
                expected: MANIFEST_FORMAT.to_string(),
            });
        }
        for a in &m.artifacts {
            if a.file.is_empty() || a.file.contains(['/', '\\']) || a.file.starts_with('.') {
                return Err(Error::corrupt(MANIFEST_FILE, format!("artifact file name {:?} is not a plain name", a.file)));
            }
        }
        Ok(m)
    }

    pub fn save(&self, dir: &Path) -> Result<()> {
        let path = dir.join(MANIFEST_FILE);
        let mut s = serde_json::to_string_pretty(self).map_err(|e| Error::Internal(e.to_string()))?;
        s.push('\n');
        std::fs::write(&path, s).map_err(|e| Error::io(path, e))
    }

    pub fn get(&self, name: &str) -> Option<&Artifact> {
        self.artifacts.iter().find(|a| a.name == name)
    }

    /// Adds or replaces the entry with the same name.
    pub fn upsert(&mut self, a: Artifact) {
        match self.artifacts.iter_mut().find(|x| x.name == a.name) {
            Some(x) => *x = a,
            None => self.artifacts.push(a),
        }
    }

    /// Maps the named artifact and checks its version, size and (with
    /// `Verify::Full`) sha256 over the very bytes the caller will parse, so
    /// nothing unverified reaches a parser or runtime.
    pub fn open_verified(&self, dir: &Path, name: &str, format_version: u32, mode: Verify) -> Result<VerifiedFile> {
        let a = self.get(name).ok_or_else(|| Error::ModelMissing(format!("{name} (no manifest entry)")))?;
        if a.format_version != format_version {
            return Err(Error::ModelVersion {
                file: a.file.clone(),
                found: a.format_version.to_string(),
                expected: format_version.to_string(),
            });
        }
        let path = dir.join(&a.file);
        let file = match std::fs::File::open(&path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(Error::ModelMissing(path.display().to_string()))
            }
            Err(e) => return Err(Error::io(path, e)),
        };
        let len = file.metadata().map_err(|e| Error::io(&path, e))?.len();
        if len != a.size {
            return Err(Error::ModelChecksum {
                file: a.file.clone(),
                why: format!("size {len} bytes, manifest says {}", a.size),
            });
        }
        if len == 0 {
            return Err(Error::corrupt(&a.file, "empty file"));
        }
        // SAFETY: model files are read-only inputs; the map is private to us and
        // the documentation tells integrators not to rewrite models while open.
        let map = unsafe { memmap2::Mmap::map(&file) }.map_err(|e| Error::io(&path, e))?;
        if mode == Verify::Full {
            let got = sha256_of_map(&map);
            if !got.eq_ignore_ascii_case(&a.sha256) {
                return Err(Error::ModelChecksum {
                    file: a.file.clone(),
                    why: format!("sha256 {got}, manifest says {}", a.sha256),
                });
            }
        }
        Ok(VerifiedFile { path, map, file })
    }
}

/// A memory-mapped artifact whose bytes passed verification.
pub struct VerifiedFile {
    pub path: PathBuf,
    pub map: memmap2::Mmap,
    /// Kept open: [`VerifiedFile::runtime_path`] names it.
    file: std::fs::File,
}

impl VerifiedFile {
    /// `path` mapped as if verified (tests of readers over a mapping).
    #[cfg(test)]
    pub(crate) fn mapped_unchecked(path: PathBuf) -> VerifiedFile {
        let file = std::fs::File::open(&path).unwrap();
        // SAFETY: a test's own file, not written while mapped.
        let map = unsafe { memmap2::Mmap::map(&file) }.unwrap();
        VerifiedFile { path, map, file }
    }

    pub fn bytes(&self) -> &[u8] {
        &self.map
    }
    pub fn name(&self) -> String {
        self.path.display().to_string()
    }

    /// A path for a runtime that reads the file itself (parsing it from the
    /// mapping would keep the mapped pages and the runtime's copy resident
    /// together): on Linux the open file that was verified
    /// (`/proc/self/fd/N`), so a file renamed over the artifact since is not
    /// what the runtime reads; elsewhere the artifact's path. Valid while
    /// `self` lives.
    pub fn runtime_path(&self) -> PathBuf {
        #[cfg(target_os = "linux")]
        {
            use std::os::fd::AsRawFd;
            let fd = PathBuf::from(format!("/proc/self/fd/{}", self.file.as_raw_fd()));
            if fd.exists() {
                return fd;
            }
        }
        self.path.clone()
    }
}

#[cfg(test)]
mod tests {
    /// Load then save gives the shipped manifest back byte for byte: tools
    /// that rewrite it (e.g. `dualrec-train lm` in scripts/dev/models.sh)
    /// must not drift its floats (serde_json's exact float parsing).
    #[test]
    fn shipped_manifest_round_trips_byte_for_byte() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("models");
        let before = std::fs::read_to_string(dir.join(MANIFEST_FILE)).unwrap();
        let tmp = std::env::temp_dir().join(format!("dualrec-manifest-rt-{}", std::process::id()));
        std::fs::create_dir_all(&tmp).unwrap();
        Manifest::load(&dir).unwrap().save(&tmp).unwrap();
        assert_eq!(std::fs::read_to_string(tmp.join(MANIFEST_FILE)).unwrap(), before);
    }

    use super::*;

    fn entry(file: &str, bytes: &[u8]) -> Artifact {
        Artifact::for_bytes("x", file, 1, bytes, "test", "test", "test")
    }

    #[test]
    fn verifies_and_refuses_tampering() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("x.bin"), b"hello").unwrap();
        let mut m = Manifest::default();
        m.upsert(entry("x.bin", b"hello"));
        m.save(dir.path()).unwrap();
        let m = Manifest::load(dir.path()).unwrap();
        assert_eq!(m.open_verified(dir.path(), "x", 1, Verify::Full).unwrap().bytes(), b"hello");
        assert!(matches!(m.open_verified(dir.path(), "x", 2, Verify::Full), Err(Error::ModelVersion { .. })));
        assert!(matches!(m.open_verified(dir.path(), "y", 1, Verify::Full), Err(Error::ModelMissing(_))));
        std::fs::write(dir.path().join("x.bin"), b"hellO").unwrap();
        assert!(matches!(m.open_verified(dir.path(), "x", 1, Verify::Full), Err(Error::ModelChecksum { .. })));
        assert!(m.open_verified(dir.path(), "x", 1, Verify::SizeOnly).is_ok());
        std::fs::write(dir.path().join("x.bin"), b"hell").unwrap();
        assert!(matches!(m.open_verified(dir.path(), "x", 1, Verify::SizeOnly), Err(Error::ModelChecksum { .. })));
        std::fs::remove_file(dir.path().join("x.bin")).unwrap();
        assert!(matches!(m.open_verified(dir.path(), "x", 1, Verify::Full), Err(Error::ModelMissing(_))));
    }

    /// A runtime that reads the file itself reads the verified file, even
    /// where another file has been renamed over the artifact since (Linux).
    #[test]
    fn runtime_path_names_the_verified_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("x.bin"), b"hello").unwrap();
        let mut m = Manifest::default();
        m.upsert(entry("x.bin", b"hello"));
        let f = m.open_verified(dir.path(), "x", 1, Verify::Full).unwrap();
        std::fs::write(dir.path().join("y.bin"), b"evil!").unwrap();
        std::fs::rename(dir.path().join("y.bin"), dir.path().join("x.bin")).unwrap();
        let read = std::fs::read(f.runtime_path()).unwrap();
        if cfg!(target_os = "linux") {
            assert_eq!(read, b"hello", "{}", f.runtime_path().display());
        } else {
            assert_eq!(f.runtime_path(), dir.path().join("x.bin"));
        }
    }

    /// Files over one hashing chunk: the chunked hash is the file's sha256, a
    /// change in a later chunk is caught, and the bytes read after the pages
    /// were handed back are still the file's.
    #[test]
    fn chunked_verification_of_a_multi_chunk_file() {
        let dir = tempfile::tempdir().unwrap();
        let bytes: Vec<u8> = (0..(3 << 20) + 123).map(|i: u32| (i.wrapping_mul(2_654_435_761) >> 24) as u8).collect();
        std::fs::write(dir.path().join("big.bin"), &bytes).unwrap();
        let mut m = Manifest::default();
        m.upsert(entry("big.bin", &bytes));
        let f = m.open_verified(dir.path(), "x", 1, Verify::Full).unwrap();
        assert_eq!(sha256_of_map(&f.map), sha256_hex(&bytes));
        assert!(f.bytes() == &bytes[..]);
        let mut changed = bytes.clone();
        changed[(2 << 20) + 7] ^= 1;
        std::fs::write(dir.path().join("big.bin"), &changed).unwrap();
        assert!(matches!(m.open_verified(dir.path(), "x", 1, Verify::Full), Err(Error::ModelChecksum { .. })));
    }

    #[test]
    fn rejects_bad_manifests() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(Manifest::load(dir.path()), Err(Error::ModelMissing(_))));
        std::fs::write(dir.path().join(MANIFEST_FILE), b"{not json").unwrap();
        assert!(matches!(Manifest::load(dir.path()), Err(Error::ModelCorrupt { .. })));
        std::fs::write(dir.path().join(MANIFEST_FILE), br#"{"format":7,"artifacts":[]}"#).unwrap();
        assert!(matches!(Manifest::load(dir.path()), Err(Error::ModelVersion { .. })));
        let mut m = Manifest::default();
        m.upsert(entry("../etc/passwd", b"x"));
        m.save(dir.path()).unwrap();
        assert!(matches!(Manifest::load(dir.path()), Err(Error::ModelCorrupt { .. })));
    }
}
