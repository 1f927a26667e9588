//! The engine: catalogue + histories + the loaded stages, behind one
//! thread-safe object. Data flows one way: history -> stages -> ranking.

use std::path::PathBuf;

use crate::catalog::Catalog;
use crate::error::{Error, Result};
use crate::history::Histories;
use crate::journal::{Recovery, StateOptions, Store};
use crate::manifest::{Manifest, Verify};
use crate::ranking::top_k;
use crate::collab::{Collab, COLLAB_FILE};
use crate::fusion::{fuse, transition_evidence, Evidence, FusionRule, LearnedFusion, FUSION_ARTIFACT, FUSION_FILE, FUSION_VERSION};
use crate::language::{Generation, Language, LM_FORMAT_VERSION};
use crate::semantic::{Precision, RerankRule, Semantic};
use crate::sequential::{Sequential, LSTM_ARTIFACT};
use crate::transitions::{Transitions, POPULARITY_WEIGHT, TRANSITIONS_VERSION};

/// Stage switches for [`EngineOptions::stages`] (`DUALREC_STAGE_*` in C).
pub const STAGE_SEQUENTIAL: u32 = 1;
pub const STAGE_LANGUAGE: u32 = 2;
pub const STAGE_SEMANTIC: u32 = 4;
pub const STAGE_ALL: u32 = STAGE_SEQUENTIAL | STAGE_LANGUAGE | STAGE_SEMANTIC;
/// Run every stage the model directory provides (the default).
pub const STAGE_AUTO: u32 = 0x8000_0000;

/// Bits of [`Recommendation::sources`] (`DUALREC_SOURCE_*` in C).
pub const SOURCE_SEQUENTIAL: u32 = 1;
pub const SOURCE_LANGUAGE: u32 = 2;
pub const SOURCE_SEMANTIC: u32 = 4;
pub const SOURCE_TRANSITIONS: u32 = 8;
pub const SOURCE_POPULARITY: u32 = 16;

/// Requests above this are a caller bug (e.g. a negative int cast to size_t).
pub const MAX_RECOMMENDATIONS: usize = 1 << 20;
pub const CATALOG_VERSION: u32 = 1;

#[derive(Debug, Clone)]
pub struct EngineOptions {
    pub model_dir: PathBuf,
    /// Threads per inference call; 0 = one per core (capped at 4).
    pub n_threads: u32,
    /// Layers of the LLM to offload to a GPU (-1 = all); ignored by CPU builds.
    pub n_gpu_layers: i32,
    /// Stages to run (`STAGE_*` bits); `STAGE_AUTO` = every stage the model
    /// directory provides; 0 = none (transitions and popularity only).
    pub stages: u32,
    /// Most recent watches the sequence models read.
    pub history_window: u32,
    pub verify: Verify,
    /// ONNX Runtime shared library; None = search the usual places.
    pub onnxruntime_path: Option<PathBuf>,
    /// Where the language stage's movies go in the final list.
    pub fusion: FusionRule,
    /// How the semantic stage orders the language stage's movies.
    pub rerank: RerankRule,
    /// Sentence-BERT weights the semantic stage runs.
    pub sbert_precision: Precision,
    /// Recent watches (titles) the LLM prompt lists.
    pub prompt_titles: usize,
    /// Movies the LLM is asked for.
    pub llm_picks: usize,
    /// The LLM chooses among the sequential stage's best `llm_shortlist`
    /// unwatched movies; 0 = the whole catalogue.
    pub llm_shortlist: usize,
    /// Durable histories (journal + snapshots); None = in memory only.
    pub state: Option<StateOptions>,
}

