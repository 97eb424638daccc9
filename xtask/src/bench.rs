//! `cargo xtask bench`: every benchmark, each printing the figures its issue asks for.

use crate::run::{cmd, run, Result};

pub fn bench() -> Result {
    run(&mut cmd("cargo", &["bench", "--workspace"]))
}
