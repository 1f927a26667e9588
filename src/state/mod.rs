//! Viewers' watch histories: in memory (`history`) and, with a state
//! directory, made durable by a checksummed journal and snapshots (`journal`).

pub mod history;
pub mod journal;
