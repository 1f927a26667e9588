//! Concurrency stress: many threads mixing add_watch, recommend, forget_user
//! and history reads on one engine that journals to a state directory.
//! Checks: no panic or error, no deadlock (a watchdog aborts after 30 s
//! without progress), no lost watch (every thread's model of its own users
//! equals the engine, shared users hold every movie anyone added), and the
//! same after reopening the state directory.
//!
//! CI runs `stress_short` (2 s). The long run is
//! `DUALREC_STRESS_SECS=60 cargo test --workspace --release -- --ignored stress_long --nocapture`.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use dualrec::state::history::UserHistory;
use dualrec::state::journal::{StateOptions, SyncPolicy};
use dualrec::{Engine, EngineOptions, Error};

const THREADS: u64 = 8;
const OWN_USERS: u64 = 10;
const SHARED: [u64; 4] = [9000, 9001, 9002, 9003];

#[derive(Default)]
struct Counts {
    add: AtomicU64,
    recommend: AtomicU64,
    forget: AtomicU64,
    history: AtomicU64,
}

fn stress(duration: Duration) -> serde_json::Value {
    let tmp = tempfile::tempdir().unwrap();
    let model = common::write_model_dir(&tmp.path().join("m"));
    let opts = EngineOptions {
        model_dir: model,
        stages: 0,
        state: Some(StateOptions { dir: tmp.path().join("s"), sync: SyncPolicy::Batched, compact_bytes: 64 << 10 }),
        ..Default::default()
    };
    let cat = common::catalog();
    let e = Arc::new(Engine::open(&opts).unwrap());
    let counts = Arc::new(Counts::default());
    let done = Arc::new(AtomicBool::new(false));
    let progress = Arc::new(AtomicU64::new(0));
    let watchdog = {
        let (done, progress) = (done.clone(), progress.clone());
        std::thread::spawn(move || {
            let (mut last, mut since) = (0, Instant::now());
            while !done.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(200));
                let p = progress.load(Ordering::Relaxed);
                if p != last {
                    (last, since) = (p, Instant::now());
                } else if since.elapsed() > Duration::from_secs(30) {
                    eprintln!("stress: no progress for 30 s after {p} operations: deadlock");
                    std::process::abort();
                }
            }
        })
    };
    let started = Instant::now();
    let workers: Vec<_> = (0..THREADS)
        .map(|t| {
            let (e, counts, progress, cat) = (e.clone(), counts.clone(), progress.clone(), cat.clone());
            std::thread::spawn(move || {
                let mut own: BTreeMap<u64, UserHistory> = BTreeMap::new();
                let mut shared: BTreeSet<(u64, u32)> = BTreeSet::new();
                let mut rng = 0x9E37_79B9_7F4A_7C15u64 ^ (t + 1).wrapping_mul(0xBF58_476D_1CE4_E5B9);
                let mut clock = 0i64;
                while started.elapsed() < duration {
                    rng ^= rng << 13;
                    rng ^= rng >> 7;
                    rng ^= rng << 17;
                    let user = t * 100 + (rng >> 8) % OWN_USERS;
                    let movie = 10 * (1 + ((rng >> 20) % common::N_MOVIES as u64) as u32);
                    match rng % 100 {
                        0..=54 => {
                            clock += 1 + (rng >> 40) as i64 % 3 - 1; // ties and equal times too
                            e.add_watch(user, movie, clock).unwrap();
                            own.entry(user).or_default().add(cat.index_of(movie).unwrap(), clock);
                            counts.add.fetch_add(1, Ordering::Relaxed);
                        }
                        55..=59 => {
                            let s = SHARED[(rng >> 12) as usize % SHARED.len()];
                            e.add_watch(s, movie, (rng >> 30) as i64 % 1000).unwrap();
                            shared.insert((s, movie));
                            counts.add.fetch_add(1, Ordering::Relaxed);
                        }
                        60..=88 => {
                            let shared_user = rng.is_multiple_of(7);
                            let u = if shared_user { SHARED[(rng >> 12) as usize % SHARED.len()] } else { user };
                            let r = e.recommend(u, 10).unwrap();
                            let ids: BTreeSet<u32> = r.items.iter().map(|x| x.movie_id).collect();
                            assert_eq!(ids.len(), r.items.len(), "distinct");
                            if !shared_user {
                                let watched = own.get(&user).map(|h| h.indices()).unwrap_or_default();
                                assert_eq!(r.items.len(), 10.min(common::N_MOVIES as usize - watched.len()));
                                assert!(watched.iter().all(|&i| !ids.contains(&cat.movie(i).id)), "recommended a watched movie");
                            }
                            counts.recommend.fetch_add(1, Ordering::Relaxed);
                        }
                        89 => {
                            match (e.forget_user(user), own.remove(&user)) {
                                (Ok(()), Some(_)) | (Err(Error::UnknownUser(_)), None) => {}
                                (r, m) => panic!("forget_user({user}) = {r:?} but the model had {m:?}"),
                            }
                            counts.forget.fetch_add(1, Ordering::Relaxed);
                        }
                        _ => {
                            let want: Vec<u32> = own.get(&user).map(|h| h.indices().iter().map(|&i| cat.movie(i).id).collect()).unwrap_or_default();
                            assert_eq!(e.history(user), want, "user {user}");
                            counts.history.fetch_add(1, Ordering::Relaxed);
                        }
                    }
                    progress.fetch_add(1, Ordering::Relaxed);
                }
                (own, shared)
            })
        })
        .collect();
    let results: Vec<_> = workers.into_iter().map(|w| w.join().expect("worker panicked")).collect();
    let elapsed = started.elapsed();
    done.store(true, Ordering::Relaxed);
    watchdog.join().unwrap();

    let check = |e: &Engine, when: &str| {
        let mut watches = 0usize;
        for (t, (own, _)) in results.iter().enumerate() {
            for u in 0..OWN_USERS {
                let user = t as u64 * 100 + u;
                let want: Vec<u32> = own.get(&user).map(|h| h.indices().iter().map(|&i| cat.movie(i).id).collect()).unwrap_or_default();
                assert_eq!(e.history(user), want, "{when}: user {user}");
                watches += want.len();
            }
        }
        for s in SHARED {
            let want: BTreeSet<u32> = results.iter().flat_map(|r| r.1.iter()).filter(|x| x.0 == s).map(|x| x.1).collect();
            let have: BTreeSet<u32> = e.history(s).into_iter().collect();
            assert_eq!(have, want, "{when}: shared user {s}");
            watches += want.len();
        }
        watches
    };
    let held = check(&e, "in memory");
    let compactions = e.store().unwrap().compactions();
    drop(Arc::try_unwrap(e).expect("workers are done"));
    let reopened = Engine::open(&opts).unwrap();
    assert_eq!(check(&reopened, "after reopen"), held);

    let ops = |a: &AtomicU64| a.load(Ordering::Relaxed);
    let summary = serde_json::json!({
        "threads": THREADS,
        "seconds": elapsed.as_secs_f64(),
        "add_watch": ops(&counts.add),
        "recommend": ops(&counts.recommend),
        "forget_user": ops(&counts.forget),
        "history_checks": ops(&counts.history),
        "total_ops": progress.load(Ordering::Relaxed),
        "watches_held_at_end": held,
        "compactions": compactions,
        "sync": "batched",
    });
    println!("{summary}");
    summary
}

#[test]
fn stress_short() {
    let s = stress(Duration::from_secs(2));
    assert!(s["add_watch"].as_u64().unwrap() > 1000 && s["forget_user"].as_u64().unwrap() > 10, "{s}");
}

#[test]
#[ignore = "long run (DUALREC_STRESS_SECS, default 60); results in docs/reliability.md"]
fn stress_long() {
    let secs = std::env::var("DUALREC_STRESS_SECS").ok().and_then(|v| v.parse().ok()).unwrap_or(60);
    let s = stress(Duration::from_secs(secs));
    if let Ok(path) = std::env::var("DUALREC_STRESS_REPORT") {
        std::fs::write(path, serde_json::to_string_pretty(&s).unwrap()).unwrap();
    }
}
