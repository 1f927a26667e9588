//! `dualrec-train eval-pipeline`: the DUALRec table of PROTOCOL.md on a
//! fixed, seeded user sample (the LLM makes a full-population run too slow
//! for 2 cores): every method on the same users and split.
//!
//! Methods that cannot rank the whole catalogue (the LLM proposes 3 movies)
//! are completed by the sequential ranking after their own items.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Instant;

use anyhow::{bail, Result};
use dualrec::engine::{Engine, EngineOptions};
use dualrec::pipeline::Trace;
use dualrec::types::{STAGE_ALL, STAGE_LANGUAGE, STAGE_SEMANTIC, STAGE_SEQUENTIAL};
use dualrec::pipeline::fusion::rules::fuse;
use dualrec::pipeline::fusion::FusionRule;
use dualrec::pipeline::shortlist::rank_of;
use dualrec::stages::semantic::RerankRule;

use crate::data::{Dataset, Split};
use crate::protocol::{self, rank_with_head, sample, Case, Target};

use super::report;

/// The seeded user sample every LLM evaluation runs on (PROTOCOL.md).
#[derive(clap::Args)]
pub struct SampleArgs {
    #[arg(long)]
    pub data: PathBuf,
    #[arg(long, default_value = "models")]
    pub models: PathBuf,
    /// Users in the sample (PROTOCOL.md: at least 500).
    #[arg(long, default_value_t = 500)]
    pub users: usize,
    #[arg(long, default_value_t = 20_260_701)]
    pub seed: u64,
    #[arg(long, default_value = "reports")]
    pub out: PathBuf,
    /// Parallel workers (each runs one single-threaded recommendation at a time).
    #[arg(long, default_value_t = 2)]
    pub workers: usize,
}

/// The data and its seeded sample of leave-one-out test cases.
pub struct Sampled {
    pub ds: Dataset,
    pub split: Split,
    all_cases: Vec<Case>,
    /// Indices into the test cases, sorted.
    pub chosen: Vec<usize>,
    /// Items seen in training (the ranking's candidates).
    pub candidate: Vec<bool>,
}

impl SampleArgs {
    pub fn load(&self) -> Result<Sampled> {
        let ds = Dataset::load(&self.data)?;
        let split = ds.split();
        let all_cases = protocol::cases(&split, Target::Test);
        let chosen = sample(all_cases.len(), self.users, self.seed);
        let candidate = protocol::candidates(&split, ds.catalog.len());
        Ok(Sampled { ds, split, all_cases, chosen, candidate })
    }
}

impl Sampled {
    pub fn cases(&self) -> Vec<&Case> {
        self.chosen.iter().map(|&i| &self.all_cases[i]).collect()
    }
}

#[derive(clap::Args)]
pub struct PipelineEvalArgs {
    #[command(flatten)]
    pub sample: SampleArgs,
    /// The LLM chooses among the LSTM's best N unwatched movies (0 = whole catalogue).
    /// Other than the engine's default, the LLM methods get a suffix ("-shortlistN", "-whole-catalogue").
    #[arg(long, default_value_t = EngineOptions::default().llm_shortlist)]
    pub llm_shortlist: usize,
    /// Run the paper's next-5 protocol (history = all but the last 5) instead,
    /// on models built from `next5-split`'s copy (others are refused).
    #[arg(long)]
    pub next5: bool,
}

const K: usize = 10;

fn uses_llm(name: &str) -> bool {
    !["popularity", "transitions", "lstm-int8", "lstm-fused"].contains(&name)
}

/// Report name: LLM methods of a run with a non-default shortlist get a suffix.
fn label(name: &str, shortlist: usize) -> String {
    if !uses_llm(name) || shortlist == EngineOptions::default().llm_shortlist {
        name.to_string()
    } else if shortlist == 0 {
        format!("{name}-whole-catalogue")
    } else {
        format!("{name}-shortlist{shortlist}")
    }
}

/// The LLM's movies in the paper's re-ranked order (SBERT similarity to the
/// LSTM's top prediction); the engine itself runs the configured rule.
fn paper_order(engine: &Engine, t: &Trace, window: &[u32]) -> Result<Vec<u32>> {
    Ok(match (engine.semantic(), t.generation.as_ref()) {
        (Some(sem), Some(g)) => {
            let cands: Vec<(u32, f32)> = g.picks.iter().map(|&i| (i, t.scores[i as usize])).collect();
            sem.rerank(&cands, t.top_prediction, window, RerankRule::TopPrediction)?.into_iter().map(|x| x.0).collect()
        }
        _ => t.llm.clone(),
    })
}

