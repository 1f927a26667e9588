//! Engine behaviour through the Rust API, on a synthetic model directory.

mod common;

use std::sync::Arc;

use dualrec::types::{SOURCE_POPULARITY, SOURCE_TRANSITIONS};
use dualrec::{Engine, EngineOptions, Error};

fn open(dir: &std::path::Path) -> dualrec::Result<Engine> {
    Engine::open(&EngineOptions { model_dir: dir.to_path_buf(), stages: 0, ..Default::default() })
}

#[test]
fn recommends_distinct_unwatched_catalogue_movies() {
    let tmp = tempfile::tempdir().unwrap();
    let e = open(&common::write_model_dir(tmp.path())).unwrap();
    for (t, id) in [10u32, 20, 30, 40, 50].iter().enumerate() {
        e.add_watch(7, *id, t as i64).unwrap();
    }
    let r = e.recommend(7, 10).unwrap();
    assert_eq!(r.items.len(), 10);
    let ids: Vec<u32> = r.items.iter().map(|x| x.movie_id).collect();
    let mut uniq = ids.clone();
    uniq.sort();
    uniq.dedup();
    assert_eq!(uniq.len(), 10, "distinct");
    assert!(ids.iter().all(|id| ![10, 20, 30, 40, 50].contains(id)), "never in history");
    assert!(ids.iter().all(|id| e.catalog().index_of(*id).is_some()), "catalogue only");
    // The synthetic users mostly step to the next movie: after 50 comes 60.
    assert_eq!(ids[0], 60);
    assert_eq!(r.items[0].sources, SOURCE_TRANSITIONS);
    assert!(r.items.windows(2).all(|w| w[0].score >= w[1].score), "best first");
    // A cold-start user gets popular movies.
    let cold = e.recommend(999, 5).unwrap();
    assert_eq!(cold.items.len(), 5);
    assert!(cold.items.iter().all(|x| x.sources == SOURCE_POPULARITY));
}

#[test]
fn capacity_bounds_and_whole_catalogue() {
    let tmp = tempfile::tempdir().unwrap();
    let e = open(&common::write_model_dir(tmp.path())).unwrap();
    e.add_watch(1, 10, 0).unwrap();
    assert!(matches!(e.recommend(1, 0), Err(Error::InvalidArgument(_))));
    assert!(matches!(e.recommend(1, usize::MAX), Err(Error::InvalidArgument(_))));
    let all = e.recommend(1, 1000).unwrap();
    assert_eq!(all.items.len(), common::N_MOVIES as usize - 1);
}

#[test]
fn unknown_movie_records_nothing_and_rewatch_moves() {
    let tmp = tempfile::tempdir().unwrap();
    let e = open(&common::write_model_dir(tmp.path())).unwrap();
    e.add_watch(3, 10, 100).unwrap();
    assert!(matches!(e.add_watch(3, 11, 101), Err(Error::UnknownMovie(11))));
    assert_eq!(e.history(3), vec![10]);
    e.add_watch(3, 20, 200).unwrap();
    e.add_watch(3, 10, 300).unwrap();
    assert_eq!(e.history(3), vec![20, 10]);
    e.forget_user(3).unwrap();
    assert!(e.history(3).is_empty());
    assert!(matches!(e.forget_user(3), Err(Error::UnknownUser(3))));
}

#[test]
fn bad_model_directories_are_refused_clearly() {
    let tmp = tempfile::tempdir().unwrap();
    assert!(matches!(open(&tmp.path().join("nope")), Err(Error::ModelDirNotFound(_))));
    assert!(matches!(open(tmp.path()), Err(Error::ModelMissing(_))));
    let dir = common::write_model_dir(&tmp.path().join("m"));
    // Truncated file: size differs from the manifest.
    let tr = std::fs::read(dir.join("transitions.bin")).unwrap();
    std::fs::write(dir.join("transitions.bin"), &tr[..tr.len() / 2]).unwrap();
    assert!(matches!(open(&dir), Err(Error::ModelChecksum { .. })));
    // Same size, one byte flipped: sha256 differs.
    let mut bad = tr.clone();
    bad[30] ^= 0xff;
    std::fs::write(dir.join("transitions.bin"), &bad).unwrap();
    assert!(matches!(open(&dir), Err(Error::ModelChecksum { .. })));
    // Missing file.
    std::fs::remove_file(dir.join("transitions.bin")).unwrap();
    assert!(matches!(open(&dir), Err(Error::ModelMissing(_))));
    std::fs::write(dir.join("transitions.bin"), &tr).unwrap();
    assert!(open(&dir).is_ok());
    // Stage bits that do not exist, and a stage the directory cannot provide.
    let o = |stages| EngineOptions { model_dir: dir.clone(), stages, ..Default::default() };
    assert!(matches!(Engine::open(&o(0x100)), Err(Error::InvalidArgument(_))));
    assert!(matches!(Engine::open(&o(dualrec::types::STAGE_LANGUAGE)), Err(Error::ModelMissing(_))));
    let w = EngineOptions { model_dir: dir.clone(), history_window: 0, ..Default::default() };
    assert!(matches!(Engine::open(&w), Err(Error::InvalidArgument(_))));
}

/// A GGUF llama.cpp cannot load, under a matching checksum: a clear error
/// that names the artifact (llama.cpp opens the verified file itself, by
/// another path on Linux), and nothing else open.
#[test]
fn a_gguf_llama_cpp_refuses_is_named_in_the_error() {
    use dualrec::stages::language::{LM_ARTIFACT, LM_FORMAT_VERSION};
    let tmp = tempfile::tempdir().unwrap();
    let dir = common::write_model_dir(tmp.path());
    let bytes = b"GGUF\x03\x00\x00\x00 not a model".to_vec();
    std::fs::write(dir.join("lm.gguf"), &bytes).unwrap();
    let mut m = dualrec::model_dir::manifest::Manifest::load(&dir).unwrap();
    m.upsert(dualrec::model_dir::manifest::Artifact::for_bytes(LM_ARTIFACT, "lm.gguf", LM_FORMAT_VERSION, &bytes, "test", "tests/engine.rs", "Apache-2.0"));
    m.save(&dir).unwrap();
    let o = EngineOptions { model_dir: dir.clone(), stages: dualrec::types::STAGE_LANGUAGE, ..Default::default() };
    match Engine::open(&o) {
        Err(Error::ModelCorrupt { file, why }) => {
            assert!(file.ends_with("lm.gguf") && !file.contains("/proc/"), "{file}: {why}");
            assert!(why.contains("llama.cpp"), "{why}");
        }
        other => panic!("expected ModelCorrupt, got {:?}", other.err()),
    }
}

#[test]
fn concurrent_users_lose_no_watch() {
    let tmp = tempfile::tempdir().unwrap();
    let e = Arc::new(open(&common::write_model_dir(tmp.path())).unwrap());
    let threads: Vec<_> = (0..8u64)
        .map(|t| {
            let e = e.clone();
            std::thread::spawn(move || {
                for i in 0..200u32 {
                    let user = t * 1000 + (i % 10) as u64;
                    e.add_watch(user, 10 * (1 + (i / 10) % common::N_MOVIES), i as i64).unwrap();
                    if i % 3 == 0 {
                        let r = e.recommend(user, 5).unwrap();
                        assert!(!r.items.is_empty());
                    }
                }
            })
        })
        .collect();
    threads.into_iter().for_each(|t| t.join().unwrap());
    for t in 0..8u64 {
        for u in 0..10u64 {
            assert_eq!(e.history(t * 1000 + u).len(), 20, "every watch kept");
        }
    }
}

#[test]
fn default_models_open_and_recommend() {
    let e = open(&common::default_models()).unwrap();
    assert_eq!(e.catalog().len(), 3883);
    let matrix = e.catalog().lookup_title("The Matrix (1999)").unwrap();
    assert_eq!(e.catalog().movie(matrix).id, 2571);
    for (t, id) in [1u32, 2571, 260, 858, 296].iter().enumerate() {
        e.add_watch(1, *id, t as i64).unwrap();
    }
    let r = e.recommend(1, 10).unwrap();
    assert_eq!(r.items.len(), 10);
}

