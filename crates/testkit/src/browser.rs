//! A real browser driven through its WebDriver server, for the end-to-end tests and the
//! in-browser benchmarks: headless Chromium through ChromeDriver ([`Browser::start`], what most
//! tests use), and Firefox ESR through geckodriver and WebKit (WebKitGTK's
//! MiniBrowser) through WebKitWebDriver ([`Browser::start_in`] with an [`Engine`]; how each is
//! started: `browser/engine.rs`).
//!
//! Every test ends with [`Browser::close`], which fails the test when the page logged an error
//! or a Content-Security-Policy violation during it (`browser/problems.rs`: Chromium's log, a
//! recorder in the page elsewhere): a blocked inline style once left the check table stuck at
//! row 35 while every assertion passed. [`Browser::audit_accessibility`] runs axe-core's WCAG
//! 2.1 AA rules on the page (`browser/axe.rs`).
//!
//! A Chromium session started with [`Browser::start_recording`] also keeps every network
//! request the page makes (DevTools protocol `Network` events, through ChromeDriver's
//! performance log) for [`Browser::requests`]: local mode's tests prove with it that nothing
//! leaves. The page's workers' own requests are not in that log (a worker is a target of its
//! own): a test sees them at the server (`static_site`), a benchmark through
//! [`crate::cdp::Throttled`], which follows the workers on the browser's DevTools socket
//! ([`Browser::devtools_url`]) and records the same [`Request`]s with their responses. Files
//! the page offers as downloads land in [`Browser::downloads`] (in WebKit, read through the
//! page: [`Browser::downloaded`]).
//!
//! An end-to-end test starts with [`Start`] (`browser/start.rs`: a seeded school, the server,
//! the browser, signed in); it reads the page with `browser/page.rs`'s helpers and drives the
//! distribution page with `browser/distribution.rs`'s, the administrators' page with
//! `browser/admins.rs`'s, local mode's page with `browser/local.rs`'s; what every engine checks
//! of the example school is in `browser/example.rs`. The in-browser benchmarks read their
//! settings with `browser/bench.rs`'s [`bench_setting`].

mod admins;
mod axe;
mod bench;
mod distribution;
mod engine;
mod example;
mod local;
mod page;
mod pixels;
mod problems;
mod start;

use std::path::{Path, PathBuf};
use std::process::Child;
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub use axe::{axe_path, Violation};
pub use bench::bench_setting;
pub use engine::Engine;
pub use fantoccini::cookies::Cookie;
pub use fantoccini::key::Key;
pub use fantoccini::Locator;
use fantoccini::{Client, ClientBuilder};
pub use page::eventually;
pub use pixels::Pixels;
use problems::Log;
pub use start::{Start, Started, VOLTAIRE, VOLTAIRE_UAI};

/// A WebDriver server and a fresh browser session in it.
pub struct Browser {
    pub client: Client,
    engine: Engine,
    driver: Child,
    /// WebKit's private X server; dropped (stopped) after the driver.
    _display: Option<engine::Display>,
    profile: tempfile::TempDir,
    /// Problems the page recorder took from pages since gone (Firefox, WebKit).
    problems: Mutex<Vec<String>>,
    /// Firefox's WebDriver BiDi socket, open while the recorder's preload script must be.
    _bidi: Option<problems::BiDi>,
    /// The driver's port, and the session while it is open (`drop` ends it if `close` did not).
    port: u16,
    session: Option<String>,
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
    /// A headless Chromium session (what most tests use).
    pub async fn start() -> Browser {
        Browser::launch(Engine::Chromium, false).await
    }

    /// A session in `engine`; fails (never skips) when that engine is not installed.
    pub async fn start_in(engine: Engine) -> Browser {
        Browser::launch(engine, false).await
    }

