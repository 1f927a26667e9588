//! Sequences of C API calls, decoded from the input, on two engines opened
//! once over a synthetic model directory (tests/common): one in memory, one
//! with a state directory. Every call's status and outputs are checked
//! against the header's contract; any violation or panic is a crash.
#![no_main]

#[allow(dead_code)]
#[path = "../../tests/common/mod.rs"]
mod common;

use std::ffi::{c_char, CStr, CString};
use std::sync::OnceLock;

use dualrec::ffi::boundary::dualrec_last_error;
use dualrec::ffi::status::{dualrec_status as S, dualrec_status_str};
use dualrec::ffi::*;
use libfuzzer_sys::fuzz_target;

struct Fixture {
    _tmp: tempfile::TempDir,
    model: CString,
    state2: CString,
    /// dualrec_engine pointers (stored as addresses: the engines are thread-safe and live forever).
    engines: [usize; 2],
}

fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let tmp = tempfile::Builder::new().prefix("dualrec-fuzz-capi-").tempdir_in("/dev/shm").unwrap();
        let model = common::write_model_dir(&tmp.path().join("m"));
        let model = CString::new(model.to_str().unwrap()).unwrap();
        let state = CString::new(tmp.path().join("s").to_str().unwrap()).unwrap();
        let state2 = CString::new(tmp.path().join("s2").to_str().unwrap()).unwrap();
        let mut engines = [0usize; 2];
        for (k, e) in engines.iter_mut().enumerate() {
            let mut o = options();
            o.model_dir = model.as_ptr();
            o.stages = 0;
            if k == 1 {
                o.state_dir = state.as_ptr();
                o.sync = DUALREC_SYNC_NONE;
                o.compact_bytes = 4096;
            }
            let mut p = std::ptr::null_mut();
            assert_eq!(dualrec_engine_open(&o, &mut p), S::Ok);
            *e = p as usize;
        }
        Fixture { _tmp: tmp, model, state2, engines }
    })
}

fn options() -> dualrec_options {
    let mut o = std::mem::MaybeUninit::uninit();
    dualrec_options_init(o.as_mut_ptr());
    // SAFETY: dualrec_options_init writes every field.
    unsafe { o.assume_init() }
}

struct Input<'a>(&'a [u8]);
impl Input<'_> {
    fn byte(&mut self) -> Option<u8> {
        let (&b, rest) = self.0.split_first()?;
        self.0 = rest;
        Some(b)
    }
    fn u16(&mut self) -> Option<u16> {
        Some(u16::from_le_bytes([self.byte()?, self.byte()?]))
    }
    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes([self.byte()?, self.byte()?, self.byte()?, self.byte()?]))
    }
    fn bytes(&mut self, n: usize) -> &[u8] {
        let n = n.min(self.0.len());
        let (a, b) = self.0.split_at(n);
        self.0 = b;
        a
    }
}

fn in_catalog(id: u32) -> bool {
    id % 10 == 0 && (10..=10 * common::N_MOVIES).contains(&id)
}

fn history(e: *mut dualrec_engine, user: u64) -> Vec<u32> {
    let mut buf = vec![0u32; 128];
    let mut n = 0usize;
    assert_eq!(dualrec_user_history(e, user, buf.as_mut_ptr(), buf.len(), &mut n), S::Ok);
    buf.truncate(n);
    buf
}

/// A fuzzed capacity: 0 and usize::MAX (both refused) or 1..=254.
fn capacity(b: u8) -> usize {
    match b {
        0 => 0,
        255 => usize::MAX,
        b => b as usize,
    }
}

/// The contract of a list written on OK: at most `cap`, catalogue movies
/// not watched, distinct, best first.
fn check_list(out: &[dualrec_recommendation], n: usize, cap: usize, watched: &[u32]) {
    assert!(n <= cap && n <= common::N_MOVIES as usize);
    let ids: Vec<u32> = out[..n].iter().map(|r| r.movie_id).collect();
    assert!(ids.iter().all(|&id| in_catalog(id) && !watched.contains(&id)));
    let mut u = ids.clone();
    u.sort_unstable();
    u.dedup();
    assert_eq!(u.len(), n, "distinct");
    assert!(out[..n].windows(2).all(|w| w[0].score >= w[1].score), "best first");
}

