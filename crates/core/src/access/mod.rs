//! What the app offers whoever is signed in, by role: the decisions behind what a page shows,
//! kept here so they are plain code a test reads, never a view's `if`.
//!
//! A teacher (who signs in through the ENT, in a school that lets teachers hand out letters) is
//! given the distribution page of their classes and nothing of the administration: no
//! administrators, no import, no settings, and no « Mon compte » (their password is the ENT's,
//! never Sésame's). The server refuses all of those to a teacher anyway; the app only does not
//! offer what would be refused.

//!
//! Beside it, who may sign in and with what: [`sign_in`] (the decisions behind signing in
//! through the ENT), [`sign_in_offer`] (what the sign-in page offers), [`teacher_scope`],
//! [`admin_rules`] with [`password_strength`], [`login_limits`] (the rate limiter's policy) and
//! [`invisible`] (characters that make a text display as another).

pub mod admin_rules;
pub mod invisible;
pub mod login_limits;
pub mod password_strength;
pub mod sign_in;
pub mod sign_in_offer;
pub mod teacher_scope;

use crate::model::{ClassRef, LetterSettings, Structure};
use crate::wire::Role;

/// The ways out of a signed-in page that a role is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Links {
    /// « Administration »: the administrators and the schools (central administrators).
    pub administration: bool,
    /// « Mon compte »: one's own Sésame password (administrators).
    pub account: bool,
    /// « Paramètres des lettres » of a school.
    pub settings: bool,
    /// « Importer » the ENT's export into a school.
    pub import: bool,
}

impl Links {
    /// What `role` is given.
    pub fn for_role(role: Role) -> Links {
        match role {
            Role::Central => Links {
                administration: true,
                account: true,
                settings: true,
                import: true,
            },
            Role::Local => Links {
                administration: false,
                account: true,
                settings: true,
                import: true,
            },
            Role::Teacher => Links {
                administration: false,
                account: false,
                settings: false,
                import: false,
            },
        }
    }
}

/// What step 3 shows of « Envoyer par courriel ».
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MailOffer {
    /// The button, working.
    Offered,
    /// The button, disabled, saying this server sends no e-mail: an administrator learns it
    /// from the start rather than after a confirmation.
    NoServerMail,
    /// Nothing: a teacher whose school does not let teachers e-mail (or whose server sends no
    /// e-mail) is not shown a way they may not use.
    Hidden,
}

/// « Envoyer par courriel » for `role` in a school with `settings`, on a server that sends
/// e-mail or not (`mail_enabled`).
pub fn mail_offer(role: Role, mail_enabled: bool, settings: &LetterSettings) -> MailOffer {
    match role {
        Role::Central | Role::Local if mail_enabled => MailOffer::Offered,
        Role::Central | Role::Local => MailOffer::NoServerMail,
        Role::Teacher if mail_enabled && settings.teachers_may_distribute && settings.teachers_may_mail => {
            MailOffer::Offered
        }
        Role::Teacher => MailOffer::Hidden,
    }
}

/// Where `/` sends someone signed in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Home {
    /// The distribution page of this structure (their first).
    Distribution(String),
    /// The administration page: a central administrator with no school yet creates one there.
    Administration,
    /// Nowhere: no school is theirs (the page says so).
    Nowhere,
}

impl Home {
    /// Where `/` goes for `role` with `structures` (in the order the server lists them).
    pub fn of(role: Role, structures: &[Structure]) -> Home {
        match (structures.first(), role) {
            (Some(first), _) => Home::Distribution(first.id.clone()),
            (None, Role::Central) => Home::Administration,
            (None, Role::Local | Role::Teacher) => Home::Nowhere,
        }
    }

    /// The app address.
    pub fn address(&self) -> Option<String> {
        match self {
            Home::Distribution(id) => Some(format!("/structures/{id}/distribution")),
            Home::Administration => Some("/admins".to_owned()),
            Home::Nowhere => None,
        }
    }
}

