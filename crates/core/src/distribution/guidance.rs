//! Distribution guidance: which selected accounts need no credential letter, and the advice for
//! pupils' letters, each with the selection that follows it in one click.
//!
//! - In French ENTs teachers sign in with their academic account and relatives with EduConnect
//!   or FranceConnect; which profiles do so is a per-structure setting
//!   ([`LetterSettings::external_sign_in`](crate::LetterSettings)). When the selection holds such
//!   accounts the app says so next to the counts and offers to leave them out.
//! - A blocked account cannot sign in: its letter is of no use until the ENT unblocks it. The
//!   app says how many are selected and offers to leave them out ([`without_blocked`]).
//! - Pupils get their letters from their teacher: [`pupils_advice`] is that advice applied.

use crate::model::{Profile, User};
use crate::selection::sort::Sort;
use crate::selection::{Activation, Blocked, Layout, PrintChoices, Selection};

/// Selected accounts that sign in through an outside identity provider, per profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExternalSignIn {
    /// Each external profile present in the selection, with its count, in profile order.
    pub profiles: Vec<(Profile, usize)>,
    pub total: usize,
}

/// The accounts among `indices` (into `users`) whose profile is in `external`; `None` when
/// there are none.
pub fn external_sign_in(users: &[User], indices: &[usize], external: &[Profile]) -> Option<ExternalSignIn> {
    let mut counts = [0usize; Profile::ALL.len()];
    for &i in indices {
        counts[users[i].profile as usize] += 1;
    }
    external_among(counts, external)
}

/// [`external_sign_in`] from the selection's count of each profile (indexed by `Profile as
/// usize`, as [`Directory::profile_counts`](crate::Directory::profile_counts) gives them).
pub fn external_among(counts: [usize; Profile::ALL.len()], external: &[Profile]) -> Option<ExternalSignIn> {
    let profiles: Vec<(Profile, usize)> = Profile::ALL
        .into_iter()
        .filter(|p| external.contains(p))
        .map(|p| (p, counts[p as usize]))
        .filter(|&(_, n)| n > 0)
        .collect();
    let total = profiles.iter().map(|(_, n)| n).sum();
    (total > 0).then_some(ExternalSignIn { profiles, total })
}

/// `selection` without the `external` profiles, or `None` when nothing would be left (every
/// profile it selects signs in externally: leaving them out would select no one, and an empty
/// profile set means "all").
pub fn without_external(selection: &Selection, external: &[Profile]) -> Option<Selection> {
    let chosen: Vec<Profile> = if selection.profiles.is_empty() {
        Profile::ALL.to_vec()
    } else {
        selection.profiles.iter().copied().collect()
    };
    let kept: std::collections::BTreeSet<Profile> =
        chosen.into_iter().filter(|p| !external.contains(p)).collect();
    (!kept.is_empty()).then(|| Selection {
        profiles: kept,
        ..selection.clone()
    })
}

/// `selection` without blocked accounts, or `None` when it selects blocked accounts only
/// (leaving them out would select no one).
pub fn without_blocked(selection: &Selection) -> Option<Selection> {
    (selection.blocked != Blocked::Blocked).then(|| Selection {
        blocked: Blocked::Unblocked,
        ..selection.clone()
    })
}

/// The advice for pupils' letters applied to `selection`: the pupils still to activate and not
/// blocked (their letters are of use), sorted by class, 8 per page, with a sign-off sheet per
/// class. The other filters and options are kept.
pub fn pupils_advice(selection: &Selection) -> Selection {
    Selection {
        profiles: [Profile::Student].into(),
        activation: Activation::NotActivated,
        blocked: Blocked::Unblocked,
        sort: Sort::BY_CLASS,
        layout: Layout::Eight,
        print: PrintChoices {
            sign_off_sheets: true,
            ..selection.print
        },
        ..selection.clone()
    }
}

