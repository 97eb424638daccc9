//! Checking letter settings before they are saved: every text plausible, or a French message
//! that names what to fix. One check for the settings page (before sending) and the server
//! (which checks again, and adds what only it knows: the sender domains its operator allows).
//!
//! - **Addresses** printed on letters (`loginUrl`, `activationUrl`) are empty or `https://`
//!   with a host and no user part (`https://ent.fr@evil.example` reads as ent.fr on paper);
//!   `http://localhost`, `http://127.0.0.1` and `http://[::1]` are allowed for demonstrations.
//! - **Texts** are at most [`MAX_SETTING_LEN`] characters, without control characters (line
//!   breaks are allowed in `helpText`, which is a paragraph).
//! - **Label offsets** (the calibration of sticker and card sheets) are within ±10 mm.

use crate::model::LetterSettings;

/// The settings page's labels of the calibration offset (errors name them).
pub const LABEL_OFFSET_X: &str = "Décalage des étiquettes vers la droite (mm)";
pub const LABEL_OFFSET_Y: &str = "Décalage des étiquettes vers le bas (mm)";

/// Longest accepted text of a setting; the help text is a paragraph, not a document.
pub const MAX_SETTING_LEN: usize = 2000;

impl LetterSettings {
    /// These settings checked and normalised (`externalSignIn` as a set, the sender address
    /// trimmed), or what to fix.
    pub fn checked(&self) -> Result<LetterSettings, String> {
        // Each setting named as the settings page labels it: the administrator reads this.
        for (name, value, multiline) in [
            ("Nom de l’ENT", &self.ent_name, false),
            ("Adresse de connexion", &self.login_url, false),
            ("Adresse d’activation", &self.activation_url, false),
            ("Texte d’aide", &self.help_text, true),
            ("Adresse d’expédition", &self.sender_address, false),
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
            ("Adresse de connexion", &self.login_url),
            ("Adresse d’activation", &self.activation_url),
        ] {
            if !is_printable_web_address(url) {
                let shown: String = url.chars().take(200).collect();
                return Err(format!(
                    "« {name} » doit être une adresse web commençant par https:// (reçu « {shown} »)."
                ));
            }
        }
        for (name, offset) in [
            (LABEL_OFFSET_X, self.label_offset_x_mm),
            (LABEL_OFFSET_Y, self.label_offset_y_mm),
        ] {
            if !offset.is_plausible_offset() {
                let max = crate::model::Millimetres::MAX_OFFSET;
                return Err(format!(
                    "« {name} » doit être entre -{max} et {max} mm (reçu {offset} mm) : une imprimante \
                     plus décalée que cela est à régler, pas à compenser."
                ));
            }
        }
        Ok(LetterSettings {
            sender_address: self.sender_address.trim().to_owned(),
            external_sign_in: self.normalized_external_sign_in(),
            // E-mailing is a part of handing out: never one without the other.
            teachers_may_mail: self.teachers_may_mail && self.teachers_may_distribute,
            ..self.clone()
        })
    }
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
    use super::*;
    use crate::model::Millimetres;

    #[test]
    fn label_offsets_stay_within_a_centimetre() {
        let mut s = LetterSettings {
            label_offset_x_mm: Millimetres::from_tenths(-100),
            label_offset_y_mm: Millimetres::from_tenths(100),
            ..LetterSettings::default()
        };
        assert!(s.checked().is_ok());
        s.label_offset_x_mm = Millimetres::from_tenths(-101);
        let error = s.checked().unwrap_err();
        assert!(
            error.contains(LABEL_OFFSET_X) && error.contains("-10.1"),
            "{error}"
        );
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
    fn texts_are_bounded_and_free_of_control_characters() {
        let settings = LetterSettings {
            help_text: "Secrétariat\nbureau 12".into(),
            sender_address: "  a@ecole.fr ".into(),
            ..LetterSettings::default()
        };
        assert_eq!(settings.checked().unwrap().sender_address, "a@ecole.fr");
        let bad = LetterSettings {
            ent_name: "ONE\u{1b}[31m".into(),
            ..LetterSettings::default()
        };
        assert!(bad.checked().unwrap_err().contains("« Nom de l’ENT »"));
        let long = LetterSettings {
            help_text: "x".repeat(MAX_SETTING_LEN + 1),
            ..LetterSettings::default()
        };
        assert!(long.checked().unwrap_err().contains("« Texte d’aide »"));
        let http = LetterSettings {
            login_url: "http://ent.exemple.fr".into(),
            ..LetterSettings::default()
        };
        assert_eq!(
            http.checked().unwrap_err(),
            "« Adresse de connexion » doit être une adresse web commençant par https:// (reçu \
             « http://ent.exemple.fr »)."
        );
    }
}
