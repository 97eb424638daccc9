//! The Sésame app: a Leptos single-page app, rendered in the browser (CSR).
//!
//! `main.rs` only mounts [`App`]; [`api`] talks HTTP; [`i18n`] holds every text (French first,
//! English available); [`pages`] has one page per file and [`components`] their parts. The
//! selection, sorting and PDF logic is `sesame-core`'s, shared with the server and the CLI; the
//! PDF engine runs in a Web Worker of its own ([`pdf_job`], `src/bin/pdf_worker.rs`), so this
//! module does not carry it.

pub mod api;
pub mod app;
pub mod browser;
pub mod components;
pub mod i18n;
pub mod pages;
pub mod pdf_job;
pub mod pdf_protocol;

pub use app::App;
