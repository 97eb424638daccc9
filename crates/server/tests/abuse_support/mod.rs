//! The abuse suite's harness: a real `sesame serve` on 127.0.0.1 port 0 over a real SQLite file
//! seeded, through the binary's own `import` and `admin add`, with two schools and four
//! administrators; its whole log captured; and a bare HTTP client that sets cookies and headers
//! by hand (an attacker's client does not follow rules).

#![allow(dead_code)] // each test uses its own part of the harness

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use sesame_testkit::school::{ent_csv, fake_dist};
use sesame_testkit::signed_in::sign_in;
pub use sesame_testkit::signed_in::Session;
use sesame_testkit::Sesame;

pub use sesame_testkit::PASSWORD;

/// School A, with a header of its own: the alias column is what these tests need. `Chef.Central` is
/// central administrator `chef.central`'s own account in another case; `r.dupont` is the alias of
/// `rectorat.dupont`, central administrator `Rectorat.Dupont`.
pub const SCHOOL_A_CSV: &str = "\
Id;Type;Nom;Prénom;Login;Alias de login;Code d'activation;Classes;Courriel;Date de création;Bloqué;Administrateur local
a1;Élève;Dupré;Zoé;zoe.dupre;;ZC0DE111;CM2 A;zoe@famille.fr;01/09/2025;non;non
a2;Personnel;Central;Chef;Chef.Central;;CHEFC0DE;;chef@ecole-a.fr;15/08/2024;non;non
a3;Personnel;Dupont;René;rectorat.dupont;r.dupont;RDC0DE99;;rene@ecole-a.fr;15/08/2024;non;non
a4;Enseignant;Leroy;Anne;anne.leroy;;;CM2 A;anne.leroy@ecole-a.fr;15/08/2024;non;oui
";

pub const SCHOOL_B_LINES: &str = "\
b1;Élève;Smirnova;Алёна;alena.smirnova;BC0DE333;6e A;alena@famille.fr;02/09/2025;non;non;
";

/// A file beside `dist/` that no URL may reach.
pub const OUTSIDE_SECRET: &str = "this file is outside dist and must never be served";

/// A running `sesame serve` over the two schools; killed on drop.
pub struct Server {
    process: sesame_testkit::Server,
    /// `http://127.0.0.1:PORT`.
    pub url: String,
    pub addr: String,
    pub db: PathBuf,
    pub school_a: String,
    pub school_b: String,
    _dir: tempfile::TempDir,
}

/// The `sesame` binary under test: this build's, or `SESAME_ABUSE_BIN` (to run the suite
/// against another build, e.g. an older release, and see which attacks get through).
pub fn sesame() -> Sesame {
    let bin = std::env::var_os("SESAME_ABUSE_BIN")
        .filter(|bin| !bin.is_empty())
        .map_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_sesame")), PathBuf::from);
    Sesame::at(bin)
}

