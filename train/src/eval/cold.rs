//! `dualrec-train eval-cold`: the "new titles" protocol (PROTOCOL.md).
//!
//! The model directory was built from a cold split's copy of the data
//! (`dualrec-train cold-split`): no model saw a cold title. The engine
//! learns of them only through `add_movie` (title, year, genres); then every
//! user's test target is ranked from their full history before it, cold
//! titles included. Reported on all users and on the users whose target is
//! cold, against the same engine without the added titles (today's engine:
//! a cold target cannot be ranked) and two content baselines over the same
//! catalogue: genre match and Sentence-BERT similarity to the last 10 watches.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use dualrec::engine::{Engine, EngineOptions};
use dualrec::model_dir::catalog::Catalog;
use dualrec::stages::semantic::{catalog_text, encoder::dot, encoder::normalize, DIM};
use dualrec::types::{STAGE_ALL, STAGE_AUTO, STAGE_SEMANTIC, STAGE_SEQUENTIAL};

use crate::data::{ColdSplit, Dataset};
use crate::eval::report::{paired_difference, summarize, MethodResult};
use crate::protocol::{self, Target};

#[derive(clap::Args)]
pub struct ColdEvalArgs {
    /// The full data set (cold titles included).
    #[arg(long)]
    pub data: PathBuf,
    /// The cold split's directory (`dualrec-train cold-split --out`): its data and cold.json.
    #[arg(long)]
    pub cold: PathBuf,
    /// The model directory built from the cold split's data.
    #[arg(long)]
    pub models: PathBuf,
    /// Report folder (cold-<name>.json and .md).
    #[arg(long)]
    pub out: PathBuf,
    #[arg(long, default_value_t = 2)]
    pub workers: usize,
    /// Also run the LLM (the model directory's lm.gguf, every stage) for a
    /// seeded sample of this many users whose target is cold: how often it
    /// names the target among the added titles. 0 = skip.
    #[arg(long, default_value_t = 0)]
    pub llm_users: usize,
    #[arg(long, default_value_t = 20_260_701)]
    pub llm_seed: u64,
    /// Another model directory built from the same cold split (e.g. the same
    /// models with another cold rule): the cold titles are added to it too,
    /// and the report pairs the two engines user by user.
    #[arg(long)]
    pub compare: Option<PathBuf>,
}

/// A rank beyond every list (a miss).
const MISS: usize = usize::MAX / 2;

