//! A real headless Chromium driven through ChromeDriver (Debian's packages, which `cargo xtask
//! setup` installs), for the end-to-end tests and the in-browser benchmark.
//!
//! Every test ends with [`Browser::close`], which fails the test when the browser's console
//! logged an error or a Content-Security-Policy violation during it: a blocked inline style
//! once left the check table stuck at row 35 while every assertion passed.
//!
//! A session started with [`Browser::start_recording`] also keeps every network request the
//! page makes (DevTools protocol `Network` events, through ChromeDriver's performance log) for
//! [`Browser::requests`]: local mode's tests prove with it that nothing leaves. The page's
//! workers' own requests are not in that log (a worker is a target of its own): a test sees
//! them at the server (`static_site`), a benchmark through [`crate::cdp::Throttled`], which
//! follows the workers on the browser's DevTools socket ([`Browser::devtools_url`]) and records
//! the same [`Request`]s with their responses. Files the page offers as downloads land in
//! [`Browser::downloads`].

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub use fantoccini::key::Key;
pub use fantoccini::Locator;
use fantoccini::{Client, ClientBuilder};

/// ChromeDriver and a fresh headless Chromium session.
pub struct Browser {
    driver: Child,
    pub client: Client,
    profile: tempfile::TempDir,
}

/// One network request the browser made (a `Network.requestWillBeSent` event).
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    pub method: String,
    pub url: String,
    /// The body sent, if any (`postData`, or only its presence: `hasPostData`).
    pub body: Option<String>,
    /// What asked: `Document`, `Script`, `Fetch`, `Other` (a worker's script)…
    pub kind: String,
    /// Which DevTools target sent it: `page`, or `worker` for what a worker fetches itself
    /// (only [`crate::cdp::Throttled`] sees those).
    pub target: String,
    /// When it was sent, in ms since the Unix epoch: the clock of the page's
    /// `performance.timeOrigin + performance.now()`, give or take a millisecond.
    pub sent_ms: f64,
    /// Its response, when the session followed responses ([`crate::cdp::Throttled`] does;
    /// ChromeDriver's log is read for the requests alone).
    pub response: Option<Response>,
}

/// The response to a [`Request`] (`Network.responseReceived`, then `Network.loadingFinished`).
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    pub status: u16,
    /// `br`, `gzip`…, empty when sent as is.
    pub content_encoding: String,
    /// When its headers arrived, ms since the epoch (as [`Request::sent_ms`]).
    pub headers_ms: f64,
    /// When its last byte arrived; `None` while loading (or if it failed).
    pub end_ms: Option<f64>,
    /// Bytes on the wire, headers included, once finished.
    pub bytes: f64,
}

impl Request {
    /// The request a `Network.requestWillBeSent` event's `params` announce, sent by `target`.
    pub(crate) fn sent(params: &serde_json::Value, target: &str) -> Request {
        let request = &params["request"];
        let body = request["postData"]
            .as_str()
            .map(str::to_owned)
            .or_else(|| (request["hasPostData"] == true).then(|| "(a body)".to_owned()));
        Request {
            method: request["method"].as_str().unwrap_or_default().to_owned(),
            url: request["url"].as_str().unwrap_or_default().to_owned(),
            body,
            kind: params["type"].as_str().unwrap_or_default().to_owned(),
            target: target.to_owned(),
            sent_ms: params["wallTime"].as_f64().unwrap_or(f64::NAN) * 1e3,
            response: None,
        }
    }
}

impl Browser {
    pub async fn start() -> Browser {
        Browser::launch(false).await
    }

    /// A session that records every network request, for [`Browser::requests`], from the
    /// first page the test opens: what Chromium loaded on its own while starting (its new tab
    /// page, `chrome://…`) is left out.
    pub async fn start_recording() -> Browser {
        let browser = Browser::launch(true).await;
        browser
            .client
            .goto("about:blank")
            .await
            .expect("open about:blank");
        browser.requests().await;
        browser
    }

