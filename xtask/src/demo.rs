//! `cargo xtask demo [-- sesame demo options]`: install what building the app needs (the wasm
//! target, Trunk, wasm-bindgen-cli — not the test tools: browsers, PostgreSQL, …), build the
//! app, start `sesame demo`.

use crate::run::{cmd, run, Result};
use crate::{setup, test};

pub fn demo(extra: &[String]) -> Result {
    setup::build_tools()?;
    test::build_app()?;
    let mut command = cmd(
        "cargo",
        &[
            "run",
            "--quiet",
            "-p",
            "sesame-server",
            "--bin",
            "sesame",
            "--",
            "demo",
        ],
    );
    command.args(extra.iter().filter(|a| *a != "--"));
    run(&mut command)
}
