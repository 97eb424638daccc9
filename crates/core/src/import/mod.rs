//! The ENT's CSV export read into accounts: pure parsing, no I/O, all-or-nothing.
//!
//! The server calls [`parse_csv`] and writes the accounts in one transaction; if any line is bad,
//! no account is returned, and every bad line is reported at once as `ligne N (Prénom Nom) :
//! raison` (the physical line where the record starts, the header being line 1, and whose line it
//! is when its cells can be read), so the administrator fixes the file in one go.
//!
//! # Format (ARCHITECTURE.md, « Interfaces kept stable »)
//!
//! - **Encoding**: UTF-8, with or without BOM, or Windows-1252 (French Excel's "CSV"). Detected,
//!   never asked: valid UTF-8 is UTF-8, anything else Windows-1252; a line that fits neither the
//!   file's encoding nor Windows-1252 is reported as a bad line (module `decode`).
//! - **Separator**: `;` (the ENT's export). A file whose header reads as column names with `,`
//!   or tabs instead is read with that separator.
//! - **Quoting**: RFC 4180. `"…"` fields may hold separators, `""` (one quote) and line breaks;
//!   lines end with CRLF or LF. Blank lines are skipped.
//! - **Header** (first line): columns in any order, matched by name ignoring case, accents and
//!   punctuation. Required: `Type`, `Nom`, `Prénom`, `Login`. Optional: `Id`, `Alias de login`,
//!   `Code d'activation`, `Courriel` (or `Email`, `E-mail`), `Date de création`, `Bloqué`,
//!   `Administrateur local`, `Classes`, `Enfants`. Other columns are ignored, with a warning.
//! - **Type**: Élève, Enseignant, Parent, Personnel, Invité; Student, Teacher, Relative,
//!   Personnel, Guest; the ENT codes ELEVE, ENSEIGNANT, PERSRELELEVE, PERSEDUCNAT (→ Personnel).
//! - **Login**: the `Alias de login` when not empty, else `Login`; unique in the file (ignoring
//!   case). `Id`, when given, is unique too. When an alias is used, the `Login` cell is kept
//!   beside it ([`ImportedUser::ent_login`]).
//! - **Code d'activation**: empty means the account is already activated.
//! - **Date de création**: `JJ/MM/AAAA` or `AAAA-MM-JJ`, optionally followed by `HH:MM[:SS]`,
//!   on the school's clock ([`SchoolTimeZone`]).
//! - **Bloqué**, **Administrateur local**: `oui`/`non`, `vrai`/`faux`, `true`/`false`,
//!   `yes`/`no`, `1`/`0`; empty is `non`.
//! - **Classes**: class names separated by commas (or line breaks, or `;` inside quotes).
//! - **Enfants** (relatives only): `Prénom Nom (Classe), …`, each child matched by name with the
//!   file's pupils (either name order) for exact names and class (module `children`).
//! - Names are trimmed and put in Unicode NFC, otherwise kept exactly as written.
//!
//! ```text
//! Type;Nom;Prénom;Login;Alias de login;Code d'activation;Courriel;Classes;Enfants
//! Élève;Dupré;Zoé;zoe.dupre;;AB12CD34;;CM2 A;
//! Parent;Dupré;Marc;marc.dupre;papa.zoe;;marc.dupre@example.fr;;Zoé Dupré (CM2 A)
//! ```

mod checks;
mod children;
mod date;
mod decode;
mod error;
mod field;
mod file_name;
mod header;
pub mod plan;
mod reader;
mod record;
pub mod sample;
mod values;

use std::collections::BTreeMap;
use std::fmt;

use chrono::{DateTime, Utc};

pub use decode::SourceEncoding;
pub use error::{
    line_message, EncodingProblem, FileError, ImportError, LineError, LineErrorKind, WarningKind,
};
pub use field::Field;
pub use file_name::{clean_file_name, MAX_FILE_NAME_CHARS};
pub use plan::{login_key, plan, refused, summary, OtherAccount, Plan, Target, Update, LISTED};
pub use sample::{is_required, sample_csv, COLUMNS, SAMPLE_FILE_NAME};

use crate::lang::Lang;
use crate::model::{ChildRef, Profile};
use crate::timezone::SchoolTimeZone;
use checks::Uniqueness;
use header::Header;
use reader::Reader;

/// One account read from the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedUser {
    /// Physical line where the account's record starts (1-based; the header is line 1).
    pub line: usize,
    /// The `Id` column, when present and not empty.
    pub id: Option<String>,
    pub profile: Profile,
    pub last_name: String,
    pub first_name: String,
    /// `Alias de login` when not empty, else `Login`.
    pub login: String,
    /// The `Login` cell when an alias replaced it in [`login`](Self::login) (and differs from
    /// it), else `None`. Kept so that the server recognises an account by either of its logins
    /// (a central administrator's own account must be hidden from local administrators whichever
    /// one matches).
    pub ent_login: Option<String>,
    /// `None` when the account is already activated (empty cell).
    pub activation_code: Option<String>,
    /// Trimmed; `None` when empty.
    pub email: Option<String>,
    /// From `Date de création`, read on the school's clock.
    pub created_at: Option<DateTime<Utc>>,
    pub blocked: bool,
    pub local_admin: bool,
    /// Class names, trimmed, without empties or repeats, in the file's order.
    pub classes: Vec<String>,
    /// Relatives only.
    pub children: Vec<ChildRef>,
}

