//! Embeds phrases with a model directory's Sentence-BERT (int8, as the
//! request reader does) and writes them as little-endian f32 rows:
//! `<out>.f32` (rows × 384) beside the input's lines. For one-off analyses
//! of how phrases relate (docs/eval/genre-exemplars/).
//!
//! cargo run --release -p dualrec-train --example embed_phrases -- <models> <phrases.txt> <out.f32>

use anyhow::{Context, Result};
use dualrec::model_dir::{manifest::Verify, ModelDir};
use dualrec::stages::semantic::{Encoder, Precision};

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let [_, models, phrases, out] = args.as_slice() else { anyhow::bail!("usage: embed_phrases <models> <phrases.txt> <out.f32>") };
    let dir = ModelDir::open(std::path::Path::new(models), Verify::Full)?;
    let enc = Encoder::open(&dir, 2, Precision::Int8, None)?;
    let text = std::fs::read_to_string(phrases).with_context(|| format!("reading {phrases}"))?;
    let lines: Vec<&str> = text.lines().collect();
    let mut bytes = Vec::new();
    for chunk in lines.chunks(32) {
        for row in enc.embed(chunk)? {
            row.iter().for_each(|x| bytes.extend_from_slice(&x.to_le_bytes()));
        }
    }
    std::fs::write(out, bytes).with_context(|| format!("writing {out}"))?;
    Ok(())
}
