//! The evaluations, each a subcommand that writes its report into
//! `docs/eval/`: `eval` (here: leave-one-out full ranking of single
//! methods), `eval-pipeline`, `eval-free-text` and `ground-eval`; the report
//! format (`report`), free-text grounding (`grounding`) and what speech
//! recognition writes (`spoken`) they share.

pub mod cold;
pub mod free_text;
pub mod ground;
pub mod grounding;
pub mod pipeline;
pub mod query;
pub mod report;
pub mod request_frames;
pub mod spoken;

use std::collections::BTreeMap;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use dualrec::stages::sequential::LSTM_ARTIFACT;

use crate::artifacts::{check_catalog, load_dataset, open_sequential};
use crate::protocol;

/// `dualrec-train eval`: leave-one-out full-ranking evaluation; writes <out>/<dataset>.{json,md,svg}.
pub fn run(data: &std::path::Path, models: &std::path::Path, methods: &str, out: &std::path::Path, valid: bool, all_candidates: bool, window: Option<u32>) -> Result<()> {
    let history_window = window.unwrap_or(dualrec::EngineOptions::default().history_window);
    let ds = load_dataset(data)?;
    check_catalog(&ds, models)?;
    let split = ds.split();
    let engine = dualrec::Engine::open(&dualrec::EngineOptions { model_dir: models.to_path_buf(), history_window, ..Default::default() })?;
    let n = ds.catalog.len();
    let target = if valid { protocol::Target::Valid } else { protocol::Target::Test };
    let cases = protocol::cases(&split, target);
    let candidate = if all_candidates { vec![true; n] } else { protocol::candidates(&split, n) };
    let threads = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    let (mut results, mut all_ranks) = (Vec::new(), Vec::new());
    for method in methods.split(',').map(str::trim).filter(|m| !m.is_empty()) {
        let artifact = match method {
            "popularity" | "transitions" => "transitions",
            "lstm-int8" => dualrec::stages::sequential::LSTM_ARTIFACT,
            "lstm-fp32" => "lstm-fp32",
            "lstm-fused" | "lstm-fused-no-semantic" => dualrec::pipeline::fusion::learned::FUSION_ARTIFACT,
            other => bail!("unknown method {other:?}"),
        };
        // Every model the method runs, and the split each was fitted on (refused if it holds the targets).
        let uses: &[&str] = match method {
            "lstm-fused" => &["lstm", "transitions", "catalog-emb", dualrec::stages::collab::COLLAB_ARTIFACT, "fusion"],
            "lstm-fused-no-semantic" => &["lstm", "transitions", dualrec::stages::collab::COLLAB_ARTIFACT, "fusion"],
            _ => std::slice::from_ref(&artifact),
        };
        let fitted_on = protocol::fitted_on(engine.manifest(), &ds, uses, protocol::Evaluated::LeaveOneOut).with_context(|| format!("method {method}, models in {}", models.display()))?;
        let art = engine.manifest().get(artifact).context("manifest entry")?;
        let mut shas = BTreeMap::from([(art.file.clone(), art.sha256.clone())]);
        if method.starts_with("lstm-fused") {
            // Weights fitted on other models (e.g. collab.bin refitted after the fusion) are not evaluated.
            let stale = dualrec::pipeline::fusion::learned::LearnedFusion::stale_inputs(engine.model_dir())?;
            if !stale.is_empty() {
                bail!("method {method}: fusion.json was fitted on other versions of {}; run `dualrec-train fusion-fit` (or `build`) again", stale.join(", "));
            }
            for name in [dualrec::stages::sequential::LSTM_ARTIFACT, "transitions", "catalog-emb"] {
                let e = engine.manifest().get(name).context("manifest entry")?;
                shas.insert(e.file.clone(), e.sha256.clone());
            }
            if let Some(e) = engine.manifest().get(dualrec::stages::collab::COLLAB_ARTIFACT) {
                shas.insert(e.file.clone(), e.sha256.clone());
            }
        }
        let bar = protocol::progress(cases.len(), method.to_string());
        let started = Instant::now();
        let window = engine.options().history_window as usize;
        let tr = engine.transitions();
        let ranks = match method {
            "popularity" => protocol::ranks(&cases, &candidate, n, threads, &bar, |_, s| {
                tr.score_popularity(s);
                Ok(())
            })?,
            // The engine's own pipeline with the learned rule and no LLM; its
            // re-scored pool first, then the LSTM ranking.
            "lstm-fused" | "lstm-fused-no-semantic" => {
                let semantic = if method == "lstm-fused" { dualrec::types::STAGE_SEMANTIC } else { 0 };
                let fused = dualrec::Engine::open(&dualrec::EngineOptions {
                    model_dir: models.to_path_buf(),
                    n_threads: 1,
                    stages: dualrec::types::STAGE_SEQUENTIAL | semantic,
                    fusion: dualrec::pipeline::fusion::FusionRule::Learned,
                    history_window,
                    ..Default::default()
                })?;
                protocol::ranks_with_head(&cases, &candidate, n, threads, &bar, |h| {
                    let t = fused.trace(h, 10)?;
                    let head = t.fused.iter().map(|x| x.0).collect();
                    Ok((head, t.scores))
                })?
            }
            // Through the SDK's sequential module: the shipped ONNX graph, run as the engine runs it.
            "lstm-fp32" | "lstm-int8" => {
                let seq = open_sequential(engine.manifest(), models, artifact, n)?;
                protocol::ranks(&cases, &candidate, n, threads, &bar, |h, s| Ok(seq.score(&h[h.len().saturating_sub(window)..], s)?))?
            }
            _ => protocol::ranks(&cases, &candidate, n, threads, &bar, |h, s| {
                tr.score(&h[h.len().saturating_sub(window)..], s);
                Ok(())
            })?,
        };
        bar.finish();
        let note = if method == "lstm-fused" {
            Some("the engine's learned fusion without the LLM (stages sequential + semantic): the LSTM's best 50 re-scored with transition evidence from the last 3 watches, SBERT similarity to recent watches and the collaborative (EASE) weights of the whole history (models/collab.bin), weights fitted on validation targets (docs/eval/fusion-fit.md); scored through the SDK".to_string())
        } else if method == "lstm-fused-no-semantic" {
            Some("as lstm-fused with the sequential stage alone (a weak device's setting): the same weights, the similarity term left out".to_string())
        } else if method == "lstm-int8" {
            let o = int8_overlap(engine.manifest(), models, &cases, n, window, 500)?;
            Some(format!("int8 vs fp32 top-10 overlap {o:.4} (500 users, seeded sample, seed {}); scored through the SDK (its own LSTM kernels)", protocol::BOOTSTRAP_SEED))
        } else {
            None
        };
        let mut r = report::summarize(method, &ranks, started, shas, note);
        r.fitted_on = fitted_on;
        tracing::info!(method, hr10 = r.metrics["HR@10"], ndcg10 = r.metrics["NDCG@10"], "evaluated");
        results.push(r);
        all_ranks.push(ranks);
    }
    report::attach_paired(&mut results, &all_ranks);
    let report = report::Report {
        dataset: format!("{}{}{}{}", ds.name, if valid { "-valid" } else { "" }, if all_candidates { "-all-candidates" } else { "" }, window.map(|w| format!("-window{w}")).unwrap_or_default()),
        data_sha256: ds.fingerprint.clone(),
        protocol: "loo-full".into(),
        candidates: candidate.iter().filter(|&&c| c).count(),
        methods: results,
    };
    report::write_report(out, report)?;
    println!("report written to {}", out.display());
    Ok(())
}

