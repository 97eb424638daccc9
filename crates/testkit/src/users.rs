//! Accounts for tests, without spelling out every field: [`user`] is core's
//! [`User::new`](sesame_core::User::new) with a login made from the names and a fixed creation
//! date, and [`class`] a class reference; tests set the rest by hand (a code, an e-mail, …).

use chrono::{DateTime, Utc};
use sesame_core::{ClassRef, Profile, User};

/// An instant from its RFC 3339 text (`"2025-09-01T08:00:00Z"`).
pub fn utc(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .unwrap_or_else(|e| panic!("{text:?}: {e}"))
        .with_timezone(&Utc)
}

/// Account `id`, activated, with login `first.last` (lower case), created on 1 September 2025
/// at 08:00 UTC, in no class.
pub fn user(id: &str, profile: Profile, first: &str, last: &str) -> User {
    let login = format!("{}.{}", first.to_lowercase(), last.to_lowercase());
    User::new(id, profile, first, last, login, utc("2025-09-01T08:00:00Z"))
}

/// A class reference.
pub fn class(id: &str, name: &str) -> ClassRef {
    ClassRef {
        id: id.into(),
        name: name.into(),
    }
}
