//! Speed and memory benchmarks of the SDK (`bench`: the engine per mode;
//! `bench-sequential`: the sequential stage alone).

pub mod engine;
pub mod sequential;
