//! Export parity: a tiny LSTM trained here on a synthetic catalogue and 600
//! synthetic users, exported to ONNX and run through the SDK's sequential
//! module (its own kernels, and ONNX Runtime as the reference). Needs the ONNX Runtime library
//! ($DUALREC_ONNXRUNTIME or runtime/, see scripts/dev/setup.sh); no dataset.

use std::path::Path;

use candle_core::Device;
use candle_nn::optim::{AdamW, Optimizer, ParamsAdamW};
use dualrec::model_dir::catalog::Catalog;
use dualrec::stages::sequential::{Runner, Sequential};

use super::export::{to_onnx, Weights};
use super::model::{Config, ItemFeatures, Model};
use crate::rng::SplitMix;

const N: usize = 60;
const USERS: usize = 600;

fn catalog() -> Catalog {
    let genres = ["Action", "Comedy", "Drama", "Horror", "Romance"];
    let words = ["star", "night", "love", "dark", "city", "blue", "war", "dream"];
    let mut s = String::new();
    for i in 0..N {
        s += &format!(
            "{}::{} {} {} ({})::{}|{}\n",
            i * 3 + 1,
            words[i % 8],
            words[(i / 8) % 8],
            i,
            1950 + i,
            genres[i % 5],
            genres[(i / 5) % 5]
        );
    }
    Catalog::parse_movies_dat(s.as_bytes()).unwrap()
}

/// Users walk the catalogue mostly in steps of +1 or +2 (a learnable order).
fn sequences() -> Vec<Vec<u32>> {
    let mut rng = SplitMix(7);
    (0..USERS)
        .map(|_| {
            let len = 5 + rng.below(30);
            let mut x = rng.below(N) as u32;
            (0..len)
                .map(|_| {
                    let step = match rng.below(10) {
                        0..=5 => 1,
                        6..=8 => 2,
                        _ => rng.below(N),
                    };
                    x = (x + step as u32) % N as u32;
                    x
                })
                .collect()
        })
        .collect()
}

fn trained_model() -> Model {
    trained_with(0, 3)
}

/// `negatives` 0 is the full softmax, else sampled softmax with that many.
fn trained_with(negatives: usize, epochs: usize) -> Model {
    let cat = catalog();
    let feats = ItemFeatures::from_catalog(&cat, 2);
    let cfg = Config { n_items: N, vocab: feats.vocab.len(), n_genres: feats.n_genres, d_id: 8, d_title: 4, d_genre: 4, hidden: vec![16, 12], dropout: 0.1 };
    let dev = Device::Cpu;
    let model = Model::new(cfg, &feats, 1, &dev).unwrap();
    let vars = model.named_vars().into_iter().map(|(_, v)| v.clone()).collect();
    let mut opt = AdamW::new(vars, ParamsAdamW { lr: 1e-2, weight_decay: 0.0, ..Default::default() }).unwrap();
    let data = super::train::windows(&sequences(), 30);
    let sampler = (negatives > 0).then(|| super::train::Sampler::new(&sequences(), N, negatives, &dev).unwrap());
    let mut rng = SplitMix(3);
    for _epoch in 0..epochs {
        for chunk in data.chunks(64) {
            let batch: Vec<_> = chunk.iter().collect();
            let loss = super::train::batch_loss(&model, &batch, sampler.as_ref(), &mut rng, &dev).unwrap();
            opt.backward_step(&loss).unwrap();
        }
    }
    model
}

fn runtime() {
    dualrec::stages::onnx::ensure_runtime(None, Path::new("../models"))
        .expect("ONNX Runtime is needed for this test: run scripts/dev/setup.sh or set DUALREC_ONNXRUNTIME");
}

fn top10(s: &[f32]) -> Vec<u32> {
    dualrec::pipeline::shortlist::top_k(s, &vec![false; s.len()], 10).into_iter().map(|x| x.0).collect()
}

