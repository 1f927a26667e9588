//! `dualrec-train llm-regimes`: where does the LLM earn its cost? For each
//! regime (all viewers; new viewers whose device knows only their last 1, 3
//! or 5 watches, PROTOCOL.md "New viewers") the weight of the LLM's picks is
//! fitted on validation targets of a seeded user sample, against the engine
//! without the LLM; then the engine with that weight is compared with the
//! engine without it on test targets, paired per user.
//!
//! A regime is routed to the LLM (`fusion.json`'s `llm_routes`, which
//! `STAGE_AUTO` follows) only when its fitted weight is above 0 and the
//! validation gain's 95% paired interval lies above 0. Where the fitted
//! weight is 0 the engine with the LLM is the engine without it (the picks
//! add nothing and `STAGE_AUTO` does not run it): its test numbers are then
//! computed for every test viewer, exactly, without calling the LLM.

use std::collections::BTreeMap;

use anyhow::{bail, Result};
use dualrec::engine::{Engine, EngineOptions};
use dualrec::pipeline::fusion::learned::{LearnedFusion, LlmRoute, FUSION_ARTIFACT, FUSION_FILE, FUSION_VERSION};
use dualrec::types::{STAGE_ALL, STAGE_SEMANTIC, STAGE_SEQUENTIAL};

use crate::artifacts::{write_artifact, Provenance};
use crate::data::Dataset;
use crate::protocol::{self, rank_with_head, Case, Evaluated, Target};

#[derive(clap::Args)]
pub struct LlmRegimesArgs {
    #[command(flatten)]
    pub paths: crate::data::ToolPaths,
    /// Validation viewers the LLM runs for, per regime (the weight is fitted on them).
    #[arg(long, default_value_t = 500)]
    pub valid_users: usize,
    /// Test viewers the LLM runs for in a regime whose fitted weight is above 0 (PROTOCOL.md's sample).
    #[arg(long, default_value_t = 500)]
    pub test_users: usize,
    #[arg(long, default_value_t = 20_260_702)]
    pub valid_seed: u64,
    #[arg(long, default_value_t = 20_260_701)]
    pub test_seed: u64,
    /// Regimes: history cut to the last N watches (0 = the whole history).
    #[arg(long, value_delimiter = ',', default_value = "0,1,3,5")]
    pub cuts: Vec<usize>,
    #[arg(long, default_value_t = 2)]
    pub workers: usize,
    /// Write the routes into the model directory's fusion.json (and manifest).
    #[arg(long)]
    pub write_routes: bool,
}

/// Weights of the LLM's picks tried on validation (0 = without the LLM).
fn grid() -> Vec<f32> {
    (0..=60).map(|i| i as f32 * 0.05).collect()
}

fn regime_name(cut: usize) -> String {
    if cut == 0 { "all viewers".into() } else { format!("new viewers: last {cut} watch{}", if cut == 1 { "" } else { "es" }) }
}

fn ndcg10(rank: usize) -> f64 {
    if rank <= 10 { 1.0 / ((rank as f64) + 1.0).log2() } else { 0.0 }
}

fn cut(h: &[u32], n: usize) -> &[u32] {
    if n == 0 { h } else { &h[h.len().saturating_sub(n)..] }
}

struct Engines {
    plain: Engine,
    llm: Engine,
    /// The weight fusion.json gives the picks (taken out before re-weighting).
    w0: f32,
}

impl Engines {
    /// Rank of the target without the LLM (the engine under STAGE_AUTO without routes).
    fn without(&self, h: &[u32], target: u32, candidate: &[bool], excluded: &mut [bool]) -> Result<usize> {
        let t = self.plain.trace(h, 10)?;
        if !t.warnings.is_empty() {
            bail!("{}", t.warnings.join("; "));
        }
        let head: Vec<u32> = t.fused.iter().map(|x| x.0).collect();
        h.iter().for_each(|&i| excluded[i as usize] = true);
        let r = rank_with_head(&head, &t.scores, candidate, excluded, target);
        h.iter().for_each(|&i| excluded[i as usize] = false);
        Ok(r)
    }

