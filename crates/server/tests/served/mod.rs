//! What the tests of a real `sesame serve` sending mail share (`mail_binary`, `instances`,
//! `db_outage`, `postgres_outage`): an ENT export of pupils with addresses, signing in over HTTP,
//! seeding a school, queuing a mailing, waiting until it has settled (every recipient sent),
//! and checking each recipient got one message.

#![allow(dead_code)] // each test uses its own part

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use sesame_server::db::testing::test_db_location;
use sesame_testkit::school::{ent_csv, fake_dist, seed_into};
use sesame_testkit::smtp::{parse, Sink};
use sesame_testkit::{Sesame, PASSWORD};

/// The activation code of pupil `i` (searched for in the logs: it must never be there).
pub fn code(i: usize) -> String {
    format!("KX{i:04}CODE")
}

/// The ids of pupils `u0…u{count-1}`.
pub fn ids(count: usize) -> Vec<String> {
    (0..count).map(|i| format!("u{i}")).collect()
}

/// An ENT export of `count` pupils `u0…` of class « CM2 A », pupil `i` with address `address(i)`
/// and, when `activated(i)` is false, code [`code`]`(i)`.
pub fn pupils_csv(
    count: usize,
    address: impl Fn(usize) -> String,
    activated: impl Fn(usize) -> bool,
) -> String {
    let mut csv = ent_csv("");
    for i in 0..count {
        let code = if activated(i) { String::new() } else { code(i) };
        csv += &format!(
            "u{i};Élève;Nguyễn;Łukasz;login{i};{code};CM2 A;{};01/09/2025;non;non;\n",
            address(i)
        );
    }
    csv
}

/// A client with a cookie jar (cookies are per host, not per port: one session serves every
/// instance on 127.0.0.1), signed in as `direction` through `url`; its session answer.
pub async fn sign_in(url: &str) -> (reqwest::Client, Value) {
    let client = reqwest::Client::builder().cookie_store(true).build().unwrap();
    let response = client
        .post(format!("{url}/api/session"))
        .json(&json!({"login": "direction", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let session = response.json().await.unwrap();
    (client, session)
}

/// Queues a mailing of `ids` through `url` for the session's first school; the 202's answer.
pub async fn queue_mailing(client: &reqwest::Client, url: &str, session: &Value, ids: &[String]) -> Value {
    let structure = session["structures"][0]["id"].as_str().unwrap();
    let response = client
        .post(format!("{url}/api/structures/{structure}/mailings"))
        .header("x-sesame-csrf", session["csrfToken"].as_str().unwrap())
        .json(&json!({"userIds": ids, "idempotencyKey": "rentree-2025"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 202);
    let mailing: Value = response.json().await.unwrap();
    assert_eq!(mailing["queued"], ids.len());
    mailing
}

/// The status of mailing `mailing` read through `url` once nothing is pending; panics after
/// `timeout`. Answers other than 200 (the database away) are waited through.
pub async fn settled(client: &reqwest::Client, url: &str, mailing: &Value, timeout: Duration) -> Value {
    let status_url = format!("{url}/api/mailings/{}", mailing["mailingId"].as_str().unwrap());
    let start = Instant::now();
    loop {
        let response = client.get(&status_url).send().await.unwrap();
        let code = response.status();
        let status: Value = response.json().await.unwrap_or(Value::Null);
        if code == 200 && status["pending"] == 0 {
            return status;
        }
        assert!(start.elapsed() < timeout, "{code} {status}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Waits as [`settled`] does, then asserts that mailing `mailing` sent to its `accounts`
/// recipients and failed none; its status.
pub async fn all_sent(
    client: &reqwest::Client,
    url: &str,
    mailing: &Value,
    accounts: usize,
    timeout: Duration,
) -> Value {
    let status = settled(client, url, mailing, timeout).await;
    assert_eq!(
        (&status["sent"], &status["failed"]),
        (&json!(accounts), &json!(0)),
        "{status}"
    );
    status
}

/// Asserts that `sink` holds one message for each of `expected`'s addresses: none missing, none
/// twice. `context` says what happened meanwhile (a kill, an outage), for the failure message.
pub fn assert_each_once(sink: &Sink, expected: impl IntoIterator<Item = String>, context: &str) {
    let mut received: Vec<String> = sink.messages().iter().map(|m| parse(m).to_address).collect();
    received.sort();
    let mut expected: Vec<String> = expected.into_iter().collect();
    expected.sort();
    assert_eq!(received, expected, "each recipient exactly once ({context})");
}

/// The test's database (a SQLite file in `dir`, or a fresh PostgreSQL database with
/// `SESAME_TEST_POSTGRES`) holding `export` as the example school with its administrator
/// `direction`, and a stand-in app folder: their paths.
pub async fn seeded_school(dir: &Path, export: &str) -> (PathBuf, PathBuf) {
    let csv = dir.join("export.csv");
    std::fs::write(&csv, export).unwrap();
    let db = test_db_location(dir).await;
    seed_into(&Sesame::at(env!("CARGO_BIN_EXE_sesame")), &db, &csv);
    (db, fake_dist(dir))
}
