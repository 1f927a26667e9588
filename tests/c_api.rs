//! Builds the C test program against include/dualrec.h and the built shared
//! library only, with -Wall -Wextra -Werror (plain, and under ASan/UBSan),
//! runs it on the default models and asserts its output.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The cdylib cargo built beside this test binary (target/<profile>/deps):
/// the copy cargo uplifts to target/<profile> may lag behind during a build.
fn shared_lib_dir() -> PathBuf {
    let deps = std::env::current_exe().unwrap().parent().unwrap().to_path_buf();
    let lib = deps.join(if cfg!(target_os = "macos") { "libdualrec.dylib" } else { "libdualrec.so" });
    assert!(lib.is_file(), "{} not built", lib.display());
    deps
}

fn compile(src: &Path, out: &Path, extra: &[&str]) {
    let lib_dir = shared_lib_dir();
    let mut cmd = Command::new(std::env::var("CC").unwrap_or_else(|_| "cc".into()));
    cmd.args(["-std=c11", "-Wall", "-Wextra", "-Werror", "-pedantic", "-g"])
        .args(extra)
        .arg("-I")
        .arg(root().join("include"))
        .arg(src)
        .arg("-o")
        .arg(out)
        .arg(format!("-L{}", lib_dir.display()))
        .arg(format!("-Wl,-rpath,{}", lib_dir.display()))
        .args(["-ldualrec", "-lpthread"]);
    let o = cmd.output().expect("running the C compiler");
    assert!(o.status.success(), "C compile failed:\n{}", String::from_utf8_lossy(&o.stderr));
}

fn run(exe: &Path) -> String {
    let o = Command::new(exe)
        .arg(root().join("models"))
        // LeakSanitizer cannot run under ptrace-restricted sandboxes; ASan still checks memory errors.
        .env("ASAN_OPTIONS", "detect_leaks=0")
        .env("UBSAN_OPTIONS", "halt_on_error=1:print_stacktrace=1")
        .output()
        .expect("running the C test");
    let stdout = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(o.status.success(), "C test failed:\n{stdout}\n{}", String::from_utf8_lossy(&o.stderr));
    stdout
}

fn check_output(out: &str) {
    assert_eq!(out.lines().filter(|l| l.starts_with("rec ")).count(), 10, "{out}");
    assert!(out.contains(" failed") && out.lines().last().unwrap().ends_with(" 0 failed"), "{out}");
}

#[test]
fn c_program_gets_ten_real_recommendations() {
    let tmp = tempfile::tempdir().unwrap();
    let exe = tmp.path().join("test_api");
    compile(&root().join("tests/c/test_api.c"), &exe, &[]);
    let out = run(&exe);
    println!("{out}");
    check_output(&out);
}

#[test]
fn c_program_clean_under_asan_and_ubsan() {
    let tmp = tempfile::tempdir().unwrap();
    let exe = tmp.path().join("test_api_san");
    compile(&root().join("tests/c/test_api.c"), &exe, &["-fsanitize=address,undefined", "-fno-omit-frame-pointer"]);
    check_output(&run(&exe));
}

#[test]
fn header_compiles_as_cpp_included_twice() {
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("twice.cpp");
    std::fs::write(&src, "#include \"dualrec.h\"\n#include \"dualrec.h\"\nint main() { dualrec_options o; dualrec_options_init(&o); return o.history_window == 30 ? 0 : 1; }\n").unwrap();
    let exe = tmp.path().join("twice");
    let lib_dir = shared_lib_dir();
    let o = Command::new("c++")
        .args(["-std=c++17", "-Wall", "-Wextra", "-Werror"])
        .arg("-I")
        .arg(root().join("include"))
        .arg(&src)
        .arg("-o")
        .arg(&exe)
        .arg(format!("-L{}", lib_dir.display()))
        .arg(format!("-Wl,-rpath,{}", lib_dir.display()))
        .arg("-ldualrec")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(Command::new(&exe).status().unwrap().success());
}
