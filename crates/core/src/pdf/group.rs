//! The group (class or profile) each letter is filed under, for page breaks, sign-off sheets
//! and bookmarks: taken from the selection's sort, so groups follow the order of the list.

use crate::lang::Lang;
use crate::letter::profile_label;
use crate::selection::directory::Directory;
use crate::selection::sort::SortKey;
use crate::selection::Selection;

/// The group label of user `index` of `directory` under `selection`'s sort: its class (as
/// [`Directory::group_class`] files it; "Sans classe" without one) and/or its profile label,
/// joined by " — " when sorted by both ("CM2 A — Élève"); empty when sorted by name only (one
/// ungrouped list).
pub fn group_label(directory: &Directory, index: usize, selection: &Selection, lang: Lang) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for key in selection.sort.keys() {
        match key {
            SortKey::Class => parts.push(
                directory
                    .group_class(index, selection)
                    .map(|c| c.name.as_str())
                    .unwrap_or_else(|| crate::letter::no_class_label(lang)),
            ),
            SortKey::Profile => parts.push(profile_label(directory.users()[index].profile, lang)),
            SortKey::None => {}
        }
    }
    parts.join(" — ")
}

/// The selection whose [`group_label`]s file accounts into « Un PDF par classe »: `selection`
/// itself when its sort groups, else the same sorted by class (a teacher wants their class's
/// file whatever order the list is in).
pub fn zip_grouping(selection: &Selection) -> Selection {
    let mut grouping = selection.clone();
    if grouping.sort.keys().next().is_none() {
        grouping.sort = crate::selection::sort::Sort::BY_CLASS;
    }
    grouping
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ClassRef, Profile, User};
    use crate::selection::sort::Sort;
    use crate::timezone::SchoolTimeZone;

    fn user(id: &str, profile: Profile, class: Option<&str>) -> User {
        let mut u = User::new(id, profile, "A", id, id, chrono::DateTime::UNIX_EPOCH);
        u.classes = class
            .map(|c| {
                vec![ClassRef {
                    id: c.into(),
                    name: c.into(),
                }]
            })
            .unwrap_or_default();
        u
    }

    #[test]
    fn labels_follow_the_sort() {
        let dir = Directory::new(
            vec![
                user("a", Profile::Student, Some("CM2 A")),
                user("b", Profile::Teacher, None),
            ],
            SchoolTimeZone::EuropeParis,
        );
        let mut s = Selection {
            sort: Sort::BY_CLASS,
            ..Selection::default()
        };
        assert_eq!(group_label(&dir, 0, &s, Lang::Fr), "CM2 A");
        assert_eq!(group_label(&dir, 1, &s, Lang::Fr), "Sans classe");
        s.sort = Sort {
            first: SortKey::Class,
            then: SortKey::Profile,
        };
        assert_eq!(group_label(&dir, 0, &s, Lang::Fr), "CM2 A — Élève");
        s.sort = Sort::BY_PROFILE;
        assert_eq!(group_label(&dir, 1, &s, Lang::Fr), "Enseignant");
        s.sort = Sort::BY_NAME;
        assert_eq!(group_label(&dir, 0, &s, Lang::Fr), "");
        assert_eq!(
            group_label(&dir, 0, &zip_grouping(&s), Lang::Fr),
            "CM2 A",
            "files are per class"
        );
        s.sort = Sort::BY_PROFILE;
        assert_eq!(group_label(&dir, 0, &zip_grouping(&s), Lang::Fr), "Élève");
    }
}
