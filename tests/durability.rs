//! Durable histories (src/state/journal.rs) through the Rust API and the C ABI:
//! reopen, torn tails, forgetting on disk, corruption, locking, old option
//! structs, and a writer process killed with SIGKILL at random points.

mod common;

use std::collections::BTreeMap;
use std::ffi::CString;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use dualrec::ffi::status::dualrec_status;
use dualrec::ffi::*;
use dualrec::state::history::UserHistory;
use dualrec::state::journal::{Recovery, StateOptions, SyncPolicy, JOURNAL_FILE, SNAPSHOT_FILE};
use dualrec::{Engine, EngineOptions, Error};

fn opts(model: &Path, state: &Path, sync: SyncPolicy, compact_bytes: u64) -> EngineOptions {
    EngineOptions {
        model_dir: model.to_path_buf(),
        stages: 0,
        state: Some(StateOptions { dir: state.to_path_buf(), sync, compact_bytes }),
        ..Default::default()
    }
}

fn histories(e: &Engine, users: impl IntoIterator<Item = u64>) -> Vec<(u64, Vec<u32>)> {
    users.into_iter().map(|u| (u, e.history(u))).collect()
}

#[test]
fn histories_survive_reopen_under_every_sync_policy() {
    let tmp = tempfile::tempdir().unwrap();
    let model = common::write_model_dir(&tmp.path().join("m"));
    for (n, sync) in [SyncPolicy::Always, SyncPolicy::Batched, SyncPolicy::None].into_iter().enumerate() {
        let state = tmp.path().join(format!("s{n}"));
        let before = {
            let e = Engine::open(&opts(&model, &state, sync, 0)).unwrap();
            for i in 0..120u32 {
                // Out-of-order times, ties and re-watches.
                e.add_watch((i % 7) as u64, 10 * (1 + (i * 13) % 60), (i / 3) as i64 - (i % 4) as i64).unwrap();
            }
            e.forget_user(3).unwrap();
            e.add_watch(3, 600, 5).unwrap();
            assert!(matches!(e.add_watch(1, 11, 0), Err(Error::UnknownMovie(11))));
            histories(&e, 0..8)
        };
        let e = Engine::open(&opts(&model, &state, sync, 0)).unwrap();
        assert_eq!(histories(&e, 0..8), before, "{sync:?}");
        assert_eq!(e.history(3), vec![600]);
        let r = e.recovery().unwrap();
        assert_eq!((r.dropped_bytes, r.unknown_movies), (0, 0));
        assert!(r.warning().is_none());
        assert!(!e.recommend(0, 5).unwrap().items.is_empty());
    }
}

#[test]
fn compaction_by_size_keeps_everything_and_bounds_the_journal() {
    let tmp = tempfile::tempdir().unwrap();
    let model = common::write_model_dir(&tmp.path().join("m"));
    let state = tmp.path().join("s");
    let before = {
        let e = Engine::open(&opts(&model, &state, SyncPolicy::None, 1000)).unwrap();
        for i in 0..2000u32 {
            e.add_watch((i % 11) as u64, 10 * (1 + i % 60), i as i64).unwrap();
        }
        let s = e.store().unwrap();
        assert!(s.compactions() >= 50, "{} compactions", s.compactions());
        assert!(s.journal_len() < 1000 + 64);
        histories(&e, 0..11)
    };
    let e = Engine::open(&opts(&model, &state, SyncPolicy::None, 1000)).unwrap();
    assert_eq!(histories(&e, 0..11), before);
    assert!(e.recovery().unwrap().snapshot_users > 0);
}

