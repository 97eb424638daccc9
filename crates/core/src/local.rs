//! Local mode (`/local`): the ENT's export opened in the browser, with no server and no account.
//!
//! Two things are decided here, so the page only shows them:
//!
//! - [`accounts`]: the accounts [`parse_csv`](crate::import::parse_csv) read, as the directory's
//!   [`User`]s, the way the server would store them — except that nothing is stored: ids are the
//!   file's `Id` (else `ligne-N`), and a class's id is its name, so an address such as
//!   `/local?class=CM2%20A` selects the same class the next time the file is opened.
//! - [`LocalSettings`]: the letter settings edited on the page, and the small JSON file the
//!   administrator may save them in and load them from. That file holds the settings only, never
//!   an account: loading refuses any other content ([`LocalSettings::from_json`]).
//! - [`school`]: the file's accounts under those settings — only once the settings hold what a
//!   letter cannot do without (the school's name, the sign-in address): nothing here has a
//!   server's settings page behind it, and a letter saying « (adresse non renseignée) » is
//!   useless on paper, so it is refused rather than printed.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::import::ImportedUser;
use crate::lang::Lang;
use crate::letter::settings_check::{check_text, Setting, SettingsProblem};
use crate::model::{ClassRef, LetterSettings, Structure, User};
use crate::school::{School, UnknownZone};
use crate::wire::UsersResponse;

/// The accounts of an export, in file order. `now` stands for a creation date the file does not
/// give (core has no clock).
pub fn accounts(imported: Vec<ImportedUser>, now: DateTime<Utc>) -> Vec<User> {
    imported
        .into_iter()
        .map(|u| User {
            id: u.id.unwrap_or_else(|| format!("ligne-{}", u.line)),
            profile: u.profile,
            first_name: u.first_name,
            last_name: u.last_name,
            login: u.login,
            activation_code: u.activation_code,
            email: u.email,
            created_at: u.created_at.unwrap_or(now),
            blocked: u.blocked,
            local_admin: u.local_admin,
            classes: u
                .classes
                .into_iter()
                .map(|name| ClassRef {
                    id: name.clone(),
                    name,
                })
                .collect(),
            children: u.children,
            last_distributed_at: None,
            // A file opened in the browser is no recorded import.
            import_id: None,
        })
        .collect()
}

/// The school of a file opened in local mode: `users` under the page's `settings`; refused while
/// the settings lack what a letter needs ([`LocalSettings::for_letters`]).
pub fn school(
    settings: &LocalSettings,
    users: Vec<User>,
    now: DateTime<Utc>,
) -> Result<School, SettingsProblem> {
    let settings = settings.for_letters()?;
    let response = UsersResponse {
        structure: settings.structure(),
        users,
        fetched_at: now,
        latest_import_id: None,
    };
    Ok(School::from_response(response, UnknownZone::UseParis).expect("an unknown zone reads as Paris's"))
}

/// What tells a settings file from any other JSON file.
pub const SETTINGS_FORMAT: &str = "sesame-letter-settings";

/// Largest settings file read: a few texts of
/// [`MAX_SETTING_LEN`](crate::letter::settings_check::MAX_SETTING_LEN) characters, never a directory.
pub const MAX_SETTINGS_FILE: usize = 64 * 1024;

/// The letter settings of local mode: the school's name (printed at the top of each letter)
/// and what the server's settings page edits. Kept in the page's memory; saved only as a file
/// the administrator downloads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LocalSettings {
    /// Always [`SETTINGS_FORMAT`].
    pub format: String,
    pub school_name: String,
    /// The school's official code (UAI), optional.
    #[serde(default)]
    pub uai: String,
    #[serde(default)]
    pub letter_settings: LetterSettings,
}

impl Default for LocalSettings {
    fn default() -> LocalSettings {
        LocalSettings {
            format: SETTINGS_FORMAT.to_owned(),
            school_name: String::new(),
            uai: String::new(),
            letter_settings: LetterSettings::default(),
        }
    }
}

impl LocalSettings {
    /// The structure letters are printed for.
    pub fn structure(&self) -> Structure {
        Structure {
            id: "local".to_owned(),
            uai: self.uai.clone(),
            name: self.school_name.clone(),
            time_zone: "Europe/Paris".to_owned(),
            letter_settings: self.letter_settings.clone(),
        }
    }

