//! Build-time pieces of the C ABI that cargo alone cannot give:
//! - the status table, read from the one list in src/ffi/status.rs;
//! - the versioned SONAME, with its link in the build tree so that
//!   `cc ... -Ltarget/release -ldualrec` gives a program that starts with
//!   `LD_LIBRARY_PATH=target/release`, as the README says.
//!
//! The C header is not written here: tests/header.rs generates it with
//! cbindgen and fails when it differs from the checked-in include/dualrec.h
//! (`DUALREC_BLESS=1` rewrites it), so a defect shows up as a diff.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    println!("cargo:rerun-if-changed=src/ffi/status.rs");
    println!("cargo:rerun-if-changed=build.rs");
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").unwrap());
    status_table(Path::new("src/ffi/status.rs"), &out_dir.join("status_table.rs"));
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux") {
        let major = std::env::var("CARGO_PKG_VERSION_MAJOR").unwrap();
        let soname = format!("libdualrec.so.{major}");
        println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,{soname}");
        soname_link(&out_dir, &soname);
    }
}

/// `(variant, text)` for every `/// text` + `Name = number,` of the enum.
fn status_table(src: &Path, out: &Path) {
    let text = std::fs::read_to_string(src).expect("src/ffi/status.rs");
    let start = text.find("pub enum dualrec_status {").expect("enum dualrec_status");
    let body = &text[start..start + text[start..].find("\n}").expect("end of enum")];
    let mut table = String::from("/// (status, text) for every status, from src/ffi/status.rs (build.rs).\nconst STATUS_TABLE: &[(dualrec_status, &std::ffi::CStr)] = &[\n");
    let mut doc: Option<String> = None;
    for line in body.lines().skip(1).map(str::trim) {
        if let Some(d) = line.strip_prefix("///") {
            doc.get_or_insert(d.trim().to_string());
        } else if let Some((name, _)) = line.split_once(" = ") {
            let d = doc.take().unwrap_or_else(|| panic!("status {name} has no doc line: its text"));
            assert!(!d.contains(['"', '\\']), "status text {d:?} must be plain");
            writeln!(table, "    (dualrec_status::{name}, c\"{d}\"),").unwrap();
        }
    }
    table.push_str("];\n");
    std::fs::write(out, table).expect("write status_table.rs");
}

/// `libdualrec.so.MAJOR -> libdualrec.so` beside the library cargo links
/// (OUT_DIR is <profile dir>/build/<pkg>-<hash>/out).
fn soname_link(out_dir: &Path, soname: &str) {
    let Some(profile_dir) = out_dir.ancestors().nth(3) else { return };
    let link = profile_dir.join(soname);
    if std::fs::read_link(&link).is_err() {
        let _ = std::fs::remove_file(&link);
        #[cfg(unix)]
        if let Err(e) = std::os::unix::fs::symlink("libdualrec.so", &link) {
            println!("cargo:warning=could not create {}: {e}", link.display());
        }
    }
}
