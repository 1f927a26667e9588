//! The C and C++ examples, built with -Wall -Wextra -Werror (and under
//! ASan/UBSan), run on the default models with their output asserted; the C
//! example also under valgrind's memcheck.

mod common;

use std::process::Command;

use common::native::{compile, lib_dir, root, run_ok, SANITIZERS, STRICT_C, STRICT_CXX};

fn check_ten(out: &str) {
    let recs: Vec<&str> = out.lines().filter(|l| l.trim_start().chars().next().is_some_and(|c| c.is_ascii_digit())).collect();
    assert_eq!(recs.len(), 10, "{out}");
    assert!(recs[0].trim_start().starts_with("1. ") && recs[9].starts_with("10. "), "{out}");
    assert!(!out.contains("Toy Story (1995)"), "a watched movie was recommended:\n{out}");
}

fn build(compiler: &str, base: &[&str], extra: &[&str], src: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let lib = lib_dir(tmp.path());
    let exe = tmp.path().join("example");
    let flags: Vec<&str> = base.iter().chain(extra).copied().collect();
    compile(compiler, &flags, &root().join(src), &exe, &lib);
    (tmp, exe)
}

#[test]
fn c_example_recommends() {
    for extra in [&[][..], SANITIZERS] {
        let (_tmp, exe) = build("cc", STRICT_C, extra, "examples/c/recommend.c");
        check_ten(&run_ok(Command::new(&exe).arg(root().join("models"))));
    }
}

#[test]
fn cpp_example_recommends_and_throws() {
    for extra in [&[][..], SANITIZERS] {
        let (_tmp, exe) = build("c++", STRICT_CXX, extra, "examples/cpp/recommend.cpp");
        let out = run_ok(Command::new(&exe).arg(root().join("models")));
        check_ten(&out);
        assert!(out.contains("error status 200: unknown movie id"), "{out}");
    }
}

#[test]
fn c_example_valgrind_clean() {
    let (_tmp, exe) = build("cc", STRICT_C, &[], "examples/c/recommend.c");
    let out = run_ok(
        Command::new("valgrind")
            .args(["--error-exitcode=99", "--leak-check=full", "--errors-for-leak-kinds=definite", "--quiet"])
            .arg(format!("--suppressions={}", root().join("tests/valgrind.supp").display()))
            .arg(&exe)
            .arg(root().join("models"))
            // The LLM under memcheck would take minutes; our code paths are the same.
            .arg("1"),
    );
    check_ten(&out);
}

/// An on-device SDK writes only where it is told. ONNX Runtime's official
/// builds keep a telemetry cache and a device id under ~/.cache/Microsoft
/// unless ORT_DISABLE_TELEMETRY is set; the library sets it before loading
/// the runtime, so a program that never set it leaves its home untouched.
#[test]
fn c_example_leaves_home_untouched() {
    let (tmp, exe) = build("cc", STRICT_C, &[], "examples/c/recommend.c");
    let home = tmp.path().join("home");
    std::fs::create_dir(&home).unwrap();
    let out = run_ok(
        Command::new(&exe)
            .arg(root().join("models"))
            .env("HOME", &home)
            .env_remove("XDG_CACHE_HOME")
            .env_remove("ORT_DISABLE_TELEMETRY")
            // The stages that load ONNX Runtime: the LSTM and Sentence-BERT.
            .arg("1"),
    );
    check_ten(&out);
    let left: Vec<_> = walk(&home);
    assert!(left.is_empty(), "the program wrote into its home: {left:?}");
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut v = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            v.extend(walk(&p));
        }
        v.push(p);
    }
    v
}
