//! The directory as the API serves it: users, structures (schools) and their letter settings.
//!
//! JSON is camelCase (`firstName`, `activationCode`, `createdAt`, `localAdmin`). The original ENT's
//! `allUsers` export maps onto these one to one:
//!
//! | ENT (`allUsers`)            | Sésame            |
//! |-----------------------------|-------------------|
//! | `type`                      | `profile`         |
//! | `login` / `loginAlias`      | `login` (the alias when one exists) |
//! | `code`                      | `activationCode` (absent = already activated) |
//! | `creationDate`              | `createdAt` (RFC 3339, UTC) |
//! | `functions` has `ADMIN_LOCAL` for this structure | `localAdmin` |
//! | `blocked`, `email`, `classes`, `children` | same names |

use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The kind of account. Declaration order is the order used when sorting by profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Profile {
    Student,
    Teacher,
    Relative,
    Personnel,
    Guest,
}

impl Profile {
    /// Every profile, in sorting order.
    pub const ALL: [Profile; 5] = [
        Profile::Student,
        Profile::Teacher,
        Profile::Relative,
        Profile::Personnel,
        Profile::Guest,
    ];

    /// The JSON and URL name (`Student`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Profile::Student => "Student",
            Profile::Teacher => "Teacher",
            Profile::Relative => "Relative",
            Profile::Personnel => "Personnel",
            Profile::Guest => "Guest",
        }
    }

    /// The French label an administrator reads (Élève, Enseignant, …).
    pub fn label_fr(self) -> &'static str {
        match self {
            Profile::Student => "Élève",
            Profile::Teacher => "Enseignant",
            Profile::Relative => "Parent",
            Profile::Personnel => "Personnel",
            Profile::Guest => "Invité",
        }
    }

    /// Parses the JSON name, case-insensitively (`student` is accepted, `Student` is written).
    pub fn parse(name: &str) -> Option<Profile> {
        Profile::ALL
            .into_iter()
            .find(|p| p.as_str().eq_ignore_ascii_case(name))
    }
}

impl fmt::Display for Profile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A class a user belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClassRef {
    pub id: String,
    pub name: String,
}

/// A relative's child, as printed on the relative's letter ("Responsable de : Zoé Dupré (CM2 A)").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChildRef {
    pub first_name: String,
    pub last_name: String,
    #[serde(default)]
    pub class_name: Option<String>,
}

/// One account of the directory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct User {
    pub id: String,
    pub profile: Profile,
    pub first_name: String,
    pub last_name: String,
    /// The login alias when one exists, else the generated login.
    pub login: String,
    /// `None` once the account is activated.
    #[serde(default)]
    pub activation_code: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    pub created_at: DateTime<Utc>,
    #[serde(default)]
    pub blocked: bool,
    /// Has the ADMIN_LOCAL function for *this* structure.
    #[serde(default)]
    pub local_admin: bool,
    #[serde(default)]
    pub classes: Vec<ClassRef>,
    /// Relatives only.
    #[serde(default)]
    pub children: Vec<ChildRef>,
    /// When a letter or e-mail was last produced for this account (the server's distribution log).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_distributed_at: Option<DateTime<Utc>>,
    /// The import that created this account, when it came in through one recorded by the
    /// server (the « nouveaux comptes du dernier import » filter).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub import_id: Option<String>,
}

impl User {
    /// An account with what every account has, and nothing else: activated, no e-mail, no
    /// class, not blocked, not a local administrator, never distributed. The ENT export and the
    /// API fill in the rest; tests start from it.
    pub fn new(
        id: impl Into<String>,
        profile: Profile,
        first_name: impl Into<String>,
        last_name: impl Into<String>,
        login: impl Into<String>,
        created_at: DateTime<Utc>,
    ) -> User {
        User {
            id: id.into(),
            profile,
            first_name: first_name.into(),
            last_name: last_name.into(),
            login: login.into(),
            activation_code: None,
            email: None,
            created_at,
            blocked: false,
            local_admin: false,
            classes: Vec::new(),
            children: Vec::new(),
            last_distributed_at: None,
            import_id: None,
        }
    }

    /// True while the account still has to be activated with its code.
    pub fn is_activated(&self) -> bool {
        self.activation_code.is_none()
    }

    /// True when the account has a usable address: an empty or blank one counts as none.
    pub fn has_email(&self) -> bool {
        self.email.as_deref().is_some_and(|e| !e.trim().is_empty())
    }
}

