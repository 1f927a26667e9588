//! Power-loss testing in the spirit of ALICE and CrashMonkey: a workload runs
//! against a recording disk (every write, truncate, fsync, create, rename and
//! directory fsync the store issues, in order), then every state a power
//! loss could leave is rebuilt from that log and opened.
//!
//! What a crash may leave (the POSIX rules, no ext4 favours):
//! - directory entries (create, rename, remove) persist in order up to the
//!   last directory fsync; after it, any prefix of them;
//! - a file's data and size persist up to its last fsync; after it, any
//!   prefix of its writes, any of them dropped (reordered: later ones
//!   persisted, earlier ones not, leaving a hole of zeros), the last one torn
//!   at a 512-byte sector boundary, or its bytes lost with the size grown;
//! - other files' unsynced writes all persisted, or none.
//!
//! The claim checked in every state: open succeeds; under SYNC_ALWAYS every
//! watch acknowledged before the crash point is there, under BATCHED and NONE
//! every watch acknowledged before the last completed `sync()`; an
//! acknowledged forget stays forgotten; nothing appears that was never written.
//!
//! CI explores a bounded number of states; the longer run is
//! `DUALREC_CRASH_SEEDS=400 cargo test --release --test crash_states -- --nocapture`
//! (docs/reliability.md has its figures).

mod common;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use dualrec::state::disk::{Disk, DiskFile};
use dualrec::state::history::Histories;
use dualrec::state::journal::{StateOptions, Store, SyncPolicy};

use common::SplitMix;

const SECTOR: u64 = 512;
const N_MOVIES: u32 = 60;

#[derive(Debug, Clone)]
enum Op {
    /// A name bound to a new, empty inode.
    Create { path: PathBuf, ino: usize },
    Write { ino: usize, off: u64, bytes: Vec<u8> },
    SetLen { ino: usize, len: u64 },
    Sync { ino: usize },
    Rename { from: PathBuf, to: PathBuf },
    Remove { path: PathBuf },
    DirSync,
}

impl Op {
    fn is_meta(&self) -> bool {
        matches!(self, Op::Create { .. } | Op::Rename { .. } | Op::Remove { .. })
    }
    fn data_ino(&self) -> Option<usize> {
        match self {
            Op::Write { ino, .. } | Op::SetLen { ino, .. } => Some(*ino),
            _ => None,
        }
    }
}

#[derive(Default)]
struct Live {
    names: BTreeMap<PathBuf, usize>,
    inodes: Vec<Vec<u8>>,
    log: Vec<Op>,
    /// Fail writes with ENOSPC once the files hold this many bytes in all.
    capacity: Option<u64>,
}

impl Live {
    fn used(&self) -> u64 {
        self.names.values().map(|&i| self.inodes[i].len() as u64).sum()
    }
}

fn apply_data(data: &mut Vec<u8>, op: &Op) {
    match op {
        Op::Write { off, bytes, .. } => {
            let end = *off as usize + bytes.len();
            if data.len() < end {
                data.resize(end, 0);
            }
            data[*off as usize..end].copy_from_slice(bytes);
        }
        Op::SetLen { len, .. } => data.resize(*len as usize, 0),
        _ => {}
    }
}

/// An in-memory disk that records what the store does to it.
#[derive(Clone, Default)]
struct RecordingDisk(Arc<Mutex<Live>>);

struct Handle {
    disk: RecordingDisk,
    ino: usize,
}

impl RecordingDisk {
    fn with_files(files: &BTreeMap<PathBuf, Vec<u8>>) -> Self {
        let d = RecordingDisk::default();
        {
            let mut l = d.0.lock().unwrap();
            for (p, b) in files {
                let ino = l.inodes.len();
                l.inodes.push(b.clone());
                l.names.insert(p.clone(), ino);
            }
        }
        d
    }
    fn log(&self) -> Vec<Op> {
        self.0.lock().unwrap().log.clone()
    }
    fn files(&self) -> BTreeMap<PathBuf, Vec<u8>> {
        let l = self.0.lock().unwrap();
        l.names.iter().map(|(p, &i)| (p.clone(), l.inodes[i].clone())).collect()
    }
    fn handle(&self, ino: usize) -> Arc<dyn DiskFile> {
        Arc::new(Handle { disk: self.clone(), ino })
    }
}

