//! `dualrec-train build`: one command from viewing logs to a complete,
//! manifest-verified model directory.
//!
//! The steps run the tool's own subcommands in the one order that is right
//! (each reads what the one before wrote), into a staging directory under
//! `--work`. A step is skipped when the hash of its inputs (the data, its
//! settings and the sha256 of every artifact it reads) equals that of its
//! last completed run, so an interrupted build resumes where it stopped and
//! a changed input redoes exactly what depends on it. Only a finished,
//! verified directory replaces `--models`: a failure leaves it as it was.
//!
//! The top room of the tool: it calls the other rooms through the CLI.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{bail, Context, Result};
use dualrec::model_dir::manifest::{sha256_hex, Manifest, Verify};

use crate::data::Dataset;

#[derive(clap::Args, Clone)]
pub struct BuildArgs {
    /// The viewing data: interactions.tsv + catalog.tsv (docs/training.md), a MovieLens ratings.dat + movies.dat directory, or sequences.txt + movies.dat.
    #[arg(long)]
    pub data: PathBuf,
    /// The model directory to create or replace (replaced only by a finished, verified build).
    #[arg(long)]
    pub models: PathBuf,
    /// Staging directory, checkpoints and the split (holds the data's sequences: keep it private). Default: <models>.work
    #[arg(long)]
    pub work: Option<PathBuf>,
    /// Reports (fits, validation logs, the final evaluation). Default: <work>/reports
    #[arg(long)]
    pub reports: Option<PathBuf>,
    /// Where the converted Sentence-BERT model comes from (its manifest pins it): the repository's models/ after scripts/dev/models.sh.
    #[arg(long, default_value = "models")]
    pub sbert_from: PathBuf,
    /// Licence line recorded for the catalogue in the manifest.
    #[arg(long, default_value = "the data set's own terms")]
    pub licence: String,
    /// LSTM epochs (cosine schedule; early stopping on validation NDCG@10 with patience 3).
    #[arg(long, default_value_t = 10)]
    pub lstm_epochs: usize,
    /// LSTM training time limit.
    #[arg(long, default_value_t = 120.0)]
    pub lstm_minutes: f64,
    /// LSTM hidden sizes, comma-separated.
    #[arg(long, default_value = "256")]
    pub lstm_hidden: String,
    /// LSTM output layer: "auto" (full softmax up to 15,000 titles, else 2048 sampled negatives per batch), 0 (full) or a number of negatives.
    #[arg(long, default_value = "auto")]
    pub lstm_negatives: String,
    /// Validation viewers the fusion is fitted on: "auto" (all up to 10,000, else a seeded 5,000), 0 (all) or a number.
    #[arg(long, default_value = "auto")]
    pub fit_users: String,
    /// Collaborative weights: dense EASE (n² bytes; its fit inverts an n × n matrix), sparse item-kNN (n·K·5 bytes), or auto (dense up to 15,000 titles).
    #[arg(long, default_value = "auto")]
    pub collab: String,
    /// EASE ridge strengths tried (dense); the one with the best validation NDCG@10 of the fitted fusion is kept.
    #[arg(long, default_value = "50,200,1000")]
    pub collab_lambdas: String,
    /// Neighbours per title tried (sparse), chosen the same way.
    #[arg(long, default_value = "50,200")]
    pub collab_neighbours: String,
    /// Skip the final leave-one-out evaluation.
    #[arg(long)]
    pub no_eval: bool,
    /// How the rule that ranks titles added on the device is fitted:
    /// "stand-ins" (a seeded 10% of the trained-on titles play new ones) or
    /// "second-level" (a second build on a copy of the data without 10% of
    /// the titles' interactions, so the rule is fitted on titles its models
    /// never saw: about twice the build time; docs/eval/cold-honest/).
    #[arg(long, default_value = "stand-ins")]
    pub cold_fit: String,
    /// With --cold-fit second-level: the titles about to be added, in the
    /// `catalog.tsv` layout. The cold rule is then fitted with what showing
    /// them costs this directory's own viewers, measured on it
    /// (`fusion-fit --new-titles`, margin 0; docs/training.md section 4).
    #[arg(long)]
    pub new_titles: Option<PathBuf>,
    /// Set by `--cold-fit second-level` on its inner build, whose models are a
    /// means, not a directory to try: it then does not say "try the demo".
    #[arg(long, hide = true)]
    pub inner: bool,
}

