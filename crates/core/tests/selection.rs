//! Every filter of `sesame_core::selection` on a small directory whose answers are known by
//! hand.

use chrono::NaiveDate;
use sesame_core::{
    Activation, Blocked, ChildRef, Directory, Distributed, EmailFilter, LocalAdmins, Profile, SchoolTimeZone,
    Selection, User,
};
use sesame_testkit::users::{class, utc};

/// An account of the tests' school: still to activate, with code `CODE<id>`.
fn user(id: &str, profile: Profile, first: &str, last: &str) -> User {
    let mut u = sesame_testkit::users::user(id, profile, first, last);
    u.activation_code = Some(format!("CODE{id}"));
    u
}

/// Ten users covering every filter value at least once.
fn school() -> Directory {
    let mut users = vec![
        user("1", Profile::Student, "Zoé", "Dupré"),
        user("2", Profile::Student, "Łukasz", "Nguyễn"),
        user("3", Profile::Student, "Émile", "Martin"),
        user("4", Profile::Teacher, "Anne", "Leroy"),
        user("5", Profile::Relative, "Paul", "Dupré"),
        user("6", Profile::Personnel, "Oscar", "Œuvray"),
        user("7", Profile::Guest, "Ivy", "Guest"),
        user("8", Profile::Student, "Eliott", "Martin"),
        user("9", Profile::Student, "Enzo", "Martin"),
        user("10", Profile::Teacher, "Alice", "Admin"),
    ];
    let cm2a = class("c-cm2a", "CM2 A");
    let cp = class("c-cp", "CP");
    let chorale = class("c-chorale", "Chorale");
    users[0].classes = vec![cm2a.clone(), chorale.clone()]; // in two classes
    users[1].classes = vec![cp.clone()];
    users[2].classes = vec![cm2a.clone()];
    users[7].classes = vec![cm2a.clone()];
    users[8].classes = vec![cp.clone(), chorale];
    users[3].classes = vec![cm2a];
    // Activation: 4, 6 and 10 are activated.
    for i in [3, 5, 9] {
        users[i].activation_code = None;
    }
    // E-mail: a real one, an empty one, a blank one, none.
    users[3].email = Some("anne.leroy@ecole.fr".into());
    users[4].email = Some("paul@example.org".into());
    users[5].email = Some(String::new());
    users[6].email = Some("   ".into());
    users[9].email = Some("alice@ecole.fr".into());
    users[9].local_admin = true;
    users[6].blocked = true;
    users[1].last_distributed_at = Some(utc("2025-10-01T10:00:00Z"));
    users[2].last_distributed_at = Some(utc("2025-10-01T10:00:00Z"));
    // Creation dates around the end of summer time in Paris (Sunday 26 October 2025).
    users[0].created_at = utc("2025-10-25T21:59:59Z"); // Paris: 25 Oct 23:59:59 (summer)
    users[1].created_at = utc("2025-10-25T22:00:00Z"); // Paris: 26 Oct 00:00:00 (summer)
    users[2].created_at = utc("2025-10-26T22:59:59Z"); // Paris: 26 Oct 23:59:59 (winter)
    users[7].created_at = utc("2025-10-26T23:00:00Z"); // Paris: 27 Oct 00:00:00 (winter)
    Directory::new(users, SchoolTimeZone::EuropeParis)
}

