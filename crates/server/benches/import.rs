//! Import benchmark: a 20,000-line ENT export sent from the browser's page, as the
//! API receives it. Target: the dry run and the import each in ≤ 5 s.
//!
//! A real `sesame serve` (`SESAME_BIN`, else this build's own `sesame`; `cargo xtask bench`
//! builds it with the `release` profile) over a real SQLite file; a central administrator
//! creates an empty school, then, timed one by one over HTTP on loopback:
//! 1. the dry run of the file (everything created),
//! 2. the import itself (all-or-nothing, in one transaction),
//! 3. the dry run of the same file again (everything unchanged: the start of the next year),
//! 4. the dry run of the file with pupils in new classes (those pupils updated),
//! 5. that import.
//!
//! Each case runs `SESAME_BENCH_RUNS` times (default 3; the import once, it can only create
//! once) and prints the fastest and slowest.
//!
//! Then the server beside large imports: two files of the largest size the server takes
//! (19 MiB), dry runs of two schools at once, while `/api/health` is asked every 20 ms and an
//! administrator signs in; prints health's median and slowest answers (target: under 100 ms),
//! the sign-in's, each import's time and answer size, and the server's peak memory (its
//! `VmHWM`). Prints figures; never fails on them.

use std::time::{Duration, Instant};

use serde_json::{json, Value};
use sesame_testkit::school::{fake_dist, school_csv};
use sesame_testkit::signed_in::{health_time, JsonAnswer, SignedIn};
use sesame_testkit::{Sesame, PASSWORD};

/// Pupils for about 20,000 lines: `school_csv` adds a relative per five pupils, four teachers
/// and two guests.
const PUPILS: usize = 16_660;

/// Sends the file; returns the status, the summary and the time to the last byte.
async fn import(session: &SignedIn, school: &str, csv: &str, dry_run: bool) -> (u16, Value, Duration) {
    let start = Instant::now();
    let answer = session
        .post(&format!(
            "/api/structures/{school}/imports?dryRun={dry_run}&fileName=export.csv"
        ))
        .header("Content-Type", "text/csv")
        .body(csv.to_owned())
        .send()
        .await
        .unwrap();
    let status = answer.status().as_u16();
    let body: Value = answer.json().await.unwrap();
    (status, body, start.elapsed())
}

/// `rectorat`, signed in to the server at `base`.
async fn sign_in(base: &str) -> SignedIn {
    SignedIn::new(&reqwest::Client::new(), base, "rectorat", PASSWORD).await
}

fn counts(summary: &Value) -> String {
    format!(
        "created {}, updated {}, unchanged {}, absent {}",
        summary["created"], summary["updated"], summary["unchanged"], summary["absent"]
    )
}

fn report(case: &str, times: &[Duration], summary: &Value) {
    let fastest = times.iter().min().unwrap();
    let slowest = times.iter().max().unwrap();
    let verdict = if *slowest <= Duration::from_secs(5) {
        "within"
    } else {
        "OVER"
    };
    println!(
        "{case:<42} fastest {:>7.0} ms, slowest {:>7.0} ms ({verdict} the 5 s target; {})",
        fastest.as_secs_f64() * 1e3,
        slowest.as_secs_f64() * 1e3,
        counts(summary)
    );
}

