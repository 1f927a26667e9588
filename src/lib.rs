//! libdualrec: an on-device DUALRec movie recommender with a C ABI.
//!
//! Rust callers use [`Engine`]; C, C++ and Swift callers use the functions in
//! [`ffi`], declared in `include/dualrec.h`.

pub mod catalog;
pub mod collab;
pub mod engine;
pub mod error;
pub mod ffi;
pub mod fusion;
pub mod history;
pub mod journal;
pub mod language;
pub mod manifest;
pub mod onnx;
pub mod ranking;
pub mod semantic;
pub mod sequential;
pub mod transitions;

pub use engine::{Engine, EngineOptions, Recommendation, Recommendations};
pub use error::{Error, Result};