/// The language stage of the default models: the KV cache's reuse changes
/// nothing but speed, a CPU build offloads nothing, and the
/// unconstrained decoder (measurements only) answers the same prompt.
#[test]
fn language_stage_prefix_cache_offload_and_free_text() {
    // Asked for by name: STAGE_AUTO leaves it out for the shipped models (no routes).
    let e = Engine::open(&EngineOptions { model_dir: common::default_models(), n_threads: 1, stages: dualrec::types::STAGE_ALL, ..Default::default() }).unwrap();
    let lang = e.language().expect("the default models have a language stage");
    let o = lang.offload();
    assert_eq!(o.layers, 30, "SmolLM2-135M has 30 layers");
    if !cfg!(feature = "cuda") && !cfg!(feature = "metal") {
        assert_eq!((o.gpu_layers, o.device.as_str()), (0, ""), "a CPU build offloads nothing");
    }
    let c = e.catalog();
    let history: Vec<u32> = [1u32, 2571, 260, 858, 296].iter().map(|id| c.index_of(*id).unwrap()).collect();
    let other: Vec<u32> = [1u32, 2, 3].iter().map(|id| c.index_of(*id).unwrap()).collect();
    e.trace(&other, 10).unwrap(); // the pooled context now holds another viewer's prompt
    let cached = e.trace(&history, 10).unwrap(); // this one reuses the instruction prefix
    let cached_again = e.trace(&history, 10).unwrap(); // this one reuses the whole prompt
    lang.set_cache_reuse(false);
    let fresh = e.trace(&history, 10).unwrap();
    lang.set_cache_reuse(true);
    let (g1, g2, g3) = (cached.generation.unwrap(), cached_again.generation.unwrap(), fresh.generation.unwrap());
    assert_eq!(g1.picks.len(), 3);
    assert_eq!(g2.picks, g3.picks, "the KV cache must not change the answer");
    assert_eq!(g2.prompt_tokens, 0, "a repeated call decodes no prompt token again");
    assert_eq!(g2.picks, g1.picks, "and answers exactly as the first");
    assert!(g1.prompt_tokens > 0 && g1.prompt_tokens < g3.prompt_tokens, "the cached prefix is not decoded again ({} vs {})", g1.prompt_tokens, g3.prompt_tokens);
    assert!(g1.picks.iter().all(|p| !history.contains(p)));
    // The learned fusion (the default) re-scores the LLM's picks with the LSTM's best; the ones that make the list say who proposed them.
    assert!(g1.picks.iter().all(|p| cached.fused.iter().any(|f| f.0 == *p)), "every pick is re-scored");
    for r in &cached.items {
        assert_eq!(r.sources & dualrec::types::SOURCE_LANGUAGE != 0, g1.picks.contains(&r.index), "sources of {}", r.index);
    }
    let (scores, free) = e.free_generation(&history).unwrap();
    assert_eq!(scores.len(), c.len());
    assert!(free.generated_tokens > 0 && !free.text.trim().is_empty(), "free text: {:?}", free.text);
}

/// A title added on the device joins the LLM's title trie, after a restart
/// too, and the added titles nearest the viewer's recent watches join the
/// shortlist it chooses from, as many as the shortlist holds: the LLM can
/// name what no sequence model knows.
#[test]
fn titles_added_on_the_device_can_be_the_llms_picks() {
    use dualrec::state::journal::{StateOptions, SyncPolicy};
    let state = tempfile::tempdir().unwrap();
    // Shortlist of 1: the LSTM's best is the top prediction, which the LLM
    // never repeats, so only the one nearest added title is left to name.
    let opts = EngineOptions {
        model_dir: common::default_models(),
        n_threads: 1,
        stages: dualrec::types::STAGE_ALL,
        llm_shortlist: 1,
        llm_picks: 2,
        state: Some(StateOptions { dir: state.path().to_path_buf(), sync: SyncPolicy::Always, compact_bytes: 0 }),
        ..Default::default()
    };
    let added = [(900_001u32, "Robots of the Deep Sea", 2026, "Sci-Fi|Adventure"), (900_002, "Toy Story", 2026, "Animation|Comedy")];
    let e = Engine::open(&opts).unwrap();
    for (id, title, year, genres) in added {
        e.add_movie(id, title, year, genres).unwrap();
    }
    let check = |e: &Engine| {
        let c = e.catalog();
        let lang = e.language().unwrap();
        let lines = lang.title_lines();
        assert_eq!(lines.len(), c.len());
        let idx: Vec<u32> = added.iter().map(|a| c.index_of(a.0).unwrap()).collect();
        for &i in &idx {
            let line: Vec<&Vec<i32>> = lines.iter().filter(|l| l.1 == i).map(|l| &l.0).collect();
            assert_eq!(line.len(), 1, "one line per added title");
            // "Toy Story" repeats a catalogue title: its line carries the year.
            let text = lang.detokenize(line[0]);
            let want = if c.movie(i).title == "Toy Story" { "- Toy Story (2026)\n".to_string() } else { format!("- {}\n", c.movie(i).title) };
            assert_eq!(text, want);
        }
        let history: Vec<u32> = [1u32, 2571, 260].iter().map(|id| c.index_of(*id).unwrap()).collect();
        drop(c);
        let t = e.trace(&history, 10).unwrap();
        let picks = t.generation.expect("the LLM ran").picks;
        assert_eq!(picks.len(), 1, "one added title in a shortlist of 1, though 2 picks were asked: {picks:?}");
        assert!(idx.contains(&picks[0]), "the LLM names an added title: {picks:?}");
        // A mask that predates the titles (a call that read the catalogue
        // before they were added) cannot name them.
        let (watched, base) = {
            let c = e.catalog();
            (history.iter().map(|&i| c.movie(i).title.clone()).collect::<Vec<_>>(), c.base_len())
        };
        let g = lang.generate(&watched, "Alien", &vec![false; base], 2).unwrap();
        assert!(g.picks.iter().all(|&p| (p as usize) < base), "{:?}", g.picks);
    };
    check(&e);
    drop(e);
    let e = Engine::open(&opts).unwrap();
    check(&e);
    // A removed id added again under another title: its one line is the new title's.
    e.remove_movie(900_001).unwrap();
    e.add_movie(900_001, "Robots of the Deep Sea II", 2027, "Sci-Fi").unwrap();
    let i = e.catalog().index_of(900_001).unwrap();
    let lang = e.language().unwrap();
    let lines: Vec<String> = lang.title_lines().iter().filter(|l| l.1 == i).map(|l| lang.detokenize(&l.0)).collect();
    assert_eq!(lines, vec!["- Robots of the Deep Sea II\n".to_string()]);
}

/// A request's fused pool reaches deeper than a recommendation's: the
/// learned fusion re-scores `pool` movies, each with the score it has in the
/// shallow pool (a movie's evidence does not depend on how deep the pool is).
#[test]
fn a_deeper_fused_pool_rescores_more_movies_with_the_same_scores() {
    let e = Engine::open(&EngineOptions { model_dir: common::default_models(), n_threads: 1, ..Default::default() }).unwrap();
    let history: Vec<u32> = {
        let c = e.catalog();
        [1u32, 2571, 260, 858, 296, 1196].iter().map(|id| c.index_of(*id).unwrap()).collect()
    };
    let shallow = e.trace_within(&history, 10, None, 0).unwrap();
    let deep = e.trace_within(&history, 10, None, 400).unwrap();
    assert_eq!((shallow.fused.len(), deep.fused.len()), (50, 400));
    for (i, s) in &shallow.fused {
        let d = deep.fused.iter().find(|x| x.0 == *i).expect("the deep pool holds the shallow one");
        assert!((d.1 - s).abs() < 1e-5, "movie {i}: {} vs {s}", d.1);
    }
    assert!(deep.fused.iter().all(|f| !history.contains(&f.0)));
}

