//! `sesame-server`: the HTTP side of Sésame — directory API on SQLite, administrator accounts
//! and scope, the ENT CSV import, the demo school — and it serves the built app.
//!
//! `main.rs` parses the command line ([`cli`]) and runs a command ([`commands`], [`serve`], which
//! stops without dropping work: [`shutdown`]); [`routes::app`] is the whole HTTP service, [`api`]
//! its handlers, [`db`] all SQL, [`mail`] the e-mail outbox worker and message composition,
//! [`directory_cache`] the directory's bodies kept ready per version, [`dist_files`] the app's
//! files compressed when the build did not. [`client`] works out who is asking (trusted proxies),
//! [`letter_settings`] checks saved settings, [`log_text`] keeps outside text from forging log
//! lines, [`listener`] serves connections (header read timeout, hyper's own error answers made the
//! API's) and [`slow_bodies`] cuts off bodies that come too slowly. `SECURITY.md` at the
//! repository's root is the threat model.

pub mod api;
pub mod auth;
pub mod cli;
pub mod client;
pub mod commands;
pub mod db;
pub mod directory_cache;
pub mod dist_files;
pub mod env_file;
pub mod error;
pub mod import_slots;
pub mod letter_settings;
pub mod listener;
pub mod log_text;
pub mod mail;
pub mod notify;
pub mod oidc;
pub mod routes;
pub mod security;
pub mod serve;
pub mod shutdown;
pub mod slow_bodies;
pub mod state;
