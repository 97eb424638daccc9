//! Checks across lines: a login or an Id may appear only once in the file.
//!
//! Logins are compared case-insensitively ("Zoe.Dupre" and "zoe.dupre" are one account at the
//! ENT's login prompt); Ids exactly. The later line is the one reported, naming the first.

use std::collections::hash_map::Entry;
use std::collections::HashMap;

use super::error::{LineError, LineErrorKind};

/// Collects each line's login and Id and reports the repeats.
#[derive(Default)]
pub(crate) struct Uniqueness {
    logins: HashMap<String, usize>,
    ids: HashMap<String, usize>,
}

impl Uniqueness {
    /// Records `login` (and `id`) for `line`; errors for those already seen on an earlier line.
    pub fn check(&mut self, line: usize, login: &str, id: Option<&str>) -> Vec<LineError> {
        let login_repeat = (!login.is_empty())
            .then(|| first_seen(&mut self.logins, login.to_lowercase(), line))
            .flatten()
            .map(|first_line| LineErrorKind::DuplicateLogin {
                login: login.to_owned(),
                first_line,
            });
        let id_repeat = id.filter(|id| !id.is_empty()).and_then(|id| {
            first_seen(&mut self.ids, id.to_owned(), line).map(|first_line| LineErrorKind::DuplicateId {
                id: id.to_owned(),
                first_line,
            })
        });
        [login_repeat, id_repeat]
            .into_iter()
            .flatten()
            .map(|kind| LineError::new(line, kind))
            .collect()
    }
}

/// Remembers `key` at `line` unless it was seen before; then returns the first line.
fn first_seen(seen: &mut HashMap<String, usize>, key: String, line: usize) -> Option<usize> {
    match seen.entry(key) {
        Entry::Occupied(first) => Some(*first.get()),
        Entry::Vacant(slot) => {
            slot.insert(line);
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeats_name_the_first_line() {
        let mut seen = Uniqueness::default();
        assert!(seen.check(2, "zoe.dupre", Some("u1")).is_empty());
        assert!(seen.check(3, "hugo.dupre", None).is_empty());
        let errors: Vec<String> = seen
            .check(9, "Zoe.Dupre", Some("u1"))
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            errors,
            [
                "ligne 9 : identifiant « Zoe.Dupre » en double (déjà ligne 2)",
                "ligne 9 : Id « u1 » en double (déjà ligne 2)"
            ]
        );
        // A third occurrence still points at the first.
        assert_eq!(
            seen.check(12, "zoe.dupre", None)[0].kind.code(),
            "duplicate-login"
        );
        assert!(seen.check(13, "", None).is_empty());
    }
}
