//! Authentication and scope: password hashing, signing in, session cookies, CSRF, login rate
//! limiting with device cookies, and the [`CurrentAdmin`] extractor every protected handler takes.

pub mod device;
pub mod login;
pub mod password;
pub mod rate_limit;
pub mod session;

pub use session::{cookie_name, CurrentAdmin, CurrentTeacher, Person, SECURE_SESSION_COOKIE, SESSION_COOKIE};
