//! The selection's URL query (`Selection::from_query`) on anything an address bar or a shared
//! link can hold: never a panic; what it accepts writes back to a query that reads the same
//! selection; a key it does not know is always refused, never ignored.

use proptest::prelude::*;
use sesame_core::Selection;

use crate::budget;

/// The keys of ARCHITECTURE.md, « Interfaces kept stable » and values they take, right and wrong.
fn known_pair() -> impl Strategy<Value = (String, String)> {
    let keys = vec![
        "profile",
        "class",
        "activation",
        "email",
        "localAdmins",
        "blocked",
        "createdBefore",
        "createdSince",
        "distributed",
        "q",
        "sort",
        "layout",
    ];
    let values = vec![
        "Student",
        "Guest",
        "student",
        "activated",
        "not-activated",
        "with",
        "without",
        "only",
        "excluded",
        "blocked",
        "unblocked",
        "yes",
        "no",
        "2025-09-01",
        "2025-02-30",
        "0000-01-01",
        "class",
        "profile",
        "class,profile",
        "name",
        "1",
        "2",
        "8",
        "card",
        "L7160",
        "",
        "c1",
        "%C3%A9",
        "%ZZ",
        "%",
        "+",
        "a%00b",
        "%E2%80%AE",
    ];
    (
        proptest::sample::select(keys).prop_map(str::to_owned),
        prop_oneof![
            3 => proptest::sample::select(values).prop_map(str::to_owned),
            1 => any::<String>(),
        ],
    )
}

/// A key no version of the syntax has (none starts with `x`).
fn unknown_key() -> impl Strategy<Value = String> {
    "x[A-Za-z0-9_.-]{0,8}"
}

fn query(pairs: &[(String, String)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&")
}

proptest! {
    #![proptest_config(budget(768))]

    #[test]
    fn any_text_never_panics_and_what_is_accepted_round_trips(text in any::<String>()) {
        if let Ok(selection) = Selection::from_query(&text) {
            prop_assert_eq!(Selection::from_query(&selection.to_query()), Ok(selection));
        }
    }

    #[test]
    fn well_formed_queries_round_trip_or_are_refused(pairs in proptest::collection::vec(known_pair(), 0..8)) {
        let text = query(&pairs);
        match Selection::from_query(&text) {
            Ok(selection) => {
                prop_assert_eq!(Selection::from_query(&selection.to_query()), Ok(selection.clone()));
                prop_assert_eq!(Selection::from_query(&format!("?{text}")), Ok(selection));
            }
            Err(error) => prop_assert!(!error.to_string().is_empty()),
        }
    }

    #[test]
    fn an_unknown_key_is_always_refused(
        mut pairs in proptest::collection::vec(known_pair(), 0..6),
        key in unknown_key(),
        value in any::<String>(),
        at in any::<proptest::sample::Index>(),
    ) {
        let position = at.index(pairs.len() + 1);
        pairs.insert(position, (key, value.replace(['&', '#'], "")));
        prop_assert!(Selection::from_query(&query(&pairs)).is_err(), "{}", query(&pairs));
    }
}
