//! The stages, each a model over the verified model directory. They depend
//! on `model_dir` and never on each other or on the pipeline that runs them.
//!
//! Every stage opens the same way, through [`Stage::open`] over a
//! [`StageContext`], and the engine applies one rule to all of them
//! ([`open_stage`]): a stage whose artifacts the manifest does not list is
//! not provided; one whose runtime library is missing is skipped with a
//! warning when the caller asked for whatever the directory provides, and is
//! an error when the caller asked for it by name; a corrupt, tampered or
//! wrong-version artifact is always an error (integrity never degrades).

pub mod collab;
pub(crate) mod cpu;
pub mod language;
pub mod onnx;
pub(crate) mod onnx_file;
pub mod semantic;
pub mod sequential;
pub mod transitions;

use std::path::Path;

use crate::error::{Error, Result};
use crate::model_dir::catalog::Catalog;
use crate::model_dir::ModelDir;

/// What every stage opens from.
#[derive(Debug, Clone, Copy)]
pub struct StageContext<'a> {
    pub dir: &'a ModelDir,
    pub catalog: &'a Catalog,
    /// Threads per inference call (resolved, >= 1).
    pub threads: usize,
    /// LLM layers offloaded to a GPU (-1 = all).
    pub n_gpu_layers: i32,
    /// Which Sentence-BERT weights the semantic stage runs.
    pub sbert_precision: semantic::Precision,
    /// ONNX Runtime's shared library; None = the usual places.
    pub onnxruntime_path: Option<&'a Path>,
}

/// One stage of the pipeline, as the engine opens it.
pub trait Stage: Sized {
    /// The stage's name in warnings and errors.
    const NAME: &'static str;
    /// Manifest artifacts the stage needs: it is provided when all are listed.
    fn artifacts(ctx: &StageContext) -> Vec<&'static str>;
    /// Opens the stage from its verified artifacts.
    fn open(ctx: &StageContext) -> Result<Self>;
}

/// How the caller asked for a stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Want {
    /// Not wanted: not opened.
    No,
    /// Wanted if the model directory provides it (`STAGE_AUTO`).
    IfProvided,
    /// Asked for by name: missing artifacts or runtime are errors.
    Required,
}

/// Hands the C heap's free pages back to the system (glibc's
/// `malloc_trim`). Called once after a large model is loaded: parsing and
/// repacking leave tens of MB freed but resident, which the next load (the
/// encoder after the LLM) would otherwise stack on. Elsewhere a no-op.
pub(crate) fn release_free_heap() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only returns free memory; it takes the allocator's own locks.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Whether the model directory provides stage `S`.
pub fn provided<S: Stage>(ctx: &StageContext) -> bool {
    S::artifacts(ctx).iter().all(|a| ctx.dir.has(a))
}

/// Opens stage `S` under the one rule of this module's documentation.
/// `Ok(None)`: not wanted, not provided (and not required), or skipped for
/// a missing runtime (a warning is pushed onto `warnings`).
pub fn open_stage<S: Stage>(ctx: &StageContext, want: Want, warnings: &mut Vec<String>) -> Result<Option<S>> {
    if want == Want::No {
        return Ok(None);
    }
    if !provided::<S>(ctx) {
        if want == Want::Required {
            let missing: Vec<&str> = S::artifacts(ctx).into_iter().filter(|a| !ctx.dir.has(a)).collect();
            return Err(Error::ModelMissing(format!("the {} stage needs {} in the model directory's manifest", S::NAME, missing.join(", "))));
        }
        return Ok(None);
    }
    match S::open(ctx) {
        Ok(s) => Ok(Some(s)),
        Err(Error::RuntimeUnavailable(why)) if want == Want::IfProvided => {
            tracing::warn!(stage = S::NAME, %why, "stage skipped");
            warnings.push(format!("{} stage skipped: runtime unavailable: {why}", S::NAME));
            Ok(None)
        }
        Err(e) => Err(e),
    }
}
