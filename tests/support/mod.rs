//! The end-to-end harness: a real `sesame` server on a free port and a real headless Chromium
//! driven through ChromeDriver. Both are child processes killed when the test ends.
//!
//! [`SmtpSink`] is a real SMTP server (the server crate's `smtp_sink.py`, on aiosmtpd) for the
//! tests that send mail; [`Server::start_with`] points `sesame` at it.
//!
//! `cargo xtask test` builds the app and the server and sets `SESAME_BIN`, `SESAME_DIST` and
//! `CHROMEDRIVER`; run alone, the defaults are `target/debug/sesame`, `dist/` and the
//! `chromedriver` on the PATH.
//!
//! Every test ends with [`Browser::close`], which fails the test when the browser's console
//! logged an error or a Content-Security-Policy violation during it: a blocked inline style
//! once left the check table stuck at row 35 while every assertion passed.
//!
//! Each test file compiles this module on its own and uses part of it.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};

fn workspace() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn env_path(name: &str, default: PathBuf) -> PathBuf {
    std::env::var_os(name).map(PathBuf::from).unwrap_or(default)
}

fn sesame_bin() -> PathBuf {
    env_path("SESAME_BIN", workspace().join("target/debug/sesame"))
}

/// The password of the administrators [`seed`] creates.
pub const PASSWORD: &str = "mot de passe de test";

/// A database in `dir` holding `tests/fixtures/example.csv` as school 0751234A, with a local
/// administrator `direction` (password [`PASSWORD`]).
pub fn seed(dir: &Path) -> PathBuf {
    seed_csv(dir, &fixture("example.csv"))
}

/// A database in `dir` holding the ENT export `csv` as school 0751234A (École Jean-Jaurès),
/// with the local administrator `direction` (password [`PASSWORD`]), both through the real
/// `sesame import` and `sesame admin add`.
pub fn seed_csv(dir: &Path, csv: &Path) -> PathBuf {
    let db = dir.join("sesame.db");
    let db_arg = db.to_str().unwrap();
    sesame(
        &[
            "import",
            "--db",
            db_arg,
            "--structure",
            "0751234A",
            "--name",
            "École Jean-Jaurès",
            csv.to_str().unwrap(),
        ],
        None,
    );
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
        Some(&format!("{PASSWORD}\n")),
    );
    db
}

/// Runs `sesame ARGS` to completion (`stdin` written to it), asserting it succeeds.
pub fn sesame(args: &[&str], stdin: Option<&str>) {
    let mut child = Command::new(sesame_bin())
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("run sesame");
    if let Some(text) = stdin {
        use std::io::Write;
        child.stdin.take().unwrap().write_all(text.as_bytes()).unwrap();
    }
    drop(child.stdin.take());
    assert!(child.wait().unwrap().success(), "sesame {args:?} failed");
}

/// A generated school of `pupils` pupils in four classes (CM2 A, CM2 B, CM1 A, CE2 A), one
/// relative for every fifth pupil (with their child's class), four teachers and two guests, as
/// the ENT exports it: every third pupil activated, pupils 7 and 13 blocked, relatives with an
/// e-mail address. Logins are `eleve.NNN`, `parent.NNN`, `prof.N`, `invite.N`.
pub fn school_csv(pupils: usize) -> String {
    const LAST: [&str; 12] = [
        "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau",
        "Simon", "Laurent",
    ];
    const FIRST: [&str; 10] = [
        "Zoé", "Hugo", "Léa", "Louis", "Chloé", "Gabriel", "Inès", "Jules", "Jade", "Adam",
    ];
    const CLASSES: [&str; 4] = ["CM2 A", "CM2 B", "CM1 A", "CE2 A"];
    let mut csv = String::from(
        "Type;Nom;Prénom;Login;Alias de login;Code d'activation;Courriel;Date de création;Bloqué;Classes;Enfants\n",
    );
    let name = |i: usize| (LAST[i % LAST.len()], FIRST[(i / LAST.len()) % FIRST.len()]);
    for i in 0..pupils {
        let (last, first) = name(i);
        let code = if i % 3 == 0 {
            String::new()
        } else {
            format!("EL{i:03}X{:02}", i % 97)
        };
        let blocked = if i == 7 || i == 13 { "oui" } else { "non" };
        let class = CLASSES[i % CLASSES.len()];
        csv.push_str(&format!(
            "Élève;{last};{first};eleve.{i:03};;{code};;01/09/2025;{blocked};{class};\n"
        ));
    }
    for i in (0..pupils).step_by(5) {
        let (last, first) = name(i);
        let class = CLASSES[i % CLASSES.len()];
        csv.push_str(&format!(
            "Parent;{last};Parent{i:03};parent.{i:03};;PA{i:03}RE;parent.{i:03}@example.fr;01/09/2025;non;;{first} {last} ({class})\n"
        ));
    }
    for (i, class) in CLASSES.iter().enumerate() {
        csv.push_str(&format!(
            "Enseignant;Prof{i};Anne;prof.{i};;PR{i}OF;prof.{i}@example.fr;15/08/2024;non;{class};\n"
        ));
    }
    for i in 0..2 {
        csv.push_str(&format!(
            "Invité;Visiteur{i};Paul;invite.{i};;IN{i}VI;;01/10/2025;non;;\n"
        ));
    }
    csv
}

