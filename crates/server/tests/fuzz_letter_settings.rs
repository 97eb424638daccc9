//! Fuzzing the check of saved letter settings (`sesame_server::letter_settings::validate`):
//! any JSON, and complete bodies with one field replaced by anything. Never a panic, and what it
//! accepts is always what a letter may print: every field present, texts bounded and free of
//! control characters, addresses https (or this machine), the sender empty or a mailbox of an
//! allowed domain. Budget as in `crates/core/tests/fuzz` (`SESAME_FUZZ_SCALE`,
//! `SESAME_FUZZ_SEED`; `cargo xtask fuzz` runs it long).

use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};
use serde_json::{json, Value};
use sesame_server::letter_settings::{is_printable_web_address, validate, MAX_SETTING_LEN};
use sesame_server::mail::SenderPolicy;

fn budget(base: u32) -> Config {
    let env = |name: &str| std::env::var(name).ok().and_then(|s| s.parse::<u64>().ok());
    let cases = base.saturating_mul(env("SESAME_FUZZ_SCALE").unwrap_or(1).max(1) as u32);
    let seed = env("SESAME_FUZZ_SEED").unwrap_or(0x5e5a_3e09_f022_2026);
    eprintln!("fuzz budget: {cases} cases, seed {seed}");
    Config {
        cases,
        rng_seed: RngSeed::Fixed(seed),
        ..Config::default()
    }
}

fn senders() -> SenderPolicy {
    SenderPolicy::new(Some("ecole.fr, *.ac-exemple.fr"), &"a@ecole.fr".parse().unwrap()).unwrap()
}

/// A complete body the check accepts, written out here rather than taken from the server's
/// model, so that what every field is named is this test's own statement.
fn valid() -> Value {
    json!({"entName": "ONE", "loginUrl": "https://ent.exemple.fr", "activationUrl": "https://ent.exemple.fr/activer",
           "helpText": "Secrétariat", "senderAddress": "Secrétariat <secretariat@ecole.fr>",
           "externalSignIn": ["Teacher", "Relative"], "labelOffsetXMm": 0.5, "labelOffsetYMm": -1.5,
               "teachersMayDistribute": false, "teachersMayMail": false})
}

/// The names of every field: those of [`valid`] (`the_valid_body_is_accepted` holds it whole).
fn fields() -> Vec<String> {
    valid().as_object().expect("an object").keys().cloned().collect()
}

/// Strings that come close to being accepted, and strings that are anything.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => proptest::sample::select(vec![
            "https://ent.fr", "http://ent.fr", "https://ent.fr@evil.fr", "http://localhost:8080/x",
            "https://[::1]/", "javascript:alert(1)", "HTTPS://ENT.FR", "https://ent.fr/\u{202e}",
            "a@ecole.fr", "Nom <a@ecole.fr>", "a@x.ac-exemple.fr", "ministre@education.gouv.fr",
            "a@ecole.fr\r\nBcc: b@c.fr", "=?utf-8?q?x?= <a@ecole.fr>", "\"a@b\"@ecole.fr", "",
        ])
        .prop_map(str::to_owned),
        2 => any::<String>(),
        1 => (any::<char>(), 1990..2100usize).prop_map(|(c, n)| c.to_string().repeat(n)),
    ]
}

fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        text().prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 32, 8, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            proptest::collection::btree_map(
                prop_oneof![proptest::sample::select(fields()), any::<String>()],
                inner,
                0..8
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// What every accepted body must be.
fn check(body: &Value) -> Result<(), TestCaseError> {
    let Ok(settings) = validate(body, &senders()) else {
        return Ok(());
    };
    let object = body.as_object().expect("only objects are accepted");
    let fields = fields();
    prop_assert_eq!(object.len(), fields.len());
    prop_assert!(fields.iter().all(|f| object.contains_key(f)));
    for (value, multiline) in [
        (&settings.ent_name, false),
        (&settings.login_url, false),
        (&settings.activation_url, false),
        (&settings.help_text, true),
        (&settings.sender_address, false),
    ] {
        prop_assert!(value.chars().count() <= MAX_SETTING_LEN);
        prop_assert!(settings.label_offset_x_mm.is_plausible_offset());
        prop_assert!(settings.label_offset_y_mm.is_plausible_offset());
        prop_assert!(value
            .chars()
            .all(|c| !c.is_control() || (multiline && matches!(c, '\n' | '\r' | '\t'))));
    }
    for url in [&settings.login_url, &settings.activation_url] {
        prop_assert!(is_printable_web_address(url));
        let lower = url.to_ascii_lowercase();
        prop_assert!(
            url.is_empty()
                || lower.starts_with("https://")
                || lower.starts_with("http://localhost")
                || lower.starts_with("http://127.0.0.1")
                || lower.starts_with("http://[::1]"),
            "{url}"
        );
    }
    if !settings.sender_address.is_empty() {
        let mailbox: lettre::message::Mailbox = settings.sender_address.parse().unwrap();
        let domain = mailbox.email.domain().to_lowercase();
        prop_assert!(
            domain == "ecole.fr" || domain.ends_with(".ac-exemple.fr"),
            "{domain}"
        );
    }
    prop_assert!(
        settings.external_sign_in.windows(2).all(|w| w[0] < w[1]),
        "a sorted set"
    );
    Ok(())
}

proptest! {
    #![proptest_config(budget(1024))]

    #[test]
    fn any_json_never_panics_and_nothing_unfit_is_accepted(body in any_json()) {
        check(&body)?;
    }

    #[test]
    fn one_field_replaced_by_anything(
        field in proptest::sample::select(fields()),
        value in prop_oneof![3 => text().prop_map(Value::String), 1 => any_json()],
        drop_field in proptest::option::weighted(0.1, proptest::sample::select(fields())),
    ) {
        let mut body = valid();
        body[field.as_str()] = value;
        if let Some(dropped) = &drop_field {
            body.as_object_mut().unwrap().remove(dropped);
        }
        check(&body)?;
        if drop_field.is_some() {
            prop_assert!(validate(&body, &senders()).is_err(), "a missing field is refused");
        }
    }
}

#[test]
fn the_valid_body_is_accepted() {
    validate(&valid(), &senders()).unwrap();
}
