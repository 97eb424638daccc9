//! The real `sesame serve` sending to a real SMTP server (aiosmtpd), killed with SIGKILL in the
//! middle of a rate-limited mailing and started again on the same database (a SQLite file, or a
//! PostgreSQL database with `SESAME_TEST_POSTGRES`): every recipient
//! must receive exactly one message (the killed run's claimed row is taken over when its lease
//! ends). Both runs' logs are then searched: no activation code and
//! no full address may appear, only domains.

use std::path::Path;
use std::time::Duration;

use serde_json::Value;
use sesame_testkit::signed_in::JsonAnswer;
use sesame_testkit::smtp::{count, wait_for, Sink};
use sesame_testkit::{free_port, Server, Sesame, PASSWORD};

mod served;
use served::{all_sent, assert_each_once, code, ids, pupils_csv, queue_mailing, seeded_school, sign_in};

const ACCOUNTS: usize = 30;
/// Messages per second: slow enough that the kill lands mid-mailing.
const RATE: &str = "10";
/// Seconds a claimed message is leased: short, so the restarted server takes over soon.
const LEASE_SECS: &str = "2";

fn address(i: usize) -> String {
    format!("eleve{i}@famille-exemple.fr")
}

/// Every third account is activated: no code.
fn export() -> String {
    pupils_csv(ACCOUNTS, address, |i| i % 3 == 0)
}

/// `sesame serve` with the outbox on, rate-limited, logging everything it can.
fn serve(db: &Path, dist: &Path, smtp_url: &str) -> Server {
    Sesame::at(env!("CARGO_BIN_EXE_sesame"))
        .env("SESAME_LOG", "debug")
        .serve(
            db,
            dist,
            &["--smtp-url", smtp_url],
            &[
                ("SESAME_MAIL_RATE", RATE),
                ("SESAME_MAIL_RETRY_BASE_MS", "100"),
                // The killed run's message in flight is taken over when its lease ends.
                ("SESAME_MAIL_LEASE_SECS", LEASE_SECS),
            ],
        )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_mid_mailing_and_restarted_every_recipient_gets_exactly_one_message() {
    let dir = tempfile::tempdir().unwrap();
    let (db, dist) = seeded_school(dir.path(), &export()).await;

    let inbox = dir.path().join("inbox");
    let sink = Sink::start(free_port(), &inbox, &[]);
    let first = serve(&db, &dist, &sink.url());
    let url = first.url.clone();
    let (client, session) = sign_in(&url).await;
    let mailing = queue_mailing(&client, &url, &session, &ids(ACCOUNTS)).await;

    // Kill between two sends, outside the at-least-once window (which a test cannot make
    // deterministic): a message has just arrived and the server has recorded it sent, so the
    // worker now waits for its next rate slot (100 ms away) with nothing in flight.
    wait_for(&inbox, ACCOUNTS / 3, Duration::from_secs(30));
    let arrived = count(&inbox) + 1;
    wait_for(&inbox, arrived, Duration::from_secs(10));
    let status_url = format!("{url}/api/mailings/{}", mailing["mailingId"].as_str().unwrap());
    loop {
        let status: Value = client.get(&status_url).json_answer().await;
        if status["sent"].as_u64().unwrap() as usize >= arrived {
            break;
        }
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    let first_log = first.kill(); // SIGKILL: no shutdown code runs
    let at_kill = count(&inbox);
    assert!(at_kill < ACCOUNTS, "the kill came after the end ({at_kill} sent)");

    let second = serve(&db, &dist, &sink.url());
    let url = second.url.clone();
    let (client, _) = sign_in(&url).await;
    all_sent(&client, &url, &mailing, ACCOUNTS, Duration::from_secs(30)).await;
    std::thread::sleep(Duration::from_millis(300));
    let second_log = second.kill();

    assert_each_once(
        &sink,
        (0..ACCOUNTS).map(address),
        &format!("{at_kill} before the kill"),
    );

    let logs = first_log + &second_log;
    assert!(
        logs.contains("mailing queued") && logs.contains("famille-exemple.fr"),
        "{logs}"
    );
    for i in 0..ACCOUNTS {
        assert!(
            !logs.contains(&code(i)),
            "an activation code is in the logs:\n{logs}"
        );
        assert!(
            !logs.contains(&format!("eleve{i}@")),
            "a full address is in the logs:\n{logs}"
        );
    }
    assert!(!logs.contains(PASSWORD));
}
