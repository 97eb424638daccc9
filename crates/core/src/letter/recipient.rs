//! The personal lines of one account's letter: name, profile and classes, children, login, code.

use super::nfc;
use super::phrases::{phrases, profile_label};
use crate::lang::Lang;
use crate::model::{Profile, User};

/// What is personal on a letter, every string NFC.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recipient {
    /// "Zoé Dupré": first name then last name, as the directory spells them (never upper-cased,
    /// so the printed name is exactly the one in the directory).
    pub full_name: String,
    /// "Élève en classe de CM2 A", "Enseignant — classes : CM2 A, CM2 B", "Parent".
    pub role: String,
    /// "Responsable de : Zoé Dupré (CM2 A), Léo Dupré (CE1)", for relatives with children.
    pub children: Option<String>,
    pub login: String,
    /// `None` once the account is activated.
    pub activation_code: Option<String>,
}

/// "First Last", NFC, with blank parts left out.
pub fn full_name(first: &str, last: &str) -> String {
    nfc(&joined_name(first, last)).into_owned()
}

/// "DUPRÉ Zoé", NFC: how a list sorted by last name shows a person (a sign-off sheet), the last
/// name first and in capitals as French lists write it. Only letters whose capital is one
/// character of the Latin, Greek or Cyrillic blocks, Vietnamese included (which the letters'
/// font covers)
/// are capitalised; any other stays as the directory spells it, so capitals never make a name
/// unprintable.
pub fn listed_name(first: &str, last: &str) -> String {
    let upper: String = nfc(last.trim())
        .chars()
        .map(|c| {
            // Greek capitals carry no accent (« ΠΑΠΑΔΟΠΟΥΛΟΣ », not « ΠΑΠΑΔΌΠΟΥΛΟΣ »).
            let greek = matches!(c as u32, 0x0370..0x0400 | 0x1F00..0x2000);
            let bare = if greek {
                crate::selection::fold::fold(&c.to_string())
                    .chars()
                    .next()
                    .unwrap_or(c)
            } else {
                c
            };
            let mut capitals = bare.to_uppercase();
            match (capitals.next(), capitals.next()) {
                (Some(capital), None) if matches!(capital as u32, 0..0x0530 | 0x1E00..0x2000) => capital,
                _ => c,
            }
        })
        .collect();
    nfc(&joined_name(&upper, first)).into_owned()
}

/// "First Last" as the directory spells it, with blank parts left out.
fn joined_name(first: &str, last: &str) -> String {
    let (first, last) = (first.trim(), last.trim());
    match (first.is_empty(), last.is_empty()) {
        (false, false) => format!("{first} {last}"),
        (true, _) => last.to_owned(),
        (false, true) => first.to_owned(),
    }
}

/// The personal lines of `user`'s letter.
pub fn recipient(user: &User, lang: Lang) -> Recipient {
    recipient_with(user, lang, |s| nfc(s).into_owned())
}

/// [`recipient`] without normalising to NFC: for the browser's preview of a fictional pupil,
/// whose text is already NFC; [`nfc`] would link Unicode's composition tables into the page.
pub fn recipient_as_typed(user: &User, lang: Lang) -> Recipient {
    recipient_with(user, lang, str::to_owned)
}

/// « Responsable de : Zoé Dupré (CM2 A), Léo Dupré », as `user`'s letter prints it (as typed,
/// not normalised: what the check table shows on a relative's row, so the administrator reads
/// whose letter it is before printing); `None` for an account with no children.
pub fn responsible_for(user: &User, lang: Lang) -> Option<String> {
    children_line(user, lang, &str::to_owned)
}

/// The children line of a letter, every string normalised with `n`.
fn children_line(user: &User, lang: Lang, n: &impl Fn(&str) -> String) -> Option<String> {
    (!user.children.is_empty()).then(|| {
        let list: Vec<String> = user
            .children
            .iter()
            .map(|c| {
                let name = n(&joined_name(&c.first_name, &c.last_name));
                match c.class_name.as_deref().map(str::trim) {
                    Some(class) if !class.is_empty() => format!("{name} ({class})"),
                    _ => name,
                }
            })
            .collect();
        n(&phrases(lang).children.replace("{children}", &list.join(", ")))
    })
}