/// Creates the database of every test through the binary's own commands (so the suite runs
/// against any build): the two schools, and the administrators `chef.central` and
/// `Rectorat.Dupont` (central), `local.a` and `local.b` (local).
fn seed(dir: &Path) -> PathBuf {
    let db = dir.join("sesame.db");
    let sesame = sesame();
    for (uai, name, csv) in [
        ("0751234A", "École A", SCHOOL_A_CSV.to_owned()),
        ("0755678B", "Collège B", ent_csv(SCHOOL_B_LINES)),
    ] {
        let file = dir.join(format!("{uai}.csv"));
        std::fs::write(&file, csv).unwrap();
        sesame.import(&db, uai, name, &file);
    }
    for (login, role, structures) in [
        ("chef.central", "central", &[][..]),
        ("Rectorat.Dupont", "central", &[]),
        ("local.a", "local", &["0751234A"]),
        ("local.b", "local", &["0755678B"]),
    ] {
        sesame.add_admin(&db, login, role, structures, PASSWORD);
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

    /// `sesame serve` with no option over a freshly seeded database, and `login` signed in
    /// there: where most attacks start.
    pub async fn signed_in(login: &str) -> (Server, Session) {
        let server = Server::start(&[], &[]);
        let session = server.login(login, PASSWORD).await;
        (server, session)
    }

    /// [`Server::start`], running `prepare` on the database file before the server starts.
    pub fn start_after(args: &[&str], env_extra: &[(&str, &str)], prepare: impl FnOnce(&Path)) -> Server {
        let dir = tempfile::tempdir().unwrap();
        let db = seed(dir.path());
        prepare(&db);
        let (school_a, school_b) = (structure_id(&db, "0751234A"), structure_id(&db, "0755678B"));
        let dist = fake_dist(dir.path());
        std::fs::write(dir.path().join("outside.txt"), OUTSIDE_SECRET).unwrap();
        let mut env = vec![("SESAME_LOG", "info")];
        env.extend(env_extra.iter().copied());
        let process = sesame().serve(&db, &dist, args, &env);
        Server {
            url: process.url.clone(),
            addr: process.addr().to_owned(),
            process,
            db,
            school_a,
            school_b,
            _dir: dir,
        }
    }

    pub fn pid(&self) -> u32 {
        self.process.pid()
    }

    /// Everything the server logged so far (waits a moment for the pipe to drain).
    pub fn log(&self) -> String {
        self.process.log()
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
        let request = client().request(method, format!("{}{path}", self.url));
        match session {
            Some(session) => session.on(request),
            None => request,
        }
    }

    /// Sends a JSON request; returns status, headers and the body as JSON (Null if not JSON).
    pub async fn send(
        &self,
        method: Method,
        path: &str,
        session: Option<&Session>,
        body: Option<Value>,
    ) -> Answer {
        let mut request = self.request(method, path, session);
        if let Some(body) = body {
            request = request.json(&body);
        }
        answer(request.send().await.unwrap()).await
    }

    /// A GET of `path`, as `session` when there is one.
    pub async fn get(&self, path: &str, session: Option<&Session>) -> Answer {
        self.send(Method::GET, path, session, None).await
    }

    /// A POST of the JSON `body` to `path` as `session`.
    pub async fn post(&self, path: &str, session: &Session, body: Value) -> Answer {
        self.send(Method::POST, path, Some(session), Some(body)).await
    }

    /// A PUT of the JSON `body` to `path` as `session`.
    pub async fn put(&self, path: &str, session: &Session, body: Value) -> Answer {
        self.send(Method::PUT, path, Some(session), Some(body)).await
    }

    /// An upload of `csv` to the import route `path` as `session`, with the query `query`
    /// (the file's name): the answer.
    pub async fn upload(&self, path: &str, session: &Session, query: &[(&str, &str)], csv: &str) -> Answer {
        let request = self
            .request(Method::POST, path, Some(session))
            .query(query)
            .header("content-type", "text/csv")
            .body(csv.as_bytes().to_vec());
        answer(request.send().await.unwrap()).await
    }

    /// Signs in; panics unless it works.
    pub async fn login(&self, login: &str, password: &str) -> Session {
        sign_in(&client(), &self.url, login, password).await.0
    }

    /// One sign-in attempt's status and `Retry-After`.
    pub async fn attempt(
        &self,
        login: &str,
        password: &str,
        forwarded_for: Option<&str>,
    ) -> (StatusCode, Option<u64>) {
        let (status, retry, _, _) = self.sign_in(login, password, forwarded_for, None).await;
        (status, retry)
    }

    /// One sign-in attempt from `forwarded_for` (through a trusted proxy) with the cookies
    /// `cookies` (`name=value; …`): its status, `Retry-After`, the cookies it sets
    /// (`name=value`) and its body.
    pub async fn sign_in(
        &self,
        login: &str,
        password: &str,
        forwarded_for: Option<&str>,
        cookies: Option<&str>,
    ) -> (StatusCode, Option<u64>, Vec<String>, Value) {
        let mut request = self
            .request(Method::POST, "/api/session", None)
            .json(&json!({"login": login, "password": password}));
        if let Some(address) = forwarded_for {
            request = request.header("x-forwarded-for", address);
        }
        if let Some(cookies) = cookies {
            request = request.header("cookie", cookies);
        }
        let response = request.send().await.unwrap();
        let retry = response
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok()?.parse().ok());
        let set: Vec<String> = response
            .headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok()?.split(';').next().map(str::to_owned))
            .collect();
        let status = response.status();
        let body = response.json().await.unwrap_or(Value::Null);
        (status, retry, set, body)
    }

    /// Runs `sesame ARGS --db <this database>` with `stdin`; panics unless it succeeds.
    pub fn command(&self, args: &[&str], stdin: Option<&str>) {
        let mut all = args.to_vec();
        all.extend(["--db", self.db.to_str().unwrap()]);
        sesame().run(&all, stdin);
    }

    /// `bytes` sent as they are on a new connection; the whole answer, until the server closes
    /// it (10 s at most).
    pub fn raw(&self, bytes: &[u8]) -> String {
        let mut stream = TcpStream::connect(&self.addr).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        // The server may answer and close before it has read everything (a head too large).
        let _ = stream.write_all(bytes);
        let mut answer = Vec::new();
        let _ = stream.read_to_end(&mut answer);
        String::from_utf8_lossy(&answer).into_owned()
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

/// One client for every test, never following redirects nor keeping cookies.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(60))
        .build()
        .unwrap()
}

/// An answer's status, headers and body as JSON (Null when it is not JSON).
pub type Answer = (StatusCode, reqwest::header::HeaderMap, Value);

/// `response` read whole into an [`Answer`].
pub async fn answer(response: reqwest::Response) -> Answer {
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