/// `prepare` decodes a viewer's next prompt ahead: their next call decodes
/// no prompt token and answers exactly as an engine that did not prepare;
/// an engine that runs no LLM for the viewer has nothing to prepare.
#[test]
fn prepare_decodes_the_next_prompt_ahead_and_changes_no_answer() {
    let opts = |stages| EngineOptions { model_dir: common::default_models(), n_threads: 1, stages, ..Default::default() };
    let (a, b) = (Engine::open(&opts(dualrec::types::STAGE_ALL)).unwrap(), Engine::open(&opts(dualrec::types::STAGE_ALL)).unwrap());
    assert_eq!(a.prepare(7).unwrap(), 0, "an unknown viewer has no prompt");
    for e in [&a, &b] {
        for (t, id) in [1u32, 2571, 260, 858, 296].iter().enumerate() {
            e.add_watch(7, *id, t as i64).unwrap();
        }
    }
    let decoded = a.prepare(7).unwrap();
    assert!(decoded > 0);
    assert_eq!(a.prepare(7).unwrap(), 0, "prepared already");
    let c = a.catalog();
    let history: Vec<u32> = a.history(7).iter().map(|&id| c.index_of(id).unwrap()).collect();
    drop(c);
    let (ta, tb) = (a.trace(&history, 10).unwrap(), b.trace(&history, 10).unwrap());
    let (ga, gb) = (ta.generation.unwrap(), tb.generation.unwrap());
    assert_eq!(ga.prompt_tokens, 0, "the prepared call decodes no prompt token");
    assert_eq!(gb.prompt_tokens, decoded, "the unprepared one decodes what prepare did");
    assert_eq!((ga.picks, ta.items), (gb.picks, tb.items), "preparing changes no answer");
    assert_eq!(a.recommend(7, 10).unwrap().items, b.recommend(7, 10).unwrap().items);
    // A new watch changes the prompt: prepare has work again.
    a.add_watch(7, 1196, 9).unwrap();
    assert!(a.prepare(7).unwrap() > 0);
    let auto = Engine::open(&opts(dualrec::types::STAGE_AUTO)).unwrap();
    auto.add_watch(7, 1, 0).unwrap();
    assert_eq!(auto.prepare(7).unwrap(), 0, "the shipped models route no viewer to the LLM");
    assert!(auto.language().is_none());
}

/// STAGE_AUTO loads the LLM only when fusion.json routes viewers to it, and
/// runs it only for them, with their route's weight; other viewers get
/// exactly the answer of an engine without it.
#[test]
fn auto_runs_the_llm_only_for_the_viewers_fusion_routes_to_it() {
    use dualrec::pipeline::fusion::learned::{LearnedFusion, LlmRoute, FUSION_VERSION};
    use dualrec::types::{STAGE_AUTO, STAGE_LANGUAGE};
    let opts = |dir: std::path::PathBuf| EngineOptions { model_dir: dir, n_threads: 1, stages: STAGE_AUTO, ..Default::default() };
    let shipped = Engine::open(&opts(common::default_models())).unwrap();
    let f = shipped.learned_fusion().expect("the shipped models have a learned fusion").clone();
    assert!(f.llm_routes.is_empty(), "the shipped fusion routes nobody to the LLM (docs/results.md)");
    assert_eq!(shipped.stages() & STAGE_LANGUAGE, 0, "STAGE_AUTO without routes does not run the LLM");
    assert!(shipped.language().is_none(), "nor load it");

    let tmp = tempfile::tempdir().unwrap();
    common::copy_default_models(tmp.path());
    let routed_w = LearnedFusion { llm_routes: vec![LlmRoute { max_history: Some(3), language: 0.5 }], ..f.clone() };
    with_fusion(tmp.path(), &routed_w.to_bytes(serde_json::json!({})), FUSION_VERSION);
    let routed = Engine::open(&opts(tmp.path().to_path_buf())).unwrap();
    assert!(routed.open_warnings().is_empty(), "{:?}", routed.open_warnings());
    assert_ne!(routed.stages() & STAGE_LANGUAGE, 0, "a route loads the LLM");
    let c = routed.catalog();
    let ids = |v: &[u32]| -> Vec<u32> { v.iter().map(|id| c.index_of(*id).unwrap()).collect() };
    let (short, long) = (ids(&[1, 2571, 260]), ids(&[1, 2571, 260, 858, 296]));
    let long_t = routed.trace(&long, 10).unwrap();
    assert!(long_t.generation.is_none(), "5 watches: outside the route, no LLM call");
    assert_eq!(long_t.items, shipped.trace(&long, 10).unwrap().items, "and the answer of the engine without it");
    let short_t = routed.trace(&short, 10).unwrap();
    let picks = short_t.generation.as_ref().expect("3 watches: inside the route, the LLM runs").picks.clone();
    assert_eq!(picks.len(), 3);
    // The route's weight lifts the picks; everything else scores as without the LLM.
    let plain = shipped.trace(&short, 10).unwrap();
    let mut compared = 0;
    for &(i, s) in &short_t.fused {
        if let Some(&(_, p)) = plain.fused.iter().find(|x| x.0 == i) {
            let lift = if picks.contains(&i) { 0.5 } else { 0.0 };
            assert!((s - p - lift).abs() < 1e-4, "movie {i}: {s} vs {p} + {lift}");
            compared += 1;
        }
    }
    assert!(compared >= 40, "pools overlap ({compared})");
}

/// A cold rule that weighs familiarity: `add_movie` measures it with the
/// LLM (loaded for it under STAGE_AUTO, though no viewer is routed to it),
/// a well-known title outranks an unknown one of the same genres and year,
/// and titles replayed from the state directory are measured again at open.
#[test]
fn added_titles_familiar_to_the_llm_rank_higher_when_the_rule_weighs_it() {
    use dualrec::pipeline::fusion::learned::{ColdRule, Familiarity, LearnedFusion, FUSION_VERSION};
    use dualrec::state::journal::{StateOptions, SyncPolicy};
    use dualrec::types::{STAGE_AUTO, STAGE_LANGUAGE};
    let tmp = tempfile::tempdir().unwrap();
    common::copy_default_models(tmp.path());
    let state = tempfile::tempdir().unwrap();
    let opts = EngineOptions {
        model_dir: tmp.path().to_path_buf(),
        n_threads: 1,
        stages: STAGE_AUTO,
        state: Some(StateOptions { dir: state.path().to_path_buf(), sync: SyncPolicy::Always, compact_bytes: 0 }),
        ..Default::default()
    };
    let f: LearnedFusion = Engine::open(&EngineOptions { state: None, ..opts.clone() }).unwrap().learned_fusion().unwrap().clone();
    let rule = f.cold.expect("the shipped fusion has a cold rule");
    let weighed = LearnedFusion { cold: Some(ColdRule { familiarity: Some(Familiarity { weight: 3.0, mean: -4.0, sd: 1.0 }), ..rule }), ..f };
    with_fusion(tmp.path(), &weighed.to_bytes(serde_json::json!({})), FUSION_VERSION);
    let e = Engine::open(&opts).unwrap();
    assert_eq!(e.stages() & STAGE_LANGUAGE, 0, "no viewer is routed to the LLM");
    // The same genres, year and near-identical content; one a famous title, one made up.
    e.add_movie(900_001, "Star Wars: The Empire Strikes Back", 2026, "Sci-Fi|Adventure").unwrap();
    e.add_movie(900_002, "Zorblax Quenfeld Vrimmoth", 2026, "Sci-Fi|Adventure").unwrap();
    let check = |e: &Engine| {
        let (known, made_up) = (e.added_title_familiarity(900_001).expect("measured"), e.added_title_familiarity(900_002).expect("measured"));
        assert!(known > made_up + 1.0, "familiar {known} vs made up {made_up}");
    };
    check(&e);
    let c = e.catalog();
    let history: Vec<u32> = [260u32, 1196, 1210, 2571, 1240].iter().map(|id| c.index_of(*id).unwrap()).collect();
    let (a, b) = (c.index_of(900_001).unwrap(), c.index_of(900_002).unwrap());
    drop(c);
    let fused = e.trace(&history, 10).unwrap().fused;
    let score = |i: u32| fused.iter().find(|x| x.0 == i).map(|x| x.1).expect("added titles are scored");
    assert!(score(a) > score(b), "{} vs {}", score(a), score(b));
    drop(e);
    // After a restart the replayed titles are measured again.
    let e = Engine::open(&opts).unwrap();
    check(&e);
}

fn with_fusion(dir: &std::path::Path, bytes: &[u8], version: u32) {
    std::fs::write(dir.join(dualrec::pipeline::fusion::learned::FUSION_FILE), bytes).unwrap();
    let mut m = dualrec::model_dir::manifest::Manifest::load(dir).unwrap();
    m.upsert(dualrec::model_dir::manifest::Artifact::for_bytes("fusion", dualrec::pipeline::fusion::learned::FUSION_FILE, version, bytes, "test", "tests/engine.rs", "Apache-2.0"));
    m.save(dir).unwrap();
}

