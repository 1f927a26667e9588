//! The learned score fusion (`models/fusion.json`, fitted on validation
//! targets by `dualrec-train fusion-fit`).

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::model_dir::ModelDir;
use crate::stages::transitions::Transitions;

pub const FUSION_ARTIFACT: &str = "fusion";
pub const FUSION_FILE: &str = "fusion.json";
/// 2: the collaborative weight (`collab`) joined; 3: the cold-title rule
/// (`cold`) joined; 4: the LLM's routes (`llm_routes`) joined; 5: the cold
/// rule's title familiarity (`cold.familiarity`) joined. Versions 2 to 4 are
/// still read (no familiarity, no routes, no cold rule: each then unused).
pub const FUSION_VERSION: u32 = 5;
/// Versions this library reads: the current one, 4 (no familiarity), 3 (no routes) and 2 (no cold rule).
const READ_VERSIONS: [u32; 4] = [FUSION_VERSION, 4, 3, 2];
/// Recent watches whose transition rows are features (lag 1 = the last watch).
pub const LAGS: usize = 3;

/// Weights of the learned score fusion. A re-scored movie `c` gets
/// `sequential score + Σ_l transition[l]·ln(P(c | l-th last watch) + eps)
///  + similarity·cos(c, centroid of the last `recent` watches)
///  + collab·Σ_{i watched} B[i, c] + language·[LLM picked c]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LearnedFusion {
    /// The sequential stage's best `pool` unwatched movies are re-scored
    /// (more when the call asks for more); the LLM's picks join them.
    pub pool: usize,
    pub eps: f32,
    pub transition: [f32; LAGS],
    pub similarity: f32,
    pub recent: usize,
    /// Weight of the EASE evidence over the whole history (`collab.bin`; 0 = not used).
    pub collab: f32,
    pub language: f32,
    /// How titles added on the device are scored; None: they are never
    /// recommended (a file fitted before the rule existed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cold: Option<ColdRule>,
    /// The viewers for whom `STAGE_AUTO` runs the LLM: the regimes where
    /// validation showed it helps (`dualrec-train eval-llm-regimes`). Empty:
    /// it helps nowhere measured, and `STAGE_AUTO` never loads it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub llm_routes: Vec<LlmRoute>,
}

/// A regime where the LLM earned its cost on validation: viewers whose
/// history has at most `max_history` watches (None: any), and the weight of
/// its picks there.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LlmRoute {
    pub max_history: Option<u32>,
    pub language: f32,
}

/// A title added on the device has no sequential, transition or
/// collaborative evidence of its own. It borrows the sequential score of
/// its content neighbours: the mean over its `neighbours` most similar
/// catalogue movies (Sentence-BERT cosine), plus `bias`, plus `similarity`
/// times its cosine to the recent watches, on top of the evidence it does
/// have (that cosine under the fusion's own similarity weight, the LLM's
/// pick). Fitted on validation with a seeded share of warm titles standing
/// in as cold (`dualrec-train fusion-fit`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ColdRule {
    pub neighbours: usize,
    /// Weight of the neighbours' mean sequential score.
    pub borrow: f32,
    /// Weight of the projected score ([`Projection`](crate::stages::semantic::Projection)) and its ridge strength.
    pub projection: f32,
    pub lambda: f32,
    pub bias: f32,
    pub similarity: f32,
    /// How familiar the LLM finds the title: what a new title's content
    /// cannot say of its popularity (None: not used).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub familiarity: Option<Familiarity>,
}

/// The weight of a title's familiarity to the LLM (its mean log-probability
/// per token after a fixed lead, [`Language::title_familiarity`](crate::stages::language::Language::title_familiarity)),
/// standardised by `mean` and `sd` over the fit's stand-in titles. Well-known
/// titles are likelier; a base LLM learned which ones are from the web, not
/// from the viewing logs.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Familiarity {
    pub weight: f32,
    pub mean: f32,
    pub sd: f32,
}

/// Content neighbours kept per added title (the rule reads at most this many).
pub const MAX_NEIGHBOURS: usize = 20;

/// What one re-scored movie's fused score is made of.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Evidence {
    /// ln(P(c | l-th last watch) + eps); P = 0 off the (pruned) transition row.
    pub transition: [f32; LAGS],
    /// Cosine to the recent-watch centroid (0 without the semantic stage).
    pub similarity: f32,
    /// Σ B[i, c] over every watched movie i (0 without `collab.bin`).
    pub collab: f32,
    pub picked: bool,
}

