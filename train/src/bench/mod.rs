//! Speed and memory benchmarks of the SDK (`bench`: the engine per mode;
//! `bench-sequential`: the sequential stage alone; `bench-durability`: what
//! each sync policy costs an add_watch).

pub mod durability;
pub mod engine;
pub mod sequential;

/// Peak resident set size (VmHWM) of this process in KiB; None off Linux.
pub(crate) fn vm_hwm_kib() -> Option<u64> {
    proc_status_kib("VmHWM:")
}

/// Resident set size now (kB): what stays after transient peaks such as a
/// session's constant folding.
pub(crate) fn vm_rss_kib() -> Option<u64> {
    proc_status_kib("VmRSS:")
}

fn proc_status_kib(key: &str) -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = s.lines().find(|l| l.starts_with(key))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// The `p` quantile (nearest rank) of ascending `sorted`.
pub(crate) fn pct(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}