#[test]
fn onnx_export_matches_candle() {
    runtime();
    let model = trained_model();
    let seqs = sequences();
    // 500 users' windows of varying length (the last <= 30 items), one batched call (tests padding).
    let windows: Vec<&[u32]> = seqs.iter().take(500).map(|s| &s[s.len().saturating_sub(30)..]).collect();
    let reference: Vec<Vec<f32>> = model.score_windows(&windows).unwrap().to_vec2().unwrap();
    // The model learned something: the +1 successor is usually in the top 10.
    let hits = windows.iter().zip(&reference).filter(|(w, r)| top10(r).contains(&((w.last().unwrap() + 1) % N as u32))).count();
    assert!(hits > 300, "tiny model did not learn the synthetic order ({hits}/500)");

    let w = Weights::of(&model).unwrap();
    let fp32 = Sequential::from_bytes(&to_onnx(&w, false, "test"), N, 1, Runner::OnnxRuntime, "fp32").unwrap();
    let int8 = Sequential::from_bytes(&to_onnx(&w, true, "test"), N, 1, Runner::OnnxRuntime, "int8").unwrap();
    let mut batch = vec![0f32; windows.len() * N];
    fp32.score_batch(&windows, &mut batch).unwrap();
    let mut max_diff = 0f32;
    let mut single = vec![0f32; N];
    for (i, (w, r)) in windows.iter().zip(&reference).enumerate() {
        for (a, b) in batch[i * N..(i + 1) * N].iter().zip(r) {
            max_diff = max_diff.max((a - b).abs());
        }
        if i % 50 == 0 {
            fp32.score(w, &mut single).unwrap(); // unbatched path agrees too
            for (a, b) in single.iter().zip(r) {
                max_diff = max_diff.max((a - b).abs());
            }
        }
    }
    eprintln!("parity: learned {hits}/500, fp32 max |diff| {max_diff:e}");
    assert!(max_diff <= 1e-4, "fp32 ONNX differs from candle by {max_diff}");

    int8.score_batch(&windows, &mut batch).unwrap();
    let overlap: f64 = windows
        .iter()
        .enumerate()
        .map(|(i, _)| {
            let a = top10(&batch[i * N..(i + 1) * N]);
            top10(&reference[i]).iter().filter(|x| a.contains(x)).count() as f64 / 10.0
        })
        .sum::<f64>()
        / windows.len() as f64;
    eprintln!("parity: int8 top-10 overlap {overlap}");
    assert!(overlap >= 0.9, "int8 top-10 overlap with candle {overlap}");

    // The library's own kernels (what the engine runs): the same scores as
    // candle (fp32) and as ONNX Runtime (int8), batched over threads or not.
    let ort_int8 = batch.clone();
    for (int8, ort) in [(false, None), (true, Some(&ort_int8))] {
        let bytes = to_onnx(&w, int8, "test");
        let one = Sequential::from_bytes(&bytes, N, 1, Runner::Native, "native").unwrap();
        let two = Sequential::from_bytes(&bytes, N, 2, Runner::Native, "native").unwrap();
        let mut native = vec![0f32; windows.len() * N];
        two.score_batch(&windows, &mut native).unwrap();
        let mut max_diff = 0f32;
        for (i, w) in windows.iter().enumerate() {
            let row = &native[i * N..(i + 1) * N];
            one.score(w, &mut single).unwrap();
            assert_eq!(single.iter().map(|x| x.to_bits()).collect::<Vec<_>>(), row.iter().map(|x| x.to_bits()).collect::<Vec<_>>(), "window {i}: batched and alone differ");
            let want: &[f32] = match ort {
                Some(o) => &o[i * N..(i + 1) * N],
                None => &reference[i],
            };
            for (a, b) in row.iter().zip(want) {
                max_diff = max_diff.max((a - b).abs());
            }
        }
        eprintln!("parity: native {} max |diff| {max_diff:e} against {}", if int8 { "int8" } else { "fp32" }, if int8 { "ONNX Runtime" } else { "candle" });
        assert!(max_diff <= 1e-4, "native {} differs by {max_diff}", if int8 { "int8" } else { "fp32" });
    }
}

/// Learned successors of the last watch among the top 10, of 500 users.
fn learned(model: &Model) -> usize {
    let seqs = sequences();
    let windows: Vec<&[u32]> = seqs.iter().take(500).map(|s| &s[s.len().saturating_sub(30)..]).collect();
    let scores: Vec<Vec<f32>> = model.score_windows(&windows).unwrap().to_vec2().unwrap();
    windows.iter().zip(&scores).filter(|(w, r)| top10(r).contains(&((w.last().unwrap() + 1) % N as u32))).count()
}

