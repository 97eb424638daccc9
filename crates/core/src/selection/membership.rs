//! Which classes an account belongs to, for the class filter, the class sort, the per-class
//! groups and the search.
//!
//! Pupils and teachers belong to their own classes. A relative has none in the directory, yet a
//! head teacher who selects « CM2 A » and « Parent » wants the parents of CM2 A: a relative
//! belongs to the classes of their children. The directory names a child's class only by its
//! name (the ENT export says « Zoé Dupré (CM2 A) »), so [`ClassIndex`] finds it among the
//! structure's classes by name, folded ([`class_key`]) so that « cm2 a » or « CM2  A » is still
//! CM2 A. A child's class that no account of the structure is in cannot be selected anyway, and
//! is left out.

use std::collections::HashMap;

use crate::model::{ClassRef, User};
use crate::selection::fold::fold_into;

/// The folded form of a class name used to match a child's class with the structure's classes:
/// lower case, no accents, white space collapsed to single spaces.
pub fn class_key(name: &str) -> String {
    collapse_spaces(&crate::selection::fold::fold(name))
}

/// `text` with every run of white space turned into one space, and none at either end.
pub fn collapse_spaces(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Every class of a structure (each id once, in the order first met), and a lookup of a class
/// by its name.
#[derive(Debug, Clone, Default)]
pub struct ClassIndex {
    classes: Vec<ClassRef>,
    /// [`class_key`] of a name → positions in `classes` (two classes may share a name).
    by_key: HashMap<String, Vec<usize>>,
    /// Class id → position in `classes`.
    by_id: HashMap<String, usize>,
}

impl ClassIndex {
    /// The classes the `users` are in (their own classes; children's classes are only looked
    /// up, never created).
    pub fn new(users: &[User]) -> ClassIndex {
        let mut index = ClassIndex::default();
        for class in users.iter().flat_map(|u| &u.classes) {
            if !index.by_id.contains_key(&class.id) {
                let position = index.classes.len();
                index.by_id.insert(class.id.clone(), position);
                index
                    .by_key
                    .entry(class_key(&class.name))
                    .or_default()
                    .push(position);
                index.classes.push(class.clone());
            }
        }
        index
    }

    /// Every class, each once, in the order first met.
    pub fn classes(&self) -> &[ClassRef] {
        &self.classes
    }

    /// Positions in [`classes`](Self::classes) of the classes `user` belongs to: their own,
    /// then, for a relative, their children's; each once, in that order.
    pub fn member_of(&self, user: &User) -> Vec<usize> {
        let mut out: Vec<usize> = Vec::with_capacity(user.classes.len());
        let mut push = |position: usize| {
            if !out.contains(&position) {
                out.push(position);
            }
        };
        for class in &user.classes {
            if let Some(&position) = self.by_id.get(&class.id) {
                push(position);
            }
        }
        for child in &user.children {
            let Some(name) = child.class_name.as_deref() else {
                continue;
            };
            for &position in self.by_key.get(&class_key(name)).into_iter().flatten() {
                push(position);
            }
        }
        out
    }

    /// The classes `user` belongs to ([`member_of`](Self::member_of)).
    pub fn member_classes(&self, user: &User) -> Vec<&ClassRef> {
        self.member_of(user)
            .into_iter()
            .map(|position| &self.classes[position])
            .collect()
    }
}

/// The folded text a search looks in, one field per line: last name, first name, « first
/// last », « last first », login, the name of each class the user belongs to, then, for a
/// relative, each child's « first last » and « last first ». A search phrase (folded, spaces
/// collapsed) matches when it is part of one line; no phrase contains a line break, so a match
/// never spans two fields (« CM2 A » is not found across « CM2 » and a first name starting with
/// « a »).
///
/// The children are there because a relative's own name says nothing of whose letter it is: an
/// administrator asked for « Fatoumata Müller »'s parents types the pupil's name, and must find
/// them (and the pupil), never a namesake's parent.
pub fn search_haystack<'a>(user: &User, classes: impl IntoIterator<Item = &'a ClassRef>) -> String {
    let last = class_key(&user.last_name);
    let first = class_key(&user.first_name);
    let mut out = String::with_capacity(3 * (last.len() + first.len()) + user.login.len() + 24);
    for field in [
        last.as_str(),
        "\n",
        first.as_str(),
        "\n",
        first.as_str(),
        " ",
        last.as_str(),
        "\n",
        last.as_str(),
        " ",
        first.as_str(),
        "\n",
    ] {
        out.push_str(field);
    }
    fold_into(&user.login, &mut out);
    for class in classes {
        let key = class_key(&class.name);
        // « 6eA » finds « 6e A » too: the name without its spaces, on a line of its own.
        let compact: String = key.split(' ').collect();
        out.push('\n');
        out.push_str(&key);
        if compact != key {
            out.push('\n');
            out.push_str(&compact);
        }
    }
    for child in &user.children {
        let (first, last) = (class_key(&child.first_name), class_key(&child.last_name));
        for (a, b) in [(&first, &last), (&last, &first)] {
            out.push('\n');
            out.push_str(a);
            if !a.is_empty() && !b.is_empty() {
                out.push(' ');
            }
            out.push_str(b);
        }
    }
    out
}