    /// A Chromium session that records every network request, for [`Browser::requests`], from
    /// the first page the test opens: what Chromium loaded on its own while starting (its new
    /// tab page, `chrome://…`) is left out.
    pub async fn start_recording() -> Browser {
        let browser = Browser::launch(Engine::Chromium, true).await;
        browser
            .client
            .goto("about:blank")
            .await
            .expect("open about:blank");
        browser.requests().await;
        browser
    }

    async fn launch(engine: Engine, record_network: bool) -> Browser {
        let driver_path = engine.driver();
        // Everything that can find a piece missing, before any process starts.
        let profile = tempfile::tempdir().unwrap();
        let downloads = profile.path().join("downloads");
        std::fs::create_dir_all(&downloads).unwrap();
        let capabilities = engine.capabilities(profile.path(), &downloads, record_network);
        let display = (engine == Engine::WebKit).then(engine::Display::start);
        let port = crate::free_port();
        let mut command = engine.driver_command(&driver_path, port);
        if let Some(display) = &display {
            command.env("DISPLAY", &display.name);
        }
        let mut driver = command.spawn().unwrap_or_else(|e| {
            panic!(
                "start {}: {e} (`cargo xtask setup` installs it)",
                driver_path.display()
            )
        });
        let deadline = Instant::now() + Duration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            if Instant::now() > deadline || matches!(driver.try_wait(), Ok(Some(_))) {
                let _ = driver.kill();
                let _ = driver.wait();
                panic!("{} did not start on port {port}", driver_path.display());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        // Plain HTTP: the drivers listen on loopback only.
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let client = match ClientBuilder::new(connector)
            .capabilities(capabilities)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
        {
            Ok(client) => client,
            Err(e) => {
                let _ = driver.kill();
                let _ = driver.wait();
                panic!("open a {engine:?} session: {e}");
            }
        };
        // Chromium takes its size from a flag; the others from the window (WebKit's cannot
        // always obey: its X screen is the limit).
        if engine != Engine::Chromium {
            let _ = client.set_window_size(1280, 900).await;
        }
        let session = client.session_id().await.ok().flatten();
        let bidi = match engine {
            Engine::Firefox => {
                let ws_url = client
                    .capabilities()
                    .and_then(|c| c.get("webSocketUrl"))
                    .and_then(|u| u.as_str())
                    .expect("geckodriver gives a webSocketUrl")
                    .to_owned();
                Some(problems::preload_recorder(&ws_url).await)
            }
            _ => None,
        };
        Browser {
            client,
            engine,
            driver,
            _display: display,
            profile,
            problems: Mutex::new(Vec::new()),
            _bidi: bidi,
            port,
            session,
        }
    }

    /// The engine this session runs.
    pub fn engine(&self) -> Engine {
        self.engine
    }

    /// Opens `url`, then watches the new document for problems (see `close`). Tests that
    /// run in Firefox or WebKit navigate with this rather than `client.goto`.
    pub async fn goto(&self, url: &str) {
        self.client
            .goto(url)
            .await
            .unwrap_or_else(|e| panic!("open {url}: {e}"));
        self.watch().await;
    }

    /// Firefox and WebKit: takes what the page's problem recorder holds, and puts the recorder
    /// into the current document if it has none (`browser/problems.rs`). Chromium logs
    /// problems by itself: nothing to do.
    async fn watch(&self) {
        if self.engine == Engine::Chromium {
            return;
        }
        // A navigation under way can refuse a script; the next helper tries again.
        if let Ok(found) = self.client.execute(problems::RECORDER, vec![]).await {
            let found = found.as_array().cloned().unwrap_or_default();
            self.problems
                .lock()
                .unwrap()
                .extend(found.iter().map(|p| p.as_str().unwrap_or_default().to_owned()));
        }
    }

    /// The problems the page had since the last call: console errors, uncaught exceptions and
    /// rejections, Content-Security-Policy violations, 5xx answers (Chromium). [`Browser::close`]
    /// fails the test when any is left; a test that provokes one takes it here.
    pub async fn take_problems(&self) -> Vec<String> {
        if self.engine == Engine::Chromium {
            return self
                .console()
                .await
                .into_iter()
                .filter(problems::chromium_problem)
                .map(|(level, source, message)| format!("{level} {source}: {message}"))
                .collect();
        }
        let found = self
            .client
            .execute(problems::RECORDER, vec![])
            .await
            .expect("read the page's problems");
        let mut problems = std::mem::take(&mut *self.problems.lock().unwrap());
        problems.extend(
            found
                .as_array()
                .into_iter()
                .flatten()
                .map(|p| p.as_str().unwrap_or_default().to_owned()),
        );
        problems
    }

    /// A state of the page a person should see: audited for accessibility
    /// ([`Browser::audit_accessibility`]) and saved as `target/screenshots/<state>.png`.
    pub async fn audit_and_screenshot(&self, state: &str) {
        self.audit_accessibility(state).await;
        self.screenshot(state).await;
    }

    /// Runs axe-core's WCAG 2.0/2.1 A and AA rules on the page as it is now (`state` names
    /// it in the output): fails the test on a "serious" or "critical" violation, prints the
    /// others, and returns them all.
    pub async fn audit_accessibility(&self, state: &str) -> Vec<Violation> {
        let violations = self.accessibility_violations(state).await;
        let engine = self.engine.name();
        for v in violations.iter().filter(|v| !v.fails()) {
            eprintln!("axe, {engine}, {state}: {v}");
        }
        let failing: Vec<String> = violations
            .iter()
            .filter(|v| v.fails())
            .map(|v| v.to_string())
            .collect();
        assert!(
            failing.is_empty(),
            "axe, {engine}, {state}: WCAG 2.1 AA violations:\n{}",
            failing.join("\n")
        );
        violations
    }

    /// What axe-core's WCAG 2.0/2.1 A and AA rules find on the page, failing nothing (the
    /// audit's own test; others call [`Browser::audit_accessibility`]).
    pub async fn accessibility_violations(&self, state: &str) -> Vec<Violation> {
        self.watch().await;
        let loaded = self
            .client
            .execute("return typeof axe !== 'undefined';", vec![])
            .await
            .expect("look for axe");
        if loaded != true {
            self.client
                .execute(axe::source(), vec![])
                .await
                .unwrap_or_else(|e| panic!("inject axe-core ({state}): {e}"));
        }
        let answer = self
            .client
            .execute_async(axe::RUN, vec![])
            .await
            .unwrap_or_else(|e| panic!("axe.run ({state}): {e}"));
        let answer = answer.as_str().unwrap_or_default();
        assert!(!answer.starts_with("error:"), "axe.run ({state}): {answer}");
        Violation::parse(answer)
    }

    /// Presses `key` (Tab, Enter, Space, Escape…) on the keyboard, as a person would: to
    /// whatever has the focus.
    pub async fn press(&self, key: Key) {
        self.press_repeatedly(key, 1, Duration::ZERO).await;
    }

    /// Presses `key` `times` times, `pause` after each, in one command: a round trip per press
    /// costs the browser and its driver far more than the presses themselves, hundreds of
    /// times over. The pause is a person's pace, which lets the page answer each press.
    pub async fn press_repeatedly(&self, key: Key, times: usize, pause: Duration) {
        use fantoccini::actions::{InputSource, KeyAction, KeyActions};
        let value: char = key.into();
        let mut keys = KeyActions::new("keyboard".into());
        for _ in 0..times {
            keys = keys.then(KeyAction::Down { value }).then(KeyAction::Up { value });
            if !pause.is_zero() {
                keys = keys.then(KeyAction::Pause { duration: pause });
            }
        }
        self.client
            .perform_actions(keys)
            .await
            .unwrap_or_else(|e| panic!("press {key:?} {times} time(s): {e}"));
        self.client.release_actions().await.unwrap();
    }

    /// Types `text` on the keyboard into whatever has the focus.
    pub async fn type_keys(&self, text: &str) {
        use fantoccini::actions::{InputSource, KeyAction, KeyActions};
        let mut keys = KeyActions::new("keyboard".into());
        for value in text.chars() {
            keys = keys.then(KeyAction::Down { value }).then(KeyAction::Up { value });
        }
        self.client
            .perform_actions(keys)
            .await
            .unwrap_or_else(|e| panic!("type {text:?}: {e}"));
    }

    /// Whether the focused element matches `css`.
    pub async fn focus_is(&self, css: &str) -> bool {
        self.client
            .execute(
                "return !!document.activeElement && document.activeElement.matches(arguments[0]);",
                vec![css.into()],
            )
            .await
            .unwrap()
            == true
    }

    /// Waits (5 s at most) until the focus is on an element matching `css`: the app moves the
    /// focus once it has drawn what a click asked for, a frame or more after the click.
    pub async fn focus_comes_to(&self, css: &str) {
        eventually(5, || async move {
            if self.focus_is(css).await {
                Ok(())
            } else {
                Err(format!("the focus never came to {css}"))
            }
        })
        .await
    }

    /// Presses Tab (at most `max` times) until the focus is on an element matching `css`; fails
    /// if it never gets there. A keyboard user reaches a control the same way.
    pub async fn tab_to(&self, css: &str, max: usize) {
        for _ in 0..max {
            if self.focus_is(css).await {
                return;
            }
            self.press(Key::Tab).await;
        }
        assert!(
            self.focus_is(css).await,
            "{css} not reached in {max} presses of Tab"
        );
    }

    /// The folder files downloaded by the page land in (in WebKit, those
    /// [`Browser::downloaded`] read through the page).
    pub fn downloads(&self) -> PathBuf {
        self.profile.path().join("downloads")
    }

    /// Waits for the page's download named `name` and returns its bytes. WebKit saves no
    /// download by itself ([`Engine::saves_downloads`]): there the bytes are read through the
    /// page from the `blob:` of the link offering `name`, and written to [`Browser::downloads`]
    /// as the other engines would.
    pub async fn downloaded(&self, name: &str) -> Vec<u8> {
        let path = self.downloads().join(name);
        if !self.engine.saves_downloads() {
            let link = self.wait_for(&format!("a[download=\"{name}\"]")).await;
            let url = link.attr("href").await.unwrap().expect("a blob address");
            let bytes = self.blob_bytes(&url).await;
            std::fs::write(&path, &bytes).unwrap();
            return bytes;
        }
        // Chromium writes `name.crdownload` and renames it when complete; Firefox creates
        // `name` at once, empty, and writes `name.part` beside it until done — but the empty
        // `name` can stand a moment before its `.part` does, so an empty file is not done
        // either (nothing the page offers is empty).
        let partial = |suffix: &str| self.downloads().join(format!("{name}{suffix}")).exists();
        let written = || std::fs::metadata(&path).is_ok_and(|m| m.is_file() && m.len() > 0);
        let deadline = Instant::now() + Duration::from_secs(15);
        while !written() || partial(".part") || partial(".crdownload") {
            assert!(Instant::now() < deadline, "no download {name}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        std::fs::read(&path).unwrap()
    }

    /// Downloads what the link `css` offers, as a person would (a click), and returns the name
    /// it offers and the bytes: saved by the browser into [`Browser::downloads`], or in WebKit
    /// read through the page ([`Browser::downloaded`]).
    pub async fn download_link(&self, css: &str) -> (String, Vec<u8>) {
        let link = self.wait_for(css).await;
        let name = link.attr("download").await.unwrap().expect("a download link");
        if self.engine.saves_downloads() {
            link.click().await.unwrap_or_else(|e| panic!("click {css}: {e}"));
        }
        let bytes = self.downloaded(&name).await;
        (name, bytes)
    }

    /// Every network request the browser made since the last call (a session started with
    /// [`Browser::start_recording`]), in order: the page's, the workers' scripts it starts and
    /// the `blob:` and `data:` reads included, but not what a worker fetches itself.
    pub async fn requests(&self) -> Vec<Request> {
        assert_eq!(self.engine, Engine::Chromium, "only Chromium records requests");
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
        self.wait_for_at_most(css, Duration::from_secs(15)).await
    }

    /// [`Browser::wait_for`] for what may take longer than its 15 s: a large PDF, a slow link.
    pub async fn wait_for_at_most(&self, css: &str, limit: Duration) -> fantoccini::elements::Element {
        self.watch().await;
        self.client
            .wait()
            .at_most(limit)
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no element {css} in {limit:?}: {e}"))
    }

    /// Saves a screenshot as `target/screenshots/<name>.png`, for a person to look at.
    pub async fn screenshot(&self, name: &str) {
        self.watch().await;
        let png = self.client.screenshot().await.expect("screenshot");
        let dir = crate::workspace().join("target/screenshots");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(format!("{name}.png")), png).unwrap();
    }

    /// [`Browser::screenshot`] with the element `css` scrolled into the middle of the window:
    /// a state below the fold (step 3 under a long table).
    pub async fn screenshot_of(&self, css: &str, name: &str) {
        self.scroll_into_view(css).await;
        self.screenshot(name).await;
    }

    /// Scrolls the element `css` into the middle of the window, for a screenshot that shows it.
    pub async fn scroll_into_view(&self, css: &str) {
        let script = format!("document.querySelector('{css}').scrollIntoView({{block: 'center'}});");
        self.script(&script).await;
    }

    /// Waits until the element's text is `expected` (the app updates asynchronously).
    pub async fn wait_text(&self, css: &str, expected: &str) {
        self.watch().await;
        eventually(15, || async move {
            let text = self.text_now(css).await;
            if text == expected {
                Ok(())
            } else {
                Err(format!("{css}: expected {expected:?}, still {text:?}"))
            }
        })
        .await;
    }

    /// Types into an input found by CSS selector.
    pub async fn type_into(&self, css: &str, text: &str) {
        self.wait_for(css)
            .await
            .send_keys(text)
            .await
            .unwrap_or_else(|e| panic!("type into {css}: {e}"));
    }

    /// Empties the field found by CSS selector, then types `text` into it: a value replaced,
    /// where [`Browser::type_into`] adds to what the field holds.
    pub async fn replace_text(&self, css: &str, text: &str) {
        let field = self.wait_for(css).await;
        field.clear().await.unwrap_or_else(|e| panic!("empty {css}: {e}"));
        field
            .send_keys(text)
            .await
            .unwrap_or_else(|e| panic!("type into {css}: {e}"));
    }

    /// Chooses the option whose value is `value` in the list found by CSS selector, as a
    /// person picking it.
    pub async fn select(&self, css: &str, value: &str) {
        self.wait_for(css)
            .await
            .select_by_value(value)
            .await
            .unwrap_or_else(|e| panic!("choose {value} in {css}: {e}"));
    }

    /// Clicks the element found by CSS selector, once there is one.
    pub async fn click(&self, css: &str) {
        self.wait_for(css)
            .await
            .click()
            .await
            .unwrap_or_else(|e| panic!("click {css}: {e}"));
    }

    /// Every cookie the browser holds, to come back with later ([`Browser::restore_cookies`]):
    /// a session kept aside while someone else signs in.
    pub async fn cookies(&self) -> Vec<Cookie<'static>> {
        self.client
            .get_all_cookies()
            .await
            .unwrap_or_else(|e| panic!("read the cookies: {e}"))
    }

    /// Forgets every cookie the browser holds, then sets `cookies` (from [`Browser::cookies`]):
    /// the session they carry is the browser's again, whatever it was meanwhile.
    pub async fn restore_cookies(&self, cookies: Vec<Cookie<'static>>) {
        self.client
            .delete_all_cookies()
            .await
            .unwrap_or_else(|e| panic!("forget the cookies: {e}"));
        for cookie in cookies {
            self.client
                .add_cookie(cookie)
                .await
                .unwrap_or_else(|e| panic!("set a cookie: {e}"));
        }
    }

    /// Opens `url` and waits until the page's error says `said`: an address the app refuses
    /// or does not know.
    pub async fn goto_expecting_error(&self, url: &str, said: &str) {
        self.goto(url).await;
        self.wait_text("[data-testid=error]", said).await;
    }

    /// Fills and sends the login form of the app served at `url`.
    pub async fn submit_login(&self, url: &str, login: &str, password: &str) {
        self.goto(&format!("{url}/login")).await;
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

    /// What Chromium's console logged since the last call: `(level, source, message)`.
    pub async fn console(&self) -> Vec<(String, String, String)> {
        assert_eq!(
            self.engine,
            Engine::Chromium,
            "only ChromeDriver has a console log"
        );
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

    /// Shows the check table's column `key` (`login`, `email`…), as an administrator does:
    /// « Colonnes », then its box (the default leaves the login, the code and the address out).
    pub async fn show_column(&self, key: &str) {
        let choice = self.wait_for("[data-testid=columns-choice]").await;
        if choice.attr("open").await.unwrap().is_none() {
            self.click("[data-testid=columns-choice] summary").await;
        }
        let input = format!("[data-testid=column-{key}]");
        if !self.is_checked(&input).await {
            self.click(&input).await;
        }
        self.wait_for(&format!("[data-testid=user-row] td[data-col={key}]"))
            .await;
    }

    /// The text of every cell of column `key` (its `data-col`: `lastName`, `classes`,
    /// `lastDistributed`… — `sesame_core::selection::directory::Column::key`) of the rows the table shows.
    pub async fn column_named(&self, key: &str) -> Vec<String> {
        let script = format!(
            "return [...document.querySelectorAll('[data-testid=user-row] td[data-col={key}]')].map(td => td.textContent.trim());"
        );
        let value = self.client.execute(&script, vec![]).await.unwrap();
        serde_json::from_value(value).unwrap()
    }

    /// Ends the browser session, failing the test if the page had a problem meanwhile (a
    /// console error, an uncaught exception, a Content-Security-Policy violation, a 5xx
    /// answer: [`Browser::take_problems`]); dropping `self` then stops the driver.
    pub async fn close(self) {
        if let Err(problems) = self.close_checked().await {
            panic!("{problems}");
        }
    }

    /// [`Browser::close`], saying the problems instead of failing: for the tests that prove
    /// the check catches them.
    pub async fn close_checked(mut self) -> Result<(), String> {
        let problems = self.take_problems().await;
        if self.client.clone().close().await.is_ok() {
            self.session = None;
        }
        if problems.is_empty() {
            return Ok(());
        }
        Err(format!(
            "the page had problems in {:?}:\n{}",
            self.engine,
            problems.join("\n")
        ))
    }
}

/// A test that panics (or a benchmark that fails) still ends its browser and stops the driver
/// (and WebKit's Xvfb), instead of leaving them running after the test process: a driver killed
/// with its session open leaves the browser behind (Firefox does), so the session is deleted
/// first, with a plain blocking request (no async in `drop`).
impl Drop for Browser {
    fn drop(&mut self) {
        if let Some(session) = self.session.take() {
            delete_session(self.port, &session);
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// `DELETE /session/{id}` to the driver on `port`, waiting (at most 10 s) for its answer.
fn delete_session(port: u16, session: &str) {
    use std::io::{Read, Write};
    let Ok(mut stream) = std::net::TcpStream::connect(("127.0.0.1", port)) else {
        return;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let request = format!(
        "DELETE /session/{session} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    );
    if stream.write_all(request.as_bytes()).is_ok() {
        let _ = stream.read(&mut [0; 1024]);
    }
}