fn run(data: &[u8]) -> Option<()> {
    let f = fixture();
    let mut inp = Input(data);
    loop {
        let op = inp.byte()?;
        let e = f.engines[(op >> 7) as usize] as *mut dualrec_engine;
        let user = (inp.byte()? % 8) as u64;
        match op % 14 {
            0 | 1 => {
                let b = inp.byte()?;
                let movie = if b < 240 { 10 * (1 + (b as u32 % common::N_MOVIES)) } else { inp.u32()? };
                let time = inp.u16()? as i16 as i64;
                match dualrec_add_watch(e, user, movie, time) {
                    S::Ok => assert!(in_catalog(movie) && history(e, user).contains(&movie)),
                    S::UnknownMovie => assert!(!in_catalog(movie)),
                    s => panic!("add_watch: {s:?}"),
                }
            }
            2 | 3 => {
                let cap = capacity(inp.byte()?);
                let mut out = vec![dualrec_recommendation::default(); cap.min(256).max(1)];
                let mut n = usize::MAX;
                let watched = history(e, user);
                match dualrec_recommend(e, user, out.as_mut_ptr(), cap, &mut n) {
                    S::Ok => {
                        assert_eq!(n, cap.min(common::N_MOVIES as usize - watched.len()), "as many as asked or every unwatched movie");
                        check_list(&out, n, cap, &watched);
                    }
                    S::InvalidArgument => assert!(cap == 0 || cap > 1 << 20, "{cap}"),
                    s => panic!("recommend: {s:?}"),
                }
            }
            4 => match dualrec_forget_user(e, user) {
                S::Ok | S::UnknownUser => {
                    assert!(history(e, user).is_empty());
                    assert_eq!(dualrec_forget_user(e, user), S::UnknownUser);
                }
                s => panic!("forget_user: {s:?}"),
            },
            5 => {
                let cap = inp.byte()? as usize % 70;
                let mut buf = vec![0u32; cap];
                let mut n = usize::MAX;
                let p = if cap == 0 { std::ptr::null_mut() } else { buf.as_mut_ptr() };
                match dualrec_user_history(e, user, p, cap, &mut n) {
                    S::Ok => assert!(n <= cap && buf[..n].iter().all(|&id| in_catalog(id))),
                    S::BufferTooSmall => assert!(n > cap),
                    s => panic!("user_history: {s:?}"),
                }
            }
            6 | 7 => {
                let movie = if inp.byte()? < 200 { 10 * (1 + (user as u32 * 7) % common::N_MOVIES) } else { inp.u32()? };
                let len = inp.byte()? as usize % 48;
                let mut buf = vec![0x55 as c_char; len];
                let p = if len == 0 { std::ptr::null_mut() } else { buf.as_mut_ptr() };
                let mut n = usize::MAX;
                let f = if op % 14 == 6 { dualrec_movie_title } else { dualrec_movie_genres };
                match f(e, movie, p, len, &mut n) {
                    S::Ok => {
                        // SAFETY: OK means a NUL-terminated string was written into buf.
                        let s = unsafe { CStr::from_ptr(buf.as_ptr()) };
                        assert!(in_catalog(movie) && s.to_bytes().len() == n && n < len && std::str::from_utf8(s.to_bytes()).is_ok());
                    }
                    S::BufferTooSmall => assert!(in_catalog(movie) && n > len),
                    S::UnknownMovie => assert!(!in_catalog(movie)),
                    s => panic!("title/genres: {s:?}"),
                }
            }
            8 => {
                let k = inp.byte()? as usize % 24;
                let raw = inp.bytes(k).iter().map(|&b| if b == 0 { b' ' } else { b }).collect::<Vec<u8>>();
                let title = CString::new(raw).unwrap();
                let mut id = 0u32;
                match dualrec_find_movie(e, title.as_ptr(), &mut id) {
                    S::Ok => assert!(in_catalog(id)),
                    S::NoSuchTitle => assert!(std::str::from_utf8(title.as_bytes()).is_ok()),
                    S::InvalidUtf8 => assert!(std::str::from_utf8(title.as_bytes()).is_err()),
                    s => panic!("find_movie: {s:?}"),
                }
            }
            9 => {
                let mut y = 0u16;
                let mut size = 0usize;
                let mut stages = 1u32;
                let movie = inp.u32()?;
                let st = dualrec_movie_year(e, movie, &mut y);
                assert_eq!(st, if in_catalog(movie) { S::Ok } else { S::UnknownMovie });
                assert_eq!(dualrec_catalog_size(e, &mut size), S::Ok);
                assert_eq!(size, common::N_MOVIES as usize);
                assert_eq!(dualrec_engine_stages(e, &mut stages), S::Ok);
                assert_eq!(stages, 0);
                assert_eq!(dualrec_sync(e), S::Ok);
                let len = inp.byte()? as usize % 16;
                let mut buf = vec![0 as c_char; len];
                let p = if len == 0 { std::ptr::null_mut() } else { buf.as_mut_ptr() };
                let full = dualrec_last_error(p, len);
                if len > 0 {
                    // SAFETY: the function NUL-terminates within len bytes.
                    let s = unsafe { CStr::from_ptr(buf.as_ptr()) };
                    assert!(s.to_bytes().len() <= full && s.to_bytes().len() < len);
                }
                // SAFETY: a static NUL-terminated string.
                assert!(!unsafe { CStr::from_ptr(dualrec_status_str(st as u32)) }.to_bytes().is_empty());
            }
            12 => {
                // A request: any bytes (NUL ends the C string early), any capacity.
                let k = inp.byte()? as usize % 64;
                let raw = inp.bytes(k).iter().map(|&b| if b == 0 { b' ' } else { b }).collect::<Vec<u8>>();
                let request = CString::new(raw).unwrap();
                let cap = capacity(inp.byte()?);
                let mut out = vec![dualrec_recommendation::default(); cap.min(256).max(1)];
                let mut n = usize::MAX;
                let watched = history(e, user);
                let utf8 = std::str::from_utf8(request.as_bytes()).is_ok();
                match dualrec_recommend_query(e, user, request.as_ptr(), out.as_mut_ptr(), cap, &mut n) {
                    S::Ok => {
                        assert!(utf8);
                        check_list(&out, n, cap, &watched);
                    }
                    S::UnclearRequest => assert!(utf8),
                    S::InvalidUtf8 => assert!(!utf8),
                    S::InvalidArgument => assert!(cap == 0 || cap > 1 << 20, "{cap}"),
                    s => panic!("recommend_query: {s:?}"),
                }
                assert_eq!(n == usize::MAX, dualrec_last_error(std::ptr::null_mut(), 0) != 0, "out_len written only on success");
            }
            13 => {
                // Nothing to prepare without an LLM: OK, and the history is untouched.
                let before = history(e, user);
                assert_eq!(dualrec_prepare(e, user), S::Ok);
                assert_eq!(history(e, user), before);
            }
            _ => {
                // A fresh engine from fuzzed options: opens and frees cleanly, or fails with a documented status.
                let mut o = options();
                o.model_dir = f.model.as_ptr();
                o.stages = [0, 1, 2, 4, 7, 0x100, DUALREC_STAGE_AUTO][inp.byte()? as usize % 7];
                o.history_window = inp.u16()? as u32 % 1100;
                o.verify = inp.byte()? as u32 % 3;
                o.fusion = inp.byte()? as u32 % 3;
                o.rerank = inp.byte()? as u32 % 3;
                o.sync = inp.byte()? as u32 % 4;
                o.onnxruntime_path = std::ptr::null();
                if inp.byte()? % 2 == 0 {
                    o.state_dir = f.state2.as_ptr();
                    // Keep the replayed journal short: opens stay cheap across a million runs.
                    o.compact_bytes = 4096;
                }
                let sizes = [std::mem::size_of::<dualrec_options>(), std::mem::offset_of!(dualrec_options, state_dir), 8, 4096];
                o.struct_size = sizes[inp.byte()? as usize % 4] as u32;
                let mut p = std::ptr::null_mut();
                match dualrec_engine_open(&o, &mut p) {
                    S::Ok => {
                        assert!(!p.is_null());
                        let mut n = 0usize;
                        let mut out = [dualrec_recommendation::default(); 5];
                        assert_eq!(dualrec_add_watch(p, user, 10, 0), S::Ok);
                        assert_eq!(dualrec_recommend(p, user, out.as_mut_ptr(), 5, &mut n), S::Ok);
                        assert_eq!(n, 5);
                        dualrec_engine_free(p);
                    }
                    S::InvalidArgument | S::StructSize | S::ModelMissing => assert!(p.is_null()),
                    s => panic!("engine_open: {s:?}"),
                }
            }
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let _ = run(data);
});