#[test]
fn torn_tail_is_cut_reported_and_earlier_records_kept() {
    let tmp = tempfile::tempdir().unwrap();
    let model = common::write_model_dir(&tmp.path().join("m"));
    let state = tmp.path().join("s");
    {
        let e = Engine::open(&opts(&model, &state, SyncPolicy::Always, 0)).unwrap();
        for i in 0..10u32 {
            e.add_watch(1, 10 * (i + 1), i as i64).unwrap();
        }
    }
    let journal = state.join(JOURNAL_FILE);
    let full = std::fs::read(&journal).unwrap();
    // The last record (29 bytes) loses its last 5 bytes, as in a crash mid-write.
    std::fs::write(&journal, &full[..full.len() - 5]).unwrap();

    // Through the C ABI: OK, the warning in dualrec_last_warning, no error.
    let m = CString::new(model.to_str().unwrap()).unwrap();
    let s = CString::new(state.to_str().unwrap()).unwrap();
    let mut o = std::mem::MaybeUninit::uninit();
    dualrec_options_init(o.as_mut_ptr());
    let mut o = unsafe { o.assume_init() };
    o.model_dir = m.as_ptr();
    o.stages = 0;
    o.state_dir = s.as_ptr();
    let mut eng = std::ptr::null_mut();
    assert_eq!(dualrec_engine_open(&o, &mut eng), dualrec_status::Ok);
    let mut buf = [0u8; 256];
    assert_eq!(dualrec::ffi::boundary::dualrec_last_error(std::ptr::null_mut(), 0), 0);
    let n = dualrec::ffi::boundary::dualrec_last_warning(buf.as_mut_ptr().cast(), buf.len());
    let msg = String::from_utf8_lossy(&buf[..n.min(255)]).into_owned();
    assert!(msg.contains("dropped a torn or corrupt tail of 24 bytes (9 earlier records kept)"), "{msg}");
    let mut ids = [0u32; 16];
    let mut len = 0usize;
    assert_eq!(dualrec_user_history(eng, 1, ids.as_mut_ptr(), 16, &mut len), dualrec_status::Ok);
    assert_eq!(&ids[..len], &[10, 20, 30, 40, 50, 60, 70, 80, 90]);
    // The file was cut back to the last intact record; new records follow it.
    assert_eq!(std::fs::metadata(&journal).unwrap().len() as usize, full.len() - 29);
    assert_eq!(dualrec_add_watch(eng, 1, 500, 100), dualrec_status::Ok);
    dualrec_engine_free(eng);

    let e = Engine::open(&opts(&model, &state, SyncPolicy::Always, 0)).unwrap();
    assert_eq!(e.history(1), vec![10, 20, 30, 40, 50, 60, 70, 80, 90, 500]);
    assert_eq!(e.recovery().unwrap(), &Recovery { replayed_records: 10, ..Default::default() });
    drop(e);

    // Garbage after intact records (a record whose CRC fails): dropped the same way.
    let mut img = std::fs::read(&journal).unwrap();
    let good = img.len();
    img.extend_from_slice(&[21, 0, 0, 0, 0xde, 0xad, 0xbe, 0xef]);
    img.extend_from_slice(&[1u8; 21]);
    std::fs::write(&journal, &img).unwrap();
    let e = Engine::open(&opts(&model, &state, SyncPolicy::Always, 0)).unwrap();
    assert_eq!(e.recovery().unwrap().dropped_bytes, 29);
    assert_eq!(e.history(1).len(), 10);
    assert_eq!(std::fs::metadata(&journal).unwrap().len() as usize, good);
}

/// Every (offset) where `needle` occurs in `hay`.
fn occurrences(hay: &[u8], needle: &[u8]) -> usize {
    hay.windows(needle.len()).filter(|w| *w == needle).count()
}

fn dir_bytes(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    std::fs::read_dir(dir).unwrap().map(|f| f.unwrap().path()).map(|p| (p.clone(), std::fs::read(&p).unwrap())).collect()
}

