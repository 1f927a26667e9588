//! examples/stb-service: the set-top box service (C, strict flags) and its
//! client. Two client processes send watches at once; the service is
//! SIGKILLed at a seeded random point while they are still sending, then
//! restarted on the same state directory: every watch it acknowledged with
//! `OK` is in the user's history (DUALREC_SYNC_BATCHED: a process crash loses
//! nothing acknowledged), each history is a prefix of what its client sent,
//! and histories of earlier cycles never change. The service stays under its
//! `--memory-mb` limit, and SIGTERM ends it with status 0 and no socket left.

mod common;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use common::native::{compile, lib_dir, root, run_ok, SANITIZERS, STRICT_C};

const CYCLES: u64 = 5;
const CLIENTS: u64 = 2;
const USERS_PER_CLIENT: u64 = 6;
const WATCHES_PER_USER: usize = 50; // of the 60 synthetic movies: every watch adds a new one
const MEMORY_MB: u64 = 64;
const SEED: u64 = 0x5EED_0017_0004;

/// Seeded kill points and watch orders.
use common::SplitMix as Rng;

struct Service {
    child: Child,
    log: PathBuf,
}

impl Drop for Service {
    /// A failing test leaves no service behind.
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Service {
    /// Starts the service and returns once it accepts connections (a socket
    /// left by a killed predecessor refuses them until the new one listens).
    /// `memory_mb`: --memory-mb (None under ASan, which reserves terabytes of address space).
    fn start(exe: &Path, model: &Path, state: &Path, sock: &Path, log: &Path, memory_mb: Option<u64>) -> Service {
        let err = std::fs::OpenOptions::new().create(true).append(true).open(log).unwrap();
        let mut cmd = Command::new(exe);
        cmd.arg("--models").arg(model).arg("--state").arg(state).arg("--socket").arg(sock).args(["--stages", "0"]);
        if let Some(mb) = memory_mb {
            cmd.args(["--memory-mb", &mb.to_string()]);
        }
        let child = cmd
            .env("ASAN_OPTIONS", "detect_leaks=0")
            .env("UBSAN_OPTIONS", "halt_on_error=1:print_stacktrace=1")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(err)
            .spawn()
            .unwrap();
        let mut s = Service { child, log: log.to_path_buf() };
        let deadline = Instant::now() + Duration::from_secs(60);
        while UnixStream::connect(sock).is_err() {
            if let Some(status) = s.child.try_wait().unwrap() {
                panic!("service exited ({status}) before listening:\n{}", s.log_text());
            }
            assert!(Instant::now() < deadline, "service not listening after 60 s:\n{}", s.log_text());
            std::thread::sleep(Duration::from_millis(5));
        }
        s
    }

    fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Peak resident set (VmHWM) and peak address space (VmPeak), in KiB.
    fn peaks_kib(&self) -> (u64, u64) {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap();
        let field = |name: &str| -> u64 {
            let line = status.lines().find(|l| l.starts_with(name)).unwrap_or_else(|| panic!("{name} missing:\n{status}"));
            line[name.len()..].trim().trim_end_matches("kB").trim().parse().unwrap()
        };
        (field("VmHWM:"), field("VmPeak:"))
    }

    fn sigkill(mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }

    /// SIGTERM, then the exit status (waiting at most 60 s).
    fn sigterm(mut self) -> std::process::ExitStatus {
        assert_eq!(unsafe { libc::kill(self.child.id() as libc::pid_t, libc::SIGTERM) }, 0);
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            if Instant::now() > deadline {
                self.child.kill().unwrap();
                panic!("service still running 60 s after SIGTERM:\n{}", self.log_text());
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    }
}

/// One client process fed `requests` on stdin; each reply line goes to `acks`
/// as (client, request index, reply) as soon as the client prints it.
/// Joins to (replies, whether the client got every reply).
fn spawn_client(
    exe: &Path,
    sock: &Path,
    id: usize,
    requests: Vec<String>,
    acks: mpsc::Sender<(usize, usize, String)>,
) -> std::thread::JoinHandle<(Vec<String>, bool)> {
    let mut child = Command::new(exe).arg(sock).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::null()).spawn().unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let stdout = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        let writer = std::thread::spawn(move || {
            // Fails with EPIPE once the client quits because the service died: fine.
            let _ = stdin.write_all(requests.join("\n").as_bytes()).and_then(|_| stdin.write_all(b"\n"));
        });
        let mut replies = Vec::new();
        for line in BufReader::new(stdout).lines() {
            let line = line.unwrap();
            let _ = acks.send((id, replies.len(), line.clone()));
            replies.push(line);
        }
        writer.join().unwrap();
        let done = child.wait().unwrap().success();
        (replies, done)
    })
}

