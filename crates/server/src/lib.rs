//! `sesame-server`: the HTTP side of Sésame.
//!
//! This first version serves the built app (`dist/`) and `GET /api/health`; the directory API,
//! authentication, CSV import and the mail outbox plug into [`routes::app`] as they land.
//! `main.rs` only parses the command line ([`cli`]) and starts [`serve::run`].

pub mod cli;
pub mod routes;
pub mod serve;
