//! A damaged or unusable state directory, through the engine: every case
//! either recovers with a warning that says what was lost, or is refused
//! with STATE_CORRUPT / IO and a message that names the problem; none opens
//! OK with silent loss (docs/reliability.md, "Damage").

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use dualrec::state::journal::{StateOptions, SyncPolicy, HEADER_LEN, JOURNAL_FILE, MARKER_FILE, SNAPSHOT_FILE};
use dualrec::{Engine, EngineOptions, Error};

fn opts(model: &Path, state: &Path) -> EngineOptions {
    EngineOptions {
        model_dir: model.to_path_buf(),
        stages: 0,
        state: Some(StateOptions { dir: state.to_path_buf(), sync: SyncPolicy::Always, compact_bytes: 0 }),
        ..Default::default()
    }
}

/// A model directory and a state directory holding `n` watches: user i
/// watched movie 10 * (1 + (i - 1) % 60) (the synthetic catalogue's ids are 10, 20, ..., 600), i = 1..=n.
fn setup(n: u32) -> (tempfile::TempDir, PathBuf, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let model = common::write_model_dir(&tmp.path().join("m"));
    let state = tmp.path().join("s");
    let e = Engine::open(&opts(&model, &state)).unwrap();
    for i in 1..=n {
        e.add_watch(i as u64, 10 * (1 + (i - 1) % 60), i as i64).unwrap();
    }
    drop(e);
    (tmp, model, state)
}

fn state_corrupt(r: dualrec::Result<Engine>, needle: &str) {
    match r {
        Err(Error::StateCorrupt { why, file }) => assert!(why.contains(needle), "{file}: {why}"),
        Err(e) => panic!("expected STATE_CORRUPT ({needle}), got {e}"),
        Ok(_) => panic!("expected STATE_CORRUPT ({needle}), the engine opened"),
    }
}

#[test]
fn a_deleted_journal_is_refused_not_silently_empty() {
    let (_t, model, state) = setup(40);
    std::fs::remove_file(state.join(JOURNAL_FILE)).unwrap();
    state_corrupt(Engine::open(&opts(&model, &state)), "missing");
    // A directory that never held a journal (fresh) still opens empty.
    let fresh = state.with_file_name("fresh");
    let e = Engine::open(&opts(&model, &fresh)).unwrap();
    assert!(e.history(1).is_empty());
    assert!(fresh.join(MARKER_FILE).is_file());
}

#[test]
fn a_deleted_snapshot_and_mixed_generations_are_refused() {
    let (_t, model, state) = setup(10);
    let gen0_journal = std::fs::read(state.join(JOURNAL_FILE)).unwrap();
    // Two compactions (each forget compacts): snapshot and journal of generation 2.
    let e = Engine::open(&opts(&model, &state)).unwrap();
    e.forget_user(2).unwrap();
    e.forget_user(3).unwrap();
    e.add_watch(1, 30, 99).unwrap();
    drop(e);
    let snapshot = std::fs::read(state.join(SNAPSHOT_FILE)).unwrap();
    let journal = std::fs::read(state.join(JOURNAL_FILE)).unwrap();
    // Journal two generations behind the snapshot: files from different times.
    std::fs::write(state.join(JOURNAL_FILE), &gen0_journal).unwrap();
    state_corrupt(Engine::open(&opts(&model, &state)), "more than one compaction older");
    // Snapshot gone beside a generation-2 journal.
    std::fs::write(state.join(JOURNAL_FILE), &journal).unwrap();
    std::fs::remove_file(state.join(SNAPSHOT_FILE)).unwrap();
    state_corrupt(Engine::open(&opts(&model, &state)), "newer than the snapshot");
    // Restored: everything is there.
    std::fs::write(state.join(SNAPSHOT_FILE), &snapshot).unwrap();
    let e = Engine::open(&opts(&model, &state)).unwrap();
    assert_eq!(e.history(1), vec![10, 30]);
    assert!(e.history(2).is_empty() && e.history(3).is_empty());
    assert_eq!(e.history(10), vec![100]);
}