/// With every title drawn once as a negative and no correction, the sampled
/// softmax is the full one (the row's own target masked among the negatives).
#[test]
fn sampled_softmax_over_the_whole_catalogue_is_the_full_softmax() {
    let cat = catalog();
    let feats = ItemFeatures::from_catalog(&cat, 2);
    let cfg = Config { n_items: N, vocab: feats.vocab.len(), n_genres: feats.n_genres, d_id: 8, d_title: 4, d_genre: 4, hidden: vec![16], dropout: 0.0 };
    let dev = Device::Cpu;
    let model = Model::new(cfg, &feats, 5, &dev).unwrap();
    let mut rng = SplitMix(9);
    let h: Vec<f32> = (0..40 * 16).map(|_| rng.uniform() * 4.0 - 2.0).collect();
    let h = candle_core::Tensor::from_vec(h, (40, 16), &dev).unwrap();
    let targets: Vec<u32> = (0..40).map(|i| (i * 7 % N) as u32).collect();
    let targets = candle_core::Tensor::new(targets.as_slice(), &dev).unwrap();
    let all: Vec<u32> = (0..N as u32).collect();
    let all = candle_core::Tensor::new(all.as_slice(), &dev).unwrap();
    let zero = candle_core::Tensor::zeros(N, candle_core::DType::F32, &dev).unwrap();
    let full = model.loss(&h, &targets).unwrap().to_scalar::<f32>().unwrap();
    let sampled = model.sampled_loss(&h, &targets, &all, &zero).unwrap().to_scalar::<f32>().unwrap();
    assert!((full - sampled).abs() < 1e-5, "full {full}, sampled over everything {sampled}");
    // With 8 of 60 negatives it is a different (smaller) loss, not the same one.
    let few = candle_core::Tensor::new(&[1u32, 2, 3, 4, 5, 6, 7, 8], &dev).unwrap();
    let part = model.sampled_loss(&h, &targets, &few, &zero).unwrap().to_scalar::<f32>().unwrap();
    assert!(part < full - 0.5, "8 negatives {part}, full {full}");
}

/// 12 negatives of 60 titles per batch learn the synthetic order nearly as
/// well as the full softmax, given more steps (after 3 epochs: 134 against 387).
#[test]
fn sampled_softmax_learns_the_order() {
    let full = learned(&trained_with(0, 10));
    let sampled = learned(&trained_with(12, 10));
    eprintln!("learned successors after 10 epochs: full softmax {full}/500, sampled (12 of {N}) {sampled}/500");
    assert!(sampled > 400 && sampled + 50 > full, "sampled softmax did not learn the synthetic order ({sampled}/500, full {full}/500)");
}

#[test]
fn sdk_refuses_wrong_graphs() {
    runtime();
    let model = trained_model();
    let bytes = to_onnx(&Weights::of(&model).unwrap(), true, "test");
    // Output width must equal the catalogue size.
    for runner in [Runner::Native, Runner::OnnxRuntime] {
        let e = Sequential::from_bytes(&bytes, N + 1, 1, runner, "w").unwrap_err();
        assert!(matches!(e, dualrec::Error::ModelCorrupt { .. }), "{runner:?}: {e}");
        // Truncated and garbage bytes are clear errors, not crashes.
        for bad in [&bytes[..bytes.len() / 2], &b"not an onnx model"[..], &bytes[..10]] {
            let e = Sequential::from_bytes(bad, N, 1, runner, "bad").unwrap_err();
            assert!(matches!(e, dualrec::Error::ModelCorrupt { .. }), "{runner:?}: {e}");
        }
        // Bad windows are refused.
        let s = Sequential::from_bytes(&bytes, N, 1, runner, "ok").unwrap();
        let mut out = vec![0f32; N];
        assert!(s.score(&[N as u32], &mut out).is_err());
        assert!(s.score(&[], &mut out).is_err());
        assert!(s.score(&[1, 2], &mut out[..5]).is_err());
    }
}