/// What a completed step consumed (`inputs`, a sha256) and produced.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
struct Steps {
    done: BTreeMap<String, String>,
}

struct Ctx<'a> {
    a: &'a BuildArgs,
    work: PathBuf,
    stage: PathBuf,
    reports: PathBuf,
    data: String,
    steps: Steps,
    sub: &'a dyn Fn(Vec<String>) -> Result<()>,
    bar: indicatif::ProgressBar,
}

impl Ctx<'_> {
    /// A line of progress: above the bar on a terminal, plain to stderr in a log
    /// (indicatif hides the bar, and with it `println`, when stderr is not a terminal).
    fn note(&self, line: String) {
        if self.bar.is_hidden() {
            eprintln!("{line}");
        } else {
            self.bar.println(line);
        }
    }

    fn steps_file(&self) -> PathBuf {
        self.work.join("build-steps.json")
    }

    /// sha256 of each named artifact of the stage (empty when missing).
    fn artifact_hashes(&self, names: &[&str]) -> String {
        let m = Manifest::load(&self.stage).ok();
        names.iter().map(|n| format!("{n}={};", m.as_ref().and_then(|m| m.get(n)).map_or("", |e| e.sha256.as_str()))).collect()
    }

    /// Runs `body` unless the step's inputs are those of its last completed run
    /// and its `outputs` are in the stage.
    fn step(&mut self, name: &str, inputs: String, outputs: &[&str], body: impl FnOnce(&Self) -> Result<()>) -> Result<()> {
        let key = sha256_hex(inputs.as_bytes());
        let have = Manifest::load(&self.stage).ok();
        let present = outputs.iter().all(|o| have.as_ref().is_some_and(|m| m.get(o).is_some()));
        self.bar.set_message(name.to_string());
        if self.steps.done.get(name) == Some(&key) && present {
            self.note(format!("  {name}: inputs unchanged, kept"));
            self.bar.inc(1);
            return Ok(());
        }
        let t = Instant::now();
        // A step that changes invalidates everything after it that read its outputs (their input hashes change).
        self.steps.done.remove(name);
        body(self)?;
        self.steps.done.insert(name.to_string(), key);
        std::fs::write(self.steps_file(), serde_json::to_string_pretty(&self.steps)? + "\n")?;
        self.note(format!("  {name}: done in {:.1} s", t.elapsed().as_secs_f64()));
        self.bar.inc(1);
        Ok(())
    }

    fn run(&self, args: &[&str]) -> Result<()> {
        let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        tracing::info!(cmd = %args.join(" "), "build step");
        let bar = &self.bar;
        bar.suspend(|| (self.sub)(args.clone())).with_context(|| format!("dualrec-train {}", args.join(" ")))
    }

    fn stage_str(&self) -> String {
        self.stage.display().to_string()
    }
}

