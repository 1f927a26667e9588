//! The library's error type. Every variant maps to exactly one C status
//! (`ffi::status`), so a Rust caller and a C caller see the same taxonomy.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("NULL pointer passed for {0}")]
    NullPointer(&'static str),
    #[error("buffer too small: {needed} bytes needed")]
    BufferTooSmall { needed: usize },
    #[error("struct_size {got} is not a size this library accepts ({min}..={max})")]
    StructSize { got: usize, min: usize, max: usize },
    #[error("invalid argument: {0}")]
    InvalidArgument(String),
    #[error("string is not valid UTF-8: {0}")]
    InvalidUtf8(String),
    #[error("unknown movie id {0}")]
    UnknownMovie(u32),
    #[error("unknown user {0}")]
    UnknownUser(u64),
    #[error("no movie matches title {0:?}")]
    NoSuchTitle(String),
    #[error("title {title:?} names several movies; add the year: {candidates}")]
    AmbiguousTitle { title: String, candidates: String },
    #[error("movie id {0} is already in the catalogue")]
    MovieExists(u32),
    #[error("request not understood: {0}")]
    UnclearRequest(String),
    #[error("model directory {0} does not exist or is not a directory")]
    ModelDirNotFound(PathBuf),
    #[error("model artifact missing: {0}")]
    ModelMissing(String),
    #[error("model artifact {file} is corrupt: {why}")]
    ModelCorrupt { file: String, why: String },
    #[error("model artifact {file} has version {found}, this library reads {expected}")]
    ModelVersion { file: String, found: String, expected: String },
    #[error("model artifact {file} fails verification: {why}")]
    ModelChecksum { file: String, why: String },
    #[error("runtime library unavailable: {0}")]
    RuntimeUnavailable(String),
    #[error("inference failed in stage {stage}: {why}")]
    Inference { stage: &'static str, why: String },
    #[error("I/O error on {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("state file {file} is corrupt: {why}")]
    StateCorrupt { file: String, why: String },
    #[error("state directory {0} is in use by another engine")]
    StateLocked(PathBuf),
    #[error("internal error: {0}")]
    Internal(String),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A failure the library remembers (a damaged artifact read once) is
/// returned again as it was; an I/O error keeps its kind and message.
impl Clone for Error {
    fn clone(&self) -> Self {
        match self {
            Error::NullPointer(s) => Error::NullPointer(s),
            Error::BufferTooSmall { needed } => Error::BufferTooSmall { needed: *needed },
            Error::StructSize { got, min, max } => Error::StructSize { got: *got, min: *min, max: *max },
            Error::InvalidArgument(s) => Error::InvalidArgument(s.clone()),
            Error::InvalidUtf8(s) => Error::InvalidUtf8(s.clone()),
            Error::UnknownMovie(i) => Error::UnknownMovie(*i),
            Error::UnknownUser(u) => Error::UnknownUser(*u),
            Error::NoSuchTitle(s) => Error::NoSuchTitle(s.clone()),
            Error::AmbiguousTitle { title, candidates } => Error::AmbiguousTitle { title: title.clone(), candidates: candidates.clone() },
            Error::MovieExists(i) => Error::MovieExists(*i),
            Error::UnclearRequest(s) => Error::UnclearRequest(s.clone()),
            Error::ModelDirNotFound(p) => Error::ModelDirNotFound(p.clone()),
            Error::ModelMissing(s) => Error::ModelMissing(s.clone()),
            Error::ModelCorrupt { file, why } => Error::ModelCorrupt { file: file.clone(), why: why.clone() },
            Error::ModelVersion { file, found, expected } => Error::ModelVersion { file: file.clone(), found: found.clone(), expected: expected.clone() },
            Error::ModelChecksum { file, why } => Error::ModelChecksum { file: file.clone(), why: why.clone() },
            Error::RuntimeUnavailable(s) => Error::RuntimeUnavailable(s.clone()),
            Error::Inference { stage, why } => Error::Inference { stage, why: why.clone() },
            Error::Io { path, source } => Error::Io { path: path.clone(), source: std::io::Error::new(source.kind(), source.to_string()) },
            Error::StateCorrupt { file, why } => Error::StateCorrupt { file: file.clone(), why: why.clone() },
            Error::StateLocked(p) => Error::StateLocked(p.clone()),
            Error::Internal(s) => Error::Internal(s.clone()),
        }
    }
}

impl Error {
    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io { path: path.into(), source }
    }
    pub(crate) fn corrupt(file: impl Into<String>, why: impl Into<String>) -> Self {
        Error::ModelCorrupt { file: file.into(), why: why.into() }
    }
}
