//! Synthetic model directories for tests: a small generated catalogue and
//! transitions fitted on generated sequences (no MovieLens data involved).

#![allow(dead_code)]

use std::path::{Path, PathBuf};

pub mod native;

use dualrec::model_dir::catalog::{Catalog, Movie};
use dualrec::model_dir::manifest::{Artifact, Manifest};
use dualrec::stages::transitions::{Transitions, TRANSITIONS_VERSION};

pub const N_MOVIES: u32 = 60;
const GENRES: [&str; 4] = ["Drama", "Comedy", "Action", "Sci-Fi"];

/// Movie ids 10, 20, ..., titles "Film N", a few with trailing articles.
pub fn catalog() -> Catalog {
    let movies = (1..=N_MOVIES)
        .map(|i| Movie {
            id: i * 10,
            raw_title: if i % 7 == 0 { format!("Film {i}, The") } else { format!("Film {i}") },
            title: if i % 7 == 0 { format!("The Film {i}") } else { format!("Film {i}") },
            year: 1950 + (i % 50) as u16,
            genres: vec![GENRES[i as usize % 4].to_string()],
        })
        .collect();
    Catalog::from_movies(movies).unwrap()
}

/// Users walk the catalogue in steps of 1 or 2 (index space), so the next
/// movie after index i is i+1 most of the time.
pub fn sequences() -> Vec<Vec<u32>> {
    (0..200u32)
        .map(|u| {
            let mut i = u % N_MOVIES;
            (0..20)
                .map(|s| {
                    let cur = i;
                    i = (i + if (u + s) % 5 == 0 { 2 } else { 1 }) % N_MOVIES;
                    cur
                })
                .collect()
        })
        .collect()
}

fn entry(name: &str, file: &str, version: u32, bytes: &[u8]) -> Artifact {
    Artifact::for_bytes(name, file, version, bytes, "synthetic test fixture", "tests/common", "Apache-2.0")
}

/// Writes catalog.tsv, transitions.bin and manifest.json into `dir`.
pub fn write_model_dir(dir: &Path) -> PathBuf {
    std::fs::create_dir_all(dir).unwrap();
    let cat = catalog();
    let tsv = cat.to_tsv();
    let seqs = sequences();
    let tr = Transitions::fit(cat.len(), seqs.iter().map(Vec::as_slice), 100).to_bytes();
    std::fs::write(dir.join("catalog.tsv"), &tsv).unwrap();
    std::fs::write(dir.join("transitions.bin"), &tr).unwrap();
    let mut m = Manifest::default();
    m.upsert(entry("catalog", "catalog.tsv", 1, tsv.as_bytes()));
    m.upsert(entry("transitions", "transitions.bin", TRANSITIONS_VERSION, &tr));
    m.save(dir).unwrap();
    dir.to_path_buf()
}

/// Copies the default model directory's files into `dir` (to change one of them).
pub fn copy_default_models(dir: &Path) {
    for entry in std::fs::read_dir(default_models()).unwrap() {
        let p = entry.unwrap().path();
        if p.is_file() {
            std::fs::copy(&p, dir.join(p.file_name().unwrap())).unwrap();
        }
    }
}

/// The repository's committed default model directory.
pub fn default_models() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("models")
}

/// SplitMix64: the tests' seeded generator (kill points, workloads, orders).
pub struct SplitMix(pub u64);
impl SplitMix {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