impl Default for EngineOptions {
    fn default() -> Self {
        EngineOptions {
            model_dir: PathBuf::from("models"),
            n_threads: 0,
            n_gpu_layers: 0,
            stages: STAGE_AUTO,
            history_window: 30,
            verify: Verify::Full,
            onnxruntime_path: None,
            // Measured best on ml-1m-sas (docs/results.md): the learned fusion
            // when the model directory has one, else the LLM may only replace
            // the weakest sequential slots.
            fusion: FusionRule::Auto,
            rerank: RerankRule::HistoryCentroid { alpha: 0.5, recent: 10 },
            sbert_precision: Precision::Int8,
            prompt_titles: 5,
            llm_picks: 3,
            // Measured (docs/results.md): choosing among the LSTM's best 20 beats the whole catalogue.
            llm_shortlist: 20,
            state: None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Recommendation {
    pub index: u32,
    pub movie_id: u32,
    pub score: f32,
    pub sources: u32,
}

/// Everything one `recommend` computed, stage by stage (for the demo and
/// the evaluator; `recommend` keeps only `items` and `warnings`).
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

/// What `recommend` returns: the items, and why any stage was skipped.
#[derive(Debug, Clone, Default)]
pub struct Recommendations {
    pub items: Vec<Recommendation>,
    /// Non-fatal failures: a stage failed and the answer came from the rest.
    pub warnings: Vec<String>,
}

pub struct Engine {
    catalog: Catalog,
    histories: Histories,
    transitions: Transitions,
    sequential: Option<Sequential>,
    semantic: Option<Semantic>,
    language: Option<Language>,
    store: Option<Store>,
    learned: Option<LearnedFusion>,
    collab: Option<Collab>,
    stages: u32,
    window: usize,
    manifest: Manifest,
    options: EngineOptions,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine")
            .field("model_dir", &self.options.model_dir)
            .field("movies", &self.catalog.len())
            .field("stages", &self.stages)
            .finish_non_exhaustive()
    }
}

impl Engine {
    pub fn open(options: &EngineOptions) -> Result<Engine> {
        let dir = &options.model_dir;
        if !dir.is_dir() {
            return Err(Error::ModelDirNotFound(dir.clone()));
        }
        if options.history_window == 0 || options.history_window > 1024 {
            return Err(Error::InvalidArgument(format!(
                "history_window must be 1..=1024, got {}",
                options.history_window
            )));
        }
        if options.stages & !(STAGE_ALL | STAGE_AUTO) != 0 {
            return Err(Error::InvalidArgument(format!(
                "unknown stage bits {:#x}",
                options.stages & !(STAGE_ALL | STAGE_AUTO)
            )));
        }
        let manifest = Manifest::load(dir)?;
        let cat = manifest.open_verified(dir, "catalog", CATALOG_VERSION, options.verify)?;
        let catalog = Catalog::parse_tsv(cat.bytes(), &cat.name())?;
        let tr = manifest.open_verified(dir, "transitions", TRANSITIONS_VERSION, options.verify)?;
        let transitions = Transitions::from_bytes(tr.bytes(), catalog.len(), &tr.name())?;

        let wants = |bit: u32| options.stages & (STAGE_AUTO | bit) != 0;
        let threads = crate::onnx::resolve_threads(options.n_threads);
        // Stages whose artifacts the manifest lists.
        let mut available = 0u32;
        let mut sequential = None;
        if manifest.get(LSTM_ARTIFACT).is_some() && options.stages & (STAGE_AUTO | STAGE_SEQUENTIAL) != 0 {
            let threads = crate::onnx::resolve_threads(options.n_threads);
            match Sequential::open(&manifest, dir, LSTM_ARTIFACT, catalog.len(), options.verify, threads, options.onnxruntime_path.as_deref()) {
                Ok(s) => {
                    sequential = Some(s);
                    available |= STAGE_SEQUENTIAL;
                }
                // AUTO without ONNX Runtime degrades to transitions; a corrupt model is always an error.
                Err(Error::RuntimeUnavailable(why)) if options.stages & STAGE_AUTO != 0 => {
                    tracing::warn!(%why, "sequential stage unavailable, using transitions");
                }
                Err(e) => return Err(e),
            }
        } else if manifest.get(LSTM_ARTIFACT).is_some() {
            available |= STAGE_SEQUENTIAL; // listed but not requested: not loaded
        }
        let mut semantic = None;
        if manifest.get(options.sbert_precision.artifact()).is_some() && manifest.get("catalog-emb").is_some() {
            available |= STAGE_SEMANTIC;
            if wants(STAGE_SEMANTIC) {
                semantic = Some(Semantic::open(&manifest, dir, &catalog, options.verify, threads, options.sbert_precision)?);
            }
        }
        if manifest.get("lm").is_some() {
            available |= STAGE_LANGUAGE;
        }
        // Loaded last and on this thread: loading the LLM beside the other
        // stages saved 50-90 ms of open but raised peak RSS by 25-40 MiB
        // (a second malloc arena), which devices feel more (docs/performance.md).
        let mut language = None;
        if wants(STAGE_LANGUAGE) && manifest.get("lm").is_some() {
            // Verified here; llama.cpp then memory-maps the same file.
            let lm = manifest.open_verified(dir, "lm", LM_FORMAT_VERSION, options.verify)?;
            language = Some(Language::open(&lm.path, &catalog, threads, options.n_gpu_layers)?);
        }
        let stages = if options.stages & STAGE_AUTO != 0 { available } else { options.stages };
        if stages & !available != 0 {
            return Err(Error::ModelMissing(format!(
                "stages {:#x} requested but the model directory provides {:#x}",
                stages, available
            )));
        }
        let learned = match options.fusion {
            FusionRule::Learned | FusionRule::Auto if manifest.get(FUSION_ARTIFACT).is_some() => {
                let f = manifest.open_verified(dir, FUSION_ARTIFACT, FUSION_VERSION, options.verify)?;
                Some(LearnedFusion::from_bytes(f.bytes(), &f.name())?)
            }
            FusionRule::Learned => return Err(Error::ModelMissing(format!("the learned fusion rule needs {FUSION_FILE} in the model directory"))),
            _ => None,
        };
        // The collaborative weights are read only for a fusion that weighs them.
        let collab = match &learned {
            Some(f) if f.collab != 0.0 => match Collab::open(&manifest, dir, catalog.len(), options.verify)? {
                Some(c) => Some(c),
                None => return Err(Error::ModelMissing(format!("{FUSION_FILE} weighs collaborative evidence but the model directory has no {COLLAB_FILE}"))),
            },
            _ => None,
        };
        let histories = Histories::default();
        let store = match &options.state {
            Some(s) => Some(Store::open(s, catalog.movies().iter().map(|m| m.id).collect(), &histories)?),
            None => None,
        };
        tracing::info!(movies = catalog.len(), stages, users = histories.user_count(), "dualrec engine open");
        Ok(Engine {
            catalog,
            histories,
            store,
            transitions,
            sequential,
            semantic,
            language,
            learned,
            collab,
            stages,
            window: options.history_window as usize,
            manifest,
            options: options.clone(),
        })
    }

    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }
    pub fn transitions(&self) -> &Transitions {
        &self.transitions
    }
    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }
    pub fn options(&self) -> &EngineOptions {
        &self.options
    }
    /// The collaborative (EASE) weights, when the learned fusion weighs them.
    pub fn collab(&self) -> Option<&Collab> {
        self.collab.as_ref()
    }