/// Every user's history through HISTORY requests (one client process).
fn query_histories(client: &Path, sock: &Path, users: &[u64]) -> BTreeMap<u64, Vec<u32>> {
    let requests: Vec<String> = users.iter().map(|u| format!("HISTORY {u}")).collect();
    let out = run_ok(Command::new(client).arg(sock).args(&requests));
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), users.len(), "{out}");
    users
        .iter()
        .zip(lines)
        .map(|(&u, l)| {
            let ids = l.strip_prefix("HIST").unwrap_or_else(|| panic!("HISTORY {u}: {l}"));
            (u, ids.split_whitespace().map(|t| t.parse().unwrap()).collect())
        })
        .collect()
}

#[test]
fn service_loses_no_acknowledged_watch_when_killed() {
    let tmp = tempfile::tempdir().unwrap();
    let lib = lib_dir(tmp.path());
    let service_exe = tmp.path().join("stb-service");
    let client_exe = tmp.path().join("stb-client");
    compile("cc", STRICT_C, &root().join("examples/stb-service/service.c"), &service_exe, &lib);
    compile("cc", STRICT_C, &root().join("examples/stb-service/client.c"), &client_exe, &lib);
    let model = common::write_model_dir(&tmp.path().join("models"));
    let movies: Vec<u32> = common::catalog().movies().iter().map(|m| m.id).collect();
    assert_eq!(movies.len(), 60);
    let state = tmp.path().join("state");
    let sock = tmp.path().join("stb.sock");
    let log = tmp.path().join("service.log");

    let mut rng = Rng(SEED);
    // Exact histories of every user of earlier cycles, as the first restart after their cycle saw them.
    let mut settled: BTreeMap<u64, Vec<u32>> = BTreeMap::new();
    let (mut acked_checked, mut cut_off_clients, mut peak_hwm, mut peak_vm) = (0usize, 0usize, 0u64, 0u64);
    let mut service = Service::start(&service_exe, &model, &state, &sock, &log, Some(MEMORY_MB));
    for cycle in 0..CYCLES {
        // Each client: its own users, each watching distinct movies at increasing times, with
        // SYNCs, RECOMMENDs and junk in between. sent[(client, request index)] = (user, movie).
        let mut sent: BTreeMap<(usize, usize), (u64, u32)> = BTreeMap::new();
        let mut order: BTreeMap<u64, Vec<u32>> = BTreeMap::new();
        let mut requests: Vec<Vec<String>> = Vec::new();
        for c in 0..CLIENTS as usize {
            let users: Vec<u64> = (0..USERS_PER_CLIENT).map(|j| 1_000_000 * (cycle + 1) + 1000 * c as u64 + j).collect();
            for &u in &users {
                let mut perm = movies.clone();
                for i in (1..perm.len()).rev() {
                    perm.swap(i, rng.below(i as u64 + 1) as usize);
                }
                perm.truncate(WATCHES_PER_USER);
                order.insert(u, perm);
            }
            let mut reqs = Vec::new();
            #[allow(clippy::needless_range_loop)] // step is also the watch time
            for step in 0..WATCHES_PER_USER {
                for &u in &users {
                    let movie = order[&u][step];
                    sent.insert((c, reqs.len()), (u, movie));
                    reqs.push(format!("WATCH {u} {movie} {}", 1_700_000_000 + 60 * step as i64));
                    match rng.below(40) {
                        0 => reqs.push("SYNC".into()),
                        1 => reqs.push(format!("RECOMMEND {u} 5")),
                        2 => reqs.push("WATCH 1 2".into()), // junk: an ERR, and the service carries on
                        _ => {}
                    }
                }
            }
            requests.push(reqs);
        }
        let total_watches = sent.len() as u64;
        // Kill after 5..60% of the watches were acknowledged: the clients are still sending.
        let kill_after = 5 + rng.below(total_watches * 6 / 10 - 5);

        let (tx, rx) = mpsc::channel();
        let handles: Vec<_> =
            requests.iter().enumerate().map(|(c, r)| spawn_client(&client_exe, &sock, c, r.clone(), tx.clone())).collect();
        drop(tx);
        let mut acked = 0u64;
        let deadline = Instant::now() + Duration::from_secs(120);
        while acked < kill_after {
            let left = deadline.saturating_duration_since(Instant::now());
            match rx.recv_timeout(left) {
                Ok((c, i, reply)) => acked += (sent.contains_key(&(c, i)) && reply == "OK") as u64,
                Err(e) => panic!("cycle {cycle}: {acked} of {kill_after} acks, then {e:?}:\n{}", service.log_text()),
            }
        }
        let (hwm, vm) = service.peaks_kib();
        peak_hwm = peak_hwm.max(hwm);
        peak_vm = peak_vm.max(vm);
        service.sigkill();
        drop(rx);

        // What each client saw acknowledged before the kill.
        let mut acked_by_user: BTreeMap<u64, Vec<u32>> = BTreeMap::new();
        for (c, h) in handles.into_iter().enumerate() {
            let (replies, done) = h.join().unwrap();
            cut_off_clients += !done as usize;
            for (i, reply) in replies.iter().enumerate() {
                let req = &requests[c][i];
                match sent.get(&(c, i)) {
                    Some(&(u, m)) => {
                        assert_eq!(reply, "OK", "cycle {cycle}: `{req}`");
                        acked_by_user.entry(u).or_default().push(m);
                    }
                    None if req == "SYNC" => assert_eq!(reply, "OK", "cycle {cycle}"),
                    None if req.starts_with("RECOMMEND") => assert!(reply.starts_with("REC "), "cycle {cycle}: `{req}` -> {reply}"),
                    None => assert!(reply.starts_with("ERR "), "cycle {cycle}: `{req}` -> {reply}"),
                }
            }
        }
        assert!(acked_by_user.values().map(Vec::len).sum::<usize>() as u64 >= kill_after);

        service = Service::start(&service_exe, &model, &state, &sock, &log, Some(MEMORY_MB));
        let users: Vec<u64> = settled.keys().chain(order.keys()).copied().collect();
        let got = query_histories(&client_exe, &sock, &users);
        for (u, want) in &settled {
            assert_eq!(&got[u], want, "cycle {cycle}: user {u} of an earlier cycle changed");
        }
        for (u, sent_order) in &order {
            let have = &got[u];
            let acks = acked_by_user.get(u).map_or(&[][..], Vec::as_slice);
            // Journaled in order: the history is what the client sent, up to some point at or after its last ack.
            assert!(have.len() <= sent_order.len() && have[..] == sent_order[..have.len()], "cycle {cycle}: user {u}: {have:?} is not a prefix of {sent_order:?}");
            let lost: Vec<_> = acks.iter().filter(|m| !have.contains(m)).collect();
            assert!(lost.is_empty(), "cycle {cycle}: user {u} lost acknowledged watches {lost:?} (history {have:?})");
            assert_eq!(&sent_order[..acks.len()], acks);
            acked_checked += acks.len();
            settled.insert(*u, have.clone());
        }
    }

    // Clean shutdown: status 0, socket removed, "stopped" logged.
    let users: Vec<u64> = settled.keys().copied().collect();
    assert_eq!(query_histories(&client_exe, &sock, &users), settled);
    let log_before = service.log_text();
    let status = service.sigterm();
    let log_text = std::fs::read_to_string(&log).unwrap();
    assert_eq!(status.code(), Some(0), "{status}:\n{log_text}");
    assert!(!sock.exists(), "socket left after SIGTERM");
    assert!(log_text.len() > log_before.len() && log_text.ends_with("stb-service: stopped\n"), "{log_text}");
    assert_eq!(log_text.matches("stb-service: listening on").count() as u64, CYCLES + 1, "{log_text}");
    // And the state the clean shutdown left opens to the same histories.
    let service = Service::start(&service_exe, &model, &state, &sock, &log, Some(MEMORY_MB));
    assert_eq!(query_histories(&client_exe, &sock, &users), settled, "after SIGTERM and restart");
    let last_start = service.log_text().lines().rfind(|l| l.contains("listening on")).unwrap().to_string();
    assert!(!last_start.contains("warning"), "a clean shutdown left something to repair: {last_start}");
    assert_eq!(service.sigterm().code(), Some(0));

    assert!(cut_off_clients > 0, "no client was still sending at any kill");
    assert!(peak_hwm <= MEMORY_MB * 1024 && peak_vm <= MEMORY_MB * 1024);
    println!(
        "stb-service: {CYCLES} SIGKILL cycles, {acked_checked} acknowledged watches checked, lost 0, \
         {cut_off_clients} of {} clients cut off mid-stream, peak RSS {} KiB (address space {} KiB) under the {MEMORY_MB} MiB limit",
        CYCLES * CLIENTS,
        peak_hwm,
        peak_vm
    );
}