/// What a letter or e-mail says about the ENT; nothing is hard-coded to one ENT.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct LetterSettings {
    /// "ONE", "Monlycée.net", …
    pub ent_name: String,
    /// Where users sign in.
    pub login_url: String,
    /// Where a new account is activated with its login and code.
    pub activation_url: String,
    /// Free text printed at the bottom of each letter (who to ask for help).
    pub help_text: String,
    /// `From` of the e-mails; the server's default sender when empty.
    pub sender_address: String,
    /// Profiles whose accounts sign in through an outside identity provider (teachers with
    /// their academic account, relatives with EduConnect or FranceConnect): the app tells the
    /// administrator that they need no credential letter.
    pub external_sign_in: Vec<Profile>,
    /// How far to shift sticker and card sheets to the right, for a printer that does not print
    /// where it should (negative: to the left). Plain-paper layouts are not shifted.
    pub label_offset_x_mm: Millimetres,
    /// How far to shift sticker and card sheets down (negative: up).
    pub label_offset_y_mm: Millimetres,
    /// Teachers who sign in through the ENT may hand out their own classes' letters (print,
    /// export, mark as distributed): the pupils of their classes and, where relatives are handed
    /// letters, those pupils' relatives. Off unless the school turns it on.
    #[serde(default)]
    pub teachers_may_distribute: bool,
    /// …and e-mail them too (only with `teachers_may_distribute`).
    #[serde(default)]
    pub teachers_may_mail: bool,
}

impl Default for LetterSettings {
    fn default() -> LetterSettings {
        LetterSettings {
            ent_name: String::new(),
            login_url: String::new(),
            activation_url: String::new(),
            help_text: String::new(),
            sender_address: String::new(),
            external_sign_in: LetterSettings::DEFAULT_EXTERNAL_SIGN_IN.to_vec(),
            label_offset_x_mm: Millimetres::ZERO,
            label_offset_y_mm: Millimetres::ZERO,
            teachers_may_distribute: false,
            teachers_may_mail: false,
        }
    }
}

impl LetterSettings {
    /// How French ENTs work: teachers use their academic account, relatives EduConnect.
    pub const DEFAULT_EXTERNAL_SIGN_IN: [Profile; 2] = [Profile::Teacher, Profile::Relative];

    /// `external_sign_in` as a set: sorted, each profile once.
    pub fn normalized_external_sign_in(&self) -> Vec<Profile> {
        let mut profiles = self.external_sign_in.clone();
        profiles.sort_unstable();
        profiles.dedup();
        profiles
    }
}

/// A length in millimetres, to the tenth: what a ruler measures of a printer's shift. Kept as a
/// whole number of tenths so settings compare exactly and survive a database round trip; JSON
/// writes it as a number of millimetres (`1.5`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub struct Millimetres {
    tenths: i32,
}

impl Millimetres {
    pub const ZERO: Millimetres = Millimetres { tenths: 0 };
    /// The largest calibration offset accepted: a printer further off than 1 cm needs repair,
    /// not a setting.
    pub const MAX_OFFSET: Millimetres = Millimetres { tenths: 100 };

    pub const fn from_tenths(tenths: i32) -> Millimetres {
        Millimetres { tenths }
    }

    /// `mm` rounded to the tenth; `None` for what is not a length a sheet could be shifted by
    /// (not finite, or over a metre).
    pub fn from_mm(mm: f64) -> Option<Millimetres> {
        (mm.is_finite() && mm.abs() <= 1000.0).then(|| Millimetres {
            tenths: (mm * 10.0).round() as i32,
        })
    }

    pub fn tenths(self) -> i32 {
        self.tenths
    }

    pub fn mm(self) -> f32 {
        self.tenths as f32 / 10.0
    }

    /// Within ±[`MAX_OFFSET`](Self::MAX_OFFSET).
    pub fn is_plausible_offset(self) -> bool {
        self.tenths.abs() <= Self::MAX_OFFSET.tenths
    }

    /// A length as an administrator types it: `1.5`, `1,5`, `-0,5` or empty (zero), with an
    /// optional `mm`.
    pub fn parse(text: &str) -> Option<Millimetres> {
        let text = text.trim().trim_end_matches("mm").trim().replace(',', ".");
        if text.is_empty() {
            return Some(Millimetres::ZERO);
        }
        text.parse::<f64>().ok().and_then(Millimetres::from_mm)
    }
}