    /// The learned fusion's weights, when that rule is in force.
    pub fn learned_fusion(&self) -> Option<&LearnedFusion> {
        self.learned.as_ref()
    }
    /// The stages that run (`STAGE_*` bits).
    pub fn stages(&self) -> u32 {
        self.stages
    }

    fn index_of(&self, movie_id: u32) -> Result<u32> {
        self.catalog.index_of(movie_id).ok_or(Error::UnknownMovie(movie_id))
    }

    /// Records that `user` watched `movie_id` at `unix_time`. Unknown movies
    /// are refused and record nothing.
    pub fn add_watch(&self, user: u64, movie_id: u32, unix_time: i64) -> Result<()> {
        let idx = self.index_of(movie_id)?;
        match &self.store {
            Some(store) => store.watch(&self.histories, user, idx, unix_time),
            None => {
                self.histories.add(user, idx, unix_time);
                Ok(())
            }
        }
    }

    /// Removes the user's history, from memory and (with a state directory) from disk.
    pub fn forget_user(&self, user: u64) -> Result<()> {
        let existed = match &self.store {
            Some(store) => store.forget(&self.histories, user)?,
            None => self.histories.forget(user),
        };
        if existed {
            Ok(())
        } else {
            Err(Error::UnknownUser(user))
        }
    }

    /// Forces every journaled watch to stable storage (no-op without a state directory).
    pub fn sync(&self) -> Result<()> {
        self.store.as_ref().map_or(Ok(()), Store::sync)
    }

    /// The durable-state store, when the engine has a state directory.
    pub fn store(&self) -> Option<&Store> {
        self.store.as_ref()
    }

    /// What opening the state directory restored and repaired.
    pub fn recovery(&self) -> Option<&Recovery> {
        self.store.as_ref().map(Store::recovery)
    }

    /// The user's watched movie ids, oldest first (empty for an unknown user).
    pub fn history(&self, user: u64) -> Vec<u32> {
        self.histories.snapshot(user).indices().into_iter().map(|i| self.catalog.movie(i).id).collect()
    }

    pub fn recommend(&self, user: u64, k: usize) -> Result<Recommendations> {
        let history = self.histories.snapshot(user).indices();
        self.recommend_for_history(&history, k)
    }