/// Whether `selection` already follows the pupils' advice (the page then says so instead of
/// offering « Appliquer » again).
pub fn advice_applied(selection: &Selection) -> bool {
    pupils_advice(selection) == *selection
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    fn user(profile: Profile) -> User {
        User::new(
            "",
            profile,
            "",
            "",
            "",
            Utc.with_ymd_and_hms(2025, 9, 1, 0, 0, 0).unwrap(),
        )
    }

    #[test]
    fn counts_only_the_external_profiles_of_the_selection() {
        let users = vec![
            user(Profile::Student),
            user(Profile::Relative),
            user(Profile::Teacher),
            user(Profile::Relative),
            user(Profile::Guest),
        ];
        let external = [Profile::Relative, Profile::Teacher];
        let found = external_sign_in(&users, &[0, 1, 2, 3, 4], &external).unwrap();
        assert_eq!(found.profiles, [(Profile::Teacher, 1), (Profile::Relative, 2)]);
        assert_eq!(found.total, 3);
        // Only what is selected counts.
        let found = external_sign_in(&users, &[0, 3], &external).unwrap();
        assert_eq!(found.profiles, [(Profile::Relative, 1)]);
        assert_eq!(external_sign_in(&users, &[0, 4], &external), None);
        assert_eq!(external_sign_in(&users, &[0, 1, 2], &[]), None);
    }

    #[test]
    fn leaving_them_out_keeps_the_other_filters() {
        let external = [Profile::Teacher, Profile::Relative];
        let all = Selection {
            search: "dupr".into(),
            ..Selection::default()
        };
        let kept = without_external(&all, &external).unwrap();
        assert_eq!(
            kept.profiles.into_iter().collect::<Vec<_>>(),
            [Profile::Student, Profile::Personnel, Profile::Guest]
        );
        assert_eq!(kept.search, "dupr");
        let mixed = Selection {
            profiles: [Profile::Student, Profile::Relative].into(),
            ..Selection::default()
        };
        assert_eq!(
            without_external(&mixed, &external).unwrap().profiles,
            [Profile::Student].into()
        );
        // Teachers only: nothing would be left, so no such offer.
        let teachers = Selection {
            profiles: [Profile::Teacher].into(),
            ..Selection::default()
        };
        assert_eq!(without_external(&teachers, &external), None);
    }

    #[test]
    fn leaving_blocked_accounts_out_keeps_the_other_filters() {
        let s = Selection {
            search: "cm2".into(),
            ..Selection::default()
        };
        let kept = without_blocked(&s).unwrap();
        assert_eq!((kept.blocked, kept.search.as_str()), (Blocked::Unblocked, "cm2"));
        let only_blocked = Selection {
            blocked: Blocked::Blocked,
            ..Selection::default()
        };
        assert_eq!(without_blocked(&only_blocked), None);
    }

    #[test]
    fn the_pupils_advice_is_unblocked_pupils_to_activate_by_class_eight_per_page() {
        let s = Selection {
            profiles: [Profile::Teacher, Profile::Relative].into(),
            search: "cm2".into(),
            ..Selection::default()
        };
        let advised = pupils_advice(&s);
        assert_eq!(
            advised.to_query(),
            "profile=Student&activation=not-activated&blocked=unblocked&q=cm2&sort=class&layout=8\
             &signOffSheets=yes"
        );
        assert!(!advice_applied(&s));
        // Read back from its address (a reload, a bookmark): applied, not offered again.
        assert!(advice_applied(
            &Selection::from_query(&advised.to_query()).unwrap()
        ));
        // The other options are the administrator's: kept, and still applied.
        let english =
            Selection::from_query(&format!("{}&letterLang=en&qr=address", advised.to_query())).unwrap();
        assert!(advice_applied(&english));
        assert_eq!(pupils_advice(&english).print.letter_lang, crate::Lang::En);
        let no_sheets = Selection::from_query(&advised.to_query().replace("&signOffSheets=yes", "")).unwrap();
        assert!(
            !advice_applied(&no_sheets),
            "sign-off sheets are part of the advice"
        );
    }
}
