//! The letter settings' JSON (and the directory file `sesame letters` reads) as the model reads
//! it: any bytes, any JSON, never a panic; what is read writes back to the same value. The
//! server's own check of a saved body (every field, https, allowed sender) is fuzzed in
//! `crates/server/tests/fuzz_letter_settings.rs`.

use proptest::prelude::*;
use serde_json::Value;
use sesame_core::{LetterSettings, UsersResponse};

use crate::budget;

/// Any JSON value, nested a little, with the settings' own keys common among the names.
pub fn json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        any::<String>().prop_map(Value::String),
        proptest::sample::select(vec![
            "Teacher",
            "Relative",
            "Guest",
            "https://ent.fr",
            "http://x",
            ""
        ])
        .prop_map(|s| Value::String(s.into())),
    ];
    let key = prop_oneof![
        3 => proptest::sample::select(vec![
            "entName", "loginUrl", "activationUrl", "helpText", "senderAddress", "externalSignIn",
            "structure", "users", "fetchedAt", "id", "uai", "name", "letterSettings",
        ])
        .prop_map(str::to_owned),
        1 => any::<String>(),
    ];
    leaf.prop_recursive(4, 64, 8, move |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::btree_map(key.clone(), inner, 0..8)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(budget(512))]

    #[test]
    fn any_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = serde_json::from_slice::<LetterSettings>(&bytes);
        let _ = serde_json::from_slice::<UsersResponse>(&bytes);
    }

    #[test]
    fn any_json_never_panics_and_what_is_read_round_trips(value in json()) {
        if let Ok(settings) = serde_json::from_value::<LetterSettings>(value.clone()) {
            let written = serde_json::to_value(&settings).unwrap();
            prop_assert_eq!(serde_json::from_value::<LetterSettings>(written).unwrap(), settings);
        }
        if let Ok(directory) = serde_json::from_value::<UsersResponse>(value) {
            let written = serde_json::to_value(&directory).unwrap();
            prop_assert_eq!(serde_json::from_value::<UsersResponse>(written).unwrap(), directory);
        }
    }
}
