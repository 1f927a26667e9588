//! Fusion: how the language stage's picks join the sequential ranking.
//!
//! The LLM proposes a few movies; the sequential stage ranks the whole
//! catalogue. A rule decides where the LLM's movies go; the rest of the list
//! is the sequential ranking, so `recommend` always returns a full top k.
//!
//! The learned rule (`models/fusion.json`, fitted on validation targets by
//! `dualrec-train fusion-fit`) instead re-scores the sequential stage's best
//! movies with evidence the LSTM under-uses: what viewers watched right after
//! each of the last few watches, Sentence-BERT similarity to recent watches,
//! the collaborative (EASE) weights of the whole history (`collab`), and
//! whether the LLM picked the movie.

use serde::{Deserialize, Serialize};

use crate::engine::{SOURCE_LANGUAGE, SOURCE_SEMANTIC};
use crate::error::{Error, Result};
use crate::transitions::Transitions;

pub const FUSION_ARTIFACT: &str = "fusion";
pub const FUSION_FILE: &str = "fusion.json";
/// 2: the collaborative weight (`collab`) joined.
pub const FUSION_VERSION: u32 = 2;
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
}

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
        if f.version != FUSION_VERSION {
            return Err(Error::ModelVersion { file: file.into(), found: f.version.to_string(), expected: FUSION_VERSION.to_string() });
        }
        let w = f.weights;
        let finite = w.transition.iter().chain([&w.eps, &w.similarity, &w.collab, &w.language]).all(|v| v.is_finite());
        if !finite || w.eps <= 0.0 || w.pool == 0 || w.pool > 100_000 || w.recent == 0 {
            return Err(Error::corrupt(file, "weights out of range (eps > 0, 1 <= pool <= 100000, recent >= 1, all finite)"));
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

    pub fn score(&self, sequential: f32, e: &Evidence) -> f32 {
        let t: f32 = self.transition.iter().zip(&e.transition).map(|(w, x)| w * x).sum();
        sequential + t + self.similarity * e.similarity + self.collab * e.collab + if e.picked { self.language } else { 0.0 }
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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FusionRule {
    /// The paper's order: the sequential model's top prediction, then the
    /// LLM's movies (in re-ranked order), then the rest of the sequential ranking.
    Paper,
    /// The sequential top `k - m` first, then the `m` LLM movies, then the rest:
    /// the LLM can only replace the weakest sequential slots of the top k.
    Tail,
    /// `LearnedFusion` from the model directory's `fusion.json` (open fails without one).
    Learned,
    /// `Learned` when the model directory has `fusion.json`, else `Tail` (the default).
    Auto,
}

/// One fused item: catalogue index and the `SOURCE_*` bits of who proposed it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fused {
    pub index: u32,
    pub sources: u32,
}

/// Merges `ranking` (sequential or fallback order, best first, already
/// without history items, each tagged with `base_source`) with `llm` (LLM
/// picks in final order; `reranked` says the semantic stage ordered them)
/// into at most `k` distinct items.
pub fn fuse(ranking: &[u32], base_source: u32, llm: &[u32], reranked: bool, k: usize, rule: FusionRule) -> Vec<Fused> {
    let llm_source = SOURCE_LANGUAGE | if reranked { SOURCE_SEMANTIC } else { 0 };
    let mut out: Vec<Fused> = Vec::with_capacity(k);
    let push = |out: &mut Vec<Fused>, index: u32, sources: u32| {
        if out.len() < k {
            match out.iter_mut().find(|f| f.index == index) {
                Some(f) => f.sources |= sources,
                None => out.push(Fused { index, sources }),
            }
        }
    };
    let lead = match rule {
        FusionRule::Paper => ranking.len().min(1),
        // The learned rule does not go through here; a plain merge is Tail's.
        FusionRule::Tail | FusionRule::Learned | FusionRule::Auto => k.saturating_sub(llm.len()).min(ranking.len()),
    };
    for &i in &ranking[..lead] {
        push(&mut out, i, base_source);
    }
    for &i in llm {
        push(&mut out, i, llm_source);
    }
    for &i in &ranking[lead..] {
        if out.len() >= k {
            break;
        }
        push(&mut out, i, base_source);
    }
    // An LLM pick the sequential ranking also holds in the top k is proposed by both.
    for f in out.iter_mut() {
        if f.sources & SOURCE_LANGUAGE != 0 && ranking.iter().take(k).any(|&r| r == f.index) {
            f.sources |= base_source;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::SOURCE_SEQUENTIAL as SEQ;

    #[test]
    fn paper_rule_puts_llm_after_the_top_prediction() {
        let r = fuse(&[1, 2, 3, 4, 5, 6], SEQ, &[9, 3], true, 5, FusionRule::Paper);
        let idx: Vec<u32> = r.iter().map(|f| f.index).collect();
        assert_eq!(idx, vec![1, 9, 3, 2, 4]);
        assert_eq!(r[1].sources, SOURCE_LANGUAGE | SOURCE_SEMANTIC);
        assert_eq!(r[2].sources, SOURCE_LANGUAGE | SOURCE_SEMANTIC | SEQ, "3 is in both");
        assert_eq!(r[0].sources, SEQ);
    }

    fn weights() -> LearnedFusion {
        LearnedFusion { pool: 50, eps: 0.01, transition: [1.0, 0.5, 0.25], similarity: 2.0, recent: 10, collab: 1.5, language: 0.3 }
    }

    #[test]
    fn learned_fusion_file_round_trips_and_refuses_bad_files() {
        let w = weights();
        let b = w.to_bytes(serde_json::json!({"note": "test"}));
        assert_eq!(LearnedFusion::from_bytes(&b, "f").unwrap(), w);
        let text = String::from_utf8(b).unwrap();
        let bad = |t: String| LearnedFusion::from_bytes(t.as_bytes(), "f").unwrap_err();
        assert!(matches!(bad(text.replace("\"version\": 2", "\"version\": 1")), Error::ModelVersion { .. }));
        assert!(matches!(bad(text.replace("dualrec-fusion", "other")), Error::ModelCorrupt { .. }));
        assert!(matches!(bad(text.replace("\"eps\": 0.01", "\"eps\": 0.0")), Error::ModelCorrupt { .. }));
        assert!(matches!(bad(text.replace("\"pool\": 50", "\"pool\": 0")), Error::ModelCorrupt { .. }));
        assert!(matches!(bad(text.replace("\"collab\": 1.5,", "")), Error::ModelCorrupt { .. }), "a version-1 file has no collab weight");
        assert!(matches!(bad(text[..text.len() / 2].to_string()), Error::ModelCorrupt { .. }), "truncated");
        assert!(matches!(bad(text.replace("\"recent\"", "\"unknown\": 1, \"recent\"")), Error::ModelCorrupt { .. }));
    }

    #[test]
    fn learned_score_adds_each_weighted_evidence() {
        let w = weights();
        let e = Evidence { transition: [-1.0, -2.0, -4.0], similarity: 0.5, collab: 0.2, picked: true };
        assert!((w.score(3.0, &e) - (3.0 - 1.0 - 1.0 - 1.0 + 1.0 + 0.3 + 0.3)).abs() < 1e-6);
        assert!((w.score(3.0, &e) - w.score(3.0, &Evidence { picked: false, ..e }) - 0.3).abs() < 1e-6);
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
    fn tail_rule_keeps_the_sequential_head() {
        let r = fuse(&[1, 2, 3, 4, 5, 6], SEQ, &[9, 8], false, 5, FusionRule::Tail);
        assert_eq!(r.iter().map(|f| f.index).collect::<Vec<_>>(), vec![1, 2, 3, 9, 8]);
        assert_eq!(r[3].sources, SOURCE_LANGUAGE);
        // Fewer items than k, no LLM picks, k larger than everything.
        assert_eq!(fuse(&[1, 2], SEQ, &[], false, 5, FusionRule::Paper).len(), 2);
        assert_eq!(fuse(&[], SEQ, &[7], false, 3, FusionRule::Tail).iter().map(|f| f.index).collect::<Vec<_>>(), vec![7]);
    }
}
