//! Your own catalogue, end to end as CI runs it: `dualrec-train synth`
//! writes a plain-layout data set (not MovieLens), `dualrec-train build`
//! turns it into a model directory outside the repository, and a C program
//! opens it through the C ABI alone, recommends and adds a title. A build
//! that fails leaves the existing directory as it was.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::native::{built_lib_dir, compile, lib_dir, root, run_ok, STRICT_C};

/// The tool the workspace build made (cargo build --workspace --release).
fn train_bin() -> PathBuf {
    let bin = built_lib_dir().parent().unwrap().join("dualrec-train");
    assert!(bin.is_file(), "{} not built: run cargo build --workspace --release first", bin.display());
    bin
}

fn train(args: &[&str], cwd: &Path) -> std::process::Output {
    Command::new(train_bin()).args(args).current_dir(cwd).env("RUST_LOG", "warn").output().unwrap()
}

/// A path as a command-line argument.
fn arg(p: &Path) -> String {
    p.to_str().unwrap().to_string()
}

fn assert_ok(o: &std::process::Output) {
    assert!(o.status.success(), "{}\n{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr));
}

/// The command failed and its error says `why`.
fn assert_refused(o: &std::process::Output, why: &str) {
    assert!(!o.status.success() && String::from_utf8_lossy(&o.stderr).contains(why), "{}", String::from_utf8_lossy(&o.stderr));
}

#[test]
fn build_synthetic_catalogue_then_open_recommend_and_add_a_title_through_the_c_abi() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    let data = t.join("data");
    let models = t.join("models");
    let sbert = root().join("models");
    let o = train(&["synth", "--out", data.to_str().unwrap()], t);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let build = |data: &Path| {
        train(
            &[
                "build", "--data", data.to_str().unwrap(), "--models", models.to_str().unwrap(), "--sbert-from", sbert.to_str().unwrap(),
                "--lstm-epochs", "2", "--lstm-hidden", "32", "--lstm-minutes", "3", "--collab-lambdas", "100,400",
            ],
            t,
        )
    };
    let o = build(&data);
    assert!(o.status.success(), "build failed:\n{}\n{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr));
    let reports = t.join("models.work").join("reports");
    for f in ["data.json", "fusion-fit.json", "collab-lambda.json", "lstm-training.json"] {
        assert!(reports.join(f).is_file(), "report {f} missing from {}", reports.display());
    }
    let manifest = std::fs::read(models.join("manifest.json")).unwrap();
    // The chosen λ's fit is what ships (restored from its run, not refitted).
    let chosen: serde_json::Value = serde_json::from_slice(&std::fs::read(reports.join("collab-lambda.json")).unwrap()).unwrap();
    let lambda = chosen["chosen"].as_f64().unwrap();
    let m: serde_json::Value = serde_json::from_slice(&manifest).unwrap();
    let entry = |name: &str| m["artifacts"].as_array().unwrap().iter().find(|a| a["name"] == name).unwrap().clone();
    assert_eq!(entry("collab")["config"]["lambda"].as_f64(), Some(lambda), "{}", entry("collab"));
    let fusion: serde_json::Value = serde_json::from_slice(&std::fs::read(models.join("fusion.json")).unwrap()).unwrap();
    assert_eq!(fusion["fit"]["model_sha256"]["collab.bin"], entry("collab")["sha256"], "fusion.json fitted on the shipped collab.bin");
    // Resumable: a second run changes nothing and redoes nothing.
    let o = build(&data);
    assert!(o.status.success() && String::from_utf8_lossy(&o.stdout).contains("ready"));
    assert_eq!(std::fs::read(models.join("manifest.json")).unwrap(), manifest);

    let lib = lib_dir(t);
    let exe = t.join("test_catalogue");
    compile("cc", STRICT_C, &root().join("tests/c/test_catalogue.c"), &exe, &lib);
    let out = run_ok(Command::new(&exe).arg(&models));
    assert!(out.trim_end().ends_with("0 failed"), "{out}");

    // Bad data: a clear error naming file and line; the built directory untouched.
    let bad = t.join("bad");
    std::fs::create_dir_all(&bad).unwrap();
    std::fs::copy(data.join("catalog.tsv"), bad.join("catalog.tsv")).unwrap();
    std::fs::write(bad.join("interactions.tsv"), "user\tmovie\ttime\n1\t1000\t5\n1\t999999\t6\n").unwrap();
    let o = build(&bad);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success() && err.contains("interactions.tsv") && err.contains("line 3") && err.contains("999999"), "{err}");
    assert_eq!(std::fs::read(models.join("manifest.json")).unwrap(), manifest, "a failed build must not touch the model directory");
}

