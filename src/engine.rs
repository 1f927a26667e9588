//! The engine: the catalogue, every viewer's history and the pipeline of
//! opened stages, behind one thread-safe object. It opens the stages (one
//! rule for all, `stages::open_stage`), keeps the histories (`state`), and
//! hands each call to the pipeline.

use std::path::PathBuf;
use std::sync::{Mutex, RwLock, RwLockReadGuard};

use crate::error::{Error, Result};
use crate::model_dir::catalog::{Catalog, Movie};
use crate::model_dir::manifest::{Manifest, Verify};
use crate::model_dir::ModelDir;
use crate::pipeline::fusion::learned::{LearnedFusion, FUSION_ARTIFACT, FUSION_FILE, MAX_NEIGHBOURS};
use crate::pipeline::fusion::FusionRule;
use crate::pipeline::request::{Intent, QueryAnswer, QueryWeights, UnreadPhrases, UNREAD_PHRASES};
use crate::pipeline::{Pipeline, Settings, Titles, Trace};
use crate::stages::collab::{Collab, COLLAB_FILE};
use crate::stages::language::{FreeText, Language};
use crate::stages::semantic::{Precision, RerankRule, Semantic, DIM};
use crate::stages::sequential::Sequential;
use crate::stages::transitions::Transitions;
use crate::stages::{open_stage, provided, StageContext, Want};
use crate::state::history::Histories;
use crate::state::journal::{Recovery, StateOptions, Store};
use crate::state::titles::{check_field, TitleRecord};
use crate::types::*;

#[derive(Debug, Clone)]
pub struct EngineOptions {
    pub model_dir: PathBuf,
    /// Threads per inference call; 0 = one per core (capped at 4).
    pub n_threads: u32,
    /// Layers of the LLM to offload to a GPU (-1 = all); ignored by CPU builds.
    pub n_gpu_layers: i32,
    /// Stages to run (`STAGE_*` bits); `STAGE_AUTO` = every stage the model
    /// directory provides, the LLM only for the viewers fusion.json routes to
    /// it (`LearnedFusion::llm_routes`); 0 = none (transitions and popularity only).
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
    /// unwatched movies and as many added titles (the nearest to the
    /// viewer's last 10 watches); 0 = the whole catalogue.
    pub llm_shortlist: usize,
    /// Durable histories (journal + snapshots); None = in memory only.
    pub state: Option<StateOptions>,
    /// How `recommend_query` reads the genres of phrases no rule read.
    pub query_reader: QueryReader,
}

/// How `recommend_query` reads the genres of phrases no rule read, where
/// the engine has the LLM reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum QueryReader {
    /// Sentence-BERT compares them with the genres' example phrases and the
    /// written requests ([`QueryWeights::default`]); the LLM names only the
    /// film, where the request has some title's words. The encoder then
    /// stays loaded beside the LLM (a request that runs it peaks near 193 MiB
    /// instead of about 179 MiB; one that does not, near 81 MiB).
    #[default]
    Examples,
    /// The LLM's reading alone: the encoder is not loaded for requests
    /// (peak about 179 MiB; described genres are read less often).
    LlmOnly,
}

impl QueryReader {
    /// The request weights this reading uses.
    pub fn weights(self) -> QueryWeights {
        match self {
            QueryReader::Examples => QueryWeights::default(),
            QueryReader::LlmOnly => QueryWeights { exemplar_similarity: f32::INFINITY, ..QueryWeights::default() },
        }
    }
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
            query_reader: QueryReader::default(),
        }
    }
}

pub struct Engine {
    /// The model directory's catalogue: what the stages were opened with.
    catalog: Catalog,
    /// The catalogue calls rank: `catalog` plus the titles added on the device.
    titles: RwLock<Titles>,
    /// Every add and remove since the state directory was created (what `titles.tsv` holds);
    /// its lock also serialises adds and removes.
    title_log: Mutex<Vec<TitleRecord>>,
    histories: Histories,
    store: Option<Store>,
    pipeline: Pipeline,
    model_dir: ModelDir,
    /// The LLM that reads requests, when the engine runs none for
    /// `recommend`: loaded on the first `recommend_query` (see [`Engine::reader`]).
    reader: std::sync::OnceLock<std::result::Result<Language, String>>,
    /// What open skipped or repaired (a stage without its runtime, a torn journal tail).
    open_warnings: Vec<String>,
    options: EngineOptions,
}