pub fn run(a: BuildArgs, sub: &dyn Fn(Vec<String>) -> Result<()>) -> Result<()> {
    let t0 = Instant::now();
    let ds = Dataset::load(&a.data)?;
    if ds.users.iter().filter(|u| u.1.len() >= 3).count() < 2 {
        bail!("{}: too few viewers with at least 3 interactions to train and validate", a.data.display());
    }
    let work = a.work.clone().unwrap_or_else(|| sibling(&a.models, "work"));
    let reports = a.reports.clone().unwrap_or_else(|| work.join("reports"));
    let stage = work.join("stage");
    std::fs::create_dir_all(&stage).with_context(|| format!("creating {}", stage.display()))?;
    std::fs::create_dir_all(&reports)?;
    let steps: Steps = std::fs::read(work.join("build-steps.json")).ok().and_then(|b| serde_json::from_slice(&b).ok()).unwrap_or_default();
    let sparse = match a.collab.as_str() {
        "dense" => false,
        "sparse" => true,
        "auto" => ds.catalog.len() > 15_000,
        other => bail!("--collab must be auto, dense or sparse, got {other:?}"),
    };
    let second_level = match a.cold_fit.as_str() {
        "stand-ins" => false,
        "second-level" => true,
        other => bail!("--cold-fit must be stand-ins or second-level, got {other:?}"),
    };
    let new_titles_sha256 = match (&a.new_titles, second_level) {
        (None, _) => None,
        (Some(_), false) => bail!("--new-titles needs --cold-fit second-level (the cost is weighed against a gain measured on never-seen titles)"),
        (Some(f), true) => Some(dualrec::model_dir::manifest::sha256_hex(&std::fs::read(f).with_context(|| format!("reading --new-titles {}", f.display()))?)),
    };
    // (flag, values): what the collaborative step tries, one fit each.
    let (flag, list) = if sparse { ("--neighbours", &a.collab_neighbours) } else { ("--lambda", &a.collab_lambdas) };
    let lambdas: Vec<f64> = list.split(',').map(|s| s.trim().parse::<f64>().with_context(|| format!("{flag}: {s:?}"))).collect::<Result<_>>()?;
    if lambdas.is_empty() || lambdas.iter().any(|l| !(l.is_finite() && *l > 0.0)) || (sparse && lambdas.iter().any(|l| l.fract() != 0.0)) {
        bail!("--collab-lambdas needs positive numbers, --collab-neighbours positive integers");
    }
    let negatives = auto_or_number("--lstm-negatives", &a.lstm_negatives, if ds.catalog.len() > 15_000 { 2048 } else { 0 })?;
    let fit_users = auto_or_number("--fit-users", &a.fit_users, if ds.users.len() > 10_000 { 5000 } else { 0 })?;
    let n_steps = 7 - u64::from(a.no_eval);
    let bar = indicatif::ProgressBar::new(n_steps);
    bar.set_style(indicatif::ProgressStyle::with_template("build [{bar:20}] {pos}/{len} {msg} ({elapsed})").expect("template"));
    println!(
        "building {} from {} ({} viewers, {} titles, {} interactions; staging in {})",
        a.models.display(),
        ds.name,
        ds.users.len(),
        ds.catalog.len(),
        ds.interactions(),
        stage.display()
    );
    let mut c = Ctx { a: &a, work: work.clone(), stage, reports, data: a.data.display().to_string(), steps, sub, bar };
    let fp = ds.fingerprint.clone();
    let catalog_sha = sha256_hex(&std::fs::read(&ds.source.catalog)?);

    c.step("prepare", format!("v1;{fp};{catalog_sha};{}", a.licence), &["catalog"], |c| {
        let w = c.work.display().to_string();
        c.run(&["prepare", "--data", &c.data, "--work", &w, "--models", &c.stage_str(), "--licence", &c.a.licence])
    })?;
    c.step("transitions", format!("v1;{fp};{}", c.artifact_hashes(&["catalog"])), &["transitions"], |c| {
        c.run(&["transitions", "--data", &c.data, "--models", &c.stage_str()])
    })?;
    let mut lstm_cfg = format!("epochs={};minutes={};hidden={};lr=0.002;cosine;dropout=0.2", a.lstm_epochs, a.lstm_minutes, a.lstm_hidden);
    if negatives > 0 {
        lstm_cfg += &format!(";negatives={negatives}"); // absent for the full softmax: earlier builds' steps stay valid
    }
    c.step("lstm", format!("v1;{fp};{};{lstm_cfg}", c.artifact_hashes(&["catalog"])), &["lstm", "lstm-fp32"], |c| {
        let (w, r) = (c.work.join("lstm").display().to_string(), c.reports.display().to_string());
        let (e, m, k) = (c.a.lstm_epochs.to_string(), c.a.lstm_minutes.to_string(), negatives.to_string());
        c.run(&[
            "lstm", "--data", &c.data, "--models", &c.stage_str(), "--work", &w, "--docs", &r, "--epochs", &e, "--max-minutes", &m, "--hidden",
            &c.a.lstm_hidden, "--lr", "0.002", "--lr-schedule", "cosine", "--dropout", "0.2", "--negatives", &k,
        ])
    })?;
    let sbert_names = ["sbert", "sbert-int8", "sbert-tokenizer"];
    let source = Manifest::load(&a.sbert_from).with_context(|| format!("--sbert-from {}: no manifest (run scripts/dev/models.sh in the repository first)", a.sbert_from.display()))?;
    let sbert_pins: String = sbert_names.iter().map(|n| source.get(n).map_or(String::new(), |e| e.sha256.clone())).collect::<Vec<_>>().join(",");
    // v2: the example phrases' table (phrase-emb) joined; the fingerprint of the phrases the library reads (what the table embeds) re-embeds them when they change.
    let reads = dualrec::pipeline::request::QueryWeights::default();
    let phrases = dualrec::model_dir::manifest::sha256_hex(format!("{:?}", dualrec::pipeline::request::example_phrases(reads.written_sets, reads.written_none).collect::<Vec<_>>()).as_bytes());
    // The genre probe the library reads by (fitted over the table), where it reads by one; absent otherwise, so earlier builds' steps stay valid.
    let probe = if reads.probe_c > 0.0 { format!(";probe={}", reads.probe_c) } else { String::new() };
    c.step("sbert", format!("v2;{sbert_pins};{phrases}{probe};{}", c.artifact_hashes(&["catalog"])), &["sbert", "sbert-int8", "sbert-tokenizer", "catalog-emb"], |c| {
        copy_artifacts(&c.a.sbert_from, &source, &sbert_names, &c.stage)?;
        c.run(&["sbert", "--models", &c.stage_str(), "--embed-catalog"])
    })?;
    let mut fit_inputs = format!("v1;{fp};{};{flag};{:?}", c.artifact_hashes(&["catalog", "transitions", "lstm", "catalog-emb"]), lambdas);
    if fit_users > 0 {
        fit_inputs += &format!(";users={fit_users}");
    }
    if second_level {
        // Absent otherwise: earlier builds' steps stay valid.
        fit_inputs += &format!(";cold-fit=second-level;{};{};{};{}", a.lstm_epochs, a.lstm_minutes, a.lstm_hidden, negatives);
    }
    if let Some(h) = &new_titles_sha256 {
        fit_inputs += &format!(";new-titles={h}");
    }
    c.step("collab+fusion", fit_inputs, &["collab", "fusion"], |c| {
        // The EASE strength (or the neighbour count) is chosen by what it does: the validation NDCG@10 of the fusion fitted with it.
        let mut log = Vec::new();
        let mut best: Option<(f64, f64)> = None;
        for &l in &lambdas {
            let out = c.reports.join(format!("fusion{flag}-{l}"));
            c.run(&["collab", "--data", &c.data, "--models", &c.stage_str(), flag, &l.to_string()])?;
            let users = fit_users.to_string();
            c.run(&["fusion-fit", "--data", &c.data, "--models", &c.stage_str(), "--out", &out.display().to_string(), "--llm-users", "0", "--users", &users])?;
            keep_fit(&c.stage, &out)?;
            let fit: serde_json::Value = serde_json::from_slice(&std::fs::read(out.join("fusion-fit.json"))?)?;
            let q = fit["fit"]["validation"]["fused_without_llm"]["ndcg10"].as_f64().context("fusion-fit.json: validation NDCG@10")?;
            log.push(serde_json::json!({flag.trim_start_matches('-'): l, "validation_ndcg10": q, "validation": fit["fit"]["validation"]["fused_without_llm"]}));
            if best.is_none_or(|b| q > b.1) {
                best = Some((l, q));
            }
        }
        let (l, q) = best.expect("lambdas not empty");
        std::fs::write(
            c.reports.join("collab-lambda.json"),
            serde_json::to_string_pretty(&serde_json::json!({"form": if sparse { "sparse item-kNN" } else { "dense EASE" }, "parameter": flag.trim_start_matches('-'), "chosen": l, "validation_ndcg10": q, "objective": "validation NDCG@10 of the fusion fitted with each value", "runs": log}))? + "\n",
        )?;
        restore_fit(&c.reports.join(format!("fusion{flag}-{l}")), &c.stage, &c.reports)?;
        if second_level {
            second_level_cold_rule(c, flag, l, fit_users)?;
        }
        Ok(())
    })?;
    c.step("verify", format!("v1;{}", c.artifact_hashes(&["catalog", "transitions", "lstm", "lstm-fp32", "sbert", "sbert-int8", "sbert-tokenizer", "catalog-emb", "collab", "fusion"])), &[], |c| {
        let e = dualrec::engine::Engine::open(&dualrec::engine::EngineOptions { model_dir: c.stage.clone(), verify: Verify::Full, ..Default::default() })?;
        let want = dualrec::types::STAGE_SEQUENTIAL | dualrec::types::STAGE_SEMANTIC;
        if e.stages() & want != want || e.learned_fusion().is_none() {
            bail!("the staged directory does not open with the sequential and semantic stages and the learned fusion");
        }
        Ok(())
    })?;
    if !a.no_eval {
        let methods = "popularity,transitions,lstm-int8,lstm-fused";
        c.step("eval", format!("v1;{fp};{};{methods}", c.artifact_hashes(&["lstm", "transitions", "collab", "fusion", "catalog-emb"])), &[], |c| {
            c.run(&["eval", "--data", &c.data, "--models", &c.stage_str(), "--methods", methods, "--out", &c.reports.display().to_string()])
        })?;
    }
    c.bar.finish_and_clear();
    publish(&c.stage, &a.models)?;
    let minutes = t0.elapsed().as_secs_f64() / 60.0;
    if a.inner {
        println!("second-level models for the cold rule built in {} ({minutes:.1} min)", a.models.display());
    } else {
        println!("{} is ready ({minutes:.1} min); reports in {}; try: ./target/release/dualrec-cli demo --models {}", a.models.display(), c.reports.display(), a.models.display());
    }
    Ok(())
}

