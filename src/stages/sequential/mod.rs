//! The sequential stage: the DUALRec LSTM, the ONNX graph `dualrec-train
//! lstm` writes. Graph contract: inputs `items` int64 [batch, time]
//! (right-padded catalogue indices) and `lengths` int32 [batch]; output
//! `scores` float [batch, n_items].
//!
//! The library runs it itself ([`lstm`]); ONNX Runtime runs the same file
//! where a tool asks for it ([`Runner::OnnxRuntime`]: the reference the
//! native run is checked against).

mod lstm;

use std::path::Path;
use std::sync::Mutex;

use ort::session::Session;
use ort::value::{Tensor, ValueType};

use crate::error::{Error, Result};
use crate::model_dir::ModelDir;
use crate::stages::{Stage, StageContext};

/// Format version of the `lstm` / `lstm-fp32` manifest entries.
pub const LSTM_VERSION: u32 = 1;
/// Manifest name of the default (int8) model.
pub const LSTM_ARTIFACT: &str = "lstm";

const STAGE: &str = "sequential";

/// What runs the graph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Runner {
    /// The library's own kernels (the engine's).
    #[default]
    Native,
    /// ONNX Runtime, loaded at run time (tools and tests: the reference).
    OnnxRuntime,
}

enum Net {
    Native(lstm::Lstm),
    /// `Session::run` needs `&mut`; calls are short, so one guarded session
    /// serves every thread.
    Ort(Mutex<Session>),
}

pub struct Sequential {
    net: Net,
    n_items: usize,
    file: String,
}

impl std::fmt::Debug for Sequential {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sequential").field("file", &self.file).field("n_items", &self.n_items).field("runner", &self.runner()).finish()
    }
}

fn tensor_info(t: &ValueType) -> Option<(ort::value::TensorElementType, Vec<i64>)> {
    match t {
        ValueType::Tensor { ty, shape, .. } => Some((*ty, shape.iter().copied().collect())),
        _ => None,
    }
}

impl Stage for Sequential {
    const NAME: &'static str = STAGE;
    fn artifacts(_: &StageContext) -> Vec<&'static str> {
        vec![LSTM_ARTIFACT]
    }
    fn open(ctx: &StageContext) -> Result<Self> {
        Self::open_artifact(ctx.dir, LSTM_ARTIFACT, ctx.catalog.len(), ctx.threads, Runner::Native, ctx.onnxruntime_path)
    }
}

impl Sequential {
    /// Verifies the manifest entry `name` (`lstm`, or `lstm-fp32` for the
    /// tools) and reads it for `runner` (loading ONNX Runtime, from
    /// `onnxruntime` or the usual places, only for [`Runner::OnnxRuntime`]).
    pub fn open_artifact(dir: &ModelDir, name: &str, n_items: usize, threads: usize, runner: Runner, onnxruntime: Option<&Path>) -> Result<Sequential> {
        let f = dir.open_verified(name, LSTM_VERSION)?;
        match runner {
            Runner::Native => {
                let net = lstm::Lstm::open(f.bytes(), Some(&f.map), n_items, threads, &f.name())?;
                tracing::info!(file = %f.name(), n_items, threads, ?net, "sequential model loaded");
                Ok(Sequential { net: Net::Native(net), n_items, file: f.name() })
            }
            Runner::OnnxRuntime => {
                crate::stages::onnx::ensure_runtime(onnxruntime, dir.path())?;
                Self::from_session(crate::stages::onnx::session_from_file(&f, threads)?, n_items, threads, &f.name())
            }
        }
    }

    /// The graph in (already verified) ONNX bytes, read for `runner` (ONNX
    /// Runtime must be loaded already for [`Runner::OnnxRuntime`]); checks
    /// the graph and the catalogue width.
    pub fn from_bytes(bytes: &[u8], n_items: usize, threads: usize, runner: Runner, file: &str) -> Result<Sequential> {
        match runner {
            Runner::Native => Ok(Sequential { net: Net::Native(lstm::Lstm::open(bytes, None, n_items, threads, file)?), n_items, file: file.to_string() }),
            Runner::OnnxRuntime => Self::from_session(crate::stages::onnx::session_from_bytes(bytes, threads, file)?, n_items, threads, file),
        }
    }

    pub fn runner(&self) -> Runner {
        match self.net {
            Net::Native(_) => Runner::Native,
            Net::Ort(_) => Runner::OnnxRuntime,
        }
    }

    fn from_session(session: ort::session::Session, n_items: usize, threads: usize, file: &str) -> Result<Sequential> {
        use ort::value::TensorElementType as T;
        type Port = (String, Option<(T, Vec<i64>)>); // name, element type and shape
        let ins: Vec<Port> = session.inputs().iter().map(|o| (o.name().to_string(), tensor_info(o.dtype()))).collect();
        let outs: Vec<Port> = session.outputs().iter().map(|o| (o.name().to_string(), tensor_info(o.dtype()))).collect();
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
        tracing::info!(file, n_items, threads, "sequential model loaded (ONNX Runtime)");
        Ok(Sequential { net: Net::Ort(Mutex::new(session)), n_items, file: file.to_string() })
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
        if windows.iter().any(|w| w.is_empty()) {
            return Err(Error::InvalidArgument("the sequential stage needs at least one watched movie".into()));
        }
        if let Some(&i) = windows.iter().flat_map(|w| w.iter()).find(|&&i| i as usize >= n) {
            return Err(Error::InvalidArgument(format!("catalogue index {i} out of range")));
        }
        let session = match &self.net {
            Net::Native(net) => {
                net.score_batch(windows, out);
                return Ok(());
            }
            Net::Ort(session) => session,
        };
        let t = windows.iter().map(|w| w.len()).max().unwrap_or(0);
        let mut items = vec![0i64; windows.len() * t];
        for (r, w) in windows.iter().enumerate() {
            for (j, &i) in w.iter().enumerate() {
                items[r * t + j] = i as i64;
            }
        }
        let lengths: Vec<i32> = windows.iter().map(|w| w.len() as i32).collect();
        let fail = |e: ort::Error| Error::Inference { stage: STAGE, why: e.to_string() };
        let items = Tensor::from_array(([windows.len(), t], items)).map_err(fail)?;
        let lengths = Tensor::from_array(([windows.len()], lengths)).map_err(fail)?;
        let mut session = session.lock().unwrap_or_else(|p| p.into_inner());
        let outputs = session.run(ort::inputs!["items" => items, "lengths" => lengths]).map_err(fail)?;
        let (shape, data) = outputs["scores"].try_extract_tensor::<f32>().map_err(fail)?;
        if shape.len() != 2 || shape[0] as usize != windows.len() || shape[1] as usize != n || data.len() != out.len() {
            return Err(Error::Inference { stage: STAGE, why: format!("{}: output shape {:?}, expected [{}, {n}]", self.file, &shape[..], windows.len()) });
        }
        out.copy_from_slice(data);
        Ok(())
    }
}
