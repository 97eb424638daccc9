//! `cargo xtask`: the project's own automation, so a fresh machine needs nothing but Rust and apt.
//!
//! - `cargo xtask demo`  — install what building the app needs, build it, start `sesame demo`.
//! - `cargo xtask test`  — install what is missing, then every check CI runs (see [`mod@test`]).
//! - `cargo xtask dist`  — the app as deployed: `trunk build --release` into `dist/`, then a
//!   Brotli and a gzip copy beside each file (what `sesame serve` sends as they are).
//! - `cargo xtask bench` — the benchmarks, with the figures the issues ask for.
//! - `cargo xtask bench-app` — only the in-browser ones (a filter change, « Un PDF par classe »,
//!   local mode, a cold start on a slow link).
//! - `cargo xtask fuzz`  — the fuzzing properties, optimised, with many more cases (see [`fuzz`]).
//! - `cargo xtask setup` — only the installation step (the build's tools and the tests').
//! - `cargo xtask core-fonts` — regenerate the PDF fonts' core cuts (see [`fonts`]).
//! - `cargo xtask package [--check]` — the Debian package, and its check (see [`package`]).
//! - `cargo xtask proxy-check [--sesame PATH]` — the nginx and Caddy examples of
//!   docs/operations.md in front of real instances restarting and a database outage (see
//!   [`mod@proxy_check`]).
//! - `cargo xtask postgres COMMAND…` — COMMAND with `SESAME_TEST_POSTGRES` naming a throw-away
//!   PostgreSQL server, stopped and deleted afterwards (see [`postgres`]), e.g. `cargo xtask
//!   postgres cargo test -p sesame-server` for the server's suites on PostgreSQL.

mod bench;
mod beside;
mod compress;
mod demo;
mod fonts;
mod fuzz;
mod lanes;
mod package;
mod postgres;
#[cfg(feature = "proxy-check")]
mod proxy_check;
mod run;
mod setup;
mod test;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("demo") => demo::demo(&args[1..]),
        Some("test") => test::test(),
        Some("dist") => setup::build_tools().and_then(|()| test::build_app()),
        Some("bench") => bench::bench(),
        Some("bench-app") => bench::bench_app(),
        Some("fuzz") => fuzz::fuzz(&args[1..]),
        Some("setup") => setup::setup(),
        Some("core-fonts") => fonts::core_fonts(),
        Some("package") => package::package(&args[1..]),
        Some("postgres") => postgres::with_postgres(&args[1..]),
        Some("proxy-check") => proxy_check(&args[1..]),
        _ => {
            eprintln!("usage: cargo xtask <demo | test | dist | bench | bench-app | fuzz | setup | core-fonts | package [--check] | proxy-check [--sesame PATH] | postgres COMMAND…>");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("xtask: {error}");
            ExitCode::FAILURE
        }
    }
}

/// `cargo xtask proxy-check`: the check, from a build with it (the `proxy-check` feature, on by
/// default); the `cargo xtask` alias builds xtask without it, so there it runs that build.
fn proxy_check(args: &[String]) -> run::Result {
    #[cfg(feature = "proxy-check")]
    return proxy_check::proxy_check(args);
    #[cfg(not(feature = "proxy-check"))]
    run::run(
        run::cmd(
            "cargo",
            &["run", "--quiet", "--package", "xtask", "--", "proxy-check"],
        )
        .args(args),
    )
}