/// What `build` does for a large catalogue (sampled-softmax LSTM, sparse
/// collaborative weights, a fusion fitted on a sample of viewers), forced on
/// a small one: the reports say so and the directory serves recommendations.
#[test]
fn build_with_the_large_catalogue_settings_serves_recommendations() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    let (data, models) = (t.join("data"), t.join("models"));
    let o = train(&["synth", "--out", data.to_str().unwrap(), "--seed", "3"], t);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = train(
        &[
            "build", "--data", data.to_str().unwrap(), "--models", models.to_str().unwrap(), "--sbert-from", root().join("models").to_str().unwrap(),
            "--lstm-epochs", "2", "--lstm-hidden", "32", "--lstm-minutes", "3", "--lstm-negatives", "32", "--collab", "sparse",
            "--collab-neighbours", "20", "--fit-users", "150",
        ],
        t,
    );
    assert!(o.status.success(), "build failed:\n{}\n{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr));
    let reports = t.join("models.work").join("reports");
    let read = |f: &str| -> serde_json::Value { serde_json::from_slice(&std::fs::read(reports.join(f)).unwrap()).unwrap() };
    assert_eq!(read("lstm-training.json")["training"]["negatives"], 32);
    let target = read("fusion-fit.json")["fit"]["target"].as_str().unwrap().to_string();
    assert!(target.contains("a seeded sample of 150 of 400 users"), "{target}");
    assert_eq!(read("collab-lambda.json")["form"], "sparse item-kNN");
    let e = dualrec::engine::Engine::open(&dualrec::engine::EngineOptions { model_dir: models.clone(), ..Default::default() }).unwrap();
    let history: Vec<u32> = (0..5).collect();
    let r = e.recommend_for_history(&history, 10).unwrap();
    assert_eq!(r.items.len(), 10, "{:?}", r.warnings);
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
}