impl fmt::Display for Millimetres {
    /// `1.5`, `-0.5`, `0`: the tenth only when there is one.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.tenths < 0 { "-" } else { "" };
        let abs = self.tenths.unsigned_abs();
        match abs % 10 {
            0 => write!(f, "{sign}{}", abs / 10),
            tenth => write!(f, "{sign}{}.{tenth}", abs / 10),
        }
    }
}

impl Serialize for Millimetres {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(f64::from(self.tenths) / 10.0)
    }
}

impl<'de> Deserialize<'de> for Millimetres {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Millimetres, D::Error> {
        let mm = f64::deserialize(d)?;
        Millimetres::from_mm(mm)
            .ok_or_else(|| serde::de::Error::custom(format!("{mm} n’est pas une longueur en millimètres")))
    }
}

/// A school (UAI) and its settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Structure {
    pub id: String,
    /// Official school code, e.g. `0751234A`.
    pub uai: String,
    pub name: String,
    /// IANA name of the school's time zone; creation-date filters use its calendar.
    #[serde(default = "default_time_zone")]
    pub time_zone: String,
    #[serde(default)]
    pub letter_settings: LetterSettings,
}

fn default_time_zone() -> String {
    "Europe/Paris".to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_json_is_camel_case_and_defaults_optional_fields() {
        let json = r#"{"id":"u1","profile":"Student","firstName":"Zoé","lastName":"Dupré",
            "login":"zoe.dupre","activationCode":"AB12CD","createdAt":"2025-09-01T06:30:00Z"}"#;
        let user: User = serde_json::from_str(json).unwrap();
        assert_eq!(user.first_name, "Zoé");
        assert_eq!(user.activation_code.as_deref(), Some("AB12CD"));
        assert!(!user.is_activated());
        assert!(!user.has_email());
        assert!(user.classes.is_empty() && !user.blocked && !user.local_admin);
        let back = serde_json::to_value(&user).unwrap();
        assert_eq!(back["firstName"], "Zoé");
        assert_eq!(back["activationCode"], "AB12CD");
        assert_eq!(back["localAdmin"], false);
    }

    #[test]
    fn blank_email_counts_as_none() {
        let mut user: User = serde_json::from_str(
            r#"{"id":"u","profile":"Guest","firstName":"A","lastName":"B","login":"a.b",
                "createdAt":"2025-01-01T00:00:00Z","email":"  "}"#,
        )
        .unwrap();
        assert!(!user.has_email());
        user.email = Some(String::new());
        assert!(!user.has_email());
        user.email = Some("a@b.fr".into());
        assert!(user.has_email());
    }

    #[test]
    fn label_offsets_are_millimetres_to_the_tenth() {
        let settings: LetterSettings =
            serde_json::from_str(r#"{"labelOffsetXMm": 1.54, "labelOffsetYMm": -0.5}"#).unwrap();
        assert_eq!(settings.label_offset_x_mm, Millimetres::from_tenths(15));
        assert_eq!(settings.label_offset_y_mm.mm(), -0.5);
        let json = serde_json::to_value(&settings).unwrap();
        assert_eq!(json["labelOffsetXMm"], 1.5);
        assert_eq!(json["labelOffsetYMm"], -0.5);
        assert_eq!(LetterSettings::default().label_offset_x_mm, Millimetres::ZERO);
        assert!(serde_json::from_str::<LetterSettings>(r#"{"labelOffsetXMm": 1e9}"#).is_err());
        assert!(serde_json::from_str::<LetterSettings>(r#"{"labelOffsetXMm": "1"}"#).is_err());
        assert_eq!(
            Millimetres::parse(" -1,5 mm"),
            Some(Millimetres::from_tenths(-15))
        );
        assert_eq!(Millimetres::parse(""), Some(Millimetres::ZERO));
        assert_eq!(Millimetres::parse("a"), None);
        assert_eq!(Millimetres::from_tenths(-15).to_string(), "-1.5");
        assert_eq!(Millimetres::from_tenths(20).to_string(), "2");
        assert_eq!(Millimetres::from_tenths(-5).to_string(), "-0.5");
        assert!(Millimetres::from_tenths(100).is_plausible_offset());
        assert!(!Millimetres::from_tenths(-101).is_plausible_offset());
    }

    #[test]
    fn profile_names_round_trip_and_parse_loosely() {
        for p in Profile::ALL {
            assert_eq!(Profile::parse(p.as_str()), Some(p));
            assert_eq!(Profile::parse(&p.as_str().to_lowercase()), Some(p));
            let json = serde_json::to_string(&p).unwrap();
            assert_eq!(json, format!("\"{p}\""));
        }
        assert_eq!(Profile::parse("Pupil"), None);
    }
}
