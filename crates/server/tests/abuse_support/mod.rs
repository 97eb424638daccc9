//! The abuse suite's harness: a real `sesame serve` on 127.0.0.1 port 0 over a real SQLite file
//! seeded, through the binary's own `import` and `admin add`, with two schools and four
//! administrators; its whole log captured; and a bare HTTP client that sets cookies and headers
//! by hand (an attacker's client does not follow rules).

#![allow(dead_code)] // each test uses its own part of the harness

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

pub const SESAME: &str = env!("CARGO_BIN_EXE_sesame");
pub const PASSWORD: &str = "correct horse battery staple";

/// School A. `Chef.Central` is central administrator `chef.central`'s own account in another
/// case; `r.dupont` is the alias of `rectorat.dupont`, central administrator `Rectorat.Dupont`.
pub const SCHOOL_A_CSV: &str = "\
Id;Type;Nom;Prénom;Login;Alias de login;Code d'activation;Classes;Courriel;Date de création;Bloqué;Administrateur local
a1;Élève;Dupré;Zoé;zoe.dupre;;ZC0DE111;CM2 A;zoe@famille.fr;01/09/2025;non;non
a2;Personnel;Central;Chef;Chef.Central;;CHEFC0DE;;chef@ecole-a.fr;15/08/2024;non;non
a3;Personnel;Dupont;René;rectorat.dupont;r.dupont;RDC0DE99;;rene@ecole-a.fr;15/08/2024;non;non
a4;Enseignant;Leroy;Anne;anne.leroy;;;CM2 A;anne.leroy@ecole-a.fr;15/08/2024;non;oui
";

pub const SCHOOL_B_CSV: &str = "\
Id;Type;Nom;Prénom;Login;Code d'activation;Classes;Courriel;Date de création;Bloqué;Administrateur local
b1;Élève;Smirnova;Алёна;alena.smirnova;BC0DE333;6e A;alena@famille.fr;02/09/2025;non;non
";

/// A file beside `dist/` that no URL may reach.
pub const OUTSIDE_SECRET: &str = "this file is outside dist and must never be served";

