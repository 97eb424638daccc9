//! The sort choices of the "Distribution" step: group by profile or class (in either order), then
//! by last name, first name and login.
//!
//! Names compare folded ([`crate::selection::fold`]): "Émile" files between "Eliott" and "Enzo", "Œ" as "OE",
//! "Ł" as "L", then raw text and id break ties so the order is total and the same everywhere. The
//! comparisons themselves live in [`crate::selection::directory`], which ranks every user by name once.

use std::cmp::Ordering;

use serde::{Deserialize, Serialize};

use crate::model::User;
use crate::selection::fold::fold;

/// A grouping key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum SortKey {
    #[default]
    None,
    Profile,
    Class,
}

impl SortKey {
    /// Every key, in the order the app offers them (« Aucun », « Profil », « Classe »).
    pub const ALL: [SortKey; 3] = [SortKey::None, SortKey::Profile, SortKey::Class];

    /// The word of the address's `sort=` (`name` for no grouping, `profile`, `class`).
    pub fn query_word(self) -> &'static str {
        match self {
            SortKey::None => "name",
            SortKey::Profile => "profile",
            SortKey::Class => "class",
        }
    }

    /// The key a word of `sort=` stands for; `None` for an unknown word.
    pub fn from_query(word: &str) -> Option<SortKey> {
        SortKey::ALL.into_iter().find(|k| k.query_word() == word)
    }
}

/// Group by `first`, then by `then`, then by name. `None` in both = by name only (the ENT's
/// default).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Sort {
    pub first: SortKey,
    pub then: SortKey,
}

impl Sort {
    pub const BY_NAME: Sort = Sort {
        first: SortKey::None,
        then: SortKey::None,
    };
    pub const BY_CLASS: Sort = Sort {
        first: SortKey::Class,
        then: SortKey::None,
    };
    pub const BY_PROFILE: Sort = Sort {
        first: SortKey::Profile,
        then: SortKey::None,
    };

    /// The grouping keys in order, without `None`s and without repeating a key.
    pub fn keys(self) -> impl Iterator<Item = SortKey> {
        let then = if self.then == self.first {
            SortKey::None
        } else {
            self.then
        };
        [self.first, then].into_iter().filter(|k| *k != SortKey::None)
    }
}

/// Compares two users by name as a French reader expects: folded last name, first name, login,
/// then the raw texts and the id so that no two distinct users compare equal.
pub fn compare_names(a: &User, b: &User) -> Ordering {
    NameKey::new(a).cmp(&NameKey::new(b))
}

/// Comparable name of a user; built once per user.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct NameKey {
    folded: [String; 3],
    raw: [String; 3],
    id: String,
}

impl NameKey {
    pub fn new(user: &User) -> NameKey {
        NameKey {
            folded: [fold(&user.last_name), fold(&user.first_name), fold(&user.login)],
            raw: [
                user.last_name.clone(),
                user.first_name.clone(),
                user.login.clone(),
            ],
            id: user.id.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_skip_none_and_repeats() {
        assert_eq!(Sort::BY_NAME.keys().count(), 0);
        let s = Sort {
            first: SortKey::Class,
            then: SortKey::Class,
        };
        assert_eq!(s.keys().collect::<Vec<_>>(), [SortKey::Class]);
        let s = Sort {
            first: SortKey::None,
            then: SortKey::Profile,
        };
        assert_eq!(s.keys().collect::<Vec<_>>(), [SortKey::Profile]);
        let s = Sort {
            first: SortKey::Profile,
            then: SortKey::Class,
        };
        assert_eq!(s.keys().collect::<Vec<_>>(), [SortKey::Profile, SortKey::Class]);
    }
}