/// [`recipient`], normalising every string with `n`.
fn recipient_with(user: &User, lang: Lang, n: impl Fn(&str) -> String) -> Recipient {
    let p = phrases(lang);
    let label = profile_label(user.profile, lang);
    let classes: Vec<&str> = user
        .classes
        .iter()
        .map(|c| c.name.trim())
        .filter(|n| !n.is_empty())
        .collect();
    let role = match classes.len() {
        0 => label.to_owned(),
        // "Élève en classe de CM2 A" reads naturally only for a pupil's one class.
        1 if user.profile == Profile::Student => p
            .role_one_class
            .replace("{profile}", label)
            .replace("{classes}", classes[0]),
        _ => p
            .role_classes
            .replace("{profile}", label)
            .replace("{classes}", &classes.join(", ")),
    };
    let children = children_line(user, lang, &n);
    Recipient {
        full_name: n(&joined_name(&user.first_name, &user.last_name)),
        role: n(&role),
        children,
        login: n(user.login.trim()),
        activation_code: user.activation_code.as_deref().map(|c| n(c.trim())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ChildRef, ClassRef};

    #[test]
    fn listed_names_put_the_last_name_first_in_capitals_where_fonts_have_them() {
        assert_eq!(listed_name("Zoé", "Dupré"), "DUPRÉ Zoé");
        assert_eq!(listed_name(" Łukasz ", "Nguyễn"), "NGUYỄN Łukasz");
        assert_eq!(listed_name("Ελένη", "Παπαδοπούλου"), "ΠΑΠΑΔΟΠΟΥΛΟΥ Ελένη");
        assert_eq!(listed_name("Ivan", "Петров"), "ПЕТРОВ Ivan");
        // ß has a two-letter capital, Georgian a capital no font of the letters has: kept.
        assert_eq!(listed_name("Jan", "Großmann"), "GROßMANN Jan");
        assert_eq!(listed_name("Nino", "ბერიძე"), "ბერიძე Nino");
        assert_eq!(listed_name("", "Dupré"), "DUPRÉ");
        assert_eq!(listed_name("Zoé", " "), "Zoé");
    }

    fn user(profile: Profile) -> User {
        serde_json::from_value(serde_json::json!({
            "id": "u1", "profile": profile.as_str(), "firstName": "Zoe\u{301}", "lastName": "Dupré",
            "login": "zoe.dupre", "activationCode": "AB12CD", "createdAt": "2025-09-01T06:30:00Z"
        }))
        .unwrap()
    }

    fn class(name: &str) -> ClassRef {
        ClassRef {
            id: name.into(),
            name: name.into(),
        }
    }

    #[test]
    fn pupil_in_one_class() {
        let mut u = user(Profile::Student);
        u.classes = vec![class("CM2 A")];
        let r = recipient(&u, Lang::Fr);
        assert_eq!(r.full_name, "Zoé Dupré", "composed to NFC");
        assert_eq!(r.role, "Élève en classe de CM2 A");
        assert_eq!(r.children, None);
        assert_eq!(r.login, "zoe.dupre");
        assert_eq!(r.activation_code.as_deref(), Some("AB12CD"));
    }

    #[test]
    fn teacher_with_classes_and_profile_without() {
        let mut u = user(Profile::Teacher);
        u.classes = vec![class("CM2 A"), class("CM2 B")];
        assert_eq!(
            recipient(&u, Lang::Fr).role,
            "Enseignant — classes : CM2 A, CM2 B"
        );
        assert_eq!(recipient(&user(Profile::Guest), Lang::Fr).role, "Invité");
        assert_eq!(recipient(&user(Profile::Personnel), Lang::En).role, "Staff");
    }

    #[test]
    fn relative_lists_children_with_their_class() {
        let mut u = user(Profile::Relative);
        u.activation_code = None;
        u.children = vec![
            ChildRef {
                first_name: "Zoé".into(),
                last_name: "Dupré".into(),
                class_name: Some("CM2 A".into()),
            },
            ChildRef {
                first_name: "Léo".into(),
                last_name: "Dupré".into(),
                class_name: None,
            },
        ];
        let r = recipient(&u, Lang::Fr);
        assert_eq!(r.role, "Parent");
        assert_eq!(
            r.children.as_deref(),
            Some("Responsable de : Zoé Dupré (CM2 A), Léo Dupré")
        );
        assert_eq!(r.activation_code, None);
        assert_eq!(
            responsible_for(&u, Lang::Fr),
            r.children,
            "the table says what the letter says"
        );
        assert_eq!(
            responsible_for(&u, Lang::En).as_deref(),
            Some("Parent of: Zoé Dupré (CM2 A), Léo Dupré")
        );
        assert_eq!(responsible_for(&user(Profile::Student), Lang::Fr), None);
    }

    #[test]
    fn blank_name_parts_are_left_out() {
        assert_eq!(full_name("", "Dupré"), "Dupré");
        assert_eq!(full_name("Zoé ", " "), "Zoé");
    }

    #[test]
    fn preview_lines_are_the_letters_lines_except_normalisation() {
        let mut u = user(Profile::Relative);
        u.first_name = "Zoé".into();
        u.classes = vec![class("CM2 A")];
        u.children = vec![ChildRef {
            first_name: "Léo".into(),
            last_name: "Dupré".into(),
            class_name: Some("CE1".into()),
        }];
        assert_eq!(recipient_as_typed(&u, Lang::Fr), recipient(&u, Lang::Fr));
        u.first_name = "Zoe\u{301}".into();
        assert_eq!(recipient(&u, Lang::Fr).full_name, "Zoé Dupré");
        assert_eq!(recipient_as_typed(&u, Lang::Fr).full_name, "Zoe\u{301} Dupré");
    }
}