    /// These settings checked as the server checks its own, or what to fix.
    pub fn check(&self) -> Result<LocalSettings, SettingsProblem> {
        check_text(Setting::SchoolName, &self.school_name, false)?;
        check_text(Setting::Uai, &self.uai, false)?;
        Ok(LocalSettings {
            format: SETTINGS_FORMAT.to_owned(),
            letter_settings: self.letter_settings.check()?,
            ..self.clone()
        })
    }

    /// [`check`](Self::check), and what the letters need given ([`missing_settings`]): the
    /// settings local mode prints with, or what to fill in first.
    ///
    /// [`missing_settings`]: crate::letter::missing_settings
    pub fn for_letters(&self) -> Result<LocalSettings, SettingsProblem> {
        let checked = self.check()?;
        let missing = crate::letter::missing_settings(&checked.structure());
        if missing.is_empty() {
            Ok(checked)
        } else {
            Err(SettingsProblem::Missing(missing))
        }
    }

    /// The file's content: indented JSON a person can read.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("settings serialise")
    }

    /// Settings read back from a file saved by [`to_json`](Self::to_json), checked; anything
    /// else — another JSON file, a directory, accounts — is refused with what went wrong.
    pub fn from_json(bytes: &[u8]) -> Result<LocalSettings, SettingsFileError> {
        if bytes.len() > MAX_SETTINGS_FILE {
            return Err(SettingsFileError::TooLarge);
        }
        let value: serde_json::Value =
            serde_json::from_slice(bytes).map_err(|_| SettingsFileError::NotSettings)?;
        if value.get("format").and_then(|f| f.as_str()) != Some(SETTINGS_FORMAT) {
            return Err(SettingsFileError::NotSettings);
        }
        let settings: LocalSettings =
            serde_json::from_value(value).map_err(|e| SettingsFileError::Unexpected(e.to_string()))?;
        settings.check().map_err(SettingsFileError::Settings)
    }
}

/// Why a file chosen as « Charger des réglages » was not loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SettingsFileError {
    /// Not JSON, or JSON of something else.
    NotSettings,
    /// Far larger than settings can be.
    TooLarge,
    /// A settings file with a field Sésame does not know (what serde says of it).
    Unexpected(String),
    /// A settings file whose settings do not pass the check.
    Settings(SettingsProblem),
}

