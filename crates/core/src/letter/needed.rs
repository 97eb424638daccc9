//! What a letter cannot be printed without: the school it comes from and the address to go to.
//! Without them a letter says « (adresse non renseignée) » where the pupil should go — useless
//! on paper. Local mode, where these settings are typed on the page (there is no server's
//! settings page behind them), refuses to print until they are given
//! ([`crate::local::LocalSettings::for_letters`]).

use crate::letter::settings_check::Setting;
use crate::model::Structure;

/// The settings `structure`'s letters need and lack, in the order a form asks for them: the
/// school's name (at the top of every letter, card and sheet), and the sign-in address (where an
/// activated account signs in, where a new one goes once activated — and where it is activated
/// when no separate activation address is given).
pub fn missing_settings(structure: &Structure) -> Vec<Setting> {
    let mut missing = Vec::new();
    if structure.name.trim().is_empty() {
        missing.push(Setting::SchoolName);
    }
    if structure.letter_settings.login_url.trim().is_empty() {
        missing.push(Setting::LoginUrl);
    }
    missing
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::LetterSettings;

    #[test]
    fn a_letter_needs_its_school_and_where_to_sign_in() {
        let mut structure = Structure {
            id: "s".into(),
            uai: String::new(),
            name: "  ".into(),
            time_zone: "Europe/Paris".into(),
            letter_settings: LetterSettings {
                activation_url: "https://ent.example.fr/activer".into(),
                ..LetterSettings::default()
            },
        };
        // An activation address alone is not enough: the letters also say where to sign in.
        assert_eq!(
            missing_settings(&structure),
            [Setting::SchoolName, Setting::LoginUrl]
        );
        structure.name = "École Jean-Jaurès".into();
        structure.letter_settings.login_url = "https://ent.example.fr".into();
        assert!(missing_settings(&structure).is_empty());
    }
}
