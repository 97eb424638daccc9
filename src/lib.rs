//! The Sésame app: a Leptos single-page app, rendered in the browser (CSR).
//!
//! This first version is the shell the later screens (login, selection, check, distribution)
//! plug into; `main.rs` only mounts [`App`].

pub mod app;

pub use app::App;