impl DiskFile for Handle {
    fn write_at(&self, bytes: &[u8], offset: u64) -> io::Result<()> {
        let mut l = self.disk.0.lock().unwrap();
        let grow = (offset + bytes.len() as u64).saturating_sub(l.inodes[self.ino].len() as u64);
        if let Some(cap) = l.capacity {
            if l.used() + grow > cap {
                return Err(io::Error::from_raw_os_error(libc::ENOSPC));
            }
        }
        let op = Op::Write { ino: self.ino, off: offset, bytes: bytes.to_vec() };
        apply_data(&mut l.inodes[self.ino], &op);
        l.log.push(op);
        Ok(())
    }
    fn set_len(&self, len: u64) -> io::Result<()> {
        let mut l = self.disk.0.lock().unwrap();
        let op = Op::SetLen { ino: self.ino, len };
        apply_data(&mut l.inodes[self.ino], &op);
        l.log.push(op);
        Ok(())
    }
    fn sync_data(&self) -> io::Result<()> {
        self.disk.0.lock().unwrap().log.push(Op::Sync { ino: self.ino });
        Ok(())
    }
    fn sync_all(&self) -> io::Result<()> {
        self.sync_data()
    }
}

impl Disk for RecordingDisk {
    fn create_dir_all(&self, _: &Path) -> io::Result<()> {
        Ok(())
    }
    fn read(&self, path: &Path) -> io::Result<Option<Vec<u8>>> {
        let l = self.0.lock().unwrap();
        Ok(l.names.get(path).map(|&i| l.inodes[i].clone()))
    }
    fn open(&self, path: &Path) -> io::Result<Arc<dyn DiskFile>> {
        let ino = *self.0.lock().unwrap().names.get(path).ok_or_else(|| io::Error::from(io::ErrorKind::NotFound))?;
        Ok(self.handle(ino))
    }
    fn create(&self, path: &Path) -> io::Result<Arc<dyn DiskFile>> {
        let mut l = self.0.lock().unwrap();
        let ino = match l.names.get(path) {
            Some(&ino) => {
                let op = Op::SetLen { ino, len: 0 };
                apply_data(&mut l.inodes[ino], &op);
                l.log.push(op);
                ino
            }
            None => {
                let ino = l.inodes.len();
                l.inodes.push(Vec::new());
                l.names.insert(path.to_path_buf(), ino);
                l.log.push(Op::Create { path: path.to_path_buf(), ino });
                ino
            }
        };
        drop(l);
        Ok(self.handle(ino))
    }
    fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
        let mut l = self.0.lock().unwrap();
        let ino = l.names.remove(from).ok_or_else(|| io::Error::from(io::ErrorKind::NotFound))?;
        l.names.insert(to.to_path_buf(), ino);
        l.log.push(Op::Rename { from: from.to_path_buf(), to: to.to_path_buf() });
        Ok(())
    }
    fn remove(&self, path: &Path) -> io::Result<()> {
        let mut l = self.0.lock().unwrap();
        if l.names.remove(path).is_some() {
            l.log.push(Op::Remove { path: path.to_path_buf() });
        }
        Ok(())
    }
    fn sync_dir(&self, _: &Path) -> io::Result<()> {
        self.0.lock().unwrap().log.push(Op::DirSync);
        Ok(())
    }
    fn try_lock(&self, _: &Path) -> io::Result<Option<Box<dyn Send + Sync>>> {
        Ok(Some(Box::new(())))
    }
}

/// The disk before the workload (what its first open found), and the log.
struct Recording {
    before: BTreeMap<PathBuf, Vec<u8>>,
    log: Vec<Op>,
}

