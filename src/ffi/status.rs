//! The one status enum of the C ABI. Numbers are grouped by family and are
//! never renumbered: new codes take new numbers.

use std::ffi::c_char;

use crate::error::Error;

/// Result of every fallible `dualrec_*` function. `DUALREC_STATUS_OK` is 0;
/// `dualrec_status_str` names a code and `dualrec_last_error` gives details.
#[repr(C)]
#[allow(non_camel_case_types)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum dualrec_status {
    Ok = 0,
    // 1xx: the caller's arguments
    NullPointer = 100,
    InvalidArgument = 101,
    InvalidUtf8 = 102,
    BufferTooSmall = 103,
    StructSize = 104,
    // 2xx: lookups
    UnknownMovie = 200,
    UnknownUser = 201,
    NoSuchTitle = 202,
    // 3xx: model files and runtimes
    ModelDirNotFound = 300,
    ModelMissing = 301,
    ModelCorrupt = 302,
    ModelVersion = 303,
    ModelChecksum = 304,
    RuntimeUnavailable = 305,
    StateCorrupt = 306,
    StateLocked = 307,
    // 4xx: inference
    Inference = 400,
    // 9xx: the system and the library itself
    Io = 900,
    Panic = 901,
    Internal = 902,
}

impl dualrec_status {
    pub fn of(e: &Error) -> Self {
        use dualrec_status as S;
        match e {
            Error::NullPointer(_) => S::NullPointer,
            Error::BufferTooSmall { .. } => S::BufferTooSmall,
            Error::StructSize { .. } => S::StructSize,
            Error::InvalidArgument(_) => S::InvalidArgument,
            Error::InvalidUtf8(_) => S::InvalidUtf8,
            Error::UnknownMovie(_) => S::UnknownMovie,
            Error::UnknownUser(_) => S::UnknownUser,
            Error::NoSuchTitle(_) => S::NoSuchTitle,
            Error::ModelDirNotFound(_) => S::ModelDirNotFound,
            Error::ModelMissing(_) => S::ModelMissing,
            Error::ModelCorrupt { .. } => S::ModelCorrupt,
            Error::ModelVersion { .. } => S::ModelVersion,
            Error::ModelChecksum { .. } => S::ModelChecksum,
            Error::RuntimeUnavailable(_) => S::RuntimeUnavailable,
            Error::StateCorrupt { .. } => S::StateCorrupt,
            Error::StateLocked(_) => S::StateLocked,
            Error::Inference { .. } => S::Inference,
            Error::Io { .. } => S::Io,
            Error::Internal(_) => S::Internal,
        }
    }

    fn text(self) -> &'static std::ffi::CStr {
        use dualrec_status as S;
        match self {
            S::Ok => c"ok",
            S::NullPointer => c"a required pointer argument is NULL",
            S::InvalidArgument => c"invalid argument",
            S::InvalidUtf8 => c"string is not valid UTF-8",
            S::BufferTooSmall => c"buffer too small; *out_len holds the size needed",
            S::StructSize => c"struct_size does not match this library",
            S::UnknownMovie => c"unknown movie id",
            S::UnknownUser => c"unknown user",
            S::NoSuchTitle => c"no catalogue movie matches the title",
            S::ModelDirNotFound => c"model directory not found",
            S::ModelMissing => c"model artifact missing",
            S::ModelCorrupt => c"model artifact corrupt",
            S::ModelVersion => c"model artifact has an unsupported version",
            S::ModelChecksum => c"model artifact does not match its manifest (size or sha256)",
            S::RuntimeUnavailable => c"runtime library (ONNX Runtime) unavailable",
            S::StateCorrupt => c"state file (journal or snapshot) corrupt beyond a torn tail",
            S::StateLocked => c"state directory in use by another engine",
            S::Inference => c"inference failed",
            S::Io => c"I/O error",
            S::Panic => c"internal panic caught at the API boundary",
            S::Internal => c"internal error",
        }
    }
}

/// Static, NUL-terminated English text for a status. Never NULL; unknown
/// values give "unknown status". Thread-safe.
#[no_mangle]
pub extern "C" fn dualrec_status_str(status: dualrec_status) -> *const c_char {
    // A C caller can pass any int; match on the raw value, not the enum.
    let raw = status as i32;
    let known = [
        dualrec_status::Ok,
        dualrec_status::NullPointer,
        dualrec_status::InvalidArgument,
        dualrec_status::InvalidUtf8,
        dualrec_status::BufferTooSmall,
        dualrec_status::StructSize,
        dualrec_status::UnknownMovie,
        dualrec_status::UnknownUser,
        dualrec_status::NoSuchTitle,
        dualrec_status::ModelDirNotFound,
        dualrec_status::ModelMissing,
        dualrec_status::ModelCorrupt,
        dualrec_status::ModelVersion,
        dualrec_status::ModelChecksum,
        dualrec_status::RuntimeUnavailable,
        dualrec_status::StateCorrupt,
        dualrec_status::StateLocked,
        dualrec_status::Inference,
        dualrec_status::Io,
        dualrec_status::Panic,
        dualrec_status::Internal,
    ];
    match known.iter().find(|s| **s as i32 == raw) {
        Some(s) => s.text().as_ptr(),
        None => c"unknown status".as_ptr(),
    }
}
