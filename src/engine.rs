//! The engine: catalogue + histories + the loaded stages, behind one
//! thread-safe object. Data flows one way: history -> stages -> ranking.

use std::path::PathBuf;

use crate::catalog::Catalog;
use crate::error::{Error, Result};
use crate::history::Histories;
use crate::manifest::{Manifest, Verify};
use crate::ranking::top_k;
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
    stages: u32,
    window: usize,
    manifest: Manifest,
    options: EngineOptions,
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
        let stages = if options.stages & STAGE_AUTO != 0 { available } else { options.stages };
        if stages & !available != 0 {
            return Err(Error::ModelMissing(format!(
                "stages {:#x} requested but the model directory provides {:#x}",
                stages, available
            )));
        }
        tracing::info!(movies = catalog.len(), stages, "dualrec engine open");
        Ok(Engine {
            catalog,
            histories: Histories::default(),
            transitions,
            sequential,
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
        self.histories.add(user, idx, unix_time);
        Ok(())
    }

    pub fn forget_user(&self, user: u64) -> Result<()> {
        if self.histories.forget(user) {
            Ok(())
        } else {
            Err(Error::UnknownUser(user))
        }
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
        if k == 0 || k > MAX_RECOMMENDATIONS {
            return Err(Error::InvalidArgument(format!(
                "capacity must be 1..={MAX_RECOMMENDATIONS}, got {k}"
            )));
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
        let mut scores = vec![0f32; n];
        let mut warnings = Vec::new();
        let mut sequential = false;
        if let (Some(seq), false) = (&self.sequential, window.is_empty()) {
            if self.stages & STAGE_SEQUENTIAL != 0 {
                match seq.score(window, &mut scores) {
                    Ok(()) => sequential = true,
                    Err(e) => warnings.push(format!("sequential stage failed, answered from transitions: {e}")),
                }
            }
        }
        if !sequential {
            self.transitions.score(window, &mut scores);
        }
        let items = top_k(&scores, &excluded, k)
            .into_iter()
            .map(|(index, score)| Recommendation {
                index,
                movie_id: self.catalog.movie(index).id,
                score,
                // Above the popularity prior's ceiling a transition probability spoke.
                sources: if sequential {
                    SOURCE_SEQUENTIAL
                } else if !window.is_empty() && score > POPULARITY_WEIGHT { SOURCE_TRANSITIONS } else { SOURCE_POPULARITY },
            })
            .collect();
        Ok(Recommendations { items, warnings })
    }
}