#[test]
fn forget_user_leaves_no_trace_in_the_state_files() {
    let tmp = tempfile::tempdir().unwrap();
    let model = common::write_model_dir(&tmp.path().join("m"));
    let state = tmp.path().join("s");
    const SECRET_USER: u64 = 0x5EC2_E7C0_FFEE_0042;
    let secret_time = |k: i64| 0x7105_EC2E_7000_0000 + k;
    {
        // A threshold that leaves the secret user both in a snapshot and in the journal.
        let e = Engine::open(&opts(&model, &state, SyncPolicy::Always, 700)).unwrap();
        for k in 0..30 {
            e.add_watch(SECRET_USER, 10 * (1 + k as u32), secret_time(k)).unwrap();
            e.add_watch(7, 10 * (1 + k as u32), k).unwrap();
        }
        // Before: the user is in the snapshot (once, as a user) and in the journal (per watch).
        for name in [SNAPSHOT_FILE, JOURNAL_FILE] {
            let bytes = std::fs::read(state.join(name)).unwrap();
            assert!(occurrences(&bytes, &SECRET_USER.to_le_bytes()) >= 1, "user not in {name} before forgetting");
        }
        e.forget_user(SECRET_USER).unwrap();
        for (path, bytes) in dir_bytes(&state) {
            assert_eq!(occurrences(&bytes, &SECRET_USER.to_le_bytes()), 0, "user id in {}", path.display());
            for k in 0..30 {
                assert_eq!(occurrences(&bytes, &secret_time(k).to_le_bytes()), 0, "watch time in {}", path.display());
            }
        }
        assert!(e.history(SECRET_USER).is_empty());
    }
    let e = Engine::open(&opts(&model, &state, SyncPolicy::Always, 700)).unwrap();
    assert!(e.history(SECRET_USER).is_empty());
    assert_eq!(e.history(7).len(), 30);
    assert!(matches!(e.forget_user(SECRET_USER), Err(Error::UnknownUser(_))));
}

#[test]
fn crash_between_snapshot_and_new_journal_discards_the_stale_journal() {
    let tmp = tempfile::tempdir().unwrap();
    let model = common::write_model_dir(&tmp.path().join("m"));
    let state = tmp.path().join("s");
    let e = Engine::open(&opts(&model, &state, SyncPolicy::Always, 0)).unwrap();
    for i in 0..20u32 {
        e.add_watch((i % 3) as u64, 10 * (1 + i), i as i64).unwrap();
    }
    let old_journal = std::fs::read(state.join(JOURNAL_FILE)).unwrap();
    e.forget_user(2).unwrap(); // compacts: snapshot of generation 1, empty journal of generation 1
    let after = histories(&e, 0..3);
    drop(e);
    // As if the process died after renaming the snapshot but before replacing the journal.
    std::fs::write(state.join(JOURNAL_FILE), &old_journal).unwrap();
    let e = Engine::open(&opts(&model, &state, SyncPolicy::Always, 0)).unwrap();
    assert!(e.recovery().unwrap().stale_journal);
    assert_eq!(histories(&e, 0..3), after, "old records not applied twice, forgotten user not revived");
}

/// An engine closed while a forked child still shares its lock (until the
/// child's exec) must not lock out the next open: a lock released within
/// `LOCK_WAIT` is waited for; one held longer is `StateLocked`.
#[test]
fn open_waits_briefly_for_a_lock_being_released() {
    let tmp = tempfile::tempdir().unwrap();
    let model = common::write_model_dir(&tmp.path().join("m"));
    let state = tmp.path().join("s");
    let first = Engine::open(&opts(&model, &state, SyncPolicy::Always, 0)).unwrap();
    let release = std::thread::spawn(move || {
        std::thread::sleep(dualrec::state::journal::LOCK_WAIT / 5);
        drop(first);
    });
    let started = std::time::Instant::now();
    let second = Engine::open(&opts(&model, &state, SyncPolicy::Always, 0));
    release.join().unwrap();
    assert!(second.is_ok(), "released after {:?}: {:?}", dualrec::state::journal::LOCK_WAIT / 5, second.err());
    assert!(started.elapsed() < dualrec::state::journal::LOCK_WAIT * 4);
    let started = std::time::Instant::now();
    assert!(matches!(Engine::open(&opts(&model, &state, SyncPolicy::Always, 0)), Err(Error::StateLocked(_))));
    assert!(started.elapsed() >= dualrec::state::journal::LOCK_WAIT, "waited the full {:?}", dualrec::state::journal::LOCK_WAIT);
}