/// The learned rule needs its file; a bad file is refused at open; over the
/// fallback (no LSTM) the weights are not applied.
#[test]
fn learned_fusion_file_is_required_verified_and_only_used_over_the_lstm() {
    use dualrec::pipeline::fusion::{FusionRule};
use dualrec::pipeline::fusion::learned::{LearnedFusion, FUSION_VERSION};
    let tmp = tempfile::tempdir().unwrap();
    let dir = common::write_model_dir(tmp.path());
    let o = |fusion| EngineOptions { model_dir: dir.clone(), stages: 0, fusion, ..Default::default() };
    assert!(matches!(Engine::open(&o(FusionRule::Learned)), Err(Error::ModelMissing(_))));
    let plain = Engine::open(&o(FusionRule::Auto)).unwrap();
    assert!(plain.learned_fusion().is_none());
    let w = LearnedFusion { pool: 50, eps: 0.01, transition: [1.0, 0.5, 0.5], similarity: 1.0, recent: 10, collab: 0.0, language: 0.2, cold: None, llm_routes: Vec::new() };
    with_fusion(&dir, &w.to_bytes(serde_json::json!({})), FUSION_VERSION);
    let learned = Engine::open(&o(FusionRule::Auto)).unwrap();
    assert_eq!(learned.learned_fusion(), Some(&w));
    let history = [3u32, 4, 5];
    let (a, b) = (plain.trace(&history, 10).unwrap(), learned.trace(&history, 10).unwrap());
    assert_eq!(a.items, b.items, "no LSTM: the transitions answer unchanged");
    assert!(b.fused.is_empty());
    // Corrupt content under a matching checksum, and a wrong format version.
    with_fusion(&dir, b"{\"format\": \"dualrec-fusion\", \"version\": 1", FUSION_VERSION);
    assert!(matches!(Engine::open(&o(FusionRule::Auto)), Err(Error::ModelCorrupt { .. })));
    with_fusion(&dir, &w.to_bytes(serde_json::json!({})), FUSION_VERSION + 1);
    assert!(matches!(Engine::open(&o(FusionRule::Learned)), Err(Error::ModelVersion { .. })));
    // Tail ignores the file entirely.
    assert!(Engine::open(&o(FusionRule::Tail)).unwrap().learned_fusion().is_none());
    assert!(plain.collab().is_none());

    // Weights that use the collaborative evidence need collab.bin, verified and for this catalogue.
    use dualrec::stages::collab::{COLLAB_ARTIFACT, COLLAB_FILE, COLLAB_VERSION};
    let wc = LearnedFusion { collab: 2.0, ..w };
    with_fusion(&dir, &wc.to_bytes(serde_json::json!({})), FUSION_VERSION);
    assert!(matches!(Engine::open(&o(FusionRule::Auto)), Err(Error::ModelMissing(_))));
    let with_collab = |bytes: &[u8]| {
        std::fs::write(dir.join(COLLAB_FILE), bytes).unwrap();
        let mut m = dualrec::model_dir::manifest::Manifest::load(&dir).unwrap();
        m.upsert(dualrec::model_dir::manifest::Artifact::for_bytes(COLLAB_ARTIFACT, COLLAB_FILE, COLLAB_VERSION, bytes, "test", "tests/engine.rs", "Apache-2.0"));
        m.save(&dir).unwrap();
    };
    let n = plain.catalog().len();
    with_collab(&dualrec::stages::collab::to_bytes(n + 1, 200.0, &vec![0.0; (n + 1) * (n + 1)]));
    assert!(matches!(Engine::open(&o(FusionRule::Auto)), Err(Error::ModelCorrupt { .. })), "made for another catalogue");
    // B[3, 7] = 1: a viewer who watched movie 3 gets evidence for 7 alone.
    let mut b = vec![0f32; n * n];
    b[7 * n + 3] = 1.0;
    with_collab(&dualrec::stages::collab::to_bytes(n, 200.0, &b));
    let e = Engine::open(&o(FusionRule::Auto)).unwrap();
    let c = e.collab().expect("loaded for a fusion that weighs it");
    let ev = c.evidence(&[3, 4], &[7, 8]).unwrap();
    assert!((ev[0] - 1.0).abs() < 1e-6 && ev[1] == 0.0, "{ev:?}");
}

/// With the default models the learned rule re-scores the LSTM's best movies:
/// every fused score is the LSTM score plus the weighted evidence, best first,
/// and the final list is its head.
#[test]
fn learned_fusion_scores_are_lstm_plus_weighted_evidence() {
    use dualrec::types::{SOURCE_LANGUAGE, SOURCE_SEQUENTIAL, STAGE_SEMANTIC, STAGE_SEQUENTIAL};
    use dualrec::pipeline::fusion::{FusionRule};
use dualrec::pipeline::fusion::learned::{transition_evidence, Evidence};
    let e = Engine::open(&EngineOptions {
        model_dir: common::default_models(),
        n_threads: 1,
        stages: STAGE_SEQUENTIAL | STAGE_SEMANTIC,
        fusion: FusionRule::Learned,
        ..Default::default()
    })
    .unwrap();
    let w = e.learned_fusion().expect("the default models ship fusion.json").clone();
    let c = e.catalog();
    let history: Vec<u32> = [1u32, 2571, 260, 858, 296, 1196].iter().map(|id| c.index_of(*id).unwrap()).collect();
    let t = e.trace(&history, 10).unwrap();
    assert_eq!(t.fused.len(), w.pool, "the LSTM's best {} re-scored", w.pool);
    assert!(t.fused.windows(2).all(|p| p[0].1 >= p[1].1), "best first");
    assert!(t.fused.iter().all(|(i, _)| !history.contains(i)));
    let idx: Vec<u32> = t.fused.iter().map(|x| x.0).collect();
    let tr = transition_evidence(e.transitions(), &history, &idx, w.eps);
    let sim = e.semantic().unwrap().recent_similarity(&idx, &history, w.recent).unwrap();
    assert!(w.collab > 0.0, "the shipped fusion weighs the collaborative evidence");
    let collab = e.collab().expect("the default models ship collab.bin").evidence(&history, &idx).unwrap();
    for (s, &(i, fused)) in t.fused.iter().enumerate() {
        let expect = w.score(t.scores[i as usize], &Evidence { transition: tr[s], similarity: sim[s], collab: collab[s], picked: false });
        assert!((fused - expect).abs() < 1e-4, "movie {i}: fused {fused}, expected {expect}");
    }
    let items: Vec<(u32, f32)> = t.items.iter().map(|r| (r.index, r.score)).collect();
    assert_eq!(items, t.fused[..10].to_vec());
    assert!(t.items.iter().all(|r| r.sources == SOURCE_SEQUENTIAL && r.sources & SOURCE_LANGUAGE == 0));
    // The evidence moves movies: the fused order is not the LSTM's.
    assert_ne!(idx[..10], t.ranking[..10], "fusion changed nothing");
}

/// The shipped models with the sequence and semantic stages (no LLM): the
/// request reader's tests.
fn sequential_and_semantic() -> Engine {
    use dualrec::types::{STAGE_SEMANTIC, STAGE_SEQUENTIAL};
    Engine::open(&EngineOptions { model_dir: common::default_models(), n_threads: 1, stages: STAGE_SEQUENTIAL | STAGE_SEMANTIC, ..Default::default() }).unwrap()
}

/// A long request whose preamble drowns the part that asks: read clause by
/// clause where the whole reads no genre (the library), not without. (The
/// library reads this whole as a long phrase first, at 0.35, and takes Crime
/// from it: the long-phrase reading is off here so that the clauses are what
/// is tested.)
#[test]
fn a_long_request_is_read_clause_by_clause() {
    use dualrec::pipeline::request::QueryWeights;
    let e = sequential_and_semantic();
    let history: Vec<u32> = [1u32, 2571, 260].iter().map(|id| e.catalog().index_of(*id).unwrap()).collect();
    let req = "so my boss yelled at me today, traffic was terrible, and i just want to watch somebody kick down doors and knock out bad guys";
    let w = QueryWeights { long_words: 0, ..QueryWeights::default() };
    assert!(w.clause_words > 0, "the library reads clauses");
    let whole = e.query_for_history(&history, req, 10, &QueryWeights { clause_words: 0, ..w }).unwrap();
    assert!(whole.intent.all_genres().is_empty(), "the whole reads no genre: {:?}", whole.intent);
    let by_clause = e.query_for_history(&history, req, 10, &w).unwrap();
    assert_eq!(by_clause.intent.all_genres(), vec!["Action".to_string()], "{:?}", by_clause.intent);
    // A short request that asks for no genre still reads none.
    let none = e.query_for_history(&history, "something for a lazy sunday, nothing too long", 10, &w);
    assert!(none.map_or(true, |a| a.intent.all_genres().is_empty()));
}

