//! The one status enum of the C ABI. Numbers are grouped by family and are
//! never renumbered: new codes take new numbers.
//!
//! The enum below is the only list: each variant's first doc line is the
//! text `dualrec_status_str` returns, and build.rs turns the list into the
//! table the functions here read (`status_table.rs`), so a code cannot be
//! added without its text or left out of `dualrec_status_str`.

use std::ffi::{c_char, CStr};

use crate::error::Error;

/// Result of every fallible `dualrec_*` function. `DUALREC_STATUS_OK` is 0;
/// `dualrec_status_str` names a code and `dualrec_last_error` gives details.
#[repr(C)]
#[allow(non_camel_case_types)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum dualrec_status {
    /// ok
    Ok = 0,
    // 1xx: the caller's arguments
    /// a required pointer argument is NULL
    NullPointer = 100,
    /// invalid argument
    InvalidArgument = 101,
    /// string is not valid UTF-8
    InvalidUtf8 = 102,
    /// buffer too small; *out_len holds the size needed
    BufferTooSmall = 103,
    /// struct_size does not match this library
    StructSize = 104,
    // 2xx: lookups
    /// unknown movie id
    UnknownMovie = 200,
    /// unknown user
    UnknownUser = 201,
    /// no catalogue movie matches the title
    NoSuchTitle = 202,
    /// the title names several catalogue movies; add the year
    AmbiguousTitle = 203,
    /// the movie id is already in the catalogue
    MovieExists = 204,
    /// the request names no genre, year, title or title word of the catalogue (or is empty)
    UnclearRequest = 205,
    // 3xx: model files and runtimes
    /// model directory not found
    ModelDirNotFound = 300,
    /// model artifact missing
    ModelMissing = 301,
    /// model artifact corrupt
    ModelCorrupt = 302,
    /// model artifact has an unsupported version
    ModelVersion = 303,
    /// model artifact does not match its manifest (size or sha256)
    ModelChecksum = 304,
    /// runtime library (ONNX Runtime) unavailable
    RuntimeUnavailable = 305,
    /// state file (journal or snapshot) corrupt beyond a torn tail
    StateCorrupt = 306,
    /// state directory in use by another engine
    StateLocked = 307,
    // 4xx: inference
    /// inference failed
    Inference = 400,
    // 9xx: the system and the library itself
    /// I/O error
    Io = 900,
    /// internal panic caught at the API boundary
    Panic = 901,
    /// internal error
    Internal = 902,
}

include!(concat!(env!("OUT_DIR"), "/status_table.rs"));

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
            Error::AmbiguousTitle { .. } => S::AmbiguousTitle,
            Error::MovieExists(_) => S::MovieExists,
            Error::UnclearRequest(_) => S::UnclearRequest,
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

    /// The status whose number is `raw`, if any.
    pub fn from_raw(raw: u32) -> Option<Self> {
        STATUS_TABLE.iter().find(|(s, _)| *s as u32 == raw).map(|(s, _)| *s)
    }

    /// Every status, in declaration order.
    pub fn all() -> impl Iterator<Item = Self> {
        STATUS_TABLE.iter().map(|(s, _)| *s)
    }

    fn text(self) -> &'static CStr {
        STATUS_TABLE.iter().find(|(s, _)| *s == self).map_or(c"unknown status", |(_, t)| *t)
    }
}

/// Static, NUL-terminated English text for a status. Never NULL; a number
/// that is no status gives "unknown status". Takes the raw number, so any
/// integer a C caller passes is defined behaviour. Thread-safe.
#[no_mangle]
pub extern "C" fn dualrec_status_str(status: u32) -> *const c_char {
    dualrec_status::from_raw(status).map_or(c"unknown status", dualrec_status::text).as_ptr()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_has_its_own_number_and_text() {
        let all: Vec<dualrec_status> = dualrec_status::all().collect();
        assert!(all.len() >= 21, "build.rs read {} statuses", all.len());
        for (i, a) in all.iter().enumerate() {
            assert_eq!(dualrec_status::from_raw(*a as u32), Some(*a));
            assert!(!a.text().to_bytes().is_empty());
            assert!(all[i + 1..].iter().all(|b| *b as u32 != *a as u32 && b.text() != a.text()));
        }
        // SAFETY: dualrec_status_str returns a static NUL-terminated string.
        let text = |raw: u32| unsafe { CStr::from_ptr(dualrec_status_str(raw)) }.to_str().unwrap();
        assert_eq!(text(0), "ok");
        assert_eq!(text(1), "unknown status");
        assert_eq!(text(u32::MAX), "unknown status");
    }
}