    /// Rank of the target with the LLM's picks weighted by each of `weights`.
    fn with(&self, h: &[u32], target: u32, weights: &[f32], candidate: &[bool], excluded: &mut [bool]) -> Result<Vec<usize>> {
        let t = self.llm.trace(h, 10)?;
        if !t.warnings.is_empty() {
            bail!("{}", t.warnings.join("; "));
        }
        h.iter().for_each(|&i| excluded[i as usize] = true);
        let out = weights
            .iter()
            .map(|&v| {
                let mut pool: Vec<(u32, f32)> = t.fused.iter().map(|&(i, s)| (i, if t.llm.contains(&i) { s - self.w0 + v } else { s })).collect();
                pool.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
                let head: Vec<u32> = pool.iter().map(|x| x.0).collect();
                rank_with_head(&head, &t.scores, candidate, excluded, target)
            })
            .collect();
        h.iter().for_each(|&i| excluded[i as usize] = false);
        Ok(out)
    }
}

/// Mean, and the 95% paired bootstrap interval of the mean difference.
fn paired(with: &[f64], without: &[f64]) -> (f64, f64, f64, [f64; 2]) {
    let d: Vec<f64> = with.iter().zip(without).map(|(a, b)| a - b).collect();
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len().max(1) as f64;
    (mean(with), mean(without), mean(&d), protocol::bootstrap_ci(&d, protocol::BOOTSTRAP_SEED))
}

