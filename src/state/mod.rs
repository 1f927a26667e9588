//! Viewers' watch histories: in memory (`history`) and, with a state
//! directory, made durable by a checksummed journal and snapshots
//! (`journal`) written through the file operations of `disk`; the titles
//! added on the device (`titles`) beside them.

pub mod disk;
pub mod history;
pub mod journal;
pub mod titles;