fn main() {
    let runs: usize = std::env::var("SESAME_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3);
    let sesame = match std::env::var("SESAME_BIN") {
        Ok(bin) if !bin.is_empty() => Sesame::at(bin),
        _ => Sesame::at(env!("CARGO_BIN_EXE_sesame")),
    };
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("sesame.db");
    sesame.add_admin(&db, "rectorat", "central", &[], PASSWORD);
    let server = sesame.serve(&db, &fake_dist(dir.path()), &[], &[]);

    let csv = school_csv(PUPILS);
    // Every pupil in another class: the next school year's file.
    let moved = csv.replace(";CM2 A;", ";6e A;").replace(";CM1 A;", ";CM2 A;");
    let lines = csv.lines().count() - 1;
    println!(
        "import of {lines} lines ({:.1} MiB) into a real sesame serve, {runs} runs per dry run",
        csv.len() as f64 / (1024.0 * 1024.0)
    );

    tokio::runtime::Runtime::new().unwrap().block_on(async {
        let session = sign_in(&server.url).await;
        let school: Value = session
            .post("/api/structures")
            .json(&json!({"uai": "0759999Z", "name": "Cité scolaire du banc d’essai"}))
            .json_answer()
            .await;
        let school = school["id"].as_str().expect("the new school's id").to_owned();

        let dry_run = |file: String, expected_status: u16| {
            let session = &session;
            let school = school.clone();
            async move {
                let mut times = Vec::new();
                let mut last = Value::Null;
                for _ in 0..runs {
                    let (status, summary, took) = import(session, &school, &file, true).await;
                    assert_eq!(status, expected_status, "{summary}");
                    times.push(took);
                    last = summary;
                }
                (times, last)
            }
        };
        let (times, summary) = dry_run(csv.clone(), 200).await;
        assert_eq!(summary["created"].as_u64(), Some(lines as u64));
        report("dry run, every account new", &times, &summary);

        let (status, summary, took) = import(&session, &school, &csv, false).await;
        assert_eq!(status, 201, "{summary}");
        report("import, every account created", &[took], &summary);

        let (times, summary) = dry_run(csv.clone(), 200).await;
        assert_eq!(summary["unchanged"].as_u64(), Some(lines as u64));
        report("dry run of the same file, nothing changes", &times, &summary);

        let (times, summary) = dry_run(moved.clone(), 200).await;
        assert!(summary["updated"].as_u64().unwrap() > 0, "{summary}");
        report("dry run, pupils in new classes", &times, &summary);

        let (status, summary, took) = import(&session, &school, &moved, false).await;
        assert_eq!(status, 201, "{summary}");
        report("import, pupils in new classes", &[took], &summary);

        beside_large_imports(&session, server.pid()).await;
    });
}

/// Pupils for a file just under the 20 MiB the import route takes.
const LARGEST_PUPILS: usize = 215_000;

/// Two 19 MiB dry runs at once, health and a sign-in meanwhile (see the module's doc).
async fn beside_large_imports(session: &SignedIn, pid: u32) {
    let csv = school_csv(LARGEST_PUPILS);
    let mut schools = Vec::new();
    for uai in ["0751111A", "0752222B"] {
        let school: Value = session
            .post("/api/structures")
            .json(&json!({"uai": uai, "name": uai}))
            .json_answer()
            .await;
        schools.push(school["id"].as_str().unwrap().to_owned());
    }
    let before = peak_memory_kib(pid);
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let health = {
        let (client, base, done) = (session.client.clone(), session.base.clone(), done.clone());
        tokio::spawn(async move {
            let mut times = Vec::new();
            while !done.load(std::sync::atomic::Ordering::Relaxed) {
                times.push(health_time(&client, &base).await);
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            times
        })
    };
    let sign_in = async {
        tokio::time::sleep(Duration::from_millis(500)).await;
        let start = Instant::now();
        sign_in(&session.base).await;
        start.elapsed()
    };
    let timed = |school: String| {
        let csv = csv.clone();
        async move {
            let start = Instant::now();
            let (_, body) = session.dry_run(&school, csv).await;
            (start.elapsed(), body.len())
        }
    };
    let (a, b, signed_in) = tokio::join!(timed(schools[0].clone()), timed(schools[1].clone()), sign_in);
    done.store(true, std::sync::atomic::Ordering::Relaxed);
    let mut times = health.await.unwrap();
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!(
        "two dry runs of {:.1} MiB at once: {:.0} ms and {:.0} ms, answers of {} and {} bytes",
        csv.len() as f64 / (1024.0 * 1024.0),
        ms(a.0),
        ms(b.0),
        a.1,
        b.1
    );
    println!(
        "  meanwhile health: {} answers, median {:.1} ms, slowest {:.1} ms; sign-in {:.0} ms (target: each under 100 ms)",
        times.len(),
        ms(times[times.len() / 2]),
        ms(*times.last().unwrap()),
        ms(signed_in)
    );
    println!(
        "  server peak memory: {} MiB before, {} MiB after",
        before / 1024,
        peak_memory_kib(pid) / 1024
    );
}

/// The process's peak resident memory (`VmHWM`), in KiB.
fn peak_memory_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_default()
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|value| value.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}