impl SettingsFileError {
    pub fn message(&self, lang: Lang) -> String {
        let not_settings = match lang {
            Lang::Fr => {
                "ce fichier n’est pas un fichier de réglages de Sésame (enregistré par « Enregistrer \
                         les réglages »)"
            }
            Lang::En => "this file is not a Sésame settings file (saved by “Save the settings”)",
        };
        match (self, lang) {
            (SettingsFileError::NotSettings, _) => format!("{not_settings}."),
            (SettingsFileError::TooLarge, Lang::Fr) => format!("{not_settings} : il est bien trop grand."),
            (SettingsFileError::TooLarge, Lang::En) => format!("{not_settings}: it is far too large."),
            (SettingsFileError::Unexpected(detail), Lang::Fr) => format!("{not_settings} : {detail}."),
            (SettingsFileError::Unexpected(detail), Lang::En) => format!("{not_settings}: {detail}."),
            (SettingsFileError::Settings(problem), _) => problem.message(lang),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::parse_csv;
    use crate::model::Profile;
    use crate::SchoolTimeZone;

    const CSV: &str = "Type;Nom;Prénom;Login;Code d'activation;Id;Classes;Enfants\n\
        Élève;Dupré;Zoé;zoe.dupre;AB12CD34;;CM2 A;\n\
        Parent;Dupré;Marc;marc.dupre;;p1;;Zoé Dupré (CM2 A)\n";

    fn now() -> DateTime<Utc> {
        "2026-09-01T08:00:00Z".parse().unwrap()
    }

    #[test]
    fn accounts_are_the_files_with_stable_ids_and_classes_named_by_themselves() {
        let report = parse_csv(CSV.as_bytes(), SchoolTimeZone::EuropeParis).unwrap();
        let users = accounts(report.users, now());
        assert_eq!(users.len(), 2);
        assert_eq!(users[0].id, "ligne-2");
        assert_eq!(users[1].id, "p1");
        assert_eq!(
            users[0].classes[0],
            ClassRef {
                id: "CM2 A".into(),
                name: "CM2 A".into()
            }
        );
        assert_eq!(users[0].activation_code.as_deref(), Some("AB12CD34"));
        assert_eq!(users[0].created_at, now());
        // The relative belongs to their child's class, for the filter and the sort.
        let school = school(&ready(), users, now()).unwrap();
        let mut selection = crate::Selection::default();
        selection.classes.insert("CM2 A".into());
        assert_eq!(school.directory.select(&selection).len(), 2);
        assert_eq!(school.structure.id, "local");
    }

    /// Settings that hold what a letter needs.
    fn ready() -> LocalSettings {
        let mut settings = LocalSettings {
            school_name: "École Jean-Jaurès".into(),
            ..LocalSettings::default()
        };
        settings.letter_settings.login_url = "https://ent.example.fr".into();
        settings
    }

    #[test]
    fn letters_wait_for_the_school_and_where_to_sign_in_never_a_placeholder() {
        let report = parse_csv(CSV.as_bytes(), SchoolTimeZone::EuropeParis).unwrap();
        let users = accounts(report.users, now());
        // Nothing typed yet: refused, naming both, in the interface's language.
        let refused = school(&LocalSettings::default(), users.clone(), now()).unwrap_err();
        assert_eq!(
            refused,
            SettingsProblem::Missing(vec![Setting::SchoolName, Setting::LoginUrl])
        );
        assert_eq!(
            refused.message(Lang::Fr),
            "Les lettres ne peuvent pas être imprimées sans : « Nom de l’établissement », \
             « Adresse de connexion »."
        );
        assert_eq!(
            refused.message(Lang::En),
            "The letters cannot be printed without: “School name”, “Sign-in address”."
        );
        // An activation address alone does not do: the letters say where to sign in, too.
        let mut only_activation = ready();
        only_activation.letter_settings.login_url.clear();
        only_activation.letter_settings.activation_url = "https://ent.example.fr/activer".into();
        assert_eq!(
            only_activation.for_letters().unwrap_err(),
            SettingsProblem::Missing(vec![Setting::LoginUrl])
        );
        // Given, the letters say them: the school's name and the addresses, no placeholder.
        let school = school(&ready(), users, now()).unwrap();
        for activated in [false, true] {
            let text = crate::letter::boilerplate(&school.structure, Lang::Fr, activated);
            assert_eq!(text.school, "École Jean-Jaurès");
            let said = format!("{:?}", text);
            assert!(said.contains("https://ent.example.fr"), "{said}");
            assert!(!said.contains("non renseignée"), "{said}");
            let card = crate::letter::card_text(&school.structure, Lang::Fr, activated);
            assert!(card.url_line.contains("https://ent.example.fr"), "{card:?}");
        }
    }

    #[test]
    fn settings_round_trip_through_their_file() {
        let mut settings = LocalSettings {
            school_name: "École Jean-Jaurès".into(),
            ..LocalSettings::default()
        };
        settings.letter_settings.ent_name = "ONE".into();
        settings.letter_settings.login_url = "https://ent.example.fr".into();
        settings.letter_settings.external_sign_in = vec![Profile::Teacher];
        let json = settings.to_json();
        assert!(json.contains("\"format\": \"sesame-letter-settings\""), "{json}");
        assert_eq!(LocalSettings::from_json(json.as_bytes()).unwrap(), settings);
    }

    #[test]
    fn a_file_that_is_not_settings_is_refused() {
        for bad in [
            &b"not json"[..],
            br#"{"entName": "ONE"}"#,
            br#"{"format": "sesame-letter-settings", "schoolName": "E", "users": []}"#,
            br#"{"format": "autre", "schoolName": "E"}"#,
        ] {
            let err = LocalSettings::from_json(bad).unwrap_err();
            assert!(
                err.message(Lang::Fr)
                    .starts_with("ce fichier n’est pas un fichier de réglages"),
                "{err:?}"
            );
            assert!(
                err.message(Lang::En)
                    .starts_with("this file is not a Sésame settings file"),
                "{err:?}"
            );
        }
        let http = br#"{"format": "sesame-letter-settings", "schoolName": "E",
            "letterSettings": {"loginUrl": "http://ent.example.fr"}}"#;
        let err = LocalSettings::from_json(http).unwrap_err().message(Lang::Fr);
        assert!(err.contains("https://"), "{err}");
        let huge = vec![b' '; MAX_SETTINGS_FILE + 1];
        assert!(LocalSettings::from_json(&huge)
            .unwrap_err()
            .message(Lang::Fr)
            .contains("trop grand"));
    }
}
