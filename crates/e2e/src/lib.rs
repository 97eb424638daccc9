//! Sésame as a person uses it: the end-to-end suites (`tests/`) start the `sesame` binary on the
//! built app (`dist/`) and drive it in real browsers — headless Chromium, and Firefox ESR and
//! WebKit in `tests/e2e_engines.rs` — and the in-browser benchmarks (`benches/`) measure it
//! there. Everything they share is in `sesame-testkit`; this library is empty, a package's
//! tests need one to belong to.