pub fn run(a: LlmRegimesArgs) -> Result<()> {
    let ds = Dataset::load(&a.paths.data)?;
    let split = ds.split();
    let candidate = protocol::candidates(&split, ds.catalog.len());
    let n = ds.catalog.len();
    let open = |stages| Engine::open(&EngineOptions { model_dir: a.paths.models.clone(), n_threads: 1, stages, ..Default::default() });
    let plain = open(STAGE_SEQUENTIAL | STAGE_SEMANTIC)?;
    let llm = open(STAGE_ALL)?;
    let Some(fusion) = llm.learned_fusion().cloned() else { bail!("{}: the regimes are fitted over the learned fusion (fusion.json)", a.paths.models.display()) };
    let models = ["lstm", "transitions", "catalog-emb", "collab", "fusion", "lm", "sbert-int8"];
    let fitted_on = protocol::fitted_on(llm.manifest(), &ds, &models, Evaluated::LeaveOneOut)?;
    let model_sha256: BTreeMap<String, String> = models.iter().filter_map(|m| llm.manifest().get(m)).map(|e| (e.file.clone(), e.sha256.clone())).collect();
    let engines = Engines { plain, llm, w0: fusion.language };
    let valid = protocol::cases(&split, Target::Valid);
    let test = protocol::cases(&split, Target::Test);
    let weights = grid();

    let mut regimes = Vec::new();
    let mut routes = Vec::new();
    for &c in &a.cuts {
        let name = regime_name(c);
        // Validation: the sample's ranks without the LLM and at every weight.
        let chosen = protocol::sample(valid.len(), a.valid_users, a.valid_seed);
        let bar = protocol::progress(chosen.len(), format!("valid {c}"));
        let rows = protocol::in_chunks(&chosen, a.workers, |_, part: &[usize]| -> Result<Vec<(usize, Vec<usize>)>> {
            let mut excluded = vec![false; n];
            let mut out = Vec::new();
            for &i in part {
                let case: &Case = &valid[i];
                let h = cut(&case.history, c);
                out.push((engines.without(h, case.target, &candidate, &mut excluded)?, engines.with(h, case.target, &weights[1..], &candidate, &mut excluded)?));
                bar.inc(1);
            }
            Ok(out)
        })?;
        bar.finish();
        let rows: Vec<(usize, Vec<usize>)> = rows.into_iter().flatten().collect();
        let base: Vec<f64> = rows.iter().map(|r| ndcg10(r.0)).collect();
        let mut curve = vec![(0.0f32, base.iter().sum::<f64>() / base.len().max(1) as f64)];
        let (mut best_k, mut best_q) = (None, curve[0].1);
        for (k, &v) in weights[1..].iter().enumerate() {
            let q = rows.iter().map(|r| ndcg10(r.1[k])).sum::<f64>() / rows.len().max(1) as f64;
            curve.push((v, q));
            // Strictly better only: ties keep the engine without the LLM.
            if q > best_q + 1e-12 {
                (best_k, best_q) = (Some(k), q);
            }
        }
        let weight = best_k.map_or(0.0, |k| weights[1 + k]);
        let valid_with: Vec<f64> = match best_k {
            Some(k) => rows.iter().map(|r| ndcg10(r.1[k])).collect(),
            None => base.clone(),
        };
        let (_, _, vd, vci) = paired(&valid_with, &base);
        let routed = weight > 0.0 && vci[0] > 0.0;
        tracing::info!(regime = %name, weight, valid_delta = vd, ?vci, routed, "fitted on validation");

        // Test: where the weight is 0 the engine with the LLM is the engine without it, for every viewer.
        let (test_idx, llm_on_test): (Vec<usize>, bool) =
            if weight > 0.0 { (protocol::sample(test.len(), a.test_users, a.test_seed), true) } else { ((0..test.len()).collect(), false) };
        let bar = protocol::progress(test_idx.len(), format!("test {c}"));
        let ranks = protocol::in_chunks(&test_idx, a.workers, |_, part: &[usize]| -> Result<Vec<(usize, usize)>> {
            let mut excluded = vec![false; n];
            let mut out = Vec::new();
            for &i in part {
                let case = &test[i];
                let h = cut(&case.history, c);
                let r0 = engines.without(h, case.target, &candidate, &mut excluded)?;
                let r1 = if llm_on_test { engines.with(h, case.target, &[weight], &candidate, &mut excluded)?[0] } else { r0 };
                out.push((r1, r0));
                bar.inc(1);
            }
            Ok(out)
        })?;
        bar.finish();
        let ranks: Vec<(usize, usize)> = ranks.into_iter().flatten().collect();
        let with: Vec<f64> = ranks.iter().map(|r| ndcg10(r.0)).collect();
        let without: Vec<f64> = ranks.iter().map(|r| ndcg10(r.1)).collect();
        let (mw, mwo, d, ci) = paired(&with, &without);
        let hr = |f: fn(&(usize, usize)) -> usize| ranks.iter().filter(|r| f(r) <= 10).count() as f64 / ranks.len().max(1) as f64;
        if routed {
            routes.push(LlmRoute { max_history: (c > 0).then_some(c as u32), language: weight });
        }
        regimes.push(serde_json::json!({
            "name": name, "history_cut": c, "users": ranks.len(),
            "ndcg10_with": mw, "ndcg10_without": mwo, "delta_ndcg10": d, "ci95": ci,
            "hr10_with": hr(|r| r.0), "hr10_without": hr(|r| r.1),
            "language_weight": weight, "routed": routed,
            "test_users": if llm_on_test { format!("seeded sample (seed {}), the LLM run for each", a.test_seed) } else { "every test viewer; fitted weight 0, so with = without exactly (no LLM call changes the list)".to_string() },
            "validation": {"users": rows.len(), "seed": a.valid_seed, "ndcg10_without": curve[0].1, "ndcg10_with": best_q, "delta_ndcg10": vd, "ci95": vci,
                           "curve": curve.iter().map(|(v, q)| serde_json::json!([v, q])).collect::<Vec<_>>()},
        }));
    }
    let report = serde_json::json!({
        "dataset": ds.name, "data_sha256": ds.fingerprint, "protocol": "loo-full (new viewers: PROTOCOL.md, history cut at validation and at test)",
        "candidates": candidate.iter().filter(|&&c| c).count(),
        "method": "with = the engine's learned fusion plus the LLM's 3 picks (catalogue trie, the LSTM's best 20) at the weight fitted on validation for the regime; without = the same engine without the LLM (stages sequential + semantic). Paired per user; 95% bootstrap CIs (1,000 resamples, seed 20260701).",
        "route_rule": "a regime is routed to the LLM when its fitted weight is above 0 and the validation gain's 95% paired CI lies above 0",
        "regimes": regimes,
        "not_measured": [{"name": "new titles", "why": "measured elsewhere: new titles need models built without them; `dualrec-train eval-cold --llm-users` runs the LLM on a cold split's users (docs/results.md sections 4 and 5)"}],
        "routes": routes.iter().map(|r| serde_json::json!({"max_history": r.max_history, "language": r.language})).collect::<Vec<_>>(),
        "fitted_on": fitted_on, "model_sha256": model_sha256,
    });
    std::fs::create_dir_all(&a.paths.out)?;
    std::fs::write(a.paths.out.join("llm-regimes.json"), serde_json::to_string_pretty(&report)? + "\n")?;
    let mut md = format!(
        "# Where the LLM helps: regimes ({})\n\nWritten by `dualrec-train llm-regimes`. {}\n\n{}\n\n\
         | regime | test users | NDCG@10 with | without | Δ (95% CI) | HR@10 with / without | weight (validation) | validation Δ (95% CI) | routed |\n|---|---|---|---|---|---|---|---|---|\n",
        ds.name, report["method"].as_str().unwrap_or_default(), report["route_rule"].as_str().unwrap_or_default()
    );
    for r in report["regimes"].as_array().expect("array") {
        let f = |v: &serde_json::Value| v.as_f64().unwrap_or(f64::NAN);
        md += &format!(
            "| {} | {} | {:.4} | {:.4} | {:+.4} ({:+.4}, {:+.4}) | {:.4} / {:.4} | {:.2} | {:+.4} ({:+.4}, {:+.4}) | {} |\n",
            r["name"].as_str().unwrap_or_default(), r["users"], f(&r["ndcg10_with"]), f(&r["ndcg10_without"]), f(&r["delta_ndcg10"]),
            f(&r["ci95"][0]), f(&r["ci95"][1]), f(&r["hr10_with"]), f(&r["hr10_without"]), f(&r["language_weight"]),
            f(&r["validation"]["delta_ndcg10"]), f(&r["validation"]["ci95"][0]), f(&r["validation"]["ci95"][1]),
            if r["routed"].as_bool() == Some(true) { "yes" } else { "no" }
        );
    }
    md += "\nNew titles: measured elsewhere — they need models built without them; `dualrec-train eval-cold --llm-users` runs the LLM on a cold split's users (docs/results.md sections 4 and 5).\n";
    std::fs::write(a.paths.out.join("llm-regimes.md"), md)?;
    if a.write_routes {
        if routes.is_empty() && fusion.llm_routes.is_empty() {
            println!("no regime earned the LLM a route: {}/{FUSION_FILE} left as it is", a.paths.models.display());
        } else {
            write_routes(&a, &ds, &fusion, routes, &report)?;
        }
    }
    println!("report written to {}", a.paths.out.display());
    Ok(())
}

