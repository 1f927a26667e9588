//! The sequential stage: the DUALRec LSTM as an ONNX graph run by ONNX
//! Runtime. Graph contract (written by `dualrec-train lstm`):
//! inputs `items` int64 [batch, time] (right-padded catalogue indices) and
//! `lengths` int32 [batch]; output `scores` float [batch, n_items].

use std::path::Path;
use std::sync::Mutex;

use ort::session::Session;
use ort::value::{Tensor, ValueType};

use crate::error::{Error, Result};
use crate::manifest::{Manifest, Verify};

/// Format version of the `lstm` / `lstm-fp32` manifest entries.
pub const LSTM_VERSION: u32 = 1;
/// Manifest name of the default (int8) model.
pub const LSTM_ARTIFACT: &str = "lstm";

const STAGE: &str = "sequential";

pub struct Sequential {
    /// `Session::run` needs `&mut`; calls are short, so one guarded session
    /// serves every thread of the engine.
    session: Mutex<Session>,
    n_items: usize,
    file: String,
}

impl std::fmt::Debug for Sequential {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sequential").field("file", &self.file).field("n_items", &self.n_items).finish()
    }
}

fn tensor_info(t: &ValueType) -> Option<(ort::value::TensorElementType, Vec<i64>)> {
    match t {
        ValueType::Tensor { ty, shape, .. } => Some((*ty, shape.iter().copied().collect())),
        _ => None,
    }
}

impl Sequential {
    /// Verifies the manifest entry `name`, loads ONNX Runtime if needed and
    /// creates the session once.
    pub fn open(
        manifest: &Manifest,
        dir: &Path,
        name: &str,
        n_items: usize,
        verify: Verify,
        threads: usize,
        onnxruntime: Option<&Path>,
    ) -> Result<Sequential> {
        let f = manifest.open_verified(dir, name, LSTM_VERSION, verify)?;
        crate::onnx::ensure_runtime(onnxruntime, dir)?;
        Self::from_bytes(f.bytes(), n_items, threads, &f.name())
    }

    /// A session over (already verified) ONNX bytes; checks the graph's
    /// inputs, output and catalogue width.
    pub fn from_bytes(bytes: &[u8], n_items: usize, threads: usize, file: &str) -> Result<Sequential> {
        let session = crate::onnx::session_from_bytes(bytes, threads, file)?;
        use ort::value::TensorElementType as T;
        let ins: Vec<(String, Option<(T, Vec<i64>)>)> = session.inputs().iter().map(|o| (o.name().to_string(), tensor_info(o.dtype()))).collect();
        let outs: Vec<(String, Option<(T, Vec<i64>)>)> = session.outputs().iter().map(|o| (o.name().to_string(), tensor_info(o.dtype()))).collect();
        let want_in = |name: &str, ty: T, rank: usize| {
            ins.iter().any(|(n, t)| n == name && matches!(t, Some((x, s)) if *x == ty && s.len() == rank))
        };
        if ins.len() != 2 || !want_in("items", T::Int64, 2) || !want_in("lengths", T::Int32, 1) {
            return Err(Error::corrupt(file, format!("expected inputs items int64 [batch, time] and lengths int32 [batch], found {ins:?}")));
        }
        match outs.iter().find(|(n, _)| n == "scores") {
            Some((_, Some((T::Float32, s)))) if s.len() == 2 => {
                if s[1] != n_items as i64 {
                    return Err(Error::corrupt(file, format!("output scores has width {}, the catalogue has {n_items} movies", s[1])));
                }
            }
            _ => return Err(Error::corrupt(file, format!("expected output scores float [batch, {n_items}], found {outs:?}"))),
        }
        tracing::info!(file, n_items, threads, "sequential model loaded");
        Ok(Sequential { session: Mutex::new(session), n_items, file: file.to_string() })
    }

    pub fn n_items(&self) -> usize {
        self.n_items
    }

    /// Scores every catalogue movie as the next watch after `window`
    /// (catalogue indices, oldest first, non-empty).
    pub fn score(&self, window: &[u32], out: &mut [f32]) -> Result<()> {
        self.score_batch(&[window], out)
    }

