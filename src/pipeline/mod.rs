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
pub mod genre_exemplars;
pub mod request;
pub mod shortlist;
pub mod title_linker;
pub mod written_requests;

use crate::error::{Error, Result};
use crate::model_dir::catalog::Catalog;
use crate::stages::collab::Collab;
use crate::stages::language::{prompt_title, FreeText, Generation, Language};
use crate::stages::semantic::encoder::dot;
use crate::stages::semantic::DIM;
use crate::stages::semantic::{recent_similarity, rerank, Projection, RerankRule, Semantic, WithAdded};
use crate::stages::sequential::Sequential;
use crate::stages::transitions::{Transitions, POPULARITY_WEIGHT};
use crate::types::*;
use fusion::learned::{self, transition_evidence, Evidence, LearnedFusion};
use fusion::rules::fuse;
use fusion::FusionRule;
use shortlist::top_k;

/// Phrases' labels and their Sentence-BERT rows, in the same order.
pub type LabelledRows = (Vec<String>, Vec<std::sync::Arc<[f32]>>);

/// The catalogue a call ranks: the model directory's movies, then the
/// titles added on the device (indices `catalog.base_len()..`) with their
/// Sentence-BERT rows. The models score only the first part; added titles
/// are ranked by content ([`learned::ColdRule`]).
#[derive(Debug, Clone)]
pub struct Titles {
    pub catalog: Catalog,
    /// `semantic::DIM` floats per added title, unit length (zeros without the semantic stage).
    pub added: Vec<f32>,
    /// Per added title: its most similar model-directory movies (index, cosine),
    /// best first, at most `learned::MAX_NEIGHBOURS` (empty without the semantic stage).
    pub neighbours: Vec<Vec<(u32, f32)>>,
    /// Per added title: its familiarity to the LLM, when the cold rule weighs
    /// it and the LLM could be loaded (`Language::title_familiarity`).
    pub familiarity: Vec<Option<f32>>,
    /// What the request reader knows of this catalogue; made on the first
    /// request, reset when a title is added or removed.
    pub vocabulary: std::sync::OnceLock<request::Vocabulary>,
    /// The genre phrases (`request::genre_phrases`) and their Sentence-BERT
    /// rows, made on first use, reset with the vocabulary.
    pub genre_rows: std::sync::OnceLock<GenreRows>,
    /// Labels and Sentence-BERT rows of `request::exemplar_phrases` (compared beside `genre_rows`), made on first use;
    /// [2n + w]: with the first n sets of written requests (`QueryWeights::written_sets`),
    /// and w the written requests asking none (`QueryWeights::written_none`).
    pub exemplar_rows: [std::sync::OnceLock<LabelledRows>; 2 * (written_requests::ALL_SETS.len() + 1)],
    /// Genre probes over those phrases (`QueryWeights::probe_c`), by (written
    /// sets, written none, C's bits): the model directory's where its key
    /// matches, else fitted on first use; reset with the vocabulary.
    pub exemplar_probes: std::sync::Arc<std::sync::Mutex<Vec<ProbeEntry>>>,
}

/// A genre probe made for (written sets, written none, C's bits).
pub type ProbeEntry = ((usize, bool, u32), std::sync::Arc<crate::stages::semantic::probe::GenreProbe>);

/// Each genre phrase as embedded (text, genre) and its row, in one order.
pub type GenreRows = (Vec<(String, String)>, Vec<Vec<f32>>);

impl Titles {
    pub fn new(catalog: Catalog) -> Titles {
        Titles { catalog, added: Vec::new(), neighbours: Vec::new(), familiarity: Vec::new(), vocabulary: Default::default(), genre_rows: Default::default(), exemplar_rows: Default::default(), exemplar_probes: Default::default() }
    }
}

/// Recent watches whose centroid picks the added titles in the LLM's shortlist.
const NEAREST_RECENT: usize = 10;

/// The opened stages and how the pipeline runs them.
pub struct Pipeline {
    pub(crate) transitions: Transitions,
    pub(crate) sequential: Option<Sequential>,
    pub(crate) language: Option<Language>,
    pub(crate) semantic: Option<Semantic>,
    pub(crate) collab: Option<Collab>,
    pub(crate) learned: Option<LearnedFusion>,
    pub(crate) settings: Settings,
    /// The cold rule's content projection, made when the first title is added.
    pub(crate) projection: std::sync::OnceLock<Projection>,
}

