//! libdualrec: an on-device DUALRec movie recommender with a C ABI.
//!
//! The crate is a one-way pipeline; each room imports only from the rooms
//! above it:
//!
//! ```text
//! types ─▶ model_dir ─▶ state ─▶ stages ─▶ pipeline ─▶ engine ─▶ ffi
//! ```
//!
//! Rust callers use [`Engine`]; C, C++ and Swift callers use the functions in
//! [`ffi`], declared in `include/dualrec.h`.

pub mod error;
pub mod types;

pub mod model_dir;
pub mod state;
pub mod stages;
pub mod pipeline;
pub mod engine;
pub mod ffi;

pub use engine::{Engine, EngineOptions};
pub use error::{Error, Result};
pub use types::{Recommendation, Recommendations};