/// `--cold-fit second-level`: a copy of the data whose cold split's titles
/// keep their catalogue lines and lose their interactions, a build of it with
/// the settings chosen here, and the cold rule fitted on those titles (which
/// its models never saw) written into the staged fusion. Each part resumes:
/// the split is deterministic and the inner build skips what is unchanged.
fn second_level_cold_rule(c: &Ctx, flag: &str, chosen: f64, fit_users: usize) -> Result<()> {
    let dir = c.work.join("cold-second-level");
    let (data, models, work) = (dir.join("data"), dir.join("models"), dir.join("work"));
    let reports = c.reports.join("cold-second-level");
    let s = |p: &Path| p.display().to_string();
    c.run(&["cold-split", "--data", &c.data, "--out", &s(&data), "--keep-titles"])?;
    let a = c.a;
    let (e, m, n, u, l) = (a.lstm_epochs.to_string(), a.lstm_minutes.to_string(), a.lstm_negatives.clone(), fit_users.to_string(), chosen.to_string());
    let collab_flag = if flag == "--lambda" { "--collab-lambdas" } else { "--collab-neighbours" };
    let form = if flag == "--lambda" { "dense" } else { "sparse" };
    c.run(&[
        "build", "--data", &s(&data), "--models", &s(&models), "--work", &s(&work), "--reports", &s(&reports), "--sbert-from", &s(&a.sbert_from),
        "--licence", &a.licence, "--lstm-epochs", &e, "--lstm-minutes", &m, "--lstm-hidden", &a.lstm_hidden, "--lstm-negatives", &n, "--fit-users", &u,
        "--collab", form, collab_flag, &l, "--no-eval", "--inner",
    ])?;
    let (models, data, stage, reports, titles) = (s(&models), s(&data), c.stage_str(), s(&c.reports), a.new_titles.as_deref().map(s));
    let mut args = vec!["fusion-fit", "--data", &c.data, "--models", &models, "--cold-only", "--stand-ins-from", &data, "--cold-into", &stage, "--out", &reports, "--users", &u];
    if let Some(t) = &titles {
        args.extend(["--new-titles", t, "--cold-margin-z", "0"]);
    }
    c.run(&args)?;
    // fusion-fit.md described the stand-in rule that this one replaces.
    let fit: serde_json::Value = serde_json::from_slice(&std::fs::read(c.reports.join("fusion-fit-cold.json"))?)?;
    let v = &fit["validation"];
    let md = c.reports.join("fusion-fit.md");
    let mut text = std::fs::read_to_string(&md)?;
    text += &format!(
        "\n## The cold rule shipped: fitted on titles the models never saw (`--cold-fit second-level`)\n\n\
         The stand-in rule above was replaced. {} titles of a second-level split lost their interactions and a second build \
         trained without them (its reports: `cold-second-level/`); the rule {} was fitted on them: HR@10 {:.4} for the {} validation \
         users whose target is one of them, all users' NDCG@10 {:.4} against {:.4} without added titles (`fusion-fit-cold.json`).{}\n",
        fit["stand_ins"],
        fit["rule"],
        v["cold_targets"]["hr10"].as_f64().unwrap_or(0.0),
        v["cold_targets"]["users"],
        v["all"]["ndcg10"].as_f64().unwrap_or(0.0),
        v["without_added_titles"]["ndcg10"].as_f64().unwrap_or(0.0),
        match &v["cost_side"] {
            serde_json::Value::Null => String::new(),
            cost => format!(
                " Its cost was measured on this directory with the {} titles of `{}`: net all-user NDCG@10 effect {:+.5} (SE {:.5}).",
                cost["added"],
                cost["new_titles"].as_str().unwrap_or_default(),
                v["net"]["mean"].as_f64().unwrap_or(0.0),
                v["net"]["se"].as_f64().unwrap_or(0.0)
            ),
        },
    );
    std::fs::write(&md, text)?;
    Ok(())
}

