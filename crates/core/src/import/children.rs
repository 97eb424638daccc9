//! The `Enfants` cell of a relative: which pupils they are responsible for.
//!
//! Format: one child per item, items separated by commas (or semicolons inside the quoted cell, or
//! line breaks), each item the child's full name optionally followed by the class in parentheses:
//! `Zoé Dupré (CM2 A), Hugo Dupré (CP)`. Commas inside the parentheses do not split
//! (`Lina Haddad (6e B, Latin)` keeps both in the class text).
//!
//! A full name does not say where the first name ends, so each child is looked up among the
//! pupils of the same file, in either order ("Zoé Dupré" or "DUPRÉ Zoé", case and accents aside):
//! a single match gives the exact first and last names, and its first class when the item has
//! none. A child not in the file is split by spelling: words in capitals are the last name (the
//! ENT's "DUPRÉ Zoé"), otherwise the first word is the first name and the rest the last name.
//! Either way "first last" reproduces the name as written, which is what a letter prints.

use std::collections::HashMap;

use super::values::text;
use super::ImportedUser;
use crate::model::{ChildRef, Profile};
use crate::selection::fold::fold_into;

/// One item of an `Enfants` cell, before it is matched with a pupil.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ChildEntry {
    pub name: String,
    pub class_name: Option<String>,
}

/// Splits an `Enfants` cell into its items (trimmed, NFC, no empties, no repeats).
pub(crate) fn entries(raw: &str) -> Vec<ChildEntry> {
    let mut items = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (at, c) in raw.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            ',' | ';' | '\n' if depth == 0 => {
                items.push(&raw[start..at]);
                start = at + c.len_utf8();
            }
            _ => {}
        }
    }
    items.push(&raw[start..]);

    let mut entries: Vec<ChildEntry> = Vec::new();
    for item in items {
        let item = text(item);
        let (name, class_name) = match item.strip_suffix(')').and_then(|s| s.rsplit_once('(')) {
            Some((name, class)) => (text(name), Some(text(class)).filter(|c| !c.is_empty())),
            None => (item, None),
        };
        let entry = ChildEntry { name, class_name };
        if !entry.name.is_empty() && !entries.contains(&entry) {
            entries.push(entry);
        }
    }
    entries
}

/// The pupils of the file, by folded full name in both orders.
pub(crate) struct Pupils<'a> {
    by_name: HashMap<String, Vec<&'a ImportedUser>>,
}

