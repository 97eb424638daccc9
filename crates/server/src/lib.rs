//! `sesame-server`: the HTTP side of Sésame — directory API on SQLite, administrator accounts
//! and scope, the ENT CSV import, the demo school — and it serves the built app.
//!
//! `main.rs` parses the command line ([`cli`]) and runs a command ([`commands`], [`serve`]);
//! [`routes::app`] is the whole HTTP service, [`api`] its handlers, [`db`] all SQL, [`mail`] the
//! e-mail outbox worker and message composition.

pub mod api;
pub mod auth;
pub mod cli;
pub mod commands;
pub mod db;
pub mod error;
pub mod mail;
pub mod routes;
pub mod security;
pub mod serve;
pub mod state;
