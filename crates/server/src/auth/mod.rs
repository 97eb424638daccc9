//! Authentication and scope: password hashing, session cookies, CSRF, login rate limiting, and
//! the [`CurrentAdmin`] extractor every protected handler takes.

pub mod password;
pub mod rate_limit;
pub mod session;

pub use session::{CurrentAdmin, SESSION_COOKIE};
