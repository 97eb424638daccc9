//! What can be wrong with an import, for the administrator in French or English
//! ([`LineErrorKind::message`], [`FileError::message`]) and as stable codes for scripts and tests:
//! a bad line (all of them are reported at once) or the whole file.
//!
//! # Adding a reason
//!
//! A new reason a line is refused (the file's, or one only the server knows, such as what the
//! school's database holds) is one more [`LineErrorKind`] variant, and three match arms: its
//! stable [`code`](LineErrorKind::code) (which is also its JSON `kind`), its French message and its
//! English one in [`message`](LineErrorKind::message). Build it with
//! [`LineError::new`]`(line, kind)`, name the person with [`LineError::with_person`], and turn
//! it into the answer's `wire::ImportMessage` (`From`, in `wire`): the app then words it in its own
//! language, and French stays the `message` every other reader (the CLI, scripts) gets.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::field::Field;
use crate::lang::Lang;

/// Why a line's bytes cannot be read as text (the file's encoding is decided for the whole file).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "what", rename_all = "kebab-case")]
pub enum EncodingProblem {
    /// A byte that is not UTF-8 in a file otherwise in UTF-8.
    InvalidUtf8 { byte: u8 },
    /// A line in UTF-8 in a file otherwise in Windows-1252.
    Utf8Line,
    /// A byte that neither UTF-8 nor Windows-1252 defines.
    UnknownByte { byte: u8 },
    /// A NUL byte: a binary file, or UTF-16.
    NulByte,
}

impl EncodingProblem {
    fn message(self, lang: Lang) -> String {
        match (self, lang) {
            (EncodingProblem::InvalidUtf8 { byte }, Lang::Fr) => {
                format!("octet 0x{byte:02X} invalide en UTF-8, alors que le fichier est en UTF-8")
            }
            (EncodingProblem::InvalidUtf8 { byte }, Lang::En) => {
                format!("byte 0x{byte:02X} is not UTF-8, while the file is in UTF-8")
            }
            (EncodingProblem::Utf8Line, Lang::Fr) => {
                "ligne en UTF-8, alors que le reste du fichier est en Windows-1252".into()
            }
            (EncodingProblem::Utf8Line, Lang::En) => {
                "line in UTF-8, while the rest of the file is in Windows-1252".into()
            }
            (EncodingProblem::UnknownByte { byte }, Lang::Fr) => {
                format!("octet 0x{byte:02X} inconnu en UTF-8 comme en Windows-1252")
            }
            (EncodingProblem::UnknownByte { byte }, Lang::En) => {
                format!("byte 0x{byte:02X} is neither UTF-8 nor Windows-1252")
            }
            (EncodingProblem::NulByte, Lang::Fr) => "octet nul (fichier binaire ou UTF-16 ?)".into(),
            (EncodingProblem::NulByte, Lang::En) => "NUL byte (a binary or UTF-16 file?)".into(),
        }
    }
}

/// What is wrong with one line. [`Self::message`] says it in French or English; [`Self::code`]
/// is the stable, machine-friendly name, and the tag of its JSON form (`{"kind":
/// "unknown-profile", "value": "Pupil"}`), which the app reads to word it itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case", rename_all_fields = "camelCase")]
pub enum LineErrorKind {
    /// Bytes that are neither UTF-8 nor Windows-1252 consistent with the rest of the file.
    BadEncoding {
        detail: EncodingProblem,
    },
    /// A quoted field never closes (it would swallow the rest of the file).
    UnclosedQuote,
    /// Text right after a closing quote: `"Zoé"x;`.
    TextAfterQuote,
    /// Fewer fields than the header names, or extra non-empty ones.
    FieldCount {
        found: usize,
        expected: usize,
    },
    /// A required value is empty (`Type`, `Nom`, `Prénom`).
    MissingValue {
        column: Field,
    },
    /// Neither `Alias de login` nor `Login` has a value.
    MissingLogin,
    UnknownProfile {
        value: String,
    },
    /// A name, login, code or address spans several lines.
    LineBreak {
        column: Field,
    },
    /// An invisible control character (U+0000–U+001F but line breaks, U+007F–U+009F) in a cell:
    /// it would reach names, letters and e-mails as garbage.
    ControlCharacter {
        column: Field,
        code: u32,
    },
    /// A bidirectional override, a zero-width character or a direction mark in a cell
    /// ([`crate::access::invisible`]): a name or a login would display as another.
    InvisibleCharacter {
        column: Field,
        code: u32,
    },
    /// A login with a space inside, which nobody could type at the login prompt.
    SpaceInLogin {
        login: String,
    },
    DuplicateLogin {
        login: String,
        first_line: usize,
    },
    DuplicateId {
        id: String,
        first_line: usize,
    },
    BadDate {
        value: String,
    },
    BadBoolean {
        column: Field,
        value: String,
    },
    /// The line gives its account a login another account of the school keeps (`holder`: that
    /// account's name, or the line that gives it): two people cannot sign in with one login.
    LoginTaken {
        login: String,
        holder: String,
    },
}

