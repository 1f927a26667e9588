//! Durable histories: an append-only journal of watches and forgets, compacted
//! into snapshots. Layout and recovery rules are documented in
//! docs/reliability.md; in short:
//!
//! - `journal.bin`: a 24-byte header (magic, format version, generation, CRC32),
//!   then records `len: u32 LE | crc: u32 LE | payload[len]`, the CRC32 (IEEE)
//!   covering the length bytes and the payload.
//! - `snapshot.bin`: the same kind of header, every user's history, and a CRC32
//!   of everything before it. Written to a temporary file, fsynced, renamed over
//!   the old one, and the directory fsynced.
//! - A journal is replayed only over the snapshot of its own generation; one
//!   older than the snapshot was already compacted into it and is discarded.
//! - Replay reads every record whose frame is intact (length, CRC, payload):
//!   a torn tail is cut off, damage in the middle is skipped and the intact
//!   records after it are kept; either way the dropped bytes are reported.
//!
//! Every mutation holds the writer lock while it appends and applies the change
//! in memory, so the journal's order is the order of the in-memory histories.

use super::titles::{self, TitleRecord, TITLES_FILE};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use crate::error::{Error, Result};
use crate::state::disk::{Disk, DiskFile, RealDisk};
use crate::state::history::Histories;

pub const JOURNAL_FILE: &str = "journal.bin";
pub const SNAPSHOT_FILE: &str = "snapshot.bin";
/// Written once the directory holds its first journal: without it a missing
/// journal means a fresh directory, with it the journal was lost.
pub const MARKER_FILE: &str = "initialised";
const MARKER: &[u8] = b"dualrec state directory\n";
const JOURNAL_MAGIC: [u8; 8] = *b"DRJOURNL";
const SNAPSHOT_MAGIC: [u8; 8] = *b"DRSNAPSH";
pub const STATE_FORMAT_VERSION: u32 = 1;
/// magic (8) | format version u32 | generation u64 | CRC32 of the first 20 bytes.
pub const HEADER_LEN: usize = 24;
/// len (4) | crc (4).
pub const RECORD_OVERHEAD: usize = 8;
const KIND_WATCH: u8 = 1;
const KIND_FORGET: u8 = 2;
/// No valid payload is longer; a longer length field is corruption.
const MAX_PAYLOAD: u32 = 64;
/// `SyncPolicy::Batched`: an append syncs when the last sync is older than this.
pub const BATCH_INTERVAL: Duration = Duration::from_millis(50);
/// Journal size that triggers compaction when the caller sets none.
pub const DEFAULT_COMPACT_BYTES: u64 = 1 << 20;

/// When appended journal records are forced to stable storage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyncPolicy {
    /// fdatasync before `add_watch` returns (concurrent callers share one sync).
    Always,
    /// fdatasync at most every [`BATCH_INTERVAL`], on `sync()` and on close:
    /// a power loss may lose the last interval; a process crash loses nothing.
    Batched,
    /// Never fdatasync the journal (the OS writes it back); snapshots are still synced.
    None,
}

/// Where and how histories are persisted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StateOptions {
    pub dir: PathBuf,
    pub sync: SyncPolicy,
    /// Compact when the journal grows past this many bytes (0 = [`DEFAULT_COMPACT_BYTES`]).
    pub compact_bytes: u64,
}

/// One journal record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Record {
    Watch { user: u64, movie_id: u32, time: i64 },
    Forget { user: u64 },
}

impl Record {
    /// The framed record: len, crc, payload.
    pub fn encode(&self) -> Vec<u8> {
        let mut payload = Vec::with_capacity(21);
        match *self {
            Record::Watch { user, movie_id, time } => {
                payload.push(KIND_WATCH);
                payload.extend_from_slice(&user.to_le_bytes());
                payload.extend_from_slice(&movie_id.to_le_bytes());
                payload.extend_from_slice(&time.to_le_bytes());
            }
            Record::Forget { user } => {
                payload.push(KIND_FORGET);
                payload.extend_from_slice(&user.to_le_bytes());
            }
        }
        let len = (payload.len() as u32).to_le_bytes();
        let mut crc = crc32fast::Hasher::new();
        crc.update(&len);
        crc.update(&payload);
        let mut out = Vec::with_capacity(RECORD_OVERHEAD + payload.len());
        out.extend_from_slice(&len);
        out.extend_from_slice(&crc.finalize().to_le_bytes());
        out.extend_from_slice(&payload);
        out
    }

