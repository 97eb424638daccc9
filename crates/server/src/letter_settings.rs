//! Checking the letter settings an administrator saves (`PUT …/letter-settings`): the whole
//! set, every value plausible, or a French message that names what to fix.
//!
//! - **Every field** is required, and no other: a PUT replaces the settings, so a body missing
//!   a field must not silently blank it (the settings page always sends them all). The fields
//!   are those `LetterSettings` serialises, so a field added to the model is required at once.
//! - **Addresses and texts** are checked by core ([`LetterSettings::checked`], the settings
//!   page runs the same check before sending): `https://` addresses, bounded texts, no control
//!   characters.
//! - **Label offsets** (`labelOffsetXMm`, `labelOffsetYMm`) too: millimetres within ±10.
//! - **`senderAddress`** is empty or a mailbox of a domain the operator allows
//!   ([`SenderPolicy`]).
//!
//! A pure function of the JSON, so property tests can throw anything at it.

use serde_json::{Map, Value};
use sesame_core::LetterSettings;

use crate::mail::SenderPolicy;

pub use sesame_core::letter::settings_check::{is_printable_web_address, MAX_SETTING_LEN};

/// The settings in `body`, checked ([`LetterSettings::checked`]) and normalised, their sender
/// address allowed by `senders`.
pub fn validate(body: &Value, senders: &SenderPolicy) -> Result<LetterSettings, String> {
    let Value::Object(fields) = body else {
        return Err("Les réglages doivent être un objet JSON.".into());
    };
    check_field_names(fields)?;
    let settings: LetterSettings =
        serde_json::from_value(body.clone()).map_err(|e| format!("Réglages invalides : {e}."))?;
    let settings = settings.checked()?;
    senders.check(&settings.sender_address)?;
    Ok(settings)
}

/// Every field of `LetterSettings`, and no other.
fn check_field_names(fields: &Map<String, Value>) -> Result<(), String> {
    let expected = serde_json::to_value(LetterSettings::default()).expect("settings serialise");
    let expected = expected.as_object().expect("settings are an object");
    let missing: Vec<String> = expected
        .keys()
        .filter(|k| !fields.contains_key(*k))
        .map(|k| format!("« {k} »"))
        .collect();
    if !missing.is_empty() {
        return Err(format!(
            "Réglages incomplets : il manque {}. Envoyez tous les réglages (un champ absent \
             n'est pas remis à zéro en silence).",
            missing.join(", ")
        ));
    }
    if let Some(unknown) = fields.keys().find(|k| !expected.contains_key(*k)) {
        let shown: String = unknown.chars().take(60).collect();
        return Err(format!("Réglage inconnu : « {shown} »."));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn senders() -> SenderPolicy {
        SenderPolicy::new(Some("ecole.fr"), &"a@ecole.fr".parse().unwrap()).unwrap()
    }

    fn full() -> Value {
        json!({"entName": "ONE", "loginUrl": "https://ent.exemple.fr", "activationUrl": "https://ent.exemple.fr/activer",
               "helpText": "Secrétariat\nbureau 12", "senderAddress": " Secrétariat <secretariat@ecole.fr> ",
               "externalSignIn": ["Relative", "Teacher", "Relative"], "labelOffsetXMm": 1.5, "labelOffsetYMm": -0.5,
               "teachersMayDistribute": false, "teachersMayMail": false})
    }

    #[test]
    fn a_complete_body_is_accepted_and_normalised() {
        let settings = validate(&full(), &senders()).unwrap();
        assert_eq!(settings.sender_address, "Secrétariat <secretariat@ecole.fr>");
        assert_eq!(settings.external_sign_in.len(), 2);
    }

    #[test]
    fn a_partial_body_names_what_is_missing() {
        let error = validate(&json!({}), &senders()).unwrap_err();
        for name in [
            "entName",
            "loginUrl",
            "activationUrl",
            "helpText",
            "senderAddress",
            "externalSignIn",
            "labelOffsetXMm",
            "labelOffsetYMm",
            "teachersMayDistribute",
            "teachersMayMail",
        ] {
            assert!(error.contains(&format!("« {name} »")), "{error}");
        }
        let mut extra = full();
        extra["footer"] = json!("x");
        assert!(validate(&extra, &senders()).unwrap_err().contains("« footer »"));
        assert!(validate(&json!([1]), &senders()).is_err());
        let mut wrong_type = full();
        wrong_type["externalSignIn"] = json!(["Wizard"]);
        assert!(validate(&wrong_type, &senders()).is_err());
    }

    #[test]
    fn label_offsets_are_kept_to_the_tenth_and_bounded() {
        let settings = validate(&full(), &senders()).unwrap();
        assert_eq!(settings.label_offset_x_mm.tenths(), 15);
        assert_eq!(settings.label_offset_y_mm.tenths(), -5);
        let mut body = full();
        body["labelOffsetYMm"] = json!(-10.5);
        let error = validate(&body, &senders()).unwrap_err();
        assert!(
            error.contains("Décalage des étiquettes vers le bas") && error.contains("-10.5"),
            "{error}"
        );
        body["labelOffsetYMm"] = json!("2");
        assert!(validate(&body, &senders()).is_err());
    }

    #[test]
    fn control_characters_and_foreign_senders_are_refused() {
        let mut body = full();
        body["entName"] = json!("ONE\u{1b}[31m");
        assert!(validate(&body, &senders())
            .unwrap_err()
            .contains("« Nom de l’ENT »"));
        let mut body = full();
        body["senderAddress"] = json!("Ministre <ministre@education.gouv.fr>");
        assert!(validate(&body, &senders())
            .unwrap_err()
            .contains("education.gouv.fr"));
    }
}