impl LineErrorKind {
    /// A stable, lowercase, English code (`unknown-profile`, `duplicate-login`, …).
    pub fn code(&self) -> &'static str {
        match self {
            LineErrorKind::BadEncoding { .. } => "bad-encoding",
            LineErrorKind::UnclosedQuote => "unclosed-quote",
            LineErrorKind::TextAfterQuote => "text-after-quote",
            LineErrorKind::FieldCount { .. } => "field-count",
            LineErrorKind::MissingValue { .. } => "missing-value",
            LineErrorKind::MissingLogin => "missing-login",
            LineErrorKind::UnknownProfile { .. } => "unknown-profile",
            LineErrorKind::LineBreak { .. } => "line-break",
            LineErrorKind::ControlCharacter { .. } => "control-character",
            LineErrorKind::InvisibleCharacter { .. } => "invisible-character",
            LineErrorKind::SpaceInLogin { .. } => "space-in-login",
            LineErrorKind::DuplicateLogin { .. } => "duplicate-login",
            LineErrorKind::DuplicateId { .. } => "duplicate-id",
            LineErrorKind::BadDate { .. } => "bad-date",
            LineErrorKind::BadBoolean { .. } => "bad-boolean",
            LineErrorKind::LoginTaken { .. } => "login-taken",
        }
    }

    /// What is wrong, as the administrator reads it. Columns keep the names the ENT's export
    /// gives them (« Prénom », « Alias de login »), in English too: they are what the file says.
    pub fn message(&self, lang: Lang) -> String {
        use LineErrorKind::*;
        match (self, lang) {
            (BadEncoding { detail }, Lang::Fr) => format!("encodage illisible : {}", detail.message(lang)),
            (BadEncoding { detail }, Lang::En) => format!("unreadable encoding: {}", detail.message(lang)),
            (UnclosedQuote, Lang::Fr) => {
                "guillemet ouvert jamais refermé : le reste du fichier serait un seul champ".into()
            }
            (UnclosedQuote, Lang::En) => {
                "a quote opened and never closed: the rest of the file would be one field".into()
            }
            (TextAfterQuote, Lang::Fr) => {
                "texte après un guillemet fermant (un champ entre guillemets doit finir au séparateur)".into()
            }
            (TextAfterQuote, Lang::En) => {
                "text after a closing quote (a quoted field must end at the separator)".into()
            }
            (FieldCount { found, expected }, Lang::Fr) => {
                format!("{found} champs au lieu de {expected} (vérifiez les séparateurs et les guillemets)")
            }
            (FieldCount { found, expected }, Lang::En) => {
                format!("{found} fields instead of {expected} (check the separators and the quotes)")
            }
            (MissingValue { column }, Lang::Fr) => format!("« {column} » manquant"),
            (MissingValue { column }, Lang::En) => format!("“{column}” missing"),
            (MissingLogin, Lang::Fr) => "identifiant manquant (ni « Login » ni « Alias de login »)".into(),
            (MissingLogin, Lang::En) => "login missing (neither “Login” nor “Alias de login”)".into(),
            (UnknownProfile { value }, Lang::Fr) => format!(
                "profil inconnu « {value} » (attendu : Élève, Enseignant, Parent, Personnel ou Invité)"
            ),
            (UnknownProfile { value }, Lang::En) => format!(
                "unknown profile “{value}” (expected: Élève, Enseignant, Parent, Personnel or Invité — \
                 or Student, Teacher, Relative, Guest)"
            ),
            (LineBreak { column }, Lang::Fr) => format!("retour à la ligne dans « {column} »"),
            (LineBreak { column }, Lang::En) => format!("line break in “{column}”"),
            (InvisibleCharacter { column, code }, Lang::Fr) => format!(
                "caractère invisible U+{code:04X} dans « {column} » : le texte s’afficherait comme un \
                 autre (retapez la cellule)"
            ),
            (InvisibleCharacter { column, code }, Lang::En) => format!(
                "invisible character U+{code:04X} in “{column}”: the text would display as another \
                 (type the cell again)"
            ),
            (ControlCharacter { column, code }, Lang::Fr) => {
                format!("caractère de contrôle invisible U+{code:04X} dans « {column} » (retapez la cellule)")
            }
            (ControlCharacter { column, code }, Lang::En) => {
                format!("invisible control character U+{code:04X} in “{column}” (type the cell again)")
            }
            (SpaceInLogin { login }, Lang::Fr) => format!("espace dans l’identifiant « {login} »"),
            (SpaceInLogin { login }, Lang::En) => format!("space in the login “{login}”"),
            (DuplicateLogin { login, first_line }, Lang::Fr) => {
                format!("identifiant « {login} » en double (déjà ligne {first_line})")
            }
            (DuplicateLogin { login, first_line }, Lang::En) => {
                format!("login “{login}” twice (already on line {first_line})")
            }
            (DuplicateId { id, first_line }, Lang::Fr) => {
                format!("Id « {id} » en double (déjà ligne {first_line})")
            }
            (DuplicateId { id, first_line }, Lang::En) => {
                format!("Id “{id}” twice (already on line {first_line})")
            }
            (BadDate { value }, Lang::Fr) => format!(
                "date de création illisible « {value} » (attendu JJ/MM/AAAA ou AAAA-MM-JJ, \
                 éventuellement suivie de HH:MM)"
            ),
            (BadDate { value }, Lang::En) => format!(
                "unreadable creation date “{value}” (expected DD/MM/YYYY or YYYY-MM-DD, \
                 optionally followed by HH:MM)"
            ),
            (BadBoolean { column, value }, Lang::Fr) => {
                format!("valeur illisible « {value} » pour « {column} » (attendu oui ou non)")
            }
            (BadBoolean { column, value }, Lang::En) => {
                format!("unreadable value “{value}” for “{column}” (expected oui or non, yes or no)")
            }
            (LoginTaken { login, holder }, Lang::Fr) => format!(
                "l’identifiant « {login} » est déjà celui de {holder} dans l’établissement \
                 (deux personnes ne peuvent pas se connecter avec le même identifiant)"
            ),
            (LoginTaken { login, holder }, Lang::En) => format!(
                "the login “{login}” is already that of {holder} in the school (two people \
                 cannot sign in with the same login)"
            ),
        }
    }
}