#[test]
fn corrupt_snapshot_and_second_engine_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let model = common::write_model_dir(&tmp.path().join("m"));
    let state = tmp.path().join("s");
    {
        let e = Engine::open(&opts(&model, &state, SyncPolicy::Always, 0)).unwrap();
        e.add_watch(1, 10, 1).unwrap();
        e.add_watch(2, 10, 1).unwrap();
        // One engine per state directory.
        assert!(matches!(Engine::open(&opts(&model, &state, SyncPolicy::Always, 0)), Err(Error::StateLocked(_))));
        e.forget_user(2).unwrap();
    }
    let snap = state.join(SNAPSHOT_FILE);
    let mut bytes = std::fs::read(&snap).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x40;
    std::fs::write(&snap, &bytes).unwrap();
    assert!(matches!(Engine::open(&opts(&model, &state, SyncPolicy::Always, 0)), Err(Error::StateCorrupt { .. })));
    // Not our file at all.
    std::fs::write(&snap, b"hello").unwrap();
    let err = Engine::open(&opts(&model, &state, SyncPolicy::Always, 0)).unwrap_err();
    assert_eq!(dualrec_status::of(&err), dualrec_status::StateCorrupt, "{err}");
    // A state path that is a file: an I/O error.
    let file = tmp.path().join("plain");
    std::fs::write(&file, b"x").unwrap();
    assert!(matches!(Engine::open(&opts(&model, &file, SyncPolicy::Always, 0)), Err(Error::Io { .. })));
}

#[test]
fn options_struct_of_an_older_caller_still_opens() {
    let tmp = tempfile::tempdir().unwrap();
    let model = common::write_model_dir(&tmp.path().join("m"));
    let m = CString::new(model.to_str().unwrap()).unwrap();
    let mut o = std::mem::MaybeUninit::uninit();
    dualrec_options_init(o.as_mut_ptr());
    let mut o = unsafe { o.assume_init() };
    o.model_dir = m.as_ptr();
    o.stages = 0;
    // Fields an older caller does not have hold garbage the library must not read.
    o.state_dir = std::ptr::dangling();
    o.sync = 99;
    o.struct_size = std::mem::offset_of!(dualrec_options, state_dir) as u32;
    let mut eng = std::ptr::null_mut();
    assert_eq!(dualrec_engine_open(&o, &mut eng), dualrec_status::Ok);
    dualrec_engine_free(eng);
    // The same garbage from a caller that claims the fields is refused.
    o.struct_size = std::mem::size_of::<dualrec_options>() as u32;
    o.state_dir = std::ptr::null();
    assert_eq!(dualrec_engine_open(&o, &mut eng), dualrec_status::InvalidArgument);
    assert_eq!(dualrec_sync(std::ptr::null_mut()), dualrec_status::NullPointer);
}

#[test]
fn failed_compactions_are_retried_and_never_lose_writes() {
    let tmp = tempfile::tempdir().unwrap();
    let model = common::write_model_dir(&tmp.path().join("m"));
    let state = tmp.path().join("s");
    let e = Engine::open(&opts(&model, &state, SyncPolicy::Always, 0)).unwrap();
    const U: [u64; 3] = [0xA11C_E000_0000_0001, 0xA11C_E000_0000_0002, 0xA11C_E000_0000_0003];
    for (k, &u) in U.iter().enumerate() {
        e.add_watch(u, 10 * (k as u32 + 1), k as i64).unwrap();
    }
    // A directory where the snapshot's temp file goes: step 1 of compaction fails.
    let snap_tmp = state.join(format!("{SNAPSHOT_FILE}.tmp"));
    std::fs::create_dir(&snap_tmp).unwrap();
    assert!(matches!(e.forget_user(U[0]), Err(Error::Io { .. })), "erase not complete: reported");
    assert!(e.history(U[0]).is_empty(), "but the user is gone from memory");
    // A user the engine does not hold is reported as such, although the
    // compaction still owed fails again on the way.
    assert!(matches!(e.forget_user(0xDEAD), Err(Error::UnknownUser(0xDEAD))));
    // The old files are still in force, so writes go on.
    e.add_watch(U[1], 600, 9).unwrap();
    std::fs::remove_dir(&snap_tmp).unwrap();
    // The next write retries the compaction: the forgotten user leaves the files.
    e.add_watch(U[2], 590, 9).unwrap();
    for (path, bytes) in dir_bytes(&state) {
        assert_eq!(occurrences(&bytes, &U[0].to_le_bytes()[..]), 0, "forgotten user still in {}", path.display());
    }

    // Now the new journal's temp file is blocked: the snapshot is renamed into place but the
    // old journal is superseded, so writes must fail rather than go where reopen ignores them.
    let journal_tmp = state.join(format!("{JOURNAL_FILE}.tmp"));
    std::fs::create_dir(&journal_tmp).unwrap();
    assert!(matches!(e.forget_user(U[1]), Err(Error::Io { .. })));
    assert!(matches!(e.add_watch(U[2], 580, 10), Err(Error::Io { .. })));
    assert_eq!(e.history(U[2]), vec![30, 590], "a refused write records nothing");
    std::fs::remove_dir(&journal_tmp).unwrap();
    e.add_watch(U[2], 570, 11).unwrap();
    let before = histories(&e, U);
    drop(e);
    let e = Engine::open(&opts(&model, &state, SyncPolicy::Always, 0)).unwrap();
    assert_eq!(histories(&e, U), before);
    assert_eq!(e.history(U[2]), vec![30, 590, 570]);
    assert!(e.history(U[1]).is_empty());
}

