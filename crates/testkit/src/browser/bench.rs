//! What the in-browser benchmarks (`benches/*.rs`) share beyond the browser itself: their
//! settings, read from the environment so that `cargo xtask bench-app` and a person at the
//! terminal can make a run longer or larger without editing code.

/// The benchmark setting `name` (`SESAME_BENCH_RUNS`, `SESAME_BENCH_USERS`…) as a whole
/// number, or `default` when it is not set or not a number.
pub fn bench_setting(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}
