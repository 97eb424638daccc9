//! `cargo xtask test`: everything CI checks, in the order that fails fastest, each stage timed
//! and the times printed at the end.
//!
//! 1. install what is missing ([`crate::setup`]);
//! 2. `cargo fmt --check`;
//! 3. every native test executable, the `sesame` binary with them, built once with clippy's
//!    lints, warnings denied ([`build_tests`]; the benchmarks are linted, not built, beside the
//!    tests' run: [`doc_beside`]) — while the app is built beside it (Trunk,
//!    release, as shipped, precompressed): its last step, link-time optimisation in one
//!    codegen unit, keeps one core busy for minutes, and the tests' build uses the other; then
//!    the doc tests;
//! 4. the native test executables of the whole workspace a few at a time, the slowest first
//!    ([`crate::lanes`]): the unit, property and fuzzing tests, the server's suites, and the
//!    end-to-end tests in `tests/`, which start `sesame` and drive a real headless Chromium — and,
//!    in `crates/e2e/tests/e2e_engines.rs`, Firefox ESR and WebKit too; among them the server's suites that
//!    run on either engine ([`POSTGRES_SUITES`]) again on PostgreSQL, a throw-away server started
//!    for them ([`crate::postgres`]); beside the lanes ([`crate::beside`]), the app's in-browser
//!    tests (`wasm-bindgen-test` in headless Chromium, built in the app's shipped profile, on
//!    the dependencies its build compiled, with clippy's lints for the browser), and clippy on
//!    the benchmarks then `cargo doc --no-deps`, warnings denied ([`doc_beside`]).

use std::path::Path;
use std::time::{Duration, Instant};

use crate::beside::{run_logged, Beside};
use crate::lanes::{all_test_executables, Job};
use crate::run::{cmd, root, run, Result};
use crate::setup;

/// The server's test files whose storage follows `SESAME_TEST_POSTGRES`: run again on
/// PostgreSQL. Every other file of `crates/server/tests/` is in [`SQLITE_SUITES`], whose tests
/// use SQLite's own file or none (running them again would test nothing new); a unit test here
/// fails when a file is in neither list.
pub const POSTGRES_SUITES: [&str; 15] = [
    "admins_api",
    "api",
    "backups",
    "binary",
    "import_load",
    "imports_api",
    "instances",
    "mail",
    "mail_binary",
    "oidc",
    "postgres_outage",
    "revalidation",
    "shared_accounts",
    "upgrades",
    "support",
];

/// The server's test files that run on SQLite only (see [`POSTGRES_SUITES`]): the attacks'
/// harness seeds the file directly, SQLite's own lock outage, the demo, the letters command,
/// the settings' fuzzing, the operator's commands and the stop on SIGTERM.
pub const SQLITE_SUITES: [&str; 7] = [
    "abuse",
    "db_outage",
    "demo_binary",
    "fuzz_letter_settings",
    "letters",
    "operating",
    "shutdown",
];

pub fn test() -> Result {
    let start = Instant::now();
    disk_report("before");
    let mut stages = Stages::default();
    let result = checks(&mut stages);
    // A full disk shows up as an odd linker crash (SIGBUS): print the figures either way.
    disk_report("after");
    stages.print();
    result?;
    eprintln!("\nall checks passed in {:.0?}", start.elapsed());
    Ok(())
}

/// How long each stage took, for the summary at the end.
#[derive(Default)]
struct Stages(Vec<(String, Duration)>);

impl Stages {
    fn time<T>(&mut self, name: &str, stage: impl FnOnce() -> Result<T>) -> Result<T> {
        let start = Instant::now();
        let result = stage();
        self.0.push((name.to_owned(), start.elapsed()));
        result
    }

    fn print(&self) {
        eprintln!("\nxtask: stages");
        for (name, took) in &self.0 {
            eprintln!("  {:>6.0?}  {name}", took);
        }
    }
}