    fn decode(payload: &[u8]) -> Option<Record> {
        let u64_at = |o: usize| u64::from_le_bytes(payload[o..o + 8].try_into().unwrap());
        match (payload.first(), payload.len()) {
            (Some(&KIND_WATCH), 21) => Some(Record::Watch {
                user: u64_at(1),
                movie_id: u32::from_le_bytes(payload[9..13].try_into().unwrap()),
                time: u64_at(13) as i64,
            }),
            (Some(&KIND_FORGET), 9) => Some(Record::Forget { user: u64_at(1) }),
            _ => None,
        }
    }
}

/// CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320), as zlib computes
/// it: `crc32fast` (SIMD where the CPU has it), the same values as the
/// table-driven loop it replaced (tests below pin the check value).
pub fn crc32(bytes: &[u8]) -> u32 {
    crc32fast::hash(bytes)
}

fn header(magic: [u8; 8], generation: u64) -> [u8; HEADER_LEN] {
    let mut h = [0u8; HEADER_LEN];
    h[..8].copy_from_slice(&magic);
    h[8..12].copy_from_slice(&STATE_FORMAT_VERSION.to_le_bytes());
    h[12..20].copy_from_slice(&generation.to_le_bytes());
    let crc = crc32(&h[..20]);
    h[20..24].copy_from_slice(&crc.to_le_bytes());
    h
}

/// The generation in a header, or why it is not one of ours.
fn parse_header(bytes: &[u8], magic: [u8; 8], file: &str) -> Result<u64> {
    if bytes.len() < HEADER_LEN {
        return Err(corrupt(file, format!("{} bytes, shorter than the {HEADER_LEN}-byte header", bytes.len())));
    }
    if bytes[..8] != magic {
        return Err(corrupt(file, "not a dualrec state file (bad magic)"));
    }
    if crc32(&bytes[..20]) != u32::from_le_bytes(bytes[20..24].try_into().unwrap()) {
        return Err(corrupt(file, "header CRC mismatch"));
    }
    let version = u32::from_le_bytes(bytes[8..12].try_into().unwrap());
    if version != STATE_FORMAT_VERSION {
        return Err(corrupt(file, format!("format version {version}, this library reads {STATE_FORMAT_VERSION}")));
    }
    Ok(u64::from_le_bytes(bytes[12..20].try_into().unwrap()))
}

/// What a journal file holds: its generation, the intact records, and how
/// much of it is damaged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JournalScan {
    pub generation: u64,
    /// Every record whose frame is intact (length in range, CRC, decodes), in file order.
    pub records: Vec<Record>,
    /// End of the last intact record (the header's end when there is none).
    pub good_len: u64,
    /// Bytes that are not part of an intact record (a torn tail, damage in the middle).
    pub damaged_bytes: u64,
    /// Intact records found after a damaged region (0 for a torn tail only).
    pub records_after_damage: u64,
}

/// The record framed at `at`, and its length with the frame.
fn frame_at(bytes: &[u8], at: usize) -> Option<(Record, usize)> {
    let frame = bytes.get(at..at + RECORD_OVERHEAD)?;
    let len = u32::from_le_bytes(frame[..4].try_into().unwrap());
    if len > MAX_PAYLOAD {
        return None;
    }
    let payload = bytes.get(at + RECORD_OVERHEAD..at + RECORD_OVERHEAD + len as usize)?;
    let mut crc = crc32fast::Hasher::new();
    crc.update(&frame[..4]);
    crc.update(payload);
    if crc.finalize() != u32::from_le_bytes(frame[4..8].try_into().unwrap()) {
        return None;
    }
    Some((Record::decode(payload)?, RECORD_OVERHEAD + len as usize))
}

/// Reads a journal image. Errors only for a bad header. A damaged record
/// does not end the scan: the next offset where an intact frame starts (its
/// CRC-32 proves it) resumes it, so intact records after damage are kept.
pub fn scan_journal(bytes: &[u8]) -> Result<JournalScan> {
    let generation = parse_header(bytes, JOURNAL_MAGIC, JOURNAL_FILE)?;
    let mut scan = JournalScan { generation, records: Vec::new(), good_len: HEADER_LEN as u64, damaged_bytes: 0, records_after_damage: 0 };
    let mut at = HEADER_LEN;
    while at < bytes.len() {
        match frame_at(bytes, at) {
            Some((r, n)) => {
                scan.records.push(r);
                scan.records_after_damage += u64::from(scan.damaged_bytes > 0);
                at += n;
                scan.good_len = at as u64;
            }
            None => {
                let next = (at + 1..bytes.len()).find(|&p| frame_at(bytes, p).is_some()).unwrap_or(bytes.len());
                scan.damaged_bytes += (next - at) as u64;
                at = next;
            }
        }
    }
    Ok(scan)
}