impl LearnedFusion {
    /// The model directory's verified `fusion.json`.
    pub fn open(dir: &ModelDir) -> Result<Self> {
        let f = dir.open_verified_any(FUSION_ARTIFACT, &READ_VERSIONS)?;
        Self::from_bytes(f.bytes(), &f.name())
    }

    /// The artifacts whose sha256 differs from what `fusion.json` records it
    /// was fitted on (`fit.model_sha256`: file -> sha256): weights fitted on
    /// other models, e.g. `collab.bin` refitted after the fusion. Empty when
    /// all agree or the file records nothing.
    pub fn stale_inputs(dir: &ModelDir) -> Result<Vec<String>> {
        let f = dir.open_verified_any(FUSION_ARTIFACT, &READ_VERSIONS)?;
        let v: serde_json::Value = serde_json::from_slice(f.bytes()).map_err(|e| Error::corrupt(f.name(), e.to_string()))?;
        let Some(fitted) = v["fit"]["model_sha256"].as_object() else { return Ok(Vec::new()) };
        Ok(fitted
            .iter()
            .filter(|(file, sha)| {
                let now = dir.manifest().artifacts.iter().find(|a| &a.file == *file).map(|a| a.sha256.as_str());
                now.is_some_and(|now| Some(now) != sha.as_str())
            })
            .map(|(file, _)| file.clone())
            .collect())
    }

    /// Parses and validates `fusion.json`.
    pub fn from_bytes(b: &[u8], file: &str) -> Result<Self> {
        #[derive(Deserialize)]
        struct File {
            format: String,
            version: u32,
            weights: LearnedFusion,
        }
        let f: File = serde_json::from_slice(b).map_err(|e| Error::corrupt(file, format!("not a fusion file: {e}")))?;
        if f.format != "dualrec-fusion" {
            return Err(Error::corrupt(file, format!("format {:?}, expected \"dualrec-fusion\"", f.format)));
        }
        if !READ_VERSIONS.contains(&f.version) {
            return Err(Error::ModelVersion { file: file.into(), found: f.version.to_string(), expected: FUSION_VERSION.to_string() });
        }
        let w = f.weights;
        let cold = w.cold.map_or([0.0; 8], |c| {
            let f = c.familiarity.map_or([0.0, 0.0, 1.0], |f| [f.weight, f.mean, f.sd]);
            [c.bias, c.similarity, c.borrow, c.projection, c.lambda, f[0], f[1], f[2]]
        });
        let finite = w.transition.iter().chain([&w.eps, &w.similarity, &w.collab, &w.language]).chain(&cold).all(|v| v.is_finite());
        let neighbours_ok = w.cold.is_none_or(|c| (1..=MAX_NEIGHBOURS).contains(&c.neighbours) && c.lambda > 0.0 && c.familiarity.is_none_or(|f| f.sd > 0.0));
        let routes_ok = w.llm_routes.iter().all(|r| r.language.is_finite() && r.language > 0.0 && r.max_history != Some(0));
        if !finite || w.eps <= 0.0 || w.pool == 0 || w.pool > 100_000 || w.recent == 0 || !neighbours_ok || !routes_ok {
            return Err(Error::corrupt(
                file,
                format!("weights out of range (eps > 0, 1 <= pool <= 100000, recent >= 1, 1 <= cold.neighbours <= {MAX_NEIGHBOURS}, cold.familiarity.sd > 0, llm_routes: language > 0 and max_history >= 1, all finite)"),
            ));
        }
        Ok(w)
    }