/// A call's capacity (`recommend`, `recommend_query`) must be 1..=`MAX_RECOMMENDATIONS`.
pub(crate) fn check_capacity(k: usize) -> Result<()> {
    if k == 0 || k > MAX_RECOMMENDATIONS {
        return Err(Error::InvalidArgument(format!("capacity must be 1..={MAX_RECOMMENDATIONS}, got {k}")));
    }
    Ok(())
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
    /// The LLM chooses among the sequential stage's best `llm_shortlist` and
    /// as many added titles; 0 = all.
    pub llm_shortlist: usize,
    pub fusion: FusionRule,
    pub rerank: RerankRule,
    /// `STAGE_AUTO`: the LLM runs only for viewers the learned fusion's
    /// `llm_routes` cover, with their weight; else whenever it is open.
    pub routed: bool,
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

/// What one call reads: the history, what it excludes, the windows.
struct Call<'h> {
    /// Everything watched, added titles included (prompt titles, content).
    history: &'h [u32],
    /// The movies the models know (`< base`): what the sequence, transition
    /// and collaborative models read.
    model_history: Vec<u32>,
    window: usize,
    /// Watched or removed, over the whole catalogue.
    excluded: Vec<bool>,
    base: usize,
}

impl Call<'_> {
    /// The models' window: the last `window` known movies.
    fn window(&self) -> &[u32] {
        &self.model_history[self.model_history.len().saturating_sub(self.window)..]
    }
    /// The content window: the last `window` watches, added titles included.
    fn content_window(&self) -> &[u32] {
        &self.history[self.history.len().saturating_sub(self.window)..]
    }
    /// `excluded` over the movies the models score.
    fn excluded_base(&self) -> &[bool] {
        &self.excluded[..self.base]
    }
}

impl Pipeline {
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Makes the cold rule's content projection (about 0.1 s for 4,000
    /// movies; once, when the first title is added). A no-op when the
    /// fusion has no cold rule or weighs no projection.
    pub fn prepare_cold(&self) -> Result<()> {
        let (Some(sem), Some(rule)) = (&self.semantic, self.learned.as_ref().and_then(|f| f.cold)) else { return Ok(()) };
        if rule.projection == 0.0 || self.projection.get().is_some() {
            return Ok(());
        }
        let items: Vec<u32> = (0..sem.index().len() as u32).collect();
        let p = Projection::fit(sem.index(), &items, rule.lambda as f64)?;
        let _ = self.projection.set(p);
        Ok(())
    }

