//! Large imports beside everything else, against the real `sesame serve` on a real database
//! (SQLite, or PostgreSQL with `SESAME_TEST_POSTGRES`): two schools' large files in dry runs at
//! once, while health and sign-in keep answering, a third import at once is refused with a clear
//! message, and the answers list the first accounts of each kind with whole counts.
//!
//! Parsing and planning once ran on the async workers: two 19 MiB dry runs stalled health for
//! 15 s. The bound asserted here is loose (a second, in a debug build on a shared machine) — it
//! tells "answers meanwhile" from "stalled"; the figures (target 100 ms) are the import
//! benchmark's (`cargo bench -p sesame-server --bench import`).

use std::time::{Duration, Instant};

use serde_json::{json, Value};
use sesame_server::db::testing::test_db_location;
use sesame_testkit::school::{fake_dist, school_csv};
use sesame_testkit::signed_in::{health_time, SignedIn};
use sesame_testkit::{Sesame, PASSWORD};

/// Pupils per file: about 6 MiB with their relatives, seconds of parsing in a debug build.
const PUPILS: usize = 70_000;

/// The longest any health or sign-in answer may take while the imports run: well under the
/// imports' own seconds, which a stalled server would make them wait, and loose enough for a
/// machine running other suites beside this one.
const STALLED: Duration = Duration::from_millis(2500);

/// `rectorat`, signed in through `base`, and how long the sign-in took.
async fn sign_in(client: &reqwest::Client, base: &str) -> (SignedIn, Duration) {
    let start = Instant::now();
    let session = SignedIn::new(client, base, "rectorat", PASSWORD).await;
    (session, start.elapsed())
}

/// A dry run of `csv` for `school`: the status, the answer and its size.
async fn dry_run(session: &SignedIn, school: &str, csv: String) -> (u16, Value, usize) {
    let (status, body) = session.dry_run(school, csv).await;
    (status, serde_json::from_slice(&body).unwrap(), body.len())
}

/// A new school of UAI `uai`: its id.
async fn new_school(session: &SignedIn, uai: &str) -> String {
    let answer = session
        .post("/api/structures")
        .json(&json!({"uai": uai, "name": uai}))
        .send()
        .await
        .unwrap();
    let body: Value = answer.json().await.unwrap();
    body["id"].as_str().unwrap().to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn large_dry_runs_leave_health_and_sign_in_answering() {
    let dir = tempfile::tempdir().unwrap();
    let db = test_db_location(dir.path()).await;
    let sesame = Sesame::at(env!("CARGO_BIN_EXE_sesame"));
    sesame.add_admin(&db, "rectorat", "central", &[], PASSWORD);
    let server = sesame.serve(&db, &fake_dist(dir.path()), &[], &[]);
    let base = server.url.trim_end_matches('/').to_owned();
    let client = reqwest::Client::new();
    let (session, _) = sign_in(&client, &base).await;
    let schools = [
        new_school(&session, "0751111A").await,
        new_school(&session, "0752222B").await,
        new_school(&session, "0753333C").await,
    ];
    let csv = school_csv(PUPILS);
    let lines = csv.lines().count() - 1;

    // Health, polled every 50 ms until the imports end: its slowest answer.
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let watch = {
        let (client, base, done) = (client.clone(), base.clone(), done.clone());
        tokio::spawn(async move {
            let mut slowest = Duration::ZERO;
            let mut answers = 0;
            while !done.load(std::sync::atomic::Ordering::Relaxed) {
                slowest = slowest.max(health_time(&client, &base).await);
                answers += 1;
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            (slowest, answers)
        })
    };
    let first = dry_run(&session, &schools[0], csv.clone());
    let second = dry_run(&session, &schools[1], csv.clone());
    let others = async {
        // Once both have started: a third school's import is refused at once, and a sign-in
        // goes through.
        tokio::time::sleep(Duration::from_millis(300)).await;
        let third = dry_run(&session, &schools[2], csv.clone()).await;
        let (_, sign_in) = sign_in(&client, &base).await;
        (third, sign_in)
    };
    let (first, second, (third, sign_in)) = tokio::join!(first, second, others);
    done.store(true, std::sync::atomic::Ordering::Relaxed);
    let (slowest_health, answers) = watch.await.unwrap();

    for (status, summary, bytes) in [&first, &second] {
        assert_eq!(*status, 200, "{summary}");
        assert_eq!(summary["created"], lines, "every line counted");
        assert_eq!(summary["createdAccounts"].as_array().unwrap().len(), 100);
        assert!(*bytes < 64 << 10, "an answer of {bytes} bytes");
    }
    assert_eq!(third.0, 429, "{}", third.1);
    assert_eq!(third.1["error"]["code"], "already_running");
    assert!(answers >= 3, "health was asked {answers} times");
    assert!(
        slowest_health < STALLED,
        "health took {slowest_health:?} during the imports"
    );
    assert!(
        sign_in < STALLED,
        "signing in took {sign_in:?} during the imports"
    );
    drop(server);
}
