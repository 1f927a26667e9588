//! The sequential (LSTM) stage: model, training and ONNX export.

pub mod export;
pub mod model;
pub mod train;
pub mod cli;
#[cfg(test)]
mod tests;
