//! Building and running C/C++ programs against the library cargo just built.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// target/<profile>/deps, where cargo writes libdualrec.{so,a} for this build
/// (the copies it uplifts to target/<profile> may lag behind).
pub fn built_lib_dir() -> PathBuf {
    let deps = std::env::current_exe().unwrap().parent().unwrap().to_path_buf();
    for f in ["libdualrec.so", "libdualrec.a"] {
        assert!(deps.join(f).is_file(), "{} not built", deps.join(f).display());
    }
    deps
}

/// A directory with libdualrec.so and its SONAME link libdualrec.so.MAJOR,
/// for -L and -rpath.
pub fn lib_dir(tmp: &Path) -> PathBuf {
    let dir = tmp.join("lib");
    std::fs::create_dir_all(&dir).unwrap();
    let so = built_lib_dir().join("libdualrec.so");
    let major = env!("CARGO_PKG_VERSION_MAJOR");
    for name in ["libdualrec.so".to_string(), format!("libdualrec.so.{major}")] {
        let _ = std::fs::remove_file(dir.join(&name));
        std::os::unix::fs::symlink(&so, dir.join(name)).unwrap();
    }
    dir
}

pub const STRICT_C: &[&str] = &["-std=c11", "-Wall", "-Wextra", "-Werror", "-pedantic", "-g"];
pub const STRICT_CXX: &[&str] = &["-std=c++17", "-Wall", "-Wextra", "-Werror", "-pedantic", "-g"];
pub const SANITIZERS: &[&str] = &["-fsanitize=address,undefined", "-fno-omit-frame-pointer", "-fno-sanitize-recover=all"];

/// Compiles `src` into `out` with `compiler` and `flags`, linking libdualrec from `lib`.
pub fn compile(compiler: &str, flags: &[&str], src: &Path, out: &Path, lib: &Path) {
    let o = Command::new(compiler)
        .args(flags)
        .arg("-I")
        .arg(root().join("include"))
        .arg("-I")
        .arg(root().join("bindings/cpp"))
        .arg(src)
        .arg("-o")
        .arg(out)
        .arg(format!("-L{}", lib.display()))
        .arg(format!("-Wl,-rpath,{}", lib.display()))
        .args(["-ldualrec", "-lpthread"])
        .output()
        .unwrap_or_else(|e| panic!("running {compiler}: {e}"));
    assert!(o.status.success(), "{compiler} {} failed:\n{}", src.display(), String::from_utf8_lossy(&o.stderr));
}

/// Runs a built program on the default models; panics with its output unless it exits 0.
pub fn run_ok(cmd: &mut Command) -> String {
    // cargo test puts target/<profile> on LD_LIBRARY_PATH, which outranks the
    // program's rpath: it would load whatever libdualrec.so was last uplifted
    // there, not this build's. The programs find theirs by rpath.
    if !cmd.get_envs().any(|(k, _)| k == "LD_LIBRARY_PATH") {
        cmd.env_remove("LD_LIBRARY_PATH");
    }
    let o: Output = cmd
        // LeakSanitizer needs ptrace, which sandboxes may forbid; ASan still checks memory errors.
        .env("ASAN_OPTIONS", "detect_leaks=0")
        .env("UBSAN_OPTIONS", "halt_on_error=1:print_stacktrace=1")
        .output()
        .expect("running a test program");
    let stdout = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(o.status.success(), "program failed ({}):\n{stdout}\n{}", o.status, String::from_utf8_lossy(&o.stderr));
    stdout
}