    /// The file `from_bytes` reads, with the fit's provenance under "fit".
    pub fn to_bytes(&self, fit: serde_json::Value) -> Vec<u8> {
        // A struct, not json!(): f32 weights print as written ("0.01"), not widened to f64.
        #[derive(Serialize)]
        struct File<'a> {
            format: &'a str,
            version: u32,
            weights: &'a LearnedFusion,
            fit: serde_json::Value,
        }
        let f = File { format: "dualrec-fusion", version: FUSION_VERSION, weights: self, fit };
        (serde_json::to_string_pretty(&f).expect("plain data") + "\n").into_bytes()
    }

    /// The LLM's weight for a viewer with `history_len` watches when a route
    /// covers them (the tightest one), else None: `STAGE_AUTO` skips the LLM.
    pub fn route(&self, history_len: usize) -> Option<f32> {
        self.llm_routes
            .iter()
            .filter(|r| r.max_history.is_none_or(|m| history_len <= m as usize))
            .min_by_key(|r| r.max_history.unwrap_or(u32::MAX))
            .map(|r| r.language)
    }

    pub fn score(&self, sequential: f32, e: &Evidence) -> f32 {
        let t: f32 = self.transition.iter().zip(&e.transition).map(|(w, x)| w * x).sum();
        sequential + t + self.similarity * e.similarity + self.collab * e.collab + if e.picked { self.language } else { 0.0 }
    }

    /// The fused score of a title added on the device ([`ColdRule`]):
    /// `neighbour_score` is the mean sequential score of its first
    /// `cold.neighbours` content neighbours, `projected` its projected
    /// sequential score, `familiarity` the title's to the LLM (None: not
    /// measured, counted as the mean). None without a cold rule.
    pub fn cold_score(&self, neighbour_score: f32, projected: f32, similarity: f32, familiarity: Option<f32>, picked: bool) -> Option<f32> {
        let c = self.cold?;
        let e = Evidence { transition: [self.eps.ln(); LAGS], similarity, collab: 0.0, picked };
        let known = match (c.familiarity, familiarity) {
            (Some(f), Some(x)) => f.weight * (x - f.mean) / f.sd,
            _ => 0.0,
        };
        Some(self.score(c.borrow * neighbour_score + c.projection * projected + c.bias + c.similarity * similarity + known, &e))
    }
}

/// P(c | l-th last watch) for every movie `c` of `pool`, l = 1..=LAGS; 0 off
/// the (pruned) transition row or beyond the window's length.
pub fn transition_probabilities(tr: &Transitions, window: &[u32], pool: &[u32]) -> Vec<[f32; LAGS]> {
    let mut p = vec![[0f32; LAGS]; pool.len()];
    let slot: std::collections::HashMap<u32, usize> = pool.iter().enumerate().map(|(s, &i)| (i, s)).collect();
    for lag in 0..LAGS.min(window.len()) {
        let (cols, probs) = tr.row(window[window.len() - 1 - lag]);
        for (c, pr) in cols.iter().zip(probs) {
            if let Some(&s) = slot.get(c) {
                p[s][lag] = *pr;
            }
        }
    }
    p
}

/// The learned rule's transition evidence: ln(P + eps) per lag.
pub fn log_evidence(p: &[f32; LAGS], eps: f32) -> [f32; LAGS] {
    p.map(|x| (x + eps).ln())
}

/// `log_evidence` of `transition_probabilities`, for every movie of `pool`.
pub fn transition_evidence(tr: &Transitions, window: &[u32], pool: &[u32], eps: f32) -> Vec<[f32; LAGS]> {
    transition_probabilities(tr, window, pool).iter().map(|p| log_evidence(p, eps)).collect()
}

/// Scores every movie of `pool` (catalogue index, sequential score) with its
/// `evidence` (same order); best first, ties to the lower index.
pub fn rank(weights: &LearnedFusion, pool: &[(u32, f32)], evidence: &[Evidence]) -> Vec<(u32, f32)> {
    let mut fused: Vec<(u32, f32)> = pool.iter().zip(evidence).map(|(&(i, base), e)| (i, weights.score(base, e))).collect();
    fused.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    fused
}

#[cfg(test)]
mod tests {
    use super::*;

    fn weights() -> LearnedFusion {
        LearnedFusion { pool: 50, eps: 0.01, transition: [1.0, 0.5, 0.25], similarity: 2.0, recent: 10, collab: 1.5, language: 0.3, cold: Some(ColdRule { neighbours: 5, borrow: 1.0, projection: 0.5, lambda: 10.0, bias: -2.0, similarity: 4.0, familiarity: None }), llm_routes: Vec::new() }
    }