/// The methods computed from one trace, in report order. `language`: the
/// learned fusion's LLM weight (its order without the LLM is `lstm-fused`).
fn methods(t: &Trace, paper_order: &[u32], language: Option<f32>) -> Vec<(&'static str, Vec<u32>)> {
    let llm_raw: Vec<u32> = t.generation.as_ref().map(|g| g.picks.clone()).unwrap_or_default();
    let top: Vec<u32> = t.ranking.iter().take(1).copied().collect();
    let with = |rule: FusionRule, llm: &[u32], reranked: bool| -> Vec<u32> {
        // The head: everything fusion places before the plain sequential order resumes.
        let fused = fuse(&t.ranking, t.base_source, llm, reranked, K, rule);
        let lead = match rule {
            FusionRule::Paper => 1 + llm.len(),
            FusionRule::Tail | FusionRule::Learned | FusionRule::Auto => K,
        };
        fused.iter().take(lead).map(|f| f.index).collect()
    };
    let mut out = vec![
        ("llm-only", llm_raw.clone()),
        ("dualrec-tail", with(FusionRule::Tail, &t.llm, true)),
        ("dualrec-paper", with(FusionRule::Paper, paper_order, true)),
        ("dualrec-paper-llm-order", [top.clone(), llm_raw.clone()].concat()),
        ("dualrec-paper-centroid-rerank", with(FusionRule::Paper, &t.llm, true)),
    ];
    match language {
        // The engine's default: the learned fusion's order of its re-scored pool.
        Some(w) => {
            out.push(("dualrec", t.fused.iter().map(|x| x.0).collect()));
            let mut v: Vec<(u32, f32)> = t.fused.iter().map(|&(i, s)| (i, if t.llm.contains(&i) { s - w } else { s })).collect();
            v.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            out.push(("lstm-fused", v.into_iter().map(|x| x.0).collect()));
        }
        None => out.push(("dualrec", with(FusionRule::Tail, &t.llm, true))),
    }
    out
}