fn checks(stages: &mut Stages) -> Result {
    stages.time("setup", setup::setup)?;
    stages.time("fmt", || {
        run(&mut cmd("cargo", &["fmt", "--all", "--", "--check"]))
    })?;
    let app = std::thread::spawn(|| {
        let start = Instant::now();
        build_app_quietly().map(|()| start.elapsed())
    });
    // `target/debug/sesame` comes with the tests: the server's suites need it, so cargo builds
    // it for them — with the whole workspace's features, where a `cargo build -p sesame-server`
    // of its own would resolve others (the app's macros turn on features of `proc-macro2`) and
    // compile most dependencies a second time.
    let built = stages.time("build the tests, with clippy's lints", build_tests);
    let built = match built {
        Ok(built) => built,
        Err(e) => {
            // The app's build is waited for even when the tests' failed, so that its output
            // is not lost.
            let _ = wait_for_app(app, stages);
            return Err(e);
        }
    };
    // The doc tests are compiled when they run: they run first, with no browser yet, so that
    // compiling them does not slow the lanes' browsers. Through clippy's driver too: the
    // workspace's libraries they link are then the tests' build's, not built again.
    let doc_tests = stages.time("doc tests", || {
        run(with_clippy(&mut cmd("cargo", &["test", "--workspace", "--doc"]))?)
    });
    wait_for_app(app, stages)?;
    doc_tests?;

    let chromedriver = which("chromedriver")?;
    // Each engine's driver named explicitly: a missing one fails here, by name, before the
    // tests start (testkit's `Engine` would fail the tests themselves otherwise).
    let geckodriver = which("geckodriver")?;
    let webkit = which("WebKitWebDriver")?;
    let in_browser = Beside::start(
        "the app's in-browser tests and clippy for the browser",
        "tests-in-browser.log",
        {
            let chromedriver = chromedriver.clone();
            move |log| in_browser_tests(&chromedriver, log)
        },
    );
    // Checks that need no test to have run, on the cores the tests leave idle while they wait.
    let checks = Beside::start("the benchmarks' lints and the doc", "doc-beside.log", doc_beside);
    // Stopped and deleted when dropped, once every lane has ended.
    let postgres = crate::postgres::start()?;
    let lanes = lanes();
    eprintln!(
        "\n==> the test executables, {lanes} at a time; the server's suites again on PostgreSQL but {} (SQLite's own)",
        SQLITE_SUITES.join(", ")
    );
    let main = stages.time(
        &format!("tests: SQLite, PostgreSQL and the browsers, {lanes} at a time"),
        || {
            let mut jobs = Vec::new();
            for (name, executable, manifest) in all_test_executables(&built) {
                let on_postgres = manifest.ends_with("crates/server/Cargo.toml")
                    && (name == "sesame_server" || POSTGRES_SUITES.contains(&name.as_str()));
                if on_postgres {
                    // With `--include-ignored`: the tests that need PostgreSQL are `#[ignore]`d
                    // elsewhere, so a plain run says they did not run instead of passing them empty.
                    let mut job = Job::new(format!("{name}@postgres"), &executable, &manifest);
                    job.command
                        .arg("--include-ignored")
                        .env("SESAME_TEST_POSTGRES", postgres.url());
                    jobs.push(job);
                }
                jobs.push(Job::new(name, &executable, &manifest));
            }
            // A suite renamed or no longer built must fail here, not quietly stop running on
            // PostgreSQL.
            for suite in std::iter::once("sesame_server").chain(POSTGRES_SUITES) {
                let name = format!("{suite}@postgres");
                if !jobs.iter().any(|job| job.name == name) {
                    return Err(format!("no test executable for {suite} in the build's list"));
                }
            }
            let root = root();
            for job in &mut jobs {
                job.command
                    .env("SESAME_BIN", root.join("target/debug/sesame"))
                    .env("SESAME_DIST", root.join("dist"))
                    .env("CHROMEDRIVER", &chromedriver)
                    .env("GECKODRIVER", &geckodriver)
                    .env("WEBKITWEBDRIVER", &webkit);
            }
            crate::lanes::run(jobs, lanes)
        },
    );
    drop(postgres);
    let mut failed = Vec::new();
    for beside in [in_browser, checks] {
        let (name, took, result) = beside.wait();
        stages.0.push((format!("{name} (beside)"), took));
        if let Err(e) = result {
            failed.push(format!("{name}: {e}"));
        }
    }
    main?;
    if failed.is_empty() {
        Ok(())
    } else {
        Err(failed.join("; "))
    }
}