/// A database in `dir` holding [`school_csv`]`(pupils)` as school 0751234A, with the local
/// administrator `direction` ([`seed_csv`]).
pub fn seed_school(dir: &Path, pupils: usize) -> PathBuf {
    let csv = dir.join("school.csv");
    std::fs::write(&csv, school_csv(pupils)).unwrap();
    seed_csv(dir, &csv)
}

/// Runs a real tool (`qpdf`, `pdftotext`, `pdfinfo`) and returns its standard output,
/// asserting it succeeds.
pub fn tool(program: &str, args: &[&str]) -> String {
    let out = Command::new(program).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{program} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The number of pages `pdfinfo` counts in `pdf`.
pub fn page_count(pdf: &Path) -> usize {
    tool("pdfinfo", &[pdf.to_str().unwrap()])
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap()
}

/// A file of `tests/fixtures/`.
pub fn fixture(name: &str) -> PathBuf {
    workspace().join("tests/fixtures").join(name)
}

/// A `sesame serve` process.
pub struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT` (no trailing slash).
    pub url: String,
}

impl Server {
    /// Starts `sesame serve` on port 0 over the database `db` and reads the address it announces.
    pub fn start(db: &Path) -> Server {
        Server::start_with(db, &[], &[])
    }

    /// [`Server::start`] with extra `serve` arguments (`--smtp-url …`) and environment
    /// (`SESAME_MAIL_RATE`, …).
    pub fn start_with(db: &Path, args: &[&str], env: &[(&str, &str)]) -> Server {
        let bin = sesame_bin();
        let dist = env_path("SESAME_DIST", workspace().join("dist"));
        assert!(
            bin.is_file(),
            "no sesame binary at {}: run `cargo xtask test`",
            bin.display()
        );
        assert!(
            dist.join("index.html").is_file(),
            "no built app in {}: run `cargo xtask test`",
            dist.display()
        );
        let mut child = Command::new(&bin)
            .args(["serve", "--listen", "127.0.0.1:0", "--dist"])
            .arg(&dist)
            .arg("--db")
            .arg(db)
            .args(args)
            .envs(env.iter().copied())
            .stdout(Stdio::piped())
            .spawn()
            .expect("start sesame");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .expect("read sesame's address");
        let url = line
            .trim()
            .strip_prefix("listening on ")
            .unwrap_or_else(|| panic!("sesame did not announce its address: {line:?}"))
            .trim_end_matches('/')
            .to_owned();
        Server { child, url }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Where the server crate's SMTP sink script is, from this package's manifest directory.
const SINK_SCRIPT: &str = "crates/server/tests/smtp_sink.py";

/// A real SMTP server (the server's own test sink, Python's aiosmtpd), writing each message it
/// accepts to a directory as `N.eml`; killed on drop.
#[path = "../../crates/server/tests/mail_support/sink.rs"]
mod smtp_sink;
pub use smtp_sink::{free_port, Sink as SmtpSink};

/// The `To` address of every message `sink` received so far, in arrival order.
pub fn recipients(sink: &SmtpSink) -> Vec<String> {
    sink.messages()
        .iter()
        .map(|raw| {
            let raw = String::from_utf8_lossy(raw);
            // Headers end at the first blank line; a long one is folded onto lines that
            // start with white space.
            let mut headers: Vec<String> = Vec::new();
            for line in raw.lines().take_while(|l| !l.is_empty()) {
                match headers.last_mut() {
                    Some(last) if line.starts_with([' ', '\t']) => last.push_str(line),
                    _ => headers.push(line.to_owned()),
                }
            }
            let to = headers
                .iter()
                .find_map(|h| h.strip_prefix("To: "))
                .unwrap_or_else(|| panic!("no To header in {raw}"));
            // `Name <address>` or a bare address; names may be encoded, addresses never are.
            let address = to.rsplit_once('<').map_or(to, |(_, a)| a.trim_end_matches('>'));
            address.trim().to_owned()
        })
        .collect()
}

/// ChromeDriver and a fresh headless Chromium session.
pub struct Browser {
    driver: Child,
    pub client: Client,
    _profile: tempfile::TempDir,
}

impl Browser {
    pub async fn start() -> Browser {
        let chromedriver = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into());
        let port = free_port();
        let driver = Command::new(&chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("start {chromedriver}: {e} (`cargo xtask setup` installs it)"));
        let profile = tempfile::tempdir().unwrap();
        let deadline = Instant::now() + Duration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "chromedriver did not start on port {port}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        // Without the background-networking flags Chromium keeps calling hosts this machine
        // cannot reach (TOOLCHAIN.md); --no-sandbox because tests run as root.
        let capabilities = serde_json::json!({
            // Everything the page logs, read back by `close` (console errors, CSP violations).
            "goog:loggingPrefs": { "browser": "ALL" },
            "goog:chromeOptions": {
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--window-size=1280,900",
                    format!("--user-data-dir={}", profile.path().display()),
                ]
            }
        });
        // Plain HTTP: chromedriver listens on loopback only.
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let client = ClientBuilder::new(connector)
            .capabilities(capabilities.as_object().unwrap().clone())
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .expect("open a Chromium session");
        Browser {
            driver,
            client,
            _profile: profile,
        }
    }

    /// Waits for an element by CSS selector.
    pub async fn wait_for(&self, css: &str) -> fantoccini::elements::Element {
        self.client
            .wait()
            .at_most(Duration::from_secs(15))
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no element {css}: {e}"))
    }

    /// Saves a screenshot as `target/screenshots/<name>.png`, for a person to look at.
    pub async fn screenshot(&self, name: &str) {
        let png = self.client.screenshot().await.expect("screenshot");
        let dir = workspace().join("target/screenshots");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(format!("{name}.png")), png).unwrap();
    }

    /// Waits until the element's text is `expected` (the app updates asynchronously).
    pub async fn wait_text(&self, css: &str, expected: &str) {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let text = match self.client.find(Locator::Css(css)).await {
                Ok(element) => element.text().await.unwrap_or_default(),
                Err(_) => String::new(),
            };
            if text == expected {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "{css}: expected {expected:?}, still {text:?}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Types into an input found by CSS selector.
    pub async fn type_into(&self, css: &str, text: &str) {
        self.wait_for(css)
            .await
            .send_keys(text)
            .await
            .unwrap_or_else(|e| panic!("type into {css}: {e}"));
    }

    pub async fn click(&self, css: &str) {
        self.wait_for(css)
            .await
            .click()
            .await
            .unwrap_or_else(|e| panic!("click {css}: {e}"));
    }

    /// Fills and sends the login form of the app served at `url`.
    pub async fn submit_login(&self, url: &str, login: &str, password: &str) {
        self.client.goto(&format!("{url}/login")).await.unwrap();
        self.type_into("[data-testid=login-input]", login).await;
        self.type_into("[data-testid=password-input]", password).await;
        self.click("[data-testid=login-submit]").await;
    }

    /// The bytes behind a `blob:` address of the page (a PDF built in the browser), read through
    /// the page itself: such an address means nothing outside it.
    pub async fn blob_bytes(&self, url: &str) -> Vec<u8> {
        use base64::Engine;
        assert!(url.starts_with("blob:"), "{url}");
        let script = "const [url, done] = arguments; fetch(url).then(r => r.arrayBuffer()).then(b => { \
            let s = ''; for (const x of new Uint8Array(b)) s += String.fromCharCode(x); done(btoa(s)); }).catch(e => done('error: ' + e));";
        let encoded = self.client.execute_async(script, vec![url.into()]).await.unwrap();
        let encoded = encoded.as_str().unwrap();
        assert!(!encoded.starts_with("error:"), "reading {url} back: {encoded}");
        base64::engine::general_purpose::STANDARD.decode(encoded).unwrap()
    }

    /// What the browser's console logged since the last call: `(level, source, message)`.
    pub async fn console(&self) -> Vec<(String, String, String)> {
        let entries = self
            .client
            .issue_cmd(BrowserLog)
            .await
            .expect("read the browser's console");
        entries
            .as_array()
            .map(|entries| {
                entries
                    .iter()
                    .map(|e| {
                        let text = |key: &str| e[key].as_str().unwrap_or_default().to_owned();
                        (text("level"), text("source"), text("message"))
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The PDF behind the `pdf-ready` link, read through the page (the PDF never touches the
    /// server) and written to `dir/name`; with the file name the page offers it under.
    pub async fn generated_pdf(&self, dir: &Path, name: &str) -> (PathBuf, String) {
        let link = self.wait_for("[data-testid=pdf-ready]").await;
        let url = link.attr("href").await.unwrap().expect("a blob address");
        let download = link.attr("download").await.unwrap().unwrap_or_default();
        let path = dir.join(name);
        std::fs::write(&path, self.blob_bytes(&url).await).unwrap();
        assert!(
            tool("qpdf", &["--check", path.to_str().unwrap()])
                .contains("No syntax or stream encoding errors"),
            "{name} is not a valid PDF"
        );
        (path, download)
    }

    /// The text of every cell in column `n` (from 1: the tick, the state, the last name…) of the
    /// rows the table shows.
    pub async fn column(&self, n: usize) -> Vec<String> {
        let script = format!(
            "return [...document.querySelectorAll('[data-testid=user-row] td:nth-child({n})')].map(td => td.textContent.trim());"
        );
        let value = self.client.execute(&script, vec![]).await.unwrap();
        serde_json::from_value(value).unwrap()
    }

    /// Ends the browser session, failing the test if the console logged an error or a
    /// Content-Security-Policy violation meanwhile; dropping `self` then stops ChromeDriver.
    ///
    /// A refusal the test provoked on purpose (a 401 before signing in, a 403 out of scope, a
    /// 422…) is the browser reporting a response, not a fault of the page: network entries are
    /// problems only for a 5xx answer.
    pub async fn close(self) {
        let problems: Vec<String> = self
            .console()
            .await
            .into_iter()
            .filter(|(level, source, message)| {
                let csp = message.contains("Content Security Policy");
                let server_error =
                    source == "network" && ["status of 5", "net::ERR_"].iter().any(|m| message.contains(m));
                csp || server_error || (level == "SEVERE" && source != "network")
            })
            .map(|(level, source, message)| format!("{level} {source}: {message}"))
            .collect();
        let _ = self.client.clone().close().await;
        assert!(
            problems.is_empty(),
            "the browser's console logged problems:\n{}",
            problems.join("\n")
        );
    }
}

/// ChromeDriver's command for the browser's console log (`POST /session/{id}/se/log`), which
/// the W3C protocol lacks. Each call returns the entries since the previous one.
#[derive(Debug)]
struct BrowserLog;

impl fantoccini::wd::WebDriverCompatibleCommand for BrowserLog {
    fn endpoint(&self, base: &url::Url, session: Option<&str>) -> Result<url::Url, url::ParseError> {
        base.join(&format!("session/{}/se/log", session.unwrap_or_default()))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(r#"{"type":"browser"}"#.into()))
    }
}

/// A test that panics (or a benchmark that fails) still stops ChromeDriver, instead of leaving
/// it running after the test process.
impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}