/// Under ASan and UBSan: junk, over-long lines, NUL bytes, clients that leave
/// mid-line, a client that sends far more than it reads, more clients than the
/// service serves at once.
#[test]
fn service_answers_junk_and_survives_misbehaving_clients() {
    let tmp = tempfile::tempdir().unwrap();
    let lib = lib_dir(tmp.path());
    let service_exe = tmp.path().join("stb-service");
    let client_exe = tmp.path().join("stb-client");
    let flags: Vec<&str> = STRICT_C.iter().chain(SANITIZERS).copied().collect();
    compile("cc", &flags, &root().join("examples/stb-service/service.c"), &service_exe, &lib);
    compile("cc", &flags, &root().join("examples/stb-service/client.c"), &client_exe, &lib);
    let model = common::write_model_dir(&tmp.path().join("models"));
    let sock = tmp.path().join("stb.sock");
    let log = tmp.path().join("log");
    let service = Service::start(&service_exe, &model, &tmp.path().join("state"), &sock, &log, None);
    let connect = || {
        let s = UnixStream::connect(&sock).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
        s
    };
    let read_line = |r: &mut BufReader<UnixStream>| {
        let mut l = String::new();
        r.read_line(&mut l).unwrap();
        l
    };

    // Raw bytes: an over-long line, a NUL, CRLF, binary junk, bad numbers; then a client that leaves mid-line.
    let mut s = connect();
    let mut junk = vec![b'A'; 5000];
    junk.extend_from_slice(b"\nWATCH 1 10 5\x00x\nSYNC\r\n\xff\xfe\x01\nRECOMMEND 1 0\nHISTORY 18446744073709551616\nWATCH 1 10 1700000000\n");
    s.write_all(&junk).unwrap();
    let mut r = BufReader::new(s.try_clone().unwrap());
    let replies: Vec<String> = (0..7).map(|_| read_line(&mut r)).collect();
    assert!(replies[0].starts_with("ERR line longer"), "{replies:?}");
    assert!(replies[1].starts_with("ERR "), "{replies:?}");
    assert_eq!(replies[2], "OK\n");
    assert!(replies[3..6].iter().all(|l| l.starts_with("ERR ")), "{replies:?}");
    assert_eq!(replies[6], "OK\n");
    s.write_all(b"WATCH 1 20 17000").unwrap();
    drop((r, s));
    for _ in 0..20 {
        connect().write_all(b"HISTORY 1\nWATCH 2 ").unwrap();
    }

    // 3000 requests written before any reply is read: the service stops reading while replies pile up.
    let mut flood = connect();
    let reader = BufReader::new(flood.try_clone().unwrap());
    let writer = std::thread::spawn(move || flood.write_all("RECOMMEND 5 1000\n".repeat(3000).as_bytes()).unwrap());
    let recs = reader.lines().take(3000).map(|l| l.unwrap()).filter(|l| l.starts_with("REC ") && l.split(' ').count() == 61).count();
    writer.join().unwrap();
    assert_eq!(recs, 3000);

    // 70 clients at once: 64 are served, the rest told so.
    let mut many: Vec<BufReader<UnixStream>> = (0..70).map(|_| BufReader::new(connect())).collect();
    let mut answers = BTreeMap::<String, usize>::new();
    for c in &mut many {
        let _ = c.get_mut().write_all(b"SYNC\n"); // a refused client may already be closed
        *answers.entry(read_line(c)).or_default() += 1;
    }
    assert_eq!(answers, BTreeMap::from([("OK\n".to_string(), 64), ("ERR too many clients\n".to_string(), 6)]));
    drop(many);

    let out = run_ok(Command::new(&client_exe).arg(&sock).args([
        "WATCH 1 20 1700000100",
        "WATCH 1 11 1700000200",
        "WATCH 1 30 1700000300",
        "HISTORY 1",
        "RECOMMEND 1 3",
        "RECOMMEND 1 100000",
        "",
        "watch 1 10 5",
    ]));
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[..3], ["OK", "ERR unknown movie id: unknown movie id 11", "OK"], "{out}");
    assert_eq!(lines[3], "HIST 10 20 30", "{out}");
    let rec: Vec<u32> = lines[4].strip_prefix("REC ").unwrap().split(' ').map(|t| t.parse().unwrap()).collect();
    assert_eq!(rec.len(), 3);
    assert!(rec.iter().all(|m| m % 10 == 0 && ![10, 20, 30].contains(m)), "{out}");
    assert!(lines[5..].iter().all(|l| l.starts_with("ERR ")) && lines.len() == 8, "{out}");

    let status = service.sigterm();
    let log_text = std::fs::read_to_string(&log).unwrap();
    assert_eq!(status.code(), Some(0), "{status}:\n{log_text}");
    assert!(!sock.exists());
    assert!(!log_text.contains("ERROR: AddressSanitizer") && !log_text.contains("runtime error"), "{log_text}");
}
