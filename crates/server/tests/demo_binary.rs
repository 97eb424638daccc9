//! The real `sesame demo`: without `--smtp-url` its e-mail goes through the outbox to a folder of
//! `.eml` files (one per recipient, readable, UTF-8 names intact, never a code in the log), with
//! `--smtp-url` to the SMTP server; its accounts are never created in the future. And the real
//! `sesame serve` without `--smtp-url` still refuses mailings.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use sesame_testkit::school::{fake_dist, seed_example};
use sesame_testkit::signed_in::SignedIn;
use sesame_testkit::smtp::{parse, received, Sink};
use sesame_testkit::{free_port, Demo, Sesame, PASSWORD};

/// This build's `sesame`, logging everything it can (the log is searched for codes), with no
/// SMTP server from the environment the tests run in.
fn binary() -> Sesame {
    Sesame::at(env!("CARGO_BIN_EXE_sesame"))
        .env("SESAME_LOG", "debug")
        .env("SESAME_SMTP_URL", "")
}

/// A signed-in API client of a running server (testkit's [`SignedIn`]).
struct Client(SignedIn);

impl Client {
    async fn sign_in(url: &str, login: &str, password: &str) -> Client {
        Client(SignedIn::new(&reqwest::Client::new(), url, login, password).await)
    }

    /// The sign-in's answer.
    fn session(&self) -> &Value {
        &self.0.answer
    }

    async fn get(&self, path: &str) -> Value {
        let response = self.0.request(reqwest::Method::GET, path).send().await.unwrap();
        assert_eq!(response.status(), 200, "GET {path}");
        response.json().await.unwrap()
    }

    async fn post(&self, path: &str, body: Value) -> (u16, Value) {
        let response = self.0.post(path).json(&body).send().await.unwrap();
        (
            response.status().as_u16(),
            response.json().await.unwrap_or(Value::Null),
        )
    }

    fn structures(&self) -> Vec<String> {
        self.session()["structures"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["id"].as_str().unwrap().to_owned())
            .collect()
    }

    /// Mails `ids` of `structure` and waits until nothing is pending; returns the status.
    async fn mail(&self, structure: &str, ids: &[&str]) -> Value {
        let (status, mailing) = self
            .post(
                &format!("/api/structures/{structure}/mailings"),
                json!({"userIds": ids, "idempotencyKey": "demo-test"}),
            )
            .await;
        assert_eq!(status, 202, "{mailing}");
        let path = format!("/api/mailings/{}", mailing["mailingId"].as_str().unwrap());
        let start = Instant::now();
        loop {
            let status = self.get(&path).await;
            if status["pending"] == 0 {
                return status;
            }
            assert!(start.elapsed() < Duration::from_secs(30), "{status}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

/// The directory of `structure`'s accounts, by id.
async fn users(client: &Client, structure: &str) -> BTreeMap<String, Value> {
    let body = client.get(&format!("/api/structures/{structure}/users")).await;
    body["users"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| (u["id"].as_str().unwrap().to_owned(), u.clone()))
        .collect()
}

fn is_ascii(user: &Value) -> bool {
    let name = format!("{}{}", user["firstName"], user["lastName"]);
    name.is_ascii()
}

#[tokio::test]
async fn without_smtp_the_demo_writes_one_eml_file_per_recipient() {
    let dir = tempfile::tempdir().unwrap();
    let dist = fake_dist(dir.path());
    let demo: Demo = binary().demo(dir.path(), &dist, &[], &[]);
    let folder = dir.path().join("demo-mail").canonicalize().unwrap();
    assert_eq!(
        demo.mail_line(),
        format!(
            "E-mail: messages written as .eml files to {} (no --smtp-url); they contain the \
             fictional pupils' activation codes",
            folder.display()
        )
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&folder).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o700, "the folder is its owner's alone: {mode:o}");
    }

    let client = Client::sign_in(&demo.url, "demo", &demo.password("demo")).await;
    assert_eq!(
        client.session()["mailEnabled"],
        true,
        "the app is told e-mail works"
    );
    let school = &client.structures()[0];
    let directory = users(&client, school).await;
    // Accounts with an address: some named in plain ASCII, some not (Ł, ễ, Cyrillic, …); some
    // with a code to activate, some already activated.
    let with_email: Vec<&Value> = directory.values().filter(|u| u["email"].is_string()).collect();
    let mut chosen: Vec<&Value> = with_email
        .iter()
        .copied()
        .filter(|u| !is_ascii(u))
        .take(4)
        .collect();
    chosen.extend(with_email.iter().copied().filter(|u| is_ascii(u)).take(3));
    assert_eq!(chosen.len(), 7, "the demo has accounts of both kinds");
    assert!(chosen.iter().any(|u| u["activationCode"].is_string()));
    let ids: Vec<&str> = chosen.iter().map(|u| u["id"].as_str().unwrap()).collect();

    let status = client.mail(school, &ids).await;
    assert_eq!(
        (status["sent"].clone(), status["failed"].clone()),
        (json!(7), json!(0)),
        "{status}"
    );
    assert!(
        status["recipients"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["state"] == "sent"),
        "{status}"
    );

    // One .eml per recipient, each a whole message a mail client opens.
    let files: Vec<_> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), chosen.len(), "{files:?}");
    assert!(
        files.iter().all(|f| f.extension().is_some_and(|x| x == "eml")),
        "{files:?}"
    );
    #[cfg(unix)]
    for file in &files {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(file).unwrap().permissions().mode();
        assert_eq!(
            mode & 0o777,
            0o600,
            "{} is its owner's alone: {mode:o}",
            file.display()
        );
    }
    let messages: BTreeMap<String, _> = files
        .iter()
        .map(|f| parse(&std::fs::read(f).unwrap()))
        .map(|m| (m.to_address.clone(), m))
        .collect();
    for user in &chosen {
        let address = user["email"].as_str().unwrap();
        let message = messages
            .get(address)
            .unwrap_or_else(|| panic!("no message to {address}: {:?}", messages.keys()));
        let name = format!(
            "{} {}",
            user["firstName"].as_str().unwrap(),
            user["lastName"].as_str().unwrap()
        );
        assert_eq!(message.to_name.as_deref(), Some(name.as_str()), "{}", message.raw);
        let login = user["login"].as_str().unwrap();
        assert!(message.text.contains(login), "{}", message.text);
        assert!(message.html.contains(login));
        if let Some(code) = user["activationCode"].as_str() {
            assert!(message.text.contains(code), "{}", message.text);
        }
        // RFC 5322 on the wire: headers in ASCII (names encoded), CRLF line ends.
        let head = &message.raw[..message.raw.find("\r\n\r\n").expect("CRLF headers")];
        assert!(head.is_ascii(), "{head}");
        assert!(message.subject.contains("identifiants"), "{}", message.subject);
    }

