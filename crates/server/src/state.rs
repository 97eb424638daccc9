//! What every handler shares, built once at start.

use std::sync::Arc;

use axum::http::HeaderValue;

use crate::auth::rate_limit::RateLimiter;
use crate::db::Db;
use crate::mail::Mailer;

/// Shared state; cheap to clone.
#[derive(Debug, Clone)]
pub struct AppState {
    /// The directory, admin accounts, sessions and logs.
    pub db: Db,
    /// Failed logins per account and per address.
    pub limiter: Arc<RateLimiter>,
    /// Mark the session cookie `Secure` (set when served over TLS, directly or behind a proxy).
    pub secure_cookies: bool,
    /// The Content-Security-Policy sent with every response (see [`crate::security`]).
    pub csp: HeaderValue,
    /// The SMTP transport and outbox settings; `None` when no `--smtp-url` was given (mailings
    /// are then refused with 503).
    pub mailer: Option<Mailer>,
}
