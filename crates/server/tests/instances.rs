//! Two real `sesame serve` processes on one database behave as one: a session made on
//! one is good on the other, an import or letter settings saved through one are read by the
//! other, a brute force spread over both meets one limit (and a device cookie one signed lets its
//! owner through on the other), and a 300-recipient mailing survives
//! one of them killed mid-send — every recipient gets their message, and a message the dead one
//! had in flight goes again with the same `Message-ID`.
//!
//! The database is the coordination point, so this holds for any engine it runs on: one SQLite
//! file shared by two processes on one machine (WAL: readers never wait, writers take turns), or,
//! with `SESAME_TEST_POSTGRES`, a fresh PostgreSQL database on that server.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

use serde_json::{json, Value};
use sesame_testkit::signed_in::column;
use sesame_testkit::smtp::{count, parse, received, wait_for, Sink};
use sesame_testkit::{free_port, Server, Sesame, PASSWORD};

mod served;
use served::{all_sent, ids, pupils_csv, queue_mailing, seeded_school, sign_in};

const ACCOUNTS: usize = 300;
/// Workers of the instance that gets killed: each has a message in flight at the kill.
const KILLED_WORKERS: usize = 2;

fn address(i: usize) -> String {
    format!("eleve{i}@famille-exemple.fr")
}

fn export() -> String {
    pupils_csv(ACCOUNTS, address, |_| false)
}

/// `sesame serve` on `db`, sending through `smtp_url` with `workers` workers at `rate` messages
/// a second (0: unpaced), leases of 2 s.
fn serve(db: &Path, dist: &Path, smtp_url: &str, workers: usize, rate: &str) -> Server {
    Sesame::at(env!("CARGO_BIN_EXE_sesame"))
        .env("SESAME_LOG", "info,sesame_server::mail=debug")
        .serve(
            db,
            dist,
            &["--smtp-url", smtp_url],
            &[
                ("SESAME_MAIL_WORKERS", &workers.to_string()),
                ("SESAME_MAIL_RATE", rate),
                ("SESAME_MAIL_LEASE_SECS", "2"),
            ],
        )
}

