//! `sesame-testkit`: what every test and benchmark of Sésame starts from, so there is one way
//! to do each thing (not published).
//!
//! - [`sesame`]: the `sesame` binary ([`Sesame`]: run a command, import, add an
//!   administrator) and a running `sesame serve` on a free port ([`Server`], its log captured),
//!   or `sesame demo` ([`Demo`], with the accounts it printed).
//! - [`signed_in`]: an administrator signed in to a running server over HTTP, the session's
//!   cookie and CSRF token sent with each request.
//! - [`school`]: the test password, the fixtures, the ENT export of given lines, a generated
//!   school of any size, and seeded databases built through the binary's own `import` and
//!   `admin add`.
//! - [`dist`]: the built app, or a stand-in for tests of the server alone.
//! - [`postgres`]: a throw-away PostgreSQL server, for the server's PostgreSQL pass and the
//!   tests that stop their database mid-way.
//! - [`static_site`]: the built app served as plain static files (Python's `http.server`), for
//!   local mode, which needs no `sesame`.
//! - [`oidc`]: real OpenID providers (panva's `oidc-provider`; an authlib one offering PKCE
//!   `plain` only, like the ENT's), for signing in through the ENT.
//! - [`smtp`]: a real SMTP server (Python's aiosmtpd, `smtp_sink.py` beside this crate) writing
//!   the messages it accepts to a folder, and how to read them back.
//! - [`users`]: accounts for the core's tests, without spelling out every field.
//! - [`tools`]: the real PDF tools (`qpdf`, `pdftotext`, `pdfinfo`) and the letters' fonts.
//! - `browser` (feature `browser`): a browser session — headless Chromium through ChromeDriver,
//!   or Firefox ESR (geckodriver) or WebKit (WebKitWebDriver) — that fails the test on any
//!   console error or Content-Security-Policy violation, and audits accessibility with
//!   axe-core; `cdp`: the DevTools protocol on Chromium, to throttle the network of a page and
//!   of the workers it starts.
//!
//! All of it but [`postgres`] is the default feature `suites`: `cargo xtask`, which only starts
//! that server, builds testkit without it, and so starts in seconds.

use std::path::Path;

#[cfg(feature = "browser")]
pub mod browser;
#[cfg(feature = "browser")]
pub mod cdp;
#[cfg(feature = "suites")]
pub mod dist;
#[cfg(feature = "suites")]
pub mod oidc;
pub mod postgres;
#[cfg(feature = "suites")]
pub mod school;
#[cfg(feature = "suites")]
pub mod sesame;
#[cfg(feature = "suites")]
pub mod signed_in;
#[cfg(feature = "suites")]
pub mod smtp;
#[cfg(feature = "suites")]
pub mod static_site;
#[cfg(feature = "suites")]
pub mod tools;
#[cfg(feature = "suites")]
pub mod users;

#[cfg(feature = "suites")]
pub use school::PASSWORD;
#[cfg(feature = "suites")]
pub use sesame::{Demo, Served, Server, Sesame};

/// The workspace's root folder (this crate is `crates/testkit`).
pub fn workspace() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

/// `name`, or `default` when the environment does not set it.
#[cfg(feature = "suites")]
pub(crate) fn env_path(name: &str, default: std::path::PathBuf) -> std::path::PathBuf {
    std::env::var_os(name)
        .filter(|v| !v.is_empty())
        .map(std::path::PathBuf::from)
        .unwrap_or(default)
}

/// A port nobody listens on right now (a server can be started on it later).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}