impl fmt::Display for LineErrorKind {
    /// The French message.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::Fr))
    }
}

/// One bad line. Displays as `ligne 12 (Zoé Dupré) : profil inconnu « Pupil » (…)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineError {
    /// Physical line in the file (1-based, the header is line 1), where the record starts or, for
    /// an encoding error, where the bad bytes are.
    pub line: usize,
    /// Whose line it is (« Zoé Dupré », or the login when the names are empty), when its cells
    /// can be read: a person is found in a file faster than a line number.
    pub person: Option<String>,
    /// The French explanation, as an administrator reads it.
    pub reason: String,
    pub kind: LineErrorKind,
}

impl LineError {
    pub fn new(line: usize, kind: LineErrorKind) -> LineError {
        LineError {
            line,
            person: None,
            reason: kind.to_string(),
            kind,
        }
    }

    /// The same error, naming whose line it is.
    pub fn with_person(self, person: Option<String>) -> LineError {
        LineError { person, ..self }
    }

    /// `ligne 12 (Zoé Dupré) : …` or `line 12 (Zoé Dupré): …`.
    pub fn message(&self, lang: Lang) -> String {
        line_message(self.line, self.person.as_deref(), &self.kind.message(lang), lang)
    }

    /// Stable form for scripts and logs: `line 12: unknown-profile`.
    pub fn machine(&self) -> String {
        format!("line {}: {}", self.line, self.kind.code())
    }
}

