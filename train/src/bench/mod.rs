//! Speed and memory benchmarks of the SDK (`bench`: the engine per mode;
//! `bench-sequential`: the sequential stage alone; `bench-durability`: what
//! each sync policy costs an add_watch).

pub mod durability;
pub mod engine;
pub mod sequential;
