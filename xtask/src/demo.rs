//! `cargo xtask demo [-- sesame demo options]`: install, build the app, start `sesame demo`.

use crate::run::{cmd, run, Result};
use crate::{setup, test};

pub fn demo(extra: &[String]) -> Result {
    setup::setup()?;
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