/// A flag that is "auto" (then `auto`, what the data's size calls for) or a number.
fn auto_or_number(flag: &str, value: &str, auto: usize) -> Result<usize> {
    match value {
        "auto" => Ok(auto),
        k => k.parse::<usize>().with_context(|| format!("{flag} must be auto or a number, got {k:?}")),
    }
}

/// `<models>.<suffix>` beside the model directory.
fn sibling(models: &Path, suffix: &str) -> PathBuf {
    let name = models.file_name().map_or("models".into(), |n| n.to_string_lossy().into_owned());
    models.with_file_name(format!("{name}.{suffix}"))
}

/// Copies artifacts (files and manifest entries) from another model directory, checking each file's sha256 first.
fn copy_artifacts(from: &Path, source: &Manifest, names: &[&str], to: &Path) -> Result<()> {
    let mut m = Manifest::load(to)?;
    for n in names {
        let e = source.get(n).with_context(|| format!("{}: the manifest has no {n}", from.display()))?;
        let bytes = std::fs::read(from.join(&e.file)).with_context(|| format!("{}/{} (run scripts/dev/models.sh)", from.display(), e.file))?;
        if sha256_hex(&bytes) != e.sha256 {
            bail!("{}/{}: sha256 differs from its manifest", from.display(), e.file);
        }
        let tmp = to.join(format!(".{}.tmp", e.file));
        std::fs::write(&tmp, &bytes)?;
        std::fs::rename(&tmp, to.join(&e.file))?;
        m.upsert(e.clone());
    }
    m.artifacts.sort_by(|a, b| a.name.cmp(&b.name));
    m.save(to)?;
    Ok(())
}