/// Something worth telling the administrator that does not stop the import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// The line concerned, if it is about one.
    pub line: Option<usize>,
    /// In French.
    pub message: String,
    pub kind: WarningKind,
}

impl Warning {
    fn at(line: usize, kind: WarningKind) -> Warning {
        Warning {
            line: Some(line),
            message: kind.message(Lang::Fr),
            kind,
        }
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "ligne {line} : {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

/// A file read without errors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportReport {
    /// Every account, in file order.
    pub users: Vec<ImportedUser>,
    /// Ignored columns, ignored children, doubtful addresses; in file order.
    pub warnings: Vec<Warning>,
    /// How the bytes were read.
    pub encoding: SourceEncoding,
    /// The separator found in the header (`;`, `,` or tab).
    pub delimiter: char,
}

/// Reads an ENT export. All-or-nothing: any bad line makes it return every bad line and no account.
pub fn parse_csv(bytes: &[u8], time_zone: SchoolTimeZone) -> Result<ImportReport, ImportError> {
    let decoded = decode::decode(bytes)?;
    let text: &str = &decoded.text;
    let delimiter = header::detect_delimiter(text);
    let bad_lines: BTreeMap<usize, EncodingProblem> = decoded.bad_lines.iter().copied().collect();
    let spans_bad_line = |first: usize, last: usize| bad_lines.range(first..=last).next().is_some();

    let mut records = Reader::new(text, delimiter).filter(|r| !matches!(r, Ok(record) if record.is_blank()));
    let mut errors: Vec<LineError> = Vec::new();
    let header = match records.next() {
        None => return Err(FileError::Empty.into()),
        Some(Err(e)) => return Err(ImportError::Lines(vec![e])),
        Some(Ok(record)) => Header::resolve(&record)?,
    };
    let mut warnings = Vec::new();
    if !header.ignored.is_empty() {
        warnings.push(Warning::at(
            header.line,
            WarningKind::IgnoredColumns {
                columns: header.ignored.iter().map(|n| n.to_string()).collect(),
            },
        ));
    }

    let mut parsed = Vec::new();
    let mut uniqueness = Uniqueness::default();
    for record in records {
        let record = match record {
            Ok(record) => record,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        if spans_bad_line(record.line, record.end_line) {
            // Reported below, once per bad line; its cells would only add noise.
            continue;
        }
        match record::read(&header, &record, time_zone, &mut warnings) {
            Ok(p) => {
                let person = record::person(&header, &record);
                let repeats = uniqueness.check(p.user.line, &p.user.login, p.user.id.as_deref());
                errors.extend(repeats.into_iter().map(|e| e.with_person(person.clone())));
                parsed.push(p);
            }
            Err(line_errors) => {
                // A line with other problems still takes its login and Id, so a repeat of them
                // is reported too, unless its cells are misaligned (then whose line it is cannot
                // be read either).
                let misaligned = line_errors
                    .iter()
                    .any(|e| matches!(e.kind, LineErrorKind::FieldCount { .. }));
                let person = (!misaligned).then(|| record::person(&header, &record)).flatten();
                errors.extend(line_errors.into_iter().map(|e| e.with_person(person.clone())));
                if !misaligned {
                    let (login, id) = record::identity(&header, &record);
                    let repeats = uniqueness.check(record.line, &login, id.as_deref());
                    errors.extend(repeats.into_iter().map(|e| e.with_person(person.clone())));
                }
            }
        }
    }
    errors.extend(
        bad_lines
            .iter()
            .map(|(&n, why)| LineError::new(n, LineErrorKind::BadEncoding { detail: *why })),
    );
    if !errors.is_empty() {
        // Stable: a line's own errors stay in column order.
        errors.sort_by_key(|e| e.line);
        return Err(ImportError::Lines(errors));
    }
    if parsed.is_empty() {
        return Err(FileError::NoUsers.into());
    }

    // Children are matched once every pupil is known: a relative may come before their child.
    let pupils = children::Pupils::new(parsed.iter().map(|p| &p.user));
    let resolved: Vec<Vec<ChildRef>> = parsed
        .iter()
        .map(|p| p.children.iter().map(|c| pupils.child(c)).collect())
        .collect();
    let users = parsed
        .into_iter()
        .zip(resolved)
        .map(|(p, children)| ImportedUser { children, ..p.user })
        .collect();
    warnings.sort_by_key(|w| w.line);
    Ok(ImportReport {
        users,
        warnings,
        encoding: decoded.encoding,
        delimiter: char::from(delimiter),
    })
}
