//! Checking the letter settings an administrator saves (`PUT …/letter-settings`): the whole
//! set, every value plausible, or a French message that names what to fix.
//!
//! - **Every field** is required, and no other: a PUT replaces the settings, so a body missing
//!   a field must not silently blank it (the settings page always sends them all). The fields
//!   are those `LetterSettings` serialises, so a field added to the model is required at once.
//! - **Addresses** printed on letters (`loginUrl`, `activationUrl`) are empty or `https://`
//!   with a host and no user part (`https://ent.fr@evil.example` reads as ent.fr on paper);
//!   `http://localhost`, `http://127.0.0.1` and `http://[::1]` are allowed for demonstrations.
//! - **Texts** are at most [`MAX_SETTING_LEN`] characters, without control characters (line
//!   breaks are allowed in `helpText`, which is a paragraph).
//! - **`senderAddress`** is empty or a mailbox of a domain the operator allows
//!   ([`SenderPolicy`]).
//!
//! A pure function of the JSON, so property tests can throw anything at it.

use serde_json::{Map, Value};
use sesame_core::LetterSettings;

use crate::mail::SenderPolicy;

/// Longest accepted text of a setting; the help text is a paragraph, not a document.
pub const MAX_SETTING_LEN: usize = 2000;

/// The settings in `body`, checked and normalised (`externalSignIn` as a set).
pub fn validate(body: &Value, senders: &SenderPolicy) -> Result<LetterSettings, String> {
    let Value::Object(fields) = body else {
        return Err("Les réglages doivent être un objet JSON.".into());
    };
    check_field_names(fields)?;
    let mut settings: LetterSettings =
        serde_json::from_value(body.clone()).map_err(|e| format!("Réglages invalides : {e}."))?;
    for (name, value, multiline) in [
        ("entName", &settings.ent_name, false),
        ("loginUrl", &settings.login_url, false),
        ("activationUrl", &settings.activation_url, false),
        ("helpText", &settings.help_text, true),
        ("senderAddress", &settings.sender_address, false),
    ] {
        if value.chars().count() > MAX_SETTING_LEN {
            return Err(format!("« {name} » dépasse {MAX_SETTING_LEN} caractères."));
        }
        let allowed = |c: char| multiline && matches!(c, '\n' | '\r' | '\t');
        if value.chars().any(|c| c.is_control() && !allowed(c)) {
            return Err(format!(
                "« {name} » contient un caractère de contrôle (saut de ligne, tabulation…) : \
                 retirez-le."
            ));
        }
    }
    for (name, url) in [
        ("loginUrl", &settings.login_url),
        ("activationUrl", &settings.activation_url),
    ] {
        if !is_printable_web_address(url) {
            let shown: String = url.chars().take(200).collect();
            return Err(format!(
                "« {name} » doit être une adresse web commençant par https:// (reçu « {shown} »)."
            ));
        }
    }
    senders.check(&settings.sender_address)?;
    settings.sender_address = settings.sender_address.trim().to_owned();
    settings.external_sign_in = settings.normalized_external_sign_in();
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

/// Empty, or `https://host…` (no user part, no space), or plain HTTP to this machine.
pub fn is_printable_web_address(url: &str) -> bool {
    if url.is_empty() {
        return true;
    }
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return false;
    }
    let lower = url.to_ascii_lowercase();
    let (rest, local_only) = if let Some(rest) = lower.strip_prefix("https://") {
        (rest, false)
    } else if let Some(rest) = lower.strip_prefix("http://") {
        (rest, true)
    } else {
        return false;
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if authority.is_empty() || authority.contains('@') {
        return false;
    }
    let host = match authority.strip_prefix('[') {
        Some(v6) => match v6.split_once(']') {
            Some((address, port)) if port.is_empty() || port.starts_with(':') => {
                return port_ok(port) && (!local_only || address == "::1");
            }
            _ => return false,
        },
        None => match authority.split_once(':') {
            Some((host, port)) => {
                if !port_ok(&format!(":{port}")) {
                    return false;
                }
                host
            }
            None => authority,
        },
    };
    if host.is_empty() || host.starts_with('.') || host.contains("..") {
        return false;
    }
    !local_only || matches!(host, "localhost" | "127.0.0.1")
}

/// `""` or `:` followed by a port number.
fn port_ok(port: &str) -> bool {
    match port.strip_prefix(':') {
        None => port.is_empty(),
        Some(digits) => !digits.is_empty() && digits.len() <= 5 && digits.bytes().all(|b| b.is_ascii_digit()),
    }
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
               "externalSignIn": ["Relative", "Teacher", "Relative"]})
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
    fn only_https_addresses_or_this_machine() {
        for good in [
            "",
            "https://ent.exemple.fr",
            "HTTPS://ent.exemple.fr:8443/a?b=c#d",
            "http://localhost:8080/activer",
            "http://127.0.0.1",
            "http://[::1]:8080/",
            "https://[2001:db8::1]/",
        ] {
            assert!(is_printable_web_address(good), "{good}");
        }
        for bad in [
            "http://ent.exemple.fr",
            "javascript:alert(1)",
            "https://",
            "https:///path",
            "https://ent.fr@evil.example/",
            "https://ent .fr",
            "https://ent.fr/\n",
            "http://localhost.evil.example/",
            "http://[::2]/",
            "https://host:99999999/",
            "https://host:/",
            "ftp://ent.fr",
            "https://..",
        ] {
            assert!(!is_printable_web_address(bad), "{bad}");
        }
    }

    #[test]
    fn control_characters_and_foreign_senders_are_refused() {
        let mut body = full();
        body["entName"] = json!("ONE\u{1b}[31m");
        assert!(validate(&body, &senders()).unwrap_err().contains("entName"));
        let mut body = full();
        body["senderAddress"] = json!("Ministre <ministre@education.gouv.fr>");
        assert!(validate(&body, &senders())
            .unwrap_err()
            .contains("education.gouv.fr"));
    }
}