/// A long phrase (a film's premise) is read at `long_similarity`, below the
/// least similarity of a short one; a short request asking none still reads
/// none; with `long_unruled` (`clause_unruled`), only where the rules read no genre.
#[test]
fn a_long_phrase_reads_at_its_own_least_similarity() {
    use dualrec::pipeline::request::QueryWeights;
    let e = sequential_and_semantic();
    let req = "a widow learning to run her late husband's bakery alone";
    // The reading before the long phrases shipped: none, the clauses wherever the whole reads none.
    let off = QueryWeights { long_words: 0, long_unruled: false, clause_unruled: false, ..QueryWeights::default() };
    let long = QueryWeights { long_words: 6, long_similarity: 0.4, ..off };
    let whole = e.query_for_history(&[], req, 10, &off).unwrap();
    assert!(whole.intent.all_genres().is_empty(), "at 0.5 the premise reads no genre: {:?}", whole.intent);
    let read = e.query_for_history(&[], req, 10, &long).unwrap();
    assert_eq!(read.intent.all_genres(), vec!["Drama".to_string()], "{:?}", read.intent);
    let none = e.query_for_history(&[], "something for a lazy sunday, nothing too long", 10, &long);
    assert!(none.map_or(true, |a| a.intent.all_genres().is_empty()));
    // Where the rules read the genre the viewer names, the long rest adds a
    // second genre unless it is read only where they read none (`long_unruled`).
    let named = "a widow learning to run her late husband's bakery alone, a comedy please";
    let both = e.query_for_history(&[], named, 10, &long).unwrap();
    assert_eq!(both.intent.genres, vec!["Comedy".to_string()], "{:?}", both.intent);
    assert_eq!(both.intent.suggested_genres, vec!["Drama".to_string()], "{:?}", both.intent);
    let unruled = QueryWeights { long_unruled: true, ..long };
    let one = e.query_for_history(&[], named, 10, &unruled).unwrap();
    assert_eq!(one.intent.all_genres(), vec!["Comedy".to_string()], "{:?}", one.intent);
    // Where they read none, it reads as before.
    assert_eq!(e.query_for_history(&[], req, 10, &unruled).unwrap().intent.all_genres(), vec!["Drama".to_string()]);
    // The same for the clause reading (`clause_unruled`).
    let clauses = "a musical, it was a long day at the office with meetings about budgets, then i want ghosts";
    let by_clause = e.query_for_history(&[], clauses, 10, &off).unwrap();
    assert_eq!(by_clause.intent.all_genres(), vec!["Musical".to_string(), "Horror".to_string()], "{:?}", by_clause.intent);
    let whole = e.query_for_history(&[], clauses, 10, &QueryWeights { clause_words: 0, ..off }).unwrap();
    assert_eq!(whole.intent.all_genres(), vec!["Musical".to_string()], "the second genre is the clause's: {:?}", whole.intent);
    let ruled = e.query_for_history(&[], clauses, 10, &QueryWeights { clause_unruled: true, ..off }).unwrap();
    assert_eq!(ruled.intent.all_genres(), vec!["Musical".to_string()], "{:?}", ruled.intent);
    // The library reads all three so (6 words at 0.35, only where the rules read none).
    let library = QueryWeights::default();
    assert!(library.long_words == 6 && library.long_unruled && library.clause_unruled);
    for (r, g) in [(req, "Drama"), (named, "Comedy"), (clauses, "Musical")] {
        assert_eq!(e.query_for_history(&[], r, 10, &library).unwrap().intent.all_genres(), vec![g.to_string()], "{r}");
    }
}

/// The LLM request reader: loaded on the first request by an engine that
/// runs no LLM for recommend (STAGE_AUTO), never by one whose stages leave
/// the LLM out; consulted only for phrases no rule read; its genres are
/// catalogue genres and weigh; where it names none, the example phrases do.
#[test]
fn request_reader_loads_on_first_request_and_only_when_allowed() {
    use dualrec::pipeline::request::QueryWeights;
    use dualrec::types::{STAGE_AUTO, STAGE_SEMANTIC, STAGE_SEQUENTIAL};
    let opts = |stages| EngineOptions { model_dir: common::default_models(), n_threads: 1, stages, ..Default::default() };
    let auto = Engine::open(&opts(STAGE_AUTO)).unwrap();
    assert!(auto.language().is_none(), "STAGE_AUTO does not load the LLM at open");
    let c = auto.catalog();
    let history: Vec<u32> = [1u32, 2571, 260].iter().map(|id| c.index_of(*id).unwrap()).collect();
    // Read LLM first (the library's reading before the written requests
    // shipped), so that the LLM reads genres (a_request_naming_no_title_does_not_load_the_llm
    // covers the library's).
    let w = QueryWeights::llm_first();
    // Fully read by the rules: no LLM call.
    let plain = auto.query_for_history(&history, "something scary from the eighties", 10, &w).unwrap();
    assert!(!plain.intent.read_by_llm);
    assert!(!auto.reader_loaded(), "a request the rules read whole does not load the LLM");
    let spoken = auto.query_for_history(&history, "a story among the stars and planets", 10, &w).unwrap();
    assert!(spoken.intent.read_by_llm, "a phrase no rule reads goes to the LLM");
    // Genres the reader is not sure enough of are left out: with no margin
    // every genre it writes is taken, with an impossible one none is.
    let every = auto.query_for_history(&history, "an explosive blockbuster", 10, &QueryWeights { llm_genre_margin: 0.0, ..w }).unwrap();
    assert!(every.intent.read_by_llm && !every.intent.all_genres().is_empty(), "{:?}", every.intent);
    // By default they were inferred, not said: they weigh, they do not filter.
    assert!(w.llm_genres_soft > 0.0 && every.intent.genres.is_empty() && !every.intent.suggested_genres.is_empty(), "{:?}", every.intent);
    // Where the LLM names none, the example phrases read the phrase (they
    // weigh as the LLM's genres do)...
    let unsure = QueryWeights { llm_genre_margin: f32::INFINITY, ..w };
    let by_examples = auto.query_for_history(&history, "an explosive blockbuster", 10, &unsure).unwrap();
    assert!(by_examples.intent.read_by_llm && by_examples.intent.genres.is_empty() && by_examples.intent.suggested_genres == ["Action"], "{:?}", by_examples.intent);
    // Where the examples are sure enough of another genre, theirs replaces
    // the LLM's (`exemplar_override`; 0: wherever they read another).
    let replaced = auto.query_for_history(&history, "an explosive blockbuster", 10, &QueryWeights { llm_genre_margin: 0.0, exemplar_override: 0.0, ..w }).unwrap();
    if every.intent.suggested_genres.iter().any(|g| g == "Action") {
        assert_eq!(replaced.intent.suggested_genres, every.intent.suggested_genres);
    } else {
        assert_eq!(replaced.intent.suggested_genres, ["Action"], "{:?} / {:?}", every.intent, replaced.intent);
    }
    // ... and with neither, nothing else is read: the request is refused as
    // unclear, not guessed at.
    match auto.query_for_history(&history, "an explosive blockbuster", 10, &QueryWeights { exemplar_similarity: f32::INFINITY, ..unsure }) {
        Ok(a) => assert!(a.intent.all_genres().is_empty(), "{:?}", a.intent),
        Err(e) => assert!(matches!(e, dualrec::Error::UnclearRequest(_)), "{e}"),
    }
    assert!(auto.reader_loaded(), "loaded on that request");
    let names = c.genre_names();
    assert!(spoken.intent.all_genres().iter().all(|g| names.contains(g)), "{:?}", spoken.intent);
    for r in &spoken.items {
        assert!(spoken.intent.genres.is_empty() || c.movie(r.index).genres.iter().any(|g| spoken.intent.genres.contains(g)), "genres filter");
    }
    let without = auto.query_for_history_by(&history, "a story among the stars and planets", 10, &w, dualrec::pipeline::request::UnreadPhrases::Similarity).unwrap();
    assert!(!without.intent.read_by_llm);
    let no_llm = Engine::open(&opts(STAGE_SEQUENTIAL | STAGE_SEMANTIC)).unwrap();
    let a = no_llm.query_for_history(&history, "a story among the stars and planets", 10, &w).unwrap();
    assert!(!a.intent.read_by_llm && !no_llm.reader_loaded() && no_llm.reader().0.is_none(), "stages without the LLM never load it");
    assert_eq!(a.items, without.items);
}

