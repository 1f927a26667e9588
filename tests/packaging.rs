//! scripts/dev/install.sh into a temporary prefix, then a CMake project
//! (find_package) and a pkg-config build (shared and static) link it and run.

mod common;

use std::process::Command;

use common::native::{built_lib_dir, root, run_ok};

fn install() -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let prefix = tmp.path().join("prefix");
    let o = Command::new("bash")
        .arg(root().join("scripts/dev/install.sh"))
        .arg(&prefix)
        .env("DUALREC_LIB_DIR", built_lib_dir())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    (tmp, prefix)
}

fn check_ten(out: &str) {
    assert_eq!(out.lines().count(), 10, "{out}");
}

#[test]
fn installed_library_has_versioned_soname() {
    let (_tmp, prefix) = install();
    let o = Command::new("readelf").arg("-d").arg(prefix.join("lib/libdualrec.so")).output().unwrap();
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains(&format!("[libdualrec.so.{}]", env!("CARGO_PKG_VERSION_MAJOR"))), "{text}");
    assert!(prefix.join(format!("lib/libdualrec.so.{}", env!("CARGO_PKG_VERSION"))).is_file());
}

#[test]
fn cmake_find_package_consumer() {
    let (tmp, prefix) = install();
    let build = tmp.path().join("build");
    let o = Command::new("cmake")
        .arg("-S")
        .arg(root().join("examples/cmake-consumer"))
        .arg("-B")
        .arg(&build)
        .arg(format!("-DCMAKE_PREFIX_PATH={}", prefix.display()))
        .arg(format!("-DCMAKE_BUILD_RPATH={}", prefix.join("lib").display()))
        .output()
        .expect("cmake (scripts/dev/setup.sh installs it)");
    assert!(o.status.success(), "{}\n{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr));
    let o = Command::new("cmake").arg("--build").arg(&build).output().unwrap();
    assert!(o.status.success(), "{}\n{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr));
    check_ten(&run_ok(Command::new(build.join("consumer")).arg(root().join("models"))));
}

#[test]
fn pkg_config_shared_and_static() {
    let (tmp, prefix) = install();
    let pc = prefix.join("lib/pkgconfig");
    let flags = |args: &[&str]| {
        let o = Command::new("pkg-config").args(args).arg("dualrec").env("PKG_CONFIG_PATH", &pc).output().unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8_lossy(&o.stdout).split_whitespace().map(String::from).collect::<Vec<_>>()
    };
    assert_eq!(flags(&["--modversion"]), vec![env!("CARGO_PKG_VERSION").to_string()]);
    // Shared.
    let exe = tmp.path().join("shared");
    let o = Command::new("cc")
        .arg(root().join("examples/c/recommend.c"))
        .args(flags(&["--cflags", "--libs"]))
        .arg(format!("-Wl,-rpath,{}", prefix.join("lib").display()))
        .arg("-o")
        .arg(&exe)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    check_ten(&run_ok(Command::new(&exe).arg(root().join("models"))));
    // Static: the archive, no libdualrec.so needed at run time.
    let exe = tmp.path().join("static");
    let o = Command::new("cc")
        .arg(root().join("examples/c/recommend.c"))
        .args(flags(&["--cflags"]))
        .arg(prefix.join("lib/libdualrec.a"))
        .args(flags(&["--static", "--libs-only-l"]).into_iter().filter(|f| f != "-ldualrec"))
        .arg("-o")
        .arg(&exe)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let ldd = Command::new("ldd").arg(&exe).output().unwrap();
    assert!(!String::from_utf8_lossy(&ldd.stdout).contains("libdualrec"), "static binary still needs libdualrec.so");
    check_ten(&run_ok(Command::new(&exe).arg(root().join("models"))));
}

#[test]
fn swift_module_map_parses_with_clang_modules() {
    // No Swift toolchain can be installed here (Debian's `swift` package is
    // OpenStack Swift); clang -fmodules checks the SwiftPM module map and
    // that the header builds as a module.
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("use.m");
    std::fs::write(&src, "@import CDualrec;\nint main(void) { dualrec_options o; dualrec_options_init(&o); return 0; }\n").unwrap();
    let o = Command::new("clang")
        .args(["-fmodules", "-fsyntax-only", "-Werror"])
        .arg(format!("-fmodules-cache-path={}", tmp.path().join("mc").display()))
        .arg(format!("-fmodule-map-file={}", root().join("bindings/swift/Sources/CDualrec/module.modulemap").display()))
        .arg("-I")
        .arg(root().join("include"))
        .arg(&src)
        .output()
        .expect("clang (scripts/dev/setup.sh installs it)");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

/// The README's build-tree lines, as written there: `cc ... -Iinclude
/// -Ltarget/release -ldualrec` records the SONAME libdualrec.so.MAJOR, which
/// build.rs links beside libdualrec.so, so the program starts with
/// `LD_LIBRARY_PATH=target/release`.
#[test]
fn readme_link_line_works_from_the_build_tree() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let link = "cc examples/c/recommend.c -Iinclude -Ltarget/release -ldualrec -o recommend";
    let run = "LD_LIBRARY_PATH=target/release ./recommend models";
    assert!(readme.contains(link) && readme.contains(run), "README no longer shows `{link}` and `{run}`");
    // target/<profile> of this build (the README's target/release in CI).
    let profile = built_lib_dir().parent().unwrap().to_path_buf();
    let soname = profile.join(format!("libdualrec.so.{}", env!("CARGO_PKG_VERSION_MAJOR")));
    assert!(soname.exists(), "{} missing: build.rs links it", soname.display());
    let tmp = tempfile::tempdir().unwrap();
    let exe = tmp.path().join("recommend");
    let o = Command::new("cc")
        .current_dir(root())
        .args(["examples/c/recommend.c", "-Iinclude"])
        .arg(format!("-L{}", profile.display()))
        .args(["-ldualrec", "-o"])
        .arg(&exe)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    check_ten(&run_ok(Command::new(&exe).current_dir(root()).env("LD_LIBRARY_PATH", &profile).arg("models")));
}