/// Copies the staged directory (the manifest's files and the manifest) next
/// to `models`, verifies the copy, and swaps it in with renames: `models` is
/// either the old directory or the new one, never half of each.
fn publish(stage: &Path, models: &Path) -> Result<()> {
    let m = Manifest::load(stage)?;
    if models.exists() && (!models.is_dir() || (std::fs::read_dir(models)?.next().is_some() && !models.join("manifest.json").is_file())) {
        bail!("{} exists and is not a model directory; refusing to replace it", models.display());
    }
    let tmp = sibling(models, &format!("new-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    std::fs::create_dir_all(&tmp)?;
    for e in &m.artifacts {
        std::fs::copy(stage.join(&e.file), tmp.join(&e.file)).with_context(|| format!("copying {}", e.file))?;
    }
    std::fs::copy(stage.join("manifest.json"), tmp.join("manifest.json"))?;
    for f in std::fs::read_dir(&tmp)? {
        std::fs::File::open(f?.path())?.sync_all()?;
    }
    dualrec::model_dir::ModelDir::open(&tmp, Verify::Full)
        .and_then(|d| m.artifacts.iter().try_for_each(|e| d.open_verified(&e.name, e.format_version).map(|_| ())))
        .with_context(|| format!("verifying {}", tmp.display()))?;
    let old = sibling(models, &format!("old-{}", std::process::id()));
    if models.exists() {
        std::fs::rename(models, &old)?;
    }
    if let Err(e) = std::fs::rename(&tmp, models) {
        let _ = std::fs::rename(&old, models);
        return Err(e).with_context(|| format!("moving the new directory to {}", models.display()));
    }
    if old.exists() {
        std::fs::remove_dir_all(&old)?;
    }
    Ok(())
}

/// The artifacts one collab + fusion-fit run writes into the staged directory.
const FITTED: [&str; 2] = ["collab", "fusion"];

/// Copies a run's fitted files and the manifest recording them from `stage`
/// into `run` (beside its report), so the best run is restored rather than
/// refitted.
fn keep_fit(stage: &Path, run: &Path) -> Result<()> {
    let manifest = Manifest::load(stage)?;
    for name in FITTED {
        let f = &manifest.get(name).with_context(|| format!("the staged manifest has no {name} entry"))?.file;
        std::fs::copy(stage.join(f), run.join(f)).with_context(|| format!("keeping {f}"))?;
    }
    Ok(manifest.save(run)?)
}

/// Puts the run kept in `run` back into `stage` (its fitted files and their
/// manifest entries) and its fusion-fit report into `reports`.
fn restore_fit(run: &Path, stage: &Path, reports: &Path) -> Result<()> {
    let kept = Manifest::load(run)?;
    let mut manifest = Manifest::load(stage)?;
    for name in FITTED {
        let entry = kept.get(name).with_context(|| format!("the kept run's manifest has no {name} entry"))?;
        std::fs::copy(run.join(&entry.file), stage.join(&entry.file)).with_context(|| format!("restoring {}", entry.file))?;
        manifest.upsert(entry.clone());
    }
    manifest.save(stage)?;
    for ext in ["json", "md"] {
        let f = format!("fusion-fit.{ext}");
        std::fs::copy(run.join(&f), reports.join(&f)).with_context(|| format!("copying {f}"))?;
    }
    Ok(())
}