/// A request's pool is drawn from the movies its intent admits, so the
/// learned fusion re-scores inside the intent; "like X" can read who else
/// watched X (the collaborative weights from X).
#[test]
fn request_ranks_inside_its_intent_and_reads_co_watching() {
    use dualrec::pipeline::request::{admits, QueryWeights};
    let e = sequential_and_semantic();
    let c = e.catalog();
    let history: Vec<u32> = [1u32, 2571, 260].iter().map(|id| c.index_of(*id).unwrap()).collect();
    let within = QueryWeights { within: true, ..QueryWeights::default() };
    let a = e.query_for_history(&history, "something from the fifties", 10, &within).unwrap();
    assert_eq!(a.intent.years, Some((1950, 1959)));
    let admitted: Vec<bool> = (0..c.len() as u32).map(|i| admits(&c, &a.intent, i)).collect();
    let t = e.trace_within(&history, 10, Some(&admitted), 0).unwrap();
    let pool = e.learned_fusion().unwrap().pool;
    assert_eq!(t.fused.len(), pool, "the pool is filled from inside the intent");
    assert!(t.fused.iter().all(|&(i, _)| admitted[i as usize]), "nothing outside the intent is re-scored");
    // No soft term weighs here: the answer is the fused order inside the intent.
    let got: Vec<u32> = a.items.iter().map(|r| r.index).collect();
    assert_eq!(got, t.fused[..10].iter().map(|x| x.0).collect::<Vec<_>>());
    // Without `within` the pool is the unfiltered one: fewer fused movies pass.
    let unfiltered = e.trace(&history, 10).unwrap();
    assert!(unfiltered.fused.iter().filter(|&&(i, _)| admitted[i as usize]).count() < pool);
    // "like Toy Story" with the co-watching term alone (dominant): the first
    // answer is the candidate with the largest collaborative weight from it.
    let toy = c.index_of(1).unwrap();
    let hist: Vec<u32> = history[1..].to_vec();
    let w = QueryWeights { reference: 0.0, reference_collab: 1000.0, ..QueryWeights::default() };
    let like = e.query_for_history(&hist, "something like Toy Story", 10, &w).unwrap();
    assert_eq!(like.intent.references, vec![toy]);
    let cb = e.collab().unwrap();
    let best = (0..cb.n_items() as u32)
        .filter(|&i| i != toy && !hist.contains(&i) && !c.is_retired(i))
        .max_by(|&x, &y| cb.weight(toy, x).total_cmp(&cb.weight(toy, y)).then(y.cmp(&x)))
        .unwrap();
    assert_eq!(like.items[0].index, best, "co-watching with the reference leads");
    let plain = e.query_for_history(&hist, "something like Toy Story", 10, &QueryWeights::default()).unwrap();
    assert_ne!(plain.items, like.items, "the co-watching term moved the answer");
}

/// "A comedy" can read what this viewer's own comedies are watched with (the
/// collaborative weights from the watches the filters admit) and how they
/// read (the Sentence-BERT mean of the latest ones); a request without a
/// filter has no matching watches.
#[test]
fn request_reads_the_viewers_matching_watches() {
    use dualrec::pipeline::request::{admits, matched_history, QueryWeights};
    let e = sequential_and_semantic();
    let c = e.catalog();
    // Toy Story and Groundhog Day are comedies; The Matrix and Star Wars are not.
    let history: Vec<u32> = [1u32, 2571, 260, 1265].iter().map(|id| c.index_of(*id).unwrap()).collect();
    let w = QueryWeights { matched_collab: 1000.0, ..QueryWeights::default() };
    let a = e.query_for_history(&history, "a comedy", 10, &w).unwrap();
    assert_eq!(a.intent.genres, vec!["Comedy".to_string()]);
    let matched = matched_history(&c, &a.intent, &history);
    assert_eq!(matched, vec![history[0], history[3]], "only the comedies match");
    let cb = e.collab().unwrap();
    let evidence = |i: u32| matched.iter().map(|&h| cb.weight(h, i)).sum::<f32>();
    let best = (0..cb.n_items() as u32)
        .filter(|&i| !history.contains(&i) && !c.is_retired(i) && admits(&c, &a.intent, i))
        .max_by(|&x, &y| evidence(x).total_cmp(&evidence(y)).then(y.cmp(&x)))
        .unwrap();
    assert_eq!(a.items[0].index, best, "co-watching with the matching watches leads");
    let plain = e.query_for_history(&history, "a comedy", 10, &QueryWeights::default()).unwrap();
    assert_ne!(plain.items, a.items, "the term moved the answer");
    // The similarity to the matching watches moves it too, and stays inside the filter.
    let sim = e.query_for_history(&history, "a comedy", 10, &QueryWeights { matched_similarity: 1000.0, ..QueryWeights::default() }).unwrap();
    assert_ne!(plain.items, sim.items);
    assert!(sim.items.iter().all(|r| admits(&c, &sim.intent, r.index)));
    // No filter, no matching watches: the terms weigh nothing.
    let like = e.query_for_history(&history[1..], "something like Toy Story", 10, &QueryWeights::default()).unwrap();
    assert!(matched_history(&c, &like.intent, &history).is_empty());
    let like_w = e.query_for_history(&history[1..], "something like Toy Story", 10, &QueryWeights { matched_collab: 1000.0, matched_similarity: 1000.0, ..QueryWeights::default() }).unwrap();
    assert_eq!(like.items, like_w.items);
}

/// A reader adapter trained over another lm.gguf is left out, and each
/// request that would have used it says so; the request is still answered.
#[test]
fn request_reader_trained_over_another_llm_is_left_out_with_a_warning() {
    use dualrec::pipeline::request::QueryWeights;
    let tmp = tempfile::tempdir().unwrap();
    common::copy_default_models(tmp.path());
    let mpath = tmp.path().join("manifest.json");
    let mut m: serde_json::Value = serde_json::from_slice(&std::fs::read(&mpath).unwrap()).unwrap();
    let entry = m["artifacts"].as_array_mut().unwrap().iter_mut().find(|a| a["name"] == "lm-reader").expect("the shipped models have a reader");
    entry["config"]["base_sha256"] = serde_json::json!("0".repeat(64));
    std::fs::write(&mpath, serde_json::to_vec_pretty(&m).unwrap()).unwrap();
    let e = Engine::open(&EngineOptions { model_dir: tmp.path().to_path_buf(), n_threads: 1, ..Default::default() }).unwrap();
    let a = e.query_for_history(&[], "a story among the stars and planets", 10, &QueryWeights::default()).unwrap();
    assert!(!a.intent.read_by_llm);
    assert!(a.warnings.iter().any(|w| w.contains("trained over another")), "{:?}", a.warnings);
}

/// A genre the rules read is not suggested again by the LLM reader (where
/// the LLM's genres weigh, a second copy weighed single-genre movies up
/// inside the rules' own filter). Read LLM first, as the library did before
/// the written requests shipped (`exemplars_after_llm`).
#[test]
fn the_llm_does_not_suggest_a_genre_the_rules_read() {
    use dualrec::pipeline::request::QueryWeights;
    let e = Engine::open(&EngineOptions { model_dir: common::default_models(), n_threads: 1, ..Default::default() }).unwrap();
    let toy = e.catalog().index_of(1).unwrap();
    let llm_first = QueryWeights::llm_first();
    let mut suggested = 0;
    for req in ["a family falling apart", "a funny family movie about a dog"] {
        let a = e.query_for_history(&[toy], req, 10, &llm_first).unwrap();
        assert!(a.intent.read_by_llm && !a.intent.genres.is_empty(), "{req}: {:?}", a.intent);
        assert!(a.intent.suggested_genres.iter().all(|g| !a.intent.genres.contains(g)), "{req}: {:?}", a.intent);
        suggested += a.intent.suggested_genres.len();
    }
    // A genre the rules did not read is still suggested.
    let a = e.query_for_history(&[toy], "a scary movie about a haunted house", 10, &llm_first).unwrap();
    assert!(a.intent.genres == ["Horror"] && !a.intent.suggested_genres.is_empty(), "{:?} ({suggested} before)", a.intent);
    // The library reads such phrases by the examples alone: the LLM names no genre.
    let a = e.query_for_history(&[toy], "a family falling apart", 10, &QueryWeights::default()).unwrap();
    assert!(a.intent.read_by_llm && a.intent.suggested_genres.iter().all(|g| !a.intent.genres.contains(g)), "{:?}", a.intent);
}