/// What every stage opens from, for these options (at open and for the tools).
fn stage_context<'a>(dir: &'a ModelDir, catalog: &'a Catalog, options: &'a EngineOptions) -> StageContext<'a> {
    StageContext {
        dir,
        catalog,
        threads: crate::stages::onnx::resolve_threads(options.n_threads),
        n_gpu_layers: options.n_gpu_layers,
        sbert_precision: options.sbert_precision,
        onnxruntime_path: options.onnxruntime_path.as_deref(),
    }
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine")
            .field("model_dir", &self.options.model_dir)
            .field("movies", &self.catalog.len())
            .field("stages", &self.pipeline.settings.stages)
            .finish_non_exhaustive()
    }
}

impl Engine {
    pub fn open(options: &EngineOptions) -> Result<Engine> {
        if options.history_window == 0 || options.history_window > 1024 {
            return Err(Error::InvalidArgument(format!("history_window must be 1..=1024, got {}", options.history_window)));
        }
        if options.stages & !(STAGE_ALL | STAGE_AUTO) != 0 {
            return Err(Error::InvalidArgument(format!("unknown stage bits {:#x}", options.stages & !(STAGE_ALL | STAGE_AUTO))));
        }
        let model_dir = ModelDir::open(&options.model_dir, options.verify)?;
        let catalog = model_dir.catalog()?;
        let ctx = stage_context(&model_dir, &catalog, options);
        let auto = options.stages & STAGE_AUTO != 0;
        let want = |bit: u32| match (auto, options.stages & bit != 0) {
            (true, _) => Want::IfProvided,
            (false, true) => Want::Required,
            (false, false) => Want::No,
        };
        let mut warnings = Vec::new();
        // The fallback is always there: a missing or bad transitions file is an error.
        let transitions = open_stage::<Transitions>(&ctx, Want::Required, &mut warnings)?.expect("required");
        let sequential = open_stage::<Sequential>(&ctx, want(STAGE_SEQUENTIAL), &mut warnings)?;
        let semantic = open_stage::<Semantic>(&ctx, want(STAGE_SEMANTIC), &mut warnings)?;
        let learned = match options.fusion {
            FusionRule::Learned | FusionRule::Auto if model_dir.has(FUSION_ARTIFACT) => {
                let stale = LearnedFusion::stale_inputs(&model_dir)?;
                if !stale.is_empty() {
                    warnings.push(format!(
                        "{FUSION_FILE} was fitted on other versions of {}: its weights may not suit them (refit with `dualrec-train fusion-fit`, or rebuild with `dualrec-train build`)",
                        stale.join(", ")
                    ));
                }
                Some(LearnedFusion::open(&model_dir)?)
            }
            FusionRule::Learned => return Err(Error::ModelMissing(format!("the learned fusion rule needs {FUSION_FILE} in the model directory"))),
            _ => None,
        };
        // STAGE_AUTO loads the LLM only when fusion.json routes some viewers
        // to it: where validation showed it helps. Nowhere measured so far
        // (docs/results.md), and it is most of a call's time and memory.
        let routed = learned.as_ref().is_some_and(|f| !f.llm_routes.is_empty());
        let want_language = if auto && !routed { Want::No } else { want(STAGE_LANGUAGE) };
        // Loaded last and on this thread: loading the LLM beside the other
        // stages saved 50-90 ms of open but raised peak RSS by 25-40 MiB
        // (a second malloc arena), which devices feel more (docs/performance.md).
        let language = open_stage::<Language>(&ctx, want_language, &mut warnings)?;
        let stages = if auto {
            (u32::from(sequential.is_some()) * STAGE_SEQUENTIAL)
                | (u32::from(semantic.is_some()) * STAGE_SEMANTIC)
                | (u32::from(language.is_some()) * STAGE_LANGUAGE)
        } else {
            options.stages
        };
        // The collaborative weights are read only for a fusion that weighs them.
        let collab = match &learned {
            Some(f) if f.collab != 0.0 => {
                if !provided::<Collab>(&ctx) {
                    return Err(Error::ModelMissing(format!("{FUSION_FILE} weighs collaborative evidence but the model directory has no {COLLAB_FILE}")));
                }
                open_stage::<Collab>(&ctx, Want::Required, &mut warnings)?
            }
            _ => None,
        };
        let histories = Histories::default();
        let store = match &options.state {
            Some(s) => Some(Store::open(s, catalog.movies().iter().map(|m| m.id).collect(), &histories)?),
            None => None,
        };
        // Titles added on earlier runs, in the order they were added (their indices follow from it).
        let mut titles = Titles::new(catalog.clone());
        let log = store.as_ref().map(|s| s.titles().to_vec()).unwrap_or_default();
        for r in &log {
            match r {
                TitleRecord::Add(m) => {
                    let row = embed_title(semantic.as_ref(), m)?;
                    apply_add(&mut titles, m.clone(), row, language.as_ref())?;
                }
                TitleRecord::Remove(id) => {
                    let i = titles.catalog.index_of(*id).ok_or_else(|| Error::StateCorrupt { file: "titles.tsv".into(), why: format!("removes unknown movie {id}") })?;
                    titles.catalog.retire(i);
                }
            }
        }
        warnings.extend(store.as_ref().and_then(|s| s.recovery().warning()));
        tracing::info!(movies = catalog.len(), stages, users = histories.user_count(), "dualrec engine open");
        let settings = Settings {
            stages,
            window: options.history_window as usize,
            prompt_titles: options.prompt_titles,
            llm_picks: options.llm_picks,
            llm_shortlist: options.llm_shortlist,
            fusion: options.fusion,
            rerank: options.rerank,
            routed: auto,
        };
        let pipeline = Pipeline { transitions, sequential, language, semantic, collab, learned, settings, projection: Default::default() };
        if titles.catalog.len() > titles.catalog.base_len() {
            pipeline.prepare_cold()?;
        }
        let engine = Engine {
            catalog,
            titles: RwLock::new(titles),
            title_log: Mutex::new(log),
            histories,
            store,
            pipeline,
            model_dir,
            reader: std::sync::OnceLock::new(),
            open_warnings: warnings,
            options: options.clone(),
        };
        engine.measure_replayed_familiarity();
        Ok(engine)
    }

