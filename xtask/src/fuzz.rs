//! `cargo xtask fuzz [--scale N] [--seed S]`: the fuzzing properties, long.
//!
//! The same properties `cargo xtask test` runs on a fixed seed with a small budget (a few
//! seconds), here optimised (the `bench` profile) with `--scale` times more cases (default 100)
//! on a fresh seed, printed first so a failure can be replayed exactly:
//! `cargo xtask fuzz --seed S`. Proptest shrinks what fails to a small case and the test prints
//! it. The properties: `crates/core/tests/fuzz/` (CSV import, selection query, letter-settings
//! and directory JSON, every Unicode category through the PDF engine) and
//! `crates/server/tests/fuzz_letter_settings.rs` (the server's check of saved settings).
//!
//! Why proptest rather than cargo-fuzz: it runs on the stable toolchain CI uses, in the same
//! test files as the fixed budget, and needs no C++ build of libFuzzer. (A nightly toolchain was
//! present on the development machine, so coverage-guided targets could be added beside these
//! later; CI would then need nightly and `cargo install cargo-fuzz`.)

use std::time::{Instant, SystemTime, UNIX_EPOCH};

use crate::run::{cmd, run, Result};

/// Cases of each property per case of the fixed budget.
const DEFAULT_SCALE: u64 = 100;

pub fn fuzz(args: &[String]) -> Result {
    let mut scale = DEFAULT_SCALE;
    let mut seed = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(1, |d| d.as_nanos() as u64);
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let value = args.next().ok_or_else(|| format!("{arg} needs a value"))?;
        let number = value
            .parse::<u64>()
            .map_err(|_| format!("{arg} {value}: give a whole number"))?;
        match arg.as_str() {
            "--scale" => scale = number.max(1),
            "--seed" => seed = number,
            _ => {
                return Err(format!(
                    "unknown option {arg}: cargo xtask fuzz [--scale N] [--seed S]"
                ))
            }
        }
    }
    eprintln!("xtask fuzz: seed {seed}, {scale}× the test budget (replay: cargo xtask fuzz --scale {scale} --seed {seed})");
    let start = Instant::now();
    for (package, target) in [("sesame-core", "fuzz"), ("sesame-server", "fuzz_letter_settings")] {
        run(cmd(
            "cargo",
            &[
                "test",
                "--profile",
                "bench",
                "-p",
                package,
                "--test",
                target,
                "--",
                "--nocapture",
            ],
        )
        .env("SESAME_FUZZ_SCALE", scale.to_string())
        .env("SESAME_FUZZ_SEED", seed.to_string()))?;
    }
    eprintln!(
        "\nxtask fuzz: no failure in {:.0?} (seed {seed}, scale {scale})",
        start.elapsed()
    );
    Ok(())
}