    /// Recommends for an explicit history of catalogue indices (oldest first).
    pub fn recommend_for_history(&self, history: &[u32], k: usize) -> Result<Recommendations> {
        let t = self.pipeline(history, k)?;
        Ok(Recommendations { items: t.items, warnings: t.warnings })
    }

    /// The sequential stage (LSTM) when loaded.
    pub fn sequential(&self) -> Option<&Sequential> {
        self.sequential.as_ref()
    }
    /// The semantic stage (Sentence-BERT) when loaded.
    pub fn semantic(&self) -> Option<&Semantic> {
        self.semantic.as_ref()
    }
    /// The language stage (LLM) when loaded.
    pub fn language(&self) -> Option<&Language> {
        self.language.as_ref()
    }

    /// What the LLM prompt names for `history` (catalogue indices, oldest
    /// first) and the sequential stage's `top` prediction: the display titles
    /// of the last `prompt_titles` watches, and the prediction's.
    pub fn prompt_titles(&self, history: &[u32], top: u32) -> (Vec<String>, String) {
        let recent = &history[history.len().saturating_sub(self.options.prompt_titles)..];
        (recent.iter().map(|&i| self.catalog.movie(i).display()).collect(), self.catalog.movie(top).display())
    }

    /// The LLM's unconstrained answer (no trie) to the prompt `pipeline`
    /// would build for `history`, and the sequential scores it was built
    /// from. For measuring what the constrained decoder prevents; never
    /// part of `recommend`.
    pub fn free_generation(&self, history: &[u32]) -> Result<(Vec<f32>, crate::language::FreeText)> {
        let lang = self.language.as_ref().ok_or_else(|| Error::InvalidArgument("the engine runs no language stage".into()))?;
        let n = self.catalog.len();
        let mut excluded = vec![false; n];
        for &i in history {
            *excluded.get_mut(i as usize).ok_or_else(|| Error::InvalidArgument(format!("catalogue index {i} out of range")))? = true;
        }
        let window = &history[history.len().saturating_sub(self.window)..];
        if window.is_empty() {
            return Err(Error::InvalidArgument("empty history".into()));
        }
        let mut scores = vec![0f32; n];
        match &self.sequential {
            Some(seq) => seq.score(window, &mut scores)?,
            None => self.transitions.score(window, &mut scores),
        }
        let top = top_k(&scores, &excluded, 1).first().map(|h| h.0).ok_or_else(|| Error::Internal("empty ranking".into()))?;
        let (watched, predicted) = self.prompt_titles(history, top);
        let free = lang.generate_free(&watched, &predicted, self.options.llm_picks.max(1))?;
        Ok((scores, free))
    }

