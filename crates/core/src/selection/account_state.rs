//! What an account's letter means, in one word for the *Vérification* table: still to activate,
//! already activated, blocked, or signing in with an outside account.
//!
//! A padlock used to mean « non activé » here while the ENT uses one for « bloqué »: the table
//! now says the state in words, decided here so the table, its column sort and any future
//! export agree.

use crate::model::{Profile, User};

/// The state of an account, most telling first: a blocked account cannot sign in whatever its
/// code, and an account that signs in elsewhere needs no letter whatever its activation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AccountState {
    /// Not activated: its letter carries an activation code (« À activer »).
    ToActivate,
    /// Activated: its letter reminds the login and how to reset a password (« Activé »).
    Activated,
    /// Signs in with an outside account, by its profile (« Compte externe »).
    External,
    /// Blocked in the ENT: cannot sign in until unblocked (« Bloqué »).
    Blocked,
}

impl AccountState {
    /// Every state, in the order a column sort lists them.
    pub const ALL: [AccountState; 4] = [
        AccountState::ToActivate,
        AccountState::Activated,
        AccountState::External,
        AccountState::Blocked,
    ];

    /// The state of `user`, whose structure's outside-sign-in profiles are `external`.
    pub fn of(user: &User, external: &[Profile]) -> AccountState {
        if user.blocked {
            AccountState::Blocked
        } else if external.contains(&user.profile) {
            AccountState::External
        } else if user.is_activated() {
            AccountState::Activated
        } else {
            AccountState::ToActivate
        }
    }

    /// A stable word for tests and styles (`data-state`).
    pub fn as_str(self) -> &'static str {
        match self {
            AccountState::ToActivate => "to-activate",
            AccountState::Activated => "activated",
            AccountState::External => "external",
            AccountState::Blocked => "blocked",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(profile: Profile, code: Option<&str>, blocked: bool) -> User {
        let mut u = User::new("u", profile, "A", "B", "a.b", chrono::DateTime::UNIX_EPOCH);
        u.activation_code = code.map(str::to_owned);
        u.blocked = blocked;
        u
    }

    #[test]
    fn blocked_wins_then_external_then_activation() {
        let external = [Profile::Teacher, Profile::Relative];
        let state = |p, code, blocked| AccountState::of(&user(p, code, blocked), &external);
        assert_eq!(
            state(Profile::Student, Some("X"), false),
            AccountState::ToActivate
        );
        assert_eq!(state(Profile::Student, None, false), AccountState::Activated);
        assert_eq!(state(Profile::Teacher, Some("X"), false), AccountState::External);
        assert_eq!(state(Profile::Relative, None, false), AccountState::External);
        assert_eq!(state(Profile::Teacher, Some("X"), true), AccountState::Blocked);
        assert_eq!(state(Profile::Student, None, true), AccountState::Blocked);
        // With no outside sign-in, a teacher is like anyone else.
        assert_eq!(
            AccountState::of(&user(Profile::Teacher, None, false), &[]),
            AccountState::Activated
        );
    }
}
