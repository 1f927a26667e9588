//! The int8 Sentence-BERT run by the library against ONNX Runtime on the
//! same file, in one process: the embeddings' agreement (with each other and
//! with the fp32 model) and the time per call, alternating the two.
//! docs/performance.md ("Memory: the encoder run by the library").
//!
//! cargo run --release -p dualrec-train --example encoder_speed -- <models> [threads]

use std::time::Instant;

use anyhow::{Context, Result};
use dualrec::model_dir::{manifest::Verify, ModelDir};
use dualrec::stages::semantic::encoder::{dot, Encoder, Runner};
use dualrec::stages::semantic::{catalog_text, Precision};

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let models = args.get(1).context("usage: encoder_speed <models> [threads]")?;
    let threads: usize = args.get(2).map_or(Ok(1), |t| t.parse()).context("threads: a number")?;
    let md = ModelDir::open(std::path::Path::new(models), Verify::Full)?;
    let cat = md.catalog()?;
    let titles: Vec<String> = cat.movies().iter().take(400).map(catalog_text).collect();
    let mut texts = titles.clone();
    for set in dualrec::pipeline::written_requests::ALL_SETS {
        texts.extend(set.iter().map(|w| w.0.to_string()));
    }
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let ort = Encoder::open_with(&md, threads, Precision::Int8, None, Runner::OnnxRuntime)?;
    let native = Encoder::open_with(&md, threads, Precision::Int8, None, Runner::Default)?;
    let fp32 = Encoder::open(&md, threads, Precision::Fp32, None)?.embed(&refs)?;
    let (a, b) = (ort.embed(&refs)?, native.embed(&refs)?);
    let worst = a.iter().zip(&b).map(|(x, y)| dot(x, y)).fold(1f32, f32::min);
    let mean = |v: &[Vec<f32>]| v.iter().zip(&fp32).map(|(x, f)| dot(x, f) as f64).sum::<f64>() / v.len() as f64;
    println!("{} texts ({} catalogue titles, the rest written requests), {threads} thread(s)", refs.len(), titles.len());
    println!("min cosine, the library's run against ONNX Runtime's: {worst:.6}");
    println!("mean cosine to the fp32 model: ONNX Runtime {:.6}, the library {:.6}", mean(&a), mean(&b));
    let request = "a story about a family dealing with their father's illness";
    let title_refs: Vec<&str> = titles.iter().map(String::as_str).collect();
    for round in 1..=2 {
        for (name, e) in [("ONNX Runtime", &ort), ("library", &native)] {
            let t = Instant::now();
            for _ in 0..50 {
                e.embed(&[request])?;
            }
            let req = t.elapsed().as_secs_f64() * 1e3 / 50.0;
            let t = Instant::now();
            for title in title_refs.iter().take(100) {
                e.embed(&[title])?;
            }
            let one = t.elapsed().as_secs_f64() * 1e3 / 100.0;
            let t = Instant::now();
            e.embed(&title_refs)?;
            let batch = t.elapsed().as_secs_f64() * 1e3 / title_refs.len() as f64;
            println!("round {round} {name:12}: the request {req:.2} ms; a title alone {one:.2} ms; titles in batches of 32 {batch:.2} ms each");
        }
    }
    Ok(())
}
