//! The artifact subcommands: each fits, trains or converts one part of the
//! model directory (`models/`) and records it in the manifest.

pub mod cold_split;
pub mod collab;
pub mod lm;
pub mod lora;
pub mod lstm;
pub mod next5_split;
pub mod prepare;
pub mod sbert;
pub mod synth;
pub mod transitions;
