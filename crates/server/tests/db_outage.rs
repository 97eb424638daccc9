//! The database unavailable for a while under a real `sesame serve` mid-mailing: another process
//! holds SQLite's write lock for 8 s (as a long maintenance write would). Requests that must
//! write answer 503 with a French message and `Retry-After` once their wait ends (no hang, no
//! panic); the outbox waits too, and the message it had in flight is recorded once the lock goes
//! (not left to its lease, which would send it twice); sign-in works again and the mailing
//! finishes with every recipient served exactly once.

use std::time::{Duration, Instant};

use serde_json::{json, Value};
use sesame_testkit::school::{fake_dist, seed_csv};
use sesame_testkit::smtp::{wait_for, Sink};
use sesame_testkit::{free_port, Sesame, PASSWORD};

mod served;
use served::{all_sent, assert_each_once, ids, pupils_csv, queue_mailing, sign_in};

const ACCOUNTS: usize = 10;
/// Longer than a write's wait for the lock (5 s).
const OUTAGE: Duration = Duration::from_secs(8);

fn address(i: usize) -> String {
    format!("eleve{i}@exemple.fr")
}

/// A sign-in attempt's raw answer (a 503 is looked at here).
async fn attempt_sign_in(client: &reqwest::Client, url: &str) -> reqwest::Response {
    client
        .post(format!("{url}/api/session"))
        .json(&json!({"login": "direction", "password": PASSWORD}))
        .send()
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_locked_database_answers_503_in_french_and_the_outbox_resumes_with_nothing_lost() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("export.csv");
    std::fs::write(&csv, pupils_csv(ACCOUNTS, address, |_| false)).unwrap();
    let dist = fake_dist(dir.path());
    let db = seed_csv(&Sesame::at(env!("CARGO_BIN_EXE_sesame")), dir.path(), &csv);
    // The SMTP server answers each message 1.5 s after receiving it: the lock below comes
    // while a message is in flight, whose outcome must then wait for the database — with room
    // to spare on a machine busy enough to take the lock a second late.
    let inbox = dir.path().join("inbox");
    let sink = Sink::start_with(free_port(), &inbox, &[], Duration::from_millis(1500));
    let server = Sesame::at(env!("CARGO_BIN_EXE_sesame")).serve(
        &db,
        &dist,
        &["--smtp-url", &sink.url()],
        &[("SESAME_MAIL_RATE", "10")],
    );
    let url = server.url.clone();

    let (client, session) = sign_in(&url).await;
    let mailing = queue_mailing(&client, &url, &session, &ids(ACCOUNTS)).await;

    // Another process takes the write lock and keeps it, just after a message arrived.
    wait_for(&inbox, 2, Duration::from_secs(30));
    let (locked_tx, locked_rx) = std::sync::mpsc::channel();
    let db_path = db.clone();
    let holder = std::thread::spawn(move || {
        let connection = rusqlite::Connection::open(&db_path).unwrap();
        connection.execute_batch("BEGIN EXCLUSIVE").unwrap();
        locked_tx.send(()).unwrap();
        std::thread::sleep(OUTAGE);
        connection.execute_batch("COMMIT").unwrap();
    });
    locked_rx.recv().unwrap();
    let during = sink.messages().len();

    // A sign-in must write (its rate limiter): it waits for the lock, then says so.
    let start = Instant::now();
    let response = attempt_sign_in(&reqwest::Client::new(), &url).await;
    let waited = start.elapsed();
    assert_eq!(response.status(), 503);
    assert_eq!(response.headers()["retry-after"], "5");
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "database_unavailable", "{body}");
    let message = body["error"]["message"].as_str().unwrap();
    assert!(
        message.starts_with("La base de données ne répond pas"),
        "{message}"
    );
    assert!(
        waited < OUTAGE,
        "answered after the wait, not after the outage ({waited:?})"
    );
    assert!(
        sink.messages().len() <= during + 1,
        "the outbox cannot record a send while the lock is held"
    );

    holder.join().unwrap();
    assert_eq!(attempt_sign_in(&reqwest::Client::new(), &url).await.status(), 200);
    all_sent(&client, &url, &mailing, ACCOUNTS, Duration::from_secs(30)).await;
    assert_each_once(&sink, (0..ACCOUNTS).map(address), "after the write lock was held");

    let log = server.kill();
    assert!(log.contains("database unavailable: answered 503"), "{log}");
    assert!(
        log.contains("recording the outcome again shortly"),
        "the message in flight was recorded once the database was back, not left to its lease:\n{log}"
    );
    assert!(!log.contains("panicked"), "{log}");
    assert!(!log.contains("KX0001CODE"));
}
