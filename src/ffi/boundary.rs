//! The panic boundary and the thread-local last error and last warning.
//! Every exported function runs its body through [`guard`]: a Rust panic
//! (ours, or an assertion inside a runtime binding) becomes
//! `DUALREC_STATUS_PANIC`, never an unwind into, or an abort of, the host
//! application. Each guarded call starts by clearing the thread's last error
//! and last warning, so what a caller reads after a call is about that call.

use std::cell::RefCell;
use std::ffi::{c_char, CStr};
use std::panic::{catch_unwind, AssertUnwindSafe};

use super::status::dualrec_status;
use crate::error::{Error, Result};

thread_local! {
    static LAST_ERROR: RefCell<String> = const { RefCell::new(String::new()) };
    static LAST_WARNING: RefCell<String> = const { RefCell::new(String::new()) };
}

fn set_last_error(msg: impl Into<String>) {
    let msg = msg.into();
    LAST_ERROR.with(|e| *e.borrow_mut() = msg);
}

/// Records what a successful call skipped or repaired (`dualrec_last_warning`).
pub(crate) fn set_last_warning(msg: impl Into<String>) {
    let msg = msg.into();
    LAST_WARNING.with(|e| *e.borrow_mut() = msg);
}

pub(crate) fn guard(f: impl FnOnce() -> Result<()>) -> dualrec_status {
    LAST_ERROR.with(|e| e.borrow_mut().clear());
    LAST_WARNING.with(|e| e.borrow_mut().clear());
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(Ok(())) => dualrec_status::Ok,
        Ok(Err(e)) => {
            set_last_error(e.to_string());
            dualrec_status::of(&e)
        }
        Err(payload) => {
            let what = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            set_last_error(format!("panic: {what}"));
            dualrec_status::Panic
        }
    }
}

/// Runs `f`, returning `fallback` if it panics (for functions that return no status).
pub(crate) fn guard_value<T>(fallback: T, f: impl FnOnce() -> T) -> T {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or(fallback)
}

pub(crate) fn non_null<'a, T>(p: *const T, what: &'static str) -> Result<&'a T> {
    // SAFETY: the C caller promises a non-NULL pointer is valid for reads.
    unsafe { p.as_ref() }.ok_or(Error::NullPointer(what))
}

pub(crate) fn c_str<'a>(p: *const c_char, what: &'static str) -> Result<&'a str> {
    if p.is_null() {
        return Err(Error::NullPointer(what));
    }
    // SAFETY: the caller promises a NUL-terminated string.
    let s = unsafe { CStr::from_ptr(p) };
    s.to_str().map_err(|e| Error::InvalidUtf8(format!("{what}: {e}")))
}

/// Copies `text` plus a NUL into `buf`. Too small (or NULL with length 0):
/// `BufferTooSmall`, and `*out_len` gets the size needed including the NUL.
/// On success `*out_len` gets the text length without the NUL.
pub(crate) fn write_c_string(text: &str, buf: *mut c_char, buf_len: usize, out_len: *mut usize) -> Result<()> {
    let needed = text.len() + 1;
    if buf_len < needed {
        if !out_len.is_null() {
            // SAFETY: non-NULL out pointer from the caller.
            unsafe { *out_len = needed };
        }
        return Err(Error::BufferTooSmall { needed });
    }
    if buf.is_null() {
        return Err(Error::NullPointer("buf"));
    }
    // SAFETY: buf is valid for buf_len >= needed bytes by the caller's contract.
    unsafe {
        std::ptr::copy_nonoverlapping(text.as_ptr(), buf as *mut u8, text.len());
        *buf.add(text.len()) = 0;
        if !out_len.is_null() {
            *out_len = text.len();
        }
    }
    Ok(())
}

/// Copies `msg` (truncated at a character boundary to fit, NUL-terminated)
/// into `buf` when it has room for anything; returns the full length.
fn copy_message(msg: &str, buf: *mut c_char, buf_len: usize) -> usize {
    if !buf.is_null() && buf_len > 0 {
        let mut n = msg.len().min(buf_len - 1);
        while !msg.is_char_boundary(n) {
            n -= 1;
        }
        // SAFETY: buf valid for buf_len bytes; n < buf_len.
        unsafe {
            std::ptr::copy_nonoverlapping(msg.as_ptr(), buf as *mut u8, n);
            *buf.add(n) = 0;
        }
    }
    msg.len()
}

/// Copies why the calling thread's last `dualrec_status`-returning call
/// failed (UTF-8, NUL-terminated, truncated to fit) into `buf` and returns
/// its full length in bytes without the NUL. 0 (and "") when that call
/// succeeded: every such call clears it first. `buf` may be NULL when
/// `buf_len` is 0, to ask for the length. Reading it changes nothing.
/// Thread-safe: each thread has its own.
#[no_mangle]
pub extern "C" fn dualrec_last_error(buf: *mut c_char, buf_len: usize) -> usize {
    guard_value(0, || LAST_ERROR.with(|e| copy_message(&e.borrow(), buf, buf_len)))
}

/// Like `dualrec_last_error`, for what the calling thread's last successful
/// call skipped or repaired while still returning `DUALREC_STATUS_OK`:
/// `dualrec_engine_open` (a stage whose runtime library is missing under
/// `DUALREC_STAGE_AUTO`; a torn journal tail cut off or damaged records
/// skipped; watches of movies the catalogue no longer has skipped; a
/// fusion.json fitted on other model files) and `dualrec_recommend` /
/// `dualrec_recommend_query` (a stage that failed at run time, the answer
/// came from the rest; a request that matched no unwatched movie). 0 when there was nothing to say; cleared by every
/// `dualrec_status`-returning call. Thread-safe: each thread has its own.
#[no_mangle]
pub extern "C" fn dualrec_last_warning(buf: *mut c_char, buf_len: usize) -> usize {
    guard_value(0, || LAST_WARNING.with(|e| copy_message(&e.borrow(), buf, buf_len)))
}