/// Every user's history as (user, [(movie id, unix time)] oldest first), ascending user id.
pub type UserWatches = Vec<(u64, Vec<(u32, i64)>)>;

pub fn encode_snapshot(generation: u64, users: &UserWatches) -> Vec<u8> {
    let watches: usize = users.iter().map(|u| u.1.len()).sum();
    let mut out = Vec::with_capacity(HEADER_LEN + 12 + users.len() * 12 + watches * 12);
    out.extend_from_slice(&header(SNAPSHOT_MAGIC, generation));
    out.extend_from_slice(&(users.len() as u64).to_le_bytes());
    for (user, ws) in users {
        out.extend_from_slice(&user.to_le_bytes());
        out.extend_from_slice(&(ws.len() as u32).to_le_bytes());
        for &(movie, time) in ws {
            out.extend_from_slice(&movie.to_le_bytes());
            out.extend_from_slice(&time.to_le_bytes());
        }
    }
    let crc = crc32(&out);
    out.extend_from_slice(&crc.to_le_bytes());
    out
}

/// Reads a snapshot image: (generation, users). Any damage is an error: a
/// snapshot is written whole and atomically, so a bad one is not a torn write.
pub fn parse_snapshot(bytes: &[u8]) -> Result<(u64, UserWatches)> {
    let generation = parse_header(bytes, SNAPSHOT_MAGIC, SNAPSHOT_FILE)?;
    if bytes.len() < HEADER_LEN + 12 {
        return Err(corrupt(SNAPSHOT_FILE, "truncated"));
    }
    let (body, tail) = bytes.split_at(bytes.len() - 4);
    if crc32(body) != u32::from_le_bytes(tail.try_into().unwrap()) {
        return Err(corrupt(SNAPSHOT_FILE, "CRC mismatch"));
    }
    let mut at = HEADER_LEN;
    let mut take = |n: usize| -> Result<&[u8]> {
        let s = body.get(at..at + n).ok_or_else(|| corrupt(SNAPSHOT_FILE, "truncated"))?;
        at += n;
        Ok(s)
    };
    let n_users = u64::from_le_bytes(take(8)?.try_into().unwrap());
    // Each user takes at least 12 bytes: a count above that is corruption, not an allocation.
    if n_users > (body.len() / 12) as u64 {
        return Err(corrupt(SNAPSHOT_FILE, "user count exceeds the file"));
    }
    let mut users = Vec::with_capacity(n_users as usize);
    for _ in 0..n_users {
        let user = u64::from_le_bytes(take(8)?.try_into().unwrap());
        let n = u32::from_le_bytes(take(4)?.try_into().unwrap()) as usize;
        let ws = take(n.checked_mul(12).ok_or_else(|| corrupt(SNAPSHOT_FILE, "watch count overflows"))?)?;
        let ws = ws
            .chunks_exact(12)
            .map(|c| (u32::from_le_bytes(c[..4].try_into().unwrap()), i64::from_le_bytes(c[4..].try_into().unwrap())))
            .collect();
        users.push((user, ws));
    }
    if at != body.len() {
        return Err(corrupt(SNAPSHOT_FILE, "trailing bytes after the last user"));
    }
    Ok((generation, users))
}

/// What `open` found and repaired.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Recovery {
    /// Users restored from the snapshot.
    pub snapshot_users: u64,
    /// Journal records replayed over it.
    pub replayed_records: u64,
    /// Journal bytes that were not part of an intact record and were cut
    /// away: a torn tail (a crash mid-write), or damage in the middle.
    pub dropped_bytes: u64,
    /// Intact records found after damage in the middle of the journal, kept
    /// (their CRC proves them); whatever the damaged bytes held is lost.
    pub records_after_damage: u64,
    /// Watches of movies the catalogue no longer has, skipped.
    pub unknown_movies: u64,
    /// The journal predated the snapshot (a crash during compaction) and was
    /// discarded: everything in it is in the snapshot, nothing was lost.
    pub stale_journal: bool,
}

