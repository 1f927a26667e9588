//! The C ABI's two channels, through the exported functions: a successful
//! call that skipped or lost something says so in `dualrec_last_warning` and
//! leaves `dualrec_last_error` empty; a failure is in `dualrec_last_error` only.
//! Its own test binary: ONNX Runtime must never have loaded in this process
//! (the library loads it once per process and keeps the first outcome), so
//! opening every stage with a path to no ONNX Runtime shows that none needs it.

use std::ffi::{c_char, CStr, CString};

use dualrec::ffi::boundary::{dualrec_last_error, dualrec_last_warning};
use dualrec::ffi::status::dualrec_status;
use dualrec::ffi::*;

fn text(f: extern "C" fn(*mut c_char, usize) -> usize) -> String {
    let mut buf = vec![0 as c_char; 4096];
    let n = f(buf.as_mut_ptr(), buf.len());
    // SAFETY: the function NUL-terminates within buf.
    let s = unsafe { CStr::from_ptr(buf.as_ptr()) }.to_string_lossy().into_owned();
    assert_eq!(n, s.len(), "returned length is the message's");
    s
}

#[test]
fn warnings_and_errors_have_their_own_channels() {
    let models = CString::new(concat!(env!("CARGO_MANIFEST_DIR"), "/models")).unwrap();
    let missing_ort = CString::new("/nonexistent/libonnxruntime.so").unwrap();
    let mut opts = std::mem::MaybeUninit::<dualrec_options>::uninit();
    dualrec_options_init(opts.as_mut_ptr());
    // SAFETY: initialised by dualrec_options_init.
    let mut opts = unsafe { opts.assume_init() };
    opts.model_dir = models.as_ptr();
    opts.onnxruntime_path = missing_ort.as_ptr();
    opts.n_threads = 1;
    let mut engine: *mut dualrec_engine = std::ptr::null_mut();

    // A failure: the error channel only.
    assert_eq!(dualrec_engine_open(&opts, std::ptr::null_mut()), dualrec_status::NullPointer);
    assert!(text(dualrec_last_error).contains("NULL pointer"));
    assert_eq!(text(dualrec_last_warning), "");

    // No stage the C API opens needs ONNX Runtime: asked for by name, the
    // LSTM opens although the runtime's path leads nowhere, and nothing warns.
    opts.stages = DUALREC_STAGE_SEQUENTIAL;
    assert_eq!(dualrec_engine_open(&opts, &mut engine), dualrec_status::Ok, "{}", text(dualrec_last_error));
    assert_eq!(text(dualrec_last_error), "", "a successful open clears the last error");
    assert_eq!(text(dualrec_last_warning), "");
    let mut stages = 0u32;
    assert_eq!(dualrec_engine_stages(engine, &mut stages), dualrec_status::Ok);
    assert_eq!(stages, DUALREC_STAGE_SEQUENTIAL);
    dualrec_engine_free(engine);

    // Durable histories with a torn journal tail: the open succeeds, says
    // what it dropped as a warning, and the error channel stays empty.
    let state = tempfile::tempdir().unwrap();
    let state_dir = CString::new(state.path().to_str().unwrap()).unwrap();
    opts.state_dir = state_dir.as_ptr();
    opts.stages = DUALREC_STAGE_AUTO;
    assert_eq!(dualrec_engine_open(&opts, &mut engine), dualrec_status::Ok, "{}", text(dualrec_last_error));
    assert_eq!(dualrec_add_watch(engine, 1, 1, 1), dualrec_status::Ok);
    assert_eq!(dualrec_sync(engine), dualrec_status::Ok);
    dualrec_engine_free(engine);
    let journal = state.path().join("journal.bin");
    let mut bytes = std::fs::read(&journal).unwrap();
    bytes.extend_from_slice(&[0xA5; 24]);
    std::fs::write(&journal, bytes).unwrap();
    assert_eq!(dualrec_engine_open(std::ptr::null(), &mut engine), dualrec_status::NullPointer);
    assert_eq!(dualrec_engine_open(&opts, &mut engine), dualrec_status::Ok);
    assert!(!engine.is_null());
    assert_eq!(text(dualrec_last_error), "", "a successful open clears the last error");
    let w = text(dualrec_last_warning);
    assert!(w.contains("dropped a torn or corrupt tail of 24 bytes"), "{w}");
    assert_eq!(dualrec_engine_stages(engine, &mut stages), dualrec_status::Ok);
    assert_ne!(stages & DUALREC_STAGE_SEQUENTIAL, 0);
    assert_eq!(text(dualrec_last_warning), "", "the next call cleared the warning");

    // The kept watch is there and recommending works; nothing failed at run time.
    let mut recs = [dualrec_recommendation::default(); 5];
    let mut n = 0usize;
    assert_eq!(dualrec_recommend(engine, 1, recs.as_mut_ptr(), recs.len(), &mut n), dualrec_status::Ok);
    assert_eq!(n, 5);
    assert_eq!(text(dualrec_last_error), "");
    dualrec_engine_free(engine);
}
