//! ONNX Runtime, loaded at run time from its shared library (`ort`'s
//! load-dynamic). Never `ort::init()`: it panics when the library is missing;
//! here a missing or wrong library is `Error::RuntimeUnavailable`.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use crate::error::{Error, Result};
use crate::model_dir::manifest::VerifiedFile;

/// The process-wide ORT environment; kept alive for the life of the process
/// (sessions refer to it). Err holds the first failure's text.
static RUNTIME: OnceLock<std::result::Result<(PathBuf, ort::environment::Environment), String>> = OnceLock::new();
static INIT_LOCK: Mutex<()> = Mutex::new(());

const LIB_NAME: &str = if cfg!(target_os = "macos") {
    "libonnxruntime.dylib"
} else if cfg!(windows) {
    "onnxruntime.dll"
} else {
    "libonnxruntime.so"
};

/// Where to look, in order: the caller's path, $DUALREC_ONNXRUNTIME,
/// $ORT_DYLIB_PATH, `runtime/` beside the model directory, the model
/// directory, the executable's directory, `runtime/` of the source tree this
/// library was built from (what scripts/dev/setup.sh installs: tools run
/// from a build tree find it for a model directory anywhere), then the
/// system loader's search.
fn candidates(explicit: Option<&Path>, model_dir: &Path) -> Vec<PathBuf> {
    let mut v = Vec::new();
    if let Some(p) = explicit {
        v.push(p.to_path_buf());
        return v; // an explicit path is the only one tried
    }
    for var in ["DUALREC_ONNXRUNTIME", "ORT_DYLIB_PATH"] {
        if let Some(p) = std::env::var_os(var) {
            v.push(PathBuf::from(p));
        }
    }
    if let Some(parent) = model_dir.parent() {
        v.push(parent.join("runtime").join(LIB_NAME));
    }
    v.push(model_dir.join(LIB_NAME));
    if let Some(dir) = std::env::current_exe().ok().and_then(|e| e.parent().map(Path::to_path_buf)) {
        v.push(dir.join(LIB_NAME));
    }
    v.push(Path::new(env!("CARGO_MANIFEST_DIR")).join("runtime").join(LIB_NAME));
    v
}

/// ONNX Runtime's own full opt-out of its telemetry, read once as it loads.
/// Its official builds (1.32 on) report usage from Linux and macOS too: they
/// queue events for upload and keep a device id under
/// `~/.cache/Microsoft/DeveloperTools`. An on-device SDK sends nothing and
/// writes only where it is told; `with_telemetry(false)` alone still leaves
/// the uploader, the device id and a process event.
pub const TELEMETRY_OPT_OUT: &str = "ORT_DISABLE_TELEMETRY";

/// Sets [`TELEMETRY_OPT_OUT`] unless the process has set it (either way).
fn opt_out_of_telemetry() {
    if std::env::var_os(TELEMETRY_OPT_OUT).is_none() {
        tracing::debug!("setting {TELEMETRY_OPT_OUT}=1 before loading ONNX Runtime");
        std::env::set_var(TELEMETRY_OPT_OUT, "1");
    }
}

/// Loads ONNX Runtime once per process. Later calls return the first outcome.
pub fn ensure_runtime(explicit: Option<&Path>, model_dir: &Path) -> Result<&'static Path> {
    let _g = INIT_LOCK.lock().unwrap_or_else(|p| p.into_inner());
    let r = RUNTIME.get_or_init(|| {
        opt_out_of_telemetry();
        let cands = candidates(explicit, model_dir);
        let found = cands.iter().find(|p| p.is_file()).cloned();
        // Fall back to the system search path only when nothing explicit was given.
        let path = match (found, explicit) {
            (Some(p), _) => p,
            (None, Some(p)) => return Err(format!("{} does not exist", p.display())),
            (None, None) => PathBuf::from(LIB_NAME),
        };
        let builder = ort::init_from(&path).map_err(|e| format!("loading {}: {e}", path.display()))?;
        let env = builder.with_name("dualrec").with_telemetry(false).build().map_err(|e| format!("creating the ONNX Runtime environment: {e}"))?;
        tracing::info!(path = %path.display(), "ONNX Runtime loaded");
        Ok((path, env))
    });
    match r {
        Ok((p, _)) => Ok(p.as_path()),
        Err(e) => Err(Error::RuntimeUnavailable(format!(
            "{e}; set dualrec_options.onnxruntime_path or DUALREC_ONNXRUNTIME (scripts/dev/setup.sh installs it into runtime/)"
        ))),
    }
}

/// A session over a verified model file (ONNX Runtime reads it from
/// [`VerifiedFile::runtime_path`]: made from the mapped bytes instead, the
/// mapping's pages and ONNX Runtime's parsed copy were resident together,
/// and the encoder's load peaked about 27 MB higher), `threads` intra-op
/// threads.
/// [`ensure_runtime`] must have succeeded first.
pub fn session_from_file(model: &VerifiedFile, threads: usize) -> Result<ort::session::Session> {
    let file = model.name();
    let fail = |e: ort::Error| Error::corrupt(file.as_str(), format!("ONNX Runtime refused the model: {e}"));
    builder(threads, &file)?.commit_from_file(model.runtime_path()).map_err(fail)
}

/// A session over verified model bytes, `threads` intra-op threads.
/// [`ensure_runtime`] must have succeeded first.
pub fn session_from_bytes(bytes: &[u8], threads: usize, file: &str) -> Result<ort::session::Session> {
    let fail = |e: ort::Error| Error::corrupt(file, format!("ONNX Runtime refused the model: {e}"));
    builder(threads, file)?.commit_from_memory(bytes).map_err(fail)
}

fn builder(threads: usize, file: &str) -> Result<ort::session::builder::SessionBuilder> {
    let env = match RUNTIME.get() {
        Some(Ok((_, env))) => env,
        _ => return Err(Error::RuntimeUnavailable("ONNX Runtime is not loaded".into())),
    };
    let fail = |e: ort::Error| Error::corrupt(file, format!("ONNX Runtime refused the model: {e}"));
    let builder = ort::session::Session::builder(env).map_err(fail)?;
    builder
        .with_intra_threads(threads.max(1))
        .map_err(|e| fail(e.into()))?
        .with_inter_threads(1)
        .map_err(|e| fail(e.into()))?
        // Spin only while a run is active: a pool thread left spinning after
        // it takes a core from llama.cpp's decode that follows on 2 cores.
        .with_config_entry("session.force_spinning_stop", "1")
        .map_err(|e| fail(e.into()))
}

/// Threads per inference call for `n_threads` (0 = one per core, at most 4).
pub fn resolve_threads(n_threads: u32) -> usize {
    if n_threads > 0 {
        n_threads as usize
    } else {
        std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1).min(4)
    }
}