pub fn run(a: PipelineEvalArgs) -> Result<()> {
    if a.next5 {
        return next5(&a);
    }
    let sampled = a.sample.load()?;
    let (ds, split, chosen) = (&sampled.ds, &sampled.split, &sampled.chosen);
    let n = ds.catalog.len();
    let cases = sampled.cases();
    let user_ids: Vec<u64> = {
        let with_targets: Vec<u64> = ds.users.iter().zip(&split.test).filter(|(_, t)| t.is_some()).map(|(u, _)| u.0).collect();
        chosen.iter().map(|&i| with_targets[i]).collect()
    };
    let candidate = &sampled.candidate;
    // The engine's default options (centroid re-ranking); the paper's rule is recomputed per user below.
    let opts = EngineOptions {
        model_dir: a.sample.models.clone(),
        n_threads: 1,
        // Asked for by name: the routing of STAGE_AUTO may leave the LLM out.
        stages: STAGE_ALL,
        llm_shortlist: a.llm_shortlist,
        ..Default::default()
    };
    let engine = Engine::open(&opts)?;
    if engine.stages() & (STAGE_SEQUENTIAL | STAGE_LANGUAGE) != (STAGE_SEQUENTIAL | STAGE_LANGUAGE) {
        bail!("the pipeline evaluation needs the sequential and language stages (stages 0x{:x})", engine.stages());
    }
    let fitted_on = protocol::fitted_on(engine.manifest(), ds, &MODELS, protocol::Evaluated::LeaveOneOut)?;
    let window = engine.options().history_window as usize;
    let language = engine.learned_fusion().map(|f| f.language);
    let bar = protocol::progress(cases.len(), "pipeline");
    let started = Instant::now();
    let ranks: Mutex<BTreeMap<&'static str, Vec<(usize, usize)>>> = Mutex::new(BTreeMap::new());
    type LlmCall = (f64, usize, usize, usize, usize); // ms, prompt, generated, decisions, picks
    let llm_stats: Mutex<Vec<LlmCall>> = Mutex::new(Vec::new());
    let candidate = &candidate[..];
    protocol::in_chunks(&cases, a.sample.workers, |offset, part| -> Result<()> {
        let mut excluded = vec![false; n];
        let mut pop = vec![0f32; n];
        let mut tr = vec![0f32; n];
        for (j, c) in part.iter().enumerate() {
            let slot = offset + j;
            let t = engine.trace(&c.history, K)?;
            if !t.warnings.is_empty() {
                bail!("user #{slot}: {}", t.warnings.join("; "));
            }
            c.history.iter().for_each(|&i| excluded[i as usize] = true);
            let mut local: Vec<(&'static str, usize)> = Vec::new();
            engine.transitions().score_popularity(&mut pop);
            local.push(("popularity", rank_of(&pop, candidate, &excluded, c.target)));
            engine.transitions().score(&c.history[c.history.len().saturating_sub(window)..], &mut tr);
            local.push(("transitions", rank_of(&tr, candidate, &excluded, c.target)));
            local.push(("lstm-int8", rank_of(&t.scores, candidate, &excluded, c.target)));
            let paper = paper_order(&engine, &t, &c.history[c.history.len().saturating_sub(window)..])?;
            for (name, head) in methods(&t, &paper, language) {
                local.push((name, rank_with_head(&head, &t.scores, candidate, &mut excluded, c.target)));
            }
            c.history.iter().for_each(|&i| excluded[i as usize] = false);
            if let Some(g) = &t.generation {
                // Every pick must be a catalogue movie outside the history: the trie guarantees it.
                if g.picks.iter().any(|&p| p as usize >= n || c.history.contains(&p)) {
                    bail!("user #{slot}: the LLM returned a movie outside the catalogue or in the history");
                }
                llm_stats.lock().unwrap().push((g.elapsed.as_secs_f64() * 1e3, g.prompt_tokens, g.generated_tokens, g.decisions, g.picks.len()));
            }
            let mut r = ranks.lock().unwrap();
            for (name, rank) in local {
                r.entry(name).or_default().push((slot, rank));
            }
            bar.inc(1);
        }
        Ok(())
    })?;
    bar.finish();
    let wall = started.elapsed();
    let stats = llm_stats.into_inner().unwrap();
    let mut ms: Vec<f64> = stats.iter().map(|s| s.0).collect();
    ms.sort_by(|a, b| a.total_cmp(b));
    let pct = |p: f64| ms.get(((ms.len() as f64 - 1.0) * p).round() as usize).copied().unwrap_or(f64::NAN);
    let mean = |f: fn(&(f64, usize, usize, usize, usize)) -> usize| stats.iter().map(f).sum::<usize>() as f64 / stats.len().max(1) as f64;
    let llm_note = format!(
        "LLM (catalogue-trie-constrained, greedy): {} calls, p50 {:.0} ms, p99 {:.0} ms per generation (2 workers on 2 cores), \
         {:.1} prompt tokens decoded after the cached prefix, {:.1} generated tokens, {:.1} model decisions, {:.2} picks per user; \
         picks outside the catalogue or the history: 0 (checked)",
        stats.len(), pct(0.5), pct(0.99), mean(|s| s.1), mean(|s| s.2), mean(|s| s.3), mean(|s| s.4)
    );
    tracing::info!("{llm_note}");
    let shas = model_shas(&engine);
    let notes: BTreeMap<&str, &str> = BTreeMap::from([
        ("llm-only", "the LLM's 3 movies (its own order), completed by the LSTM ranking"),
        ("dualrec", "the engine's default: the learned fusion (models/fusion.json) re-scores the LSTM's best 50 unwatched movies with transition evidence from the last 3 watches, SBERT similarity to recent watches, the collaborative (EASE) weights of the whole history and the LLM's picks, then the LSTM ranking"),
        ("lstm-fused", "as dualrec without the LLM's term: the LSTM's best 50 re-scored by transition evidence, SBERT similarity and the collaborative (EASE) evidence"),
        ("dualrec-tail", "LSTM top-7, then the LLM's 3 movies re-ranked by 0.5 LSTM score + 0.5 SBERT similarity to the last-10 centroid, then the LSTM ranking (the default before the learned fusion)"),
        ("dualrec-paper", "the paper's order: LSTM top-1, then the LLM's 3 movies re-ranked by SBERT similarity to it, then the LSTM ranking"),
        ("dualrec-paper-llm-order", "as dualrec-paper without SBERT re-ranking (LLM order)"),
        ("dualrec-paper-centroid-rerank", "as dualrec-paper, LLM movies in the centroid re-ranking's order"),
    ]);
    let (mut results, mut all_ranks) = (Vec::new(), Vec::new());
    for (name, mut rs) in ranks.into_inner().unwrap() {
        rs.sort();
        let ranks: Vec<usize> = rs.into_iter().map(|x| x.1).collect();
        let mut note = notes.get(name).map(|s| s.to_string());
        if name == "dualrec" {
            note = Some(format!("{}. {llm_note}", note.unwrap()));
        }
        if a.llm_shortlist > 0 && uses_llm(name) {
            note = note.map(|n| format!("{n}; the LLM chose among the LSTM's best {} unwatched movies", a.llm_shortlist));
        }
        let mut r = report::summarize(&label(name, a.llm_shortlist), &ranks, started, shas.clone(), note);
        r.fitted_on = fitted_on.clone();
        r.wall_s = wall.as_secs_f64();
        results.push(r);
        all_ranks.push(ranks);
    }
    report::attach_paired(&mut results, &all_ranks);
    let report = report::Report {
        dataset: format!("{}-sample{}", ds.name, cases.len()),
        data_sha256: ds.fingerprint.clone(),
        protocol: "loo-full".into(),
        candidates: candidate.iter().filter(|&&c| c).count(),
        methods: results,
    };
    report::write_report(&a.sample.out, report)?;
    let sample_path = a.sample.out.join(format!("{}-sample{}-users.json", ds.name, cases.len()));
    std::fs::write(&sample_path, serde_json::to_string(&serde_json::json!({"seed": a.sample.seed, "users": user_ids}))? + "\n")?;
    println!("report written to {}", a.sample.out.display());
    Ok(())
}

/// The models an engine evaluation runs (manifest names).
const MODELS: [&str; 8] = ["lstm", "lm", "sbert-int8", "catalog-emb", "transitions", "collab", "catalog", "fusion"];

fn model_shas(engine: &Engine) -> BTreeMap<String, String> {
    engine.manifest().artifacts.iter().filter(|x| MODELS.contains(&x.name.as_str())).map(|x| (x.file.clone(), x.sha256.clone())).collect()
}

/// Dataset user positions (into `ds.users`) of the sampled cases.
fn chosen_users(ds: &Dataset, split: &crate::data::Split, chosen: &[usize]) -> Vec<usize> {
    let with_targets: Vec<usize> = (0..ds.users.len()).filter(|&u| split.test[u].is_some()).collect();
    chosen.iter().map(|&i| with_targets[i]).collect()
}

/// `head`, then the best of `scores` outside `excluded` and `head`, `len` in all.
fn top_list(head: &[u32], scores: &[f32], excluded: &mut [bool], len: usize) -> Vec<u32> {
    head.iter().for_each(|&h| excluded[h as usize] = true);
    let mut out: Vec<u32> = head.iter().copied().take(len).collect();
    out.extend(dualrec::pipeline::shortlist::top_k(scores, excluded, len.saturating_sub(out.len())).into_iter().map(|x| x.0));
    head.iter().for_each(|&h| excluded[h as usize] = false);
    out
}

/// The paper's metrics without leakage (PROTOCOL.md "next-5"): history = all
/// but the last 5 interactions; a hit is any of the 5 held-out movies.
/// Every model must come from `dualrec-train next5-split`'s copy (refused
/// otherwise); the LLM methods run when the model directory has a language model.
fn next5(a: &PipelineEvalArgs) -> Result<()> {
    let sampled = a.sample.load()?;
    let ds = &sampled.ds;
    let users = chosen_users(ds, &sampled.split, &sampled.chosen);
    let manifest = dualrec::model_dir::manifest::Manifest::load(&a.sample.models)?;
    let with_llm = manifest.get("lm").is_some();
    let engine = Engine::open(&EngineOptions {
        model_dir: a.sample.models.clone(),
        n_threads: 1,
        stages: if with_llm { STAGE_ALL } else { STAGE_SEQUENTIAL | STAGE_SEMANTIC },
        llm_shortlist: a.llm_shortlist,
        ..Default::default()
    })?;
    let fitted_on = protocol::fitted_on(engine.manifest(), ds, &MODELS, protocol::Evaluated::Next5)?;
    if !engine.open_warnings().is_empty() {
        bail!("{}", engine.open_warnings().join("; "));
    }
    let (engine, users, shas) = (&engine, &users[..], &model_shas(&engine));
    let n = ds.catalog.len();
    let window = engine.options().history_window as usize;
    let started = Instant::now();
    let bar = protocol::progress(users.len(), "next-5");
    // per method: per-user (HR@1, HR@5, NDCG@5, genre Jaccard)
    type PerUser = Vec<(usize, [f64; 4])>;
    let rows: Mutex<BTreeMap<&'static str, PerUser>> = Mutex::new(BTreeMap::new());
    let jaccard = |a: u32, b: u32| -> f64 {
        let (ga, gb) = (&ds.catalog.movie(a).genres, &ds.catalog.movie(b).genres);
        let inter = ga.iter().filter(|g| gb.contains(g)).count() as f64;
        let union = (ga.len() + gb.len()) as f64 - inter;
        if union > 0.0 { inter / union } else { 0.0 }
    };
    protocol::in_chunks(users, a.sample.workers, |offset, part| -> Result<()> {
        let mut excluded = vec![false; n];
        let (mut pop, mut tr) = (vec![0f32; n], vec![0f32; n]);
        for (j, &u) in part.iter().enumerate() {
            let seq = &ds.users[u].1;
            if seq.len() < 6 {
                continue;
            }
            let (history, held) = seq.split_at(seq.len() - 5);
            let t = engine.trace(history, K)?;
            if !t.warnings.is_empty() {
                bail!("next-5 user {}: {}", ds.users[u].0, t.warnings.join("; "));
            }
            history.iter().for_each(|&i| excluded[i as usize] = true);
            engine.transitions().score_popularity(&mut pop);
            engine.transitions().score(&history[history.len().saturating_sub(window)..], &mut tr);
            let paper = paper_order(engine, &t, &history[history.len().saturating_sub(window)..])?;
            let mut lists: Vec<(&'static str, Vec<u32>)> = vec![
                ("popularity", top_list(&[], &pop, &mut excluded, 5)),
                ("transitions", top_list(&[], &tr, &mut excluded, 5)),
                ("lstm-int8", top_list(&[], &t.scores, &mut excluded, 5)),
            ];
            if with_llm {
                for (name, head) in methods(&t, &paper, engine.learned_fusion().map(|f| f.language)) {
                    lists.push((name, top_list(&head, &t.scores, &mut excluded, 5)));
                }
            } else {
                let fused: Vec<u32> = t.fused.iter().map(|x| x.0).collect();
                lists.push(("lstm-fused", top_list(&fused, &t.scores, &mut excluded, 5)));
            }
            history.iter().for_each(|&i| excluded[i as usize] = false);
            let idcg: f64 = (1..=5).map(|p| 1.0 / ((p as f64) + 1.0).log2()).sum();
            let mut r = rows.lock().unwrap();
            for (name, list) in lists {
                let hit = |i: &u32| held.contains(i);
                let hr1 = list.iter().take(1).any(hit) as u8 as f64;
                let hr5 = list.iter().take(5).any(hit) as u8 as f64;
                let dcg: f64 = list.iter().take(5).enumerate().filter(|(_, i)| hit(i)).map(|(p, _)| 1.0 / ((p as f64) + 2.0).log2()).sum();
                let gj = list.first().map_or(0.0, |&top| held.iter().map(|&h| jaccard(top, h)).fold(0.0, f64::max));
                r.entry(name).or_default().push((offset + j, [hr1, hr5, dcg / idcg, gj]));
            }
            drop(r);
            bar.inc(1);
        }
        Ok(())
    })?;
    bar.finish();
    let keys = ["HR@1", "HR@5", "NDCG@5", "genre_jaccard"];
    let mut methods_out = Vec::new();
    for (name, mut v) in rows.into_inner().unwrap() {
        v.sort_by_key(|x| x.0);
        let mut metrics = BTreeMap::new();
        let mut ci95 = BTreeMap::new();
        for (k, key) in keys.iter().enumerate() {
            let vals: Vec<f64> = v.iter().map(|x| x.1[k]).collect();
            metrics.insert(key.to_string(), vals.iter().sum::<f64>() / vals.len().max(1) as f64);
            ci95.insert(key.to_string(), protocol::bootstrap_ci(&vals, protocol::BOOTSTRAP_SEED));
        }
        methods_out.push(report::MethodResult {
            name: label(name, a.llm_shortlist),
            users: v.len(),
            model_sha256: shas.clone(),
            fitted_on: fitted_on.clone(),
            metrics,
            ci95,
            wall_s: started.elapsed().as_secs_f64(),
            note: None,
            paired_vs_lstm_int8: BTreeMap::new(),
        });
    }
    let sample_users: Vec<u64> = users.iter().map(|&u| ds.users[u].0).collect();
    // Keep the other methods of an earlier run on the same data and users (e.g. a shortlist variant).
    std::fs::create_dir_all(&a.sample.out)?;
    let json_path = a.sample.out.join(format!("{}-next5.json", ds.name));
    if let Ok(old) = std::fs::read(&json_path) {
        if let Ok(old) = serde_json::from_slice::<serde_json::Value>(&old) {
            if old["data_sha256"] == ds.fingerprint.as_str() && old["sample"]["users"] == serde_json::json!(sample_users) && old["fitted_on"] == serde_json::json!(fitted_on) {
                if let Ok(prev) = serde_json::from_value::<Vec<report::MethodResult>>(old["methods"].clone()) {
                    methods_out.extend(prev.into_iter().filter(|p| !methods_out.iter().any(|m| m.name == p.name)).collect::<Vec<_>>());
                }
            }
        }
    }
    let order = ["popularity", "transitions", "lstm-int8", "llm-only", "dualrec"];
    let pos = |n: &str| order.iter().position(|o| *o == n).unwrap_or(order.len());
    methods_out.sort_by(|x, y| pos(&x.name).cmp(&pos(&y.name)).then(x.name.cmp(&y.name)));
    let report = serde_json::json!({
        "dataset": ds.name, "data_sha256": ds.fingerprint, "protocol": "next5",
        "split": {"name": crate::data::NEXT5_SPLIT, "models_data_sha256": crate::data::next5_fingerprint(ds)?,
                  "rule": "every model fitted on each viewer's all-but-last-5 (`dualrec-train next5-split`); validation target = 6th-from-last"},
        "fitted_on": fitted_on,
        "sample": {"seed": a.sample.seed, "users": sample_users},
        "methods": methods_out,
    });
    std::fs::write(&json_path, serde_json::to_string_pretty(&report)? + "\n")?;
    let mut md = format!(
        "# {} — the paper's next-5 metrics, without leakage\n\nHistory = all but each user's last 5 interactions; a hit is any of those 5 movies \
         (PROTOCOL.md). Every model was fitted on each viewer's all-but-last-5 only (`dualrec-train next5-split`, validation target = \
         6th-from-last; `fitted_on` in the JSON, checked by the evaluator). {} seeded users (seed {}), the same as the leave-one-out sample table; \
         history excluded from every list; re-ranking sees only the history and the model's own predictions. 95% bootstrap CIs.\n\n\
         | method | users | HR@1 | HR@5 | NDCG@5 | genre Jaccard (top-1) |\n|---|---|---|---|---|---|\n",
        ds.name, users.len(), a.sample.seed
    );
    for m in &methods_out {
        let f = |k: &str| format!("{:.4} ({:.4}–{:.4})", m.metrics[k], m.ci95[k][0], m.ci95[k][1]);
        md += &format!("| {} | {} | {} | {} | {} | {} |\n", m.name, m.users, f("HR@1"), f("HR@5"), f("NDCG@5"), f("genre_jaccard"));
    }
    std::fs::write(a.sample.out.join(format!("{}-next5.md", ds.name)), md)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn head_then_scores() {
        let scores = [0.9, 0.1, 0.5, 0.7];
        let cand = [true; 4];
        let mut ex = [false; 4];
        assert_eq!(rank_with_head(&[1], &scores, &cand, &mut ex, 1), 1);
        assert_eq!(rank_with_head(&[1], &scores, &cand, &mut ex, 3), 3); // 1, then 0 (0.9), then 3
        assert_eq!(ex, [false; 4], "exclusions restored");
        assert_eq!(sample(10, 3, 1), sample(10, 3, 1));
        assert_eq!(sample(10, 30, 1).len(), 10);
    }
}