    /// Titles replayed from the state directory: their familiarity to the
    /// LLM, measured now that the engine can load it (when the cold rule weighs it).
    fn measure_replayed_familiarity(&self) {
        if !self.weighs_familiarity() {
            return;
        }
        let added: Vec<Movie> = {
            let t = self.titles.read().unwrap_or_else(|p| p.into_inner());
            (t.catalog.base_len()..t.catalog.len()).map(|i| t.catalog.movie(i as u32).clone()).collect()
        };
        if added.is_empty() {
            return;
        }
        let measured: Vec<Option<f32>> = added.iter().map(|m| self.familiarity_of(m)).collect();
        let mut t = self.titles.write().unwrap_or_else(|p| p.into_inner());
        for (k, f) in measured.into_iter().enumerate() {
            if let Some(slot) = t.familiarity.get_mut(k) {
                *slot = f;
            }
        }
    }

    /// The familiarity to the LLM measured for a title added on the device
    /// (None: not an added title, or not measured: see [`ColdRule`](crate::pipeline::fusion::learned::ColdRule)).
    pub fn added_title_familiarity(&self, movie_id: u32) -> Option<f32> {
        let t = self.titles.read().unwrap_or_else(|p| p.into_inner());
        let i = t.catalog.index_of(movie_id)? as usize;
        t.familiarity.get(i.checked_sub(t.catalog.base_len())?).copied().flatten()
    }

    /// Whether the cold rule weighs added titles' familiarity to the LLM.
    fn weighs_familiarity(&self) -> bool {
        self.pipeline.learned.as_ref().and_then(|f| f.cold).is_some_and(|c| c.familiarity.is_some())
    }