#[test]
fn damage_in_the_middle_keeps_the_intact_records_after_it_and_says_what_was_lost() {
    let (_t, model, state) = setup(120);
    let path = state.join(JOURNAL_FILE);
    let mut j = std::fs::read(&path).unwrap();
    // Record 60 of 120 (29 bytes each after the header): one flipped byte in its payload.
    let at = HEADER_LEN + 60 * 29 + 12;
    j[at] ^= 0xff;
    std::fs::write(&path, &j).unwrap();
    let e = Engine::open(&opts(&model, &state)).unwrap();
    let r = e.recovery().unwrap().clone();
    assert_eq!((r.replayed_records, r.records_after_damage, r.dropped_bytes), (119, 59, 29), "{r:?}");
    let w = e.open_warnings().join("; ");
    assert!(w.contains("29 damaged bytes in the middle") && w.contains("59 intact records after them were kept"), "{w}");
    let with_history = |e: &Engine| (1..=120u64).filter(|&u| !e.history(u).is_empty()).collect::<Vec<_>>();
    let kept = with_history(&e);
    assert_eq!(kept.len(), 119);
    assert!(!kept.contains(&61), "the damaged record's watch (user 61) is gone");
    assert!(kept.contains(&60) && kept.contains(&62) && kept.contains(&120));
    drop(e);
    // Rewritten: the next open finds clean files and no warning.
    let e = Engine::open(&opts(&model, &state)).unwrap();
    assert!(e.open_warnings().is_empty(), "{:?}", e.open_warnings());
    assert_eq!(with_history(&e), kept);
}

#[test]
fn a_state_dir_that_is_a_file_or_read_only_gets_a_clear_error() {
    let (_t, model, state) = setup(1);
    let file = state.with_file_name("a-file");
    std::fs::write(&file, b"x").unwrap();
    let e = Engine::open(&opts(&model, &file)).unwrap_err();
    assert!(matches!(e, Error::Io { .. }), "{e}");
    assert!(e.to_string().contains("is not a directory"), "{e}");
    // Read-only: a read-only tmpfs (as root, permissions alone do not stop writes).
    let ro = state.with_file_name("ro");
    std::fs::create_dir_all(&ro).unwrap();
    if mount(&["-t", "tmpfs", "-o", "ro,size=64k", "tmpfs"], &ro) {
        let e = Engine::open(&opts(&model, &ro.join("s"))).unwrap_err();
        umount(&ro);
        assert!(matches!(e, Error::Io { .. }), "{e}");
        assert!(e.to_string().contains("is not writable"), "{e}");
    } else {
        eprintln!("skipped the read-only case: mount(8) is not permitted here");
    }
}

fn mount(args: &[&str], at: &Path) -> bool {
    Command::new("mount").args(args).arg(at).status().is_ok_and(|s| s.success())
}
fn umount(at: &Path) {
    let _ = Command::new("umount").arg(at).status();
}

/// A full disk (a 64 KiB tmpfs): add_watch returns IO naming the full disk,
/// the refused watch is not recorded, and every acknowledged one is there
/// when the files are opened again.
#[test]
fn a_full_disk_refuses_watches_and_loses_none_acknowledged() {
    let tmp = tempfile::tempdir().unwrap();
    let model = common::write_model_dir(&tmp.path().join("m"));
    let small = tmp.path().join("small");
    std::fs::create_dir_all(&small).unwrap();
    if !mount(&["-t", "tmpfs", "-o", "size=64k", "tmpfs"], &small) {
        eprintln!("skipped: mount(8) is not permitted here (tests/crash_states.rs covers ENOSPC with an injected fault)");
        return;
    }
    let state = small.join("s");
    let e = Engine::open(&EngineOptions { state: Some(StateOptions { dir: state.clone(), sync: SyncPolicy::Always, compact_bytes: 1 << 30 }), ..opts(&model, &state) }).unwrap();
    let mut acked = Vec::new();
    let mut refused = None;
    for i in 0..10_000u64 {
        match e.add_watch(i, 10 * (1 + (i % 60) as u32), i as i64) {
            Ok(()) => acked.push(i),
            Err(err) => {
                refused = Some((i, err));
                break;
            }
        }
    }
    let (i, err) = refused.expect("a 64 KiB disk fills up");
    assert!(matches!(err, Error::Io { .. }), "{err}");
    assert!(err.to_string().contains("No space left on device"), "{err}");
    assert!(e.history(i).is_empty(), "the refused watch is not in memory");
    drop(e);
    let copy = tmp.path().join("copy");
    std::fs::create_dir_all(&copy).unwrap();
    for f in std::fs::read_dir(&state).unwrap() {
        let f = f.unwrap().path();
        std::fs::copy(&f, copy.join(f.file_name().unwrap())).unwrap();
    }
    umount(&small);
    let e = Engine::open(&opts(&model, &copy)).unwrap();
    let lost: Vec<u64> = acked.iter().copied().filter(|&u| e.history(u).is_empty()).collect();
    assert!(lost.is_empty(), "{} acknowledged watches lost: {:?}", lost.len(), &lost[..lost.len().min(10)]);
    eprintln!("full disk after {} acknowledged watches; 0 lost", acked.len());
}