    async fn launch(record_network: bool) -> Browser {
        let chromedriver = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into());
        let port = crate::free_port();
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
        // cannot reach (ARCHITECTURE.md, « Toolchain traps »); --no-sandbox because tests run as root.
        let downloads = profile.path().join("downloads");
        let mut logs = serde_json::json!({ "browser": "ALL" });
        let mut chrome = serde_json::json!({
            "prefs": {
                "download.default_directory": downloads.to_str().unwrap(),
                "download.prompt_for_download": false,
            },
        });
        if record_network {
            // ChromeDriver refuses `perfLoggingPrefs` without the performance log.
            logs["performance"] = "ALL".into();
            chrome["perfLoggingPrefs"] = serde_json::json!({ "enableNetwork": true, "enablePage": false });
        }
        chrome["args"] = serde_json::json!([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--window-size=1280,900",
            format!("--user-data-dir={}", profile.path().display()),
        ]);
        let capabilities = serde_json::json!({
            // Everything the page logs, read back by `close` (console errors, CSP violations),
            // and with `record_network` the DevTools protocol's events, read by `requests`.
            "goog:loggingPrefs": logs,
            "goog:chromeOptions": chrome,
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
            profile,
        }
    }

    /// The folder files downloaded by the page land in.
    pub fn downloads(&self) -> PathBuf {
        self.profile.path().join("downloads")
    }

    /// Waits for the page's download named `name` and returns its bytes.
    pub async fn downloaded(&self, name: &str) -> Vec<u8> {
        let path = self.downloads().join(name);
        let deadline = Instant::now() + Duration::from_secs(15);
        while !path.is_file() {
            assert!(Instant::now() < deadline, "no download {name}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        // Chromium writes the file under a temporary name and renames it when complete.
        std::fs::read(&path).unwrap()
    }

    /// Every network request the browser made since the last call (a session started with
    /// [`Browser::start_recording`]), in order: the page's, the workers' scripts it starts and
    /// the `blob:` and `data:` reads included, but not what a worker fetches itself.
    pub async fn requests(&self) -> Vec<Request> {
        let entries = self
            .client
            .issue_cmd(Log("performance"))
            .await
            .expect("read the browser's performance log");
        let mut requests = Vec::new();
        for entry in entries.as_array().into_iter().flatten() {
            let Some(message) = entry["message"].as_str() else {
                continue;
            };
            let Ok(event) = serde_json::from_str::<serde_json::Value>(message) else {
                continue;
            };
            let event = &event["message"];
            if event["method"] != "Network.requestWillBeSent" {
                continue;
            }
            requests.push(Request::sent(&event["params"], "page"));
        }
        requests
    }

    /// The browser's own DevTools WebSocket (`ws://127.0.0.1:PORT/devtools/browser/…`), for
    /// what ChromeDriver's performance log cannot do ([`crate::cdp`]). ChromeDriver starts
    /// Chromium with `--remote-debugging-port=0`; Chromium then writes the port it chose and the
    /// socket's path in `DevToolsActivePort`, in its profile (ours: `--user-data-dir`).
    pub fn devtools_url(&self) -> String {
        let file = self.profile.path().join("DevToolsActivePort");
        let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("read {}: {e}", file.display()));
        let mut lines = text.lines();
        let port = lines.next().expect("DevToolsActivePort: a port");
        let path = lines.next().expect("DevToolsActivePort: a path");
        format!("ws://127.0.0.1:{port}{path}")
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
        let dir = crate::workspace().join("target/screenshots");
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
            .issue_cmd(Log("browser"))
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
        crate::tools::assert_valid_pdf(&path);
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

/// ChromeDriver's command for one of its logs (`POST /session/{id}/se/log`), which the W3C
/// protocol lacks: `browser` (the console) or `performance` (DevTools protocol events). Each
/// call returns the entries since the previous one.
#[derive(Debug)]
struct Log(&'static str);

impl fantoccini::wd::WebDriverCompatibleCommand for Log {
    fn endpoint(&self, base: &url::Url, session: Option<&str>) -> Result<url::Url, url::ParseError> {
        base.join(&format!("session/{}/se/log", session.unwrap_or_default()))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(format!(r#"{{"type":"{}"}}"#, self.0)))
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