/// `ligne N (person) : text`, in `lang`; the person only when known.
pub fn line_message(line: usize, person: Option<&str>, text: &str, lang: Lang) -> String {
    match (person, lang) {
        (Some(person), Lang::Fr) => format!("ligne {line} ({person}) : {text}"),
        (None, Lang::Fr) => format!("ligne {line} : {text}"),
        (Some(person), Lang::En) => format!("line {line} ({person}): {text}"),
        (None, Lang::En) => format!("line {line}: {text}"),
    }
}

impl fmt::Display for LineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::Fr))
    }
}

/// What makes the whole file unreadable, before any account is looked at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case", rename_all_fields = "camelCase")]
pub enum FileError {
    /// No bytes, or only blank lines.
    #[serde(rename = "empty-file")]
    Empty,
    /// A UTF-16 byte order mark ("Texte Unicode" in Excel), which is not a CSV export.
    #[serde(rename = "utf16-file")]
    Utf16,
    /// The header lacks required columns (all of them are named).
    MissingColumns { line: usize, columns: Vec<Field> },
    /// Two header cells name the same column (positions are 1-based).
    DuplicateColumn {
        column: Field,
        first: usize,
        second: usize,
    },
    /// A header and nothing else.
    NoUsers,
}

impl FileError {
    /// A stable, lowercase, English code.
    pub fn code(&self) -> &'static str {
        match self {
            FileError::Empty => "empty-file",
            FileError::Utf16 => "utf16-file",
            FileError::MissingColumns { .. } => "missing-columns",
            FileError::DuplicateColumn { .. } => "duplicate-column",
            FileError::NoUsers => "no-users",
        }
    }

    /// What is wrong with the file, as the administrator reads it.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (FileError::Empty, Lang::Fr) => "le fichier est vide".into(),
            (FileError::Empty, Lang::En) => "the file is empty".into(),
            (FileError::Utf16, Lang::Fr) => {
                "le fichier est en UTF-16 (« Texte Unicode ») : enregistrez-le au \
                                             format « CSV UTF-8 » ou « CSV (séparateur : point-virgule) »"
                    .into()
            }
            (FileError::Utf16, Lang::En) => "the file is in UTF-16 (“Unicode Text”): save it as “CSV UTF-8” \
                                             or “CSV (semicolon delimited)”"
                .into(),
            (FileError::MissingColumns { line, columns }, Lang::Fr) => {
                let names: Vec<String> = columns.iter().map(|c| format!("« {c} »")).collect();
                let plural = if columns.len() > 1 { "s" } else { "" };
                format!(
                    "colonne{plural} obligatoire{plural} absente{plural} de l’en-tête (ligne {line}) : {} \
                     — la première ligne doit nommer les colonnes, séparées par des points-virgules",
                    names.join(", ")
                )
            }
            (FileError::MissingColumns { line, columns }, Lang::En) => {
                let names: Vec<String> = columns.iter().map(|c| format!("“{c}”")).collect();
                let plural = if columns.len() > 1 { "s" } else { "" };
                format!(
                    "required column{plural} missing from the header (line {line}): {} — the first \
                     line must name the columns, separated by semicolons",
                    names.join(", ")
                )
            }
            (
                FileError::DuplicateColumn {
                    column,
                    first,
                    second,
                },
                Lang::Fr,
            ) => format!(
                "la colonne « {column} » figure deux fois dans l’en-tête (colonnes {first} et {second})"
            ),
            (
                FileError::DuplicateColumn {
                    column,
                    first,
                    second,
                },
                Lang::En,
            ) => format!("the column “{column}” is twice in the header (columns {first} and {second})"),
            (FileError::NoUsers, Lang::Fr) => "le fichier ne contient aucun compte après l’en-tête".into(),
            (FileError::NoUsers, Lang::En) => "the file holds no account after the header".into(),
        }
    }
}