/// `cargo clippy --benches --bins`, then `cargo doc --no-deps`, warnings denied (a broken link
/// in the docs fails too); both run, and either fails the stage. Run beside the tests: the doc
/// checks the dependencies it documents against — a check, which no build of the tests serves —
/// and the lints reuse those checks. The benchmarks are linted, not built: no lane runs them
/// (`cargo xtask bench` does), and building them cost a clean run minutes of CPU (their code,
/// and a link each against every dependency). The binaries are linted here for the app's
/// WebAssembly modules, which no native build of the tests compiles (`test = false`). Both are
/// work for the cores that the tests leave idle, not stages of their own.
fn doc_beside(log: &Path) -> Result {
    let linted = run_logged(
        &mut cmd(
            "cargo",
            &[
                "clippy",
                "--workspace",
                "--benches",
                "--bins",
                "--features",
                APP_MODULES,
                "--",
                "-D",
                "warnings",
            ],
        ),
        log,
    );
    let targets = documented_targets()?;
    let mut args = vec!["doc", "--workspace", "--no-deps"];
    args.extend(targets.iter().map(String::as_str));
    let documented = run_logged(cmd("cargo", &args).env("RUSTDOCFLAGS", "-D warnings"), log);
    linted.and(documented)
}

/// The feature the app's WebAssembly modules require (`Cargo.toml`): the lints and the doc of
/// its binaries need it, as Trunk's build does.
const APP_MODULES: &str = "sesame-app/modules";

/// What `cargo doc` documents by default — every library, and every binary not named as its
/// package's library — named one by one, with the app's modules' feature, and `--examples`: asking for examples makes Cargo
/// resolve features with the dev-dependencies, as the tests' build did, so the proc macros and
/// build scripts it compiled serve again rather than being compiled a second time with other
/// features. The workspace has no example; the flag is there for the features alone.
fn documented_targets() -> Result<Vec<String>> {
    let json = crate::run::output(&mut cmd(
        "cargo",
        &["metadata", "--format-version", "1", "--no-deps"],
    ))
    .ok_or("cargo metadata failed")?;
    let metadata: serde_json::Value = serde_json::from_str(&json).map_err(|e| e.to_string())?;
    let mut args = vec![
        "--lib".to_owned(),
        "--examples".to_owned(),
        "--features".to_owned(),
        APP_MODULES.to_owned(),
    ];
    for package in metadata["packages"].as_array().into_iter().flatten() {
        let targets: Vec<(&str, bool)> = package["targets"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|t| {
                let kinds = t["kind"].as_array()?;
                let is = |kind: &str| kinds.iter().any(|k| k == kind);
                (is("lib") || is("bin")).then_some((t["name"].as_str()?, is("lib")))
            })
            .collect();
        for (bin, _) in targets.iter().filter(|(_, lib)| !lib) {
            let crate_name = bin.replace('-', "_");
            if !targets.iter().any(|(name, lib)| *lib && *name == crate_name) {
                args.extend(["--bin".to_owned(), (*bin).to_owned()]);
            }
        }
    }
    Ok(args)
}

/// How many test executables run at once: `SESAME_TEST_LANES`, or 3 — on two cores, enough to
/// fill the time the tests spend waiting without slowing the browsers' pages past their
/// timeouts.
fn lanes() -> usize {
    std::env::var("SESAME_TEST_LANES")
        .ok()
        .and_then(|n| n.parse().ok())
        .filter(|n| *n > 0)
        .unwrap_or(3)
}