/// A film named with no cue the rules trust ("we just finished Ghostbusters",
/// read without the free-speech-titles rules, which ground its rare word) is
/// grounded by the lm-reader-titles adapter's second pass; without that
/// adapter the same request has no reference, and a request whose rules
/// found one is not passed to it.
#[test]
fn the_titles_adapter_grounds_a_film_the_rules_cannot() {
    use dualrec::pipeline::request::QueryWeights;
    let e = Engine::open(&EngineOptions { model_dir: common::default_models(), n_threads: 1, ..Default::default() }).unwrap();
    assert!(e.reads_titles_by_llm());
    let ghost = e.catalog().index_of(2716).unwrap(); // Ghostbusters (1984)
    let req = "we just finished Ghostbusters, find us another one";
    // The rules (and the title linker, which would take the title said word for word) off: the adapter alone.
    let plain = QueryWeights { free_speech_titles: false, said_title_forms: false, title_first: false, title_linker: None, ..QueryWeights::default() };
    let a = e.query_for_history(&[], req, 10, &plain).unwrap();
    assert_eq!(a.intent.references, vec![ghost], "{:?}", a.intent);
    let like = e.query_for_history(&[], "something like Ghostbusters", 10, &plain).unwrap();
    assert_eq!(like.intent.references, vec![ghost]);
    // The library's rules read "ghostbusters" (no everyday word) themselves: no LLM pass.
    let by_rules = e.query_for_history(&[], req, 10, &QueryWeights::default()).unwrap();
    assert!(by_rules.intent.references == vec![ghost] && by_rules.intent.llm_title.is_none(), "{:?}", by_rules.intent);
    // The LLM's film and how sure it was are kept in the intent; a margin
    // above it drops the film (and only the film).
    let named_by_llm = a.intent.llm_title.unwrap();
    let (named, margin) = (named_by_llm.movie, named_by_llm.margin.unwrap());
    assert!(named == ghost && margin >= 0.0, "{:?}", a.intent);
    let unsure = e.query_for_history(&[], req, 10, &QueryWeights { llm_title_margin: margin + 0.01, ..plain }).unwrap();
    assert!(unsure.intent.references.is_empty() && unsure.intent.llm_title == a.intent.llm_title, "{:?}", unsure.intent);
    let sure = e.query_for_history(&[], req, 10, &QueryWeights { llm_title_margin: margin - 0.01, ..plain }).unwrap();
    assert_eq!(sure.intent, a.intent);

    let tmp = tempfile::tempdir().unwrap();
    common::copy_default_models(tmp.path());
    let mpath = tmp.path().join("manifest.json");
    let mut m: serde_json::Value = serde_json::from_slice(&std::fs::read(&mpath).unwrap()).unwrap();
    m["artifacts"].as_array_mut().unwrap().retain(|a| a["name"] != "lm-reader-titles");
    std::fs::write(&mpath, serde_json::to_vec_pretty(&m).unwrap()).unwrap();
    let without = Engine::open(&EngineOptions { model_dir: tmp.path().to_path_buf(), n_threads: 1, ..Default::default() }).unwrap();
    assert!(!without.reads_titles_by_llm());
    let b = without.query_for_history(&[], req, 10, &plain).unwrap();
    assert!(b.intent.references.is_empty() && b.intent.read_by_llm, "{:?}", b.intent);
}

/// The library's gate on the LLM reader's film (docs/eval/title-margin/README.md,
/// the third candidate): a film read from an everyday word of its title
/// ("we're" for *We're No Angels*) is dropped, and one whose main title the
/// request says word for word is kept although its words are everyday.
#[test]
fn the_llm_film_needs_a_rare_word_a_large_margin_or_its_title_said_whole() {
    use dualrec::pipeline::request::QueryWeights;
    let e = Engine::open(&EngineOptions { model_dir: common::default_models(), n_threads: 1, ..Default::default() }).unwrap();
    // The gate as it shipped, before the title linker decided the films.
    let library = QueryWeights { title_linker: None, ..QueryWeights::default() };
    let ungated = QueryWeights { llm_title_everyday: None, llm_title_said_run: false, ..library };
    let none = "we're both shattered and a bit grumpy, pick something and we'll see how we get on";
    let a = e.query_for_history(&[], none, 10, &ungated).unwrap();
    let named = a.intent.llm_title.expect("the LLM names a film");
    assert!(a.intent.references == vec![named.movie] && !named.said_in_a_run, "ungated, the film is taken: {:?}", a.intent);
    let b = e.query_for_history(&[], none, 10, &library).unwrap();
    assert!(b.intent.references.is_empty() && b.intent.llm_title == Some(named), "the library drops it: {:?}", b.intent);
    // The rules that read "the great escape" themselves off, so that the LLM is asked.
    let escape = e.catalog().index_of(1262).unwrap(); // The Great Escape (1963)
    let said = "the great escape was on every bank holiday when i was a boy, find me something like that";
    let rules_off = QueryWeights { free_speech_titles: false, said_title_forms: false, title_first: false, more_said_forms: false, ..library };
    let c = e.query_for_history(&[], said, 10, &rules_off).unwrap();
    let t = c.intent.llm_title.expect("the LLM names a film");
    assert!(t.movie == escape && t.said_in_a_run && c.intent.references == vec![escape], "{:?}", c.intent);
    let d = e.query_for_history(&[], said, 10, &QueryWeights { llm_title_said_run: false, ..rules_off }).unwrap();
    assert!(t.fewest_everyday_uses.is_some_and(|n| n > 2) && t.margin.is_some_and(|m| m < 4.0) && d.intent.references.is_empty(), "without the run the everyday gate drops it: {:?} {:?}", t, d.intent);
}

/// The library's title linker (docs/eval/title-linker/README.md): a title
/// said word for word that no rule reads is taken, a film read beside the
/// one named is dropped, and one read from words said in passing too.
#[test]
fn the_title_linker_decides_which_film_a_request_names() {
    use dualrec::pipeline::request::QueryWeights;
    let e = Engine::open(&EngineOptions { model_dir: common::default_models(), n_threads: 1, ..Default::default() }).unwrap();
    let before = QueryWeights { title_linker: None, ..QueryWeights::default() };
    let refs = |r: &str, w: &QueryWeights| e.query_for_history(&[0, 1, 2], r, 10, w).map(|a| a.intent.references).unwrap_or_default();
    let samurai = e.catalog().index_of(2019).unwrap(); // Seven Samurai (1954)
    let said = "put on seven samurai or something along those lines";
    assert!(refs(said, &before).is_empty());
    assert_eq!(refs(said, &QueryWeights::default()), [samurai], "said word for word");
    let oz = e.catalog().index_of(919).unwrap(); // The Wizard of Oz (1939)
    let beside = "home alone and for some reason i want wizard of oz, or something a bit like it";
    assert!(refs(beside, &before).len() == 2 && refs(beside, &before).contains(&oz));
    assert_eq!(refs(beside, &QueryWeights::default()), [oz], "the film read beside it dropped");
    let passing = "can't sleep, it's three in the morning, what have you got";
    assert_eq!(refs(passing, &before).len(), 1, "the rules read I Can't Sleep");
    assert!(refs(passing, &QueryWeights::default()).is_empty(), "said in passing");
}

