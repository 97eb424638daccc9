//! What a teacher may see of their school: the pupils of their classes and, where the school
//! hands relatives their letters, those pupils' relatives — nothing else. The ENT lets a teacher
//! print their own class's « fiches de connexion »; Sésame does the same when the school allows
//! it, and the server filters with this before anything leaves it.
//!
//! A relative belongs to the classes of their children, as for the class filter
//! ([`crate::selection::membership::ClassIndex`]): a parent of a pupil of CM2 A is one of the CM2 A
//! teacher's relatives.

use std::collections::HashSet;

use crate::model::{ClassRef, Profile, User};
use crate::selection::membership::ClassIndex;

/// Of a school's `users`, those a teacher of `classes` may see: pupils in one of those classes,
/// and, with `relatives`, relatives whose children are. Teachers, staff, guests and the
/// teacher's own account are never among them.
pub fn visible_to_teacher(users: Vec<User>, classes: &[ClassRef], relatives: bool) -> Vec<User> {
    let index = ClassIndex::new(&users);
    let theirs: HashSet<&str> = classes.iter().map(|c| c.id.as_str()).collect();
    let in_their_classes = |user: &User| {
        index
            .member_classes(user)
            .iter()
            .any(|class| theirs.contains(class.id.as_str()))
    };
    let keep: Vec<bool> = users
        .iter()
        .map(|user| match user.profile {
            Profile::Student => in_their_classes(user),
            Profile::Relative => relatives && in_their_classes(user),
            Profile::Teacher | Profile::Personnel | Profile::Guest => false,
        })
        .collect();
    users
        .into_iter()
        .zip(keep)
        .filter_map(|(user, keep)| keep.then_some(user))
        .collect()
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::access::tests::class;
    use crate::model::ChildRef;

    fn user(id: &str, profile: Profile, classes: &[ClassRef]) -> User {
        let at = chrono::Utc.with_ymd_and_hms(2025, 9, 1, 0, 0, 0).unwrap();
        let mut user = User::new(id, profile, "Prénom", id, id, at);
        user.classes = classes.to_vec();
        user
    }

    #[test]
    fn a_teacher_sees_their_pupils_and_those_pupils_relatives_only() {
        let (cm2, cm1) = (class("c1", "CM2 A"), class("c2", "CM1 B"));
        let mut parent_of_cm2 = user("p1", Profile::Relative, &[]);
        parent_of_cm2.children = vec![ChildRef {
            first_name: "Zoé".into(),
            last_name: "Dupré".into(),
            class_name: Some("cm2  a".into()),
        }];
        let mut parent_of_cm1 = user("p2", Profile::Relative, &[]);
        parent_of_cm1.children = vec![ChildRef {
            first_name: "Hugo".into(),
            last_name: "Martin".into(),
            class_name: Some("CM1 B".into()),
        }];
        let school = vec![
            user("zoe", Profile::Student, std::slice::from_ref(&cm2)),
            user("hugo", Profile::Student, std::slice::from_ref(&cm1)),
            user("anne", Profile::Teacher, std::slice::from_ref(&cm2)),
            user("chef", Profile::Personnel, &[]),
            user("invite", Profile::Guest, std::slice::from_ref(&cm2)),
            parent_of_cm2,
            parent_of_cm1,
        ];
        let ids = |users: Vec<User>| users.into_iter().map(|u| u.id).collect::<Vec<_>>();
        assert_eq!(
            ids(visible_to_teacher(
                school.clone(),
                std::slice::from_ref(&cm2),
                true
            )),
            ["zoe", "p1"]
        );
        assert_eq!(
            ids(visible_to_teacher(
                school.clone(),
                std::slice::from_ref(&cm2),
                false
            )),
            ["zoe"]
        );
        assert_eq!(
            ids(visible_to_teacher(school.clone(), &[cm1, cm2], false)),
            ["zoe", "hugo"]
        );
        assert!(visible_to_teacher(school, &[], true).is_empty());
    }
}