    /// Runs every active stage for `history` (catalogue indices, oldest
    /// first): sequential scores -> LLM prompt -> constrained generation ->
    /// semantic re-ranking -> fusion. A stage that fails is skipped with a
    /// warning and the answer comes from the rest.
    pub fn pipeline(&self, history: &[u32], k: usize) -> Result<Trace> {
        if k == 0 || k > MAX_RECOMMENDATIONS {
            return Err(Error::InvalidArgument(format!("capacity must be 1..={MAX_RECOMMENDATIONS}, got {k}")));
        }
        let n = self.catalog.len();
        let mut excluded = vec![false; n];
        for &i in history {
            let slot = excluded
                .get_mut(i as usize)
                .ok_or_else(|| Error::InvalidArgument(format!("catalogue index {i} out of range")))?;
            *slot = true;
        }
        let window = &history[history.len().saturating_sub(self.window)..];
        let mut t = Trace { scores: vec![0f32; n], ..Default::default() };
        let mut sequential = false;
        if let (Some(seq), false) = (&self.sequential, window.is_empty()) {
            if self.stages & STAGE_SEQUENTIAL != 0 {
                match seq.score(window, &mut t.scores) {
                    Ok(()) => sequential = true,
                    Err(e) => t.warnings.push(format!("sequential stage failed, answered from transitions: {e}")),
                }
            }
        }
        if !sequential {
            self.transitions.score(window, &mut t.scores);
        }
        let picks = if self.stages & STAGE_LANGUAGE != 0 { self.options.llm_picks } else { 0 };
        // One pass serves the final list and the LLM's shortlist.
        let shortlist = if picks > 0 { self.options.llm_shortlist } else { 0 };
        // The learned weights were fitted on LSTM scores; over the fallback's they mean nothing.
        let learned = self.learned.as_ref().filter(|_| sequential);
        let pool = learned.map_or(0, |f| f.pool);
        let head = top_k(&t.scores, &excluded, (k + picks).max(shortlist).max(pool));
        t.base_source = if sequential { SOURCE_SEQUENTIAL } else { SOURCE_TRANSITIONS };
        t.ranking = head.iter().take(k + picks).map(|h| h.0).collect();
        t.top_prediction = t.ranking.first().copied();

        if let (Some(lang), Some(top), false) = (&self.language, t.top_prediction, history.is_empty() || picks == 0) {
            let (watched, predicted) = self.prompt_titles(history, top);
            let mut blocked = if shortlist > 0 {
                let mut b = vec![true; n];
                head.iter().take(shortlist).for_each(|&(i, _)| b[i as usize] = false);
                b
            } else {
                excluded.clone()
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
        let mut reranked = false;
        if let (Some(sem), false) = (&self.semantic, t.llm.is_empty()) {
            if self.stages & STAGE_SEMANTIC != 0 {
                let cands: Vec<(u32, f32)> = t.llm.iter().map(|&i| (i, t.scores[i as usize])).collect();
                match sem.rerank(&cands, t.top_prediction, window, self.options.rerank) {
                    Ok(r) => {
                        t.llm = r.iter().map(|x| x.0).collect();
                        t.llm_scores = r.iter().map(|x| x.1).collect();
                        reranked = true;
                    }
                    Err(e) => t.warnings.push(format!("semantic stage failed, LLM order kept: {e}")),
                }
            }
        }
        // Above the popularity prior's ceiling a transition probability spoke.
        let base_source = |score: f32| {
            if sequential {
                SOURCE_SEQUENTIAL
            } else if !window.is_empty() && score > POPULARITY_WEIGHT {
                SOURCE_TRANSITIONS
            } else {
                SOURCE_POPULARITY
            }
        };
        if let Some(f) = learned {
            let mut set: Vec<(u32, f32)> = head.iter().take(k.max(pool)).copied().collect();
            for &i in &t.llm {
                if !set.iter().any(|s| s.0 == i) {
                    set.push((i, t.scores[i as usize]));
                }
            }
            let idx: Vec<u32> = set.iter().map(|s| s.0).collect();
            let transition = transition_evidence(&self.transitions, window, &idx, f.eps);
            let mut similarity = vec![0f32; idx.len()];
            if let (Some(sem), true) = (&self.semantic, f.similarity != 0.0 && self.stages & STAGE_SEMANTIC != 0) {
                match sem.recent_similarity(&idx, window, f.recent) {
                    Ok(s) => similarity = s,
                    Err(e) => t.warnings.push(format!("semantic stage failed, fused without similarity: {e}")),
                }
            }
            // Over the whole history: what the LSTM's window cannot see.
            let mut collab = vec![0f32; idx.len()];
            if let Some(c) = &self.collab {
                collab = c.evidence(history, &idx)?;
            }
            let llm_source = SOURCE_LANGUAGE | if reranked { SOURCE_SEMANTIC } else { 0 };
            let mut fused: Vec<(u32, f32, u32)> = set
                .iter()
                .enumerate()
                .map(|(s, &(i, base))| {
                    let picked = t.llm.contains(&i);
                    let e = Evidence { transition: transition[s], similarity: similarity[s], collab: collab[s], picked };
                    (i, f.score(base, &e), SOURCE_SEQUENTIAL | if picked { llm_source } else { 0 })
                })
                .collect();
            fused.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            t.items = fused
                .iter()
                .take(k)
                .map(|&(index, score, sources)| Recommendation { index, movie_id: self.catalog.movie(index).id, score, sources })
                .collect();
            t.fused = fused.into_iter().map(|(i, s, _)| (i, s)).collect();
        } else if t.llm.is_empty() {
            t.items = head
                .iter()
                .take(k)
                .map(|&(index, score)| Recommendation { index, movie_id: self.catalog.movie(index).id, score, sources: base_source(score) })
                .collect();
        } else {
            // Fused lists have no common score scale: the score is the rank's (1 = best).
            let fused = fuse(&t.ranking, t.base_source, &t.llm, reranked, k, self.options.fusion);
            let len = fused.len() as f32;
            t.items = fused
                .iter()
                .enumerate()
                .map(|(pos, f)| Recommendation {
                    index: f.index,
                    movie_id: self.catalog.movie(f.index).id,
                    score: (len - pos as f32) / len,
                    sources: f.sources,
                })
                .collect();
        }
        Ok(t)
    }
}