    /// `movie`'s familiarity to the LLM when the cold rule weighs it; None
    /// when it does not, or the LLM cannot be loaded or fails (the title is
    /// then ranked as one of average familiarity).
    fn familiarity_of(&self, movie: &Movie) -> Option<f32> {
        if !self.weighs_familiarity() {
            return None;
        }
        let llm = self.lazy_llm().inspect_err(|e| tracing::warn!(error = %e, "no LLM for the familiarity of added titles")).ok()??;
        llm.title_familiarity(movie).inspect_err(|e| tracing::warn!(error = %e, title = %movie.title, "title familiarity failed")).ok()
    }

    /// What open skipped or repaired; empty when everything opened as asked.
    pub fn open_warnings(&self) -> &[String] {
        &self.open_warnings
    }
    /// The context the engine opened its stages with (for tools that open
    /// another stage, or another artifact of one, over the same directory).
    pub fn stage_context(&self) -> StageContext<'_> {
        stage_context(&self.model_dir, &self.catalog, &self.options)
    }
    pub fn model_dir(&self) -> &ModelDir {
        &self.model_dir
    }
    pub fn manifest(&self) -> &Manifest {
        self.model_dir.manifest()
    }
    pub fn transitions(&self) -> &Transitions {
        &self.pipeline.transitions
    }
    /// The collaborative (EASE) weights, when the learned fusion weighs them.
    pub fn collab(&self) -> Option<&Collab> {
        self.pipeline.collab.as_ref()
    }
    /// The learned fusion's weights, when that rule is in force.
    pub fn learned_fusion(&self) -> Option<&LearnedFusion> {
        self.pipeline.learned.as_ref()
    }
    /// The stages that run (`STAGE_*` bits).
    pub fn stages(&self) -> u32 {
        self.pipeline.settings.stages
    }
    /// The sequential stage (LSTM) when loaded.
    pub fn sequential(&self) -> Option<&Sequential> {
        self.pipeline.sequential.as_ref()
    }
    /// The semantic stage (Sentence-BERT) when loaded.
    pub fn semantic(&self) -> Option<&Semantic> {
        self.pipeline.semantic.as_ref()
    }
    /// The language stage (LLM) when loaded.
    pub fn language(&self) -> Option<&Language> {
        self.pipeline.language.as_ref()
    }
    /// The catalogue as calls see it now (the model directory's, plus the
    /// titles added on the device). Holds a read lock: drop it before
    /// `add_movie` or `remove_movie` on the same thread.
    pub fn catalog(&self) -> CatalogRef<'_> {
        CatalogRef(self.titles.read().unwrap_or_else(|p| p.into_inner()))
    }

    /// The model directory's catalogue (what the models index), without added titles.
    pub fn base_catalog(&self) -> &Catalog {
        &self.catalog
    }
    pub fn options(&self) -> &EngineOptions {
        &self.options
    }

    /// The catalogue index of an active (not removed) movie.
    fn index_of(&self, movie_id: u32) -> Result<u32> {
        let c = self.catalog();
        c.index_of(movie_id).filter(|&i| !c.is_retired(i)).ok_or(Error::UnknownMovie(movie_id))
    }

    /// Adds a title the models have never seen: `genres` `|`-separated,
    /// `year` 0 when unknown. Its Sentence-BERT embedding is computed here;
    /// from then on it can be watched, and the learned fusion ranks it by
    /// content (its fitted cold rule); a loaded language stage may name it
    /// (it joins the title trie). With a state directory the title is
    /// on stable storage before this returns. A removed id may be added
    /// again. On error nothing changed.
    pub fn add_movie(&self, movie_id: u32, title: &str, year: i32, genres: &str) -> Result<()> {
        check_field("title", title)?;
        check_field("genres", genres)?;
        let title = title.trim();
        if title.is_empty() || title.len() > 1024 {
            return Err(Error::InvalidArgument("title must be 1..=1024 bytes".into()));
        }
        if genres.len() > 1024 {
            return Err(Error::InvalidArgument("genres must be at most 1024 bytes".into()));
        }
        let year = u16::try_from(year).ok().filter(|y| *y <= 9999).ok_or_else(|| Error::InvalidArgument(format!("year must be 0..=9999, got {year}")))?;
        let movie = Movie::new(movie_id, title, year, genres);
        let mut log = self.title_log.lock().unwrap_or_else(|p| p.into_inner());
        let new_index = {
            let c = self.catalog();
            match c.index_of(movie_id) {
                Some(i) if !c.is_retired(i) => return Err(Error::MovieExists(movie_id)),
                Some(_) => false,
                None => true,
            }
        };
        // Embed before any lock readers wait on: recommend keeps running meanwhile.
        let mut row = embed_title(self.pipeline.semantic.as_ref(), &movie)?;
        row.familiarity = self.familiarity_of(&movie);
        self.pipeline.prepare_cold()?;
        let mut next = log.clone();
        next.push(TitleRecord::Add(movie.clone()));
        if let Some(store) = &self.store {
            store.save_titles(&next, new_index.then_some(movie_id))?;
        }
        apply_add(&mut self.titles.write().unwrap_or_else(|p| p.into_inner()), movie, row, self.pipeline.language.as_ref())?;
        *log = next;
        Ok(())
    }

    /// Removes a movie (added on the device or from the model directory):
    /// it is no longer recommended and new watches of it are refused; the
    /// histories that hold it keep it. Durable like `add_movie`.
    pub fn remove_movie(&self, movie_id: u32) -> Result<()> {
        let mut log = self.title_log.lock().unwrap_or_else(|p| p.into_inner());
        let index = self.index_of(movie_id)?;
        let mut next = log.clone();
        next.push(TitleRecord::Remove(movie_id));
        if let Some(store) = &self.store {
            store.save_titles(&next, None)?;
        }
        self.titles.write().unwrap_or_else(|p| p.into_inner()).catalog.retire(index);
        *log = next;
        Ok(())
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
        let c = self.catalog();
        self.histories.snapshot(user).indices().into_iter().map(|i| c.movie(i).id).collect()
    }

    pub fn recommend(&self, user: u64, k: usize) -> Result<Recommendations> {
        let history = self.histories.snapshot(user).indices();
        self.recommend_for_history(&history, k)
    }

    /// Decodes the LLM prompt of `user`'s next `recommend` ahead of it (for
    /// an idle moment after `add_watch`): that call then runs only the
    /// answer. A no-op (0) when the engine runs no LLM for this viewer.
    /// Returns the prompt tokens decoded.
    pub fn prepare(&self, user: u64) -> Result<usize> {
        let history = self.histories.snapshot(user).indices();
        self.prepare_for_history(&history)
    }

    /// [`prepare`](Self::prepare) for an explicit history of catalogue indices.
    pub fn prepare_for_history(&self, history: &[u32]) -> Result<usize> {
        let titles = self.titles.read().unwrap_or_else(|p| p.into_inner());
        self.pipeline.prepare(&titles, history)
    }

    /// Recommends for `user` within what `request` asks for (UTF-8, e.g.
    /// "something scary from the eighties"): see [`crate::pipeline::request`].
    /// A request that names nothing the catalogue knows is refused (`UnclearRequest`).
    pub fn recommend_query(&self, user: u64, request: &str, k: usize) -> Result<QueryAnswer> {
        let history = self.histories.snapshot(user).indices();
        self.query_for_history(&history, request, k, &self.options.query_reader.weights())
    }

    /// [`recommend_query`](Self::recommend_query) for an explicit history of
    /// catalogue indices, with the soft terms weighted by `weights` (tools).
    pub fn query_for_history(&self, history: &[u32], request: &str, k: usize, weights: &QueryWeights) -> Result<QueryAnswer> {
        self.query_for_history_by(history, request, k, weights, UNREAD_PHRASES)
    }

    /// [`Engine::query_for_history`] with phrases no rule read read `by`
    /// (to measure the readers; the LLM ones fall back to Sentence-BERT
    /// where the engine has no LLM reader).
    pub fn query_for_history_by(&self, history: &[u32], request: &str, k: usize, weights: &QueryWeights, by: UnreadPhrases) -> Result<QueryAnswer> {
        let titles = self.titles.read().unwrap_or_else(|p| p.into_inner());
        self.pipeline.query(&titles, history, request, k, weights, &|| self.reader_by(by))
    }

    /// What [`Engine::query_for_history`] reads `request` as, unrefused where
    /// it reads nothing (tools: the title linker is fitted on these readings).
    pub fn read_for_history(&self, history: &[u32], request: &str, weights: &QueryWeights) -> Result<Intent> {
        let titles = self.titles.read().unwrap_or_else(|p| p.into_inner());
        Ok(self.pipeline.read_intent(&titles, history, request, weights, &|| self.reader_by(UNREAD_PHRASES))?.0)
    }

    /// The request reader as `by` asks: resolved (and the LLM loaded) only
    /// for a request with a phrase no rule read.
    fn reader_by(&self, by: UnreadPhrases) -> (Option<(&Language, bool)>, Option<String>) {
        if by == UnreadPhrases::Similarity {
            return (None, None);
        }
        let (l, note) = self.reader();
        (l.map(|l| (l, by == UnreadPhrases::LlmThenSimilarity)), note)
    }

    /// Whether the request reader names the film a request refers to (its
    /// adapter is of format version 2); loads the reader as [`Engine::reader`] does.
    pub fn reads_titles_by_llm(&self) -> bool {
        self.reader().0.is_some_and(|l| l.reader_reads_titles())
    }

    /// Whether the request reader's LLM is in memory (the language stage's, or loaded by a request).
    pub fn reader_loaded(&self) -> bool {
        self.pipeline.language.as_ref().is_some_and(|l| l.has_reader()) || self.reader.get().is_some_and(|r| r.is_ok())
    }

    /// The LLM that reads requests: the language stage when it is open with
    /// the reader adapter; otherwise, when the model directory ships the
    /// adapter (`lm-reader`) and the stages allow the LLM (`STAGE_AUTO`, or
    /// `STAGE_LANGUAGE` set), the GGUF and adapter loaded on first use, so
    /// an engine that is never asked a request never pays for the LLM. A
    /// reader that fails to load is reported (the request is then read
    /// without it), on every call.
    pub fn reader(&self) -> (Option<&Language>, Option<String>) {
        if let Some(l) = self.pipeline.language.as_ref() {
            return (l.has_reader().then_some(l), l.reader_note().map(String::from));
        }
        let allowed = self.options.stages & (STAGE_AUTO | STAGE_LANGUAGE) != 0;
        if !allowed || !self.model_dir.has(crate::stages::language::READER_ARTIFACT) {
            return (None, None);
        }
        match self.lazy_llm() {
            Ok(Some(l)) => (l.has_reader().then_some(l), l.reader_note().map(String::from)),
            Ok(None) => (None, None),
            Err(e) => (None, Some(format!("the LLM request reader could not be loaded, the request was read without it: {e}"))),
        }
    }

    /// The LLM outside the pipeline's stages: the language stage when open;
    /// else, when the stages allow it (`STAGE_AUTO`, or `STAGE_LANGUAGE`
    /// set) and the model directory has one, the GGUF (with the reader
    /// adapter when shipped) loaded on first use and kept. Ok(None): not
    /// allowed or not shipped.
    fn lazy_llm(&self) -> std::result::Result<Option<&Language>, String> {
        if let Some(l) = self.pipeline.language.as_ref() {
            return Ok(Some(l));
        }
        let allowed = self.options.stages & (STAGE_AUTO | STAGE_LANGUAGE) != 0;
        if !allowed || !self.model_dir.has(crate::stages::language::LM_ARTIFACT) {
            return Ok(None);
        }
        let loaded = self.reader.get_or_init(|| {
            let ctx = self.stage_context();
            let t = std::time::Instant::now();
            let r = <Language as crate::stages::Stage>::open(&ctx).map_err(|e| e.to_string());
            tracing::info!(ms = t.elapsed().as_secs_f64() * 1e3, ok = r.is_ok(), "LLM loaded outside the pipeline (request reader, title familiarity)");
            r
        });
        loaded.as_ref().map(Some).map_err(Clone::clone)
    }

    /// Recommends for an explicit history of catalogue indices (oldest first).
    pub fn recommend_for_history(&self, history: &[u32], k: usize) -> Result<Recommendations> {
        let t = self.trace(history, k)?;
        Ok(Recommendations { items: t.items, warnings: t.warnings })
    }

    /// What the LLM prompt names for `history` (catalogue indices, oldest
    /// first) and the sequential stage's `top` prediction.
    pub fn prompt_titles(&self, history: &[u32], top: u32) -> (Vec<String>, String) {
        self.pipeline.prompt_titles(&self.catalog(), history, top)
    }

    /// See [`Pipeline::free_generation`].
    pub fn free_generation(&self, history: &[u32]) -> Result<(Vec<f32>, FreeText)> {
        self.pipeline.free_generation(&self.catalog(), history)
    }

    /// Runs the pipeline for `history` (catalogue indices, oldest first) and
    /// returns everything it computed.
    pub fn trace(&self, history: &[u32], k: usize) -> Result<Trace> {
        self.trace_within(history, k, None, 0)
    }

    /// [`Engine::trace`] inside a request's intent (`admitted[i]`: movie i
    /// passes its filters), the learned fusion re-scoring at least `pool`
    /// movies; see [`Pipeline::run_pooled`].
    pub fn trace_within(&self, history: &[u32], k: usize, admitted: Option<&[bool]>, pool: usize) -> Result<Trace> {
        let titles = self.titles.read().unwrap_or_else(|p| p.into_inner());
        self.pipeline.run_pooled(&titles, history, k, admitted, pool)
    }
}