pub fn run(a: ColdEvalArgs) -> Result<()> {
    let ds = Dataset::load(&a.data)?;
    let cold = ColdSplit::load(&a.cold)?;
    if cold.titles_kept {
        bail!("{}: this split kept its cold titles in the catalogue (cold-split --keep-titles, for fusion-fit --stand-ins-from); evaluate on one without", a.cold.display());
    }
    if cold.data_sha256 != ds.fingerprint {
        bail!("{}: cold.json was made from other data (sha256 {}), not {}", a.cold.display(), cold.data_sha256, ds.name);
    }
    let cold_ds = Dataset::load(&a.cold)?;
    // The engine's defaults: the LLM is loaded only if the cold rule weighs
    // the titles' familiarity to it (and no viewer is routed to it here).
    // The guard: every fitted model must come from the copy without the cold titles.
    let fitted = ["lstm", "transitions", "collab", "fusion"];
    let open_checked = |dir: &PathBuf| -> Result<Engine> {
        let e = Engine::open(&EngineOptions { model_dir: dir.clone(), n_threads: 1, stages: STAGE_AUTO, ..Default::default() })?;
        protocol::require_fitted_on(e.manifest(), &cold_ds, &fitted.iter().copied().filter(|n| e.manifest().get(n).is_some()).collect::<Vec<_>>(), "evaluate cold titles with it")?;
        if let Some(id) = cold.movie_ids.iter().find(|&&id| e.catalog().index_of(id).is_some()) {
            bail!("{}: the model directory's catalogue holds cold movie {id}; it was not built from the cold split", dir.display());
        }
        if e.stages() & dualrec::types::STAGE_LANGUAGE != 0 {
            bail!("{}: fusion.json routes viewers to the LLM; this evaluation measures the cold rule without it", dir.display());
        }
        Ok(e)
    };
    let engine = open_checked(&a.models)?;
    let compared = a.compare.as_ref().map(open_checked).transpose()?;
    let without = Engine::open(&EngineOptions { model_dir: a.models.clone(), n_threads: 1, stages: STAGE_SEQUENTIAL | STAGE_SEMANTIC, ..Default::default() })?;

    // Add the cold titles as a device would: title, year, genres.
    let mut add_ms = Vec::new();
    for &id in &cold.movie_ids {
        let m = ds.catalog.movie(ds.catalog.index_of(id).context("cold id not in the catalogue")?);
        let t = Instant::now();
        engine.add_movie(id, &m.raw_title, m.year as i32, &m.genres_joined())?;
        add_ms.push(t.elapsed().as_secs_f64() * 1e3);
        if let Some(e) = &compared {
            e.add_movie(id, &m.raw_title, m.year as i32, &m.genres_joined())?;
        }
    }
    let familiarity_measured = cold.movie_ids.iter().filter(|&&id| engine.added_title_familiarity(id).is_some()).count();
    tracing::info!(familiarity_measured, "cold titles' familiarity to the LLM");
    let first_add_ms = add_ms[0];
    let mut rest = add_ms[1..].to_vec();
    rest.sort_by(f64::total_cmp);
    let p50 = rest.get(rest.len() / 2).copied().unwrap_or(first_add_ms);
    let p99 = rest.get(rest.len() * 99 / 100).copied().unwrap_or(first_add_ms);
    tracing::info!(titles = add_ms.len(), first_add_ms, p50, p99, "cold titles added");

    // Cases over the full data; indices mapped into the engine's catalogue.
    let split = ds.split();
    let cases = protocol::cases(&split, Target::Test);
    let to_engine: Vec<Option<u32>> = ds.catalog.movies().iter().map(|m| engine.catalog().index_of(m.id)).collect();
    let is_cold: Vec<bool> = ds.catalog.movies().iter().map(|m| cold.movie_ids.binary_search(&m.id).is_ok()).collect();
    let catalog = engine.catalog().clone();
    let n = catalog.len();
    let rows = content_rows(&engine, &catalog)?;

    struct U {
        history: Vec<u32>,
        target: u32,
        cold: bool,
    }
    let users: Vec<U> = cases
        .iter()
        .map(|c| U {
            history: c.history.iter().filter_map(|&i| to_engine[i as usize]).collect(),
            target: to_engine[c.target as usize].expect("every movie is in the engine after the adds"),
            cold: is_cold[c.target as usize],
        })
        .collect();
    let cold_users: Vec<usize> = (0..users.len()).filter(|&u| users[u].cold).collect();
    tracing::info!(users = users.len(), cold_targets = cold_users.len(), "cases");

    let rank_in = |list: &[u32], target: u32| list.iter().position(|&i| i == target).map_or(MISS, |p| p + 1);
    let mut results: Vec<(String, Vec<usize>, f64, String)> = Vec::new();
    let mut run_method = |name: &str, note: &str, f: &(dyn Fn(&U) -> Result<usize> + Sync)| -> Result<()> {
        let t = Instant::now();
        let bar = protocol::progress(users.len(), name.to_string());
        let parts = protocol::in_chunks(&users, a.workers, |_, part: &[U]| {
            part.iter().map(|u| {
                bar.inc(1);
                f(u)
            }).collect::<Result<Vec<usize>>>()
        })?;
        bar.finish_and_clear();
        results.push((name.to_string(), parts.into_iter().flatten().collect(), t.elapsed().as_secs_f64(), note.to_string()));
        Ok(())
    };
    // The engine as shipped today: the cold titles unknown (dropped from histories, never ranked).
    let base_n = without.catalog().len() as u32;
    run_method("engine-without-added-titles", "today's engine: cold titles are unknown to it, dropped from histories, never recommended", &|u| {
        let h: Vec<u32> = u.history.iter().copied().filter(|&i| i < base_n).collect();
        let r = without.recommend_for_history(&h, 20)?;
        Ok(rank_in(&r.items.iter().map(|x| x.index).collect::<Vec<_>>(), u.target))
    })?;
    run_method("engine-with-added-titles", "the cold titles added with add_movie; the learned fusion's cold rule ranks them", &|u| {
        let r = engine.recommend_for_history(&u.history, 20)?;
        Ok(rank_in(&r.items.iter().map(|x| x.index).collect::<Vec<_>>(), u.target))
    })?;
    if let Some(e) = &compared {
        let dir = a.compare.as_ref().expect("set").display().to_string();
        run_method("engine-with-added-titles-compared", &format!("the same, over {dir}"), &|u| {
            let r = e.recommend_for_history(&u.history, 20)?;
            Ok(rank_in(&r.items.iter().map(|x| x.index).collect::<Vec<_>>(), u.target))
        })?;
    }
    run_method("genre-match", "a title's score = summed share of its genres in the viewer's history; ties by smaller id", &|u| {
        let mut share: HashMap<&str, f64> = HashMap::new();
        for &i in &u.history {
            let g = &catalog.movie(i).genres;
            g.iter().for_each(|x| *share.entry(x.as_str()).or_default() += 1.0 / g.len().max(1) as f64 / u.history.len().max(1) as f64);
        }
        let scores: Vec<f64> = catalog.movies().iter().map(|m| m.genres.iter().map(|g| share.get(g.as_str()).copied().unwrap_or(0.0)).sum()).collect();
        Ok(full_rank(&scores, &catalog, &u.history, u.target))
    })?;
    run_method("content-only", "Sentence-BERT cosine to the centroid of the last 10 watches; ties by smaller id", &|u| {
        let c = recent_centroid(&rows, &u.history);
        let scores: Vec<f64> = (0..n as u32).map(|i| dot(&c, row(&rows, i)) as f64).collect();
        Ok(full_rank(&scores, &catalog, &u.history, u.target))
    })?;

    let llm = if a.llm_users > 0 { Some(llm_on_cold_targets(&a, &ds, &cold, &engine, &rows, &users.iter().map(|u| (u.history.as_slice(), u.target)).collect::<Vec<_>>(), &cold_users)?) } else { None };

    // Reports: all users and the users whose target is cold.
    let manifest = engine.manifest();
    let model_sha256: BTreeMap<String, String> = manifest.artifacts.iter().map(|e| (e.file.clone(), e.sha256.clone())).collect();
    let base = results.iter().position(|r| r.0 == "engine-without-added-titles").expect("run above");
    let mut json_methods = Vec::new();
    let mut md = format!(
        "# New titles: {} ({})\n\n{} cold titles ({}) held out of every model; the engine learns of them through `add_movie` \
         (title, year, genres) and ranks each user's test target from the full history before it. Candidates: the engine's whole \
         catalogue ({} titles) minus watched. Written by `dualrec-train eval-cold`.\n\n\
         `add_movie`: first call {:.1} ms (creates the Sentence-BERT session and the content projection), then p50 {:.2} ms, p99 {:.2} ms.\n\n\
         | method | users | HR@10 | 95% CI | NDCG@10 | 95% CI | ΔNDCG@10 vs without [95% CI] |\n|---|---|---|---|---|---|---|\n",
        ds.name, cold.name, cold.movie_ids.len(), cold.variant, n, first_add_ms, p50, p99
    );
    for (subset, idx) in [("all users", (0..users.len()).collect::<Vec<_>>()), ("cold targets", cold_users.clone())] {
        md += &format!("| **{subset}** | | | | | | |\n");
        for (name, ranks, wall, note) in &results {
            let r: Vec<usize> = idx.iter().map(|&u| ranks[u]).collect();
            let b: Vec<usize> = idx.iter().map(|&u| results[base].1[u]).collect();
            let s: MethodResult = summarize(name, &r, Instant::now() - std::time::Duration::from_secs_f64(*wall), model_sha256.clone(), Some(note.clone()));
            let d = paired_difference(&r, &b);
            md += &format!(
                "| {name} | {} | {:.4} | [{:.4}, {:.4}] | {:.4} | [{:.4}, {:.4}] | {:+.4} [{:+.4}, {:+.4}] |\n",
                s.users, s.metrics["HR@10"], s.ci95["HR@10"][0], s.ci95["HR@10"][1], s.metrics["NDCG@10"], s.ci95["NDCG@10"][0], s.ci95["NDCG@10"][1],
                d["NDCG@10"][0], d["NDCG@10"][1], d["NDCG@10"][2]
            );
            json_methods.push(serde_json::json!({"subset": subset, "result": s, "paired_vs_without_added_titles": d}));
        }
    }
    // The two engines with added titles, user by user.
    let mut paired_compare = serde_json::Value::Null;
    if let (Some(ci), Some(wi)) = (results.iter().position(|r| r.0 == "engine-with-added-titles-compared"), results.iter().position(|r| r.0 == "engine-with-added-titles")) {
        md += &format!("\n**engine-with-added-titles minus the same over `{}`**, paired per user:\n\n| users | ΔHR@10 [95% CI] | ΔNDCG@10 [95% CI] |\n|---|---|---|\n", a.compare.as_ref().expect("set").display());
        let mut j = serde_json::Map::new();
        for (subset, idx) in [("all users", (0..users.len()).collect::<Vec<_>>()), ("cold targets", cold_users.clone())] {
            let r: Vec<usize> = idx.iter().map(|&u| results[wi].1[u]).collect();
            let b: Vec<usize> = idx.iter().map(|&u| results[ci].1[u]).collect();
            let d = paired_difference(&r, &b);
            md += &format!("| {subset} ({}) | {:+.4} [{:+.4}, {:+.4}] | {:+.4} [{:+.4}, {:+.4}] |\n", idx.len(), d["HR@10"][0], d["HR@10"][1], d["HR@10"][2], d["NDCG@10"][0], d["NDCG@10"][1], d["NDCG@10"][2]);
            j.insert(subset.to_string(), serde_json::json!(d));
        }
        let fusion_sha = |e: &Engine| e.manifest().get("fusion").map(|x| x.sha256.clone());
        paired_compare = serde_json::json!({"compared_models": a.compare, "compared_fusion_sha256": compared.as_ref().and_then(fusion_sha), "paired": j});
    }
    let report = serde_json::json!({
        "dataset": ds.name, "data_sha256": ds.fingerprint, "protocol": "new-titles", "cold_split": cold,
        "fitted_on": fitted.iter().filter(|n| manifest.get(n).is_some()).map(|n| (n.to_string(), cold.name.clone())).collect::<BTreeMap<_, _>>(),
        "cold_data_sha256": cold_ds.fingerprint, "candidates": format!("the engine's catalogue, {n} titles, minus watched"),
        "add_movie_ms": {"first": first_add_ms, "p50_after_first": p50, "p99_after_first": p99, "titles": add_ms.len()},
        "users": users.len(), "cold_target_users": cold_users.len(), "methods": json_methods,
        "familiarity_measured": familiarity_measured, "with_minus_compared": paired_compare,
        "llm_on_cold_targets": llm.as_ref().map(|l| &l.0),
    });
    if let Some((_, text)) = &llm {
        md += text;
    }
    std::fs::create_dir_all(&a.out)?;
    let stem = format!("{}-{}", ds.name, cold.name);
    std::fs::write(a.out.join(format!("{stem}.json")), serde_json::to_string_pretty(&report)? + "\n")?;
    std::fs::write(a.out.join(format!("{stem}.md")), &md)?;
    println!("{md}\nwrote {}/{stem}.{{json,md}}", a.out.display());
    Ok(())
}