/// fusion.json with `routes` (the other weights unchanged), its fit record kept.
fn write_routes(a: &LlmRegimesArgs, ds: &Dataset, fusion: &LearnedFusion, routes: Vec<LlmRoute>, report: &serde_json::Value) -> Result<()> {
    let old: serde_json::Value = serde_json::from_slice(&std::fs::read(a.paths.models.join(FUSION_FILE))?)?;
    let mut fit = old["fit"].clone();
    fit["llm_routes"] = serde_json::json!({"by": "dualrec-train llm-regimes", "rule": report["route_rule"], "regimes": report["regimes"].as_array().map(|r| r.iter().map(|x| serde_json::json!({"name": x["name"], "validation": x["validation"], "weight": x["language_weight"], "routed": x["routed"]})).collect::<Vec<_>>())});
    let w = LearnedFusion { llm_routes: routes, ..fusion.clone() };
    let manifest = dualrec::model_dir::manifest::Manifest::load(&a.paths.models)?;
    let entry = manifest.get(FUSION_ARTIFACT).cloned();
    write_artifact(
        &a.paths.models,
        FUSION_ARTIFACT,
        FUSION_FILE,
        FUSION_VERSION,
        &w.to_bytes(fit),
        Provenance {
            source: entry.as_ref().map_or("", |e| e.source.as_str()),
            licence: entry.as_ref().map_or("Apache-2.0 (weights)", |e| e.licence.as_str()),
            data_sha256: Some(&ds.fingerprint),
            config: serde_json::json!({"weights": serde_json::to_value(&w)?, "llm_routes_by": "dualrec-train llm-regimes"}),
        },
    )?;
    println!("wrote {} routes into {}/{FUSION_FILE}", w.llm_routes.len(), a.paths.models.display());
    Ok(())
}