// ---- Kill test -------------------------------------------------------------

/// One step of the writer's deterministic script.
#[derive(Debug, Clone, Copy)]
enum Op {
    Watch { user: u64, movie: u32, time: i64 },
    Forget { user: u64 },
}

fn op(i: u64) -> Op {
    // SplitMix64 of the step index: the parent recomputes exactly what the child ran.
    let mut z = i.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^= z >> 31;
    let user = z % 6;
    if (z >> 8).is_multiple_of(50) {
        Op::Forget { user }
    } else {
        // Mostly catalogue movies (10..=600 step 10), now and then an unknown one.
        let movie = if (z >> 16).is_multiple_of(40) { 15 } else { 10 * (1 + ((z >> 24) % 60) as u32) };
        Op::Watch { user, movie, time: (i / 2) as i64 - ((z >> 40) % 3) as i64 }
    }
}

type Model = BTreeMap<u64, UserHistory>;

fn apply(model: &mut Model, cat: &dualrec::model_dir::catalog::Catalog, o: Op) {
    match o {
        Op::Watch { user, movie, time } => {
            if let Some(i) = cat.index_of(movie) {
                model.entry(user).or_default().add(i, time);
            }
        }
        Op::Forget { user } => {
            model.remove(&user);
        }
    }
}

fn model_view(model: &Model, cat: &dualrec::model_dir::catalog::Catalog) -> Vec<(u64, Vec<u32>)> {
    (0..6).map(|u| (u, model.get(&u).map(|h| h.indices().iter().map(|&i| cat.movie(i).id).collect()).unwrap_or_default())).collect()
}

/// The child: runs the script from step `DUALREC_KILL_START` through the C
/// ABI, printing "ack N" after step N returned, until it is killed.
#[test]
#[ignore = "child process of writer_killed_at_random_points_loses_no_acknowledged_watch"]
fn kill_test_writer() {
    let env = |k: &str| std::env::var(k).unwrap_or_else(|_| panic!("{k} not set: run by the kill test"));
    let (model, state) = (CString::new(env("DUALREC_KILL_MODEL")).unwrap(), CString::new(env("DUALREC_KILL_STATE")).unwrap());
    let start: u64 = env("DUALREC_KILL_START").parse().unwrap();
    let mut o = std::mem::MaybeUninit::uninit();
    dualrec_options_init(o.as_mut_ptr());
    let mut o = unsafe { o.assume_init() };
    o.model_dir = model.as_ptr();
    o.stages = 0;
    o.state_dir = state.as_ptr();
    o.sync = env("DUALREC_KILL_SYNC").parse().unwrap();
    o.compact_bytes = 2048; // a compaction every ~70 records: kills land inside them too
    let mut eng = std::ptr::null_mut();
    assert_eq!(dualrec_engine_open(&o, &mut eng), dualrec_status::Ok);
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    writeln!(out, "open").unwrap();
    out.flush().unwrap();
    for i in start.. {
        let st = match op(i) {
            Op::Watch { user, movie, time } => dualrec_add_watch(eng, user, movie, time),
            Op::Forget { user } => dualrec_forget_user(eng, user),
        };
        assert!(matches!(st, dualrec_status::Ok | dualrec_status::UnknownMovie | dualrec_status::UnknownUser), "step {i}: {st:?}");
        // Written straight to the pipe: once the parent reads it, the call had returned.
        writeln!(out, "ack {i}").unwrap();
        out.flush().unwrap();
    }
}