/// A running `sesame serve`; killed on drop.
pub struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT`.
    pub url: String,
    pub addr: String,
    pub db: PathBuf,
    pub school_a: String,
    pub school_b: String,
    log: Arc<Mutex<String>>,
    _dir: tempfile::TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The `sesame` binary under test: this build's, or `SESAME_ABUSE_BIN` (to run the suite
/// against another build, e.g. the code before issue 9, and see which attacks get through).
pub fn sesame() -> PathBuf {
    std::env::var_os("SESAME_ABUSE_BIN")
        .filter(|bin| !bin.is_empty())
        .map_or_else(|| PathBuf::from(SESAME), PathBuf::from)
}

/// Runs `sesame args` with `stdin`; panics unless it succeeds.
pub fn run(args: &[&str], stdin: Option<&str>) {
    let mut child = Command::new(sesame())
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(text) = stdin {
        // A command that refuses its arguments may exit before reading.
        let _ = child.stdin.take().unwrap().write_all(text.as_bytes());
    }
    drop(child.stdin.take());
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "sesame {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Creates the database of every test through the binary's own commands (so the suite runs
/// against any build): the two schools, and the administrators `chef.central` and
/// `Rectorat.Dupont` (central), `local.a` and `local.b` (local).
fn seed(dir: &Path) -> PathBuf {
    let db = dir.join("sesame.db");
    let db_arg = db.to_str().unwrap();
    for (uai, name, csv) in [
        ("0751234A", "École A", SCHOOL_A_CSV),
        ("0755678B", "Collège B", SCHOOL_B_CSV),
    ] {
        let file = dir.join(format!("{uai}.csv"));
        std::fs::write(&file, csv).unwrap();
        run(
            &[
                "import",
                "--db",
                db_arg,
                "--structure",
                uai,
                "--name",
                name,
                file.to_str().unwrap(),
            ],
            None,
        );
    }
    let password = format!("{PASSWORD}\n");
    for (login, role, structure) in [
        ("chef.central", "central", None),
        ("Rectorat.Dupont", "central", None),
        ("local.a", "local", Some("0751234A")),
        ("local.b", "local", Some("0755678B")),
    ] {
        let mut args = vec!["admin", "add", "--db", db_arg, "--login", login, "--role", role];
        if let Some(uai) = structure {
            args.extend(["--structure", uai]);
        }
        run(&args, Some(&password));
    }
    db
}

/// Runs SQL on the database file directly (what a test sets up before the server starts).
pub fn sql(db: &Path, statement: &str) {
    rusqlite::Connection::open(db)
        .unwrap()
        .execute_batch(statement)
        .unwrap();
}

fn structure_id(db: &Path, uai: &str) -> String {
    rusqlite::Connection::open(db)
        .unwrap()
        .query_row("SELECT id FROM structures WHERE uai = ?1", [uai], |row| {
            row.get(0)
        })
        .unwrap()
}

impl Server {
    /// `sesame serve` with `args` and `env` over a freshly seeded database.
    pub fn start(args: &[&str], env: &[(&str, &str)]) -> Server {
        Server::start_after(args, env, |_| {})
    }

    /// The same, running `prepare` on the database file before the server starts.
    pub fn start_after(args: &[&str], env: &[(&str, &str)], prepare: impl FnOnce(&Path)) -> Server {
        let dir = tempfile::tempdir().unwrap();
        let db = seed(dir.path());
        prepare(&db);
        let (school_a, school_b) = (structure_id(&db, "0751234A"), structure_id(&db, "0755678B"));
        let dist = dir.path().join("dist");
        std::fs::create_dir(&dist).unwrap();
        std::fs::write(dist.join("index.html"), "<!DOCTYPE html><title>Sésame</title>").unwrap();
        std::fs::write(dist.join("app.js"), "console.log('app');").unwrap();
        std::fs::write(dir.path().join("outside.txt"), OUTSIDE_SECRET).unwrap();
        let mut child = Command::new(sesame())
            .args(["serve", "--listen", "127.0.0.1:0", "--db"])
            .arg(&db)
            .arg("--dist")
            .arg(&dist)
            .args(args)
            .env("SESAME_LOG", "info")
            .envs(env.iter().copied())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let log = Arc::new(Mutex::new(String::new()));
        let stderr = child.stderr.take().unwrap();
        let sink = Arc::clone(&log);
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let mut log = sink.lock().unwrap();
                log.push_str(&line);
                log.push('\n');
            }
        });
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut first)
            .unwrap();
        let url = first
            .trim()
            .strip_prefix("listening on ")
            .unwrap_or_else(|| panic!("sesame did not start: {first:?}\n{}", log.lock().unwrap()))
            .trim_end_matches('/')
            .to_owned();
        Server {
            addr: url.trim_start_matches("http://").to_owned(),
            url,
            child,
            db,
            school_a,
            school_b,
            log,
            _dir: dir,
        }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Everything the server logged so far (waits a moment for the pipe to drain).
    pub fn log(&self) -> String {
        std::thread::sleep(Duration::from_millis(200));
        self.log.lock().unwrap().clone()
    }

    /// The server's peak resident memory so far, in KiB (`VmHWM`).
    pub fn peak_memory_kib(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.pid())).unwrap();
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .expect("VmHWM in /proc/PID/status")
    }

    /// A request to `path`; `session` adds its cookie and CSRF header.
    pub fn request(&self, method: Method, path: &str, session: Option<&Session>) -> reqwest::RequestBuilder {
        let mut request = client().request(method, format!("{}{path}", self.url));
        if let Some(s) = session {
            request = request
                .header("cookie", &s.cookie)
                .header("x-sesame-csrf", &s.csrf);
        }
        request
    }

    /// Sends a JSON request; returns status, headers and the body as JSON (Null if not JSON).
    pub async fn send(
        &self,
        method: Method,
        path: &str,
        session: Option<&Session>,
        body: Option<Value>,
    ) -> (StatusCode, reqwest::header::HeaderMap, Value) {
        let mut request = self.request(method, path, session);
        if let Some(body) = body {
            request = request.json(&body);
        }
        answer(request.send().await.unwrap()).await
    }

    /// Signs in; panics unless it works.
    pub async fn login(&self, login: &str, password: &str) -> Session {
        let response = self
            .request(Method::POST, "/api/session", None)
            .json(&json!({"login": login, "password": password}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "sign-in of {login}");
        let cookie = response.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .split(';')
            .next()
            .unwrap()
            .to_owned();
        let body: Value = response.json().await.unwrap();
        Session {
            cookie,
            csrf: body["csrfToken"].as_str().unwrap().to_owned(),
        }
    }

    /// One sign-in attempt's status and `Retry-After`.
    pub async fn attempt(
        &self,
        login: &str,
        password: &str,
        forwarded_for: Option<&str>,
    ) -> (StatusCode, Option<u64>) {
        let mut request = self
            .request(Method::POST, "/api/session", None)
            .json(&json!({"login": login, "password": password}));
        if let Some(address) = forwarded_for {
            request = request.header("x-forwarded-for", address);
        }
        let response = request.send().await.unwrap();
        let retry = response
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok()?.parse().ok());
        (response.status(), retry)
    }

    /// Runs `sesame ARGS --db <this database>` with `stdin`; panics unless it succeeds.
    pub fn command(&self, args: &[&str], stdin: Option<&str>) {
        let mut all = args.to_vec();
        all.extend(["--db", self.db.to_str().unwrap()]);
        run(&all, stdin);
    }

    /// A raw HTTP/1.1 request line sent as is (no client normalises the path); the whole answer.
    pub fn raw_get(&self, target: &str) -> String {
        let mut stream = TcpStream::connect(&self.addr).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        write!(
            stream,
            "GET {target} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.addr
        )
        .unwrap();
        let mut answer = Vec::new();
        let _ = stream.read_to_end(&mut answer);
        String::from_utf8_lossy(&answer).into_owned()
    }
}

/// A signed-in session: its cookie (`name=value`) and CSRF token.
#[derive(Debug, Clone)]
pub struct Session {
    pub cookie: String,
    pub csrf: String,
}

impl Session {
    pub fn without_csrf(&self) -> Session {
        Session {
            cookie: self.cookie.clone(),
            csrf: String::new(),
        }
    }
}

/// One client for every test, never following redirects nor keeping cookies.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(60))
        .build()
        .unwrap()
}

pub async fn answer(response: reqwest::Response) -> (StatusCode, reqwest::header::HeaderMap, Value) {
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.bytes().await.unwrap();
    (
        status,
        headers,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

/// Whether an answer is the API's JSON error with a code and a message.
pub fn is_json_error(headers: &reqwest::header::HeaderMap, body: &Value) -> bool {
    headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"))
        && body["error"]["code"].is_string()
        && body["error"]["message"].as_str().is_some_and(|m| !m.is_empty())
}

/// A complete letter-settings body with `changes` applied.
pub fn settings(changes: Value) -> Value {
    let mut body = json!({"entName": "ONE", "loginUrl": "https://ent.exemple.fr",
        "activationUrl": "https://ent.exemple.fr/activer", "helpText": "Secrétariat", "senderAddress": "",
        "externalSignIn": ["Teacher", "Relative"]});
    for (key, value) in changes.as_object().unwrap() {
        body[key] = value.clone();
    }
    body
}