impl fmt::Display for FileError {
    /// The French message.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::Fr))
    }
}

/// Something worth telling the administrator that does not stop the import.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case", rename_all_fields = "camelCase")]
pub enum WarningKind {
    /// Header cells naming no column Sésame reads (as the file spells them).
    IgnoredColumns { columns: Vec<String> },
    /// An e-mail address that does not look like one.
    DoubtfulEmail { address: String },
    /// `Enfants` filled for an account that is not a relative's.
    ChildrenIgnored { profile: crate::model::Profile },
}

impl WarningKind {
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (WarningKind::IgnoredColumns { columns }, Lang::Fr) => {
                let names: Vec<String> = columns.iter().map(|n| format!("« {n} »")).collect();
                format!("colonnes ignorées : {}", names.join(", "))
            }
            (WarningKind::IgnoredColumns { columns }, Lang::En) => {
                let names: Vec<String> = columns.iter().map(|n| format!("“{n}”")).collect();
                format!("columns ignored: {}", names.join(", "))
            }
            (WarningKind::DoubtfulEmail { address }, Lang::Fr) => {
                format!("courriel « {address} » douteux : l’envoi par courriel risque d’échouer")
            }
            (WarningKind::DoubtfulEmail { address }, Lang::En) => {
                format!("doubtful e-mail address “{address}”: sending by e-mail may fail")
            }
            (WarningKind::ChildrenIgnored { profile }, Lang::Fr) => format!(
                "« Enfants » ignoré pour un compte {} (seul un parent a des enfants)",
                profile.label_fr()
            ),
            (WarningKind::ChildrenIgnored { profile }, Lang::En) => format!(
                "“Enfants” ignored for a {} account (only a relative has children)",
                crate::letter::profile_label(*profile, Lang::En)
            ),
        }
    }
}

/// Why nothing was imported: the file as a whole, or every bad line (all-or-nothing).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportError {
    File(FileError),
    /// Every bad line, in file order; never empty.
    Lines(Vec<LineError>),
}

impl ImportError {
    /// The stable form: `file: missing-columns`, or one `line N: code` per bad line.
    pub fn machine(&self) -> Vec<String> {
        match self {
            ImportError::File(e) => vec![format!("file: {}", e.code())],
            ImportError::Lines(lines) => lines.iter().map(LineError::machine).collect(),
        }
    }
}

impl From<FileError> for ImportError {
    fn from(e: FileError) -> Self {
        ImportError::File(e)
    }
}