/// The LLM on new titles (issue 19's "new titles" regime), for a seeded
/// sample of the users whose target is cold: an engine running every stage
/// (the model directory's lm.gguf, which must never have been tuned on the
/// cold titles' interactions) gets the same added titles; its title trie
/// holds them and its shortlist the 20 nearest the viewer's recent watches
/// (`rows`: every catalogue index's Sentence-BERT row). Measured: how often
/// its picks are added titles and how often they name the target, against
/// how often its shortlist and the cold rule's own best 3 added titles hold
/// it. A pick can only lift the picked movies: where the target is never
/// picked, no weight on the picks raises it.
fn llm_on_cold_targets(a: &ColdEvalArgs, ds: &Dataset, cold: &ColdSplit, plain: &Engine, rows: &[f32], users: &[(&[u32], u32)], cold_users: &[usize]) -> Result<(serde_json::Value, String)> {
    let e = Engine::open(&EngineOptions { model_dir: a.models.clone(), n_threads: 2, stages: STAGE_ALL, ..Default::default() })?;
    let lm = e.manifest().get("lm").context("--llm-users: the model directory has no lm.gguf")?.clone();
    for &id in &cold.movie_ids {
        let m = ds.catalog.movie(ds.catalog.index_of(id).context("cold id not in the catalogue")?);
        e.add_movie(id, &m.raw_title, m.year as i32, &m.genres_joined())?;
    }
    let base = e.catalog().base_len() as u32;
    let sample: Vec<usize> = protocol::sample(cold_users.len(), a.llm_users, a.llm_seed).into_iter().map(|i| cold_users[i]).collect();
    let (mut added_share, mut picked, mut rule_top3, mut chance, mut in_shortlist, mut shortlist_chance, mut ms) = (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let (shortlist, n_picks) = (EngineOptions::default().llm_shortlist, EngineOptions::default().llm_picks);
    let bar = protocol::progress(sample.len(), "LLM on cold targets");
    for &u in &sample {
        let (history, target) = users[u];
        let t = Instant::now();
        let with = e.trace(history, 10)?;
        ms.push(t.elapsed().as_secs_f64() * 1e3);
        let picks = with.generation.map(|g| g.picks).unwrap_or_default();
        let added_picks = picks.iter().filter(|&&p| p >= base).count() as f64;
        added_share.push(added_picks / picks.len().max(1) as f64);
        picked.push(f64::from(u8::from(picks.contains(&target))));
        let unwatched_added: Vec<u32> = (base..e.catalog().len() as u32).filter(|i| !history.contains(i)).collect();
        chance.push((n_picks as f64).min(unwatched_added.len() as f64) / unwatched_added.len().max(1) as f64);
        // The added titles the LLM chose among: the nearest to the last 10
        // watches (recomputed here, as `Pipeline::propose` picks them).
        let c = recent_centroid(rows, history);
        let mut near: Vec<(u32, f32)> = unwatched_added.iter().map(|&i| (i, dot(&c, row(rows, i)))).collect();
        near.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
        let held = near.iter().take(shortlist).any(|x| x.0 == target);
        in_shortlist.push(f64::from(u8::from(held)));
        // Its added picks drawn at random from those shortlisted added titles.
        shortlist_chance.push(if held { added_picks / near.len().min(shortlist) as f64 } else { 0.0 });
        // The cold rule's own best 3 added titles (the engine without the LLM).
        let plain_t = plain.trace(history, 10)?;
        let top3: Vec<u32> = plain_t.fused.iter().map(|f| f.0).filter(|&i| i >= base).take(3).collect();
        rule_top3.push(f64::from(u8::from(top3.contains(&target))));
        bar.inc(1);
    }
    bar.finish_and_clear();
    ms.sort_by(f64::total_cmp);
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len().max(1) as f64;
    let stat = |v: &[f64]| serde_json::json!({"mean": mean(v), "ci95": protocol::bootstrap_ci(v, a.llm_seed)});
    let json = serde_json::json!({
        "users": sample.len(), "seed": a.llm_seed, "lm_sha256": lm.sha256, "lm_source": lm.source,
        "stages": "all (sequential, language, semantic), 2 threads a call", "shortlist": "the LSTM's best 20 and the 20 unwatched added titles nearest the viewer's last 10 watches",
        "picks_that_are_added_titles": stat(&added_share), "target_picked_by_llm": stat(&picked),
        "target_in_cold_rule_best_3_added": stat(&rule_top3),
        "target_named_by_3_random_added_titles_expected": mean(&chance),
        "target_among_the_added_titles_in_its_shortlist": stat(&in_shortlist),
        "target_named_by_its_added_picks_at_random_from_its_shortlist_expected": mean(&shortlist_chance),
        "call_ms": {"p50": ms.get(ms.len() / 2), "p99": ms.get(ms.len() * 99 / 100)},
    });
    let ci = |v: &[f64]| {
        let c = protocol::bootstrap_ci(v, a.llm_seed);
        format!("{:.3} ({:.3}–{:.3})", mean(v), c[0], c[1])
    };
    let mut md = format!("\n## The LLM on new titles ({} seeded users whose target is cold)\n\n", sample.len());
    md += &format!(
        "An engine running every stage (lm.gguf sha256 {}…) with the same added titles; its title trie and the shortlist it \
         chooses from (the LSTM's best 20 and the 20 unwatched added titles nearest the viewer's last 10 watches) hold them.\n\n",
        &lm.sha256[..12]
    );
    md += "| measure | mean (95% CI) |\n|---|---|\n";
    md += &format!("| share of the LLM's picks that are added titles | {} |\n", ci(&added_share));
    md += &format!("| the LLM's picks name the target | {} |\n", ci(&picked));
    md += &format!("| {n_picks} picks at random among the unwatched added titles name it (expected) | {:.3} |\n", mean(&chance));
    md += &format!("| the added titles in its shortlist hold the target | {} |\n", ci(&in_shortlist));
    md += &format!("| as many added picks at random from its shortlist's added titles name it (expected) | {:.3} |\n", mean(&shortlist_chance));
    md += &format!("| the cold rule's best 3 added titles (no LLM) hold the target | {} |\n\n", ci(&rule_top3));
    md += "A pick can only lift the picked movies: where the target is not picked, no weight on the picks raises it.\n";
    Ok((json, md))
}

/// Catalogue index `i`'s row of `rows` (DIM floats per index).
fn row(rows: &[f32], i: u32) -> &[f32] {
    &rows[i as usize * DIM..(i as usize + 1) * DIM]
}

/// The unit centroid of the last 10 watches' rows.
fn recent_centroid(rows: &[f32], history: &[u32]) -> Vec<f32> {
    let mut c = vec![0f32; DIM];
    for &i in &history[history.len().saturating_sub(10)..] {
        c.iter_mut().zip(row(rows, i)).for_each(|(a, b)| *a += b);
    }
    normalize(&mut c);
    c
}

/// 1 + candidates scoring higher + tied candidates with a smaller movie id; watched items excluded.
fn full_rank(scores: &[f64], catalog: &Catalog, history: &[u32], target: u32) -> usize {
    let watched: std::collections::HashSet<u32> = history.iter().copied().collect();
    let st = scores[target as usize];
    let tid = catalog.movie(target).id;
    1 + (0..scores.len() as u32)
        .filter(|&i| i != target && !watched.contains(&i))
        .filter(|&i| scores[i as usize] > st || (scores[i as usize] == st && catalog.movie(i).id < tid))
        .count()
}

/// Sentence-BERT rows of every engine catalogue index: the shipped index for
/// the model directory's titles, the encoder for the added ones.
fn content_rows(engine: &Engine, catalog: &Catalog) -> Result<Vec<f32>> {
    let sem = engine.semantic().context("the semantic stage is needed")?;
    let mut rows = vec![0f32; catalog.len() * DIM];
    let base = catalog.base_len();
    for i in 0..base {
        sem.index().row_into(i as u32, &mut rows[i * DIM..(i + 1) * DIM]);
    }
    for i in base..catalog.len() {
        let v = sem.encoder()?.embed(&[&catalog_text(catalog.movie(i as u32))])?.pop().context("embedding")?;
        rows[i * DIM..(i + 1) * DIM].copy_from_slice(&v[..DIM]);
    }
    Ok(rows)
}
