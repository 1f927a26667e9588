//! One `recommend`, in the paper's order:
//!
//! ```text
//! history ─▶ score ─▶ shortlist ─▶ propose ─▶ rerank ─▶ fuse ─▶ top k
//!           (LSTM or   (best        (LLM over   (Sentence-  (learned, or
//!           transitions) unwatched)   the trie)   BERT)       a position rule)
//! ```
//!
//! Each step reads the stages it needs and writes into a [`Trace`]. A stage
//! that fails at run time is skipped with a warning and the answer comes
//! from the rest: the call still returns a full list.

pub mod fusion;
pub mod shortlist;

use crate::error::{Error, Result};
use crate::model_dir::catalog::Catalog;
use crate::stages::collab::Collab;
use crate::stages::language::{FreeText, Generation, Language};
use crate::stages::semantic::{RerankRule, Semantic};
use crate::stages::sequential::Sequential;
use crate::stages::transitions::{Transitions, POPULARITY_WEIGHT};
use crate::types::*;
use fusion::learned::{self, transition_evidence, Evidence, LearnedFusion};
use fusion::rules::fuse;
use fusion::FusionRule;
use shortlist::top_k;

/// The opened stages and how the pipeline runs them.
pub struct Pipeline {
    pub(crate) transitions: Transitions,
    pub(crate) sequential: Option<Sequential>,
    pub(crate) language: Option<Language>,
    pub(crate) semantic: Option<Semantic>,
    pub(crate) collab: Option<Collab>,
    pub(crate) learned: Option<LearnedFusion>,
    pub(crate) settings: Settings,
}

/// The options that shape a call (from `EngineOptions`).
#[derive(Debug, Clone)]
pub struct Settings {
    /// `STAGE_*` bits that run.
    pub stages: u32,
    /// Most recent watches the sequence models read.
    pub window: usize,
    /// Recent watches (titles) the LLM prompt lists.
    pub prompt_titles: usize,
    /// Movies the LLM is asked for.
    pub llm_picks: usize,
    /// The LLM chooses among the sequential stage's best `llm_shortlist`; 0 = all.
    pub llm_shortlist: usize,
    pub fusion: FusionRule,
    pub rerank: RerankRule,
}

/// Everything one call computed, step by step (for the demo and the
/// evaluator; `recommend` keeps only `items` and `warnings`).
#[derive(Debug, Clone, Default)]
pub struct Trace {
    /// Sequential (or fallback) scores over the whole catalogue.
    pub scores: Vec<f32>,
    /// `SOURCE_*` bit of whoever produced `scores`.
    pub base_source: u32,
    /// Best `scores` first, without history items.
    pub ranking: Vec<u32>,
    /// The sequential stage's top prediction (the LLM prompt's anchor).
    pub top_prediction: Option<u32>,
    /// The language stage's generation, when it ran.
    pub generation: Option<Generation>,
    /// The LLM's movies in the order fusion uses (re-ranked when the semantic stage ran).
    pub llm: Vec<u32>,
    /// Semantic scores of `llm`, when the semantic stage ran.
    pub llm_scores: Vec<f32>,
    /// The learned fusion's order of every movie it re-scored (catalogue
    /// index, fused score), best first; empty when another rule ran.
    pub fused: Vec<(u32, f32)>,
    pub items: Vec<Recommendation>,
    pub warnings: Vec<String>,
}

/// What one call reads: the history, what it excludes, the window.
struct Call<'h> {
    history: &'h [u32],
    window: &'h [u32],
    excluded: Vec<bool>,
}