impl Recovery {
    /// A warning for the caller when something was lost or skipped.
    pub fn warning(&self) -> Option<String> {
        let mut w = Vec::new();
        if self.dropped_bytes > 0 && self.records_after_damage == 0 {
            w.push(format!(
                "state journal: dropped a torn or corrupt tail of {} bytes ({} earlier records kept)",
                self.dropped_bytes, self.replayed_records
            ));
        } else if self.dropped_bytes > 0 {
            w.push(format!(
                "state journal: {} damaged bytes in the middle were dropped and whatever watches they held are lost; \
                 the {} intact records after them were kept ({} in all) and the state files rewritten",
                self.dropped_bytes, self.records_after_damage, self.replayed_records
            ));
        }
        if self.unknown_movies > 0 {
            w.push(format!("state: skipped {} watches of movies not in the catalogue", self.unknown_movies));
        }
        (!w.is_empty()).then(|| w.join("; "))
    }
}

struct Writer {
    file: Arc<dyn DiskFile>,
    /// End of the last intact record: the next one is written here.
    len: u64,
    generation: u64,
    /// Records appended since open (the log sequence number of the last one).
    lsn: u64,
    /// A compaction failed: retry before the next append.
    needs_compaction: bool,
    /// The snapshot on disk is newer than `file` (compaction failed half-way):
    /// appends to `file` would be discarded at reopen, so none is allowed.
    stale: bool,
}

/// The persistent side of the histories. Every method takes the in-memory
/// [`Histories`] it keeps in step with.
pub struct Store {
    disk: Arc<dyn Disk>,
    dir: PathBuf,
    sync: SyncPolicy,
    compact_bytes: u64,
    /// Catalogue index -> movie id (files hold movie ids, so they survive a
    /// catalogue update); grows when a title is added on the device.
    ids: std::sync::RwLock<Vec<u32>>,
    /// The titles file as open read it.
    titles: Vec<TitleRecord>,
    writer: Mutex<Writer>,
    /// Serialises fdatasync calls; holds the time of the last one.
    sync_lock: Mutex<Instant>,
    /// Every record up to this LSN is on stable storage.
    durable: AtomicU64,
    compactions: AtomicU64,
    recovery: Recovery,
    _lock: Box<dyn Send + Sync>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("dir", &self.dir).field("sync", &self.sync).finish_non_exhaustive()
    }
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |e| Error::io(path, e)
}

/// Writes `bytes` to `dir/name` atomically: temp file, fsync, rename, directory fsync.
/// Returns the renamed file, open for reading and writing.
fn atomic_write(disk: &dyn Disk, dir: &Path, name: &str, bytes: &[u8]) -> Result<Arc<dyn DiskFile>> {
    let tmp = dir.join(format!("{name}.tmp"));
    let path = dir.join(name);
    let f = disk.create(&tmp).map_err(io(&tmp))?;
    f.write_at(bytes, 0).and_then(|_| f.sync_all()).map_err(io(&tmp))?;
    disk.rename(&tmp, &path).map_err(io(&path))?;
    disk.sync_dir(dir).map_err(io(dir))?;
    Ok(f)
}

/// How long open waits for a state directory's lock before `StateLocked`.
pub const LOCK_WAIT: std::time::Duration = std::time::Duration::from_millis(250);

