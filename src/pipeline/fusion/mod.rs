//! Fusion: how the stages' evidence becomes one list.
//!
//! * [`learned`]: the default. The sequential stage's best movies re-scored
//!   with evidence the LSTM under-uses (transitions after each of the last
//!   few watches, Sentence-BERT similarity to recent watches, the EASE
//!   weights of the whole history, whether the LLM picked the movie), with
//!   weights fitted on validation targets (`models/fusion.json`).
//! * [`rules`]: the paper's order and the tail rule: the LLM's picks placed
//!   into the sequential ranking by position.

pub mod learned;
pub mod rules;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FusionRule {
    /// The paper's order: the sequential model's top prediction, then the
    /// LLM's movies (in re-ranked order), then the rest of the sequential ranking.
    Paper,
    /// The sequential top `k - m` first, then the `m` LLM movies, then the rest:
    /// the LLM can only replace the weakest sequential slots of the top k.
    Tail,
    /// `LearnedFusion` from the model directory's `fusion.json` (open fails without one).
    Learned,
    /// `Learned` when the model directory has `fusion.json`, else `Tail` (the default).
    Auto,
}

