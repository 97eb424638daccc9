//! Fuzzing of everything that reads outside input, as property tests that must never panic and
//! never accept garbage: the CSV import (arbitrary bytes, CSV-shaped noise, mutated real
//! exports, one-mebibyte fields), the selection's URL query, the letter settings' JSON, and
//! names from every Unicode category through the PDF engine.
//!
//! **Budget.** `cargo test` (and so `cargo xtask test`) runs a fixed-seed budget, a few seconds
//! in all; `cargo xtask fuzz` runs the same properties in release mode with
//! `SESAME_FUZZ_SCALE` times more cases and a fresh seed, printed so a failure can be replayed
//! with `SESAME_FUZZ_SEED`. (cargo-fuzz would need a nightly toolchain; proptest runs on
//! stable and shrinks what it finds to a small case.)

mod import;
mod pdf;
mod query;
mod settings;

use proptest::test_runner::{Config, RngSeed};

/// The seed of the fixed budget (any `SESAME_FUZZ_SEED` replaces it).
const DEFAULT_SEED: u64 = 0x5e5a_3e09_f022_2026;

/// `base` cases (times `SESAME_FUZZ_SCALE`), on the seed of `SESAME_FUZZ_SEED` or the fixed one.
pub fn budget(base: u32) -> Config {
    let scale: u32 = std::env::var("SESAME_FUZZ_SCALE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1);
    let seed = std::env::var("SESAME_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(DEFAULT_SEED);
    let cases = base.saturating_mul(scale.max(1));
    // Shown with `--nocapture` (cargo xtask fuzz), and with the output of a failing test.
    eprintln!("fuzz budget: {cases} cases, seed {seed}");
    Config {
        cases,
        rng_seed: RngSeed::Fixed(seed),
        // Shrinking a case found in a long run may take a while; it is worth it.
        max_shrink_iters: 4096,
        ..Config::default()
    }
}