    #[test]
    fn learned_fusion_file_round_trips_and_refuses_bad_files() {
        let w = weights();
        let b = w.to_bytes(serde_json::json!({"note": "test"}));
        assert_eq!(LearnedFusion::from_bytes(&b, "f").unwrap(), w);
        let text = String::from_utf8(b).unwrap();
        let bad = |t: String| LearnedFusion::from_bytes(t.as_bytes(), "f").unwrap_err();
        assert!(matches!(bad(text.replace("\"version\": 5", "\"version\": 1")), Error::ModelVersion { .. }));
        // A version-2 file (before the cold rule) still opens, without one.
        let v2 = text.replace("\"version\": 5", "\"version\": 2");
        let v2 = v2[..v2.find(",\n    \"cold\"").unwrap()].to_string() + &v2[v2.find("\n  },\n  \"fit\"").unwrap()..];
        assert_eq!(LearnedFusion::from_bytes(v2.as_bytes(), "f").unwrap(), LearnedFusion { cold: None, ..w.clone() });
        assert!(matches!(bad(text.replace("\"bias\": -2.0", "\"bias\": 1e999")), Error::ModelCorrupt { .. }));
        assert!(matches!(bad(text.replace("\"neighbours\": 5", "\"neighbours\": 0")), Error::ModelCorrupt { .. }));
        assert!(matches!(bad(text.replace("dualrec-fusion", "other")), Error::ModelCorrupt { .. }));
        assert!(matches!(bad(text.replace("\"eps\": 0.01", "\"eps\": 0.0")), Error::ModelCorrupt { .. }));
        assert!(matches!(bad(text.replace("\"pool\": 50", "\"pool\": 0")), Error::ModelCorrupt { .. }));
        assert!(matches!(bad(text.replace("\"collab\": 1.5,", "")), Error::ModelCorrupt { .. }), "a version-1 file has no collab weight");
        assert!(matches!(bad(text[..text.len() / 2].to_string()), Error::ModelCorrupt { .. }), "truncated");
        assert!(matches!(bad(text.replace("\"recent\"", "\"unknown\": 1, \"recent\"")), Error::ModelCorrupt { .. }));
    }

    /// Refitting collab.bin after the fusion is what `stale_inputs` exists to catch.
    #[test]
    fn weights_fitted_on_other_models_are_found() {
        use crate::model_dir::manifest::{Artifact, Manifest, Verify};
        let dir = tempfile::tempdir().unwrap();
        let collab = b"collab v1".to_vec();
        let fit = |sha: &str| serde_json::json!({"model_sha256": {"collab.bin": sha, "lstm.onnx": "not in this directory"}});
        let write = |fusion: &[u8], collab: &[u8]| {
            std::fs::write(dir.path().join("fusion.json"), fusion).unwrap();
            std::fs::write(dir.path().join("collab.bin"), collab).unwrap();
            let mut m = Manifest::default();
            m.upsert(Artifact::for_bytes(FUSION_ARTIFACT, FUSION_FILE, FUSION_VERSION, fusion, "t", "t", "t"));
            m.upsert(Artifact::for_bytes("collab", "collab.bin", 1, collab, "t", "t", "t"));
            m.save(dir.path()).unwrap();
            ModelDir::open(dir.path(), Verify::Full).unwrap()
        };
        let sha = crate::model_dir::manifest::sha256_hex(&collab);
        let d = write(&weights().to_bytes(fit(&sha)), &collab);
        assert!(LearnedFusion::stale_inputs(&d).unwrap().is_empty(), "fitted on these files");
        let d = write(&weights().to_bytes(fit(&sha)), b"collab v2, refitted after the fusion");
        assert_eq!(LearnedFusion::stale_inputs(&d).unwrap(), vec!["collab.bin".to_string()]);
        let d = write(&weights().to_bytes(serde_json::Value::Null), &collab);
        assert!(LearnedFusion::stale_inputs(&d).unwrap().is_empty(), "a file that records nothing");
    }

    #[test]
    fn routes_pick_the_tightest_regime_and_bad_routes_are_refused() {
        let none = weights();
        assert_eq!(none.route(1), None, "no routes: the LLM runs for nobody under STAGE_AUTO");
        let r = |max_history, language| LlmRoute { max_history, language };
        let w = LearnedFusion { llm_routes: vec![r(None, 0.1), r(Some(3), 0.5), r(Some(1), 0.9)], ..weights() };
        assert_eq!((w.route(1), w.route(2), w.route(3), w.route(4), w.route(500)), (Some(0.9), Some(0.5), Some(0.5), Some(0.1), Some(0.1)));
        let short = LearnedFusion { llm_routes: vec![r(Some(5), 0.4)], ..weights() };
        assert_eq!((short.route(5), short.route(6)), (Some(0.4), None));
        let back = LearnedFusion::from_bytes(&w.to_bytes(serde_json::Value::Null), "f").unwrap();
        assert_eq!(back, w);
        for bad in [r(Some(0), 0.5), r(None, 0.0), r(None, f32::NAN)] {
            let b = LearnedFusion { llm_routes: vec![bad], ..weights() }.to_bytes(serde_json::Value::Null);
            assert!(LearnedFusion::from_bytes(&b, "f").is_err(), "{bad:?}");
        }
    }