/// The cold-title rule fitted on titles the models never saw
/// (docs/training.md): a second-level split that keeps its titles in the
/// catalogue, a second build, and `fusion-fit --stand-ins-from --cold-into`
/// writing the rule into the first directory, which still opens verified.
/// Mismatched inputs are refused.
#[test]
fn cold_rule_fitted_on_a_second_level_split_goes_into_the_first_directory() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    let (data, models, data2, models2) = (t.join("data"), t.join("models"), t.join("work2/data"), t.join("work2/models"));
    assert_ok(&train(&["synth", "--out", &arg(&data), "--seed", "5"], t));
    let build = |d: &Path, m: &Path| {
        train(&["build", "--data", &arg(d), "--models", &arg(m), "--sbert-from", &arg(&root().join("models")), "--no-eval", "--lstm-epochs", "1", "--lstm-hidden", "32", "--collab-lambdas", "100"], t)
    };
    assert_ok(&build(&data, &models));
    assert_ok(&train(&["cold-split", "--data", &arg(&data), "--out", &arg(&data2), "--keep-titles"], t));
    let split: serde_json::Value = serde_json::from_slice(&std::fs::read(data2.join("cold.json")).unwrap()).unwrap();
    assert_eq!(split["titles_kept"], true);
    assert_ok(&build(&data2, &models2));
    let fit = |data: &Path, models: &Path, from: &Path| {
        train(&["fusion-fit", "--data", &arg(data), "--models", &arg(models), "--cold-only", "--stand-ins-from", &arg(from), "--cold-into", &arg(&t.join("models")), "--out", &arg(&t.join("reports"))], t)
    };
    // Models not built from the split's copy are refused.
    assert_refused(&fit(&data, &models, &data2), "not fitted on");
    assert_ok(&fit(&data, &models2, &data2));
    let fusion: serde_json::Value = serde_json::from_slice(&std::fs::read(models.join("fusion.json")).unwrap()).unwrap();
    let cold = &fusion["fit"]["cold"];
    assert_eq!(cold["stand_ins"], split["movie_ids"].as_array().unwrap().len(), "{cold}");
    assert!(cold["stand_ins_are"]["from"].as_str().unwrap().ends_with("data"), "{cold}");
    // The first directory still verifies and serves, and eval-cold refuses the kept-titles split.
    let e = dualrec::engine::Engine::open(&dualrec::engine::EngineOptions { model_dir: models.clone(), ..Default::default() }).unwrap();
    assert_eq!(e.recommend_for_history(&[0, 1, 2], 10).unwrap().items.len(), 10);
    assert_refused(&train(&["eval-cold", "--data", &arg(&data), "--cold", &arg(&data2), "--models", &arg(&models), "--out", &arg(&t.join("eval"))], t), "--keep-titles");
}