/// Mean top-10 overlap between the int8 and fp32 graphs on a seeded sample
/// of `users` evaluation cases (history excluded, as in the ranking).
pub fn int8_overlap(manifest: &dualrec::model_dir::manifest::Manifest, models: &std::path::Path, cases: &[crate::protocol::Case], n: usize, window: usize, users: usize) -> Result<f64> {
    let a = open_sequential(manifest, models, LSTM_ARTIFACT, n)?;
    let b = open_sequential(manifest, models, "lstm-fp32", n)?;
    let mut rng = crate::rng::SplitMix(crate::protocol::BOOTSTRAP_SEED);
    let mut idx: Vec<usize> = (0..cases.len()).collect();
    for i in (1..idx.len()).rev() {
        idx.swap(i, rng.below(i + 1));
    }
    let (mut sa, mut sb) = (vec![0f32; n], vec![0f32; n]);
    let mut excluded = vec![false; n];
    let mut total = 0.0;
    let take = users.min(cases.len());
    for &i in &idx[..take] {
        let h = &cases[i].history;
        let w = &h[h.len().saturating_sub(window)..];
        a.score(w, &mut sa)?;
        b.score(w, &mut sb)?;
        h.iter().for_each(|&j| excluded[j as usize] = true);
        let ta: Vec<u32> = dualrec::pipeline::shortlist::top_k(&sa, &excluded, 10).into_iter().map(|x| x.0).collect();
        let tb: Vec<u32> = dualrec::pipeline::shortlist::top_k(&sb, &excluded, 10).into_iter().map(|x| x.0).collect();
        h.iter().for_each(|&j| excluded[j as usize] = false);
        total += ta.iter().filter(|x| tb.contains(x)).count() as f64 / 10.0;
    }
    Ok(total / take.max(1) as f64)
}
