//! `cargo xtask postgres COMMAND…` and the PostgreSQL pass of `cargo xtask test`: a throw-away
//! server from testkit ([`sesame_testkit::postgres`], shared with the tests that start their
//! own), named to COMMAND by `SESAME_TEST_POSTGRES`.

use std::process::Command;

pub use sesame_testkit::postgres::{bin_dir, TempPostgres};

use crate::run::{run, Result};

/// A fresh server, started and announced.
pub fn start() -> Result<TempPostgres> {
    let server = TempPostgres::start()?;
    println!("PostgreSQL for the tests: {}", server.url());
    Ok(server)
}

/// `cargo xtask postgres COMMAND…`: runs COMMAND with `SESAME_TEST_POSTGRES` set to a fresh
/// server's URL, then stops the server.
pub fn with_postgres(command: &[String]) -> Result {
    let [program, args @ ..] = command else {
        return Err("usage: cargo xtask postgres COMMAND… (e.g. cargo test -p sesame-server)".into());
    };
    let server = start()?;
    let result = run(Command::new(program)
        .args(args)
        .env("SESAME_TEST_POSTGRES", server.url()));
    drop(server);
    result
}