#[test]
fn build_fits_the_cold_rule_on_a_second_level_in_one_command() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    let (data, models, work, reports) = (t.join("data"), t.join("models"), t.join("work"), t.join("reports"));
    assert_ok(&train(&["synth", "--out", &arg(&data), "--seed", "6"], t));
    let build_with = |cold_fit: &str, more: &[&str]| {
        let mut args = vec![
            "build".to_string(), "--data".into(), arg(&data), "--models".into(), arg(&models), "--work".into(), arg(&work), "--reports".into(), arg(&reports),
            "--sbert-from".into(), arg(&root().join("models")), "--no-eval".into(), "--lstm-epochs".into(), "1".into(), "--lstm-hidden".into(), "32".into(),
            "--collab-lambdas".into(), "100".into(), "--cold-fit".into(), cold_fit.into(),
        ];
        args.extend(more.iter().map(|m| m.to_string()));
        train(&args.iter().map(String::as_str).collect::<Vec<_>>(), t)
    };
    let build = |cold_fit: &str| build_with(cold_fit, &[]);
    let new = t.join("new.tsv");
    std::fs::write(&new, "id\ttitle\tyear\tgenres\n990001\tThe Long Harbour\t2026\tDrama|Romance\n990002\tOrbit Nine\t2026\tSci-Fi\n").unwrap();
    assert_refused(&build("honest"), "--cold-fit must be");
    assert_refused(&build_with("stand-ins", &["--new-titles", &arg(&new)]), "--new-titles needs --cold-fit second-level");
    assert!(!models.exists(), "a refused build writes nothing");
    let o = build("second-level");
    assert_ok(&o);
    // One directory to try: the inner build's models are not offered to the demo.
    let said = String::from_utf8_lossy(&o.stdout);
    assert_eq!(said.matches("try:").count(), 1, "{said}");
    assert!(said.contains("second-level models for the cold rule built in"), "{said}");
    let fusion: serde_json::Value = serde_json::from_slice(&std::fs::read(models.join("fusion.json")).unwrap()).unwrap();
    let cold = &fusion["fit"]["cold"];
    let from = cold["stand_ins_are"]["from"].as_str().unwrap_or_default();
    assert!(Path::new(from).ends_with("cold-second-level/data"), "{cold}");
    let split: serde_json::Value = serde_json::from_slice(&std::fs::read(work.join("cold-second-level/data/cold.json")).unwrap()).unwrap();
    assert_eq!(split["titles_kept"], true);
    assert_eq!(cold["stand_ins"], split["movie_ids"].as_array().unwrap().len(), "{cold}");
    assert!(std::fs::read_to_string(reports.join("fusion-fit.md")).unwrap().contains("`--cold-fit second-level`"));
    assert!(reports.join("fusion-fit-cold.json").is_file() && reports.join("cold-second-level").is_dir());
    // The directory serves; a rerun keeps every step; the stand-in fit is a changed input and refits.
    let e = dualrec::engine::Engine::open(&dualrec::engine::EngineOptions { model_dir: models.clone(), ..Default::default() }).unwrap();
    assert_eq!(e.recommend_for_history(&[0, 1, 2], 10).unwrap().items.len(), 10);
    drop(e);
    let o = build("second-level");
    assert_ok(&o);
    assert!(!String::from_utf8_lossy(&o.stderr).contains("done in"), "{}", String::from_utf8_lossy(&o.stderr));
    assert_ok(&build("stand-ins"));
    let fusion: serde_json::Value = serde_json::from_slice(&std::fs::read(models.join("fusion.json")).unwrap()).unwrap();
    assert!(fusion["fit"]["cold"]["stand_ins_are"].is_null(), "{}", fusion["fit"]["cold"]);

    // The titles an integrator is about to add: their cost is measured on the
    // models the rule goes into (docs/training.md section 4).
    let second = work.join("cold-second-level");
    let fit = |titles: &Path, out: &Path| {
        train(
            &[
                "fusion-fit", "--data", &arg(&data), "--models", &arg(&second.join("models")), "--cold-only", "--stand-ins-from", &arg(&second.join("data")),
                "--cold-into", &arg(&models), "--new-titles", &arg(titles), "--out", &arg(out),
            ],
            t,
        )
    };
    let known = t.join("known.tsv");
    let catalog = std::fs::read_to_string(models.join("catalog.tsv")).unwrap();
    let first_id = catalog.lines().find(|l| l.split('\t').next().is_some_and(|f| f.parse::<u32>().is_ok())).unwrap().split('\t').next().unwrap().to_string();
    std::fs::write(&known, format!("id\ttitle\tyear\tgenres\n{first_id}\tAgain\t2001\tDrama\n")).unwrap();
    let before = std::fs::read(models.join("fusion.json")).unwrap();
    assert_refused(&fit(&known, &t.join("r-known")), "already in");
    assert_eq!(std::fs::read(models.join("fusion.json")).unwrap(), before, "a refused fit writes nothing");
    assert_ok(&fit(&new, &t.join("r-new")));
    let cold: serde_json::Value = serde_json::from_slice(&std::fs::read(t.join("r-new/fusion-fit-cold.json")).unwrap()).unwrap();
    let v = &cold["validation"];
    assert_eq!(v["cost_side"]["added"], 2, "{v}");
    assert!(v["cost_side"]["users"].as_u64().unwrap() > 0 && v["net"]["share"].as_f64().is_some(), "{v}");
    let fusion: serde_json::Value = serde_json::from_slice(&std::fs::read(models.join("fusion.json")).unwrap()).unwrap();
    assert_eq!(fusion["fit"]["cold"]["validation"]["cost_side"], v["cost_side"]);
    // The same in one command: build weighs the listed titles' cost on the directory it builds.
    assert_ok(&build_with("second-level", &["--new-titles", &arg(&new)]));
    let fusion: serde_json::Value = serde_json::from_slice(&std::fs::read(models.join("fusion.json")).unwrap()).unwrap();
    assert_eq!(fusion["fit"]["cold"]["validation"]["cost_side"]["added"], 2, "{}", fusion["fit"]["cold"]);
    assert!(std::fs::read_to_string(reports.join("fusion-fit.md")).unwrap().contains("Its cost was measured on this directory with the 2 titles"));
}
