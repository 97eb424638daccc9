//! `cargo xtask bench`: every benchmark, each printing its figures beside its target.
//! `cargo xtask bench-app`: only the in-browser ones (a filter change over 50,000
//! accounts; « Un PDF par classe » of 10,000 letters; local mode opening a 20,000-line export; a
//! cold start on a throttled link, sign-in to the first PDF),
//! which need the built app, the `sesame` binary and ChromeDriver.

use crate::run::{cmd, root, run, Result};
use crate::{setup, test};

pub fn bench() -> Result {
    prepare_app()?;
    run(&mut with_app_env(cmd("cargo", &["bench", "--workspace"]))?)
}

pub fn bench_app() -> Result {
    prepare_app()?;
    // The dev profile: the figures are measured in the browser, so the harness need not be
    // optimised, and it then shares its build with the end-to-end tests (minutes saved).
    for bench in ["filter_change", "class_zip", "local_file", "cold_start"] {
        run(&mut with_app_env(cmd(
            "cargo",
            &["bench", "--profile", "dev", "-p", "sesame-e2e", "--bench", bench],
        ))?)?;
    }
    Ok(())
}

/// Builds what the in-browser benchmark drives: the app as shipped and the `sesame` binary.
fn prepare_app() -> Result {
    setup::setup()?;
    test::build_app()?;
    run(&mut cmd(
        "cargo",
        &["build", "-p", "sesame-server", "--bin", "sesame"],
    ))
}

fn with_app_env(mut command: std::process::Command) -> Result<std::process::Command> {
    let root = root();
    command
        .env("SESAME_BIN", root.join("target/debug/sesame"))
        .env("SESAME_DIST", root.join("dist"))
        .env("CHROMEDRIVER", test::which("chromedriver")?);
    Ok(command)
}
