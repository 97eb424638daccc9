//! Checking letter settings before they are saved: every text plausible, or a problem
//! ([`SettingsProblem`]) that names what to fix, in French or English. One check for the
//! settings page (before sending, in the interface's language) and the server (which checks
//! again, answers in French, and adds what only it knows: the sender domains its operator
//! allows).
//!
//! - **Addresses** printed on letters (`loginUrl`, `activationUrl`) are empty or `https://`
//!   with a host and no user part (`https://ent.fr@evil.example` reads as ent.fr on paper);
//!   `http://localhost`, `http://127.0.0.1` and `http://[::1]` are allowed for demonstrations.
//! - **Texts** are at most [`MAX_SETTING_LEN`] characters, without control characters (line
//!   breaks are allowed in `helpText`, which is a paragraph).
//! - **Label offsets** (the calibration of sticker and card sheets) are within ±10 mm.

use crate::lang::Lang;
use crate::model::{LetterSettings, Millimetres};

/// Longest accepted text of a setting; the help text is a paragraph, not a document.
pub const MAX_SETTING_LEN: usize = 2000;

/// A letter setting, named as the settings pages label it (what a problem's message names).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Setting {
    EntName,
    LoginUrl,
    ActivationUrl,
    HelpText,
    SenderAddress,
    LabelOffsetX,
    LabelOffsetY,
    /// Local mode's: the school's name, printed at the top of each letter.
    SchoolName,
    /// Local mode's: the school's official code.
    Uai,
}

impl Setting {
    /// Its name on the settings pages.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Setting::EntName, Lang::Fr) => "Nom de l’ENT",
            (Setting::EntName, Lang::En) => "ENT name",
            (Setting::LoginUrl, Lang::Fr) => "Adresse de connexion",
            (Setting::LoginUrl, Lang::En) => "Sign-in address",
            (Setting::ActivationUrl, Lang::Fr) => "Adresse d’activation",
            (Setting::ActivationUrl, Lang::En) => "Activation address",
            (Setting::HelpText, Lang::Fr) => "Texte d’aide",
            (Setting::HelpText, Lang::En) => "Help text",
            (Setting::SenderAddress, Lang::Fr) => "Adresse d’expédition",
            (Setting::SenderAddress, Lang::En) => "Sender address",
            (Setting::LabelOffsetX, Lang::Fr) => "Décalage des étiquettes vers la droite (mm)",
            (Setting::LabelOffsetX, Lang::En) => "Label offset to the right (mm)",
            (Setting::LabelOffsetY, Lang::Fr) => "Décalage des étiquettes vers le bas (mm)",
            (Setting::LabelOffsetY, Lang::En) => "Label offset downwards (mm)",
            (Setting::SchoolName, Lang::Fr) => "Nom de l’établissement",
            (Setting::SchoolName, Lang::En) => "School name",
            (Setting::Uai, _) => "UAI",
        }
    }
}

/// What is wrong with a setting; [`message`](Self::message) says it in the interface's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SettingsProblem {
    /// More than [`MAX_SETTING_LEN`] characters.
    TooLong(Setting),
    /// A control character (a line break but in the help text, a tab…).
    ControlCharacter(Setting),
    /// An address printed on letters that is not `https://…` (or plain HTTP to this machine):
    /// what was received, cut to 200 characters.
    NotWebAddress { setting: Setting, received: String },
    /// A label offset beyond [`Millimetres::MAX_OFFSET`].
    OffsetOutOfRange { setting: Setting, received: Millimetres },
    /// Settings the letters cannot be printed without, left empty
    /// ([`crate::letter::missing_settings`]).
    Missing(Vec<Setting>),
}

