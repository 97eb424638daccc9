//! `cargo xtask test`: everything CI checks, in the order that fails fastest.
//!
//! 1. install what is missing ([`crate::setup`]);
//! 2. `cargo fmt --check`, then clippy with `-D warnings`, natively and for the browser, then
//!    `cargo doc --no-deps` with warnings denied (a broken link in the docs fails too);
//! 3. build the app with Trunk (release, as shipped, precompressed) and the `sesame` binary;
//! 4. native tests of the whole workspace, including the end-to-end tests in `tests/`, which
//!    start `sesame` and drive a real headless Chromium through ChromeDriver — and, in
//!    `tests/e2e_engines.rs`, Firefox ESR through geckodriver and WebKit through
//!    WebKitWebDriver too (issue 15);
//! 5. the server's suites again on PostgreSQL, a throw-away server started for them
//!    ([`crate::postgres`]; issue 10);
//! 6. the app's in-browser tests (`wasm-bindgen-test` in headless Chromium).

use std::time::Instant;

use crate::run::{cmd, root, run, Result};
use crate::setup;

pub fn test() -> Result {
    let start = Instant::now();
    disk_report("before");
    let result = checks();
    // A full disk shows up as an odd linker crash (SIGBUS): print the figures either way.
    disk_report("after");
    result?;
    eprintln!("\nall checks passed in {:.0?}", start.elapsed());
    Ok(())
}

fn checks() -> Result {
    setup::setup()?;
    run(&mut cmd("cargo", &["fmt", "--all", "--", "--check"]))?;
    run(&mut cmd(
        "cargo",
        &["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"],
    ))?;
    run(&mut cmd(
        "cargo",
        &[
            "clippy",
            "-p",
            "sesame-app",
            "--all-targets",
            "--target",
            "wasm32-unknown-unknown",
            "--",
            "-D",
            "warnings",
        ],
    ))?;
    run(cmd("cargo", &["doc", "--workspace", "--no-deps"]).env("RUSTDOCFLAGS", "-D warnings"))?;
    build_app()?;
    run(&mut cmd(
        "cargo",
        &["build", "-p", "sesame-server", "--bin", "sesame"],
    ))?;

    let root = root();
    let chromedriver = which("chromedriver")?;
    // Each engine's driver named explicitly: a missing one fails here, by name, before the
    // tests start (testkit's `Engine` would fail the tests themselves otherwise).
    run(cmd("cargo", &["test", "--workspace"])
        .env("SESAME_BIN", root.join("target/debug/sesame"))
        .env("SESAME_DIST", root.join("dist"))
        .env("CHROMEDRIVER", &chromedriver)
        .env("GECKODRIVER", which("geckodriver")?)
        .env("WEBKITWEBDRIVER", which("WebKitWebDriver")?))?;
    // The server's storage, API and multi-instance suites again on PostgreSQL (issue 10): a
    // throw-away server, stopped and deleted when `postgres` is dropped.
    let postgres = crate::postgres::start()?;
    // `--include-ignored`: the tests that need PostgreSQL are `#[ignore]`d elsewhere, so a plain
    // `cargo test` says they did not run instead of passing them empty.
    run(cmd(
        "cargo",
        &["test", "-p", "sesame-server", "--", "--include-ignored"],
    )
    .env("SESAME_TEST_POSTGRES", postgres.url())
    .env("SESAME_BIN", root.join("target/debug/sesame"))
    .env("SESAME_DIST", root.join("dist")))?;
    drop(postgres);
    run(cmd(
        "cargo",
        &[
            "test",
            "-p",
            "sesame-app",
            "--target",
            "wasm32-unknown-unknown",
            "--test",
            "web",
        ],
    )
    .env("CHROMEDRIVER", &chromedriver)
    .env(
        "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
        "wasm-bindgen-test-runner",
    ))?;
    Ok(())
}

/// Prints the free space of the disk holding the workspace and the size of `target/`.
fn disk_report(when: &str) {
    let root = root();
    let free = crate::run::output(std::process::Command::new("df").arg("-h").arg(&root));
    let target = crate::run::output(
        std::process::Command::new("du")
            .arg("-sh")
            .arg(root.join("target")),
    );
    eprintln!(
        "\nxtask: disk {when}: {}target: {}",
        free.as_deref()
            .and_then(|s| s.lines().nth(1))
            .map(|l| format!("{l}\n"))
            .unwrap_or_default(),
        target.as_deref().map(str::trim).unwrap_or("none")
    );
}

/// `trunk build --release` into `dist/` (the page and its PDF worker, in the `app` size
/// profile), then a Brotli and a gzip copy beside each file ([`crate::compress`]), and the size
/// of each as a browser downloads it (issue 6: the page's module under 400 KB gzipped; the
/// worker's is fetched on the first PDF only).
pub fn build_app() -> Result {
    run(&mut cmd("trunk", &["build", "--release"]))?;
    let dist = root().join("dist");
    let done = crate::compress::precompress(&dist)?;
    // A print, not an assertion: sizes move with every dependency update.
    crate::compress::print_sizes(&done, &dist);
    Ok(())
}

pub fn which(program: &str) -> Result<String> {
    crate::run::output(std::process::Command::new("sh").args(["-c", &format!("command -v {program}")]))
        .map(|s| s.trim().to_owned())
        .ok_or_else(|| format!("{program} is not installed; `cargo xtask setup` installs it"))
}