#[test]
fn writer_killed_at_random_points_loses_no_acknowledged_watch() {
    let trials: u64 = std::env::var("DUALREC_KILL_TRIALS").ok().and_then(|v| v.parse().ok()).unwrap_or(200);
    let tmp = tempfile::tempdir().unwrap();
    let model = common::write_model_dir(&tmp.path().join("m"));
    let state = tmp.path().join("s");
    let cat = common::catalog();
    let exe = std::env::current_exe().unwrap();
    let mut model_state = Model::new();
    let mut next = 0u64; // first step the next child runs
    let (mut acked_steps, mut acked_watches, mut inflight_applied, mut torn, mut stale, mut killed_before_open) = (0u64, 0u64, 0u64, 0u64, 0u64, 0u64);
    let mut lost = 0u64;
    let mut rng = 0x2545_F491_4F6C_DD1Du64;
    let started = Instant::now();
    for trial in 0..trials {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        let sync = trial % 3; // DUALREC_SYNC_ALWAYS, _BATCHED, _NONE in turn
        let mut child = Command::new(&exe)
            .args(["--exact", "kill_test_writer", "--ignored", "--nocapture", "--test-threads=1"])
            .env("DUALREC_KILL_MODEL", &model)
            .env("DUALREC_KILL_STATE", &state)
            .env("DUALREC_KILL_START", next.to_string())
            .env("DUALREC_KILL_SYNC", sync.to_string())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Kill anywhere from before the engine opened to well into the writes.
        std::thread::sleep(Duration::from_micros(rng % 60_000));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        let mut last_ack = None;
        let mut opened = false;
        for line in BufReader::new(child.stdout.take().unwrap()).lines() {
            let line = line.unwrap();
            opened |= line.ends_with("open");
            if let Some(n) = line.strip_prefix("ack ") {
                last_ack = Some(n.parse::<u64>().unwrap());
            }
        }
        killed_before_open += (!opened) as u64;
        let acked_to = last_ack.map_or(next, |n| n + 1);
        for i in next..acked_to {
            apply(&mut model_state, &cat, op(i));
            acked_steps += 1;
            acked_watches += matches!(op(i), Op::Watch { movie, .. } if cat.index_of(movie).is_some()) as u64;
        }
        let e = Engine::open(&opts(&model, &state, SyncPolicy::Always, 2048)).unwrap();
        let r = e.recovery().unwrap().clone();
        torn += (r.dropped_bytes > 0) as u64;
        stale += r.stale_journal as u64;
        let got = histories(&e, 0..6);
        drop(e);
        // Acknowledged watches missing after reopen (an in-flight forget may rightly remove its user's).
        let inflight_forget = match op(acked_to) {
            Op::Forget { user } => Some(user),
            Op::Watch { .. } => None,
        };
        for ((u, want), (_, have)) in model_view(&model_state, &cat).iter().zip(&got) {
            if Some(*u) != inflight_forget {
                lost += want.iter().filter(|m| !have.contains(m)).count() as u64;
            }
        }
        // Every acknowledged step is there; the step in flight at the kill may be too.
        if got == model_view(&model_state, &cat) {
            next = acked_to;
        } else {
            let mut with_inflight = model_state.clone();
            apply(&mut with_inflight, &cat, op(acked_to));
            assert_eq!(
                got,
                model_view(&with_inflight, &cat),
                "trial {trial} (sync {sync}): state after reopen is neither the acknowledged steps 0..{acked_to} nor those plus the one in flight"
            );
            model_state = with_inflight;
            next = acked_to + 1;
            inflight_applied += 1;
        }
    }
    let summary = serde_json::json!({
        "trials": trials,
        "acknowledged_steps": acked_steps,
        "acknowledged_watches": acked_watches,
        "lost": lost,
        "inflight_step_found_applied": inflight_applied,
        "torn_tails_dropped": torn,
        "stale_journals_discarded": stale,
        "killed_before_open_returned": killed_before_open,
        "seconds": started.elapsed().as_secs_f64(),
    });
    println!("{summary}");
    if let Ok(path) = std::env::var("DUALREC_KILL_REPORT") {
        std::fs::write(path, serde_json::to_string_pretty(&summary).unwrap()).unwrap();
    }
    assert_eq!(lost, 0, "{summary}");
    assert!(acked_watches > trials, "the kills must land after real work: {summary}");
}
