//! Fitting the pipeline's own parameters on validation targets, over
//! artifacts already in the model directory.

pub mod fusion;
pub mod llm_regimes;