/// Sends `request`; the status and the JSON answer.
async fn json_of(request: reqwest::RequestBuilder) -> (u16, Value) {
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// An attempt to sign `login` in through `url` with `password`; the status and the answer.
async fn attempt_sign_in(client: &reqwest::Client, url: &str, login: &str, password: &str) -> (u16, Value) {
    json_of(
        client
            .post(format!("{url}/api/session"))
            .json(&json!({"login": login, "password": password})),
    )
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_on_one_database_share_sessions_limits_imports_and_the_outbox() {
    let dir = tempfile::tempdir().unwrap();
    let (db, dist) = seeded_school(dir.path(), &export()).await;

    // Each instance has its own SMTP server (a relay per machine, say), both real; the one of the
    // instance to be killed answers each message 400 ms after receiving it, so that instance
    // always has messages in flight.
    let (inbox_a, inbox_b) = (dir.path().join("inbox-a"), dir.path().join("inbox-b"));
    let sink_a = Sink::start_with(free_port(), &inbox_a, &[], Duration::from_millis(400));
    let sink_b = Sink::start(free_port(), &inbox_b, &[]);
    let a = serve(&db, &dist, &sink_a.url(), KILLED_WORKERS, "0");
    let b = serve(&db, &dist, &sink_b.url(), 2, "60");

    // A session made through A is good on B, CSRF token included.
    let (client, session) = sign_in(&a.url).await;
    let csrf = session["csrfToken"].as_str().unwrap().to_owned();
    let structure = session["structures"][0]["id"].as_str().unwrap().to_owned();
    let (status, on_b) = json_of(client.get(format!("{}/api/session", b.url))).await;
    assert_eq!((status, &on_b["login"]), (200, &json!("direction")), "{on_b}");

    // An import through B is read through A at once.
    let newcomer =
        "u9999;Élève;Martin;Inès;ines.martin;NEWCODE1;CM2 A;ines@famille-exemple.fr;02/09/2025;non;non;\n";
    let (status, imported) = json_of(
        client
            .post(format!("{}/api/structures/{structure}/imports", b.url))
            .header("x-sesame-csrf", &csrf)
            .header("content-type", "text/csv")
            .body(export() + newcomer),
    )
    .await;
    assert_eq!((status, &imported["created"]), (201, &json!(1)), "{imported}");
    let (status, directory) =
        json_of(client.get(format!("{}/api/structures/{structure}/users", a.url))).await;
    assert_eq!(status, 200);
    let logins = column(&directory, "login");
    assert!(logins.contains(&"ines.martin"), "B's import is in A's answer");

    // Letter settings saved through A are B's at its next read (B read them before: nothing of
    // the old ones lingers there).
    let settings_path = format!("/api/structures/{structure}/letter-settings");
    let (status, mut settings) = json_of(client.get(format!("{}{settings_path}", b.url))).await;
    assert_eq!(status, 200, "{settings}");
    let help = "Le secrétariat répond le mardi, de 9 h à 12 h.";
    assert_ne!(settings["helpText"], json!(help));
    settings["helpText"] = json!(help);
    let (status, saved) = json_of(
        client
            .put(format!("{}{settings_path}", a.url))
            .header("x-sesame-csrf", &csrf)
            .json(&settings),
    )
    .await;
    assert_eq!((status, &saved["helpText"]), (200, &json!(help)), "{saved}");
    let (status, on_b) = json_of(client.get(format!("{}{settings_path}", b.url))).await;
    assert_eq!(
        (status, &on_b["helpText"]),
        (200, &json!(help)),
        "A's settings on B: {on_b}"
    );

    // The owner's browser signed in through A before the attack (and got a device cookie).
    let owner = reqwest::Client::builder().cookie_store(true).build().unwrap();
    assert_eq!(
        attempt_sign_in(&owner, &a.url, "direction", PASSWORD).await.0,
        200
    );

    // A brute force spread over both instances meets one limit: five free failures in all.
    let attacker = reqwest::Client::new();
    for i in 0..5 {
        let url = if i % 2 == 0 { &a.url } else { &b.url };
        assert_eq!(
            attempt_sign_in(&attacker, url, "direction", "devine").await.0,
            401
        );
    }
    for url in [&a.url, &b.url] {
        assert_eq!(
            attempt_sign_in(&attacker, url, "direction", "devine").await.0,
            429,
            "the sixth attempt waits, on either instance"
        );
    }
    // The owner, from the attacker's address, gets in through B at once: the device cookie A
    // signed is checked with the key both read from the database.
    assert_eq!(
        attempt_sign_in(&owner, &b.url, "direction", PASSWORD).await.0,
        200
    );

    // A 300-recipient mailing queued through B; A is killed while it has messages in flight.
    let mailing = queue_mailing(&client, &b.url, &session, &ids(ACCOUNTS)).await;
    // A message just written by A's SMTP server is answered 400 ms later: kill A in between.
    wait_for(&inbox_a, 3, Duration::from_secs(30));
    let log_a = a.kill();
    let sent_by_a = count(&inbox_a);
    assert!(count(&inbox_b) > 0, "B sends too");

    all_sent(&client, &b.url, &mailing, ACCOUNTS, Duration::from_secs(60)).await;
    let (_, health) = json_of(client.get(format!("{}/api/health", b.url))).await;
    assert_eq!(
        (&health["outbox"]["queued"], &health["outbox"]["sending"]),
        (&json!(0), &json!(0)),
        "{health}"
    );
    let log_b = b.kill();

    // Every recipient got their message; copies are the dead instance's messages in flight,
    // each with the first copy's Message-ID.
    let mut by_address: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for raw in received(&inbox_a).into_iter().chain(received(&inbox_b)) {
        let message = parse(&raw);
        by_address
            .entry(message.to_address)
            .or_default()
            .push(message.message_id);
    }
    let expected: Vec<String> = {
        let mut all: Vec<String> = (0..ACCOUNTS).map(address).collect();
        all.sort();
        all
    };
    assert_eq!(by_address.keys().cloned().collect::<Vec<_>>(), expected);
    let copies: Vec<(&String, &Vec<String>)> = by_address.iter().filter(|(_, ids)| ids.len() > 1).collect();
    assert!(
        !copies.is_empty() && copies.len() <= KILLED_WORKERS,
        "the messages in flight at the kill, and only they, go twice: {copies:?}"
    );
    for (to, ids) in &copies {
        assert_eq!(ids.len(), 2, "{to}");
        assert_eq!(ids[0], ids[1], "a copy carries the same Message-ID ({to})");
    }
    assert!(
        log_b.contains("taken over after its lease ended"),
        "B took A's messages over:\n{log_b}"
    );
    assert!(
        sent_by_a < ACCOUNTS,
        "A was killed mid-mailing, not after sending everything ({sent_by_a})"
    );
    assert!(log_a.contains("outbox: workers started"));
    for log in [&log_a, &log_b] {
        assert!(!log.contains("KX0001CODE") && !log.contains(PASSWORD));
        // Two processes writing one file take turns; neither may meet a lock it cannot wait for.
        assert!(!log.contains("ERROR"), "{log}");
    }
    drop((sink_a, sink_b));
}