    fn call<'h>(&self, catalog: &Catalog, history: &'h [u32], admitted: Option<&[bool]>) -> Result<Call<'h>> {
        let n = catalog.len();
        let mut excluded: Vec<bool> = (0..n as u32).map(|i| catalog.is_retired(i) || admitted.is_some_and(|a| !a[i as usize])).collect();
        for &i in history {
            *excluded.get_mut(i as usize).ok_or_else(|| Error::InvalidArgument(format!("catalogue index {i} out of range")))? = true;
        }
        let base = catalog.base_len();
        let model_history = history.iter().copied().filter(|&i| (i as usize) < base).collect();
        Ok(Call { history, model_history, window: self.settings.window, excluded, base })
    }

    /// Runs every active step for `history` (catalogue indices, oldest first).
    pub fn run(&self, titles: &Titles, history: &[u32], k: usize) -> Result<Trace> {
        self.run_within(titles, history, k, None)
    }

    /// `run` over the movies `admitted[i]` allows (a request's intent): the
    /// shortlist, the LLM's choices and the fused pool are drawn from them,
    /// so every stage's evidence ranks inside the intent.
    pub fn run_within(&self, titles: &Titles, history: &[u32], k: usize, admitted: Option<&[bool]>) -> Result<Trace> {
        self.run_pooled(titles, history, k, admitted, 0)
    }

    /// `run_within` whose learned fusion re-scores at least `pool` movies
    /// (a request ranks deeper into the viewer's order than a top 10).
    pub fn run_pooled(&self, titles: &Titles, history: &[u32], k: usize, admitted: Option<&[bool]>, pool: usize) -> Result<Trace> {
        check_capacity(k)?;
        let catalog = &titles.catalog;
        if admitted.is_some_and(|a| a.len() != catalog.len()) {
            return Err(Error::InvalidArgument("the admitted mask must cover the catalogue".into()));
        }
        let c = self.call(catalog, history, admitted)?;
        let mut t = Trace::default();
        let sequential = self.score(&c, &mut t);
        // The learned weights were fitted on LSTM scores; over the fallback's they mean nothing.
        let mut learned = self.learned.as_ref().filter(|_| sequential).map(std::borrow::Cow::Borrowed);
        let route = self.llm_route(history.len());
        if let Some(Some(w)) = route {
            learned = learned.map(|f| std::borrow::Cow::Owned(LearnedFusion { language: w, ..f.into_owned() }));
        }
        if learned.as_ref().is_some_and(|f| f.pool < pool) {
            learned = learned.map(|f| std::borrow::Cow::Owned(LearnedFusion { pool, ..f.into_owned() }));
        }
        let llm = route.is_some();
        let learned = learned.as_deref();
        let picks = if llm { self.settings.llm_picks } else { 0 };
        let head = self.shortlist(&c, &mut t, k, picks, learned);
        self.propose(titles, &c, &head, picks, &mut t);
        let reranked = self.rerank(titles, &c, &mut t);
        t.items = match learned {
            Some(f) => self.fuse_learned(titles, &c, &head, k, f, reranked, &mut t),
            None => self.fuse_rule(catalog, &c, &head, k, sequential, reranked, &t),
        };
        Ok(t)
    }

    /// Whether step 3 runs for a history of `n` watches: `Some(Some(w))`
    /// routed, with that regime's language weight (only where validation
    /// showed a gain); `Some(None)` asked for by name; `None` not at all.
    fn llm_route(&self, n: usize) -> Option<Option<f32>> {
        if self.settings.stages & STAGE_LANGUAGE == 0 {
            return None;
        }
        if !self.settings.routed {
            return Some(None);
        }
        self.learned.as_ref().and_then(|f| f.route(n)).map(Some)
    }

    /// Step 3's prompt for `history`, decoded ahead of `run` into a pooled
    /// LLM context (see [`Language::prepare`]): a viewer's next call then
    /// decodes only the answer. Nothing to do (0) when the LLM would not run
    /// for this history. Returns the prompt tokens decoded.
    pub fn prepare(&self, titles: &Titles, history: &[u32]) -> Result<usize> {
        let Some(lang) = &self.language else { return Ok(0) };
        if self.llm_route(history.len()).is_none() || self.settings.llm_picks == 0 || history.is_empty() {
            return Ok(0);
        }
        let catalog = &titles.catalog;
        let c = self.call(catalog, history, None)?;
        let mut t = Trace::default();
        self.score(&c, &mut t);
        let Some(&(top, _)) = top_k(&t.scores, c.excluded_base(), 1).first() else { return Ok(0) };
        let (watched, predicted) = self.prompt_titles(catalog, history, top);
        lang.prepare(&watched, &predicted)
    }

    /// Sentence-BERT rows of every catalogue index, added titles included.
    fn rows<'a>(&self, sem: &'a Semantic, titles: &'a Titles) -> WithAdded<'a> {
        WithAdded { index: sem.index(), added: &titles.added }
    }

    /// Step 1: score the whole catalogue: the LSTM over the window, else the
    /// transitions. Returns whether the LSTM scored.
    fn score(&self, c: &Call, t: &mut Trace) -> bool {
        t.scores = vec![0f32; c.base];
        let mut sequential = false;
        if let (Some(seq), false, true) = (&self.sequential, c.window().is_empty(), self.settings.stages & STAGE_SEQUENTIAL != 0) {
            match seq.score(c.window(), &mut t.scores) {
                Ok(()) => sequential = true,
                Err(e) => t.warnings.push(format!("sequential stage failed, answered from transitions: {e}")),
            }
        }
        if !sequential {
            self.transitions.score(c.window(), &mut t.scores);
        }
        t.base_source = if sequential { SOURCE_SEQUENTIAL } else { SOURCE_TRANSITIONS };
        sequential
    }

    /// Step 2: the best unwatched movies: one pass serves the final list, the
    /// LLM's shortlist and the learned fusion's pool.
    fn shortlist(&self, c: &Call, t: &mut Trace, k: usize, picks: usize, learned: Option<&LearnedFusion>) -> Vec<(u32, f32)> {
        let shortlist = if picks > 0 { self.settings.llm_shortlist } else { 0 };
        let pool = learned.map_or(0, |f| f.pool);
        let head = top_k(&t.scores, c.excluded_base(), (k + picks).max(shortlist).max(pool));
        t.ranking = head.iter().take(k + picks).map(|h| h.0).collect();
        t.top_prediction = t.ranking.first().copied();
        head
    }

    /// What the LLM prompt names: the titles of the last `prompt_titles`
    /// watches, and the `top` prediction's.
    pub fn prompt_titles(&self, catalog: &Catalog, history: &[u32], top: u32) -> (Vec<String>, String) {
        let recent = &history[history.len().saturating_sub(self.settings.prompt_titles)..];
        (recent.iter().map(|&i| prompt_title(catalog.movie(i))).collect(), prompt_title(catalog.movie(top)))
    }

    /// Step 3: the LLM proposes `picks` movies among the shortlist (or the whole
    /// unwatched catalogue), never the top prediction itself. No sequential
    /// score can put a title added on the device in the shortlist, so the
    /// added titles nearest the viewer's recent watches join it, as many as
    /// the shortlist holds (all of them were 93% of its picks, at chance).
    fn propose(&self, titles: &Titles, c: &Call, head: &[(u32, f32)], picks: usize, t: &mut Trace) {
        let catalog = &titles.catalog;
        let (Some(lang), Some(top)) = (&self.language, t.top_prediction) else { return };
        if c.history.is_empty() || picks == 0 {
            return;
        }
        let shortlist = self.settings.llm_shortlist;
        let (watched, predicted) = self.prompt_titles(catalog, c.history, top);
        let mut blocked = if shortlist > 0 {
            let mut b = vec![true; catalog.len()];
            head.iter().take(shortlist).for_each(|&(i, _)| b[i as usize] = false);
            for i in self.nearest_added(titles, c, shortlist, t) {
                b[i as usize] = false;
            }
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

    /// The `n` unwatched added titles most similar to the viewer's recent
    /// watches (none without the semantic stage, which holds their rows).
    fn nearest_added(&self, titles: &Titles, c: &Call, n: usize, t: &mut Trace) -> Vec<u32> {
        let added: Vec<u32> = (c.base as u32..titles.catalog.len() as u32).filter(|&i| !c.excluded[i as usize]).collect();
        let Some(sem) = self.semantic.as_ref().filter(|_| self.settings.stages & STAGE_SEMANTIC != 0 && !added.is_empty()) else { return Vec::new() };
        match recent_similarity(&self.rows(sem, titles), &added, c.content_window(), NEAREST_RECENT) {
            Ok(sims) => {
                let mut by: Vec<(u32, f32)> = added.into_iter().zip(sims).collect();
                by.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
                by.into_iter().take(n).map(|x| x.0).collect()
            }
            Err(e) => {
                t.warnings.push(format!("semantic stage failed, no added title in the LLM's shortlist: {e}"));
                Vec::new()
            }
        }
    }

    /// Step 4: Sentence-BERT orders the LLM's movies. Returns whether it did.
    fn rerank(&self, titles: &Titles, c: &Call, t: &mut Trace) -> bool {
        let Some(sem) = &self.semantic else { return false };
        if t.llm.is_empty() || self.settings.stages & STAGE_SEMANTIC == 0 {
            return false;
        }
        let cands: Vec<(u32, f32)> = t.llm.iter().map(|&i| (i, t.scores.get(i as usize).copied().unwrap_or(f32::NEG_INFINITY))).collect();
        match rerank(&self.rows(sem, titles), &cands, t.top_prediction, c.content_window(), self.settings.rerank) {
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
    /// every stage's evidence; titles added on the device by the cold rule.
    #[allow(clippy::too_many_arguments)]
    fn fuse_learned(&self, titles: &Titles, c: &Call, head: &[(u32, f32)], k: usize, f: &LearnedFusion, reranked: bool, t: &mut Trace) -> Vec<Recommendation> {
        let catalog = &titles.catalog;
        let mut pool: Vec<(u32, f32)> = head.iter().take(k.max(f.pool)).copied().collect();
        for &i in t.llm.iter().filter(|&&i| (i as usize) < c.base) {
            if !pool.iter().any(|s| s.0 == i) {
                pool.push((i, t.scores[i as usize]));
            }
        }
        let idx: Vec<u32> = pool.iter().map(|s| s.0).collect();
        let transition = transition_evidence(&self.transitions, c.window(), &idx, f.eps);
        let semantic = self.semantic.as_ref().filter(|_| self.settings.stages & STAGE_SEMANTIC != 0);
        let mut similarity = vec![0f32; idx.len()];
        if let (Some(sem), true) = (semantic, f.similarity != 0.0) {
            match recent_similarity(&self.rows(sem, titles), &idx, c.content_window(), f.recent) {
                Ok(s) => similarity = s,
                Err(e) => t.warnings.push(format!("semantic stage failed, fused without similarity: {e}")),
            }
        }
        // Over the whole history: what the LSTM's window cannot see.
        let mut collab = vec![0f32; idx.len()];
        if let Some(cb) = &self.collab {
            match cb.evidence(&c.model_history, &idx) {
                Ok(e) => collab = e,
                Err(e) => t.warnings.push(format!("collaborative evidence failed, fused without it: {e}")),
            }
        }
        let evidence: Vec<Evidence> = (0..idx.len())
            .map(|s| Evidence { transition: transition[s], similarity: similarity[s], collab: collab[s], picked: t.llm.contains(&idx[s]) })
            .collect();
        t.fused = learned::rank(f, &pool, &evidence);
        // Added titles: only content speaks for them (no cold rule, or no
        // semantic stage: they are not recommended).
        let added: Vec<u32> = (c.base as u32..catalog.len() as u32).filter(|&i| !c.excluded[i as usize]).collect();
        if let (Some(sem), Some(rule), false) = (semantic, f.cold, added.is_empty()) {
            match recent_similarity(&self.rows(sem, titles), &added, c.content_window(), f.recent) {
                Ok(sims) => {
                    let direction = self.projection.get().map(|p| p.direction(sem.index(), &t.scores));
                    for (&i, &sim) in added.iter().zip(&sims) {
                        let near = &titles.neighbours[i as usize - c.base];
                        let near = &near[..rule.neighbours.min(near.len())];
                        if near.is_empty() {
                            continue;
                        }
                        let borrowed = near.iter().map(|&(j, _)| t.scores[j as usize]).sum::<f32>() / near.len() as f32;
                        let k = i as usize - c.base;
                        let projected = direction.as_ref().map_or(0.0, |v| dot(&titles.added[k * DIM..(k + 1) * DIM], v));
                        t.fused.extend(f.cold_score(borrowed, projected, sim, titles.familiarity[k], t.llm.contains(&i)).map(|s| (i, s)));
                    }
                    t.fused.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
                }
                Err(e) => t.warnings.push(format!("semantic stage failed, added titles not ranked: {e}")),
            }
        }
        let llm_source = SOURCE_LANGUAGE | if reranked { SOURCE_SEMANTIC } else { 0 };
        t.fused
            .iter()
            .take(k)
            .map(|&(index, score)| {
                let own = if (index as usize) < c.base { SOURCE_SEQUENTIAL } else { SOURCE_SEMANTIC };
                let sources = own | if t.llm.contains(&index) { llm_source } else { 0 };
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
                } else if !c.window().is_empty() && score > POPULARITY_WEIGHT {
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
        let c = self.call(catalog, history, None)?;
        if c.window().is_empty() {
            return Err(Error::InvalidArgument("empty history".into()));
        }
        let mut scores = vec![0f32; c.base];
        match &self.sequential {
            Some(seq) => seq.score(c.window(), &mut scores)?,
            None => self.transitions.score(c.window(), &mut scores),
        }
        let top = top_k(&scores, c.excluded_base(), 1).first().map(|h| h.0).ok_or_else(|| Error::Internal("empty ranking".into()))?;
        let (watched, predicted) = self.prompt_titles(catalog, history, top);
        let free = lang.generate_free(&watched, &predicted, self.settings.llm_picks.max(1))?;
        Ok((scores, free))
    }
}
