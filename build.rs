//! Generates include/dualrec.h from src/ffi with the pinned cbindgen.
//! The header is checked in; CI regenerates it and fails on any difference.

use std::path::PathBuf;

fn main() {
    let crate_dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    println!("cargo:rerun-if-changed=src/ffi");
    println!("cargo:rerun-if-changed=cbindgen.toml");
    println!("cargo:rerun-if-changed=build.rs");
    // Versioned SONAME (libdualrec.so.MAJOR) so installed apps pick up compatible updates.
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux") {
        let major = std::env::var("CARGO_PKG_VERSION_MAJOR").unwrap();
        println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,libdualrec.so.{major}");
    }
    let mut config = cbindgen::Config::from_file(crate_dir.join("cbindgen.toml")).expect("cbindgen.toml");
    let v = |k: &str| std::env::var(k).unwrap();
    config.after_includes = Some(format!(
        "\n#define DUALREC_VERSION_MAJOR {}\n#define DUALREC_VERSION_MINOR {}\n#define DUALREC_VERSION_PATCH {}\n#define DUALREC_VERSION_STRING \"{}\"",
        v("CARGO_PKG_VERSION_MAJOR"),
        v("CARGO_PKG_VERSION_MINOR"),
        v("CARGO_PKG_VERSION_PATCH"),
        v("CARGO_PKG_VERSION")
    ));
    // Only the FFI module is the C API: parse it alone.
    let bindings = cbindgen::Builder::new()
        .with_config(config)
        .with_src(crate_dir.join("src/ffi/mod.rs"))
        .with_src(crate_dir.join("src/ffi/status.rs"))
        .with_src(crate_dir.join("src/ffi/boundary.rs"))
        .generate()
        .expect("cbindgen failed on src/ffi");
    let out = crate_dir.join("include/dualrec.h");
    let mut new = Vec::new();
    bindings.write(&mut new);
    if std::fs::read(&out).ok().as_deref() != Some(&new[..]) {
        std::fs::write(&out, new).expect("write include/dualrec.h");
    }
}
