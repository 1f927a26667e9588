//! The LLM's GGUF is memory-mapped and its pages handed back (Linux): after
//! the load and after a call, only a few of the mapping's pages are
//! resident (the token embedding rows the call read), not the 77 MB file.
//! Its own test binary: another test loading the GGUF in this process would
//! populate the mapping while this one measures.

#![cfg(target_os = "linux")]

use std::path::Path;

use dualrec::model_dir::manifest::Verify;
use dualrec::model_dir::ModelDir;
use dualrec::stages::language::{Language, ReaderAdapters};

/// KiB resident in this process's mappings of `file` (smaps' Rss).
fn mapped_kib(file: &Path) -> (usize, u64) {
    let want = std::fs::canonicalize(file).unwrap();
    let smaps = std::fs::read_to_string("/proc/self/smaps").unwrap();
    let (mut maps, mut kib, mut inside) = (0, 0, false);
    for line in smaps.lines() {
        let head = line.split_ascii_whitespace().next().unwrap_or("");
        if head.contains('-') && !head.ends_with(':') {
            inside = line.split_ascii_whitespace().nth(5).is_some_and(|p| Path::new(p) == want);
            maps += usize::from(inside);
        } else if let (true, Some(rss)) = (inside, line.strip_prefix("Rss:")) {
            kib += rss.split_ascii_whitespace().next().unwrap().parse::<u64>().unwrap();
        }
    }
    (maps, kib)
}

#[test]
fn the_gguf_is_mapped_and_its_pages_handed_back() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("models");
    let md = ModelDir::open(&dir, Verify::SizeOnly).unwrap_or_else(|e| panic!("{e} (run scripts/dev/models.sh first)"));
    let catalog = md.catalog().unwrap();
    let gguf = dir.join("lm.gguf");
    let size_kib = std::fs::metadata(&gguf).unwrap().len() / 1024;
    let titles = ReaderAdapters { genres: Some((&dir.join("lm-reader-lora.gguf"), 1)), titles: Some(&dir.join("lm-reader-titles-lora.gguf")) };
    let lang = Language::load_with_reader(&gguf, titles, &catalog, 1, 0).unwrap();
    let (maps, loaded) = mapped_kib(&gguf);
    assert!(maps >= 1, "llama.cpp maps the GGUF");
    assert!(loaded < size_kib / 20, "after the load {loaded} KiB of the {size_kib} KiB file stay resident");
    let read = lang.read_title("we just finished Ghostbusters, find us another one").unwrap();
    assert!(read.title.is_some_and(|m| catalog.movie(m).title.contains("Ghostbusters")), "the mapped model reads as before");
    let (_, after) = mapped_kib(&gguf);
    assert!(after < size_kib / 20, "after a call {after} KiB stay resident");
}
