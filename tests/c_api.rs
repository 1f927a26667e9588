//! Builds the C test program against include/dualrec.h and the built shared
//! library only, with -Wall -Wextra -Werror (plain, and under ASan/UBSan),
//! runs it on the default models and asserts its output.

mod common;

use std::process::Command;

use common::native::{compile, lib_dir, root, run_ok, SANITIZERS, STRICT_C, STRICT_CXX};

fn build_and_run(extra: &[&str]) -> String {
    let tmp = tempfile::tempdir().unwrap();
    let lib = lib_dir(tmp.path());
    let exe = tmp.path().join("test_api");
    let flags: Vec<&str> = STRICT_C.iter().chain(extra).copied().collect();
    compile("cc", &flags, &root().join("tests/c/test_api.c"), &exe, &lib);
    let out = run_ok(Command::new(&exe).arg(root().join("models")));
    assert_eq!(out.lines().filter(|l| l.starts_with("rec ")).count(), 10, "{out}");
    assert!(out.lines().last().unwrap().ends_with(" 0 failed"), "{out}");
    out
}

#[test]
fn c_program_gets_ten_real_recommendations() {
    println!("{}", build_and_run(&[]));
}

#[test]
fn c_program_clean_under_asan_and_ubsan() {
    build_and_run(SANITIZERS);
}

#[test]
fn header_compiles_as_cpp_included_twice() {
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("twice.cpp");
    std::fs::write(
        &src,
        "#include \"dualrec.h\"\n#include \"dualrec.h\"\n#include \"dualrec.hpp\"\n#include \"dualrec.hpp\"\n\
         int main() { dualrec_options o; dualrec_options_init(&o); return o.history_window == 30 ? 0 : 1; }\n",
    )
    .unwrap();
    let exe = tmp.path().join("twice");
    compile("c++", STRICT_CXX, &src, &exe, &lib_dir(tmp.path()));
    run_ok(&mut Command::new(&exe));
}

#[test]
fn header_compiles_alone_as_c89_declarations() {
    // Each public header compiles on its own (no other includes first).
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("alone.c");
    std::fs::write(&src, "#include \"dualrec.h\"\nint main(void) { return DUALREC_STATUS_OK; }\n").unwrap();
    compile("cc", STRICT_C, &src, &tmp.path().join("alone"), &lib_dir(tmp.path()));
}