fn lock_dir(disk: &dyn Disk, dir: &Path) -> Result<Box<dyn Send + Sync>> {
    // A process the app forks while an engine is open shares the lock until
    // its exec closes the descriptor; an engine closed and reopened in that
    // window would be refused. So a held lock is retried briefly first.
    let deadline = std::time::Instant::now() + LOCK_WAIT;
    loop {
        if let Some(guard) = disk.try_lock(dir).map_err(|e| state_dir_error(dir, e))? {
            return Ok(guard);
        }
        if std::time::Instant::now() >= deadline {
            return Err(Error::StateLocked(dir.to_path_buf()));
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
}

/// An I/O error on the state directory itself, said in words a caller can act on.
fn state_dir_error(dir: &Path, e: std::io::Error) -> Error {
    use std::io::ErrorKind as K;
    let why = match e.kind() {
        _ if dir.exists() && !dir.is_dir() => "is not a directory (a file of that name is in the way)".to_string(),
        K::PermissionDenied | K::ReadOnlyFilesystem => format!("is not writable ({e})"),
        K::StorageFull => format!("is on a full disk ({e})"),
        _ => format!("cannot be used ({e})"),
    };
    Error::io(dir, std::io::Error::new(e.kind(), format!("state directory {}", why)))
}

fn corrupt(file: &str, why: impl Into<String>) -> Error {
    Error::StateCorrupt { file: file.into(), why: why.into() }
}

impl Store {
    /// Opens (creating if needed) the state directory, restores the snapshot
    /// and replays the journal into `histories`, which must be empty.
    /// `ids[i]` is the movie id of catalogue index `i`.
    pub fn open(opts: &StateOptions, ids: Vec<u32>, histories: &Histories) -> Result<Store> {
        Self::open_on(Arc::new(RealDisk), opts, ids, histories)
    }

    /// [`Store::open`] over any [`Disk`] (tests record and replay its operations).
    ///
    /// The titles added on the device (`titles.tsv`) are read first: each new
    /// id extends `ids` (the next catalogue index), so their watches replay.
    /// The engine applies [`Store::titles`] to its catalogue in the same order.
    pub fn open_on(disk: Arc<dyn Disk>, opts: &StateOptions, mut ids: Vec<u32>, histories: &Histories) -> Result<Store> {
        let dir = opts.dir.clone();
        disk.create_dir_all(&dir).map_err(|e| state_dir_error(&dir, e))?;
        let lock = lock_dir(&*disk, &dir)?;
        for tmp in [SNAPSHOT_FILE, JOURNAL_FILE, MARKER_FILE, TITLES_FILE].map(|n| dir.join(format!("{n}.tmp"))) {
            disk.remove(&tmp).map_err(io(&tmp))?;
        }
        let titles_path = dir.join(TITLES_FILE);
        let titles = match disk.read(&titles_path).map_err(io(&titles_path))? {
            Some(b) => titles::parse(&b)?,
            None => Vec::new(),
        };
        for r in &titles {
            if let TitleRecord::Add(m) = r {
                if !ids.contains(&m.id) {
                    ids.push(m.id);
                }
            }
        }
        let index_of: std::collections::HashMap<u32, u32> = ids.iter().enumerate().map(|(i, &id)| (id, i as u32)).collect();
        let mut recovery = Recovery::default();
        let apply_watch = |user: u64, movie_id: u32, time: i64, recovery: &mut Recovery| match index_of.get(&movie_id) {
            Some(&i) => {
                histories.add(user, i, time);
            }
            None => recovery.unknown_movies += 1,
        };
        let read = |name: &str| {
            let path = dir.join(name);
            disk.read(&path).map_err(io(&path))
        };
        let marker = read(MARKER_FILE)?.is_some();
        let snapshot = read(SNAPSHOT_FILE)?;
        let journal = read(JOURNAL_FILE)?;
        if journal.is_none() && (marker || snapshot.is_some()) {
            // Never a crash state: the journal is created (atomically) before
            // the marker and before any snapshot, and only ever replaced by rename.
            return Err(corrupt(
                JOURNAL_FILE,
                "missing from a state directory that had one (deleted?): the watches recorded since the last snapshot \
                 cannot be recovered; restore the file, or remove the directory's files to start empty",
            ));
        }

        let snapshot_gen = match snapshot {
            Some(bytes) => {
                let (generation, users) = parse_snapshot(&bytes)?;
                recovery.snapshot_users = users.len() as u64;
                for (user, ws) in users {
                    for (movie, time) in ws {
                        apply_watch(user, movie, time, &mut recovery);
                    }
                }
                generation
            }
            None => 0,
        };

        let jpath = dir.join(JOURNAL_FILE);
        let mut forgets = 0u64;
        let journal = match journal {
            Some(bytes) => {
                let scan = scan_journal(&bytes)?;
                if scan.generation > snapshot_gen {
                    return Err(corrupt(
                        JOURNAL_FILE,
                        format!("journal generation {} is newer than the snapshot's {snapshot_gen} (snapshot lost?)", scan.generation),
                    ));
                }
                // A crash during compaction leaves the journal one generation
                // behind; further behind, the files come from different times.
                if scan.generation + 1 < snapshot_gen {
                    return Err(corrupt(
                        JOURNAL_FILE,
                        format!(
                            "journal generation {} is more than one compaction older than the snapshot's {snapshot_gen} \
                             (files from different times?): watches between them would be lost",
                            scan.generation
                        ),
                    ));
                }
                if scan.generation < snapshot_gen {
                    recovery.stale_journal = true;
                    None
                } else {
                    for r in &scan.records {
                        match *r {
                            Record::Watch { user, movie_id, time } => apply_watch(user, movie_id, time, &mut recovery),
                            Record::Forget { user } => {
                                histories.forget(user);
                                forgets += 1;
                            }
                        }
                    }
                    recovery.replayed_records = scan.records.len() as u64;
                    recovery.dropped_bytes = scan.damaged_bytes;
                    recovery.records_after_damage = scan.records_after_damage;
                    let f = disk.open(&jpath).map_err(io(&jpath))?;
                    if scan.damaged_bytes > 0 && scan.records_after_damage == 0 {
                        // A torn tail: cut it off; appends continue after the last intact record.
                        tracing::warn!(dropped = scan.damaged_bytes, kept = scan.records.len(), "state journal: truncating a torn or corrupt tail");
                        f.set_len(scan.good_len).and_then(|_| f.sync_all()).map_err(io(&jpath))?;
                    } else if scan.records_after_damage > 0 {
                        tracing::warn!(dropped = scan.damaged_bytes, kept_after = scan.records_after_damage, "state journal: damage in the middle; rewriting the state files");
                    }
                    Some((f, scan.good_len))
                }
            }
            None => None,
        };
        let (file, len) = match journal {
            Some(j) => j,
            None => (atomic_write(&*disk, &dir, JOURNAL_FILE, &header(JOURNAL_MAGIC, snapshot_gen))?, HEADER_LEN as u64),
        };
        if !marker {
            atomic_write(&*disk, &dir, MARKER_FILE, MARKER)?;
        }
        let rewrite = recovery.records_after_damage > 0;
        let store = Store {
            disk,
            dir,
            sync: opts.sync,
            compact_bytes: if opts.compact_bytes == 0 { DEFAULT_COMPACT_BYTES } else { opts.compact_bytes },
            ids: std::sync::RwLock::new(ids),
            titles,
            writer: Mutex::new(Writer { file, len, generation: snapshot_gen, lsn: 0, needs_compaction: false, stale: false }),
            sync_lock: Mutex::new(Instant::now()),
            durable: AtomicU64::new(0),
            compactions: AtomicU64::new(0),
            recovery,
            _lock: lock,
        };
        // A replayed forget leaves the forgotten user's watches in the journal,
        // and damage in the middle leaves garbage between records: rewrite both now.
        if forgets > 0 || rewrite || len >= store.compact_bytes {
            let mut w = store.lock();
            store.compact_locked(&mut w, histories)?;
        }
        Ok(store)
    }

    fn lock(&self) -> MutexGuard<'_, Writer> {
        // Writer fields are updated only after each step succeeds; a panic leaves them consistent.
        self.writer.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn recovery(&self) -> &Recovery {
        &self.recovery
    }
    pub fn dir(&self) -> &Path {
        &self.dir
    }
    pub fn compactions(&self) -> u64 {
        self.compactions.load(Ordering::Relaxed)
    }
    /// Bytes in the current journal file, header included.
    pub fn journal_len(&self) -> u64 {
        self.lock().len
    }

    fn append(&self, w: &mut Writer, histories: &Histories, r: &Record) -> Result<()> {
        if w.stale || w.needs_compaction {
            if let Err(e) = self.compact_locked(w, histories) {
                if w.stale {
                    return Err(e);
                }
                tracing::warn!(error = %e, "state compaction failed; retrying on the next write");
            }
        }
        let bytes = r.encode();
        let path = || self.dir.join(JOURNAL_FILE);
        if let Err(e) = w.file.write_at(&bytes, w.len) {
            // Cut off whatever part was written; the next record goes to the same offset anyway.
            let _ = w.file.set_len(w.len);
            return Err(Error::io(path(), e));
        }
        w.len += bytes.len() as u64;
        w.lsn += 1;
        Ok(())
    }

    /// The titles added and removed on the device, as open read them.
    pub fn titles(&self) -> &[TitleRecord] {
        &self.titles
    }

    /// Makes `records` (the whole list) the state directory's titles,
    /// atomically and durably; `new_id`, when given, is the movie id of the
    /// next catalogue index (a title added under a new id). On error nothing
    /// changed.
    pub fn save_titles(&self, records: &[TitleRecord], new_id: Option<u32>) -> Result<()> {
        let mut ids = self.ids.write().unwrap_or_else(|p| p.into_inner());
        atomic_write(&*self.disk, &self.dir, TITLES_FILE, &titles::encode(records))?;
        ids.extend(new_id);
        Ok(())
    }

    /// Journals a watch of catalogue index `index`, then records it in `histories`.
    pub fn watch(&self, histories: &Histories, user: u64, index: u32, time: i64) -> Result<()> {
        let movie_id = *self.ids.read().unwrap_or_else(|p| p.into_inner()).get(index as usize).ok_or_else(|| Error::Internal(format!("catalogue index {index}")))?;
        let lsn = {
            let mut w = self.lock();
            self.append(&mut w, histories, &Record::Watch { user, movie_id, time })?;
            histories.add(user, index, time);
            if w.len >= self.compact_bytes {
                // The watch is journaled; a failed compaction is retried, not reported.
                if let Err(e) = self.compact_locked(&mut w, histories) {
                    tracing::warn!(error = %e, "state compaction failed; retrying on the next write");
                }
            }
            w.lsn
        };
        match self.sync {
            SyncPolicy::Always => self.sync_upto(lsn),
            SyncPolicy::Batched => {
                let last = *self.sync_lock.lock().unwrap_or_else(|p| p.into_inner());
                if last.elapsed() >= BATCH_INTERVAL {
                    self.sync_upto(lsn)
                } else {
                    Ok(())
                }
            }
            SyncPolicy::None => Ok(()),
        }
    }

    /// Forgets `user` in `histories` and on disk: a forget record, then an
    /// immediate compaction, after which no file holds the user's watches.
    /// Ok(false): the user had no history (nothing written).
    pub fn forget(&self, histories: &Histories, user: u64) -> Result<bool> {
        let mut w = self.lock();
        if !histories.contains(user) {
            // A compaction still owed for an earlier forget: tried again, but
            // its failure does not change this call's answer (it stays owed).
            if w.needs_compaction {
                if let Err(e) = self.compact_locked(&mut w, histories) {
                    tracing::warn!(error = %e, "an earlier forget is still not erased from the state files");
                }
            }
            return Ok(false);
        }
        self.append(&mut w, histories, &Record::Forget { user })?;
        histories.forget(user);
        self.compact_locked(&mut w, histories).inspect_err(|e| {
            tracing::warn!(error = %e, user, "forgotten in memory and journaled, but not yet erased from the state files");
        })?;
        Ok(true)
    }

    /// Forces every record appended so far to stable storage.
    pub fn sync(&self) -> Result<()> {
        let lsn = self.lock().lsn;
        self.sync_upto(lsn)
    }

    fn sync_upto(&self, lsn: u64) -> Result<()> {
        let mut last = self.sync_lock.lock().unwrap_or_else(|p| p.into_inner());
        if self.durable.load(Ordering::Acquire) >= lsn {
            return Ok(());
        }
        // One fdatasync covers every record written before it (group commit).
        let (file, upto) = {
            let w = self.lock();
            (w.file.clone(), w.lsn)
        };
        file.sync_data().map_err(|e| Error::io(self.dir.join(JOURNAL_FILE), e))?;
        self.durable.fetch_max(upto, Ordering::AcqRel);
        *last = Instant::now();
        Ok(())
    }

    /// Writes a snapshot of `histories` and starts an empty journal of the next generation.
    fn compact_locked(&self, w: &mut Writer, histories: &Histories) -> Result<()> {
        let ids = self.ids.read().unwrap_or_else(|p| p.into_inner());
        let users: UserWatches = histories
            .all()
            .into_iter()
            .map(|(u, h)| (u, h.watches().iter().map(|&(i, t)| (ids[i as usize], t)).collect()))
            .collect();
        drop(ids);
        let generation = w.generation + 1;
        w.needs_compaction = true;
        atomic_write(&*self.disk, &self.dir, SNAPSHOT_FILE, &encode_snapshot(generation, &users))?;
        // From here the old journal is superseded: it must not take appends.
        w.stale = true;
        let file = atomic_write(&*self.disk, &self.dir, JOURNAL_FILE, &header(JOURNAL_MAGIC, generation))?;
        *w = Writer { file, len: HEADER_LEN as u64, generation, lsn: w.lsn, needs_compaction: false, stale: false };
        self.durable.fetch_max(w.lsn, Ordering::AcqRel);
        self.compactions.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }
}

impl Drop for Store {
    fn drop(&mut self) {
        if self.sync != SyncPolicy::None {
            if let Err(e) = self.sync() {
                tracing::warn!(error = %e, "state journal: final sync failed");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The bitwise definition the journal format was written with.
    fn crc32_bitwise(bytes: &[u8]) -> u32 {
        let mut c = 0xFFFF_FFFFu32;
        for &b in bytes {
            c ^= b as u32;
            for _ in 0..8 {
                c = if c & 1 != 0 { 0xEDB8_8320 ^ (c >> 1) } else { c >> 1 };
            }
        }
        !c
    }

    #[test]
    fn crc32_matches_zlib() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        // Same values as the format's bitwise definition at every length (SIMD paths start at 64+ bytes).
        let data: Vec<u8> = (0..4099u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
        for n in (0..300).chain([1024, 4096, 4099]) {
            assert_eq!(crc32(&data[..n]), crc32_bitwise(&data[..n]), "length {n}");
        }
        assert_eq!(crc32(b""), 0);
    }

    #[test]
    fn records_round_trip_and_any_damage_ends_the_scan() {
        let recs = [
            Record::Watch { user: 7, movie_id: 2571, time: -5 },
            Record::Forget { user: u64::MAX },
            Record::Watch { user: 0, movie_id: u32::MAX, time: i64::MAX },
        ];
        let mut img = header(JOURNAL_MAGIC, 3).to_vec();
        for r in &recs {
            img.extend(r.encode());
        }
        let full = scan_journal(&img).unwrap();
        assert_eq!((full.generation, full.records.as_slice(), full.good_len), (3, &recs[..], img.len() as u64));
        let last_start = img.len() - recs[2].encode().len();
        // Torn at every byte of the last record: the first two survive.
        for cut in last_start..img.len() {
            let s = scan_journal(&img[..cut]).unwrap();
            assert_eq!(s.records, &recs[..2], "cut at {cut}");
            assert_eq!(s.good_len, last_start as u64);
        }
        // Any single bit flipped in the last record: it is dropped, never misread.
        for byte in last_start..img.len() {
            for bit in 0..8 {
                let mut bad = img.clone();
                bad[byte] ^= 1 << bit;
                assert_eq!(scan_journal(&bad).unwrap().records, &recs[..2], "flip {byte}:{bit}");
            }
        }
        // A damaged header is an error, not an empty journal.
        let mut bad = img.clone();
        bad[13] ^= 1;
        assert!(matches!(scan_journal(&bad), Err(Error::StateCorrupt { .. })));
    }

    #[test]
    fn intact_records_after_damage_in_the_middle_are_kept() {
        let recs: Vec<Record> = (0..20).map(|i| Record::Watch { user: i % 3, movie_id: 100 + i as u32, time: i as i64 }).collect();
        let mut img = header(JOURNAL_MAGIC, 0).to_vec();
        let mut starts = Vec::new();
        for r in &recs {
            starts.push(img.len());
            img.extend(r.encode());
        }
        // Every single byte of record 7 flipped in turn: records 0-6 and 8-19 survive, 7 is lost.
        let (lo, hi) = (starts[7], starts[8]);
        for byte in lo..hi {
            let mut bad = img.clone();
            bad[byte] ^= 0x5a;
            let s = scan_journal(&bad).unwrap();
            let want: Vec<Record> = recs.iter().enumerate().filter(|(i, _)| *i != 7).map(|(_, r)| *r).collect();
            assert_eq!(s.records, want, "flip at {byte}");
            assert_eq!((s.damaged_bytes, s.records_after_damage), ((hi - lo) as u64, 12), "flip at {byte}");
            assert_eq!(s.good_len, img.len() as u64);
        }
        // A hole of zeros (a later append reached the disk, an earlier one not): the same.
        let mut hole = img.clone();
        hole[lo..hi].fill(0);
        let s = scan_journal(&hole).unwrap();
        assert_eq!((s.records.len(), s.damaged_bytes, s.records_after_damage), (19, (hi - lo) as u64, 12));
        // A torn tail only: nothing after the damage.
        let s = scan_journal(&img[..img.len() - 3]).unwrap();
        assert_eq!((s.records.len(), s.damaged_bytes, s.records_after_damage), (19, (hi - lo - 3) as u64, 0));
        // The fuzz target's property (fuzz/fuzz_targets/journal.rs) on these images.
        for data in [&img[..], &hole[..], &img[..img.len() - 3], &img[..HEADER_LEN]] {
            let scan = scan_journal(data).unwrap();
            let (mut at, mut framed) = (HEADER_LEN, 0usize);
            for r in &scan.records {
                let e = r.encode();
                let pos = data[at..].windows(e.len()).position(|w| w == &e[..]).expect("a record re-encodes to bytes of the image");
                at += pos + e.len();
                framed += e.len();
            }
            assert_eq!(framed as u64 + scan.damaged_bytes, (data.len() - HEADER_LEN) as u64);
        }
    }

    #[test]
    fn snapshot_round_trip_and_damage_detected() {
        let users: UserWatches = vec![(1, vec![(10, 5), (20, 6)]), (u64::MAX, vec![]), (9, vec![(30, -1)])];
        let img = encode_snapshot(42, &users);
        assert_eq!(parse_snapshot(&img).unwrap(), (42, users.clone()));
        for cut in 0..img.len() {
            assert!(parse_snapshot(&img[..cut]).is_err(), "cut {cut}");
        }
        for byte in 0..img.len() {
            let mut bad = img.clone();
            bad[byte] ^= 0x10;
            assert!(parse_snapshot(&bad).is_err(), "flip {byte}");
        }
    }
}