/// A read view of the engine's catalogue (see [`Engine::catalog`]).
pub struct CatalogRef<'a>(RwLockReadGuard<'a, Titles>);

impl std::ops::Deref for CatalogRef<'_> {
    type Target = Catalog;
    fn deref(&self) -> &Catalog {
        &self.0.catalog
    }
}

/// An added title's Sentence-BERT row (what the catalogue embedding holds
/// for the others) and its nearest model-directory movies; zeros and none
/// without the semantic stage.
struct Embedded {
    row: Vec<f32>,
    neighbours: Vec<(u32, f32)>,
    /// Set by the engine ([`Engine::familiarity_of`]); None until then.
    familiarity: Option<f32>,
}

fn embed_title(semantic: Option<&Semantic>, movie: &Movie) -> Result<Embedded> {
    match semantic {
        Some(sem) => {
            let (row, neighbours) = sem.embed_new_title(movie, MAX_NEIGHBOURS)?;
            Ok(Embedded { row, neighbours, familiarity: None })
        }
        None => Ok(Embedded { row: vec![0.0; DIM], neighbours: Vec::new(), familiarity: None }),
    }
}

/// Puts an added title into `titles`: a new index with its row, or a removed
/// one back at its index (an added title's row replaced; a model-directory
/// movie keeps its catalogue row, which its models were built with); and
/// into the LLM's title trie when the language stage is loaded.
fn apply_add(titles: &mut Titles, movie: Movie, e: Embedded, language: Option<&Language>) -> Result<()> {
    let i = titles.catalog.push_added(movie)? as usize;
    if let Some(l) = language {
        l.add_title(&titles.catalog, i as u32);
    }
    titles.vocabulary = Default::default();
    titles.genre_rows = Default::default();
    titles.exemplar_rows = Default::default();
    titles.exemplar_probes = Default::default();
    let base = titles.catalog.base_len();
    if i >= base {
        let k = i - base;
        if k == titles.neighbours.len() {
            titles.added.extend_from_slice(&e.row);
            titles.neighbours.push(e.neighbours);
            titles.familiarity.push(e.familiarity);
        } else {
            titles.added[k * DIM..(k + 1) * DIM].copy_from_slice(&e.row);
            titles.neighbours[k] = e.neighbours;
            titles.familiarity[k] = e.familiarity;
        }
    }
    Ok(())
}
