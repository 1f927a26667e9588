//! The words every room shares: stage and source bits, and what a
//! recommendation is. Depends on nothing else in the crate.

/// Stage switches for `EngineOptions::stages` (`DUALREC_STAGE_*` in C).
pub const STAGE_SEQUENTIAL: u32 = 1;
pub const STAGE_LANGUAGE: u32 = 2;
pub const STAGE_SEMANTIC: u32 = 4;
pub const STAGE_ALL: u32 = STAGE_SEQUENTIAL | STAGE_LANGUAGE | STAGE_SEMANTIC;
/// Run every stage the model directory provides (the default).
pub const STAGE_AUTO: u32 = 0x8000_0000;

/// Bits of [`Recommendation::sources`] (`DUALREC_SOURCE_*` in C).
pub const SOURCE_SEQUENTIAL: u32 = 1;
pub const SOURCE_LANGUAGE: u32 = 2;
pub const SOURCE_SEMANTIC: u32 = 4;
pub const SOURCE_TRANSITIONS: u32 = 8;
pub const SOURCE_POPULARITY: u32 = 16;

/// Requests above this are a caller bug (e.g. a negative int cast to size_t).
pub const MAX_RECOMMENDATIONS: usize = 1 << 20;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Recommendation {
    /// Catalogue index.
    pub index: u32,
    pub movie_id: u32,
    pub score: f32,
    /// `SOURCE_*` bits of the stages that proposed it.
    pub sources: u32,
}

/// What `recommend` returns: the items, and why any stage was skipped.
#[derive(Debug, Clone, Default)]
pub struct Recommendations {
    pub items: Vec<Recommendation>,
    /// Non-fatal failures: a stage failed and the answer came from the rest.
    pub warnings: Vec<String>,
}