    #[test]
    fn learned_score_adds_each_weighted_evidence() {
        let w = weights();
        let e = Evidence { transition: [-1.0, -2.0, -4.0], similarity: 0.5, collab: 0.2, picked: true };
        assert!((w.score(3.0, &e) - (3.0 - 1.0 - 1.0 - 1.0 + 1.0 + 0.3 + 0.3)).abs() < 1e-6);
        assert!((w.score(3.0, &e) - w.score(3.0, &Evidence { picked: false, ..e }) - 0.3).abs() < 1e-6);
        // A cold title: the reference plus its bias, its cosine under both weights, no transitions or collab.
        let ln = 0.01f32.ln();
        let want = 5.0 + 0.5 * 3.0 - 2.0 + 4.0 * 0.5 + (1.0 + 0.5 + 0.25) * ln + 2.0 * 0.5;
        assert!((w.cold_score(5.0, 3.0, 0.5, Some(-1.0), false).unwrap() - want).abs() < 1e-5, "no familiarity weight");
        assert_eq!(LearnedFusion { cold: None, ..w.clone() }.cold_score(5.0, 3.0, 0.5, None, false), None);
        // Familiarity: standardised, weighted; an unmeasured title counts as the mean.
        let f = Familiarity { weight: 0.5, mean: -3.0, sd: 2.0 };
        let wf = LearnedFusion { cold: w.cold.map(|c| ColdRule { familiarity: Some(f), ..c }), ..w.clone() };
        assert!((wf.cold_score(5.0, 3.0, 0.5, Some(-1.0), false).unwrap() - (want + 0.5)).abs() < 1e-5);
        assert!((wf.cold_score(5.0, 3.0, 0.5, None, false).unwrap() - want).abs() < 1e-5);
        let back = LearnedFusion::from_bytes(&wf.to_bytes(serde_json::Value::Null), "f").unwrap();
        assert_eq!(back, wf);
        let zero_sd = LearnedFusion { cold: w.cold.map(|c| ColdRule { familiarity: Some(Familiarity { sd: 0.0, ..f }), ..c }), ..w };
        assert!(LearnedFusion::from_bytes(&zero_sd.to_bytes(serde_json::Value::Null), "f").is_err());
    }

    #[test]
    fn transition_evidence_reads_one_row_per_lag() {
        // 0 -> 1 (x3), 0 -> 2; 1 -> 2; 2 -> 0.
        let seqs: Vec<Vec<u32>> = vec![vec![0, 1, 2, 0, 1], vec![0, 1], vec![0, 2]];
        let tr = Transitions::fit(3, seqs.iter().map(|s| s.as_slice()), 10);
        let e = transition_evidence(&tr, &[2, 0], &[1, 2, 0], 0.01);
        let ln = |x: f32| (x + 0.01).ln();
        assert!((e[0][0] - ln(0.75)).abs() < 1e-6, "P(1 | last=0)");
        assert!((e[1][0] - ln(0.25)).abs() < 1e-6, "P(2 | last=0)");
        assert!((e[2][1] - ln(1.0)).abs() < 1e-6, "P(0 | second last=2)");
        assert!((e[0][2] - ln(0.0)).abs() < 1e-6, "no third-last watch");
        assert!(transition_evidence(&tr, &[], &[1], 0.01)[0].iter().all(|&x| (x - ln(0.0)).abs() < 1e-6));
    }

    #[test]
    fn rank_orders_by_fused_score_then_index() {
        let w = weights();
        let none = Evidence::default();
        let picked = Evidence { picked: true, ..none };
        let r = rank(&w, &[(5, 1.0), (2, 1.0), (9, 0.8)], &[none, none, picked]);
        assert_eq!(r.iter().map(|x| x.0).collect::<Vec<_>>(), vec![9, 2, 5]);
    }
}