    /// Scores several windows at once; `out` is [windows.len() * n_items].
    pub fn score_batch(&self, windows: &[&[u32]], out: &mut [f32]) -> Result<()> {
        let n = self.n_items;
        if out.len() != windows.len() * n {
            return Err(Error::InvalidArgument(format!("score buffer holds {} floats, {} needed", out.len(), windows.len() * n)));
        }
        if windows.is_empty() {
            return Ok(());
        }
        let t = windows.iter().map(|w| w.len()).max().unwrap_or(0);
        if windows.iter().any(|w| w.is_empty()) {
            return Err(Error::InvalidArgument("the sequential stage needs at least one watched movie".into()));
        }
        let mut items = vec![0i64; windows.len() * t];
        for (r, w) in windows.iter().enumerate() {
            for (j, &i) in w.iter().enumerate() {
                if i as usize >= n {
                    return Err(Error::InvalidArgument(format!("catalogue index {i} out of range")));
                }
                items[r * t + j] = i as i64;
            }
        }
        let lengths: Vec<i32> = windows.iter().map(|w| w.len() as i32).collect();
        let fail = |e: ort::Error| Error::Inference { stage: STAGE, why: e.to_string() };
        let items = Tensor::from_array(([windows.len(), t], items)).map_err(fail)?;
        let lengths = Tensor::from_array(([windows.len()], lengths)).map_err(fail)?;
        let mut session = self.session.lock().unwrap_or_else(|p| p.into_inner());
        let outputs = session.run(ort::inputs!["items" => items, "lengths" => lengths]).map_err(fail)?;
        let (shape, data) = outputs["scores"].try_extract_tensor::<f32>().map_err(fail)?;
        if shape.len() != 2 || shape[0] as usize != windows.len() || shape[1] as usize != n || data.len() != out.len() {
            return Err(Error::Inference { stage: STAGE, why: format!("{}: output shape {:?}, expected [{}, {n}]", self.file, &shape[..], windows.len()) });
        }
        out.copy_from_slice(data);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use super::*;
    use crate::engine::{Engine, EngineOptions, SOURCE_SEQUENTIAL, STAGE_SEQUENTIAL};
    use crate::manifest::sha256_hex;

    const MODELS: &str = "models";

    fn runtime() -> Option<PathBuf> {
        std::env::var_os("DUALREC_ONNXRUNTIME")
            .map(PathBuf::from)
            .or_else(|| Path::new("runtime/libonnxruntime.so").canonicalize().ok())
    }

    fn options(dir: &Path) -> EngineOptions {
        EngineOptions { model_dir: dir.to_path_buf(), stages: STAGE_SEQUENTIAL, n_threads: 1, onnxruntime_path: runtime(), ..Default::default() }
    }

    /// A model directory with only the catalogue, transitions and the LSTM.
    fn copy_models(mut lstm: impl FnMut(Vec<u8>) -> Vec<u8>, update_manifest: bool) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let m = Manifest::load(Path::new(MODELS)).unwrap();
        let mut out = Manifest::default();
        for name in ["catalog", "transitions", LSTM_ARTIFACT] {
            let mut a = m.get(name).unwrap().clone();
            let mut bytes = std::fs::read(Path::new(MODELS).join(&a.file)).unwrap();
            if name == LSTM_ARTIFACT {
                bytes = lstm(bytes);
                if update_manifest {
                    a.sha256 = sha256_hex(&bytes);
                    a.size = bytes.len() as u64;
                }
            }
            std::fs::write(dir.path().join(&a.file), &bytes).unwrap();
            out.upsert(a);
        }
        out.save(dir.path()).unwrap();
        dir
    }

    #[test]
    fn committed_model_ranks_sensibly() {
        let engine = Engine::open(&options(Path::new(MODELS))).expect("opening models/ with the sequential stage (needs ONNX Runtime: scripts/setup.sh)");
        assert_eq!(engine.stages(), STAGE_SEQUENTIAL);
        let c = engine.catalog();
        // Star Wars IV and V watched: Return of the Jedi must come up.
        let history: Vec<u32> = [260, 1196].iter().map(|&id| c.index_of(id).unwrap()).collect();
        let r = engine.recommend_for_history(&history, 10).unwrap();
        assert!(r.warnings.is_empty(), "{:?}", r.warnings);
        assert_eq!(r.items.len(), 10);
        assert!(r.items.iter().all(|i| i.sources == SOURCE_SEQUENTIAL && i.score.is_finite() && !history.contains(&i.index)));
        assert!(r.items.windows(2).all(|w| w[0].score >= w[1].score));
        let ids: Vec<u32> = r.items.iter().map(|i| i.movie_id).collect();
        assert!(ids.contains(&1210), "Return of the Jedi missing from {ids:?}");
        // Same answer from several threads sharing the engine (one guarded session).
        std::thread::scope(|s| {
            for _ in 0..4 {
                s.spawn(|| assert_eq!(engine.recommend_for_history(&history, 10).unwrap().items, r.items));
            }
        });
        // Empty history: the sequential stage has nothing to read; popularity answers.
        assert!(engine.recommend_for_history(&[], 5).unwrap().items.iter().all(|i| i.sources != SOURCE_SEQUENTIAL));
    }

    #[test]
    fn corrupt_or_truncated_model_is_a_clear_error() {
        // Truncated, with a manifest that matches the truncated bytes: ORT refuses it.
        let dir = copy_models(|b| b[..b.len() / 3].to_vec(), true);
        let e = Engine::open(&options(dir.path())).unwrap_err();
        assert!(matches!(e, Error::ModelCorrupt { .. }), "{e}");
        // Garbage bytes.
        let dir = copy_models(|_| b"definitely not onnx".to_vec(), true);
        assert!(matches!(Engine::open(&options(dir.path())).unwrap_err(), Error::ModelCorrupt { .. }));
        // Tampered without updating the manifest: refused before ORT sees it.
        let dir = copy_models(|mut b| {
            let n = b.len() / 2;
            b[n] ^= 0xff;
            b
        }, false);
        assert!(matches!(Engine::open(&options(dir.path())).unwrap_err(), Error::ModelChecksum { .. }));
        // Intact copy opens.
        let dir = copy_models(|b| b, false);
        assert!(Engine::open(&options(dir.path())).is_ok());
    }
}