/// Every state a power loss after `ops[..p]` may leave, by the rules at the top.
fn crash_states(rec: &Recording, p: usize) -> Vec<BTreeMap<PathBuf, Vec<u8>>> {
    let ops = &rec.log[..p];
    // Inodes of the files present before the log: numbered as the recording disk did.
    let mut base: Vec<Vec<u8>> = rec.before.values().cloned().collect();
    let base_names: BTreeMap<PathBuf, usize> = rec.before.keys().cloned().enumerate().map(|(i, k)| (k, i)).collect();
    let n_inodes = ops.iter().filter_map(|o| if let Op::Create { ino, .. } = o { Some(ino + 1) } else { None }).max().unwrap_or(0).max(base.len());
    base.resize(n_inodes, Vec::new());
    // Directory: durable through the last DirSync, then any prefix of what follows.
    let last_dirsync = ops.iter().rposition(|o| matches!(o, Op::DirSync)).map_or(0, |i| i + 1);
    let pending_meta: Vec<&Op> = ops[last_dirsync..].iter().filter(|o| o.is_meta()).collect();
    let names_with = |extra: usize| {
        let mut names = base_names.clone();
        for op in ops[..last_dirsync].iter().filter(|o| o.is_meta()).chain(pending_meta[..extra].iter().copied()) {
            match op {
                Op::Create { path, ino } => {
                    names.insert(path.clone(), *ino);
                }
                Op::Rename { from, to } => {
                    if let Some(i) = names.remove(from) {
                        names.insert(to.clone(), i);
                    }
                }
                Op::Remove { path } => {
                    names.remove(path);
                }
                _ => {}
            }
        }
        names
    };
    // Data: durable through each inode's last Sync; the rest pending.
    let mut durable = base.clone();
    let mut pending: Vec<Vec<&Op>> = vec![Vec::new(); n_inodes];
    for op in ops {
        match op {
            Op::Sync { ino } => {
                for o in std::mem::take(&mut pending[*ino]) {
                    apply_data(&mut durable[*ino], o);
                }
            }
            o => {
                if let Some(ino) = o.data_ino() {
                    pending[ino].push(o);
                }
            }
        }
    }
    // Data variants per inode with pending writes.
    let variants = |ino: usize| -> Vec<Vec<u8>> {
        let pend = &pending[ino];
        let with = |keep: &dyn Fn(usize) -> bool, last: Option<&dyn Fn(&Op) -> Op>| {
            let mut d = durable[ino].clone();
            let kept: Vec<usize> = (0..pend.len()).filter(|&i| keep(i)).collect();
            for (n, &i) in kept.iter().enumerate() {
                match (n + 1 == kept.len(), last) {
                    (true, Some(f)) => apply_data(&mut d, &f(pend[i])),
                    _ => apply_data(&mut d, pend[i]),
                }
            }
            d
        };
        let mut v = Vec::new();
        for k in 0..=pend.len() {
            v.push(with(&|i| i < k, None));
            if k > 0 {
                // The last kept write torn at the first sector boundary it crosses, or its bytes lost.
                v.push(with(&|i| i < k, Some(&|o: &Op| match o {
                    Op::Write { ino, off, bytes } => {
                        let boundary = ((off / SECTOR) + 1) * SECTOR;
                        let keep = (boundary - off).min(bytes.len() as u64) as usize;
                        Op::Write { ino: *ino, off: *off, bytes: bytes[..keep].to_vec() }
                    }
                    o => o.clone(),
                })));
                v.push(with(&|i| i < k, Some(&|o: &Op| match o {
                    Op::Write { ino, off, bytes } => Op::Write { ino: *ino, off: *off, bytes: vec![0; bytes.len()] },
                    o => o.clone(),
                })));
            }
        }
        // Reordered: each one write lost while everything after it persisted.
        for skip in 0..pend.len().saturating_sub(1) {
            v.push(with(&|i| i != skip, None));
        }
        v.sort();
        v.dedup();
        v
    };
    let dirty: Vec<usize> = (0..n_inodes).filter(|&i| !pending[i].is_empty()).collect();
    let all_applied: Vec<Vec<u8>> = (0..n_inodes).map(|i| with_all(&durable[i], &pending[i])).collect();
    let mut out = Vec::new();
    for extra in 0..=pending_meta.len() {
        let names = names_with(extra);
        // Every variant of each dirty file, the others all-or-nothing.
        let focus: Vec<usize> = if dirty.is_empty() { vec![usize::MAX] } else { dirty.clone() };
        for &f in &focus {
            let vs = if f == usize::MAX { vec![Vec::new()] } else { variants(f) };
            for v in &vs {
                for others_applied in [false, true] {
                    let state: BTreeMap<PathBuf, Vec<u8>> = names
                        .iter()
                        .map(|(p, &i)| {
                            let d = if i == f {
                                v.clone()
                            } else if others_applied {
                                all_applied[i].clone()
                            } else {
                                durable[i].clone()
                            };
                            (p.clone(), d)
                        })
                        .collect();
                    out.push(state);
                }
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

fn with_all(durable: &[u8], pending: &[&Op]) -> Vec<u8> {
    let mut d = durable.to_vec();
    pending.iter().for_each(|o| apply_data(&mut d, o));
    d
}

/// One API call of the workload and where in the disk log it started and returned.
#[derive(Debug, Clone)]
enum Call {
    Watch { user: u64, movie: u32, time: i64 },
    Forget { user: u64 },
    Sync,
}

struct Issued {
    call: Call,
    /// Disk-log length when the call started (its writes come after).
    start: usize,
    /// Disk-log length when it returned Ok (None: it failed).
    done: Option<usize>,
}

fn ids() -> Vec<u32> {
    (0..N_MOVIES).map(|i| 1000 + i).collect()
}

fn options(sync: SyncPolicy, compact_bytes: u64) -> StateOptions {
    StateOptions { dir: PathBuf::from("/state"), sync, compact_bytes }
}

/// Runs a seeded workload on a fresh disk (or `before`, reopened first).
/// Returns the recording, the calls, and the files as the workload left them.
fn workload(seed: u64, sync: SyncPolicy, calls: usize, compact_bytes: u64, before: &BTreeMap<PathBuf, Vec<u8>>) -> (Recording, Vec<Issued>, BTreeMap<PathBuf, Vec<u8>>) {
    let disk = RecordingDisk::with_files(before);
    let arc: Arc<dyn Disk> = Arc::new(disk.clone());
    let h = Histories::default();
    let opts = options(sync, compact_bytes);
    let mut issued = Vec::new();
    // The open is part of the log: a crash during a first open is a state too.
    let store = Store::open_on(arc, &opts, ids(), &h).expect("workload open");
    let mut rng = SplitMix(seed);
    // After any watch of `before` (its runs started at 1_600_000_000).
    let mut time = if before.is_empty() { 1_600_000_000i64 } else { 1_700_000_000 };
    for _ in 0..calls {
        let start = disk.0.lock().unwrap().log.len();
        let r = rng.below(100);
        let (call, ok) = if r < 6 {
            let user = rng.below(6);
            (Call::Forget { user }, store.forget(&h, user).is_ok())
        } else if r < 16 {
            (Call::Sync, store.sync().is_ok())
        } else {
            let (user, idx) = (rng.below(6), rng.below(N_MOVIES as u64) as u32);
            time += 1 + rng.below(100) as i64;
            (Call::Watch { user, movie: ids()[idx as usize], time }, store.watch(&h, user, idx, time).is_ok())
        };
        let done = ok.then(|| disk.0.lock().unwrap().log.len());
        issued.push(Issued { call, start, done });
    }
    let log = disk.log();
    std::mem::forget(store); // a crash: no final sync on drop
    (Recording { before: before.clone(), log }, issued, disk.files())
}

/// Opens `state` and checks the claim for a crash after `p` log entries.
fn check(state: &BTreeMap<PathBuf, Vec<u8>>, p: usize, sync: SyncPolicy, issued: &[Issued]) -> Result<(), String> {
    let disk: Arc<dyn Disk> = Arc::new(RecordingDisk::with_files(state));
    let h = Histories::default();
    let store = Store::open_on(disk, &options(sync, 1 << 20), ids(), &h).map_err(|e| format!("open failed: {e}"))?;
    drop(store);
    let got: HashMap<u64, HashMap<u32, i64>> = h
        .all()
        .into_iter()
        .map(|(u, hist)| (u, hist.watches().iter().map(|&(i, t)| (ids()[i as usize], t)).collect()))
        .collect();
    // What was promised durable by the crash point.
    let promised_upto = match sync {
        SyncPolicy::Always => p,
        _ => issued.iter().filter(|c| matches!(c.call, Call::Sync) && c.done.is_some_and(|d| d <= p)).map(|c| c.done.unwrap()).max().unwrap_or(0),
    };
    let started: Vec<&Issued> = issued.iter().filter(|c| c.start < p || c.done == Some(0)).collect();
    for (k, c) in started.iter().enumerate() {
        let acked = c.done.is_some_and(|d| d <= promised_upto);
        let later = &started[k + 1..];
        match c.call {
            Call::Watch { user, movie, time } if acked => {
                // Unless a later forget of the user (acknowledged or not) may have taken it.
                let forgotten_later = later.iter().any(|l| matches!(l.call, Call::Forget { user: u } if u == user));
                if !forgotten_later && got.get(&user).and_then(|m| m.get(&movie)).is_none_or(|&t| t < time) {
                    return Err(format!("acknowledged watch lost: user {user} movie {movie} time {time}"));
                }
            }
            Call::Forget { user } if c.done.is_some_and(|d| d <= p) => {
                // Forget compacts with fsyncs before it returns: durable under every policy.
                let watched_later = later.iter().any(|l| matches!(l.call, Call::Watch { user: u, .. } if u == user));
                if !watched_later && got.contains_key(&user) {
                    return Err(format!("acknowledged forget of user {user} undone"));
                }
            }
            _ => {}
        }
    }
    // Nothing invented: every recovered watch was issued before the crash point.
    let issued_set: HashSet<(u64, u32, i64)> = started
        .iter()
        .filter_map(|c| if let Call::Watch { user, movie, time } = c.call { Some((user, movie, time)) } else { None })
        .collect();
    for (u, m) in &got {
        for (movie, t) in m {
            if !issued_set.contains(&(*u, *movie, *t)) {
                return Err(format!("recovered a watch never issued: user {u} movie {movie} time {t}"));
            }
        }
    }
    Ok(())
}

/// Explores every crash point of seeded workloads; returns (states, crash points).
fn explore(sync: SyncPolicy, seeds: u64, calls: usize, compact_bytes: u64) -> (usize, usize) {
    let (mut states, mut points) = (0, 0);
    for seed in 0..seeds {
        // Half the runs start from a directory an earlier run left (reopen, replay, compaction).
        let before = if seed % 2 == 1 { workload(seed ^ 0xABCD, sync, calls / 2, compact_bytes, &BTreeMap::new()).2 } else { BTreeMap::new() };
        let (rec, mut issued, _) = workload(seed, sync, calls, compact_bytes, &before);
        // What the directory held before the workload counts as written and synced at its start.
        let h = Histories::default();
        drop(Store::open_on(Arc::new(RecordingDisk::with_files(&before)), &options(sync, 1 << 20), ids(), &h).expect("opening the earlier run's files"));
        let initial: Vec<Issued> = h
            .all()
            .into_iter()
            .flat_map(|(user, hist)| hist.watches().iter().map(move |&(i, time)| (user, i, time)).collect::<Vec<_>>())
            .map(|(user, i, time)| Issued { call: Call::Watch { user, movie: ids()[i as usize], time }, start: 0, done: Some(0) })
            .collect();
        issued.splice(0..0, initial);
        for p in 0..=rec.log.len() {
            points += 1;
            for state in crash_states(&rec, p) {
                states += 1;
                if let Err(why) = check(&state, p, sync, &issued) {
                    let files: Vec<(String, usize)> = state.iter().map(|(k, v)| (k.display().to_string(), v.len())).collect();
                    let before: Vec<(String, usize)> = rec.before.iter().map(|(k, v)| (k.display().to_string(), v.len())).collect();
                    panic!("{sync:?} seed {seed}, crash after {p} of {} disk operations: {why}\nstate files: {files:?}, before: {before:?}\nops: {:?}", rec.log.len(), &rec.log[..p].iter().map(|o| format!("{o:?}").chars().take(60).collect::<String>()).collect::<Vec<_>>());
                }
            }
        }
    }
    (states, points)
}

fn seeds() -> u64 {
    std::env::var("DUALREC_CRASH_SEEDS").ok().and_then(|s| s.parse().ok()).unwrap_or(6)
}

#[test]
fn every_crash_state_keeps_what_was_acknowledged() {
    let mut total = 0;
    let mut report = Vec::new();
    for (sync, compact) in [(SyncPolicy::Always, 700), (SyncPolicy::Batched, 700), (SyncPolicy::None, 500)] {
        let (states, points) = explore(sync, seeds(), 60, compact);
        println!("{sync:?}: {states} crash states at {points} crash points, 0 acknowledged watches lost");
        report.push(serde_json::json!({"sync": format!("{sync:?}"), "seeds": seeds(), "calls_per_workload": 60, "crash_points": points, "crash_states": states, "violations": 0}));
        total += states;
    }
    println!("{total} crash states explored");
    if let Ok(path) = std::env::var("DUALREC_CRASH_REPORT") {
        std::fs::write(path, serde_json::to_string_pretty(&serde_json::json!({"crash_states": total, "runs": report})).unwrap()).unwrap();
    }
    assert!(total >= 10_000, "only {total} crash states explored");
}

/// The explorer itself must find a store that acknowledges too early: an
/// acknowledged watch that was never synced is lost in some crash state.
#[test]
fn the_explorer_catches_an_unsynced_acknowledgement() {
    // SYNC_NONE acknowledges at once; claiming it as SYNC_ALWAYS must fail.
    let (rec, issued, _) = workload(3, SyncPolicy::None, 30, 1 << 20, &BTreeMap::new());
    let caught = (0..=rec.log.len()).any(|p| crash_states(&rec, p).iter().any(|s| check(s, p, SyncPolicy::Always, &issued).is_err()));
    assert!(caught, "a watch acknowledged without fsync survived every crash state: the explorer is blind");
}

/// ENOSPC: the watch that cannot be written is refused and not recorded;
/// nothing acknowledged is lost; the store works again once space is freed.
#[test]
fn a_full_disk_refuses_the_watch_and_loses_nothing() {
    let disk = RecordingDisk::default();
    let h = Histories::default();
    let store = Store::open_on(Arc::new(disk.clone()), &options(SyncPolicy::Always, 1 << 20), ids(), &h).unwrap();
    let used = disk.0.lock().unwrap().used();
    disk.0.lock().unwrap().capacity = Some(used + 29 * 5); // room for five records
    let mut acked = Vec::new();
    for i in 0..8u32 {
        match store.watch(&h, 1, i, 100 + i as i64) {
            Ok(()) => acked.push(i),
            Err(e) => {
                assert!(matches!(e, dualrec::Error::Io { .. }), "{e}");
                assert!(e.to_string().contains("No space left on device"), "{e}");
                assert!(!h.snapshot(1).indices().contains(&i), "a refused watch must not be in memory");
            }
        }
    }
    assert_eq!(acked, (0..5).collect::<Vec<_>>());
    disk.0.lock().unwrap().capacity = None;
    store.watch(&h, 1, 7, 200).unwrap();
    std::mem::forget(store);
    let again = Histories::default();
    Store::open_on(Arc::new(RecordingDisk::with_files(&disk.files())), &options(SyncPolicy::Always, 1 << 20), ids(), &again).unwrap();
    assert_eq!(again.snapshot(1).indices(), vec![0, 1, 2, 3, 4, 7]);
}
