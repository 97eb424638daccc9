//! Which browser engine a session runs, and how each one is started: its WebDriver server
//! (found through an environment variable or the `PATH`), the capabilities that make it
//! headless, quiet and download into the session's folder, and — for WebKit, which cannot run
//! without a display — a private Xvfb.
//!
//! Kept apart from `browser.rs` because this is the one place that knows the three drivers'
//! dialects; the session code above it speaks plain W3C WebDriver.
//!
//! An engine that is not installed fails the test with a message naming what to install: a
//! skipped engine would let a change that breaks it land unseen.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

/// One test per engine, each running `body(engine)`:
/// `in_each_engine!(journey => journey_in_chromium, journey_in_firefox, journey_in_webkit);`.
/// Three tests rather than one loop, so that each engine passes or fails on a line of its own.
#[macro_export]
macro_rules! in_each_engine {
    ($body:ident => $chromium:ident, $firefox:ident, $webkit:ident) => {
        #[tokio::test]
        async fn $chromium() {
            $body($crate::browser::Engine::Chromium).await;
        }

        #[tokio::test]
        async fn $firefox() {
            $body($crate::browser::Engine::Firefox).await;
        }

        #[tokio::test]
        async fn $webkit() {
            $body($crate::browser::Engine::WebKit).await;
        }
    };
}

/// A browser engine the end-to-end tests drive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    /// Debian's `chromium` through `chromedriver` (`CHROMEDRIVER`), headless.
    Chromium,
    /// Debian's `firefox-esr` through `geckodriver` (`GECKODRIVER`; `FIREFOX` for the browser),
    /// headless.
    Firefox,
    /// WebKitGTK's MiniBrowser through `WebKitWebDriver` (`WEBKITWEBDRIVER`; `MINIBROWSER` for
    /// the browser), Safari's engine, on a private Xvfb display.
    WebKit,
}

impl Engine {
    /// Every engine, Chromium first.
    pub const ALL: [Engine; 3] = [Engine::Chromium, Engine::Firefox, Engine::WebKit];

    /// A short lower-case name, for screenshots and messages.
    pub fn name(self) -> &'static str {
        match self {
            Engine::Chromium => "chromium",
            Engine::Firefox => "firefox",
            Engine::WebKit => "webkit",
        }
    }

    /// The variable naming the WebDriver server, and the program looked up on the `PATH`
    /// without it.
    fn driver_names(self) -> (&'static str, &'static str) {
        match self {
            Engine::Chromium => ("CHROMEDRIVER", "chromedriver"),
            Engine::Firefox => ("GECKODRIVER", "geckodriver"),
            Engine::WebKit => ("WEBKITWEBDRIVER", "WebKitWebDriver"),
        }
    }

    /// Whether the page's downloads land in the session's folder. WebKitGTK's WebDriver has
    /// no capability for a download folder (MiniBrowser asks where to save), so there
    /// [`super::Browser::downloaded`] reads the link's `blob:` through the page instead.
    pub fn saves_downloads(self) -> bool {
        self != Engine::WebKit
    }

    /// The WebDriver server's path, or a panic saying how to install it.
    pub(super) fn driver(self) -> PathBuf {
        let (variable, program) = self.driver_names();
        let path = std::env::var_os(variable)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
            .or_else(|| on_path(program));
        match path {
            Some(path) if path.is_file() => path,
            found => panic!(
                "{self:?} is not installed: no {program} ({variable}={:?}, or the PATH). `cargo xtask setup` \
                 installs it (Debian's chromium-driver, geckodriver 0.37.1 from crates.io, Debian's webkit2gtk-driver)",
                found.unwrap_or_default()
            ),
        }
    }

    /// The command starting the WebDriver server on `port`.
    pub(super) fn driver_command(self, driver: &Path, port: u16) -> Command {
        let mut command = Command::new(driver);
        match self {
            // geckodriver also opens a WebSocket port for BiDi; 0 lets it pick a free one, so
            // parallel sessions do not collide on its default 9222.
            Engine::Firefox => command.args(["--port", &port.to_string(), "--websocket-port", "0"]),
            _ => command.arg(format!("--port={port}")),
        };
        command.stdout(Stdio::null()).stderr(Stdio::null());
        command
    }

    /// The session's capabilities: headless (or on the Xvfb display), downloads into
    /// `downloads`, `profile` as the browser's own profile folder where the engine takes one.
    pub(super) fn capabilities(
        self,
        profile: &Path,
        downloads: &Path,
        record_network: bool,
    ) -> serde_json::Map<String, serde_json::Value> {
        let capabilities = match self {
            Engine::Chromium => chromium(profile, downloads, record_network),
            Engine::Firefox => {
                assert!(!record_network, "only Chromium records the network");
                firefox(downloads)
            }
            Engine::WebKit => {
                assert!(!record_network, "only Chromium records the network");
                webkit()
            }
        };
        capabilities.as_object().unwrap().clone()
    }
}

