//! Viewers' watch histories: in memory (`history`) and, with a state
//! directory, made durable by a checksummed journal and snapshots
//! (`journal`) written through the file operations of `disk`.

pub mod disk;
pub mod history;
pub mod journal;