/// Where the LLM reader names a film the request does not say ("love jaws"
/// read as *Jawbreaker*, then dropped), `QueryWeights::llm_title_again`
/// reads its title again among the titles said whole with a rare word; a
/// request that says only everyday titles gets none.
#[test]
fn the_llm_film_is_read_again_among_rare_titles_said() {
    use dualrec::pipeline::request::QueryWeights;
    let e = Engine::open(&EngineOptions { model_dir: common::default_models(), n_threads: 1, ..Default::default() }).unwrap();
    let jaws = e.catalog().index_of(1387).unwrap(); // Jaws (1975)
    let req = "forty years on the water and i still love jaws, show me something like it";
    // The said-title-forms rules read "love jaws, … like it" themselves: off, so that the LLM is asked.
    let once = QueryWeights { llm_title_again: None, said_title_forms: false, title_first: false, ..QueryWeights::default() };
    let again = QueryWeights { llm_title_again: Some(0), ..once };
    let a = e.query_for_history(&[], req, 10, &once).unwrap();
    let named = a.intent.llm_title.expect("the LLM names a film").movie;
    assert!(named != jaws && a.intent.references.is_empty(), "the shipped reader's neighbour of Jaws is dropped: {:?}", a.intent);
    let b = e.query_for_history(&[], req, 10, &again).unwrap();
    assert_eq!(b.intent.references, vec![jaws], "{:?}", b.intent);
    assert_eq!(b.intent.llm_title.map(|t| t.movie), Some(jaws));
    for none in ["it's just me and the cat this sunday, what have you got", "i've got about two hours before my next shift starts, put a film on"] {
        let c = e.query_for_history(&[], none, 10, &again).unwrap();
        assert!(c.intent.references.is_empty(), "{none:?}: {:?}", c.intent);
    }
    // Where the rules read the film, nothing is read again.
    let like = e.query_for_history(&[], "something like jaws", 10, &again).unwrap();
    assert!(like.intent.references == vec![jaws] && like.intent.llm_title.is_none(), "{:?}", like.intent);
}

/// The language stage makes at most one llama.cpp context per `n_threads`
/// cores: with as many threads a call as there are cores, concurrent callers
/// share one context, one after another, and each answers as it would alone.
#[test]
fn concurrent_llm_callers_share_a_bounded_pool_and_answer_as_alone() {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get()) as u32;
    let e = Engine::open(&EngineOptions { model_dir: common::default_models(), n_threads: cores, stages: dualrec::types::STAGE_ALL, ..Default::default() }).unwrap();
    let c = e.catalog();
    let histories: Vec<Vec<u32>> = [[1u32, 2571, 260], [858, 296, 1196], [2, 3, 4], [50, 527, 608]]
        .iter()
        .map(|h| h.iter().map(|id| c.index_of(*id).unwrap()).collect())
        .collect();
    drop(c);
    let alone: Vec<Vec<u32>> = histories.iter().map(|h| e.trace(h, 10).unwrap().generation.unwrap().picks).collect();
    let together: Vec<Vec<u32>> = std::thread::scope(|s| {
        let hs: Vec<_> = histories.iter().map(|h| s.spawn(|| e.trace(h, 10).unwrap().generation.unwrap().picks)).collect();
        hs.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert_eq!(together, alone);
    assert_eq!(e.language().unwrap().contexts(), (1, 1), "one context for {cores} cores at {cores} threads a call");
}

/// A title added on the device is part of what requests read and rank: it
/// can be named as the reference, it passes the filters like any title, and
/// once removed it is neither grounded nor returned.
#[test]
fn requests_read_and_rank_titles_added_on_the_device() {
    use dualrec::pipeline::request::QueryWeights;
    let e = Engine::open(&EngineOptions { model_dir: common::default_models(), n_threads: 1, stages: dualrec::types::STAGE_SEQUENTIAL | dualrec::types::STAGE_SEMANTIC, ..Default::default() }).unwrap();
    let history: Vec<u32> = {
        let c = e.catalog();
        [1u32, 2571, 260, 1196].iter().map(|id| c.index_of(*id).unwrap()).collect()
    };
    let w = QueryWeights::default();
    e.add_movie(900_001, "Robots of the Deep Sea II", 2027, "Sci-Fi").unwrap();
    e.add_movie(900_002, "Harbour Lights", 2026, "Drama|Romance").unwrap();
    let added = e.catalog().index_of(900_001).unwrap();
    // Named as the reference: grounded to the added title.
    let like = e.query_for_history(&history, "something like Robots of the Deep Sea II", 10, &w).unwrap();
    assert_eq!(like.intent.references, vec![added], "{:?}", like.intent);
    assert!(like.items.iter().all(|r| r.index != added), "the reference itself is not recommended");
    // ML-1M ends in 2000: the added titles are the only ones from the 2020s.
    let sci_fi = e.query_for_history(&history, "a sci-fi film from the 2020s", 10, &w).unwrap();
    assert_eq!(sci_fi.items.iter().map(|r| r.movie_id).collect::<Vec<_>>(), vec![900_001], "{:?}", sci_fi.intent);
    let recent = e.query_for_history(&history, "something from the 2020s", 10, &w).unwrap();
    let mut ids: Vec<u32> = recent.items.iter().map(|r| r.movie_id).collect();
    ids.sort_unstable();
    assert_eq!(ids, vec![900_001, 900_002]);
    // Removed: no longer returned, and its title no longer grounds.
    e.remove_movie(900_001).unwrap();
    let after = e.query_for_history(&history, "something from the 2020s", 10, &w).unwrap();
    assert_eq!(after.items.iter().map(|r| r.movie_id).collect::<Vec<_>>(), vec![900_002]);
    let gone = e.query_for_history(&history, "something like Robots of the Deep Sea II", 10, &w);
    assert!(gone.map_or(true, |a| !a.intent.references.contains(&added)));
}

/// The library reads genres by the example phrases and asks the LLM only for
/// a film, which it takes only where the request has the title's words: a
/// request with no catalogue title's words neither loads nor runs the LLM,
/// and reads as it did with it.
#[test]
fn a_request_naming_no_title_does_not_load_the_llm() {
    use dualrec::pipeline::request::QueryWeights;
    let e = Engine::open(&EngineOptions { model_dir: common::default_models(), n_threads: 1, ..Default::default() }).unwrap();
    let toy = e.catalog().index_of(1).unwrap();
    let a = e.query_for_history(&[toy], "an explosive blockbuster", 10, &QueryWeights::default()).unwrap();
    assert!(!a.intent.read_by_llm && !e.reader_loaded(), "{:?}", a.intent);
    assert_eq!(a.intent.suggested_genres, vec!["Action".to_string()], "{:?}", a.intent);
    // With the LLM loaded (by a film the rules leave to it), the same reading.
    let plain = QueryWeights { free_speech_titles: false, said_title_forms: false, title_first: false, ..QueryWeights::default() };
    let b = e.query_for_history(&[toy], "we just finished Ghostbusters, find us another one", 10, &plain).unwrap();
    assert!(b.intent.read_by_llm && e.reader_loaded() && !b.intent.references.is_empty(), "{:?}", b.intent);
    let again = e.query_for_history(&[toy], "an explosive blockbuster", 10, &QueryWeights::default()).unwrap();
    assert_eq!((again.intent.suggested_genres, again.intent.read_by_llm), (a.intent.suggested_genres, false));
    assert_eq!(again.items.iter().map(|r| r.movie_id).collect::<Vec<_>>(), a.items.iter().map(|r| r.movie_id).collect::<Vec<_>>());
}

/// `QueryReader::LlmOnly` (DUALREC_QUERY_READER_LLM_ONLY): a request the LLM
/// reader names no genre for never loads the Sentence-BERT encoder beside the
/// LLM; by default the example phrases read it (here: Drama), loading it.
#[test]
fn an_llm_only_reader_never_loads_the_encoder() {
    use dualrec::engine::QueryReader;
    for (reader, loads) in [(QueryReader::LlmOnly, false), (QueryReader::Examples, true)] {
        let e = Engine::open(&EngineOptions { model_dir: common::default_models(), n_threads: 1, query_reader: reader, ..Default::default() }).unwrap();
        e.add_watch(7, 1, 0).unwrap();
        let a = e.recommend_query(7, "a story about a family dealing with their father's illness", 10).unwrap();
        assert!(a.intent.read_by_llm && !a.items.is_empty(), "{reader:?}: {:?}", a.intent);
        assert_eq!(a.intent.suggested_genres.is_empty(), !loads, "{reader:?}: {:?}", a.intent);
        assert_eq!(e.semantic().unwrap().encoder_loaded(), loads, "{reader:?}");
    }
}