impl Pipeline {
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    fn call<'h>(&self, n: usize, history: &'h [u32]) -> Result<Call<'h>> {
        let mut excluded = vec![false; n];
        for &i in history {
            *excluded.get_mut(i as usize).ok_or_else(|| Error::InvalidArgument(format!("catalogue index {i} out of range")))? = true;
        }
        let window = &history[history.len().saturating_sub(self.settings.window)..];
        Ok(Call { history, window, excluded })
    }

    /// Runs every active step for `history` (catalogue indices, oldest first).
    pub fn run(&self, catalog: &Catalog, history: &[u32], k: usize) -> Result<Trace> {
        if k == 0 || k > MAX_RECOMMENDATIONS {
            return Err(Error::InvalidArgument(format!("capacity must be 1..={MAX_RECOMMENDATIONS}, got {k}")));
        }
        let c = self.call(catalog.len(), history)?;
        let mut t = Trace::default();
        let sequential = self.score(&c, &mut t);
        let picks = if self.settings.stages & STAGE_LANGUAGE != 0 { self.settings.llm_picks } else { 0 };
        // The learned weights were fitted on LSTM scores; over the fallback's they mean nothing.
        let learned = self.learned.as_ref().filter(|_| sequential);
        let head = self.shortlist(&c, &mut t, k, picks, learned);
        self.propose(catalog, &c, &head, picks, &mut t);
        let reranked = self.rerank(&c, &mut t);
        t.items = match learned {
            Some(f) => self.fuse_learned(catalog, &c, &head, k, f, reranked, &mut t),
            None => self.fuse_rule(catalog, &c, &head, k, sequential, reranked, &t),
        };
        Ok(t)
    }

    /// 1. Score the whole catalogue: the LSTM over the window, else the
    /// transitions. Returns whether the LSTM scored.
    fn score(&self, c: &Call, t: &mut Trace) -> bool {
        t.scores = vec![0f32; c.excluded.len()];
        let mut sequential = false;
        if let (Some(seq), false, true) = (&self.sequential, c.window.is_empty(), self.settings.stages & STAGE_SEQUENTIAL != 0) {
            match seq.score(c.window, &mut t.scores) {
                Ok(()) => sequential = true,
                Err(e) => t.warnings.push(format!("sequential stage failed, answered from transitions: {e}")),
            }
        }
        if !sequential {
            self.transitions.score(c.window, &mut t.scores);
        }
        t.base_source = if sequential { SOURCE_SEQUENTIAL } else { SOURCE_TRANSITIONS };
        sequential
    }

    /// 2. The best unwatched movies: one pass serves the final list, the
    /// LLM's shortlist and the learned fusion's pool.
    fn shortlist(&self, c: &Call, t: &mut Trace, k: usize, picks: usize, learned: Option<&LearnedFusion>) -> Vec<(u32, f32)> {
        let shortlist = if picks > 0 { self.settings.llm_shortlist } else { 0 };
        let pool = learned.map_or(0, |f| f.pool);
        let head = top_k(&t.scores, &c.excluded, (k + picks).max(shortlist).max(pool));
        t.ranking = head.iter().take(k + picks).map(|h| h.0).collect();
        t.top_prediction = t.ranking.first().copied();
        head
    }

    /// What the LLM prompt names: the display titles of the last
    /// `prompt_titles` watches, and the `top` prediction's.
    pub fn prompt_titles(&self, catalog: &Catalog, history: &[u32], top: u32) -> (Vec<String>, String) {
        let recent = &history[history.len().saturating_sub(self.settings.prompt_titles)..];
        (recent.iter().map(|&i| catalog.movie(i).display()).collect(), catalog.movie(top).display())
    }

    /// 3. The LLM proposes `picks` movies among the shortlist (or the whole
    /// unwatched catalogue), never the top prediction itself.
    fn propose(&self, catalog: &Catalog, c: &Call, head: &[(u32, f32)], picks: usize, t: &mut Trace) {
        let (Some(lang), Some(top)) = (&self.language, t.top_prediction) else { return };
        if c.history.is_empty() || picks == 0 {
            return;
        }
        let shortlist = self.settings.llm_shortlist;
        let (watched, predicted) = self.prompt_titles(catalog, c.history, top);
        let mut blocked = if shortlist > 0 {
            let mut b = vec![true; catalog.len()];
            head.iter().take(shortlist).for_each(|&(i, _)| b[i as usize] = false);
            b
        } else {
            c.excluded.clone()
        };
        blocked[top as usize] = true;
        match lang.generate(&watched, &predicted, &blocked, picks) {
            Ok(g) => {
                t.llm = g.picks.clone();
                t.generation = Some(g);
            }
            Err(e) => t.warnings.push(format!("language stage failed, answered without it: {e}")),
        }
    }

    /// 4. Sentence-BERT orders the LLM's movies. Returns whether it did.
    fn rerank(&self, c: &Call, t: &mut Trace) -> bool {
        let Some(sem) = &self.semantic else { return false };
        if t.llm.is_empty() || self.settings.stages & STAGE_SEMANTIC == 0 {
            return false;
        }
        let cands: Vec<(u32, f32)> = t.llm.iter().map(|&i| (i, t.scores[i as usize])).collect();
        match sem.rerank(&cands, t.top_prediction, c.window, self.settings.rerank) {
            Ok(r) => {
                t.llm = r.iter().map(|x| x.0).collect();
                t.llm_scores = r.iter().map(|x| x.1).collect();
                true
            }
            Err(e) => {
                t.warnings.push(format!("semantic stage failed, LLM order kept: {e}"));
                false
            }
        }
    }

    /// 5a. The learned fusion: the pool and the LLM's picks re-scored with
    /// every stage's evidence.
    #[allow(clippy::too_many_arguments)]
    fn fuse_learned(&self, catalog: &Catalog, c: &Call, head: &[(u32, f32)], k: usize, f: &LearnedFusion, reranked: bool, t: &mut Trace) -> Vec<Recommendation> {
        let mut pool: Vec<(u32, f32)> = head.iter().take(k.max(f.pool)).copied().collect();
        for &i in &t.llm {
            if !pool.iter().any(|s| s.0 == i) {
                pool.push((i, t.scores[i as usize]));
            }
        }
        let idx: Vec<u32> = pool.iter().map(|s| s.0).collect();
        let transition = transition_evidence(&self.transitions, c.window, &idx, f.eps);
        let mut similarity = vec![0f32; idx.len()];
        if let (Some(sem), true) = (&self.semantic, f.similarity != 0.0 && self.settings.stages & STAGE_SEMANTIC != 0) {
            match sem.recent_similarity(&idx, c.window, f.recent) {
                Ok(s) => similarity = s,
                Err(e) => t.warnings.push(format!("semantic stage failed, fused without similarity: {e}")),
            }
        }
        // Over the whole history: what the LSTM's window cannot see.
        let mut collab = vec![0f32; idx.len()];
        if let Some(cb) = &self.collab {
            match cb.evidence(c.history, &idx) {
                Ok(e) => collab = e,
                Err(e) => t.warnings.push(format!("collaborative evidence failed, fused without it: {e}")),
            }
        }
        let evidence: Vec<Evidence> = (0..idx.len())
            .map(|s| Evidence { transition: transition[s], similarity: similarity[s], collab: collab[s], picked: t.llm.contains(&idx[s]) })
            .collect();
        t.fused = learned::rank(f, &pool, &evidence);
        let llm_source = SOURCE_LANGUAGE | if reranked { SOURCE_SEMANTIC } else { 0 };
        t.fused
            .iter()
            .take(k)
            .map(|&(index, score)| {
                let sources = SOURCE_SEQUENTIAL | if t.llm.contains(&index) { llm_source } else { 0 };
                Recommendation { index, movie_id: catalog.movie(index).id, score, sources }
            })
            .collect()
    }

    /// 5b. Without the learned fusion: the ranking as scored, or the LLM's
    /// picks placed by the position rule.
    #[allow(clippy::too_many_arguments)]
    fn fuse_rule(&self, catalog: &Catalog, c: &Call, head: &[(u32, f32)], k: usize, sequential: bool, reranked: bool, t: &Trace) -> Vec<Recommendation> {
        if t.llm.is_empty() {
            // Above the popularity prior's ceiling a transition probability spoke.
            let source = |score: f32| {
                if sequential {
                    SOURCE_SEQUENTIAL
                } else if !c.window.is_empty() && score > POPULARITY_WEIGHT {
                    SOURCE_TRANSITIONS
                } else {
                    SOURCE_POPULARITY
                }
            };
            return head
                .iter()
                .take(k)
                .map(|&(index, score)| Recommendation { index, movie_id: catalog.movie(index).id, score, sources: source(score) })
                .collect();
        }
        // Fused lists have no common score scale: the score is the rank's (1 = best).
        let fused = fuse(&t.ranking, t.base_source, &t.llm, reranked, k, self.settings.fusion);
        let len = fused.len() as f32;
        fused
            .iter()
            .enumerate()
            .map(|(pos, f)| Recommendation { index: f.index, movie_id: catalog.movie(f.index).id, score: (len - pos as f32) / len, sources: f.sources })
            .collect()
    }

    /// The LLM's unconstrained answer (no trie) to the prompt `run` would
    /// build for `history`, and the sequential scores it was built from. For
    /// measuring what the constrained decoder prevents; never part of `run`.
    pub fn free_generation(&self, catalog: &Catalog, history: &[u32]) -> Result<(Vec<f32>, FreeText)> {
        let lang = self.language.as_ref().ok_or_else(|| Error::InvalidArgument("the engine runs no language stage".into()))?;
        let c = self.call(catalog.len(), history)?;
        if c.window.is_empty() {
            return Err(Error::InvalidArgument("empty history".into()));
        }
        let mut scores = vec![0f32; catalog.len()];
        match &self.sequential {
            Some(seq) => seq.score(c.window, &mut scores)?,
            None => self.transitions.score(c.window, &mut scores),
        }
        let top = top_k(&scores, &c.excluded, 1).first().map(|h| h.0).ok_or_else(|| Error::Internal("empty ranking".into()))?;
        let (watched, predicted) = self.prompt_titles(catalog, history, top);
        let free = lang.generate_free(&watched, &predicted, self.settings.llm_picks.max(1))?;
        Ok((scores, free))
    }
}