impl SettingsProblem {
    /// What to fix, naming the setting as the page labels it.
    pub fn message(&self, lang: Lang) -> String {
        let max = Millimetres::MAX_OFFSET;
        match (self, lang) {
            (SettingsProblem::TooLong(s), Lang::Fr) => {
                format!("« {} » dépasse {MAX_SETTING_LEN} caractères.", s.label(lang))
            }
            (SettingsProblem::TooLong(s), Lang::En) => {
                format!("“{}” is longer than {MAX_SETTING_LEN} characters.", s.label(lang))
            }
            (SettingsProblem::ControlCharacter(s), Lang::Fr) => format!(
                "« {} » contient un caractère de contrôle (saut de ligne, tabulation…) : retirez-le.",
                s.label(lang)
            ),
            (SettingsProblem::ControlCharacter(s), Lang::En) => format!(
                "“{}” holds a control character (line break, tab…): remove it.",
                s.label(lang)
            ),
            (SettingsProblem::NotWebAddress { setting, received }, Lang::Fr) => format!(
                "« {} » doit être une adresse web commençant par https:// (reçu « {received} »).",
                setting.label(lang)
            ),
            (SettingsProblem::NotWebAddress { setting, received }, Lang::En) => format!(
                "“{}” must be a web address starting with https:// (received “{received}”).",
                setting.label(lang)
            ),
            (SettingsProblem::OffsetOutOfRange { setting, received }, Lang::Fr) => format!(
                "« {} » doit être entre -{max} et {max} mm (reçu {received} mm) : une imprimante \
                 plus décalée que cela est à régler, pas à compenser.",
                setting.label(lang)
            ),
            (SettingsProblem::OffsetOutOfRange { setting, received }, Lang::En) => format!(
                "“{}” must be between -{max} and {max} mm (received {received} mm): a printer \
                 further off than that needs adjusting, not compensating.",
                setting.label(lang)
            ),
            (SettingsProblem::Missing(settings), Lang::Fr) => {
                let names: Vec<String> = settings
                    .iter()
                    .map(|s| format!("« {} »", s.label(lang)))
                    .collect();
                format!(
                    "Les lettres ne peuvent pas être imprimées sans : {}.",
                    names.join(", ")
                )
            }
            (SettingsProblem::Missing(settings), Lang::En) => {
                let names: Vec<String> = settings.iter().map(|s| format!("“{}”", s.label(lang))).collect();
                format!("The letters cannot be printed without: {}.", names.join(", "))
            }
        }
    }
}

/// Whether `value`, the text of `setting`, is short enough and free of control characters
/// (line breaks and tabs allowed when `multiline`).
pub(crate) fn check_text(setting: Setting, value: &str, multiline: bool) -> Result<(), SettingsProblem> {
    if value.chars().count() > MAX_SETTING_LEN {
        return Err(SettingsProblem::TooLong(setting));
    }
    let allowed = |c: char| multiline && matches!(c, '\n' | '\r' | '\t');
    if value.chars().any(|c| c.is_control() && !allowed(c)) {
        return Err(SettingsProblem::ControlCharacter(setting));
    }
    Ok(())
}

impl LetterSettings {
    /// These settings checked and normalised (`externalSignIn` as a set, the sender address
    /// trimmed), or what to fix.
    pub fn check(&self) -> Result<LetterSettings, SettingsProblem> {
        for (setting, value, multiline) in [
            (Setting::EntName, &self.ent_name, false),
            (Setting::LoginUrl, &self.login_url, false),
            (Setting::ActivationUrl, &self.activation_url, false),
            (Setting::HelpText, &self.help_text, true),
            (Setting::SenderAddress, &self.sender_address, false),
        ] {
            check_text(setting, value, multiline)?;
        }
        for (setting, url) in [
            (Setting::LoginUrl, &self.login_url),
            (Setting::ActivationUrl, &self.activation_url),
        ] {
            if !is_printable_web_address(url) {
                return Err(SettingsProblem::NotWebAddress {
                    setting,
                    received: url.chars().take(200).collect(),
                });
            }
        }
        for (setting, offset) in [
            (Setting::LabelOffsetX, self.label_offset_x_mm),
            (Setting::LabelOffsetY, self.label_offset_y_mm),
        ] {
            if !offset.is_plausible_offset() {
                return Err(SettingsProblem::OffsetOutOfRange {
                    setting,
                    received: offset,
                });
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

    /// [`check`](Self::check), its problem in French: what the server answers.
    pub fn checked(&self) -> Result<LetterSettings, String> {
        self.check().map_err(|p| p.message(Lang::Fr))
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
            error.contains("Décalage des étiquettes vers la droite (mm)") && error.contains("-10.1"),
            "{error}"
        );
        let english = s.check().unwrap_err().message(Lang::En);
        assert!(
            english.starts_with("“Label offset to the right (mm)” must be between -10 and 10 mm"),
            "{english}"
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
        // The settings page says it in the interface's language.
        assert_eq!(
            http.check().unwrap_err().message(Lang::En),
            "“Sign-in address” must be a web address starting with https:// (received \
             “http://ent.exemple.fr”)."
        );
    }
}
