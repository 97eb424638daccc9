//! The real `sesame serve` sending to a real SMTP server (aiosmtpd), killed with SIGKILL in the
//! middle of a rate-limited mailing and started again on the same SQLite file: every recipient
//! must receive exactly one message. Both runs' logs are then searched: no activation code and
//! no full address may appear, only domains.

mod mail_support;

use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use mail_support::{count, free_port, parse, wait_for, Sink};
use serde_json::{json, Value};

const SESAME: &str = env!("CARGO_BIN_EXE_sesame");
const PASSWORD: &str = "un mot de passe très secret";
const ACCOUNTS: usize = 30;
/// Messages per second: slow enough that the kill lands mid-mailing.
const RATE: &str = "10";

fn code(i: usize) -> String {
    format!("KX{i:04}CODE")
}

fn address(i: usize) -> String {
    format!("eleve{i}@famille-exemple.fr")
}

fn export() -> String {
    let mut csv = String::from(
        "Id;Type;Nom;Prénom;Login;Code d'activation;Classes;Courriel;Date de création;Bloqué;Administrateur local\n",
    );
    for i in 0..ACCOUNTS {
        // Every third account is activated: no code.
        let code = if i % 3 == 0 { String::new() } else { code(i) };
        csv += &format!(
            "u{i};Élève;Nguyễn;Łukasz;login{i};{code};CM2 A;{};01/09/2025;non;non\n",
            address(i)
        );
    }
    csv
}

fn sesame(args: &[&str], stdin: &str) {
    use std::io::Write;
    let mut child = Command::new(SESAME)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    assert!(child.wait().unwrap().success(), "sesame {args:?} failed");
}

/// `sesame serve` with the outbox on; returns the process, its URL and its log, read by a thread
/// (debug logs are plenty: an unread pipe would fill and block the server).
fn serve(db: &Path, dist: &Path, smtp_url: &str) -> (Child, String, JoinHandle<String>) {
    let mut child = Command::new(SESAME)
        .args([
            "serve",
            "--db",
            db.to_str().unwrap(),
            "--listen",
            "127.0.0.1:0",
            "--dist",
        ])
        .arg(dist)
        .args(["--smtp-url", smtp_url])
        .env("SESAME_MAIL_RATE", RATE)
        .env("SESAME_MAIL_RETRY_BASE_MS", "100")
        .env("SESAME_LOG", "debug")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    let url = first
        .trim()
        .strip_prefix("listening on ")
        .unwrap_or_else(|| panic!("unexpected first line {first:?}"))
        .trim_end_matches('/')
        .to_owned();
    let mut stderr = child.stderr.take().unwrap();
    let log = std::thread::spawn(move || {
        let mut log = String::new();
        stderr.read_to_string(&mut log).unwrap();
        log
    });
    (child, url, log)
}

async fn sign_in(url: &str) -> (reqwest::Client, Value) {
    let client = reqwest::Client::builder().cookie_store(true).build().unwrap();
    let session: Value = client
        .post(format!("{url}/api/session"))
        .json(&json!({"login": "direction", "password": PASSWORD}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    (client, session)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_mid_mailing_and_restarted_every_recipient_gets_exactly_one_message() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("sesame.db");
    let csv = dir.path().join("export.csv");
    std::fs::write(&csv, export()).unwrap();
    let dist = dir.path().join("dist");
    std::fs::create_dir(&dist).unwrap();
    std::fs::write(dist.join("index.html"), "<!DOCTYPE html><title>Sésame</title>").unwrap();
    let db_arg = db.to_str().unwrap();
    let status = Command::new(SESAME)
        .args([
            "import",
            "--db",
            db_arg,
            "--structure",
            "0751234A",
            "--name",
            "École Jaurès",
        ])
        .arg(&csv)
        .output()
        .unwrap();
    assert!(status.status.success());
    sesame(
        &[
            "admin",
            "add",
            "--db",
            db_arg,
            "--login",
            "direction",
            "--role",
            "local",
            "--structure",
            "0751234A",
        ],
        &format!("{PASSWORD}\n"),
    );

    let inbox = dir.path().join("inbox");
    let sink = Sink::start(free_port(), &inbox, &[]);
    let (mut first, url, first_log) = serve(&db, &dist, &sink.url());
    let (client, session) = sign_in(&url).await;
    let structure = session["structures"][0]["id"].as_str().unwrap().to_owned();
    let ids: Vec<String> = (0..ACCOUNTS).map(|i| format!("u{i}")).collect();
    let response = client
        .post(format!("{url}/api/structures/{structure}/mailings"))
        .header("x-sesame-csrf", session["csrfToken"].as_str().unwrap())
        .json(&json!({"userIds": ids, "idempotencyKey": "rentree-2025"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 202);
    let mailing: Value = response.json().await.unwrap();
    assert_eq!(mailing["queued"], ACCOUNTS);

    // Kill between two sends, outside the at-least-once window (which a test cannot make
    // deterministic): a message has just arrived and the server has recorded it sent, so the
    // worker now waits for its next rate slot (100 ms away) with nothing in flight.
    wait_for(&inbox, ACCOUNTS / 3, Duration::from_secs(30));
    let arrived = count(&inbox) + 1;
    wait_for(&inbox, arrived, Duration::from_secs(10));
    let status_url = format!("{url}/api/mailings/{}", mailing["mailingId"].as_str().unwrap());
    loop {
        let status: Value = client
            .get(&status_url)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        if status["sent"].as_u64().unwrap() as usize >= arrived {
            break;
        }
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    first.kill().unwrap(); // SIGKILL: no shutdown code runs
    first.wait().unwrap();
    let at_kill = count(&inbox);
    assert!(at_kill < ACCOUNTS, "the kill came after the end ({at_kill} sent)");

    let (mut second, url, second_log) = serve(&db, &dist, &sink.url());
    let start = Instant::now();
    let status = loop {
        let (client, _) = sign_in(&url).await;
        let status: Value = client
            .get(format!(
                "{url}/api/mailings/{}",
                mailing["mailingId"].as_str().unwrap()
            ))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        if status["pending"] == 0 {
            break status;
        }
        assert!(start.elapsed() < Duration::from_secs(30), "{status}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    assert_eq!(
        (status["sent"].clone(), status["failed"].clone()),
        (json!(ACCOUNTS), json!(0)),
        "{status}"
    );
    std::thread::sleep(Duration::from_millis(300));
    second.kill().unwrap();
    second.wait().unwrap();

    let mut received: Vec<String> = sink.messages().iter().map(|m| parse(m).to_address).collect();
    received.sort();
    let mut expected: Vec<String> = (0..ACCOUNTS).map(address).collect();
    expected.sort();
    assert_eq!(
        received, expected,
        "each recipient exactly once ({at_kill} before the kill)"
    );

    let logs = first_log.join().unwrap() + &second_log.join().unwrap();
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