impl fmt::Display for ImportError {
    /// The file error, or one bad line per line of text.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportError::File(e) => e.fmt(f),
            ImportError::Lines(lines) => {
                for (i, line) in lines.iter().enumerate() {
                    if i > 0 {
                        f.write_str("\n")?;
                    }
                    line.fmt(f)?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for ImportError {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::ImportMessage;

    #[test]
    fn line_errors_read_in_french_and_have_stable_codes() {
        let e = LineError::new(
            12,
            LineErrorKind::UnknownProfile {
                value: "Pupil".into(),
            },
        );
        assert_eq!(
            e.to_string(),
            "ligne 12 : profil inconnu « Pupil » (attendu : Élève, Enseignant, Parent, Personnel ou Invité)"
        );
        assert_eq!(e.machine(), "line 12: unknown-profile");
        let dup = LineError::new(
            9,
            LineErrorKind::DuplicateLogin {
                login: "zoe.dupre".into(),
                first_line: 3,
            },
        );
        assert_eq!(
            dup.to_string(),
            "ligne 9 : identifiant « zoe.dupre » en double (déjà ligne 3)"
        );
    }

    #[test]
    fn a_line_error_names_the_person_and_reads_in_english_too() {
        let e = LineError::new(
            12,
            LineErrorKind::UnknownProfile {
                value: "Pupil".into(),
            },
        )
        .with_person(Some("Zoé Dupré".into()));
        assert!(
            e.to_string()
                .starts_with("ligne 12 (Zoé Dupré) : profil inconnu « Pupil »"),
            "{e}"
        );
        assert!(
            e.message(Lang::En)
                .starts_with("line 12 (Zoé Dupré): unknown profile “Pupil” (expected: Élève"),
            "{}",
            e.message(Lang::En)
        );
        // The reason in French for every other reader; its data for the app to word.
        let message = ImportMessage::from(&e);
        assert_eq!(message.message, e.reason);
        assert_eq!(message.text(Lang::En), e.message(Lang::En));
        assert_eq!(message.text(Lang::Fr), e.to_string());
    }

    #[test]
    fn every_reason_has_its_own_words_in_each_language() {
        let kinds = [
            LineErrorKind::BadEncoding {
                detail: EncodingProblem::InvalidUtf8 { byte: 0xC9 },
            },
            LineErrorKind::UnclosedQuote,
            LineErrorKind::TextAfterQuote,
            LineErrorKind::FieldCount {
                found: 4,
                expected: 12,
            },
            LineErrorKind::MissingValue {
                column: Field::FirstName,
            },
            LineErrorKind::MissingLogin,
            LineErrorKind::UnknownProfile { value: "x".into() },
            LineErrorKind::LineBreak {
                column: Field::LastName,
            },
            LineErrorKind::ControlCharacter {
                column: Field::Email,
                code: 0x1b,
            },
            LineErrorKind::SpaceInLogin { login: "a b".into() },
            LineErrorKind::DuplicateLogin {
                login: "a".into(),
                first_line: 2,
            },
            LineErrorKind::DuplicateId {
                id: "u1".into(),
                first_line: 2,
            },
            LineErrorKind::BadDate { value: "x".into() },
            LineErrorKind::BadBoolean {
                column: Field::Blocked,
                value: "x".into(),
            },
            LineErrorKind::LoginTaken {
                login: "a".into(),
                holder: "Zoé Dupré".into(),
            },
        ];
        for kind in kinds {
            let (fr, en) = (kind.message(Lang::Fr), kind.message(Lang::En));
            assert_ne!(fr, en, "{} is not translated", kind.code());
            // One word for a login in French: « identifiant » (the ENT's column names aside).
            let without_columns = fr.replace("« Login »", "").replace("« Alias de login »", "");
            assert!(!without_columns.contains("login"), "{fr}");
            // The JSON the app reads: tagged with the stable code, and back.
            let json = serde_json::to_value(&kind).unwrap();
            assert_eq!(json["kind"], kind.code(), "{json}");
            assert_eq!(serde_json::from_value::<LineErrorKind>(json).unwrap(), kind);
        }
        let file = FileError::MissingColumns {
            line: 1,
            columns: vec![Field::Login],
        };
        assert!(file
            .message(Lang::En)
            .starts_with("required column missing from the header (line 1): “Login”"));
        assert_eq!(serde_json::to_value(&file).unwrap()["kind"], file.code());
        assert_eq!(
            serde_json::to_value(FileError::Empty).unwrap()["kind"],
            "empty-file"
        );
    }

    #[test]
    fn import_error_lists_every_line() {
        let err = ImportError::Lines(vec![
            LineError::new(2, LineErrorKind::MissingLogin),
            LineError::new(
                5,
                LineErrorKind::BadDate {
                    value: "31/02/2025".into(),
                },
            ),
        ]);
        let text = err.to_string();
        assert_eq!(text.lines().count(), 2);
        assert!(text.starts_with("ligne 2 : identifiant manquant"));
        assert_eq!(err.machine(), ["line 2: missing-login", "line 5: bad-date"]);
    }

    #[test]
    fn missing_columns_are_named_with_plural_agreement() {
        let one = FileError::MissingColumns {
            line: 1,
            columns: vec![Field::Login],
        };
        assert!(one
            .to_string()
            .starts_with("colonne obligatoire absente de l’en-tête (ligne 1) : « Login »"));
        let two = FileError::MissingColumns {
            line: 1,
            columns: vec![Field::Type, Field::FirstName],
        };
        assert!(two
            .to_string()
            .starts_with("colonnes obligatoires absentes de l’en-tête (ligne 1) : « Type », « Prénom »"));
    }
}
