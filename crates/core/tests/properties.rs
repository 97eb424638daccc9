//! Property tests: the URL query round-trips every selection, filtering keeps load order, and
//! the selected order depends only on the users, not on the order they were loaded in.

use std::collections::BTreeSet;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use proptest::prelude::*;
use sesame_core::pdf::QrCode;
use sesame_core::selection::membership::{search_haystack, ClassIndex};
use sesame_core::selection::{ImportFilter, PrintChoices};
use sesame_core::{
    Activation, Blocked, ChildRef, Choice, ClassRef, Directory, Distributed, EmailFilter, Lang, Layout,
    LocalAdmins, Profile, SchoolTimeZone, Selection, Sort, SortKey, User,
};

fn profile() -> impl Strategy<Value = Profile> {
    prop::sample::select(Profile::ALL.to_vec())
}

fn sort_key() -> impl Strategy<Value = SortKey> {
    prop::sample::select(vec![SortKey::None, SortKey::Profile, SortKey::Class])
}

fn date() -> impl Strategy<Value = NaiveDate> {
    (1990i32..2100, 1u32..=12, 1u32..=28).prop_map(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d).unwrap())
}

/// Text with the characters a query must escape, and names in many scripts.
fn text() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9 &=+%?#/éÉœŁễΖωАё'’-]{0,12}"
}

/// Each value of a three-way filter, its default (« Tous ») included.
fn choice<T: Choice + std::fmt::Debug>() -> impl Strategy<Value = T> {
    prop::sample::select(T::ALL.to_vec())
}

prop_compose! {
    /// Any selection: every filter, the sort, the layout and step 3's options.
    fn selection()(
        profiles in prop::collection::btree_set(profile(), 0..=5),
        classes in prop::collection::btree_set("[a-zA-Z0-9 &=+%é-]{1,8}", 0..4),
        activation in choice::<Activation>(),
        email in choice::<EmailFilter>(),
        local_admins in choice::<LocalAdmins>(),
        blocked in choice::<Blocked>(),
        distributed in choice::<Distributed>(),
        created_before in prop::option::of(date()),
        created_since in prop::option::of(date()),
        search in text(),
        first in sort_key(),
        then in sort_key(),
        layout in prop::sample::select(Layout::ALL.to_vec()),
        import in import_filter(),
        print in print_choices(),
    ) -> Selection {
        Selection {
            profiles,
            classes,
            activation,
            email,
            local_admins,
            blocked,
            distributed,
            import,
            created_before,
            created_since,
            search,
            sort: Sort { first, then },
            layout,
            print,
        }
    }
}

/// Every combination of step 3's options.
fn print_choices() -> impl Strategy<Value = PrintChoices> {
    (
        any::<(bool, bool)>(),
        prop::sample::select(vec![QrCode::None, QrCode::Address, QrCode::AddressAndCode]),
        prop::sample::select(vec![Lang::Fr, Lang::En]),
    )
        .prop_map(
            |((sign_off_sheets, new_page_per_group), qr, letter_lang)| PrintChoices {
                sign_off_sheets,
                qr,
                new_page_per_group,
                letter_lang,
            },
        )
}

/// Every account, those of the latest import (`i2`), of an older one (`i1`), or of one no
/// account came from (`i9`).
fn import_filter() -> impl Strategy<Value = ImportFilter> {
    prop::sample::select(vec![
        ImportFilter::All,
        ImportFilter::Latest,
        ImportFilter::Id("i1".into()),
        ImportFilter::Id("i9".into()),
    ])
}

/// The latest import of the generated schools.
const LATEST: &str = "i2";

const CLASSES: [(&str, &str); 5] = [
    ("c1", "CP"),
    ("c2", "CM2 A"),
    ("c3", "6e 2"),
    ("c4", "6e 10"),
    ("c5", "Chorale"),
];