/// A pupil of [`families`]: first name, last name, class id, class name.
type Pupil<'a> = (&'a str, &'a str, &'a str, &'a str);
/// A relative of [`families`]: first name, last name, and each child as first name, last name,
/// class name.
type Relative<'a> = (&'a str, &'a str, &'a [(&'a str, &'a str, &'a str)]);

/// A small school of families, ids counted from 1 in the order given: first the `pupils` (first
/// name, last name, class id, class name), then their `relatives` (first name, last name, and
/// each child as first name, last name, class name — what an import says of a child).
fn families(pupils: &[Pupil], relatives: &[Relative]) -> Directory {
    let mut users = Vec::new();
    for &(first, last, class_id, class_name) in pupils {
        let mut pupil = user(&(users.len() + 1).to_string(), Profile::Student, first, last);
        pupil.classes = vec![class(class_id, class_name)];
        users.push(pupil);
    }
    for &(first, last, children) in relatives {
        let mut relative = user(&(users.len() + 1).to_string(), Profile::Relative, first, last);
        relative.children = children
            .iter()
            .map(|&(first, last, class)| ChildRef {
                first_name: first.into(),
                last_name: last.into(),
                class_name: Some(class.into()),
            })
            .collect();
        users.push(relative);
    }
    Directory::new(users, SchoolTimeZone::EuropeParis)
}

/// The ids selected by `query`, in selection order.
fn ids(dir: &Directory, query: &str) -> Vec<String> {
    let selection = Selection::from_query(query).unwrap();
    dir.select(&selection)
        .into_iter()
        .map(|i| dir.users()[i].id.clone())
        .collect()
}

/// The ids selected by `query`, sorted numerically (for filters where only membership matters).
fn set(dir: &Directory, query: &str) -> Vec<u32> {
    let mut v: Vec<u32> = ids(dir, query).iter().map(|s| s.parse().unwrap()).collect();
    v.sort();
    v
}

#[test]
fn no_filter_selects_everyone_by_last_name() {
    let dir = school();
    assert_eq!(ids(&dir, ""), ["10", "5", "1", "7", "4", "8", "3", "9", "2", "6"]);
}

#[test]
fn profile_filter_is_a_set() {
    let dir = school();
    assert_eq!(set(&dir, "profile=Student"), [1, 2, 3, 8, 9]);
    assert_eq!(set(&dir, "profile=Teacher&profile=Guest"), [4, 7, 10]);
    assert_eq!(set(&dir, "profile=Relative"), [5]);
    assert_eq!(set(&dir, "profile=Personnel"), [6]);
}

#[test]
fn class_filter_matches_any_selected_class() {
    let dir = school();
    assert_eq!(set(&dir, "class=c-cm2a"), [1, 3, 4, 8]);
    assert_eq!(set(&dir, "class=c-chorale"), [1, 9]);
    // A user in two selected classes appears once.
    assert_eq!(set(&dir, "class=c-cm2a&class=c-chorale"), [1, 3, 4, 8, 9]);
    assert!(set(&dir, "class=unknown").is_empty());
    let bookmark = Selection::from_query("class=c-cp&class=unknown").unwrap();
    assert_eq!(dir.unknown_classes(&bookmark), ["unknown"]);
}

#[test]
fn activation_filter() {
    let dir = school();
    assert_eq!(set(&dir, "activation=activated"), [4, 6, 10]);
    assert_eq!(set(&dir, "activation=not-activated"), [1, 2, 3, 5, 7, 8, 9]);
    assert_eq!(set(&dir, "").len(), 10);
}

#[test]
fn email_filter_counts_empty_and_blank_as_none() {
    let dir = school();
    assert_eq!(set(&dir, "email=with"), [4, 5, 10]);
    assert_eq!(set(&dir, "email=without"), [1, 2, 3, 6, 7, 8, 9]);
}

#[test]
fn local_admin_blocked_and_distributed_filters() {
    let dir = school();
    assert_eq!(set(&dir, "localAdmins=only"), [10]);
    assert_eq!(set(&dir, "localAdmins=excluded").len(), 9);
    assert_eq!(set(&dir, "blocked=blocked"), [7]);
    assert_eq!(set(&dir, "blocked=unblocked").len(), 9);
    assert_eq!(set(&dir, "distributed=yes"), [2, 3]);
    assert_eq!(set(&dir, "distributed=no").len(), 8);
}

#[test]
fn creation_dates_are_paris_calendar_days_across_the_dst_change() {
    let dir = school();
    // Before 26 October = created before 26 Oct 00:00 Paris (summer time, 25 Oct 22:00 UTC);
    // 4 and 9 were created in September.
    assert_eq!(
        set(&dir, "createdBefore=2025-10-26&class=c-cm2a&class=c-cp"),
        [1, 4, 9]
    );
    // Since 26 October includes the stroke of midnight.
    assert_eq!(
        set(&dir, "createdSince=2025-10-26&createdBefore=2025-10-27"),
        [2, 3]
    );
    // 27 October starts at 23:00 UTC the day before (winter time).
    assert_eq!(set(&dir, "createdSince=2025-10-27"), [8]);
    // An empty range selects nothing, and says so.
    assert!(set(&dir, "createdSince=2025-10-27&createdBefore=2025-10-26").is_empty());
    let reversed = Selection::from_query("createdSince=2025-10-27&createdBefore=2025-10-27").unwrap();
    assert!(reversed.dates_reversed());
    assert!(
        !Selection::from_query("createdSince=2025-10-26&createdBefore=2025-10-27")
            .unwrap()
            .dates_reversed()
    );
}

#[test]
fn search_is_case_and_accent_insensitive_on_names_logins_and_classes() {
    let dir = school();
    assert_eq!(set(&dir, "q=zoe"), [1]);
    assert_eq!(set(&dir, "q=LUKASZ"), [2]);
    assert_eq!(set(&dir, "q=oe"), [1, 6]); // Zoé and Œuvray
    assert_eq!(set(&dir, "q=nguyen"), [2]);
    assert_eq!(set(&dir, "q=chorale"), [1, 9]);
    assert_eq!(set(&dir, "q=%C3%A9mile.martin"), [3]); // login
    assert_eq!(set(&dir, "q=zoe+dupre"), [1]); // « first last »
    assert_eq!(set(&dir, "q=Dupr%C3%A9++Zo%C3%A9"), [1]); // « last first », spaces collapsed
    assert!(
        set(&dir, "q=zoe+martin").is_empty(),
        "one phrase, not words anywhere"
    );
    assert_eq!(set(&dir, "q=+++").len(), 10); // blank search = no search
    assert!(set(&dir, "q=xyz").is_empty());
}

#[test]
fn a_class_name_searched_as_a_phrase_finds_that_class_only() {
    let dir = families(
        &[
            ("Adam", "Petit", "a", "CM2 A"),
            ("Alice", "Grand", "b", "CM2 B"),
            ("Bob", "Moyen", "c", "CM1 A"),
        ],
        &[],
    );
    // Word by word, « a » matched Alice and Adam whatever their class; as a phrase only CM2 A.
    assert_eq!(set(&dir, "q=CM2+A"), [1]);
    assert_eq!(set(&dir, "q=cm2"), [1, 2]);
}

#[test]
fn a_relative_belongs_to_the_classes_of_their_children() {
    // Only the children's classes matter here, not their names.
    let dir = families(
        &[
            ("Zoé", "Dupré", "c-cm2a", "CM2 A"),
            ("Jade", "Zèbre", "c-cp", "CP"),
        ],
        &[
            ("Paul", "Dupré", &[("X", "Y", "CM2 A")]),
            ("Anne", "Zèbre", &[("X", "Y", "cp")]),
            // Two children: filed under the first in school order (CP before CM2 A).
            ("Yves", "Abel", &[("X", "Y", "CM2 A"), ("X", "Y", "CP")]),
            ("Léa", "Aucun", &[("X", "Y", "Classe inconnue")]),
        ],
    );
    assert_eq!(set(&dir, "profile=Relative&class=c-cm2a"), [3, 5]);
    assert_eq!(set(&dir, "class=c-cp"), [2, 4, 5]);
    assert_eq!(set(&dir, "q=cm2+a"), [1, 3, 5], "the search knows it too");
    assert_eq!(ids(&dir, "sort=class"), ["5", "4", "2", "3", "1", "6"]);
    let selection = Selection::from_query("sort=class").unwrap();
    assert_eq!(dir.group_class(4, &selection).unwrap().name, "CP");
    let names = |i: usize| dir.member_classes(i).map(|c| c.name.as_str()).collect::<Vec<_>>();
    assert_eq!(names(4), ["CP", "CM2 A"]);
    assert!(names(5).is_empty());
}

/// A parent's own name says nothing of whose letter it is: searching a pupil's name finds the
/// pupil and their parents, never a parent who only shares the name.
#[test]
fn a_pupils_name_finds_the_pupil_and_their_parents_not_a_namesakes_parent() {
    let theo = ("Théo", "Kowalski", "CM2 B");
    let fatoumata = ("Fatoumata", "Müller", "6e A");
    let dir = families(
        &[
            ("Fatoumata", "Müller", "c-6a", "6e A"),
            ("Théo", "Kowalski", "c-cm2b", "CM2 B"),
        ],
        &[
            ("Sacha", "Müller", &[theo]),
            ("Dmitri", "Kaya", &[fatoumata]),
            ("Awa", "Diallo", &[theo, fatoumata]),
        ],
    );
    assert_eq!(set(&dir, "q=Fatoumata+M%C3%BCller"), [1, 4, 5]);
    assert_eq!(set(&dir, "q=muller+fatoumata"), [1, 4, 5], "last name first too");
    assert_eq!(set(&dir, "q=kowalski"), [2, 3, 5]);
    // « Müller » alone finds both Müllers and the parents of the pupil Müller: each relative's
    // row then says whose parent they are (the letter's « Responsable de : … »).
    assert_eq!(set(&dir, "q=m%C3%BCller"), [1, 3, 4, 5]);
    assert_eq!(set(&dir, "profile=Relative&q=fatoumata+muller"), [4, 5]);
    let line = |i: usize| sesame_core::letter::responsible_for(&dir.users()[i], sesame_core::Lang::Fr);
    assert_eq!(line(2).as_deref(), Some("Responsable de : Théo Kowalski (CM2 B)"));
    assert_eq!(
        line(3).as_deref(),
        Some("Responsable de : Fatoumata Müller (6e A)")
    );
    assert_eq!(line(0), None);
    // A child's name never spans two fields: « Müller Théo » is no one's child.
    assert!(set(&dir, "q=muller+theo").is_empty());
}

#[test]
fn resetting_the_filters_lifts_every_filter_and_keeps_how_letters_print() {
    let s = Selection::from_query(
        "profile=Student&class=c1&activation=activated&email=with&localAdmins=only&blocked=unblocked\
         &distributed=no&import=latest&createdBefore=2025-09-01&createdSince=2025-01-01&q=zoe\
         &sort=class&layout=8&signOffSheets=yes&letterLang=en",
    )
    .unwrap();
    assert!(s.has_filters());
    let reset = s.without_filters();
    assert_eq!(
        reset.to_query(),
        "sort=class&layout=8&signOffSheets=yes&letterLang=en"
    );
    assert!(!reset.has_filters());
    assert_eq!(school().select(&reset).len(), 10, "everyone");
}

#[test]
fn filters_combine() {
    let dir = school();
    assert_eq!(
        set(
            &dir,
            "profile=Student&activation=not-activated&class=c-cm2a&email=without"
        ),
        [1, 3, 8]
    );
}

#[test]
fn french_name_order_puts_emile_between_eliott_and_enzo() {
    let dir = school();
    assert_eq!(ids(&dir, "q=martin"), ["8", "3", "9"]);
}

#[test]
fn sort_by_class_uses_school_order_and_puts_no_class_last() {
    let dir = school();
    // CP (Łukasz Nguyễn, Enzo Martin), CM2 A (Dupré, Leroy, Martin É., Martin E.), then no class.
    assert_eq!(
        ids(&dir, "sort=class"),
        ["9", "2", "1", "4", "8", "3", "10", "5", "7", "6"]
    );
}

#[test]
fn sort_by_class_then_profile_and_profile_then_class() {
    let dir = school();
    assert_eq!(ids(&dir, "sort=class,profile&class=c-cm2a"), ["1", "8", "3", "4"]);
    assert_eq!(
        ids(&dir, "sort=profile,class"),
        ["9", "2", "1", "8", "3", "4", "10", "5", "6", "7"]
    );
}

#[test]
fn a_marking_taken_back_restores_each_accounts_earlier_distribution() {
    use sesame_core::wire::LastDistributed;
    let mut dir = school();
    let before = utc("2025-10-01T10:00:00Z");
    let now = utc("2025-11-03T08:00:00Z");
    // Users 2 and 3 (indices 1, 2) had a distribution, user 1 (index 0) none; all three marked.
    dir.mark_distributed(&[0, 1, 2], now);
    assert_eq!(set(&dir, "distributed=no"), [4, 5, 6, 7, 8, 9, 10]);
    // The server's answer: user 2 back to the earlier one, user 1 to none; user 3 not named.
    dir.restore_distributed(
        &[0, 1, 2],
        &[
            LastDistributed {
                user_id: "1".into(),
                at: None,
            },
            LastDistributed {
                user_id: "2".into(),
                at: Some(before),
            },
            LastDistributed {
                user_id: "8".into(),
                at: Some(before),
            },
        ],
    );
    assert_eq!(dir.users()[0].last_distributed_at, None);
    assert_eq!(dir.users()[1].last_distributed_at, Some(before));
    assert_eq!(
        dir.users()[2].last_distributed_at,
        Some(now),
        "not named: unchanged"
    );
    assert_eq!(
        dir.users()[7].last_distributed_at,
        None,
        "not among the indices: unchanged"
    );
    assert_eq!(
        set(&dir, "distributed=no"),
        [1, 4, 5, 6, 7, 8, 9, 10],
        "the filter follows"
    );
}

#[test]
fn a_user_selected_through_a_second_class_is_filed_under_it() {
    let dir = school();
    let selection = Selection::from_query("class=c-chorale&sort=class").unwrap();
    let picked = dir.select(&selection);
    for i in picked {
        assert_eq!(dir.group_class(i, &selection).unwrap().name, "Chorale");
    }
    // Without a class filter, Zoé (CM2 A and Chorale) is filed under CM2 A, the first in order.
    let all = Selection::default();
    assert_eq!(dir.group_class(0, &all).unwrap().name, "CM2 A");
}

#[test]
fn marking_letters_distributed_updates_the_filter_at_once() {
    let mut dir = school();
    assert_eq!(set(&dir, "distributed=no").len(), 8);
    let zoe_and_paul: Vec<usize> = (0..dir.users().len())
        .filter(|&i| ["1", "5"].contains(&dir.users()[i].id.as_str()))
        .collect();
    dir.mark_distributed(&zoe_and_paul, utc("2026-12-01T10:00:00Z"));
    assert_eq!(set(&dir, "distributed=yes"), [1, 2, 3, 5]);
    assert_eq!(set(&dir, "distributed=no").len(), 6);
    assert_eq!(
        dir.users()[zoe_and_paul[0]].last_distributed_at,
        Some(utc("2026-12-01T10:00:00Z"))
    );
}

#[test]
fn the_new_accounts_of_the_latest_import_or_of_one_named() {
    let mut users: Vec<User> = school().users().to_vec();
    users[0].import_id = Some("rentree-2025".into());
    users[1].import_id = Some("novembre".into());
    users[2].import_id = Some("novembre".into());
    let dir = Directory::new(users, SchoolTimeZone::EuropeParis).with_latest_import(Some("novembre".into()));
    assert_eq!(set(&dir, "import=latest"), [2, 3]);
    assert_eq!(set(&dir, "import=rentree-2025"), [1]);
    assert!(set(&dir, "import=inconnu").is_empty());
    // No import recorded: « the latest » selects no one.
    let none = Directory::new(school().users().to_vec(), SchoolTimeZone::EuropeParis);
    assert!(set(&none, "import=latest").is_empty());
    assert_eq!(
        Selection::from_query("import=latest&profile=Student")
            .unwrap()
            .to_query(),
        "profile=Student&import=latest"
    );
}

#[test]
fn classes_are_listed_in_school_order() {
    let names: Vec<String> = school().classes().iter().map(|c| c.name.clone()).collect();
    assert_eq!(names, ["CP", "CM2 A", "Chorale"]);
}

#[test]
fn counts_of_a_selection() {
    let dir = school();
    let picked = dir.select(&Selection {
        profiles: [Profile::Student].into(),
        ..Default::default()
    });
    let counts = dir.counts(&picked);
    assert_eq!(
        (
            counts.selected,
            counts.without_email,
            counts.not_activated,
            counts.blocked
        ),
        (5, 5, 5, 0)
    );
    assert_eq!(dir.counts(&dir.select(&Selection::default())).blocked, 1);
}

/// Before any e-mail leaves, the page says who among those reached needs no code.
#[test]
fn the_mail_confirmation_counts_outside_sign_ins_and_activated_accounts_among_those_reached() {
    let all: Vec<usize> = (0..10).collect();
    // Addresses: Leroy (teacher, activated), Dupré P. (relative), Admin (teacher, activated).
    // Expected: (reachable, without e-mail, outside sign-in, activated).
    for (case, dir, expected) in [
        (
            "an outside sign-in is said as such, whatever its activation",
            school().with_external_sign_in(&[Profile::Teacher, Profile::Relative]),
            (3, 7, 3, 0),
        ),
        ("every profile signs in with Sésame", school(), (3, 7, 0, 2)),
    ] {
        let sesame_core::selection::directory::MailCounts {
            reachable,
            without_email,
            external,
            activated,
        } = dir.mail_counts(&all);
        assert_eq!(
            (reachable, without_email, external, activated),
            expected,
            "{case}"
        );
    }
}

/// The counts come from the compact rows the filters use; they must say what the users say.
#[test]
fn counts_and_profile_counts_agree_with_the_users() {
    let dir = school();
    for query in [
        "",
        "profile=Student",
        "activation=activated",
        "email=with",
        "class=c-cm2a",
        "q=martin",
    ] {
        let picked = dir.select(&Selection::from_query(query).unwrap());
        let users: Vec<&User> = picked.iter().map(|&i| &dir.users()[i]).collect();
        let counts = dir.counts(&picked);
        assert_eq!(counts.selected, users.len(), "{query}");
        assert_eq!(
            counts.without_email,
            users.iter().filter(|u| !u.has_email()).count(),
            "{query}"
        );
        assert_eq!(
            counts.not_activated,
            users.iter().filter(|u| !u.is_activated()).count(),
            "{query}"
        );
        let by_profile = dir.profile_counts(&picked);
        for p in Profile::ALL {
            assert_eq!(
                by_profile[p as usize],
                users.iter().filter(|u| u.profile == p).count(),
                "{query} {p:?}"
            );
        }
        assert_eq!(
            sesame_core::distribution::guidance::external_among(
                by_profile,
                &[Profile::Teacher, Profile::Relative]
            ),
            sesame_core::distribution::guidance::external_sign_in(
                dir.users(),
                &picked,
                &[Profile::Teacher, Profile::Relative]
            ),
            "{query}"
        );
    }
}

#[test]
fn enums_cover_the_default_values() {
    let s = Selection::default();
    assert_eq!(
        (s.activation, s.email, s.local_admins, s.blocked, s.distributed),
        (
            Activation::All,
            EmailFilter::All,
            LocalAdmins::All,
            Blocked::All,
            Distributed::All
        )
    );
    assert_eq!(s.created_before, None::<NaiveDate>);
}