/// Of a teacher's classes (`theirs`: every school's), those of this school, in the school's
/// order (`school_classes`, its directory's classes, which already are). A class id names one
/// class of one school, so the id decides; each class once.
pub fn classes_here(theirs: &[ClassRef], school_classes: &[ClassRef]) -> Vec<ClassRef> {
    school_classes
        .iter()
        .filter(|class| theirs.iter().any(|own| own.id == class.id))
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::made_up;

    /// A class; also the class of [`teacher_scope`]'s tests.
    pub(super) fn class(id: &str, name: &str) -> ClassRef {
        ClassRef {
            id: id.into(),
            name: name.into(),
        }
    }

    fn structure(id: &str) -> Structure {
        Structure {
            id: id.into(),
            ..made_up::structure("École", LetterSettings::default())
        }
    }

    #[test]
    fn a_teacher_is_given_no_administration_link() {
        let teacher = Links::for_role(Role::Teacher);
        assert!(!teacher.administration && !teacher.account && !teacher.settings && !teacher.import);
        let local = Links::for_role(Role::Local);
        assert!(!local.administration && local.account && local.settings && local.import);
        let central = Links::for_role(Role::Central);
        assert!(central.administration && central.account && central.settings && central.import);
    }

    #[test]
    fn a_teacher_mails_only_where_the_school_lets_teachers_mail_and_the_server_sends() {
        let mut settings = LetterSettings::default();
        assert_eq!(mail_offer(Role::Teacher, true, &settings), MailOffer::Hidden);
        settings.teachers_may_distribute = true;
        assert_eq!(mail_offer(Role::Teacher, true, &settings), MailOffer::Hidden);
        settings.teachers_may_mail = true;
        assert_eq!(mail_offer(Role::Teacher, true, &settings), MailOffer::Offered);
        // No e-mail on this server: nothing to show a teacher, not even a disabled button.
        assert_eq!(mail_offer(Role::Teacher, false, &settings), MailOffer::Hidden);
        // « Mail » without « distribute » is not a permission on its own.
        settings.teachers_may_distribute = false;
        assert_eq!(mail_offer(Role::Teacher, true, &settings), MailOffer::Hidden);
    }

    #[test]
    fn an_administrator_always_sees_the_mail_button_disabled_when_the_server_sends_none() {
        let settings = LetterSettings::default();
        for role in [Role::Central, Role::Local] {
            assert_eq!(mail_offer(role, true, &settings), MailOffer::Offered);
            assert_eq!(mail_offer(role, false, &settings), MailOffer::NoServerMail);
        }
    }

    #[test]
    fn home_is_the_first_school_for_everyone_and_administration_for_a_central_without_one() {
        let schools = [structure("s1"), structure("s2")];
        for role in [Role::Central, Role::Local, Role::Teacher] {
            let home = Home::of(role, &schools);
            assert_eq!(home, Home::Distribution("s1".into()));
            assert_eq!(home.address().as_deref(), Some("/structures/s1/distribution"));
        }
        assert_eq!(Home::of(Role::Central, &[]).address().as_deref(), Some("/admins"));
        assert_eq!(Home::of(Role::Local, &[]), Home::Nowhere);
        assert_eq!(Home::of(Role::Teacher, &[]).address(), None);
    }

    #[test]
    fn the_classes_here_are_the_teachers_in_this_school_in_school_order() {
        let theirs = [
            class("c9", "Chorale"),
            class("c1", "CM2 A"),
            class("other-school", "CM2 A"),
        ];
        let school = [class("c1", "CM2 A"), class("c2", "CM2 B"), class("c9", "Chorale")];
        let here = classes_here(&theirs, &school);
        let names: Vec<&str> = here.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["CM2 A", "Chorale"]);
        assert!(classes_here(&[], &school).is_empty());
    }
}