    // The log says where the messages go, never what they hold.
    let log = demo.server.kill();
    assert!(
        log.contains(&format!("mail: folder {} (no --smtp-url", folder.display())),
        "{log}"
    );
    for user in &chosen {
        if let Some(code) = user["activationCode"].as_str() {
            assert!(!log.contains(code), "an activation code is in the log:\n{log}");
        }
        assert!(!log.contains(user["email"].as_str().unwrap()), "{log}");
    }
}

#[tokio::test]
async fn no_demo_account_is_created_after_today() {
    let dir = tempfile::tempdir().unwrap();
    let dist = fake_dist(dir.path());
    // The folder can also be chosen, through its SESAME_ variable.
    let chosen = dir.path().join("courriels");
    let demo = binary().demo(
        dir.path(),
        &dist,
        &[],
        &[("SESAME_MAIL_DIR", chosen.to_str().unwrap())],
    );
    assert!(
        demo.mail_line()
            .contains(&chosen.canonicalize().unwrap().display().to_string()),
        "{}",
        demo.mail_line()
    );
    let now = chrono::Utc::now();
    let client = Client::sign_in(&demo.url, "demo", &demo.password("demo")).await;
    let mut count = 0;
    for school in client.structures() {
        for user in users(&client, &school).await.values() {
            let created: chrono::DateTime<chrono::Utc> = user["createdAt"].as_str().unwrap().parse().unwrap();
            assert!(created <= now, "{} created {created}, after {now}", user["login"]);
            count += 1;
        }
    }
    assert!(count > 500, "{count} accounts");
}

#[tokio::test]
async fn with_smtp_the_demo_sends_through_the_server_and_writes_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let dist = fake_dist(dir.path());
    let inbox = dir.path().join("inbox");
    let sink = Sink::start(free_port(), &inbox, &[]);
    let demo = binary().demo(dir.path(), &dist, &["--smtp-url", &sink.url()], &[]);
    assert_eq!(
        demo.mail_line(),
        format!("E-mail: sent through {} (--smtp-url)", sink.url())
    );
    assert!(!dir.path().join("demo-mail").exists(), "no folder without a use");
    assert!(
        demo.log().contains(&format!("mail: smtp {}", sink.url())),
        "{}",
        demo.log()
    );
    let client = Client::sign_in(&demo.url, "demo", &demo.password("demo")).await;
    let school = &client.structures()[1];
    let directory = users(&client, school).await;
    let user = directory.values().find(|u| u["email"].is_string()).unwrap();
    let status = client.mail(school, &[user["id"].as_str().unwrap()]).await;
    assert_eq!(status["sent"], 1, "{status}");
    let messages = received(&inbox);
    assert_eq!(messages.len(), 1);
    assert_eq!(parse(&messages[0]).to_address, user["email"].as_str().unwrap());
}

#[tokio::test]
async fn serve_without_smtp_still_refuses_mailings() {
    let dir = tempfile::tempdir().unwrap();
    let dist = fake_dist(dir.path());
    let db = seed_example(&binary(), dir.path());
    let server = binary().serve(&db, &dist, &[], &[]);
    let client = Client::sign_in(&server.url, "direction", PASSWORD).await;
    assert_eq!(client.session()["mailEnabled"], false);
    let school = &client.structures()[0];
    let id = users(&client, school).await.into_keys().next().unwrap();
    let (status, body) = client
        .post(
            &format!("/api/structures/{school}/mailings"),
            json!({"userIds": [id], "idempotencyKey": "k"}),
        )
        .await;
    assert_eq!(status, 503, "{body}");
    assert!(
        body["error"]["message"].as_str().unwrap().contains("--smtp-url"),
        "{body}"
    );
    assert!(
        server.log().contains("mail: off (no --smtp-url"),
        "{}",
        server.log()
    );
    // No folder appears anywhere near the database.
    let entries: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(
        !entries.iter().any(|n| n.to_string_lossy().contains("mail")),
        "{entries:?}"
    );
}

/// The demo replaces its database at each start: never a PostgreSQL database, which may hold a
/// school's real accounts (nothing is connected to: the URL is refused first).
#[test]
fn the_demo_refuses_a_postgresql_database() {
    let output = binary().output(&["demo", "--db", "postgres://sesame@127.0.0.1:1/sesame"], None);
    assert!(!output.status.success());
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(said.contains("give --db a file path"), "{said}");
}