fn user() -> impl Strategy<Value = User> {
    (
        profile(),
        "[A-Za-zÉéŁœễ]{1,6}",
        "[A-Za-zÉéŁœễ]{1,6}",
        prop::option::of("[A-Z0-9]{6}"),
        prop::option::of(prop::sample::select(vec!["", " ", "a@b.fr"])),
        0i64..2_000_000_000,
        any::<(bool, bool, bool)>(),
        prop::collection::btree_set(0usize..CLASSES.len(), 0..3),
        // A relative's children: a class named as the directory does, in other case or spacing,
        // one no account is in, or none.
        prop::collection::vec(
            prop::option::of(prop::sample::select(vec![
                "CP", "cm2  a", "6E 10", "Chorale", "Atelier",
            ])),
            0..3,
        ),
        prop::option::of(prop::sample::select(vec!["i1", "i2"])),
    )
        .prop_map(
            |(
                profile,
                first,
                last,
                code,
                email,
                secs,
                (blocked, local_admin, distributed),
                classes,
                children,
                import,
            )| {
                let created_at: DateTime<Utc> = Utc.timestamp_opt(secs, 0).unwrap();
                let (child_first, child_last) = (last.clone(), first.clone());
                User {
                    id: String::new(),
                    profile,
                    login: format!("{}.{}", first.to_lowercase(), last.to_lowercase()),
                    first_name: first,
                    last_name: last,
                    activation_code: code,
                    email: email.map(str::to_owned),
                    created_at,
                    blocked,
                    local_admin,
                    classes: classes
                        .into_iter()
                        .map(|i| ClassRef {
                            id: CLASSES[i].0.into(),
                            name: CLASSES[i].1.into(),
                        })
                        .collect(),
                    children: if profile == Profile::Relative {
                        children
                            .into_iter()
                            .enumerate()
                            .map(|(i, class)| ChildRef {
                                // Names the search may find, some shared with the pupils'.
                                first_name: if i == 0 {
                                    child_first.clone()
                                } else {
                                    "Enfant".into()
                                },
                                last_name: if i == 0 { child_last.clone() } else { "Test".into() },
                                class_name: class.map(str::to_owned),
                            })
                            .collect()
                    } else {
                        vec![]
                    },
                    last_distributed_at: distributed.then_some(created_at),
                    import_id: import.map(str::to_owned),
                }
            },
        )
}

/// Users with unique ids.
fn users() -> impl Strategy<Value = Vec<User>> {
    prop::collection::vec(user(), 0..40).prop_map(|mut users| {
        for (i, u) in users.iter_mut().enumerate() {
            u.id = format!("u{i}");
        }
        users
    })
}

/// Selections that actually pick some of the generated users now and then.
fn matching_selection() -> impl Strategy<Value = Selection> {
    selection().prop_map(|mut s| {
        // Class ids the users have (c1…c5) and one nobody has (c0).
        s.classes = s.classes.iter().map(|c| format!("c{}", c.len() % 6)).collect();
        // One or two letters, sometimes with a space: a phrase that matches now and then.
        s.search = s
            .search
            .chars()
            .filter(|c| c.is_alphabetic() || *c == ' ')
            .take(3)
            .collect();
        s
    })
}

proptest! {
    #[test]
    fn query_round_trips_every_selection(s in selection()) {
        let query = s.to_query();
        prop_assert_eq!(Selection::from_query(&query).unwrap(), s.clone());
        prop_assert_eq!(Selection::from_query(&format!("?{query}")).unwrap(), s);
    }

    #[test]
    fn filtering_never_reorders(users in users(), s in matching_selection()) {
        let dir = Directory::new(users, SchoolTimeZone::EuropeParis);
        let filtered = dir.filter(&s);
        prop_assert!(filtered.windows(2).all(|w| w[0] < w[1]));
        // Sorting only permutes what the filter picked.
        let selected: BTreeSet<usize> = dir.select(&s).into_iter().collect();
        prop_assert_eq!(selected, filtered.into_iter().collect::<BTreeSet<_>>());
    }

    #[test]
    fn the_fast_filter_agrees_with_the_plain_criteria(users in users(), s in matching_selection()) {
        let criteria = s.criteria(SchoolTimeZone::EuropeParis, Some(LATEST));
        let index = ClassIndex::new(&users);
        let expected: Vec<usize> = (0..users.len())
            .filter(|&i| {
                let classes = index.member_classes(&users[i]);
                criteria.matches(&users[i], &classes, &search_haystack(&users[i], classes.iter().copied()))
            })
            .collect();
        let dir = Directory::new(users, SchoolTimeZone::EuropeParis).with_latest_import(Some(LATEST.into()));
        prop_assert_eq!(dir.filter(&s), expected);
    }

    #[test]
    fn a_relative_is_found_by_each_childs_name_in_either_order(users in users()) {
        let dir = Directory::new(users.clone(), SchoolTimeZone::EuropeParis);
        for (i, user) in users.iter().enumerate() {
            for child in &user.children {
                for q in [
                    format!("{} {}", child.first_name, child.last_name),
                    format!("{}  {}", child.last_name.to_uppercase(), child.first_name),
                ] {
                    let s = Selection { search: q.clone(), ..Selection::default() };
                    prop_assert!(dir.filter(&s).contains(&i), "{q:?} does not find relative {i}");
                }
            }
        }
    }

    #[test]
    fn selected_order_does_not_depend_on_load_order(users in users(), s in matching_selection()) {
        let forward = Directory::new(users.clone(), SchoolTimeZone::EuropeParis);
        let mut reversed_users = users;
        reversed_users.reverse();
        let backward = Directory::new(reversed_users, SchoolTimeZone::EuropeParis);
        let ids = |d: &Directory| d.select(&s).into_iter().map(|i| d.users()[i].id.clone()).collect::<Vec<_>>();
        prop_assert_eq!(ids(&forward), ids(&backward));
    }
}