/// Chromium: every console message through ChromeDriver's log (`browser`), and with
/// `record_network` the DevTools events (`performance`).
fn chromium(profile: &Path, downloads: &Path, record_network: bool) -> serde_json::Value {
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
    // Without the background-networking flags Chromium keeps calling hosts this machine cannot
    // reach (ARCHITECTURE.md, « Toolchain traps »); --no-sandbox because tests run as root.
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
        format!("--user-data-dir={}", profile.display()),
    ]);
    serde_json::json!({
        // Everything the page logs, read back by `close` (console errors, CSP violations),
        // and with `record_network` the DevTools protocol's events, read by `requests`.
        "goog:loggingPrefs": logs,
        "goog:chromeOptions": chrome,
    })
}

/// Firefox ESR, headless. geckodriver makes a fresh profile of its own; the preferences send
/// every download to `downloads` without asking, and keep Firefox from calling home.
fn firefox(downloads: &Path) -> serde_json::Value {
    let binary = crate::env_path(
        "FIREFOX",
        on_path("firefox-esr")
            .or_else(|| on_path("firefox"))
            .unwrap_or_default(),
    );
    assert!(
        binary.is_file(),
        "Firefox is not installed: no firefox-esr (FIREFOX={binary:?}, or the PATH); `cargo xtask setup` \
         installs Debian's firefox-esr"
    );
    serde_json::json!({
        "browserName": "firefox",
        // WebDriver BiDi, for the problem recorder's preload script (`problems.rs`).
        "webSocketUrl": true,
        "moz:firefoxOptions": {
            "binary": binary,
            "args": ["-headless", "-width=1280", "-height=900"],
            "prefs": {
                "browser.download.folderList": 2,
                "browser.download.dir": downloads.to_str().unwrap(),
                "browser.download.useDownloadDir": true,
                "browser.download.always_ask_before_handling_new_types": false,
                "browser.download.alwaysOpenPanel": false,
                "browser.helperApps.neverAsk.saveToDisk": "application/pdf,application/zip,application/json,text/csv",
                "app.update.enabled": false,
                "browser.safebrowsing.downloads.enabled": false,
                "browser.safebrowsing.malware.enabled": false,
                "browser.safebrowsing.phishing.enabled": false,
                "datareporting.policy.dataSubmissionEnabled": false,
                "toolkit.telemetry.enabled": false,
                "network.captive-portal-service.enabled": false,
                "network.connectivity-service.enabled": false,
                "extensions.update.enabled": false,
                "browser.shell.checkDefaultBrowser": false,
            },
        },
    })
}

/// WebKitGTK's MiniBrowser in automation mode (the only browser WebKitWebDriver drives here).
fn webkit() -> serde_json::Value {
    let minibrowser = crate::env_path("MINIBROWSER", minibrowser());
    assert!(
        minibrowser.is_file(),
        "WebKit is not installed: no MiniBrowser at {} (MINIBROWSER); `cargo xtask setup` installs Debian's webkit2gtk-driver",
        minibrowser.display()
    );
    serde_json::json!({
        "webkitgtk:browserOptions": {
            "binary": minibrowser,
            "args": ["--automation"],
        },
    })
}

/// Where Debian puts WebKitGTK's MiniBrowser (the 4.1 API first, then 4.0).
fn minibrowser() -> PathBuf {
    let candidates = ["webkit2gtk-4.1", "webkit2gtk-4.0"].into_iter().flat_map(|api| {
        ["x86_64-linux-gnu", "aarch64-linux-gnu"]
            .into_iter()
            .map(move |arch| PathBuf::from(format!("/usr/lib/{arch}/{api}/MiniBrowser")))
    });
    let candidates: Vec<PathBuf> = candidates.collect();
    candidates
        .iter()
        .find(|p| p.is_file())
        .cloned()
        .unwrap_or_else(|| candidates[0].clone())
}

/// `program`'s path on the `PATH`, if any.
fn on_path(program: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|dir| dir.join(program))
        .find(|p| p.is_file())
}

/// A private X server for WebKit (MiniBrowser has no headless mode): Xvfb picks a free
/// display itself (`-displayfd`), so parallel tests never race for one. Stopped on drop.
pub(super) struct Display {
    xvfb: Child,
    /// Kept open: Xvfb must not meet a closed pipe should it write again.
    _stdout: BufReader<std::process::ChildStdout>,
    /// `:N`, for the driver's `DISPLAY`.
    pub name: String,
}

impl Display {
    pub fn start() -> Display {
        let mut xvfb = Command::new("Xvfb")
            .args([
                "-displayfd",
                "1",
                "-screen",
                "0",
                "1280x900x24",
                "-nolisten",
                "tcp",
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| {
                panic!("WebKit needs Xvfb: {e} (`cargo xtask setup` installs Debian's xvfb)")
            });
        let mut line = String::new();
        let mut stdout = BufReader::new(xvfb.stdout.take().unwrap());
        stdout.read_line(&mut line).expect("Xvfb's display number");
        let number = line.trim();
        assert!(
            !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit()),
            "Xvfb did not start (said {line:?})"
        );
        Display {
            name: format!(":{number}"),
            xvfb,
            _stdout: stdout,
        }
    }
}

impl Drop for Display {
    fn drop(&mut self) {
        let _ = self.xvfb.kill();
        let _ = self.xvfb.wait();
    }
}
