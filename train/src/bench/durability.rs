//! `dualrec-train bench-durability`: what each sync policy costs an
//! `add_watch` on this machine's disk, and on a slow one (every fsync made
//! slower by an injected delay, as flash storage under write pressure is).
//! Writes `<out>/durability.json`.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use clap::Args;
use dualrec::state::disk::{Disk, DiskFile, RealDisk};
use dualrec::state::history::Histories;
use dualrec::state::journal::{StateOptions, Store, SyncPolicy};
use serde_json::json;

use super::pct;

#[derive(Args)]
pub struct DurabilityArgs {
    /// Where durability.json goes (a scratch state directory is made beside it).
    #[arg(long)]
    pub out: PathBuf,
    /// Watches per measurement without an injected delay (fewer with one).
    #[arg(long, default_value_t = 2000)]
    pub watches: usize,
    /// Extra milliseconds per fsync of the slow disk, comma-separated.
    #[arg(long, value_delimiter = ',', default_value = "5,20")]
    pub fsync_delay_ms: Vec<u64>,
    /// Pause between one thread's calls, in microseconds: watches arrive over
    /// time, so SYNC_BATCHED's fsync every 50 ms lands on some of them.
    #[arg(long, default_value_t = 1000)]
    pub pace_us: u64,
}

/// The real disk with every fsync (file or directory) `delay` slower.
struct SlowDisk(Duration);
struct SlowFile(Arc<dyn DiskFile>, Duration);

impl DiskFile for SlowFile {
    fn write_at(&self, b: &[u8], off: u64) -> io::Result<()> {
        self.0.write_at(b, off)
    }
    fn set_len(&self, len: u64) -> io::Result<()> {
        self.0.set_len(len)
    }
    fn sync_data(&self) -> io::Result<()> {
        std::thread::sleep(self.1);
        self.0.sync_data()
    }
    fn sync_all(&self) -> io::Result<()> {
        std::thread::sleep(self.1);
        self.0.sync_all()
    }
}

impl Disk for SlowDisk {
    fn create_dir_all(&self, d: &Path) -> io::Result<()> {
        RealDisk.create_dir_all(d)
    }
    fn read(&self, p: &Path) -> io::Result<Option<Vec<u8>>> {
        RealDisk.read(p)
    }
    fn open(&self, p: &Path) -> io::Result<Arc<dyn DiskFile>> {
        Ok(Arc::new(SlowFile(RealDisk.open(p)?, self.0)))
    }
    fn create(&self, p: &Path) -> io::Result<Arc<dyn DiskFile>> {
        Ok(Arc::new(SlowFile(RealDisk.create(p)?, self.0)))
    }
    fn rename(&self, a: &Path, b: &Path) -> io::Result<()> {
        RealDisk.rename(a, b)
    }
    fn remove(&self, p: &Path) -> io::Result<()> {
        RealDisk.remove(p)
    }
    fn sync_dir(&self, d: &Path) -> io::Result<()> {
        std::thread::sleep(self.0);
        RealDisk.sync_dir(d)
    }
    fn try_lock(&self, d: &Path) -> io::Result<Option<Box<dyn Send + Sync>>> {
        RealDisk.try_lock(d)
    }
}


/// `watches` add_watch calls from `threads` threads; per-call latency in ms.
fn measure(dir: &Path, delay: Duration, sync: SyncPolicy, watches: usize, threads: usize, pace: Duration) -> Result<serde_json::Value> {
    let _ = std::fs::remove_dir_all(dir);
    let opts = StateOptions { dir: dir.to_path_buf(), sync, compact_bytes: 1 << 30 };
    let ids: Vec<u32> = (1..=100).collect();
    let h = Histories::default();
    let store = Store::open_on(Arc::new(SlowDisk(delay)), &opts, ids, &h).context("opening the scratch state directory")?;
    let per = watches / threads;
    let started = Instant::now();
    let mut lat: Vec<f64> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let (store, h) = (&store, &h);
                s.spawn(move || {
                    (0..per)
                        .map(|i| {
                            let t0 = Instant::now();
                            store.watch(h, (t * 1000 + i % 50) as u64, (i % 100) as u32, i as i64).expect("watch");
                            let ms = t0.elapsed().as_secs_f64() * 1e3;
                            std::thread::sleep(pace);
                            ms
                        })
                        .collect::<Vec<f64>>()
                })
            })
            .collect();
        handles.into_iter().flat_map(|h| h.join().expect("bench thread")).collect()
    });
    let wall = started.elapsed().as_secs_f64();
    drop(store);
    lat.sort_by(f64::total_cmp);
    let r = |x: f64| (x * 1000.0).round() / 1000.0;
    Ok(json!({
        "sync": format!("{sync:?}"), "injected_fsync_delay_ms": delay.as_millis() as u64, "threads": threads, "watches": lat.len(),
        "p50_ms": r(pct(&lat, 0.5)), "p99_ms": r(pct(&lat, 0.99)), "max_ms": r(*lat.last().unwrap()),
        "mean_ms": r(lat.iter().sum::<f64>() / lat.len() as f64), "pace_us": pace.as_micros() as u64,
        "wall_s": (wall * 1000.0).round() / 1000.0,
    }))
}

pub fn run(a: DurabilityArgs) -> Result<()> {
    std::fs::create_dir_all(&a.out)?;
    let scratch = a.out.join("durability-state");
    let mut rows = Vec::new();
    let delays: Vec<u64> = std::iter::once(0).chain(a.fsync_delay_ms.iter().copied()).collect();
    for &d in &delays {
        let delay = Duration::from_millis(d);
        for sync in [SyncPolicy::Always, SyncPolicy::Batched, SyncPolicy::None] {
            // A slow fsync per watch makes SYNC_ALWAYS runs long: fewer watches there.
            let n = if d > 0 && sync == SyncPolicy::Always { (a.watches / 10).max(50) } else { a.watches };
            for threads in [1, 4] {
                let row = measure(&scratch, delay, sync, n, threads, Duration::from_micros(a.pace_us))?;
                tracing::info!(%row, "durability");
                rows.push(row);
            }
        }
    }
    let _ = std::fs::remove_dir_all(&scratch);
    let report = json!({
        "what": "add_watch latency per sync policy: the real disk of this machine (injected delay 0) and the same with every fsync made slower",
        "machine": "the project's 2-core VM; the state directory under --out",
        "produced_by": "dualrec-train bench-durability",
        "rows": rows,
    });
    let path = a.out.join("durability.json");
    std::fs::write(&path, serde_json::to_string_pretty(&report)? + "\n")?;
    println!("wrote {}", path.display());
    Ok(())
}