impl<'a> Pupils<'a> {
    pub fn new(users: impl IntoIterator<Item = &'a ImportedUser>) -> Pupils<'a> {
        let mut by_name: HashMap<String, Vec<&ImportedUser>> = HashMap::new();
        for user in users.into_iter().filter(|u| u.profile == Profile::Student) {
            let forward = name_key([&user.first_name, &user.last_name]);
            let backward = name_key([&user.last_name, &user.first_name]);
            by_name.entry(forward.clone()).or_default().push(user);
            if backward != forward {
                by_name.entry(backward).or_default().push(user);
            }
        }
        Pupils { by_name }
    }

    /// The child an entry names: the pupil of that name when there is exactly one.
    pub fn child(&self, entry: &ChildEntry) -> ChildRef {
        if let Some([pupil]) = self.by_name.get(&name_key([&entry.name])).map(Vec::as_slice) {
            return ChildRef {
                first_name: pupil.first_name.clone(),
                last_name: pupil.last_name.clone(),
                class_name: entry
                    .class_name
                    .clone()
                    .or_else(|| pupil.classes.first().cloned()),
            };
        }
        let (first_name, last_name) = split_name(&entry.name);
        ChildRef {
            first_name,
            last_name,
            class_name: entry.class_name.clone(),
        }
    }
}

/// The parts folded and joined by one space, with runs of white space as one space.
fn name_key<const N: usize>(parts: [&str; N]) -> String {
    let mut key = String::new();
    for part in parts {
        if !key.is_empty() {
            key.push(' ');
        }
        fold_into(part, &mut key);
    }
    if key.contains(|c: char| c.is_whitespace() && c != ' ') || key.contains("  ") {
        key = key.split_whitespace().collect::<Vec<_>>().join(" ");
    }
    key
}

/// Splits a full name by spelling (see the module doc); `first + " " + last` gives it back.
fn split_name(name: &str) -> (String, String) {
    let words: Vec<(usize, &str)> = name
        .split_whitespace()
        .map(|w| (w.as_ptr() as usize - name.as_ptr() as usize, w))
        .collect();
    let capitals: Vec<bool> = words.iter().map(|(_, w)| is_capitals(w)).collect();
    let split_at = |word: usize| {
        let at = words[word].0;
        (name[..at].trim_end().to_owned(), name[at..].to_owned())
    };
    if words.len() < 2 {
        return (name.to_owned(), String::new());
    }
    // "Zoé Marie DUPRÉ": trailing capitals are the last name.
    if let Some(first_capital) = capitals.iter().position(|&c| c) {
        if first_capital > 0 && capitals[first_capital..].iter().all(|&c| c) {
            return split_at(first_capital);
        }
    }
    // "DUPRÉ Zoé": leading capitals are the last name.
    if let Some(first_lower) = capitals.iter().position(|&c| !c) {
        if first_lower > 0 && capitals[first_lower..].iter().all(|&c| !c) {
            let (last, first) = split_at(first_lower);
            return (first, last);
        }
    }
    let (first, last) = split_at(1);
    (first, last)
}

/// A word written in capitals: it has cased letters and none of them is lower case.
fn is_capitals(word: &str) -> bool {
    word.chars().any(char::is_uppercase) && !word.chars().any(char::is_lowercase)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(name: &str, class: Option<&str>) -> ChildEntry {
        ChildEntry {
            name: name.into(),
            class_name: class.map(Into::into),
        }
    }

    /// A child's first name, last name and class, to compare at once.
    fn parts(child: &ChildRef) -> (&str, &str, Option<&str>) {
        (
            child.first_name.as_str(),
            child.last_name.as_str(),
            child.class_name.as_deref(),
        )
    }

    fn pupil(first: &str, last: &str, classes: &[&str]) -> ImportedUser {
        ImportedUser {
            line: 2,
            id: None,
            profile: Profile::Student,
            last_name: last.into(),
            first_name: first.into(),
            login: format!("{first}.{last}"),
            ent_login: None,
            activation_code: None,
            email: None,
            created_at: None,
            blocked: false,
            local_admin: false,
            classes: classes.iter().map(|c| c.to_string()).collect(),
            children: Vec::new(),
        }
    }

    #[test]
    fn items_with_and_without_classes() {
        assert_eq!(
            entries("Zoé Dupré (CM2 A), Hugo Dupré\n Lina Haddad (6e B, Latin) ; ; Zoé Dupré (CM2 A)"),
            [
                entry("Zoé Dupré", Some("CM2 A")),
                entry("Hugo Dupré", None),
                entry("Lina Haddad", Some("6e B, Latin")),
            ]
        );
        assert_eq!(entries("Zoé ()"), [entry("Zoé", None)]);
        assert!(entries("  ").is_empty());
    }

    #[test]
    fn children_in_the_file_get_their_exact_names_and_class() {
        let users = [
            pupil("Jean Pierre", "Martin Lopez", &["CM1 B"]),
            pupil("Алёна", "Иванова", &["6e A"]),
        ];
        let pupils = Pupils::new(&users);
        let jp = pupils.child(&entry("jean pierre MARTIN LOPEZ", None));
        assert_eq!(parts(&jp), ("Jean Pierre", "Martin Lopez", Some("CM1 B")));
        let alena = pupils.child(&entry("Иванова Алёна", Some("Chorale")));
        assert_eq!(parts(&alena), ("Алёна", "Иванова", Some("Chorale")));
    }

    #[test]
    fn children_not_in_the_file_are_split_by_spelling() {
        assert_eq!(split_name("Zoé Dupré"), ("Zoé".into(), "Dupré".into()));
        assert_eq!(
            split_name("Zoé Marie DUPRÉ"),
            ("Zoé Marie".into(), "DUPRÉ".into())
        );
        assert_eq!(
            split_name("DE LA FONTAINE Jean-Baptiste"),
            ("Jean-Baptiste".into(), "DE LA FONTAINE".into())
        );
        assert_eq!(split_name("Nguyễn Văn An"), ("Nguyễn".into(), "Văn An".into()));
        assert_eq!(split_name("Zoé"), ("Zoé".into(), String::new()));
        let pupils = Pupils::new([]);
        let child = pupils.child(&entry("Łukasz NOWAK", Some("CE2")));
        assert_eq!(parts(&child), ("Łukasz", "NOWAK", Some("CE2")));
    }

    #[test]
    fn homonyms_are_not_guessed() {
        let users = [pupil("Léa", "Martin", &["CP"]), pupil("Léa", "Martin", &["CE1"])];
        let child = Pupils::new(&users).child(&entry("Léa Martin", None));
        assert_eq!(child.class_name, None);
    }
}