/// The search phrase of a query: folded like the haystack, spaces collapsed; `None` when blank.
pub fn search_phrase(query: &str) -> Option<String> {
    let phrase = class_key(query);
    (!phrase.is_empty()).then_some(phrase)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ChildRef, Profile};

    fn user(id: &str, profile: Profile, classes: &[(&str, &str)], children: &[Option<&str>]) -> User {
        let mut u = User::new(
            id,
            profile,
            "Zoé",
            "Dupré",
            "zoe.dupre",
            chrono::DateTime::UNIX_EPOCH,
        );
        u.classes = classes
            .iter()
            .map(|(id, name)| ClassRef {
                id: (*id).into(),
                name: (*name).into(),
            })
            .collect();
        u.children = children
            .iter()
            .map(|class| ChildRef {
                first_name: "A".into(),
                last_name: "B".into(),
                class_name: class.map(str::to_owned),
            })
            .collect();
        u
    }

    #[test]
    fn a_relative_belongs_to_the_classes_of_their_children_found_by_folded_name() {
        let users = vec![
            user("p1", Profile::Student, &[("c1", "CM2 A")], &[]),
            user("p2", Profile::Student, &[("c2", "6e 2"), ("c1", "CM2 A")], &[]),
            user(
                "r",
                Profile::Relative,
                &[],
                &[
                    Some("cm2  a"),
                    Some("6E 2"),
                    Some("CM2 A"),
                    None,
                    Some("Inconnue"),
                ],
            ),
        ];
        let index = ClassIndex::new(&users);
        assert_eq!(index.classes().len(), 2);
        let names: Vec<&str> = index
            .member_classes(&users[2])
            .iter()
            .map(|c| c.name.as_str())
            .collect();
        assert_eq!(names, ["CM2 A", "6e 2"], "each class once, unknown ones left out");
        assert_eq!(
            index.member_of(&users[1]),
            [1, 0],
            "own classes in the directory's order"
        );
    }

    #[test]
    fn the_haystack_holds_each_field_and_both_name_orders_on_its_own_line() {
        let u = user("p", Profile::Student, &[("c1", "CM2  A")], &[]);
        let index = ClassIndex::new(std::slice::from_ref(&u));
        let hay = search_haystack(&u, index.member_classes(&u));
        assert_eq!(hay, "dupre\nzoe\nzoe dupre\ndupre zoe\nzoe.dupre\ncm2 a\ncm2a");
        assert_eq!(search_phrase("  Zoé   DUPRÉ "), Some("zoe dupre".into()));
        assert_eq!(search_phrase(" \t "), None);
    }

    #[test]
    fn a_relatives_haystack_holds_each_childs_name_in_both_orders() {
        let mut r = user("r", Profile::Relative, &[], &[Some("6e A"), None]);
        r.children[0].first_name = "Fatoumata".into();
        r.children[0].last_name = "Müller".into();
        r.children[1].first_name = " ".into();
        r.children[1].last_name = "Kaya".into();
        let hay = search_haystack(&r, []);
        assert_eq!(
            hay,
            "dupre\nzoe\nzoe dupre\ndupre zoe\nzoe.dupre\nfatoumata muller\nmuller fatoumata\nkaya\nkaya"
        );
    }
}
