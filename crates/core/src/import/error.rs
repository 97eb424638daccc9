//! What can be wrong with an import, in French for the administrator and as stable codes for
//! scripts and tests: a bad line (all of them are reported at once) or the whole file.

use std::fmt;

use super::header::Field;

/// What is wrong with one line. The French sentence is [`LineError::reason`]; [`Self::code`] is
/// the stable, machine-friendly name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LineErrorKind {
    /// Bytes that are neither UTF-8 nor Windows-1252 consistent with the rest of the file.
    BadEncoding {
        detail: String,
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
    /// ([`crate::invisible`]): a name or a login would display as another.
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
}

impl fmt::Display for LineErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LineErrorKind::BadEncoding { detail } => write!(f, "encodage illisible : {detail}"),
            LineErrorKind::UnclosedQuote => {
                f.write_str("guillemet ouvert jamais refermé : le reste du fichier serait un seul champ")
            }
            LineErrorKind::TextAfterQuote => f.write_str(
                "texte après un guillemet fermant (un champ entre guillemets doit finir au séparateur)",
            ),
            LineErrorKind::FieldCount { found, expected } => write!(
                f,
                "{found} champs au lieu de {expected} (vérifiez les séparateurs et les guillemets)"
            ),
            LineErrorKind::MissingValue { column } => write!(f, "« {column} » manquant"),
            LineErrorKind::MissingLogin => f.write_str("login manquant (ni « Login » ni « Alias de login »)"),
            LineErrorKind::UnknownProfile { value } => write!(
                f,
                "profil inconnu « {value} » (attendu : Élève, Enseignant, Parent, Personnel ou Invité)"
            ),
            LineErrorKind::LineBreak { column } => write!(f, "retour à la ligne dans « {column} »"),
            LineErrorKind::ControlCharacter { column, code } => write!(
                f,
                "caractère de contrôle invisible U+{code:04X} dans « {column} » (retapez la cellule)"
            ),
            LineErrorKind::InvisibleCharacter { column, code } => write!(
                f,
                "caractère invisible U+{code:04X} dans « {column} » : le texte s'afficherait comme \
                 un autre (retapez la cellule)"
            ),
            LineErrorKind::SpaceInLogin { login } => write!(f, "espace dans le login « {login} »"),
            LineErrorKind::DuplicateLogin { login, first_line } => {
                write!(f, "login « {login} » en double (déjà ligne {first_line})")
            }
            LineErrorKind::DuplicateId { id, first_line } => {
                write!(f, "Id « {id} » en double (déjà ligne {first_line})")
            }
            LineErrorKind::BadDate { value } => write!(
                f,
                "date de création illisible « {value} » (attendu JJ/MM/AAAA ou AAAA-MM-JJ, \
                 éventuellement suivie de HH:MM)"
            ),
            LineErrorKind::BadBoolean { column, value } => {
                write!(
                    f,
                    "valeur illisible « {value} » pour « {column} » (attendu oui ou non)"
                )
            }
            LineErrorKind::LoginTaken { login, holder } => write!(
                f,
                "l’identifiant « {login} » est déjà celui de {holder} dans l’établissement \
                 (deux personnes ne peuvent pas se connecter avec le même identifiant)"
            ),
        }
    }
}

/// One bad line. Displays as `ligne 12 : profil inconnu « Pupil » (…)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineError {
    /// Physical line in the file (1-based, the header is line 1), where the record starts or, for
    /// an encoding error, where the bad bytes are.
    pub line: usize,
    /// The French explanation, as an administrator reads it.
    pub reason: String,
    pub kind: LineErrorKind,
}

impl LineError {
    pub fn new(line: usize, kind: LineErrorKind) -> LineError {
        LineError {
            line,
            reason: kind.to_string(),
            kind,
        }
    }

    /// Stable form for scripts and logs: `line 12: unknown-profile`.
    pub fn machine(&self) -> String {
        format!("line {}: {}", self.line, self.kind.code())
    }
}

impl fmt::Display for LineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ligne {} : {}", self.line, self.reason)
    }
}

/// What makes the whole file unreadable, before any account is looked at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileError {
    /// No bytes, or only blank lines.
    Empty,
    /// A UTF-16 byte order mark ("Texte Unicode" in Excel), which is not a CSV export.
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
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FileError::Empty => f.write_str("le fichier est vide"),
            FileError::Utf16 => f.write_str(
                "le fichier est en UTF-16 (« Texte Unicode ») : enregistrez-le au format \
                 « CSV UTF-8 » ou « CSV (séparateur : point-virgule) »",
            ),
            FileError::MissingColumns { line, columns } => {
                let names: Vec<String> = columns.iter().map(|c| format!("« {c} »")).collect();
                let plural = if columns.len() > 1 { "s" } else { "" };
                write!(
                    f,
                    "colonne{plural} obligatoire{plural} absente{plural} de l’en-tête (ligne {line}) : {} \
                     — la première ligne doit nommer les colonnes, séparées par des points-virgules",
                    names.join(", ")
                )
            }
            FileError::DuplicateColumn {
                column,
                first,
                second,
            } => write!(
                f,
                "la colonne « {column} » figure deux fois dans l’en-tête (colonnes {first} et {second})"
            ),
            FileError::NoUsers => f.write_str("le fichier ne contient aucun compte après l’en-tête"),
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
            "ligne 9 : login « zoe.dupre » en double (déjà ligne 3)"
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
        assert!(text.starts_with("ligne 2 : login manquant"));
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
