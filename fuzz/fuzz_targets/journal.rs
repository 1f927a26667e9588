//! The state reader (src/state/journal.rs): any journal or snapshot image
//! either fails cleanly or decodes to records that re-encode to bytes of the
//! image, in order, which with their damaged bytes cover it exactly; and opening a state directory holding such files either fails with
//! a state/I-O error or restores histories of catalogue movies only.
#![no_main]

use dualrec::state::history::Histories;
use dualrec::state::journal::{encode_snapshot, parse_snapshot, scan_journal, StateOptions, Store, SyncPolicy, HEADER_LEN, JOURNAL_FILE, SNAPSHOT_FILE};
use dualrec::Error;
use libfuzzer_sys::fuzz_target;

const IDS: [u32; 8] = [1, 2, 3, 5, 8, 13, 21, 34];

fuzz_target!(|data: &[u8]| {
    if let Ok(scan) = scan_journal(data) {
        assert!(scan.good_len as usize <= data.len() && scan.good_len as usize >= HEADER_LEN);
        // Each record re-encodes to bytes found after the previous one's.
        let (mut at, mut framed) = (HEADER_LEN, 0usize);
        for r in &scan.records {
            let e = r.encode();
            let pos = data[at..].windows(e.len()).position(|w| w == &e[..]).expect("a record re-encodes to bytes of the image");
            at += pos + e.len();
            framed += e.len();
        }
        assert_eq!(framed as u64 + scan.damaged_bytes, (data.len() - HEADER_LEN) as u64, "records and damage cover the image");
        if scan.damaged_bytes == 0 {
            assert_eq!(scan.good_len as usize, data.len());
        }
    }
    if let Ok((generation, users)) = parse_snapshot(data) {
        assert_eq!(encode_snapshot(generation, &users), data, "a snapshot re-encodes to the bytes read");
    }
    // One input in four also goes through the on-disk open path: bytes 1..3
    // give the snapshot's length, the rest is the journal.
    if data.len() > 3 && data[0] % 4 == 0 {
        let body = &data[3..];
        let cut = (u16::from_le_bytes([data[1], data[2]]) as usize).min(body.len());
        let dir = tempfile::Builder::new().prefix("dualrec-fuzz-").tempdir_in("/dev/shm").unwrap();
        let (snap, journal) = body.split_at(cut);
        if !snap.is_empty() {
            std::fs::write(dir.path().join(SNAPSHOT_FILE), snap).unwrap();
        }
        std::fs::write(dir.path().join(JOURNAL_FILE), journal).unwrap();
        let h = Histories::default();
        let opts = StateOptions { dir: dir.path().to_path_buf(), sync: SyncPolicy::None, compact_bytes: 0 };
        match Store::open(&opts, IDS.to_vec(), &h) {
            Ok(store) => {
                for (_, hist) in h.all() {
                    assert!(hist.indices().iter().all(|&i| (i as usize) < IDS.len()));
                }
                // What was restored is what a second open restores (the repairs were written back).
                let before = h.all().into_iter().map(|(u, x)| (u, x.watches().to_vec())).collect::<Vec<_>>();
                drop(store);
                let again = Histories::default();
                let store = Store::open(&opts, IDS.to_vec(), &again).expect("a repaired state directory opens");
                assert_eq!(store.recovery().dropped_bytes, 0, "the torn tail was cut at the first open");
                let after = again.all().into_iter().map(|(u, x)| (u, x.watches().to_vec())).collect::<Vec<_>>();
                assert_eq!(before, after);
            }
            Err(Error::StateCorrupt { .. }) => {}
            Err(e) => panic!("unexpected error: {e}"),
        }
    }
});