/// `cargo test --workspace --tests --no-run`, its progress shown; the JSON that lists the
/// executables.
///
/// Every test target is built (`--tests`: the libraries' and binaries' own tests and the
/// integration tests — not the targets whose manifest says `test = false`: the app's
/// WebAssembly modules and in-browser tests, which would compile the app's library natively for
/// nothing) with clippy's driver as the workspace's compiler, warnings denied: that is `cargo
/// clippy --workspace --tests -- -D warnings`, whose lints run the same way before the code is
/// generated, without a second pass over every dependency. Only the workspace's own crates go
/// through the driver, so the dependencies are built as a plain `cargo test` builds them. The
/// benchmarks are linted beside ([`doc_beside`]).
fn build_tests() -> Result<String> {
    let args = [
        "test",
        "--workspace",
        "--tests",
        "--no-run",
        "--message-format=json-render-diagnostics",
    ];
    eprintln!(
        "\n==> cargo {} (through clippy's driver, -D warnings)",
        args.join(" ")
    );
    let out = with_clippy(&mut cmd("cargo", &args))?
        .stderr(std::process::Stdio::inherit())
        .output()
        .map_err(|e| format!("cannot start cargo: {e}"))?;
    if !out.status.success() {
        return Err(format!("building the tests failed ({})", out.status));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// `command`, a cargo command, with clippy's driver compiling the workspace's own crates and
/// warnings denied, as `cargo clippy -- -D warnings` runs it.
fn with_clippy(command: &mut std::process::Command) -> Result<&mut std::process::Command> {
    Ok(command
        .env("RUSTC_WORKSPACE_WRAPPER", which("clippy-driver")?)
        // How `cargo clippy` hands the arguments after its `--` to the driver.
        .env("CLIPPY_ARGS", "-D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__"))
}

/// Waits for the app's build (started beside the tests' build) and notes how long it took.
fn wait_for_app(app: std::thread::JoinHandle<Result<Duration>>, stages: &mut Stages) -> Result {
    let took = app.join().map_err(|_| "the app's build panicked".to_owned())??;
    stages
        .0
        .push(("app (Trunk, beside the tests' build)".to_owned(), took));
    Ok(())
}

/// The app's in-browser tests, built in Trunk's folder ([`APP_TARGET`]: idle once the app is
/// built, while the main run holds `target/`'s lock) and in its profile, `app`: its
/// dependencies are then the ones the app's build compiled, not a second build of them all
/// (Cargo.toml turns on, for the app, the features the tests' harness adds). Through clippy's
/// driver, warnings denied: these are clippy's lints for the browser — the app's library on
/// `wasm32-unknown-unknown` and `tests/web.rs`, the one file only that target compiles (the
/// rest of the app's code compiles natively too, and the tests' build lints it there) —
/// without checking every WebAssembly dependency once more.
fn in_browser_tests(chromedriver: &str, log: &Path) -> Result {
    run_logged(
        with_clippy(&mut cmd(
            "cargo",
            &[
                "test",
                "--profile",
                "app",
                "-p",
                "sesame-app",
                "--target",
                "wasm32-unknown-unknown",
                "--test",
                "web",
            ],
        ))?
        .env("CARGO_TARGET_DIR", root().join(APP_TARGET))
        .env("CHROMEDRIVER", chromedriver)
        .env(
            "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
            "wasm-bindgen-test-runner",
        ),
        log,
    )
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

/// Where Trunk's cargo builds the app's modules: a target folder of their own, so that the
/// app's build never waits for (nor blocks) the native builds' lock, and runs beside them.
pub const APP_TARGET: &str = "target/app";

/// `trunk build --release` into `dist/` (the page and its workers, in the `app` size profile),
/// then a Brotli and a gzip copy beside each file ([`crate::compress`]), and the size of each as
/// a browser downloads it (the page's module is what every school downloads first; the workers
/// are fetched when needed).
pub fn build_app() -> Result {
    run(cmd("trunk", &["build", "--release"]).env("CARGO_TARGET_DIR", root().join(APP_TARGET)))?;
    let dist = root().join("dist");
    let done = crate::compress::precompress(&dist)?;
    // A print, not an assertion: sizes move with every dependency update.
    crate::compress::print_sizes(&done, &dist);
    Ok(())
}

/// [`build_app`] with Trunk's output in `target/app-build.log` (it runs beside the tests' build, whose
/// output it would cut into), shown when it fails.
fn build_app_quietly() -> Result {
    let log_path = root().join("target/app-build.log");
    std::fs::create_dir_all(root().join("target")).map_err(|e| e.to_string())?;
    let log = std::fs::File::create(&log_path).map_err(|e| format!("{}: {e}", log_path.display()))?;
    let err = log.try_clone().map_err(|e| e.to_string())?;
    eprintln!(
        "\n==> trunk build --release (beside the tests' build; output in {})",
        log_path.display()
    );
    let status = cmd("trunk", &["build", "--release"])
        .env("CARGO_TARGET_DIR", root().join(APP_TARGET))
        .stdout(log)
        .stderr(err)
        .status()
        .map_err(|e| format!("cannot start trunk: {e}"))?;
    if !status.success() {
        let text = std::fs::read_to_string(&log_path).unwrap_or_default();
        let tail: Vec<&str> = text.lines().rev().take(60).collect();
        let tail: Vec<&str> = tail.into_iter().rev().collect();
        return Err(format!(
            "trunk build --release failed ({status}):\n{}",
            tail.join("\n")
        ));
    }
    let dist = root().join("dist");
    let done = crate::compress::precompress(&dist)?;
    crate::compress::print_sizes(&done, &dist);
    Ok(())
}

pub fn which(program: &str) -> Result<String> {
    crate::run::output(std::process::Command::new("sh").args(["-c", &format!("command -v {program}")]))
        .map(|s| s.trim().to_owned())
        .ok_or_else(|| format!("{program} is not installed; `cargo xtask setup` installs it"))
}

#[cfg(test)]
mod tests {
    use super::{POSTGRES_SUITES, SQLITE_SUITES};
    use crate::run::root;

    /// The tests' build is CI's clippy: a lint must fail it. `CLIPPY_ARGS` is how `cargo clippy`
    /// talks to its driver, not a documented interface; were a new toolchain to read it no more,
    /// the lints would become warnings and the build would pass — this fails instead.
    #[test]
    fn a_lint_fails_a_build_through_clippys_driver() {
        let dir = std::env::temp_dir().join(format!("xtask-clippy-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("src")).unwrap();
        std::fs::write(
            dir.join("Cargo.toml"),
            "[package]\nname = \"linted\"\nversion = \"0.1.0\"\nedition = \"2021\"\n[workspace]\n",
        )
        .unwrap();
        // `ptr_arg`, on by default: a `&Vec` where a slice will do.
        let bad = "pub fn count(v: &Vec<u8>) -> usize { v.len() }\n";
        std::fs::write(dir.join("src/lib.rs"), bad).unwrap();
        let build = |dir: &std::path::Path| {
            let mut command = std::process::Command::new("cargo");
            command
                .args(["build", "--offline", "--quiet"])
                .current_dir(dir)
                .env("CARGO_TARGET_DIR", dir.join("target"));
            super::with_clippy(&mut command).unwrap().output().unwrap()
        };
        let refused = build(&dir);
        let said = String::from_utf8_lossy(&refused.stderr).into_owned();
        assert!(!refused.status.success(), "the lint did not fail the build");
        assert!(said.contains("ptr_arg"), "{said}");
        // The same crate without the lint builds: what failed was the lint.
        std::fs::write(
            dir.join("src/lib.rs"),
            "pub fn count(v: &[u8]) -> usize { v.len() }\n",
        )
        .unwrap();
        let built = build(&dir);
        assert!(
            built.status.success(),
            "{}",
            String::from_utf8_lossy(&built.stderr)
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// `cargo doc` is asked for what it documents by default: the server's binary and the
    /// app's other modules, never a binary named as its package's library (their pages would
    /// overwrite each other).
    #[test]
    fn the_doc_names_each_binary_but_those_named_as_their_library() {
        let args = super::documented_targets().unwrap();
        let bins: Vec<&str> = args
            .windows(2)
            .filter(|w| w[0] == "--bin")
            .map(|w| w[1].as_str())
            .collect();
        for bin in ["sesame", "xtask", "sesame-whole", "pdf-worker"] {
            assert!(bins.contains(&bin), "{bin} not in {args:?}");
        }
        assert!(!bins.contains(&"sesame-app"), "{args:?}");
        assert!(args.iter().any(|a| a == "--lib") && args.iter().any(|a| a == "--examples"));
    }

    /// A new test file of the server must be put in one list: run again on PostgreSQL, or not.
    #[test]
    fn every_server_test_file_is_in_one_list() {
        let mut files: Vec<String> = std::fs::read_dir(root().join("crates/server/tests"))
            .unwrap()
            .filter_map(|entry| {
                let name = entry.unwrap().file_name().into_string().unwrap();
                name.strip_suffix(".rs").map(str::to_owned)
            })
            .collect();
        files.sort();
        let mut listed: Vec<String> = POSTGRES_SUITES
            .iter()
            .chain(SQLITE_SUITES.iter())
            .map(|s| s.to_string())
            .collect();
        listed.sort();
        assert_eq!(files, listed);
    }
}
